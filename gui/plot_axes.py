"""Plot axes that stay readable: whole-number axes for counts, few labels on log axes.

pyqtgraph labels every minor tick of a log axis that spans less than a decade (1, 0.9, 0.8,
... piled on each other) and puts ticks at 1.5 or 2.5 on an axis of sweeps or episodes.
"""

from __future__ import annotations

import math

from sagewise.gui.plotting import pg

# tick mantissas per decade, sparse to dense
_MANTISSAS = ((1,), (1, 3), (1, 2, 5), (1, 2, 3, 5, 7))


def log_ticks(lo: float, hi: float, max_labels: int = 6) -> list[float]:
    """Tick values between ``lo`` and ``hi`` (both > 0): the densest 1-2-5 style set with
    at most ``max_labels`` values, every k-th decade when even whole decades are too many."""
    if not (lo > 0 and hi > 0 and math.isfinite(lo) and math.isfinite(hi)):
        return []
    lo, hi = min(lo, hi), max(lo, hi)
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    eps = 1e-9

    def inside(mantissas, step=1) -> list[float]:
        return [float(f"{m}e{e}") for e in range(first, last + 1) if (e - first) % step == 0
                for m in mantissas if lo * (1 - eps) <= float(f"{m}e{e}") <= hi * (1 + eps)]

    best = None
    for mantissas in _MANTISSAS:
        values = inside(mantissas)
        if len(values) > max_labels:
            break
        best = values
    if best is None:   # too many decades: label every step-th one
        step = math.ceil(len(inside((1,))) / max_labels)
        best = inside((1,), step)
    return best


class ReadableAxis(pg.AxisItem):
    """An AxisItem with whole-number ticks (``integer=True``) and sparse log labels."""

    def __init__(self, orientation: str, integer: bool = False, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.integer = integer

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        levels = super().tickSpacing(minVal, maxVal, size)
        if not self.integer or self.logMode:
            return levels
        out = []
        for spacing, offset in levels:
            spacing = max(1.0, round(spacing)) if spacing >= 1 else 1.0
            if all(spacing != s for s, _ in out):
                out.append((spacing, offset))
        return out

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        labels = max(3, min(6, int(size // 28))) if size > 0 else 4
        values = log_ticks(10.0 ** minVal, 10.0 ** maxVal, labels)
        return [(None, [math.log10(v) for v in values])]
