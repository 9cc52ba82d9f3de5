"""Where the shipped data lives: ``resources/`` beside the packages, in a checkout
(``resources/`` next to ``knowledge/``) and when installed (``sagewise/resources`` next to
``sagewise/knowledge``); ``SAGEWISE_RESOURCES`` overrides it for tests."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    """Return the resources folder; ``SAGEWISE_RESOURCES`` overrides it."""
    override = os.environ.get("SAGEWISE_RESOURCES")
    if override:
        return Path(override)
    package = files(__package__ or "knowledge")   # this package's folder, wherever it is
    return Path(str(package)).resolve().parent / "resources"


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_files() -> list[Path]:
    """The application icon's PNG files, smallest first (those that exist)."""
    folder = resources_dir() / "desktop"
    return [p for p in (folder / f"sagewise-{n}.png" for n in ICON_SIZES) if p.is_file()]
