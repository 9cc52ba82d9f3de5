"""Background work that must not block the UI: a QThread per job, with progress and cancel.

The work itself is a plain function from ``knowledge/`` that accepts ``progress`` and
``cancelled`` callables; this module only moves it to a thread and turns its callbacks
into signals (Orange's TaskState idea, without the framework).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class Job(QObject):
    """Runs ``fn(progress=..., cancelled=...)`` in its own thread.

    Connect its signals only to methods of QObjects living in the GUI thread (a widget's
    bound method): Qt then queues the call onto the GUI thread. A lambda has no receiver,
    so Qt would call it directly in the worker thread, where touching widgets crashes.
    """

    sig_progress = Signal(float)
    """Fraction done, 0.0 to 1.0 (float)."""
    sig_finished = Signal(object)
    """The function's return value (object)."""
    sig_failed = Signal(str)
    """A message for the user (str)."""
    traceback_text = ""
    """The full traceback of an unexpected error (logged too), for a details box."""
    sig_cancelled = Signal()
    """The job stopped because cancel() was called."""

    def __init__(self, fn: Callable, cancelled_error: type[BaseException],
                 expected_errors: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()
        self._cancelled_error = cancelled_error
        self._expected = expected_errors
        self.thread = QThread()
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        """Start the thread."""
        self.thread.start()

    def cancel(self) -> None:
        """Ask the function to stop at its next check."""
        self._cancel.set()

    def wait(self, ms: int = 5000) -> bool:
        """Cancel and wait for the thread to end (used on close)."""
        self.cancel()
        self.thread.quit()
        return self.thread.wait(ms)

    @property
    def running(self) -> bool:
        """True while the thread runs."""
        return self.thread.isRunning()

    def _run(self) -> None:
        try:
            result = self._fn(progress=self.sig_progress.emit, cancelled=self._cancel.is_set)
        except self._cancelled_error:
            self.sig_cancelled.emit()
        except self._expected as exc:
            self.sig_failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the user gets one line, the log the rest
            # A bug, not bad input: keep the traceback (logged and on the job) so it can be
            # reported; the user sees one line instead of a crash.
            self.traceback_text = traceback.format_exc()
            log.error("background job failed:\n%s", self.traceback_text)
            self.sig_failed.emit(f"Unexpected error: {type(exc).__name__}: {exc} "
                                 "(details in the log)")
        else:
            self.sig_finished.emit(result)
        finally:
            self.thread.quit()
