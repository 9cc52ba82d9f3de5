"""Qt fixtures: settings isolated per test (never touch the user's real settings), and
every GUI test fails if it leaves a window, a timer or a thread behind (tests/gui/leaks.py)."""

from __future__ import annotations

import leaks
import pytest


@pytest.fixture(scope="session", autouse=True)
def _leak_hooks():
    """Record who starts QTimers/QThreads for the whole GUI session."""
    leaks.install()
    yield
    leaks.uninstall()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "leaks_hidden_windows(reason): this test may leave hidden windows that a known bug"
        " outside tests/ keeps alive (say which, and where it gets fixed); visible windows,"
        " timers and threads are still checked. Use only when the fix is out of reach.")


CALL_FAILED = pytest.StashKey[bool]()
WATCH = pytest.StashKey[leaks.LeakWatch]()


@pytest.fixture(autouse=True)
def no_leaks(request, qapp, _leak_hooks):
    """Note what exists before the test; the check itself runs in pytest_runtest_teardown
    below, once every fixture is torn down and qtbot's widgets are closed."""
    request.node.stash[WATCH] = leaks.LeakWatch()
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note on the item whether its setup or call failed: a failed test keeps its frames
    (and windows) alive through the traceback, so its leaks are cleaned up but not
    reported on top of the real failure."""
    report = yield
    if report.when in ("setup", "call") and report.failed:
        item.stash[CALL_FAILED] = True
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Fail the test (as a teardown error) if it left a top-level window, an active QTimer
    or a running thread: they would act during later tests. The message names each leak,
    its parent chain and the line that started it.

    Runs inside pytest-qt's teardown wrapper (which closes qtbot's widgets first) and after
    all fixtures are torn down. pytest drops ``item.funcargs`` only after this hook; until
    then they keep the test's (closed) panels and the pyqtgraph menus they own alive, so
    they are dropped here."""
    failed = item.stash.get(CALL_FAILED, False)
    try:
        return (yield)
    except BaseException:
        failed = True   # a fixture's teardown failed: clean up, report that failure only
        raise
    finally:
        _check_leaks(item, report=not failed)


def _check_leaks(item, report: bool) -> None:
    watch = item.stash.get(WATCH, None)
    if watch is None:
        return
    del item.stash[WATCH]
    if item.funcargs:
        item.funcargs.clear()
    allowed = item.get_closest_marker("leaks_hidden_windows")
    problems = watch.finish(report=report, allow_hidden_windows=allowed is not None)
    if allowed is not None and not (allowed.args or allowed.kwargs.get("reason")):
        pytest.fail("@pytest.mark.leaks_hidden_windows needs a reason: which bug keeps the"
                    " windows alive, and where it gets fixed", pytrace=False)
    if problems:
        pytest.fail(leaks.format_problems(item.nodeid, problems), pytrace=False)


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
