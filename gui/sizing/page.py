"""A calculator page: input form, live validation, result text, optional plot.

Subclasses declare their inputs with ``add_number`` / ``add_choice`` / ``add_check`` and
implement ``compute(values) -> markdown``; the page debounces edits, shows engine errors
next to the field they name, and keeps its inputs for the session.
"""

from __future__ import annotations

from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui import theme
from gui.combo import select_data
from knowledge.errors import InputError, KnowledgeError

ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fff3f3; }"
DEBOUNCE_MS = 150


class FieldError(Exception):
    """A field's text is not a number."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class NumberField(QWidget):
    """A line edit for a number, with its own error line underneath."""

    def __init__(self, default: float | None, placeholder: str = "") -> None:
        super().__init__()
        self.edit = QLineEdit("" if default is None else _fmt(default))
        self.edit.setPlaceholderText(placeholder)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(self.edit)
        lay.addWidget(self.error)

    def value(self, name: str) -> float | None:
        """The number, None when empty; FieldError when it is not a number."""
        text = self.edit.text().strip().replace(",", "").replace("_", "")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise FieldError(name, f"'{self.edit.text()}' is not a number") from None

    def set_error(self, message: str) -> None:
        """Show or clear the error under the field."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.edit.setStyleSheet(ERROR_STYLE if message else "")

    def text(self) -> str:
        """Raw text (for saving state)."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Restore raw text."""
        self.edit.setText(text)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


class CalculatorPage(QWidget):
    """Base class: form on the left; result (and plot) on the right."""

    sig_result_changed = Signal(str)
    """The result as Markdown after each successful computation (str)."""

    title = "Calculator"
    intro = ""
    has_plot = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.engine_names: dict[str, str] = {}   # engine field -> our field name
        self.last_markdown = ""
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        intro = QLabel(self.intro)
        intro.setWordWrap(True)
        self.status = QLabel(objectName="status_label")
        self.status.setWordWrap(True)
        self.copy_button = QPushButton("&Copy result")
        self.copy_button.setToolTip("Copy the result as Markdown text")
        self.copy_button.clicked.connect(self.copy_result)
        left = QWidget()
        self.left = left
        left.setMinimumWidth(360)
        left.setMaximumWidth(460)
        lv = QVBoxLayout(left)
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
        self.result = QTextBrowser(objectName="result_browser")
        right = QSplitter(Qt.Orientation.Vertical)
        self.right = right
        right.addWidget(self.result)
        self.plot: pg.PlotWidget | None = None
        if self.has_plot:
            self.plot = pg.PlotWidget(background=theme.plot_background())
            self.plot.showGrid(x=True, y=True, alpha=0.25)
            self.plot.setMinimumHeight(240)
            right.addWidget(self.plot)
            right.setSizes([330, 300])
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addWidget(right, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        self.build()
        self.recompute()

    # ---- declaration helpers

    def add_number(self, name: str, label: str, tooltip: str, default: float | None,
                   engine: str | None = None, placeholder: str = "") -> NumberField:
        """A numeric input; ``engine`` is the engine's field name when it differs."""
        f = NumberField(default, placeholder)
        f.setObjectName(name)
        f.edit.setObjectName(f"{name}_edit")
        f.edit.setToolTip(tooltip)
        f.edit.textChanged.connect(self.schedule)
        self.form.addRow(label, f)
        self.fields[name] = f
        self.engine_names[engine or name] = name
        return f

    def add_choice(self, name: str, label: str, tooltip: str,
                   options: list[tuple[str, str]], engine: str | None = None) -> QComboBox:
        """A drop-down; options are (value, text)."""
        box = QComboBox(objectName=name)
        for value, text in options:
            box.addItem(text, value)
        box.setToolTip(tooltip)
        box.currentIndexChanged.connect(self.schedule)
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
        self.form.addRow("", box)
        self.fields[name] = box
        return box

    # ---- subclass API

    def build(self) -> None:
        """Declare the inputs."""
        raise NotImplementedError

    def compute(self, values: dict) -> str:
        """Run the engine and return Markdown (may update the plot)."""
        raise NotImplementedError

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
        """Validate, compute, show the result or say what to fix."""
        for w in self.fields.values():
            if isinstance(w, NumberField):
                w.set_error("")
        try:
            md = self.compute(self.values())
        except FieldError as exc:
            self._show_error(exc.name, str(exc))
            return
        except InputError as exc:
            self._show_error(self.engine_names.get(exc.field, exc.field), exc.detail)
            return
        except KnowledgeError as exc:
            self._show_error("", str(exc))
            return
        self.status.setText("")
        self.last_markdown = md
        self.result.setMarkdown(md)
        self.sig_result_changed.emit(md)

    def _show_error(self, name: str, message: str) -> None:
        field = self.fields.get(name)
        if isinstance(field, NumberField):
            field.set_error(message)
            label = self.form.labelForField(field)
            what = label.text().rstrip(":").replace("&", "") if label else name
        else:
            what = name.replace("_", " ") if name else "input"
        self.status.setText(f"<span style='color:#c62828'>Check <b>{escape(what)}</b>: "
                            f"{escape(message)}</span>")
        self.result.setMarkdown(f"*No result yet: {escape(what)} - {escape(message)}*")
        if self.plot is not None:
            self.plot.clear()

    def result_markdown(self) -> str:
        """The full result as Markdown (Copy result and the decision record)."""
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
        return state

    def restore_state(self, state: dict) -> None:
        """Put inputs back (unknown keys and values are ignored)."""
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
        axis = plot.getAxis(side)
        axis.enableAutoSIPrefix(False)  # "x0.001" scaling misreads learning rates
        plot.setLabel(side, text)
    plot.setTitle(title, color=theme.text_colour(), size="11pt")


def draw_elbow(plot: pg.PlotWidget, curve: dict[int, float], left: str) -> int:
    """WCSS against k with the elbow marked (the elbow calculator and the k-means demo)."""
    from knowledge.sim.kmeans import elbow_k

    best = elbow_k(curve)
    ks = sorted(curve)
    plot.clear()
    plot.plot(ks, [curve[k] for k in ks], pen=pg.mkPen("#1565c0", width=2), symbol="o",
              symbolSize=6, symbolBrush="#1565c0")
    plot.addItem(pg.ScatterPlotItem([best], [curve[best]], size=14,
                                    brush=pg.mkBrush("#c62828")))
    style_axes(plot, "Number of clusters k", left, f"Elbow at k = {best}")
    return best
