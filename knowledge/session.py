"""Session files: everything a user decided, saved as versioned JSON, written atomically.

A session holds the description, the wizard answers (and skipped questions), the chosen
algorithm, and each panel's saved state. Files carry ``schema_version``; a newer version
or a corrupt file is refused with a message, and saving never leaves a half-written file
(temporary file in the same folder, then an atomic rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from knowledge import __version__
from knowledge.errors import KnowledgeError

SCHEMA_VERSION = 1
FORMAT = "sagewise-session"
MAX_BYTES = 20_000_000


@dataclass
class Session:
    """One user's work."""

    description: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    chosen: str = ""
    panels: dict[str, dict] = field(default_factory=dict)
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


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write text so the target is either the old file or the complete new one."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise KnowledgeError(f"cannot save: folder does not exist: {folder}")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KnowledgeError(f"cannot save {p.name}: {exc.strerror or exc}") from None
    return p


def load_session(path: str | Path) -> Session:
    """Read and validate a session file; every problem becomes a clear message."""
    p = Path(path)
    if not p.is_file():
        raise KnowledgeError(f"{p.name}: file not found")
    if p.stat().st_size > MAX_BYTES:
        raise KnowledgeError(f"{p.name}: too large for a session file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise KnowledgeError(f"{p.name}: not a text file (is it a session file?)") from None
    except json.JSONDecodeError as exc:
        raise KnowledgeError(f"{p.name}: damaged session file (JSON error at line "
                             f"{exc.lineno}, column {exc.colno})") from None
    return parse_session(data, p.name)


def parse_session(data: object, name: str = "session") -> Session:
    """Validate session data (used for files and for QSettings' last session)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KnowledgeError(f"{name}: not a SageWise session file")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise KnowledgeError(f"{name}: missing or invalid schema_version")
    if version > SCHEMA_VERSION:
        raise KnowledgeError(f"{name}: saved by a newer SageWise (schema {version}; this "
                             f"version reads up to {SCHEMA_VERSION}). Nothing was changed.")
    s = Session()
    if not isinstance(data.get("description", ""), str):
        raise KnowledgeError(f"{name}: field 'description' must be text")
    s.description = data.get("description", "")
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in answers.items()):
        raise KnowledgeError(f"{name}: field 'answers' must map questions to answers")
    s.answers = dict(answers)
    skipped = data.get("skipped", [])
    if not isinstance(skipped, list) or not all(isinstance(q, str) for q in skipped):
        raise KnowledgeError(f"{name}: field 'skipped' must be a list of question ids")
    s.skipped = list(skipped)
    if not isinstance(data.get("chosen", ""), str):
        raise KnowledgeError(f"{name}: field 'chosen' must be an id")
    s.chosen = data.get("chosen", "")
    panels = data.get("panels", {})
    if not isinstance(panels, dict) or not all(isinstance(v, dict) for v in panels.values()):
        raise KnowledgeError(f"{name}: field 'panels' must be an object of objects")
    s.panels = panels
    s.created = str(data.get("created", ""))
    s.saved = str(data.get("saved", ""))
    return s
