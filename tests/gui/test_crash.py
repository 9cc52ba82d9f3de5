"""An unexpected error in a slot or a thread: a dialog that says where the log is, a log
entry with the traceback, and a window that stays alive."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sagewise.gui import crash


def _dialog():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "crash_dialog" and w.isVisible():
            return w
    return None


@pytest.fixture
def reporter(tmp_path):
    log_file = crash.setup_logging(folder=tmp_path)
    r = crash.CrashReporter(log_file)
    r.install()
    yield r
    r.uninstall()
    d = _dialog()
    if d is not None:
        d.close()
    crash.setup_logging(folder=tmp_path / "after")


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_shows_a_dialog_and_is_logged(qtbot, reporter, tmp_path):
    button = QPushButton("boom")
    qtbot.addWidget(button)

    def explode():
        raise ValueError("the slot failed")

    button.clicked.connect(explode)
    button.click()
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=3000)
    dialog = _dialog()
    assert "the slot failed" in dialog.text()
    assert str(reporter.log_file) in dialog.text()
    assert "Traceback" in dialog.detailedText() and "explode" in dialog.detailedText()
    log_text = (tmp_path / crash.LOG_NAME).read_text(encoding="utf-8")
    assert "ValueError: the slot failed" in log_text and "explode" in log_text
    button.click()  # a second error while the dialog is open: logged, no second dialog
    qtbot.waitUntil(lambda: len(reporter.reports) == 2, timeout=3000)
    assert sum(1 for w in QApplication.topLevelWidgets()
               if w.objectName() == "crash_dialog" and w.isVisible()) == 1


@pytest.mark.qt_no_exception_capture
def test_error_in_a_thread_reaches_the_gui_thread(qtbot, reporter, tmp_path):
    def work():
        raise RuntimeError("worker died")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=3000)
    assert "worker died" in _dialog().text()
    assert "RuntimeError: worker died" in (tmp_path / crash.LOG_NAME).read_text()


def test_unwritable_log_folder_is_not_fatal(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert crash.setup_logging(folder=blocker / "logs") is None
    crash.log.info("still works")
