"""SageMaker Python SDK code for a checked training job (and a tuning plan), as text.

The code uses the SDK v2 names (``Estimator``, ``image_uris.retrieve``, ``TrainingInput``,
``HyperparameterTuner``); SDK v3 no longer has ``Estimator`` (FACTS.md A.8), so the header
says to pin ``sagemaker<3``. Every reason behind a value travels with it as a comment.
The result parses as Python (tested with ``ast.parse``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sagewise.knowledge import __version__
from sagewise.knowledge.catalog import Metric
from sagewise.knowledge.export.hyperparameters import load_types
from sagewise.knowledge.export.images import load_images
from sagewise.knowledge.export.requests import (
    PLACEHOLDER_BUCKET,
    PLACEHOLDER_ROLE,
    PLACEHOLDER_SECURITY_GROUP,
    PLACEHOLDER_SUBNET,
    SPOT_MAX_WAIT,
    CheckedTraining,
    ExportError,
    TrainingSpec,
    check_training,
    is_gpu,
)

STRATEGIES = {"bayesian": "Bayesian", "random": "Random", "grid": "Grid",
              "hyperband": "Hyperband"}
DEFAULT_JOBS = {"bayesian": (20, 2), "random": (20, 10), "grid": (0, 4), "hyperband": (30, 10)}
MAX_JOBS = 500


@dataclass(frozen=True)
class TuningPlan:
    """How to tune: strategy and job counts (0 = the strategy's default)."""

    strategy: str
    max_jobs: int = 0
    max_parallel_jobs: int = 0

    def checked(self) -> tuple[int, int]:
        """(max jobs, parallel jobs) after defaults; ExportError naming the flag."""
        if self.strategy not in STRATEGIES:
            raise ExportError("--tuning", f"must be one of {', '.join(STRATEGIES)}")
        jobs, parallel = DEFAULT_JOBS[self.strategy]
        jobs = self.max_jobs or jobs
        parallel = self.max_parallel_jobs or parallel
        if self.strategy != "grid" and not 1 <= jobs <= MAX_JOBS:
            raise ExportError("--max-jobs", f"must be from 1 to {MAX_JOBS}")
        if not 1 <= parallel <= 100:
            raise ExportError("--max-parallel-jobs", "must be from 1 to 100")
        if self.strategy != "grid" and parallel > jobs:
            raise ExportError("--max-parallel-jobs", f"cannot exceed --max-jobs ({jobs})")
        return jobs, parallel


def objective_metric(c: CheckedTraining) -> Metric:
    """The tuning objective that fits the job: from the problem type (stated or given) when
    the algorithm's metric depends on it, else the card's first metric. Refuses to guess
    when the problem decides the metric but nothing states it."""
    algo, rules = c.algorithm, c.rules
    if not algo.objective_metrics:
        raise ExportError("--tuning", f"{algo.name} has no tuning objective metric")
    if rules.problems:
        rule = rules.problems.get(c.problem_type)
        if rule is None:
            hp = rules.problem_hyperparameter
            raise ExportError("--problem-type", f"{algo.name}'s tuning metric depends on the "
                                                f"problem: give --problem-type "
                                                f"({', '.join(rules.problems)}) or {hp}=...")
        by_name = {m.name: m for m in algo.objective_metrics}
        return by_name[rule.metric]
    return algo.objective_metrics[0]


def metric_channel(metric: Metric) -> str:
    """The channel a metric is computed on: train, validation or test."""
    return metric.name.split(":", 1)[0]


def _comment(text: str, indent: str = "") -> list[str]:
    """Wrap text into ``#`` comment lines of at most ~95 characters."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(indent) + len(line) + len(w) + 3 > 95:
            lines.append(f"{indent}# {line}")
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(f"{indent}# {line}")
    return lines


def _ranges(algorithm: str, strategy: str, fixed: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, constructor source, reason) for the algorithm's tunable hyperparameters."""
    out = []
    for name, t in load_types().get(algorithm, {}).items():
        if t.tune is None or name in fixed:
            continue
        lo, hi = t.tune
        num = (lambda x: str(int(x))) if t.type == "int" else repr
        if strategy == "grid":
            mid = (lo * hi) ** 0.5 if t.scaling == "Logarithmic" else (lo + hi) / 2
            vals = [num(v) for v in (lo, round(mid, 6) if t.type == "float" else int(mid), hi)]
            out.append((name, f"CategoricalParameter([{', '.join(json.dumps(v) for v in vals)}])",
                        "grid search tries every listed value"))
            continue
        cls = "IntegerParameter" if t.type == "int" else "ContinuousParameter"
        scale = f', scaling_type="{t.scaling}"'
        reason = ("spans orders of magnitude: searched on a log scale"
                  if t.scaling == "Logarithmic" else "searched on a linear scale")
        out.append((name, f"{cls}({num(lo)}, {num(hi)}{scale})", reason))
    return out


def sdk_code(spec: TrainingSpec, tuning: TuningPlan | None = None,
             reasons: tuple[str, ...] = ()) -> str:
    """Python code that runs the checked training job (and tuning) with the SDK v2."""
    c = check_training(spec)
    s, algo = c.spec, c.algorithm
    img = load_images().image(algo.id)
    plan = tuning.checked() if tuning else None
    metric = objective_metric(c) if tuning else None
    if metric and metric_channel(metric) in ("validation", "test") \
            and metric_channel(metric) not in c.channels:
        raise ExportError("--tuning", f"{metric.name} needs a {metric_channel(metric)} channel, "
                                      f"which {algo.name} does not have")
    lines = [f'"""Train {algo.name} on SageMaker - generated by SageWise {__version__}.',
             "",
             'SageMaker Python SDK v2 names (pip install "sagemaker>=2,<3"): SDK v3 removed',
             "Estimator. Values marked PLACEHOLDER are assumptions to replace before running.",
             '"""', ""]
    if reasons:
        lines.append("# Why these choices:")
        for r in reasons:
            lines += _comment(f"- {r}")
        lines.append("")
    imports = ["import sagemaker", "from sagemaker import image_uris",
               "from sagemaker.estimator import Estimator", "from sagemaker.inputs import TrainingInput"]
    # Assumed values (pre-filled examples) are what tuning should search, not fix.
    fixed = {k: v for k, v in c.hyperparameters.items()
             if f"HyperParameters.{k}" not in s.assumed}
    ranges = _ranges(algo.id, tuning.strategy, fixed) if tuning else []
    if tuning:
        kinds = sorted({r[1].split("(")[0] for r in ranges})
        names = ["HyperparameterTuner", *kinds]
        if tuning.strategy == "hyperband":
            names += ["HyperbandStrategyConfig", "StrategyConfig"]
        joined = ", ".join(sorted(set(names)))
        if len(joined) > 70:
            joined = "(\n" + "".join(f"    {n},\n" for n in sorted(set(names))) + ")"
        imports.append(f"from sagemaker.tuner import {joined}")
    lines += imports + ["", "session = sagemaker.Session()"]
    if s.role_arn:
        lines.append(f'role = "{s.role_arn}"')
    else:
        lines.append("# PLACEHOLDER: your SageMaker execution role")
        lines.append(f'role = "{PLACEHOLDER_ROLE}"')
    lines.append(f'region = "{s.region}"')
    lines.append("")
    lines += _comment(f"The built-in image for {s.region}, version {img.version}: {c.image_uri} "
                      f"(from the SDK {load_images().sdk.split()[-1]} image table).")
    lines.append(f'image_uri = image_uris.retrieve("{img.framework}", region=region, '
                 f'version="{img.version}")')
    lines.append("")
    gpu_rule = {"none": "trains on CPU only", "required": "needs a GPU to train",
                "recommended": "trains best on a GPU", "optional": "trains on CPU or GPU"}
    lines += _comment(f"{algo.name} {gpu_rule[algo.instances.gpu_training]}; "
                      f"{s.instance_type} is a {'GPU' if is_gpu(s.instance_type) else 'CPU'} "
                      f"instance. {algo.instances.training}")
    mode_reason = {"File": "File mode copies the data to the instance before training.",
                   "Pipe": "Pipe mode streams the data from S3 while training (the algorithm "
                           "supports it).",
                   "FastFile": "FastFile mode streams S3 objects behind a file interface."}
    lines += _comment(mode_reason[s.input_mode])
    output = s.s3_output or f"{PLACEHOLDER_BUCKET}/output/"
    extra: list[str] = []
    if s.vpc or s.subnets or s.security_groups:
        lines += _comment("Private VPC: the job runs in your subnets (S3 through a VPC "
                          "endpoint).")
        for arg, given, holder in (("subnets", s.subnets, PLACEHOLDER_SUBNET),
                                   ("security_group_ids", s.security_groups,
                                    PLACEHOLDER_SECURITY_GROUP)):
            extra.append(f"    {arg}={json.dumps(list(given) or [holder])},"
                         + ("" if given else "  # PLACEHOLDER"))
    if c.kms_key:
        mark = "" if s.kms_key_id else "  # PLACEHOLDER"
        if c.volume_kms:
            extra.append(f'    volume_kms_key="{c.kms_key}",{mark}')
        extra.append(f'    output_kms_key="{c.kms_key}",{mark}')
    if s.network_isolation:
        extra.append("    enable_network_isolation=True,")
    if s.inter_container_encryption:
        extra.append("    encrypt_inter_container_traffic=True,")
    if s.managed_spot:
        base = output.rstrip("/")
        extra += ["    use_spot_instances=True,", f"    max_wait={SPOT_MAX_WAIT},",
                  f'    checkpoint_s3_uri="{base}/checkpoints/",'
                  + ("" if s.s3_output else "  # PLACEHOLDER")]
    lines += ["estimator = Estimator(",
              "    image_uri=image_uri,",
              "    role=role,",
              f"    instance_count={s.instance_count},",
              f'    instance_type="{s.instance_type}",',
              f'    input_mode="{s.input_mode}",',
              f'    output_path="{output}",' + ("" if s.s3_output else "  # PLACEHOLDER"),
              *extra,
              "    sagemaker_session=session,",
              ")"]
    if c.hyperparameters:
        lines.append("")
        required = {h.name: h for h in algo.required_hyperparameters}
        lines.append("estimator.set_hyperparameters(")
        for k, v in c.hyperparameters.items():
            if k in required:
                lines += _comment(f"required: {required[k].meaning}", "    ")
            mark = "  # ASSUMED: replace with your value" \
                if f"HyperParameters.{k}" in s.assumed else ""
            lines.append(f"    {k}={json.dumps(v)},{mark}")
        lines.append(")")
    train = s.s3_input or f"{PLACEHOLDER_BUCKET}/train/"
    lines += ["", *([] if s.s3_input else ["# PLACEHOLDER: where the training data is"]),
              "train = TrainingInput(", f'    "{train}",', f'    content_type="{c.content_type}",',
              f'    distribution="{c.distribution}",', ")"]
    inputs = {"train": "train"}
    needed = metric_channel(metric) if metric else ""
    for name, uri in (("validation", s.s3_validation), ("test", s.s3_test)):
        if not uri and name != needed:
            continue
        if not uri:
            lines += _comment(f"PLACEHOLDER: the {metric.name} tuning metric is computed on the "
                              f"{name} channel, so tuning needs it: replace with your "
                              f"{name} data.")
            uri = f"{PLACEHOLDER_BUCKET}/{name}/"
        lines += [f"{name} = TrainingInput(", f'    "{uri}",',
                  f'    content_type="{c.content_type}",', ")"]
        inputs[name] = name
    fit = "{" + ", ".join(f'"{k}": {v}' for k, v in inputs.items()) + "}"
    for n in c.notes:
        lines += _comment(f"Note: {n}")
    lines.append("")
    if not tuning:
        lines.append(f"estimator.fit({fit})")
        return "\n".join(lines) + "\n"
    jobs, parallel = plan
    if not ranges:
        raise ExportError("--tuning", f"SageWise has no tuning ranges for {algo.name}'s "
                                      "remaining hyperparameters")
    strategy = STRATEGIES[tuning.strategy]
    why = {"bayesian": f"Bayesian search learns from finished jobs; {parallel} in parallel out "
                       f"of {jobs} leaves it results to learn from (more parallel jobs finish "
                       "sooner but learn less).",
           "random": f"Random search: jobs are independent, so {parallel} may run at once "
                     "without losing quality.",
           "grid": "Grid search tries every combination of the listed values; the number of "
                   "jobs follows from the grid.",
           "hyperband": "Hyperband stops poor configurations early using intermediate metrics "
                        "and gives the promising ones more resources."}[tuning.strategy]
    lines += _comment(why)
    lines.append("hyperparameter_ranges = {")
    for name, src, reason in ranges:
        lines.append(f"    # {name}: {reason}")
        lines.append(f'    "{name}": {src},')
    lines.append("}")
    if tuning.strategy == "bayesian" and parallel > max(1, jobs // 4):
        lines += _comment(f"Warning: {parallel} parallel jobs out of {jobs} leave Bayesian "
                          "search little to learn from; consider fewer.")
    direction = "Maximize" if metric.direction == "maximize" else "Minimize"
    args = ["    estimator,", f'    objective_metric_name="{metric.name}",',
            "    hyperparameter_ranges=hyperparameter_ranges,", f'    strategy="{strategy}",',
            f'    objective_type="{direction}",']
    if tuning.strategy != "grid":
        args.append(f"    max_jobs={jobs},")
    args.append(f"    max_parallel_jobs={parallel},")
    if tuning.strategy == "hyperband":
        args += ["    strategy_config=StrategyConfig(",
                 ("        hyperband_strategy_config=HyperbandStrategyConfig(min_resource=1, "
                  "max_resource=50)"),
                 "    ),"]
        args.append('    early_stopping_type="Off",  # Hyperband stops jobs itself')
    elif tuning.strategy == "grid":
        args.append('    early_stopping_type="Off",')
    else:
        args.append("    # stop training jobs unlikely to beat the best one so far")
        args.append('    early_stopping_type="Auto",')
    lines += ["tuner = HyperparameterTuner(", *args, ")"]
    lines += _comment("To reuse an earlier tuning job's results, pass warm_start_config="
                      "WarmStartConfig(WarmStartTypes.IDENTICAL_DATA_AND_ALGORITHM, "
                      "parents={'earlier-tuning-job'}) (from sagemaker.tuner).")
    lines.append(f"tuner.fit({fit})")
    return "\n".join(lines) + "\n"
