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
def no_modal_dialogs(monkeypatch):
    """Closing a window with changes would ask Save/Discard/Cancel and wait forever
    offscreen: tests answer Discard unless they set ``asked.answer``; every question and
    information dialog is recorded in ``asked.calls``."""
    from types import SimpleNamespace

    from sagewise.gui import session_io

    asked = SimpleNamespace(answer=session_io.DISCARD, calls=[])

    def ask(_parent, action):
        asked.calls.append(("unsaved", action))
        return asked.answer

    monkeypatch.setattr(session_io, "ask_unsaved_changes", ask)
    monkeypatch.setattr(session_io, "show_dropped",
                        lambda _p, title, problems: asked.calls.append(("dropped", problems)))
    return asked
def delete_closed_widgets(qapp):
    """Destroy what a test closed before the next test starts: otherwise a later test's
    first wait spends seconds deleting earlier tests' windows and its timers starve."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)



@pytest.fixture
def errors(monkeypatch):
    """Error dialogs of the main window, recorded as (title, text) instead of shown."""
    import sagewise.gui.main_window as mw

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(mw, "show_error", lambda _p, title, text: seen.append((title, text)))
    return seen


@pytest.fixture
def window(qtbot, errors):
    """A main window that starts blank (no restored settings), shut down afterwards."""
    from sagewise.gui.main_window import MainWindow

    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    yield w
    w.shutdown()
