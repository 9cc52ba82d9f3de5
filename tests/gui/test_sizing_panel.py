"""The sizing panel, driven like a user: typing, bad values, file checks, prices."""

from __future__ import annotations

import pandas as pd
import pytest
from sagewise.gui.sizing.pages import (
    EndpointPage,
    HyperparamsPage,
    InstancesPage,
    KinesisPage,
    ScalingPage,
    SpicePage,
)
from sagewise.gui.sizing.sizing_panel import SizingPanel


@pytest.fixture
def panel(qtbot):
    p = SizingPanel()
    qtbot.addWidget(p)
    yield p
    p.shutdown()


def set_field(qtbot, page, name, text):
    edit = page.fields[name].edit
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)


def test_every_calculator_shows_a_result_with_defaults(panel):
    for page in panel.pages.values():
        assert page.last_markdown, page.title
        assert not page.status.text()


def test_kinesis_updates_live_and_plots_the_current_rate(panel, qtbot):
    page = panel.page(KinesisPage)
    set_field(qtbot, page, "records_per_second", "50000")
    set_field(qtbot, page, "record_kb", "0.5")
    set_field(qtbot, page, "consumers", "1")
    assert page.last_markdown.startswith("## 50 shards")
    assert "records/s per shard" in page.result.toPlainText()
    assert page._marker.value() == 50000
    _, ys = page._line.getData()
    assert list(ys) == sorted(ys)


@pytest.mark.parametrize(("text", "message"), [
    ("-5", "must be greater than 0"), ("0", "must be greater than 0"),
    ("abc", "is not a number"), ("nan", "got NaN"), ("1e400", "must be finite"),
])
def test_bad_values_get_a_message_at_the_field(panel, qtbot, text, message):
    page = panel.page(KinesisPage)
    set_field(qtbot, page, "records_per_second", text)
    field = page.fields["records_per_second"]
    assert message in field.error.full_text() and field.has_error()
    assert not page.status.text()  # the message appears once: at its field
    assert "No result" in page.result.toPlainText() and not page.last_markdown
    assert "shards" not in (page.plot.getPlotItem().titleLabel.text or "")
    set_field(qtbot, page, "records_per_second", "2000")
    assert not field.has_error() and "9 shards" in page.last_markdown


def test_spice_file_check_runs_in_the_background(panel, qtbot, tmp_path):
    page = panel.page(SpicePage)
    f = tmp_path / "d.csv"
    pd.DataFrame({"id": range(5000), "note": ["x" * 40] * 5000}).to_csv(f, index=False)
    page.start_file_check(str(f))
    assert not page.check_button.isEnabled() and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: "Measured" in page.file_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=2000)
    assert page.fields["rows"].text() == "5000" and page.fields["columns"].text() == "2"
    assert "Measured" in page.file_label.text()
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=2000)


def test_spice_bad_file_shows_a_message_and_keeps_the_inputs(panel, qtbot, tmp_path):
    page = panel.page(SpicePage)
    before = page.save_state()
    f = tmp_path / "bad.csv"
    f.write_bytes(b"\x00\x01binary")
    page.start_file_check(str(f))
    # wait on the outcome, not the signal: a fast failure can beat a late waitSignal
    qtbot.waitUntil(lambda: "binary" in page.file_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=2000)
    assert page.save_state() == before
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=2000)


def test_spice_file_check_can_be_cancelled(panel, qtbot, tmp_path, monkeypatch):
    import sagewise.knowledge.sizing.spice_file as sf

    monkeypatch.setattr(sf, "CHUNK_ROWS", 10)
    page = panel.page(SpicePage)
    f = tmp_path / "d.csv"
    pd.DataFrame({"x": range(200_000)}).to_csv(f, index=False)
    page.start_file_check(str(f))
    page.cancel_file()
    qtbot.waitUntil(lambda: "cancelled" in page.file_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=2000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=2000)


def test_instances_prices_are_editable(panel, qtbot):
    page = panel.page(InstancesPage)
    table = page.table
    first = table.item(0, 0).text()
    table.item(0, 4).setText("0.01")
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)
    assert page.prices[first] == 0.01
    row = next(r for r in page.instance_rows() if table.item(r, 0).text() == first)
    assert table.item(row, 4).text() == "0.010"
    table.item(row, 4).setText("-3")
    assert "positive number" in page.status.text() and page.prices[first] == 0.01
    assert table.item(row, 4).text() == "0.010"  # the previous price is put back


def test_set_algorithm_prefills_and_gpu_rules_show(panel, qtbot):
    panel.set_algorithm("seq2seq")
    page = panel.page(InstancesPage)
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)
    page.recompute()
    gpus = [int(page.table.item(r, 3).text()) for r in page.instance_rows()]
    assert gpus and all(g >= 1 for g in gpus)
    assert panel.page(ScalingPage).fields["algorithm"].currentData() == "seq2seq"


def test_scaling_plot_is_the_warmup_schedule(panel, qtbot):
    page = panel.page(ScalingPage)
    _, ys = page._curve.getData()
    assert ys[0] == pytest.approx(0.1) and ys[-1] == pytest.approx(0.4)
    assert page.plot.getAxis("left").labelText == "Learning rate"


def test_endpoint_and_hyperparameters(panel, qtbot):
    page = panel.page(EndpointPage)
    assert "3,000 invocations" in page.last_markdown
    hp = panel.page(HyperparamsPage)
    set_field(qtbot, hp, "anomaly_pct", "1")
    assert "num_samples_per_tree = **100**" in hp.last_markdown
    set_field(qtbot, hp, "anomaly_pct", "0")
    assert hp.fields["anomaly_pct"].has_error()


def test_state_round_trip(panel, qtbot):
    page = panel.page(KinesisPage)
    set_field(qtbot, page, "headroom_pct", "25")
    panel.page(InstancesPage).prices["ml.m5.large"] = 0.2
    state = panel.save_state()
    fresh = SizingPanel()
    qtbot.addWidget(fresh)
    fresh.restore_state(state)
    assert fresh.page(KinesisPage).fields["headroom_pct"].text() == "25"
    assert fresh.page(InstancesPage).prices == {"ml.m5.large": 0.2}
    assert fresh.save_state() == state
    fresh.restore_state({"NoSuchPage": {}, "KinesisPage": {"mode": "bogus", "x": 1},
                         "visited": ["KinesisPage", "Nope"]})
    assert "# Kinesis shards" in fresh.results_markdown()
    assert fresh.visited == {"KinesisPage"}


def test_only_calculators_looked_at_go_into_the_record(panel, qtbot):
    assert panel.results_markdown() == ""
    panel.set_algorithm("xgboost")
    md = panel.results_markdown()
    assert "# Instance choice" in md and "# Kinesis shards" not in md
    panel.show()
    panel.tabs.setCurrentWidget(panel.page(KinesisPage))
    assert "# Kinesis shards" in panel.results_markdown()


def test_elbow_runs_in_the_background_and_marks_k(panel, qtbot):
    from sagewise.gui.sizing.pages import ElbowPage

    page = panel.page(ElbowPage)
    assert page.job is None  # nothing runs until the tab is shown
    panel.show()
    panel.tabs.setCurrentWidget(page)
    set_field(qtbot, page, "clusters", "3")
    qtbot.waitUntil(lambda: page.elbow == 3 and "Suggested k = 3" in page.last_markdown,
                    timeout=20000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)


def test_elbow_with_a_bad_csv_says_why(panel, qtbot, tmp_path):
    from sagewise.gui.sizing.pages import ElbowPage

    page = panel.page(ElbowPage)
    panel.show()
    panel.tabs.setCurrentWidget(page)
    f = tmp_path / "bad.csv"
    f.write_text("a,b\n1,x\n")
    page.use_file(str(f))
    qtbot.waitUntil(lambda: "not a number" in page.status.text(), timeout=20000)
    assert not page.fields["points"].isEnabled()
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)


def test_kinesis_on_demand_plots_throughput_against_the_limits(panel, qtbot):
    """On-demand has no shards to pick: the result and the plot show throughput."""
    page = panel.page(KinesisPage)
    page.fields["mode"].setCurrentIndex(page.fields["mode"].findData("on-demand"))
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)
    assert page.last_markdown.startswith("## On-demand:")
    item = page.plot.getPlotItem()
    assert "shard" not in item.titleLabel.text.lower()
    assert "Write throughput" in item.getAxis("left").labelText
    set_field(qtbot, page, "record_kb", "0.5")
    set_field(qtbot, page, "records_per_second", "50000")
    page.fields["mode"].setCurrentIndex(page.fields["mode"].findData("provisioned"))
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)
    assert page.last_markdown.startswith("## 50 shards")
    assert item.getAxis("left").labelText == "Shards needed"


def test_instances_cost_column_hides_without_a_job_length(panel, qtbot):
    page = panel.page(InstancesPage)
    set_field(qtbot, page, "hours", "")
    assert page.table.rowCount() > 0 and page.table.isColumnHidden(6)
    assert "No cost column" in page.last_markdown
    set_field(qtbot, page, "hours", "3")
    assert not page.table.isColumnHidden(6) and "Cost $" in page.last_markdown


def test_an_instances_page_closed_right_after_computing_is_freed(qtbot):
    """The table's rows are sized again on the next event-loop turn; a page deleted before
    that turn used to stay in memory for good (PySide6 never drops a QTimer.singleShot
    callable whose context object died first, and that callable was the page's method)."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    page = InstancesPage()
    page.recompute()
    assert page.table.rowCount() > 0
    page_ref = weakref.ref(page)
    page.deleteLater()
    del page
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(10)                   # the turn the rows waited for
    gc.collect()
    assert page_ref() is None
