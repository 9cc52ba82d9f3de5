"""Where the shipped data lives (``resources/`` beside the packages, overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """Return the resources folder; ``SAGEWISE_RESOURCES`` overrides it."""
    override = os.environ.get("SAGEWISE_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_files() -> list[Path]:
    """The application icon's PNG files, smallest first (those that exist)."""
    folder = resources_dir() / "desktop"
    return [p for p in (folder / f"sagewise-{n}.png" for n in ICON_SIZES) if p.is_file()]
