"""A pyqtgraph item that draws a grid world and a Q-table in one paint() call.

Per cell: the cell kind (wall, pit, goal, cliff, pellet), the four Q-values as coloured
triangles (or the state value as one colour), the greedy arrow, and a grey hatch where
the agent has never been (arrows there would be meaningless). On top: the current
episode's path and the agent. Drawing 12 x 12 x 4 triangles this way costs a few ms,
far below pyqtgraph's per-item overhead for hundreds of items.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from knowledge.sim.gridworld import GridWorld

KIND_COLOURS = {"wall": "#37474f", "pit": "#c62828", "goal": "#2e7d32", "cliff": "#6d4c41",
                "start": "#ffffff", "empty": "#ffffff", "pellet": "#ffffff"}
ARROW = {0: (0.0, -0.28), 1: (0.28, 0.0), 2: (0.0, 0.28), 3: (-0.28, 0.0)}


def value_colour(v: float, scale: float) -> QColor:
    """Red for negative, green for positive, white at zero."""
    if scale <= 0:
        return QColor("#ffffff")
    x = max(-1.0, min(1.0, v / scale))
    if x >= 0:
        return QColor.fromRgbF(1 - 0.75 * x, 1 - 0.25 * x, 1 - 0.75 * x)
    x = -x
    return QColor.fromRgbF(1 - 0.2 * x, 1 - 0.8 * x, 1 - 0.8 * x)


class GridItem(pg.GraphicsObject):
    """Cell (r, c) occupies the unit square [c, c+1] x [r, r+1] (y grows downwards)."""

    sig_cell_clicked = Signal(int, int)
    """(row, col) of a click."""

    def __init__(self, world: GridWorld) -> None:
        super().__init__()
        self.world = world
        self.q: list[list[float]] | None = None
        self.visits: list[int] | None = None
        self.path: list[int] = []
        self.agent: int | None = None
        self.mode = "q"           # "q" triangles or "v" state values
        self.show_numbers = True

    def set_world(self, world: GridWorld) -> None:
        """A new layout."""
        self.prepareGeometryChange()
        self.world = world
        self.update()

    def set_data(self, q, visits, path, agent) -> None:
        """Refresh from the agent (references, no copies)."""
        self.q, self.visits, self.path, self.agent = q, visits, path, agent
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self.world.n_cols, self.world.n_rows)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph override
        p = ev.pos()
        r, c = int(p.y()), int(p.x())
        if 0 <= r < self.world.n_rows and 0 <= c < self.world.n_cols:
            self.sig_cell_clicked.emit(r, c)
            ev.accept()

    def paint(self, painter: QPainter, *_args) -> None:
        w = self.world
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        q, visits = self.q, self.visits
        scale = max((abs(v) for row in q for v in row), default=0.0) if q else 0.0
        thin = QPen(QColor("#b0bec5"))
        thin.setCosmetic(True)
        font = QFont()
        font.setPointSizeF(0.16)
        for s in range(w.n_states):
            r, c = w.cell(s)
            kind = w.kind(s)
            rect = QRectF(c, r, 1, 1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(KIND_COLOURS[kind]))
            painter.drawRect(rect)
            if kind in ("wall", "pit", "goal", "cliff"):
                self._label(painter, rect, {"pit": "P", "goal": "G", "cliff": "",
                                            "wall": ""}[kind])
                continue
            if q is not None and visits is not None and visits[s] == 0:
                painter.setBrush(QBrush(QColor("#cfd8dc"), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(rect)
            elif q is not None:
                if self.mode == "q":
                    centre = QPointF(c + 0.5, r + 0.5)
                    corners = [QPointF(c, r), QPointF(c + 1, r), QPointF(c + 1, r + 1),
                               QPointF(c, r + 1)]
                    for a, (p1, p2) in enumerate(((0, 1), (1, 2), (2, 3), (3, 0))):
                        painter.setBrush(value_colour(q[s][a], scale))
                        painter.drawPolygon(QPolygonF([centre, corners[p1], corners[p2]]))
                else:
                    painter.setBrush(value_colour(max(q[s]), scale))
                    painter.drawRect(rect)
                self._arrow(painter, r, c, q[s])
            if kind == "pellet":
                painter.setBrush(QColor("#f9a825"))
                painter.drawEllipse(QPointF(c + 0.5, r + 0.5), 0.09, 0.09)
            if kind == "start":
                self._label(painter, rect, "S")
            painter.setPen(thin)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
        self._path(painter)

    def _arrow(self, painter: QPainter, r: int, c: int, row: list[float]) -> None:
        best = max(row)
        if all(v == best for v in row):
            return  # no preference yet
        pen = QPen(QColor("#263238"), 0.06)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        cx, cy = c + 0.5, r + 0.5
        for a in range(4):
            if row[a] == best:
                dx, dy = ARROW[a]
                painter.drawLine(QPointF(cx, cy), QPointF(cx + dx, cy + dy))
                head = QPointF(cx + dx, cy + dy)
                side = (dy * 0.4, -dx * 0.4)
                back = (-dx * 0.4, -dy * 0.4)
                painter.drawLine(head, QPointF(head.x() + back[0] + side[0],
                                               head.y() + back[1] + side[1]))
                painter.drawLine(head, QPointF(head.x() + back[0] - side[0],
                                               head.y() + back[1] - side[1]))
        painter.setPen(Qt.PenStyle.NoPen)

    def _label(self, painter: QPainter, rect: QRectF, text: str) -> None:
        if not text:
            return
        painter.save()
        painter.translate(rect.center())
        painter.scale(0.02, 0.02)
        painter.setPen(QColor("#ffffff") if text in "PG" else QColor("#37474f"))
        f = QFont()
        f.setPointSize(18)
        f.setBold(True)
        painter.setFont(f)
        painter.drawText(QRectF(-50, -50, 100, 100), Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _path(self, painter: QPainter) -> None:
        w = self.world
        if len(self.path) > 1:
            path = QPainterPath()
            r, c = w.cell(self.path[0])
            path.moveTo(c + 0.5, r + 0.5)
            for s in self.path[1:]:
                r, c = w.cell(s)
                path.lineTo(c + 0.5, r + 0.5)
            pen = QPen(QColor(21, 101, 192, 150), 0.08)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if self.agent is not None:
            r, c = w.cell(self.agent)
            painter.setPen(QPen(QColor("#0d47a1"), 0.04))
            painter.setBrush(QColor("#1e88e5"))
            painter.drawEllipse(QPointF(c + 0.5, r + 0.5), 0.22, 0.22)
