"""Scroll areas keep up with content that grows after they were laid out."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget
from sagewise.gui.screenshots import write_screenshots


def _squeezed(root: QWidget) -> list[tuple[str, int, int]]:
    return [(b.text(), b.height(), b.minimumSizeHint().height())
            for b in root.findChildren(QPushButton)
            if b.isVisible() and b.height() < b.minimumSizeHint().height()]


def test_the_qlearning_controls_are_not_squeezed_after_another_scene(window, tmp_path):
    """After the Windy scene, the compare scene at 1024x700 drew Step, Run and Reset 9 px
    tall (the controls' scroll area kept the content's old height)."""
    write_screenshots(window, tmp_path, (1024, 700),
                      ("demo_qlearning_windy_all", "demo_qlearning_compare_optimal"))
    assert _squeezed(window.demos_panel.qlearning) == []
