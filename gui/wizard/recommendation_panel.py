"""The recommendation view: ranked candidates, reasons, the details card, the metric."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.knowledge.cards import card_markdown
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.export.requests import export_blocker
from sagewise.knowledge.recommend import (
    Recommendation,
    managed_alternatives_markdown,
    metric_for,
    why_score_markdown,
)

ID_ROLE = Qt.ItemDataRole.UserRole


class RecommendationPanel(QWidget):
    """Shows a Recommendation; carries the choice on to sizing and the demos."""

    sig_size_requested = Signal(str)
    """Open the sizing panel for this algorithm id."""
    sig_show_requested = Signal(str)
    """Open the demo for this algorithm id (k-means, reinforcement learning)."""
    sig_chosen = Signal(str)
    """The user chose this id."""
    sig_export_requested = Signal(str)
    """Open the Export panel (Pipeline page) for this algorithm id."""

    DEMOS = {"kmeans", "reinforcement-learning"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recommendation_panel")
        self.catalog = load_catalog()
        self.rec: Recommendation | None = None
        self.chosen = ""
        self.summary = QLabel(objectName="summary_label")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.items = QListWidget(objectName="ranked_list")
        self.items.setToolTip("Ranked best first; select one to see why and the details")
        # long names ("Amazon Transcribe  (managed service)") wrap instead of hiding their end
        self.items.setWordWrap(True)
        self.items.setResizeMode(QListView.ResizeMode.Adjust)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details = QTextBrowser(objectName="details_browser")
        self.choose_button = QPushButton("&Choose this", objectName="choose_button")
        self.choose_button.setToolTip("Record this choice in the session and decision record")
        self.size_button = QPushButton("&Size it", objectName="size_button")
        self.size_button.setToolTip("Open the sizing panel pre-filled for this algorithm")
        self.show_button = QPushButton("Show &me", objectName="show_button")
        self.show_button.setToolTip("Open the interactive demo for this algorithm")
        self.export_button = QPushButton("E&xport...", objectName="export_button")
        self.export_button.setToolTip("Turn this algorithm into a SageMaker training job request "
                                      "and SDK code")
        self.own_actions = QWidget(objectName="recommendation_actions")
        buttons = QHBoxLayout(self.own_actions)  # until a page frame takes them
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        for b in (self.choose_button, self.size_button, self.show_button, self.export_button):
            buttons.addWidget(b)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>Ranked options</b>"))
        lv.addWidget(self.items, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.details, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 900])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        lay.addWidget(self.own_actions)
        self.items.currentItemChanged.connect(self._on_current_changed)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.size_button.clicked.connect(lambda: self.sig_size_requested.emit(self.current_id()))
        self.show_button.clicked.connect(lambda: self.sig_show_requested.emit(self.current_id()))
        self.export_button.clicked.connect(
            lambda: self.sig_export_requested.emit(self.current_id()))
        self.show_recommendation(None)

    def action_widgets(self) -> tuple[list[QWidget], list[QWidget]]:
        """The page frame's action bar: Choose, Size it, Show me and Export on the right."""
        mine = (self.choose_button, self.size_button, self.show_button, self.export_button)
        for b in mine:
            self.own_actions.layout().removeWidget(b)
        self.own_actions.hide()
        return [], list(mine)

    def current_id(self) -> str:
        """The selected id ("" if none)."""
        item = self.items.currentItem()
        return item.data(ID_ROLE) if item else ""

    def show_recommendation(self, rec: Recommendation | None, chosen: str = "") -> None:
        """Display a recommendation (None = nothing yet)."""
        self.rec = rec
        self.chosen = chosen
        self.items.clear()
        if rec is None or not rec.ranked:
            self.summary.setText("<b>No recommendation yet.</b> Describe your problem in the "
                                 "<b>Wizard</b> (Ctrl+1) and answer a few questions.")
            self.details.setMarkdown("")
            for b in (self.choose_button, self.size_button, self.show_button):
                b.setEnabled(False)
            return
        # the chosen algorithm's metric once there is a choice (its tuning objective differs)
        m = metric_for(rec, chosen) if chosen and chosen in self.catalog.algorithms else \
            rec.metric
        whose = f" for {self.catalog.name(chosen)}" if m is not rec.metric else ""
        path = " &gt; ".join(t.split(" -> ")[1] for t in rec.path_text) or "not framed yet"
        self.summary.setText(
            f"Problem: <b>{path}</b>. Judge it{whose} by <b>{m['name']}</b>"
            f" ({m['direction']})" + (f", tuning objective <code>{m['sagemaker_objective']}"
                                      "</code>" if m.get("sagemaker_objective") else
                                      f"; {m['objective_note']}" if m.get("objective_note")
                                      else "") + "."
            + ("<br><i>" + " ".join(rec.notes) + "</i>" if rec.notes else ""))
        for s in rec.ranked:
            tag = "  (managed service)" if s.kind == "service" else ""
            tag += "  (other reading)" if s.alternative_reading else ""
            tag += "  (chosen)" if s.id == chosen else ""
            item = QListWidgetItem(f"{s.score:.2f}   {s.name}{tag}")
            item.setData(ID_ROLE, s.id)
            item.setToolTip("\n".join(s.reasons))
            self.items.addItem(item)
        for s in rec.ruled_out:
            item = QListWidgetItem(f"ruled out   {s.name}")
            item.setData(ID_ROLE, s.id)
            item.setForeground(theme.qcolor("muted"))
            item.setToolTip("\n".join(s.exclusion))
            self.items.addItem(item)
        self.items.setCurrentRow(0)

    def _scored(self, ident: str):
        for s in (*self.rec.ranked, *self.rec.ruled_out):
            if s.id == ident:
                return s
        return None

    def details_markdown(self, ident: str) -> str:
        """Why + metric + card for one candidate (also what Copy copies)."""
        s = self._scored(ident)
        item = self.catalog.get(ident)
        parts = []
        if s is not None and s.excluded:
            parts.append("## Ruled out\n\n" + "\n".join(f"- {r}" for r in s.exclusion))
        elif s is not None:
            parts.append(why_score_markdown(s))
        m = metric_for(self.rec, ident) if item.kind == "algorithm" else self.rec.metric
        metric = [f"## Judge it by: {m['name']} ({m['direction']})", "", m["why"], "",
                  f"*{m['definition']}*"]
        if m.get("sagemaker_objective"):
            metric.append(f"\nSageMaker tuning objective: `{m['sagemaker_objective']}`")
        if m.get("objective_note"):
            metric.append(f"\n{m['objective_note']}.")
        metric += [f"\n- Assumption: {a}" for a in m.get("assumptions", [])]
        if m.get("alternatives"):
            metric.append(f"\nAlso useful: {', '.join(m['alternatives'])}.")
        parts.append("\n".join(metric))
        if item.kind == "algorithm":
            managed = managed_alternatives_markdown(self.catalog, ident)
            if managed:
                parts.append(managed)
        parts.append(card_markdown(item, self.catalog))
        return "\n\n".join(parts)

    def _on_current_changed(self, current, _previous) -> None:
        if current is None or self.rec is None:
            return
        ident = current.data(ID_ROLE)
        self.details.setMarkdown(self.details_markdown(ident))
        is_algorithm = self.catalog.get(ident).kind == "algorithm"
        self.choose_button.setEnabled(True)
        self.size_button.setEnabled(is_algorithm)
        blocker = export_blocker(ident)
        self.export_button.setEnabled(not blocker)
        self.export_button.setToolTip(
            blocker or "Turn this algorithm into a SageMaker training job request and SDK code")
        self.show_button.setEnabled(ident in self.DEMOS)
        self.show_button.setToolTip("Open the interactive demo" if ident in self.DEMOS else
                                    "Demos exist for k-means and reinforcement learning")

    def _on_choose_clicked(self) -> None:
        ident = self.current_id()
        if ident:
            self.chosen = ident
            self.sig_chosen.emit(ident)
            row = self.items.currentRow()
            self.show_recommendation(self.rec, ident)
            self.items.setCurrentRow(row)

    def copy_text(self) -> str:
        """The selected candidate's details as Markdown."""
        ident = self.current_id()
        return self.details_markdown(ident) if ident and self.rec else ""
