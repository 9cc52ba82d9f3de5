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


@pytest.fixture(autouse=True)
def delete_closed_widgets(qapp):
    """Destroy what a test closed before the next test starts: otherwise a later test's
    first wait spends seconds deleting earlier tests' windows and its timers starve."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

