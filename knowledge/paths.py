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
