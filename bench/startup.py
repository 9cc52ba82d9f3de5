"""Start-up time: ``python -m gui --smoke`` against a bare PySide6 + pyqtgraph window.

Usage: python bench/startup.py [--runs N]

Each is a new process that opens a main window and exits after its first paint (offscreen
platform). The reference imports Qt and pyqtgraph and shows one plot; SageWise shows its
Wizard and leaves pyqtgraph (and numpy) until a page with plots is first shown, so a second
line compares it with a bare PySide6 window without pyqtgraph too. Runs are interleaved
(bare, app, bare Qt, bare, app, ...) so the machine's noise hits all alike; the ratio of the
medians is the figure (goal <= 1.2 of the pyqtgraph window).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg

app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(pg.PlotWidget())
w.resize(1280, 800)

class First(QObject):
    # the first paint of the window or of a widget inside it (a QMainWindow whose central
    # widget covers it gets no paint of its own on the offscreen platform)
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and (obj is w or (
                obj.isWidgetType() and w.isAncestorOf(obj))):
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False

f = First()
app.installEventFilter(f)
w.show()
app.exec()
"""

# the same without pyqtgraph: a plain widget as the central widget
BARE_QT = BARE.replace("import pyqtgraph as pg\n", "").replace(
    "w.setCentralWidget(pg.PlotWidget())", "from PySide6.QtWidgets import QLabel\n"
    "w.setCentralWidget(QLabel('bare'))")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time of one process, in seconds (it must exit 0)."""
    t = time.perf_counter()
    try:
        out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                             check=False, timeout=120)
    except subprocess.TimeoutExpired:
        sys.exit(f"startup bench: {' '.join(cmd)[:60]}... did not exit within 120 s")
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"startup bench: {' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    return elapsed


def main() -> int:
    """Print both medians and their ratio."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home,
                   XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data")
        # as on a user's machine, modules load from bytecode written on the first run (the
        # reference's packages were compiled when pip installed them)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_cmd = [sys.executable, "-c", BARE]
        qt_cmd = [sys.executable, "-c", BARE_QT]
        app_cmd = [sys.executable, "-m", "gui", "--smoke"]
        timed(bare_cmd, env), timed(app_cmd, env), timed(qt_cmd, env)  # warm the file cache
        bare, app, qt = [], [], []
        for _ in range(args.runs):
            bare.append(timed(bare_cmd, env))
            app.append(timed(app_cmd, env))
            qt.append(timed(qt_cmd, env))
    mb, ma, mq = (statistics.median(x) for x in (bare, app, qt))
    print(f"bare PySide6 + pyqtgraph window: median {mb * 1000:.0f} ms over {args.runs} runs")
    print(f"bare PySide6 window (no plots):  median {mq * 1000:.0f} ms over {args.runs} runs")
    print(f"SageWise --smoke:                median {ma * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio (SageWise / bare): x{ma / mb:.2f}  (goal <= 1.2)")
    print(f"ratio (SageWise / bare Qt window without pyqtgraph): x{ma / mq:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
