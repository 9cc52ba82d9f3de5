"""Reading a number a person typed: one parser for GUI fields and CLI flags.

Accepts what people write: "2000", "2,000", "2 000", "1_000_000", "1.5e6", "+3", "0.4".
Rejects what would silently change the value or is not a number: text, NaN, infinity,
and commas that are not thousands separators ("1,5" is a decimal comma: ambiguous, so
the message asks for a point instead of reading it as 15).
"""

from __future__ import annotations

import math
import re

from sagewise.knowledge.errors import InputError

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")


def parse_number(text: object, field: str, *, allow_empty: bool = True) -> float | None:
    """The number in ``text``; None for empty text when ``allow_empty``.

    Raises :class:`InputError` naming ``field`` with what is wrong and what is allowed.
    """
    if isinstance(text, bool):
        raise InputError(field, f"must be a number (got {text!r})")
    if isinstance(text, (int, float)):
        value = float(text)
        raw = repr(text)
    else:
        raw = str(text) if text is not None else ""
        cleaned = raw.strip().replace("_", "").replace("\u00a0", " ").replace(" ", "")
        if not cleaned:
            if allow_empty:
                return None
            raise InputError(field, "is empty: enter a number")
        if "," in cleaned:
            if not _GROUPED.match(cleaned):
                raise InputError(field, f"'{raw.strip()}' is not a number: decimals take a "
                                 "point (1.5); commas only group thousands (1,000)")
            cleaned = cleaned.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise InputError(field, f"'{raw.strip()}' is not a number") from None
    if math.isnan(value):
        raise InputError(field, "must be a number (got NaN)")
    if math.isinf(value):
        raise InputError(field, f"must be finite (got {raw.strip()})")
    return value
