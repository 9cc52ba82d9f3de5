"""Small navigation icons drawn with QPainter in the theme's colours (no image files).

``icon(name)`` returns a QIcon; unknown names get a plain dot, so a new page always has
an icon. Add a drawing to DRAW to give a page its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from sagewise.gui import theme

SIZE = 32  # drawn on a 32x32 grid, scaled by Qt for smaller uses


def _wizard(p: QPainter) -> None:  # a speech bubble with a question mark
    p.drawRoundedRect(QRectF(4, 5, 24, 17), 5, 5)
    p.drawPolyline(QPolygonF([QPointF(10, 22), QPointF(9, 28), QPointF(16, 22)]))
    f = p.font()
    f.setPixelSize(14)
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(4, 5, 24, 17), Qt.AlignmentFlag.AlignCenter, "?")


def _recommendation(p: QPainter) -> None:  # a star
    import math

    pts = []
    for i in range(10):
        r = 12 if i % 2 == 0 else 5
        a = -math.pi / 2 + i * math.pi / 5
        pts.append(QPointF(16 + r * math.cos(a), 17 + r * math.sin(a)))
    p.drawPolygon(QPolygonF(pts))


def _graph(p: QPainter) -> None:  # three linked nodes
    p.drawLine(QPointF(9, 16), QPointF(23, 8))
    p.drawLine(QPointF(9, 16), QPointF(23, 24))
    for x, y in ((9, 16), (23, 8), (23, 24)):
        p.drawEllipse(QPointF(x, y), 4, 4)


def _algorithms(p: QPainter) -> None:  # a list of cards
    for y in (6, 14, 22):
        p.drawRoundedRect(QRectF(5, y, 5, 5), 1, 1)
        p.drawLine(QPointF(13, y + 2.5), QPointF(27, y + 2.5))


def _tools(p: QPainter) -> None:  # a magnifier over a check mark
    p.drawEllipse(QPointF(13, 13), 8, 8)
    p.drawLine(QPointF(19, 19), QPointF(27, 27))
    p.drawPolyline(QPolygonF([QPointF(9, 13), QPointF(12, 16), QPointF(17, 10)]))


def _sizing(p: QPainter) -> None:  # a ruler
    p.drawRect(QRectF(3, 11, 26, 10))
    for i, x in enumerate(range(7, 29, 4)):
        p.drawLine(QPointF(x, 11), QPointF(x, 15 if i % 2 else 17))


def _demos(p: QPainter) -> None:  # a play button in a frame
    p.drawRoundedRect(QRectF(4, 6, 24, 20), 4, 4)
    p.drawPolygon(QPolygonF([QPointF(13, 11), QPointF(21, 16), QPointF(13, 21)]))


def _data(p: QPainter) -> None:  # a database cylinder
    p.drawEllipse(QRectF(6, 4, 20, 7))
    path = QPainterPath(QPointF(6, 7.5))
    path.lineTo(6, 24.5)
    path.arcTo(QRectF(6, 21, 20, 7), 180, 180)
    path.lineTo(26, 7.5)
    p.drawPath(path)


def _pipeline(p: QPainter) -> None:  # boxes joined by arrows
    for x in (3, 13, 23):
        p.drawRect(QRectF(x, 12, 6, 8))
    for x in (9, 19):
        p.drawLine(QPointF(x, 16), QPointF(x + 4, 16))


def _dot(p: QPainter) -> None:
    p.drawEllipse(QPointF(16, 16), 6, 6)


DRAW: dict[str, Callable[[QPainter], None]] = {
    "wizard": _wizard, "recommendation": _recommendation, "graph": _graph,
    "algorithms": _algorithms, "tools": _tools, "sizing": _sizing, "demos": _demos,
    "data": _data, "pipeline": _pipeline}


_CACHE: dict[tuple[str, str], QIcon] = {}


def icon(name: str) -> QIcon:
    """The icon for a page (drawn for the current theme; a dot for unknown names)."""
    key = (name, theme.scheme())
    if key not in _CACHE:
        _CACHE[key] = _draw(name)
    return _CACHE[key]


def _draw(name: str) -> QIcon:
    out = QIcon()
    for mode, colour in ((QIcon.Mode.Normal, theme.color("text")),
                         (QIcon.Mode.Selected, theme.color("HighlightedText"))):
        for px in (SIZE, SIZE * 2):
            pm = QPixmap(px, px)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.scale(px / SIZE, px / SIZE)
            p.setPen(QPen(QColor(colour), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                          Qt.PenJoinStyle.RoundJoin))
            p.setBrush(Qt.BrushStyle.NoBrush)
            DRAW.get(name, _dot)(p)
            p.end()
            out.addPixmap(pm, mode)
    return out
