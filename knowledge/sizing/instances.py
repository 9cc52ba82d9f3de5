"""Instance choice for a built-in algorithm: which SageMaker instance types fit, ranked.

Data: ``resources/instances.csv`` (specs from EC2 documentation; prices from third-party
tables with their source, editable by the user) and ``resources/instance_types.toml``
(the valid types per phase from the SageMaker API). Only NVIDIA GPUs count as GPUs for
built-in algorithms; Inferentia/Trainium need compiled or custom models.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from knowledge.catalog import Algorithm, load_catalog
from knowledge.errors import InputError, KnowledgeError
from knowledge.instance_types import load_instance_types
from knowledge.paths import resources_dir
from knowledge.sizing.inputs import choice, number

FILE = "instances.csv"
PHASES = ("training", "inference", "transform")
GPU_POLICIES = ("allow", "require", "forbid")
PRIORITIES = ("balanced", "latency", "throughput")
MODES = ("File", "Pipe")
REQUIRED_COLUMNS = ("instance_type", "family", "vcpu", "memory_gib", "gpus", "gpu_model",
                    "gpu_memory_gib", "price_usd_per_hour", "price_source", "notes",
                    "spec_source", "as_of")
# Tree boosting holds the training data in memory; leave room for the algorithm's own copy.
MEMORY_BOUND = {"xgboost": 2.0, "catboost": 2.0, "lightgbm": 2.0}
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
    reasons: list[str]


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


def parse_instances(frame, display: str = FILE) -> dict[str, InstanceSpec]:
    """Validate the instance table (columns, types, ranges) into specs."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise KnowledgeError(f"{display}: missing column(s) {', '.join(missing)}")
    out: dict[str, InstanceSpec] = {}
    for i, row in frame.iterrows():
        name = str(row["instance_type"])
        where = f"{display}: entry '{name}' (row {i + 2})"
        if not name.startswith("ml."):
            raise KnowledgeError(f"{where}: field 'instance_type': must start with 'ml.'")
        if name in out:
            raise KnowledgeError(f"{where}: field 'instance_type': duplicate")
        try:
            vcpu, mem, gpus = int(row["vcpu"]), float(row["memory_gib"]), int(row["gpus"])
        except (TypeError, ValueError):
            raise KnowledgeError(f"{where}: fields 'vcpu', 'memory_gib', 'gpus' must be "
                                 "numbers") from None
        if vcpu <= 0 or mem <= 0 or gpus < 0 or math.isnan(mem):
            raise KnowledgeError(f"{where}: fields 'vcpu'/'memory_gib' must be > 0 and 'gpus' "
                                 ">= 0")
        price = row["price_usd_per_hour"]
        price = None if price is None or (isinstance(price, float) and math.isnan(price)) \
            else float(price)
        if price is not None and price <= 0:
            raise KnowledgeError(f"{where}: field 'price_usd_per_hour': must be > 0 or empty")
        source = "" if not isinstance(row["price_source"], str) else row["price_source"]
        if price is not None and not source:
            raise KnowledgeError(f"{where}: field 'price_source': a price needs its source")
        model = row["gpu_model"] if isinstance(row["gpu_model"], str) else ""
        out[name] = InstanceSpec(name, str(row["family"]), vcpu, mem, gpus,
                                 _accelerator(model, gpus), model, price, source)
    return out


def load_instance_specs_from(root: Path) -> dict[str, InstanceSpec]:
    """Load the instance table from a resources folder."""
    import pandas as pd

    path = root / FILE
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise KnowledgeError(f"{FILE}: cannot be read: {exc}") from exc
    return parse_instances(frame)


@functools.cache
def load_instance_specs() -> dict[str, InstanceSpec]:
    """The shipped instance table (cached)."""
    return load_instance_specs_from(resources_dir())


def recommend_instances(*, algorithm: str, phase: str = "training",
                        dataset_gb: float | None = None, gpu: str = "allow",
                        mode: str | None = None, hours: float | None = None,
                        max_price: float | None = None,
                        price_overrides: dict[str, float] | None = None,
                        priority: str = "balanced",
                        limit_results: int = 8) -> InstancesResult:
    """Rank instance types that fit the algorithm, phase, GPU policy and data size.

    ``priority`` matters for inference: "throughput" ranks GPU instances first (big
    batches), "latency" ranks CPU instances first (single requests), as the k-NN and
    DeepAR guidance says.
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
    if mode is not None:
        mode = choice("mode", mode, MODES)
        if mode not in algo.input_modes:
            raise InputError("mode", f"{algo.name} supports {' and '.join(algo.input_modes)} "
                             f"mode only")
    prices = {k: number(f"price[{k}]", v, positive=True) for k, v in
              (price_overrides or {}).items()}
    notes: list[str] = []
    inst = algo.instances
    can_gpu = inst.gpu_training != "none" if phase == "training" else inst.inference_gpu
    needs_gpu = phase == "training" and inst.gpu_training == "required"
    if gpu == "require" and not can_gpu:
        raise InputError("gpu", f"{algo.name} cannot use GPUs for {phase}")
    if gpu == "forbid" and needs_gpu:
        raise InputError("gpu", f"{algo.name} trains on GPU instances only")
    want_gpu = gpu == "require" or needs_gpu
    allow_gpu = can_gpu and gpu != "forbid"

    valid = load_instance_types().by_phase[ENUM_PHASE[phase]]
    mem_factor = MEMORY_BOUND.get(algorithm) if phase == "training" else None
    need_mem = data * mem_factor if (data and mem_factor) else None
    suggested = inst.suggested_training if phase == "training" else inst.suggested_inference
    options, excluded = [], []
    for spec in load_instance_specs().values():
        why_not = None
        if spec.type not in valid:
            why_not = f"not a valid {phase} instance type in the SageMaker API"
        elif spec.accelerator in ("inferentia", "trainium", "other"):
            why_not = f"{spec.accelerator} accelerators need compiled or custom models"
        elif spec.accelerator == "nvidia" and not allow_gpu:
            why_not = "a GPU instance, but GPUs are not used here"
        elif spec.accelerator == "none" and want_gpu:
            why_not = "a CPU instance, but a GPU is needed"
        elif algorithm == "xgboost" and spec.family == "p2":
            why_not = "XGBoost 1.7-1 and later do not support P2"
        if why_not:
            excluded.append({"type": spec.type, "why": why_not})
            continue
        count = 1
        reasons = []
        if need_mem:
            if spec.memory_gib < need_mem:
                if not inst.multi_instance:
                    excluded.append({"type": spec.type, "why": f"{spec.memory_gib:g} GiB < "
                                     f"{need_mem:g} GiB needed and one instance only"})
                    continue
                count = math.ceil(need_mem / spec.memory_gib)
                reasons.append(f"{count} needed to hold ~{need_mem:g} GiB in memory")
            else:
                reasons.append(f"holds ~{need_mem:g} GiB in memory")
        price = prices.get(spec.type, spec.price_usd_per_hour)
        if cap is not None and price is not None and price > cap:
            excluded.append({"type": spec.type, "why": f"${price:.3f}/h is over the ${cap:g}/h "
                             "budget"})
            continue
        if spec.type in suggested:
            reasons.insert(0, "documented starting point")
        if spec.accelerator == "nvidia" and spec.gpus > 1 and not inst.multi_gpu:
            reasons.append(f"uses 1 of {spec.gpus} GPUs")
        cost = price * hrs * count if (price is not None and hrs is not None) else None
        options.append(InstanceOption(spec.type, spec.vcpu, spec.memory_gib, spec.gpus,
                                      spec.gpu_model, price,
                                      "your price" if spec.type in prices else spec.price_source,
                                      count, cost, reasons))

    serving = phase != "training"

    def rank(o: InstanceOption):
        wasted = o.gpus > 1 and not inst.multi_gpu
        if serving and priority != "balanced":
            prefer_gpu = priority == "throughput"
            return ((o.gpus > 0) != prefer_gpu, wasted, o.count,
                    o.price_usd_per_hour if o.price_usd_per_hour is not None else math.inf)
        doc_rank = suggested.index(o.type) if o.type in suggested else len(suggested)
        price = o.price_usd_per_hour if o.price_usd_per_hour is not None else math.inf
        return (wasted, o.count, doc_rank, price * o.count, o.memory_gib)

    options.sort(key=rank)
    if not options:
        notes.append("No instance in the catalog fits these constraints.")
    storage = None
    if data is not None and phase == "training":
        if mode == "Pipe":
            storage = 0.0
            notes.append("Pipe mode streams from S3: the volume holds only the model artifacts.")
        else:
            storage = data
            notes.append(f"File mode copies the data first: the volume needs ~{data:g} GB plus "
                         "the model artifacts.")
    notes.append(inst.training if phase == "training" else inst.inference)
    if serving and priority == "throughput" and allow_gpu:
        notes.append("Throughput first: GPU instances serve large batches best.")
    elif serving and priority == "latency":
        notes.append("Latency first: CPU instances answer single requests fastest and cost "
                     "less at low volume.")
    if inst.gpu_training != "none" and not inst.multi_gpu and phase == "training":
        notes.append("Extra GPUs in one instance do not help this algorithm.")
    notes.append("Prices are from third-party tables (2024-2025), not AWS: check the current "
                 "SageMaker pricing page; you can enter your own.")
    return InstancesResult(algorithm, phase, options[:limit_results], inst.gpu_training,
                           inst.multi_gpu, inst.multi_instance, storage, notes, excluded)
