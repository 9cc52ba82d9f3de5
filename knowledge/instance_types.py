"""Valid SageMaker instance types per phase (training, hosting, batch transform).

Copied into ``resources/instance_types.toml`` from the botocore service model, so the app
can check offline that every instance type it suggests exists for that phase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "instance_types.toml"
PHASES = ("training", "hosting", "transform")
_NAME = re.compile(r"^ml\.[a-z0-9-]+\.[a-z0-9]+$")


@dataclass(frozen=True)
class ValidInstanceTypes:
    """The three enums and where they came from."""

    source: str
    as_of: str
    by_phase: dict[str, frozenset[str]]

    def valid(self, instance_type: str, phase: str) -> bool:
        """True when ``instance_type`` exists for ``phase`` in the SageMaker API."""
        return instance_type in self.by_phase[phase]


def parse_instance_types(data: dict, display: str = FILE) -> ValidInstanceTypes:
    """Validate the file: names look like ml.<family>.<size>."""
    t = Table(data, Where(display))
    by_phase = {}
    for phase in PHASES:
        names = t.str_list(phase)
        for i, n in enumerate(names):
            if not _NAME.match(n):
                raise t.where.at(phase).item(i).fail(f"'{n}' is not an ml.* instance type")
        by_phase[phase] = frozenset(names)
    out = ValidInstanceTypes(t.str("source"), t.str("as_of"), by_phase)
    t.finish()
    return out


def load_instance_types_from(root: Path) -> ValidInstanceTypes:
    """Load from a resources folder."""
    return parse_instance_types(load_toml(root / FILE, FILE))


@functools.cache
def load_instance_types() -> ValidInstanceTypes:
    """The shipped enums (cached)."""
    return load_instance_types_from(resources_dir())
