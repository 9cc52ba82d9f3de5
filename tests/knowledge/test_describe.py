"""Describe-your-problem: text -> suggested answers -> recommendation.

The scenario files are realistic descriptions written for the whole catalog (exam-style
stems and AWS documentation use cases). They guard the accuracy bar of the product:
the expected algorithm first for >= 80% and in the top 3 for >= 95% of descriptions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sagewise.knowledge.describe import describe, normalise
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.recommend import recommend, recommend_description

DATA = Path(__file__).resolve().parent.parent / "data"
SETS = sorted(DATA.glob("scenarios_*.json"))


def _rank(text: str) -> list[str]:
    _, rec = recommend_description(text)
    return [s.id for s in rec.ranked]


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_scenario_accuracy_bar(path):
    scenarios = json.loads(path.read_text(encoding="utf-8"))
    top1 = top3 = 0
    misses = []
    for s in scenarios:
        ranked = _rank(s["describe"])
        top1 += bool(ranked) and ranked[0] in s["expected"]
        hit3 = any(r in s["expected"] for r in ranked[:3])
        top3 += hit3
        if not hit3:
            misses.append((s["id"], s["expected"], ranked[:3]))
    n = len(scenarios)
    assert top1 / n >= 0.80, f"top-1 {top1}/{n}"
    assert top3 / n >= 0.95, f"top-3 {top3}/{n}: {misses}"


def test_every_catalog_id_is_expected_somewhere():
    from sagewise.knowledge.catalog import load_catalog

    expected = set()
    for path in SETS:
        for s in json.loads(path.read_text(encoding="utf-8")):
            expected |= set(s["expected"])
    assert set(load_catalog().ids) <= expected


def test_suggestions_carry_evidence():
    d = describe("Group our customers into segments by spending; nothing is labelled.")
    by_q = {s.question: s for s in d.suggestions}
    assert d.answers["task"] == "cluster"
    assert by_q["task"].source == "cue" and by_q["task"].evidence
    assert d.answers.get("labels") is None  # labels is not asked for clustering


def test_negation_is_respected():
    d = describe("Find outliers in card transactions; we have no labelled fraud examples.")
    assert d.answers["task"] == "detect_anomalies"
    assert d.answers["anomaly_subject"] == "measurements"
    assert d.answers["labels"] == "no"
    d2 = describe("Spot unusual transactions; past cases are labelled as fraud.")
    assert d2.answers["anomaly_subject"] == "labelled_cases"


def test_cpu_only_words_reach_the_constraint():
    d = describe("Translate support emails from Spanish to English; we have no GPUs.")
    assert d.answers["gpu"] == "no"
    rec = recommend(d.answers, hints=d.hints)
    assert "seq2seq" in [s.id for s in rec.ruled_out]


def test_named_technique_gets_an_explained_bonus():
    d = describe("Use k-nearest neighbours to classify rows of a table.")
    reasons = [h.reason for h in d.hints["knn"]]
    assert any("k nearest" in r or "nearest neighbours" in r for r in reasons)


def test_unrecognisable_text_still_answers_without_crashing():
    d = describe("lorem ipsum dolor sit amet")
    rec = recommend(d.answers, hints=d.hints)
    assert rec.next_question is not None  # the wizard would ask from the start


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", "a" * 20_001, "abc\x00def", None, 42])
def test_bad_descriptions_get_a_clear_message(bad):
    with pytest.raises(KnowledgeError) as info:
        describe(bad)
    assert str(info.value)


def test_normalise_keeps_label_prefixes_and_splits_hyphens():
    assert normalise("One-hot __label__x  DATA") == "one hot __label__x data"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip() and "\x00" not in t))
def test_any_text_gives_valid_answers(text):
    d = describe(text)
    recommend(d.answers, hints=d.hints)  # must validate and rank without raising


def test_a_close_second_reading_is_placed_by_its_score_and_marked():
    # Was: always offered third. Now every candidate of a close reading joins the list where
    # its score puts it (one score for all), marked and saying which reading it belongs to.
    text = "Spot unusual logins to our accounts and odd spikes in the payment metrics."
    _, rec = recommend_description(text)
    scores = [s.score for s in rec.ranked]
    assert scores == sorted(scores, reverse=True)
    offered = [s for s in rec.ranked if s.alternative_reading]
    assert offered and all(s.reasons[0].startswith("Another reading of your description")
                           for s in offered)
    out = rec.to_dict()["recommendations"]
    assert any(r.get("alternative_reading") for r in out)


def test_a_clear_description_has_no_second_reading():
    d, rec = recommend_description("Draw bounding boxes around every car in street photos.")
    assert d.alternative == {} and not any(s.alternative_reading for s in rec.ranked)


def test_the_result_keeps_the_original_text_and_resembles_on_it():
    text = "Spot when an IoT sensor starts sending abnormal readings; nothing is labelled."
    d = describe(text)
    assert d.text == text
    reasons = [h.reason for hs in d.hints.values() for h in hs]
    assert any("IoT sensor" in r for r in reasons)
