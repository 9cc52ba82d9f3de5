"""`--smoke`, `--version` and the About facts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sagewise.knowledge import __version__
from sagewise.knowledge.about import about

ROOT = Path(__file__).resolve().parents[2]


def run_gui(*args, home=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if home:
        env["HOME"] = str(home)
        env["XDG_CONFIG_HOME"] = str(home / "config")
        env["XDG_DATA_HOME"] = str(home / "data")
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=300)


def test_smoke_opens_paints_and_exits_zero(tmp_path):
    out = run_gui("--smoke", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    logs = list((tmp_path / "data").rglob("sagewise.log"))
    assert logs and "starting" in logs[0].read_text()


def test_version_prints_the_version():
    out = run_gui("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"sagewise {__version__}"


def test_about_names_version_and_data_dates():
    a = about()
    lines = a.lines()
    assert lines[0].startswith(f"SageWise {__version__}")
    assert any("as of 20" in line for line in lines[1:])
    assert "botocore" in a.instance_types_source


def test_app_icon_has_every_shipped_size(qapp):
    from sagewise.gui.app_icon import app_icon

    sizes = {s.width() for s in app_icon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes
