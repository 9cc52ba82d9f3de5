"""Read a dataset as a stream of Arrow record batches, in bounded memory.

One reader for every tabular file SageWise looks at: CSV/TSV (delimiter and header
sniffed, gzip accepted), Parquet, JSON Lines, and a folder of parts read as one dataset
(the way a SageMaker channel reads an S3 prefix). Batches come from pyarrow's streaming
readers, so memory stays at a few blocks whatever the file size. ``progress(fraction)``
and ``cancelled()`` are plain callables (the GUI runs this in a worker thread, the
command line runs it directly), as in :mod:`knowledge.sizing.spice_file`.

Beyond ``max_bytes`` a dataset is not read whole: :func:`open_dataset` says so and
:func:`iter_batches` yields the first rows plus blocks from random places of the file,
and :attr:`Dataset.sampled` tells the caller, who must state it.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sagewise.knowledge.errors import Cancelled, KnowledgeError
from sagewise.knowledge.wording import count

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]

SNIFF_BYTES = 65536
BLOCK_BYTES = 2 << 20   # 4 MB reads no faster here and holds ~70 MB more in flight
CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".data")
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
IGNORED_PARTS = ("_SUCCESS", "_committed", "_started", ".crc", ".DS_Store")
MAGIC = {b"PK\x03\x04": "a ZIP archive (unzip it first)",
         b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
         b"%PDF": "a PDF document", b"\x7fELF": "a program (ELF binary)",
         b"SQLite format 3": "an SQLite database", b"BZh": "a bzip2 archive",
         b"\xfd7zXZ": "an xz archive", b"ORC": "an ORC file (convert it to Parquet)"}


@dataclass
class Dataset:
    """What :func:`open_dataset` found: format, parts, CSV dialect, size, columns."""

    path: str
    format: str                      # "csv" | "parquet" | "jsonl"
    files: list[str]
    total_bytes: int
    compression: str = ""            # "gzip" or ""
    delimiter: str = ","
    header: bool = True
    decimal: str = "."               # "," for '12,5' numbers (semicolon CSVs from Europe)
    columns: list[str] = field(default_factory=list)
    sampled: bool = False            # True: only part of it will be read (stated)
    budget_bytes: float = 50e9
    sample_note: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """File or folder name for messages."""
        return Path(self.path).name


def _check(cancelled: IsCancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled


def _is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


def _head_bytes(path: Path) -> tuple[bytes, str]:
    """First bytes of the file, decompressed when gzip; and the compression."""
    with path.open("rb") as fh:
        raw = fh.read(SNIFF_BYTES)
    if _is_gzip(raw):
        try:
            with gzip.open(path, "rb") as gz:
                return gz.read(SNIFF_BYTES), "gzip"
        except (OSError, EOFError) as exc:
            raise KnowledgeError(f"{path.name}: a damaged gzip file ({exc})") from None
    return raw, ""


def detect_format(path: Path, head: bytes) -> str:
    """csv, parquet or jsonl from the content (suffix only breaks ties); binary -> error."""
    if head.startswith(b"PAR1"):
        return "parquet"
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            raise KnowledgeError(f"{path.name}: this is {what}, not a table "
                                 "(CSV, TSV, Parquet or JSON Lines)")
    sample = head[:8192]
    if b"\x00" in sample:
        raise KnowledgeError(f"{path.name}: binary content (NUL bytes in the first "
                             f"{len(sample):,} bytes), not CSV, Parquet or JSON Lines text")
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if sample and control / len(sample) > 0.05:
        raise KnowledgeError(f"{path.name}: binary content ({control} control bytes in the "
                             f"first {len(sample):,}), not a text table")
    text = sample.lstrip()
    suffixes = [s.lower() for s in path.suffixes]
    if text.startswith(b"{") and (any(s in JSONL_SUFFIXES for s in suffixes)
                                  or b"}\n{" in sample or b"}\r\n{" in sample
                                  or text.count(b"\n") <= 1):
        return "jsonl"
    if any(s in PARQUET_SUFFIXES for s in suffixes):
        raise KnowledgeError(f"{path.name}: named Parquet but has no Parquet header "
                             "(damaged or not Parquet)")
    return "csv"


def _decode_head(path: Path, head: bytes) -> str:
    # The head may end in the middle of a multi-byte character: drop up to 3 bytes.
    for cut in range(4):
        try:
            return head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4 or cut == 3:
                bad = head[exc.start]
                raise KnowledgeError(f"{path.name}: not UTF-8 text (byte 0x{bad:02x} at "
                                     f"offset {exc.start:,}); save it as UTF-8") from None
    return ""  # pragma: no cover


def sniff_csv(path: Path, head: bytes) -> tuple[str, bool, list[str]]:
    """(delimiter, has header, first-row fields) from the first bytes of a text file."""
    text = _decode_head(path, head).lstrip("\ufeff")
    lines = text.splitlines()
    if len(head) >= SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        raise KnowledgeError(f"{path.name}: no rows (the file is blank)")
    sample = "\n".join(lines[:200])
    delimiter = ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in ",\t;|"}
        best = max(counts, key=counts.get)
        delimiter = best if counts[best] else ("\t" if path.suffix.lower() == ".tsv" else ",")
    rows = list(csv.reader(lines[:50], delimiter=delimiter))
    first = rows[0]
    return delimiter, _looks_like_header(rows), first


_COMMA_NUMBER = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
_POINT_NUMBER = re.compile(r"^\s*[-+]?\d*\.\d+\s*$")


def decimal_comma_columns(path: Path, head: bytes, delimiter: str,
                          header: bool) -> list[tuple[str, str]]:
    """(column, example) for columns whose numbers use a decimal comma ('34,97').

    Only when the delimiter is not a comma (such files come from spreadsheets set to a
    European locale) and no sampled value uses a decimal point, so '1.5' and '1,5' never
    mean different things in one file.
    """
    if delimiter == ",":
        return []
    text = _decode_head(path, head).lstrip("\ufeff")
    lines = [ln for ln in text.splitlines()[:-1 if len(head) >= SNIFF_BYTES else None]
             if ln.strip()][:500]
    rows = list(csv.reader(lines, delimiter=delimiter))
    if not rows:
        return []
    names = rows[0] if header else [f"column_{i + 1}" for i in range(len(rows[0]))]
    body = rows[1:] if header else rows
    found = []
    for i, name in enumerate(names):
        values = [r[i] for r in body if i < len(r) and r[i].strip()]
        if any(_POINT_NUMBER.match(v) for v in values):
            return []
        comma = [v for v in values if _COMMA_NUMBER.match(v)]
        if comma and len(comma) >= 0.5 * len(values):
            found.append((name.strip() or f"column_{i + 1}", comma[0].strip()))
    return found


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _looks_like_header(rows: list[list[str]]) -> bool:
    """A header row: no numbers, no empty names, and unlike the rows below it."""
    first = rows[0]
    if any(not c.strip() for c in first) or len(set(first)) < len(first):
        return False
    if any(_is_number(c) for c in first):
        return False
    if len(rows) == 1:
        return True
    body = rows[1:]
    for i, _name in enumerate(first):
        col = [r[i] for r in body if i < len(r) and r[i].strip()]
        if col and sum(_is_number(v) for v in col) > len(col) / 2:
            return True   # a number column under a text name
    # All text: a header when its values never repeat below it and are short names.
    seen = {v for r in body for v in r}
    return not (set(first) & seen) and all(len(c) <= 64 for c in first)


def _list_parts(folder: Path) -> list[Path]:
    parts = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not p.name.startswith((".", "_"))
                   and not p.name.endswith(IGNORED_PARTS))
    if not parts:
        raise KnowledgeError(f"{folder.name}: the folder holds no data files")
    return parts


def open_dataset(path: str | Path, max_bytes: float = 50e9) -> Dataset:
    """Look at a file or folder (format, dialect, columns) without reading it all.

    ``max_bytes``: beyond this, only a stated sample is read (see :func:`iter_batches`).
    """
    p = Path(path)
    if not p.exists():
        raise KnowledgeError(f"{p}: file or folder not found")
    files = _list_parts(p) if p.is_dir() else [p]
    formats: dict[str, list[str]] = {}
    heads: dict[Path, tuple[bytes, str]] = {}
    empty = []
    for f in files:
        if f.stat().st_size == 0:
            empty.append(f.name)
            continue
        head, comp = _head_bytes(f)
        if not head:
            empty.append(f.name)
            continue
        heads[f] = (head, comp)
        formats.setdefault(detect_format(f, head), []).append(f.name)
    if not heads:
        raise KnowledgeError(f"{p.name}: the file is empty" if not p.is_dir() else
                             f"{p.name}: every file in the folder is empty")
    if len(formats) > 1:
        found = "; ".join(f"{len(v)} {k} ({', '.join(v[:2])}{', ...' if len(v) > 2 else ''})"
                          for k, v in sorted(formats.items()))
        raise KnowledgeError(f"{p.name}: the folder mixes formats: {found}. A dataset "
                             "folder must hold parts of one format")
    fmt = next(iter(formats))
    files = [f for f in files if f in heads]
    total = sum(f.stat().st_size for f in files)
    comps = {heads[f][1] for f in files}
    ds = Dataset(str(p), fmt, [str(f) for f in files], total, compression=comps.pop())
    if empty:
        ds.warnings.append(f"skipped {count(len(empty), 'empty file')}: {', '.join(empty[:3])}")
    if fmt == "csv":
        head = heads[files[0]][0]
        if b"\n" not in head and len(head) >= SNIFF_BYTES:
            head = _first_line(files[0], ds.compression)
        delim, header, first = sniff_csv(files[0], head)
        ds.delimiter, ds.header = delim, header
        ds.columns = ([c.strip() or f"column_{i + 1}" for i, c in enumerate(first)]
                      if header else [f"column_{i + 1}" for i in range(len(first))])
        if len(set(ds.columns)) < len(ds.columns):
            ds.columns = _dedupe(ds.columns)
        if len(first) == 1:
            ds.warnings.append("one column found: if the file has more, its delimiter is "
                               "not one of comma, tab, semicolon or pipe")
        commas = decimal_comma_columns(files[0], head, delim, header)
        if commas:
            ds.decimal = ","
            col, example = commas[0]
            more = f" and {count(len(commas) - 1, 'more column')}" if len(commas) > 1 else ""
            ds.warnings.append(f"numbers use a decimal comma ('{example}' in '{col}'{more}): "
                               f"read as numbers ({example.replace(',', '.')}); Convert "
                               "writes them with a decimal point")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            ds.columns = [str(n) for n in pq.ParquetFile(files[0]).schema_arrow.names]
        except Exception as exc:  # noqa: BLE001 - any pyarrow failure is a bad file
            raise KnowledgeError(f"{files[0].name}: not a readable Parquet file: "
                                 f"{exc}") from None
    ds.budget_bytes = max_bytes
    if total > max_bytes:
        ds.sampled = True
        ds.sample_note = (f"{total / 1e9:,.1f} GB is more than one pass reads "
                          f"({max_bytes / 1e9:,.0f} GB): profiled the first rows plus "
                          "blocks from random places; counts are estimates")
    return ds


def _first_line(path: Path, compression: str, limit: int = 64 << 20) -> bytes:
    """The whole first line of a very wide file (its header), up to ``limit`` bytes."""
    opener = gzip.open if compression == "gzip" else open
    with opener(path, "rb") as fh:
        line = fh.readline(limit)
    if not line.endswith(b"\n") and len(line) >= limit:
        raise KnowledgeError(f"{path.name}: the first line is longer than "
                             f"{limit >> 20} MB: not a usable table header")
    return line


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n}_{k + 1}")
    return out


class _Counted(io.RawIOBase):
    """A read-only file wrapper that counts the compressed bytes consumed."""

    def __init__(self, fh) -> None:
        self.fh = fh
        self.pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.fh.readinto(b)
        self.pos += n or 0
        return n or 0


def _csv_reader(path: Path, ds: Dataset, column_types: dict, bad_rows: list):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def on_bad(row) -> str:
        bad_rows.append(row)
        return "skip"

    read = pacsv.ReadOptions(block_size=BLOCK_BYTES, use_threads=True,
                             column_names=None if ds.header else ds.columns)
    parse = pacsv.ParseOptions(delimiter=ds.delimiter, invalid_row_handler=on_bad,
                               newlines_in_values=False)
    as_text = column_types.get(_AS_TEXT, False)
    types = {k: v for k, v in column_types.items() if k != _AS_TEXT}
    if as_text:
        # Every field exactly as written (for length checks such as SPICE's field limit).
        convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in ds.columns},
                                       strings_can_be_null=False, null_values=[])
    else:
        convert = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True,
                                       quoted_strings_can_be_null=True,
                                       decimal_point=ds.decimal)
    raw = path.open("rb")
    counted = _Counted(raw)
    stream = io.BufferedReader(counted, 1 << 20)
    src = gzip.GzipFile(fileobj=stream) if ds.compression == "gzip" else stream
    try:
        reader = pacsv.open_csv(src, read_options=read, parse_options=parse,
                                convert_options=convert)
    except pa.ArrowInvalid as exc:
        raw.close()
        raise _csv_error(path, exc) from None
    except Exception:
        raw.close()
        raise
    return reader, raw, counted


def _csv_error(path: Path, exc: Exception) -> KnowledgeError:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "UTF8" in msg or "UTF-8" in msg:
        return KnowledgeError(f"{path.name}: not UTF-8 text ({msg}); save it as UTF-8")
    if "Empty CSV file" in msg:
        return KnowledgeError(f"{path.name}: no rows (the file is blank)")
    return KnowledgeError(f"{path.name}: malformed CSV: {msg}")


def _conversion_column(msg: str, names: list[str]) -> str | None:
    """The column a 'CSV conversion error' names, if any ("In CSV column #3: ...")."""
    import re

    m = re.search(r"column #(\d+)", msg)
    if m and int(m.group(1)) < len(names):
        return names[int(m.group(1))]
    return None


class SchemaChanged(Exception):
    """A CSV column's type guess (from the first block) failed further down the file.

    The caller restarts with ``column`` read as text (``column_types``), since the rows
    already handed out had it as numbers.
    """

    def __init__(self, column: str, msg: str) -> None:
        super().__init__(msg)
        self.column = column


def _iter_csv_file(path: Path, ds: Dataset, done_bytes: int, progress: Progress | None,
                   cancelled: IsCancelled | None, bad_rows: list, column_types: dict,
                   limit_rows: int | None = None) -> Iterator:
    """Batches of one CSV file (at most ``limit_rows`` rows when given)."""
    emitted = 0
    reader, raw, counted = _csv_reader(path, ds, column_types, bad_rows)
    with raw:
        try:
            for batch in _arrow_batches(reader, path):
                _check(cancelled)
                if limit_rows is not None and emitted + batch.num_rows > limit_rows:
                    batch = batch.slice(0, limit_rows - emitted)
                emitted += batch.num_rows
                if progress is not None:
                    progress(min(1.0, (done_bytes + counted.pos) / ds.total_bytes))
                if batch.num_rows:
                    yield batch
                if limit_rows is not None and emitted >= limit_rows:
                    return
        except _TypeGuessFailed as exc:
            name = _conversion_column(exc.msg, list(reader.schema.names))
            if name is None or str(column_types.get(name)) == "string":
                raise KnowledgeError(f"{path.name}: malformed CSV: {exc.msg}") from None
            raise SchemaChanged(name, exc.msg) from None


class _TypeGuessFailed(Exception):
    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


def _arrow_batches(reader, path: Path) -> Iterator:
    import pyarrow as pa

    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            msg = str(exc).strip().splitlines()[0]
            if "conversion error" in msg.lower() and "UTF8" not in msg:
                raise _TypeGuessFailed(msg) from None
            raise _csv_error(path, exc) from None
        except (OSError, EOFError) as exc:
            raise KnowledgeError(f"{path.name}: cannot be read to the end ({exc})") from None
        yield batch


def _iter_parquet(ds: Dataset, progress: Progress | None, cancelled: IsCancelled | None,
                  batch_rows: int, sample_groups: int | None) -> Iterator:
    import pyarrow.parquet as pq

    sizes = [Path(f).stat().st_size for f in ds.files]
    done = 0
    first_schema = None
    for f, size in zip(ds.files, sizes, strict=True):
        try:
            pf = pq.ParquetFile(f)
        except Exception as exc:  # noqa: BLE001
            raise KnowledgeError(f"{Path(f).name}: not a readable Parquet file: {exc}") from None
        names = pf.schema_arrow.names
        if first_schema is None:
            first_schema = names
        elif names != first_schema:
            raise KnowledgeError(f"{Path(f).name}: its columns differ from the first part's "
                                 f"({len(names)} vs {len(first_schema)} columns)")
        groups = list(range(pf.num_row_groups))
        if sample_groups is not None and len(groups) > sample_groups:
            rng = random.Random(0)
            groups = sorted([0] + rng.sample(groups[1:], sample_groups - 1))
        for gi, g in enumerate(groups):
            _check(cancelled)
            try:
                for batch in pf.iter_batches(batch_size=batch_rows, row_groups=[g]):
                    _check(cancelled)
                    yield batch
            except Exception as exc:  # noqa: BLE001
                raise KnowledgeError(f"{Path(f).name}: row group {g} cannot be read: "
                                     f"{exc}") from None
            if progress is not None:
                progress(min(1.0, (done + size * (gi + 1) / max(1, len(groups)))
                             / ds.total_bytes))
        done += size


def _iter_jsonl(ds: Dataset, progress: Progress | None,
                cancelled: IsCancelled | None) -> Iterator:
    import pyarrow as pa
    import pyarrow.json as pj

    done = 0
    for f in ds.files:
        p = Path(f)
        raw = p.open("rb")
        counted = _Counted(raw)
        stream = io.BufferedReader(counted, 1 << 20)
        src = gzip.GzipFile(fileobj=stream) if ds.compression == "gzip" else stream
        with raw:
            try:
                reader = pj.open_json(src, read_options=pj.ReadOptions(block_size=BLOCK_BYTES))
                while True:
                    _check(cancelled)
                    try:
                        batch = reader.read_next_batch()
                    except StopIteration:
                        break
                    if progress is not None:
                        progress(min(1.0, (done + counted.pos) / ds.total_bytes))
                    yield batch
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                msg = str(exc).strip().splitlines()[0]
                raise KnowledgeError(f"{p.name}: malformed JSON Lines: {msg}") from None
        done += p.stat().st_size


_AS_TEXT = "\0as-text"   # a key no CSV column can have


def iter_text_batches(ds: Dataset, progress: Progress | None = None,
                      cancelled: IsCancelled | None = None,
                      bad_rows: list | None = None) -> Iterator:
    """CSV batches with every column as the text written in the file (empty = "").

    What a check of raw field lengths needs (the SPICE file check: longest field, text
    bytes, which columns are all numbers). Parquet and JSON Lines come typed as stored.
    """
    yield from iter_batches(ds, progress, cancelled, bad_rows=bad_rows,
                            column_types={_AS_TEXT: True})


def iter_batches(ds: Dataset, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None, batch_rows: int = 65536,
                 bad_rows: list | None = None, head_rows: int = 1_000_000,
                 column_types: dict | None = None) -> Iterator:
    """Arrow record batches of the whole dataset (or of its stated sample).

    ``bad_rows`` collects CSV rows with the wrong number of fields (skipped, and the
    caller reports them). ``column_types`` forces CSV column types (name -> Arrow type);
    :class:`SchemaChanged` asks the caller to restart with one more. A sampled CSV yields its first ``head_rows`` rows only when it
    is one file; a sampled folder reads every n-th part; a sampled Parquet file reads the
    first and random row groups.
    """
    bad = bad_rows if bad_rows is not None else []
    if ds.format == "parquet":
        yield from _iter_parquet(ds, progress, cancelled, batch_rows,
                                 sample_groups=16 if ds.sampled else None)
    elif ds.format == "jsonl":
        yield from _iter_jsonl(ds, progress, cancelled)
    else:
        files = ds.files
        if ds.sampled and len(files) > 1:
            keep = max(1, int(len(files) * ds.budget_bytes / ds.total_bytes))
            files = files[::-(-len(files) // keep)]
        done = 0
        types = column_types if column_types is not None else {}
        schema = None
        for f in files:
            limit = head_rows if ds.sampled and len(files) == 1 else None
            for batch in _iter_csv_file(Path(f), ds, done, progress, cancelled, bad, types,
                                        limit):
                if schema is None:
                    schema = batch.schema
                    if _AS_TEXT not in types:
                        types.update(zip(schema.names, schema.types, strict=True))
                elif batch.schema != schema:
                    batch = _conform(batch, schema, Path(f))
                yield batch
            if ds.sampled and len(files) == 1 and schema is not None:
                yield from _csv_random_blocks(Path(f), ds, cancelled, bad, schema)
            done += Path(f).stat().st_size
    if progress is not None:
        progress(1.0)


def _conform(batch, schema, path: Path):
    """A later part's batch with the first part's columns and types, or a clear error."""
    import pyarrow as pa

    if batch.schema.names != schema.names:
        raise KnowledgeError(f"{path.name}: its columns differ from the first part's "
                             f"({batch.num_columns} vs {len(schema.names)} columns)")
    try:
        return batch.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise KnowledgeError(f"{path.name}: a column's type differs from the first "
                             f"part's: {str(exc).splitlines()[0]}") from None


def _csv_random_blocks(path: Path, ds: Dataset, cancelled: IsCancelled | None, bad: list,
                       schema, blocks: int = 32, block_bytes: int = 4 << 20) -> Iterator:
    """Rows from random byte offsets of a large uncompressed CSV (each starts at a newline)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if ds.compression:
        return  # a gzip stream cannot seek: the head is the whole sample (stated)
    size = path.stat().st_size
    rng = random.Random(0)
    # One block from a random place in each of ``blocks`` equal stretches of the file.
    stride = size // blocks
    block_bytes = min(block_bytes, max(1, stride // 2))
    offsets = [i * stride + rng.randrange(0, max(1, stride - block_bytes))
               for i in range(1, blocks)]
    with path.open("rb") as fh:
        for off in offsets:
            _check(cancelled)
            fh.seek(off)
            chunk = fh.read(block_bytes)
            start = chunk.find(b"\n") + 1
            end = chunk.rfind(b"\n") + 1
            if start <= 0 or end <= start:
                continue
            body = chunk[start:end]
            try:
                table = pacsv.read_csv(
                    pa.py_buffer(body),
                    read_options=pacsv.ReadOptions(column_names=schema.names),
                    parse_options=pacsv.ParseOptions(delimiter=ds.delimiter,
                                                     invalid_row_handler=lambda r:
                                                     bad.append(r) or "skip"),
                    convert_options=pacsv.ConvertOptions(
                        column_types=dict(zip(schema.names, schema.types, strict=True)),
                        strings_can_be_null=True, decimal_point=ds.decimal))
            except pa.ArrowInvalid:
                continue  # a block that starts inside a quoted field: take the next one
            yield from table.to_batches()
