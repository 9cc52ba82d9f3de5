"""Pages nobody opened are built while the user is idle, one per idle spell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sagewise.gui.idle_pages import IdlePageBuilder

LAZY = ("sizing_panel", "demos_panel", "data_panel", "pipeline_panel", "graph", "browser",
        "tools", "recommendation")


def test_idle_spells_build_every_page_and_then_stop(window, qtbot):
    builder = IdlePageBuilder(window, idle_ms=150)
    builder.start()
    qtbot.waitUntil(lambda: all(window.is_built(a) for a in LAZY), timeout=30_000)
    qtbot.waitUntil(lambda: not builder.timer.isActive(), timeout=5_000)
    assert window.stack.currentWidget() is window.wizard     # nothing was shown
    assert not window.isWindowModified()                     # building is no edit


def test_typing_postpones_the_next_build(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    builder = IdlePageBuilder(window, idle_ms=600)
    builder.start()
    edit = window.wizard.describe_edit
    edit.setFocus()
    for _ in range(8):                      # keep typing for ~1.6 s: no idle spell
        QTest.keyClick(edit, Qt.Key.Key_A)
        qtbot.wait(200)
    assert [a for a in LAZY if window.is_built(a)] == []
    qtbot.waitUntil(lambda: window.is_built("sizing_panel"), timeout=10_000)
    builder.stop()
