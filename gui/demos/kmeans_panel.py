"""The k-means demo: watch initialisation, Lloyd / mini-batch / SageMaker steps, the elbow
and random vs k-means++ starts. The maths is knowledge.sim; this page only drives and draws.
"""

from __future__ import annotations

from functools import partial
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
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

from gui import theme
from gui.combo import select_data
from gui.demos.kmeans_view import ClusterView
from gui.plain_text import rich_text
from gui.sizing.page import draw_elbow, style_axes
from gui.workers import Job
from knowledge.errors import Cancelled, InputError, KnowledgeError
from knowledge.sim.datasets import KINDS, generate, to_2d
from knowledge.sim.kmeans import wcss_curve
from knowledge.sim.kmeans_run import MODES, KMeansRun, compare_inits

INIT_SAMPLE = 2500       # points shown with their k-means++ probability
ANALYSIS_SAMPLE = 20_000
WORKER_POINTS = 300_000   # above this a step (a pass over all points) runs in a worker  # elbow and init comparison run on at most this many points
FILE_ITEM = "file"


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
        self.X = np.zeros((0, 2))
        self.file_data: np.ndarray | None = None
        self.file_name = ""
        self.run: KMeansRun | None = None
        self.frame = None
        self.job: Job | None = None
        self.sample = np.arange(0)
        self.elbow: int | None = None
        self.step_job: Job | None = None
        self.stepping = False
        self.comparison: dict | None = None
        self._comparison_k: int | None = None

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
        self.seed = spin(0, 1_000_000, 0, "Seed for the initial centres and batches",
                         "seed_spin")
        algo_box = QGroupBox("Algorithm")
        f = QFormLayout(algo_box)
        f.addRow("k:", self.k)
        f.addRow("Initialisation:", self.init)
        f.addRow("Mode:", self.mode)
        f.addRow("extra_center_factor:", self.factor)
        f.addRow("mini_batch_size:", self.batch)
        f.addRow("Mini-batch steps:", self.batches)
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
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(data_box)
        lv.addWidget(algo_box)
        lv.addLayout(buttons)
        lv.addLayout(speed_row)
        lv.addWidget(self.message)
        lv.addStretch(1)
        left.setFixedWidth(340)

        # ---- plots
        bg = theme.plot_background()
        self.plot_widget = pg.PlotWidget(background=bg)
        self.plot_widget.setAspectLocked(True)
        self.plot_widget.setMenuEnabled(False)
        self.plot_widget.hideButtons()
        self.view = ClusterView(self.plot_widget.getPlotItem())
        self.inertia_plot = pg.PlotWidget(background=bg)
        self.inertia_curve = self.inertia_plot.plot(pen=pg.mkPen("#1565c0", width=2),
                                                    symbol="o", symbolSize=5,
                                                    symbolBrush="#1565c0")
        style_axes(self.inertia_plot, "Step (assignment or mini-batch)", "Inertia (WCSS)",
                   "Inertia after every assignment")
        self.elbow_plot = pg.PlotWidget(background=bg)
        style_axes(self.elbow_plot, "Number of clusters k", "WCSS (best of 2 runs)",
                   "Elbow: press Compute")
        self.compare_plot = pg.PlotWidget(background=bg)
        self.compare_plot.addLegend(offset=(-10, 10))
        style_axes(self.compare_plot, "Final inertia", "Runs",
                   "Random vs k-means++: press Compute")
        self.elbow_button = QPushButton("Compute elbow (k = 1..12)", objectName="elbow_button")
        self.elbow_button.setToolTip("WCSS for k = 1..12 on this data; marks the elbow")
        self.compare_button = QPushButton("Compare starts (40 seeds each)",
                                          objectName="compare_button")
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

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.step_once)
        self.dataset.currentIndexChanged.connect(self.regenerate)
        for box in (self.points, self.clusters, self.data_seed):
            box.valueChanged.connect(self.regenerate)
        self.scale.toggled.connect(self.regenerate)
        self.columns.currentIndexChanged.connect(self.regenerate)
        for box in (self.k, self.factor, self.batch, self.batches, self.seed):
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
        self.regenerate()

    # ---- data

    def regenerate(self, *_args) -> None:
        """Build the data from the controls (generated, or the loaded file) and reset."""
        self.stop()
        from_file = self.dataset.currentData() == FILE_ITEM
        for w in (self.points, self.clusters, self.data_seed):
            w.setEnabled(not from_file)
        self.columns.setEnabled(from_file)
        try:
            if from_file and self.file_data is not None:
                cols = self.columns.currentData()
                self.X = to_2d(self.file_data, tuple(cols) if cols else None,
                               scale=self.scale.isChecked())
            else:
                X = generate(self.dataset.currentData(), self.points.value(),
                             self.clusters.value(), seed=self.data_seed.value())
                self.X = to_2d(X, (0, 1), scale=True) if self.scale.isChecked() else X
        except InputError as exc:
            self._error(str(exc))
            return
        self.view.set_data(self.X)
        self.clear_analyses()
        rng = np.random.default_rng(0)
        self.sample = rng.choice(len(self.X), size=min(len(self.X), INIT_SAMPLE),
                                 replace=False)
        self.reset()

    def use_file(self, path: str) -> bool:
        """Load a CSV of numbers now (small files, tests); errors are shown, data kept."""
        from knowledge.sim.points import load_points

        try:
            data = load_points(path, "data")
        except InputError as exc:
            self._error(str(exc))
            return False
        return self._apply_file(data, path)

    def load_file(self, path: str) -> None:
        """Load a CSV in the background (Cancel works; the current data stays meanwhile)."""
        from knowledge.sim.points import load_points

        def work(progress, cancelled):
            data = load_points(path, "data")
            if cancelled():
                raise Cancelled
            return data, path

        self.analysis_label.setText(rich_text(f"Loading {path}..."))
        self._start_job(work, self._on_file_loaded)
        self.progress.setRange(0, 0)  # busy: pandas gives no progress for one read

    def _on_file_loaded(self, result: tuple) -> None:
        self._job_done()
        self.analysis_label.setText("")
        self._apply_file(*result)

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
        self.cancel_analysis()
        plots = [(self.compare_plot, "Random vs k-means++: press Compute")]
        if elbow:
            plots.append((self.elbow_plot, "Elbow: press Compute"))
            self.elbow = None
        self.comparison, self._comparison_k = None, None
        for plot, title in plots:
            plot.clear()
            plot.setTitle(title, color=theme.text_colour(), size="11pt")
        self.analysis_label.setText("")
        self.progress.setValue(0)

    # ---- running

    def reset(self, *_args) -> None:
        """A fresh run with the current settings."""
        self.stop()
        self._wait_for_step()
        if self.comparison is not None and self._comparison_k != self.k.value():
            self.clear_analyses(elbow=False)
        sagemaker = self.mode.currentData() == "sagemaker"
        mini = self.mode.currentData() != "lloyd"
        self.factor.setEnabled(sagemaker)
        self.batch.setEnabled(mini)
        self.batches.setEnabled(mini)
        try:
            self.run = KMeansRun(self.X, self.k.value(), init=self.init.currentData(),
                                 mode=self.mode.currentData(), seed=self.seed.value(),
                                 batch_size=self.batch.value(), batches=self.batches.value(),
                                 extra_center_factor=self.factor.value())
        except InputError as exc:
            self.run = None
            self._error(str(exc))
            return
        self.frame = None
        self.view.clear_overlays()
        self.view.draw_points(None)
        self.inertia_curve.setData([], [])
        self._set_inertia_title(False)
        self.message.setStyleSheet("")
        self.message.setText(f"{len(self.X):,} points. Press <b>Step</b> to draw the first "
                             "centre, or <b>Run</b>.")
        self._update_buttons()

    def step_once(self) -> None:
        """One visible step, then redraw what changed. Above WORKER_POINTS the step itself
        (a pass over every point) runs in a worker so the window keeps responding."""
        if self.run is None or self.stepping:
            return
        if self.run.done:
            self.stop()
            return
        if len(self.X) > WORKER_POINTS:
            run = self.run

            def work(progress, cancelled):
                return run, run.step()

            self.stepping = True
            self.step_job = Job(work, Cancelled, (KnowledgeError,))
            self.step_job.sig_finished.connect(self._on_step_finished)
            self.step_job.sig_failed.connect(self._on_step_failed)
            self._update_buttons()
            self.step_job.start()
            return
        self._show_frame(self.run.step())

    def _on_step_finished(self, result: tuple) -> None:
        run, frame = result
        self.stepping = False
        if run is self.run:  # a reset while the step ran makes it stale
            self._show_frame(frame)
        self._update_buttons()

    def _on_step_failed(self, message: str) -> None:
        self.stepping = False
        self.stop()
        self._error(message)

    def _wait_for_step(self) -> None:
        if self.step_job is not None and self.step_job.running:
            self.step_job.thread.wait(30_000)
        self.stepping = False

    def _show_frame(self, frame) -> None:
        before = self.frame.labels if self.frame is not None else None
        self.frame = frame
        if frame.labels is not None and frame.labels is not before:
            self.view.draw_points(frame.labels)
        self.view.draw_init(frame.probs, frame.chosen, self.sample)
        self.view.draw_centres(frame.centers, self.run.trail)
        if self.run.inertia:
            if len(self.run.inertia) == 1:
                self._set_inertia_title(True)
            self.inertia_curve.setData(np.arange(1, len(self.run.inertia) + 1),
                                       self.run.inertia)
        self.message.setStyleSheet("")
        self.message.setText(frame.text)
        if self.run.done:
            self.stop()
        self._update_buttons()

    def _set_inertia_title(self, has_values: bool) -> None:
        self.inertia_plot.setTitle("Inertia after every assignment" if has_values else
                                   "Inertia: none until the first assignment",
                                   color=theme.text_colour(), size="11pt")

    def toggle_run(self) -> None:
        """Run / Pause."""
        if self.timer.isActive():
            self.stop()
        elif self.run is not None and not self.run.done:
            self._on_speed_changed(self.speed.value())
            self.timer.start()
            self._update_buttons()

    def stop(self) -> None:
        """Pause."""
        self.timer.stop()
        self._update_buttons()

    def _on_speed_changed(self, value: int) -> None:
        self.timer.setInterval(int(1000 / max(1, value)))

    def _on_regions_toggled(self, on: bool) -> None:
        self.view.show_regions = on
        if self.frame is not None:
            self.view.draw_centres(self.frame.centers, self.run.trail)

    def _update_buttons(self) -> None:
        running = self.timer.isActive()
        can_step = self.run is not None and not self.run.done and not self.stepping
        self.run_button.setText("&Pause" if running else "&Run")
        self.run_button.setEnabled(can_step or running)
        self.step_button.setEnabled(can_step and not running)

    def _error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(rich_text(text))  # may quote a file name or a cell
        self._update_buttons()

    # ---- background analyses

    def _sample_note(self) -> str:
        return (f" (a random {ANALYSIS_SAMPLE:,}-point sample of the {len(self.X):,}, so the "
                "inertia is on a smaller scale than the run above)"
                if len(self.X) > ANALYSIS_SAMPLE else "")

    def _analysis_data(self) -> np.ndarray:
        if len(self.X) <= ANALYSIS_SAMPLE:
            return self.X
        idx = np.random.default_rng(0).choice(len(self.X), ANALYSIS_SAMPLE, replace=False)
        return self.X[idx]

    def _start_job(self, work, finished) -> None:
        self.cancel_analysis()
        self.job = Job(work, Cancelled, (KnowledgeError,))
        self.job.sig_progress.connect(self._on_job_progress)
        self.job.sig_finished.connect(finished)
        self.job.sig_failed.connect(self._on_job_failed)
        self.job.sig_cancelled.connect(self._on_job_cancelled)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.elbow_button.setEnabled(False)
        self.compare_button.setEnabled(False)
        self.job.start()

    def _job_done(self) -> None:
        self.progress.setRange(0, 100)
        self.cancel_button.setEnabled(False)
        self.elbow_button.setEnabled(True)
        self.compare_button.setEnabled(True)

    def compute_elbow(self) -> None:
        """WCSS for k = 1..12 in the background; the elbow is marked."""
        X = self._analysis_data()
        top = min(12, len(X))
        work = partial(wcss_curve, X, 1, top, seed=self.seed.value())  # the shared settings

        self.tabs.setCurrentWidget(self.elbow_plot)
        self.analysis_label.setText(f"Computing WCSS for k = 1..{top} on {len(X):,} points...")
        self._start_job(work, self._on_elbow_finished)

    def compute_comparison(self) -> None:
        """Final inertia from 40 random and 40 k-means++ starts, in the background."""
        X = self._analysis_data()
        k, runs = self.k.value(), 40
        if k > len(X):
            self._error(f"k = {k} is more than the {len(X)} points")
            return
        work = partial(compare_inits, X, k, runs=runs, seed=self.seed.value(), max_iter=100)

        self.tabs.setCurrentWidget(self.compare_plot)
        self.analysis_label.setText(f"Running Lloyd from {2 * runs} starts at k = {k} on "
                                    f"{len(X):,} points...")
        self._start_job(work, self._on_comparison_finished)

    def cancel_analysis(self) -> None:
        """Stop a running analysis."""
        if self.job is not None and self.job.running:
            self.job.wait()
        self._job_done()

    def _on_job_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))

    def _on_job_failed(self, message: str) -> None:
        self._job_done()
        self.analysis_label.setText(f"<span style='color:#c62828'>{escape(message)}</span>")
        self._error(message)

    def _on_job_cancelled(self) -> None:
        self._job_done()
        self.analysis_label.setText("Cancelled.")

    def _on_elbow_finished(self, curve: dict) -> None:
        self._job_done()
        self.progress.setValue(100)
        best = draw_elbow(self.elbow_plot, curve, "WCSS (best of 2 runs)")
        self.elbow = best
        self.analysis_label.setText(f"Suggested k = <b>{best}</b>: the k farthest below the "
                                    "line joining the ends of log(WCSS)"
                                    f"{self._sample_note()}. Set k to it and Run.")

    def _on_comparison_finished(self, result: dict) -> None:
        self._job_done()
        self.progress.setValue(100)
        p = self.compare_plot
        p.clear()
        allv = np.concatenate([result["random"], result["kmeans++"]])
        lo, hi = float(allv.min()), float(allv.max())
        edges = np.linspace(lo, hi if hi > lo else lo + 1, 16)
        for name, colour in (("random", "#ef6c00"), ("kmeans++", "#1565c0")):
            counts, _ = np.histogram(result[name], bins=edges)
            p.plot(edges, counts, stepMode="center", fillLevel=0,
                   brush=pg.mkBrush(colour + "66"), pen=pg.mkPen(colour, width=2),
                   name="k-means++" if name == "kmeans++" else "random")
        style_axes(p, "Final inertia (lower is better)", "Runs",
                   f"Random vs k-means++ starts, k = {self.k.value()}")
        r, pp = np.array(result["random"]), np.array(result["kmeans++"])
        best = min(r.min(), pp.min())
        self.comparison, self._comparison_k = result, self.k.value()
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
                "seed": self.seed.value()}

    def restore_state(self, state: dict) -> None:
        """Restore settings; unknown or out-of-range values keep the defaults."""
        state = state or {}
        widgets = [self.dataset, self.points, self.clusters, self.data_seed, self.scale,
                   self.k, self.init, self.mode, self.factor, self.batch, self.batches,
                   self.seed]
        for w in widgets:
            w.blockSignals(True)
        for key, box in (("dataset", self.dataset), ("init", self.init), ("mode", self.mode)):
            select_data(box, state.get(key))
        for key, box in (("points", self.points), ("clusters", self.clusters),
                         ("data_seed", self.data_seed), ("k", self.k),
                         ("extra_center_factor", self.factor),
                         ("mini_batch_size", self.batch), ("batches", self.batches),
                         ("seed", self.seed)):
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
        self.timer.stop()
        self._wait_for_step()
        if self.job is not None and self.job.running:
            self.job.wait()
