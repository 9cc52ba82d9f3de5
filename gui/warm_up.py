"""Import the plotting libraries in the background once the window is on screen.

The window opens without pyqtgraph and numpy (about a quarter of a second to import). Left
alone, that cost would land on the first click to a page with plots; importing them in a
background thread while the user reads the first page moves it off every click. If the
user is quicker, the page's own import simply waits for the one under way (Python's
import lock), so nothing is imported twice or half.
"""

from __future__ import annotations

import logging
import threading
from importlib import import_module

PLOTTING = ("sagewise.gui.plotting",)   # pyqtgraph and numpy, in the theme's colours
log = logging.getLogger("sagewise")


def preload(modules: tuple[str, ...] = PLOTTING) -> threading.Thread:
    """Import ``modules`` in a daemon thread (started here); a failure is only logged:
    the page that needs the module imports it again and reports the error itself."""
    def run() -> None:
        for name in modules:
            try:
                import_module(name)
            except Exception:  # noqa: BLE001 - the page that needs it will say what failed
                log.exception("background import of %s failed", name)

    thread = threading.Thread(target=run, name="sagewise-warm-up", daemon=True)
    thread.start()
    return thread


def preload_later(delay_ms: int = 400) -> None:
    """``preload()`` once the event loop has run ``delay_ms`` (after the first paint)."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(delay_ms, preload)
