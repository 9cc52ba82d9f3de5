"""The Data page: profile in a worker, pickers, wizard hand-over, convert, session, record."""

from __future__ import annotations

import json

import pytest
import sagewise.gui.data.data_panel as dp
from PySide6.QtCore import Qt
from sagewise.knowledge.data.samples import write_known_properties


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return write_known_properties(tmp_path_factory.mktemp("gui-data"), 2000, "csv")


def _open(qtbot, page, path, keep=None):
    page.open_path(str(path), keep)
    qtbot.waitUntil(lambda: not page.job.running and page.progress.isHidden(),
                    timeout=60_000)


def test_open_profile_and_choose_a_target(window, qtbot, dataset):
    page = window.data_panel
    window.show_page("Data")
    _open(qtbot, page, dataset)
    assert page.model.rowCount() == 11
    assert "2,040 rows" in page.info.text()
    assert page.model.rows[0]["kind"] == "id"
    times = [page.time_box.itemData(i) for i in range(page.time_box.count())]
    assert times == ["", "signup_time"]                    # dates only: no ids, no amounts
    assert "(dates)" in page.time_box.itemText(1)
    page.target_box.setCurrentIndex(page.target_box.findData("fraud"))
    html = page.advice.toPlainText()
    assert "class-imbalance" in html and "leakage" in html and "stratified-split" in html
    page.time_box.setCurrentIndex(page.time_box.findData("signup_time"))
    assert "time-split" in page.advice.toPlainText()
    page.target_box.setCurrentIndex(page.target_box.findData("country"))
    assert "single value" in page.choice_message.text()   # the message names the problem
    assert page.model.rowCount() == 11                     # and nothing is lost


def test_use_in_wizard_sets_suggestions(window, qtbot, dataset):
    page = window.data_panel
    _open(qtbot, page, dataset, {"target": "fraud"})
    page.use_in_wizard()
    wiz = window.wizard
    assert wiz.suggested["class_balance"] == "imbalanced"
    assert wiz.suggested["label_kind"] == "binary"
    assert "1.0%" in wiz.ctl.evidence["class_balance"] or "%" in wiz.ctl.evidence["class_balance"]
    assert window.stack.currentWidget() is wiz
    wiz.describe_edit.setPlainText("Flag fraudulent card transactions in a table")
    wiz.suggest()                                     # the description keeps the data answers
    assert wiz.suggested["class_balance"] == "imbalanced"


def test_use_in_wizard_previews_tabular_classifiers(window, qtbot, tmp_path):
    """A chosen categorical target frames the whole problem: the preview ranks tabular
    classifiers (not text, speech or managed services) and judges by a class metric."""
    from sagewise.knowledge.data.samples import write_churn

    page = window.data_panel
    _open(qtbot, page, write_churn(tmp_path), {"target": "status"})
    page.use_in_wizard()
    wiz = window.wizard
    assert wiz.ctl.suggested["task"] == "classify"
    assert wiz.ctl.suggested["classify_data"] == "tabular"
    assert "3 classes" in wiz.ctl.evidence["task"]
    tabular = {"xgboost", "linear-learner", "lightgbm", "catboost", "autogluon-tabular",
               "knn", "tabtransformer", "factorization-machines"}
    rec = wiz.ctl.recommendation(effective=True)
    assert {s.id for s in rec.ranked[:4]} <= tabular
    text = wiz.preview.text()
    assert "Transcribe" not in text and "Service-specific" not in text
    assert "F1" in text


def test_bad_file_keeps_the_shown_dataset(window, qtbot, dataset, tmp_path):
    page = window.data_panel
    _open(qtbot, page, dataset)
    bad = tmp_path / "image.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    _open(qtbot, page, bad)
    assert "PNG image" in page.info.text() and "previous dataset is still shown" in \
        page.info.text()
    assert page.model.rowCount() == 11


def test_cancel_changes_nothing(window, qtbot, tmp_path):
    import pandas as pd

    big = tmp_path / "big.csv"
    pd.DataFrame({"x": range(400_000), "y": ["a", "b"] * 200_000}).to_csv(big, index=False)
    page = window.data_panel
    page.open_path(str(big))
    page.cancel()
    qtbot.waitUntil(lambda: not page.job.running and page.progress.isHidden(),
                    timeout=60_000)
    assert "Cancelled; nothing was changed" in page.info.text()
    assert page.model.rowCount() == 0 and page.open_file_button.isEnabled()


def test_convert_writes_the_training_file(window, qtbot, dataset, tmp_path, monkeypatch):
    page = window.data_panel
    _open(qtbot, page, dataset, {"target": "fraud"})
    page.algorithm_box.setCurrentIndex(page.algorithm_box.findData("xgboost"))
    assert page.convert_button.isEnabled()
    assert "text/csv" in page.shape_text.toPlainText()
    out = tmp_path / "train.csv"
    monkeypatch.setattr(dp, "ask_save_file", lambda *_a: str(out))
    page._on_convert_clicked()
    qtbot.waitUntil(lambda: not page.job.running and "Wrote" in page.shape_text.toPlainText(),
                    timeout=60_000)
    first = out.read_text().splitlines()[0].split(",")
    assert first[0] in ("0", "1")


def test_session_round_trip_and_record(window, qtbot, dataset, tmp_path):
    page = window.data_panel
    _open(qtbot, page, dataset, {"target": "fraud"})
    page.algorithm_box.setCurrentIndex(page.algorithm_box.findData("linear-learner"))
    path = tmp_path / "s.sagewise.json"
    assert window.save_as(str(path))
    saved = json.loads(path.read_text())["panels"]["data"]
    assert saved["target"] == "fraud" and saved["summary"]["rows"] == 2040
    window.new_session()
    assert page.model.rowCount() == 0 and page.summary == {}
    assert window.open_session(str(path))
    assert page.model.rowCount() == 11 and page.target_box.currentData() == "fraud"
    assert "class-imbalance" in page.advice.toPlainText()
    md = tmp_path / "record.md"
    assert window.export_record(str(md))
    text = md.read_text()
    assert "## Data" in text and "Target (chosen): `fraud`" in text
    # a restored page re-reads the file when a choice needs the data
    page.target_box.setCurrentIndex(page.target_box.findData("plan"))
    qtbot.waitUntil(lambda: page.profile is not None and not page.job.running, timeout=60_000)
    assert page.summary["target"]["name"] == "plan"


def test_restored_page_with_a_moved_file_says_so(window, qtbot, dataset, tmp_path):
    import shutil

    moved = tmp_path / "moved.csv"
    shutil.copy(dataset, moved)
    page = window.data_panel
    _open(qtbot, page, moved)
    state = page.save_state()
    moved.unlink()
    page.restore_state(state)
    page.target_box.setCurrentIndex(page.target_box.findData("fraud"))
    assert "no longer there" in page.choice_message.text()
    assert page.model.rowCount() == 11


def test_damaged_data_state_is_ignored(window):
    window.data_panel.restore_state({"summary": {"columns": "nope"}, "target": 3})
    assert window.data_panel.model.rowCount() == 0


def test_athena_sql_and_result(window, qtbot, dataset, tmp_path):
    page = window.data_panel
    page.generate_sql()
    assert "Open a sample" in page.athena_message.text()
    _open(qtbot, page, dataset)
    page.table_edit.setText("bad name;")
    page.generate_sql()
    assert "not a table name" in page.athena_message.text()
    page.table_edit.setText("db.customers")
    page.generate_sql()
    assert "approx_distinct" in page.sql_text.toPlainText()
    bad = tmp_path / "r.csv"
    bad.write_text("x\n1\n")
    page.load_athena_result(str(bad))
    assert "not a SageWise profile result" in page.athena_message.text()
    assert page.model.rowCount() == 11


def test_wizard_takes_only_valid_data_answers(window):
    n = window.wizard.suggest_answers({"sparse": "maybe", "nope": "x", "labels": "yes"},
                                      {"labels": "target column 'y'"})
    assert n == 1 and window.wizard.suggested == {"labels": "yes"}
    window.wizard.start("")
    assert window.wizard.suggested == {"labels": "yes"}   # kept when the questions start
    window.new_session()
    assert window.wizard.suggested == {}


def test_long_column_names_show_they_were_cut(window, qtbot, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("customer_lifetime_value_usd,fraud_flag_copy\n"
                    + "".join(f"{i * 1.5},{i % 2}\n" for i in range(50)) + ",1\n")
    page = window.data_panel
    window.show_page("Data")
    _open(qtbot, page, path)
    labels = [label for _pos, label in page.missing_plot.getAxis("left")._tickLevels[0]]
    assert labels == ["customer_li\u2026", "fraud_flag_\u2026"]
    assert page.dist_plot.getPlotItem().titleLabel.text.startswith("customer_lifetime_value")


def test_an_id_column_and_no_missing_values_get_a_note_not_an_empty_plot(window, qtbot,
                                                                          tmp_path):
    path = tmp_path / "complete.csv"
    path.write_text("order_id,amount,country\n"
                    + "".join(f"{1000 + i},{i * 1.5},{'DE' if i % 3 else 'FR'}\n"
                              for i in range(200)))
    page = window.data_panel
    window.show_page("Data")
    assert page.plot_note(page.missing_plot)            # nothing open yet: a note says so
    _open(qtbot, page, path)
    note = page.plot_note(page.missing_plot)
    assert "none" in note and "3 columns" in note
    assert page.plot_notes[page.missing_plot].isVisibleTo(page)
    page.table.selectRow(0)
    assert page.model.rows[0]["kind"] == "id"
    assert "identifier" in page.plot_note(page.dist_plot)
    page.table.selectRow(1)
    assert page.plot_note(page.dist_plot) == ""          # a real histogram is drawn
    assert page.plot_stacks[page.dist_plot].currentWidget() is page.dist_plot


def test_missing_values_are_plotted_when_there_are_some(window, qtbot, dataset):
    page = window.data_panel
    window.show_page("Data")
    _open(qtbot, page, dataset)
    assert page.plot_note(page.missing_plot) == ""


@pytest.mark.parametrize("size", [(800, 600), (1024, 700)])
def test_the_target_combo_shows_its_whole_choice(qtbot, tmp_path, size):
    from sagewise.gui.main_window import MainWindow

    path = tmp_path / "churn.csv"
    path.write_text("customer_id,monthly_charges,status\n"
                    + "".join(f"{i},{i * 0.5},{('active', 'churned', 'paused')[i % 3]}\n"
                              for i in range(300)))
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.show_page("Data")
    page = window.data_panel
    _open(qtbot, page, path, {"target": "status"})
    qtbot.wait(1)
    box = page.target_box
    assert box.currentData() == "status"
    text = box.currentText()
    assert box.width() >= box.fontMetrics().horizontalAdvance(text) + 24, (text, box.width())
    assert text in box.toolTip()
    assert box.itemData(box.currentIndex(), Qt.ItemDataRole.ToolTipRole) == text
    window.close()


def test_the_table_and_plots_keep_half_the_page_at_800x600(qtbot):
    from sagewise.gui.main_window import MainWindow

    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    window.show_page("Data")
    qtbot.wait(1)
    left, right = window.data_panel.splitter.sizes()
    assert left >= right, (left, right)   # the hidden SageMaker tab no longer claims the room
    window.close()


def test_column_names_are_readable_in_a_small_window(qtbot, tmp_path):
    from sagewise.gui.main_window import MainWindow

    path = tmp_path / "sales.csv"
    path.write_text("store,day,sales\n" + "".join(
        f"s{i % 7},2024-01-{1 + i % 28:02d},{i * 1.5}\n" for i in range(300)))
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    window.show_page("Data")
    page = window.data_panel
    _open(qtbot, page, path)
    qtbot.wait(1)
    metrics = page.table.fontMetrics()
    for row in page.model.rows:
        assert page.table.columnWidth(0) >= metrics.horizontalAdvance(row["name"]) + 8, row
    window.close()


def test_use_in_wizard_opens_the_first_question_to_confirm(window, qtbot, dataset):
    """It left the wizard on its empty describe page while the status bar said 'confirm
    them in the questions'."""
    from sagewise.gui.wizard.wizard_panel import DESCRIBE

    page = window.data_panel
    _open(qtbot, page, dataset, {"target": "fraud"})
    page.use_in_wizard()
    wiz = window.wizard
    assert wiz.pages.currentIndex() != DESCRIBE
    assert wiz.ctl.current is not None
    suggested = wiz.ctl.suggested.get(wiz.ctl.current)
    checked = wiz.choices.checkedButton()
    assert suggested is not None and checked is not None and "(suggested)" in checked.text()
