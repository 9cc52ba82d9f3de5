"""The sizing panel: the six calculators as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

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

    def page(self, cls):
        """The page instance of a class."""
        return self.pages[cls.__name__]

    def set_algorithm(self, ident: str) -> None:
        """Pre-fill the calculators that depend on the algorithm."""
        self.page(InstancesPage).set_algorithm(ident)
        scaling = self.page(ScalingPage).fields["algorithm"]
        i = scaling.findData(ident)
        if i >= 0:
            scaling.setCurrentIndex(i)

    def save_state(self) -> dict:
        """All calculators' inputs."""
        return {name: page.save_state() for name, page in self.pages.items()}

    def restore_state(self, state: dict) -> None:
        """Restore inputs; unknown pages are ignored."""
        for name, page_state in (state or {}).items():
            if name in self.pages and isinstance(page_state, dict):
                self.pages[name].restore_state(page_state)

    def results_markdown(self) -> str:
        """Every calculator's current result, for the decision record."""
        return "\n\n".join(f"# {p.title}\n\n{p.last_markdown}" for p in self.pages.values()
                           if p.last_markdown)

    def shutdown(self) -> None:
        """Stop background jobs."""
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
