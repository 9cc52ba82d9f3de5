"""One pass over a dataset: per-column statistics, duplicate rows and a row sample.

Exact over the whole file: rows, missing values, mean/std/skew (merged moments), min/max,
zeros, text lengths, duplicate rows (up to a stated bound) and distinct counts up to a
bound (then a KMV estimate, flagged). From the stated sample (first rows plus a uniform
reservoir): quartiles and the IQR outlier share, vocabulary, correlations and everything
the target analysis needs. The column *kind* is decided at the end from both.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from sagewise.knowledge.data.reader import (
    Dataset,
    IsCancelled,
    Progress,
    SchemaChanged,
    iter_batches,
    open_dataset,
)
from sagewise.knowledge.data.settings import DataSettings, data_settings
from sagewise.knowledge.data.sketch import DistinctSketch, Moments, RowSample
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.wording import count

KINDS = ("numeric", "categorical", "text", "datetime", "boolean", "id", "constant")
_ID_NAME = ("id", "uuid", "guid", "key")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_NULL_HASH = np.uint64(0x5BD1E9955BD1E995)


@dataclass
class ColumnProfile:
    """What one column holds; ``*_from_sample`` fields come from the stated sample."""

    name: str
    kind: str
    arrow_type: str
    count: int
    missing: int
    missing_fraction: float
    unique: int
    unique_exact: bool
    top: list = field(default_factory=list)          # [[value, count], ...]
    top_from_sample: bool = False
    min: float | str | None = None
    max: float | str | None = None
    mean: float | None = None
    std: float | None = None
    skew: float | None = None
    zeros_fraction: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    outlier_fraction: float | None = None
    text_mean_length: float | None = None
    text_max_length: int | None = None
    words_mean: float | None = None
    vocabulary: int | None = None
    sorted: bool | None = None
    histogram: list = field(default_factory=list)    # [[label, count], ...] for plots
    why_kind: str = ""
    categories: list = field(default_factory=list, repr=False)  # every value, by frequency

    def to_dict(self) -> dict:
        """JSON form (``unique`` and ``skew`` as PRODUCT.md names them; no category list)."""
        return {k: _clean(v) for k, v in asdict(self).items() if k != "categories"}


def _clean(v):
    if isinstance(v, float):
        return None if not math.isfinite(v) else v
    if isinstance(v, list):
        return [_clean(x) for x in v]
    if isinstance(v, np.generic):
        return _clean(v.item())
    return v


@dataclass
class Profile:
    """The whole dataset: its columns, size, duplicates and the sample behind the rest."""

    path: str
    format: str
    files: int
    bytes: int
    rows: int
    rows_exact: bool
    columns: list[ColumnProfile]
    duplicate_rows: int
    duplicates_checked_rows: int
    sample_rows: int
    sample_note: str
    warnings: list[str]
    bad_rows: int
    correlations: list = field(default_factory=list)   # [[a, b, r], ...] strongest first
    sample: object = None                              # pandas DataFrame (not saved)

    def column(self, name: str) -> ColumnProfile:
        """A column by name (KeyError if absent)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    def to_dict(self) -> dict:
        """JSON form without the sample."""
        return {"path": self.path, "format": self.format, "files": self.files,
                "bytes": self.bytes, "rows": self.rows, "rows_exact": self.rows_exact,
                "columns": [c.to_dict() for c in self.columns],
                "duplicate_rows": self.duplicate_rows,
                "duplicates_checked_rows": self.duplicates_checked_rows,
                "sample_rows": self.sample_rows, "sample_note": self.sample_note,
                "warnings": list(self.warnings), "bad_rows": self.bad_rows,
                "correlations": [[a, b, _clean(r)] for a, b, r in self.correlations]}


# ---- hashing


def _hash_numpy(values: np.ndarray) -> np.ndarray:
    from pandas.util import hash_array

    return hash_array(values, categorize=False)


_OFFSETS = np.arange(8)


def fingerprint(arr) -> np.ndarray:
    """A 64-bit fingerprint per string of an Arrow string array, straight from its buffers.

    It mixes the byte length with five 8-byte windows spread evenly over the string (start,
    quarter, middle, three quarters, end), so strings up to 40 bytes are identified
    exactly and longer ones by those 40 bytes. Hashing Python string objects costs about
    10x more, which on free-text columns dominated the whole profile.
    """
    import pyarrow as pa

    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    large = pa.types.is_large_string(arr.type)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int64 if large else np.int32)
    offs = offs[arr.offset: arr.offset + n + 1].astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None and \
        len(bufs[2]) else np.empty(0, np.uint8)
    lo, hi = int(offs[0]), int(offs[-1])
    padded = np.zeros(hi - lo + 16, dtype=np.uint8)
    padded[:hi - lo] = data[lo:hi]
    # Every byte position read as a little-endian 8-byte word (an unaligned strided view).
    words = np.ndarray(buffer=padded, dtype="<u8", shape=(hi - lo + 8,), strides=(1,))
    start = offs[:-1] - lo
    end = offs[1:] - lo
    length = end - start
    h = length.astype(np.uint64) * _MIX
    span = np.maximum(length - 8, 0)
    for k in range(5):
        pos = start + span * k // 4
        w = words[pos]
        rem = end - pos
        short = rem < 8
        if short.any():
            bits = (np.clip(rem[short], 0, 8) * 8).astype(np.uint64)
            w[short] &= (np.uint64(1) << bits) - np.uint64(1)
        h = (h ^ w) * _MIX
        h ^= h >> np.uint64(29)
    return h


def _family(t) -> str:
    import pyarrow as pa

    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_integer(t):
        return "int"
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "float"
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return "time"
    if pa.types.is_null(t):
        return "null"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "string"
    return "other"


class _ColumnAcc:
    """Per-column state for one pass."""

    def __init__(self, name: str, family: str, arrow_type, k: int, top_cap: int) -> None:
        self.name = name
        self.family = family
        self.arrow_type = arrow_type
        self.count = 0
        self.missing = 0
        self.moments = Moments()
        self.zeros = 0
        self.vmin = None
        self.vmax = None
        self.distinct = DistinctSketch(k)
        self.counts: dict | None = {}
        self.top_cap = top_cap
        self.len_sum = 0
        self.len_n = 0
        self.len_max = 0
        self.sorted = True
        self.last = None
        self.integral = family == "int"

    def add(self, arr) -> np.ndarray:
        """Update from one Arrow array; return a per-row 64-bit hash (for duplicate rows)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(arr)
        self.count += n
        nulls = arr.null_count
        fam = self.family
        if fam in ("int", "float", "bool", "time"):
            if fam == "bool":
                num = arr.cast(pa.int8())
            elif fam == "time":
                num = arr.cast(pa.timestamp("s")) if pa.types.is_date(arr.type) else arr
                num = num.cast(pa.int64()) if not pa.types.is_integer(num.type) else num
            elif pa.types.is_decimal(arr.type):
                num = arr.cast(pa.float64())
            else:
                num = arr
            values = num.to_numpy(zero_copy_only=False)
            if nulls:
                valid = np.asarray(arr.is_valid())
                values = np.where(valid, values, 0)
            else:
                valid = None
            values = values.astype(np.float64 if fam == "float" else np.int64, copy=False)
            if fam == "float":
                finite = np.isfinite(values)
                if valid is not None:
                    finite &= valid
                bad = n - int(finite.sum())
                self.missing += bad
                good = values[finite] if bad else values
                valid = finite if bad else None
            else:
                self.missing += nulls
                good = values[valid] if valid is not None else values
            if good.size:
                if fam != "time":
                    self.moments.add(good.astype(np.float64, copy=False))
                    self.zeros += int(np.count_nonzero(good == 0))
                lo, hi = good.min(), good.max()
                self.vmin = lo if self.vmin is None else min(self.vmin, lo)
                self.vmax = hi if self.vmax is None else max(self.vmax, hi)
                if fam == "time" and self.sorted:
                    if self.last is not None and good[0] < self.last or good.size > 1 and bool(np.any(np.diff(good) < 0)):
                        self.sorted = False
                    self.last = good[-1]
                if fam == "float" and self.integral is not False:
                    self.integral = bool(np.all(np.mod(good, 1) == 0))
            h = _hash_numpy(values)
            if self.counts is not None and good.size:
                # Few values so far: the distinct values come with the counts.
                distinct = self._count_values(good)
                self.distinct.add(_hash_numpy(distinct))
            elif valid is not None:
                self.distinct.add(h[valid])
            else:
                self.distinct.add(h)
            if valid is not None:
                h = np.where(valid, h, _NULL_HASH)
            return h
        # strings (and anything else, as its text)
        if fam not in ("string",):
            try:
                arr = arr.cast(pa.string())
            except pa.ArrowInvalid:
                if pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type):
                    raise UnicodeDecodeError("utf-8", b"", 0, 1, "invalid UTF-8") from None
                arr = pa.array([None if v is None else str(v) for v in arr.to_pylist()],
                               type=pa.string())
            except pa.ArrowNotImplementedError:
                arr = pa.array([None if v is None else str(v) for v in arr.to_pylist()],
                               type=pa.string())
        self.missing += nulls
        if nulls == n:
            return np.full(n, _NULL_HASH, dtype=np.uint64)
        lengths = pc.utf8_length(arr)
        self.len_sum += pc.sum(lengths).as_py() or 0
        self.len_n += n - nulls
        self.len_max = max(self.len_max, pc.max(lengths).as_py() or 0)
        valid = np.asarray(arr.is_valid()) if nulls else None
        if self.counts is not None:
            # Few values so far: encode, count, and fingerprint only the distinct values.
            enc = pc.dictionary_encode(arr)
            dictionary = enc.dictionary
            dh = fingerprint(dictionary)
            self.distinct.add(dh)
            idx = enc.indices.fill_null(0).to_numpy(zero_copy_only=False)
            h = dh[idx]
            counts = np.bincount(idx[valid] if valid is not None else idx,
                                 minlength=len(dictionary))
            if len(dictionary) > self.top_cap:
                self.counts = None
            else:
                for v, c in zip(dictionary.to_pylist(), counts.tolist(), strict=True):
                    if c:
                        self.counts[v] = self.counts.get(v, 0) + c
                if len(self.counts) > self.top_cap:
                    self.counts = None
        else:
            h = fingerprint(arr)
            self.distinct.add(h[valid] if valid is not None else h)
        if valid is not None:
            h = np.where(valid, h, _NULL_HASH)
        return h


    def _count_values(self, good: np.ndarray) -> np.ndarray:
        """Merge value counts; return this batch's distinct values (same dtype)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        vc = pc.value_counts(pa.array(good))
        values = vc.field("values").to_numpy(zero_copy_only=False).astype(good.dtype)
        if len(vc) > self.top_cap:
            self.counts = None
            return values
        for v, c in zip(values.tolist(), vc.field("counts").to_pylist(), strict=True):
            self.counts[v] = self.counts.get(v, 0) + c
        if len(self.counts) > self.top_cap:
            self.counts = None
        return values


class _HashBuffer:
    """Row hashes in one growing array (no list-then-concatenate copy at the end)."""

    def __init__(self) -> None:
        self.buf = np.empty(0, dtype=np.uint64)
        self.size = 0

    def append(self, h: np.ndarray, expected: int) -> None:
        need = self.size + h.size
        if need > self.buf.size:
            grown = np.empty(max(need, expected if not self.size else int(need * 1.25)),
                             dtype=np.uint64)
            grown[:self.size] = self.buf[:self.size]
            self.buf = grown
        self.buf[self.size:need] = h
        self.size = need

    def duplicates(self) -> int:
        """Rows whose hash equals an earlier row's (sorts in place)."""
        if self.size < 2:
            return 0
        h = self.buf[:self.size]
        h.sort()
        return int(np.count_nonzero(h[1:] == h[:-1]))


def profile_file(path: str | Path, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None,
                 settings: DataSettings | None = None) -> Profile:
    """Open and profile a file or folder (see :func:`profile_dataset`)."""
    s = settings or data_settings()
    ds = open_dataset(path, max_bytes=s.get("reader", "full_pass_gb") * 1e9)
    return profile_dataset(ds, progress, cancelled, s)


def profile_dataset(ds: Dataset, progress: Progress | None = None,
                    cancelled: IsCancelled | None = None,
                    settings: DataSettings | None = None) -> Profile:
    """Profile an opened dataset in one streaming pass (restarted if a CSV type guess fails)."""
    s = settings or data_settings()
    column_types: dict = {}
    for _attempt in range(50):
        try:
            return _profile_pass(ds, progress, cancelled, s, column_types)
        except SchemaChanged as exc:
            import pyarrow as pa

            column_types[exc.column] = pa.string()
    raise KnowledgeError(f"{ds.name}: too many columns change type part-way through")


def _profile_pass(ds: Dataset, progress, cancelled, s: DataSettings,
                  column_types: dict) -> Profile:
    max_cols = s.int("reader", "max_columns")
    if len(ds.columns) > max_cols:
        raise KnowledgeError(f"{ds.name}: {len(ds.columns):,} columns; the profile reads at "
                             f"most {max_cols:,}. Select the columns you need first")
    accs: list[_ColumnAcc] = []
    schema = None
    sample: RowSample | None = None
    dup = _HashBuffer()
    dup_rows = 0
    done = [0.0]

    def on_progress(f: float) -> None:
        done[0] = f
        if progress is not None:
            progress(f)

    dup_cap = s.int("reader", "duplicates_up_to_rows")
    rows = 0
    bad_rows: list = []
    for batch in iter_batches(ds, on_progress, cancelled, bad_rows=bad_rows,
                              column_types=column_types):
        if schema is None:
            schema = batch.schema
            ncols = len(schema)
            if ncols > max_cols:
                raise KnowledgeError(f"{ds.name}: {ncols:,} columns; the profile reads at "
                                     f"most {max_cols:,}. Select the columns you need first")
            k = int(min(s.int("reader", "distinct_exact_up_to"),
                        max(256, 8_000_000 // max(1, ncols))))
            accs = [_ColumnAcc(f.name, _family(f.type), f.type, k,
                               s.int("reader", "top_values_up_to")) for f in schema]
            cells = s.int("reader", "sample_max_cells") // max(1, ncols)
            head = min(s.int("reader", "sample_head_rows"), cells // 5)
            sample = RowSample(head, max(100, min(s.int("reader", "sample_reservoir_rows"),
                                                  cells - head)))
        elif batch.schema != schema:
            try:
                batch = batch.cast(schema)
            except Exception as exc:  # noqa: BLE001
                raise KnowledgeError(f"{ds.name}: the columns change part-way through "
                                     f"({str(exc).splitlines()[0]})") from None
        n = batch.num_rows
        rows += n
        rowhash = None
        for i, acc in enumerate(accs):
            try:
                h = acc.add(batch.column(i))
            except UnicodeDecodeError:
                raise KnowledgeError(f"{ds.name}: not UTF-8 text (column '{acc.name}', "
                                     f"within rows {rows - n + 1:,} to {rows:,}); save it "
                                     "as UTF-8") from None
            if dup_rows < dup_cap:
                rowhash = (h if rowhash is None else rowhash ^ h) * _MIX + np.uint64(i + 1)
        if dup_rows < dup_cap and rowhash is not None:
            take = min(n, dup_cap - dup_rows)
            # Size the buffer once from how far into the file the first batch reached.
            expected = int(rows / done[0] * 1.03) if done[0] > 0 else 0
            dup.append(rowhash[:take], min(dup_cap, max(expected, take)))
            dup_rows += take
        sample.add(batch)
    if schema is None:
        what = "a header but no rows" if ds.columns else "no rows"
        raise KnowledgeError(f"{ds.name}: {what}")
    warnings = list(ds.warnings)
    if bad_rows:
        first = bad_rows[0]
        warnings.append(f"{count(len(bad_rows), 'row')} with the wrong number of fields "
                        f"{'was' if len(bad_rows) == 1 else 'were'} "
                        f"skipped (first: {first.actual_columns} fields where "
                        f"{first.expected_columns} were expected, "
                        + (f"near line {first.number})" if first.number is not None
                           else f"the row reads {_quoted_row(first.text)})"))
    duplicates = dup.duplicates()
    del dup
    if dup_rows < rows:
        warnings.append(f"duplicate rows counted among the first {dup_rows:,} rows only")
    table = sample.table(schema)
    try:
        df = table.to_pandas(types_mapper=None)
    except UnicodeDecodeError:
        raise KnowledgeError(f"{ds.name}: not UTF-8 text; save it as UTF-8") from None
    df.columns = [str(c) for c in df.columns]
    note = ds.sample_note
    if sample.rows < rows:
        part = (f"quartiles, outliers, vocabulary, correlations and target checks use a "
                f"sample of {sample.rows:,} rows (the first {sample.n_head:,} plus "
                f"{sample.rows - sample.n_head:,} drawn at random from the rest)")
        note = f"{note}; {part}" if note else part
    columns = [_finish_column(acc, df.get(acc.name), s)
               for acc in accs]
    prof = Profile(ds.path, ds.format, len(ds.files), ds.total_bytes, rows, not ds.sampled,
                   columns, duplicates, dup_rows, len(df), note, warnings, len(bad_rows),
                   sample=df)
    prof.correlations = correlations(prof, s)
    return prof


# ---- finishing a column


def _finish_column(acc: _ColumnAcc, values, s: DataSettings) -> ColumnProfile:
    import pandas as pd

    count = acc.count
    nonnull = count - acc.missing
    unique = acc.distinct.count()
    c = ColumnProfile(acc.name, "constant", str(acc.arrow_type), count, acc.missing,
                      acc.missing / count if count else 0.0, unique, acc.distinct.exact)
    fam = acc.family
    if acc.counts is not None:
        ranked = sorted(acc.counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        c.top = [[_display(k, fam, acc.arrow_type), v] for k, v in ranked[:10]]
        if fam in ("string", "bool", "int", "other"):
            c.categories = [str(_num_text(k)) for k, _ in ranked]
    elif values is not None:
        vc = values.dropna().astype(str).value_counts().head(10)
        c.top = [[k, int(v)] for k, v in vc.items()]
        c.top_from_sample = True
    if fam in ("int", "float", "bool"):
        m = acc.moments
        c.mean, c.std, c.skew = (m.mean if m.n else None), m.std, m.skew
        c.min = float(acc.vmin) if acc.vmin is not None else None
        c.max = float(acc.vmax) if acc.vmax is not None else None
        c.zeros_fraction = acc.zeros / nonnull if nonnull else None
    elif fam == "time":
        c.min = _display(acc.vmin, fam, acc.arrow_type) if acc.vmin is not None else None
        c.max = _display(acc.vmax, fam, acc.arrow_type) if acc.vmax is not None else None
        c.sorted = acc.sorted
    if acc.len_n:
        c.text_mean_length = acc.len_sum / acc.len_n
        c.text_max_length = int(acc.len_max)
        if values is not None:
            words = values.dropna().astype(str).str.split().str.len()
            c.words_mean = float(words.mean()) if len(words) else None
    c.kind, c.why_kind = _kind(acc, c, values, s)
    if fam in ("int", "float") and values is not None and c.kind in ("numeric", "id"):
        x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        if x.size:
            q1, med, q3 = np.percentile(x, [25, 50, 75])
            c.q1, c.median, c.q3 = float(q1), float(med), float(q3)
            k = s.get("numeric", "outlier_iqr_factor")
            iqr = q3 - q1
            if iqr > 0:
                c.outlier_fraction = float(np.mean((x < q1 - k * iqr) | (x > q3 + k * iqr)))
            else:
                c.outlier_fraction = 0.0
            counts, edges = np.histogram(x, bins=20)
            c.histogram = [[f"{edges[i]:.4g}", int(n)] for i, n in enumerate(counts)]
    elif c.kind == "text" and values is not None:
        tokens = values.dropna().astype(str).str.lower().str.split()
        c.vocabulary = len({t for words in tokens for t in words})
    if c.kind == "datetime" and values is not None:
        c.histogram = _time_histogram(values)
    if c.kind in ("id", "text"):
        c.histogram = []   # every value differs: bars of ones say nothing
    elif not c.histogram and c.top:
        c.histogram = [[str(k), int(v)] for k, v in c.top]
    if c.kind == "datetime" and fam == "string" and values is not None:
        parsed = pd.to_datetime(values.dropna(), errors="coerce", format="ISO8601")
        parsed = parsed.dropna()
        if len(parsed):
            c.min, c.max = str(parsed.min()), str(parsed.max())
            c.sorted = bool(parsed.is_monotonic_increasing) if c.sorted is None else c.sorted
    return c


def _time_histogram(values) -> list:
    """Rows per period over the sampled times (20 bins), labelled by each bin's start."""
    import pandas as pd

    raw = values.dropna()
    t = pd.to_datetime(raw, errors="coerce", format="ISO8601") if raw.dtype == object \
        else pd.to_datetime(raw, errors="coerce")
    t = t.dropna()
    if t.empty:
        return []
    ns = t.astype("datetime64[ns]").astype("int64").to_numpy()
    distinct = len(np.unique(ns))
    # Whole numbers of distinct times per bin, so regular data gives even bars.
    bins = max(1, -(-distinct // -(-distinct // 20)))
    counts, edges = np.histogram(ns, bins=bins)
    return [[str(pd.Timestamp(int(e)).date()), int(n)] for e, n in zip(edges[:-1], counts,
                                                                         strict=True)]


def _display(v, fam: str, arrow_type):
    if fam == "time":
        import pandas as pd

        unit = getattr(arrow_type, "unit", "s") if not str(arrow_type).startswith("date") \
            else "s"
        return str(pd.Timestamp(int(v), unit=unit))
    if isinstance(v, float) and v.is_integer():
        return v
    return v


def _kind(acc: _ColumnAcc, c: ColumnProfile, values, s: DataSettings) -> tuple[str, str]:
    nonnull = c.count - c.missing
    fam = acc.family
    if nonnull == 0:
        return "constant", "every value is missing"
    if c.unique <= 1:
        return "constant", f"a single value ({c.top[0][0] if c.top else '?'})"
    if fam == "bool":
        return "boolean", "true/false values"
    tokens = s.boolean_tokens
    if c.unique == 2 and c.top and all(str(_num_text(k)).strip().lower() in tokens
                                       for k, _ in c.top):
        return "boolean", f"two values ({c.top[0][0]}, {c.top[1][0]})"
    if fam == "time":
        return "datetime", "dates or timestamps"
    ratio = c.unique / nonnull
    name_hint = _looks_like_id_name(c.name)
    enough = nonnull >= s.get("kinds", "id_min_rows")
    if fam in ("int", "float"):
        if acc.integral and enough and (ratio >= s.get("kinds", "id_unique_ratio")
                                        or (name_hint and ratio >= 0.5)):
            return "id", f"whole numbers, {ratio:.0%} of them different"
        return "numeric", "numbers"
    # text-like
    if values is not None and fam == "string":
        sample = values.dropna().astype(str)
        if len(sample):
            import pandas as pd

            looks = sample.str.contains(r"\d", regex=True).mean() > 0.9
            if looks:
                parsed = pd.to_datetime(sample.head(2000), errors="coerce", format="ISO8601")
                share = float(parsed.notna().mean())
                if share >= s.get("kinds", "datetime_parse_share"):
                    return "datetime", f"{share:.0%} of sampled values are dates"
    words = c.words_mean or 1.0
    length = c.text_mean_length or 0.0
    if enough and ratio >= s.get("kinds", "id_unique_ratio") * 0.96 and words < 1.5 \
            and length <= 64:
        return "id", f"codes, {ratio:.0%} of them different"
    if enough and name_hint and ratio >= 0.5 and words < 1.5:
        return "id", f"an identifier name and {ratio:.0%} distinct values"
    if words >= s.get("kinds", "text_min_words") or (length >= s.get("kinds", "text_min_length")
                                                     and words > 1.5):
        return "text", f"free text ({words:.1f} words per value on average)"
    return "categorical", f"{c.unique:,} categories"


def _num_text(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _looks_like_id_name(name: str) -> bool:
    low = name.lower().replace("-", "_").replace(" ", "_")
    parts = [p for p in low.split("_") if p]
    return bool(parts) and (parts[-1] in _ID_NAME or low.endswith("id") and len(low) <= 12
                            and low[-3:-2] in ("_", "") or low in _ID_NAME)


def numeric_columns(prof: Profile) -> list[str]:
    """Columns that count as numeric features (not ids, constants or booleans)."""
    return [c.name for c in prof.columns if c.kind == "numeric"]


def correlations(prof: Profile, s: DataSettings | None = None) -> list:
    """Pearson correlations of numeric columns on the sample, strongest first (|r| >= 0.5)."""
    s = s or data_settings()
    names = numeric_columns(prof)[: s.int("correlation", "max_columns")]
    df = prof.sample
    if df is None or len(names) < 2:
        return []
    import pandas as pd

    frame = df[names].apply(pd.to_numeric, errors="coerce")
    corr = frame.corr().to_numpy()
    out = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = corr[i, j]
            if np.isfinite(r) and abs(r) >= 0.5:
                out.append([names[i], names[j], float(r)])
    out.sort(key=lambda t: -abs(t[2]))
    return out[:50]


def _quoted_row(text: str, most: int = 60) -> str:
    """A skipped row for a message when its line number is unknown (the parallel CSV
    reader does not track it): quoted, shortened to ``most`` characters."""
    text = (text or "").strip()
    return repr(text if len(text) <= most else text[:most - 1] + "\u2026")

