"""Undo / Redo covers every decision a session saves, as a desktop user expects.

Each test makes a change in the GUI as a user would, undoes it (Edit > Undo, Ctrl+Z),
checks the state and the page shown, redoes it and checks again. Running a demo, building
a page, Open and New are never steps.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sagewise.gui.main_window import MainWindow

from tests.gui.wizard_steps import answer_fraud


def settle() -> None:
    """Let the window handle what is queued (as between a user's key presses)."""
    QApplication.processEvents()


def steps(window) -> int:
    """Undo steps recorded so far (changes just made included)."""
    window.undo.flush()
    return window.undo.stack.index()


def page(window):
    return window.stack.currentWidget()


def type_into(qtbot, widget, text: str) -> None:
    """Key by key, with the event loop turning in between (a user typing)."""
    for ch in text:
        qtbot.keyClicks(widget, ch)
        settle()


# ---------------------------------------------------------------- the keys

def test_ctrl_z_and_ctrl_shift_z_from_the_keyboard(qtbot):
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.show_page("Demos")
    km = w.demos_panel.kmeans
    w.demos_panel.tabs.setCurrentWidget(km)
    km.k.setValue(8)
    w.nav.setFocus()
    settle()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(w.nav, Qt.Key.Key_Z, ctrl)
    assert km.k.value() == 5
    qtbot.keyClick(w.nav, Qt.Key.Key_Z, ctrl | shift)
    assert km.k.value() == 8

    w.show_page("Pipeline")     # in a text field, Ctrl+Z is the field's own undo...
    edit = w.pipeline_panel.describe_edit
    edit.setFocus()
    type_into(qtbot, edit, "abc")
    assert w.undo_action.text() == "&Undo Pipeline: description"
    qtbot.keyClick(edit, Qt.Key.Key_Z, ctrl)
    settle()
    assert edit.toPlainText() == ""
    assert w.undo_action.text() == "&Undo k-means: k"   # ...and the typing is no step left
    w.shutdown()


# ---------------------------------------------------------------- Choose this

def _choose_row(window, qtbot, row: int) -> str:
    rec = window.recommendation
    rec.items.setCurrentRow(row)
    qtbot.mouseClick(rec.choose_button, Qt.MouseButton.LeftButton)
    return rec.current_id()


def _chosen_rows(window) -> list[str]:
    items = window.recommendation.items
    return [items.item(i).text() for i in range(items.count())
            if "(chosen)" in items.item(i).text()]


def test_choose_this_is_undone_back_to_the_previous_choice_and_to_none(window, qtbot):
    answer_fraud(window)
    window.show_recommendation()
    names = window.recommendation.catalog.name
    first = _choose_row(window, qtbot, 0)
    second = _choose_row(window, qtbot, 1)
    assert first != second and window.chosen == second
    assert window.undo_action.text() == f"&Undo Choose {names(second)}"
    window.show_page("Wizard")

    window.undo_action.trigger()
    assert window.chosen == first and window.current_session().chosen == first
    assert page(window) is window.recommendation
    assert len(_chosen_rows(window)) == 1 and names(first) in _chosen_rows(window)[0]
    assert window.statusBar().currentMessage() == f"Chosen: {names(first)}"
    assert window.undo_action.text() == f"&Undo Choose {names(first)}"

    window.undo_action.trigger()
    assert window.chosen == "" and _chosen_rows(window) == []
    assert window.statusBar().currentMessage() == "No algorithm chosen"
    assert window.redo_action.text() == f"&Redo Choose {names(first)}"

    window.show_page("Sizing")
    window.redo_action.trigger()
    assert window.chosen == first and page(window) is window.recommendation
    window.redo_action.trigger()
    assert window.chosen == second and names(second) in _chosen_rows(window)[0]
    assert window.current_session().chosen == second


def test_wizard_steps_say_what_they_undo(window):
    window.wizard.describe_edit.setPlainText("Forecast weekly demand for 500 stores")
    window.wizard.suggest()
    assert window.undo_action.text() == "&Undo Wizard: suggested answers"
    window.wizard.choices.buttons()[-1].setChecked(True)
    window.wizard.next()
    assert window.undo_action.text() == "&Undo Wizard: answer"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.wizard.save_state()["suggested"] == {}
    assert window.redo_action.text() == "&Redo Wizard: suggested answers"


def test_choosing_the_same_algorithm_again_is_no_step(window, qtbot):
    answer_fraud(window)
    window.show_recommendation()
    _choose_row(window, qtbot, 0)
    before = steps(window)
    _choose_row(window, qtbot, 0)
    assert steps(window) == before


def test_size_it_is_one_step(window, qtbot):
    answer_fraud(window)
    window.show_recommendation()
    rec = window.recommendation
    rec.items.setCurrentRow(2)
    ident, name = rec.current_id(), rec.catalog.name(rec.current_id())
    fields = [p.fields["algorithm"] for p in window.sizing_panel.pages.values()
              if "algorithm" in p.fields]
    before = [f.currentData() for f in fields]
    assert ident not in before
    qtbot.mouseClick(rec.size_button, Qt.MouseButton.LeftButton)
    after = [f.currentData() for f in fields]
    assert after.count(ident) >= 2
    assert window.undo_action.text() == f"&Undo Size {name}"
    window.show_page("Wizard")
    window.undo_action.trigger()
    assert [f.currentData() for f in fields] == before
    assert page(window) is window.sizing_panel
    assert window.undo_action.text() != f"&Undo Size {name}"
    window.redo_action.trigger()
    assert [f.currentData() for f in fields] == after


def test_steps_keep_the_order_they_were_made_in(window, qtbot):
    answer_fraud(window)
    window.show_page("Demos")
    km = window.demos_panel.kmeans
    km.k.setValue(7)                     # no event loop turn before the next click
    window.show_recommendation()
    _choose_row(window, qtbot, 0)
    assert window.undo_action.text().startswith("&Undo Choose ")
    window.undo_action.trigger()
    assert window.undo_action.text() == "&Undo k-means: k" and km.k.value() == 7
    window.undo_action.trigger()
    assert km.k.value() == 5 and page(window) is window.demos_panel


# ---------------------------------------------------------------- Demos

def test_dragging_a_q_learning_slider_is_one_step_and_keeps_what_was_learned(window, qtbot):
    window.show_page("Demos")
    q = window.demos_panel.qlearning
    q.train(40)
    qtbot.waitUntil(lambda: not q.is_running, timeout=30_000)
    settle()
    assert steps(window) == 0                 # learning is not a decision
    learned = len(q.agents[0].returns)
    for pos in (480, 450, 400, 300, 250):     # a drag: many positions, one release
        q.alpha.slider.setValue(pos)
        settle()
    assert steps(window) == 1 and q.alpha.value() == 0.25
    assert window.undo_action.text() == "&Undo Q-learning: alpha"
    window.demos_panel.tabs.setCurrentWidget(window.demos_panel.kmeans)
    window.show_page("Wizard")

    window.undo_action.trigger()
    assert q.alpha.value() == 0.5 and q.ctl.alpha == 0.5
    assert page(window) is window.demos_panel
    assert window.demos_panel.tabs.currentWidget() is q
    assert len(q.agents[0].returns) == learned     # only alpha went back
    window.redo_action.trigger()
    assert q.alpha.value() == 0.25 and q.ctl.alpha == 0.25


def test_painting_a_cell_and_switching_mode_are_undone(window, qtbot):
    window.show_page("Demos")
    q = window.demos_panel.qlearning
    rows = q.world.rows
    q.paint_box.setCurrentIndex(q.paint_box.findData("#"))
    q.grid_items[0].sig_cell_clicked.emit(1, 5)
    settle()
    painted = q.world.rows
    assert painted != rows
    q.plan_mode.click()
    settle()
    assert q.ctl.mode == "plan"
    assert window.undo_action.text() == "&Undo Q-learning: mode"
    window.undo_action.trigger()
    assert q.ctl.mode == "learn" and q.learn_mode.isChecked() and not q.learn_box.isHidden()
    assert window.undo_action.text() == "&Undo Q-learning: grid cells"
    window.undo_action.trigger()
    assert q.world.rows == rows
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert q.world.rows == painted and q.ctl.mode == "plan"


def test_typing_k_is_one_step_and_running_k_means_is_none(window, qtbot):
    window.show_page("Demos")
    km = window.demos_panel.kmeans
    window.demos_panel.tabs.setCurrentWidget(km)
    settle()
    km.step_once()
    qtbot.waitUntil(lambda: not km.stepping, timeout=30_000)
    settle()
    assert steps(window) == 0
    edit = km.k.lineEdit()
    edit.selectAll()
    type_into(qtbot, edit, "12")
    assert km.k.value() == 12 and steps(window) == 1
    assert window.undo_action.text() == "&Undo k-means: k"
    km.init.setCurrentIndex(km.init.findData("random"))
    settle()
    assert steps(window) == 2 and window.undo_action.text() == "&Undo k-means: initialisation"
    window.demos_panel.tabs.setCurrentWidget(window.demos_panel.qlearning)

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert km.k.value() == 5 and km.init.currentData() == "kmeans++"
    assert km.run.k == 5                                  # the run uses it, too
    assert window.demos_panel.tabs.currentWidget() is km
    settle()
    assert window.undo.stack.canRedo() and steps(window) == 0   # undoing is not a step
    window.redo_action.trigger()
    assert km.k.value() == 12 and km.init.currentData() == "kmeans++"


def test_loading_a_csv_into_k_means_is_undone_and_redone(window, tmp_path):
    import numpy as np

    window.show_page("Demos")
    km = window.demos_panel.kmeans
    window.demos_panel.tabs.setCurrentWidget(km)
    settle()
    generated = len(km.X)
    csv = tmp_path / "points.csv"
    np.savetxt(csv, np.random.default_rng(1).normal(size=(300, 2)), delimiter=",",
               header="a,b", comments="")
    assert km.use_file(str(csv))
    settle()
    assert len(km.X) == 300 and window.undo_action.text() == "&Undo k-means: dataset"
    window.undo_action.trigger()
    assert km.dataset.currentData() == "blobs" and len(km.X) == generated
    window.redo_action.trigger()
    assert km.dataset.currentData() == "file" and len(km.X) == 300


# ---------------------------------------------------------------- Pipeline

def test_pipeline_description_answers_and_export_fields(window, qtbot):
    window.show_page("Pipeline")
    p = window.pipeline_panel
    settle()
    assert steps(window) == 0
    type_into(qtbot, p.describe_edit, "Nightly batch")
    assert steps(window) == 1 and window.undo_action.text() == "&Undo Pipeline: description"
    p.read_button.click()
    settle()
    assert p.suggested and steps(window) == 2
    nq = p.plan.next_question
    p.choices.buttons()[0].setChecked(True)
    p.answer_button.click()
    settle()
    answered = dict(p.own)
    assert nq.id in answered and window.undo_action.text() == "&Undo Pipeline: answer"
    p.tabs.setCurrentWidget(p.export)
    role = p.export.t["--role-arn"]
    type_into(qtbot, role, "arn:aws:iam::1:role/x")
    mode = p.export.t["--input-mode"]
    planned = mode.currentData()
    mode.setCurrentIndex(mode.findData("Pipe" if planned != "Pipe" else "File"))
    settle()
    chosen_mode = mode.currentData()
    # the content type follows the input mode: one step names both
    assert steps(window) == 5 and window.undo_action.text().startswith(
        "&Undo Pipeline export: input mode")

    window.show_page("Wizard")
    window.undo_action.trigger()
    assert mode.currentData() == planned
    assert page(window) is p and p.tabs.currentWidget() is p.export
    window.undo_action.trigger()
    assert role.text() == ""
    window.undo_action.trigger()
    assert p.own == {} and p.tabs.currentIndex() == 0
    window.undo_action.trigger()
    assert p.suggested == {}
    window.undo_action.trigger()
    assert p.describe_edit.toPlainText() == "" and not window.isWindowModified()

    for _ in range(5):
        window.redo_action.trigger()
    assert p.describe_edit.toPlainText() == "Nightly batch" and p.own == answered
    assert role.text() == "arn:aws:iam::1:role/x"
    assert mode.currentData() == chosen_mode        # the user's field wins over the plan


def test_following_the_wizard_on_the_pipeline_page_is_no_step(window):
    answer_fraud(window)
    before = steps(window)
    window.show_page("Pipeline")
    settle()
    assert window.pipeline_panel.context        # the wizard's answers were carried over
    assert steps(window) == before


# ---------------------------------------------------------------- Data

def test_data_choices_are_undone_and_opening_a_dataset_is_no_step(window, qtbot, tmp_path):
    from sagewise.knowledge.data.samples import write_known_properties

    path = write_known_properties(tmp_path, 500, "csv")
    window.show_page("Data")
    d = window.data_panel
    d.open_path(str(path))
    qtbot.waitUntil(lambda: not d.job.running and d.progress.isHidden(), timeout=60_000)
    settle()
    assert d.profile is not None and steps(window) == 0
    d.target_box.setCurrentIndex(d.target_box.findData("fraud"))
    d.time_box.setCurrentIndex(d.time_box.findData("signup_time"))
    settle()
    assert window.undo_action.text() == "&Undo Data: target and time column"
    d.tabs.setCurrentIndex(2)
    type_into(qtbot, d.table_edit, "sales")
    assert window.undo_action.text() == "&Undo Data: Athena table"
    assert steps(window) == 2
    d.tabs.setCurrentIndex(0)

    window.show_page("Wizard")
    window.undo_action.trigger()
    assert d.table_edit.text() == "" and page(window) is d and d.tabs.currentIndex() == 2
    window.undo_action.trigger()
    assert d.target_box.currentData() == "" and d.time_box.currentData() == ""
    assert "class-imbalance" not in d.advice.toPlainText()   # analysed again, without it
    window.redo_action.trigger()
    assert d.target_box.currentData() == "fraud" and d.time_box.currentData() == "signup_time"
    assert "class-imbalance" in d.advice.toPlainText()

    other = write_known_properties(tmp_path / "other", 300, "csv")
    d.open_path(str(other))             # another dataset: a new starting point, no step
    qtbot.waitUntil(lambda: not d.job.running and d.path == str(other), timeout=60_000)
    settle()
    assert steps(window) == 1
    window.undo_action.trigger()        # the target chosen for the first file
    assert d.path == str(other) and d.target_box.currentData() == ""
    assert window.statusBar().currentMessage() == (
        f"Nothing changed: that choice was made for {path.name}, which is no longer open")


# ---------------------------------------------------------------- history boundaries

def _session_with_every_page(window, tmp_path):
    answer_fraud(window)
    window.show_recommendation()
    window.recommendation.choose_button.click()
    window.demos_panel.qlearning.seed_box.setValue(42)
    window.demos_panel.kmeans.k.setValue(9)
    window.pipeline_panel.describe_edit.setPlainText("Nightly batch scoring of CSV in S3")
    settle()
    path = tmp_path / "every.sagewise.json"
    assert window.save_as(str(path))
    return path


def test_open_and_new_leave_nothing_to_undo(window, tmp_path):
    path = _session_with_every_page(window, tmp_path)
    assert window.undo.stack.canUndo()
    window.demos_panel.kmeans.k.setValue(3)      # waiting to be recorded when Open comes
    assert window.open_session(str(path))
    settle()
    assert not window.undo.stack.canUndo() and not window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo"
    assert window.demos_panel.kmeans.k.value() == 9 and window.chosen
    window.pipeline_panel.describe_edit.setPlainText("changed")
    settle()
    assert window.undo.stack.canUndo()
    assert window.new_session()
    settle()
    assert not window.undo.stack.canUndo() and window.chosen == ""


def test_pages_built_after_open_or_restore_add_no_step(qtbot, tmp_path, window):
    path = _session_with_every_page(window, tmp_path)
    saved = json.loads(path.read_text())
    other = MainWindow(restore=False)
    qtbot.addWidget(other)
    assert other.open_session(str(path))
    for title in other.page_titles():
        other.show_page(title)
        settle()
    assert steps(other) == 0
    q = other.demos_panel.qlearning
    assert q.seed_box.value() == 42 and other.chosen == saved["chosen"]
    q.alpha.set_value(0.3)            # the opened values are where undo goes back to
    other.undo_action.trigger()
    assert q.alpha.value() == 0.5 and q.seed_box.value() == 42
    other.shutdown()

    window.save_settings()              # the session as it is restored at the next start
    restored = MainWindow(restore=True)
    qtbot.addWidget(restored)
    for title in restored.page_titles():
        restored.show_page(title)
        settle()
    assert restored.pipeline_panel.describe_edit.toPlainText().startswith("Nightly")
    assert steps(restored) == 0
    restored.shutdown()


def test_open_puts_back_the_export_fields_and_the_learn_mode_as_saved(window, tmp_path,
                                                                      qtbot):
    """What undo relies on: restoring a state gives exactly that state."""
    p = window.pipeline_panel
    p.describe_edit.setPlainText("Nightly batch scoring of CSV files in S3")
    p.read_description()
    mode = p.export.t["--input-mode"]
    mine = "Pipe" if mode.currentData() != "Pipe" else "FastFile"
    mode.setCurrentIndex(mode.findData(mine))       # the user's field, not the plan's
    assert window.demos_panel.qlearning.ctl.mode == "learn"
    path = tmp_path / "mine.sagewise.json"
    assert window.save_as(str(path))

    other = MainWindow(restore=False)
    qtbot.addWidget(other)
    other.demos_panel.qlearning.plan_mode.setChecked(True)
    assert other.open_session(str(path))
    assert other.pipeline_panel.export.t["--input-mode"].currentData() == mine
    assert other.demos_panel.qlearning.ctl.mode == "learn"
    other.shutdown()


def test_the_window_still_opens_with_only_the_wizard_built(window):
    window.undo.flush()
    assert [t for t in ("demos_panel", "pipeline_panel", "data_panel", "recommendation")
            if window.is_built(t)] == []
    assert window.undo.recorders == {}
