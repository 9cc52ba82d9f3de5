"""Plot titles fit their plot: a long title wraps or is shortened instead of pushing the
plot's right edge (last tick labels, end of the curve) out of sight."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFontMetrics
from sagewise.gui.plot_title import fit_title, shown_title_lines, title_lines
from sagewise.gui.sizing.pages import KinesisPage, SpicePage
from sagewise.gui.sizing.sizing_panel import SizingPanel


def _plot_fits(plot: pg.PlotWidget) -> bool:
    """The drawn plot is no wider than its widget (nothing clipped on the right)."""
    return plot.getPlotItem().geometry().width() <= plot.width() + 1


def test_a_long_title_wraps_to_two_lines_then_elides(qapp):
    m = QFontMetrics(qapp.font())
    text = "What if traffic changes? (9 shards at 2,000 records/s)"
    assert title_lines(text, 10_000, m) == [text]
    lines = title_lines(text, m.horizontalAdvance(text) * 0.6, m)
    assert len(lines) == 2 and " ".join(lines) == text
    tight = title_lines(text, m.horizontalAdvance(text) * 0.3, m)
    assert len(tight) == 2 and tight[1].endswith("\u2026")
    assert all(m.horizontalAdvance(line) <= m.horizontalAdvance(text) * 0.3 for line in tight)


def test_fit_title_keeps_the_plot_inside_its_widget(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(320, 240)
    plot.show()
    qtbot.waitExposed(plot)
    long = "Each quota as a share of its limit (100% = the limit; red = over the limit)"
    fit_title(plot, long)
    qtbot.wait(20)
    assert _plot_fits(plot)
    assert " ".join(shown_title_lines(plot)) != long   # shortened, full text in the tooltip
    assert plot.toolTip() == long
    plot.resize(1400, 240)
    qtbot.wait(20)
    assert shown_title_lines(plot) == [long]


@pytest.mark.parametrize("page_type", [KinesisPage, SpicePage])
def test_sizing_plots_fit_at_the_smallest_window(qtbot, page_type):
    panel = SizingPanel()
    qtbot.addWidget(panel)
    panel.resize(820, 600)            # the panel's share of a 1024x700 window
    panel.show()
    panel.tabs.setCurrentWidget(panel.page(page_type))
    page = panel.page(page_type)
    qtbot.waitExposed(panel)
    qtbot.wait(50)
    assert page.plot.isVisible()
    assert _plot_fits(page.plot)
    panel.shutdown()


def test_a_plot_closed_before_its_title_settles_is_freed(qtbot):
    """The title is re-fitted on the next event-loop turn; a plot closed before that turn
    used to stay in memory for good (with pyqtgraph's parentless menus), because PySide6
    never drops a QTimer.singleShot callable whose context object died first."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    plot = pg.PlotWidget()
    fit_title(plot, "A title that the next event-loop turn would narrow")
    plot_ref = weakref.ref(plot)
    menu_ref = weakref.ref(plot.getPlotItem().getViewBox().menu)
    plot.deleteLater()
    del plot
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(10)                   # the turn the title waited for
    gc.collect()
    assert plot_ref() is None and menu_ref() is None
