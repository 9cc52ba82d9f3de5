"""Troubleshoot & metrics: symptom search, the metric chooser, a confusion-matrix calculator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.metrics import (
    confusion_metrics,
    load_metrics,
    metric_value_text,
    walk_chooser,
)
from sagewise.knowledge.numbers import parse_number
from sagewise.knowledge.troubleshoot import load_troubles, search

ID_ROLE = Qt.ItemDataRole.UserRole


class TroubleshootTab(QWidget):
    """Pick or search a symptom; read causes and remedies."""

    def __init__(self) -> None:
        super().__init__()
        self.troubles = load_troubles()
        self.search_edit = QLineEdit(objectName="symptom_search")
        self.search_edit.setPlaceholderText("Describe what you see, e.g. 'loss jumps around' "
                                            "or 'great training accuracy, poor validation'")
        self.search_edit.setToolTip("Words from your symptom; the best matches come first")
        self.list = QListWidget(objectName="symptom_list")
        self.list.setWordWrap(True)
        self.details = QTextBrowser(objectName="trouble_details")
        left = QVBoxLayout()
        left.addWidget(self.search_edit)
        left.addWidget(self.list, 1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addWidget(self.details, 3)
        self.search_edit.textChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.refresh()

    def refresh(self, *_args) -> None:
        """List matching symptoms (all of them when the box is empty)."""
        text = self.search_edit.text()
        items = search(self.troubles, text) if text.strip() else list(self.troubles)
        self.list.clear()
        for t in items:
            item = QListWidgetItem(t.symptom)
            item.setData(ID_ROLE, t.id)
            self.list.addItem(item)
        if items:
            self.list.setCurrentRow(0)
        else:
            self.details.setMarkdown("*No symptom matches those words; try others, e.g. "
                                     "'overfitting', 'missing values', 'slow'.*")

    def _on_current_changed(self, current, _previous) -> None:
        if current is None:
            return
        t = next(x for x in self.troubles if x.id == current.data(ID_ROLE))
        self.details.setMarkdown(f"## {t.symptom}\n\n### Likely causes\n\n" +
                                 "\n".join(f"- {c}" for c in t.causes) +
                                 "\n\n### Remedies\n\n" + "\n".join(f"- {r}" for r in t.remedies))


class MetricTab(QWidget):
    """Walk the imbalanced-classification metric chooser one question at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.md = load_metrics()
        self.answers: dict[str, str] = {}
        self.box = QGroupBox()
        self.box_layout = QVBoxLayout(self.box)
        self.group = QButtonGroup(self)
        self.restart = QPushButton("Start again", objectName="metric_restart")
        self.restart.setToolTip("Clear the answers and ask the first question again")
        self.result = QTextBrowser(objectName="metric_result")
        intro = QLabel("For classification, especially when one class is rare. Regression, "
                       "forecasting and other problems get their metric in the "
                       "recommendation.")
        intro.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(self.box)
        left.addWidget(self.restart)
        left.addStretch(1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addWidget(self.result, 3)
        self.restart.clicked.connect(self.reset)
        self.reset()

    def reset(self) -> None:
        """Back to the first question."""
        self.answers = {}
        self.show_step()

    def show_step(self) -> None:
        """Show the next question, or the chosen metric."""
        metric, path, pending = walk_chooser(self.md, self.answers)
        for b in self.group.buttons():
            self.group.removeButton(b)
        while self.box_layout.count():
            w = self.box_layout.takeAt(0).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        trail = "\n".join(f"- {q} **{a}**" for q, a in path)
        if metric:
            m = self.md.metrics[metric]
            self.box.setTitle("Done")
            self.box_layout.addWidget(QLabel("Use the metric on the right."))
            self.result.setMarkdown(f"## Use {m.name} ({m.direction})\n\n{m.why}\n\n"
                                    f"*{m.definition}*\n\n### Your answers\n\n{trail}")
            return
        q = self.md.chooser[pending]
        self.box.setTitle(q.prompt)
        for a in q.answers:
            b = QRadioButton(a.label)
            b.setToolTip(f"Answer '{q.prompt}' with: {a.label}")
            b.setProperty("answer", a.id)
            b.setObjectName(f"metric_{q.id}_{a.id}")
            self.group.addButton(b)
            self.box_layout.addWidget(b)
            b.clicked.connect(lambda _=False, qid=q.id, aid=a.id: self.choose(qid, aid))
        self.result.setMarkdown(("### Your answers\n\n" + trail) if trail else
                                "*Answer the questions on the left.*")

    def choose(self, qid: str, aid: str) -> None:
        """Record an answer and move on."""
        self.answers[qid] = aid
        self.show_step()


class ConfusionTab(QWidget):
    """TP/FP/FN/TN -> accuracy, precision, recall, specificity, FPR, F1 (with formulas)."""

    FIELDS = (("tp", "True positives (TP)"), ("fp", "False positives (FP)"),
              ("fn", "False negatives (FN)"), ("tn", "True negatives (TN)"))

    def __init__(self) -> None:
        super().__init__()
        self.md = load_metrics()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in self.FIELDS:
            e = QLineEdit(objectName=f"confusion_{name}")
            e.setToolTip(f"{label}: a whole number, 0 or more")
            e.textChanged.connect(self.recompute)
            self.edits[name] = e
            form.addRow(label + ":", e)
        self.error = QLabel(objectName="confusion_error")
        self.error.setStyleSheet(f"color: {theme.color('error')};")
        self.error.setWordWrap(True)
        self.result = QTextBrowser(objectName="confusion_result")
        for name, value in zip(("tp", "fp", "fn", "tn"), ("80", "20", "10", "890"), strict=True):
            self.edits[name].setText(value)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error)
        left.addStretch(1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addWidget(self.result, 3)
        self.recompute()

    def recompute(self, *_args) -> None:
        """Validate and compute."""
        values = {}
        try:
            for edit in self.edits.values():
                edit.setStyleSheet("")
            for name, edit in self.edits.items():
                values[name] = parse_number(edit.text(), name)
            missing = [n for n, v in values.items() if v is None]
            if missing:
                raise InputError(missing[0], "is empty: enter a count (0 is fine)")
            out = confusion_metrics(**values)
        except InputError as exc:
            self.edits[exc.field].setStyleSheet(theme.error_field_style())
            label = dict(self.FIELDS)[exc.field]
            self.error.setText(f"{label}: {exc.detail}")
            self.result.setMarkdown("*Fix the highlighted count to see the results.*")
            return
        self.error.setText("")
        formulas = {c.id: c for c in self.md.confusion}
        rows = []
        for key, value in out.items():
            c = formulas[key]
            shown = metric_value_text(key, value)
            rows.append(f"| {c.name} | **{shown}** | `{c.formula}` |")
        self.result.setMarkdown("| measure | value | formula |\n|---|---|---|\n" +
                                "\n".join(rows) + "\n\n" + "\n".join(
                                    f"- **{c.name}:** {c.meaning}" for c in self.md.confusion))


class ToolsPanel(QWidget):
    """The three tools as tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tools_panel")
        self.tabs = QTabWidget(objectName="tools_tabs")
        self.troubleshoot = TroubleshootTab()
        self.metric_tab = MetricTab()  # not "metric": that name is a QWidget method
        self.confusion = ConfusionTab()
        self.tabs.addTab(self.troubleshoot, "Troubleshooter")
        self.tabs.addTab(self.metric_tab, "Metric chooser")
        self.tabs.addTab(self.confusion, "Confusion matrix")
        QVBoxLayout(self).addWidget(self.tabs)

    def copy_text(self) -> str:
        """The visible tab's result."""
        page = self.tabs.currentWidget()
        browser = {self.troubleshoot: self.troubleshoot.details,
                   self.metric_tab: self.metric_tab.result, self.confusion: self.confusion.result}[page]
        return browser.toMarkdown()
