"""The Pipeline page and the Export panel: behaviour through the widgets."""

from __future__ import annotations

import ast
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sagewise.gui.combo import select_data
from sagewise.gui.export.export_panel import ExportPanel
from sagewise.gui.main_window import MainWindow
from sagewise.gui.pipeline.pipeline_panel import PipelinePanel


@pytest.fixture
def panel(qtbot):
    p = PipelinePanel()
    qtbot.addWidget(p)
    return p


@pytest.fixture
def export(qtbot):
    e = ExportPanel()
    qtbot.addWidget(e)
    return e


def test_description_decides_and_boxes_explain(panel):
    panel.describe_edit.setPlainText("Every night we score the whole customer base in one "
                                     "batch; results are read the next morning.")
    panel.read_description()
    assert panel.plan.decision("deployment").choice == "batch-transform"
    assert panel.view.boxes["deployment"].choice.text().startswith("Batch transform")
    panel.view.boxes["deployment"].on_click("deployment")
    assert panel.view.boxes["deployment"].selected
    assert "Batch transform" in panel.details.toPlainText()
    assert "MaxPayloadInMB" in panel.details.toPlainText()  # the limit, dated
    panel.select_area("security")
    assert "Security" in panel.details.toPlainText()


def test_answering_the_shown_question_changes_the_choice(panel):
    nq = panel.plan.next_question
    assert nq is not None and panel.choices.buttons()
    panel.own.clear()
    # Answer the deployment question directly through the buttons.
    while panel.plan.next_question and panel.plan.next_question.id != "payload":
        panel.skip_current()
    assert panel.plan.next_question.id == "payload"
    for b in panel.choices.buttons():
        if b.property("answer_id") == "large_or_slow":
            b.setChecked(True)
    panel.answer_current()
    assert panel.own["payload"] == "large_or_slow"
    assert panel.plan.decision("deployment").choice == "async-inference"
    panel.answers_list.setCurrentRow(
        [panel.answers_list.item(i).data(256) for i in range(panel.answers_list.count())]
        .index("payload"))
    panel.remove_selected()
    assert "payload" not in panel.own


def test_wizard_context_carries_over(panel):
    panel.set_context({"task": "forecast", "inference": "batch"}, "deepar")
    assert panel.plan.decision("deployment").choice == "batch-transform"
    assert panel.export.t["--algorithm"].currentData() == "deepar"
    label = panel.pd.dd.questions["inference"].answer("batch").label
    assert label in panel.carried.text() and "DeepAR" in panel.carried.text()
    assert "inference =" not in panel.carried.text() and "deepar" not in panel.carried.text()


def test_state_round_trip_and_bad_state(panel, qtbot):
    panel.describe_edit.setPlainText("Traffic must stay off the public internet.")
    panel.read_description()
    panel.own["model_count"] = "many"
    panel.refresh()
    panel.export.t["--s3-input"].setText("s3://bucket-a/train/")
    state = json.loads(json.dumps(panel.save_state()))
    other = PipelinePanel()
    qtbot.addWidget(other)
    other.restore_state(state)
    assert other.plan.choices == panel.plan.choices
    assert other.export.t["--s3-input"].text() == "s3://bucket-a/train/"
    other.restore_state({"answers": {"payload": 5}, "skipped": "x", "export": []})
    assert other.own == {} and other.skipped == []


def test_export_shows_errors_next_to_the_field_and_saves_nothing(export, tmp_path):
    export.t["--s3-input"].setText("http://not-s3")
    label = export.errors[("training", "--s3-input")]
    assert not label.isHidden() and "S3 URI" in label.text()
    assert export.outputs["training"].toPlainText().startswith("Not built")
    assert export.copy_text() == ""
    target = tmp_path / "req.json"
    assert not export.save_current(str(target)) and not target.exists()
    export.t["--s3-input"].setText("s3://my-bucket/train/")
    assert label.isHidden()
    assert export.save_current(str(target))
    req = json.loads(target.read_text())
    assert req["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == \
        "s3://my-bucket/train/"


def test_export_gpu_rule_and_sdk_tab(export):
    export.set_algorithm("semantic-segmentation")
    hp_error = export.errors[("training", "--hyperparameter")]
    assert hp_error.isHidden()  # pre-filled with labelled example values: it builds
    req = json.loads(export.outputs["training"].toPlainText())
    assert "HyperParameters.num_classes" in req["Tags"][-1]["Value"]
    export.t["--hyperparameter"].setPlainText("num_classes=4")
    assert "num_training_samples" in hp_error.text() and not hp_error.isHidden()
    export.t["--hyperparameter"].setPlainText("num_classes=4\nnum_training_samples=300")
    assert hp_error.isHidden()
    export.t["--instance-type"].setEditText("ml.m5.xlarge")
    assert not export.errors[("training", "--instance-type")].isHidden()
    export.t["--instance-type"].setEditText("ml.p3.2xlarge")
    assert export.errors[("training", "--instance-type")].isHidden()
    export.tabs.setCurrentIndex(2)
    ast.parse(export.copy_text())


def test_endpoint_fields_follow_the_kind(export):

    select_data(export.e["--kind"], "serverless")
    assert not export.e["--instance-type"].isEnabled()
    req = json.loads(export.outputs["endpoint"].toPlainText())
    assert req["ProductionVariants"][0]["ServerlessConfig"]["MemorySizeInMB"] == 2048
    select_data(export.e["--kind"], "async")
    assert not export.errors[("endpoint", "--output-s3")].isHidden()
    export.e["--output-s3"].setText("s3://results-bucket/out/")
    assert export.errors[("endpoint", "--output-s3")].isHidden()


def test_main_window_pipeline_page_export_button_and_session(qtbot, tmp_path):
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    try:
        assert "Pipeline" in w.page_titles()
        w.wizard.describe_edit.setPlainText("Forecast daily demand for 500 products; "
                                            "forecasts are produced in a nightly batch")
        w.wizard.suggest()
        w.show_recommendation()
        w.recommendation.items.setCurrentRow(0)
        ident = w.recommendation.current_id()
        w.recommendation.export_button.click()
        assert w.stack.currentWidget() is w.pipeline_panel
        assert w.pipeline_panel.tabs.currentWidget() is w.pipeline_panel.export
        assert w.pipeline_panel.export.t["--algorithm"].currentData() == ident
        w.pipeline_panel.own["traffic"] = "intermittent"
        w.pipeline_panel.refresh()
        path = tmp_path / "s.json"
        assert w.save_as(str(path))
        saved = json.loads(path.read_text())
        assert saved["panels"]["pipeline"]["answers"] == {"traffic": "intermittent"}
        w.new_session()
        assert w.pipeline_panel.own == {}
        assert w.open_session(str(path))
        assert w.pipeline_panel.own == {"traffic": "intermittent"}
    finally:
        w.shutdown()


def test_description_reads_with_the_wizards_streaming_answer(panel):
    """What to do with the stream counts when the wizard already said data streams in."""
    panel.describe_edit.setPlainText("Records must land in S3 within minutes.")
    panel.read_description()
    assert "stream_use" not in panel.suggested
    panel.set_context({"streaming": "yes"})
    panel.read_description()
    assert panel.suggested.get("stream_use") == "deliver"


def test_long_answers_wrap_instead_of_being_cut(panel, qtbot):
    """At 1024x700 the question column is narrow: every answer's whole text is shown."""
    panel.resize(1000, 640)
    panel.show()
    qtbot.waitExposed(panel)
    buttons = panel.choices.buttons()
    assert buttons
    longest = max(buttons, key=lambda b: len(b.full_text()))
    assert longest.full_text() == longest.label.text()
    qtbot.waitUntil(lambda: longest.label.width() > 0)
    metrics = longest.label.fontMetrics()
    if metrics.horizontalAdvance(longest.full_text()) > longest.label.width():
        assert longest.label.height() >= 2 * metrics.height() - 2   # wrapped, not clipped
    assert longest.geometry().right() <= longest.parentWidget().width()
    longest.label.setFocus()
    qtbot.mouseClick(longest, Qt.MouseButton.LeftButton, pos=longest.rect().center())
    assert longest.isChecked()


def test_a_close_call_is_named_by_its_question_not_its_id(window):
    messages = []
    panel = window.pipeline_panel
    panel.sig_status.connect(messages.append)
    panel.describe_edit.setPlainText("Nightly batch and also real-time streaming of clicks")
    panel.read_description()
    assert messages and "close call" in messages[-1]
    prompt = panel.pd.dd.questions["source"].prompt
    assert f"'{prompt}'" in messages[-1]
    assert "source" not in messages[-1].replace(prompt, "")
    assert "streaming" not in messages[-1].replace(
        panel.pd.dd.questions["streaming"].prompt, "")

def test_export_carries_pipeline_decisions_and_opens_valid(export):
    """Usability test: Pipe + XGBoost opened 'Not built'; VPC/KMS/distributed were lost."""
    export.set_algorithm("xgboost")
    export.apply_plan({"training-input": "pipe", "training": "distributed-data-parallel",
                       "security": "vpc-private"}, (), {"security_concern": "encrypt_at_rest"},
                      "binary_classification")
    assert not export.outputs["training"].toPlainText().startswith("Not built")
    req = json.loads(export.outputs["training"].toPlainText())
    assert req["AlgorithmSpecification"]["TrainingInputMode"] == "Pipe"
    assert req["InputDataConfig"][0]["ContentType"] == "text/csv"
    assert req["ResourceConfig"]["InstanceCount"] == 2
    assert req["InputDataConfig"][0]["DataSource"]["S3DataSource"][
        "S3DataDistributionType"] == "ShardedByS3Key"
    assert req["VpcConfig"]["Subnets"] == ["subnet-REPLACE-ME"]
    assert "KmsKeyId" in req["OutputDataConfig"]
    assert req["HyperParameters"]["objective"] == "binary:logistic"
    tags = {t["Key"]: t["Value"] for t in req["Tags"]}
    assert "InstanceCount" in tags["sagewise-assumed"]
    assert "private VPC" in export.carried_label.text()
    # an edit here stays while the decisions stay the same
    export.t["--instance-count"].setValue(6)
    export.apply_plan({"training-input": "pipe", "training": "distributed-data-parallel",
                       "security": "vpc-private"}, (), {"security_concern": "encrypt_at_rest"},
                      "binary_classification")
    assert export.t["--instance-count"].value() == 6


def test_export_tuning_gets_its_channel_and_unknown_names_are_marked(export):
    export.set_algorithm("kmeans")
    select_data(export.t["--tuning"], "bayesian")
    export.tabs.setCurrentIndex(2)
    code = export.copy_text()
    assert 'tuner.fit({"train": train, "test": test})' in code
    assert not export.t["--s3-validation"].isEnabled() and export.t["--s3-test"].isEnabled()
    export.t["--hyperparameter"].setPlainText("k=5\nfeature_dim=4\nbogus=1")
    label = export.errors[("training", "--hyperparameter")]
    assert not label.isHidden() and "bogus" in label.text()
    assert export.copy_text() == ""


def test_export_state_keeps_new_fields(export, qtbot):
    export.set_algorithm("xgboost")
    export.t["--s3-validation"].setText("s3://bucket-a/val/")
    export.t["--kms"].setChecked(True)
    select_data(export.t["--problem-type"], "regression")
    assert "objective=reg:squarederror" in export.t["--hyperparameter"].toPlainText()
    state = export.save_state()
    other = ExportPanel()
    qtbot.addWidget(other)
    other.restore_state(state)
    assert other.t["--s3-validation"].text() == "s3://bucket-a/val/"
    assert other.t["--kms"].isChecked()
    assert other.t["--problem-type"].currentData() == "regression"


def test_export_real_vpc_and_kms_ids_replace_the_placeholders(export):
    export.set_algorithm("xgboost")
    assert not export.t["--subnet"].isEnabled()
    export.t["--vpc"].setChecked(True)
    export.t["--kms"].setChecked(True)
    export.t["--subnet"].setText("subnet-0abc1234, subnet-0abc5678")
    export.t["--security-group"].setText("sg-0abc1234")
    export.t["--kms-key-id"].setText("alias/ml-data")
    req = json.loads(export.outputs["training"].toPlainText())
    assert req["VpcConfig"] == {"SecurityGroupIds": ["sg-0abc1234"],
                                "Subnets": ["subnet-0abc1234", "subnet-0abc5678"]}
    assert req["OutputDataConfig"]["KmsKeyId"] == "alias/ml-data"
    assert "VpcConfig" not in req["Tags"][0]["Value"]
    export.t["--kms"].setChecked(False)
    req = json.loads(export.outputs["training"].toPlainText())
    assert "KmsKeyId" not in req["OutputDataConfig"]
    export.t["--subnet"].setText("subnet-nope")
    assert "subnet" in export.errors[("training", "--subnet")].text()


def test_switching_algorithm_after_the_plan_keeps_the_job_buildable(export):
    """Every exportable algorithm opens built, request and SDK code (with its tuner when the
    pipeline decided tuning and the algorithm has a metric), after a Pipe/distributed plan."""
    from sagewise.knowledge.export.images import load_images

    export.set_algorithm("kmeans")
    export.apply_plan({"training-input": "pipe", "training": "distributed-data-parallel",
                       "tuning": "bayesian"})
    for algorithm in load_images().algorithms():
        export.set_algorithm(algorithm)
        for key in ("training", "sdk"):
            text = export.outputs[key].toPlainText()
            assert not text.startswith("Not built"), (algorithm, key, text)
        tuned = "HyperparameterTuner(" in export.outputs["sdk"].toPlainText()
        assert tuned == bool(export.catalog.algorithms[algorithm].objective_metrics)
        export.set_algorithm("kmeans")
        select_data(export.t["--tuning"], "bayesian")


def test_export_is_offered_only_where_a_request_can_be_built(window):
    """LightGBM's Export opened a page that could never be built; the button now says why."""
    window.wizard.describe_edit.setPlainText("Detect fraudulent credit card transactions "
                                             "from tabular data, fraud is rare")
    window.wizard.suggest()
    window.show_recommendation()
    page = window.recommendation
    rows = {page.items.item(i).data(Qt.ItemDataRole.UserRole): i
            for i in range(page.items.count())}
    page.items.setCurrentRow(rows["lightgbm"])
    assert not page.export_button.isEnabled()
    assert "JumpStart" in page.export_button.toolTip()
    page.items.setCurrentRow(rows["xgboost"])
    assert page.export_button.isEnabled()
    combo = window.pipeline_panel.export.findChild(QComboBox, "export_algorithm")
    i = combo.findData("lightgbm")
    assert combo.itemText(i).endswith("(no built-in request)")
    assert "JumpStart" in combo.itemData(i, Qt.ItemDataRole.ToolTipRole)


FRAUD_STREAM = ("Card transactions stream in continuously and must land in S3 within minutes "
                "without consumer code. We score every transaction as the customer checks out, "
                "true fraud labels arrive weeks later, and traffic must stay off the internet.")


def _pipeline_window(qtbot, size):
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.show_page("Pipeline")
    panel = window.pipeline_panel
    panel.describe_edit.setPlainText(FRAUD_STREAM)
    panel.read_description()
    return window, panel


def _labels_fit(panel) -> bool:
    return all(b.label.height() >= b.label.heightForWidth(b.label.width())
               for b in panel.choices.buttons())


@pytest.mark.parametrize("size", [(800, 600), (1024, 700)])
def test_answer_labels_are_never_cut_in_a_small_window(qtbot, size):
    window, panel = _pipeline_window(qtbot, size)
    assert len(panel.choices.buttons()) >= 4
    qtbot.waitUntil(lambda: _labels_fit(panel), timeout=5000)
    # the last answer can be reached: scrolled into view it is wholly inside the box
    last = panel.choices.buttons()[-1]
    panel.choice_scroll.ensureWidgetVisible(last)
    qtbot.wait(1)
    top = last.label.mapTo(panel.choice_scroll.viewport(), last.label.rect().topLeft()).y()
    assert 0 <= top and top + last.label.height() <= panel.choice_scroll.viewport().height()
    window.close()


@pytest.mark.parametrize("size", [(800, 600), (1024, 700)])
def test_the_page_fits_the_window_and_boxes_show_their_choice(qtbot, size):
    window, panel = _pipeline_window(qtbot, size)
    qtbot.wait(1)
    scroll = panel.parentWidget()
    while scroll is not None and not hasattr(scroll, "horizontalScrollBar"):
        scroll = scroll.parentWidget()
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0, "the page needs no sideways scrolling"
    assert panel.read_button.geometry().right() <= panel.width()
    shown = panel.view.boxes["deployment"].choice.text()
    assert "\u2026" not in shown and "..." not in shown, shown   # room for two lines
    assert shown.replace("\n", " ") in panel.view.boxes["deployment"].toolTip()
    window.close()


def test_a_choice_too_long_for_two_lines_is_elided_on_the_second():
    from PySide6.QtGui import QFont
    from sagewise.gui.pipeline.diagram import two_lines

    font = QFont()
    text = "Events from apps, devices or clickstreams, arriving continuously all day long"
    lines = two_lines(text, font, 170).split("\n")
    assert len(lines) == 2 and lines[1].endswith("\u2026")
    assert text.startswith(lines[0])                     # the first line breaks at a space
    assert two_lines("Batch transform", font, 170) == "Batch transform"
