"""The troubleshooting table: symptom -> likely causes -> remedies, with a text search."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.catalog import Catalog
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

TROUBLE_FILE = "troubleshooting.toml"


@dataclass(frozen=True)
class Trouble:
    """One symptom with its causes and remedies."""

    id: str
    symptom: str
    keywords: tuple[str, ...]
    causes: tuple[str, ...]
    remedies: tuple[str, ...]
    applies_to: tuple[str, ...]


def parse_troubles(data: dict, catalog: Catalog | None = None,
                   display: str = TROUBLE_FILE) -> tuple[Trouble, ...]:
    """Validate troubleshooting data; ``applies_to`` ids must exist in the catalog."""
    top = Table(data, Where(display))
    out = []
    seen: set[str] = set()
    for tid, t in top.entries("entry"):
        if tid in seen:
            raise t.where.at("id").fail("duplicate id")
        seen.add(tid)
        applies = t.str_list("applies_to", required=False)
        if catalog is not None:
            for a in applies:
                if a not in catalog:
                    raise t.where.at("applies_to").fail(f"unknown algorithm '{a}'")
        out.append(Trouble(tid, t.str("symptom"), t.str_list("keywords"), t.str_list("causes"),
                           t.str_list("remedies"), applies))
        t.finish()
    top.finish()
    return tuple(out)


def load_troubles_from(root: Path, catalog: Catalog | None = None) -> tuple[Trouble, ...]:
    """Load the table from a resources folder."""
    return parse_troubles(load_toml(root / TROUBLE_FILE, TROUBLE_FILE), catalog)


@functools.cache
def load_troubles() -> tuple[Trouble, ...]:
    """The shipped table (cached)."""
    from sagewise.knowledge.catalog import load_catalog

    return load_troubles_from(resources_dir(), load_catalog())


def search(troubles: tuple[Trouble, ...], text: str, algorithm: str = "") -> list[Trouble]:
    """Entries matching free text, best first (keyword phrase hits, then word overlap)."""
    if not isinstance(text, str):
        raise KnowledgeError("search text must be a string")
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    low = text.lower()
    scored = []
    for t in troubles:
        score = sum(3 for k in t.keywords if k in low)
        body = " ".join((t.symptom, *t.keywords)).lower()
        score += len(words & set(re.findall(r"[a-z0-9]+", body)) - _STOP)
        if algorithm and algorithm in t.applies_to:
            score += 2
        if score:
            scored.append((score, t))
    scored.sort(key=lambda p: -p[0])
    return [t for _, t in scored]


_STOP = {"the", "a", "an", "is", "and", "or", "of", "to", "in", "my", "it", "too", "are", "but",
         "with", "on", "for", "not", "very"}
