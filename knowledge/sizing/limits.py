"""AWS limits and rule-of-thumb constants, each with its source and date (limits.toml)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "limits.toml"


@dataclass(frozen=True)
class Limit:
    """One limit and where it comes from."""

    id: str
    value: float
    unit: str
    label: str
    source: str
    as_of: str


def parse_limits(data: dict, display: str = FILE) -> dict[str, Limit]:
    """Validate limits.toml."""
    top = Table(data, Where(display))
    out: dict[str, Limit] = {}
    for ident, t in top.entries("limit"):
        if ident in out:
            raise t.where.at("id").fail("duplicate id")
        out[ident] = Limit(ident, t.number("value", minimum=0.0), t.str("unit", required=False),
                           t.str("label"), t.str("source"), t.str("as_of"))
        t.finish()
    top.finish()
    return out


def load_limits_from(root: Path) -> dict[str, Limit]:
    """Load from a resources folder."""
    return parse_limits(load_toml(root / FILE, FILE))


@functools.cache
def load_limits() -> dict[str, Limit]:
    """The shipped limits (cached)."""
    return load_limits_from(resources_dir())


def limit(ident: str) -> float:
    """Value of one limit (KeyError names a missing id)."""
    return load_limits()[ident].value
