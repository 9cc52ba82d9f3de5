"""The Data page: open a dataset, see what it needs, feed the wizard, write the training file.

A thin view over :mod:`knowledge.data`: the profile runs in a worker (progress, Cancel);
choosing a target, a time column or an algorithm re-analyses the kept profile on the spot.
Nothing here computes statistics; every number comes from the knowledge layer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data, size_to_items, tip_items
from sagewise.gui.data.columns_model import (
    DIST_COLUMN,
    HEADERS,
    ColumnsModel,
    DistributionDelegate,
)
from sagewise.gui.data.rich_text import advice_html, saved_shape_html, shape_html
from sagewise.gui.data.rich_text import esc as _esc
from sagewise.gui.plot_title import fit_title
from sagewise.gui.plotting import pg
from sagewise.gui.workers import Job
from sagewise.knowledge.errors import Cancelled, InputError, KnowledgeError
from sagewise.knowledge.wording import count


def _error(text: str) -> str:
    """An error message in the theme's error colour (the text is escaped)."""
    return theme.span(text)


DATA_FILTER = ("Datasets (*.csv *.tsv *.txt *.gz *.parquet *.pq *.jsonl *.ndjson *.json);;"
               "All files (*)")


# ---- dialog helpers (tests monkeypatch these)

def ask_open_file(parent, title: str, filt: str) -> str:
    """A file to open, or ''."""
    return QFileDialog.getOpenFileName(parent, title, "", filt)[0]


def ask_open_folder(parent, title: str) -> str:
    """A folder to open, or ''."""
    return QFileDialog.getExistingDirectory(parent, title)


def ask_save_file(parent, title: str, suggestion: str, filt: str) -> str:
    """A file to write, or ''."""
    return QFileDialog.getSaveFileName(parent, title, suggestion, filt)[0]


class DataPanel(QWidget):
    """Open a file or folder; columns, missing values, advice, wizard answers, shape, SQL."""

    sig_use_in_wizard = Signal(dict, dict)
    """Suggested wizard answers (question -> answer) and their evidence (question -> text)."""
    sig_changed = Signal()
    """The user's data choices changed (for the session's modified mark)."""
    sig_status = Signal(str)
    """A short message for the status bar (str)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = None          # knowledge.data.profile.Profile (not saved)
        self.report = None           # knowledge.data.report.DataReport
        self.summary: dict = {}      # what is shown (report.to_json() or a restored one)
        self.path = ""
        self.job: Job | None = None
        self._after_profile: dict = {}
        self._updating = False
        self._build()

    # ---- layout

    def _build(self) -> None:
        self.open_file_button = QPushButton("&Open file...", objectName="open_data_file")
        self.open_file_button.setToolTip("Profile a CSV, TSV, Parquet or JSON Lines file "
                                         "(gzip accepted)")
        self.open_folder_button = QPushButton("Open fol&der...", objectName="open_data_folder")
        self.open_folder_button.setToolTip("Profile a folder of parts as one dataset (like an "
                                           "S3 prefix feeding a SageMaker channel)")
        self.progress = QProgressBar(objectName="data_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", objectName="data_cancel")
        self.cancel_button.setToolTip("Stop reading (nothing you had is changed)")
        self.cancel_button.setEnabled(False)
        self.info = QLabel("Open a dataset to see what it needs before training: column "
                           "kinds, gaps, skew, leakage, and the shape SageMaker wants.",
                           objectName="data_info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        for w in (self.open_file_button, self.open_folder_button, self.progress,
                  self.cancel_button):
            top.addWidget(w)
        top.addWidget(self.info, 1)

        self.target_box = QComboBox(objectName="target_box")
        self.target_box.setToolTip("The column to predict: problem type, class shares, "
                                   "leakage and the split advice follow it")
        self.target_box.setMinimumContentsLength(12)
        self.time_box = QComboBox(objectName="time_box")
        self.time_box.setToolTip("A time column switches the split advice to time-based and "
                                 "checks order and gaps")
        self.time_box.setMinimumContentsLength(12)
        for box in (self.target_box, self.time_box):
            size_to_items(box)
        self.choice_message = QLabel(objectName="data_choice_message")
        self.choice_message.setWordWrap(True)
        self.use_button = QPushButton("Use in &wizard", objectName="use_in_wizard")
        self.use_button.setToolTip("Send the data answers (size, sparsity, categories, labels, "
                                   "balance, series) to the wizard as suggestions to confirm")
        self.use_button.setEnabled(False)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("&Target:", buddy=self.target_box))
        pick.addWidget(self.target_box)
        pick.addWidget(QLabel("T&ime column:", buddy=self.time_box))
        pick.addWidget(self.time_box)
        pick.addWidget(self.choice_message, 1)
        pick.addWidget(self.use_button)

        self.model = ColumnsModel()
        self.table = QTableView(objectName="data_columns")
        self.table.setModel(self.model)
        self.table.setItemDelegate(DistributionDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        self.table.setToolTip("One row per column; hover a row for its details")
        head = self.table.horizontalHeader()
        # Every column sized to its content (names first, capped): a stretched name column
        # was squeezed to "cu..." by the others in a small window; the table scrolls instead.
        for i in range(len(HEADERS)):
            head.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        head.setMaximumSectionSize(220)
        head.setStretchLastSection(True)
        head.setSectionResizeMode(DIST_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(DIST_COLUMN, 84)

        self.missing_plot = pg.PlotWidget(objectName="missing_plot")
        self.missing_plot.setMenuEnabled(False)
        self.missing_plot.setMouseEnabled(False, False)
        self.missing_plot.setToolTip("Share of missing values per column")
        self.dist_plot = pg.PlotWidget(objectName="distribution_plot")
        self.dist_plot.setMenuEnabled(False)
        self.dist_plot.setMouseEnabled(False, False)
        self.dist_plot.setToolTip("The selected column's histogram or most frequent values")
        # An empty plot says nothing: a short note takes its place when there is nothing to draw.
        self.plot_notes: dict[object, QLabel] = {}
        self.plot_stacks: dict[object, QStackedWidget] = {}
        plots = QWidget()
        pl = QHBoxLayout(plots)
        pl.setContentsMargins(0, 0, 0, 0)
        for plot, name in ((self.missing_plot, "missing_note"), (self.dist_plot, "dist_note")):
            note = QLabel(objectName=name)
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            note.setMargin(8)
            note.setFrameShape(QFrame.Shape.StyledPanel)
            stack = QStackedWidget()
            stack.addWidget(plot)
            stack.addWidget(note)
            self.plot_notes[plot], self.plot_stacks[plot] = note, stack
            pl.addWidget(stack)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(plots)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        self.advice = QTextBrowser(objectName="data_advice")
        self.advice.setOpenLinks(False)
        self.tabs = QTabWidget(objectName="data_tabs")
        self.tabs.addTab(self.advice, "&Advice")
        self.tabs.addTab(self._build_shape_tab(), "&SageMaker input")
        self.tabs.addTab(self._build_athena_tab(), "Athe&na")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.splitter = split
        self._sized = False

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(pick)
        lay.addWidget(split, 1)

        self.open_file_button.clicked.connect(self._on_open_file_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.target_box.currentIndexChanged.connect(self._on_choice_changed)
        self.time_box.currentIndexChanged.connect(self._on_choice_changed)
        self.use_button.clicked.connect(self.use_in_wizard)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self._empty_plots()

    def _build_shape_tab(self) -> QWidget:
        from sagewise.knowledge.catalog import load_catalog

        w = QWidget()
        self.algorithm_box = QComboBox(objectName="shape_algorithm")
        self.algorithm_box.setToolTip("The built-in algorithm whose training input to prepare")
        self.algorithm_box.addItem("Choose an algorithm", "")
        for algo in sorted(load_catalog().algorithms.values(), key=lambda a: a.name.lower()):
            self.algorithm_box.addItem(algo.name, algo.id)
        # Sized to a short name, not the longest: the box stretches across the tab anyway, and
        # sizing it to the longest name made this hidden tab squeeze the table and plots.
        self.algorithm_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.algorithm_box.setMinimumContentsLength(16)
        tip_items(self.algorithm_box)
        self.shape_text = QTextBrowser(objectName="shape_text")
        self.convert_button = QPushButton("&Convert for SageMaker...", objectName="convert")
        self.convert_button.setToolTip("Write the prepared training file in this shape "
                                       "(streamed, with progress)")
        self.convert_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(QLabel("A&lgorithm:", buddy=self.algorithm_box))
        row.addWidget(self.algorithm_box, 1)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.convert_button)
        v = QVBoxLayout(w)
        v.addLayout(row)
        v.addWidget(self.shape_text, 1)
        v.addLayout(row2)
        self.algorithm_box.currentIndexChanged.connect(self._on_choice_changed)
        self.convert_button.clicked.connect(self._on_convert_clicked)
        return w

    def _build_athena_tab(self) -> QWidget:
        w = QWidget()
        self.table_edit = QLineEdit(objectName="athena_table")
        self.table_edit.setPlaceholderText("database.table")
        self.table_edit.setToolTip("The Athena table holding the full dataset")
        self.sql_button = QPushButton("&Generate SQL", objectName="athena_generate")
        self.sql_button.setToolTip("The same profile as Athena (Trino) SQL, to run where the "
                                   "data lives")
        self.sql_text = QPlainTextEdit(objectName="athena_sql")
        self.sql_text.setReadOnly(True)
        self.sql_text.setToolTip("The profile as Athena SQL: one result row per column")
        self.sql_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.sql_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.sql_text.setPlaceholderText("Open a sample of the table, name the table, then "
                                         "Generate SQL. Run it in Athena and load its result "
                                         "CSV here.")
        self.copy_sql_button = QPushButton("Cop&y SQL", objectName="athena_copy")
        self.copy_sql_button.setToolTip("Copy the SQL to the clipboard")
        self.load_result_button = QPushButton("Load Athena &result...",
                                              objectName="athena_load")
        self.load_result_button.setToolTip("Show a downloaded result CSV of this SQL as the "
                                           "profile")
        self.athena_message = QLabel(objectName="athena_message")
        self.athena_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("Ta&ble:", buddy=self.table_edit))
        row.addWidget(self.table_edit, 1)
        row.addWidget(self.sql_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.copy_sql_button)
        row2.addWidget(self.load_result_button)
        row2.addStretch(1)
        v = QVBoxLayout(w)
        v.addLayout(row)
        v.addWidget(self.athena_message)
        v.addWidget(self.sql_text, 1)
        v.addLayout(row2)
        self.sql_button.clicked.connect(self.generate_sql)
        self.table_edit.returnPressed.connect(self.generate_sql)
        self.copy_sql_button.clicked.connect(self._on_copy_sql_clicked)
        self.load_result_button.clicked.connect(self._on_load_result_clicked)
        return w

    def showEvent(self, event) -> None:
        """Give the table the larger share the first time the page is shown."""
        super().showEvent(event)
        if not self._sized and self.splitter.width() > 0:
            self._sized = True
            w = self.splitter.width()
            self.splitter.setSizes([int(w * 0.6), w - int(w * 0.6)])

    # ---- opening

    def _on_open_file_clicked(self) -> None:
        path = ask_open_file(self, "Open a dataset", DATA_FILTER)
        if path:
            self.open_path(path)

    def _on_open_folder_clicked(self) -> None:
        path = ask_open_folder(self, "Open a folder of parts")
        if path:
            self.open_path(path)

    def open_path(self, path: str, keep: dict | None = None) -> None:
        """Profile a file or folder in a worker; the current view stays until it succeeds."""
        from sagewise.knowledge.data.profile import profile_file

        if self.job is not None and self.job.running:
            self.sig_status.emit("Still reading the previous dataset: cancel it first")
            return
        self._after_profile = keep or {}
        self.job = Job(lambda progress, cancelled: profile_file(path, progress, cancelled),
                       Cancelled, (KnowledgeError,))
        self.job.sig_progress.connect(self._on_progress)
        self.job.sig_finished.connect(self._on_profiled)
        self.job.sig_failed.connect(self._on_failed)
        self.job.sig_cancelled.connect(self._on_cancelled)
        self._busy(True)
        self.info.setText(f"Reading {_esc(path)} ...")
        self.job.start()

    def _busy(self, on: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(on)
        self.cancel_button.setEnabled(on)
        for b in (self.open_file_button, self.open_folder_button, self.convert_button,
                  self.load_result_button):
            b.setEnabled(not on)
        if not on:
            self.convert_button.setEnabled(bool(self.report and self._shape_writes()))

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))

    def cancel(self) -> None:
        """Stop the running read or conversion."""
        if self.job is not None:
            self.job.cancel()

    def _on_failed(self, message: str) -> None:
        self._busy(False)
        self.info.setText(_error((message)) + (" Your previous dataset is still "
                                                         "shown." if self.summary else ""))
        self.sig_status.emit("Could not profile the dataset")

    def _on_cancelled(self) -> None:
        self._busy(False)
        self.info.setText("Cancelled; nothing was changed." if not self.summary else
                          "Cancelled; the previous dataset is still shown.")

    def _on_profiled(self, prof) -> None:
        self._busy(False)
        keep = self._after_profile or {"target": self.target_box.currentData() or "",
                                       "time_column": self.time_box.currentData() or ""}
        if prof.path != self.path:
            keep = self._after_profile or {}
        self.profile = prof
        self.path = prof.path
        self._fill_pickers(prof.columns, keep.get("target", ""), keep.get("time_column", ""))
        self.analyse()
        self.sig_changed.emit()
        self.sig_status.emit(f"Profiled {Path(prof.path).name}: {prof.rows:,} rows")

    def _fill_pickers(self, columns, target: str, time_col: str) -> None:
        from sagewise.knowledge.data.target import time_column_choices

        self._updating = True
        self.target_box.clear()
        self.target_box.addItem("(none)", "")
        self.time_box.clear()
        self.time_box.addItem("(none)", "")
        for c in columns:
            name = c["name"] if isinstance(c, dict) else c.name
            kind = c["kind"] if isinstance(c, dict) else c.kind
            self.target_box.addItem(f"{name}  ({kind})", name)
        for name, label in time_column_choices(columns, time_col):
            self.time_box.addItem(label, name)
        select_data(self.target_box, target)
        select_data(self.time_box, time_col)
        tip_items(self.target_box)
        tip_items(self.time_box)
        self._updating = False

    # ---- analysis

    def _on_choice_changed(self, _index: int = 0) -> None:
        if self._updating:
            return
        if self.profile is None and self.path and self.summary.get("format") != "athena":
            # A restored session keeps the summary only: re-read the file for new choices.
            if not Path(self.path).exists():
                self.choice_message.setText(_error(
                    f"{self.path} is no longer there: open the dataset again to change "
                    "the target or time column"))
                return
            self.open_path(self.path, {"target": self.target_box.currentData() or "",
                                       "time_column": self.time_box.currentData() or ""})
            return
        self.analyse()
        self.sig_changed.emit()

    def analyse(self) -> None:
        """Re-analyse the kept profile for the chosen target, time column and algorithm."""
        from sagewise.knowledge.data.report import analyse

        if self.profile is None:
            self._show_shape()
            return
        target = self.target_box.currentData() or None
        time_col = self.time_box.currentData() or None
        algorithm = self.algorithm_box.currentData() or None
        problems = []
        try:
            report = analyse(self.profile, target, time_col, algorithm)
        except InputError as exc:
            problems.append(exc.detail)
            try:
                bad_target = exc.field == "target"
                report = analyse(self.profile, None if bad_target else target,
                                 time_col if bad_target else None, algorithm)
            except InputError as exc2:
                problems.append(exc2.detail)
                report = analyse(self.profile, None, None, algorithm)
        self.report = report
        self.choice_message.setText(_error(("; ".join(problems))) if problems else "")
        self.summary = report.to_json()
        self.show_summary()

    def _shape_writes(self) -> bool:
        return bool(self.summary.get("shape", {}).get("writes"))

    def _show_shape(self) -> None:
        from sagewise.knowledge.data.shape import sagemaker_shape

        algorithm = self.algorithm_box.currentData() or ""
        self.summary.pop("shape", None)
        self.convert_button.setEnabled(False)
        if not algorithm:
            self.shape_text.setHtml("<p>Choose an algorithm to see the training input it "
                                    "reads and how this dataset gets there.</p>")
            return
        if self.report is None:
            self.shape_text.setHtml("<p>Open the dataset (or re-open it) to plan the "
                                    "conversion.</p>")
            return
        try:
            shape = sagemaker_shape(algorithm, self.report)
        except InputError as exc:
            self.shape_text.setHtml(f"<p>{_error((exc.detail))}</p>")
            return
        except KnowledgeError as exc:
            self.shape_text.setHtml(f"<p>{_error((str(exc)))}</p>")
            return
        self.summary["shape"] = shape.to_dict()
        self.shape_text.setHtml(shape_html(shape))
        self.convert_button.setEnabled(bool(shape.writes) and
                                       not (self.job is not None and self.job.running))

    def show_summary(self) -> None:
        """Fill the table, plots, advice and shape from ``self.summary``."""
        s = self.summary
        if not s:
            self.model.set_rows([])
            self.advice.clear()
            self._empty_plots()
            self.use_button.setEnabled(False)
            return
        self.model.set_rows(s.get("columns", []))
        name = Path(s.get("path", "")).name
        rows = f"{s['rows']:,} rows" + ("" if s.get("rows_exact", True) else " (estimated)")
        parts = [f"<b>{_esc(name)}</b>: {rows}, {len(s.get('columns', []))} columns, "
                 f"{s.get('format', '')}" + (f", {s['files']} files" if s.get("files", 1) > 1
                                             else "")]
        if s.get("duplicate_rows"):
            parts.append(count(s["duplicate_rows"], "duplicate row"))
        text = "; ".join(parts) + "."
        notes = ([s["sample_note"]] if s.get("sample_note") else []) + s.get("warnings", [])
        if notes:
            text += f" <span style='color:{theme.muted_colour()}'>" + _esc(
                " ".join(n[0].upper() + n[1:] + "." for n in notes)) + "</span>"
        self.info.setText(text)
        self.advice.setHtml(advice_html(s))
        self.use_button.setEnabled(bool(s.get("answers")))
        self._plot_missing(s.get("columns", []))
        if self.model.rowCount():
            current = self.table.currentIndex().row()
            self.table.selectRow(current if 0 <= current < self.model.rowCount() else 0)
            self._plot_distribution(self.model.rows[max(0, current)] if 0 <= current <
                                    self.model.rowCount() else self.model.rows[0])
        self._show_shape()

    # ---- plots

    def _style(self, plot, title: str) -> None:
        plot.setBackground(theme.plot_background())
        fit_title(plot, title, "9pt")
        self.plot_stacks[plot].setCurrentWidget(plot)

    def _note(self, plot, text: str) -> None:
        """Show a short explanation where the plot would be empty."""
        plot.clear()
        self.plot_notes[plot].setText(text)
        self.plot_stacks[plot].setCurrentWidget(self.plot_notes[plot])

    def plot_note(self, plot) -> str:
        """The note shown instead of this plot ('' when the plot is shown)."""
        stack = self.plot_stacks[plot]
        return self.plot_notes[plot].text() if stack.currentWidget() is not plot else ""

    def _empty_plots(self) -> None:
        self._note(self.missing_plot, "Missing values per column appear here once a dataset "
                   "is open.")
        self._note(self.dist_plot, "Select a column to see its distribution.")

    def _plot_missing(self, columns: list[dict]) -> None:
        p = self.missing_plot
        p.clear()
        self._style(p, "Missing values (%)")
        if not columns:
            self._note(p, "No columns were read, so there are no missing values to show.")
            return
        share = [100 * c["missing_fraction"] for c in columns]
        if not any(share):
            self._note(p, f"Missing values: none. All {len(columns)} columns are complete, "
                       "so nothing needs filling in.")
            return
        p.addItem(pg.BarGraphItem(x0=0, y=list(range(len(columns))), width=share, height=0.7,
                                  brush="#e53935"))
        p.getPlotItem().invertY(True)
        ax = p.getAxis("left")
        ax.setTicks([[(i, _short(c["name"], 12)) for i, c in enumerate(columns)]]
                    if len(columns) <= 30 else None)
        p.setXRange(0, 100, padding=0.02)
        p.setYRange(-0.5, len(columns) - 0.5, padding=0.02)

    def _plot_distribution(self, col: dict) -> None:
        p = self.dist_plot
        p.clear()
        hist = col.get("histogram") or []
        numeric = col.get("kind") in ("numeric", "id") and col.get("mean") is not None
        what = ("histogram" if numeric else "rows over time" if col.get("kind") == "datetime"
                else "top values")
        name = _short(col["name"], 24)
        if col.get("kind") == "id":
            self._note(p, f"{name} is an identifier: almost every value is different, so its "
                       "distribution says nothing. Keep it aside to join results back.")
            return
        if not hist:
            self._note(p, f"{name}: no values to draw (the column is empty).")
            return
        self._style(p, f"{name}: {what}")
        p.addItem(pg.BarGraphItem(x=list(range(len(hist))), height=[c for _, c in hist],
                                  width=0.85, brush="#1e88e5"))
        ax = p.getAxis("bottom")
        # as many 10-character labels as the plot's width holds (about 90 px each)
        fits = max(2, min(4, p.width() // 90)) if p.width() > 0 else 2
        step = max(1, -(-len(hist) // fits))
        ax.setTicks([[(i, _short(str(label), 10)) for i, (label, _) in enumerate(hist)
                      if i % step == 0]])

    def _on_row_changed(self, current, _previous) -> None:
        if current.isValid() and current.row() < len(self.model.rows):
            self._plot_distribution(self.model.rows[current.row()])

    # ---- actions

    def use_in_wizard(self) -> None:
        """Send the data answers to the wizard (as suggestions the user confirms)."""
        answers = dict(self.summary.get("answers") or {})
        if not answers:
            return
        self.sig_use_in_wizard.emit(answers, dict(self.summary.get("evidence") or {}))

    def _on_convert_clicked(self) -> None:
        shape = self.summary.get("shape") or {}
        if not shape.get("writes") or self.report is None:
            return
        stem = Path(self.path).name.split(".")[0] or "train"
        suffix = shape.get("suffix") or ".csv"
        out = ask_save_file(self, "Write the training file",
                            str(Path(self.path).parent / f"{stem}-{shape['algorithm']}{suffix}"),
                            f"Training file (*{suffix});;All files (*)")
        if out:
            self.convert_to(out)

    def convert_to(self, out: str) -> None:
        """Write the training file for the chosen algorithm in a worker."""
        from sagewise.knowledge.data.convert import convert
        from sagewise.knowledge.data.shape import sagemaker_shape

        if self.job is not None and self.job.running:
            return
        try:
            shape = sagemaker_shape(self.algorithm_box.currentData(), self.report)
        except KnowledgeError as exc:
            self.shape_text.append(_error((str(exc))))
            return
        report = self.report
        self.job = Job(lambda progress, cancelled: convert(report, shape, out, progress,
                                                           cancelled),
                       Cancelled, (KnowledgeError,))
        self.job.sig_progress.connect(self._on_progress)
        self.job.sig_finished.connect(self._on_converted)
        self.job.sig_failed.connect(self._on_convert_failed)
        self.job.sig_cancelled.connect(self._on_convert_cancelled)
        self._busy(True)
        self.sig_status.emit(f"Writing {out} ...")
        self.job.start()

    def _on_converted(self, result) -> None:
        self._busy(False)
        first, *rest = result.lines()
        items = "".join(f"<li>{_esc(n)}</li>" for n in rest)
        self.shape_text.append(f"<p><b>{_esc(first)}</b></p><ul>{items}</ul>")
        self.sig_status.emit(f"Wrote {result.path}")

    def _on_convert_failed(self, message: str) -> None:
        self._busy(False)
        self.shape_text.append(f"<p>{_error((message))}</p>")

    def _on_convert_cancelled(self) -> None:
        self._busy(False)
        self.shape_text.append("<p>Conversion cancelled; no file was written.</p>")

    def generate_sql(self) -> None:
        """Write the profile as Athena SQL for the named table."""
        from sagewise.knowledge.data.athena import sql_for_profile

        if self.profile is None:
            self.athena_message.setText(_error("Open a sample of the table first: its "
                                                     "columns and kinds decide the SQL."))
            return
        try:
            sql = sql_for_profile(self.table_edit.text().strip(), self.profile,
                                  self.target_box.currentData() or None)
        except InputError as exc:
            self.athena_message.setText(_error((exc.detail)))
            return
        self.athena_message.setText("Run this in Athena (Trino SQL), download the result as "
                                    "CSV and load it here.")
        self.sql_text.setPlainText(sql)
        self.sig_changed.emit()

    def _on_copy_sql_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.sql_text.toPlainText())
        self.sig_status.emit("Copied the SQL" if self.sql_text.toPlainText() else
                             "Nothing to copy")

    def _on_load_result_clicked(self) -> None:
        path = ask_open_file(self, "Load an Athena result", "CSV (*.csv);;All files (*)")
        if path:
            self.load_athena_result(path)

    def load_athena_result(self, path: str) -> None:
        """Show an Athena result CSV as the profile (approximate; no sample)."""
        from sagewise.knowledge.data.athena import athena_profile
        from sagewise.knowledge.data.report import analyse

        try:
            prof = athena_profile(path, self.table_edit.text().strip())
        except KnowledgeError as exc:
            self.athena_message.setText(_error((str(exc))))
            return
        self.profile = None
        self.report = analyse(prof)
        self.path = path
        self.summary = self.report.to_json()
        self._fill_pickers(prof.columns, "", "")
        self.choice_message.setText("From an Athena result: choose a target on a sample "
                                    "file to analyse it.")
        self.show_summary()
        self.athena_message.setText(f"Loaded {_esc(Path(path).name)}: {prof.rows:,} rows.")
        self.sig_changed.emit()

    # ---- session, record, copy

    def save_state(self) -> dict:
        """What the session keeps (the computed summary, not the data)."""
        return {"path": self.path, "target": self.target_box.currentData() or "",
                "time_column": self.time_box.currentData() or "",
                "algorithm": self.algorithm_box.currentData() or "",
                "athena_table": self.table_edit.text(), "summary": self.summary}

    def restore_state(self, state: dict) -> None:
        """Show a saved summary; choices that need the data re-read the file when changed."""
        self.reset()
        if not isinstance(state, dict):
            return
        summary = state.get("summary")
        if isinstance(summary, dict) and isinstance(summary.get("columns"), list) and \
                all(isinstance(c, dict) and {"name", "kind", "missing_fraction", "unique"}
                    <= set(c) for c in summary["columns"]) and \
                isinstance(summary.get("rows"), int):
            self.summary = summary
            self.path = str(state.get("path") or summary.get("path") or "")
        self._updating = True
        select_data(self.algorithm_box, str(state.get("algorithm") or ""))
        self._updating = False
        self.table_edit.setText(str(state.get("athena_table") or ""))
        if self.summary:
            self._fill_pickers(self.summary["columns"], str(state.get("target") or ""),
                               str(state.get("time_column") or ""))
            self.show_summary()
            shape = summary.get("shape")
            if shape:
                self.summary["shape"] = shape
                self.shape_text.setHtml(saved_shape_html(shape))

    def reset(self) -> None:
        """An empty page (New session)."""
        self.profile = None
        self.report = None
        self.summary = {}
        self.path = ""
        self._updating = True
        self.target_box.clear()
        self.time_box.clear()
        self.algorithm_box.setCurrentIndex(0)
        self._updating = False
        self.table_edit.clear()
        self.sql_text.clear()
        self.athena_message.clear()
        self.choice_message.clear()
        self.info.setText("Open a dataset to see what it needs before training: column "
                          "kinds, gaps, skew, leakage, and the shape SageMaker wants.")
        self.show_summary()
        self._show_shape()

    def record_markdown(self) -> str:
        """The decision record's Data section ("" when no dataset was profiled)."""
        from sagewise.knowledge.data.report import data_markdown

        return data_markdown(self.save_state())

    def copy_text(self) -> str:
        """What Edit > Copy copies."""
        if self.tabs.currentIndex() == 2 and self.sql_text.toPlainText():
            return self.sql_text.toPlainText()
        return self.record_markdown()

    def shutdown(self) -> None:
        """Stop background work (window closing)."""
        if self.job is not None and self.job.running:
            self.job.wait()


def _short(text: str, limit: int) -> str:
    """A label cut to ``limit`` characters shows that it was cut."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"
