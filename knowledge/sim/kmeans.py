"""k-means: k-means++ and random initialisation, Lloyd iterations, WCSS and the elbow.

Lloyd's method alternates two steps until the assignment stops changing (or the centres
move less than ``tol``): assign every point to its nearest centre, then move each centre
to the mean of its points. Distances use ||x||^2 - 2 x.c + ||c||^2 so one iteration on
100,000 x 2 points with k = 8 is a matrix product and a bincount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sagewise.knowledge.errors import Cancelled, InputError

MAX_POINTS = 5_000_000


@dataclass(frozen=True)
class LloydResult:
    """Final centres, labels, and the inertia after every iteration."""

    centers: np.ndarray
    labels: np.ndarray
    inertia: list[float]
    iterations: int
    converged: bool


def check_data(X: object) -> np.ndarray:
    """A finite 2-D float array with at least one row."""
    arr = np.asarray(X, dtype=float)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError("data", f"must be a non-empty table of numbers (got shape {arr.shape})")
    if arr.shape[0] > MAX_POINTS:
        raise InputError("data", f"has {arr.shape[0]:,} points; the limit is {MAX_POINTS:,}")
    if not np.isfinite(arr).all():
        raise InputError("data", "contains NaN or infinite values")
    # The inertia sums n squared distances of up to d x (2 max|x|)^2 each: keep it finite.
    largest = float(np.abs(arr).max())
    allowed = math.sqrt(1e307 / (4.0 * arr.shape[0] * arr.shape[1]))
    if largest > allowed:
        raise InputError("data", f"holds values as large as {largest:.3g}: the squared "
                         f"distances would overflow (at most {allowed:.3g} for this many "
                         "points); divide the data by a constant first")
    return arr


def check_k(k: object, n_points: int) -> int:
    """k must be a whole number between 1 and the number of points."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise InputError("k", f"must be a whole number (got {k!r})")
    if k < 1:
        raise InputError("k", f"must be at least 1 (got {k})")
    if k > n_points:
        raise InputError("k", f"cannot exceed the number of points ({n_points:,})")
    return int(k)


def squared_distances(X: np.ndarray, C: np.ndarray, x_sq: np.ndarray | None = None) -> np.ndarray:
    """(n, k) squared Euclidean distances, clipped at 0 against rounding."""
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    d = x_sq[:, None] - 2.0 * (X @ C.T) + np.einsum("ij,ij->i", C, C)[None, :]
    np.maximum(d, 0.0, out=d)
    return d


def assign(X: np.ndarray, C: np.ndarray,
           x_sq: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre for every point and the squared distance to it.

    ||x||^2 is the same for every centre, so the argmin needs only -2 x.c + ||c||^2; it is
    added back for the chosen centre alone (half the work of the full distance matrix).
    """
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    d = X @ C.T
    d *= -2.0
    d += np.einsum("ij,ij->i", C, C)
    labels = d.argmin(axis=1)
    best = d[np.arange(len(X)), labels]
    best += x_sq
    np.maximum(best, 0.0, out=best)
    return labels, best


def init_random(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k distinct data points chosen uniformly."""
    return X[rng.choice(len(X), size=k, replace=False)].copy()


def init_kmeans_pp(X: np.ndarray, k: int, rng: np.random.Generator,
                   trace: list | None = None) -> np.ndarray:
    """k-means++ (Arthur & Vassilvitskii 2007): each new centre is a data point drawn with
    probability proportional to its squared distance to the nearest centre so far.

    ``trace`` (optional) receives (index, probabilities) per draw for the visualiser.
    """
    n = len(X)
    centers = np.empty((k, X.shape[1]))
    first = int(rng.integers(n))
    centers[0] = X[first]
    if trace is not None:
        trace.append((first, np.full(n, 1.0 / n)))
    closest = np.einsum("ij,ij->i", X - centers[0], X - centers[0])
    for i in range(1, k):
        total = closest.sum()
        probs = closest / total if total > 0 else np.full(n, 1.0 / n)
        idx = int(rng.choice(n, p=probs))
        if trace is not None:
            trace.append((idx, probs))
        centers[i] = X[idx]
        diff = X - centers[i]
        np.minimum(closest, np.einsum("ij,ij->i", diff, diff), out=closest)
    return centers


def update_centers(X: np.ndarray, labels: np.ndarray, k: int,
                   old: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Means of each cluster; an empty cluster keeps its previous centre."""
    counts = np.bincount(labels, minlength=k)
    sums = np.zeros((k, X.shape[1]))
    for j in range(X.shape[1]):
        sums[:, j] = np.bincount(labels, weights=X[:, j], minlength=k)
    new = old.copy()
    filled = counts > 0
    new[filled] = sums[filled] / counts[filled, None]
    return new, counts


def mean_variance(X: np.ndarray, x_sq: np.ndarray) -> float:
    """Mean per-feature variance, from the row norms already computed (np.var over
    axis 0 of a tall array is several times slower)."""
    mean = X.sum(axis=0) / len(X)
    return max(0.0, float(x_sq.mean() - mean @ mean) / X.shape[1])


def lloyd(X: object, centers: object, max_iter: int = 300, tol: float = 1e-4) -> LloydResult:
    """Lloyd's method from the given centres.

    Stops when the assignment no longer changes, or when the total squared centre shift
    is at most ``tol`` times the mean feature variance (scikit-learn's convention).
    """
    X = check_data(X)
    C = np.array(centers, dtype=float, copy=True)
    if C.ndim != 2 or C.shape[1] != X.shape[1] or len(C) == 0:
        raise InputError("init_centers", f"must be k rows of {X.shape[1]} numbers "
                         f"(got shape {C.shape})")
    if not np.isfinite(C).all():
        raise InputError("init_centers", "contains NaN or infinite values")
    k = len(C)
    x_sq = np.einsum("ij,ij->i", X, X)
    tol_abs = tol * mean_variance(X, x_sq)
    labels, d = assign(X, C, x_sq)
    inertia = [float(d.sum())]
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        C_new, _ = update_centers(X, labels, k, C)
        shift = float(((C_new - C) ** 2).sum())
        C = C_new
        new_labels, d = assign(X, C, x_sq)
        inertia.append(float(d.sum()))
        if np.array_equal(new_labels, labels) or shift <= tol_abs:
            labels = new_labels
            converged = True
            break
        labels = new_labels
    return LloydResult(C, labels, inertia, it, converged)


def kmeans(X: object, k: int, init: str = "kmeans++", seed: int = 0,
           max_iter: int = 300, tol: float = 1e-4) -> LloydResult:
    """Initialise (random or k-means++) and run Lloyd's method."""
    X = check_data(X)
    k = check_k(k, len(X))
    if init not in ("random", "kmeans++"):
        raise InputError("init", f"must be random or kmeans++ (got {init!r})")
    rng = np.random.default_rng(seed)
    C = init_kmeans_pp(X, k, rng) if init == "kmeans++" else init_random(X, k, rng)
    return lloyd(X, C, max_iter=max_iter, tol=tol)


# The elbow's one set of settings, shared by the CLI, the sizing calculator and the demo:
# best of ELBOW_RUNS k-means++ starts per k, each at most ELBOW_MAX_ITER Lloyd steps.
ELBOW_RUNS = 2
ELBOW_MAX_ITER = 100
ELBOW_K_MAX = 12      # the range offered by default (k = 1..12), as in the k-means demo


def wcss_curve(X: object, k_min: int, k_max: int, seed: int = 0, n_init: int = ELBOW_RUNS,
               max_iter: int = ELBOW_MAX_ITER, progress=None,
               cancelled=None) -> dict[int, float]:
    """Within-cluster sum of squares for each k (best of ``n_init`` k-means++ runs).

    Leave ``n_init`` and ``max_iter`` at their defaults for an elbow: every view of the
    elbow then gives the same answer for the same data (see :func:`elbow`).

    ``progress(fraction)`` is told after each k; ``cancelled()`` returning True stops the
    work with Cancelled (so a worker thread can run it).
    """
    X = check_data(X)
    if k_min < 1 or k_max < k_min:
        raise InputError("elbow", f"needs 1 <= KMIN <= KMAX (got {k_min}..{k_max})")
    if k_max > len(X):
        raise InputError("elbow", f"KMAX cannot exceed the number of points ({len(X):,})")
    out = {}
    for k in range(k_min, k_max + 1):
        if cancelled is not None and cancelled():
            raise Cancelled
        out[k] = min(kmeans(X, k, seed=seed + r, max_iter=max_iter).inertia[-1]
                     for r in range(n_init))
        if progress is not None:
            progress((k - k_min + 1) / (k_max - k_min + 1))
    return out


def elbow_k(wcss: dict[int, float]) -> int:
    """The k farthest below the straight line from the first to the last point of
    log(WCSS) against k.

    Both axes are scaled to 0..1 first, so the answer does not depend on units. The log
    matters: on the raw curve the first big drop dominates and the rule answers 3 for
    4 to 8 well-separated blobs; on log(WCSS) it finds them (checked for 2 to 8 blobs).
    """
    ks = sorted(wcss)
    if len(ks) < 3:
        return ks[0]
    x = np.array(ks, dtype=float)
    y = np.log(np.maximum(np.array([wcss[k] for k in ks], dtype=float), 1e-300))
    span_x, span_y = x[-1] - x[0], (y.max() - y.min()) or 1.0
    xn, yn = (x - x[0]) / span_x, (y - y.min()) / span_y
    line = yn[0] + (yn[-1] - yn[0]) * xn
    return ks[int(np.argmax(line - yn))]


@dataclass(frozen=True)
class Elbow:
    """WCSS per k and the suggested k."""

    wcss: dict[int, float]
    k: int


def elbow(X: object, k_min: int, k_max: int, seed: int = 0, progress=None,
          cancelled=None) -> Elbow:
    """The elbow computation (one implementation for the CLI and the GUI)."""
    curve = wcss_curve(X, k_min, k_max, seed=seed, progress=progress, cancelled=cancelled)
    return Elbow(curve, elbow_k(curve))


def make_blobs(n_points: int, clusters: int, seed: int = 0, spread: float = 1.0,
               box: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs in 2-D: (points, true centres)."""
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) \
            or not 1 <= n_points <= MAX_POINTS:
        raise InputError("points", f"must be a whole number from 1 to {MAX_POINTS:,}")
    if isinstance(clusters, bool) or not isinstance(clusters, (int, np.integer)) \
            or not 1 <= clusters <= min(n_points, 100):
        raise InputError("clusters", "must be a whole number from 1 to 100 (and <= points)")
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-box, box, size=(clusters, 2))
    which = rng.integers(clusters, size=n_points)
    return centres[which] + rng.normal(0, spread, size=(n_points, 2)), centres
