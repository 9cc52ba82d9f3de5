"""The record says where each sizing input came from and never presents a calculator's
example values as the user's result."""

from __future__ import annotations

from sagewise.gui.main_window import MainWindow
from sagewise.knowledge import report


def _record(window, tmp_path, name="r.md") -> str:
    path = tmp_path / name
    assert window.export_record(str(path))
    return path.read_text()


def _sizing(text: str) -> str:
    return text.split("## Sizing", 1)[1] if "## Sizing" in text else ""


def test_a_calculator_only_looked_at_is_named_not_presented(window, tmp_path):
    window.show()
    window.show_page("Sizing")
    panel = window.sizing_panel
    panel.tabs.setCurrentWidget(panel.pages["KinesisPage"])
    panel.tabs.setCurrentWidget(panel.pages["SpicePage"])
    sizing = _sizing(_record(window, tmp_path))
    assert "9 shards" not in sizing and "### Kinesis shards" not in sizing
    assert "Looked at with the example inputs only, so not part of this record: " \
        "Kinesis shards, QuickSight SPICE." in sizing


def test_typed_inputs_are_the_users_and_the_rest_are_labelled_examples(window, tmp_path,
                                                                        qtbot):
    window.show()
    window.show_page("Sizing")
    page = window.sizing_panel.pages["KinesisPage"]
    window.sizing_panel.tabs.setCurrentWidget(page)
    rps = page.fields["records_per_second"].edit
    rps.selectAll()
    qtbot.keyClicks(rps, "5000")
    sizing = _sizing(_record(window, tmp_path))
    line = next(x for x in sizing.splitlines() if x.startswith("*Inputs - "))
    assert "entered by you: Records per second (peak)" in line
    assert "example values (assumed, not yours): Average record size (KiB)" in line
    assert "Looked at with the example inputs only" not in sizing


def test_size_it_and_the_wizard_fill_inputs_for_the_user_and_say_so(window, tmp_path):
    window.wizard.restore_state("", {"data_size": "medium"}, [])
    window._on_wizard_changed()
    window.size_it("kmeans")
    sizing = _sizing(_record(window, tmp_path))
    instances = sizing.split("### Instance choice", 1)[1].split("### ", 1)[0]
    assert "filled in for you: Algorithm (chosen with Size it)" in instances
    assert "Dataset size (GB) (assumed from your wizard answer Medium" in instances
    assert "example values (assumed, not yours):" in instances and "GPUs" in instances


def test_where_inputs_came_from_survives_save_and_open(window, tmp_path, qtbot):
    window.size_it("xgboost")
    path = tmp_path / "s.sagewise.json"
    assert window.save_as(str(path))
    again = MainWindow(restore=False)
    qtbot.addWidget(again)
    assert again.open_session(str(path))
    sizing = _sizing(_record(again, tmp_path, "again.md"))
    assert "filled in for you: Algorithm (chosen with Size it)" in sizing
    again.shutdown()


def test_results_saved_before_sources_were_recorded_are_shown_as_before():
    sections = [{"calculator": "KinesisPage", "title": "Kinesis shards", "algorithm": "",
                 "markdown": "## 9 shards", "computed_for": "any algorithm",
                 "example_inputs_only": False}]
    text = report.sizing_markdown_of(sections, "", "")
    assert "## 9 shards" in text and "Inputs -" not in text and "Looked at" not in text


def test_size_it_does_not_present_the_batch_size_tab(window, tmp_path):
    """Size it gave the batch-size calculator only the algorithm; its headline came from
    example inputs and read like a result."""
    window.size_it("deepar")
    sizing = _sizing(_record(window, tmp_path))
    assert "### Instance choice" in sizing
    assert "Batch size and learning rate" not in sizing


def test_unconfirmed_answers_are_marked_in_the_record(window, tmp_path):
    from wizard_steps import FRAUD, answer_fraud

    window.wizard.describe_edit.setPlainText(FRAUD)
    window.wizard.suggest()
    text = _record(window, tmp_path)
    answers = text.split("## Answers", 1)[1].split("\n## ", 1)[0]
    lines = [x for x in answers.splitlines() if x.startswith("- **")]
    assert lines and all("(suggested from your description or data, not confirmed)" in x
                         for x in lines)
    answer_fraud(window)
    text = _record(window, tmp_path, "confirmed.md")
    answers = text.split("## Answers", 1)[1].split("\n## ", 1)[0]
    assert "not confirmed" not in answers


def test_the_header_judges_by_the_chosen_algorithms_metric(window):
    window.wizard.describe_edit.setPlainText("spot unusual spikes in sensor readings "
                                             "without labels")
    window.wizard.suggest()
    window.show_recommendation()
    page = window.recommendation
    assert "test:f1" in page.summary.text()
    page.items.setCurrentRow(next(i for i in range(page.items.count())
                                  if page.items.item(i).data(0x0100) == "kmeans"))
    page.choose_button.click()
    assert "for K-Means" in page.summary.text() and "test:f1" not in page.summary.text()
