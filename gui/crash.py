"""When something breaks: one log file and one handler for every uncaught exception.

Qt swallows an exception raised in a slot after printing it to stderr (which a desktop
user never sees), and a worker thread's exception dies with its thread. Here both go to
a rotating log file in the platform's application-data folder and to a dialog that says
what happened and where the log is; the window stays alive.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

LOG_NAME = "sagewise.log"
log = logging.getLogger("sagewise")


def log_folder() -> Path:
    """The platform's folder for this application's logs (QStandardPaths, then 'logs')."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".sagewise") / "logs"


def setup_logging(debug: bool = False, folder: Path | None = None) -> Path | None:
    """Log to a rotating file (1 MB x 3); with ``debug`` to stderr too. Returns the file.

    A folder that cannot be written is not fatal: the app runs without a log file.
    """
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    for h in list(log.handlers):
        log.removeHandler(h)
        h.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    path: Path | None = (folder or log_folder()) / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(fmt)
        log.addHandler(handler)
    except OSError:
        path = None
    if debug:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(fmt)
        log.addHandler(console)
    log.propagate = False
    return path


class CrashReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``; shows one dialog at a time.

    Exceptions from other threads are handed to the GUI thread through a queued signal.
    """

    sig_report = Signal(str, str)
    """(one-line summary, full traceback) of an uncaught exception."""

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.reports: list[str] = []
        self.show_dialogs = True
        self._dialog_open = False
        self._box: QMessageBox | None = None
        self._previous = (sys.excepthook, threading.excepthook)
        self.sig_report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Become the handler of uncaught exceptions in every thread."""
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Put back the handlers that were there before."""
        sys.excepthook, threading.excepthook = self._previous

    def _hook(self, etype: type[BaseException], value: BaseException,
              tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(etype, value, tb))
        summary = f"{etype.__name__}: {value}"[:300]
        log.error("Uncaught exception: %s\n%s", summary, text)
        sys.stderr.write(text)  # a terminal (or a test) still sees what happened
        self.reports.append(summary)
        self.sig_report.emit(summary, text)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self._hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def _show(self, summary: str, text: str) -> None:
        if not self.show_dialogs or self._dialog_open:
            return
        self._dialog_open = True
        where = (f"The details are in the log file:\n{self.log_file}" if self.log_file
                 else "No log file could be written.")
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                          "SageWise hit an unexpected error. Your work is still in the "
                          f"window; saving it now is a good idea.\n\n{summary}\n\n{where}",
                          QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(text)
        box.setObjectName("crash_dialog")
        box.finished.connect(self._closed)
        self._box = box  # a dialog without a parent window lives as long as we hold it
        box.open()

    def _closed(self) -> None:
        self._dialog_open = False
        self._box = None

