"""The demos page: one tab per interactive demo."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from sagewise.gui.demos.kmeans_panel import KMeansPanel
from sagewise.gui.demos.qlearning_panel import QLearningPanel


class DemosPanel(QWidget):
    """Interactive demos."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demos_panel")
        self.tabs = QTabWidget(objectName="demo_tabs")
        self.qlearning = QLearningPanel()
        self.kmeans = KMeansPanel()
        self.tabs.addTab(self.qlearning, "Q-learning grid world")
        self.tabs.addTab(self.kmeans, "k-means clustering")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def save_state(self) -> dict:
        """Every demo's settings."""
        return {"qlearning": self.qlearning.save_state(), "kmeans": self.kmeans.save_state()}

    def restore_state(self, state: dict) -> None:
        """Restore settings."""
        self.qlearning.restore_state((state or {}).get("qlearning") or {})
        self.kmeans.restore_state((state or {}).get("kmeans") or {})

    def shutdown(self) -> None:
        """Stop every timer."""
        self.qlearning.shutdown()
        self.kmeans.shutdown()
