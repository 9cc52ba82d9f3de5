"""Wizard answers suggested by a profile, each with the evidence behind it.

Question and answer ids are those of ``resources/decision_graph.toml`` (checked by a
test): data_size, sparse, categorical, labels, label_kind, class_balance, series_count.
They are suggestions: the wizard shows them for the user to confirm.
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
    why["data_size"] = f"{approx}{rows:,} rows, {gb:,.2f} GB on disk"

    features = [c for c in prof.columns if not target or c.name != target.name]
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
                              + (f"; {len(high)} with many values ({high[0].name}: "
                                 f"{high[0].unique:,})" if high else ""))

    if target is not None:
        a["labels"] = "yes"
        why["labels"] = f"target column '{target.name}'"
        if target.problem in ("binary", "multiclass"):
            a["label_kind"] = target.problem
            why["label_kind"] = f"'{target.name}' has {len(target.classes)} classes"
            if target.minority_fraction is not None:
                rare = target.minority_fraction < s.get("target", "imbalance_below")
                a["class_balance"] = "imbalanced" if rare else "balanced"
                why["class_balance"] = (f"smallest class '{target.minority_class}' is "
                                        f"{target.minority_fraction:.1%} of rows")
    if time is not None and time.series is not None:
        a["series_count"] = "many" if time.series >= s.get("answers", "many_series") else "one"
        why["series_count"] = (f"{time.series:,} series"
                               + (f" (one per '{time.series_column}')" if time.series_column
                                  else " (each time stamp appears once)" if time.series == 1
                                  else f" ({time.series:,} rows share each time stamp)"))
    return a, why
