"""What the sizing calculators take from the wizard: the dataset size class and the
recommended algorithm.

The wizard asks for a size class, not a number, so the dataset size it implies is an
assumption (the class's upper bound, from the answer's own help text) and is labelled
as one wherever it is shown; a value the user types always wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sagewise.knowledge.catalog import load_catalog

# data_size answer -> (GB assumed, why): the upper end of each class as the wizard
# describes it ("Small: under 1 GB", "Medium: up to ~10 GB", "Large: tens of GB to TB").
DATASET_GB = {
    "small": (1.0, "Small (under 1 GB)"),
    "medium": (10.0, "Medium (up to ~10 GB)"),
    "large": (100.0, "Large (tens of GB to terabytes; 100 GB assumed)"),
}


@dataclass(frozen=True)
class WizardSizing:
    """Inputs for the sizing calculators implied by the wizard."""

    dataset_gb: float | None
    dataset_why: str
    algorithm: str | None
    algorithm_name: str


def sizing_from_wizard(answers: dict[str, str], ranked_ids: list[str]) -> WizardSizing:
    """Dataset size and algorithm for the sizing panel from the wizard's answers and the
    recommendation's ranking (best first; managed services are skipped)."""
    gb, why = DATASET_GB.get(answers.get("data_size", ""), (None, ""))
    algorithms = load_catalog().algorithms
    best = next((i for i in ranked_ids if i in algorithms), None)
    return WizardSizing(gb, why, best, algorithms[best].name if best else "")
