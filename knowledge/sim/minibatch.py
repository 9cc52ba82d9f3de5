"""Mini-batch k-means (Sculley 2010) and SageMaker's variant with extra centres.

Each step draws ``batch_size`` points, assigns them to the nearest centre, and moves each
centre towards its new points with a per-centre learning rate 1/count. Processing the
batch's points one by one with that rate is the same as a running mean, so a step is
``c <- (count * c + sum of new points) / (count + m)``: O(batch x k) work, independent of n.

SageMaker's k-means keeps K = k x extra_center_factor centres during the pass over the data
and then reduces them to k: weighted k-means++ on the K centres (weights = points each
absorbed) followed by weighted Lloyd iterations on those centres, best of a few trials
(local_lloyd_num_trials).

SageMaker's ``half_life_time_size`` makes old points count less: a point's weight halves
after that many further points have been seen (0 = no decay). Here every centre's count
is multiplied by 0.5 ** (batch / half_life) before a batch is absorbed, so a centre keeps
moving towards recent data instead of freezing as its count grows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.kmeans import (
    assign,
    check_data,
    check_k,
    init_kmeans_pp,
    init_random,
)


@dataclass(frozen=True)
class MiniBatchResult:
    """Centres after the pass, points absorbed per centre, full-data inertia per step."""

    centers: np.ndarray
    counts: np.ndarray
    inertia: list[float]
    steps: int


@dataclass(frozen=True)
class SageMakerResult:
    """The K-centre pass, the reduction to k, and the final full-data inertia."""

    big: MiniBatchResult
    centers: np.ndarray
    weights: np.ndarray
    inertia: list[float]          # inertia per mini-batch step (K centres), then the final
    reduce_iterations: int


def check_batch(batch_size: object, n_points: int) -> int:
    """A whole number from 1 up; larger than the data means the whole data each step."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
            or batch_size < 1:
        raise InputError("mini_batch_size", f"must be a whole number of at least 1 "
                         f"(got {batch_size!r})")
    return int(min(batch_size, n_points))


def check_factor(factor: object) -> int:
    """SageMaker's extra_center_factor: 'auto' there; here a whole number 1..100."""
    if isinstance(factor, bool) or not isinstance(factor, (int, np.integer)) \
            or not 1 <= factor <= 100:
        raise InputError("extra_center_factor", f"must be a whole number from 1 to 100 "
                         f"(got {factor!r})")
    return int(factor)


def check_half_life(value: object) -> int:
    """SageMaker's half_life_time_size: a whole number of points, 0 = no decay."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value <= 1_000_000_000:
        raise InputError("half_life_time_size", f"must be a whole number from 0 (no decay) "
                         f"to 1,000,000,000 (got {value!r})")
    return int(value)


def decay_factor(batch: int, half_life: int) -> float:
    """How much old weight survives one batch: 0.5 ** (batch / half_life), 1 without decay."""
    return 1.0 if not half_life else 0.5 ** (batch / half_life)


def draw_batch(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """Row indices of one mini-batch (all rows when the batch is the whole data)."""
    return rng.choice(n, size=size, replace=False) if size < n else np.arange(n)


def minibatch_step(X: np.ndarray, centers: np.ndarray, counts: np.ndarray,
                   batch: np.ndarray, half_life: int = 0) -> None:
    """One Sculley step on the rows ``batch`` (centres and counts updated in place); with
    ``half_life`` the old counts decay first (SageMaker's half_life_time_size)."""
    if half_life:
        counts *= decay_factor(len(batch), half_life)
    pts = X[batch]
    labels, _ = assign(pts, centers)
    k = len(centers)
    m = np.bincount(labels, minlength=k)
    hit = m > 0
    sums = np.zeros_like(centers)
    for j in range(X.shape[1]):
        sums[:, j] = np.bincount(labels, weights=pts[:, j], minlength=k)
    total = counts[hit] + m[hit]
    centers[hit] = (counts[hit, None] * centers[hit] + sums[hit]) / total[:, None]
    counts[hit] = total


def initial_centers(X: np.ndarray, k: int, init: str, rng: np.random.Generator,
                    sample: int) -> np.ndarray:
    """random or k-means++ on a random sample of the data (as the streaming variants do)."""
    if init not in ("random", "kmeans++"):
        raise InputError("init", f"must be random or kmeans++ (got {init!r})")
    idx = rng.choice(len(X), size=min(len(X), max(sample, k)), replace=False)
    S = X[idx]
    return init_kmeans_pp(S, k, rng) if init == "kmeans++" else init_random(S, k, rng)


def minibatch_kmeans(X: object, k: int, batch_size: int = 1000, steps: int = 100,
                     init: str = "kmeans++", seed: int = 0,
                     track_inertia: bool = True, half_life: int = 0) -> MiniBatchResult:
    """Sculley's mini-batch k-means; inertia is measured on all the data after each step."""
    X = check_data(X)
    k = check_k(k, len(X))
    b = check_batch(batch_size, len(X))
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) \
            or not 1 <= steps <= 1_000_000:
        raise InputError("steps", f"must be a whole number from 1 to 1,000,000 (got {steps!r})")
    half_life = check_half_life(half_life)
    rng = np.random.default_rng(seed)
    C = initial_centers(X, k, init, rng, sample=max(b, 10 * k))
    counts = np.zeros(k)
    inertia = []
    for _ in range(steps):
        minibatch_step(X, C, counts, draw_batch(rng, len(X), b), half_life)
        if track_inertia:
            inertia.append(float(assign(X, C)[1].sum()))
    return MiniBatchResult(C, counts, inertia, int(steps))


def weighted_kmeans_pp(P: np.ndarray, w: np.ndarray, k: int,
                       rng: np.random.Generator) -> np.ndarray:
    """k-means++ where point i counts w[i] times (draws proportional to w x D^2)."""
    first = int(rng.choice(len(P), p=w / w.sum()))
    chosen = [first]
    closest = ((P - P[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        score = w * closest
        total = score.sum()
        idx = int(rng.choice(len(P), p=score / total)) if total > 0 else \
            int(rng.choice([i for i in range(len(P)) if i not in chosen]))
        chosen.append(idx)
        np.minimum(closest, ((P - P[idx]) ** 2).sum(axis=1), out=closest)
    return P[chosen].copy()


def weighted_lloyd(P: np.ndarray, w: np.ndarray, C: np.ndarray,
                   max_iter: int = 100) -> tuple[np.ndarray, int]:
    """Lloyd's method on weighted points (an empty cluster keeps its centre)."""
    C = C.copy()
    labels = None
    it = 0
    for it in range(1, max_iter + 1):
        new, _ = assign(P, C)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        k = len(C)
        mass = np.bincount(labels, weights=w, minlength=k)
        for j in range(P.shape[1]):
            s = np.bincount(labels, weights=w * P[:, j], minlength=k)
            C[mass > 0, j] = s[mass > 0] / mass[mass > 0]
    return C, it


def reduce_centers(P: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator,
                   trials: int = 5) -> tuple[np.ndarray, int]:
    """Best of ``trials`` weighted k-means++ + Lloyd reductions (SageMaker's
    local_lloyd_num_trials): one unlucky draw can merge two true clusters."""
    best, best_cost, best_it = None, np.inf, 0
    for _ in range(trials):
        C, it = weighted_lloyd(P, w, weighted_kmeans_pp(P, w, k, rng))
        cost = float((w * assign(P, C)[1]).sum())
        if cost < best_cost:
            best, best_cost, best_it = C, cost, it
    return best, best_it


def reduce_to_k(X: np.ndarray, centers: np.ndarray, counts: np.ndarray, k: int,
                seed: int) -> tuple[np.ndarray, int, int]:
    """SageMaker's reduction of the pass's centres to k: (centres, how many weighted centres
    took part, Lloyd iterations). Centres that absorbed no point are dropped; when fewer
    than k remain they are kept and topped up with data points."""
    keep = counts > 0
    P, w = centers[keep], counts[keep]
    rng = np.random.default_rng(seed + 1)
    if len(P) <= k:
        extra = X[rng.choice(len(X), size=k - len(P), replace=False)]
        return np.vstack([P, extra]), len(P), 0
    C, it = reduce_centers(P, w, k, rng)
    return C, len(P), it


def sagemaker_kmeans(X: object, k: int, extra_center_factor: int = 4,
                     batch_size: int = 1000, steps: int = 100, init: str = "kmeans++",
                     seed: int = 0, half_life: int = 0) -> SageMakerResult:
    """K = k x factor centres by mini-batch, then weighted k-means++ and Lloyd down to k."""
    X = check_data(X)
    k = check_k(k, len(X))
    factor = check_factor(extra_center_factor)
    big_k = min(k * factor, len(X))
    big = minibatch_kmeans(X, big_k, batch_size, steps, init, seed, half_life=half_life)
    C, _, it = reduce_to_k(X, big.centers, big.counts, k, seed)
    labels, d = assign(X, C)
    weights = np.bincount(labels, minlength=k).astype(float)
    return SageMakerResult(big, C, weights, [*big.inertia, float(d.sum())], it)
