"""Catalog panel: describe a problem or browse every algorithm and service.

A thin view over knowledge: the list shows either the whole catalog (filtered by the
search box) or the ranked recommendations for a description; the details pane renders
the knowledge layer's Markdown card for the selected item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from knowledge.cards import card_markdown
from knowledge.catalog import Catalog, load_catalog
from knowledge.errors import KnowledgeError

ID_ROLE = Qt.ItemDataRole.UserRole


class CatalogPanel(QWidget):
    """Browse the catalog or rank it for a description."""

    sig_status = Signal(str)
    """A short message for the status bar (str)."""

    def __init__(self, catalog: Catalog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalog_panel")
        self.catalog = catalog or load_catalog()

        self.describe_edit = QLineEdit(objectName="describe_edit")
        self.describe_edit.setPlaceholderText(
            "Describe your problem, e.g. 'group customers by spending, no labels'")
        self.describe_edit.setToolTip("A sentence or two about the data and the goal; "
                                      "press Enter to rank the algorithms for it")
        self.describe_button = QPushButton("&Recommend", objectName="describe_button")
        self.describe_button.setToolTip("Rank algorithms and services for the description")
        self.clear_button = QPushButton("Show &all", objectName="clear_button")
        self.clear_button.setToolTip("Clear the description and list the whole catalog")
        self.filter_edit = QLineEdit(objectName="filter_edit")
        self.filter_edit.setPlaceholderText("Filter by name or id")
        self.filter_edit.setToolTip("Type to narrow the list")
        self.message = QLabel(objectName="message_label")
        self.message.setWordWrap(True)
        self._reasons: dict[str, tuple[str, ...]] = {}
        self.items = QListWidget(objectName="items_list")
        self.items.setToolTip("Select an item to see its details")
        self.details = QTextBrowser(objectName="details_browser")
        self.details.setOpenExternalLinks(False)

        top = QHBoxLayout()
        top.addWidget(QLabel("&Problem:", buddy=self.describe_edit))
        top.addWidget(self.describe_edit, 1)
        top.addWidget(self.describe_button)
        top.addWidget(self.clear_button)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.filter_edit)
        lv.addWidget(self.items, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.describe_edit.returnPressed.connect(self.recommend)
        self.describe_button.clicked.connect(self.recommend)
        self.clear_button.clicked.connect(self.show_catalog)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.items.currentItemChanged.connect(self._on_items_current_changed)
        self.show_catalog()

    # ---- public API

    def show_catalog(self) -> None:
        """List every algorithm, then every managed service."""
        self.describe_edit.clear()
        self._reasons = {}
        self.items.clear()
        for ident in self.catalog.ids:
            item = self.catalog.get(ident)
            label = item.name if item.kind == "algorithm" else f"{item.name}  (managed service)"
            self._add(label, ident)
        self.message.setText(f"{len(self.catalog.algorithms)} algorithms and "
                             f"{len(self.catalog.services)} managed services.")
        self.items.setCurrentRow(0)

    def recommend(self) -> None:
        """Rank candidates for the description in the box."""
        from knowledge.recommend import recommend_description

        text = self.describe_edit.text()
        try:
            d, rec = recommend_description(text)
        except KnowledgeError as exc:
            self.message.setText(f"<span style='color:#b00020'>{exc}</span>")
            self.sig_status.emit(str(exc))
            return
        self.items.clear()
        self._reasons = {s.id: s.reasons for s in rec.ranked}
        self._reasons.update({s.id: s.exclusion for s in rec.ruled_out})
        for s in rec.ranked:
            marker = "  (other reading)" if s.alternative_reading else ""
            self._add(f"{s.score:.2f}  {s.name}{marker}", s.id)
        for s in rec.ruled_out:
            self._add(f"ruled out  {s.name}", s.id, dim=True)
        understood = ", ".join(f"{q} = {a}" for q, a in d.answers.items()) or "nothing yet"
        self.message.setText(f"Understood: {understood}. Judge it by: {rec.metric['name']}.")
        self.sig_status.emit(f"{len(rec.ranked)} candidates ranked")
        self.items.setCurrentRow(0)

    def select(self, ident: str) -> bool:
        """Select an item by id; False if it is not in the list."""
        for row in range(self.items.count()):
            if self.items.item(row).data(ID_ROLE) == ident:
                self.items.setCurrentRow(row)
                return True
        return False

    def current_id(self) -> str:
        """Id of the selected item ("" if none)."""
        item = self.items.currentItem()
        return item.data(ID_ROLE) if item else ""

    # ---- helpers and slots

    def _add(self, label: str, ident: str, dim: bool = False) -> None:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, ident)
        if dim:
            item.setForeground(Qt.GlobalColor.gray)
        self.items.addItem(item)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.items.count()):
            item = self.items.item(row)
            hay = f"{item.text()} {item.data(ID_ROLE)}".lower()
            item.setHidden(bool(needle) and needle not in hay)

    def _on_items_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is None:
            self.details.clear()
            return
        ident = current.data(ID_ROLE)
        why = ""
        if ident in self._reasons:
            why = "## Why it ranks here\n\n" + "\n".join(
                f"- {r}" for r in self._reasons[ident]) + "\n\n"
        self.details.setMarkdown(why + card_markdown(self.catalog.get(ident), self.catalog))
