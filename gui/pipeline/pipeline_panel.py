"""The Pipeline page: describe or answer, see one decision per area, drawn and explained.

Thin view over ``knowledge.pipeline``: answers (carried over from the wizard, read from a
description, or given here) go to :func:`knowledge.pipeline.engine.decide`; the drawing
and the details show its decisions. The Export tab turns them into SageMaker requests.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui.export.export_panel import ExportPanel
from sagewise.gui.pipeline.diagram import TITLES, PipelineView
from sagewise.gui.scroll import ContentScrollArea
from sagewise.gui.wording import plural
from sagewise.gui.wrapping_radio import WrappingRadioButton
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.export.from_pipeline import problem_type_from_answers
from sagewise.knowledge.pipeline.carried import algorithm_name, carried_labels
from sagewise.knowledge.pipeline.data import load_pipeline
from sagewise.knowledge.pipeline.describe import describe_pipeline
from sagewise.knowledge.pipeline.engine import (
    ALGORITHM_KEY,
    PipelinePlan,
    carry_over,
    decide,
)

ID_ROLE = Qt.ItemDataRole.UserRole


def _plain(reason: str) -> str:
    """A reason without its score prefix and question tag (for code comments)."""
    text = reason.split(": ", 1)[1] if reason[:1] in "+-" and ": " in reason else reason
    return text.split(" [", 1)[0]


class PipelinePanel(QWidget):
    """Questions on the left; the drawn pipeline and the selected area's reasons on the right."""

    sig_changed = Signal()
    sig_status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipeline_panel")
        self.pd = load_pipeline()
        self.own: dict[str, str] = {}          # answered on this page
        self.suggested: dict[str, str] = {}    # read from the description
        self.hints: dict = {}
        self.skipped: list[str] = []
        self.context: dict[str, str] = {}      # carried over from the wizard
        self.problem_type = ""                 # the wizard's problem, for the export
        self.plan: PipelinePlan | None = None
        self.selected = "deployment"

        self.describe_edit = QPlainTextEdit(objectName="pipeline_describe")
        self.describe_edit.setPlaceholderText(
            "Describe the data flow and operations, e.g. \"Clickstream events land in S3 "
            "within minutes; we score all customers nightly; traffic must stay off the "
            "internet.\"")
        self.describe_edit.setFixedHeight(58)
        self.describe_edit.setToolTip("Plain-English description of the pipeline (Ctrl+Enter "
                                      "reads it)")
        self.read_button = QPushButton("&Read description", objectName="pipeline_read_button")
        self.read_button.setToolTip("Suggest answers from the description (Ctrl+Enter)")
        self.carried = QLabel(objectName="pipeline_carried")
        self.carried.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.describe_edit, 1)
        top.addWidget(self.read_button)

        self.question_box = QGroupBox("Next question", objectName="pipeline_question_box")
        self.prompt = QLabel(objectName="pipeline_prompt")
        self.prompt.setWordWrap(True)
        self.help = QLabel(objectName="pipeline_help")
        self.help.setWordWrap(True)
        self.choices = QButtonGroup(self)
        # The answers scroll inside the box when the window is short, instead of being
        # squeezed until their wrapped labels are cut.
        choice_widget = QWidget(objectName="pipeline_choices")
        self.choice_layout = QVBoxLayout(choice_widget)
        self.choice_layout.setContentsMargins(0, 0, 0, 0)
        self.choice_layout.addStretch(1)
        self.choice_scroll = ContentScrollArea(objectName="pipeline_choice_scroll")
        self.choice_scroll.setWidget(choice_widget)
        self.choice_scroll.setWidgetResizable(True)
        self.choice_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.choice_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answer_button = QPushButton("&Answer", objectName="pipeline_answer_button")
        self.answer_button.setToolTip("Use the selected answer")
        self.skip_button = QPushButton("S&kip", objectName="pipeline_skip_button")
        self.skip_button.setToolTip("Do not ask this question again")
        qb = QHBoxLayout()
        qb.addWidget(self.answer_button)
        qb.addWidget(self.skip_button)
        qb.addStretch(1)
        qv = QVBoxLayout(self.question_box)
        qv.addWidget(self.prompt)
        qv.addWidget(self.help)
        qv.addWidget(self.choice_scroll, 1)
        qv.addLayout(qb)
        self.answers_list = QListWidget(objectName="pipeline_answers")
        self.answers_list.setToolTip("Answers in use; select one and press Remove to change it")
        self.answers_list.setWordWrap(True)
        self.answers_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.remove_button = QPushButton("&Remove", objectName="pipeline_remove_button")
        self.remove_button.setToolTip("Forget the selected answer (it is asked again if it "
                                      "matters)")
        self.reset_button = QPushButton("Start &over", objectName="pipeline_reset_button")
        self.reset_button.setToolTip("Forget the pipeline answers and the description")
        rb = QHBoxLayout()
        rb.addWidget(self.remove_button)
        rb.addWidget(self.reset_button)
        rb.addStretch(1)
        left = self.left = QWidget()
        left.setMaximumWidth(460)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.question_box, 3)
        lv.addWidget(QLabel("<b>Answers in use</b>"))
        lv.addWidget(self.answers_list, 1)
        lv.addLayout(rb)

        self.view = PipelineView(self.select_area)
        self.details = QTextBrowser(objectName="pipeline_details")
        self.details.setOpenExternalLinks(True)
        decisions = QSplitter(Qt.Orientation.Vertical)
        decisions.addWidget(self.view)
        decisions.addWidget(self.details)
        decisions.setSizes([300, 320])
        self.export = ExportPanel()
        self.tabs = QTabWidget(objectName="pipeline_tabs")
        self.tabs.addTab(decisions, "Decisions")
        self.tabs.addTab(self.export, "Export")
        # A tab widget is as wide as its widest page needs; the Export page's width would
        # push the whole page past a small window. The questions column hides while Export
        # is on top, so Export still gets the room it needs then.
        self.tabs.setMinimumWidth(300)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([380, 820])
        split.setStretchFactor(1, 1)
        self.split, self._sized = split, False
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.carried)
        lay.addWidget(split, 1)

        # The Export tab needs the width; the questions belong to the Decisions tab.
        self.tabs.currentChanged.connect(lambda i: self.left.setVisible(i == 0))
        self.read_button.clicked.connect(self.read_description)
        QShortcut(QKeySequence("Ctrl+Return"), self.describe_edit, self.read_description)
        self.answer_button.clicked.connect(self.answer_current)
        self.skip_button.clicked.connect(self.skip_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.reset_button.clicked.connect(self.reset)
        self.export.sig_status.connect(self.sig_status)
        self.refresh()

    def showEvent(self, event) -> None:
        """On first show, the questions take about a third of the width: the drawing and
        its reasons need the rest to be readable in a small window."""
        super().showEvent(event)
        if not self._sized and self.split.width() > 0:
            self._sized = True
            w = self.split.width()
            left = max(self.left.minimumSizeHint().width(), min(460, int(w * 0.36)))
            self.split.setSizes([left, w - left])

    # ---- inputs

    def set_context(self, wizard_answers: dict[str, str], algorithm: str = "") -> None:
        """Answers the algorithm wizard already has (streaming, inference, data size) and its
        chosen algorithm; the Export tab follows the algorithm."""
        new = carry_over(wizard_answers, algorithm)
        problem = problem_type_from_answers(wizard_answers)
        if new != self.context or problem != self.problem_type:
            self.context, self.problem_type = new, problem
            if algorithm in self.export.catalog.algorithms:
                self.export.set_algorithm(algorithm)
            self.refresh()

    def effective_answers(self) -> dict[str, str]:
        """Carried over, then read from the description, then given here (each wins over
        the previous)."""
        return {**self.context, **self.suggested, **self.own}

    def read_description(self) -> None:
        """Suggest answers from the description text."""
        text = self.describe_edit.toPlainText()
        try:
            d = describe_pipeline(text, known=self.context)
        except KnowledgeError as exc:
            self.sig_status.emit(str(exc))
            return
        self.suggested, self.hints = dict(d.answers), d.hints
        questions = self.pd.dd.questions
        close = "; check the answer to " + "; ".join(
            f"'{questions[q].prompt}' (a close call)" if q in questions else q
            for q in d.close) if d.close else ""
        self.sig_status.emit(f"{plural(len(d.answers), 'answer')} read from the description"
                             f"{close}")
        self.refresh()
        self.sig_changed.emit()

    def answer_current(self) -> None:
        """Use the checked answer of the shown question."""
        button = self.choices.checkedButton()
        nq = self.plan.next_question if self.plan else None
        if button is None or nq is None:
            self.sig_status.emit("Select an answer first")
            return
        self.own[nq.id] = button.property("answer_id")
        self.refresh()
        self.sig_changed.emit()

    def skip_current(self) -> None:
        """Skip the shown question."""
        nq = self.plan.next_question if self.plan else None
        if nq is not None:
            self.skipped.append(nq.id)
            self.refresh()
            self.sig_changed.emit()

    def remove_selected(self) -> None:
        """Forget one answer (own, suggested or carried over)."""
        item = self.answers_list.currentItem()
        if item is None:
            return
        qid = item.data(ID_ROLE)
        for d in (self.own, self.suggested, self.context):
            d.pop(qid, None)
        if qid in self.skipped:
            self.skipped.remove(qid)
        self.refresh()
        self.sig_changed.emit()

    def reset(self) -> None:
        """Forget the pipeline answers and the description (the wizard's stay)."""
        self.own, self.suggested, self.hints, self.skipped = {}, {}, {}, []
        self.describe_edit.clear()
        self.refresh()
        self.sig_changed.emit()

    def select_area(self, area: str) -> None:
        """Show why an area got its choice."""
        self.selected = area
        self.view.select(area)
        self._show_details()

    # ---- outputs

    def refresh(self) -> None:
        """Decide again and redraw everything."""
        try:
            self.plan = decide(self.effective_answers(), hints=self.hints,
                               skipped=tuple(self.skipped),
                               suggested=set(self.suggested) - set(self.own))
        except KnowledgeError as exc:  # e.g. a stale answer from an old session
            self.sig_status.emit(str(exc))
            self.own, self.suggested = {}, {}
            self.plan = decide(self.context, skipped=tuple(self.skipped))
        self._show_question()
        self._show_answers()
        texts = {d.area: d.name for d in self.plan.decisions}
        source = self.effective_answers().get("source")
        texts["source"] = (self.pd.dd.questions["source"].answer(source).label if source
                           else "Not described yet")
        self.view.set_choices(texts)
        self.view.select(self.selected)
        self._show_details()
        carried = carried_labels(self.pd, self.context, self.export.catalog)
        self.carried.setText("From the wizard: " + "; ".join(carried) + "." if carried else
                             "No wizard answers to carry over yet (streaming, serving, data "
                             "size and the chosen algorithm are used when present).")
        reasons = tuple(f"{d.area}: {d.name} - {_plain(d.reasons[0])}"
                        for d in self.plan.decisions)
        self.export.apply_plan(self.plan.choices, reasons, self.effective_answers(),
                               self.problem_type)

    def _show_question(self) -> None:
        for b in self.choices.buttons():
            self.choices.removeButton(b)
        while self.choice_layout.count() > 1:   # the last item is the stretch
            w = self.choice_layout.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        nq = self.plan.next_question
        self.question_box.setTitle("Next question" if nq else "No question left")
        self.prompt.setText(f"<b>{html.escape(nq.prompt)}</b>" if nq else
                            "Every area is decided: no remaining question would change a "
                            "choice.")
        self.help.setText(html.escape(nq.help) if nq else "")
        self.answer_button.setEnabled(nq is not None)
        self.skip_button.setEnabled(nq is not None)
        if nq is None:
            return
        for a in nq.answers:
            b = WrappingRadioButton(a.label)
            b.setProperty("answer_id", a.id)
            b.setToolTip(a.help or a.label)
            self.choices.addButton(b)
            self.choice_layout.insertWidget(self.choice_layout.count() - 1, b)

    def _show_answers(self) -> None:
        self.answers_list.clear()
        for qid, aid in self.plan.answers.items():
            if qid == ALGORITHM_KEY:
                text, src = f"Algorithm: {algorithm_name(aid, self.export.catalog)}", "wizard"
            else:
                q = self.pd.dd.questions[qid]
                text = f"{q.prompt} {q.answer(aid).label}"
                src = "you" if qid in self.own else (
                    "description" if qid in self.suggested else "wizard")
            item = QListWidgetItem(f"{text}  ({src})")
            item.setData(ID_ROLE, qid)
            item.setToolTip(text)
            self.answers_list.addItem(item)

    def _show_details(self) -> None:
        if self.plan is None:
            return
        if self.selected == "source":
            source = self.effective_answers().get("source")
            q = self.pd.dd.questions["source"]
            body = (f"<p>{html.escape(q.answer(source).label)}: "
                    f"{html.escape(q.answer(source).help)}</p>" if source else
                    "<p>Not described yet: answer the question about where the data comes "
                    "from, or describe it above.</p>")
            self.details.setHtml(f"<h3>Data source</h3>{body}")
            return
        d = self.plan.decision(self.selected)
        parts = [(f"<h3>{html.escape(TITLES[d.area])}: {html.escape(d.name)} "
                  f"<small>(score {d.score:.2f})</small></h3>"),
                 f"<p>{html.escape(d.summary)}</p><p><b>Why</b></p><ul>"]
        parts += [f"<li>{html.escape(r)}</li>" for r in d.reasons]
        parts.append("</ul><p><b>Limits that matter</b></p><ul>")
        parts += [f"<li>{html.escape(lim.what)}: {html.escape(lim.value)} "
                  f"<small>(as of {lim.as_of}; {html.escape(lim.source)})</small></li>"
                  for lim in d.limits]
        parts.append("</ul><p><b>Alternatives and why not</b></p><ul>")
        parts += [f"<li><b>{html.escape(a.name)}</b> ({a.score:.2f}): "
                  f"{html.escape(a.why_not)}</li>" for a in d.alternatives]
        parts.append("</ul>")
        self.details.setHtml("".join(parts))

    def copy_text(self) -> str:
        """The decisions as plain text (Edit > Copy result)."""
        if self.tabs.currentWidget() is self.export:
            return self.export.copy_text()
        lines = [f"{TITLES[d.area]}: {d.name} ({d.score:.2f}) - {d.reasons[0]}"
                 for d in self.plan.decisions]
        return "\n".join(lines)

    # ---- state

    def save_state(self) -> dict:
        """Description, own answers, skipped questions and the export fields."""
        return {"description": self.describe_edit.toPlainText(), "answers": dict(self.own),
                "suggested": dict(self.suggested), "skipped": list(self.skipped),
                "export": self.export.save_state()}

    def restore_state(self, state: dict) -> None:
        """Restore a saved state; invalid parts are dropped with a status message."""
        state = state if isinstance(state, dict) else {}

        def mapping(key):
            v = state.get(key)
            ok = isinstance(v, dict) and all(isinstance(a, str) and isinstance(b, str)
                                             for a, b in v.items())
            return dict(v) if ok else {}

        self.own, self.suggested = mapping("answers"), mapping("suggested")
        skipped = state.get("skipped")
        self.skipped = [q for q in skipped if isinstance(q, str)] \
            if isinstance(skipped, list) else []
        desc = state.get("description")
        self.describe_edit.setPlainText(desc if isinstance(desc, str) else "")
        self.hints = {}
        if self.describe_edit.toPlainText().strip():
            try:
                self.hints = describe_pipeline(self.describe_edit.toPlainText()).hints
            except KnowledgeError:
                self.hints = {}
        self.refresh()
        # after refresh: the export fields saved win over the plan's defaults for them
        self.export.restore_state(state.get("export") or {})
