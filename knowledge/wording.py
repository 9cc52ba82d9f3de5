"""Counts in sentences with the right singular or plural ("1 epoch", "5 epochs"), so
results never hedge with a bracketed plural."""

from __future__ import annotations


def count(n: float, word: str, many: str | None = None, *, shown: str | None = None) -> str:
    """'1 shard', '3 shards', '2.5 epochs'; ``many`` for irregular plurals, ``shown`` for the
    number as already formatted (thousands separators, signs)."""
    number = shown if shown is not None else f"{n:,}" if isinstance(n, int) else f"{n:g}"
    return f"{number} {word if abs(n) == 1 else (many or word + 's')}"
