"""What users install: the wheel holds the whole knowledge base and runs from any folder.

Builds the wheel from this checkout (no network: setuptools comes with the test extra),
installs it without dependencies into a fresh virtual environment that borrows the
project environment's packages, and runs the installed commands from another folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    text = build.stdout + build.stderr
    assert "Warning" not in text and "deprecated" not in text.lower(), text[-3000:]
    (whl,) = out.glob("sagewise-*.whl")
    return whl


def test_wheel_holds_every_source_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"sagewise/{p.relative_to(ROOT).as_posix()}"
                for folder in ("gui", "knowledge") for p in (ROOT / folder).rglob("*.py")}
    expected |= {f"sagewise/{p.relative_to(ROOT).as_posix()}"
                 for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert expected - names == set()
    assert not any(n.startswith(("gui/", "knowledge/", "tests/")) for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies (PySide6, numpy, ...) come from the project's environment
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install",
                           "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert inst.returncode == 0, inst.stderr[-3000:]
    return env_dir / "bin"


def run(cmd, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("PYTHONPATH", None)
    return subprocess.run(cmd, cwd="/", env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_installed_commands_work_from_another_folder(installed, tmp_path):
    out = run([str(installed / "sagewise"), "--version"], tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("sagewise "), out.stderr
    out = run([str(installed / "sagewise-cli"), "--version"], tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("sagewise "), out.stderr
    out = run([str(installed / "sagewise-cli"), "check"], tmp_path)
    assert out.returncode == 0 and "Data OK" in out.stdout, out.stderr
    out = run([str(installed / "sagewise-cli"), "recommend", "--describe",
               "group customers by how much they spend", "--json"], tmp_path)
    assert out.returncode == 0 and '"kmeans"' in out.stdout, out.stderr
    # it is the installed copy that ran, not this checkout
    out = run([str(installed / "python"), "-c",
               "import sagewise.knowledge.paths as p; print(p.resources_dir())"], tmp_path)
    assert str(ROOT) not in out.stdout and "site-packages" in out.stdout, out.stdout


def test_installed_app_renders_screenshots(installed, tmp_path):
    out = run([str(installed / "sagewise"), "--smoke"], tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    out = run([str(installed / "sagewise"), "--screenshot", str(tmp_path / "shots")], tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert len(list((tmp_path / "shots").glob("*.png"))) >= 20
