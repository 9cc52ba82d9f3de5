"""The sizing panel: the six calculators as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from gui.combo import select_data
from gui.sizing.pages import PAGES, InstancesPage, ScalingPage


class SizingPanel(QWidget):
    """What-if calculators; every input recomputes live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sizing_panel")
        self.tabs = QTabWidget(objectName="sizing_tabs")
        self.pages = {}
        for cls in PAGES:
            page = cls()
            page.setObjectName(cls.__name__)
            self.pages[cls.__name__] = page
            self.tabs.addTab(page, cls.title)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.visited: set[str] = set()  # calculators the user has looked at
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _on_tab_changed(self, _index: int) -> None:
        if self.isVisible():
            self.visited.add(self.tabs.currentWidget().objectName())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The calculator on screen counts as used (it goes into the decision record)."""
        super().showEvent(event)
        self.visited.add(self.tabs.currentWidget().objectName())

    def page(self, cls):
        """The page instance of a class."""
        return self.pages[cls.__name__]

    def set_algorithm(self, ident: str) -> None:
        """Pre-fill the calculators that depend on the algorithm."""
        self.page(InstancesPage).set_algorithm(ident)
        self.visited |= {"InstancesPage", "ScalingPage"}
        select_data(self.page(ScalingPage).fields["algorithm"], ident)

    def save_state(self) -> dict:
        """All calculators' inputs."""
        state = {name: page.save_state() for name, page in self.pages.items()}
        state["visited"] = sorted(self.visited)
        return state

    def restore_state(self, state: dict) -> None:
        """Restore inputs; unknown pages are ignored."""
        for name, page_state in (state or {}).items():
            if name in self.pages and isinstance(page_state, dict):
                self.pages[name].restore_state(page_state)
        visited = (state or {}).get("visited")
        if isinstance(visited, list):
            self.visited = {v for v in visited if v in self.pages}

    def results_markdown(self) -> str:
        """The results of the calculators the user looked at, for the decision record."""
        return "\n\n".join(f"# {p.title}\n\n{p.last_markdown}"
                           for name, p in self.pages.items()
                           if p.last_markdown and name in self.visited)

    def shutdown(self) -> None:
        """Stop background jobs."""
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
