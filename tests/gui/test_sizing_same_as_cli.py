"""The sizing panel and the command line give the same answer for the same input, and
the panel follows the wizard without overwriting what the user typed."""

from __future__ import annotations

import json

import pytest
from sagewise.gui.sizing.pages import (
    ElbowPage,
    HyperparamsPage,
    InstancesPage,
    KinesisPage,
)
from sagewise.gui.sizing.sizing_panel import SizingPanel
from sagewise.knowledge.cli import main
from sagewise.knowledge.recommend import recommend
from sagewise.knowledge.sizing.report import plain


@pytest.fixture
def panel(qtbot):
    p = SizingPanel()
    qtbot.addWidget(p)
    yield p
    p.shutdown()


def cli(capsys, *argv) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def type_into(qtbot, page, name, text):
    edit = page.fields[name].edit
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)


def test_kinesis_text_is_the_same(panel, qtbot, capsys):
    page = panel.page(KinesisPage)
    type_into(qtbot, page, "records_per_second", "50,000")  # thousands separator in both
    type_into(qtbot, page, "record_kb", "0.5")
    type_into(qtbot, page, "consumers", "1")
    out = cli(capsys, "size", "kinesis", "--record-kb", "0.5", "--records-per-second",
              "50,000", "--consumers", "1", "--efo-consumers", "0")
    assert out["shards"] == 50
    assert out["summary"] == page.last_markdown
    assert main(["size", "kinesis", "--record-kb", "0.5", "--records-per-second", "50,000",
                 "--consumers", "1"]) == 0
    assert capsys.readouterr().out.strip() == plain(page.last_markdown)


def test_instances_are_the_same(panel, qtbot, capsys):
    page = panel.page(InstancesPage)
    page.set_algorithm("blazingtext")
    from sagewise.gui.combo import select_data

    select_data(page.fields["algorithm_mode"], "supervised")
    type_into(qtbot, page, "dataset_gb", "5")
    page.recompute()
    out = cli(capsys, "size", "instances", "--algorithm", "blazingtext", "--algorithm-mode",
              "supervised", "--dataset-gb", "5", "--hours", "2")
    rows = [page.table.item(r, 0).text() for r in page.instance_rows()]
    assert rows == [i["type"] for i in out["instances"]]
    whys = [page.table.item(r + 1, 0).text() for r in page.instance_rows()]
    assert all(w.startswith("Why: ") and len(w) > 10 for w in whys)
    assert all(page.table.columnSpan(r + 1, 0) == page.COLUMNS for r in page.instance_rows())
    assert out["summary"] == page.last_markdown


def test_hyperparameter_text_is_the_same(panel, qtbot, capsys):
    page = panel.page(HyperparamsPage)
    for name in ("anomaly_pct", "negatives", "positives"):
        page.fields[name].edit.clear()
    type_into(qtbot, page, "unique_entities", "500")
    out = cli(capsys, "size", "hyperparams", "--unique-entities", "500")
    assert out["summary"] == page.last_markdown


def test_elbow_is_the_same(panel, qtbot, capsys):
    page = panel.page(ElbowPage)
    panel.show()
    panel.tabs.setCurrentWidget(page)
    for name, text in (("points", "3000"), ("clusters", "5"), ("k_max", "9"), ("seed", "3")):
        type_into(qtbot, page, name, text)
    qtbot.waitUntil(lambda: page.elbow is not None and "Suggested k" in page.last_markdown,
                    timeout=30000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=10000)
    out = cli(capsys, "demo", "kmeans", "--points", "3000", "--clusters", "5", "--elbow",
              "1..9", "--seed", "3")
    assert out["elbow"] == page.elbow
    assert f"Suggested k = {out['elbow']}" in page.last_markdown


def test_sizing_follows_the_wizard_without_overwriting_typed_values(panel, qtbot):
    page = panel.page(InstancesPage)
    answers = {"task": "forecast", "series_count": "many", "data_size": "large"}
    panel.follow_wizard(answers, recommend(answers))
    assert page.fields["algorithm"].currentData() == "deepar"
    assert page.fields["dataset_gb"].text() == "100"
    assert "assumed" in page.follow_note.text()
    type_into(qtbot, page, "dataset_gb", "7")  # the user's own value
    answers["data_size"] = "small"
    panel.follow_wizard(answers, recommend(answers))
    assert page.fields["dataset_gb"].text() == "7"
    assert "dataset" not in page.follow_note.text()
    restored = SizingPanel()
    qtbot.addWidget(restored)
    restored.restore_state(panel.save_state())
    restored.follow_wizard({"data_size": "medium"}, None)
    assert restored.page(InstancesPage).fields["dataset_gb"].text() == "7"
    restored.shutdown()


def test_a_managed_service_on_top_is_not_sized_as_an_algorithm(panel):
    answers = {"task": "forecast", "series_count": "many"}
    rec = recommend(answers)
    ranked = [s.id for s in rec.ranked]
    assert ranked[0] in ("deepar", "amazon-forecast")
    panel.follow_wizard(answers, rec)
    assert panel.page(InstancesPage).fields["algorithm"].currentData() == "deepar"


def test_an_error_clears_the_instance_table_and_shows_once(panel, qtbot):
    page = panel.page(InstancesPage)
    assert page.table.rowCount() > 0
    type_into(qtbot, page, "dataset_gb", "-3")
    assert page.table.rowCount() == 0
    assert page.fields["dataset_gb"].has_error() and not page.status.text()
    type_into(qtbot, page, "dataset_gb", "3")
    assert page.table.rowCount() > 0 and not page.fields["dataset_gb"].has_error()


def test_showing_a_one_line_error_does_not_move_the_fields(panel, qtbot):
    page = panel.page(KinesisPage)
    panel.resize(1000, 650)
    panel.show()
    panel.tabs.setCurrentWidget(page)
    qtbot.waitExposed(panel)
    below = page.fields["consumers"].edit
    y = below.mapTo(page, below.rect().topLeft()).y()
    type_into(qtbot, page, "records_per_second", "-5")
    assert page.fields["records_per_second"].has_error()
    assert below.mapTo(page, below.rect().topLeft()).y() == y


def test_long_error_messages_wrap_in_full_under_their_field(panel, qtbot):
    """Usability report: messages ended in '...' ('commas on...', 'not b...')."""
    page = panel.page(KinesisPage)
    panel.resize(1024, 700)
    panel.show()
    panel.tabs.setCurrentWidget(page)
    qtbot.waitExposed(panel)
    for name, text in (("records_per_second", "1,5"), ("record_kb", "")):
        type_into(qtbot, page, name, text)
        # the empty record size leaves neither size nor rate: the message says KiB / MiB/s
        line = page.fields[name].error
        assert line.full_text(), name
        qtbot.waitUntil(lambda line=line: line.height() >= line.heightForWidth(line.width()),
                        timeout=2000)
        assert line.text() == line.full_text() and "\u2026" not in line.text()
        assert line.wordWrap()
        type_into(qtbot, page, name, {"records_per_second": "2000", "record_kb": "3"}[name])
    type_into(qtbot, page, "record_kb", "")
    msg = page.fields["record_kb"].error.full_text()
    assert "KiB" in msg and "MiB/s" in msg and " KB" not in msg and "(MB/s)" not in msg


def test_invalid_input_clears_the_plot_axes_and_title(panel, qtbot):
    """Usability report: the chart kept stale axes after an invalid input."""
    page = panel.page(KinesisPage)
    item = page.plot.getPlotItem()
    assert item.getAxis("bottom").isVisible() or item.getAxis("bottom").labelText
    type_into(qtbot, page, "records_per_second", "-5")
    for side in ("bottom", "left"):
        axis = item.getAxis(side)
        assert not axis.isVisible() and not axis.labelText, side
    assert not item.titleLabel.text
    type_into(qtbot, page, "records_per_second", "2000")
    assert item.getAxis("bottom").labelText.startswith("Records per second")
    assert item.getAxis("left").isVisible() or not page.isVisible()


def test_every_sizing_page_fits_the_space_left_at_1024x700(panel, qtbot):
    # 1024x700 minus the navigation list, menu and status bars leaves about 800x600
    hint = panel.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600
    panel.resize(800, 600)
    panel.show()
    qtbot.waitExposed(panel)
    for page in panel.pages.values():
        panel.tabs.setCurrentWidget(page)
        qtbot.wait(10)
        # the form scrolls instead of being clipped: its content is never squeezed
        inner = page.form_scroll.widget()
        assert inner.height() >= inner.minimumSizeHint().height()
        assert page.form_scroll.viewport().width() >= inner.minimumSizeHint().width() - 1
