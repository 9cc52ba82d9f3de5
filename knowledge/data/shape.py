"""The SageMaker training input shape for an algorithm, and the column plan to reach it.

Which content types an algorithm accepts comes from the catalog
(``resources/algorithms/*.toml``); what each looks like and whether SageWise writes it
itself comes from ``resources/data_shapes.toml``. :func:`sagemaker_shape` picks the first
content type SageWise can write (CSV first, as every tabular built-in reads it) and plans
what happens to each column on the way (dropped, imputed, one-hot, codes, date parts).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache

from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.data.report import DataReport
from sagewise.knowledge.data.settings import data_settings
from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

# Built-ins that take missing values as they are (empty CSV fields).
HANDLES_MISSING = ("xgboost", "lightgbm", "catboost", "autogluon-tabular")
# Built-ins that take categories as integer codes listed in categorical_index.json.
CATEGORICAL_INDEX = ("lightgbm", "catboost")
# Built-ins that read every number as a magnitude (weights, distances): integer codes of
# categories would rank them, so many categories are hashed instead.
MAGNITUDE_MODELS = ("linear-learner", "knn", "kmeans", "pca", "factorization-machines",
                    "random-cut-forest")
DATE_PARTS = ("year", "month", "day", "day_of_week", "hour")


@dataclass(frozen=True)
class Layout:
    """One content type's layout (optionally for some algorithms only)."""

    content_type: str
    algorithms: tuple[str, ...]
    writable: bool
    suffix: str
    layout: str
    how: str


@lru_cache(maxsize=1)
def load_layouts() -> tuple[Layout, ...]:
    """``resources/data_shapes.toml``, validated."""
    path = resources_dir() / "data_shapes.toml"
    top = Table(load_toml(path, path.name), Where(path.name))
    out = []
    for t in top.tables("shape"):
        ct = t.str("content_type")
        t.where = Where(path.name, ct, "")
        writable = t.bool("writable")
        how = t.str("how", required=not writable)
        out.append(Layout(ct, t.str_list("algorithms", required=False), writable,
                          t.str("suffix", required=False), t.str("layout"), how))
        t.finish()
    top.finish()
    return tuple(out)


def layout_for(content_type: str, algorithm: str) -> Layout | None:
    """The layout of ``content_type`` for ``algorithm`` (its own entry first)."""
    generic = None
    for lay in load_layouts():
        if lay.content_type != content_type:
            continue
        if algorithm in lay.algorithms:
            return lay
        if not lay.algorithms and generic is None:
            generic = lay
    return generic


@dataclass
class ColumnStep:
    """What Convert does with one source column."""

    column: str
    action: str        # label | keep | impute | one-hot | codes | hash | date-parts | boolean | drop | text
    detail: str = ""
    fill: float | None = None
    categories: list = field(default_factory=list)
    parts: list = field(default_factory=list)       # date-parts: which parts are written
    buckets: int = 0                                # hash: how many one-hot buckets

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


@dataclass
class Shape:
    """The training input for one algorithm and the plan to produce it."""

    algorithm: str
    content_type: str
    layout: str
    writable: bool
    how: str
    supervised: bool
    accepted: list[str]
    steps: list[ColumnStep] = field(default_factory=list)
    label_classes: list = field(default_factory=list)   # code -> class value
    notes: list[str] = field(default_factory=list)
    suffix: str = ".csv"
    writes: str = ""     # what Convert writes: the content type itself, a CSV to load, or ""

    def to_dict(self) -> dict:
        """JSON form."""
        d = asdict(self)
        d["steps"] = [s.to_dict() for s in self.steps]
        return d


def sagemaker_shape(algorithm: str, report: DataReport,
                    content_type: str | None = None) -> Shape:
    """The input shape for ``algorithm`` and a column plan (InputError names a bad choice)."""
    catalog = load_catalog()
    if algorithm not in catalog.algorithms:
        raise InputError("algorithm", f"'{algorithm}' is not a SageMaker built-in algorithm id")
    algo = catalog.algorithms[algorithm]
    accepted = list(algo.training_content_types)
    if content_type is not None and content_type not in accepted:
        raise InputError("content type", f"{algo.name} trains on {', '.join(accepted)}, "
                         f"not {content_type}")
    if content_type is None:
        layouts = [(ct, layout_for(ct, algorithm)) for ct in accepted]
        writable = [ct for ct, lay in layouts if lay and lay.writable]
        content_type = ("text/csv" if "text/csv" in writable else
                        writable[0] if writable else accepted[0])
    lay = layout_for(content_type, algorithm)
    if lay is None:
        raise KnowledgeError(f"data_shapes.toml: no layout for {content_type}")
    supervised = "supervised" in algo.learning_types
    shape = Shape(algorithm, content_type, lay.layout, lay.writable, lay.how, supervised,
                  accepted, suffix=lay.suffix or ".out")
    if content_type == "text/csv" and not supervised:
        shape.content_type = "text/csv;label_size=0"
    if lay.writable:
        shape.writes = shape.content_type
        _plan(shape, report)
    elif content_type == "application/x-recordio-protobuf" and "text/csv" not in accepted \
            and algorithm != "seq2seq":
        # Written by the SDK from numbers: Convert prepares the label-first numeric CSV.
        shape.writes = "text/csv"
        shape.suffix = ".csv"
        _plan(shape, report)
    return shape


def _plan(shape: Shape, report: DataReport) -> None:
    s = data_settings()
    prof = report.profile
    target = report.target.name if report.target else None
    time_col = report.time.name if report.time else None
    if shape.supervised and target is None:
        raise InputError("target", f"{shape.algorithm} learns from labels: choose the target "
                         "column first")
    leak = {d["column"] for d in report.target.leakage} if report.target else set()
    dropped = {a.column for a in report.advice if a.id == "drop-column" and a.column}
    if shape.algorithm == "deepar":
        _plan_deepar(shape, report)
        return
    if shape.algorithm == "blazingtext":
        texts = [c.name for c in prof.columns if c.kind == "text"]
        if not texts:
            raise InputError("target", "BlazingText needs a free-text column; none was found")
        shape.steps = [ColumnStep(target, "label", "__label__<class> prefix"),
                       ColumnStep(texts[0], "text", "lower-cased, tokens separated by spaces")]
        return
    if target is not None and shape.supervised:
        shape.steps.append(ColumnStep(target, "label", "first column"))
        if report.target.problem != "regression":
            shape.label_classes = _label_classes(report)
            shape.notes.append("class codes: " + ", ".join(
                f"{i} = {v}" for i, v in enumerate(shape.label_classes[:10])))
    keeps_missing = shape.algorithm in HANDLES_MISSING
    for c in prof.columns:
        if c.name == target:
            if not shape.supervised:
                shape.steps.append(ColumnStep(c.name, "drop", "the target: "
                                              f"{shape.algorithm} is unsupervised"))
            continue
        if c.kind in ("id", "constant") or c.name in leak or c.name in dropped:
            why = ("an identifier" if c.kind == "id" else "a constant" if c.kind == "constant"
                   else "suspected leakage" if c.name in leak else "mostly empty")
            shape.steps.append(ColumnStep(c.name, "drop", why))
        elif c.kind == "text":
            shape.steps.append(ColumnStep(c.name, "drop", "free text: build text features "
                                          "separately (TF-IDF, embeddings)"))
        elif c.kind == "datetime":
            shape.steps.append(_date_step(prof, c.name, c.name == time_col))
        elif c.kind == "boolean":
            shape.steps.append(ColumnStep(c.name, "boolean", "1 for true/yes/1, else 0",
                                          categories=[str(v) for v, _ in c.top]))
        elif c.kind == "categorical":
            cats = _all_categories(report, c.name)
            many = c.unique > s.get("categorical", "one_hot_max") or len(cats) < c.unique
            if many and shape.algorithm in MAGNITUDE_MODELS:
                shape.steps.append(_hash_step(c, shape.algorithm, s.int("categorical",
                                                                        "hash_buckets")))
            elif shape.algorithm in CATEGORICAL_INDEX or many:
                shape.steps.append(ColumnStep(c.name, "codes", "integer codes by frequency "
                                              f"({len(cats):,} known; others -> "
                                              f"{len(cats)}): tree splits can isolate any "
                                              "code, so their arbitrary order matters "
                                              "little", categories=cats))
            else:
                shape.steps.append(ColumnStep(c.name, "one-hot", f"{len(cats)} columns",
                                              categories=[str(v) for v in cats]))
        else:
            if c.missing and not keeps_missing:
                use_median = abs(c.skew or 0) >= s.get("missing", "skew_for_median")
                fill = c.median if use_median and c.median is not None else c.mean
                shape.steps.append(ColumnStep(c.name, "impute", f"missing -> "
                                              f"{'median' if use_median else 'mean'} "
                                              f"{fill:.4g}", fill=fill))
            else:
                shape.steps.append(ColumnStep(c.name, "keep",
                                              "missing left empty (the algorithm handles "
                                              "it)" if c.missing else ""))
    if shape.algorithm in CATEGORICAL_INDEX:
        shape.notes.append("categorical_index.json beside the file lists the code columns "
                           "(the algorithm's categorical features)")


def _date_step(prof, name: str, is_time: bool) -> ColumnStep:
    """Date parts that vary in the sample; a part that never changes (the hour of a
    date-only column) would be a constant feature, so it is left out and said so."""
    import pandas as pd

    raw = prof.sample[name].dropna() if prof.sample is not None else None
    parts = list(DATE_PARTS)
    if raw is not None and len(raw):
        t = pd.to_datetime(raw, errors="coerce", format="ISO8601") if raw.dtype == object \
            else pd.to_datetime(raw, errors="coerce")
        t = t.dropna()
        if len(t):
            parts = [p for p in DATE_PARTS if getattr(t.dt, p).nunique() > 1]
    same = [p for p in DATE_PARTS if p not in parts]
    say = {"day_of_week": "day of week"}
    label = ", ".join(say.get(p, p) for p in parts)
    tail = " (the time column)" if is_time else ""
    if not parts:
        return ColumnStep(name, "drop", "a single date: every part is constant" + tail)
    detail = label + (f"; {', '.join(say.get(p, p) for p in same)} never change"
                      f"{'s' if len(same) == 1 else ''} in the sample, so "
                      f"{'it is' if len(same) == 1 else 'they are'} left out" if same else "")
    return ColumnStep(name, "date-parts", detail + tail, parts=parts)


def _hash_step(c, algorithm: str, buckets: int) -> ColumnStep:
    """Many categories for a model that reads numbers as magnitudes: hashed one-hot."""
    from sagewise.knowledge.catalog import load_catalog

    algos = load_catalog().algorithms
    name = algos[algorithm].name if algorithm in algos else algorithm
    return ColumnStep(c.name, "hash", f"{c.unique:,} categories hashed into {buckets} one-hot "
                      f"bucket columns: integer codes would tell {name} that one category is "
                      f"'more' than another, and one-hot would add {c.unique:,} sparse "
                      "columns. Alternatives: target encoding fitted on the training split "
                      "only, or drop the column if it adds little", buckets=buckets)


def _all_categories(report: DataReport, name: str) -> list[str]:
    c = report.profile.column(name)
    if c.categories:
        return list(c.categories)
    vc = report.profile.sample[name].dropna().astype(str).value_counts()
    return list(vc.index[:5000])


def _label_classes(report: DataReport) -> list[str]:
    classes = [str(v) for v, _ in report.target.classes]
    if set(classes) <= {"0", "1"} and len(classes) == 2:
        return ["0", "1"]
    try:
        return sorted(classes, key=float)
    except ValueError:
        return sorted(classes)


def _plan_deepar(shape: Shape, report: DataReport) -> None:
    if report.time is None:
        raise InputError("time column", "DeepAR needs the time column: choose it first")
    if report.target is None or report.target.problem != "regression":
        raise InputError("target", "DeepAR forecasts a numeric target: choose the value "
                         "column (e.g. sales) as the target")
    shape.steps = [ColumnStep(report.time.name, "start", "first time stamp of each series"),
                   ColumnStep(report.target.name, "label", "the series values, in time order")]
    if report.time.series_column:
        shape.steps.append(ColumnStep(report.time.series_column, "series",
                                      "one JSON line per value; its code goes in cat"))
