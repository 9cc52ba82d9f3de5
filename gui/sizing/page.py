"""A calculator page: input form, live validation, result text, optional plot.

Subclasses declare their inputs with ``add_number`` / ``add_choice`` / ``add_check`` and
implement ``compute(values) -> markdown``; the page debounces edits, shows an engine error
once, under the field it names (in a line reserved for it, so the form never moves),
clears the stale result and plot, and keeps its inputs for the session. The form scrolls
instead of being clipped on small screens. Values the user typed are remembered as theirs:
``follow()`` (values from the wizard or the recommendation) never overwrites them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data
from sagewise.gui.plot_title import fit_title
from sagewise.gui.plotting import pg
from sagewise.gui.scroll import ContentScrollArea
from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.numbers import parse_number

DEBOUNCE_MS = 150
NO_RESULT = "*No result until the highlighted input is fixed.*"


class FieldError(InputError):
    """A field's text is not a number (kept for callers that catch it by name)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(name, message)
        self.name = name


class ErrorLine(QLabel):
    """The space under a field for its message. The message wraps to the form's width
    (never cut off with "..."); when empty the label keeps one line's height, so a
    one-line message moves nothing and a longer one only pushes the rows below down."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setObjectName("field_error")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setMinimumHeight(self.fontMetrics().height() + 2)

    def set_message(self, message: str) -> None:
        """Show (or clear with "") the message."""
        self._full = message
        self.setToolTip(message)
        self.setStyleSheet(f"color: {theme.color('error')};" if message else "")
        super().setText(message)
        self.updateGeometry()

    def full_text(self) -> str:
        """The whole message (always shown in full, wrapped)."""
        return self._full


class NumberField(QWidget):
    """A line edit for a number; its reserved error line (``error``) is a form row of its
    own under it, as wide as the form, so a message has room."""

    def __init__(self, default: float | None, placeholder: str = "") -> None:
        super().__init__()
        self.edit = QLineEdit("" if default is None else _fmt(default))
        self.edit.setPlaceholderText(placeholder)
        self.error = ErrorLine()
        # the error style draws a thicker border: one fixed height for both looks, so
        # showing an error never moves the fields below
        native = self.edit.sizeHint().height()
        self.edit.setStyleSheet(theme.error_field_style())
        self.edit.setFixedHeight(max(native, self.edit.sizeHint().height()))
        self.edit.setStyleSheet("")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)

    def value(self, name: str) -> float | None:
        """The number, None when empty; FieldError when it is not a number (the same
        parser as the command line's flags)."""
        try:
            return parse_number(self.edit.text(), name)
        except InputError as exc:
            raise FieldError(name, exc.detail) from None

    def set_error(self, message: str) -> None:
        """Show or clear the error under the field."""
        self.error.set_message(message)
        self.edit.setStyleSheet(theme.error_field_style() if message else "")

    def has_error(self) -> bool:
        """True while the field shows an error."""
        return bool(self.error.full_text())

    def text(self) -> str:
        """Raw text (for saving state)."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Restore raw text."""
        self.edit.setText(text)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


class CalculatorPage(QWidget):
    """Base class: form on the left (scrolls when short of room); result (and plot) on
    the right."""

    sig_result_changed = Signal(str)
    """The result as Markdown after each successful computation (str)."""

    title = "Calculator"
    tab_title = "Calculator"
    intro = ""
    has_plot = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.engine_names: dict[str, str] = {}   # engine field -> our field name
        self.user_set: set[str] = set()          # fields the user typed or picked
        self.from_elsewhere: dict[str, str] = {}  # fields filled by the wizard / Size it: why
        self.last_markdown = ""
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(2)
        intro = QLabel(self.intro)
        intro.setWordWrap(True)
        self.status = QLabel(objectName="status_label")
        self.status.setWordWrap(True)
        self.copy_button = QPushButton("&Copy result")
        self.copy_button.setToolTip("Copy the result as Markdown text")
        self.copy_button.clicked.connect(self.copy_result)
        left = QWidget()
        self.left = left
        left.setMinimumWidth(330)
        left.setMaximumWidth(460)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.addWidget(intro)
        lv.addLayout(self.form)
        self.extra = QVBoxLayout()
        lv.addLayout(self.extra)
        lv.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        lv.addLayout(row)
        lv.addStretch(1)
        self.form_scroll = ContentScrollArea(objectName="form_scroll")
        self.form_scroll.setWidget(left)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.form_scroll.setMinimumWidth(350)
        self.form_scroll.setMaximumWidth(480)
        self.result = QTextBrowser(objectName="result_browser")
        right = QSplitter(Qt.Orientation.Vertical)
        self.right = right
        right.addWidget(self.result)
        self.plot: pg.PlotWidget | None = None
        if self.has_plot:
            self.plot = pg.PlotWidget(background=theme.plot_background())
            self.plot.showGrid(x=True, y=True, alpha=0.25)
            self.plot.setMinimumHeight(200)
            right.addWidget(self.plot)
            right.setSizes([330, 300])
        lay = QHBoxLayout(self)
        lay.addWidget(self.form_scroll)
        lay.addWidget(right, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        self.build()
        self._fit_form()
        self.recompute()

    def _fit_form(self) -> None:
        """The form's column is wide enough for its fields and a vertical scroll bar: a
        short window scrolls the form down, it never clips it sideways."""
        bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        need = max(self.left.minimumSizeHint().width(), self.left.minimumWidth())
        self.form_scroll.setMinimumWidth(min(need + bar + 4, self.form_scroll.maximumWidth()))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Size the form's column once its widgets are polished (fonts, style)."""
        super().showEvent(event)
        self._fit_form()

    # ---- declaration helpers

    def add_number(self, name: str, label: str, tooltip: str, default: float | None,
                   engine: str | None = None, placeholder: str = "") -> NumberField:
        """A numeric input; ``engine`` is the engine's field name when it differs."""
        f = NumberField(default, placeholder)
        f.setObjectName(name)
        f.edit.setObjectName(f"{name}_edit")
        f.edit.setToolTip(tooltip)
        f.edit.textChanged.connect(self.schedule)
        f.edit.textEdited.connect(lambda _t, n=name: self.user_set.add(n))
        self.form.addRow(label, f)
        self.form.addRow(f.error)
        self.fields[name] = f
        self.engine_names[engine or name] = name
        return f

    def add_choice(self, name: str, label: str, tooltip: str,
                   options: list[tuple[str, str]], engine: str | None = None) -> QComboBox:
        """A drop-down; options are (value, text)."""
        box = QComboBox(objectName=name)
        # long item names (algorithm names) must not widen the form: the list pops up wide
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(14)
        for value, text in options:
            box.addItem(text, value)
        box.setToolTip(tooltip)
        box.currentIndexChanged.connect(self.schedule)
        box.activated.connect(lambda _i, n=name: self.user_set.add(n))
        self.form.addRow(label, box)
        self.fields[name] = box
        self.engine_names[engine or name] = name
        return box

    def add_check(self, name: str, label: str, tooltip: str, checked: bool = False) -> QCheckBox:
        """A tick box."""
        box = QCheckBox(label, objectName=name)
        box.setChecked(checked)
        box.setToolTip(tooltip)
        box.toggled.connect(self.schedule)
        box.clicked.connect(lambda _c, n=name: self.user_set.add(n))
        self.form.addRow(box)  # spans the form: a long label is not cut off
        self.fields[name] = box
        return box

    # ---- subclass API

    def build(self) -> None:
        """Declare the inputs."""
        raise NotImplementedError

    def compute(self, values: dict) -> str:
        """Run the engine and return Markdown (may update the plot)."""
        raise NotImplementedError

    def clear_outputs(self) -> None:
        """Remove results shown outside the result text (plots, tables); subclasses add
        theirs. Called when the inputs have an error, so nothing stale stays on screen."""
        if self.plot is not None:
            self.plot.clear()
            self.plot.setTitle(None)  # hides the title; its text goes too (no stale "15 shards")
            self.plot.getPlotItem().titleLabel.setText("")
            for side in ("bottom", "left"):  # no axes or labels of a result no longer shown
                self.plot.setLabel(side, "")
                self.plot.hideAxis(side)
            legend = self.plot.getPlotItem().legend
            if legend is not None:
                legend.clear()

    # ---- following the wizard

    def follow(self, name: str, value, why: str = "") -> bool:
        """Set an input from elsewhere (wizard, recommendation) unless the user set it
        themselves; ``why`` says where it came from ("" = back to the example value).
        True when the value was applied."""
        if name in self.user_set or name not in self.fields:
            return False
        if why:
            self.from_elsewhere[name] = why
        else:
            self.from_elsewhere.pop(name, None)
        w = self.fields[name]
        if isinstance(w, NumberField):
            text = "" if value is None else _fmt(float(value))
            if w.text() != text:
                w.set_text(text)
        elif isinstance(w, QComboBox):
            select_data(w, value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        return True

    # ---- behaviour

    def schedule(self, *_args) -> None:
        """Recompute shortly after the last edit."""
        self._timer.start()

    def values(self) -> dict:
        """Current inputs (numbers parsed; FieldError on bad text)."""
        out = {}
        for name, w in self.fields.items():
            if isinstance(w, NumberField):
                out[name] = w.value(name)
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
        return out

    def recompute(self) -> None:
        """Validate, compute, show the result or say (once) what to fix."""
        for w in self.fields.values():
            if isinstance(w, NumberField):
                w.set_error("")
        try:
            md = self.compute(self.values())
        except InputError as exc:
            self._show_error(self.engine_names.get(exc.field, exc.field), exc.detail)
            return
        except KnowledgeError as exc:
            self._show_error("", str(exc))
            return
        self.status.setText("")
        self.last_markdown = md
        self.show_markdown(md)
        self.sig_result_changed.emit(md)

    def show_markdown(self, md: str) -> None:
        """Put a result on screen (subclasses may show a shorter form)."""
        self.result.setMarkdown(md)

    def _show_error(self, name: str, message: str) -> None:
        """The message once: under its field when there is one, else in the status line;
        the stale result, plot and tables go."""
        field = self.fields.get(name)
        if isinstance(field, NumberField):
            field.set_error(message)
            self.status.setText("")
        else:
            what = name.replace("_", " ") if name else ""
            if isinstance(field, QWidget):
                label = self.form.labelForField(field)
                what = label.text().rstrip(":").replace("&", "") if label else what
            self.status.setText(theme.span(f"{what}: {message}" if what else message))
        self.last_markdown = ""
        self.result.setMarkdown(NO_RESULT)
        self.clear_outputs()

    def result_markdown(self) -> str:
        """The full result as Markdown (Copy result and the decision record), for the
        inputs on screen: an edit still waiting for its recompute is computed first."""
        if self._timer.isActive():
            self._timer.stop()
            self.recompute()
        return self.last_markdown

    def copy_result(self) -> None:
        """Copy the current result to the clipboard."""
        QGuiApplication.clipboard().setText(self.result_markdown())

    def save_state(self) -> dict:
        """Inputs as plain data (for sessions and QSettings)."""
        state = {}
        for name, w in self.fields.items():
            if isinstance(w, NumberField):
                state[name] = w.text()
            elif isinstance(w, QComboBox):
                state[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                state[name] = w.isChecked()
        state["user_set"] = sorted(self.user_set)
        state["from_elsewhere"] = dict(self.from_elsewhere)
        return state

    def input_sources(self) -> dict[str, list[str]]:
        """Which inputs the user entered, which came from elsewhere (and why) and which
        are still the calculator's example values: the record says so for each result."""
        out: dict[str, list[str]] = {"entered": [], "from_elsewhere": [], "examples": []}
        for name, w in self.fields.items():
            if isinstance(w, NumberField) and not w.text().strip():
                continue                      # an optional input left empty: not used
            if isinstance(w, QWidget) and not w.isEnabled():
                continue                      # not used for the current choices
            label = self.field_label(name)
            if name in self.user_set:
                out["entered"].append(label)
            elif name in self.from_elsewhere:
                out["from_elsewhere"].append(f"{label} ({self.from_elsewhere[name]})")
            else:
                out["examples"].append(label)
        return out

    def field_label(self, name: str) -> str:
        """The label a field has on screen, without its colon and shortcut mark."""
        w = self.fields[name]
        if isinstance(w, QCheckBox):
            text = w.text()
        else:
            label = self.form.labelForField(w)
            text = label.text() if label is not None else name.replace("_", " ")
        return text.replace("&", "").rstrip(":").strip()

    def restore_state(self, state: dict) -> None:
        """Put inputs back (unknown keys and values are ignored)."""
        user_set = (state or {}).get("user_set")
        if isinstance(user_set, list):
            self.user_set = {n for n in user_set if isinstance(n, str) and n in self.fields}
        elsewhere = (state or {}).get("from_elsewhere")
        if isinstance(elsewhere, dict):
            self.from_elsewhere = {n: w for n, w in elsewhere.items()
                                   if n in self.fields and isinstance(w, str)}
        for name, value in (state or {}).items():
            w = self.fields.get(name)
            if isinstance(w, NumberField) and isinstance(value, str):
                w.set_text(value)
            elif isinstance(w, QComboBox):
                select_data(w, value)
            elif isinstance(w, QCheckBox) and isinstance(value, bool):
                w.setChecked(value)
        self.recompute()


def style_axes(plot: pg.PlotWidget, bottom: str, left: str, title: str) -> None:
    """Axis labels with units and a title (plots are always labelled)."""
    for side, text in (("bottom", bottom), ("left", left)):
        plot.showAxis(side)  # an invalid input hid them (CalculatorPage.clear_outputs)
        axis = plot.getAxis(side)
        axis.enableAutoSIPrefix(False)  # "x0.001" scaling misreads learning rates
        plot.setLabel(side, text)
    fit_title(plot, title, "11pt")


def draw_elbow(plot: pg.PlotWidget, curve: dict[int, float], left: str) -> int:
    """WCSS against k with the elbow marked (the elbow calculator and the k-means demo)."""
    from sagewise.knowledge.sim.kmeans import elbow_k

    best = elbow_k(curve)
    ks = sorted(curve)
    plot.clear()
    line = theme.color("series_1")
    plot.plot(ks, [curve[k] for k in ks], pen=pg.mkPen(line, width=2), symbol="o",
              symbolSize=6, symbolBrush=line)
    plot.addItem(pg.ScatterPlotItem([best], [curve[best]], size=14,
                                    brush=pg.mkBrush(theme.color("marker"))))
    style_axes(plot, "Number of clusters k", left, f"Elbow at k = {best}")
    return best
