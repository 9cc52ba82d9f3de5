"""Reading user files in bounded memory, with one clear message for every way they go wrong.

Every reader of a user-chosen file (k-means CSV, grid layouts, answers, sessions, the SPICE
check) goes through here, so they share the same guarantees: the path is checked before
opening (too long, missing, a folder, a device, unreadable, empty, too large); binary content
(NUL bytes) and text that is not UTF-8 are detected on the first block that contains them,
not after reading the whole file; a line may not grow without bound; JSON may not nest
deeper than a limit or hold numbers that Python cannot represent sensibly; and a message
never repeats more than a short prefix of what the file contains.

Errors are :class:`InputError` when the caller names the input (``field``) and plain
:class:`KnowledgeError` otherwise.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from sagewise.knowledge.errors import InputError, KnowledgeError

MAX_NAME_BYTES = 255      # one path component, as on ext4/APFS/NTFS
MAX_PATH_CHARS = 4096
BLOCK_BYTES = 1 << 20     # 1 MiB read at a time
MAX_LINE_BYTES = 1 << 20  # a CSV record longer than this is not a record
PREFIX_CHARS = 40
MAX_INT_DIGITS = 100


def short(text: object, limit: int = PREFIX_CHARS) -> str:
    """At most ``limit`` characters of ``text``, control characters escaped, for messages."""
    s = str(text)
    cut = s[:limit]
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut)
    return shown + ("..." if len(s) > limit else "")


class EmptyFile(KnowledgeError):
    """The file has no bytes (raised without a field, so a reader may word it its own way)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is empty")
        self.name = name


def fail(field: str | None, message: str) -> KnowledgeError:
    """The error to raise: named after ``field`` when there is one."""
    return InputError(field, message) if field else KnowledgeError(message)


def _describe(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_file(path: str | Path, field: str | None, max_bytes: int,
               what: str = "file") -> tuple[Path, int]:
    """The path and size of a regular, non-empty file no larger than ``max_bytes``."""
    text = os.fspath(path)
    p = Path(text)
    name = short(p.name or text)
    if len(text) > MAX_PATH_CHARS or any(len(part.encode("utf-8", "surrogateescape"))
                                         > MAX_NAME_BYTES for part in p.parts):
        raise fail(field, f"the file name is too long ({short(text)}; a name may have at "
                          f"most {MAX_NAME_BYTES} bytes)")
    try:
        st = p.stat()
    except FileNotFoundError:
        raise fail(field, f"{what} not found: {short(text, 80)}") from None
    except OSError as exc:
        raise fail(field, f"cannot read {name}: {_describe(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise fail(field, f"{name} is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise fail(field, f"{name} is not a regular file")
    if st.st_size == 0:
        raise InputError(field, f"{name} is empty") if field else EmptyFile(name)
    if st.st_size > max_bytes:
        raise fail(field, f"{name} is too large ({_size(st.st_size)}; a {what} may have at "
                          f"most {_size(max_bytes)})")
    return p, st.st_size


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} GB"  # pragma: no cover


def open_binary(p: Path, field: str | None):
    """``p`` opened for reading bytes; an unreadable file becomes a message."""
    try:
        return p.open("rb")
    except OSError as exc:
        raise fail(field, f"cannot read {short(p.name)}: {_describe(exc)}") from None


def binary_error(field: str | None, name: str, offset: int) -> KnowledgeError:
    """The message for a NUL byte: binary content, not text."""
    return fail(field, f"{short(name)} is not a text file (NUL byte at offset {offset:,}: "
                       "binary data)")


def _utf8_error(field: str | None, name: str, exc: UnicodeDecodeError,
                base: int) -> KnowledgeError:
    bad = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return fail(field, f"{short(name)} is not UTF-8 text (byte 0x{bad:02x} at offset "
                       f"{base + exc.start:,}); save it as UTF-8")


def read_text(path: str | Path, field: str | None, max_bytes: int,
              what: str = "file") -> tuple[str, str]:
    """(text, display name) of a small UTF-8 text file, checked and capped."""
    p, _ = check_file(path, field, max_bytes, what)
    with open_binary(p, field) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise fail(field, f"cannot read {short(p.name)}: {_describe(exc)}") from None
    if len(data) > max_bytes:
        raise fail(field, f"{short(p.name)} is too large (a {what} may have at most "
                          f"{_size(max_bytes)})")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise binary_error(field, p.name, nul)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _utf8_error(field, p.name, exc, 0) from None
    return text, p.name


def iter_line_blocks(fh, field: str | None, name: str, block_bytes: int = BLOCK_BYTES,
                     max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[str]:
    """Decoded text in blocks that end at line ends; refuses NULs, non-UTF-8, huge lines.

    Memory stays near ``block_bytes + max_line_bytes`` whatever the file holds.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    carry = b""
    offset = 0  # file offset of the first byte of ``carry``
    while True:
        try:
            raw = fh.read(block_bytes)
        except OSError as exc:
            raise fail(field, f"cannot read {short(name)}: {_describe(exc)}") from None
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise binary_error(field, name, offset + len(carry) + nul)
        data = carry + raw
        if not data:
            return
        cut = data.rfind(b"\n") + 1 if raw else len(data)
        if len(data) - cut > max_line_bytes:
            raise fail(field, f"{short(name)} has a line longer than "
                              f"{_size(max_line_bytes)} near offset {offset + cut:,}: not a "
                              "CSV of records")
        part, carry = data[:cut], data[cut:]
        try:
            text = decoder.decode(part, final=not raw)
        except UnicodeDecodeError as exc:
            raise _utf8_error(field, name, exc, offset) from None
        offset += cut
        if text:
            yield text
        if not raw:
            return


class GuardedReader(io.RawIOBase):
    """A binary stream that raises on the first NUL byte or an overlong line.

    For readers such as ``pandas.read_csv`` that pull from a file object themselves: the
    check happens block by block as they read, so a file of valid CSV followed by gigabytes
    of NUL bytes stops at the first NUL instead of becoming one enormous field.
    """

    def __init__(self, fh, field: str | None, name: str,
                 max_line_bytes: int = MAX_LINE_BYTES) -> None:
        super().__init__()
        self._fh = fh
        self._field = field
        self._name = name
        self._max_line = max_line_bytes
        self._offset = 0
        self._since_newline = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` from the file, checking what was read."""
        n = self._fh.readinto(buffer)
        if not n:
            return 0
        view = bytes(memoryview(buffer)[:n])
        nul = view.find(b"\x00")
        if nul >= 0:
            raise binary_error(self._field, self._name, self._offset + nul)
        last = view.rfind(b"\n")
        self._since_newline = n - last - 1 if last >= 0 else self._since_newline + n
        if self._since_newline > self._max_line:
            raise fail(self._field, f"{short(self._name)} has a line longer than "
                                    f"{_size(self._max_line)}: not a CSV of records")
        self._offset += n
        return n

    def tell(self) -> int:
        """Bytes read so far."""
        return self._offset


class _JsonRefused(Exception):
    """Raised from the json hooks; turned into a message by :func:`parse_json`."""


def _parse_int(s: str) -> int:
    if len(s.lstrip("-")) > MAX_INT_DIGITS:
        raise _JsonRefused(f"a number with {len(s.lstrip('-')):,} digits (at most "
                           f"{MAX_INT_DIGITS})")
    return int(s)


def _parse_float(s: str) -> float:
    if len(s) > 2 * MAX_INT_DIGITS:
        raise _JsonRefused(f"a number written with {len(s):,} characters")
    v = float(s)
    if v in (float("inf"), float("-inf")):
        raise _JsonRefused(f"a number too large to represent ({short(s, 20)})")
    return v


def _parse_constant(s: str) -> float:
    raise _JsonRefused(f"{s}, which is not a number JSON allows")


def parse_json(text: str, field: str | None, name: str, max_depth: int = 64,
               invalid: str = "not valid JSON") -> object:
    """JSON from text: no NaN/Infinity, no huge numbers, nesting at most ``max_depth``."""
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except _JsonRefused as exc:
        raise fail(field, f"{short(name)} holds {exc}") from None
    except json.JSONDecodeError as exc:
        raise fail(field, f"{short(name)}: {invalid} (line {exc.lineno}, column "
                          f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise fail(field, f"{short(name)} is nested too deeply (at most {max_depth} "
                          "levels)") from None
    if depth(data) > max_depth:
        raise fail(field, f"{short(name)} is nested too deeply (at most {max_depth} levels)")
    return data


def depth(data: object) -> int:
    """How deeply lists and objects nest (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((c, level + 1) for c in children)
    return deepest


def load_json(path: str | Path, field: str | None, max_bytes: int, what: str = "file",
              max_depth: int = 64, invalid: str = "not valid JSON") -> tuple[object, str]:
    """(data, display name) of a capped JSON file (see :func:`parse_json`)."""
    text, name = read_text(path, field, max_bytes, what)
    return parse_json(text, field, name, max_depth, invalid), name
