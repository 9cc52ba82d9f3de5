"""Readable axes: few labels on log axes, whole numbers on count axes."""

from __future__ import annotations

import math

import pytest
from sagewise.gui.plot_axes import ReadableAxis, log_ticks


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (0.27, 1.0, [0.3, 0.5, 0.7, 1.0]),           # under a decade: 1-2-3-5-7, not every tenth
    (0.001, 1.0, [0.001, 0.01, 0.1, 1.0]),
    (3.0, 3000.0, [10.0, 100.0, 1000.0]),
    (1e-12, 1.0, [1e-12, 1e-09, 1e-06, 0.001, 1.0]),  # too many decades: every third
    (1.0, 1.0, [1.0]),
])
def test_log_ticks(lo, hi, expected):
    assert log_ticks(lo, hi) == expected


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 1.0), (-1.0, 1.0), (math.nan, 1.0),
                                        (1.0, math.inf)])
def test_log_ticks_of_an_impossible_range_are_none(lo, hi):
    assert log_ticks(lo, hi) == []


def test_log_ticks_never_exceed_the_limit():
    for lo_exp in range(-15, 3):
        for span in (0.1, 0.5, 1, 2, 5, 14):
            values = log_ticks(10.0 ** lo_exp, 10.0 ** (lo_exp + span), 6)
            assert 1 <= len(values) <= 6, (lo_exp, span)


def test_a_count_axis_has_whole_number_ticks(qtbot):
    axis = ReadableAxis("bottom", integer=True)
    for lo, hi in ((1, 5), (1, 3), (0, 40), (1, 1000)):
        for spacing, _offset in axis.tickSpacing(lo, hi, 300):
            assert spacing >= 1 and spacing == int(spacing), (lo, hi, spacing)


def test_the_plan_plot_labels_a_few_log_ticks(window, qtbot):
    """BookGrid after 5 sweeps: changes 0.9 ... 0.27 used to label 1, 0.9, 0.8, ... 0.3."""
    window.resize(1280, 800)
    window.show()
    window.show_page("Demos")
    ql = window.demos_panel.qlearning
    ql.preset_box.setCurrentIndex(ql.preset_box.findData("bookgrid"))
    ql.plan_mode.setChecked(True)
    ql.ctl.plan_reset()
    for _ in range(5):
        ql.ctl.plan_sweep()
    ql.refresh(force=True)
    qtbot.wait(50)
    axis = ql.curves.getAxis("left")
    lo, hi = axis.range
    levels = axis.tickValues(lo, hi, axis.height())
    labels = [label for _spacing, values in levels
              for label in axis.tickStrings(values, 1.0, 1.0)]
    assert 2 <= len(labels) <= 6, labels
    bottom = ql.curves.getAxis("bottom")
    for spacing, _offset in bottom.tickSpacing(*bottom.range, bottom.width()):
        assert spacing == int(spacing) >= 1
