"""Shared fixtures. Imports no Qt, so knowledge tests run without a Qt binding."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# No display in CI or on these machines: Qt must never try a real window by default.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"


@pytest.fixture
def resources_copy(tmp_path: Path) -> Path:
    """A private copy of resources/ that a test may break."""
    dest = tmp_path / "resources"
    shutil.copytree(RESOURCES, dest)
    return dest


def pytest_collection_modifyitems(items):
    """Tests using qtbot/qapp get the ``gui`` marker (so ``-m 'not gui'`` runs headless)."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
