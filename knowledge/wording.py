"""Counts in sentences with the right singular or plural ("1 epoch", "5 epochs"), so
results never hedge with a bracketed plural."""

from __future__ import annotations


def count(n: float, word: str, many: str | None = None, *, shown: str | None = None) -> str:
    """'1 shard', '3 shards', '2.5 epochs'; ``many`` for irregular plurals, ``shown`` for the
    number as already formatted (thousands separators, signs)."""
    number = shown if shown is not None else f"{n:,}" if isinstance(n, int) else f"{n:g}"
    return f"{number} {word if abs(n) == 1 else (many or word + 's')}"


def article(word: str) -> str:
    """'a training' / 'an inference': the indefinite article for the word that follows."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def labelled(label: str, items, most: int = 3) -> str:
    """'(cue: a; b)' with what was found, '(cue)' with nothing to quote, '' with neither:
    never a label followed by nothing."""
    shown = "; ".join(str(i) for i in list(items)[:most] if str(i).strip())
    if label and shown:
        return f"({label}: {shown})"
    return f"({label or shown})" if (label or shown) else ""
