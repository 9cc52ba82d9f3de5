"""Small wording helpers shared by the views: counts with the right singular or plural."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 answer', '3 answers'; ``many`` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
