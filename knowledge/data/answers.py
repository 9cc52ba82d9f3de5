"""Wizard answers suggested by a profile, each with the evidence behind it.

Question and answer ids are those of ``resources/decision_graph.toml`` (checked by a
test). With a target chosen, the route comes first (task: classify, regress or forecast,
and the kind of data: a table row or a text), so the wizard's preview ranks the right
family; then data_size, sparse, categorical, labels, label_kind, class_balance and
series_count, each kept only where the wizard asks it for that task. They are
suggestions: the wizard shows them for the user to confirm.
"""

from __future__ import annotations

from sagewise.knowledge.data.profile import Profile
from sagewise.knowledge.data.settings import DataSettings, data_settings
from sagewise.knowledge.data.target import TargetInfo, TimeInfo


def wizard_answers(prof: Profile, target: TargetInfo | None = None,
                   time: TimeInfo | None = None,
                   s: DataSettings | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(answers, evidence): question id -> answer id, and question id -> why."""
    s = s or data_settings()
    a: dict[str, str] = {}
    why: dict[str, str] = {}
    gb = prof.bytes / 1e9
    rows = prof.rows
    approx = "" if prof.rows_exact else "about "
    if rows < s.get("answers", "small_rows") and gb < s.get("answers", "small_gb"):
        a["data_size"] = "small"
    elif gb <= s.get("answers", "medium_gb") and rows <= s.get("answers", "medium_rows"):
        a["data_size"] = "medium"
    else:
        a["data_size"] = "large"
    why["data_size"] = f"{approx}{rows:,} rows, {_size(prof.bytes)} on disk"

    leaks = {d["column"] for d in target.leakage} if target else set()
    features = [c for c in prof.columns if (not target or c.name != target.name)
                and c.name not in leaks]
    numeric = [c for c in features if c.kind in ("numeric", "boolean")
               and c.zeros_fraction is not None]
    cells = sum(c.count - c.missing for c in numeric)
    zeros = sum((c.zeros_fraction or 0) * (c.count - c.missing) for c in numeric)
    if cells:
        share = zeros / cells
        a["sparse"] = "yes" if share >= s.get("answers", "sparse_zero_share") else "no"
        why["sparse"] = f"{share:.0%} of numeric values are zero"

    cats = [c for c in features if c.kind == "categorical"]
    usable = [c for c in features if c.kind not in ("id", "constant")]
    if usable:
        many = (len(cats) >= s.get("answers", "categorical_min_columns")
                or len(cats) / len(usable) >= s.get("answers", "categorical_share"))
        high = [c for c in cats if c.unique >= s.get("categorical", "high_cardinality_min")]
        a["categorical"] = "yes" if many or high else "no"
        why["categorical"] = (f"{len(cats)} categorical of {len(usable)} usable columns"
                              + (f"; {len(high)} with many values, e.g. {high[0].name} "
                                 f"has {high[0].unique:,}" if high else ""))

    if target is not None:
        a["labels"] = "yes"
        why["labels"] = f"target column '{target.name}'"
        if target.problem in ("binary", "multiclass"):
            a["label_kind"] = target.problem
            why["label_kind"] = (f"'{target.name}' has {len(target.classes)} classes: "
                                 + _shares(target))
            if target.minority_fraction is not None:
                rare = target.minority_fraction < s.get("target", "imbalance_below")
                a["class_balance"] = "imbalanced" if rare else "balanced"
                why["class_balance"] = (f"smallest class '{target.minority_class}' is "
                                        f"{target.minority_fraction:.1%} of rows")
    if time is not None and time.series is not None and \
            (time.series == 1 or time.series_column):
        many = s.int("answers", "many_series")
        a["series_count"] = "many" if time.series >= many else "one"
        bound = f"{many:,} or more" if time.series >= many else f"fewer than {many:,}"
        why["series_count"] = (f"one series: each '{time.name}' value appears once"
                               if time.series == 1 else
                               f"{time.series:,} series, one per '{time.series_column}' "
                               f"value: {bound}")
    _route(prof, target, time, a, why)
    return _asked(a, why)


def _size(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n:,} bytes"


def _shares(target: TargetInfo) -> str:
    shown = ", ".join(f"'{c}' {f:.0%}" for c, f in target.classes[:5])
    return shown + (", ..." if len(target.classes) > 5 else "")


def _route(prof: Profile, target: TargetInfo | None, time: TimeInfo | None,
           a: dict[str, str], why: dict[str, str]) -> None:
    """The route answers (task, then what one example is) that a target implies."""
    if target is None:
        return
    leaks = {d["column"] for d in target.leakage}
    features = [c for c in prof.columns if c.name != target.name and c.name not in leaks
                and c.kind not in ("id", "constant")]
    kinds: dict[str, int] = {}
    for c in features:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    listed = (f"its {len(features)} feature columns are "
              + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
              if features else "")
    if target.problem == "regression":
        col = prof.column(target.name)
        if time is not None:
            a["task"] = "forecast"
            why["task"] = (f"target '{target.name}' holds numbers and '{time.name}' orders "
                           f"them in time, from {_day(time.start)} to {_day(time.end)}")
            return
        a["task"] = "regress"
        why["task"] = (f"target '{target.name}' holds numbers: {col.unique:,} distinct "
                       f"values from {_num(col.min)} to {_num(col.max)}")
        a["regress_data"] = "tabular"
        why["regress_data"] = listed or "no usable feature columns"
        return
    a["task"] = "classify"
    why["task"] = (f"target '{target.name}' holds {len(target.classes)} classes: "
                   f"{_shares(target)}")
    texts = [c for c in features if c.kind == "text"]
    if texts and len(texts) == len(features):
        a["classify_data"] = "text"
        why["classify_data"] = (f"the only feature is free text: '{texts[0].name}', about "
                                f"{texts[0].words_mean or 0:.0f} words per value")
    else:
        a["classify_data"] = "tabular"
        why["classify_data"] = listed or "no usable feature columns"


def _day(t: str | None) -> str:
    return str(t).removesuffix(" 00:00:00")


def _num(v) -> str:
    if isinstance(v, float):
        return f"{v:,.4g}"
    return str(v)


def _asked(a: dict[str, str], why: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Keep only the answers the wizard would ask for the suggested task (a labels
    question for a forecast, or series for a classifier, would contradict the route)."""
    task = a.get("task")
    if task is None:
        return a, why
    from sagewise.knowledge.decision import ask_if_holds, load_decision

    dd = load_decision()
    route = [q for q in ("task", "classify_data", "regress_data") if q in a]
    keep = {q: a[q] for q in route + [q for q in a if q not in route]
            if q in dd.questions and ask_if_holds(dd.questions[q], a)}
    return keep, {q: w for q, w in why.items() if q in keep}


def answer_lines(answers: dict[str, str], evidence: dict[str, str]) -> list[tuple[str, str, str]]:
    """(question prompt, answer label, evidence) per suggested answer, as the wizard
    words them (ids it does not know are shown as they are)."""
    from sagewise.knowledge.decision import load_decision

    dd = load_decision()
    out = []
    for q, a in answers.items():
        question = dd.questions.get(q)
        label = next((x.label for x in question.answers if x.id == a), a) if question else a
        out.append((question.prompt if question else q, label, evidence.get(q, "")))
    return out
