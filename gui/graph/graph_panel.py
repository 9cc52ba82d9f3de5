"""The decision graph page: the map from knowledge.decision_map drawn with QGraphicsView.

The path of the current answers is highlighted, the effects of the refining answers are
drawn as green (raises) and red (lowers or rules out) links, wheel/keys zoom, dragging the
background pans, and clicking a box explains it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.graph.readable import DetailsBrowser, display_markdown
from sagewise.gui.wording import plural
from sagewise.knowledge.decision import load_decision
from sagewise.knowledge.decision_map import (
    COLUMN_TITLES,
    PATH_COLUMN_TITLES,
    DecisionMap,
    Highlight,
    MapNode,
    build_map,
    highlight,
    node_markdown,
    path_layout,
)
from sagewise.knowledge.errors import KnowledgeError

COL_STEP, NODE_W, ROW_STEP = 300, 236, 66
PATH_COL_STEP, PATH_GAP = NODE_W + 30, 10   # "Fit my path": tighter, so it reads
LEGIBLE_ZOOM = 0.75  # below this the 9-point box labels get too small to read
FILL = theme.GRAPH_FILL
KIND_NAMES = {"route_question": "question that chooses the path", "answer": "answer",
              "set": "candidate set", "constraint_question": "refining question",
              "algorithm": "built-in algorithm", "service": "managed AI service"}


def path_colour() -> QColor:
    """Your path (the theme's accent)."""
    return theme.qcolor("accent")


def raise_colour() -> QColor:
    """An answer raises a candidate."""
    return theme.qcolor("success")


def lower_colour() -> QColor:
    """An answer lowers or rules out a candidate."""
    return theme.qcolor("error")


class NodeItem(QGraphicsItem):
    """One box: fill by kind, label wrapped on two lines, an optional answer badge."""

    def __init__(self, node: MapNode, x: float, y: float) -> None:
        super().__init__()
        self.node = node
        self.badge = ""
        self.on_path = False
        self.dim = False
        self.top = False
        self.height = 66 if node.kind == "constraint_question" else 46
        label = node.label if len(node.label) <= 70 else node.label[:68].rstrip() + "..."
        self.text = label
        self.place(x, y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{node.label}\n({KIND_NAMES.get(node.kind, node.kind)}; click to "
                        "read what it means)")

    def place(self, x: float, y: float) -> None:
        """Put the box's left edge at x, its middle at y."""
        self.setPos(x, y - self.height / 2)

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, NODE_W + 6, self.height + 6)

    def left(self) -> QPointF:
        """Where incoming links end."""
        return self.pos() + QPointF(0, self.height / 2)

    def right(self) -> QPointF:
        """Where outgoing links start."""
        return self.pos() + QPointF(NODE_W, self.height / 2)

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setOpacity(0.35 if self.dim else 1.0)
        fill = QColor(FILL.get(self.node.kind, FILL["other"]))
        if self.isSelected():
            pen = QPen(theme.qcolor("selected"), 3)
        elif self.top:
            pen = QPen(theme.qcolor("top"), 4)
        elif self.on_path:
            pen = QPen(path_colour(), 2.5)
        else:
            pen = QPen(fill.darker(150), 1)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(QRectF(0, 0, NODE_W, self.height), 7, 7)
        painter.setPen(QColor(theme.GRAPH_TEXT))
        font = QFont(painter.font())
        font.setPointSizeF(9)
        font.setBold(self.node.kind.endswith("question") or self.node.kind in
                     ("algorithm", "service", "start"))
        painter.setFont(font)
        text_rect = QRectF(7, 3, NODE_W - 14, self.height - (24 if self.badge else 6))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self.text)
        if self.badge:
            font.setBold(True)
            font.setPointSizeF(8.5)
            painter.setFont(font)
            painter.setPen(QColor(theme.GRAPH_BADGE))
            text = QFontMetricsF(font).elidedText(f"your answer: {self.badge}",
                                                  Qt.TextElideMode.ElideRight, NODE_W - 16)
            painter.drawText(QRectF(7, self.height - 19, NODE_W - 14, 16),
                             Qt.AlignmentFlag.AlignCenter, text)


class MapView(QGraphicsView):
    """Wheel zooms under the mouse; dragging the background pans."""

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.setObjectName("graph_view")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setToolTip("")

    def wheelEvent(self, event) -> None:
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def zoom(self, factor: float) -> None:
        """Zoom by a factor, kept between 5% and 400%."""
        current = self.transform().m11()
        factor = max(0.05 / current, min(4.0 / current, factor))
        self.scale(factor, factor)

    def zoom_level(self) -> float:
        """Current scale (1.0 = 100%)."""
        return self.transform().m11()


class GraphPanel(QWidget):
    """The decision graph with the current path, zoom/pan and click-to-explain."""

    sig_open_item = Signal(str)
    """Open this algorithm or service id in the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graph_panel")
        self.dd = load_decision()
        self.map: DecisionMap = build_map(self.dd)
        self.answers: dict[str, str] = {}
        self._fitted = False
        self.lit = Highlight()
        self.scene = QGraphicsScene(self)
        self.view = MapView(self.scene)
        self.items: dict[str, NodeItem] = {}
        self.edge_items: dict[tuple[str, str], QGraphicsPathItem] = {}
        self.edge_kind: dict[tuple[str, str], str] = {}
        self.effect_items: list[QGraphicsPathItem] = []
        self.path_mode = False
        self.details = DetailsBrowser(objectName="graph_details")
        self._details_markdown = ""
        self.details.setOpenLinks(False)
        self.summary = QLabel(objectName="graph_summary")
        self.summary.setWordWrap(True)
        self.all_links = QCheckBox("Show every 'asks' link", objectName="all_links_check")
        self.all_links.setToolTip("Draw which refining questions each candidate set can ask "
                                  "(many lines; off shows only those on your path)")
        self.open_button = QPushButton("Open in &Algorithms", objectName="open_item_button")
        self.open_button.setToolTip("Show the selected algorithm's full card")
        self.open_button.setEnabled(False)
        buttons = QHBoxLayout()
        for text, tip, slot, name in (
                ("Zoom &in", "Zoom in (Ctrl+= or the mouse wheel)", self.zoom_in, "zoom_in"),
                ("Zoom &out", "Zoom out (Ctrl+-)", self.zoom_out, "zoom_out"),
                ("&Fit all", "The whole graph (Ctrl+0)", self.fit_all, "fit_all"),
                ("Fit my &path", "Zoom to the boxes your answers light up", self.fit_path,
                 "fit_path")):
            b = QPushButton(text, objectName=name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        legend = QLabel(
            f"{theme.span('blue', 'accent', True)}: your path &nbsp; "
            f"{theme.span('green', 'success', True)}: your answer raises it &nbsp; "
            f"{theme.span('red', 'error', True)}: lowers or rules it out (dashed) "
            "&nbsp; faded: not on your path. Drag to pan, wheel to zoom, click a box.")
        legend.setWordWrap(True)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(buttons)
        # the check box on its own line: beside the buttons it made the page wider than an
        # 800x600 window
        lv.addWidget(self.all_links)
        lv.addWidget(legend)
        lv.addWidget(self.view, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.summary)
        rv.addWidget(self.details, 1)
        rv.addWidget(self.open_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        # The graph fits itself into any width; the explanation needs room to be read.
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 2)
        right.setMinimumWidth(220)
        split.setSizes([720, 280])  # the path fits at 1024 px; details ~230 px
        self.split = split
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)
        self._draw()
        self.scene.selectionChanged.connect(self._on_selection_changed)
        self.all_links.toggled.connect(self._restyle)
        self.open_button.clicked.connect(self._on_open_clicked)
        QShortcut(QKeySequence("Ctrl+="), self, self.zoom_in)
        QShortcut(QKeySequence("Ctrl++"), self, self.zoom_in)
        QShortcut(QKeySequence("Ctrl+-"), self, self.zoom_out)
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit_all)
        self.set_answers({})
        self._explain(node_markdown(self.dd, self.map.nodes["start"], {}))

    # ---- drawing

    def _position(self, node: MapNode) -> tuple[float, float]:
        total = self.map.height * ROW_STEP
        n = self.map.rows[node.column]
        return node.column * COL_STEP, 40 + (node.row + 0.5) * total / n

    def _draw(self) -> None:
        self.titles: list[QGraphicsSimpleTextItem] = []
        self._title_texts = [(title, PATH_COLUMN_TITLES[col] if col < len(PATH_COLUMN_TITLES)
                              else "") for col, title in enumerate(COLUMN_TITLES)]
        for col, title in enumerate(COLUMN_TITLES):
            t = QGraphicsSimpleTextItem(title)
            f = t.font()
            f.setBold(True)
            f.setPointSize(11)
            t.setFont(f)
            t.setBrush(self.palette().windowText())
            t.setPos(col * COL_STEP + (NODE_W - t.boundingRect().width()) / 2, 0)
            self.scene.addItem(t)
            self.titles.append(t)
        for node in self.map.nodes.values():
            item = NodeItem(node, *self._position(node))
            item.setZValue(2)
            self.scene.addItem(item)
            self.items[node.id] = item
        for e in self.map.edges:
            path = self._curve(self.items[e.source].right(), self.items[e.target].left())
            item = self.scene.addPath(path)
            item.setZValue(0)
            self.edge_items[(e.source, e.target)] = item
            self.edge_kind[(e.source, e.target)] = e.kind
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-40, -20, 40, 40))

    @staticmethod
    def _curve(a: QPointF, b: QPointF) -> QPainterPath:
        path = QPainterPath(a)
        dx = max(40.0, (b.x() - a.x()) / 2)
        path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b)
        return path

    def _link(self, source: str, target: str) -> QPainterPath:
        """A link between two boxes: side to side, or straight down within one column."""
        s, t = self.items[source], self.items[target]
        if abs(s.pos().x() - t.pos().x()) < 1:
            top = s.pos() + QPointF(NODE_W / 2, s.height)
            path = QPainterPath(top)
            path.lineTo(t.pos() + QPointF(NODE_W / 2, 0))
            return path
        return self._curve(s.right(), t.left())

    def _arrange(self, path: bool) -> None:
        """Lay the boxes out: the whole map, or only the path ("Fit my path")."""
        self.path_mode = path
        layout = path_layout(self.map, self.lit) if path else {}
        tops = {}   # column -> where the next box starts
        for nid, _ in sorted(layout.items(), key=lambda p: p[1]):
            col = layout[nid][0]
            item = self.items[nid]
            y = tops.get(col, 36)
            item.place(col * PATH_COL_STEP, y + item.height / 2)
            tops[col] = y + item.height + PATH_GAP
        for nid, item in self.items.items():
            if path:
                item.setVisible(nid in layout)
            else:
                item.setVisible(True)
                item.place(*self._position(item.node))
        for title, (full, short) in zip(self.titles, self._title_texts, strict=True):
            title.setText(short if path else full)
            title.setVisible(bool(title.text()))
            col = self.titles.index(title)
            step = PATH_COL_STEP if path else COL_STEP
            title.setPos(col * step + (NODE_W - title.boundingRect().width()) / 2, 0)
        for (source, target), item in self.edge_items.items():
            item.setPath(self._link(source, target))
        visible = [i.sceneBoundingRect() for i in self.items.values() if i.isVisible()]
        box = visible[0] if visible else QRectF()
        for r in visible[1:]:
            box = box.united(r)
        self.scene.setSceneRect(box.adjusted(-8, -46, 8, 12) if path
                                else box.adjusted(-40, -50, 40, 40))
        self._restyle()

    def _restyle(self, *_args) -> None:
        lit, selected = self.lit, self._selected_id()
        answered = bool(self.answers)
        for nid, item in self.items.items():
            item.on_path = nid in lit.nodes
            item.dim = answered and not item.on_path
            item.badge = lit.badges.get(nid, "")
            item.update()
        base = self.palette().windowText().color()
        for key, item in self.edge_items.items():
            kind = self.edge_kind[key]
            touches = selected in key
            if key in lit.edges:
                pen, visible, z = QPen(path_colour(), 3), True, 1
            elif touches:
                pen, visible, z = QPen(theme.qcolor("selected"), 2), True, 1
            else:
                faint = QColor(base)
                faint.setAlphaF(0.10 if answered else
                                {"route": 0.45, "member": 0.22, "asks": 0.08}[kind])
                pen = QPen(faint, 1.2)
                visible = kind != "asks" or self.all_links.isChecked()
                z = 0
            if self.path_mode:
                visible = visible and all(self.items[n].isVisible() for n in key) and \
                    key in lit.edges
            item.setPen(pen)
            item.setVisible(visible)
            item.setZValue(z)
        for item in self.effect_items:
            self.scene.removeItem(item)
        self.effect_items = []
        for source, target, delta, excluded, reason in lit.effects:
            colour = raise_colour() if delta > 0 and not excluded else lower_colour()
            pen = QPen(colour, 2.2, Qt.PenStyle.DashLine if excluded else Qt.PenStyle.SolidLine)
            if not (self.items[source].isVisible() and self.items[target].isVisible()):
                continue
            item = self.scene.addPath(self._link(source, target), pen)
            item.setZValue(1.5)
            item.setToolTip(("rules out: " if excluded else f"{delta:+.2f}: ") + reason)
            self.effect_items.append(item)

    def showEvent(self, event) -> None:
        """Fit the view the first time the page is seen (the view has no size before)."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_path() if self.answers else self.fit_all()

    # ---- state

    def set_answers(self, answers: dict[str, str], ranked: tuple[str, ...] = (),
                    top: str = "") -> None:
        """Highlight the path of these answers (ranked ids best first, top = the winner)."""
        try:
            self.lit = highlight(self.dd, answers, ranked)
            self.answers = dict(answers)
        except KnowledgeError:
            self.lit, self.answers = highlight(self.dd, {}), {}
        steps = sum(1 for q in self.answers if self.dd.questions[q].kind == "route")
        refine = len(self.lit.badges)
        if not self.answers:
            self.summary.setText("<b>No answers yet.</b> The whole graph is shown; answer the "
                                 "wizard's questions to light up your path.")
        else:
            name = self.dd.catalog.name(top) if top else ""
            effects = len(self.lit.effects)
            self.summary.setText(
                f"<b>Your path:</b> {plural(steps, 'routing answer')}, "
                f"{plural(refine, 'refining answer')}, "
                f"{plural(effects, 'effect')} on its candidates"
                + (f". Top: <b>{name}</b>" if name else "") + ".")
        top_node = f"{self.dd.catalog.get(top).kind}:{top}" if top and self.answers else ""
        for nid, item in self.items.items():
            item.top = nid == top_node
        if self.path_mode and not self.answers:
            self._arrange(False)
        elif self.path_mode:
            self._arrange(True)
        else:
            self._restyle()

    def reset(self) -> None:
        """No answers, no selection, the Start explanation (a new session)."""
        self.scene.clearSelection()
        self.set_answers({})
        self._explain(node_markdown(self.dd, self.map.nodes["start"], {}))

    def _selected_id(self) -> str:
        sel = [i for i in self.scene.selectedItems() if isinstance(i, NodeItem)]
        return sel[0].node.id if sel else ""

    def select(self, node_id: str, centre: bool = True) -> None:
        """Select a box (as a click does) and centre it (the whole map if it is not on
        the path shown)."""
        if not self.items[node_id].isVisible():
            self._arrange(False)
        self.scene.clearSelection()
        self.items[node_id].setSelected(True)
        if centre:
            self.view.centerOn(self.items[node_id])

    def _on_selection_changed(self) -> None:
        nid = self._selected_id()
        if nid:
            node = self.map.nodes[nid]
            self._explain(node_markdown(self.dd, node, self.answers))
            self.open_button.setEnabled(node.kind in ("algorithm", "service"))
        else:
            self.open_button.setEnabled(False)
        self._restyle()

    def _on_open_clicked(self) -> None:
        nid = self._selected_id()
        if nid:
            self.sig_open_item.emit(nid.split(":", 1)[1])

    # ---- zoom

    def zoom_in(self) -> None:
        """Closer."""
        self.view.zoom(1.25)

    def zoom_out(self) -> None:
        """Further."""
        self.view.zoom(0.8)

    def fit_all(self) -> None:
        """The whole graph in view."""
        if self.path_mode:
            self._arrange(False)
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def fit_path(self) -> None:
        """Only the path, compact, at a size that reads (between LEGIBLE_ZOOM and 100%;
        when it needs scrolling, the start of the path and the top candidate come first)."""
        if not self.answers:
            self.fit_all()
            return
        self._arrange(True)
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        zoom = self.view.zoom_level()
        target = min(1.0, max(LEGIBLE_ZOOM, zoom))
        if abs(target - zoom) > 1e-6:
            self.view.zoom(target / zoom)
        self.view.ensureVisible(self.items["start"], 20, 20)
        tops = [i for i in self.items.values() if i.top and i.isVisible()]
        if tops:
            self.view.ensureVisible(tops[0], 20, 20)

    def _explain(self, markdown: str) -> None:
        """Show an explanation, laid out to read well in the panel's width."""
        self._details_markdown = markdown
        self.details.setMarkdown(display_markdown(markdown))

    def copy_text(self) -> str:
        """What Edit > Copy copies: the explanation on the right, as the knowledge base
        words it."""
        return self._details_markdown
