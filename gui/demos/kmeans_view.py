"""Drawing for the k-means demo: points, Voronoi regions, centres and their trails.

Redrawing 100,000 scatter points costs about 250 ms in pyqtgraph, so the points are only
redrawn when assignments change, and above SCATTER_LIMIT they are drawn as one image
(a pixel per bin, coloured by cluster, alpha by density), which takes a few milliseconds.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from sagewise.gui.demos import demo_colours as dc
from sagewise.gui.plotting import pg
from sagewise.knowledge.sim.kmeans import assign

SCATTER_LIMIT = 30_000
IMAGE_BINS = 520
REGION_BINS = 180
PALETTE = np.array([
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    (57, 59, 121), (173, 73, 74), (99, 121, 57), (206, 109, 189), (0, 128, 128),
    (165, 81, 0), (90, 90, 200), (200, 160, 0), (120, 40, 80), (60, 160, 120)],
    dtype=np.uint8)
GREY = np.array((150, 150, 150), dtype=np.uint8)
PALETTE32 = np.concatenate([PALETTE, np.zeros((len(PALETTE), 1), np.uint8)], axis=1) \
    .view("<u4").ravel()
GREY32 = np.array([*GREY, 0], dtype=np.uint8).view("<u4")[0]


def colour(i: int) -> tuple[int, int, int]:
    """Cluster colour (the palette repeats after 20)."""
    return tuple(int(v) for v in PALETTE[i % len(PALETTE)])


class ClusterView:
    """Owns the plot items of the main k-means plot and updates them in place."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.bounds = QRectF(0, 0, 1, 1)
        self.regions = pg.ImageItem(axisOrder="row-major")
        self.regions.setZValue(-20)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.scatters: list[pg.ScatterPlotItem] = []
        # k-means++ chances drawn as five levels, one item each: per-point sizes and
        # brushes would render a symbol per point (about 100 ms per frame)
        self.prob_levels = [pg.ScatterPlotItem(size=4 + 3 * i, pen=None,
                                               brush=pg.mkBrush(198, 40, 40, 60 + 45 * i))
                            for i in range(5)]
        for item in self.prob_levels:
            item.setZValue(5)
            plot.addItem(item)
        self._probs_shown = False
        ink = dc.text()
        ink.setAlpha(170)
        self.trails = pg.PlotDataItem(pen=pg.mkPen(ink, width=1.5), connect="finite")
        self.trails.setZValue(8)
        self.centres = pg.ScatterPlotItem(size=17, symbol="x", pen=pg.mkPen("w", width=1.5))
        self.centres.setZValue(10)
        self.chosen = pg.ScatterPlotItem(size=26, symbol="o", brush=None,
                                         pen=pg.mkPen("#c62828", width=3))
        self.chosen.setZValue(11)
        for item in (self.regions, self.image, self.trails, self.centres, self.chosen):
            plot.addItem(item)
        self.show_regions = True
        self._region_centres: np.ndarray | None = None
        self._region_rect: QRectF | None = None
        self.X: np.ndarray | None = None
        # the shading covers what is visible, so it follows zooming and panning
        plot.getViewBox().sigRangeChanged.connect(self._on_range_changed)

    def set_data(self, X: np.ndarray) -> None:
        """New points: fix the view to their bounds (with a margin)."""
        self.X = X
        lo, hi = X.min(axis=0), X.max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        lo, hi = lo - 0.05 * span, hi + 0.05 * span
        self.bounds = QRectF(float(lo[0]), float(lo[1]), float(hi[0] - lo[0]),
                             float(hi[1] - lo[1]))
        self.plot.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)
        self.clear_overlays()

    def clear_overlays(self) -> None:
        """Forget centres, trails, regions and the init overlay."""
        for item in (self.centres, self.chosen, *self.prob_levels):
            item.setData([], [])
        self._probs_shown = False
        self.trails.setData([], [])
        self.regions.clear()
        self._region_centres = None
        self._region_rect = None

    # ---- points

    def draw_points(self, labels: np.ndarray | None) -> None:
        """Points coloured by cluster (grey before the first assignment)."""
        X = self.X
        if X is None:
            return
        if len(X) > SCATTER_LIMIT:
            for s in self.scatters:
                s.setData([], [])
            self._draw_image(labels)
            return
        self.image.clear()
        groups = [np.arange(len(X))] if labels is None else \
            [np.flatnonzero(labels == j) for j in range(int(labels.max()) + 1)]
        while len(self.scatters) < len(groups):
            s = pg.ScatterPlotItem(size=4, pen=None)
            s.setZValue(0)
            self.plot.addItem(s)
            self.scatters.append(s)
        for j, s in enumerate(self.scatters):
            if j < len(groups) and len(groups[j]):
                rgb = GREY if labels is None else colour(j)
                s.setBrush(pg.mkBrush(*rgb, 190))
                s.setData(X[groups[j], 0], X[groups[j], 1])
            else:
                s.setData([], [])

    def _draw_image(self, labels: np.ndarray | None) -> None:
        X, b, n = self.X, self.bounds, IMAGE_BINS
        ix = np.clip(((X[:, 0] - b.left()) / b.width() * n).astype(np.int64), 0, n - 1)
        iy = np.clip(((X[:, 1] - b.top()) / b.height() * n).astype(np.int64), 0, n - 1)
        pix = iy * n + ix
        # one uint32 per pixel (RGBA bytes) is several times faster than (n*n, 4) indexing
        img = np.zeros(n * n, dtype=np.uint32)
        img[pix] = GREY32 if labels is None else PALETTE32[labels % len(PALETTE32)]
        count = np.bincount(pix, minlength=n * n)
        filled = np.flatnonzero(count)
        alpha = (110 + 145 * np.log1p(count[filled]) / np.log1p(count.max())).astype(np.uint32)
        img[filled] |= alpha << 24
        self.image.setImage(img.view(np.uint8).reshape(n, n, 4), autoLevels=False)
        self.image.setRect(b)

    # ---- centres

    def draw_centres(self, centres: np.ndarray, trail: list[np.ndarray]) -> None:
        """Centres as crosses in their cluster colour, and the path each has taken."""
        k = len(centres)
        brushes = [pg.mkBrush(*colour(j)) for j in range(k)]
        self.centres.setData(centres[:, 0], centres[:, 1], brush=brushes,
                             pen=pg.mkPen("k", width=1.2))
        same = [c for c in trail if len(c) == k]
        if len(same) >= 2:
            T = np.stack(same)  # steps x k x 2
            xs = np.concatenate([T[:, :, 0].T, np.full((k, 1), np.nan)], axis=1).ravel()
            ys = np.concatenate([T[:, :, 1].T, np.full((k, 1), np.nan)], axis=1).ravel()
            self.trails.setData(xs, ys)
        else:
            self.trails.setData([], [])
        if self.show_regions and k:
            if self._region_centres is None or not np.array_equal(self._region_centres,
                                                                  centres) \
                    or self._region_rect != self.visible_rect():
                self._draw_regions(centres)
        else:
            self.regions.clear()
            self._region_centres = None

    def visible_rect(self) -> QRectF:
        """The part of the plane the plot shows now (at least the data's bounds)."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        view = QRectF(x0, y0, x1 - x0, y1 - y0)
        return view.united(self.bounds) if view.width() > 0 and view.height() > 0 \
            else QRectF(self.bounds)

    def _on_range_changed(self, *_args) -> None:
        if self._region_centres is not None and self.show_regions:
            self._draw_regions(self._region_centres)

    def _draw_regions(self, centres: np.ndarray) -> None:
        b, n = self.visible_rect(), REGION_BINS
        gx = b.left() + (np.arange(n) + 0.5) / n * b.width()
        gy = b.top() + (np.arange(n) + 0.5) / n * b.height()
        grid = np.column_stack([np.tile(gx, n), np.repeat(gy, n)])
        labels, _ = assign(grid, centres)
        img = np.zeros((n * n, 4), dtype=np.uint8)
        img[:, :3] = PALETTE[labels % len(PALETTE)]
        img[:, 3] = 38
        self.regions.setImage(img.reshape(n, n, 4), autoLevels=False)
        self.regions.setRect(b)
        self._region_centres = centres.copy()
        self._region_rect = b

    def draw_init(self, probs: np.ndarray | None, chosen: int | None,
                  sample: np.ndarray) -> None:
        """k-means++: a sample of points sized and shaded by their draw probability."""
        if probs is None or chosen is None or self.X is None:
            if self._probs_shown:
                for item in (self.chosen, *self.prob_levels):
                    item.setData([], [])
                self._probs_shown = False
            return
        p = probs[sample]
        scale = p / p.max() if p.max() > 0 else p
        level = np.minimum((np.sqrt(scale) * 5).astype(int), 4)
        pts = self.X[sample]
        for i, item in enumerate(self.prob_levels):
            m = level == i
            item.setData(pts[m, 0], pts[m, 1])
        self.chosen.setData([self.X[chosen, 0]], [self.X[chosen, 1]])
        self._probs_shown = True
