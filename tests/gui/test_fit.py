"""The window fits a 1024x700 screen: minimum size, every page's buttons on screen, restored
geometry pulled back onto the screen, and a first start at 150% scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QTabWidget

ROOT = Path(__file__).resolve().parents[2]




def visible_rect(widget, window) -> QRect:
    """Where a widget is on the window, cut by every scroll area it sits in."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            vp = parent.viewport()
            rect = rect.intersected(QRect(vp.mapTo(window, QPoint(0, 0)), vp.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def clipped_buttons(window, qapp) -> list[str]:
    """Buttons of the page on screen that are not fully visible (inner lists that scroll
    by design, like the wizard's eighteen task choices, count through their own area)."""
    out = []
    frame = window.stack.frame(window.stack.currentIndex())
    tabs = [t for t in frame.findChildren(QTabWidget) if t.isVisible()]
    pages = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
    for tab, i in pages:
        if tab is not None:
            tab.setCurrentIndex(i)
            qapp.processEvents()
        for b in frame.findChildren(QAbstractButton):
            if not b.isVisible() or b.width() == 0:
                continue
            inner = b.parentWidget()
            while inner is not None and not isinstance(inner, QAbstractScrollArea):
                inner = inner.parentWidget()
            if inner is not None and inner is not frame.scroll and inner.isAncestorOf(b):
                vp = inner.viewport()
                whole = QRect(vp.mapTo(window, QPoint(0, 0)), vp.size())
                if visible_rect(vp, window) == whole:
                    continue   # a form or list that scrolls on purpose, itself fully shown
            if visible_rect(b, window) != QRect(b.mapTo(window, QPoint(0, 0)), b.size()):
                where = f"{window.nav.current_title()}" + (f"/{tab.tabText(i)}" if tab else "")
                out.append(f"{where}: {b.objectName() or b.text() or type(b).__name__}")
    return out


def test_minimum_size_fits_1024_by_700(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint


def test_every_page_keeps_its_buttons_on_screen_at_1024_by_700(window, qapp):
    window.resize(1024, 700)
    window.show()
    qapp.processEvents()
    assert (window.width(), window.height()) == (1024, 700)
    clipped = []
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        qapp.processEvents()
        clipped += clipped_buttons(window, qapp)
    known = KNOWN_ELSEWHERE
    assert not [c for c in clipped if not c.startswith(known)], "\n".join(clipped)


# Pages owned by other branches that do not fit yet (reported to them): kept visible
# here so the list shrinks as they land, rather than hidden.
KNOWN_ELSEWHERE: tuple[str, ...] = ()


def test_a_page_larger_than_the_window_scrolls_instead_of_growing_it(window, qapp):
    from PySide6.QtWidgets import QWidget

    big = QWidget(objectName="big_page")
    big.setMinimumSize(1500, 1200)
    window.add_page("Learn", "Big page", "", big, "A page larger than the screen.")
    window.resize(1024, 700)
    window.show()
    window.show_page("Big page")
    qapp.processEvents()
    frame = window.stack.frame(window.stack.currentIndex())
    assert (window.width(), window.height()) == (1024, 700)
    assert frame.scroll.horizontalScrollBar().maximum() > 0
    assert frame.scroll.verticalScrollBar().maximum() > 0
    assert frame.action_bar.isHidden()  # nothing for the bar: no empty strip


def test_restored_geometry_is_clamped_to_the_screen(window, qapp):
    from sagewise.gui.geometry import available, clamp_to_screen

    area = available(window)
    window.resize(area.width() + 600, area.height() + 400)
    window.move(area.right() + 300, area.bottom() + 300)
    clamp_to_screen(window)
    frame = window.frameGeometry()
    assert area.contains(frame), (area, frame)


def test_first_size_fits_a_small_screen(window):
    from sagewise.gui.geometry import available, fitted_size

    area = available(window)
    size = fitted_size(window, 5000, 5000)
    assert size.width() <= area.width() and size.height() <= area.height()
    assert fitted_size(window, 300, 200).toTuple() == (300, 200)


SCALED = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from PySide6.QtCore import QCoreApplication, QSettings
QCoreApplication.setOrganizationName("SageWiseScaleTest")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from sagewise.gui import theme
theme.apply(app, "light")
from sagewise.gui.main_window import MainWindow
w = MainWindow()
w.show()
app.processEvents()
screen = w.screen()
nxt = w.wizard.next_button
p = nxt.mapToGlobal(nxt.rect().bottomRight())
print(json.dumps({"screen": screen.availableGeometry().getRect(),
                  "dpr": screen.devicePixelRatio(),
                  "frame": w.frameGeometry().getRect(),
                  "next": [p.x(), p.y()], "next_visible": nxt.isVisible()}))
w.shutdown()
"""


def test_opens_fully_on_screen_at_150_percent_on_a_1080p_screen(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0,
                                               "width": 1920, "height": 1080,
                                               "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               QT_SCALE_FACTOR="1.5")
    out = subprocess.run([sys.executable, "-c", SCALED, str(tmp_path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.strip().splitlines()[-1])
    sx, sy, sw, sh = data["screen"]
    fx, fy, fw, fh = data["frame"]
    assert data["dpr"] == pytest.approx(1.5)
    assert (sw, sh) == (1280, 720)   # 1920x1080 device pixels at 150%
    assert sx <= fx and sy <= fy and fx + fw <= sx + sw and fy + fh <= sy + sh, data
    nx, ny = data["next"]
    assert data["next_visible"] and nx <= sx + sw and ny <= sy + sh, data


def test_kmeans_analysis_plots_stay_legible_at_1024_by_700(window, qapp):
    """The elbow / comparison plots under the cluster view were squeezed to a strip of
    about 60 px at 1024x700; they keep room for a title, axes and a curve."""
    from sagewise.gui.demos.kmeans_panel import ANALYSIS_PLOT_MIN_HEIGHT

    window.resize(1024, 700)
    window.show()
    window.show_page("Demos")
    window.demos_panel.tabs.setCurrentWidget(window.demos_panel.kmeans)
    qapp.processEvents()
    km = window.demos_panel.kmeans
    km.tabs.setCurrentWidget(km.elbow_plot)
    qapp.processEvents()
    assert km.elbow_plot.height() >= ANALYSIS_PLOT_MIN_HEIGHT
    assert km.plot_widget.height() >= 200       # the clusters themselves stay the main view
    assert visible_rect(km.elbow_plot, window).height() >= ANALYSIS_PLOT_MIN_HEIGHT
