"""k-means one visible step at a time, for the visualiser (no Qt).

A run walks through the stages a person should see: the initial centres drawn one by one
(k-means++ with the probability of every point), then Lloyd's assign and update steps, or
mini-batch steps, or SageMaker's pass with K = k x extra_center_factor centres followed by
the reduction to k. Every step returns a Frame; the view only draws frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sagewise.knowledge.errors import Cancelled, InputError
from sagewise.knowledge.sim.kmeans import (
    assign,
    check_data,
    check_k,
    init_kmeans_pp,
    mean_variance,
    update_centers,
)
from sagewise.knowledge.sim.minibatch import (
    check_batch,
    check_factor,
    check_half_life,
    decay_factor,
    draw_batch,
    initial_centers,
    minibatch_step,
    reduce_to_k,
)
from sagewise.knowledge.wording import count

MODES = {"lloyd": "Lloyd (full batch)", "minibatch": "Mini-batch (Sculley)",
         "sagemaker": "SageMaker (extra centres)"}


@dataclass(frozen=True)
class Frame:
    """What one step changed."""

    phase: str                    # init | assign | update | batch | reduce | done
    text: str                     # one sentence for the status line
    centers: np.ndarray
    labels: np.ndarray | None     # nearest centre of every point (None during init)
    inertia: float | None
    probs: np.ndarray | None = None   # k-means++ draw probabilities (init only)
    chosen: int | None = None         # the point drawn (init only)


class KMeansRun:
    """A resumable k-means run; ``step()`` until ``done``."""

    def __init__(self, X: object, k: int, *, init: str = "kmeans++", mode: str = "lloyd",
                 seed: int = 0, batch_size: int = 1000, batches: int = 60,
                 extra_center_factor: int = 4, max_iter: int = 300, tol: float = 1e-4,
                 half_life_time_size: int = 0) -> None:
        self.X = check_data(X)
        self.k = check_k(k, len(self.X))
        if init not in ("random", "kmeans++"):
            raise InputError("init", f"must be random or kmeans++ (got {init!r})")
        if mode not in MODES:
            raise InputError("mode", f"must be one of {', '.join(MODES)} (got {mode!r})")
        self.init, self.mode, self.seed, self.max_iter = init, mode, seed, max_iter
        self.batch = check_batch(batch_size, len(self.X))
        self.factor = check_factor(extra_center_factor) if mode == "sagemaker" else 1
        self.half_life = check_half_life(half_life_time_size)
        self.reduce_at: int | None = None      # inertia index of the reduction step
        if isinstance(batches, bool) or not isinstance(batches, (int, np.integer)) \
                or not 1 <= batches <= 100_000:
            raise InputError("batches", f"must be a whole number from 1 to 100,000 "
                             f"(got {batches!r})")
        self.batches = int(batches)
        self.rng = np.random.default_rng(seed)
        self.x_sq = np.einsum("ij,ij->i", self.X, self.X)
        self.tol_abs = tol * mean_variance(self.X, self.x_sq)
        self.centers_k = min(self.k * self.factor, len(self.X))
        self.trail: list[np.ndarray] = []      # centres after every step (for trails)
        self.inertia: list[float] = []         # after every assignment / batch
        self.labels: np.ndarray | None = None
        self.done = False
        self.iteration = 0
        self._trace: list = []
        if mode == "lloyd":
            init_kmeans_pp(self.X, self.k, self.rng, self._trace) if init == "kmeans++" else \
                self._random_trace()
            self.centers = np.empty((0, self.X.shape[1]))
        else:
            self.centers = initial_centers(self.X, self.centers_k, init, self.rng,
                                           sample=max(self.batch, 10 * self.centers_k))
            self.counts = np.zeros(self.centers_k)
        self.stage = "init"

    def _random_trace(self) -> None:
        idx = self.rng.choice(len(self.X), size=self.k, replace=False)
        for i in idx:
            self._trace.append((int(i), None))

    # ---- stepping

    def _assign_all(self) -> float:
        self.labels, d = assign(self.X, self.centers, self.x_sq)
        value = float(d.sum())
        self.inertia.append(value)
        return value

    def step(self) -> Frame:
        """Advance one visible step."""
        if self.done:
            return Frame("done", "Finished.", self.centers, self.labels,
                         self.inertia[-1] if self.inertia else None)
        frame = getattr(self, f"_step_{self.stage}")()
        self.trail.append(self.centers.copy())
        return frame

    def _step_init(self) -> Frame:
        if self.mode != "lloyd":
            self.stage = "batch"
            what = "k-means++" if self.init == "kmeans++" else "random points"
            extra = (f" ({self.k} x extra_center_factor {self.factor})"
                     if self.mode == "sagemaker" else "")
            value = self._assign_all()
            return Frame("init", f"Started {self.centers_k} centres{extra} by {what} on a "
                         "sample.", self.centers, self.labels, value)
        idx, probs = self._trace[len(self.centers)]
        self.centers = np.vstack([self.centers, self.X[idx]])
        n = len(self.centers)
        if n == self.k:
            self.stage = "assign"
        if probs is None:
            text = f"Centre {n} of {self.k}: a data point chosen uniformly at random."
        elif n == 1:
            text = f"Centre 1 of {self.k}: a data point chosen uniformly at random."
        else:
            text = (f"Centre {n} of {self.k}: drawn with probability proportional to the "
                    f"squared distance to the nearest centre; the point drawn was "
                    f"{probs[idx] * len(probs):.1f}x as likely as an average point. Red dots: "
                    "the chances for this draw (bigger = likelier).")
        return Frame("init", text, self.centers, None, None, probs, idx)

    def _step_assign(self) -> Frame:
        old = self.labels
        value = self._assign_all()
        moved = len(self.labels) if old is None else int((old != self.labels).sum())
        if old is not None and moved == 0:
            self.done, self.stage = True, "done"
            return Frame("done", f"Converged after {self.iteration} iterations: no point "
                         f"changed cluster. Inertia {value:,.1f}.", self.centers,
                         self.labels, value)
        self.stage = "update"
        return Frame("assign", f"Assign: every point joins its nearest centre ({moved:,} "
                     f"changed). Inertia {value:,.1f}.", self.centers, self.labels, value)

    def _step_update(self) -> Frame:
        new, counts = update_centers(self.X, self.labels, self.k, self.centers)
        shift = float(((new - self.centers) ** 2).sum())
        self.centers = new
        self.iteration += 1
        empty = int((counts == 0).sum())
        note = f" {count(empty, 'empty cluster')} kept {'its' if empty == 1 else 'their'} centre." if empty else ""
        if shift <= self.tol_abs or self.iteration >= self.max_iter:
            value = self._assign_all()
            self.done, self.stage = True, "done"
            return Frame("done", f"Converged after {self.iteration} iterations: the centres "
                         f"moved by less than the tolerance. Inertia {value:,.1f}.{note}",
                         self.centers, self.labels, value)
        self.stage = "assign"
        return Frame("update", f"Update {self.iteration}: each centre moves to the mean of "
                     f"its points (total squared shift {shift:.4g}).{note}", self.centers,
                     self.labels, None)

    def _step_batch(self) -> Frame:
        self.iteration += 1
        minibatch_step(self.X, self.centers, self.counts,
                       draw_batch(self.rng, len(self.X), self.batch), self.half_life)
        value = self._assign_all()
        if self.iteration >= self.batches:
            self.stage = "reduce" if self.mode == "sagemaker" else "done"
            self.done = self.mode != "sagemaker"
        text = (f"Mini-batch {self.iteration} of {self.batches}: {self.batch:,} points pull "
                f"their centres with rate 1/count. Inertia {value:,.1f}.")
        if self.half_life:
            text += (f" half_life_time_size {self.half_life:,}: old weight x"
                     f"{decay_factor(self.batch, self.half_life):.3f} per batch; the centres "
                     f"now count {self.counts.sum():,.0f} points' worth of weight "
                     f"(no decay: {self.iteration * self.batch:,}).")
        return Frame("done" if self.done else "batch", text, self.centers, self.labels, value)

    def _step_reduce(self) -> Frame:
        self.centers, used, it = reduce_to_k(self.X, self.centers, self.counts, self.k,
                                             self.seed)
        value = self._assign_all()
        self.reduce_at = len(self.inertia)
        self.done, self.stage = True, "done"
        return Frame("reduce", f"Reduce: {used} weighted centres -> {self.k} by weighted "
                     f"k-means++ and {count(it, 'Lloyd iteration')}, best of 5 trials. "
                     f"Inertia {value:,.1f}.",
                     self.centers, self.labels, value)


def compare_inits(X: object, k: int, runs: int = 30, seed: int = 0, max_iter: int = 100,
                  progress=None, cancelled=None) -> dict[str, list[float]]:
    """Final Lloyd inertia over many seeds for random and k-means++ starts
    (``progress``/``cancelled`` as in wcss_curve)."""
    from sagewise.knowledge.sim.kmeans import kmeans

    X = check_data(X)
    k = check_k(k, len(X))
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not 1 <= runs <= 1000:
        raise InputError("runs", f"must be a whole number from 1 to 1000 (got {runs!r})")
    out: dict[str, list[float]] = {"random": [], "kmeans++": []}
    for r in range(runs):
        for init, values in out.items():
            if cancelled is not None and cancelled():
                raise Cancelled
            values.append(kmeans(X, k, init=init, seed=seed + r, max_iter=max_iter).inertia[-1])
        if progress is not None:
            progress((r + 1) / runs)
    return out
