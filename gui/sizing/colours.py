"""Colours of the sizing pages, from the application's theme (never hard-coded per widget).

``gui.theme.color(name)`` is the shared source when it exists; until then the same names
are derived here from the scheme in use and the QPalette, so the pages stay readable in
the light and the dark theme (text at least 4.5:1 on its background).
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from sagewise.gui import theme

# Fallback values (the same names and values as the theme's named colours).
_NAMED = {
    "light": {"error": "#b71c1c", "error_bg": "#fdecea", "error_border": "#b71c1c",
              "warning": "#8a4b00", "success": "#1b5e20", "muted": "#555555",
              "series_1": "#1565c0", "series_2": "#ef6c00", "series_3": "#2e7d32",
              "marker": "#c62828", "grid": "#888888"},
    "dark": {"error": "#ff8a80", "error_bg": "#4a1f1f", "error_border": "#ff8a80",
             "warning": "#ffb74d", "success": "#81c784", "muted": "#b0b0b0",
             "series_1": "#64b5f6", "series_2": "#ffa726", "series_3": "#81c784",
             "marker": "#ef5350", "grid": "#9a9a9a"},
}


def _dark() -> bool:
    app = QGuiApplication.instance()
    if app is not None:
        return app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return bool(getattr(theme, "_DARK", False))


def color(name: str) -> str:
    """A named colour as '#rrggbb' for the scheme in use."""
    shared = getattr(theme, "color", None)
    if shared is not None:
        try:
            return shared(name)
        except KeyError:
            pass
    if name == "text":
        return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _NAMED["dark" if _dark() else "light"][name]


def qcolor(name: str) -> QColor:
    """A named colour as a QColor."""
    return QColor(color(name))


def span(text: str, name: str = "error") -> str:
    """Plain ``text`` (escaped: it may quote what a user typed or a file held) as rich text
    in a named colour (QLabel HTML cannot use palette roles)."""
    return f"<span style='color:{color(name)}'>{escape(text, quote=False)}</span>"


def error_field_style() -> str:
    """A line edit holding an invalid value: readable text on a tinted background."""
    text = QGuiApplication.palette().color(QPalette.ColorRole.Text).name()
    return (f"QLineEdit {{ border: 2px solid {color('error_border')}; "
            f"background: {color('error_bg')}; color: {text}; }}")
