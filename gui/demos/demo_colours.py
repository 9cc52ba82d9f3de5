"""Colours of the demos, derived from the application palette so both themes work.

Every colour a demo paints comes from here: the cell background is the palette's Base,
lines and walls come from Mid/Text, and value shading blends Base toward a green or a
red chosen for the scheme. Text drawn on a coloured cell picks black or white, whichever
contrasts more (at least 4.6:1 for any background, above WCAG AA's 4.5:1).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette


def _palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark() -> bool:
    """True when the palette's base colour is dark."""
    return _palette().color(QPalette.ColorRole.Base).lightness() < 128


def base() -> QColor:
    """Empty cells and plot backgrounds."""
    return _palette().color(QPalette.ColorRole.Base)


def text() -> QColor:
    """Text on the base colour."""
    return _palette().color(QPalette.ColorRole.Text)


def grid_line() -> QColor:
    """Thin lines between cells."""
    return QColor("#5f6b73") if is_dark() else QColor("#b0bec5")


def wall() -> QColor:
    """Walls: clearly different from the base in both schemes."""
    return QColor("#90a4ae") if is_dark() else QColor("#37474f")


def unvisited() -> QColor:
    """Hatching over cells the agent has never visited."""
    return QColor("#607d8b") if is_dark() else QColor("#cfd8dc")


KIND = {"pit": "#c62828", "goal": "#2e7d32", "cliff": "#6d4c41"}
"""Saturated cell kinds; white text on each is above 5:1."""


def kind(name: str) -> QColor:
    """Cell colour by kind (empty kinds use the base)."""
    if name == "wall":
        return wall()
    return QColor(KIND[name]) if name in KIND else base()


def positive() -> QColor:
    """Full-strength colour of the best values."""
    return QColor("#43a047") if is_dark() else QColor("#2e7d32")


def negative() -> QColor:
    """Full-strength colour of the worst values."""
    return QColor("#e53935") if is_dark() else QColor("#c62828")


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """a at t = 0, b at t = 1."""
    t = max(0.0, min(1.0, t))
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def value_colour(v: float, scale: float) -> QColor:
    """Green for positive, red for negative, the base colour at zero."""
    if scale <= 0 or v == 0:
        return base()
    x = max(-1.0, min(1.0, v / scale))
    return blend(base(), positive() if x > 0 else negative(), 0.8 * abs(x))


def luminance(c: QColor) -> float:
    """WCAG relative luminance."""
    def lin(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white


def ink() -> QColor:
    """Arrows and outlines on value-shaded cells (text colour of the palette)."""
    return text()


def agent_colours() -> dict[str, str]:
    """One line colour per learner, readable on the plot background."""
    if is_dark():
        return {"qlearning": "#64b5f6", "sarsa": "#ffb74d", "expected-sarsa": "#ce93d8"}
    return {"qlearning": "#1565c0", "sarsa": "#bf360c", "expected-sarsa": "#6a1b9a"}


def status(error: bool) -> str:
    """Message colour for rich-text labels (>= 4.5:1 on the window colour)."""
    if is_dark():
        return "#ff8a80" if error else "#81c784"
    return "#b71c1c" if error else "#1b5e20"


def path() -> QColor:
    """The current episode's path."""
    c = QColor("#64b5f6") if is_dark() else QColor("#1565c0")
    c.setAlpha(160)
    return c


def agent() -> tuple[QColor, QColor]:
    """(outline, fill) of the agent's disc."""
    return (QColor("#bbdefb"), QColor("#1e88e5")) if is_dark() else \
        (QColor("#0d47a1"), QColor("#1e88e5"))
