"""The drawn pipeline: source to monitoring, one clickable box per area, security beneath."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

BOX_W, BOX_H, GAP_X, GAP_Y = 190.0, 70.0, 46.0, 56.0
ROWS = (("source", "ingestion", "transform", "training-input"),
        ("training", "tuning", "deployment", "monitoring"))
TITLES = {"source": "Data source", "ingestion": "Ingestion", "transform": "Transform",
          "training-input": "Training input", "training": "Training", "tuning": "Tuning",
          "deployment": "Deployment", "monitoring": "Monitoring", "security": "Security"}


def _elide(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def two_lines(text: str, font: QFont, width: float) -> str:
    """The text wrapped at spaces onto at most two lines of this width; only what does not
    fit on the second line is elided."""
    metrics = QFontMetricsF(font)
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one word longer than the line
        return _elide(text, font, width)
    rest = " ".join(words)
    return f"{first}\n{_elide(rest, font, width)}" if rest else first


class AreaBox(QGraphicsRectItem):
    """One area: its title and its choice; a click selects it."""

    def __init__(self, key: str, rect: QRectF, on_click: Callable[[str], None]) -> None:
        super().__init__(rect)
        self.key = key
        self.on_click = on_click
        self.selected = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, False)
        self.title = QGraphicsSimpleTextItem(TITLES[key], self)
        self.choice = QGraphicsSimpleTextItem("", self)
        bold = QFont(QApplication.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setPos(rect.x() + 10, rect.y() + 10)
        self.choice.setPos(rect.x() + 10, rect.y() + 31)
        self.setToolTip(f"{TITLES[key]}: click to read why")

    def set_choice(self, text: str) -> None:
        """Show the chosen option (on two lines; elided only past the second)."""
        self.choice.setText(two_lines(text, self.choice.font(), self.rect().width() - 20))
        self.setToolTip(f"{TITLES[self.key]}: {text} (click to read why)")

    def paint_colours(self, palette) -> None:
        """Colours from the application palette (light and dark themes)."""
        base = palette.highlight().color() if self.selected else palette.base().color()
        text = palette.highlightedText().color() if self.selected else palette.text().color()
        self.setBrush(QBrush(base))
        self.setPen(QPen(palette.mid().color(), 1.5))
        self.title.setBrush(QBrush(text))
        self.choice.setBrush(QBrush(text))

    def mousePressEvent(self, event) -> None:
        self.on_click(self.key)
        event.accept()


class PipelineView(QGraphicsView):
    """The pipeline drawing; ``on_select(area)`` is called when a box is clicked."""

    def __init__(self, on_select: Callable[[str], None], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pipeline_view")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip("The pipeline from data source to monitoring; click a box for its reason")
        self.on_select = on_select
        self.scene_ = QGraphicsScene(self)
        self.setScene(self.scene_)
        self.boxes: dict[str, AreaBox] = {}
        self.arrows: list[QGraphicsPathItem] = []
        self._build()

    def _build(self) -> None:
        for r, row in enumerate(ROWS):
            for c, key in enumerate(row):
                rect = QRectF(c * (BOX_W + GAP_X), r * (BOX_H + GAP_Y), BOX_W, BOX_H)
                self.boxes[key] = AreaBox(key, rect, self._clicked)
                self.scene_.addItem(self.boxes[key])
        width = 4 * BOX_W + 3 * GAP_X
        sec = QRectF(0, 2 * (BOX_H + GAP_Y) - 10, width, BOX_H - 10)
        self.boxes["security"] = AreaBox("security", sec, self._clicked)
        self.scene_.addItem(self.boxes["security"])
        for row in ROWS:
            for a, b in pairwise(row):
                ra, rb = self.boxes[a].rect(), self.boxes[b].rect()
                self._arrow([QPointF(ra.right(), ra.center().y()),
                             QPointF(rb.left(), rb.center().y())])
        end, start = self.boxes[ROWS[0][-1]].rect(), self.boxes[ROWS[1][0]].rect()
        mid_y = end.bottom() + GAP_Y / 2
        self._arrow([QPointF(end.center().x(), end.bottom()), QPointF(end.center().x(), mid_y),
                     QPointF(start.center().x(), mid_y), QPointF(start.center().x(), start.top())])
        self.setSceneRect(self.scene_.itemsBoundingRect().adjusted(-12, -12, 12, 12))
        self.refresh_colours()

    def _arrow(self, points: list[QPointF]) -> None:
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        tip, before = points[-1], points[-2]
        d = tip - before
        length = max(1.0, (d.x() ** 2 + d.y() ** 2) ** 0.5)
        ux, uy = d.x() / length, d.y() / length
        for side in (1, -1):
            path.moveTo(tip)
            path.lineTo(QPointF(tip.x() - 9 * ux + side * 5 * uy, tip.y() - 9 * uy - side * 5 * ux))
        item = QGraphicsPathItem(path)
        self.scene_.addItem(item)
        self.arrows.append(item)

    def refresh_colours(self) -> None:
        """Repaint boxes and arrows from the current palette."""
        pal = self.palette()
        for box in self.boxes.values():
            box.paint_colours(pal)
        for a in self.arrows:
            a.setPen(QPen(pal.text().color(), 1.6))
        self.setBackgroundBrush(QBrush(pal.window().color()))

    def _clicked(self, key: str) -> None:
        self.select(key)
        self.on_select(key)

    def select(self, key: str) -> None:
        """Highlight one box."""
        for k, box in self.boxes.items():
            box.selected = k == key
        self.refresh_colours()

    def set_choices(self, texts: dict[str, str]) -> None:
        """Set each box's choice text (keys: areas and 'source')."""
        for key, text in texts.items():
            if key in self.boxes:
                self.boxes[key].set_choice(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        self.refresh_colours()

