"""`python -m gui --screenshot DIR`: every page to PNG, at one or several sizes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_gui(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=300)


def test_screenshots_at_two_sizes(tmp_path):
    from PySide6.QtGui import QImage

    out = run_gui("--screenshot", str(tmp_path), "--size", "1280x800,1920x1080")
    assert out.returncode == 0, out.stderr
    for size, (w, h) in (("1280x800", (1280, 800)), ("1920x1080", (1920, 1080))):
        files = sorted((tmp_path / size).glob("*.png"))
        names = {f.stem for f in files}
        for page in ("wizard_1_describe", "recommendation_fraud", "graph_whole",
                     "graph_fraud_path", "algorithms_compare", "tools_confusion",
                     "sizing_kinesis", "demo_qlearning_cliff_both"):
            assert page in names, (size, page)
        img = QImage(str(files[0]))
        assert (img.width(), img.height()) == (w, h)
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("size", ["big", "10x10", "1280x", "1280x800,abc", "0x0"])
def test_bad_size_is_a_one_line_error(tmp_path, size):
    out = run_gui("--screenshot", str(tmp_path), "--size", size)
    assert out.returncode == 2
    assert out.stderr.startswith("sagewise: error: argument --size")
    assert len(out.stderr.strip().splitlines()) == 1


def test_each_size_shows_the_scene_it_names(qtbot, tmp_path):
    """Several sizes in one run: the second size once wrote the k-means page under the
    Q-learning names (the k-means tab stayed on top)."""
    from PySide6.QtGui import QImage
    from sagewise.gui.main_window import MainWindow
    from sagewise.gui.screenshots import write_screenshots

    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    scenes = ("demo_qlearning_maze", "demo_qlearning_empty", "demo_kmeans_init",
              "sizing_spice", "wizard_2_question")
    expected = {"demo_qlearning": "Demos/qlearning_panel", "demo_kmeans": "Demos/kmeans_panel",
                "sizing_spice": "Sizing/SpicePage", "wizard": "Wizard"}
    try:
        for size in ((1024, 700), (1280, 800)):
            files = write_screenshots(window, tmp_path / f"{size[0]}x{size[1]}", size,
                                      only=scenes)
            assert [f.stem for f, _ in files] == [s for s in
                                                  ("wizard_2_question", "sizing_spice",
                                                   "demo_qlearning_maze",
                                                   "demo_qlearning_empty",
                                                   "demo_kmeans_init")]
            for path, page in files:
                want = next(v for k, v in expected.items() if path.stem.startswith(k))
                assert page == want, (size, path.stem, page)
                img = QImage(str(path))
                assert (img.width(), img.height()) == size
            pictures = {f.stem: QImage(str(f)) for f, _ in files}
            assert pictures["demo_qlearning_maze"] != pictures["demo_kmeans_init"]
            assert pictures["demo_qlearning_maze"] != pictures["demo_qlearning_empty"]
    finally:
        window.shutdown()
