"""Algorithm browser and the troubleshoot/metric tools, driven like a user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sagewise.gui.browser.browser_panel import BrowserPanel
from sagewise.gui.models.table_model import ID_ROLE
from sagewise.gui.tools.tools_panel import ToolsPanel


@pytest.fixture
def browser(qtbot):
    b = BrowserPanel()
    qtbot.addWidget(b)
    return b


@pytest.fixture
def tools(qtbot):
    t = ToolsPanel()
    qtbot.addWidget(t)
    return t


def set_combo(box, value):
    box.setCurrentIndex(box.findData(value))


def test_gpu_filter_narrows_the_table_and_the_count(browser):
    total = browser.proxy.rowCount()
    set_combo(browser.filters["gpu"], "needs GPU")
    shown = browser.proxy.rowCount()
    assert 0 < shown < total
    assert browser.count.text() == f"{shown} of {total} shown"


def test_search_with_no_match_explains(browser, qtbot):
    qtbot.keyClicks(browser.search, "qqqzzz")
    assert browser.proxy.rowCount() == 0
    assert "Nothing matches" in browser.details.toPlainText()


def test_selecting_a_row_shows_its_card(browser):
    assert browser.select("xgboost")
    assert "XGBoost" in browser.details.toPlainText()
    assert not browser.compare_button.isEnabled()


def test_compare_two_rows(browser, qtbot):
    browser.select("kmeans")
    sm = browser.table.selectionModel()
    for r in range(browser.proxy.rowCount()):
        if browser.proxy.index(r, 0).data(ID_ROLE) == "random-cut-forest":
            sm.select(browser.proxy.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                      | QItemSelectionModel.SelectionFlag.Rows)
    assert set(browser.selected_ids()) == {"kmeans", "random-cut-forest"}
    assert browser.compare_button.isEnabled()
    qtbot.mouseClick(browser.compare_button, Qt.MouseButton.LeftButton)
    text = browser.details.toPlainText()
    assert "Side by side" in text and "Random Cut Forest" in text
    assert "Side by side" in browser.copy_text()


def test_table_starts_in_alphabetical_order(browser):
    names = [browser.proxy.index(r, 0).data() for r in range(browser.proxy.rowCount())]
    assert names == sorted(names, key=str.lower)


def test_sorting_by_name_orders_rows(browser):
    browser.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    names = [browser.proxy.index(r, 1).data() for r in range(browser.proxy.rowCount())]
    assert names == sorted(names, key=str.lower)
    browser.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert browser.proxy.index(0, 1).data() == max(names, key=str.lower)


def test_troubleshooter_search_finds_overfitting(tools, qtbot):
    tab = tools.troubleshoot
    qtbot.keyClicks(tab.search_edit, "great training accuracy poor validation")
    assert tab.list.count() >= 1
    text = tab.details.toPlainText()
    assert "Remedies" in text and "Likely causes" in text
    assert "overfit" in text.lower() or "regulari" in text.lower()


def test_troubleshooter_without_matches_says_so(tools, qtbot):
    qtbot.keyClicks(tools.troubleshoot.search_edit, "qqqzzz")
    assert tools.troubleshoot.list.count() == 0
    assert "No symptom matches" in tools.troubleshoot.details.toPlainText()


def test_metric_chooser_reaches_a_metric_and_restarts(tools):
    tab = tools.metric_tab
    for _ in range(10):
        if tab.box.title() == "Done":
            break
        tab.group.buttons()[0].click()
    assert tab.box.title() == "Done"
    assert tab.result.toPlainText().startswith("Use ")
    tab.restart.click()
    assert tab.box.title() != "Done" and tab.answers == {}


@pytest.mark.parametrize(("field", "text", "message"), [
    ("tp", "", "is empty"), ("fp", "-3", ""), ("fn", "abc", ""), ("tn", "nan", ""),
])
def test_confusion_calculator_names_the_bad_count(tools, field, text, message):
    tab = tools.confusion
    tab.edits[field].setText(text)
    label = dict(tab.FIELDS)[field]
    assert tab.error.text().startswith(label)
    assert message in tab.error.text()
    assert "Fix the highlighted count" in tab.result.toPlainText()
    tab.edits[field].setText("5")
    assert tab.error.text() == ""


def test_confusion_calculator_values(tools):
    tab = tools.confusion
    for name, value in zip(("tp", "fp", "fn", "tn"), ("80", "20", "10", "890"), strict=True):
        tab.edits[name].setText(value)
    text = tab.result.toPlainText()
    assert "0.8000" in text   # precision 80/100
    assert "0.8889" in text   # recall 80/90
    tab.edits["tp"].setText("0")
    tab.edits["fp"].setText("0")
    assert "undefined: no predicted positives" in tab.result.toPlainText()


def test_confusion_undefined_wording_is_the_same_in_gui_and_cli(tools, capsys):
    from sagewise.knowledge.cli import main

    tab = tools.confusion
    for name, value in zip(("tp", "fp", "fn", "tn"), ("0", "0", "5", "0"), strict=True):
        tab.edits[name].setText(value)
    assert main(["confusion", "--tp", "0", "--fp", "0", "--fn", "5", "--tn", "0"]) == 0
    cli = capsys.readouterr().out
    gui = tab.result.toPlainText()
    for phrase in ("undefined: no predicted positives (TP + FP = 0)",
                   "undefined: no actual negatives (TN + FP = 0)"):
        assert phrase in cli and phrase in gui
