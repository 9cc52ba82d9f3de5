"""Algorithm browser: every algorithm and service in a sortable, filterable table."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui.models.table_model import ID_ROLE, RowsModel
from sagewise.knowledge.browse import (
    GPU_FILTERS,
    YES_NO,
    compare_markdown,
    filter_ids,
    table_rows,
)
from sagewise.knowledge.cards import card_markdown
from sagewise.knowledge.catalog import (
    DATA_TYPES,
    LEARNING_TYPES,
    PROBLEM_TYPES,
    load_catalog,
)

COLUMNS = ["Name", "Kind", "Learning", "Data", "GPU training", "Multi-GPU", "Multi-instance",
           "Pipe mode", "Incremental", "Problems"]


class BrowserPanel(QWidget):
    """Filter, sort, read and compare the catalog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("browser_panel")
        self.catalog = load_catalog()
        self.all_rows = table_rows(self.catalog)
        self.search = QLineEdit(objectName="search_edit")
        self.search.setPlaceholderText("Search names and uses, e.g. 'fraud', 'topics', 'GPU'")
        self.search.setToolTip("Every word must appear in the name, summary or use cases")
        self.filters: dict[str, QComboBox] = {}

        def combo(name: str, label: str, options, tip: str) -> QComboBox:
            box = QComboBox(objectName=f"filter_{name}")
            for value, text in options:
                box.addItem(text, value)
            box.setToolTip(tip)
            # long choices must not widen the page past a 1024-pixel screen
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(9)
            box.currentIndexChanged.connect(self.apply_filters)
            self.filters[name] = box
            return box

        grid = QGridLayout()
        specs = [
            ("kind", "Show", [("all", "All"), ("algorithms", "Algorithms"),
                              ("services", "Managed services")], "Algorithms or services"),
            ("learning", "Learning", [("any", "Any"), *((v, v) for v in LEARNING_TYPES)],
             "Supervised, unsupervised or reinforcement"),
            ("data", "Data", [("any", "Any"), *((v, v.replace("_", " ")) for v in DATA_TYPES)],
             "Kind of input data"),
            ("problem", "Problem", [("any", "Any"), *((v, v.replace("_", " "))
                                                      for v in PROBLEM_TYPES)],
             "Problem type"),
            ("gpu", "GPU", [(v, v[0].upper() + v[1:]) for v in GPU_FILTERS], "GPU use for training"),
            ("pipe", "Pipe mode", [(v, v.capitalize()) for v in YES_NO], "Accepts Pipe input mode"),
            ("incremental", "Incremental", [(v, v.capitalize()) for v in YES_NO],
             "Supports incremental training"),
            ("multi_instance", "Multi-instance", [(v, v.capitalize()) for v in YES_NO],
             "Trains on several instances"),
        ]
        for i, (name, label, options, tip) in enumerate(specs):
            grid.addWidget(QLabel(label + ":"), i // 4, (i % 4) * 2)
            grid.addWidget(combo(name, label, options, tip), i // 4, (i % 4) * 2 + 1)
        self.model = RowsModel(COLUMNS)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(objectName="algorithm_table")
        self.table.setModel(self.proxy)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default is descending
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip("Click to read; Ctrl+click two or three rows, then Compare")
        self.count = QLabel(objectName="count_label")
        self.compare_button = QPushButton("&Compare selected", objectName="compare_button")
        self.compare_button.setToolTip("Select two or three rows (Ctrl+click) to compare")
        self.details = QTextBrowser(objectName="details_browser")
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.search)
        tv.addLayout(grid)
        tv.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.details)
        split.setSizes([430, 330])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.search.textChanged.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.compare_button.clicked.connect(self.compare)
        self.apply_filters()

    def action_widgets(self) -> tuple[list[QWidget], list[QWidget]]:
        """What the page's action bar shows: the count, and Compare."""
        return [self.count], [self.compare_button]

    def criteria(self) -> dict:
        """Current filter values."""
        out = {name: box.currentData() for name, box in self.filters.items()}
        out["text"] = self.search.text()
        return out

    def apply_filters(self, *_args) -> None:
        """Show only matching rows."""
        keep = set(filter_ids(self.catalog, **self.criteria()))
        self.model.set_rows([r for r in self.all_rows if r["id"] in keep])
        self.table.resizeColumnsToContents()
        self.count.setText(f"{len(keep)} of {len(self.all_rows)} shown")
        self.compare_button.setEnabled(False)
        if not keep:
            self.details.setMarkdown("*Nothing matches these filters. Set some back to "
                                     "'Any'.*")

    def clear_filters(self) -> None:
        """Every filter back to 'any' and the search box empty."""
        for box in self.filters.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def selected_ids(self) -> list[str]:
        """Ids of the selected rows, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def select(self, ident: str) -> bool:
        """Select one id (False if filtered out)."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ID_ROLE) == ident:
                self.table.selectRow(r)
                return True
        return False

    def _on_selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        self.compare_button.setEnabled(2 <= len(ids) <= 3)
        if len(ids) == 1:
            self.details.setMarkdown(card_markdown(self.catalog.get(ids[0]), self.catalog))
        elif len(ids) > 3:
            self.details.setMarkdown("*Compare works with two or three rows.*")

    def compare(self) -> None:
        """Show the selected two or three side by side."""
        ids = self.selected_ids()
        if 2 <= len(ids) <= 3:
            self.details.setMarkdown(compare_markdown(self.catalog, ids))

    def copy_text(self) -> str:
        """What Edit > Copy copies."""
        return self.details.toMarkdown()
