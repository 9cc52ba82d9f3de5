"""Every screenshot scene has something to run (a merge once left one without)."""

from __future__ import annotations


def test_every_scene_has_a_prepare_step(qtbot):
    from sagewise.gui.main_window import MainWindow
    from sagewise.gui.screenshots import _scenes

    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    scenes = _scenes(window)
    names = [name for name, _ in scenes]
    assert len(names) == len(set(names))
    assert [name for name, prepare in scenes if not callable(prepare)] == []
