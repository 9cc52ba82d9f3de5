"""The catalog panel, driven like a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui.catalog_panel import ID_ROLE, CatalogPanel
from gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def panel(qtbot):
    p = CatalogPanel()
    qtbot.addWidget(p)
    return p


def visible_ids(panel):
    return [panel.items.item(r).data(ID_ROLE) for r in range(panel.items.count())
            if not panel.items.item(r).isHidden()]


def test_lists_every_algorithm_and_service(panel):
    assert len(visible_ids(panel)) == 32
    assert "23 algorithms and 9 managed services" in panel.message.text()


def test_filter_narrows_the_list(panel, qtbot):
    qtbot.keyClicks(panel.filter_edit, "boost")
    assert set(visible_ids(panel)) == {"xgboost", "catboost"}
    panel.filter_edit.clear()
    assert len(visible_ids(panel)) == 32


def test_selecting_shows_the_card(panel):
    assert panel.select("xgboost")
    text = panel.details.toPlainText()
    assert "XGBoost" in text and "num_round" in text and "scale_pos_weight" in text
    assert panel.select("amazon-forecast")
    assert "no longer available to new customers" in panel.details.toPlainText()


def test_describe_and_recommend(panel, qtbot):
    qtbot.keyClicks(panel.describe_edit, "Group our customers by spending; nothing is labelled")
    qtbot.keyClick(panel.describe_edit, Qt.Key.Key_Return)
    assert panel.current_id() == "kmeans"
    assert "task = cluster" in panel.message.text()
    assert "Why it ranks here" in panel.details.toPlainText()


def test_empty_description_shows_a_message_and_keeps_the_list(panel, qtbot):
    before = visible_ids(panel)
    with qtbot.waitSignal(panel.sig_status, timeout=1000) as blocker:
        panel.describe_button.click()
    assert "empty" in blocker.args[0]
    assert "empty" in panel.message.text()
    assert visible_ids(panel) == before


def test_show_all_restores_the_catalog(panel):
    panel.describe_edit.setText("translate documents into english")
    panel.recommend()
    assert len(visible_ids(panel)) < 32
    panel.clear_button.click()
    assert len(visible_ids(panel)) == 32 and panel.describe_edit.text() == ""


def test_main_window_has_menus_and_status(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    w.catalog_panel.describe_edit.setText("detect abnormal sensor readings")
    w.catalog_panel.recommend()
    assert "candidates ranked" in w.statusBar().currentMessage()


def test_screenshot_mode_writes_pngs_and_exits_0(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "gui", "--screenshot", str(tmp_path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    assert len(pngs) >= 3 and all(p.stat().st_size > 10_000 for p in pngs)
    bad = subprocess.run([sys.executable, "-m", "gui", "--screenshot", str(tmp_path),
                          "--size", "big"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=180)
    assert bad.returncode == 2 and "--size" in bad.stderr and "QThread" not in bad.stderr
