"""Qt fixtures: settings isolated per test (never touch the user's real settings)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("SageWiseTests")
    QCoreApplication.setApplicationName("SageWiseTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield
