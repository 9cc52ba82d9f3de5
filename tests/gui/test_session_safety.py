"""Never lose work: Open all-or-nothing, safe start-up, loud failures, New resets every panel,
unsaved-changes questions, undo/redo, and File > Export equal to ``record`` on the command line.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import sagewise.gui.main_window as mw
from PySide6.QtCore import QByteArray, QSettings
from sagewise.gui import session_io, settings
from sagewise.gui.main_window import MainWindow
from sagewise.knowledge import report
from sagewise.knowledge.session import load_session
from wizard_steps import answer_fraud

V1 = Path(__file__).resolve().parent.parent / "data" / "session_v1.sagewise.json"








def kinesis_rps(window):
    return window.sizing_panel.pages["KinesisPage"].fields["records_per_second"]


def v1_with(tmp_path, name: str, edit) -> Path:
    data = json.loads(V1.read_text())
    edit(data)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


# ---------------------------------------------------------------- Open

def test_a_huge_qlearning_seed_is_dropped_not_raised(window, tmp_path, errors,
                                                     no_modal_dialogs):
    def seed(data):
        data["panels"]["demos"]["qlearning"]["seed"] = 10**30
        data["panels"]["demos"]["qlearning"]["alpha"] = 0.25

    path = v1_with(tmp_path, "big-seed.sagewise.json", seed)
    assert window.open_session(str(path))
    q = window.demos_panel.qlearning
    assert q.seed_box.value() == 0 and q.alpha.value() == pytest.approx(0.25)
    assert errors == []
    (kind, problems), = no_modal_dialogs.calls
    assert kind == "dropped" and problems[0].startswith("demos.qlearning.seed = 10000")
    assert window.windowTitle() == "SageWise - big-seed.sagewise.json[*]"
    assert "1 invalid value left out" in window.statusBar().currentMessage()


def test_a_failing_panel_rolls_everything_back(window, tmp_path, errors, monkeypatch):
    first = tmp_path / "first.sagewise.json"
    answer_fraud(window)
    kinesis_rps(window).set_text("4321")
    assert window.save_as(str(first))
    before = first.read_bytes()
    answers = dict(window.wizard.answers)

    other = v1_with(tmp_path, "other.sagewise.json", lambda d: d.update(
        answers={"task": "forecast"}, description="forecast sales"))

    def broken(_state):
        raise OverflowError("Python int too large to convert to C int")

    monkeypatch.setattr(window.demos_panel, "restore_state", broken)
    assert not window.open_session(str(other))
    (title, text), = errors
    assert title == "Cannot open session" and "OverflowError" in text and "unchanged" in text
    assert window.wizard.answers == answers and kinesis_rps(window).text() == "4321"
    assert window.session_path == first
    assert window.windowTitle() == "SageWise - first.sagewise.json[*]"
    assert not window.isWindowModified()
    assert window.save()
    assert load_session(first).answers == load_session_from_bytes(before, tmp_path).answers


def load_session_from_bytes(data: bytes, tmp_path: Path):
    f = tmp_path / "copy.json"
    f.write_bytes(data)
    return load_session(f)


def test_opening_a_folder_or_an_unreadable_file_says_so(window, tmp_path, errors,
                                                        monkeypatch):
    answer_fraud(window)
    assert not window.open_session(str(tmp_path))
    f = v1_with(tmp_path, "locked.json", lambda d: None)

    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert not window.open_session(str(f))
    assert [t for t, _ in errors] == ["Cannot open session"] * 2
    assert "folder" in errors[0][1] and "Permission denied" in errors[1][1]
    assert window.wizard.answers and window.windowTitle() == "SageWise - untitled[*]"


# ---------------------------------------------------------------- Save

def test_a_save_that_cannot_create_its_temp_file_reports_and_keeps_the_work(
        window, tmp_path, errors, monkeypatch):
    answer_fraud(window)

    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert not window.save_as(str(tmp_path / "s.sagewise.json"))
    (title, text), = errors
    assert title == "Cannot save" and "Permission denied" in text and "still" in text
    assert window.modified and window.wizard.answers
    assert window.session_path is None and list(tmp_path.iterdir()) == []


def test_a_lone_surrogate_reports_and_leaves_no_temp_file(window, tmp_path, errors):
    # a file name that is not UTF-8 reaches Python as a lone surrogate (surrogateescape)
    page = window.sizing_panel.pages["KinesisPage"]
    page.last_markdown = "Data: /data/caf\udce9.csv"
    window.sizing_panel.visited.add("KinesisPage")
    assert not window.save_as(str(tmp_path / "s.sagewise.json"))
    assert not window.export_record(str(tmp_path / "r.md"))
    assert [t for t, _ in errors] == ["Cannot save", "Cannot export"]
    assert all("cannot be stored" in text for _, text in errors)
    assert list(tmp_path.iterdir()) == []


def test_the_remembered_path_is_not_a_save_target_after_a_restart(qtbot, tmp_path, errors,
                                                                  monkeypatch):
    unrelated = tmp_path / "unrelated.json"
    unrelated.write_text("precious")
    first = MainWindow(restore=False)
    qtbot.addWidget(first)
    answer_fraud(first)
    first.save_settings()
    first.shutdown()
    QSettings().setValue("session/last_path", str(unrelated))   # as version 1 stored it
    QSettings().setValue("settings/version", 1)
    asked = []
    monkeypatch.setattr(mw, "ask_save_path", lambda *a: asked.append(a) or "")
    second = MainWindow(restore=True)
    qtbot.addWidget(second)
    assert second.wizard.answers == first.wizard.answers
    assert not second.save()                      # asks where instead of overwriting
    assert asked and asked[0][2] == "unrelated.json"   # only suggested
    assert unrelated.read_text() == "precious"
    second.shutdown()


def test_settings_version_1_is_migrated(qtbot):
    s = QSettings()
    s.setValue("settings/version", 1)
    s.setValue("session/last_path", "/somewhere/old.sagewise.json")
    assert settings.migrate() == 1
    assert settings.read("session/recent_path") == "/somewhere/old.sagewise.json"
    assert QSettings().value("session/last_path") is None
    assert settings.stored_version() == settings.VERSION == 2
    assert settings.migrate() == 2   # nothing more to do


# ---------------------------------------------------------------- start-up

CORRUPT = [
    ("window/geometry", "garbage"),
    ("window/geometry", 5),
    ("window/geometry", QByteArray(b"\x01\xd9\xd0\xcb\x00\x03\x00\x00garbage")),
    ("window/page", "abc"),
    ("window/page", -5),
    ("window/page", 10**12),
    ("window/page", "1e400"),
    ("window/page", 99),
    ("session/autosave", "{not json"),
    ("session/autosave", "[1, 2]"),
    ("session/autosave", "[" * 50_000),
    ("session/autosave", json.dumps({"format": "sagewise-session", "schema_version": 1,
                                     "answers": {"task": 5}})),
    ("session/autosave", json.dumps({"format": "sagewise-session", "schema_version": 7})),
    ("session/autosave", 12),
    ("session/autosave_modified", "maybe"),
    ("session/recent_path", 5),
    ("settings/version", "abc"),
    ("settings/version", -1),
    ("settings/version", "1" + "0" * 30),
]


@pytest.mark.parametrize(("key", "value"), CORRUPT)
def test_start_up_never_depends_on_settings(qtbot, errors, key, value):
    QSettings().setValue(key, value)
    QSettings().sync()
    w = MainWindow(restore=True)
    qtbot.addWidget(w)
    assert 0 <= w.nav.currentRow() < len(MainWindow.PAGES)
    assert w.wizard.answers == {} and errors == []
    if key == "session/autosave" and value != 12:
        assert "Could not restore" in w.statusBar().currentMessage()
    w.shutdown()


def test_a_restored_session_with_a_bad_value_keeps_the_rest(qtbot, errors):
    data = json.loads(V1.read_text())
    data["panels"]["demos"]["qlearning"]["seed"] = 10**30
    settings.write(session__autosave=json.dumps(data))
    w = MainWindow(restore=True)
    qtbot.addWidget(w)
    assert w.wizard.answers["task"] == "classify" and w.chosen == "xgboost"
    assert "left out 1 invalid value" in w.statusBar().currentMessage()
    assert w.isWindowModified()
    w.shutdown()


# ---------------------------------------------------------------- New

def test_new_resets_every_panel(window, tmp_path, monkeypatch):
    blank = window.current_session()
    answer_fraud(window)
    window.size_it("deepar")
    window.sizing_panel.pages["InstancesPage"].fields["dataset_gb"].set_text("500")
    kinesis_rps(window).set_text("7777")
    window.demos_panel.qlearning.seed_box.setValue(42)
    window.demos_panel.kmeans.k.setValue(9)
    window.recommendation.sig_chosen.emit("xgboost")
    elbow = window.sizing_panel.pages["ElbowPage"]
    elbow.use_file(str(tmp_path / "points.csv"))
    window.sizing_panel.pages["SpicePage"].file_label.setText("Measured old.csv")
    window.new_session()
    assert elbow.data_path == "" and window.sizing_panel.pages["SpicePage"].file_label.text() == ""
    after = window.current_session()
    assert after.panels == blank.panels and after.sizing == [] and after.chosen == ""
    assert not window.isWindowModified() and window.undo.stack.count() == 0
    monkeypatch.setattr(report, "_now", lambda: "2026-11-30 12:00 UTC")
    out = tmp_path / "record.md"
    assert window.export_record(str(out))
    text = out.read_text()
    assert "DeepAR" not in text and "## Sizing" not in text


# ---------------------------------------------------------------- unsaved changes

@pytest.mark.leaks_hidden_windows(
    "PySide6 6.11 never frees a QUndoCommand that QUndoStack merged away; gui/undo.py's "
    "StateCommand keeps the window alive through it (fix: mergeWith drops other's fields)")
def test_edits_set_the_modified_flag_and_undoing_them_clears_it(window, qtbot):
    assert not window.modified and not window.isWindowModified()
    kinesis_rps(window).set_text("9999")
    assert window.modified
    qtbot.waitUntil(window.isWindowModified)     # the title's [*] follows the edit
    kinesis_rps(window).set_text("2000")
    assert not window.modified
    qtbot.waitUntil(lambda: not window.isWindowModified())
    window.sizing_panel.tabs.setCurrentIndex(3)   # looking is not editing
    assert not window.modified


@pytest.mark.parametrize(("action", "question"), [
    (lambda w, p: w.new_session(), "start a new session"),
    (lambda w, p: w.open_session(str(p)), "open another session"),
    (lambda w, p: w.close(), "quit"),
])
def test_new_open_and_quit_ask_and_cancel_keeps_everything(window, tmp_path,
                                                           no_modal_dialogs, action, question):
    window.show()
    answer_fraud(window)
    answers = dict(window.wizard.answers)
    no_modal_dialogs.answer = session_io.CANCEL
    action(window, V1)
    assert no_modal_dialogs.calls == [("unsaved", question)]
    assert window.wizard.answers == answers and window.isVisible()
    assert window.modified


def test_save_in_the_question_saves_then_goes_on(window, tmp_path, monkeypatch,
                                                 no_modal_dialogs):
    answer_fraud(window)
    target = tmp_path / "kept.sagewise.json"
    monkeypatch.setattr(mw, "ask_save_path", lambda *_a: str(target))
    no_modal_dialogs.answer = session_io.SAVE
    assert window.new_session()
    assert load_session(target).answers["task"] == "classify"
    assert window.wizard.answers == {}


def test_discard_goes_on_and_no_question_without_changes(window, no_modal_dialogs):
    assert window.open_session(str(V1))
    assert no_modal_dialogs.calls == []
    kinesis_rps(window).set_text("1")
    assert window.new_session()
    assert no_modal_dialogs.calls == [("unsaved", "start a new session")]
    assert kinesis_rps(window).text() == "2000"


# ---------------------------------------------------------------- undo / redo

@pytest.mark.leaks_hidden_windows(
    "PySide6 6.11 never frees a QUndoCommand that QUndoStack merged away; gui/undo.py's "
    "StateCommand keeps the window alive through it (fix: mergeWith drops other's fields)")
def test_undo_and_redo_a_calculator_field_typed_key_by_key(window, qtbot):
    edit = kinesis_rps(window).edit
    edit.clear()
    qtbot.keyClicks(edit, "500")
    assert window.undo.stack.count() == 1    # clear + three keystrokes: one step
    window.sizing_panel.pages["KinesisPage"].fields["mode"].setCurrentIndex(1)
    assert window.undo.stack.count() == 2
    window.undo_action.trigger()
    assert window.sizing_panel.pages["KinesisPage"].fields["mode"].currentData() == \
        "provisioned"
    window.undo_action.trigger()
    assert edit.text() == "2000" and not window.isWindowModified()
    assert window.stack.currentWidget() is window.sizing_panel
    window.redo_action.trigger()
    assert edit.text() == "500" and window.isWindowModified()


def test_undo_and_redo_wizard_answers(window):
    answer_fraud(window)
    final = window.wizard.save_state()
    steps = window.undo.stack.count()
    assert steps >= 2
    window.undo_action.trigger()
    assert window.wizard.save_state() != final
    window.redo_action.trigger()
    assert window.wizard.save_state() == final
    for _ in range(steps):
        window.undo_action.trigger()
    assert window.wizard.answers == {} and window.wizard.skipped == []
    assert not window.isWindowModified()
    assert window.stack.currentWidget() is window.wizard


def test_undo_shortcuts_and_open_clears_the_history(window):
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]
    kinesis_rps(window).set_text("1")
    assert window.undo.stack.canUndo()
    window.open_session(str(V1))
    assert not window.undo.stack.canUndo()


# ---------------------------------------------------------------- record

@pytest.mark.parametrize("fmt", ["md", "json"])
def test_export_is_byte_identical_to_the_record_command(window, tmp_path, monkeypatch,
                                                        capsys, fmt):
    from sagewise.knowledge.cli import main

    monkeypatch.setattr(report, "_now", lambda: "2026-11-30 12:00 UTC")
    answer_fraud(window)
    window.size_it("xgboost")
    window.sizing_panel.visited.add("KinesisPage")
    exported = tmp_path / f"record.{fmt}"
    saved = tmp_path / "s.sagewise.json"
    assert window.export_record(str(exported)) and window.save_as(str(saved))
    assert main(["record", str(saved), "--format", fmt]) == 0
    assert capsys.readouterr().out.encode() == exported.read_bytes()
    text = exported.read_text()
    assert "| Type | vCPU | GiB | GPUs | $/h | Count | Cost $ | Why |" in text
    if fmt == "md":
        assert "top-ranked, not yet chosen" in text and "(chosen)" not in text
        assert "Computed for: XGBoost" in text
    else:
        assert json.loads(text)["chosen"] == ""


def test_copy_result_on_the_instances_page_carries_the_table(window):
    from PySide6.QtGui import QGuiApplication

    window.size_it("xgboost")
    window.copy_result()
    text = QGuiApplication.clipboard().text()
    assert "| Type | vCPU | GiB | GPUs | $/h | Count | Cost $ | Why |" in text
    assert "| ml." in text


# ---------------------------------------------------------------- the schema matches the panels

def test_the_session_schema_matches_every_panel_control(window):
    from PySide6.QtWidgets import QCheckBox, QComboBox
    from sagewise.gui.sizing.page import NumberField
    from sagewise.knowledge.session_schema import (
        KMEANS_FIELDS,
        QLEARNING_FIELDS,
        SIZING_FIELDS,
    )

    assert set(SIZING_FIELDS) == set(window.sizing_panel.pages)
    for name, page in window.sizing_panel.pages.items():
        rules = SIZING_FIELDS[name]
        state = page.save_state()
        assert set(state) == set(rules), name
        for field, w in page.fields.items():
            if isinstance(w, QComboBox):
                for i in range(w.count()):
                    assert rules[field](w.itemData(i)) is None, (name, field, w.itemData(i))
                assert rules[field]("no-such-choice") is not None
            elif isinstance(w, QCheckBox):
                assert rules[field](True) is None and rules[field]("x") is not None
            else:
                assert isinstance(w, NumberField) and rules[field]("12") is None
    demos = window.demos_panel.save_state()
    assert set(demos["qlearning"]) == set(QLEARNING_FIELDS)
    assert set(demos["kmeans"]) == set(KMEANS_FIELDS)
    k = window.demos_panel.kmeans
    for key, box in (("points", k.points), ("clusters", k.clusters), ("k", k.k),
                     ("data_seed", k.data_seed), ("extra_center_factor", k.factor),
                     ("mini_batch_size", k.batch), ("batches", k.batches), ("seed", k.seed)):
        rule = KMEANS_FIELDS[key]
        assert rule(box.minimum()) is None and rule(box.maximum()) is None, key
        assert rule(box.minimum() - 1) and rule(box.maximum() + 1), key
    q = window.demos_panel.qlearning
    rule = QLEARNING_FIELDS["seed"]
    assert rule(q.seed_box.maximum()) is None and rule(q.seed_box.maximum() + 1)
    for box, key in ((q.agent_box, "agent"), (q.preset_box, "preset")):
        for i in range(box.count()):
            assert QLEARNING_FIELDS[key](box.itemData(i)) is None, box.itemData(i)


def test_unsaved_work_is_still_unsaved_after_a_restart(qtbot, tmp_path, errors):
    first = MainWindow(restore=False)
    qtbot.addWidget(first)
    answer_fraud(first)
    first.save_settings()                      # closed with changes no file has
    first.shutdown()
    second = MainWindow(restore=True)
    qtbot.addWidget(second)
    assert second.wizard.answers == first.wizard.answers and second.isWindowModified()
    assert second.save_as(str(tmp_path / "s.sagewise.json"))
    second.save_settings()                     # closed right after saving
    second.shutdown()
    third = MainWindow(restore=True)
    qtbot.addWidget(third)
    assert third.wizard.answers == first.wizard.answers and not third.isWindowModified()
    assert third.session_path is None          # Ctrl+S asks where (see above)
    third.shutdown()
