"""The k-means demo: watch initialisation, Lloyd / mini-batch / SageMaker steps, the elbow
and random vs k-means++ starts. The maths is knowledge.sim; the run, its timer and the
background jobs live in :class:`gui.demos.kmeans_controller.KMeansController`; this page
only forwards the controls and draws what the controller reports.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data
from sagewise.gui.demos import demo_colours as dc
from sagewise.gui.demos.kmeans_controller import ANALYSIS_SAMPLE, KMeansController
from sagewise.gui.demos.kmeans_view import ClusterView
from sagewise.gui.plain_text import rich_text
from sagewise.gui.plot_title import fit_title
from sagewise.gui.plotting import pg
from sagewise.gui.scroll import ContentScrollArea
from sagewise.gui.sizing.page import draw_elbow, style_axes
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.datasets import KINDS, generate, to_2d
from sagewise.knowledge.sim.kmeans_run import MODES

FILE_ITEM = "file"
ANALYSIS_PLOT_MIN_HEIGHT = 170   # px: title, axis labels and a curve stay legible


def spin(lo: int, hi: int, value: int, tip: str, name: str, step: int = 1) -> QSpinBox:
    """A spin box with a tooltip (its range is the validation)."""
    box = QSpinBox(objectName=name)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    box.setToolTip(f"{tip} ({lo:,} to {hi:,})")
    return box


class KMeansPanel(QWidget):
    """Interactive k-means."""

    sig_status = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kmeans_panel")
        self.ctl = KMeansController(self)
        self.file_data: np.ndarray | None = None
        self.file_name = ""
        left = self._build_controls()
        self._build_plots(left)
        self._wire()
        self._drawn_labels = None
        # the 20,000 demo points are generated when the page is first shown or used, not
        # while the app opens (see _ensure_data)
        self._data_pending = True

    def _ensure_data(self) -> None:
        """Generate the data from the controls if that has not happened yet."""
        if self._data_pending:
            self.regenerate()

    def showEvent(self, event) -> None:
        """The first time the demo is seen, its data is generated."""
        self._ensure_data()
        super().showEvent(event)

    # ---- construction (view pieces)

    def _build_controls(self) -> QWidget:
        """Data, algorithm and run controls in a scrolling column."""
        # ---- data controls
        self.dataset = QComboBox(objectName="dataset_box")
        for key, text in KINDS.items():
            self.dataset.addItem(text, key)
        self.dataset.setToolTip("Generated data; the last two show where k-means fails")
        self.points = spin(10, 1_000_000, 20_000, "Points to generate", "points_spin", 1000)
        self.clusters = spin(1, 20, 5, "Blobs to generate", "clusters_spin")
        self.data_seed = spin(0, 1_000_000, 0, "Seed for the data", "data_seed_spin")
        self.load_button = QPushButton("Load &CSV...", objectName="load_csv_button")
        self.load_button.setToolTip("Cluster your own numeric data")
        self.columns = QComboBox(objectName="columns_box")
        self.columns.setToolTip("Two columns to plot, or PCA of all numeric columns")
        self.columns.setEnabled(False)
        self.scale = QCheckBox("Standardise columns", objectName="scale_check")
        self.scale.setToolTip("Unscaled features let the widest column decide every distance")
        data_box = QGroupBox("Data")
        f = QFormLayout(data_box)
        f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        f.addRow("Dataset:", self.dataset)
        f.addRow("Points:", self.points)
        f.addRow("Blobs:", self.clusters)
        f.addRow("Data seed:", self.data_seed)
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addWidget(self.scale)
        f.addRow(row)
        f.addRow("Columns:", self.columns)

        # ---- algorithm controls
        self.k = spin(1, 20, 5, "Number of clusters k", "k_spin")
        self.init = QComboBox(objectName="init_box")
        self.init.addItem("k-means++", "kmeans++")
        self.init.addItem("Random points", "random")
        self.init.setToolTip("How the first centres are chosen")
        self.mode = QComboBox(objectName="mode_box")
        for key, text in MODES.items():
            self.mode.addItem(text, key)
        self.mode.setToolTip("Full-batch Lloyd, Sculley's mini-batch, or SageMaker's variant")
        self.factor = spin(1, 20, 4, "SageMaker extra_center_factor: K = k x this during "
                           "the pass", "factor_spin")
        self.batch = spin(10, 100_000, 500, "mini_batch_size: points per step", "batch_spin",
                          100)
        self.batches = spin(1, 1000, 30, "Mini-batch steps before stopping", "batches_spin")
        self.half_life = spin(0, 10_000_000, 0, "SageMaker half_life_time_size: an old "
                              "point's weight halves after this many further points; 0 = no "
                              "decay", "half_life_spin", 500)
        self.half_life.setSpecialValueText("0 (no decay)")
        self.seed = spin(0, 1_000_000, 0, "Seed for the initial centres and batches",
                         "seed_spin")
        algo_box = QGroupBox("Algorithm")
        f = QFormLayout(algo_box)
        f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        f.addRow("k:", self.k)
        f.addRow("Initialisation:", self.init)
        f.addRow("Mode:", self.mode)
        f.addRow("extra_center_factor:", self.factor)
        f.addRow("mini_batch_size:", self.batch)
        f.addRow("Mini-batch steps:", self.batches)
        f.addRow("half_life_time_size:", self.half_life)
        f.addRow("Seed:", self.seed)

        # ---- run controls
        self.step_button = QPushButton("&Step", objectName="step_button")
        self.step_button.setToolTip("One visible step: a centre drawn, assign, update, batch")
        self.run_button = QPushButton("&Run", objectName="run_button")
        self.run_button.setToolTip("Step automatically until it converges (again to pause)")
        self.reset_button = QPushButton("R&eset", objectName="reset_button")
        self.reset_button.setToolTip("Start again with the current settings")
        self.speed = QSlider(Qt.Orientation.Horizontal, objectName="speed_slider")
        self.speed.setRange(1, 30)
        self.speed.setValue(4)
        self.speed.setToolTip("Steps per second while running")
        self.regions = QCheckBox("Shade regions", objectName="regions_check")
        self.regions.setChecked(True)
        self.regions.setToolTip("Each centre's Voronoi region: where a new point would go")
        buttons = QHBoxLayout()
        for b in (self.step_button, self.run_button, self.reset_button):
            buttons.addWidget(b)
        speed_row = QHBoxLayout()
        speed_row.addWidget(QLabel("Speed:"))
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.regions)
        self.message = QLabel(objectName="kmeans_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(70)
        inner = QWidget()
        lv = QVBoxLayout(inner)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.addWidget(data_box)
        lv.addWidget(algo_box)
        lv.addLayout(buttons)
        lv.addLayout(speed_row)
        lv.addWidget(self.message)
        lv.addStretch(1)
        # the controls scroll when the window is short (1024 x 700) instead of clipping
        left = ContentScrollArea(objectName="kmeans_controls")
        left.setWidget(inner)
        left.setWidgetResizable(True)
        left.setFrameShape(QFrame.Shape.NoFrame)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setFixedWidth(330)
        for box in (self.dataset, self.mode, self.init, self.columns):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
        return left

    def _build_plots(self, left: QWidget) -> None:
        """The cluster plot above, inertia / elbow / comparison tabs below."""
        bg = theme.plot_background()
        self.plot_widget = pg.PlotWidget(background=bg)
        self.plot_widget.setAspectLocked(True)
        self.plot_widget.setMenuEnabled(False)
        self.plot_widget.hideButtons()
        self.view = ClusterView(self.plot_widget.getPlotItem())
        self.inertia_plot = pg.PlotWidget(background=bg)
        blue = dc.agent_colours()["qlearning"]
        self.inertia_curve = self.inertia_plot.plot(pen=pg.mkPen(blue, width=2),
                                                    symbol="o", symbolSize=5,
                                                    symbolBrush=blue)
        # SageMaker mode: where the K centres were reduced to k
        self.reduce_line = pg.InfiniteLine(
            angle=90, movable=False,
            pen=pg.mkPen(dc.agent_colours()["sarsa"], width=1.5, style=Qt.PenStyle.DashLine),
            label="reduce K -> k", labelOpts={"position": 0.85,
                                              "color": dc.agent_colours()["sarsa"]})
        self.reduce_line.hide()
        self.inertia_plot.addItem(self.reduce_line)
        self.inertia_plot.getAxis("left").setWidth(64)   # room for six-digit inertias
        style_axes(self.inertia_plot, "Step (assignment or mini-batch)", "Inertia (WCSS)",
                   "Inertia after every assignment")
        self.elbow_plot = pg.PlotWidget(background=bg)
        style_axes(self.elbow_plot, "Number of clusters k", "WCSS (best of 2 runs)",
                   "Elbow: press Compute")
        self.compare_plot = pg.PlotWidget(background=bg)
        self.compare_plot.addLegend(offset=(-10, 10))
        style_axes(self.compare_plot, "Final inertia", "Runs",
                   "Random vs k-means++: press Compute")
        self.elbow_button = QPushButton("Elbow (k = 1..12)", objectName="elbow_button")
        self.elbow_button.setToolTip("WCSS for k = 1..12 on this data; marks the elbow")
        self.compare_button = QPushButton("Compare starts", objectName="compare_button")
        self.compare_button.setToolTip("Final inertia of Lloyd from 40 random and 40 k-means++ "
                                       "starts at the current k")
        self.cancel_button = QPushButton("Cancel", objectName="cancel_button")
        self.cancel_button.setToolTip("Stop the elbow, the comparison or a file load")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(objectName="analysis_progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.analysis_label = QLabel(objectName="analysis_label")
        self.analysis_label.setWordWrap(True)
        for plot in (self.inertia_plot, self.elbow_plot, self.compare_plot):
            plot.setMinimumHeight(ANALYSIS_PLOT_MIN_HEIGHT)  # readable in a 700 px window
        self.tabs = QTabWidget(objectName="kmeans_plot_tabs")
        self.tabs.addTab(self.inertia_plot, "Inertia per step")
        self.tabs.addTab(self.elbow_plot, "Elbow (choose k)")
        self.tabs.addTab(self.compare_plot, "Random vs k-means++")
        analysis = QHBoxLayout()
        for w in (self.elbow_button, self.compare_button, self.cancel_button):
            analysis.addWidget(w)
        analysis.addWidget(self.progress, 1)
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.tabs, 1)
        bv.addLayout(analysis)
        bv.addWidget(self.analysis_label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot_widget)
        split.addWidget(bottom)
        split.setSizes([520, 300])
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addWidget(split, 1)

    def _wire(self) -> None:
        """Controls to the controller, the controller's reports to the views."""
        c = self.ctl
        c.sig_reset.connect(self._on_run_reset)
        c.sig_frame.connect(self._show_frame)
        c.sig_state.connect(self._update_buttons)
        c.sig_error.connect(self._error)
        c.sig_job_started.connect(self._on_job_started)
        c.sig_job_progress.connect(self._on_job_progress)
        c.sig_job_finished.connect(self._job_done)
        c.sig_job_failed.connect(self._on_job_failed)
        c.sig_job_cancelled.connect(self._on_job_cancelled)
        c.sig_elbow.connect(self._on_elbow_finished)
        c.sig_comparison.connect(self._on_comparison_finished)
        c.sig_file_loaded.connect(self._on_file_loaded)
        self.dataset.currentIndexChanged.connect(self.regenerate)
        for box in (self.points, self.clusters, self.data_seed):
            box.valueChanged.connect(self.regenerate)
        self.scale.toggled.connect(self.regenerate)
        self.columns.currentIndexChanged.connect(self.regenerate)
        for box in (self.k, self.factor, self.batch, self.batches, self.seed, self.half_life):
            box.valueChanged.connect(self.reset)
        self.init.currentIndexChanged.connect(self.reset)
        self.mode.currentIndexChanged.connect(self.reset)
        self.step_button.clicked.connect(self.step_once)
        self.run_button.clicked.connect(self.toggle_run)
        self.reset_button.clicked.connect(self.reset)
        self.speed.valueChanged.connect(self._on_speed_changed)
        self.regions.toggled.connect(self._on_regions_toggled)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.elbow_button.clicked.connect(self.compute_elbow)
        self.compare_button.clicked.connect(self.compute_comparison)
        self.cancel_button.clicked.connect(self.cancel_analysis)

    # ---- the controller's state, as tests and the main window know it

    @property
    def X(self) -> np.ndarray:  # noqa: N802 - the data matrix
        """The points being clustered."""
        self._ensure_data()
        return self.ctl.X

    @property
    def run(self):
        """The stepped run."""
        self._ensure_data()
        return self.ctl.run

    @property
    def frame(self):
        """The last step drawn."""
        self._ensure_data()
        return self.ctl.frame

    @property
    def timer(self):
        """The animation timer."""
        return self.ctl.timer

    @property
    def stepping(self) -> bool:
        """A step is running in the worker."""
        return self.ctl.stepping

    @property
    def job(self):
        """The background analysis (elbow, comparison, file load)."""
        return self.ctl.job

    @property
    def elbow(self) -> int | None:
        """The suggested k from the last elbow computation."""
        return self.ctl.elbow

    @property
    def comparison(self) -> dict | None:
        """The last random vs k-means++ result."""
        return self.ctl.comparison

    # ---- data

    def regenerate(self, *_args) -> None:
        """Build the data from the controls (generated, or the loaded file) and reset."""
        self._data_pending = False
        self.stop()
        from_file = self.dataset.currentData() == FILE_ITEM
        for w in (self.points, self.clusters, self.data_seed):
            w.setEnabled(not from_file)
        self.columns.setEnabled(from_file)
        try:
            if from_file and self.file_data is not None:
                cols = self.columns.currentData()
                X = to_2d(self.file_data, tuple(cols) if cols else None,
                          scale=self.scale.isChecked())
            else:
                X = generate(self.dataset.currentData(), self.points.value(),
                             self.clusters.value(), seed=self.data_seed.value())
                X = to_2d(X, (0, 1), scale=True) if self.scale.isChecked() else X
        except InputError as exc:
            self._error(str(exc))
            return
        self.ctl.set_data(X)
        self.view.set_data(X)
        self.clear_analyses()
        self.reset()

    def use_file(self, path: str) -> bool:
        """Load a CSV of numbers now (small files, tests); errors are shown, data kept."""
        from sagewise.knowledge.sim.points import load_points

        try:
            data = load_points(path, "data")
        except InputError as exc:
            self._error(str(exc))
            return False
        return self._apply_file(data, path)

    def load_file(self, path: str) -> None:
        """Load a CSV in the background (Cancel works; the current data stays meanwhile)."""
        self.analysis_label.setText(rich_text(f"Loading {path}..."))
        self.ctl.load_file(path)
        self.progress.setRange(0, 0)  # busy: pandas gives no progress for one read

    def _on_file_loaded(self, data, path: str) -> None:
        self.analysis_label.setText("")
        self._apply_file(data, path)

    def _apply_file(self, data: np.ndarray, path: str) -> bool:
        if data.shape[0] < 2:
            self._error(f"{path}: needs at least two rows of numbers")
            return False
        self.file_data, self.file_name = data, path
        self.columns.blockSignals(True)
        self.columns.clear()
        if data.shape[1] > 2:
            self.columns.addItem(f"PCA of all {data.shape[1]} columns", None)
        for a in range(data.shape[1]):
            for b in range(a + 1, data.shape[1]):
                self.columns.addItem(f"column {a + 1} vs column {b + 1}", (a, b))
        if data.shape[1] == 1:
            self.columns.addItem("column 1 (needs a second column)", None)
        self.columns.blockSignals(False)
        if self.dataset.findData(FILE_ITEM) < 0:
            self.dataset.addItem("Loaded file", FILE_ITEM)
        self.dataset.blockSignals(True)
        select_data(self.dataset, FILE_ITEM)
        self.dataset.blockSignals(False)
        self.regenerate()
        self.sig_status.emit(f"Loaded {len(data):,} rows x {data.shape[1]} columns")
        return True

    def _on_load_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CSV of numbers", "", "CSV (*.csv *.txt)")
        if path:
            self.load_file(path)

    def clear_analyses(self, elbow: bool = True) -> None:
        """Results that no longer describe the data (or k) are removed, not left stale."""
        self.ctl.forget_analyses(elbow)
        plots = [(self.compare_plot, "Random vs k-means++: press Compute")]
        if elbow:
            plots.append((self.elbow_plot, "Elbow: press Compute"))
        for plot, title in plots:
            plot.clear()
            fit_title(plot, title, "11pt")
        self.analysis_label.setText("")
        self.progress.setValue(0)

    # ---- running

    def reset(self, *_args) -> None:
        """A fresh run with the current settings."""
        if self._data_pending:
            self.regenerate()   # which resets
            return
        self.stop()
        self.ctl.wait_for_step()
        if self.ctl.comparison is not None and self.ctl.comparison_k != self.k.value():
            self.clear_analyses(elbow=False)
        sagemaker = self.mode.currentData() == "sagemaker"
        mini = self.mode.currentData() != "lloyd"
        self.factor.setEnabled(sagemaker)
        for w in (self.batch, self.batches, self.half_life):
            w.setEnabled(mini)
        self.ctl.new_run(k=self.k.value(), init=self.init.currentData(),
                         mode=self.mode.currentData(), seed=self.seed.value(),
                         batch_size=self.batch.value(), batches=self.batches.value(),
                         extra_center_factor=self.factor.value(),
                         half_life_time_size=self.half_life.value() if mini else 0)

    def _on_run_reset(self) -> None:
        self._drawn_labels = None
        self.view.clear_overlays()
        self.view.draw_points(None)
        self.inertia_curve.setData([], [])
        self.reduce_line.hide()
        self._set_inertia_title(False)
        self.message.setStyleSheet("")
        self.message.setText(f"{len(self.X):,} points. Press <b>Step</b> to draw the first "
                             "centre, or <b>Run</b>.")

    def step_once(self) -> None:
        """One visible step, then redraw what changed (large data: in a worker)."""
        self._ensure_data()
        self.ctl.step_once()

    def _show_frame(self, frame) -> None:
        before = self._drawn_labels
        if frame.labels is not None and frame.labels is not before:
            self.view.draw_points(frame.labels)
            self._drawn_labels = frame.labels
        self.view.draw_init(frame.probs, frame.chosen, self.ctl.sample)
        self.view.draw_centres(frame.centers, self.run.trail)
        run = self.run
        if run.inertia:
            if len(run.inertia) == 1:
                self._set_inertia_title(True)
            self.inertia_curve.setData(np.arange(1, len(run.inertia) + 1), run.inertia)
        if run.reduce_at is not None:
            # between the last mini-batch (K centres) and the first inertia with k centres
            self.reduce_line.setValue(run.reduce_at - 0.5)
            self.reduce_line.show()
        self.message.setStyleSheet("")
        self.message.setText(frame.text)

    def _set_inertia_title(self, has_values: bool) -> None:
        fit_title(self.inertia_plot, "Inertia after every assignment" if has_values else
                  "Inertia: none until the first assignment", "11pt")

    def toggle_run(self) -> None:
        """Run / Pause."""
        self._ensure_data()
        self._on_speed_changed(self.speed.value())
        self.ctl.toggle_run()

    def stop(self) -> None:
        """Pause."""
        self.ctl.stop()

    def _on_speed_changed(self, value: int) -> None:
        self.ctl.set_speed(value)

    def _on_regions_toggled(self, on: bool) -> None:
        self.view.show_regions = on
        if self.frame is not None:
            self.view.draw_centres(self.frame.centers, self.run.trail)

    def _update_buttons(self) -> None:
        running = self.ctl.timer.isActive()
        can_step = self.ctl.can_step
        self.run_button.setText("&Pause" if running else "&Run")
        self.run_button.setEnabled(can_step or running)
        self.step_button.setEnabled(can_step and not running)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {dc.status(True)};")
        self.message.setText(rich_text(text))  # may quote a file name or a cell
        self._update_buttons()

    # ---- background analyses

    def _sample_note(self) -> str:
        return (f" (a random {ANALYSIS_SAMPLE:,}-point sample of the {len(self.X):,}, so the "
                "inertia is on a smaller scale than the run above)"
                if len(self.X) > ANALYSIS_SAMPLE else "")

    def _on_job_started(self) -> None:
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.elbow_button.setEnabled(False)
        self.compare_button.setEnabled(False)

    def _job_done(self) -> None:
        self.progress.setRange(0, 100)
        self.cancel_button.setEnabled(False)
        self.elbow_button.setEnabled(True)
        self.compare_button.setEnabled(True)

    def compute_elbow(self) -> None:
        """WCSS for k = 1..12 in the background; the elbow is marked."""
        self._ensure_data()
        self.tabs.setCurrentWidget(self.elbow_plot)
        n = len(self.ctl.analysis_data())
        # the text goes first: a quick job may report before this method returns
        self.analysis_label.setText(f"Computing WCSS for k = 1..{min(12, n)} on {n:,} "
                                    "points...")
        self.ctl.compute_elbow(self.seed.value())

    def compute_comparison(self) -> None:
        """Final inertia from 40 random and 40 k-means++ starts, in the background."""
        self._ensure_data()
        k, n = self.k.value(), len(self.ctl.analysis_data())
        if k > n:
            self._error(f"k = {k} is more than the {n} points")
            return
        self.tabs.setCurrentWidget(self.compare_plot)
        self.analysis_label.setText(f"Running Lloyd from 80 starts at k = {k} on {n:,} "
                                    "points...")
        self.ctl.compute_comparison(k, self.seed.value(), runs=40)

    def cancel_analysis(self) -> None:
        """Stop a running analysis."""
        self.ctl.cancel_analysis()

    def _on_job_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))

    def _on_job_failed(self, message: str) -> None:
        self.analysis_label.setText(
            f"<span style='color:{dc.status(True)}'>{escape(message)}</span>")
        self._error(message)

    def _on_job_cancelled(self) -> None:
        self.analysis_label.setText("Cancelled.")

    def _on_elbow_finished(self, curve: dict) -> None:
        self.progress.setValue(100)
        best = draw_elbow(self.elbow_plot, curve, "WCSS (best of 2 runs)")
        self.ctl.elbow = best
        self.analysis_label.setText(f"Suggested k = <b>{best}</b>: the k farthest below the "
                                    "line joining the ends of log(WCSS)"
                                    f"{self._sample_note()}. Set k to it and Run.")

    def _on_comparison_finished(self, result: dict) -> None:
        self.progress.setValue(100)
        p = self.compare_plot
        p.clear()
        allv = np.concatenate([result["random"], result["kmeans++"]])
        lo, hi = float(allv.min()), float(allv.max())
        edges = np.linspace(lo, hi if hi > lo else lo + 1, 16)
        colours = dc.agent_colours()
        for name, colour in (("random", colours["sarsa"]), ("kmeans++", colours["qlearning"])):
            counts, _ = np.histogram(result[name], bins=edges)
            p.plot(edges, counts, stepMode="center", fillLevel=0,
                   brush=pg.mkBrush(colour + "66"), pen=pg.mkPen(colour, width=2),
                   name="k-means++" if name == "kmeans++" else "random")
        style_axes(p, "Final inertia (lower is better)", "Runs",
                   f"Random vs k-means++ starts, k = {self.ctl.comparison_k}")
        r, pp = np.array(result["random"]), np.array(result["kmeans++"])
        best = min(r.min(), pp.min())
        self.analysis_label.setText(
            f"Mean final inertia: random {r.mean():,.1f}, k-means++ {pp.mean():,.1f}. Runs "
            f"within 1% of the best: random {(r <= best * 1.01).sum()}/{len(r)}, k-means++ "
            f"{(pp <= best * 1.01).sum()}/{len(pp)}{self._sample_note()}.")

    # ---- session

    def save_state(self) -> dict:
        """Settings (generated data is re-created from them; a loaded file is not saved)."""
        data = self.dataset.currentData()
        return {"dataset": data if data != FILE_ITEM else "blobs",
                "points": self.points.value(), "clusters": self.clusters.value(),
                "data_seed": self.data_seed.value(), "scale": self.scale.isChecked(),
                "k": self.k.value(), "init": self.init.currentData(),
                "mode": self.mode.currentData(), "extra_center_factor": self.factor.value(),
                "mini_batch_size": self.batch.value(), "batches": self.batches.value(),
                "half_life_time_size": self.half_life.value(), "seed": self.seed.value()}

    def restore_state(self, state: dict) -> None:
        """Restore settings; unknown or out-of-range values keep the defaults."""
        state = state or {}
        widgets = [self.dataset, self.points, self.clusters, self.data_seed, self.scale,
                   self.k, self.init, self.mode, self.factor, self.batch, self.batches,
                   self.seed, self.half_life]
        for w in widgets:
            w.blockSignals(True)
        for key, box in (("dataset", self.dataset), ("init", self.init), ("mode", self.mode)):
            select_data(box, state.get(key))
        for key, box in (("points", self.points), ("clusters", self.clusters),
                         ("data_seed", self.data_seed), ("k", self.k),
                         ("extra_center_factor", self.factor),
                         ("mini_batch_size", self.batch), ("batches", self.batches),
                         ("half_life_time_size", self.half_life), ("seed", self.seed)):
            v = state.get(key)
            if isinstance(v, int) and not isinstance(v, bool) and \
                    box.minimum() <= v <= box.maximum():
                box.setValue(v)
        if isinstance(state.get("scale"), bool):
            self.scale.setChecked(state["scale"])
        for w in widgets:
            w.blockSignals(False)
        self.regenerate()

    def shutdown(self) -> None:
        """Stop the timer, a running step and any analysis."""
        self.ctl.shutdown()
