"""Evaluation metrics: definitions, the imbalanced-classification chooser, per-problem
defaults, the tuning objective to use, and the confusion-matrix calculator."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.catalog import Algorithm
from sagewise.knowledge.errors import DataError, InputError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

METRICS_FILE = "metrics.toml"


@dataclass(frozen=True)
class MetricDef:
    """One evaluation metric."""

    id: str
    name: str
    direction: str
    definition: str
    why: str
    objective_hints: tuple[str, ...]


@dataclass(frozen=True)
class ChooserAnswer:
    """An answer in the metric chooser: ends at a metric or goes to the next question."""

    id: str
    label: str
    metric: str
    next: str


@dataclass(frozen=True)
class ChooserQuestion:
    """A question of the metric chooser tree."""

    id: str
    prompt: str
    answers: tuple[ChooserAnswer, ...]


@dataclass(frozen=True)
class ConfusionDef:
    """Definition of a confusion-matrix measure (formula shown to the user)."""

    id: str
    name: str
    formula: str
    meaning: str


@dataclass(frozen=True)
class MetricData:
    """Everything in metrics.toml."""

    metrics: dict[str, MetricDef]
    chooser_root: str
    chooser: dict[str, ChooserQuestion]
    defaults: dict[str, tuple[str, ...]]
    confusion: tuple[ConfusionDef, ...]


def parse_metrics(data: dict, display: str = METRICS_FILE) -> MetricData:
    """Validate metrics.toml data."""
    top = Table(data, Where(display))
    metrics: dict[str, MetricDef] = {}
    for mid, t in top.entries("metrics", "metric"):
        metrics[mid] = MetricDef(mid, t.str("name"), t.choice("direction",
                                 ("maximize", "minimize")), t.str("definition"), t.str("why"),
                                 t.str_list("objective_hints", min_items=0))
        t.finish()
    chooser: dict[str, ChooserQuestion] = {}
    for qid, t in top.entries("chooser", "chooser"):
        answers = []
        for a in t.tables("answers", min_items=2):
            ans = ChooserAnswer(a.str("id"), a.str("label"), a.str("metric", required=False),
                                a.str("next", required=False))
            if bool(ans.metric) == bool(ans.next):
                raise a.where.fail("needs exactly one of 'metric' or 'next'")
            if ans.metric and ans.metric not in metrics:
                raise a.where.at("metric").fail(f"unknown metric '{ans.metric}'")
            answers.append(ans)
            a.finish()
        chooser[qid] = ChooserQuestion(qid, t.str("prompt"), tuple(answers))
        t.finish()
    root = top.str("chooser_root")
    if root not in chooser:
        raise top.where.at("chooser_root").fail(f"unknown chooser question '{root}'")
    for q in chooser.values():
        for a in q.answers:
            if a.next and a.next not in chooser:
                raise DataError(f"{display}: entry 'chooser {q.id}': field 'next': "
                                     f"unknown question '{a.next}'")
    defaults: dict[str, tuple[str, ...]] = {}
    for t in top.tables("defaults"):
        sid = t.str("set")
        ids = t.str_list("metrics", allowed=list(metrics))
        defaults[sid] = ids
        t.finish()
    confusion = []
    for t in top.tables("confusion"):
        confusion.append(ConfusionDef(t.str("id"), t.str("name"), t.str("formula"),
                                      t.str("meaning")))
        t.finish()
    top.finish()
    return MetricData(metrics, root, chooser, defaults, tuple(confusion))


def load_metrics_from(root: Path) -> MetricData:
    """Load metrics.toml from a resources folder."""
    return parse_metrics(load_toml(root / METRICS_FILE, METRICS_FILE))


@functools.cache
def load_metrics() -> MetricData:
    """The shipped metric data (cached)."""
    return load_metrics_from(resources_dir())


def walk_chooser(md: MetricData, answers: dict[str, str]) -> tuple[str, list[tuple[str, str]],
                                                                   str]:
    """Follow the chooser with ``answers``: (metric id or "", path, next unanswered question)."""
    path: list[tuple[str, str]] = []
    qid = md.chooser_root
    while True:
        q = md.chooser[qid]
        aid = answers.get(qid)
        if aid is None:
            return "", path, qid
        ans = next((a for a in q.answers if a.id == aid), None)
        if ans is None:
            raise InputError("answers", f"metric question '{qid}': unknown answer '{aid}' "
                             f"(allowed: {', '.join(a.id for a in q.answers)})")
        path.append((q.prompt, ans.label))
        if ans.metric:
            return ans.metric, path, ""
        qid = ans.next


# Words in a SageMaker metric name that tie it to one kind of classification.
_BINARY_ONLY = ("binary_",)
_MULTICLASS_ONLY = ("multiclass_", "macro_", ":dcg")


def _fits_label_kind(name: str, label_kind: str) -> bool:
    """False for a metric that only applies to the other kind of classification."""
    n = name.lower()
    if label_kind in ("multiclass", "multilabel"):
        return not any(w in n for w in _BINARY_ONLY)
    if label_kind == "binary":
        return not any(w in n for w in _MULTICLASS_ONLY)
    return True


def tuning_objective(metric: MetricDef, algorithm: Algorithm | None,
                     label_kind: str = "") -> tuple[str, bool]:
    """The algorithm's SageMaker tuning metric closest to ``metric``: (name, exact match).

    Hints are tried in order; the first hint is the metric itself, later ones are the
    closest stand-ins. For each hint a metric named exactly after it ("validation:rmse"
    for "rmse") wins over one that merely contains it ("validation:rmse" contains "mse"),
    and metrics for the other kind of classification are skipped when ``label_kind`` is
    known. Returns ("", False) when the algorithm offers nothing suitable.
    """
    if algorithm is None:
        return "", False
    names = [m.name for m in algorithm.objective_metrics
             if _fits_label_kind(m.name, label_kind)]
    for rank, hint in enumerate(metric.objective_hints):
        h = hint.lower()
        exact = [n for n in names if n.lower().rsplit(":", 1)[-1] == h]
        partial = [n for n in names if h in n.lower()]
        for n in exact + partial:
            return n, rank == 0
    return "", False


def choose_metric(md: MetricData, candidate_set: str, answers: dict[str, str],
                  algorithm: Algorithm | None) -> dict:
    """Pick the metric to judge a recommendation by, with the reasoning.

    Classification goes through the chooser tree; answers it lacks are defaulted from
    the wizard's ``class_balance`` / ``label_kind`` answers and reported as assumptions.
    """
    label_kind = answers.get("label_kind", "")
    imbalanced = answers.get("class_balance") == "imbalanced"
    path: list[tuple[str, str]] = []
    assumptions: list[str] = []
    alternatives: list[str] = []
    classification = candidate_set in ("tabular_classification", "text_classification",
                                       "image_classification")
    if classification and label_kind == "ranking":
        primary = "ndcg"
    elif classification and label_kind in ("multiclass", "multilabel"):
        primary = "macro_f1" if imbalanced or label_kind == "multilabel" else "accuracy"
        alternatives = ["accuracy" if primary == "macro_f1" else "macro_f1"]
    elif classification:
        primary, path, _ = walk_chooser(md, answers)
        if not primary:
            if imbalanced:
                primary = "pr_auc"
                assumptions.append("Assumed you rank scores and care most about the rare "
                                   "positive class (answer the metric questions to refine)")
            else:
                primary = "roc_auc" if answers.get("class_balance") == "balanced" else "pr_auc"
                assumptions.append("Assumed a threshold-free score metric (answer the metric "
                                   "questions to refine)")
        alternatives = [m for m in ("f1", "roc_auc", "pr_auc") if m != primary][:2]
    else:
        ids = md.defaults.get(candidate_set, ("service_quality",))
        primary, alternatives = ids[0], list(ids[1:])
    m = md.metrics[primary]
    objective, exact = tuning_objective(m, algorithm, label_kind)
    changed = next((om.note for om in (algorithm.objective_metrics if algorithm else ())
                    if om.name == objective and om.note), "")
    if objective and not exact:
        objective_note = (f"{algorithm.name} cannot tune on {m.name} directly; "
                          f"{objective} is the closest tuning metric it offers")
    elif changed:
        objective_note = f"{objective}: {changed}"
    elif not objective and algorithm is not None:
        objective_note = algorithm.metric_note or f"{algorithm.name} has no matching tuning metric"
    else:
        objective_note = ""
    return {
        "id": m.id,
        "name": m.name,
        "direction": m.direction,
        "definition": m.definition,
        "why": m.why,
        "path": [f"{q} -> {a}" for q, a in path],
        "assumptions": assumptions,
        "alternatives": [md.metrics[a].name for a in alternatives],
        "sagemaker_objective": objective,
        "objective_note": objective_note,
    }


# ---------------------------------------------------------------- confusion matrix


def _count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(name, f"must be a whole number (got {value!r})")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(name, "must be a finite whole number")
        if value != int(value):
            raise InputError(name, f"must be a whole number (got {value})")
    if value < 0:
        shown = int(value) if value == int(value) and value > -1e15 else f"{value:.3g}"
        raise InputError(name, f"must be zero or more (got {shown})")
    return int(value)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


# Why a confusion measure can be undefined: its denominator counts nothing (0/0).
_UNDEFINED_WHY = {
    "precision": "no predicted positives (TP + FP = 0)",
    "recall": "no actual positives (TP + FN = 0)",
    "specificity": "no actual negatives (TN + FP = 0)",
    "fpr": "no actual negatives (TN + FP = 0)",
    "f1": "precision or recall is undefined, or both are 0",
    "g_mean": "recall or specificity is undefined",
}


def metric_value_text(key: str, value: float | None) -> str:
    """A confusion measure as shown by the GUI and the CLI: 4 decimals, or "undefined"
    with the reason (0/0) when its denominator is zero."""
    if value is None:
        return f"undefined: {_UNDEFINED_WHY.get(key, 'division by zero')}"
    return f"{value:.4f}"


def confusion_metrics(tp: object, fp: object, fn: object, tn: object) -> dict[str, float | None]:
    """Accuracy, precision, recall, specificity, FPR, F1, misclassification and G-mean.

    Counts must be whole numbers >= 0 with a positive total. A ratio whose denominator
    is zero is undefined and returned as None (e.g. precision with no predicted positives).
    """
    tp_, fp_, fn_, tn_ = (_count(n, v) for n, v in
                          (("tp", tp), ("fp", fp), ("fn", fn), ("tn", tn)))
    total = tp_ + fp_ + fn_ + tn_
    if total == 0:
        raise InputError("tp", "all four counts are zero: nothing to evaluate")
    precision = _ratio(tp_, tp_ + fp_)
    recall = _ratio(tp_, tp_ + fn_)
    specificity = _ratio(tn_, tn_ + fp_)
    f1 = None
    if precision is not None and recall is not None and precision + recall > 0:
        f1 = 2 * precision * recall / (precision + recall)
    return {
        "accuracy": (tp_ + tn_) / total,
        "precision": precision,
        "recall": recall,
        "specificity": specificity,
        "fpr": None if specificity is None else 1.0 - specificity,
        "f1": f1,
        "misclassification": (fp_ + fn_) / total,
        "g_mean": None if recall is None or specificity is None
        else math.sqrt(recall * specificity),
    }
