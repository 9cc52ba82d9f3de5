"""Pipeline decisions: data, engine, questions, carry-over, description, record, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.pipeline.data import AREAS, load_pipeline, load_pipeline_from
from sagewise.knowledge.pipeline.describe import decide_description, describe_pipeline
from sagewise.knowledge.pipeline.engine import carry_over, decide
from sagewise.knowledge.recommend import score

DATA = Path(__file__).resolve().parent.parent / "data"


def exit_code(argv) -> int:
    """The exit code, whether argparse (SystemExit) or the handler reports the error."""
    try:
        return main(list(argv))
    except SystemExit as exc:
        return exc.code


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_areas_and_choice_ids_match_the_product_contract():
    pd = load_pipeline()
    assert list(pd.dd.sets) == list(AREAS)
    for area, ids in AREAS.items():
        assert set(pd.area_choices(area)) == set(ids)
        for ident in ids:
            assert pd.choices[ident].area == area


def test_every_choice_names_dated_limits_with_a_source():
    for choice in load_pipeline().choices.values():
        assert choice.limits, choice.id
        for lim in choice.limits:
            assert lim.source and len(lim.as_of) == 10


def test_scoring_reuses_the_recommendation_engine():
    """Each area is a candidate set scored by recommend.score: same reasons format."""
    pd = load_pipeline()
    _, ranked, _ = score(pd.dd, {"area": "deployment", "payload": "large_or_slow"})
    assert ranked[0].id == "async-inference"
    assert any(r.startswith("+0.50: ") and "(your answer: Large payloads" in r
               for r in ranked[0].reasons)


def test_one_decision_per_area_best_first_with_alternatives():
    plan = decide({"payload": "large_or_slow"})
    out = plan.to_dict()
    assert [d["area"] for d in out["decisions"]] == list(AREAS)
    dep = plan.decision("deployment")
    assert dep.choice == "async-inference"
    assert all(a.why_not for a in dep.alternatives)
    serverless = next(a for a in dep.alternatives if a.choice == "serverless-inference")
    assert "4 MB" in serverless.why_not
    assert {lim.what for lim in dep.limits} >= {"Payload", "Time"}


def test_exclusion_is_reported_as_why_not():
    plan = decide({"ground_truth": "no"})
    alts = plan.decision("monitoring").alternatives
    mq = next(a for a in alts if a.choice == "model-monitor-model-quality")
    assert mq.excluded and "ground-truth" in mq.why_not


def test_questions_are_asked_only_when_they_change_a_choice():
    plan = decide({})
    assert plan.next_question is not None
    # The 'replace' rollout answer changes nothing: once the deployment is decided by
    # batch scoring, the rollout question cannot move it.
    answers = {"inference": "batch", "where_runs": "cloud", "model_count": "one",
               "payload": "small_fast", "traffic": "steady"}
    asked = []
    for _ in range(40):
        plan = decide(answers)
        nq = plan.next_question
        if nq is None:
            break
        asked.append(nq.id)
        answers[nq.id] = nq.answers[0].id
    assert plan.next_question is None
    assert "rollout" not in asked
    assert len(asked) == len(set(asked))


def test_wizard_answers_and_algorithm_carry_over():
    wizard = {"task": "classify", "classify_data": "tabular", "streaming": "yes",
              "inference": "batch", "data_size": "large"}
    answers = carry_over(wizard, "deepar")
    assert answers == {"streaming": "yes", "inference": "batch", "data_size": "large",
                       "algorithm": "deepar"}
    plan = decide(answers)
    assert plan.decision("deployment").choice == "batch-transform"
    # DeepAR reads File mode only: Pipe is ruled out, with the reason.
    ti = plan.decision("training-input")
    assert ti.choice != "pipe"
    pipe = next(a for a in ti.alternatives if a.choice == "pipe")
    assert pipe.excluded and "File mode only" in pipe.why_not
    # The wizard's own answers are accepted (and ignored where the pipeline has no use).
    assert decide(wizard).decision("deployment").choice == "batch-transform"


def test_single_instance_algorithm_rules_out_distributed_training():
    plan = decide({"algorithm": "catboost", "training_speed": "too_slow"})
    assert plan.decision("training").choice != "distributed-data-parallel"
    plan = decide({"algorithm": "xgboost", "training_speed": "too_slow"})
    assert plan.decision("training").choice == "distributed-data-parallel"


@pytest.mark.parametrize("answers", [
    {"nope": "x"}, {"payload": "huge"}, {"area": "deployment"}, {"algorithm": "gpt"},
    {"algorithm_pipe": "no"}, {"payload": 3}, [],
])
def test_bad_answers_are_named(answers):
    with pytest.raises(KnowledgeError):
        decide(answers)


def test_describe_reads_cues_and_named_services():
    d = describe_pipeline("Clickstream events must land in S3 within minutes with no "
                          "consumers to write; we use Kinesis Data Firehose today.")
    assert d.answers["source"] == "events" and d.answers["stream_use"] == "deliver"
    assert any("Firehose" in h.reason for h in d.hints["data-firehose"])


def test_negated_cue_does_not_count():
    d = describe_pipeline("Predictions never run on edge devices; the model is served from AWS.")
    assert d.answers.get("where_runs") != "edge"


@pytest.mark.parametrize("text", ["", "   ", "x" * 20_001, "bad\x00text"])
def test_bad_description_is_an_error(text):
    with pytest.raises(KnowledgeError):
        describe_pipeline(text)


def test_development_scenarios_accuracy():
    """Our own scenarios (used for tuning): every area right."""
    data = json.loads((DATA / "pipeline_scenarios.json").read_text())
    assert len(data) >= 30
    right = total = 0
    for s in data:
        _, plan = decide_description(s["text"])
        for area, ids in s["expected"].items():
            total += 1
            right += plan.choices[area] in ids
    assert right / total >= 0.95


def test_broken_pipeline_file_names_the_entry(resources_copy):
    p = resources_copy / "pipeline.toml"
    p.write_text(p.read_text().replace('id = "athena"\narea = "transform"',
                                       'id = "athena"\narea = "transfrom"'))
    with pytest.raises(KnowledgeError, match="choice athena.*area"):
        load_pipeline_from(resources_copy)


def test_missing_choice_is_an_error(resources_copy):
    p = resources_copy / "pipeline.toml"
    text = p.read_text()
    start = text.index('[[choice]]\nid = "macie"')
    p.write_text(text[:start])
    with pytest.raises(KnowledgeError, match="macie"):
        load_pipeline_from(resources_copy)


def test_cli_pipeline_describe_json(capsys):
    code, out, err = run(capsys, "pipeline", "--describe", "Score all customers every night "
                         "in one batch; results are read the next morning.", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= {"decisions", "next_question"}
    dep = next(d for d in data["decisions"] if d["area"] == "deployment")
    assert dep["choice"] == "batch-transform"
    assert {"area", "choice", "score", "reasons", "alternatives"} <= set(dep)
    assert all({"choice", "why_not"} <= set(a) for a in dep["alternatives"])


def test_cli_pipeline_answers_and_set(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"inference": "real_time"}))
    code, out, _ = run(capsys, "pipeline", "--answers", str(f), "--set", "traffic=intermittent",
                       "--json")
    data = json.loads(out)
    assert code == 0
    assert next(d for d in data["decisions"] if d["area"] == "deployment")["choice"] == \
        "serverless-inference"
    code, out, _ = run(capsys, "pipeline", "--answers", str(f))
    assert code == 0 and "deployment:" in out


@pytest.mark.parametrize(("argv", "named"), [
    (["pipeline"], "--describe"),
    (["pipeline", "--describe", ""], "--describe"),
    (["pipeline", "--answers", "/no/such.json"], "--answers"),
    (["pipeline", "--describe", "x y z", "--set", "payload=huge"], "--set"),
    (["pipeline", "--describe", "x y z", "--set", "oops"], "--set"),
])
def test_cli_pipeline_bad_arguments(capsys, argv, named):
    assert exit_code(argv) == 2
    err = capsys.readouterr().err
    assert named in err and len(err.strip().splitlines()) == 1


def test_cli_pipeline_bad_answers_file(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"payload": "huge"}))
    code, _, err = run(capsys, "pipeline", "--answers", str(f))
    assert code == 2 and "--answers" in err and "huge" in err


def test_record_section_states_sources_and_decisions():
    from sagewise.knowledge.pipeline.record import pipeline_markdown, pipeline_record

    state = {"answers": {"payload": "large_or_slow"}, "description": ""}
    rec = pipeline_record(state, {"task": "classify", "inference": "real_time"}, "xgboost")
    sources = {a["question"]: a["source"] for a in rec["answers"]}
    assert sources == {"inference": "carried over from the wizard", "payload": "you",
                       "algorithm": "chosen in the wizard"}
    md = pipeline_markdown(rec)
    assert md.startswith("## Pipeline") and "Asynchronous inference" in md
    assert "| deployment | Asynchronous inference |" in md and "as of 20" in md
    assert pipeline_record({}, {}) is None  # never opened: no section


def test_record_with_damaged_state_says_so():
    from sagewise.knowledge.pipeline.record import pipeline_markdown, pipeline_record

    rec = pipeline_record({"answers": {"payload": "huge"}})
    assert "error" in rec and "huge" in pipeline_markdown(rec)


def test_decision_record_includes_the_pipeline():
    from sagewise.knowledge.recommend import recommend
    from sagewise.knowledge.report import decision_record, record_markdown
    from sagewise.knowledge.session import Session

    s = Session(answers={"task": "forecast"}, panels={"pipeline": {"answers": {
        "inference": "batch"}}})
    record = decision_record(s, recommend(s.answers), when="2026-01-01 00:00 UTC")
    assert record["pipeline"]["decisions"][5]["choice"] == "batch-transform"
    assert "## Pipeline" in record_markdown(record)
    plain = decision_record(Session(answers={"task": "forecast"}), recommend({"task": "forecast"}))
    assert plain["pipeline"] is None and "## Pipeline" not in record_markdown(plain)


def test_held_out_scenarios_floor():
    """Held-out scenarios (written without seeing this code, never used for tuning).

    Measured once with bench/pipeline_accuracy.py: 79 of 90 (scenario, area) pairs right
    (87.8%); the floor sits slightly under that so a regression fails here.
    """
    import sys

    sys.path.insert(0, str(DATA.parent.parent / "bench"))
    from pipeline_accuracy import evaluate

    right, total, _ = evaluate(DATA / "pipeline_heldout.jsonl")
    assert sum(total.values()) == 90
    assert sum(right.values()) / sum(total.values()) >= 0.85


def test_carried_over_answers_read_as_labels_not_ids():
    """The Pipeline page says what it took from the wizard in the user's words."""
    from sagewise.knowledge.pipeline.carried import algorithm_name, carried_labels
    from sagewise.knowledge.pipeline.data import load_pipeline

    pd = load_pipeline()
    question = pd.dd.questions["inference"]
    first = question.answers[0]
    text = carried_labels(pd, {"inference": first.id, "algorithm": "xgboost"})
    assert text == [first.label, "algorithm XGBoost"]
    assert algorithm_name("not-an-algorithm") == "not-an-algorithm"


def test_no_question_about_a_stream_when_the_data_does_not_stream():
    """A usability test was asked 'What should happen to the stream?' for a nightly
    database export."""
    from sagewise.knowledge.pipeline.describe import decide_description

    for text, extra in (("Every night we export a table from our database", None),
                        ("We export a table", {"source": "database"}),
                        ("Sales figures", {"streaming": "no"})):
        _d, plan = decide_description(text, extra)
        asked = plan.next_question.id if plan.next_question else None
        assert asked != "stream_use", text
    _d, plan = decide_description("Clickstream events arrive continuously from our app")
    assert plan.next_question is not None and plan.next_question.id == "stream_use"


def test_petabytes_on_tape_are_shipped_not_uploaded():
    from sagewise.knowledge.pipeline.describe import decide_description

    d, plan = decide_description("A 5 PB archive on tape must move to S3 over a 10 Mbps link")
    assert d.answers["source"] == "bulk_offline"
    assert next(x for x in plan.decisions if x.area == "ingestion").choice == "snowball"


def test_an_ambiguous_size_or_a_rate_does_not_decide_the_pipeline_data_size(capsys):
    """'1,5 GB' used to be read as 5 GB (medium) by the pipeline, unlike the wizard."""
    from sagewise.knowledge.cli import main
    from sagewise.knowledge.pipeline.describe import decide_description

    for text in ("dataset around 1,5 GB; nightly batch scoring",
                 "about 40 GB a day arrive from devices"):
        d, _plan = decide_description(text)
        assert "data_size" not in d.answers, text
    d, _plan = decide_description("dataset around 5 GB; nightly batch scoring")
    assert d.answers["data_size"] == "medium"
    assert main(["pipeline", "--describe", "dataset around 1,5 GB", "--json"]) == 0
    import json

    notes = json.loads(capsys.readouterr().out)["description_notes"]
    assert notes and "'1,5 GB' was not read as a data size" in notes[0]
