"""A pyqtgraph item that draws a grid world and a Q-table (or a plan) in one paint() call.

Per cell: the cell kind (wall, pit, goal, cliff, pellet, exit with its value), the
Q-values as coloured triangles (or the state value as one colour), the greedy arrows, and
a hatch where the agent has never been (arrows there would be meaningless). In plan mode
(value / policy iteration) each cell shows V_k as a colour and a number with the greedy
arrows, all ties drawn, as CS188's value-iteration display does. On top: the current
episode's path and the agent. Colours come from :mod:`gui.demos.demo_colours` (the
palette), so the grid follows the light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from sagewise.gui import theme
from sagewise.gui.demos import demo_colours as dc
from sagewise.gui.plotting import pg
from sagewise.knowledge.sim.gridworld import MOVES, GridWorld

ARROW_LENGTH = 0.28


def value_colour(v: float, scale: float) -> QColor:
    """Green for positive, red for negative, the base colour at zero."""
    return dc.value_colour(v, scale)


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
        self.plan_values = None   # plan mode: V_k per state (array) ...
        self.plan_ties: list[tuple[int, ...]] | None = None   # ... and the greedy ties

    def set_world(self, world: GridWorld) -> None:
        """A new layout."""
        self.prepareGeometryChange()
        self.world = world
        self.update()

    def set_data(self, q, visits, path, agent) -> None:
        """Refresh from the agent (references, no copies); leaves plan mode."""
        self.q, self.visits, self.path, self.agent = q, visits, path, agent
        self.plan_values = self.plan_ties = None
        self.update()

    def set_plan(self, values, ties) -> None:
        """Show a plan: values per state and the greedy actions (ties) per state."""
        self.plan_values, self.plan_ties = values, ties
        self.q = self.visits = None
        self.path, self.agent = [], None
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self.world.n_cols, self.world.n_rows)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph override
        p = ev.pos()
        r, c = int(p.y()), int(p.x())
        if 0 <= r < self.world.n_rows and 0 <= c < self.world.n_cols:
            self.sig_cell_clicked.emit(r, c)
            ev.accept()

    # ---- painting

    def paint(self, painter: QPainter, *_args) -> None:
        w = self.world
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        plan = self.plan_values is not None
        q, visits = self.q, self.visits
        if plan:
            scale = float(max(abs(float(v)) for v in self.plan_values)) if w.n_states else 0.0
        else:
            scale = max((abs(v) for row in q for v in row), default=0.0) if q else 0.0
        thin = QPen(dc.grid_line())
        thin.setCosmetic(True)
        exits = w.exit_values
        for s in range(w.n_states):
            r, c = w.cell(s)
            kind = w.kind(s)
            rect = QRectF(c, r, 1, 1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(dc.kind(kind))
            painter.drawRect(rect)
            if kind in ("wall", "pit", "goal", "cliff"):
                self._label(painter, rect, {"pit": "P", "goal": "G", "cliff": "",
                                            "wall": ""}[kind], dc.kind(kind))
                self._outline(painter, rect, thin)
                continue
            if kind == "exit":
                self._exit(painter, rect, exits[s], scale if plan else max(scale, abs(exits[s])),
                           plan)
                self._outline(painter, rect, thin)
                continue
            if plan:
                v = float(self.plan_values[s])
                fill = value_colour(v, scale)
                painter.setBrush(fill)
                painter.drawRect(rect)
                if self.plan_ties is not None:
                    self._arrows(painter, r, c, self.plan_ties[s], dc.text_on(fill))
                self._number(painter, rect, v, dc.text_on(fill))
            elif q is not None and visits is not None and visits[s] == 0:
                painter.setBrush(QBrush(dc.unvisited(), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(rect)
            elif q is not None:
                row = q[s]
                if self.mode == "q" and len(row) == 4:
                    centre = QPointF(c + 0.5, r + 0.5)
                    corners = [QPointF(c, r), QPointF(c + 1, r), QPointF(c + 1, r + 1),
                               QPointF(c, r + 1)]
                    for a, (p1, p2) in enumerate(((0, 1), (1, 2), (2, 3), (3, 0))):
                        painter.setBrush(value_colour(row[a], scale))
                        painter.drawPolygon(QPolygonF([centre, corners[p1], corners[p2]]))
                    ink = dc.ink()
                else:
                    fill = value_colour(max(row), scale)
                    painter.setBrush(fill)
                    painter.drawRect(rect)
                    ink = dc.text_on(fill)
                best = max(row)
                if not all(v == best for v in row):   # no preference yet: no arrow
                    self._arrows(painter, r, c, [a for a in range(len(row)) if row[a] == best],
                                 ink)
            if kind == "pellet":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(theme.qcolor("top"))  # pellets: the gold of a top pick
                painter.drawEllipse(QPointF(c + 0.5, r + 0.5), 0.09, 0.09)
            if kind == "start":
                self._corner(painter, rect, "S")
            self._outline(painter, rect, thin)
        if w.wind:
            for c, strength in enumerate(w.wind):
                if strength:
                    self._corner(painter, QRectF(c, w.n_rows - 1, 1, 1), "↑" * strength,
                                 bottom=True)
        self._path(painter)

    @staticmethod
    def _outline(painter: QPainter, rect: QRectF, pen: QPen) -> None:
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setPen(Qt.PenStyle.NoPen)

    def _exit(self, painter: QPainter, rect: QRectF, value: float, scale: float,
              plan: bool) -> None:
        fill = value_colour(value, scale)
        painter.setBrush(fill)
        painter.drawRect(rect)
        pen = QPen(dc.text_on(fill), 0.04)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0.1, 0.1, -0.1, -0.1))   # CS188's exit square
        painter.setPen(Qt.PenStyle.NoPen)
        if plan:
            self._number(painter, rect, value, dc.text_on(fill))
        else:
            self._number(painter, rect, value, dc.text_on(fill), fmt="{:g}")

    def _arrows(self, painter: QPainter, r: int, c: int, actions, colour: QColor) -> None:
        pen = QPen(colour, 0.05)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        cx, cy = c + 0.5, r + 0.5
        for a in actions:
            dr, dc_ = MOVES[a]
            if dr == 0 and dc_ == 0:   # "stay": a ring
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(cx, cy), 0.1, 0.1)
                continue
            # short arrows near the edge they point to, leaving the centre to the number
            reach = 0.46 if dr and dc_ else 0.45
            norm = (dr * dr + dc_ * dc_) ** 0.5
            ux, uy = dc_ / norm, dr / norm
            tail = QPointF(cx + ux * (reach - 0.13), cy + uy * (reach - 0.13))
            head = QPointF(cx + ux * reach, cy + uy * reach)
            painter.drawLine(tail, head)
            dx, dy = ux * ARROW_LENGTH, uy * ARROW_LENGTH
            side = (dy * 0.25, -dx * 0.25)
            back = (-dx * 0.25, -dy * 0.25)
            painter.drawLine(head, QPointF(head.x() + back[0] + side[0],
                                           head.y() + back[1] + side[1]))
            painter.drawLine(head, QPointF(head.x() + back[0] - side[0],
                                           head.y() + back[1] - side[1]))
        painter.setPen(Qt.PenStyle.NoPen)

    def _number(self, painter: QPainter, rect: QRectF, v: float, colour: QColor,
                fmt: str = "{:.2f}") -> None:
        if not self.show_numbers:
            return
        painter.save()
        painter.translate(rect.center())
        painter.scale(0.01, 0.01)
        painter.setPen(colour)
        f = QFont()
        f.setPixelSize(16)
        painter.setFont(f)
        painter.drawText(QRectF(-50, -12, 100, 24), Qt.AlignmentFlag.AlignCenter,
                         fmt.format(v))
        painter.restore()

    def _corner(self, painter: QPainter, rect: QRectF, text: str, bottom: bool = False) -> None:
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(0.01, 0.01)
        painter.setPen(dc.text())
        f = QFont()
        f.setPixelSize(20)
        f.setBold(True)
        painter.setFont(f)
        flags = Qt.AlignmentFlag.AlignLeft | (Qt.AlignmentFlag.AlignBottom if bottom
                                              else Qt.AlignmentFlag.AlignTop)
        painter.drawText(QRectF(6, 4, 90, 92), flags, text)
        painter.restore()

    def _label(self, painter: QPainter, rect: QRectF, text: str, background: QColor) -> None:
        if not text:
            return
        painter.save()
        painter.translate(rect.center())
        painter.scale(0.02, 0.02)
        painter.setPen(dc.text_on(background))
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
            pen = QPen(dc.path(), 0.08)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if self.agent is not None:
            r, c = w.cell(self.agent)
            outline, fill = dc.agent()
            painter.setPen(QPen(outline, 0.04))
            painter.setBrush(fill)
            painter.drawEllipse(QPointF(c + 0.5, r + 0.5), 0.22, 0.22)
