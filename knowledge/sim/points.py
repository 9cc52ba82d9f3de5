"""Load numeric points from a CSV (a header row is allowed) for the k-means tools."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.errors import InputError

MAX_BYTES = 2_000_000_000


def load_points(path: str | Path, field: str = "data") -> np.ndarray:
    """A float array from a CSV of numeric columns; the first row may be a header.

    Errors name ``field`` and say what is wrong: missing file, empty, binary, a text cell
    (with its row and column), missing values.
    """
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise InputError(field, f"file not found: {path}")
    size = p.stat().st_size
    if size == 0:
        raise InputError(field, f"{p.name} is empty")
    if size > MAX_BYTES:
        raise InputError(field, f"{p.name} is larger than {MAX_BYTES / 1e9:.0f} GB")
    with p.open("rb") as fh:
        if b"\x00" in fh.read(8192):
            raise InputError(field, f"{p.name} looks binary, not CSV text")
    try:
        raw = pd.read_csv(p, header=None, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(field, f"{p.name} is not a readable CSV: {exc}") from None
    numeric = raw.apply(pd.to_numeric, errors="coerce")
    start = 0
    if len(raw) and numeric.iloc[0].isna().any():
        start = 1  # a header row
    body, values = raw.iloc[start:], numeric.iloc[start:]
    if body.empty:
        raise InputError(field, f"{p.name} has no data rows")
    bad = values.isna() & (body != "")
    if bad.to_numpy().any():
        r, c = np.argwhere(bad.to_numpy())[0]
        raise InputError(field, f"{p.name} row {r + start + 1}, column {c + 1}: "
                         f"'{body.iat[r, c]}' is not a number")
    if (body == "").to_numpy().any():
        r, c = np.argwhere((body == "").to_numpy())[0]
        raise InputError(field, f"{p.name} row {r + start + 1}, column {c + 1} is empty")
    arr = values.to_numpy(dtype=float)
    if not np.isfinite(arr).all():
        raise InputError(field, f"{p.name} contains infinite values")
    return arr
