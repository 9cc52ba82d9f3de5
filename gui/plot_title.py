"""Plot titles that fit their plot: a long title wraps onto a second line, and only a title
too long even for two lines is shortened with "..." (the full text stays in the tooltip).

pyqtgraph gives a title label a minimum width equal to its text, so a title wider than the
plot pushes the plot's right edge (axis, last tick labels) out of sight instead of shrinking.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from sagewise.gui import theme
from sagewise.gui.plotting import pg

_MARGIN = 12          # px kept free beside the title
_LINE_GAP = 4         # px between two title lines
_ONE_LINE_ROW = 30    # pyqtgraph's own title row height


def _font(size: str) -> QFont:
    font = QFont(QApplication.font())
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    return font


def title_lines(text: str, width: float, metrics: QFontMetrics) -> list[str]:
    """The title as one line, or two lines split at a space, the second one elided when it
    still does not fit ``width``."""
    if metrics.horizontalAdvance(text) <= width:
        return [text]
    words = text.split(" ")
    first = words[0]
    rest = words[1:]
    # the longest first line that fits, then the remainder
    while rest and metrics.horizontalAdvance(f"{first} {rest[0]}") <= width:
        first = f"{first} {rest.pop(0)}"
    first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, int(width))
    if not rest:
        return [first]
    second = metrics.elidedText(" ".join(rest), Qt.TextElideMode.ElideRight, int(width))
    return [first, second]


class _Refit(QObject):
    """Re-fits the title whenever the plot changes size."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        super().__init__(plot)
        # A child timer rather than QTimer.singleShot(0, self, lambda: ...): PySide6 keeps a
        # singleShot's callable alive for good when its context object dies before it fires,
        # and that callable held the plot, so every plot closed within one event-loop turn
        # of a resize leaked with its pyqtgraph menus (parentless top-level QMenus).
        self.narrow_soon = QTimer(self, singleShot=True, interval=0)
        self.narrow_soon.timeout.connect(self._narrow)

    def _narrow(self) -> None:
        _narrow_if_needed(self.parent())

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize and obj.getPlotItem().titleLabel.isVisible():
            _apply(obj, own_column=False)   # the column is laid out after this event
            _schedule_narrowing(obj)
        return False


def _height_only(label: pg.LabelItem) -> None:
    """LabelItem.updateMin without the width: the title asks for its height only."""
    h = label.itemRect().height()
    if getattr(label, "_title_height", None) == h:
        return      # nothing changed: asking for a new layout pass would only loop
    label._title_height = h
    label.setMinimumWidth(0)
    label.setMinimumHeight(h)
    label._sizeHint = {Qt.SizeHint.MinimumSize: (0, h), Qt.SizeHint.PreferredSize: (0, h),
                       Qt.SizeHint.MaximumSize: (-1, -1), Qt.SizeHint.MinimumDescent: (0, 0)}
    label.updateGeometry()


def _available_width(plot: pg.PlotWidget, own_column: bool = True) -> float:
    item = plot.getPlotItem()
    left = item.getAxis("left")
    used = left.width() if left.isVisible() else 0
    width = plot.width() - used - _MARGIN
    if own_column and item.titleLabel.width() > 0:   # the title's column, once laid out
        width = min(width, item.titleLabel.width() - 4)
    return max(40.0, width)


def _apply(plot: pg.PlotWidget, own_column: bool = True) -> None:
    spec = getattr(plot, "_fitted_title", None)
    if spec is None:
        return
    text, size, colour = spec
    item = plot.getPlotItem()
    label = item.titleLabel
    metrics = QFontMetrics(_font(size))
    lines = title_lines(text, _available_width(plot, own_column), metrics)
    if getattr(plot, "_title_shown", None) == (lines, size, colour) and label.isVisible():
        return
    plot._title_shown = (lines, size, colour)
    shown = "<br>".join(html.escape(line) for line in lines)
    row = max(_ONE_LINE_ROW, len(lines) * (metrics.height() + _LINE_GAP) + 6)
    label.setMaximumHeight(row)
    item.layout.setRowFixedHeight(0, row)
    label.setVisible(True)
    label.setText(shown, color=colour, size=size)
    plot.setToolTip(text if len(lines) > 1 or lines[0] != text else "")


def fit_title(plot: pg.PlotWidget, text: str, size: str = "11pt",
              colour: str | None = None) -> None:
    """Set ``text`` as the plot's title, wrapped or shortened to the plot's width, and keep
    it fitted when the plot is resized."""
    plot._fitted_title = (text, size, colour or theme.text_colour())
    plot._title_shown = None
    if not getattr(plot, "_title_refit", None):
        plot._title_refit = _Refit(plot)
        plot.installEventFilter(plot._title_refit)
        label = plot.getPlotItem().titleLabel
        label.updateMin = lambda: _height_only(label)   # never let the title widen the plot
        # the left axis takes its width from its tick labels when painted: follow it
        label.geometryChanged.connect(lambda: _schedule_narrowing(plot))
    _apply(plot)
    # the left axis takes its final width (tick labels) only on the next layout pass
    _schedule_narrowing(plot)


def _schedule_narrowing(plot: pg.PlotWidget) -> None:
    """Once per event-loop turn at most (layout passes come in bursts)."""
    if getattr(plot, "_title_pending", False):
        return
    plot._title_pending = True
    plot._title_refit.narrow_soon.start()


def _narrow_if_needed(plot: pg.PlotWidget) -> None:
    """Re-wrap only when a shown line no longer fits: layout changes can then only make the
    title narrower, never flip it back and forth (its height moves the axes, whose width
    moves the title's column)."""
    plot._title_pending = False
    label = plot.getPlotItem().titleLabel
    shown = getattr(plot, "_title_shown", None)
    if not label.isVisible() or shown is None:
        return
    lines, size, _colour = shown
    metrics = QFontMetrics(_font(size))
    if max(metrics.horizontalAdvance(line) for line in lines) > _available_width(plot) + 1:
        _apply(plot)


def shown_title_lines(plot: pg.PlotWidget) -> list[str]:
    """The title lines as currently drawn (for tests and screenshots checks)."""
    text = plot.getPlotItem().titleLabel.item.toPlainText()
    return text.split("\u2029") if "\u2029" in text else text.split("\n")
