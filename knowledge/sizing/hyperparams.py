"""Small hyperparameter formulas from the algorithm documentation.

- IP Insights: num_entity_vectors = 2 x unique entity ids (1 to 250,000,000).
- Random Cut Forest: num_samples_per_tree ~ 1 / expected anomaly ratio, clamped to 1..2048
  (the default 256 corresponds to about 0.4% anomalies).
- XGBoost: scale_pos_weight = negatives / positives ("a typical value to consider").
"""

from __future__ import annotations

from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sizing.inputs import number
from sagewise.knowledge.sizing.limits import limit


def ip_insights_entity_vectors(unique_entities: float) -> dict:
    """Recommended num_entity_vectors for a number of unique entities."""
    n = number("unique_entities", unique_entities, positive=True, integer=True, maximum=1e15)
    top = int(limit("ipinsights.num_entity_vectors_max"))
    value = int(2 * n)
    notes = ["Twice the unique entities keeps hash collisions rare."]
    if value > top:
        notes.append(f"2 x {n:,.0f} exceeds the maximum {top:,}; capped (expect collisions).")
        value = top
    return {"num_entity_vectors": value, "notes": notes}


def rcf_samples_per_tree(anomaly_ratio: float) -> dict:
    """num_samples_per_tree from the expected share of anomalies (0 < ratio <= 1)."""
    r = number("anomaly_ratio", anomaly_ratio, positive=True, maximum=1)
    lo = int(limit("rcf.num_samples_per_tree_min"))
    hi = int(limit("rcf.num_samples_per_tree_max"))
    raw = 1 / r  # inf for a subnormal ratio: clamped below, never rounded
    value = hi if raw > hi else max(lo, round(raw))
    notes = [f"1 / {r:g} = {raw:,.1f}." if raw <= 1e15 else f"1 / {r:g} is over {hi:,}."]
    if raw > hi:
        notes.append(f"Clamped to the maximum {hi}: anomalies rarer than 1 in {hi} are "
                     "beyond what the sample size can express.")
    return {"num_samples_per_tree": value, "notes": notes}


def xgboost_scale_pos_weight(negatives: float, positives: float) -> dict:
    """scale_pos_weight = negatives / positives."""
    neg = number("negatives", negatives, minimum=0, integer=True)
    pos = number("positives", positives, positive=True, integer=True)
    if neg == 0:
        raise InputError("negatives", "must be greater than 0: with no negatives there is "
                         "nothing to balance")
    return {"scale_pos_weight": neg / pos,
            "notes": ["A typical value to consider (XGBoost docs); tune around it, and judge "
                      "with PR AUC or F1 rather than accuracy."]}
