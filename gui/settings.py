"""The one place that reads and writes QSettings: typed keys with defaults and a version.

Start-up must never depend on what is stored here: every read checks the stored type and
falls back to the default, and a value that cannot be used is simply not used. Stored
settings carry ``settings/version``; ``migrate`` brings older ones up to date one step per
version (as Orange's ``settings_version`` / ``migrate_settings`` do).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings

VERSION = 2
DEFAULTS: dict[str, object] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/page": 0,
    "session/recent_path": "",  # only a suggestion for Save as, never the Ctrl+S target
    "session/autosave": "",     # the last session as JSON, so closing never loses work
    "session/autosave_modified": False,  # it held changes no file has
    "export/last_dir": "",
}
MAX_TEXT = 20_000_000


def _v1_to_v2(s: QSettings) -> None:
    """Version 1 kept ``session/last_path`` and saved over it on Ctrl+S after a restart;
    version 2 keeps it only as a suggestion for Save as."""
    last = s.value("session/last_path")
    if isinstance(last, str) and last:
        s.setValue("session/recent_path", last)
    s.remove("session/last_path")


MIGRATIONS: dict[int, Callable[[QSettings], None]] = {1: _v1_to_v2}
"""``MIGRATIONS[v]`` turns version-``v`` settings into version ``v + 1``."""


def stored_version(s: QSettings | None = None) -> int:
    """The version the stored settings were written by (garbage counts as 1)."""
    s = s or QSettings()
    raw = s.value("settings/version")
    if raw is None:
        return VERSION if not s.allKeys() else 1
    try:
        return max(1, int(raw))
    except (TypeError, ValueError, OverflowError):
        return 1


def migrate() -> int:
    """Bring stored settings up to VERSION; returns the version they had."""
    s = QSettings()
    found = version = stored_version(s)
    while version < VERSION:
        MIGRATIONS[version](s)
        version += 1
        s.setValue("settings/version", version)
    return found


def _coerce(value, default):
    """The value if it has the default's type (after QSettings' text forms), else None."""
    if isinstance(default, QByteArray):
        if isinstance(value, QByteArray):
            return value
        return QByteArray(value) if isinstance(value, bytes) else None
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(str(value).lower()) \
            if isinstance(value, (str, int)) else None
    if isinstance(default, int):
        if isinstance(value, bool):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return number if -2**31 <= number < 2**31 else None
    if isinstance(default, str):
        return value if isinstance(value, str) and len(value) <= MAX_TEXT else None
    return None


def read(key: str):
    """Typed read; a missing, damaged or wrong-typed value gives the default."""
    if key not in DEFAULTS:
        raise KeyError(key)
    default = DEFAULTS[key]
    try:
        s = QSettings()
        if stored_version(s) > VERSION:
            return default  # written by a newer version: ignore rather than misread
        value = _coerce(s.value(key, default), default)
    except Exception:  # noqa: BLE001 - a damaged settings file must not stop the app
        return default
    return default if value is None else value


def write(**values) -> None:
    """Write keys given as key_with_slashes=value (use '__' for '/')."""
    s = QSettings()
    s.setValue("settings/version", VERSION)
    for name, value in values.items():
        key = name.replace("__", "/")
        if key not in DEFAULTS:
            raise KeyError(key)
        s.setValue(key, value)


def read_json(key: str) -> dict | None:
    """A JSON object stored as text (None when missing or damaged)."""
    text = read(key)
    if not text:
        return None
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def reset() -> None:
    """Forget everything."""
    QSettings().clear()
