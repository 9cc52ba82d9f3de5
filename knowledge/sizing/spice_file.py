"""Measure a CSV or Parquet file for the SPICE checks, in bounded memory.

CSV files are streamed by the Data page's reader with every field as text (so the longest
field is the real text length); Parquet files row group by row group. Progress and cancellation are plain callables so
the GUI can run this in a worker thread and the command line can run it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from sagewise.knowledge.bounded_read import (
    GuardedReader,
    check_file,
    open_binary,
    short,
)
from sagewise.knowledge.errors import Cancelled, KnowledgeError
from sagewise.knowledge.sizing.limits import limit

CHUNK_ROWS = 100_000
SNIFF_BYTES = 8192
MAX_BYTES = 1_000_000_000_000  # SPICE's largest dataset is 1 TB; the file is streamed


@dataclass(frozen=True)
class FileMeasure:
    """What the SPICE checks need to know about a file."""

    path: str
    format: str
    rows: int
    columns: int
    longest_column_name: int
    longest_column: str
    longest_field: int
    file_bytes: int
    spice_bytes_estimate: float
    numeric_columns: int
    text_columns: int

    @property
    def spice_gb_estimate(self) -> float:
        """Estimated SPICE size in GB (decimal)."""
        return self.spice_bytes_estimate / 1e9

    def to_dict(self) -> dict:
        """JSON form."""
        d = asdict(self)
        d["spice_gb_estimate"] = self.spice_gb_estimate
        return d


Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


def measure_file(path: str | Path, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None,
                 chunk_rows: int = CHUNK_ROWS) -> FileMeasure:
    """Measure rows, columns, name/field lengths and an estimated SPICE size."""
    p, size = check_file(path, None, MAX_BYTES)
    with open_binary(p, None) as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith(b"PAR1") or p.suffix.lower() in (".parquet", ".pq"):
        return _measure_parquet(p, size, progress, cancelled)
    if b"\x00" in head:
        raise KnowledgeError(f"{short(p.name)}: looks like a binary file, not CSV text")
    return _measure_csv(p, size, progress, cancelled, chunk_rows)


def _check(cancelled: IsCancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled


_NUMBER = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"


def _column_stats(values, check_numeric: bool) -> tuple[int, int, bool]:
    """(UTF-8 bytes, longest length in characters, all non-empty values numeric).

    Vectorised with Arrow kernels: pandas keeps these strings in Arrow arrays, so
    ``pa.array`` hands them over without copying.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.string())
    if len(arr) == 0:
        return 0, 0, False
    nbytes = pc.sum(pc.binary_length(arr)).as_py() or 0
    longest = pc.max(pc.utf8_length(arr)).as_py() or 0
    numeric = False
    if check_numeric:
        filled = pc.filter(arr, pc.not_equal(arr, ""))
        numeric = len(filled) > 0 and bool(pc.all(pc.match_substring_regex(filled,
                                                                           _NUMBER)).as_py())
    return nbytes, longest, numeric


def _measure_csv(p: Path, size: int, progress: Progress | None,
                 cancelled: IsCancelled | None, chunk_rows: int) -> FileMeasure:
    """Stream the CSV with the Data page's reader (every field as the text written), so both
    share its speed, dialect sniffing (comma, tab, semicolon; header or not) and gzip."""
    from sagewise.knowledge.data.reader import iter_text_batches, open_dataset

    numeric_bytes = limit("spice.bytes_per_number")
    text_overhead = limit("spice.bytes_per_text_overhead")
    rows = 0
    longest = 0
    numeric_cols: dict[str, bool] = {}   # a column is numeric if every batch was
    text_bytes: dict[str, int] = {}
    names: list[str] = []
    bad_rows: list = []
    try:
        ds = open_dataset(p, max_bytes=MAX_BYTES)   # never a sample: SPICE counts every row
        if ds.format != "csv":
            raise KnowledgeError(f"{short(p.name)}: reads as {ds.format}, not CSV text")
        for batch in iter_text_batches(ds, progress, cancelled, bad_rows=bad_rows):
            _check(cancelled)
            if bad_rows:
                break
            if not names:
                names = [str(c) for c in batch.schema.names]
                numeric_cols = dict.fromkeys(names, True)
                text_bytes = dict.fromkeys(names, 0)
            rows += batch.num_rows
            for name, column in zip(names, batch.columns, strict=True):
                nbytes, maxlen, is_num = _column_stats(column, numeric_cols[name])
                longest = max(longest, maxlen)
                text_bytes[name] += nbytes
                numeric_cols[name] = numeric_cols[name] and is_num
    except (Cancelled, KnowledgeError) as exc:
        if isinstance(exc, KnowledgeError):
            _explain_binary(p)   # a clearer message when NUL bytes are the cause
        raise
    except MemoryError:
        raise KnowledgeError(f"{short(p.name)}: a single block does not fit in "
                             "memory") from None
    except OSError as exc:
        raise KnowledgeError(f"{short(p.name)}: cannot read: {exc.strerror or exc}") from None
    if bad_rows:   # SPICE refuses rows with the wrong number of fields: say where
        _explain_binary(p)
        raise KnowledgeError(f"{short(p.name)}: malformed CSV: {short(str(bad_rows[0]), 120)}")
    if not names:
        raise KnowledgeError(f"{short(p.name)}: no columns found")
    if progress is not None:
        progress(1.0)
    # Decide per column at the end, so a column that turns textual late is counted as text.
    estimate = sum(numeric_bytes * rows if numeric_cols[n] else
                   text_overhead * rows + text_bytes[n] for n in names)
    name_len = max(len(n) for n in names)
    longest_name = max(names, key=len)
    num = sum(numeric_cols.values())
    return FileMeasure(str(p), "csv", rows, len(names), name_len, longest_name, longest, size,
                       estimate, num, len(names) - num)


def _explain_binary(p: Path) -> None:
    """Raise the bounded reader's message if the file holds NUL bytes (valid CSV followed
    by binary data makes the CSV parser report a confusing block error instead)."""
    with open_binary(p, None) as fh:
        guarded = GuardedReader(fh, None, p.name)
        buffer = bytearray(1 << 20)
        while guarded.readinto(buffer):
            pass


def _measure_parquet(p: Path, size: int, progress: Progress | None,
                     cancelled: IsCancelled | None) -> FileMeasure:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a declared dependency
        raise KnowledgeError("reading Parquet needs the pyarrow package") from None
    numeric_bytes = limit("spice.bytes_per_number")
    text_overhead = limit("spice.bytes_per_text_overhead")
    try:
        pf = pq.ParquetFile(p)
    except (pa.ArrowException, OSError) as exc:
        raise KnowledgeError(f"{short(p.name)}: not a readable Parquet file: "
                             f"{short(exc, 120)}") from None
    names = [str(n) for n in pf.schema_arrow.names]
    if not names:
        raise KnowledgeError(f"{short(p.name)}: no columns found")
    for field in pf.schema_arrow:
        if pa.types.is_nested(field.type):
            raise KnowledgeError(f"{short(p.name)}: column '{short(field.name)}' holds nested "
                                 f"data ({short(field.type, 60)}); SPICE imports flat columns, "
                                 "so flatten it first (for example with Athena or Glue)")
    longest = 0
    estimate = 0.0
    text_cols = 0
    for field in pf.schema_arrow:
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            text_cols += 1
    rows = 0
    groups = pf.num_row_groups
    for g in range(groups):
        _check(cancelled)
        group_rows = pf.metadata.row_group(g).num_rows
        rows += group_rows
        # one column of one row group at a time: memory stays near the largest column chunk
        for i, field in enumerate(pf.schema_arrow):
            try:
                part = pf.read_row_group(g, columns=[field.name])
                # a repeated name reads every column of that name: take this one's place
                column = part.column(min(part.num_columns - 1,
                                         names[:i].count(field.name)))
            except (pa.ArrowException, OSError) as exc:
                raise KnowledgeError(f"{short(p.name)}: row group {g + 1} cannot be read: "
                                     f"{short(exc, 120)}") from None
            if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
                lengths = pc.utf8_length(column)
                mx = pc.max(lengths).as_py()
                longest = max(longest, mx or 0)
                nbytes = pc.sum(pc.binary_length(column)).as_py() or 0
                estimate += text_overhead * group_rows + nbytes
            else:
                try:
                    text = pc.cast(column, pa.string())
                except pa.ArrowException:
                    raise KnowledgeError(f"{short(p.name)}: column '{short(field.name)}' "
                                         f"({short(field.type, 60)}) cannot be read as "
                                         "text, as SPICE would need to") from None
                mx = pc.max(pc.utf8_length(text)).as_py()
                longest = max(longest, mx or 0)
                estimate += numeric_bytes * group_rows
            del column
        if progress is not None:
            progress((g + 1) / groups)
    return FileMeasure(str(p), "parquet", rows, len(names), max(len(n) for n in names),
                       max(names, key=len), longest, size, estimate, len(names) - text_cols,
                       text_cols)
