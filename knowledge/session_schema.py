"""Every field of a saved session, checked before anything is applied.

A session file is read in three steps: ``migrate`` brings an older ``schema_version`` up to
the current one (one step per version, as Orange's ``migrate_settings`` does), then
``check_session`` validates every field of every panel. A file that is not a session at all
(wrong format, wrong top-level types) is refused with one message. A single bad answer or
panel value (an unknown question, a Q-learning seed of 10^30, a NaN slider) is *dropped*
and named in ``problems``, so the caller can apply the rest and say what was left out:
the result is always complete and valid, never half-checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from sagewise.knowledge.errors import KnowledgeError

SCHEMA_VERSION = 2
FORMAT = "sagewise-session"
MAX_TEXT = 20_000          # characters of a description or a layout
MAX_FIELD_TEXT = 200       # characters of one calculator field


# ---------------------------------------------------------------- migration

def _v1_to_v2(data: dict) -> dict:
    """Version 2 stores each sizing result with the algorithm it was computed for
    (``sizing``); a version-1 file had none, so its record shows no sizing."""
    data = dict(data)
    data.setdefault("sizing", [])
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}
"""``MIGRATIONS[v]`` turns a version-``v`` session into version ``v + 1``."""


def migrate(data: dict, name: str = "session") -> dict:
    """Apply one step per version up to SCHEMA_VERSION (a newer file is refused)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KnowledgeError(f"{name}: missing or invalid schema_version")
    if version > SCHEMA_VERSION:
        raise KnowledgeError(f"{name}: saved by a newer SageWise (schema {version}; this "
                             f"version reads up to {SCHEMA_VERSION}). Nothing was changed.")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


# ---------------------------------------------------------------- field rules

@dataclass
class Checked:
    """A validated panel state and what was dropped from it."""

    value: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _plain(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"


def _number(lo: float, hi: float, integer: bool = False):
    """A JSON number in [lo, hi] (whole when ``integer``); bools are not numbers."""
    def rule(v):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return "must be a number"
        if integer and not isinstance(v, int) and not (math.isfinite(v) and v.is_integer()):
            return "must be a whole number"
        if not math.isfinite(v) or not lo <= v <= hi:
            return f"must be from {_plain(lo)} to {_plain(hi)}"
        return None
    return rule


def _one_of(values: Callable[[], object] | tuple):
    def rule(v):
        allowed = values() if callable(values) else values
        if not isinstance(v, str) or v not in allowed:
            return f"must be one of {', '.join(repr(a) for a in list(allowed)[:12])}"
        return None
    return rule


def _boolean(v):
    return None if isinstance(v, bool) else "must be true or false"


def _field_text(v):
    if not isinstance(v, str):
        return "must be text"
    if len(v) > MAX_FIELD_TEXT:
        return f"is longer than {MAX_FIELD_TEXT} characters"
    return None


def _layout(v):
    from sagewise.knowledge.errors import InputError
    from sagewise.knowledge.sim.gridworld import parse_layout

    if not isinstance(v, str) or len(v) > MAX_TEXT:
        return "must be a grid layout (JSON text)"
    try:
        parse_layout(v, "saved layout")
    except (InputError, RecursionError, ValueError) as exc:
        return f"is not a valid grid layout ({getattr(exc, 'detail', exc)})"
    return None


def _check(state: object, rules: dict, where: str) -> Checked:
    """Keep the fields whose rule passes; name every other one."""
    out = Checked()
    if not isinstance(state, dict):
        out.problems.append(f"{where}: must be an object; its settings were ignored")
        return out
    for key, value in state.items():
        rule = rules.get(key)
        if rule is None:
            out.problems.append(f"{where}.{key}: unknown setting, ignored")
            continue
        why = rule(value)
        if why:
            out.problems.append(f"{where}.{key} = {_short(value)}: {why}; ignored")
        else:
            out.value[key] = value
    return out


# ---------------------------------------------------------------- panels

def _algorithm_ids() -> set[str]:
    from sagewise.knowledge.catalog import load_catalog

    return set(load_catalog().algorithms)


def _presets() -> set[str]:
    from sagewise.knowledge.sim.gridworld import load_presets

    return set(load_presets())


def _kmeans_kinds() -> set[str]:
    from sagewise.knowledge.sim.datasets import KINDS

    return set(KINDS)


def _algorithm_modes() -> set[str]:
    from sagewise.knowledge.catalog import load_catalog

    return {""} | {m.mode for a in load_catalog().algorithms.values()
                   for m in a.instances.modes}


def _kmeans_modes() -> set[str]:
    from sagewise.knowledge.sim.kmeans_run import MODES

    return set(MODES)


T, C, B = _field_text, _one_of, _boolean
SIZING_FIELDS: dict[str, dict[str, Callable]] = {
    "KinesisPage": {"record_kb": T, "write_mb_per_second": T, "records_per_second": T,
                    "consumers": T, "efo_consumers": T, "headroom_pct": T,
                    "mode": C(("provisioned", "on-demand")), "round_record_up": B},
    "SpicePage": {"edition": C(("standard", "enterprise")), "rows": T, "size_gb": T,
                  "columns": T, "longest_column_name": T, "longest_field": T,
                  "manifest_files": T},
    "ScalingPage": {"base_lr": T, "base_batch": T, "per_device_batch": T, "devices": T,
                    "instances": T, "new_batch": T, "rule": C(("linear", "sqrt", "none")),
                    "optimizer": C(("sgd", "adam")), "warmup_epochs": T, "epochs": T,
                    "algorithm": C(lambda: _algorithm_ids() | {""}), "sequence_length": T},
    "InstancesPage": {"algorithm": C(_algorithm_ids),
                      "phase": C(("training", "inference", "transform")), "dataset_gb": T,
                      "gpu": C(("allow", "require", "forbid")),
                      "mode": C(("", "File", "Pipe", "FastFile")),
                      "algorithm_mode": C(_algorithm_modes),
                      "hours": T, "max_price": T,
                      "priority": C(("balanced", "latency", "throughput")),
                      "prices": lambda v: _prices(v)},
    "EndpointPage": {"max_rps": T, "safety_factor": T, "peak_rps": T, "per_minute": B},
    "HyperparamsPage": {"unique_entities": T, "anomaly_pct": T, "negatives": T,
                        "positives": T},
    "ElbowPage": {"points": T, "clusters": T, "k_max": T, "seed": T},
}
for _fields in SIZING_FIELDS.values():   # the fields the user typed or picked (kept theirs)
    _fields["user_set"] = lambda v, _f=_fields: (
        None if isinstance(v, list) and all(isinstance(n, str) and n in _f for n in v)
        else "must list the page's field names")
    # fields filled from elsewhere (the wizard, Size it), each with why
    _fields["from_elsewhere"] = lambda v, _f=_fields: (
        None if isinstance(v, dict) and all(isinstance(n, str) and n in _f and
                                            isinstance(w, str) and len(w) <= 500
                                            for n, w in v.items())
        else "must map the page's field names to a reason")
"""Each calculator's inputs: number fields keep the text the user typed (the page shows
its own error for text that is not a number); choices must be one of the page's values."""

QLEARNING_FIELDS: dict[str, Callable] = {
    "preset": C(_presets), "world": _layout,
    "agent": C(("qlearning", "sarsa", "expected-sarsa", "both", "all")),
    "mode": C(("learn", "plan")), "method": C(("value-iteration", "policy-iteration")),
    "alpha": _number(0, 1), "gamma": _number(0, 1), "epsilon": _number(0, 1),
    "decay": _number(0.9, 1), "seed": _number(0, 1_000_000, integer=True),
}
KMEANS_FIELDS: dict[str, Callable] = {
    "dataset": C(_kmeans_kinds), "points": _number(10, 1_000_000, integer=True),
    "clusters": _number(1, 20, integer=True), "data_seed": _number(0, 1_000_000, True),
    "scale": B, "k": _number(1, 20, integer=True), "init": C(("kmeans++", "random")),
    "mode": C(_kmeans_modes), "extra_center_factor": _number(1, 20, integer=True),
    "mini_batch_size": _number(10, 100_000, integer=True),
    "batches": _number(1, 1000, integer=True), "seed": _number(0, 1_000_000, integer=True),
    "half_life_time_size": _number(0, 10_000_000, integer=True),
}
"""The demo settings and the ranges of the controls that show them."""


def _prices(v) -> str | None:
    if not isinstance(v, dict):
        return "must map instance types to prices"
    for itype, price in v.items():
        if not isinstance(itype, str) or _number(1e-9, 1e6)(price):
            return f"price for {_short(itype)} must be a positive number up to 1e6"
    return None


def check_sizing(state: object) -> Checked:
    """The calculators' inputs (and which ones the user looked at)."""
    out = Checked()
    if not isinstance(state, dict):
        out.problems.append("sizing: must be an object; ignored")
        return out
    for name, page_state in state.items():
        if name == "visited":
            if isinstance(page_state, list) and all(v in SIZING_FIELDS for v in page_state):
                out.value["visited"] = list(page_state)
            else:
                out.problems.append("sizing.visited: must list calculator names; ignored")
        elif name in SIZING_FIELDS:
            c = _check(page_state, SIZING_FIELDS[name], f"sizing.{name}")
            out.value[name], out.problems = c.value, out.problems + c.problems
        else:
            out.problems.append(f"sizing.{name}: unknown calculator, ignored")
    return out


def check_demos(state: object) -> Checked:
    """Q-learning and k-means demo settings."""
    out = Checked()
    if not isinstance(state, dict):
        out.problems.append("demos: must be an object; ignored")
        return out
    for name, rules in (("qlearning", QLEARNING_FIELDS), ("kmeans", KMEANS_FIELDS)):
        if name in state:
            c = _check(state[name], rules, f"demos.{name}")
            out.value[name], out.problems = c.value, out.problems + c.problems
    for name in state:
        if name not in ("qlearning", "kmeans"):
            out.problems.append(f"demos.{name}: unknown demo, ignored")
    return out


def _text_up_to(limit: int):
    def rule(v):
        if not isinstance(v, str):
            return "must be text"
        return f"is longer than {limit:,} characters" if len(v) > limit else None
    return rule


def _str_map(v):
    if not isinstance(v, dict) or not all(isinstance(a, str) and isinstance(b, str)
                                          for a, b in v.items()):
        return "must be an object of question: answer"
    return None


def _str_list(v):
    if not isinstance(v, list) or not all(isinstance(a, str) for a in v):
        return "must be a list of question ids"
    return None


EXPORT_FIELDS = {
    **{k: _field_text for k in ("algorithm", "region", "instance_type", "input_mode",
                                 "content_type", "role_arn", "s3_input", "s3_output",
                                 "tuning", "kind", "model_name", "endpoint_instance",
                                 "output_s3", "s3_validation", "s3_test", "problem_type",
                                 "subnets", "security_groups", "kms_key_id")},
    **{k: lambda v: None if isinstance(v, bool) else "must be true or false"
       for k in ("vpc", "kms", "network_isolation", "inter_container_encryption",
                 "managed_spot")},
    "hyperparameters": _text_up_to(MAX_TEXT),
    "instance_count": _number(1, 1000, integer=True),
    "max_jobs": _number(0, 10_000, integer=True),          # 0: the default
    "max_parallel_jobs": _number(0, 10_000, integer=True),
    "memory_mb": _number(1, 1_000_000, integer=True),
    "max_concurrency": _number(1, 100_000, integer=True),
}


def check_pipeline(state: object) -> Checked:
    """The Pipeline page: description, its own answers, skipped questions, export fields."""
    rules = {"description": _text_up_to(MAX_TEXT), "answers": _str_map, "suggested": _str_map,
             "skipped": _str_list, "export": lambda v: None if isinstance(v, dict)
             else "must be an object"}
    out = _check(state, rules, "pipeline")
    if "export" in out.value:
        export = _check(out.value["export"], EXPORT_FIELDS, "pipeline.export")
        out.value["export"], out.problems = export.value, out.problems + export.problems
    return out


def check_data(state: object) -> Checked:
    """The Data page: which file, the chosen columns and algorithm, and the computed
    summary (its inner structure is checked by the page before it is shown)."""
    rules = {"path": _text_up_to(4096), "target": _field_text, "time_column": _field_text,
             "algorithm": _field_text, "athena_table": _field_text,
             "summary": lambda v: None if v is None or isinstance(v, dict)
             else "must be an object"}
    return _check(state, rules, "data")


def check_answers(answers: dict, where: str) -> Checked:
    """Question -> answer pairs that exist in the decision graph."""
    from sagewise.knowledge.decision import load_decision

    dd = load_decision()
    out = Checked()
    for q, a in answers.items():
        if q not in dd.questions:
            out.problems.append(f"{where}: unknown question {_short(q)}, ignored")
        elif a not in dd.questions[q].answer_ids:
            out.problems.append(f"{where}.{q} = {_short(a)}: not an answer to this "
                                "question; ignored")
        else:
            out.value[q] = a
    return out


def check_sizing_results(results: object) -> Checked:
    """Computed sizing results: [{calculator, title, algorithm, markdown}]."""
    out = Checked(value={"list": []})
    if not isinstance(results, list):
        out.problems.append("sizing results: must be a list; ignored")
        return out
    for i, r in enumerate(results):
        ok = (isinstance(r, dict) and r.get("calculator") in SIZING_FIELDS
              and all(isinstance(r.get(k), str) for k in ("title", "algorithm", "markdown"))
              and len(r["markdown"]) <= 1_000_000)
        if ok:
            entry = {k: r[k] for k in ("calculator", "title", "algorithm", "markdown")}
            inputs = r.get("inputs")
            if _input_sources_ok(inputs):
                entry["inputs"] = {k: list(inputs.get(k, [])) for k in INPUT_SOURCES}
            elif inputs is not None:
                out.problems.append(f"sizing result {i + 1}: inputs must list entered, "
                                    "from_elsewhere and examples; left out")
            out.value["list"].append(entry)
        else:
            out.problems.append(f"sizing result {i + 1}: not a calculator result; ignored")
    return out


INPUT_SOURCES = ("entered", "from_elsewhere", "examples")
"""Where a sizing result's inputs came from: typed by the user, filled from elsewhere
(with why), or left at the calculator's example values."""


def _input_sources_ok(inputs: object) -> bool:
    return isinstance(inputs, dict) and set(inputs) <= set(INPUT_SOURCES) and all(
        isinstance(v, list) and len(v) <= 100 and all(isinstance(x, str) and len(x) <= 500
                                                      for x in v)
        for v in inputs.values())


# ---------------------------------------------------------------- the whole session

def _text(data: dict, key: str, name: str, limit: int = MAX_TEXT) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise KnowledgeError(f"{name}: field '{key}' must be text")
    if len(value) > limit:
        raise KnowledgeError(f"{name}: field '{key}' is longer than {limit:,} characters")
    return value


def check_session(data: object, name: str = "session") -> tuple[dict, list[str]]:
    """Migrate and validate; return the clean session fields and what was dropped.

    Raises KnowledgeError (nothing usable) when the data is not a session at all or a
    top-level field has the wrong type.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KnowledgeError(f"{name}: not a SageWise session file")
    data = migrate(data, name)
    clean: dict = {"description": _text(data, "description", name),
                   "chosen": _text(data, "chosen", name, 100),
                   "created": str(data.get("created", ""))[:40],
                   "saved": str(data.get("saved", ""))[:40]}
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in answers.items()):
        raise KnowledgeError(f"{name}: field 'answers' must map questions to answers")
    skipped = data.get("skipped", [])
    if not isinstance(skipped, list) or not all(isinstance(q, str) for q in skipped):
        raise KnowledgeError(f"{name}: field 'skipped' must be a list of question ids")
    panels = data.get("panels", {})
    if not isinstance(panels, dict) or not all(isinstance(v, dict) for v in panels.values()):
        raise KnowledgeError(f"{name}: field 'panels' must be an object of objects")

    from sagewise.knowledge.catalog import load_catalog
    from sagewise.knowledge.decision import load_decision

    problems: list[str] = []
    a = check_answers(answers, "answers")
    clean["answers"], problems = a.value, problems + a.problems
    questions = load_decision().questions
    clean["skipped"] = [q for q in dict.fromkeys(skipped) if q in questions]
    problems += [f"skipped: unknown question {_short(q)}, ignored"
                 for q in skipped if q not in questions]
    if clean["chosen"] and clean["chosen"] not in load_catalog():
        problems.append(f"chosen = {_short(clean['chosen'])}: not an algorithm or service; "
                        "ignored")
        clean["chosen"] = ""
    out_panels: dict[str, dict] = {}
    wizard = panels.get("wizard", {})
    suggested = wizard.get("suggested", {})
    if isinstance(suggested, dict):
        s = check_answers({k: v for k, v in suggested.items() if isinstance(v, str)},
                          "wizard.suggested")
        out_panels["wizard"] = {"suggested": s.value}
        problems += s.problems
        problems += [f"wizard.suggested.{k}: must be an answer id; ignored"
                     for k, v in suggested.items() if not isinstance(v, str)]
    else:
        out_panels["wizard"] = {"suggested": {}}
        problems.append("wizard.suggested: must be an object; ignored")
    if "suggested_from" in wizard:
        bad = _text_up_to(MAX_TEXT)(wizard["suggested_from"])
        if bad:
            problems.append(f"wizard.suggested_from: {bad}; ignored")
        else:
            out_panels["wizard"]["suggested_from"] = wizard["suggested_from"]
    problems += [f"wizard.{k}: unknown setting, ignored" for k in wizard
                 if k not in ("suggested", "suggested_from")]
    for key, checker in (("sizing", check_sizing), ("demos", check_demos),
                         ("pipeline", check_pipeline), ("data", check_data)):
        if key in panels:
            c = checker(panels[key])
            out_panels[key], problems = c.value, problems + c.problems
    problems += [f"panels.{k}: unknown panel, ignored" for k in panels
                 if k not in ("wizard", "sizing", "demos", "pipeline", "data")]
    clean["panels"] = out_panels
    r = check_sizing_results(data.get("sizing", []))
    clean["sizing"], problems = r.value["list"], problems + r.problems
    return clean, problems
