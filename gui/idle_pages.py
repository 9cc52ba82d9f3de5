"""Build the pages nobody has opened yet while the user is idle.

The window opens with the Wizard only; every other page is built the first time it is
shown, which costs 100-300 ms on that first click. Here those pages are built one at a time
once the user has not touched the keyboard or mouse for a moment, so a later first click
is as quick as the second. A build still runs on the UI thread (widgets must), so one page
per idle spell, and never while the user is typing or clicking.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
         QEvent.Type.MouseMove}


class IdlePageBuilder(QObject):
    """Builds a window's unbuilt pages, heaviest first, one per ``idle_ms`` of no input."""

    def __init__(self, window, idle_ms: int = 1500, order: tuple[str, ...] = (
            "sizing_panel", "demos_panel", "data_panel", "pipeline_panel", "graph",
            "browser", "tools", "recommendation")) -> None:
        super().__init__(window)
        self.window = window
        self.idle_s = idle_ms / 1000
        self.todo = [a for a in order if not window.is_built(a)]
        self.last_input = time.monotonic()
        self.timer = QTimer(self, interval=max(100, idle_ms // 3))
        self.timer.timeout.connect(self._tick)
        QApplication.instance().installEventFilter(self)

    def start(self) -> None:
        """Begin watching for idle spells."""
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if event.type() in INPUT:
            self.last_input = time.monotonic()
        return False

    def _tick(self) -> None:
        self.todo = [a for a in self.todo if not self.window.is_built(a)]
        if not self.todo:
            self.stop()
            return
        if time.monotonic() - self.last_input < self.idle_s or \
                QApplication.activePopupWidget() is not None or \
                QApplication.activeModalWidget() is not None:
            return
        getattr(self.window, self.todo.pop(0))     # builds it (see MainWindow._Page)
        self.last_input = time.monotonic()         # the next one after another idle spell

    def stop(self) -> None:
        """Stop watching (all built, or the window is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
