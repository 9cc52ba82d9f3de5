"""Session files (versioned, atomic, validated) and the decision record."""

from __future__ import annotations

import json
import os

import pytest
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.recommend import recommend, recommend_description
from sagewise.knowledge.report import decision_record, record_markdown
from sagewise.knowledge.session import (
    SCHEMA_VERSION,
    Session,
    load_session,
    save_session,
)


def test_round_trip(tmp_path):
    s = Session(description="group customers", answers={"task": "cluster"},
                skipped=["budget"], chosen="kmeans",
                panels={"wizard": {"suggested": {}},
                        "sizing": {"KinesisPage": {"records_per_second": "5000"}}})
    f = save_session(s, tmp_path / "s.sagewise.json")
    back = load_session(f)
    assert (back.answers, back.skipped, back.chosen, back.panels) == \
        (s.answers, s.skipped, s.chosen, s.panels)
    data = json.loads(f.read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["format"] == "sagewise-session"
    assert back.created and back.saved


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path, monkeypatch):
    f = tmp_path / "s.json"
    save_session(Session(description="first"), f)

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KnowledgeError, match="No space left"):
        save_session(Session(description="second"), f)
    assert load_session(f).description == "first"          # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temp file left


@pytest.mark.parametrize(("content", "message"), [
    (b"{broken", "damaged session file"),
    (b"\xff\xfe\x00binary", "not a text file"),
    (b'{"format": "other"}', "not a SageWise session"),
    (b'{"format": "sagewise-session"}', "schema_version"),
    (b'{"format": "sagewise-session", "schema_version": 99}', "newer SageWise"),
    (b'{"format": "sagewise-session", "schema_version": 1, "answers": [1]}', "answers"),
    (b'{"format": "sagewise-session", "schema_version": 1, "skipped": "x"}', "skipped"),
    (b'{"format": "sagewise-session", "schema_version": 1, "panels": {"a": 1}}', "panels"),
])
def test_bad_files_are_refused_with_a_message(tmp_path, content, message):
    f = tmp_path / "s.json"
    f.write_bytes(content)
    with pytest.raises(KnowledgeError, match=message):
        load_session(f)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(KnowledgeError, match="not found"):
        load_session(tmp_path / "nope.json")
    with pytest.raises(KnowledgeError, match="folder does not exist"):
        save_session(Session(), tmp_path / "no" / "s.json")


def test_decision_record_contents():
    d, rec = recommend_description("Predict whether a card transaction is fraudulent from "
                                   "labelled tabular data; fraud is under 1% of rows")
    s = Session(description=d.text, answers=d.answers, chosen="xgboost")
    r = decision_record(s, rec, sizing_markdown="# Kinesis shards\n\n## 9 shards",
                        when="2026-11-22 00:00 UTC")
    assert r["chosen"] == "xgboost" and r["problem"].startswith("Predict whether")
    assert r["recommendations"][0]["algorithm"] == "xgboost"
    assert r["metric"]["id"] == "pr_auc" and r["date"] == "2026-11-22 00:00 UTC"
    md = record_markdown(r)
    for part in ("# SageWise decision record", "## Problem", "## Answers",
                 "## Recommendation", "(chosen)", "## How to judge it",
                 "Precision-recall AUC", "scale_pos_weight", "## Sizing", "9 shards",
                 "SageWise 0.1.0"):
        assert part in md, part
    json.dumps(r)  # the JSON export is serialisable


def test_record_of_an_unframed_problem_still_reads():
    rec = recommend({})
    md = record_markdown(decision_record(Session(), rec))
    assert "(no description given)" in md and "(none)" in md


def test_embedded_headings_nest_under_the_record():
    from sagewise.knowledge.report import demote_headings

    md = "# Title\n\ntext # not a heading\n## Sub\n###### Deep\n"
    assert demote_headings(md, 2) == "### Title\n\ntext # not a heading\n#### Sub\n###### Deep\n"
