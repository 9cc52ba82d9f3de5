"""The main window: menus, status bar, and the panels."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from gui.catalog_panel import CatalogPanel
from knowledge import __version__


class MainWindow(QMainWindow):
    """SageWise main window (owns menus and geometry only)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("SageWise")
        self.resize(1280, 800)
        self.catalog_panel = CatalogPanel(parent=self)
        self.setCentralWidget(self.catalog_panel)
        self.catalog_panel.sig_status.connect(self.statusBar().showMessage)

        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About SageWise", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)
        self.statusBar().showMessage("Ready")

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About SageWise",
                          f"<b>SageWise {__version__}</b><p>Decision and sizing assistant for "
                          "Amazon SageMaker built-in algorithms. Works offline.</p>")
