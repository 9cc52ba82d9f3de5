"""The problem-framing wizard: describe, then one relevant question per page.

A description pre-fills *suggestions* (with the words that led to them); each question
page shows the suggestion selected and says why, and the user confirms or changes it.
Questions that do not apply are never shown (knowledge.recommend.next_question). The
answers so far are always listed (click one to revisit it) and a live preview shows the
current top recommendations.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from knowledge.decision import load_decision
from knowledge.errors import KnowledgeError
from knowledge.recommend import recommend

SKIP = "__skip__"


EXAMPLES = [
    ("card fraud", "We have two years of labelled card transactions in a table and want to "
                   "flag fraud, which is under 1% of rows. Predictions must be real time."),
    ("demand forecast", "Forecast next month's daily sales for 3,000 products from three "
                        "years of history per product, including new products."),
    ("call transcripts", "Turn recorded customer phone calls into text and find the "
                         "customer's sentiment; we have no ML team."),
    ("product recommendations", "Recommend products to shoppers from millions of sparse "
                                "user-item click records."),
    ("sensor anomalies", "Detect abnormal readings from IoT temperature sensors streaming "
                         "in; nothing is labelled."),
    ("customer segments", "Group our customers into segments from purchase history; we "
                          "have no labels."),
]


class WizardPanel(QWidget):
    """Frame the problem; emits sig_finished when the user wants the recommendation."""

    sig_finished = Signal()
    """The user asked for the recommendation."""
    sig_changed = Signal()
    """Answers changed (the session is modified)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard_panel")
        self.dd = load_decision()
        self.description = ""
        self.answers: dict[str, str] = {}
        self.skipped: list[str] = []
        self.suggested: dict[str, str] = {}
        self.data_suggested: dict[str, str] = {}   # from the Data page (kept on re-describe)
        self.data_evidence: dict[str, str] = {}
        self.evidence: dict[str, str] = {}
        self.hints: dict = {}
        self.current = None  # the question on screen (None = describe page)

        # ---- describe page
        self.describe_edit = QPlainTextEdit(objectName="describe_edit")
        self.describe_edit.setPlaceholderText(
            "For example: We have two years of labelled card transactions in a table and "
            "want to flag fraud, which is under 1% of rows. Predictions must be real time.")
        self.describe_edit.setToolTip("Describe the data, the goal and any constraints in "
                                      "plain English; SageWise suggests answers from it")
        self.suggest_button = QPushButton("Suggest answers  (Ctrl+Enter)",
                                          objectName="suggest_button")
        self.suggest_button.setToolTip("Read the description and pre-fill the questions")
        self.blank_button = QPushButton("Answer the questions myself",
                                        objectName="blank_button")
        self.blank_button.setToolTip("Start the questions without a description")
        self.describe_message = QLabel(objectName="describe_message")
        self.describe_message.setWordWrap(True)
        describe = QWidget()
        dv = QVBoxLayout(describe)
        title = QLabel("<h2>Describe your problem</h2>What data do you have, what should the "
                       "solution do, and what constraints matter (labels, size, GPUs, budget, "
                       "real time)? SageWise will suggest answers for you to confirm.")
        title.setWordWrap(True)
        dv.addWidget(title)
        dv.addWidget(self.describe_edit, 1)
        self.examples = QLabel(objectName="examples_label")
        self.examples.setWordWrap(True)
        self.examples.setToolTip("Fill the box with an example description")
        self.examples.setText("Try an example: " + " &nbsp;|&nbsp; ".join(
            f"<a href='{i}'>{name}</a>" for i, (name, _) in enumerate(EXAMPLES)))
        self.examples.linkActivated.connect(self._on_example_link_activated)
        dv.addWidget(self.examples)
        row = QHBoxLayout()
        row.addWidget(self.suggest_button)
        row.addWidget(self.blank_button)
        row.addStretch(1)
        dv.addLayout(row)
        dv.addWidget(self.describe_message)

        # ---- question page
        self.q_title = QLabel(objectName="question_title")
        self.q_title.setWordWrap(True)
        self.q_help = QLabel(objectName="question_help")
        self.q_help.setWordWrap(True)
        self.q_suggestion = QLabel(objectName="question_suggestion")
        self.q_suggestion.setWordWrap(True)
        self.choices = QButtonGroup(self)
        self.choice_box = QVBoxLayout()
        choices = QWidget()
        cv = QVBoxLayout(choices)
        cv.addLayout(self.choice_box)
        cv.addStretch(1)
        scroll = QScrollArea(objectName="choices_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(choices)   # 18 task answers with notes do not fit every screen
        question = QWidget()
        qv = QVBoxLayout(question)
        qv.addWidget(self.q_title)
        qv.addWidget(self.q_help)
        qv.addWidget(self.q_suggestion)
        qv.addWidget(scroll, 1)

        # ---- done page
        self.done_label = QLabel(objectName="done_label")
        self.done_label.setWordWrap(True)
        done = QWidget()
        QVBoxLayout(done).addWidget(self.done_label)

        self.pages = QStackedWidget(objectName="wizard_pages")
        for page in (describe, question, done):
            self.pages.addWidget(page)

        self.back_button = QPushButton("< &Back", objectName="back_button")
        self.back_button.setToolTip("Previous question (Alt+Left)")
        self.next_button = QPushButton("&Next >", objectName="next_button")
        self.next_button.setToolTip("Confirm and go on (Alt+Right)")
        self.finish_button = QPushButton("See &recommendation", objectName="finish_button")
        self.finish_button.setToolTip("Show the ranked recommendation with what you have so "
                                      "far (Ctrl+R)")
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        nav.addWidget(self.finish_button)

        self.answer_list = QListWidget(objectName="answer_list")
        self.answer_list.setWordWrap(True)
        self.answer_list.setToolTip("Your answers so far; click one to change it")
        self.preview = QLabel(objectName="preview_label")
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        side = QWidget()
        side.setFixedWidth(360)
        sv = QVBoxLayout(side)
        sv.addWidget(QLabel("<b>Your answers</b>"))
        sv.addWidget(self.answer_list, 2)
        sv.addWidget(QLabel("<b>Best fits so far</b>"))
        sv.addWidget(self.preview, 3)

        centre = QVBoxLayout()
        centre.addWidget(self.pages, 1)
        centre.addLayout(nav)
        lay = QHBoxLayout(self)
        lay.addLayout(centre, 1)
        lay.addWidget(side)

        self.suggest_button.clicked.connect(self.suggest)
        self.blank_button.clicked.connect(lambda: self.start(""))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self._on_finish_clicked)
        self.answer_list.itemActivated.connect(self._on_answer_item_activated)
        self.answer_list.itemClicked.connect(self._on_answer_item_activated)
        QShortcut(QKeySequence("Ctrl+Return"), self.describe_edit, self.suggest)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        QShortcut(QKeySequence("Alt+Right"), self, self.next)
        self.history: list[str] = []
        self.show_describe()

    # ---- flow

    def _on_finish_clicked(self) -> None:
        """A description typed but not yet read is read first, so it counts."""
        text = self.describe_edit.toPlainText()
        if self.pages.currentIndex() == 0 and text.strip() and text != self.description:
            self.start(text)
        self.sig_finished.emit()

    def _on_example_link_activated(self, link: str) -> None:
        self.describe_edit.setPlainText(EXAMPLES[int(link)][1])
        self.describe_edit.setFocus()

    def show_describe(self) -> None:
        """The first page."""
        self.current = None
        self.pages.setCurrentIndex(0)
        self.back_button.setEnabled(False)
        self.next_button.setEnabled(True)
        self.refresh_side()

    def suggest(self) -> None:
        """Read the description; pre-fill suggestions; go to the first question."""
        text = self.describe_edit.toPlainText()
        if not text.strip():
            self.describe_message.setText("<span style='color:#c62828'>Write a sentence or "
                                          "two first, or answer the questions yourself."
                                          "</span>")
            return
        self.start(text)

    def start(self, text: str) -> None:
        """Begin the questions (with suggestions when there is a description)."""
        from knowledge.describe import describe

        self.description = text
        self.answers, self.skipped, self.history = {}, [], []
        self.suggested, self.evidence, self.hints = {}, {}, {}
        if text:
            try:
                d = describe(text)
            except KnowledgeError as exc:
                self.describe_message.setText(f"<span style='color:#c62828'>{exc}</span>")
                return
            self.suggested = dict(d.answers)
            self.hints = d.hints
            for s in d.suggestions:
                words = ", ".join(f"'{e}'" for e in s.evidence[:3])
                self.evidence[s.question] = {"cue": f"you wrote {words}",
                                             "similarity": s.evidence[0] if s.evidence else "",
                                             "default": "the most common case",
                                             "rule": s.evidence[0] if s.evidence else ""
                                             }.get(s.source, "")
            self.describe_message.setText(f"Suggested {len(self.suggested)} answer(s); "
                                          "confirm or change each one.")
        self.suggested.update(self.data_suggested)
        self.evidence.update(self.data_evidence)
        self.sig_changed.emit()
        self.advance()

    def advance(self) -> None:
        """Show the next relevant question, or the done page."""
        rec = self._recommendation()
        q = rec.next_question
        if q is None:
            self.current = None
            self.pages.setCurrentIndex(2)
            self.done_label.setText("<h2>All relevant questions answered</h2>"
                                    "Press <b>See recommendation</b> for the ranked algorithms, "
                                    "their details and the metric to judge them by.")
            self.back_button.setEnabled(bool(self.history))
            self.next_button.setEnabled(False)
            self.refresh_side(rec)
            return
        self.show_question(q.id, rec)

    def show_question(self, qid: str, rec=None) -> None:
        """Put one question on screen, its current/suggested answer selected."""
        q = self.dd.questions[qid]
        self.current = qid
        self.pages.setCurrentIndex(1)
        self.q_title.setText(f"<h2>{q.prompt}</h2>")
        self.q_help.setText(q.help)
        for b in self.choices.buttons():
            self.choices.removeButton(b)
            b.setParent(None)
            b.deleteLater()
        selected = self.answers.get(qid) or self.suggested.get(qid)
        options = [(a.id, a.label, a.help) for a in q.answers]
        if q.kind == "constraint":
            options.append((SKIP, "Not sure / skip this question", "It will not count"))
        while self.choice_box.count():
            widget = self.choice_box.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for value, label, tip in options:
            b = QRadioButton(label)
            b.setProperty("answer", value)
            b.setToolTip(tip or label)
            b.setObjectName(f"choice_{value}")
            self.choices.addButton(b)
            self.choice_box.addWidget(b)
            if tip:
                note = QLabel(tip)
                note.setWordWrap(True)
                note.setStyleSheet("color: palette(mid); margin-left: 24px; "
                                   "margin-bottom: 6px;")
                self.choice_box.addWidget(note)
            if value == selected or (value == SKIP and qid in self.skipped):
                b.setChecked(True)
        if qid in self.suggested and qid not in self.answers:
            source = "data" if qid in self.data_suggested else "description"
            self.q_suggestion.setText(f"<span style='color:#1565c0'>Suggested from your "
                                      f"{source} ({self.evidence.get(qid, '')}). Confirm "
                                      "with Next or pick another answer.</span>")
        else:
            self.q_suggestion.setText("")
        self.back_button.setEnabled(True)
        self.next_button.setEnabled(True)
        self.refresh_side(rec)

    def next(self) -> None:
        """Confirm the page and go on."""
        if self.pages.currentIndex() == 0:
            self.suggest() if self.describe_edit.toPlainText().strip() else self.start("")
            return
        if self.current is None:
            return
        b = self.choices.checkedButton()
        if b is None:
            self.q_suggestion.setText("<span style='color:#c62828'>Pick an answer (or 'Not "
                                      "sure' to skip).</span>")
            return
        value = b.property("answer")
        self.history.append(self.current)
        self.set_answer(self.current, None if value == SKIP else value)
        self.advance()

    def back(self) -> None:
        """Previous question (or the describe page)."""
        if not self.history:
            self.show_describe()
            return
        self.show_question(self.history.pop())

    def set_answer(self, qid: str, answer: str | None) -> None:
        """Record an answer (None = skipped); later answers that no longer apply are kept
        but ignored by the engine."""
        self.answers.pop(qid, None)
        if qid in self.skipped:
            self.skipped.remove(qid)
        if answer is None:
            self.skipped.append(qid)
        else:
            self.answers[qid] = answer
        if self.dd.questions[qid].kind == "route":
            self._drop_stale_route_answers()
        self.sig_changed.emit()

    def _drop_stale_route_answers(self) -> None:
        """Route answers off the current path no longer apply."""
        from knowledge.decision import route

        state = route(self.dd, self.answers)
        on_path = {q for q, _ in state.path}
        for q in [q for q in self.answers if self.dd.questions[q].kind == "route"]:
            if q not in on_path:
                del self.answers[q]

    # ---- side panel

    def effective_answers(self) -> dict[str, str]:
        """Confirmed answers plus the suggestions not yet confirmed or skipped."""
        out = {q: a for q, a in self.suggested.items() if q not in self.skipped}
        out.update(self.answers)
        return out

    def _recommendation(self, effective: bool = False):
        answers = self.effective_answers() if effective else self.answers
        try:
            return recommend(answers, hints=self.hints, skipped=tuple(self.skipped))
        except KnowledgeError:
            return recommend({}, skipped=tuple(self.skipped))

    def refresh_side(self, rec=None) -> None:
        """Answers so far and the live preview."""
        self.answer_list.clear()
        for q in self.dd.questions.values():
            if q.id in self.answers:
                text = f"{q.prompt}\n    {q.answer(self.answers[q.id]).label}"
            elif q.id in self.skipped:
                text = f"{q.prompt}\n    (skipped)"
            else:
                continue
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, q.id)
            item.setToolTip("Click to change this answer")
            self.answer_list.addItem(item)
        if not self.answer_list.count():
            self.answer_list.addItem("(no answers yet)")
        if not self.effective_answers():
            self.preview.setText("<i>Describe your problem or answer the first question to "
                                 "see the best fits here.</i>")
            return
        preview = self._recommendation(effective=True)
        rows = [f"<b>{s.score:.2f}</b> {s.name}" + (" <i>(managed service)</i>"
                                                    if s.kind == "service" else "")
                for s in preview.ranked[:4]]
        note = "" if preview.state.candidate_set else \
            "<br><i>Provisional until the problem type is answered.</i>"
        self.preview.setText("<br>".join(rows) + note + f"<br><br>Judge it by: "
                             f"<b>{preview.metric['name']}</b>")

    def _on_answer_item_activated(self, item: QListWidgetItem) -> None:
        qid = item.data(Qt.ItemDataRole.UserRole)
        if qid:
            if self.current:
                self.history.append(self.current)
            self.show_question(qid)

    def suggest_answers(self, answers: dict, evidence: dict) -> int:
        """Add suggestions found outside the description (the Data page), with evidence.

        Confirmed answers stay; valid pairs become suggestions the user confirms as usual.
        Returns how many were taken.
        """
        taken = {q: a for q, a in answers.items() if q in self.dd.questions
                 and a in {x.id for x in self.dd.questions[q].answers}}
        self.data_suggested.update(taken)
        self.suggested.update(taken)
        for q in taken:
            self.data_evidence[q] = self.evidence[q] = evidence.get(q, "")
        self.sig_changed.emit()
        if self.current:
            self.show_question(self.current)
        else:
            self.refresh_side()
        return len(taken)

    # ---- persistence

    def save_state(self) -> dict:
        """What the session stores for the wizard."""
        return {"description": self.describe_edit.toPlainText(), "answers": dict(self.answers),
                "skipped": list(self.skipped), "suggested": dict(self.suggested)}

    def restore_state(self, description: str, answers: dict, skipped: list,
                      suggested: dict | None = None) -> None:
        """Restore from a session; invalid answers are dropped with a message."""
        from knowledge.decision import validate_answers

        self.describe_edit.setPlainText(description)
        self.description = description
        good = {}
        for q, a in answers.items():
            try:
                validate_answers(self.dd, {q: a})
                good[q] = a
            except KnowledgeError:
                continue
        self.answers = good
        self.skipped = [q for q in skipped if q in self.dd.questions]
        self.suggested = {q: a for q, a in (suggested or {}).items() if q in self.dd.questions}
        self.hints = {}
        if description.strip():
            from knowledge.describe import describe

            try:
                self.hints = describe(description).hints
            except KnowledgeError:
                self.hints = {}
        self.history = []
        if self.answers or self.skipped:
            self.advance()
        else:
            self.show_describe()

    def reset(self) -> None:
        """A new, empty wizard."""
        self.describe_edit.clear()
        self.describe_message.clear()
        self.description, self.answers, self.skipped = "", {}, []
        self.suggested, self.evidence, self.hints, self.history = {}, {}, {}, []
        self.data_suggested, self.data_evidence = {}, {}
        self.show_describe()
