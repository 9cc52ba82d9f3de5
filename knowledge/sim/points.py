"""Load numeric points from a CSV (a header row is allowed) for the k-means tools.

The file is read in blocks of about a megabyte (see :mod:`knowledge.bounded_read`), so a
binary or enormous file is refused at its first bad block, and memory stays near the size
of the points themselves, which are capped at :data:`MAX_VALUES` numbers.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
from sagewise.knowledge.bounded_read import (
    check_file,
    iter_line_blocks,
    open_binary,
    short,
)
from sagewise.knowledge.errors import InputError

MAX_BYTES = 2_000_000_000
MAX_VALUES = 10_000_000   # rows x columns: 80 MB of float64, k-means stays interactive
MAX_COLUMNS = 10_000


def load_points(path: str | Path, field: str = "data") -> np.ndarray:
    """A float array from a CSV of numeric columns; the first row may be a header.

    Errors name ``field`` and say what is wrong: missing file, empty, binary, a text cell
    (with its row and column), missing values, too many numbers.
    """
    p, _ = check_file(path, field, MAX_BYTES)
    name = short(p.name)
    parts: list[np.ndarray] = []
    columns = 0
    rows = 0          # data rows so far
    header = 0        # 1 when the first row is a header
    line = 0          # file lines consumed so far (header included)
    with open_binary(p, field) as fh:
        for text in iter_line_blocks(fh, field, p.name):
            raw = _read_block(text, field, name, line)
            line += text.count("\n") + (0 if text.endswith("\n") else 1)
            if raw.empty:
                continue
            if not columns:
                columns = raw.shape[1]
                if columns > MAX_COLUMNS:
                    raise InputError(field, f"{name} has {columns:,} columns (at most "
                                            f"{MAX_COLUMNS:,})")
                if _is_header(raw.iloc[0]):
                    raw = raw.iloc[1:]
                    header = 1
            first_row = header + rows + 1  # file row of the block's first data row
            if raw.shape[1] != columns:
                raise InputError(field, f"{name} row {first_row}: has {raw.shape[1]} columns, "
                                        f"the first row has {columns}")
            values = _numbers(raw, field, name, first_row)
            rows += len(values)
            if rows * columns > MAX_VALUES:
                raise InputError(field, f"{name} holds more than {MAX_VALUES:,} numbers (rows x "
                                        "columns); use a sample of the data")
            parts.append(values)
    if not rows:
        raise InputError(field, f"{name} has no data rows")
    arr = np.concatenate(parts) if len(parts) > 1 else parts[0]
    if not np.isfinite(arr).all():
        raise InputError(field, f"{name} contains infinite values")
    return arr


def _read_block(text: str, field: str, name: str, line: int):
    import pandas as pd

    try:
        return pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False,
                           skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            raise InputError(field, f"{name} line {line + int(m.group(2))}: has "
                                    f"{m.group(3)} columns, expected {m.group(1)}") from None
        raise InputError(field, f"{name} is not a readable CSV near line {line + 1}") from None


def _is_header(first) -> bool:
    import pandas as pd

    return bool(pd.to_numeric(first, errors="coerce").isna().any())


def _numbers(raw, field: str, name: str, first_row: int) -> np.ndarray:
    """The block as floats; the first text or empty cell is reported by row and column."""
    import pandas as pd

    values = raw.apply(pd.to_numeric, errors="coerce")
    missing = raw.isna().to_numpy() | (raw == "").to_numpy()
    bad = values.isna().to_numpy() & ~missing
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise InputError(field, f"{name} row {first_row + r}, column {c + 1}: "
                                f"'{short(raw.iat[r, c], 20)}' is not a number")
    if missing.any():
        r, c = np.argwhere(missing)[0]
        raise InputError(field, f"{name} row {first_row + r}, column {c + 1} is empty")
    return values.to_numpy(dtype=float)
