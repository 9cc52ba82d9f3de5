"""Validation of calculator inputs: every error names the field and what is allowed."""

from __future__ import annotations

import math

from sagewise.knowledge.errors import InputError


def number(field: str, value: object, *, minimum: float | None = None,
           maximum: float | None = None, positive: bool = False, integer: bool = False,
           allow_none: bool = False) -> float | None:
    """Check one numeric input and return it as float (or None when allowed).

    Rejects booleans, strings, NaN and infinities; ``positive`` excludes zero.
    """
    if value is None:
        if allow_none:
            return None
        raise InputError(field, "is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(field, f"must be a number (got {value!r})")
    v = float(value)
    if math.isnan(v):
        raise InputError(field, "must be a number (got NaN)")
    if math.isinf(v):
        raise InputError(field, "must be finite")
    if integer and v != int(v):
        raise InputError(field, f"must be a whole number (got {_fmt(v)})")
    if positive and v <= 0:
        raise InputError(field, f"must be greater than 0 (got {_fmt(v)})")
    if minimum is not None and v < minimum:
        raise InputError(field, f"must be at least {_fmt(minimum)} (got {_fmt(v)})")
    if maximum is not None and v > maximum:
        raise InputError(field, f"must be at most {_fmt(maximum)} (got {_fmt(v)})")
    return v


def choice(field: str, value: object, allowed: tuple[str, ...]) -> str:
    """Check a string input against a fixed set."""
    if value not in allowed:
        raise InputError(field, f"must be one of {', '.join(allowed)} (got {value!r})")
    return str(value)


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else f"{v:g}"


def compact(v: float) -> str:
    """A number for a message: grouped digits, or three significant digits when huge."""
    return f"{v:,.0f}" if abs(v) < 1e15 else f"{v:.3g}"


def ceil_shards(x: float) -> int:
    """Ceiling that ignores float noise (2.0000000000004 -> 2)."""
    return math.ceil(round(x, 9))
