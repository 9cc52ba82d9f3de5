"""2-D point sets for the k-means demo, and CSV data reduced to two columns.

Blobs are where k-means shines; anisotropic blobs, uneven sizes, noise, rings and moons
show where its assumptions (round clusters of similar size, Euclidean distance) break.
"""

from __future__ import annotations

import numpy as np
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.kmeans import MAX_POINTS, make_blobs

KINDS = {"blobs": "Round blobs", "anisotropic": "Stretched (anisotropic) blobs",
         "uneven": "Blobs of very uneven sizes", "noise": "Uniform noise (no clusters)",
         "rings": "Two rings (k-means fails)", "moons": "Two moons (k-means fails)"}


def _count(n: object, field: str = "points") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_POINTS:
        raise InputError(field, f"must be a whole number from 1 to {MAX_POINTS:,} (got {n!r})")
    return int(n)


def generate(kind: str, n_points: int, clusters: int = 4, spread: float = 1.0,
             seed: int = 0) -> np.ndarray:
    """``n_points`` 2-D points of one kind (see KINDS), reproducible from ``seed``."""
    if kind not in KINDS:
        raise InputError("dataset", f"must be one of {', '.join(KINDS)} (got {kind!r})")
    n = _count(n_points)
    if isinstance(clusters, bool) or not isinstance(clusters, (int, np.integer)) \
            or not 1 <= clusters <= 50:
        raise InputError("clusters", f"must be a whole number from 1 to 50 (got {clusters!r})")
    if not (isinstance(spread, (int, float)) and np.isfinite(spread) and 0 < spread <= 100):
        raise InputError("spread", f"must be a number above 0 and at most 100 (got {spread!r})")
    rng = np.random.default_rng(seed)
    if kind in ("blobs", "anisotropic"):
        pts = make_blobs(n, clusters, seed=seed, spread=spread)[0]
        return pts @ np.array([[0.6, -0.64], [-0.41, 0.85]]) * 1.6 if kind == "anisotropic" \
            else pts
    if kind == "uneven":
        centres = rng.uniform(-10, 10, size=(clusters, 2))
        weights = 2.0 ** -np.arange(clusters)
        which = rng.choice(clusters, size=n, p=weights / weights.sum())
        return centres[which] + rng.normal(0, spread, size=(n, 2))
    if kind == "noise":
        return rng.uniform(-10, 10, size=(n, 2))
    if kind == "rings":
        radius = np.where(rng.random(n) < 0.5, 3.0, 8.0)
        angle = rng.uniform(0, 2 * np.pi, n)
        r = radius + rng.normal(0, 0.3 * spread, n)
        return np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    # moons
    top = rng.random(n) < 0.5
    t = rng.uniform(0, np.pi, n)
    x = np.where(top, np.cos(t), 1 - np.cos(t))
    y = np.where(top, np.sin(t), 0.5 - np.sin(t))
    pts = np.column_stack([x, y]) * 6 + rng.normal(0, 0.25 * spread, size=(n, 2))
    return pts


def standardise(X: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance per column (constant columns stay at 0)."""
    std = X.std(axis=0)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)


def pca_2d(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project onto the two leading principal components: (points, explained ratio)."""
    if X.shape[1] < 2:
        raise InputError("columns", "PCA to 2-D needs at least two numeric columns")
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s ** 2
    ratio = var[:2] / var.sum() if var.sum() > 0 else np.zeros(2)
    return centred @ vt[:2].T, ratio


def to_2d(X: np.ndarray, columns: tuple[int, int] | None = None, *,
          scale: bool = False) -> np.ndarray:
    """Two chosen columns, or PCA to 2-D when ``columns`` is None; optionally standardised
    first (unscaled features let the widest column decide every distance)."""
    if X.ndim != 2 or X.shape[0] == 0:
        raise InputError("data", "needs at least one row of numbers")
    data = standardise(X) if scale else X
    if columns is None:
        if X.shape[1] == 2:
            return data.copy()
        return pca_2d(data)[0]
    a, b = columns
    for c in (a, b):
        if not 0 <= c < X.shape[1]:
            raise InputError("columns", f"column {c + 1} does not exist (the file has "
                             f"{X.shape[1]})")
    if a == b:
        raise InputError("columns", "pick two different columns")
    return data[:, [a, b]].copy()
