"""Session files: everything a user decided, saved as versioned JSON, written atomically.

A session holds the description, the wizard answers (and skipped questions), the chosen
algorithm, each panel's saved state and the sizing results with the algorithm each was
computed for. Files carry ``schema_version``; older files are migrated and every field is
validated (``knowledge.session_schema``); a newer version or a corrupt file is refused with
a message, and saving never leaves a half-written file (temporary file in the same folder,
then an atomic rename).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sagewise.knowledge import __version__
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.session_schema import FORMAT, SCHEMA_VERSION, check_session

MAX_BYTES = 20_000_000
STALE_TEMP_SECONDS = 60
MAX_DEPTH = 32  # a session nests a handful of levels; deeper is not a session


@dataclass
class Session:
    """One user's work."""

    description: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    chosen: str = ""
    panels: dict[str, dict] = field(default_factory=dict)
    sizing: list[dict] = field(default_factory=list)
    """Computed sizing results: {calculator, title, algorithm, markdown} (schema 2)."""
    created: str = ""
    saved: str = ""

    def to_dict(self) -> dict:
        """JSON form with the format marker and schema version."""
        d = asdict(self)
        d["format"] = FORMAT
        d["schema_version"] = SCHEMA_VERSION
        d["app_version"] = __version__
        return d


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def save_session(session: Session, path: str | Path) -> Path:
    """Write atomically: a temporary file beside the target, fsync, then rename."""
    if not session.created:
        session.created = _now()
    session.saved = _now()
    return write_text_atomic(path, json.dumps(session.to_dict(), indent=2, ensure_ascii=False))


def _temp_pattern(name: str) -> re.Pattern:
    """Our own temporary names for ``name`` (mkstemp's 8 random characters)."""
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp")


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete temporary files an interrupted save (kill -9) left beside ``target``.

    Only our own pattern next to the target, and only files older than a minute (a save
    running in another window is left alone).
    """
    pattern, removed = _temp_pattern(target.name), []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        try:
            if (pattern.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink()
                    and time.time() - entry.stat().st_mtime > STALE_TEMP_SECONDS):
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write text so the target is either the old file or the complete new one.

    A symbolic link is written through (its target is replaced, the link stays). Text that
    cannot be encoded (a lone surrogate) is refused before any file is created.
    """
    p = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise KnowledgeError(f"cannot save {p.name}: the text contains a character that "
                             f"cannot be stored (position {exc.start})") from None
    target = Path(os.path.realpath(p)) if p.is_symlink() else p
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise KnowledgeError(f"cannot save: folder does not exist: {folder}")
    if target.is_dir():
        raise KnowledgeError(f"cannot save {p.name}: it is a folder")
    remove_stale_temps(target)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise KnowledgeError(f"cannot save {p.name}: {exc.strerror or exc}") from None
    return p


def load_session(path: str | Path) -> Session:
    """Read and validate a session file; every problem becomes a clear message."""
    return load_session_checked(path)[0]


def load_session_checked(path: str | Path) -> tuple[Session, list[str]]:
    """Read (bounded: size, depth, binary content), migrate and validate a session file:
    the session and what was dropped."""
    from sagewise.knowledge.bounded_read import EmptyFile, load_json, short

    try:
        data, name = load_json(path, None, MAX_BYTES, "session file", max_depth=MAX_DEPTH,
                               invalid="damaged session file, JSON error")
    except EmptyFile as exc:
        raise KnowledgeError(f"{exc.name}: damaged session file (it is empty)") from None
    except KnowledgeError as exc:
        if "JSON error" in str(exc) and not _starts_like_json(path):
            # a CSV or a text file picked by mistake is not "damaged": say what it is not
            raise KnowledgeError(f"{short(Path(path).name)}: not a SageWise session file "
                                 "(a session is a JSON object)") from None
        raise
    return parse_session_checked(data, short(name))


def parse_session(data: object, name: str = "session") -> Session:
    """Validate session data (used for files and for QSettings' last session)."""
    return parse_session_checked(data, name)[0]


def parse_session_checked(data: object, name: str = "session") -> tuple[Session, list[str]]:
    """Migrate and validate every field; a bad value is dropped and named."""
    clean, problems = check_session(data, name)
    return Session(**clean), problems


def _starts_like_json(path: str | Path) -> bool:
    """Does the file start (after blanks) with '{', as every session file does?"""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b" \t\r\n\xef\xbb\xbf")
    except OSError:
        return True   # the reader's own message stands
    return head[:1] == b"{"
