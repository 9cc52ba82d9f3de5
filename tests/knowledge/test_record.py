"""The decision record says only what was decided, names each sizing's algorithm, carries the
instance table, and the ``record`` command prints exactly what File > Export writes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sagewise.knowledge import report
from sagewise.knowledge.cli import main
from sagewise.knowledge.session import Session, load_session, save_session
from sagewise.knowledge.sizing.instances import recommend_instances
from sagewise.knowledge.sizing.report import (
    instances_markdown,
    instances_table_markdown,
)

V1 = Path(__file__).resolve().parent.parent / "data" / "session_v1.sagewise.json"
FRAUD = Session(description="Flag fraudulent card transactions in labelled tabular data; "
                            "fraud is under 1% of rows",
                answers={"task": "classify", "classify_data": "tabular",
                         "class_balance": "imbalanced"})


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(report, "_now", lambda: "2026-11-30 12:00 UTC")


def test_nothing_chosen_is_never_called_chosen():
    md = report.record_text(FRAUD, "md")
    data = json.loads(report.record_text(FRAUD, "json"))
    assert "(chosen)" not in md and "The chosen option in detail" not in md
    assert "**XGBoost** (top-ranked, not yet chosen)" in md
    assert "## The top-ranked option in detail (not yet chosen)" in md
    assert data["chosen"] == "" and data["top_ranked"] == "xgboost"


def test_a_choice_is_recorded_as_the_choice():
    md = report.record_text(replace(FRAUD, chosen="linear-learner"), "md")
    assert "**Linear Learner** (chosen)" in md and "## The chosen option in detail" in md
    assert "not yet chosen" not in md


def _instances_result(algorithm: str):
    return recommend_instances(algorithm=algorithm, phase="training", dataset_gb=20,
                               gpu="allow", mode=None, hours=2, max_price=None,
                               price_overrides={}, priority="balanced")


def test_the_instance_table_lists_every_suggested_type():
    r = _instances_result("xgboost")
    table = instances_table_markdown(r)
    lines = table.splitlines()
    assert lines[0] == "| Type | vCPU | GiB | GPUs | $/h | Count | Cost $ | Why |"
    assert len(lines) == 2 + len(r.instances) and r.instances
    for o, line in zip(r.instances, lines[2:], strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == o.type and cells[1] == str(o.vcpu) and cells[5] == str(o.count)


def test_every_sizing_section_names_its_algorithm():
    r = _instances_result("deepar")
    sizing = [{"calculator": "InstancesPage", "title": "Instance choice", "algorithm": "deepar",
               "markdown": instances_markdown(r) + "\n\n" + instances_table_markdown(r)},
              {"calculator": "KinesisPage", "title": "Kinesis shards", "algorithm": "",
               "markdown": "## 9 shards"},
              {"calculator": "ScalingPage", "title": "Batch size and learning rate",
               "algorithm": "", "markdown": "## lr 0.4"}]
    md = report.record_text(replace(FRAUD, chosen="xgboost", sizing=sizing), "md")
    sizing_part = md.split("## Sizing", 1)[1]
    assert ("### Instance choice\n\n*Computed for: DeepAR Forecasting (`deepar`). Not "
            "computed for the chosen option, XGBoost.*") in sizing_part
    assert "*Computed for: any algorithm (these inputs do not depend on one).*" in sizing_part
    assert "*Computed for: no particular algorithm" in sizing_part
    assert f"| {r.instances[0].type} |" in sizing_part
    data = json.loads(report.record_text(replace(FRAUD, sizing=sizing), "json"))
    assert data["sizing_results"][0]["computed_for"] == "DeepAR Forecasting (`deepar`)"


def test_the_v1_session_record(capsys):
    assert main(["record", str(V1)]) == 0
    out = capsys.readouterr().out
    assert out == report.record_text(load_session(V1), "md")
    assert "**XGBoost** (chosen)" in out


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_the_command_prints_exactly_the_exported_text(tmp_path, capsys, fmt):
    f = save_session(replace(FRAUD, sizing=[{"calculator": "KinesisPage", "title": "Kinesis",
                                             "algorithm": "", "markdown": "## 9 shards"}]),
                     tmp_path / "s.sagewise.json")
    assert main(["record", str(f), "--format", fmt]) == 0
    assert capsys.readouterr().out == report.record_text(load_session(f), fmt)


def test_the_json_flag_prints_the_record_object(tmp_path, capsys):
    f = save_session(FRAUD, tmp_path / "s.json")
    assert main(["record", str(f), "--json"]) == 0
    out = capsys.readouterr().out
    assert out == report.record_text(load_session(f), "json")
    assert json.loads(out)["chosen"] == ""


@pytest.mark.parametrize("content", [None, b"{broken", b"\x00\xff", b"[]",
                                     b'{"format": "sagewise-session", "schema_version": 99}'])
def test_a_bad_session_exits_2_naming_the_argument(tmp_path, capsys, content):
    f = tmp_path / "bad.json"
    if content is not None:
        f.write_bytes(content)
    assert main(["record", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "argument SESSION" in err and "bad.json" in err


def test_an_unknown_format_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["record", str(V1), "--format", "pdf"])
    assert exc.value.code == 2 and "--format" in capsys.readouterr().err


def test_skipped_questions_are_named_as_the_user_saw_them():
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.report import record_text
    from sagewise.knowledge.session import Session

    s = Session(description="flag fraud in card payments", answers={"task": "classify"},
                skipped=["labels", "data_size"])
    text = record_text(s, "md")
    questions = load_decision().questions
    assert questions["labels"].prompt in text and questions["data_size"].prompt in text
    assert "labels, data_size" not in text and "Skipped: labels" not in text


def test_invalid_values_left_out_are_named_on_stderr(tmp_path, capsys):
    """The app lists them in a dialog; the command used to say nothing."""
    data = json.loads(V1.read_text())
    data["panels"]["demos"]["kmeans"]["k"] = 0
    data["answers"]["task"] = "dance"
    f = tmp_path / "bad.sagewise.json"
    f.write_text(json.dumps(data))
    assert main(["record", str(f)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("record: left out 2 invalid values of the session: ")
    assert "demos.kmeans.k" in err and "answers.task" in err and err.count("\n") == 1
