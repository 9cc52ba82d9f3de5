"""Instance choice for a built-in algorithm: which SageMaker instance types fit, ranked.

Data: ``resources/instances.csv`` (specs from EC2 documentation; prices from third-party
tables with their source, editable by the user; a blank price says why it is unknown),
``resources/instance_types.toml`` (the valid types per phase from the SageMaker API: an
inference-only type such as ml.inf1 is never a training option) and each algorithm's
``[instances]`` table (GPU use, scaling, in-memory or streaming, and per-mode guidance
such as BlazingText ``mode=supervised``). Only NVIDIA GPUs count as GPUs for built-in
algorithms; Inferentia/Trainium need compiled or custom models.

The memory rule for training (per instance, dataset given in GB, memory in GiB):

- algorithms that hold the whole dataset in RAM (``memory = "in-memory"``: XGBoost,
  LightGBM, CatBoost, AutoGluon, TabTransformer) need ``memory_factor x dataset`` in every
  input mode: Pipe and FastFile change how the bytes arrive, not where they end up;
- streaming (mini-batch) algorithms in **File** mode (the default input mode) need memory
  for the dataset: it is copied to the instance and read again every epoch, and an
  instance that cannot keep it in the page cache re-reads its volume on every pass;
- streaming algorithms in **Pipe** or **FastFile** mode read from S3 as they go: no
  dataset-sized memory need.

An instance below the need is never suggested: multi-instance algorithms get a count
(each instance holds its share, ``ShardedByS3Key``); single-instance ones exclude it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sagewise.knowledge.catalog import Algorithm, load_catalog
from sagewise.knowledge.errors import DataError, InputError
from sagewise.knowledge.instance_types import load_instance_types
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.sizing.inputs import choice, number
from sagewise.knowledge.wording import article

FILE = "instances.csv"
PHASES = ("training", "inference", "transform")
GPU_POLICIES = ("allow", "require", "forbid")
PRIORITIES = ("balanced", "latency", "throughput")
MODES = ("File", "Pipe", "FastFile")
GIB_PER_GB = 1e9 / 2**30
# EC2 family letter -> what the family is for (the "Why" column names it).
FAMILY_ROLE = {"m": "general purpose", "c": "compute optimised", "r": "memory optimised",
               "t": "burstable (CPU credits run out in long jobs; short tests only)"}
REQUIRED_COLUMNS = ("instance_type", "family", "vcpu", "memory_gib", "gpus", "gpu_model",
                    "gpu_memory_gib", "price_usd_per_hour", "price_source", "notes",
                    "spec_source", "as_of")
ENUM_PHASE = {"training": "training", "inference": "hosting", "transform": "transform"}


@dataclass(frozen=True)
class InstanceSpec:
    """One row of the instance catalog."""

    type: str
    family: str
    vcpu: int
    memory_gib: float
    gpus: int
    accelerator: str        # "none", "nvidia", "inferentia" or "trainium"
    gpu_model: str
    price_usd_per_hour: float | None
    price_source: str


@dataclass(frozen=True)
class InstanceOption:
    """A ranked suggestion."""

    type: str
    vcpu: int
    memory_gib: float
    gpus: int
    gpu_model: str
    price_usd_per_hour: float | None
    price_source: str
    count: int
    estimated_cost_usd: float | None
    reasons: list[str]          # never empty: the "Why" column


@dataclass(frozen=True)
class InstancesResult:
    """Ranked instances and the algorithm facts that shaped them."""

    algorithm: str
    phase: str
    instances: list[InstanceOption]
    gpu_training: str
    multi_gpu_useful: bool
    multi_instance: bool
    storage_gb: float | None
    notes: list[str] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    algorithm_mode: str | None = None
    input_mode: str | None = None
    memory_need_gib: float | None = None
    memory_rule: str = ""
    multi_gpu_only_with: str = ""   # the setting that makes every GPU count (XGBoost: Dask)

    def to_dict(self) -> dict:
        """JSON form (PRODUCT keys: instances[type, vcpu, memory_gib, gpus, price], ...)."""
        d = asdict(self)
        for row in d["instances"]:
            row["type"] = row.pop("type")
        return d


def _accelerator(model: str, gpus: int) -> str:
    if gpus == 0:
        return "none"
    m = model.lower()
    if "nvidia" in m:
        return "nvidia"
    if "inferentia" in m:
        return "inferentia"
    if "trainium" in m:
        return "trainium"
    return "other"


def _cell(text: str):
    """A CSV cell typed as pandas' reader would type it: int, float, NaN when empty, or str."""
    text = text.strip()
    if not text:
        return math.nan
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


class _Table:
    """The instance CSV as rows of typed cells: the two things parse_instances needs of a
    DataFrame (``columns``, ``iterrows``) without importing pandas at start-up."""

    def __init__(self, columns: list[str], rows: list[dict]):
        self.columns = columns
        self._rows = rows

    def iterrows(self):
        return enumerate(self._rows)


def parse_instances(frame, display: str = FILE) -> dict[str, InstanceSpec]:
    """Validate the instance table (a DataFrame or the CSV's rows) into specs."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        raise DataError(f"{display}: missing {noun} {', '.join(missing)}")
    out: dict[str, InstanceSpec] = {}
    for i, row in frame.iterrows():
        name = str(row["instance_type"])
        where = f"{display}: entry '{name}' (row {i + 2})"
        if not name.startswith("ml."):
            raise DataError(f"{where}: field 'instance_type': must start with 'ml.'")
        if name in out:
            raise DataError(f"{where}: field 'instance_type': duplicate")
        try:
            vcpu, mem, gpus = int(row["vcpu"]), float(row["memory_gib"]), int(row["gpus"])
        except (TypeError, ValueError):
            raise DataError(f"{where}: fields 'vcpu', 'memory_gib', 'gpus' must be "
                                 "numbers") from None
        if vcpu <= 0 or mem <= 0 or gpus < 0 or math.isnan(mem):
            raise DataError(f"{where}: fields 'vcpu'/'memory_gib' must be > 0 and 'gpus' "
                                 ">= 0")
        price = row["price_usd_per_hour"]
        price = None if price is None or (isinstance(price, float) and math.isnan(price)) \
            else float(price)
        if price is not None and price <= 0:
            raise DataError(f"{where}: field 'price_usd_per_hour': must be > 0 or empty")
        source = "" if not isinstance(row["price_source"], str) else row["price_source"]
        if price is not None and not source:
            raise DataError(f"{where}: field 'price_source': a price needs its source")
        if price is None and not source.startswith("unknown"):
            source = "unknown: no price in the sources used; enter your own"
        model = row["gpu_model"] if isinstance(row["gpu_model"], str) else ""
        out[name] = InstanceSpec(name, str(row["family"]), vcpu, mem, gpus,
                                 _accelerator(model, gpus), model, price, source)
    return out


def load_instance_specs_from(root: Path) -> dict[str, InstanceSpec]:
    """Load the instance table from a resources folder."""
    import csv

    path = root / FILE
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            columns = [c.strip() for c in next(reader, [])]
            if not columns:
                raise ValueError("No columns to parse from file")
            rows = [dict(zip(columns, (_cell(v) for v in line), strict=False))
                    for line in reader if line]
    except (OSError, ValueError, csv.Error) as exc:
        raise DataError(f"{FILE}: cannot be read: {exc}") from exc
    for row in rows:
        for c in columns:
            row.setdefault(c, math.nan)
    return parse_instances(_Table(columns, rows))


@functools.cache
def load_instance_specs() -> dict[str, InstanceSpec]:
    """The shipped instance table (cached)."""
    return load_instance_specs_from(resources_dir())


def gib(v: float) -> str:
    """A memory size for a sentence: three significant figures, thousands separators and
    never scientific notation ('9.31', '9,310', '1.2 million')."""
    if v >= 1e6:
        return f"{v / 1e6:,.3g} million"
    if v >= 1000:
        return f"{round(v):,}"
    return f"{v:.3g}"


def memory_need(algo: Algorithm, dataset_gb: float | None,
                input_mode: str | None) -> tuple[float | None, str]:
    """Training memory per instance (GiB) for the dataset, and the rule that gave it.

    See the module docstring; ``input_mode`` None means File (SageMaker's default).
    """
    mode = input_mode or "File"
    inst = algo.instances
    if not dataset_gb:
        return None, "No dataset size given: memory is not checked against the data."
    data_gib = dataset_gb * GIB_PER_GB
    if inst.memory == "in-memory":
        return (data_gib * inst.memory_factor,
                f"{algo.name} holds the whole dataset in memory, whatever the input mode: "
                f"about {inst.memory_factor:g} x the data ({dataset_gb:g} GB = "
                f"{gib(data_gib)} GiB) per instance, or a share of it on several instances.")
    if mode == "File":
        return (data_gib,
                f"File mode copies the dataset to the instance and reads it every epoch: "
                f"memory for the whole dataset ({gib(data_gib)} GiB) keeps the passes in the "
                "page cache. Pipe or FastFile mode streams it instead.")
    return None, (f"{mode} mode streams the data from S3 and {algo.name} reads it in "
                  "mini-batches: memory does not have to hold the dataset.")


def _family_role(spec: InstanceSpec) -> str:
    if spec.accelerator == "nvidia":
        return f"{spec.gpus} x {spec.gpu_model or 'NVIDIA GPU'}"
    return FAMILY_ROLE.get(spec.family[:1], "CPU instance") + f" ({spec.family.upper()})"


def _invalid_phase_reason(itype: str, phase: str) -> str:
    enums = load_instance_types().by_phase
    where = [p for p in ("training", "hosting", "transform") if itype in enums[p]]
    only = f"{' and '.join(where)} only" if where else "no phase"
    return f"not {article(phase)} instance type in the SageMaker API (valid for {only})"


def recommend_instances(*, algorithm: str, phase: str = "training",
                        dataset_gb: float | None = None, gpu: str = "allow",
                        mode: str | None = None, hours: float | None = None,
                        max_price: float | None = None,
                        price_overrides: dict[str, float] | None = None,
                        priority: str = "balanced", algorithm_mode: str | None = None,
                        limit_results: int = 8) -> InstancesResult:
    """Rank instance types that fit the algorithm, its mode, the phase, the GPU policy
    and the data size.

    ``mode`` is the input mode (File, Pipe, FastFile); ``algorithm_mode`` the algorithm's
    own mode (BlazingText ``supervised``), whose guidance replaces the general one.
    ``priority`` matters for inference: "throughput" ranks GPU instances first (big
    batches), "latency" ranks CPU instances first (single requests).
    """
    catalog = load_catalog()
    if algorithm not in catalog.algorithms:
        raise InputError("algorithm", f"unknown algorithm '{algorithm}'")
    algo: Algorithm = catalog.algorithms[algorithm]
    phase = choice("phase", phase, PHASES)
    gpu = choice("gpu", gpu, GPU_POLICIES)
    priority = choice("priority", priority, PRIORITIES)
    data = number("dataset_gb", dataset_gb, minimum=0, maximum=1e7, allow_none=True)
    hrs = number("hours", hours, positive=True, maximum=1e5, allow_none=True)
    cap = number("max_price", max_price, positive=True, allow_none=True)
    inst = algo.instances
    guide = None
    if algorithm_mode:
        if not inst.modes:
            raise InputError("algorithm_mode", f"{algo.name} has no mode that changes the "
                             "instance advice")
        guide = inst.mode(algorithm_mode)
        if guide is None:
            raise InputError("algorithm_mode", f"must be one of "
                             f"{', '.join(m.mode for m in inst.modes)} for {algo.name} "
                             f"(got {algorithm_mode!r})")
    input_modes = (guide.input_modes if guide and guide.input_modes else algo.input_modes)
    if mode is not None:
        mode = choice("mode", mode, MODES)
        if mode not in (*input_modes, "FastFile") or (mode == "FastFile"
                                                       and "File" not in input_modes):
            which = f"{algo.name} ({guide.setting})" if guide else algo.name
            raise InputError("mode", f"{which} supports {' and '.join(input_modes)} "
                             "mode only")
    prices = {k: number(f"price[{k}]", v, positive=True) for k, v in
              (price_overrides or {}).items()}
    training = phase == "training"
    gpu_training = guide.gpu_training if guide else inst.gpu_training
    multi_gpu = guide.multi_gpu if guide else inst.multi_gpu
    multi_instance = guide.multi_instance if guide else inst.multi_instance
    # No algorithm mode chosen, but only some modes use every GPU: say which one does
    multi_gpu_only_with = multi_gpu_blocked = ""
    if multi_gpu and not guide and inst.modes:
        gpu_modes = [m for m in inst.modes if m.gpu_training != "none"]
        settings = [m.setting for m in gpu_modes if m.multi_gpu
                    and (mode is None or not m.input_modes or mode in m.input_modes
                         or (mode == "FastFile" and "File" in m.input_modes))]
        if not settings:  # e.g. XGBoost in Pipe mode: Dask (the multi-GPU mode) needs File
            multi_gpu = False
            multi_gpu_blocked = " or ".join(m.setting for m in gpu_modes if m.multi_gpu)
        elif len(settings) < len(gpu_modes):
            multi_gpu_only_with = " or ".join(settings)
    notes: list[str] = []
    if multi_gpu_blocked:
        notes.append(f"Only {multi_gpu_blocked} uses every GPU of an instance, and it does "
                     f"not accept {mode} mode: here one GPU per instance is used.")
    can_gpu = gpu_training != "none" if training else inst.inference_gpu
    needs_gpu = training and gpu_training == "required"
    what = f"{algo.name} ({guide.mode})" if guide else algo.name
    if gpu == "require" and not can_gpu:
        raise InputError("gpu", f"{what} cannot use GPUs for {phase}")
    if gpu == "forbid" and needs_gpu:
        raise InputError("gpu", f"{what} trains on GPU instances only")
    # An input mode that the mode's guidance allows on CPU only (BlazingText supervised
    # in Pipe mode reads an augmented manifest, which runs on CPU instances only)
    cpu_only_mode = bool(training and guide and mode in guide.cpu_only_input_modes)
    if cpu_only_mode and gpu == "require":
        raise InputError("gpu", f"{what} in {mode} mode runs on CPU instances only: "
                         "choose File mode to train on a GPU")
    want_gpu = gpu == "require" or needs_gpu
    allow_gpu = can_gpu and gpu != "forbid" and not cpu_only_mode
    # A size rule in the mode's guidance (BlazingText supervised: C5 under 2 GB, else 1 GPU)
    size_side = None
    if cpu_only_mode:
        notes.append(f"{what} in {mode} mode: CPU instances only. {guide.input_mode_note}")
        if guide.gpu_from_gb is not None and data is not None and data >= guide.gpu_from_gb:
            notes.append(f"With {data:g} GB (at least {guide.gpu_from_gb:g} GB) the documented "
                         "choice would be one GPU, which needs File mode.")
    elif training and guide and guide.gpu_from_gb is not None and data is not None:
        size_side = "gpu" if data >= guide.gpu_from_gb else "cpu"
        if size_side == "gpu" and gpu == "forbid":
            notes.append(f"{what}: from {guide.gpu_from_gb:g} GB on the documented choice is "
                         "one GPU; with GPUs not allowed these CPU instances work but slower.")
            size_side = None
        elif size_side == "cpu" and gpu == "require":
            notes.append(f"{what}: under {guide.gpu_from_gb:g} GB the documented choice is a "
                         "CPU instance; GPUs are shown because you require them.")
            size_side = None
        elif size_side == "gpu":
            want_gpu = True
            notes.append(f"{what} with {data:g} GB (at least {guide.gpu_from_gb:g} GB): one "
                         "instance with a single GPU, as documented.")
        else:
            allow_gpu = False
            families = ", ".join(f.upper() for f in guide.cpu_families)
            notes.append(f"{what} with {data:g} GB (under {guide.gpu_from_gb:g} GB): a CPU "
                         f"instance{f' ({families})' if families else ''}, as documented.")

    valid = load_instance_types().by_phase[ENUM_PHASE[phase]]
    need_mem, mem_rule = memory_need(algo, data, mode) if training else (None, "")
    suggested = (guide.suggested_training if guide else inst.suggested_training) if training \
        else inst.suggested_inference
    cpu_families = guide.cpu_families if (guide and training) else ()
    max_gpus = guide.max_gpus if (guide and training) else None
    options, excluded = [], []
    for spec in load_instance_specs().values():
        why_not = None
        if spec.type not in valid:
            why_not = _invalid_phase_reason(spec.type, phase)
        elif spec.accelerator in ("inferentia", "trainium", "other"):
            why_not = f"{spec.accelerator} accelerators need compiled or custom models"
        elif spec.accelerator == "nvidia" and not allow_gpu:
            why_not = (f"a GPU instance, but {what} in {mode} mode runs on CPU only"
                       if cpu_only_mode else "a GPU instance, but the documented choice below "
                       f"{guide.gpu_from_gb:g} GB is a CPU instance" if size_side == "cpu"
                       else "a GPU instance, but GPUs are not used here")
        elif spec.accelerator == "none" and want_gpu:
            why_not = ("a CPU instance, but from "
                       f"{guide.gpu_from_gb:g} GB on the documented choice is one GPU"
                       if size_side == "gpu" else "a CPU instance, but a GPU is needed")
        elif spec.accelerator == "none" and cpu_families and spec.family not in cpu_families:
            why_not = (f"{what} on CPU: the documented family is "
                       f"{', '.join(f.upper() for f in cpu_families)}")
        elif spec.accelerator == "nvidia" and max_gpus is not None and spec.gpus > max_gpus:
            why_not = f"{what} uses {max_gpus} GPU: a single-GPU instance is the right size"
        elif algorithm == "xgboost" and spec.family == "p2":
            why_not = "XGBoost 1.7-1 and later do not support P2"
        if why_not:
            excluded.append({"type": spec.type, "why": why_not})
            continue
        count = 1
        reasons = []
        if spec.type in suggested:
            reasons.append("documented starting point")
        if need_mem:
            if spec.memory_gib < need_mem:
                if not multi_instance:
                    excluded.append({"type": spec.type, "why": f"{spec.memory_gib:g} GiB < "
                                     f"{gib(need_mem)} GiB needed, and {what} runs on one "
                                     "instance only"})
                    continue
                count = math.ceil(round(need_mem / spec.memory_gib, 9))
                reasons.append(f"{count} together hold the ~{gib(need_mem)} GiB "
                               "(ShardedByS3Key)")
            else:
                reasons.append(f"holds the ~{gib(need_mem)} GiB needed")
        price = prices.get(spec.type, spec.price_usd_per_hour)
        if cap is not None and price is not None and price > cap:
            excluded.append({"type": spec.type, "why": f"${price:.3f}/h is over the ${cap:g}/h "
                             "budget"})
            continue
        reasons.append(_family_role(spec))
        if spec.accelerator == "nvidia" and spec.gpus > 1:
            reasons.append(f"all {spec.gpus} GPUs used only with {multi_gpu_only_with}, "
                           f"otherwise 1 of {spec.gpus}" if multi_gpu_only_with
                           else f"all {spec.gpus} GPUs used" if multi_gpu
                           else f"uses 1 of {spec.gpus} GPUs")
        cost = price * hrs * count if (price is not None and hrs is not None) else None
        options.append(InstanceOption(spec.type, spec.vcpu, spec.memory_gib, spec.gpus,
                                      spec.gpu_model, price,
                                      "your price" if spec.type in prices else spec.price_source,
                                      count, cost, reasons))

    serving = not training

    def rank(o: InstanceOption):
        wasted = o.gpus > 1 and not multi_gpu
        burstable = o.type.startswith("ml.t")
        price = o.price_usd_per_hour if o.price_usd_per_hour is not None else math.inf
        if serving and priority != "balanced":
            prefer_gpu = priority == "throughput"
            return ((o.gpus > 0) != prefer_gpu, wasted, o.count, price)
        doc_rank = suggested.index(o.type) if o.type in suggested else len(suggested)
        return (wasted, burstable, o.count, doc_rank, price * o.count, o.memory_gib)

    options.sort(key=rank)
    chosen = options[:limit_results]
    gpu_side = [o for o in options if o.gpus > 0]
    if training and allow_gpu and not want_gpu and gpu_side:
        # CPU is the cheaper start, but GPUs are allowed and useful: always show the best
        # GPU types (and a multi-GPU one when the algorithm uses every GPU)
        picks = gpu_side[:2]
        if multi_gpu:
            multi = next((o for o in gpu_side if o.gpus > 1), None)
            if multi is not None and multi not in picks:
                picks.append(multi)
        cpu_side = [o for o in options if o.gpus == 0][:max(limit_results - len(picks), 1)]
        chosen = sorted(cpu_side + picks, key=rank)
        notes.append(f"GPU types are listed too: {what} can train on GPUs"
                     + (f"; it uses every GPU of an instance only with {multi_gpu_only_with}."
                        if multi_gpu_only_with
                        else ", and uses every GPU of an instance." if multi_gpu else "."))
    if not chosen:
        notes.append("No instance in the catalog fits these constraints.")
    storage = None
    if data is not None and training:
        if mode in ("Pipe", "FastFile"):
            storage = 0.0
            notes.append(f"{mode} mode streams from S3: the volume holds only the model "
                         "artifacts.")
        else:
            storage = data
            notes.append(f"File mode copies the data first: the volume needs ~{data:g} GB plus "
                         "the model artifacts.")
    if training and mem_rule:
        notes.append("Memory rule: " + mem_rule)
    if mode == "FastFile":
        notes.append("FastFile presents S3 objects as files streamed on first read; the "
                     "algorithm pages list File and Pipe, so test it with your data.")
    if training and guide:
        notes.append(f"{guide.setting}: {guide.training}")
    else:
        notes.append(inst.training if training else inst.inference)
    if training and inst.modes and not guide:
        notes.append(f"The advice depends on {algo.name}'s {inst.mode_hyperparameter}: choose "
                     f"the algorithm mode ({', '.join(m.mode for m in inst.modes)}) for "
                     "advice that fits it.")
    if serving and priority == "throughput" and allow_gpu:
        notes.append("Throughput first: GPU instances serve large batches best.")
    elif serving and priority == "latency":
        notes.append("Latency first: CPU instances answer single requests fastest and cost "
                     "less at low volume.")
    if gpu_training != "none" and not multi_gpu and training and not cpu_only_mode:
        notes.append("Extra GPUs in one instance do not help here.")
    notes.append("Prices are from third-party tables (2024-2025), not AWS: check the current "
                 "SageMaker pricing page; you can enter your own. A blank price says why.")
    return InstancesResult(algorithm, phase, chosen,
                           "none" if cpu_only_mode else gpu_training, multi_gpu,
                           multi_instance, storage, notes, excluded,
                           guide.mode if guide else None, mode,
                           None if need_mem is None else round(need_mem, 3), mem_rule,
                           multi_gpu_only_with)
