"""The problem-framing wizard's view: describe, then one relevant question per page.

A description pre-fills *suggestions* (with the words that led to them); each question
page shows the suggestion selected and says why, and the user confirms or changes it.
Questions that do not apply are never shown (knowledge.recommend.next_question). The
answers so far are always listed (click one to revisit it) and a live preview shows the
current top recommendations. The state and flow live in gui/wizard/controller.py; this
module only builds widgets and shows what the controller says.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.navigation import tab_in_page_order
from sagewise.gui.scroll import ContentScrollArea
from sagewise.gui.wizard.controller import SKIP, WizardController
from sagewise.gui.wording import plural
from sagewise.knowledge.errors import KnowledgeError

__all__ = ["EXAMPLES", "SKIP", "WizardPanel"]

DESCRIBE, QUESTION, DONE = 0, 1, 2


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




def _label(text: str = "", name: str = "", *, wrap: bool = True, scale: float = 1.0,
           bold: bool = False, muted: bool = False) -> QLabel:
    label = QLabel(text, objectName=name) if name else QLabel(text)
    label.setWordWrap(wrap)
    if scale != 1.0 or bold:
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    if muted:
        theme.mute(label)
    return label


class ArrowKeys(QObject):
    """Up/Down (and Left/Right) on a choice selects the previous/next choice."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1,
                Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}.get(event.key())
        buttons = self.group.buttons()
        if step is None or obj not in buttons:
            return False
        target = buttons[(buttons.index(obj) + step) % len(buttons)]
        target.setChecked(True)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True


class ChoiceCard(QWidget):
    """One choice as a card: the radio button, its note below; a click anywhere on the
    card selects it, and the selected card is outlined (painted, no stylesheet)."""

    def __init__(self, button: QRadioButton, note: str, parent: QWidget) -> None:
        super().__init__(parent, objectName="choice_card")
        self.button = button
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(2)
        lay.addWidget(button)
        if note:
            label = _label(note, muted=True)
            label.setContentsMargins(24, 0, 0, 0)
            lay.addWidget(label)
        lay.addStretch(1)
        button.toggled.connect(self.update)

    def paintEvent(self, event) -> None:
        """A rounded card on the base colour; the chosen one outlined in the focus colour."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        on = self.button.isChecked()
        p.setPen(QPen(theme.qcolor("focus" if on else "Mid"), 2 if on else 1))
        p.setBrush(theme.qcolor("Base"))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        p.end()

    def mousePressEvent(self, event) -> None:
        """The whole card is the target, not just the small circle."""
        self.button.setChecked(True)
        self.button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class WizardPanel(QWidget):
    """Frame the problem; emits sig_finished when the user wants the recommendation."""

    sig_finished = Signal()
    """The user asked for the recommendation."""
    sig_changed = Signal()
    """Answers changed (the session is modified)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard_panel")
        self.ctl = WizardController()
        self.dd = self.ctl.dd
        self.choices = QButtonGroup(self)
        self._arrows = ArrowKeys(self.choices)
        self.pages = QStackedWidget(objectName="wizard_pages")
        for page in (self._build_describe(), self._build_question(), self._build_done()):
            self.pages.addWidget(page)
        self._build_actions()
        side = self._build_side()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(16)
        centre = QVBoxLayout()
        centre.addWidget(self.pages, 1)
        centre.addWidget(self.own_actions)
        lay.addLayout(centre, 5)
        lay.addWidget(side, 2)
        QShortcut(QKeySequence("Ctrl+Return"), self.describe_edit, self.suggest)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        QShortcut(QKeySequence("Alt+Right"), self, self.next)
        self.show_describe()

    # ---- building (one method per piece of the view)

    def _build_describe(self) -> QWidget:
        self.describe_edit = QPlainTextEdit(objectName="describe_edit")
        self.describe_edit.setPlaceholderText(
            "For example: We have two years of labelled card transactions in a table and "
            "want to flag fraud, which is under 1% of rows. Predictions must be real time.")
        self.describe_edit.setToolTip("Describe the data, the goal and any constraints in "
                                      "plain English; SageWise suggests answers from it")
        self.describe_edit.setTabChangesFocus(True)
        # the shortcut lives in the tooltip: in the label it made the page wider than an
        # 800x600 window (the questions were then cut at the left)
        self.suggest_button = QPushButton("Suggest answers", objectName="suggest_button")
        self.suggest_button.setToolTip("Read the description and pre-fill the questions "
                                       "(Ctrl+Enter)")
        self.blank_button = QPushButton("Answer the questions myself",
                                        objectName="blank_button")
        self.blank_button.setToolTip("Start the questions without a description")
        self.describe_message = _label(name="describe_message")
        self.examples = _label(name="examples_label")
        self.examples.setToolTip("Fill the box with an example description")
        self.examples.setText("Try an example: " + " &nbsp;|&nbsp; ".join(
            f"<a style='color:{theme.color('link')}' href='{i}'>{name}</a>"
            for i, (name, _) in enumerate(EXAMPLES)))
        self.examples.linkActivated.connect(self._on_example_link_activated)
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(_label("Describe your problem", "describe_title", scale=1.25, bold=True))
        v.addWidget(_label("What data do you have, what should the solution do, and what "
                           "constraints matter (labels, size, GPUs, budget, real time)? "
                           "SageWise suggests answers for you to confirm."))
        v.addWidget(self.describe_edit, 1)
        v.addWidget(self.examples)
        row = QHBoxLayout()
        row.addWidget(self.suggest_button)
        row.addWidget(self.blank_button)
        row.addStretch(1)
        v.addLayout(row)
        v.addWidget(self.describe_message)
        self.suggest_button.clicked.connect(self.suggest)
        self.blank_button.clicked.connect(lambda: self.start(""))
        return page

    def _build_question(self) -> QWidget:
        self.q_progress = _label(name="question_progress", muted=True)
        self.q_title = _label(name="question_title", scale=1.35, bold=True)
        self.q_help = _label(name="question_help")
        self.q_suggestion = _label(name="question_suggestion")
        self.q_suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.choice_box = QGridLayout()
        self.choice_box.setSpacing(8)
        choices = self.choices_widget = QWidget(objectName="choices")
        cv = QVBoxLayout(choices)
        cv.setContentsMargins(0, 6, 0, 0)
        cv.addLayout(self.choice_box)
        cv.addStretch(1)
        scroll = self.choices_scroll = ContentScrollArea(objectName="choices_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(choices)   # 18 task answers with notes do not fit every screen
        scroll.viewport().installEventFilter(self)
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        for w in (self.q_progress, self.q_title, self.q_help, self.q_suggestion):
            v.addWidget(w)
        v.addWidget(scroll, 1)
        return page

    def _build_done(self) -> QWidget:
        self.done_title = _label("All relevant questions answered", "done_title", scale=1.25,
                                 bold=True)
        self.done_label = _label(name="done_label")
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.done_title)
        v.addWidget(self.done_label)
        v.addStretch(1)
        return page

    def _build_actions(self) -> None:
        self.back_button = QPushButton("< &Back", objectName="back_button")
        self.back_button.setToolTip("Previous question (Alt+Left)")
        self.next_button = QPushButton("&Next >", objectName="next_button")
        self.next_button.setToolTip("Confirm and go on (Alt+Right)")
        self.next_button.setDefault(True)
        self.finish_button = QPushButton("See &recommendation", objectName="finish_button")
        self.finish_button.setToolTip("Show the ranked recommendation with what you have so "
                                      "far (Ctrl+R)")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self._on_finish_clicked)
        # shown under the pages until a page frame takes them into its action bar
        self.own_actions = QWidget(objectName="wizard_actions")
        bar = QHBoxLayout(self.own_actions)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        bar.addWidget(self.finish_button)

    def _build_side(self) -> QWidget:
        self.answer_list = QListWidget(objectName="answer_list")
        self.answer_list.setWordWrap(True)
        self.answer_list.setToolTip("Your answers and the suggestions still to confirm; "
                                    "click one to change it")
        self.answer_list.itemActivated.connect(self._on_answer_item_activated)
        self.answer_list.itemClicked.connect(self._on_answer_item_activated)
        self.preview = _label(name="preview_label")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        side = QWidget(objectName="wizard_side")
        side.setMinimumWidth(230)
        side.setMaximumWidth(400)
        side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        v = QVBoxLayout(side)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(_label("Your answers", bold=True))
        v.addWidget(self.answer_list, 3)
        v.addWidget(_label("Best fits so far", bold=True))
        v.addWidget(self.preview, 2)
        return side

    def action_widgets(self) -> tuple[list[QWidget], list[QWidget]]:
        """The page frame's action bar: Back on the left, Next and See recommendation on the
        right (they leave the panel's own bar)."""
        for b in (self.back_button, self.next_button, self.finish_button):
            self.own_actions.layout().removeWidget(b)
        self.own_actions.hide()
        return [self.back_button], [self.next_button, self.finish_button]

    # ---- state (kept in the controller; these names are what other code reads)

    @property
    def current(self) -> str | None:
        """The question on screen (None: the describe or done page)."""
        return self.ctl.current

    @property
    def answers(self) -> dict[str, str]:
        return self.ctl.answers

    @property
    def skipped(self) -> list[str]:
        return self.ctl.skipped

    @property
    def suggested(self) -> dict[str, str]:
        return self.ctl.suggested

    @property
    def hints(self) -> dict:
        return self.ctl.hints

    @property
    def history(self) -> list[str]:
        return self.ctl.history

    @property
    def description(self) -> str:
        return self.ctl.description

    def effective_answers(self) -> dict[str, str]:
        """Confirmed answers plus the suggestions not yet confirmed or skipped."""
        return self.ctl.effective_answers()

    # ---- flow

    def _on_finish_clicked(self) -> None:
        """A description typed but not yet read is read first, so it counts."""
        text = self.describe_edit.toPlainText()
        if self.pages.currentIndex() == DESCRIBE and text.strip() and text != self.description:
            self.start(text)
            if not self.ctl.understood:
                return  # the message says nothing was understood: nothing to rank yet
        self.sig_finished.emit()

    def _on_example_link_activated(self, link: str) -> None:
        self.describe_edit.setPlainText(EXAMPLES[int(link)][1])
        self.describe_edit.setFocus()

    def show_describe(self) -> None:
        """The first page."""
        self.ctl.current = None
        self.ctl.done = False
        self.pages.setCurrentIndex(DESCRIBE)
        self.back_button.setEnabled(False)
        self.next_button.setEnabled(True)
        self.refresh_side()

    def suggest(self) -> None:
        """Read the description; pre-fill suggestions; go to the first question."""
        text = self.describe_edit.toPlainText()
        if not text.strip():
            self.describe_message.setText(theme.span(
                "Write a sentence or two first, or answer the questions yourself."))
            return
        self.start(text)

    def start(self, text: str) -> None:
        """Begin the questions (with suggestions when there is a description)."""
        try:
            message = self.ctl.start(text)
        except KnowledgeError as exc:
            self.describe_message.setText(theme.span(str(exc)))
            return
        if not self.ctl.understood:
            # Nothing to suggest: stay here so the user can rephrase or answer the questions.
            self.describe_message.setText(theme.span(message, "warning"))
            self.sig_changed.emit()
            self.refresh_side()
            return
        self.describe_message.setText(message)
        self.sig_changed.emit()
        self.advance()

    def advance(self) -> None:
        """Show the next relevant question, or the done page."""
        rec = self.ctl.advance()
        if self.ctl.current is None:
            self._show_done(rec)
            return
        self.show_question(self.ctl.current, rec)

    def _show_done(self, rec=None) -> None:
        n = len(self.answers)
        top = rec.ranked[0].name if rec is not None and rec.ranked else ""
        self.done_label.setText(
            f"You answered {plural(n, 'question')}"
            + (f" and skipped {len(self.skipped)}" if self.skipped else "") + ". "
            + (f"The best fit so far is <b>{top}</b>. " if top else "")
            + "Press <b>See recommendation</b> for the ranked algorithms, their details and "
            "the metric to judge them by, or click an answer on the right to change it.")
        self.pages.setCurrentIndex(DONE)
        self.back_button.setEnabled(bool(self.history))
        self.next_button.setEnabled(False)
        self.finish_button.setFocus()
        self.refresh_side(rec)

    def show_question(self, qid: str, rec=None) -> None:
        """Put one question on screen, its current/suggested answer selected."""
        q = self.dd.questions[qid]
        self.ctl.current = qid
        self.ctl.done = False
        self.pages.setCurrentIndex(QUESTION)
        self.q_progress.setText(self.ctl.progress_text())
        self.q_title.setText(q.prompt)
        self.q_help.setText(q.help)
        self._clear_choices()
        selected = self.ctl.selected(qid)
        checked = None
        options = self.ctl.choices(qid)
        self._cards = []
        for choice in options:
            text = choice.label + ("   (suggested)" if choice.suggested else "")
            card_parent = self.choices_widget
            b = QRadioButton(text, card_parent)
            font = QFont(b.font())
            font.setPointSizeF(font.pointSizeF() * 1.1)
            b.setFont(font)
            b.setProperty("answer", choice.value)
            b.setToolTip(choice.note or choice.label)
            b.setObjectName(f"choice_{choice.value}")
            b.installEventFilter(self._arrows)
            self.choices.addButton(b)
            card = ChoiceCard(b, choice.note, card_parent)
            self._cards.append(card)
            card.show()
            if choice.value == selected:
                b.setChecked(True)
                checked = b
        self._columns = 0
        self._regrid()
        why = self.ctl.suggestion_text(qid)
        self.q_suggestion.setText(theme.span(why.replace("Suggested:", "Suggested from your "
                                                         "description:", 1), "accent")
                                  if why else "")
        self.back_button.setEnabled(True)
        self.next_button.setEnabled(True)
        tab_in_page_order(self)
        (checked or self.choices.buttons()[0]).setFocus()
        self.refresh_side(rec)

    def _regrid(self) -> None:
        """Long lists of choices use two columns when the width allows, else one."""
        cards = getattr(self, "_cards", [])
        if not cards:
            return
        widest = max(c.minimumSizeHint().width() for c in cards)
        room = self.choices_scroll.viewport().width()
        columns = 2 if len(cards) > 6 and room >= 2 * widest + self.choice_box.spacing() \
            else 1
        if columns == self._columns:
            return
        self._columns = columns
        for card in cards:
            self.choice_box.removeWidget(card)
        for i, card in enumerate(cards):
            self.choice_box.addWidget(card, i // columns, i % columns)

    def eventFilter(self, obj, event) -> bool:
        """Re-flow the choices when the page is resized."""
        if obj is self.choices_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._regrid()
        return False

    def _clear_choices(self) -> None:
        self._cards = []
        for b in self.choices.buttons():
            self.choices.removeButton(b)
        while self.choice_box.count():
            widget = self.choice_box.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def next(self) -> None:
        """Confirm the page and go on."""
        if self.pages.currentIndex() == DESCRIBE:
            self.suggest() if self.describe_edit.toPlainText().strip() else self.start("")
            return
        if self.ctl.current is None:
            return
        b = self.choices.checkedButton()
        if b is None:
            self.q_suggestion.setText(theme.span("Pick an answer (or \u201cNot sure\u201d to "
                                                 "skip)."))
            return
        self.ctl.confirm(b.property("answer"))
        self.sig_changed.emit()
        self.advance()

    def back(self) -> None:
        """Previous question (or the describe page)."""
        qid = self.ctl.back()
        if qid is None:
            self.show_describe()
        else:
            self.show_question(qid)

    def set_answer(self, qid: str, answer: str | None) -> None:
        """Record an answer (None = skipped)."""
        self.ctl.set_answer(qid, answer)
        self.sig_changed.emit()

    # ---- side panel

    def refresh_side(self, rec=None) -> None:
        """Answers so far (suggestions marked as such) and the live preview."""
        self.answer_list.clear()
        for row in self.ctl.answer_rows():
            if row.status == "suggested":
                text = f"{row.prompt}\n    {row.label}  (suggested)"
                tip = f"Suggested because {row.why}. Click to confirm or change it."
            else:
                text = f"{row.prompt}\n    {row.label}"
                tip = "Click to change this answer"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.question)
            item.setToolTip(tip)
            if row.status != "answered":
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            self.answer_list.addItem(item)
        if not self.answer_list.count():
            self.answer_list.addItem("(no answers yet)")
        preview = self.ctl.preview()
        if preview is None:
            self.preview.setText("<i>Describe your problem or answer the first question to "
                                 "see the best fits here.</i>")
            return
        full = self.ctl.recommendation(effective=True)
        rows = [f"<b>{score:.2f}</b> {name}" + (" <i>(managed service)</i>" if service else "")
                for score, name, service in preview]
        note = "" if full.state.candidate_set else \
            "<br><i>Provisional until the problem type is answered.</i>"
        self.preview.setText("<br>".join(rows) + note + "<br><br>Judge it by: "
                             f"<b>{full.metric['name']}</b>")

    def _on_answer_item_activated(self, item: QListWidgetItem) -> None:
        qid = item.data(Qt.ItemDataRole.UserRole)
        if qid:
            self.ctl.revisit(qid)
            self.show_question(qid)

    def suggest_answers(self, answers: dict, evidence: dict) -> int:
        """Suggestions from the Data page (see WizardController.suggest_answers); the
        question on screen shows them at once. Returns how many were taken."""
        n = self.ctl.suggest_answers(answers, evidence)
        self.sig_changed.emit()
        if self.ctl.current:
            self.show_question(self.ctl.current)
        elif n and self.pages.currentIndex() == DESCRIBE:
            # open the first question to confirm, as Suggest does (the describe page would
            # leave "confirm them in the questions" with no question in sight)
            text = self.describe_edit.toPlainText()
            if text.strip() and text != self.ctl.description:
                self.start(text)          # the description's suggestions join the data's
            else:
                self.advance()
        else:
            self.refresh_side()
        return n

    # ---- persistence

    def save_state(self) -> dict:
        """What the session stores for the wizard."""
        state = self.ctl.save_state()
        state["suggested_from"] = state["description"]   # what Suggest last read
        state["description"] = self.describe_edit.toPlainText()
        return state

    def restore_state(self, description: str, answers: dict, skipped: list,
                      suggested: dict | None = None, suggested_from: str | None = None
                      ) -> None:
        """Restore from a session; invalid answers are dropped. ``suggested_from`` is the
        text the suggestions came from, when the description was edited after them."""
        self.describe_edit.setPlainText(description)
        self.ctl.restore(description if suggested_from is None else suggested_from,
                         answers, skipped, suggested)
        if self.answers or self.skipped:
            self.advance()
        else:
            self.show_describe()

    def reset(self) -> None:
        """A new, empty wizard."""
        self.describe_edit.clear()
        self.describe_message.clear()
        self.ctl.reset()
        self.show_describe()
