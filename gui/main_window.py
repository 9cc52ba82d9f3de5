"""The main window: navigation between panels, menus and status bar."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from gui.catalog_panel import CatalogPanel
from gui.demos.demos_panel import DemosPanel
from gui.sizing.sizing_panel import SizingPanel
from knowledge import __version__


class MainWindow(QMainWindow):
    """SageWise main window (owns navigation, menus and geometry only)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("SageWise")
        self.resize(1280, 800)
        self.catalog_panel = CatalogPanel(parent=self)
        self.sizing_panel = SizingPanel(parent=self)
        self.demos_panel = DemosPanel(parent=self)
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(120)
        self.nav.setToolTip("Switch between parts of SageWise (Ctrl+1 to Ctrl+3)")
        self.stack = QStackedWidget(objectName="pages")
        for title, panel in (("Algorithms", self.catalog_panel), ("Sizing", self.sizing_panel),
                             ("Demos", self.demos_panel)):
            self.nav.addItem(title)
            self.stack.addWidget(panel)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self.statusBar().clearMessage())
        self.nav.setCurrentRow(0)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.catalog_panel.sig_status.connect(self.statusBar().showMessage)
        self.demos_panel.qlearning.sig_status.connect(self.statusBar().showMessage)

        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for row, title in enumerate(("&Algorithms", "&Sizing", "&Demos")):
            action = QAction(title, self, shortcut=QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            view_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About SageWise", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)
        self.statusBar().showMessage("Ready")

    def show_page(self, title: str) -> None:
        """Switch to a page by its navigation title."""
        for row in range(self.nav.count()):
            if self.nav.item(row).text() == title:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(title)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Stop background work before closing."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every timer and background job."""
        self.sizing_panel.shutdown()
        self.demos_panel.shutdown()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About SageWise",
                          f"<b>SageWise {__version__}</b><p>Decision and sizing assistant for "
                          "Amazon SageMaker built-in algorithms. Works offline.</p>")
