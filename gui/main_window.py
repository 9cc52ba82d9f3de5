"""The main window: navigation, menus, sessions, export, remembered state.

MainWindow composes the panels and owns only navigation, menus, the session file and
geometry. File dialogs and message boxes go through small helpers that tests replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QWidget,
)
from sagewise.gui import session_io, settings
from sagewise.gui.geometry import clamp_to_screen, fitted_size
from sagewise.gui.navigation import Navigation, PageFrame, PageStack, chain_pages
from sagewise.gui.undo import UndoManager
from sagewise.gui.wizard.wizard_panel import WizardPanel
from sagewise.gui.wording import plural
from sagewise.knowledge import __version__
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.recommend import recommend
from sagewise.knowledge.report import record_text
from sagewise.knowledge.session import (
    Session,
    load_session_checked,
    parse_session_checked,
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
    """Tell the user what went wrong (as plain text: it may quote a file's name or content)."""
    from PySide6.QtCore import Qt

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


SHORTCUTS = [("Ctrl+N", "New session"), ("Ctrl+O", "Open a session"), ("Ctrl+S", "Save"),
             ("Ctrl+Shift+S", "Save as"), ("Ctrl+E", "Export the decision record"),
             ("Ctrl+Shift+C", "Copy the current result"),
             ("Ctrl+Z / Ctrl+Shift+Z", ("Undo / redo a decision: an answer, Choose this, a "
                                        "calculator input, a demo, pipeline or data setting")),
             ("Ctrl+1 ... Ctrl+9, Ctrl+0", "Go to a page (in the order listed)"),
             ("Ctrl+Enter", "Suggest answers from the description"),
             ("Alt+Left / Alt+Right", "Previous / next question"),
             ("Ctrl+R", "See the recommendation"), ("F1", "This list"), ("Ctrl+Q", "Quit")]


# The built-in pages in navigation order: (attribute, group, title, icon, one-line purpose,
# module and class of the panel). The Wizard is built with the window; every other page
# the first time it is shown or used (its module is imported then too).
PAGE_INFO = (
    ("wizard", "Decide", "Wizard", "wizard",
     "Describe the problem and confirm a few answers; SageWise suggests them from your words.",
     "wizard.wizard_panel", "WizardPanel"),
    ("recommendation", "Decide", "Recommendation", "recommendation",
     "The best-fitting algorithms or managed services, why they fit, and how to start.",
     "wizard.recommendation_panel", "RecommendationPanel"),
    ("graph", "Decide", "Decision graph", "graph",
     "How the questions lead to the candidates, with your path lit up.",
     "graph.graph_panel", "GraphPanel"),
    ("browser", "Decide", "Algorithms", "algorithms",
     "Every built-in algorithm and managed service: search, filter and compare.",
     "browser.browser_panel", "BrowserPanel"),
    ("tools", "Decide", "Troubleshoot & metrics", "tools",
     ("Diagnose a training problem, pick the metric to judge a model by, read a confusion "
      "matrix."), "tools.tools_panel", "ToolsPanel"),
    ("pipeline_panel", "Decide", "Pipeline", "pipeline",
     ("From data source to monitoring: one decision per area, and the SageMaker requests "
      "to start it."), "pipeline.pipeline_panel", "PipelinePanel"),
    ("data_panel", "Prepare", "Data", "data",
     ("Open a dataset: what each column needs before training, and the SageMaker input "
      "shape."), "data.data_panel", "DataPanel"),
    ("sizing_panel", "Size", "Sizing", "sizing",
     ("Shards, limits, batch sizes, instances and autoscaling: change any input, see the "
      "result."), "sizing.sizing_panel", "SizingPanel"),
    ("demos_panel", "Learn", "Demos", "demos",
     "Step through Q-learning and k-means to see how they behave.",
     "demos.demos_panel", "DemosPanel"),
)

# session panel name -> the window attribute of the page that keeps it
SESSION_PANELS = {"sizing": "sizing_panel", "demos": "demos_panel",
                  "pipeline": "pipeline_panel", "data": "data_panel"}


class _Page:
    """A page's panel as a window attribute: built the first time code asks for it."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, window, owner=None):
        if window is None:
            return self
        return window.stack.ensure_built(window.stack.indexOf(window._frames[self.name]))


class MainWindow(QMainWindow):
    """SageWise main window."""

    PAGES = tuple(info[2] for info in PAGE_INFO)  # the built-in pages (add_page adds more)

    recommendation = _Page()
    graph = _Page()
    browser = _Page()
    tools = _Page()
    sizing_panel = _Page()
    demos_panel = _Page()
    pipeline_panel = _Page()
    data_panel = _Page()

    def __init__(self, restore: bool = True) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.resize(fitted_size(self, 1280, 800))
        self.session_path: Path | None = None
        self.confirm_changes = True   # off while --screenshot stages its scenes
        self.chosen = ""
        self._frames: dict[str, PageFrame] = {}     # attribute -> its page frame
        self._pending: dict[str, dict] = {}         # state for a page not built yet
        self.wizard = WizardPanel(parent=self)
        self.nav = Navigation()
        self.nav.setToolTip("Parts of SageWise, in the order of the work (Ctrl+1, Ctrl+2, ...)")
        self.stack = PageStack(objectName="pages")
        self.stack.sig_built.connect(self._on_page_built)
        self._page_actions: list[QAction] = []
        self.view_menu = None
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        for attr, group, title, icon_name, purpose, module, cls in PAGE_INFO:
            content = self.wizard if attr == "wizard" else _factory(module, cls, self)
            self.add_page(group, title, icon_name, content, purpose)
            self._frames[attr] = self.stack.frame(self.nav.index_of(title))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self.statusBar().clearMessage())

        self.wizard.sig_finished.connect(self.show_recommendation)
        self.wizard.sig_changed.connect(self._on_wizard_changed)
        self.nav.currentRowChanged.connect(self._on_page_changed)
        self._build_menus()
        self._chain_tabs()
        self.nav.setCurrentRow(0)
        self.statusBar().showMessage("Ready: describe your problem to start")
        self._setup_session_tracking()
        if restore:
            self._restore_settings()
        self._update_title()

    # ---- pages built when first needed

    def is_built(self, attr: str) -> bool:
        """Has this page (e.g. "sizing_panel") been built yet?"""
        return self._frames[attr].built

    def _on_page_built(self, index: int) -> None:
        """A page was just built: wire it up, give it the session's state it was keeping
        for it, and bring it in step with the wizard. Building is not an edit."""
        attr = next((a for a, f in self._frames.items() if f is self.stack.frame(index)), None)
        if attr is None:
            return
        panel = self.stack.widget(index)
        name = next((n for n, a in SESSION_PANELS.items() if a == attr), None)
        if name is not None:   # its defaults are what New goes back to
            self._blank.panels[name] = panel.save_state()
        getattr(self, f"_wire_{attr}", lambda _p: None)(panel)
        self.undo.attach(attr, panel)   # its settings are recorded from now on
        if name is not None:
            before = self._pending.get(attr) or {}
            pending = self._pending.pop(attr, None)
            if pending is not None:
                self._restore_panel(attr, panel, pending)
            self.changes.watch(panel)
            self.changes.rebase(name, before, self._panel_state(name))
        if attr == "recommendation" and self.wizard.effective_answers():
            try:
                panel.show_recommendation(self.current_recommendation(), self.chosen)
            except KnowledgeError:
                panel.show_recommendation(None)
        if self.view_menu is not None:
            self._chain_tabs()

    def _restore_panel(self, attr: str, panel, state: dict) -> None:
        """Put a kept state into a page built after the session was opened (a state that
        cannot be restored leaves the page at its defaults, with a message)."""
        was = (self.changes.suspended, self.undo.applying)   # it may be built while Open runs
        self.changes.suspended = self.undo.applying = True
        try:
            panel.restore_state(state)
        except Exception as exc:  # noqa: BLE001 - the page works with its defaults
            self.statusBar().showMessage(
                f"Could not restore the {self._frames[attr].title.text()} page of this "
                f"session ({type(exc).__name__}: {str(exc)[:120]}); it shows its defaults")
        finally:
            self.changes.suspended, self.undo.applying = was
        self.undo.resync_page(attr)   # the restored values are the baseline, not edits

    def _wire_recommendation(self, panel) -> None:
        panel.sig_size_requested.connect(self.size_it)
        panel.sig_show_requested.connect(self.show_demo)
        panel.sig_chosen.connect(self._on_chosen)
        panel.sig_export_requested.connect(self.export_for)

    def _wire_graph(self, panel) -> None:
        panel.sig_open_item.connect(self.open_in_browser)

    def _page_status(self, attr: str, text: str) -> None:
        """A page's message, shown while that page is on screen (a demo or a file load
        finishing later must not talk over another page)."""
        if self._is_current(attr):
            self.statusBar().showMessage(text)

    def _wire_pipeline_panel(self, panel) -> None:
        panel.sig_status.connect(lambda text: self._page_status("pipeline_panel", text))
        panel.sig_changed.connect(self.changes.check)

    def _wire_data_panel(self, panel) -> None:
        panel.sig_status.connect(lambda text: self._page_status("data_panel", text))
        panel.sig_use_in_wizard.connect(self._use_data_answers)
        panel.sig_changed.connect(self.changes.check)

    def _wire_demos_panel(self, panel) -> None:
        for demo in (panel.qlearning, panel.kmeans):
            demo.sig_status.connect(lambda text, d=demo: self._demo_status(d, text))
        # a message from one demo does not linger over the other
        panel.tabs.currentChanged.connect(lambda _i: self.statusBar().clearMessage())

    def _demo_status(self, demo, text: str) -> None:
        """A demo's message, while that demo is the one on screen."""
        if self._is_current("demos_panel") and self.demos_panel.tabs.currentWidget() is demo:
            self.statusBar().showMessage(text)

    def _wire_sizing_panel(self, panel) -> None:
        self.undo.attach_sizing(panel)
        rec = self._answered_recommendation()
        self.undo.unrecorded(lambda: panel.follow_wizard(self.wizard.effective_answers(), rec))

    def _setup_session_tracking(self) -> None:
        """The blank state New goes back to, the modified flag and the undo history."""
        self._blank = self.current_session()
        self.changes = session_io.ChangeTracker(self, self._session)
        self.changes.watch(self.wizard)
        self.wizard.sig_changed.connect(self.changes.check)
        self.changes.mark_clean()
        self.undo = UndoManager(self)
        self._add_undo_actions()

    @property
    def modified(self) -> bool:
        """Unsaved changes (the [*] in the title)."""
        return self.changes.is_modified()

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
        # Ctrl+Q everywhere: the platform's standard Quit key is empty on some desktops
        self._action(m, "&Quit", self.close, "Ctrl+Q")
        m = self.menuBar().addMenu("&Edit")
        self._action(m, "&Copy result", self.copy_result, "Ctrl+Shift+C",
                     "Copy the current page's result as text")
        self.edit_menu = m
        m = self.view_menu = self.menuBar().addMenu("&View")
        self._action(m, "See &recommendation", self.show_recommendation, "Ctrl+R")
        self._rebuild_page_actions()
        m = self.menuBar().addMenu("&Help")
        self._action(m, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(m, "&About SageWise", self._on_about_triggered)

    # ---- navigation

    def add_page(self, group: str, title: str, icon_name: str,
                 widget: QWidget | Callable[[], QWidget], purpose: str) -> int:
        """Add a page to the navigation (group: Decide, Prepare, Size or Learn) with the
        standard header, scrolling content and action bar; returns its page index. The
        page is a widget, or a function that builds it when it is first shown. A widget
        with ``action_widgets() -> (left, right)`` gets those in its action bar."""
        index = self.nav.add_page(group, title, icon_name)
        frame = PageFrame(title, purpose, widget) if isinstance(widget, QWidget) else \
            PageFrame(title, purpose, build=widget)
        self.stack.insertWidget(index, frame)
        if self.nav.currentRow() >= 0:
            self.stack.setCurrentIndex(self.nav.currentRow())  # the page on screen stays
        if self.view_menu is not None:   # built: keep Tab in page order (else done once)
            self._chain_tabs()
        self._rebuild_page_actions()
        return index

    def _chain_tabs(self) -> None:
        chain_pages(self.nav.list, [self.stack.frame(i) for i in range(self.stack.count())])

    def _rebuild_page_actions(self) -> None:
        """View menu entries with Ctrl+1..9 and Ctrl+0 in the order the navigation lists pages."""
        if self.view_menu is None:
            return
        for action in self._page_actions:
            self.view_menu.removeAction(action)
        first = self.view_menu.actions()[0] if self.view_menu.actions() else None
        self._page_actions = []
        for row, title in enumerate(self.nav.titles):
            key = (row + 1) % 10          # Ctrl+1 ... Ctrl+9, then Ctrl+0 for the tenth
            action = QAction(f"&{title}" if row >= 10 else f"&{key} {title}", self)
            if row < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{key}"))
            action.triggered.connect(lambda _=False, r=row: self.nav.setCurrentRow(r))
            self.view_menu.insertAction(first, action)
            self._page_actions.append(action)
        if first is not None and not any(a.isSeparator() for a in self.view_menu.actions()):
            self.view_menu.insertSeparator(first)

    def page_titles(self) -> list[str]:
        """Every page's title in navigation order."""
        return list(self.nav.titles)

    def show_page(self, title: str) -> None:
        """Switch to a page by its navigation title."""
        self.nav.setCurrentRow(self.nav.index_of(title))

    def current_recommendation(self):
        """The recommendation for the wizard's answers (suggestions included)."""
        return recommend(self.wizard.effective_answers(), hints=self.wizard.hints,
                         suggested=self.wizard.ctl.unconfirmed(),
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
        """Open sizing pre-filled for an algorithm (one undo step)."""
        panel, name = self.sizing_panel, self.recommendation.catalog.name(ident)
        self.undo.one_step(f"Size {name}", lambda: panel.set_algorithm(ident))
        self.sizing_panel.tabs.setCurrentIndex(3)  # instance choice
        self.show_page("Sizing")
        self.statusBar().showMessage(f"Sizing pre-filled for {name}")

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
            self.statusBar().showMessage(
                f"{count} {'answer' if count == 1 else 'answers'}{best}")
        if self.is_built("sizing_panel"):   # else it follows when it is built
            follow = lambda: self.sizing_panel.follow_wizard(  # noqa: E731
                self.wizard.effective_answers(), rec)
            undo = getattr(self, "undo", None)
            follow() if undo is None else undo.unrecorded(follow)
        self._update_graph(rec)

    def _on_page_changed(self, _row: int) -> None:
        if self._is_current("graph"):
            self._update_graph(self._answered_recommendation())
        if self._is_current("pipeline_panel"):
            self._update_pipeline_context()

    def _is_current(self, attr: str) -> bool:
        """Is this page the one on screen (asking builds nothing)?"""
        return self.stack.frame(self.stack.currentIndex()) is self._frames[attr]

    def _update_pipeline_context(self) -> None:
        """The pipeline takes the wizard's streaming/serving/size answers and the algorithm."""
        rec = self._answered_recommendation()
        top = rec.ranked[0].id if rec and rec.ranked else ""
        panel = self.pipeline_panel
        self.undo.unrecorded(   # following the wizard is not the user's edit
            lambda: panel.set_context(self.wizard.effective_answers(), self.chosen or top))

    def export_for(self, ident: str) -> None:
        """Open the Export panel for an algorithm (from the recommendation)."""
        self.show_page("Pipeline")
        self.pipeline_panel.export.set_algorithm(ident)
        self.pipeline_panel.tabs.setCurrentWidget(self.pipeline_panel.export)

    def _update_graph(self, rec) -> None:
        """Keep the decision graph's highlighted path current while it is visible."""
        if not self._is_current("graph"):
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
        self.statusBar().showMessage(f"{plural(n, 'answer')} suggested from the data: confirm "
                                     "them in the questions")

    def _on_chosen(self, ident: str) -> None:
        before, self.chosen = self.chosen, ident
        self.undo.record_choice(before, ident, self.recommendation.catalog.name)
        self.changes.check()
        self.show_chosen_status()

    def set_chosen(self, ident: str) -> None:
        """Put a choice back (undo / redo): the "(chosen)" mark moves, the row stays."""
        self.chosen = ident
        if self.is_built("recommendation"):
            panel = self.recommendation
            row = panel.items.currentRow()
            panel.show_recommendation(panel.rec, ident)
            panel.items.setCurrentRow(row)
        self.changes.check()

    def show_chosen_status(self) -> None:
        """Say which algorithm the session records as chosen."""
        self.statusBar().showMessage(
            f"Chosen: {self.recommendation.catalog.name(self.chosen)}" if self.chosen else
            "No algorithm chosen")

    # ---- session

    def current_session(self) -> Session:
        """Everything worth saving (with each sizing result and its algorithm)."""
        session = self._session()
        session.sizing = self._sizing_results()
        return session

    def _session(self) -> Session:
        """The window's session without results (the modified check compares these,
        without bookkeeping: see session_io.content); a page not built yet reports the
        state it keeps for its panel."""
        w = self.wizard.save_state()
        return Session(description=w["description"], answers=w["answers"],
                       skipped=w["skipped"], chosen=self.chosen,
                       panels={"wizard": {"suggested": w["suggested"],
                                          "suggested_from": w["suggested_from"]},
                               **{name: self._panel_state(name) for name in SESSION_PANELS}})

    def _panel_state(self, name: str) -> dict:
        """A session panel's state, built or not."""
        attr = SESSION_PANELS[name]
        return getattr(self, attr).save_state() if self.is_built(attr) else \
            self._pending.get(attr) or {}

    def _sizing_results(self) -> list[dict]:
        """The results of the calculators the user looked at, each with its algorithm (a
        session opened with results builds the Sizing page to compute them again)."""
        if not self.is_built("sizing_panel") and not \
                (self._pending.get("sizing_panel") or {}).get("visited"):
            return []
        out = []
        for name, page in self.sizing_panel.pages.items():
            markdown = page.result_markdown() if name in self.sizing_panel.visited else ""
            if markdown:
                algo = page.fields.get("algorithm")
                out.append({"calculator": name, "title": page.title,
                            "algorithm": (algo.currentData() or "") if algo else "",
                            "markdown": markdown, "inputs": page.input_sources()})
        return out

    def apply_session(self, s: Session) -> None:
        """Restore a (validated) session into every panel, all or nothing: if a panel
        fails, the previous state is put back and KnowledgeError says what failed."""
        before = (self._session(), self.session_path)
        self.changes.suspended = self.undo.applying = True
        try:
            self._apply_panels(s)
        except Exception as exc:  # noqa: BLE001 - any failure must roll back, then report
            try:
                self._apply_panels(before[0])
            except Exception:  # noqa: BLE001, S110 - the old state was valid a moment ago
                pass
            raise KnowledgeError(f"could not apply the session ({type(exc).__name__}: "
                                 f"{str(exc)[:200]})") from None
        finally:
            self.changes.suspended = self.undo.applying = False
            self.session_path = before[1]
        self.undo.clear()

    def _apply_panels(self, s: Session) -> None:
        """Built pages restore their part now; the others keep it until they are built."""
        self.chosen = s.chosen
        wizard = s.panels.get("wizard") or {}
        self.wizard.restore_state(s.description, s.answers, s.skipped,
                                  wizard.get("suggested"), wizard.get("suggested_from"))
        for name, attr in SESSION_PANELS.items():
            state = s.panels.get(name) or {}
            if self.is_built(attr):
                getattr(self, attr).restore_state(state)
            else:
                self._pending[attr] = state
        if self.is_built("recommendation"):
            if self.wizard.effective_answers():
                self.recommendation.show_recommendation(self.current_recommendation(),
                                                        s.chosen)
            else:
                self.recommendation.show_recommendation(None)

    def confirm_discard(self, action: str) -> bool:
        """Before New / Open / Quit: ask to save unsaved changes (False = stay)."""
        if not self.confirm_changes or not self.modified:
            return True
        answer = session_io.ask_unsaved_changes(self, action)
        if answer == session_io.SAVE:
            return self.save()
        return answer == session_io.DISCARD

    def new_session(self) -> bool:
        """Start over: every panel back to its defaults (asks first about unsaved work)."""
        if not self.confirm_discard("start a new session"):
            return False
        self.apply_session(self._blank)
        self.wizard.reset()
        if self.is_built("graph"):
            self.graph.reset()
        if self.is_built("sizing_panel"):
            self.sizing_panel.forget_session()
        self.undo.clear()
        self.session_path = None
        self.changes.mark_clean()
        self.show_page("Wizard")
        self._update_title()
        self._on_wizard_changed()
        return True

    def open_session(self, path: str | None = None) -> bool:
        """Open a session file; a bad file changes nothing, not even the title or path."""
        if not self.confirm_discard("open another session"):
            return False
        path = path or ask_open_path(self, "Open session", SESSION_FILTER)
        if not path:
            return False
        try:
            s, dropped = load_session_checked(path)
            self.apply_session(s)
        except KnowledgeError as exc:
            show_error(self, "Cannot open session", f"{exc}\n\nYour current work is unchanged.")
            return False
        self.session_path = Path(path)
        self.changes.mark_clean()
        self._remember_path(Path(path))
        self._update_title()
        self.statusBar().showMessage(f"Opened {path}" + (f"; {plural(len(dropped), 'invalid value')} "
                                                        "left out" if dropped else ""))
        if dropped:
            session_io.show_dropped(self, "Some values were left out", dropped)
        return True

    def save(self) -> bool:
        """Save to the file this window opened or saved (asks for one otherwise)."""
        if self.session_path is None:
            return self.save_as()
        return self._save_to(self.session_path)

    def save_as(self, path: str | None = None) -> bool:
        """Save to a new file."""
        recent = settings.read("session/recent_path")
        path = path or ask_save_path(self, "Save session",
                                     Path(recent).name if recent else "decision.sagewise.json",
                                     SESSION_FILTER)
        if not path:
            return False
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            save_session(self.current_session(), path)
        except KnowledgeError as exc:
            show_error(self, "Cannot save", f"{exc}\n\nYour work is still in the window.")
            return False
        self.session_path = path
        self.changes.mark_clean()
        self._remember_path(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}")
        return True

    def _remember_path(self, path: Path) -> None:
        """Only a suggestion for the next Save as (never trusted as the Ctrl+S target)."""
        settings.write(session__recent_path=str(path), export__last_dir=str(path.parent))

    def export_record(self, path: str | None = None) -> bool:
        """Write the decision record as Markdown (.md) or JSON (.json)."""
        path = path or ask_save_path(self, "Export decision record", "decision-record.md",
                                     "Markdown (*.md);;JSON (*.json)")
        if not path:
            return False
        try:
            text = record_text(self.current_session(),
                               "json" if path.endswith(".json") else "md")
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
        elif self._is_current("sizing_panel"):
            text = self.sizing_panel.tabs.currentWidget().result_markdown()
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage("Copied" if text else "Nothing to copy on this page")

    # ---- undo

    def _add_undo_actions(self) -> None:
        """Edit > Undo / Redo, named after the step ("Undo Choose XGBoost")."""
        undo, redo = self.undo.create_actions(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        first = self.edit_menu.actions()[0] if self.edit_menu.actions() else None
        self.edit_menu.insertActions(first, [undo, redo])
        self.edit_menu.insertSeparator(first)
        self.undo_action, self.redo_action = undo, redo

    def after_undo(self, page: str) -> None:
        """Show what an undo or redo changed and refresh what depends on it."""
        self.show_page(page)
        if page == "Wizard":
            if not self.is_built("recommendation"):
                pass   # it shows the current answers' recommendation when it is built
            elif self.wizard.effective_answers():
                try:
                    self.recommendation.show_recommendation(self.current_recommendation(),
                                                            self.chosen)
                except KnowledgeError:
                    self.recommendation.show_recommendation(None)
            else:
                self.recommendation.show_recommendation(None)
            self._on_wizard_changed()
        self.changes.update_flag()

    # ---- settings

    def _update_title(self) -> None:
        name = self.session_path.name if self.session_path else "untitled"
        self.setWindowTitle(f"SageWise - {name}[*]")

    def _restore_settings(self) -> None:
        """Geometry, page and the last session; start-up never depends on them: anything
        stored that cannot be used is left out with a message in the status bar."""
        problems = []
        try:
            settings.migrate()
        except Exception:  # noqa: BLE001 - damaged settings must not stop the app
            problems.append("settings could not be updated")
        geometry = settings.read("window/geometry")
        if geometry:
            if self.restoreGeometry(geometry):
                clamp_to_screen(self)
            else:
                problems.append("the saved window size was not usable")
        restored = self._restore_autosave(problems)
        page = settings.read("window/page")
        self.nav.setCurrentRow(page if 0 <= page < self.nav.count() else 0)
        if problems:
            self.statusBar().showMessage("Could not restore everything: " + "; ".join(problems))
        elif restored:
            self.statusBar().showMessage("Restored your last session")

    def _restore_autosave(self, problems: list[str]) -> bool:
        """The session open when the app last closed (with no file: Ctrl+S asks where)."""
        text = settings.read("session/autosave")
        if not text:
            return False
        try:
            s, dropped = parse_session_checked(json.loads(text), "the last session")
            self.apply_session(s)
        except (KnowledgeError, ValueError, RecursionError) as exc:
            problems.append(f"the last session was not usable ({str(exc)[:160]})")
            return False
        self.session_path = None
        if settings.read("session/autosave_modified") or dropped:
            self.changes.mark_unsaved()
        else:
            self.changes.mark_clean()
        problems += [f"left out {plural(len(dropped), 'invalid value')} of the last session"] \
            if dropped else []
        return True

    def save_settings(self) -> None:
        """Remember geometry, page and the whole session (nothing is lost on close)."""
        settings.write(window__geometry=self.saveGeometry(), window__page=self.nav.currentRow(),
                       session__autosave=json.dumps(self.current_session().to_dict()),
                       session__autosave_modified=self.modified)

    def closeEvent(self, event) -> None:
        """Ask about unsaved changes, then save settings and stop background work."""
        if not self.confirm_discard("quit"):
            event.ignore()
            return
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every timer and background job."""
        for attr in ("sizing_panel", "demos_panel", "data_panel"):
            if self.is_built(attr):
                getattr(self, attr).shutdown()

    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts."""
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def _on_about_triggered(self) -> None:
        from html import escape

        from sagewise.knowledge.about import about

        facts = "<br>".join(escape(line) for line in about().lines()[1:])
        QMessageBox.about(self, "About SageWise",
                          f"<b>SageWise {__version__}</b><p>Decision and sizing assistant for "
                          "Amazon SageMaker built-in algorithms. Works offline.</p>"
                          f"<p>{facts}</p>")


def _factory(module: str, cls: str, window: MainWindow) -> Callable[[], QWidget]:
    """Build a page's panel (importing its module only then: start-up stays quick)."""
    return lambda: getattr(import_module(f"sagewise.gui.{module}"), cls)(parent=window)
