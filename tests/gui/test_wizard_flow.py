"""The wizard and recommendation pages, driven like a user: type, confirm, change, finish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sagewise.gui.wizard.recommendation_panel import RecommendationPanel
from sagewise.gui.wizard.wizard_panel import WizardPanel

FRAUD = "Detect fraudulent credit card transactions from tabular data, fraud is rare"


@pytest.fixture
def wizard(qtbot):
    w = WizardPanel()
    qtbot.addWidget(w)
    return w


def confirm_all(wizard, qtbot, limit=20):
    """Press Next until the done page (accepting the selected or first choice)."""
    for _ in range(limit):
        if wizard.pages.currentIndex() == 2:
            return
        if wizard.choices.checkedButton() is None:
            wizard.choices.buttons()[0].setChecked(True)
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    raise AssertionError("the wizard never finished")


def test_description_prefills_answers_and_marks_them_as_suggestions(wizard, qtbot):
    qtbot.keyClicks(wizard.describe_edit, FRAUD)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == 1
    assert wizard.current == "task"
    assert wizard.choices.checkedButton().property("answer") == "classify"
    assert "Suggested from your description" in wizard.q_suggestion.text()
    assert "fraudulent" in wizard.q_suggestion.text()
    # the live preview already ranks XGBoost first from the suggestions
    assert "XGBoost" in wizard.preview.text().split("<br>")[0]


def test_confirming_every_suggestion_reaches_the_done_page(wizard, qtbot):
    wizard.describe_edit.setPlainText(FRAUD)
    wizard.suggest()
    confirm_all(wizard, qtbot)
    assert wizard.answers["task"] == "classify"
    assert wizard.answers["class_balance"] == "imbalanced"
    texts = [wizard.answer_list.item(i).text() for i in range(wizard.answer_list.count())]
    assert any("What should the solution do?" in t for t in texts)
    with qtbot.waitSignal(wizard.sig_finished):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)


def test_empty_description_gets_a_message_and_stays(wizard, qtbot):
    qtbot.keyClicks(wizard.describe_edit, "   ")
    wizard.suggest()
    assert wizard.pages.currentIndex() == 0
    assert "Write a sentence" in wizard.describe_message.text()


def test_next_without_a_choice_asks_for_one(wizard, qtbot):
    wizard.start("")
    assert wizard.choices.checkedButton() is None
    wizard.next()
    assert "Pick an answer" in wizard.q_suggestion.text()
    assert wizard.current == "task" and not wizard.answers


def test_changing_the_first_answer_drops_answers_off_the_new_path(wizard, qtbot):
    wizard.describe_edit.setPlainText(FRAUD)
    wizard.suggest()
    confirm_all(wizard, qtbot)
    assert wizard.answers.get("classify_data") == "tabular"
    # click the first answer in the side list to go back to it, pick another task
    item = wizard.answer_list.item(0)
    wizard._on_answer_item_activated(item)
    assert wizard.current == "task"
    wizard.findChild(type(wizard.choices.buttons()[0]), "choice_cluster").setChecked(True)
    wizard.next()
    assert wizard.answers["task"] == "cluster"
    assert "classify_data" not in wizard.answers
    assert "K-Means" in wizard.preview.text()


def test_back_walks_the_history_to_the_describe_page(wizard, qtbot):
    wizard.describe_edit.setPlainText(FRAUD)
    wizard.suggest()
    wizard.next()
    second = wizard.current
    assert second != "task"
    wizard.back()
    assert wizard.current == "task"
    wizard.back()
    assert wizard.pages.currentIndex() == 0


def test_skipping_a_constraint_counts_as_skipped(wizard, qtbot):
    wizard.describe_edit.setPlainText(FRAUD)
    wizard.suggest()
    for _ in range(10):
        skip = [b for b in wizard.choices.buttons() if b.property("answer") == "__skip__"]
        if skip:
            skip[0].setChecked(True)
            qid = wizard.current
            wizard.next()
            assert qid in wizard.skipped and qid not in wizard.answers
            return
        wizard.next()
    raise AssertionError("no constraint question was offered")


def test_restore_state_drops_invalid_answers(wizard):
    wizard.restore_state("", {"task": "classify", "classify_data": "nonsense",
                              "no_such_question": "x"}, ["also_missing"])
    assert wizard.answers == {"task": "classify"}
    assert wizard.skipped == []
    assert wizard.current == "classify_data"


def test_recommendation_panel_shows_reasons_metric_and_managed_alternative(qtbot, wizard):
    from sagewise.knowledge.recommend import recommend

    panel = RecommendationPanel()
    qtbot.addWidget(panel)
    assert not panel.choose_button.isEnabled()
    assert "No recommendation yet" in panel.summary.text()
    rec = recommend({"task": "transform_text", "text_transform": "translate"})
    panel.show_recommendation(rec)
    first = panel.items.item(0).text()
    assert "Seq2Seq" in first or "Translate" in first
    names = [panel.items.item(i).text() for i in range(panel.items.count())]
    assert any("Amazon Translate" in n and "(managed service)" in n for n in names)
    assert panel.details.toPlainText().startswith("Why it scores")
    assert "Judge it by" in panel.details.toPlainText()


def test_choose_marks_the_choice_and_only_demo_algorithms_offer_show_me(qtbot):
    from sagewise.knowledge.recommend import recommend

    panel = RecommendationPanel()
    qtbot.addWidget(panel)
    panel.show_recommendation(recommend({"task": "cluster"}))
    assert panel.current_id() == "kmeans"
    assert panel.show_button.isEnabled() and panel.size_button.isEnabled()
    with qtbot.waitSignal(panel.sig_chosen) as blocker:
        qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["kmeans"]
    assert "(chosen)" in panel.items.item(0).text()
    with qtbot.waitSignal(panel.sig_size_requested) as blocker:
        qtbot.mouseClick(panel.size_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["kmeans"]
    panel.items.setCurrentRow(1)
    assert not panel.show_button.isEnabled()


def test_examples_fill_the_box_and_the_preview_waits_for_answers(wizard, qtbot):
    assert "best fits" in wizard.preview.text() and "Amazon" not in wizard.preview.text()
    wizard.examples.linkActivated.emit("1")
    assert wizard.describe_edit.toPlainText().startswith("Forecast next month")
    wizard.suggest()
    assert "DeepAR" in wizard.preview.text()


def test_see_recommendation_reads_a_description_not_yet_suggested(wizard, qtbot):
    wizard.describe_edit.setPlainText(FRAUD)
    with qtbot.waitSignal(wizard.sig_finished):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert wizard.effective_answers().get("task") == "classify"


def test_long_ranked_names_wrap_inside_a_narrow_list(qtbot):
    """'1.00   Amazon Translate  (managed service)' used to end under a horizontal scroll
    bar in the ~220 px list of a 1024x700 window; it wraps instead."""
    from sagewise.knowledge.recommend import recommend

    panel = RecommendationPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_recommendation(recommend({"task": "transform_text",
                                         "text_transform": "translate"}))
    panel.items.setFixedWidth(200)
    qtbot.wait(20)
    view = panel.items
    line = view.fontMetrics().height()
    for i in range(view.count()):
        rect = view.visualItemRect(view.item(i))
        assert rect.right() <= view.viewport().width(), view.item(i).text()
        if view.fontMetrics().horizontalAdvance(view.item(i).text()) > view.viewport().width():
            assert rect.height() >= 2 * line - 2, view.item(i).text()
    assert not view.horizontalScrollBar().isVisible()


def test_a_description_with_nothing_understood_says_so_and_suggests_nothing(wizard, qtbot):
    for text in ("asdf qwerty", "We don't want to predict anything, no fraud, no images"):
        wizard.describe_edit.setPlainText(text)
        wizard.suggest()
        assert wizard.pages.currentIndex() == 0   # stays to rephrase or answer the questions
        assert "Nothing in the description was understood" in wizard.describe_message.text()
        assert not wizard.ctl.suggested and not wizard.answers
    wizard.blank_button.click()   # the questions are still there to answer
    assert wizard.current == "task"


def test_see_recommendation_with_nothing_understood_shows_the_message_first(wizard, qtbot):
    wizard.describe_edit.setPlainText("asdf qwerty")
    with qtbot.assertNotEmitted(wizard.sig_finished):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    assert "Nothing in the description was understood" in wizard.describe_message.text()


def test_the_data_size_question_says_why_an_ambiguous_size_was_not_read(wizard, qtbot):
    wizard.describe_edit.setPlainText("Classify support emails by topic; we have 1,5 GB of "
                                      "labelled emails")
    wizard.suggest()
    assert "1,5 GB" in wizard.describe_message.text()
    assert "data_size" not in wizard.ctl.suggested
    wizard.show_question("data_size")
    assert "1,5 GB" in wizard.q_suggestion.text() and "ambiguous" in wizard.q_suggestion.text()

def test_export_of_a_managed_service_says_why_it_is_off(qtbot):
    """Usability test: exporting Amazon Translate said 'unknown algorithm'."""
    from sagewise.knowledge.recommend import recommend

    panel = RecommendationPanel()
    qtbot.addWidget(panel)
    panel.show_recommendation(recommend({"task": "transform_text", "text_transform": "translate"}))
    for i in range(panel.items.count()):
        if "Amazon Translate" in panel.items.item(i).text():
            panel.items.setCurrentRow(i)
    assert not panel.export_button.isEnabled()
    assert "managed AWS service" in panel.export_button.toolTip()
    assert "nothing to train" in panel.export_button.toolTip()


def _page_scroll(widget):
    while widget is not None and not hasattr(widget, "horizontalScrollBar"):
        widget = widget.parentWidget()
    return widget


def test_the_wizard_fits_an_800x600_window_without_sideways_scrolling(window, qtbot):
    window.resize(800, 600)
    window.show()
    window.show_page("Wizard")
    qtbot.wait(1)
    wiz = window.wizard
    scroll = _page_scroll(wiz.parentWidget())
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0, "describe page"
    wiz.describe_edit.setPlainText(FRAUD)
    wiz.suggest()
    wiz.next()
    qtbot.wait(1)
    assert scroll.horizontalScrollBar().maximum() == 0, "question page"
    assert wiz.q_title.mapTo(window, wiz.q_title.rect().topLeft()).x() >= 0
