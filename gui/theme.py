"""Light and dark palettes that follow the system colour scheme."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

_DARK = False


def is_dark() -> bool:
    """True when the system asks for a dark scheme."""
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def text_colour() -> str:
    """Plot titles and labels in the current scheme."""
    return "#e8e8e8" if _DARK else "#222"


def muted_colour() -> str:
    """Secondary text inside rich-text labels (which cannot use palette roles)."""
    return "#a0a0a0" if _DARK else "#555"


def plot_background() -> str:
    """Background for pyqtgraph plots in the current scheme."""
    return "#202124" if _DARK else "w"


def apply(app, scheme: str = "system") -> None:
    """Fusion style with a palette matching the system scheme (or the one asked for);
    plots follow it."""
    global _DARK
    _DARK = is_dark() if scheme == "system" else scheme == "dark"
    app.setStyle("Fusion")
    if _DARK:
        pal = QPalette()
        for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                             (QPalette.ColorRole.WindowText, "#e8e8e8"),
                             (QPalette.ColorRole.Base, "#1f1f1f"),
                             (QPalette.ColorRole.AlternateBase, "#2b2b2b"),
                             (QPalette.ColorRole.Text, "#e8e8e8"),
                             (QPalette.ColorRole.Button, "#353535"),
                             (QPalette.ColorRole.ButtonText, "#e8e8e8"),
                             (QPalette.ColorRole.Highlight, "#2f6fb8"),
                             (QPalette.ColorRole.HighlightedText, "#ffffff"),
                             (QPalette.ColorRole.ToolTipBase, "#353535"),
                             (QPalette.ColorRole.ToolTipText, "#e8e8e8"),
                             (QPalette.ColorRole.PlaceholderText, "#8a8a8a"),
                             (QPalette.ColorRole.Link, "#64b5f6"),
                             (QPalette.ColorRole.Mid, "#8a8a8a")):
            pal.setColor(role, QColor(colour))
        # without these, disabled buttons and fields look exactly like enabled ones
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                     QPalette.ColorRole.ButtonText):
            pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f6f6f"))
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor("#262626"))
        app.setPalette(pal)
        pg.setConfigOptions(background="#202124", foreground="#e8e8e8")
    else:
        pg.setConfigOptions(background="w", foreground="#333")
