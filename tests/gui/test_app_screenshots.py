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
