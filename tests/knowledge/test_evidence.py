"""The shared text-understanding module: both describers read text the same way."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.describe import describe
from sagewise.knowledge.evidence import cue_votes, parse_cues, pick
from sagewise.knowledge.pipeline.data import load_pipeline
from sagewise.knowledge.pipeline.describe import describe_pipeline


def _pipeline_cues(extra: dict) -> object:
    pd = load_pipeline()
    data = {"threshold": 0.8, "technique_bonus": 0.35, "similarity_bonus": 0.0,
            "defaults": {},
            "technique": [{"id": "data-firehose", "weight": 1.0, "patterns": ["firehose"]}],
            "cue": [{"question": "where_runs", "answer": "edge", "weight": 1.0,
                     "patterns": ["zzz never matches"]}], **extra}
    return parse_cues(data, pd.dd, "test_cues.toml")


def test_pick_needs_a_strict_win_without_a_tie_order():
    assert pick(Counter({"a": 1.0, "b": 1.0}), 0.8) is None
    assert pick(Counter({"a": 1.0, "b": 1.0}), 0.8, tie_order=("b", "a")).answer == "b"


def test_pick_below_threshold_is_no_answer():
    assert pick(Counter({"a": 0.5}), 0.8) is None
    assert pick(Counter(), 0.8) is None


def test_pick_is_not_confident_when_the_runner_up_is_close():
    assert pick(Counter({"a": 2.0, "b": 1.9}), 0.8).confident is False
    assert pick(Counter({"a": 2.0, "b": 0.5}), 0.8).confident is True


def test_pipeline_tie_goes_to_first_listed_answer_and_is_not_confident():
    cues = _pipeline_cues({"cue": [
        {"question": "source", "answer": "files", "weight": 1.0, "patterns": ["alpha"]},
        {"question": "source", "answer": "events", "weight": 1.0, "patterns": ["beta"]}]})
    order = load_pipeline().dd.questions["source"].answer_ids
    first = min(("files", "events"), key=order.index)
    other = "events" if first == "files" else "files"
    d = describe_pipeline("alpha and beta", cues=cues)
    assert d.answers["source"] == first
    assert d.confident is False and d.close == {"source": other}
    assert d.suggestions[0].confident is False


def test_pipeline_evidence_quotes_the_users_words():
    d = describe_pipeline("Our CLICKSTREAM events must land in S3 within minutes.")
    source = next(s for s in d.suggestions if s.question == "source")
    assert "CLICKSTREAM" in source.quotes  # as typed, not normalised


def test_pipeline_reads_bag_of_words_cues_with_synonyms():
    # "photos" folds to "image" through the shared synonym table.
    cues = _pipeline_cues({"words": [
        {"question": "source", "answer": "files", "weight": 1.0, "window": 4,
         "groups": [["image"], ["upload"]]}]})
    d = describe_pipeline("Shop owners upload their photos every evening.", cues=cues)
    assert d.answers == {"source": "files"}
    assert d.suggestions[0].quotes == ("upload ... photos",)


def test_negated_bag_of_words_does_not_count_in_the_pipeline():
    cues = _pipeline_cues({"words": [
        {"question": "source", "answer": "files", "weight": 1.0, "window": 4,
         "groups": [["image"]]}]})
    assert describe_pipeline("There are no photos at all.", cues=cues).answers == {}


def test_stream_use_needs_a_stream_from_the_text_or_known_answers():
    text = "Records must land in S3 within minutes."
    assert "stream_use" not in describe_pipeline(text).answers
    assert describe_pipeline(text, known={"streaming": "yes"}).answers["stream_use"] == \
        "deliver"
    assert describe_pipeline(text, known={"source": "kafka"}).answers["stream_use"] == \
        "deliver"


def test_both_describers_share_the_vote_loop():
    """The same cue file read by the shared loop gives describe() the same votes."""
    from sagewise.knowledge.describe import load_cues

    text = "Predict churn from a table of customer records with labelled history."
    cv = cue_votes(load_cues(), text)
    r = describe(text)
    for s in r.suggestions:
        if s.source == "cue" and s.signal == "cue":
            assert cv.votes[s.question][s.answer] > 0


def test_pipeline_cli_json_says_whether_it_is_confident(capsys):
    assert main(["pipeline", "--describe", "Clickstream events land in S3.", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["confident"] is True and out["close"] == {}
    assert all("quotes" in s and "confident" in s for s in out["suggestions"])


@pytest.mark.parametrize("text", ["", "x" * 20_001, "bad\x00text"])
def test_both_describers_reject_bad_text_the_same_way(text):
    from sagewise.knowledge.errors import KnowledgeError

    msgs = []
    for fn in (describe, describe_pipeline):
        with pytest.raises(KnowledgeError) as exc:
            fn(text)
        msgs.append(str(exc.value))
    assert msgs[0] == msgs[1]
