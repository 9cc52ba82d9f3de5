"""The k-means demo's state, timer and workers, apart from its widgets.

Orange-style split: the controller holds the data, the stepped run, the animation timer,
the worker that steps very large data and the background analyses (elbow, random vs
k-means++ starts, file loading); the panel shows what it reports through signals. A test
can drive the controller without drawing anything.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from sagewise.gui.workers import Job
from sagewise.knowledge.errors import Cancelled, InputError, KnowledgeError
from sagewise.knowledge.sim.kmeans import wcss_curve
from sagewise.knowledge.sim.kmeans_run import KMeansRun, compare_inits

INIT_SAMPLE = 2500        # points shown with their k-means++ probability
ANALYSIS_SAMPLE = 20_000  # elbow and init comparison run on at most this many points
WORKER_POINTS = 300_000   # above this a step (a pass over all points) runs in a worker


class KMeansController(QObject):
    """Data, a stepped k-means run, its timer and background jobs."""

    sig_reset = Signal()
    """A new run: views clear their overlays."""
    sig_frame = Signal(object)
    """A step's Frame to draw."""
    sig_state = Signal()
    """Running / stepping changed (buttons follow)."""
    sig_error = Signal(str)
    """Something the user must read."""
    sig_job_started = Signal()
    sig_job_progress = Signal(float)
    sig_job_failed = Signal(str)
    sig_job_cancelled = Signal()
    sig_job_finished = Signal()
    """The analysis job ended, whatever its outcome (buttons re-enable)."""
    sig_elbow = Signal(object)
    sig_comparison = Signal(object)
    sig_file_loaded = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.X = np.zeros((0, 2))
        self.sample = np.arange(0)
        self.run: KMeansRun | None = None
        self.frame = None
        self.step_job: Job | None = None
        self.stepping = False
        self.job: Job | None = None
        self.elbow: int | None = None
        self.comparison: dict | None = None
        self.comparison_k: int | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.step_once)

    # ---- data and runs

    def set_data(self, X: np.ndarray) -> None:
        """New points (a fixed sample of them shows the k-means++ chances)."""
        self.stop()
        self.X = X
        rng = np.random.default_rng(0)
        self.sample = rng.choice(len(X), size=min(len(X), INIT_SAMPLE), replace=False)

    def new_run(self, **settings) -> bool:
        """A fresh run with ``settings`` (KMeansRun's keywords); False if they are bad."""
        self.stop()
        self.wait_for_step()
        try:
            self.run = KMeansRun(self.X, **settings)
        except InputError as exc:
            self.run = None
            self.sig_error.emit(str(exc))
            return False
        self.frame = None
        self.sig_reset.emit()
        self.sig_state.emit()
        return True

    def step_once(self) -> None:
        """One visible step. Above WORKER_POINTS the step (a pass over every point) runs
        in a worker so the window keeps responding."""
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
            self.sig_state.emit()
            self.step_job.start()
            return
        self._show(self.run.step())

    def _on_step_finished(self, result: tuple) -> None:
        run, frame = result
        self.stepping = False
        if run is self.run:  # a reset while the step ran makes it stale
            self._show(frame)
        self.sig_state.emit()

    def _on_step_failed(self, message: str) -> None:
        self.stepping = False
        self.stop()
        self.sig_error.emit(message)

    def _show(self, frame) -> None:
        self.frame = frame
        self.sig_frame.emit(frame)
        if self.run.done:
            self.stop()
        self.sig_state.emit()

    def wait_for_step(self) -> None:
        """Let a step running in the worker finish (before a reset or on exit)."""
        if self.step_job is not None and self.step_job.running:
            self.step_job.thread.wait(30_000)
        self.stepping = False

    def toggle_run(self) -> None:
        """Run / Pause."""
        if self.timer.isActive():
            self.stop()
        elif self.run is not None and not self.run.done:
            self.timer.start()
            self.sig_state.emit()

    def stop(self) -> None:
        """Pause."""
        self.timer.stop()
        self.sig_state.emit()

    def set_speed(self, steps_per_second: int) -> None:
        """Steps per second while running."""
        self.timer.setInterval(int(1000 / max(1, steps_per_second)))

    @property
    def can_step(self) -> bool:
        """A step is possible now."""
        return self.run is not None and not self.run.done and not self.stepping

    # ---- background analyses

    def analysis_data(self) -> np.ndarray:
        """The data, or a fixed random sample of ANALYSIS_SAMPLE points."""
        if len(self.X) <= ANALYSIS_SAMPLE:
            return self.X
        idx = np.random.default_rng(0).choice(len(self.X), ANALYSIS_SAMPLE, replace=False)
        return self.X[idx]

    def start_job(self, work, finished) -> None:
        """Run ``work(progress, cancelled)`` in a worker; ``finished(result)`` on success."""
        self.cancel_analysis()
        self.job = Job(work, Cancelled, (KnowledgeError,))
        self.job.sig_progress.connect(self.sig_job_progress)
        # A bound method of this (GUI-thread) object, so Qt queues the call onto the GUI
        # thread: a partial or lambda has no receiver and would run in the worker thread.
        self._job_done_call = finished
        self.job.sig_finished.connect(self._on_job_finished)
        self.job.sig_failed.connect(self._on_job_failed)
        self.job.sig_cancelled.connect(self._on_job_cancelled)
        self.sig_job_started.emit()
        self.job.start()

    def _on_job_finished(self, result) -> None:
        self._job_done_call(result)

    def compute_elbow(self, seed: int) -> int:
        """WCSS for k = 1..12 (fewer on tiny data) in the background; returns the top k."""
        X = self.analysis_data()
        top = min(12, len(X))
        self.start_job(partial(wcss_curve, X, 1, top, seed=seed),  # the shared elbow settings
                       self._on_elbow_finished)
        return top

    def compute_comparison(self, k: int, seed: int, runs: int = 40) -> bool:
        """Final inertia from ``runs`` random and k-means++ starts, in the background."""
        X = self.analysis_data()
        if k > len(X):
            self.sig_error.emit(f"k = {k} is more than the {len(X)} points")
            return False
        self.start_job(partial(compare_inits, X, k, runs=runs, seed=seed, max_iter=100),
                       partial(self._on_comparison_finished, k))
        return True

    def load_file(self, path: str) -> None:
        """Read a CSV of numbers in the background (Cancel works)."""
        from sagewise.knowledge.sim.points import load_points

        def work(progress, cancelled):
            data = load_points(path, "data")
            if cancelled():
                raise Cancelled
            return data, path

        self.start_job(work, self._on_file_loaded)

    def cancel_analysis(self) -> None:
        """Stop a running analysis."""
        if self.job is not None and self.job.running:
            self.job.wait()
        self.sig_job_finished.emit()

    def forget_analyses(self, elbow: bool = True) -> None:
        """Results that no longer describe the data (or k)."""
        self.cancel_analysis()
        if elbow:
            self.elbow = None
        self.comparison, self.comparison_k = None, None

    def _on_job_failed(self, message: str) -> None:
        self.sig_job_finished.emit()
        self.sig_job_failed.emit(message)

    def _on_job_cancelled(self) -> None:
        self.sig_job_finished.emit()
        self.sig_job_cancelled.emit()

    def _on_elbow_finished(self, curve: dict) -> None:
        self.sig_job_finished.emit()
        self.sig_elbow.emit(curve)

    def _on_comparison_finished(self, k: int, result: dict) -> None:
        self.comparison, self.comparison_k = result, k
        self.sig_job_finished.emit()
        self.sig_comparison.emit(result)

    def _on_file_loaded(self, result: tuple) -> None:
        self.sig_job_finished.emit()
        self.sig_file_loaded.emit(*result)

    def shutdown(self) -> None:
        """Stop the timer, a running step and any analysis."""
        self.timer.stop()
        self.wait_for_step()
        if self.job is not None and self.job.running:
            self.job.wait()
