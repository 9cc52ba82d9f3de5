"""Light and dark palettes, the named colours every panel uses, and a focus-drawing style.

Every colour the app shows comes from here: the Qt palette roles (ROLES) and the named
colours for rich text, stylesheets and plots (NAMED). Use ``color("error")``,
``span(text, "error")`` or ``error_field_style()`` instead of writing hex codes, so both
themes keep text readable (tests/gui/test_theme_contrast.py checks WCAG AA, 4.5:1).
"""

from __future__ import annotations

import sys
from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle

_DARK = False
_STYLE = None  # the proxy style (kept alive: QApplication does not own a Python object)

# Qt palette roles, per scheme (normal text sits on window or base).
ROLES = {
    "light": {"Window": "#efefef", "WindowText": "#1a1a1a", "Base": "#ffffff",
              "AlternateBase": "#f5f5f5", "Text": "#1a1a1a", "Button": "#e4e4e4",
              "ButtonText": "#1a1a1a", "Highlight": "#1f5fa8", "HighlightedText": "#ffffff",
              "ToolTipBase": "#ffffdc", "ToolTipText": "#1a1a1a",
              "PlaceholderText": "#6b6b6b", "Link": "#1553a0", "LinkVisited": "#6a1b9a",
              "Mid": "#9e9e9e", "Dark": "#7a7a7a", "Light": "#ffffff", "Midlight": "#f0f0f0",
              "Shadow": "#4a4a4a"},
    "dark": {"Window": "#2b2b2b", "WindowText": "#e8e8e8", "Base": "#1f1f1f",
             "AlternateBase": "#2b2b2b", "Text": "#e8e8e8", "Button": "#3a3a3a",
             "ButtonText": "#e8e8e8", "Highlight": "#2f6fb8", "HighlightedText": "#ffffff",
             "ToolTipBase": "#3a3a3a", "ToolTipText": "#e8e8e8",
             "PlaceholderText": "#9a9a9a", "Link": "#7cc0f8", "LinkVisited": "#ce93d8",
             "Mid": "#6a6a6a", "Dark": "#1a1a1a", "Light": "#505050", "Midlight": "#444444",
             "Shadow": "#101010"},
}
DISABLED = {"light": {"WindowText": "#6e6e6e", "Text": "#6e6e6e", "ButtonText": "#6e6e6e",
                      "Base": "#f3f3f3"},
            "dark": {"WindowText": "#8c8c8c", "Text": "#8c8c8c", "ButtonText": "#8c8c8c",
                     "Base": "#262626"}}

# Named colours. Text colours (TEXT_ON) must read at 4.5:1 on the backgrounds listed there.
NAMED = {
    "light": {"text": "#1a1a1a", "muted": "#555555", "accent": "#1553a0", "error": "#b71c1c",
              "warning": "#8a4b00", "success": "#1b5e20", "link": "#1553a0",
              "header": "#1a1a1a", "focus": "#1f5fa8", "border": "#8a8a8a",
              "error_bg": "#fdecea", "error_border": "#b71c1c", "nav_group": "#555555",
              "plot_bg": "#ffffff", "plot_fg": "#333333",
              # pens and fills in plots / drawings (not text)
              "series_1": "#1565c0", "series_2": "#ef6c00", "series_3": "#2e7d32",
              "marker": "#c62828", "selected": "#e65100", "top": "#f9a825", "grid": "#888888",
              # the Data page's column kinds (bars and chips)
              "kind_numeric": "#1e88e5", "kind_categorical": "#8e24aa", "kind_text": "#00897b",
              "kind_datetime": "#f4511e", "kind_boolean": "#6d4c41", "kind_id": "#757575",
              "kind_constant": "#9e9e9e"},
    "dark": {"text": "#e8e8e8", "muted": "#b0b0b0", "accent": "#7cc0f8", "error": "#ff8a80",
             "warning": "#ffb74d", "success": "#81c784", "link": "#7cc0f8",
             "header": "#f2f2f2", "focus": "#5aa9f0", "border": "#9a9a9a",
             "error_bg": "#4a1f1f", "error_border": "#ff8a80", "nav_group": "#b0b0b0",
             "plot_bg": "#202124", "plot_fg": "#e8e8e8",
             "series_1": "#64b5f6", "series_2": "#ffa726", "series_3": "#81c784",
             "marker": "#ef5350", "selected": "#ffa726", "top": "#ffd54f", "grid": "#9a9a9a",
             "kind_numeric": "#90caf9", "kind_categorical": "#ce93d8", "kind_text": "#80cbc4",
             "kind_datetime": "#ffab91", "kind_boolean": "#bcaaa4", "kind_id": "#bdbdbd",
             "kind_constant": "#e0e0e0"},
}
# Decision-graph boxes are light in both schemes, so their text is dark in both.
GRAPH_FILL = {"start": "#cfd8dc", "route_question": "#bbdefb", "answer": "#e3f2fd",
              "set": "#d1c4e9", "constraint_question": "#ffe0b2", "algorithm": "#c8e6c9",
              "service": "#b2dfdb", "other": "#eeeeee"}
GRAPH_TEXT = "#1a1a1a"
GRAPH_BADGE = "#0d3c8c"   # "your answer: ..." inside a box

# which named text colours are checked against which backgrounds (role or named colour)
TEXT_ON = {
    "text": ("Window", "Base", "error_bg"), "muted": ("Window", "Base"), "accent": ("Window", "Base"),
    "error": ("Window", "Base", "error_bg"), "warning": ("Window", "Base"),
    "success": ("Window", "Base"), "link": ("Window", "Base"), "header": ("Window",),
    "nav_group": ("Base",),
}


def is_dark() -> bool:
    """True when the system asks for a dark scheme."""
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def scheme() -> str:
    """'dark' or 'light': the scheme in use."""
    return "dark" if _DARK else "light"


def color(name: str, which: str | None = None) -> str:
    """A named colour (or palette role) as '#rrggbb' in the current (or given) scheme."""
    which = which or scheme()
    if name in NAMED[which]:
        return NAMED[which][name]
    return ROLES[which][name]


def qcolor(name: str) -> QColor:
    """A named colour as a QColor (for painters and item roles)."""
    return QColor(color(name))


def span(text: str, name: str = "error", bold: bool = False) -> str:
    """Plain ``text`` as rich text in a named colour (for QLabel HTML, which cannot use
    palette roles); the text is escaped, as it may quote what a user typed or a file held."""
    weight = "font-weight:600;" if bold else ""
    return f"<span style='color:{color(name)};{weight}'>{escape(text, quote=False)}</span>"


def error_field_style(widget: str = "QLineEdit") -> str:
    """Stylesheet for a field whose value is invalid: readable in both schemes."""
    return (f"{widget} {{ border: 2px solid {color('error_border')}; "
            f"background: {color('error_bg')}; color: {color('text')}; }}")


def mute(widget) -> None:
    """Secondary text (notes, purposes) in the muted colour, through the palette (no
    stylesheet: cheaper, and it follows the widget's own font)."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, qcolor("muted"))
    pal.setColor(QPalette.ColorRole.Text, qcolor("muted"))
    widget.setPalette(pal)


def note_style() -> str:
    """Stylesheet for secondary text under a control (readable, not faint)."""
    return f"color: {color('muted')};"


def text_colour() -> str:
    """Plot titles and labels in the current scheme."""
    return color("plot_fg")


def muted_colour() -> str:
    """Secondary text inside rich-text labels (which cannot use palette roles)."""
    return color("muted")


def plot_background() -> str:
    """Background for pyqtgraph plots in the current scheme."""
    return color("plot_bg")


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    def lum(c: str) -> float:
        q = QColor(c)
        out = []
        for v in (q.redF(), q.greenF(), q.blueF()):
            out.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]
    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def palette(which: str) -> QPalette:
    """The QPalette of a scheme."""
    pal = QPalette()
    for role, value in ROLES[which].items():
        pal.setColor(getattr(QPalette.ColorRole, role), QColor(value))
    for role, value in DISABLED[which].items():
        pal.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role),
                     QColor(value))
    return pal


class SageStyle(QProxyStyle):
    """Fusion plus two things it lacks: a focus ring you can see and radio/check
    indicators whose outline shows on a dark base."""

    def _ring(self, painter, rect, radius: float = 4.0) -> None:
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(color("focus")), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), radius, radius)
        painter.restore()

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        pe = QStyle.PrimitiveElement
        if element == pe.PE_FrameFocusRect:
            self._ring(painter, option.rect, 3)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in (pe.PE_IndicatorRadioButton, pe.PE_IndicatorCheckBox):
            painter.save()
            painter.setRenderHint(painter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(color("border")), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == pe.PE_IndicatorRadioButton:
                painter.drawEllipse(r)
            else:
                painter.drawRoundedRect(r, 2, 2)
            painter.restore()
        if element == pe.PE_PanelButtonCommand and option.state & QStyle.StateFlag.State_HasFocus:
            self._ring(painter, option.rect)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        cc = QStyle.ComplexControl
        if control in (cc.CC_ComboBox, cc.CC_SpinBox) and \
                option.state & QStyle.StateFlag.State_HasFocus:
            self._ring(painter, option.rect)


def apply(app, which: str = "system") -> None:
    """Fusion (with a visible focus ring) and the palette of the scheme asked for (or the
    system's); plots follow it."""
    global _DARK, _STYLE
    _DARK = is_dark() if which == "system" else which == "dark"
    _STYLE = SageStyle("Fusion")
    app.setStyle(_STYLE)
    app.setPalette(palette(scheme()))
    if "pyqtgraph" in sys.modules:   # else gui/plotting.py does it when plots are first needed
        configure_plots(sys.modules["pyqtgraph"])


def configure_plots(pg) -> None:
    """pyqtgraph's default background and foreground in the current scheme."""
    pg.setConfigOptions(background=color("plot_bg"), foreground=color("plot_fg"))
