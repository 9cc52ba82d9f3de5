"""What a GUI test leaves running: top-level widgets, active timers, running threads.

A window nobody closed, a QTimer still ticking or a worker thread still running outlives its
test and acts during the next ones: it steals their event-loop time (under load, enough to
make a timer-driven test flaky) and may touch objects that are gone. ``LeakWatch`` notes what exists when a test
starts, records where every QTimer/QThread/QThreadPool job is started, and after the test
(its qtbot widgets closed, deferred deletes run) names everything the test left behind, with
its class, objectName, parent chain and the line that started it, then cleans it up so one
leak fails one test. Modelled on napari's ``_testsupport.py`` / ``conftest.py``
(``dangling_qtimers``, ``dangling_qthreads``, ``dangling_qthread_pool``, leaked top-level
widgets in ``make_napari_viewer(strict_qt=True)``).

The checks are cheap: the patched ``start`` methods note a weak reference and a source line,
and the garbage collector only runs when a new top-level widget seems to survive.
"""

from __future__ import annotations

import gc
import itertools
import sys
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QThread,
    QThreadPool,
    QTimer,
)
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[2]
_THIS = str(Path(__file__).resolve())
_ROOT_PREFIX = str(ROOT) + "/"
_SITE = "-packages/"

# Windows Qt makes for itself and deletes on its own schedule, never the app's: the
# tooltip label (QTipLabel, a process-wide singleton hidden and deleted by its own timer)
# and What's-This bubbles. Anything else a test leaves open is the test's or the app's.
# Menus are NOT filtered: a combo box's popup is a child window that dies with its combo,
# and pyqtgraph's parentless context menus (ViewBoxMenu, the plot's QMenu) live exactly as
# long as their plot, so a surviving one means its plot leaked.
QT_INTERNAL_WINDOWS = frozenset({"QTipLabel", "QWhatsThat"})

_seq = itertools.count()
STATS = {"collections": 0}
"""How often finish() needed the garbage collector (the checker's only costly step)."""


def _place() -> str:
    """Where the current call comes from: the innermost lines in this project (gui/,
    knowledge/, tests/ but not this file), up to the test's own line, at most three."""
    frame = sys._getframe(2)
    lines: list[str] = []
    while frame is not None and len(lines) < 3:
        name = frame.f_code.co_filename
        if name.startswith(_ROOT_PREFIX) and name != _THIS and _SITE not in name:
            rel = name[len(_ROOT_PREFIX):]
            lines.append(f"{rel}:{frame.f_lineno}")
            if rel.startswith("tests/"):
                break
        frame = frame.f_back
    return " <- ".join(lines) if lines else "outside the project (Qt or a library)"


@dataclass
class _SingleShot:
    """A pending ``QTimer.singleShot`` call: Qt hides its timer, so we track the call."""

    seq: int
    msec: int
    place: str
    fired: bool = False
    cancelled: bool = False
    context_died: bool = False

    def state(self) -> str:
        """"done", "pending" (will still fire) or "orphaned" (its context object died
        first: it never fires, yet PySide6 keeps the callable, and all it holds, for good)."""
        if self.fired or self.cancelled:
            return "done"
        return "orphaned" if self.context_died else "pending"


@dataclass
class _Registry:
    """Everything started since the hooks went in (weakly: records never keep objects alive)."""

    timers: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)
    threads: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)
    pool_jobs: list = field(default_factory=list)
    single_shots: dict = field(default_factory=dict)
    originals: dict = field(default_factory=dict)


_registry = _Registry()


def install() -> None:
    """Patch QTimer.start/singleShot, QThread.start and QThreadPool.start to record who
    starts what (idempotent). Qt's own C++ calls are not seen; they need no checking."""
    if _registry.originals:
        return
    orig = _registry.originals
    orig["timer_start"] = QTimer.start
    orig["single_shot"] = QTimer.singleShot
    orig["thread_start"] = QThread.start
    orig["pool_start"] = QThreadPool.start

    def timer_start(self, *args):
        _registry.timers[self] = (next(_seq), _place())
        return orig["timer_start"](self, *args)

    def thread_start(self, *args):
        _registry.threads[self] = (next(_seq), _place())
        return orig["thread_start"](self, *args)

    def pool_start(self, runnable, *args):
        what = getattr(runnable, "__qualname__", type(runnable).__name__)
        _registry.pool_jobs.append((next(_seq), weakref.ref(self), what, _place()))
        return orig["pool_start"](self, runnable, *args)

    def single_shot(msec, *rest):
        # Only the two call forms the project uses are tracked: (msec, functor) and
        # (msec, context, functor). Others pass through untouched.
        if len(rest) == 1 and callable(rest[0]):
            context, functor = None, rest[0]
        elif (len(rest) == 2 and isinstance(rest[0], QObject) and callable(rest[1])
              and not isinstance(rest[1], QObject)):
            context, functor = rest
        else:
            return orig["single_shot"](msec, *rest)
        record = _SingleShot(next(_seq), msec, _place())
        _registry.single_shots[record.seq] = record
        if context is not None:
            context.destroyed.connect(lambda *_: setattr(record, "context_died", True))

        def fire():
            _registry.single_shots.pop(record.seq, None)
            if record.cancelled:
                return None
            record.fired = True
            return functor()

        if context is None:
            return orig["single_shot"](msec, fire)
        return orig["single_shot"](msec, context, fire)

    QTimer.start = timer_start
    QTimer.singleShot = staticmethod(single_shot)
    QThread.start = thread_start
    QThreadPool.start = pool_start


def uninstall() -> None:
    """Put Qt's own methods back."""
    orig = _registry.originals
    if not orig:
        return
    QTimer.start = orig["timer_start"]
    QTimer.singleShot = orig["single_shot"]
    QThread.start = orig["thread_start"]
    QThreadPool.start = orig["pool_start"]
    orig.clear()


def describe(obj: QObject) -> str:
    """``Class 'objectName' "window title"`` and its parent chain, for a message."""
    def one(o: QObject) -> str:
        text = type(o).__name__
        if o.objectName():
            text += f" '{o.objectName()}'"
        if isinstance(o, QWidget) and o.isWindow() and o.windowTitle():
            text += f' "{o.windowTitle()[:60]}"'
        return text

    chain = [one(obj)]
    parent = obj.parent()
    while parent is not None:
        chain.append(one(parent))
        parent = parent.parent()
    if len(chain) == 1:
        return chain[0] + " (no parent)"
    return chain[0] + " (parent chain: " + " <- ".join(chain[1:]) + ")"


def flush_deletes() -> None:
    """Run deferred deletes now: ``deleteLater`` outside a running event loop waits for
    one, and pytest-qt's ``processEvents`` does not run them."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


class LeakWatch:
    """Notes the state before a test; ``finish()`` lists (and cleans up) what it leaked."""

    def __init__(self) -> None:
        install()
        self.seq = next(_seq)
        self.widgets = set(QApplication.topLevelWidgets())
        self.threads = set(threading.enumerate())

    # -- what survived ---------------------------------------------------------------
    def _new_windows(self) -> list[QWidget]:
        found = [w for w in QApplication.topLevelWidgets()
                 if w not in self.widgets and type(w).__name__ not in QT_INTERNAL_WINDOWS]
        # A window owned by another leaked window is reported through its owner.
        ids = {id(w) for w in found}
        roots = []
        for w in found:
            parent, owned = w.parentWidget(), False
            while parent is not None:
                if id(parent) in ids:
                    owned = True
                    break
                parent = parent.parentWidget()
            if not owned:
                roots.append(w)
        return roots

    def finish(self, report: bool = True, grace_ms: int = 1000, wait_ms: int = 2000,
               allow_hidden_windows: bool = False) -> list[str]:
        """Problems (one line each); leaked things are stopped, closed, or waited for up to
        ``wait_ms`` (threads). A thread gets ``grace_ms`` to end first: a worker whose
        result the test already received may still be returning from its last call.
        With ``report=False`` (the test failed anyway) only the clean-up happens;
        ``allow_hidden_windows`` lets hidden windows that something still holds pass
        (closed all the same): see the ``leaks_hidden_windows`` marker."""
        # An exception raised in a slot goes through PyErr_Print, which parks it in
        # sys.last_traceback: its frames (the test's, with its windows) would stay alive
        # until the next such exception. That is the interpreter's memory, not a leak.
        sys.last_type = sys.last_value = sys.last_traceback = None
        if hasattr(sys, "last_exc"):
            sys.last_exc = None
        app = QApplication.instance()
        app.processEvents()
        flush_deletes()
        windows = self._new_windows()
        if windows:
            # Python-owned windows die with their last reference; let the collector
            # break cycles (pyqtgraph's menus, lambdas) before calling them leaked.
            del windows
            STATS["collections"] += 1
            gc.collect()
            flush_deletes()
            windows = self._new_windows()
        problems = []
        seen: dict[str, int] = {}   # pyqtgraph menus come in dozens: one line per kind
        for w in windows:
            if w.isVisible():
                text = (f"still open: {describe(w)}, visible - close it at the end of the"
                        " test (qtbot.addWidget does) or in its owner's shutdown")
            elif not allow_hidden_windows:
                text = (f"still alive: {describe(w)}, hidden - something that outlives the"
                        " test still references it (a global, a lambda connected to a"
                        " long-lived signal, a callable PySide6 never releases)")
            else:
                text = ""
            if text:
                seen[text] = seen.get(text, 0) + 1
            w.close()
            w.deleteLater()
        problems += [t if n == 1 else f"{t} [{n} of them]" for t, n in seen.items()]
        flush_deletes()

        for timer, (seq, place) in list(_registry.timers.items()):
            if seq > self.seq and shiboken6.isValid(timer) and timer.isActive():
                kind = "single-shot" if timer.isSingleShot() else "repeating"
                problems.append(
                    f"still active: {describe(timer)}, {kind} every {timer.interval()} ms,"
                    f" started at {place} - stop it when its owner shuts down")
                timer.stop()
        for record in list(_registry.single_shots.values()):
            state = record.state()
            if record.seq > self.seq and state == "pending":
                problems.append(
                    f"still pending: QTimer.singleShot({record.msec} ms) called at {record.place}"
                    " - give it a context object that the test deletes, or let it fire")
                record.cancelled = True
            elif record.seq > self.seq and state == "orphaned":
                problems.append(
                    f"kept alive for good: QTimer.singleShot({record.msec} ms, context, callable)"
                    f" called at {record.place} never fired: its context object died first, and"
                    " PySide6 then keeps the callable (and everything it references) alive"
                    " for good - use a QTimer owned by that object instead")
            if record.state() != "pending":
                _registry.single_shots.pop(record.seq, None)

        for thread, (seq, place) in list(_registry.threads.items()):
            if (seq > self.seq and shiboken6.isValid(thread) and thread.isRunning()
                    and not thread.wait(grace_ms)):
                problems.append(
                    f"still running: {describe(thread)} started at {place}"
                    " - cancel and wait for it before the test ends")
                thread.quit()
                thread.wait(wait_ms)
        pools: dict = {}
        for seq, pool_ref, what, place in _registry.pool_jobs:
            pool = pool_ref()
            if seq > self.seq and pool is not None and shiboken6.isValid(pool):
                pools.setdefault(pool, []).append(f"{what} at {place}")
        _registry.pool_jobs[:] = [j for j in _registry.pool_jobs if j[0] <= self.seq]
        for pool, jobs in pools.items():
            if not pool.waitForDone(grace_ms) and pool.activeThreadCount():
                problems.append(
                    f"still running: {pool.activeThreadCount()} QThreadPool job(s), started: "
                    + "; ".join(jobs) + " - wait for them (waitForDone) before the test ends")
                pool.clear()
                pool.waitForDone(wait_ms)
        for t in threading.enumerate():
            if t in self.threads or isinstance(t, threading._DummyThread):
                continue
            t.join(grace_ms / 1000)
            if t.is_alive():
                problems.append(f"still running: Python thread {t.name!r} ({type(t).__name__},"
                                f" target {getattr(t, '_target', None)!r}) - join it")
        return problems if report else []


def format_problems(nodeid: str, problems: list[str]) -> str:
    """The failure message: what leaked and what to do."""
    lines = [f"{nodeid} left {len(problems)} thing(s) alive after it ended"
             + " (its qtbot widgets closed, deferred deletes run):"]
    lines += [f"  - {p}" for p in problems]
    return "\n".join(lines)
