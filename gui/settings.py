"""The one place that reads and writes QSettings: typed keys with defaults and a version."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings

VERSION = 1
DEFAULTS: dict[str, object] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/page": 0,
    "session/last_path": "",
    "session/autosave": "",     # the last session as JSON, so closing never loses work
    "export/last_dir": "",
}


def read(key: str):
    """Typed read; unknown keys are a programming error."""
    if key not in DEFAULTS:
        raise KeyError(key)
    default = DEFAULTS[key]
    s = QSettings()
    if s.value("settings/version", VERSION, type=int) > VERSION:
        return default  # written by a newer version: ignore rather than misread
    value = s.value(key, default)
    if isinstance(default, int) and not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = default
    if isinstance(default, str) and not isinstance(value, str):
        value = default
    return value


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
    except (TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def reset() -> None:
    """Forget everything."""
    QSettings().clear()
