"""The main window: navigation, sessions (save/open/corrupt), export, autosave."""

from __future__ import annotations

import json

import pytest
import sagewise.gui.main_window as mw
from sagewise.gui.main_window import MainWindow
from sagewise.knowledge.session import FORMAT
from wizard_steps import FRAUD, answer_fraud


def test_every_page_is_reachable_from_the_navigation(window):
    for row, title in enumerate(MainWindow.PAGES):
        window.nav.setCurrentRow(row)
        assert window.stack.currentIndex() == row, title


def test_finishing_the_wizard_opens_the_recommendation(window, qtbot):
    answer_fraud(window)
    window.wizard.finish_button.click()
    assert window.stack.currentWidget() is window.recommendation
    assert window.recommendation.current_id() == "xgboost"
    assert window.modified
    qtbot.waitUntil(window.isWindowModified)   # the [*] in the title follows shortly


def test_size_it_prefills_the_sizing_panel(window):
    answer_fraud(window)
    window.show_recommendation()
    window.recommendation.size_button.click()
    assert window.stack.currentWidget() is window.sizing_panel
    assert "XGBoost" in window.statusBar().currentMessage()  # the name, not the id


def test_session_round_trip(window, qtbot, tmp_path, errors):
    answer_fraud(window)
    window.show_recommendation()
    window.recommendation.choose_button.click()
    path = tmp_path / "fraud.sagewise.json"
    assert window.save_as(str(path))
    assert not window.isWindowModified() and window.windowTitle() == "SageWise - fraud.sagewise.json[*]"
    saved = json.loads(path.read_text())
    assert saved["chosen"] == "xgboost" and saved["answers"]["task"] == "classify"

    other = MainWindow(restore=False)
    qtbot.addWidget(other)
    assert other.open_session(str(path))
    assert other.wizard.answers == window.wizard.answers
    assert other.wizard.describe_edit.toPlainText() == FRAUD
    assert other.chosen == "xgboost"
    assert "(chosen)" in other.recommendation.items.item(0).text()
    other.shutdown()
    assert errors == []


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "damaged session file"),
    ("", "damaged session file"),
    (json.dumps({"format": FORMAT, "schema_version": 99}), "newer SageWise"),
    (json.dumps({"format": FORMAT, "schema_version": 1, "answers": "x"}), "answers"),
    (json.dumps([1, 2]), "not a SageWise session"),
])
def test_a_bad_session_file_changes_nothing(window, tmp_path, errors, content, message):
    answer_fraud(window)
    before = dict(window.wizard.answers)
    path = tmp_path / "bad.sagewise.json"
    path.write_text(content)
    assert not window.open_session(str(path))
    assert window.wizard.answers == before
    assert len(errors) == 1
    title, text = errors[0]
    assert title == "Cannot open session"
    assert message in text and "unchanged" in text


def test_open_via_dialog_cancel_does_nothing(window, monkeypatch, errors):
    monkeypatch.setattr(mw, "ask_open_path", lambda *_a: "")
    assert not window.open_session()
    assert errors == []


def test_save_to_an_unwritable_place_reports(window, tmp_path, errors):
    target = tmp_path / "missing-dir" / "deeper" / "x.sagewise.json"
    (tmp_path / "missing-dir").write_text("a file, not a folder")
    assert not window.save_as(str(target))
    assert errors and errors[0][0] == "Cannot save"


@pytest.mark.parametrize("suffix", [".md", ".json"])
def test_export_decision_record(window, tmp_path, monkeypatch, suffix):
    answer_fraud(window)
    path = tmp_path / f"record{suffix}"
    monkeypatch.setattr(mw, "ask_save_path", lambda *_a: str(path))
    assert window.export_record()
    text = path.read_text()
    if suffix == ".json":
        data = json.loads(text)
        assert data["recommendations"][0]["algorithm"] == "xgboost"
    else:
        assert "XGBoost" in text and FRAUD in text
        assert "Precision-recall AUC" in text


def test_autosave_restores_the_last_session(qtbot, errors):
    first = MainWindow(restore=False)
    qtbot.addWidget(first)
    answer_fraud(first)
    first.nav.setCurrentRow(4)
    first.save_settings()
    first.shutdown()
    second = MainWindow(restore=True)
    qtbot.addWidget(second)
    assert second.wizard.answers == first.wizard.answers
    assert second.nav.currentRow() == 4
    second.shutdown()


def test_damaged_autosave_is_ignored_with_a_message(qtbot, errors):
    from sagewise.gui import settings

    settings.write(session__autosave=json.dumps({"format": FORMAT, "schema_version": 1,
                                                        "answers": {"task": 5}}))
    w = MainWindow(restore=True)
    qtbot.addWidget(w)
    assert w.wizard.answers == {}
    assert "Could not restore" in w.statusBar().currentMessage()
    w.shutdown()


def test_copy_result_copies_the_current_page(window):
    from PySide6.QtGui import QGuiApplication

    answer_fraud(window)
    window.show_recommendation()
    window.copy_result()
    assert "XGBoost" in QGuiApplication.clipboard().text()


def test_new_session_clears_everything(window):
    answer_fraud(window)
    window.new_session()
    assert window.wizard.answers == {} and window.chosen == ""
    assert window.recommendation.items.count() == 0
    assert window.windowTitle() == "SageWise - untitled[*]" and not window.isWindowModified()


def test_every_input_has_a_tooltip(window):
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QDoubleSpinBox,
        QLineEdit,
        QPlainTextEdit,
        QPushButton,
        QRadioButton,
        QSlider,
        QSpinBox,
    )

    window.wizard.start("")  # the first question's choices exist
    missing = []
    for kind in (QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QCheckBox, QSlider,
                 QPlainTextEdit, QRadioButton, QPushButton):
        for w in window.findChildren(kind):
            owner = w.parent()
            if isinstance(owner, (QComboBox, QSpinBox, QDoubleSpinBox)):
                continue  # the line edit inside a combo or spin box
            if not w.toolTip() and not (owner is not None and owner.toolTip()):
                missing.append(f"{kind.__name__} {w.objectName() or w.text()!r}"
                               if hasattr(w, "text") else kind.__name__)
    assert missing == []


def test_recommendation_without_answers_says_how_to_start(window):
    window.show_recommendation()
    assert window.stack.currentWidget() is window.recommendation
    assert "No recommendation yet" in window.recommendation.summary.text()
    assert window.recommendation.items.count() == 0


def test_dark_palette_greys_out_disabled_controls(qapp):
    from PySide6.QtGui import QPalette
    from sagewise.gui import theme

    old = qapp.palette()
    try:
        theme.apply(qapp, "dark")
        pal = qapp.palette()
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
            enabled = pal.color(QPalette.ColorGroup.Active, role)
            disabled = pal.color(QPalette.ColorGroup.Disabled, role)
            assert enabled.lightness() - disabled.lightness() > 80, role
        assert theme.text_colour() != "#222"
    finally:
        theme.apply(qapp, "light")
        qapp.setPalette(old)


def test_status_bar_follows_the_wizard(window):
    answer_fraud(window)
    message = window.statusBar().currentMessage()
    assert "3 answers" in message and "(s)" not in message and "XGBoost" in message
    window.new_session()
    assert window.statusBar().currentMessage().startswith("Ready")


def test_switching_demos_clears_the_other_demos_message(qtbot):
    from sagewise.gui.main_window import MainWindow

    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.show_page("Demos")
    window.statusBar().showMessage("Comparing with the optimal plan")
    window.demos_panel.tabs.setCurrentWidget(window.demos_panel.kmeans)
    assert window.statusBar().currentMessage() == ""


def test_a_page_message_arriving_later_does_not_talk_over_another_page(window):
    """A demo finishing its work after the user moved on used to overwrite the status bar
    of the page on screen (e.g. 'Comparing with the optimal plan' over the Data page)."""
    window.show_page("Demos")
    demos = window.demos_panel
    demos.qlearning.sig_status.emit("Q-learning message")
    assert window.statusBar().currentMessage() == "Q-learning message"
    demos.kmeans.sig_status.emit("k-means message")          # its tab is not shown
    assert window.statusBar().currentMessage() == "Q-learning message"
    window.show_page("Data")
    window.statusBar().showMessage("on the Data page")
    demos.qlearning.sig_status.emit("Comparing with the optimal plan")
    window.pipeline_panel.sig_status.emit("pipeline message")
    assert window.statusBar().currentMessage() == "on the Data page"
    window.data_panel.sig_status.emit("data message")
    assert window.statusBar().currentMessage() == "data message"


def test_every_file_menu_action_has_its_shortcut(window):
    file_menu = window.menuBar().actions()[0].menu()
    keys = {a.text().replace("&", ""): a.shortcut().toString() for a in file_menu.actions()
            if not a.isSeparator()}
    assert keys["Quit"] == "Ctrl+Q"
    assert keys["Save as..."] == "Ctrl+Shift+S"
