"""The profile's thresholds, read strictly from ``resources/data_advice.toml``.

Every number is checked (present, a number, in range) and an unknown key is an error, so
a typo in the file fails at load with the file, section and field in the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "data_advice.toml"

# section -> {field: (minimum, maximum)}; the key set is the schema.
_NUMBERS = {
    "reader": {"max_columns": (1, 1e6), "full_pass_gb": (0.001, 1e6),
               "sample_head_rows": (0, 1e8), "sample_reservoir_rows": (100, 1e8),
               "sample_max_cells": (1e4, 1e10), "distinct_exact_up_to": (16, 1e7),
               "top_values_up_to": (10, 1e7), "duplicates_up_to_rows": (0, 1e10)},
    "kinds": {"id_unique_ratio": (0.5, 1), "id_min_rows": (2, 1e9),
              "text_min_words": (1, 1e4), "text_min_length": (1, 1e6),
              "datetime_parse_share": (0.5, 1)},
    "missing": {"drop_above": (0, 1), "model_above": (0, 1), "skew_for_median": (0, 100)},
    "numeric": {"log_skew": (0, 100), "outlier_iqr_factor": (0.1, 100),
                "outlier_share": (0, 1), "scale_range_ratio": (1, 1e9)},
    "categorical": {"one_hot_max": (2, 1e6), "high_cardinality_min": (2, 1e9),
                    "hash_buckets": (2, 1e5)},
    "target": {"regression_min_unique": (3, 1e9), "imbalance_below": (0, 0.5),
               "leakage_correlation": (0, 1), "leakage_purity": (0, 1),
               "leakage_presence_gap": (0.5, 1)},
    "correlation": {"pca_correlation": (0, 1), "pca_min_columns": (2, 1e6),
                    "pca_many_columns": (2, 1e9), "max_columns": (2, 1e6)},
    "answers": {"small_rows": (1, 1e12), "small_gb": (0, 1e6), "medium_gb": (0, 1e6),
                "medium_rows": (1, 1e13), "sparse_zero_share": (0, 1),
                "categorical_share": (0, 1), "categorical_min_columns": (1, 1e6),
                "many_series": (2, 1e9)},
}


@dataclass(frozen=True)
class DataSettings:
    """Thresholds by section: ``s.get("missing", "drop_above")``."""

    numbers: dict
    boolean_tokens: frozenset[str]

    def get(self, section: str, name: str) -> float:
        """One threshold."""
        return self.numbers[section][name]

    def int(self, section: str, name: str) -> int:
        """One threshold as a whole number."""
        return int(self.numbers[section][name])


def load_data_settings_from(path: Path) -> DataSettings:
    """Read and validate a thresholds file."""
    raw = load_toml(path, path.name)
    top = Table(raw, Where(path.name))
    numbers: dict = {}
    tokens: tuple[str, ...] = ()
    for section, fields in _NUMBERS.items():
        t = top.table(section)
        numbers[section] = {name: t.number(name, minimum=lo, maximum=hi)
                            for name, (lo, hi) in fields.items()}
        if section == "kinds":
            tokens = t.str_list("boolean_tokens")
        t.finish()
    top.finish()
    return DataSettings(numbers, frozenset(x.lower() for x in tokens))


@lru_cache(maxsize=1)
def data_settings() -> DataSettings:
    """The shipped thresholds (cached)."""
    return load_data_settings_from(resources_dir() / FILE)
