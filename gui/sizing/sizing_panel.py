"""The sizing panel: the six calculators as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from sagewise.gui.combo import select_data
from sagewise.gui.sizing.pages import PAGES, InstancesPage, ScalingPage


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
            index = self.tabs.addTab(page, cls.tab_title)
            self.tabs.setTabToolTip(index, cls.title)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.visited: set[str] = set()  # calculators the user has looked at
        # what a field goes back to when the wizard no longer decides it
        self.start_values = {name: page.save_state() for name, page in self.pages.items()}
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

    def follow_wizard(self, answers: dict[str, str], rec=None) -> None:
        """Keep the calculators in step with the wizard (dataset size) and the current
        recommendation (algorithm); values the user typed on a page stay theirs."""
        from sagewise.knowledge.sizing.from_wizard import sizing_from_wizard

        ranked = [s.id for s in rec.ranked] if rec is not None else []
        w = sizing_from_wizard(answers or {}, ranked)
        page = self.page(InstancesPage)
        start = self.start_values["InstancesPage"]
        notes = []
        recommended = "the wizard's current recommendation"
        if w.algorithm and page.follow("algorithm", w.algorithm, recommended):
            notes.append(f"algorithm {w.algorithm_name} (the current recommendation)")
        elif not w.algorithm:   # nothing recommended (any more): back to where it started
            page.follow("algorithm", start.get("algorithm"))
        self.page(ScalingPage).follow(
            "algorithm", w.algorithm or self.start_values["ScalingPage"].get("algorithm"),
            recommended if w.algorithm else "")
        if w.dataset_gb is not None and page.follow(
                "dataset_gb", w.dataset_gb, f"assumed from your wizard answer {w.dataset_why}"):
            notes.append(f"dataset {w.dataset_gb:g} GB, assumed from your answer "
                         f"{w.dataset_why}")
        elif w.dataset_gb is None and start.get("dataset_gb"):
            page.follow("dataset_gb", float(start["dataset_gb"].replace(",", "")))
        page.follow_note.setText("From the wizard: " + "; ".join(notes) + ". A value you "
                                 "type here stays yours." if notes else "")

    def set_algorithm(self, ident: str) -> None:
        """Pre-fill the calculators that depend on the algorithm."""
        self.page(InstancesPage).set_algorithm(ident)
        # the instance choice is what Size it asks for; the batch-size tab only gets the
        # algorithm (its result comes from example inputs until the user looks at it)
        self.visited.add("InstancesPage")
        scaling = self.page(ScalingPage)
        select_data(scaling.fields["algorithm"], ident)
        scaling.user_set.discard("algorithm")
        scaling.from_elsewhere["algorithm"] = "chosen with Size it"

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

    def forget_session(self) -> None:
        """For File > New: nothing looked at, no CSV in use, no file-check report left."""
        self.visited = set()
        elbow = self.pages["ElbowPage"]
        if elbow.data_path:
            elbow.use_file("")
        self.pages["SpicePage"].file_label.clear()

    def results_markdown(self) -> str:
        """The results of the calculators the user looked at, for the decision record."""
        shown = ((p.title, p.result_markdown()) for name, p in self.pages.items()
                 if name in self.visited)
        return "\n\n".join(f"# {title}\n\n{md}" for title, md in shown if md)

    def shutdown(self) -> None:
        """Stop background jobs."""
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
