"""Data-preparation advice from a profile: stable ids, the column, and the reason.

The ids are part of the ``profile`` command's contract (PRODUCT.md). The rules follow the
study notes and common practice: mean or median imputation by skew, the mode for
categories, model-based imputation (kNN, MICE) when much is missing, dropping only mostly
empty columns; log transforms for right skew; scaling for distance- and gradient-based
algorithms; one-hot for few categories and hashing / target encoding / Factorization
Machines for many; text and datetime features; class weights or resampling for a rare
class judged by PR AUC or F1; leakage and id columns; duplicates; outliers investigated
before being dropped; a time-based or stratified split. Thresholds: data_advice.toml.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sagewise.knowledge.data.profile import Profile
from sagewise.knowledge.data.settings import DataSettings, data_settings
from sagewise.knowledge.data.target import TargetInfo, TimeInfo
from sagewise.knowledge.wording import count

ADVICE_IDS = ("impute-mean", "impute-median", "impute-mode", "impute-model", "drop-column",
              "drop-id", "log-transform", "scale", "one-hot", "high-cardinality",
              "text-features", "datetime-features", "class-imbalance", "leakage",
              "duplicates", "outliers", "time-split", "stratified-split", "pca")

# Algorithms whose results depend on feature scale (distances or gradient steps).
SCALE_SENSITIVE = ("kmeans", "knn", "linear-learner", "pca", "factorization-machines")


@dataclass(frozen=True)
class Advice:
    """One piece of advice."""

    id: str
    column: str | None
    why: str

    def to_dict(self) -> dict:
        """JSON form: id, column, why."""
        return asdict(self)


def _pct(x: float) -> str:
    return f"{x:.1%}" if x < 0.1 else f"{x:.0%}"


def advise(prof: Profile, target: TargetInfo | None = None, time: TimeInfo | None = None,
           algorithm: str | None = None, s: DataSettings | None = None) -> list[Advice]:
    """Every piece of advice the profile supports: leakage first, dataset-wide items last."""
    s = s or data_settings()
    out: list[Advice] = []
    tname = target.name if target else None
    leak_cols = {d["column"] for d in target.leakage} if target else set()
    for c in prof.columns:
        if c.name == tname:
            continue
        if c.name in leak_cols:
            # Only the leak: imputing it, encoding it or flagging its gaps would hand the
            # model the answer (a 'was missing' flag is the target itself).
            d = next(d for d in target.leakage if d["column"] == c.name)
            tail = (" Do not impute it or add a 'was missing' flag: its gaps are the "
                    "answer." if d.get("signal") == "missing" else "")
            out.append(Advice("leakage", c.name, f"{d['why']}. It is probably derived from "
                              "the target or only known after the outcome: check how it is "
                              "produced and drop it unless it is available at prediction "
                              "time." + tail))
            continue
        if c.kind == "constant":
            out.append(Advice("drop-column", c.name, f"{c.why_kind}: a column that never "
                              "changes carries no information"))
            continue
        if c.kind == "id":
            out.append(Advice("drop-id", c.name, f"an identifier ({c.why_kind}): it names "
                              "rows rather than describing them, so a model would memorise "
                              "it; keep it aside to join results back"))
            continue
        out += _missing_advice(c, s)
        if c.kind == "numeric":
            out += _numeric_advice(c, s)
        elif c.kind == "categorical":
            if c.unique <= s.get("categorical", "one_hot_max"):
                out.append(Advice("one-hot", c.name, f"{c.unique} categories: one-hot "
                                  "encoding adds only a few columns and suits every "
                                  "algorithm"))
            elif c.unique >= s.get("categorical", "high_cardinality_min"):
                out.append(Advice("high-cardinality", c.name, f"{c.unique:,} categories: "
                                  "one-hot would add too many sparse columns, and integer "
                                  "codes would rank them for linear and distance models. "
                                  "Use feature hashing (Convert hashes them for Linear "
                                  "Learner, k-NN, k-means, PCA, Factorization Machines and "
                                  "Random Cut Forest) or target encoding (fitted on the "
                                  "training split only), an algorithm that encodes "
                                  "categories itself (CatBoost, LightGBM), Factorization "
                                  "Machines on the one-hot ids, or drop the column if it "
                                  "adds little"))
        elif c.kind == "text":
            out.append(Advice("text-features", c.name, f"free text (about "
                              f"{c.words_mean:.0f} words per value"
                              + (f", {c.vocabulary:,} distinct words in the sample"
                                 if c.vocabulary else "")
                              + "): tokenise and build n-gram / TF-IDF features, or learn "
                              "embeddings with BlazingText or Object2Vec"))
        elif c.kind == "datetime":
            out.append(Advice("datetime-features", c.name, "a date or time: a model cannot "
                              "use raw timestamps well; derive parts (hour, day of week, "
                              "month, holiday flags) and elapsed times (days since an "
                              "event)"))
    out += _dataset_advice(prof, target, time, algorithm, s)
    # A leak invalidates everything else a model learns: it comes first.
    return sorted(out, key=lambda a: a.id != "leakage")


def _missing_advice(c, s: DataSettings) -> list[Advice]:
    f = c.missing_fraction
    if not c.missing:
        return []
    share = f"{_pct(f)} missing ({c.missing:,} rows)"
    if f >= s.get("missing", "drop_above"):
        return [Advice("drop-column", c.name, f"{share}: mostly empty. Drop it, or keep only "
                       "a 'was missing' flag if the absence itself means something")]
    if f >= s.get("missing", "model_above"):
        return [Advice("impute-model", c.name, f"{share}: too much to fill with one value "
                       "without distorting it; impute from the other columns (kNN or "
                       "iterative/MICE imputation) and add a 'was missing' flag")]
    if c.kind == "numeric":
        skew = c.skew or 0.0
        if abs(skew) >= s.get("missing", "skew_for_median"):
            return [Advice("impute-median", c.name, f"{share} and skewed (skew {skew:.1f}): "
                           "the median is not pulled by the long tail as the mean is")]
        return [Advice("impute-mean", c.name, f"{share}, roughly symmetric (skew "
                       f"{skew:.1f}): the mean is a fair fill")]
    if c.kind in ("categorical", "boolean"):
        return [Advice("impute-mode", c.name, f"{share}: fill with the most frequent value"
                       + (f" ('{c.top[0][0]}')" if c.top else "")
                       + ", or a separate 'missing' category")]
    if c.kind == "datetime":
        return [Advice("impute-model", c.name, f"{share}: a missing date is rarely a "
                       "typical date; estimate it from related columns or flag it")]
    return [Advice("impute-mode", c.name, f"{share}: fill with an empty value and a "
                   "'was missing' flag")]


def _numeric_advice(c, s: DataSettings) -> list[Advice]:
    out = []
    skew = c.skew
    if skew is not None and skew >= s.get("numeric", "log_skew"):
        low = c.min if isinstance(c.min, (int, float)) else None
        how = ("log(1 + x)" if low is not None and low >= 0 else
               "a Yeo-Johnson power transform (it has negative values)")
        out.append(Advice("log-transform", c.name, f"right-skewed (skew {skew:.1f}): {how} "
                          "makes the long tail tractable for linear and distance-based "
                          "models"))
    if c.outlier_fraction is not None and c.outlier_fraction >= s.get("numeric",
                                                                      "outlier_share"):
        out.append(Advice("outliers", c.name, f"{_pct(c.outlier_fraction)} of sampled values "
                          "lie beyond 1.5 IQR of the quartiles. Investigate before dropping "
                          "(errors, or the rare events that matter?); cap or transform them, "
                          "or use Random Cut Forest when the anomalies are the point"))
    return out


# How each built-in re-weights classes (from resources/algorithms/*.toml and the SageMaker
# hyperparameter pages), by problem. Algorithms not listed: resample instead.
CLASS_WEIGHTS = {
    "binary": {
        "xgboost": "XGBoost scale_pos_weight = negatives / positives = {ratio}",
        "linear-learner": "Linear Learner positive_example_weight_mult=balanced",
    },
    "multiclass": {
        "xgboost": "XGBoost reads them from a weight column right after the label with "
                   "csv_weights=1 (scale_pos_weight is for two classes only)",
        "linear-learner": "Linear Learner balances them itself with "
                          "balance_multiclass_weights=true",
    },
}


def _algorithm_name(ident: str) -> str:
    from sagewise.knowledge.catalog import load_catalog

    algos = load_catalog().algorithms
    return algos[ident].name if ident in algos else ident


def _imbalance_why(target: TargetInfo, algorithm: str | None) -> str:
    """Class-imbalance advice that fits the number of classes (and the algorithm)."""
    minority, share = target.minority_class, target.minority_fraction
    options = CLASS_WEIGHTS[target.problem]
    ratio = f"{(1 - share) / share:.0f}" if share else "?"
    if algorithm:
        known = options.get(algorithm)
        settings = [known.format(ratio=ratio)] if known else []
        missing = None if known else (f"{_algorithm_name(algorithm)} has no class-weight "
                                      "setting in SageWise's notes")
    else:
        settings, missing = [t.format(ratio=ratio) for t in options.values()], None
    if target.problem == "binary":
        how = (f"weight classes ({'; '.join(settings)}) or resample" if settings else
               f"{missing}: resample")
        return (f"class '{minority}' is only {_pct(share)} of rows: {how} (SMOTE, ADASYN) "
                "on the training split only; judge by PR AUC or F1, not accuracy")
    k = len(target.classes)
    big, big_share = target.classes[0]
    weights = ", ".join(f"{c} {1 / (k * f):.2g}" for c, f in target.classes[:6] if f)
    sm = (f" In SageMaker: {'; '.join(settings)}. Or oversample" if settings else
          f" {missing}: oversample")
    return (f"class '{minority}' is only {_pct(share)} of rows ({k} classes; the largest, "
            f"'{big}', is {_pct(big_share)}). Weight each class by rows / ({k} x its rows), "
            f"here {weights}, as per-row sample weights.{sm} the rare classes "
            "(SMOTE, ADASYN) on the training split only. Judge by macro-averaged F1 and "
            "per-class recall, not accuracy")


def _dataset_advice(prof: Profile, target: TargetInfo | None, time: TimeInfo | None,
                    algorithm: str | None, s: DataSettings) -> list[Advice]:
    out = []
    tname = target.name if target else None
    numeric = [c for c in prof.columns if c.kind == "numeric" and c.name != tname]
    spreads = [c.std for c in numeric if c.std]
    if len(spreads) >= 2:
        ratio = max(spreads) / min(spreads) if min(spreads) > 0 else float("inf")
        sensitive = algorithm in SCALE_SENSITIVE
        if ratio >= s.get("numeric", "scale_range_ratio") or sensitive:
            widest = max(numeric, key=lambda c: c.std or 0)
            narrowest = min(numeric, key=lambda c: c.std or float("inf"))
            out.append(Advice("scale", None, f"numeric columns differ in spread up to "
                              f"{ratio:,.0f}x ({widest.name} vs {narrowest.name}): "
                              "standardise them for k-means, k-NN, Linear Learner, PCA and "
                              "Factorization Machines, which use distances or gradient "
                              "steps (tree models do not need it)"
                              + (f"; {algorithm} is one of them" if sensitive else "")))
    if prof.duplicate_rows:
        share = prof.duplicate_rows / max(1, prof.duplicates_checked_rows)
        out.append(Advice("duplicates", None, f"{count(prof.duplicate_rows, 'duplicate row')} "
                          f"({_pct(share)}): remove {'it' if prof.duplicate_rows == 1 else 'them'}, or "
                          "make sure copies never land on "
                          "both sides of the train/test split (inflated scores)"))
    if target is not None and target.problem != "regression" and \
            target.minority_fraction is not None and \
            target.minority_fraction < s.get("target", "imbalance_below"):
        out.append(Advice("class-imbalance", target.name, _imbalance_why(target, algorithm)))
    if time is not None:
        extra = []
        if time.sorted is False:
            extra.append("the file is not in time order: sort it first")
        if time.gaps:
            extra.append(f"{count(time.gaps, 'gap')} where steps of {time.step} are missing")
        out.append(Advice("time-split", time.name, "a time column: train on the past and "
                          "validate on a later period (a random split leaks the future)"
                          + ("; " + "; ".join(extra) if extra else "")))
    elif target is not None and target.problem != "regression":
        out.append(Advice("stratified-split", target.name, "keep each class's share the same "
                          "in training, validation and test splits (stratified split or "
                          "StratifiedKFold)"
                          + (", essential with a rare class" if target.minority_fraction
                             and target.minority_fraction < 0.1 else "")))
    strong = [t for t in prof.correlations
              if abs(t[2]) >= s.get("correlation", "pca_correlation")
              and tname not in (t[0], t[1])]
    if (len(numeric) >= s.get("correlation", "pca_min_columns") and strong) or \
            len(numeric) >= s.get("correlation", "pca_many_columns"):
        why = (f"{count(len(strong), 'strongly correlated numeric pair')}, e.g. {strong[0][0]} and "
               f"{strong[0][1]} (r = {strong[0][2]:+.2f})" if strong else
               f"{len(numeric)} numeric columns")
        out.append(Advice("pca", None, f"{why}: PCA (or dropping one of each pair) removes "
                          "the redundancy that destabilises linear models"))
    return out
