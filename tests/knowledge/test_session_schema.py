"""Session files: migration from version 1, every panel field validated, safe saving."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.session import (
    Session,
    load_session,
    load_session_checked,
    parse_session_checked,
    remove_stale_temps,
    save_session,
    write_text_atomic,
)
from sagewise.knowledge.session_schema import SCHEMA_VERSION, migrate

V1 = Path(__file__).resolve().parent.parent / "data" / "session_v1.sagewise.json"


def v1_data() -> dict:
    return json.loads(V1.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- migration

def test_the_fixture_is_a_real_version_1_file():
    data = v1_data()
    assert data["schema_version"] == 1 and "sizing" not in data
    assert set(data["panels"]) == {"wizard", "sizing", "demos"}


def test_a_version_1_file_loads_complete_and_valid():
    s, problems = load_session_checked(V1)
    assert problems == []
    assert s.answers == {"task": "classify", "classify_data": "tabular",
                         "class_balance": "imbalanced"}
    assert s.chosen == "xgboost" and s.sizing == []
    assert s.panels["sizing"]["KinesisPage"]["records_per_second"] == "5000"
    assert s.panels["demos"]["qlearning"]["seed"] == 7
    assert s.panels["demos"]["kmeans"]["k"] == 4
    assert s.to_dict()["schema_version"] == SCHEMA_VERSION == 2


def test_migration_runs_one_step_per_version(monkeypatch):
    from sagewise.knowledge import session_schema

    steps = []
    monkeypatch.setattr(session_schema, "SCHEMA_VERSION", 4)
    monkeypatch.setattr(session_schema, "MIGRATIONS", {
        v: (lambda d, v=v: steps.append(v) or {**d, f"step{v}": True}) for v in (1, 2, 3)})
    out = migrate({"schema_version": 1})
    assert steps == [1, 2, 3] and out["schema_version"] == 4
    assert out["step1"] and out["step3"]


def test_saving_a_migrated_file_writes_the_current_version(tmp_path):
    s = load_session(V1)
    f = save_session(s, tmp_path / "again.sagewise.json")
    assert json.loads(f.read_text())["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("version", [0, -1, "2", 2.5, True, None])
def test_invalid_versions_are_refused(version):
    data = v1_data()
    data["schema_version"] = version
    with pytest.raises(KnowledgeError, match="schema_version"):
        parse_session_checked(data)


# ---------------------------------------------------------------- every field

def _with(path: str, value) -> dict:
    data = v1_data()
    node = data
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    node[last] = value
    return data


BAD_PANEL_VALUES = [
    ("panels.demos.qlearning.seed", 10**30),
    ("panels.demos.qlearning.seed", -1),
    ("panels.demos.qlearning.seed", 3.5),
    ("panels.demos.qlearning.seed", True),
    ("panels.demos.qlearning.seed", "7"),
    ("panels.demos.qlearning.alpha", float("nan")),
    ("panels.demos.qlearning.gamma", float("inf")),
    ("panels.demos.qlearning.epsilon", 2),
    ("panels.demos.qlearning.decay", 0.5),
    ("panels.demos.qlearning.agent", "dqn"),
    ("panels.demos.qlearning.preset", "nowhere"),
    ("panels.demos.qlearning.world", "{not a layout"),
    ("panels.demos.qlearning.world", 5),
    ("panels.demos.kmeans.points", 10**12),
    ("panels.demos.kmeans.k", 0),
    ("panels.demos.kmeans.k", 21),
    ("panels.demos.kmeans.mode", "spectral"),
    ("panels.demos.kmeans.init", None),
    ("panels.demos.kmeans.scale", "yes"),
    ("panels.demos.kmeans.dataset", "file"),
    ("panels.demos.kmeans.mini_batch_size", 5),
    ("panels.sizing.KinesisPage.records_per_second", 5000),
    ("panels.sizing.KinesisPage.records_per_second", "9" * 500),
    ("panels.sizing.KinesisPage.mode", "turbo"),
    ("panels.sizing.KinesisPage.round_record_up", "false"),
    ("panels.sizing.InstancesPage.algorithm", "not-an-algorithm"),
    ("panels.sizing.InstancesPage.prices", {"ml.m5.large": -1}),
    ("panels.sizing.InstancesPage.prices", [1]),
    ("panels.sizing.ScalingPage.rule", 3),
    ("panels.sizing.visited", ["Nope"]),
    ("panels.wizard.suggested", ["task"]),
    ("panels.wizard.suggested_from", 5),
    ("panels.wizard.suggested_from", "x" * 20_001),
]


def test_the_text_suggestions_came_from_is_kept():
    session, problems = parse_session_checked(
        _with("panels.wizard.suggested_from", "Detect fraud in card payments"), "f.json")
    assert problems == []
    assert session.panels["wizard"]["suggested_from"] == "Detect fraud in card payments"


@pytest.mark.parametrize(("path", "value"), BAD_PANEL_VALUES)
def test_a_bad_panel_value_is_dropped_and_named(path, value):
    session, problems = parse_session_checked(_with(path, value), "f.json")
    name = path.removeprefix("panels.")
    assert len(problems) == 1 and problems[0].startswith(name), problems
    node = session.panels
    *parents, last = name.split(".")
    for key in parents:
        node = node[key]
    assert not node.get(last)  # dropped: the panel keeps its default
    assert session.answers and session.chosen == "xgboost"  # the rest is kept


@pytest.mark.parametrize(("path", "value", "where"), [
    ("answers", {"task": "dance"}, "answers.task"),
    ("answers", {"no_such_question": "x"}, "answers: unknown question"),
    ("skipped", ["no_such_question"], "skipped"),
    ("chosen", "not-an-algorithm", "chosen"),
    ("panels.extra", {}, "panels.extra"),
    ("panels.sizing.NewPage", {}, "sizing.NewPage"),
    ("panels.demos.qlearning.turbo", 1, "demos.qlearning.turbo"),
    ("panels.wizard.suggested", {"task": "dance"}, "wizard.suggested.task"),
    ("sizing", [{"calculator": "KinesisPage", "markdown": 5}], "sizing result 1"),
])
def test_bad_answers_and_unknown_names_are_dropped_and_named(path, value, where):
    _session, problems = parse_session_checked(_with(path, value))
    assert any(where in p for p in problems), problems


@pytest.mark.parametrize(("path", "value", "message"), [
    ("description", 5, "description"),
    ("description", "x" * 30_000, "longer than"),
    ("answers", {"task": 5}, "answers"),
    ("answers", ["task"], "answers"),
    ("skipped", "budget", "skipped"),
    ("chosen", ["xgboost"], "chosen"),
    ("panels", {"sizing": 5}, "panels"),
    ("format", "other", "not a SageWise session"),
    ("schema_version", 3, "newer SageWise"),
])
def test_a_file_that_is_not_a_session_is_refused_whole(path, value, message):
    with pytest.raises(KnowledgeError, match=message):
        parse_session_checked(_with(path, value))


@pytest.mark.parametrize("content", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"format": "sagewise-session", "schema_version": 1, "x": ' + b"9" * 10_000 + b"}",
])
def test_deep_or_huge_json_is_a_message_not_a_crash(tmp_path, content):
    f = tmp_path / "deep.json"
    f.write_bytes(content)
    with pytest.raises(KnowledgeError, match="damaged|nested too deeply|digits|too long"):
        load_session(f)


def test_a_folder_or_an_unreadable_file_is_a_message(tmp_path, monkeypatch):
    with pytest.raises(KnowledgeError, match="folder"):
        load_session(tmp_path)
    f = tmp_path / "s.json"
    save_session(Session(), f)

    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(KnowledgeError, match="(cannot be read|cannot read).*ermission denied"):
        load_session(f)


# ---------------------------------------------------------------- saving

def test_a_temp_file_that_cannot_be_created_is_a_message(tmp_path, monkeypatch):
    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(KnowledgeError, match="Permission denied"):
        save_session(Session(), tmp_path / "s.json")
    assert list(tmp_path.iterdir()) == []


def test_a_lone_surrogate_is_a_message_and_leaves_no_temp_file(tmp_path):
    f = tmp_path / "s.json"
    save_session(Session(description="first"), f)
    with pytest.raises(KnowledgeError, match="cannot be stored"):
        save_session(Session(description="bad \udc80 text"), f)
    with pytest.raises(KnowledgeError, match="cannot be stored"):
        write_text_atomic(tmp_path / "r.md", "\ud800")
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert load_session(f).description == "first"


def test_saving_to_a_symlink_writes_through_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "s.sagewise.json"
    real.parent.mkdir()
    save_session(Session(description="first"), real)
    link = tmp_path / "link.sagewise.json"
    link.symlink_to(real)
    save_session(Session(description="second"), link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert load_session(real).description == "second"
    assert sorted(p.name for p in real.parent.iterdir()) == ["s.sagewise.json"]


def test_stale_temp_files_are_cleaned_only_when_ours_and_old(tmp_path):
    target = tmp_path / "s.sagewise.json"
    old = tmp_path / ".s.sagewise.json.abcd1234.tmp"     # left by a kill -9
    fresh = tmp_path / ".s.sagewise.json.zz99yy88.tmp"   # a save in progress elsewhere
    other = tmp_path / ".other.json.abcd1234.tmp"         # another file's temp
    mine = tmp_path / "notes.tmp"                          # the user's own file
    for p in (old, fresh, other, mine):
        p.write_text("x")
    past = time.time() - 3600
    for p in (old, other, mine):
        os.utime(p, (past, past))
    save_session(Session(description="x"), target)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([target.name, fresh.name, other.name, mine.name])
    assert remove_stale_temps(target) == []


def test_the_file_keeps_its_permissions(tmp_path):
    f = tmp_path / "s.json"
    save_session(Session(), f)
    f.chmod(0o640)
    save_session(Session(description="again"), f)
    assert f.stat().st_mode & 0o777 == 0o640


def test_the_v1_fixture_is_untouched_by_tests(tmp_path):
    copy = tmp_path / "v1.json"
    shutil.copy(V1, copy)
    load_session(copy)
    assert copy.read_bytes() == V1.read_bytes()


def test_pipeline_panel_state_is_checked_field_by_field():
    from sagewise.knowledge.session_schema import check_pipeline

    good = {"description": "nightly scoring", "answers": {"traffic": "steady"}, "suggested": {},
            "skipped": ["budget"], "export": {"algorithm": "xgboost", "max_jobs": 0,
                                              "instance_count": 2}}
    assert check_pipeline(good).problems == [] and check_pipeline(good).value == good
    bad = {"description": 5, "answers": {"q": 1}, "skipped": "x",
           "export": {"instance_count": 1e30, "region": ["us-east-1"], "surprise": 1}}
    c = check_pipeline(bad)
    assert set(c.value) == {"export"} and c.value["export"] == {}
    assert len(c.problems) == 6


def test_data_panel_state_is_checked_field_by_field():
    from sagewise.knowledge.session_schema import check_data

    good = {"path": "/tmp/x.csv", "target": "churn", "time_column": "", "algorithm": "xgboost",
            "athena_table": "db.t", "summary": {"rows": 3, "columns": []}}
    assert check_data(good).problems == [] and check_data(good).value == good
    c = check_data({"path": 3, "summary": [1], "target": "x" * 500})
    assert c.value == {} and len(c.problems) == 3


def test_a_csv_picked_by_mistake_is_not_called_damaged(tmp_path):
    f = tmp_path / "customers.csv"
    f.write_text("id,amount\n1,2.5\n")
    with pytest.raises(KnowledgeError, match="customers.csv: not a SageWise session file"):
        load_session(f)
    g = tmp_path / "cut.sagewise.json"
    g.write_text('{"format": "sagewise-session", ')
    with pytest.raises(KnowledgeError, match="damaged session file, JSON error"):
        load_session(g)
