"""The main window: navigation, menus, sessions, export, remembered state.

MainWindow composes the panels and owns only navigation, menus, the session file and
geometry. File dialogs and message boxes go through small helpers that tests replace.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from gui import settings
from gui.browser.browser_panel import BrowserPanel
from gui.data.data_panel import DataPanel
from gui.demos.demos_panel import DemosPanel
from gui.graph.graph_panel import GraphPanel
from gui.sizing.sizing_panel import SizingPanel
from gui.tools.tools_panel import ToolsPanel
from gui.wizard.recommendation_panel import RecommendationPanel
from gui.wizard.wizard_panel import WizardPanel
from knowledge import __version__
from knowledge.errors import KnowledgeError
from knowledge.recommend import recommend
from knowledge.report import decision_record, record_markdown
from knowledge.session import (
    Session,
    load_session,
    parse_session,
    save_session,
    write_text_atomic,
)

SESSION_FILTER = "SageWise sessions (*.sagewise.json *.json)"


# ---- dialog helpers (tests monkeypatch these)

def ask_open_path(parent, title: str, filt: str) -> str:
    """Ask for a file to open ("" = cancelled)."""
    return QFileDialog.getOpenFileName(parent, title, settings.read("export/last_dir"), filt)[0]


def ask_save_path(parent, title: str, suggestion: str, filt: str) -> str:
    """Ask for a file to write ("" = cancelled)."""
    start = str(Path(settings.read("export/last_dir") or ".") / suggestion)
    return QFileDialog.getSaveFileName(parent, title, start, filt)[0]


def show_error(parent, title: str, text: str) -> None:
    """Tell the user what went wrong."""
    QMessageBox.warning(parent, title, text)


SHORTCUTS = [("Ctrl+N", "New session"), ("Ctrl+O", "Open a session"), ("Ctrl+S", "Save"),
             ("Ctrl+Shift+S", "Save as"), ("Ctrl+E", "Export the decision record"),
             ("Ctrl+Shift+C", "Copy the current result"), ("Ctrl+1 ... Ctrl+8", "Go to a page"),
             ("Ctrl+Enter", "Suggest answers from the description"),
             ("Alt+Left / Alt+Right", "Previous / next question"),
             ("Ctrl+R", "See the recommendation"), ("F1", "This list"), ("Ctrl+Q", "Quit")]


class MainWindow(QMainWindow):
    """SageWise main window."""

    PAGES = ("Wizard", "Recommendation", "Decision graph", "Algorithms",
             "Troubleshoot & metrics", "Sizing", "Demos", "Data")

    def __init__(self, restore: bool = True) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.resize(1280, 800)
        self.session_path: Path | None = None
        self.modified = False
        self.chosen = ""
        self.wizard = WizardPanel(parent=self)
        self.recommendation = RecommendationPanel(parent=self)
        self.graph = GraphPanel(parent=self)
        self.browser = BrowserPanel(parent=self)
        self.tools = ToolsPanel(parent=self)
        self.sizing_panel = SizingPanel(parent=self)
        self.demos_panel = DemosPanel(parent=self)
        self.data_panel = DataPanel(parent=self)
        panels = (self.wizard, self.recommendation, self.graph, self.browser, self.tools,
                  self.sizing_panel, self.demos_panel, self.data_panel)
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(170)
        self.nav.setToolTip("Parts of SageWise (Ctrl+1 to Ctrl+8)")
        self.stack = QStackedWidget(objectName="pages")
        for title, panel in zip(self.PAGES, panels, strict=True):
            self.nav.addItem(title)
            self.stack.addWidget(panel)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self.statusBar().clearMessage())
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.wizard.sig_finished.connect(self.show_recommendation)
        self.wizard.sig_changed.connect(self._mark_modified)
        self.wizard.sig_changed.connect(self._on_wizard_changed)
        self.nav.currentRowChanged.connect(self._on_page_changed)
        self.graph.sig_open_item.connect(self.open_in_browser)
        self.recommendation.sig_size_requested.connect(self.size_it)
        self.recommendation.sig_show_requested.connect(self.show_demo)
        self.recommendation.sig_chosen.connect(self._on_chosen)
        self.demos_panel.qlearning.sig_status.connect(self.statusBar().showMessage)
        self.demos_panel.kmeans.sig_status.connect(self.statusBar().showMessage)
        self.data_panel.sig_status.connect(self.statusBar().showMessage)
        self.data_panel.sig_changed.connect(self._mark_modified)
        self.data_panel.sig_use_in_wizard.connect(self._use_data_answers)
        self._build_menus()
        self.nav.setCurrentRow(0)
        self.statusBar().showMessage("Ready: describe your problem to start")
        if restore:
            self._restore_settings()
        self._update_title()

    # ---- menus

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        m = self.menuBar().addMenu("&File")
        self._action(m, "&New session", self.new_session, QKeySequence.StandardKey.New,
                     "Start again with an empty session")
        self._action(m, "&Open session...", self.open_session, QKeySequence.StandardKey.Open)
        self._action(m, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(m, "Save &as...", self.save_as, "Ctrl+Shift+S")
        m.addSeparator()
        self._action(m, "&Export decision record...", self.export_record, "Ctrl+E",
                     "Markdown or JSON: problem, answers, recommendation, reasons, sizing")
        m.addSeparator()
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        m = self.menuBar().addMenu("&Edit")
        self._action(m, "&Copy result", self.copy_result, "Ctrl+Shift+C",
                     "Copy the current page's result as text")
        m = self.menuBar().addMenu("&View")
        for row, title in enumerate(self.PAGES):
            self._action(m, f"&{title}", lambda _=False, r=row: self.nav.setCurrentRow(r),
                         f"Ctrl+{row + 1}")
        self._action(m, "See &recommendation", self.show_recommendation, "Ctrl+R")
        m = self.menuBar().addMenu("&Help")
        self._action(m, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(m, "&About SageWise", self._on_about_triggered)

    # ---- navigation

    def show_page(self, title: str) -> None:
        """Switch to a page by its navigation title."""
        self.nav.setCurrentRow(self.PAGES.index(title))

    def current_recommendation(self):
        """The recommendation for the wizard's answers (suggestions included)."""
        return recommend(self.wizard.effective_answers(), hints=self.wizard.hints,
                         skipped=tuple(self.wizard.skipped))

    def show_recommendation(self) -> None:
        """Compute and show the recommendation page."""
        if not self.wizard.effective_answers():
            self.recommendation.show_recommendation(None)
            self.show_page("Recommendation")
            return
        try:
            rec = self.current_recommendation()
        except KnowledgeError as exc:
            show_error(self, "Cannot recommend", str(exc))
            return
        self.recommendation.show_recommendation(rec, self.chosen)
        self.show_page("Recommendation")

    def size_it(self, ident: str) -> None:
        """Open sizing pre-filled for an algorithm."""
        self.sizing_panel.set_algorithm(ident)
        self.sizing_panel.tabs.setCurrentIndex(3)  # instance choice
        self.show_page("Sizing")
        self.statusBar().showMessage(f"Sizing pre-filled for {ident}")

    def show_demo(self, ident: str) -> None:
        """Open the demo matching an algorithm."""
        if ident == "reinforcement-learning":
            self.show_page("Demos")
            self.demos_panel.tabs.setCurrentWidget(self.demos_panel.qlearning)
        elif ident == "kmeans":
            self.show_page("Demos")
            self.demos_panel.tabs.setCurrentWidget(self.demos_panel.kmeans)

    def open_in_browser(self, ident: str) -> None:
        """Show one algorithm or service on the Algorithms page (filters cleared if needed)."""
        if not self.browser.select(ident):
            self.browser.clear_filters()
            self.browser.select(ident)
        self.show_page("Algorithms")

    def _answered_recommendation(self):
        """The recommendation for the wizard's answers (None before any answer or when the
        answers are invalid)."""
        if not self.wizard.effective_answers():
            return None
        try:
            return self.current_recommendation()
        except KnowledgeError:
            return None

    def _on_wizard_changed(self) -> None:
        """One recommendation per change feeds the status bar and (if shown) the graph."""
        rec = self._answered_recommendation()
        if rec is None:
            self.statusBar().showMessage("Ready: describe your problem to start")
        else:
            best = f"; best fit so far: {rec.ranked[0].name}" if rec.ranked else ""
            count = len(self.wizard.effective_answers())
            self.statusBar().showMessage(f"{count} answer(s){best}")
        self._update_graph(rec)

    def _on_page_changed(self, _row: int) -> None:
        if self.stack.currentWidget() is self.graph:
            self._update_graph(self._answered_recommendation())

    def _update_graph(self, rec) -> None:
        """Keep the decision graph's highlighted path current while it is visible."""
        if self.stack.currentWidget() is not self.graph:
            return
        if rec is None:
            self.graph.set_answers({})
            return
        ranked = tuple(s.id for s in rec.ranked)
        self.graph.set_answers(self.wizard.effective_answers(), ranked,
                               self.chosen or (ranked[0] if ranked else ""))

    def _use_data_answers(self, answers: dict, evidence: dict) -> None:
        """The Data page's answers become wizard suggestions (the user confirms them)."""
        n = self.wizard.suggest_answers(answers, evidence)
        self.show_page("Wizard")
        self.statusBar().showMessage(f"{n} answer(s) suggested from the data: confirm them "
                                     "in the questions")

    def _on_chosen(self, ident: str) -> None:
        self.chosen = ident
        self._mark_modified()
        self.statusBar().showMessage(f"Chosen: {ident}")

    # ---- session

    def current_session(self) -> Session:
        """Everything worth saving."""
        w = self.wizard.save_state()
        return Session(description=w["description"], answers=w["answers"],
                       skipped=w["skipped"], chosen=self.chosen,
                       panels={"wizard": {"suggested": w["suggested"]},
                               "sizing": self.sizing_panel.save_state(),
                               "demos": self.demos_panel.save_state(),
                               "data": self.data_panel.save_state()})

    def apply_session(self, s: Session) -> None:
        """Restore a session into the panels."""
        self.chosen = s.chosen
        self.wizard.restore_state(s.description, s.answers, s.skipped,
                                  (s.panels.get("wizard") or {}).get("suggested"))
        self.sizing_panel.restore_state(s.panels.get("sizing") or {})
        self.demos_panel.restore_state(s.panels.get("demos") or {})
        self.data_panel.restore_state(s.panels.get("data") or {})
        if s.answers:
            self.recommendation.show_recommendation(self.current_recommendation(), s.chosen)
        else:
            self.recommendation.show_recommendation(None)

    def new_session(self) -> None:
        """Start over (the previous work stays in the autosave until the next one)."""
        self.apply_session(Session())
        self.wizard.reset()
        self.graph.reset()
        self.session_path = None
        self.modified = False
        self.show_page("Wizard")
        self._update_title()
        self._on_wizard_changed()

    def open_session(self, path: str | None = None) -> bool:
        """Open a session file; a bad file changes nothing."""
        path = path or ask_open_path(self, "Open session", SESSION_FILTER)
        if not path:
            return False
        try:
            s = load_session(path)
        except KnowledgeError as exc:
            show_error(self, "Cannot open session", f"{exc}\n\nYour current work is unchanged.")
            return False
        self.apply_session(s)
        self.session_path = Path(path)
        self.modified = False
        settings.write(session__last_path=str(path), export__last_dir=str(Path(path).parent))
        self._update_title()
        self.statusBar().showMessage(f"Opened {path}")
        return True

    def save(self) -> bool:
        """Save to the current file (asks for one the first time)."""
        if self.session_path is None:
            return self.save_as()
        return self._save_to(self.session_path)

    def save_as(self, path: str | None = None) -> bool:
        """Save to a new file."""
        path = path or ask_save_path(self, "Save session", "decision.sagewise.json",
                                     SESSION_FILTER)
        if not path:
            return False
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            save_session(self.current_session(), path)
        except KnowledgeError as exc:
            show_error(self, "Cannot save", str(exc))
            return False
        self.session_path = path
        self.modified = False
        settings.write(session__last_path=str(path), export__last_dir=str(path.parent))
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}")
        return True

    def export_record(self, path: str | None = None) -> bool:
        """Write the decision record as Markdown (.md) or JSON (.json)."""
        path = path or ask_save_path(self, "Export decision record", "decision-record.md",
                                     "Markdown (*.md);;JSON (*.json)")
        if not path:
            return False
        session = self.current_session()
        record = decision_record(session, self.current_recommendation(),
                                 self.sizing_panel.results_markdown(),
                                 data_markdown=self.data_panel.record_markdown())
        text = (json.dumps(record, indent=2, ensure_ascii=False) if path.endswith(".json")
                else record_markdown(record))
        try:
            write_text_atomic(path, text)
        except KnowledgeError as exc:
            show_error(self, "Cannot export", str(exc))
            return False
        settings.write(export__last_dir=str(Path(path).parent))
        self.statusBar().showMessage(f"Exported the decision record to {path}")
        return True

    def copy_result(self) -> None:
        """Copy the current page's result."""
        page = self.stack.currentWidget()
        text = ""
        if hasattr(page, "copy_text"):
            text = page.copy_text()
        elif page is self.sizing_panel:
            text = self.sizing_panel.tabs.currentWidget().last_markdown
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage("Copied" if text else "Nothing to copy on this page")

    def _mark_modified(self) -> None:
        self.modified = True
        self._update_title()

    def _update_title(self) -> None:
        name = self.session_path.name if self.session_path else "untitled"
        self.setWindowTitle(f"SageWise - {name}{' *' if self.modified else ''}")

    # ---- settings

    def _restore_settings(self) -> None:
        geometry = settings.read("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        data = settings.read_json("session/autosave")
        if data:
            try:
                self.apply_session(parse_session(data, "the last session"))
                last = settings.read("session/last_path")
                self.session_path = Path(last) if last else None
                self.statusBar().showMessage("Restored your last session")
            except KnowledgeError as exc:
                self.statusBar().showMessage(f"Could not restore the last session: {exc}")
        self.nav.setCurrentRow(min(settings.read("window/page"), len(self.PAGES) - 1))

    def save_settings(self) -> None:
        """Remember geometry, page and the whole session (nothing is lost on close)."""
        settings.write(window__geometry=self.saveGeometry(), window__page=self.nav.currentRow(),
                       session__autosave=json.dumps(self.current_session().to_dict()))

    def closeEvent(self, event) -> None:
        """Save settings and stop background work."""
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every timer and background job."""
        self.sizing_panel.shutdown()
        self.demos_panel.shutdown()
        self.data_panel.shutdown()

    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts."""
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About SageWise",
                          f"<b>SageWise {__version__}</b><p>Decision and sizing assistant for "
                          "Amazon SageMaker built-in algorithms. Works offline.</p>")
