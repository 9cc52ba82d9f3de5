"""The algorithm and managed-service catalog, loaded strictly from resources/.

One TOML file per algorithm (``resources/algorithms/<id>.toml``) and per managed
service (``resources/services/<id>.toml``); the file stem must equal the id.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.errors import DataError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

LEARNING_TYPES = ("supervised", "unsupervised", "reinforcement")
PROBLEM_TYPES = (
    "binary_classification", "multiclass_classification", "multilabel_classification",
    "regression", "ranking", "forecasting", "clustering", "anomaly_detection",
    "dimensionality_reduction", "embeddings", "topic_modeling", "sequence_to_sequence",
    "image_classification", "object_detection", "semantic_segmentation", "recommendation",
    "text_classification", "sequential_decisions",
)
DATA_TYPES = ("tabular", "text", "image", "time_series", "pairs", "ip_entity", "audio",
              "simulation")
FAMILIES = ("tabular", "text", "vision", "time_series", "unsupervised", "reinforcement")
INPUT_MODES = ("File", "Pipe")
GPU_TRAINING = ("none", "optional", "recommended", "required")
MEMORY_KINDS = ("streaming", "in-memory")
INCREMENTAL = ("yes", "documented_on_page", "no")
DIRECTIONS = ("maximize", "minimize")
CONSERVATIVE = ("higher", "lower", "neither")
SERVICE_STATUS = ("available", "closed_to_new_customers")


@dataclass(frozen=True)
class InputFormat:
    """One accepted training content type and the modes it works in."""

    content_type: str
    modes: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Hyperparameter:
    """A hyperparameter with what it means and where to start."""

    name: str
    meaning: str
    start: str
    when: str = ""            # condition under which a required one is required
    conservative: str = "neither"  # direction that reduces overfitting / risk


@dataclass(frozen=True)
class ModeGuidance:
    """Training hardware guidance for one value of the algorithm's own mode
    (BlazingText ``mode=supervised``): it replaces the algorithm-wide guidance."""

    mode: str
    setting: str                    # how to ask for it, e.g. "mode=supervised"
    training: str
    gpu_training: str
    multi_gpu: bool
    multi_instance: bool
    suggested_training: tuple[str, ...]
    input_modes: tuple[str, ...]    # empty = the algorithm's own
    cpu_families: tuple[str, ...]   # empty = any CPU family
    gpu_from_gb: float | None       # at/above this dataset size: one GPU, below: CPU only
    max_gpus: int | None            # GPUs per instance the mode can use (None = any)
    cpu_only_input_modes: tuple[str, ...] = ()  # input modes that run on CPU only
    input_mode_note: str = ""       # why (BlazingText supervised Pipe = augmented manifest)


@dataclass(frozen=True)
class Instances:
    """Training and inference hardware guidance."""

    gpu_training: str
    multi_gpu: bool
    multi_instance: bool
    training: str
    inference: str
    inference_gpu: bool
    suggested_training: tuple[str, ...]
    suggested_inference: tuple[str, ...]
    memory: str = "streaming"       # "in-memory": training holds the whole dataset in RAM
    memory_factor: float = 1.0      # RAM per GB of data for in-memory algorithms
    mode_hyperparameter: str = ""   # the hyperparameter whose value changes the guidance
    modes: tuple[ModeGuidance, ...] = ()

    def mode(self, name: str) -> ModeGuidance | None:
        """Guidance for one mode (None when the algorithm has no such mode)."""
        return next((m for m in self.modes if m.mode == name), None)


@dataclass(frozen=True)
class Metric:
    """A SageMaker tuning objective metric."""

    name: str
    direction: str
    note: str = ""  # when it applies, or what changed since older study material


@dataclass(frozen=True)
class Alternative:
    """A close alternative and how to tell the two apart."""

    ref: str        # catalog id, or a plain name for things outside the catalog
    in_catalog: bool
    how_to_tell: str


@dataclass(frozen=True)
class Correction:
    """Where older study material differs from current AWS documentation."""

    older_claim: str
    current_fact: str
    source: str


@dataclass(frozen=True)
class Algorithm:
    """A SageMaker built-in algorithm (or the RL framework path)."""

    id: str
    name: str
    aws_name: str
    family: str
    builtin: bool
    learning_types: tuple[str, ...]
    problem_types: tuple[str, ...]
    data_types: tuple[str, ...]
    summary: str
    use_cases: tuple[str, ...]
    channels: tuple[str, ...]
    training_input: tuple[InputFormat, ...]
    input_modes: tuple[str, ...]
    inference_content_types: tuple[str, ...]
    inference_output: str
    required_hyperparameters: tuple[Hyperparameter, ...]
    key_hyperparameters: tuple[Hyperparameter, ...]
    hyperparameter_note: str
    instances: Instances
    incremental_training: str
    incremental_note: str
    distributed_note: str
    objective_metrics: tuple[Metric, ...]
    metric_note: str
    pitfalls: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    corrections: tuple[Correction, ...]
    sources: tuple[str, ...]
    kind: str = "algorithm"
    pipe_discouraged: bool = False  # Pipe works, but the card advises File or FastFile

    @property
    def pipe_mode(self) -> bool:
        """True when the algorithm accepts Pipe input mode."""
        return "Pipe" in self.input_modes

    @property
    def training_content_types(self) -> tuple[str, ...]:
        """Training content types, in file order."""
        return tuple(f.content_type for f in self.training_input)


@dataclass(frozen=True)
class Service:
    """A managed AWS AI service that can replace training a model."""

    id: str
    name: str
    summary: str
    replaces: tuple[str, ...]
    use_cases: tuple[str, ...]
    prefer_when: tuple[str, ...]
    choose_custom_when: tuple[str, ...]
    status: str
    status_note: str
    corrections: tuple[Correction, ...]
    sources: tuple[str, ...]
    kind: str = "service"


def _corrections(t: Table) -> tuple[Correction, ...]:
    out = []
    for c in t.tables("corrections", required=False):
        out.append(Correction(c.str("older_claim"), c.str("current_fact"), c.str("source")))
        c.finish()
    return tuple(out)


def _hyper(t: Table, required: bool) -> Hyperparameter:
    h = Hyperparameter(
        name=t.str("name"),
        meaning=t.str("meaning"),
        start=t.str("start", required=False, default=""),
        when=t.str("when", required=False, default=""),
        conservative=t.choice("conservative", CONSERVATIVE, required=not required,
                              default="neither"),
    )
    t.finish()
    return h


def _mode_guidance(t: Table) -> ModeGuidance:
    gpu_from = t.number("gpu_from_gb", required=False, default=-1.0)
    max_gpus = t.number("max_gpus", required=False, default=-1.0)
    m = ModeGuidance(
        mode=t.str("mode"),
        setting=t.str("setting"),
        training=t.str("training"),
        gpu_training=t.choice("gpu_training", GPU_TRAINING),
        multi_gpu=t.bool("multi_gpu"),
        multi_instance=t.bool("multi_instance"),
        suggested_training=t.str_list("suggested_training", min_items=0),
        input_modes=t.str_list("input_modes", required=False, allowed=INPUT_MODES),
        cpu_families=t.str_list("cpu_families", required=False),
        gpu_from_gb=None if gpu_from < 0 else gpu_from,
        max_gpus=None if max_gpus < 0 else int(max_gpus),
        cpu_only_input_modes=t.str_list("cpu_only_input_modes", required=False,
                                        allowed=INPUT_MODES),
        input_mode_note=t.str("input_mode_note", required=False),
    )
    if m.cpu_only_input_modes and not m.input_mode_note:
        raise t.where.at("input_mode_note").fail("is needed when 'cpu_only_input_modes' "
                                                 "are given")
    t.finish()
    return m


def parse_algorithm(data: dict, display: str) -> Algorithm:
    """Validate one algorithm file's data into an :class:`Algorithm`."""
    entry = data.get("id") if isinstance(data.get("id"), str) else "?"
    t = Table(data, Where(display).for_entry(entry))
    inst = t.table("instances")
    instances = Instances(
        gpu_training=inst.choice("gpu_training", GPU_TRAINING),
        multi_gpu=inst.bool("multi_gpu"),
        multi_instance=inst.bool("multi_instance"),
        training=inst.str("training"),
        inference=inst.str("inference"),
        inference_gpu=inst.bool("inference_gpu"),
        suggested_training=inst.str_list("suggested_training", min_items=0),
        suggested_inference=inst.str_list("suggested_inference", min_items=0),
        memory=inst.choice("memory", MEMORY_KINDS, required=False, default="streaming"),
        memory_factor=inst.number("memory_factor", required=False, default=1.0, minimum=0.1,
                                  maximum=20),
        mode_hyperparameter=inst.str("mode_hyperparameter", required=False),
        modes=tuple(_mode_guidance(m) for m in inst.tables("modes", required=False,
                                                             min_items=0)),
    )
    if instances.modes and not instances.mode_hyperparameter:
        raise inst.where.at("mode_hyperparameter").fail("is needed when 'modes' are given")
    inst.finish()
    formats = []
    for f in t.tables("training_input"):
        formats.append(InputFormat(f.str("content_type"),
                                   f.str_list("modes", allowed=INPUT_MODES),
                                   f.str("note", required=False)))
        f.finish()
    metrics = []
    for m in t.tables("objective_metrics", required=False, min_items=0):
        metrics.append(Metric(m.str("name"), m.choice("direction", DIRECTIONS),
                              m.str("note", required=False)))
        m.finish()
    alternatives = []
    for a in t.tables("alternatives"):
        ref_id = a.str("id", required=False)
        ref_name = a.str("name", required=False)
        if bool(ref_id) == bool(ref_name):
            raise a.where.fail("needs exactly one of 'id' (catalog) or 'name' (outside it)")
        alternatives.append(Alternative(ref_id or ref_name, bool(ref_id), a.str("how_to_tell")))
        a.finish()
    algo = Algorithm(
        id=t.str("id"),
        name=t.str("name"),
        aws_name=t.str("aws_name"),
        family=t.choice("family", FAMILIES),
        builtin=t.bool("builtin", required=False, default=True),
        learning_types=t.str_list("learning_types", allowed=LEARNING_TYPES),
        problem_types=t.str_list("problem_types", allowed=PROBLEM_TYPES),
        data_types=t.str_list("data_types", allowed=DATA_TYPES),
        summary=t.str("summary"),
        use_cases=t.str_list("use_cases"),
        channels=t.str_list("channels"),
        training_input=tuple(formats),
        input_modes=t.str_list("input_modes", allowed=INPUT_MODES),
        inference_content_types=t.str_list("inference_content_types", min_items=0),
        inference_output=t.str("inference_output"),
        required_hyperparameters=tuple(
            _hyper(h, True) for h in t.tables("required_hyperparameters", required=False,
                                               min_items=0)),
        key_hyperparameters=tuple(_hyper(h, False) for h in t.tables("key_hyperparameters")),
        hyperparameter_note=t.str("hyperparameter_note", required=False),
        instances=instances,
        incremental_training=t.choice("incremental_training", INCREMENTAL),
        incremental_note=t.str("incremental_note", required=False),
        distributed_note=t.str("distributed_note"),
        objective_metrics=tuple(metrics),
        metric_note=t.str("metric_note", required=False),
        pitfalls=t.str_list("pitfalls"),
        alternatives=tuple(alternatives),
        corrections=_corrections(t),
        sources=t.str_list("sources"),
        pipe_discouraged=t.bool("pipe_discouraged", required=False),
    )
    t.finish()
    if algo.pipe_discouraged and not algo.pipe_mode:
        raise t.where.at("pipe_discouraged").fail("is only for algorithms that support Pipe")
    if not algo.objective_metrics and not algo.metric_note:
        raise t.where.at("objective_metrics").fail(
            "is empty: give the metrics or a 'metric_note' saying why there are none")
    if not algo.required_hyperparameters and not algo.hyperparameter_note:
        raise t.where.at("required_hyperparameters").fail(
            "is empty: give them or a 'hyperparameter_note' saying why there are none")
    return algo


def parse_service(data: dict, display: str) -> Service:
    """Validate one managed-service file's data into a :class:`Service`."""
    entry = data.get("id") if isinstance(data.get("id"), str) else "?"
    t = Table(data, Where(display).for_entry(entry))
    svc = Service(
        id=t.str("id"),
        name=t.str("name"),
        summary=t.str("summary"),
        replaces=t.str_list("replaces", min_items=0),
        use_cases=t.str_list("use_cases"),
        prefer_when=t.str_list("prefer_when"),
        choose_custom_when=t.str_list("choose_custom_when"),
        status=t.choice("status", SERVICE_STATUS),
        status_note=t.str("status_note", required=False),
        corrections=_corrections(t),
        sources=t.str_list("sources"),
    )
    t.finish()
    return svc


@dataclass(frozen=True)
class Catalog:
    """All algorithms and services, keyed by id."""

    algorithms: dict[str, Algorithm]
    services: dict[str, Service]

    def get(self, ident: str) -> Algorithm | Service:
        """Return an algorithm or service by id (KeyError if unknown)."""
        if ident in self.algorithms:
            return self.algorithms[ident]
        return self.services[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self.algorithms or ident in self.services

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, algorithms first."""
        return tuple(self.algorithms) + tuple(self.services)

    def name(self, ident: str) -> str:
        """Display name for an id."""
        return self.get(ident).name

    def to_frame(self):  # -> pandas.DataFrame (imported lazily: CLI start-up stays fast)
        """One row per algorithm for table views; derived, never a second source of truth."""
        import pandas as pd

        rows = []
        for a in self.algorithms.values():
            rows.append({
                "id": a.id, "name": a.name, "family": a.family,
                "learning": ", ".join(a.learning_types),
                "problems": ", ".join(a.problem_types),
                "data": ", ".join(a.data_types),
                "gpu_training": a.instances.gpu_training,
                "multi_gpu": a.instances.multi_gpu,
                "multi_instance": a.instances.multi_instance,
                "pipe_mode": a.pipe_mode,
                "incremental": a.incremental_training,
                "builtin": a.builtin,
            })
        return pd.DataFrame(rows)


def _load_dir(folder: Path, parse, label: str) -> dict:
    items: dict = {}
    if not folder.is_dir():
        raise DataError(f"{label}/: folder is missing ({folder})")
    for path in sorted(folder.glob("*.toml")):
        display = f"{label}/{path.name}"
        obj = parse(load_toml(path, display), display)
        if obj.id != path.stem:
            raise DataError(f"{display}: entry '{obj.id}': field 'id': must equal the "
                                 f"file name '{path.stem}'")
        items[obj.id] = obj
    if not items:
        raise DataError(f"{label}/: no .toml files found")
    return items


def load_catalog_from(root: Path) -> Catalog:
    """Load and cross-check the catalog under ``root`` (a resources folder)."""
    algorithms = _load_dir(root / "algorithms", parse_algorithm, "algorithms")
    services = _load_dir(root / "services", parse_service, "services")
    clash = set(algorithms) & set(services)
    if clash:
        raise DataError(f"services/{sorted(clash)[0]}.toml: id also used by an algorithm")
    catalog = Catalog(algorithms, services)
    for a in algorithms.values():
        for i, alt in enumerate(a.alternatives):
            if alt.in_catalog and alt.ref not in catalog:
                raise DataError(
                    f"algorithms/{a.id}.toml: entry '{a.id}': field 'alternatives[{i}].id': "
                    f"unknown id '{alt.ref}'")
    for s in services.values():
        for i, ref in enumerate(s.replaces):
            if ref not in algorithms:
                raise DataError(
                    f"services/{s.id}.toml: entry '{s.id}': field 'replaces[{i}]': "
                    f"unknown algorithm '{ref}'")
    return catalog


@functools.cache
def load_catalog() -> Catalog:
    """The shipped catalog (cached)."""
    return load_catalog_from(resources_dir())
