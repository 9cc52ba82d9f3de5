"""The leak checker (tests/gui/leaks.py) names what a test left alive and passes clean
tests; the last test runs it through pytest itself, as the GUI suite uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import leaks
import shiboken6
from PySide6.QtCore import QObject, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QDialog, QMenu, QWidget

HERE = Path(__file__).resolve().parent
THIS = "tests/gui/test_leak_checks.py"


def test_a_test_that_cleans_up_is_clean(qtbot):
    watch = leaks.LeakWatch()
    owner = QObject()
    timer = QTimer(owner, interval=1000)
    timer.start()
    timer.stop()
    window = QWidget()
    window.show()
    window.close()
    window.deleteLater()
    thread = QThread()
    thread.start()
    thread.quit()
    thread.wait(5000)
    fired = []
    QTimer.singleShot(0, lambda: fired.append(1))
    qtbot.waitUntil(lambda: bool(fired))
    assert watch.finish() == []


def test_an_active_timer_is_named_with_its_owner_and_start_line():
    watch = leaks.LeakWatch()
    owner = QObject()
    owner.setObjectName("poller")
    timer = QTimer(owner, interval=1000)
    timer.setObjectName("tick")
    timer.start()
    problems = watch.finish()
    assert len(problems) == 1
    text = problems[0]
    assert text.startswith("still active: QTimer 'tick' (parent chain: QObject 'poller')")
    assert "repeating every 1000 ms" in text and f"started at {THIS}:" in text
    assert not timer.isActive()  # stopped, so it cannot tick into the next test


def test_a_window_left_open_is_named_once_with_its_title():
    watch = leaks.LeakWatch()
    window = QWidget()
    window.setObjectName("forgotten")
    window.setWindowTitle("Forgotten window")
    dialog = QDialog(window)  # a window owned by the leaked one: reported through it
    window.show()
    dialog.show()
    problems = watch.finish()
    assert len(problems) == 1
    assert problems[0].startswith(
        "still open: QWidget 'forgotten' \"Forgotten window\" (no parent), visible")
    assert not shiboken6.isValid(window)  # closed and deleted by the checker


def test_a_hidden_window_that_something_still_holds_is_a_leak():
    watch = leaks.LeakWatch()
    kept = QWidget()  # never shown, but kept alive by this frame: the collector can't free it
    problems = watch.finish()
    assert len(problems) == 1
    assert problems[0].startswith("still alive: QWidget (no parent), hidden")
    del kept


def test_many_windows_of_one_kind_make_one_line():
    watch = leaks.LeakWatch()
    kept = [QMenu() for _ in range(3)]
    problems = watch.finish()
    assert problems == [problems[0]] and problems[0].endswith("[3 of them]")
    assert problems[0].startswith("still alive: QMenu (no parent), hidden")
    del kept


def test_hidden_windows_may_be_allowed_but_visible_ones_never():
    watch = leaks.LeakWatch()
    hidden = QWidget()
    shown = QWidget()
    shown.setObjectName("shown")
    shown.show()
    problems = watch.finish(allow_hidden_windows=True)
    assert len(problems) == 1 and problems[0].startswith("still open: QWidget 'shown'")
    assert not shiboken6.isValid(hidden)  # closed and deleted all the same


def test_a_window_only_garbage_holds_is_not_a_leak():
    watch = leaks.LeakWatch()

    class Holder:
        pass

    a, b = Holder(), Holder()
    a.other, b.other = b, a          # a reference cycle: only the collector frees it
    a.menu = QWidget()
    del a, b
    assert watch.finish() == []


def test_a_running_thread_is_named_with_its_start_line():
    watch = leaks.LeakWatch()
    thread = QThread()
    thread.setObjectName("loader")
    thread.start()                   # runs its event loop until quit()
    problems = watch.finish(grace_ms=0)
    assert len(problems) == 1
    assert problems[0].startswith(f"still running: QThread 'loader' (no parent) started at {THIS}:")
    assert thread.wait(5000) and not thread.isRunning()


def test_a_pending_single_shot_is_named_and_never_fires(qtbot):
    watch = leaks.LeakWatch()
    fired = []
    QTimer.singleShot(30, lambda: fired.append("late"))
    problems = watch.finish()
    assert len(problems) == 1
    assert problems[0].startswith(f"still pending: QTimer.singleShot(30 ms) called at {THIS}:")
    qtbot.wait(100)
    assert fired == []               # cancelled: it cannot act during the next test


def test_a_single_shot_whose_context_died_first_is_named():
    """PySide6 6.11 keeps such a call's callable (and all it holds) alive for good."""
    watch = leaks.LeakWatch()
    context = QObject()
    QTimer.singleShot(60_000, context, lambda: None)
    context.deleteLater()
    problems = watch.finish()
    assert len(problems) == 1
    assert problems[0].startswith("kept alive for good: QTimer.singleShot(60000 ms, context, "
                                  f"callable) called at {THIS}:")
    assert "its context object died first" in problems[0]


def test_a_single_shot_that_fired_is_not_a_leak(qtbot):
    watch = leaks.LeakWatch()
    context = QObject()
    fired = []
    QTimer.singleShot(0, context, lambda: fired.append(1))
    qtbot.waitUntil(lambda: bool(fired))
    context.deleteLater()
    assert watch.finish() == []


def test_a_busy_thread_pool_and_a_python_thread_are_named():
    watch = leaks.LeakWatch()
    release = threading.Event()
    started = threading.Event()

    def job():
        started.set()
        release.wait(10)

    pool = QThreadPool()
    pool.start(job)
    worker = threading.Thread(target=release.wait, args=(10,), name="uploader")
    worker.start()
    assert started.wait(10)
    problems = watch.finish(grace_ms=0, wait_ms=0)
    release.set()
    pool.waitForDone(10_000)
    worker.join(10)
    assert len(problems) == 2
    assert problems[0].startswith("still running: 1 QThreadPool job(s), started: ")
    assert f"at {THIS}:" in problems[0]
    assert problems[1].startswith("still running: Python thread 'uploader'")


def test_after_a_failure_leaks_are_cleaned_up_but_not_reported():
    watch = leaks.LeakWatch()
    timer = QTimer(interval=1000)
    timer.start()
    assert watch.finish(report=False) == []
    assert not timer.isActive()


def test_the_suite_fails_a_leaking_test_at_teardown_and_passes_a_clean_one(tmp_path):
    """The fixtures as conftest.py wires them: a leaking test errors at teardown with the
    leak named, a clean one passes, a failing one reports only its own failure."""
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(HERE / "leaks.py", tmp_path / "leaks.py")
    (tmp_path / "test_inner.py").write_text(
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QLabel\n"
        "KEEP = []\n"
        "def test_clean(qtbot):\n"
        "    label = QLabel('shown')\n"
        "    qtbot.addWidget(label)\n"
        "    label.show()\n"
        "def test_leaky(qtbot):\n"
        "    label = QLabel('left open')\n"
        "    label.setObjectName('status')\n"
        "    label.show()\n"
        "    KEEP.append(label)\n"
        "    t = QTimer(label, interval=50)\n"
        "    t.start()\n"
        "def test_fails(qtbot):\n"
        "    label = QLabel('open')\n"
        "    label.show()\n"
        "    assert False, 'the real failure'\n"
        "def test_after(qtbot):\n"
        "    pass\n")
    root = str(HERE.parents[1])
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "qt_api=pyside6",
         "-rA", str(tmp_path / "test_inner.py")],
        check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    assert "1 failed, 3 passed, 1 error" in out, out  # test_leaky passes, then errors
    assert "PASSED test_inner.py::test_clean" in out
    assert "PASSED test_inner.py::test_after" in out
    assert "ERROR test_inner.py::test_leaky" in out
    assert "test_inner.py::test_leaky left 1 thing(s) alive" in out
    assert "still open: QLabel 'status' (no parent), visible" in out
    assert "FAILED test_inner.py::test_fails" in out and "the real failure" in out
    assert "test_fails left" not in out
