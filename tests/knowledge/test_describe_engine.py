"""The describe engine's parts: words, facts, the learned model, readings, confidence.

The accuracy floor on descriptions written by others is asserted on the held-out test split
of the corpus only (tests/data/corpus/test.jsonl); train and dev are for fitting and tuning.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sagewise.knowledge.describe import describe, quote
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.facts import extract
from sagewise.knowledge.recommend import recommend_description
from sagewise.knowledge.text import analyse, parse_synonyms, stem, tokens
from sagewise.knowledge.text_model import load_model, load_model_from

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


# ---------------------------------------------------------------- words


def test_stemming_is_consistent_across_forms_and_spellings():
    assert stem("image") == stem("images") == stem("imaging")
    assert stem("summarise") == stem("summarize")
    assert stem("categorise") == stem("categorize")
    assert stem("labelled") == stem("labeled")


def test_synonyms_fold_plain_words_onto_one_word():
    assert tokens("photos") == tokens("images") == tokens("pictures")
    assert tokens("bounding boxes") == tokens("rectangles")


def test_negation_stops_at_the_end_of_a_clause():
    toks = tokens("We have no labelled photos; summarise the reviews")
    assert "not_label" in toks and not any(t.startswith("not_summar") for t in toks)


def test_tokens_keep_the_users_own_words():
    surfaces = [t.surface for t in analyse("Bounding-Boxes around CARS")]
    assert "bounding boxes" in surfaces and "cars" in surfaces


def test_synonym_table_rejects_a_word_claimed_twice():
    with pytest.raises(KnowledgeError) as info:
        parse_synonyms({"words": {"image": ["photo"], "video": ["photo"]}}, "syn.toml")
    assert "syn.toml" in str(info.value) and "photo" in str(info.value)


def test_synonym_table_rejects_a_non_list():
    with pytest.raises(KnowledgeError):
        parse_synonyms({"words": {"image": "photo"}}, "syn.toml")


# ---------------------------------------------------------------- facts


def _facts(text):
    return {(f.question, f.answer): f.words for f in extract(text)}


def test_series_and_history_facts():
    f = _facts("We sell in 2,000 stores and have 5 years of daily sales.")
    assert f[("series_count", "many")] == "2,000 stores"


def test_minority_percentage_sets_class_balance():
    f = _facts("Only 0.5% of transactions are fraud.")
    assert ("class_balance", "imbalanced") in f and "0.5%" in f[("class_balance", "imbalanced")]


def test_millions_of_one_hot_columns_are_sparse():
    assert ("sparse", "yes") in _facts("Millions of one-hot columns for users and items.")


def test_sizes_in_rows_and_gigabytes():
    assert ("data_size", "large") in _facts("about 40 million rows of clicks")
    assert ("data_size", "large") in _facts("a 2 TB table")
    assert ("data_size", "small") in _facts("only 800 labelled images")


def test_serving_gpu_and_label_facts():
    assert ("inference", "batch") in _facts("Scores are needed nightly.")
    assert ("inference", "real_time") in _facts("answer in real time at checkout")
    assert ("gpu", "no") in _facts("we have no GPUs")
    assert ("labels", "no") in _facts("none of the records are labelled")


def test_facts_reach_the_suggested_answers_with_the_users_words():
    d = describe("Predict fraud on card payments; only 0.5% of transactions are fraud and "
                 "past cases are labelled.")
    by_q = {s.question: s for s in d.suggestions}
    assert d.answers.get("class_balance") == "imbalanced"
    assert any("0.5%" in q for q in by_q["class_balance"].quotes)


def test_quote_returns_the_original_words():
    assert quote("Draw Bounding-Boxes here", "bounding boxes") == "Bounding-Boxes"


# ---------------------------------------------------------------- learned model


def test_the_shipped_model_loads_and_knows_every_catalog_id():
    from sagewise.knowledge.catalog import load_catalog

    m = load_model()
    assert set(m.classes) == set(load_catalog().ids)
    p = m.probabilities("Draw a box around every car in each photo")
    assert abs(sum(p.values()) - 1.0) < 1e-4


def test_a_malformed_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "describe_model.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(KnowledgeError) as info:
        load_model_from(bad)
    assert "describe_model.npz" in str(info.value)
    with pytest.raises(KnowledgeError):
        load_model_from(tmp_path / "missing.npz")


def test_a_model_with_disagreeing_shapes_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    blob = np.frombuffer(b"w:a\nw:b", dtype=np.uint8)
    np.savez(path, vocab_utf8=blob, idf=np.ones(2, np.float32),
             weights=np.zeros((3, 2), np.float16), bias=np.zeros(2, np.float32),
             classes=np.array(["x", "y"]))
    with pytest.raises(KnowledgeError) as info:
        load_model_from(path)
    assert "shapes" in str(info.value)


# ---------------------------------------------------------------- readings and confidence


def test_every_reading_explains_its_score():
    d = describe("Forecast weekly demand for 3,000 products from three years of sales.")
    assert d.answers["task"] == "forecast"
    top = d.readings[0]
    assert top.score == pytest.approx(sum(e.weight for e in top.evidence))
    assert {e.signal for e in top.evidence} >= {"cue", "model"}


def test_lists_are_always_ordered_by_score():
    for text in ("Spot unusual logins to our accounts and odd spikes in the payment metrics.",
                 "Predict the sale price of a flat from its size and district.",
                 "Turn our podcasts into text and find the topics discussed."):
        _, rec = recommend_description(text)
        scores = [s.score for s in rec.ranked]
        assert scores == sorted(scores, reverse=True)


AMBIGUOUS = "Spot unusual logins to our accounts and odd spikes in the payment metrics."


def _flat_model():
    """A real model file's shape with zero weights: every id equally likely."""
    from sagewise.knowledge.text_model import TextModel

    m = load_model()
    return TextModel(m.vocab, m.idf, np.zeros_like(m.weights), np.zeros_like(m.bias),
                     m.classes)


def test_unsure_engine_names_the_question_that_separates_the_readings():
    # With the learned model silenced, the cue words alone fit two ways almost equally.
    d = describe("Spot unusual logins to our accounts and odd spikes in the payment metrics.",
                 model=_flat_model())
    assert d.confident is False
    sep = d.separating_question
    assert sep and {a["id"] for a in sep["answers"]} == {"measurements", "entity_ip"}
    assert sep["prompt"] == "Unusual numeric readings, or unusual pairs of user and IP address?"
    assert not any(s.confident for s in d.suggestions if s.question == "anomaly_subject")


def test_unsure_recommendation_asks_the_separating_question_first(monkeypatch):
    import sagewise.knowledge.text_model  # noqa
    from sagewise import knowledge

    monkeypatch.setattr(knowledge.text_model, "load_model", _flat_model)
    d, rec = recommend_description(AMBIGUOUS)
    assert d.confident is False
    out = rec.to_dict()
    assert out["confident"] is False
    assert out["separating_question"]["prompt"] == d.separating_question["prompt"]
    assert out["next_question"]["id"] == d.separating_question["id"]  # asked first


def test_a_clear_description_is_confident():
    d, rec = recommend_description("Draw bounding boxes around every car in street photos.")
    assert d.confident is True and rec.to_dict()["confident"] is True


def test_data_type_words_do_not_make_the_task():
    # "articles" and "table" describe the data; the named technique decides the task.
    d = describe("Run Latent Dirichlet Allocation over a table of news articles.")
    assert d.answers["task"] == "discover_topics"


def test_boxes_counted_in_images_are_object_detection():
    d = describe("Count how many cardboard boxes are on each pallet in the warehouse photos.")
    assert d.answers["task"] == "locate_objects"


def test_cli_json_says_when_it_is_not_confident(capsys, monkeypatch):
    import sagewise.knowledge.text_model  # noqa
    from sagewise import knowledge
    from sagewise.knowledge.cli import main

    monkeypatch.setattr(knowledge.text_model, "load_model", _flat_model)
    rc = main(["recommend", "--describe", AMBIGUOUS, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc in (0, None) and out["confident"] is False
    assert out["separating_question"]["id"] == out["next_question"]["id"]


def test_a_model_with_non_finite_weights_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    w = np.zeros((2, 2), np.float16)
    w[1, 0] = np.inf
    blob = np.frombuffer(b"w:a\nw:b", dtype=np.uint8)
    np.savez(path, vocab_utf8=blob, idf=np.ones(2, np.float32), weights=w,
             bias=np.zeros(2, np.float32), classes=np.array(["x", "y"]))
    with pytest.raises(KnowledgeError) as info:
        load_model_from(path)
    assert "non-finite" in str(info.value)


def test_use_case_sentences_must_name_known_ids():
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.describe import parse_use_cases

    with pytest.raises(KnowledgeError) as info:
        parse_use_cases({"uses": {"no-such-algo": ["x"]}}, load_decision().catalog, "u.toml")
    assert "u.toml" in str(info.value) and "no-such-algo" in str(info.value)


@pytest.mark.parametrize("groups, problem", [
    ([], "non-empty list"),
    ([["photo"], []], "non-empty list"),
    ([["the", "of"]], "only stop words"),
    ("photo", "non-empty list"),
])
def test_word_cues_with_bad_groups_are_refused(groups, problem):
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.describe import parse_cues

    data = {"threshold": 0.8, "technique_bonus": 0.2, "similarity_bonus": 0.1,
            "defaults": {}, "cue": [{"question": "task", "answer": "classify", "weight": 1.0,
                                     "patterns": ["classify"]}],
            "technique": [{"id": "xgboost", "weight": 1.0, "patterns": ["xgboost"]}],
            "words": [{"question": "task", "answer": "cluster", "weight": 1.0, "window": 5,
                       "groups": groups}]}
    with pytest.raises(KnowledgeError) as info:
        parse_cues(data, load_decision(), "cues.toml")
    assert "cues.toml" in str(info.value) and problem in str(info.value)


def test_a_bag_of_words_cue_finds_groups_and_quotes_the_words():
    d1 = describe("Find natural groups of stores from their sales profiles.")
    assert d1.answers["task"] == "cluster"
    by_q = {s.question: s for s in d1.suggestions}
    assert by_q["task"].evidence  # the user's words behind it


def test_separating_prompts_name_two_answers_of_one_question():
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.describe import parse_separating

    with pytest.raises(KnowledgeError):
        parse_separating({"pair": [{"question": "task", "answers": ["classify"],
                                    "prompt": "?"}]}, load_decision(), "s.toml")


# ---------------------------------------------------------------- the held-out floor


def test_accuracy_floor_on_the_held_out_test_split():
    """Descriptions by someone who never read this code, never read while tuning.

    Measured once at the end (bench/describe_accuracy.py --split test): top-1 91.9%,
    top-3 97.8% on 509 descriptions. The floor sits a little under that.
    """
    rows = [json.loads(line) for line in
            (CORPUS / "test.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 500
    top1 = top3 = 0
    for r in rows:
        _, rec = recommend_description(r["text"])
        ranked = [s.id for s in rec.ranked]
        top1 += bool(ranked) and ranked[0] in r["expected"]
        top3 += any(i in r["expected"] for i in ranked[:3])
    assert top1 / len(rows) >= 0.90, f"top-1 {top1}/{len(rows)}"
    assert top3 / len(rows) >= 0.965, f"top-3 {top3}/{len(rows)}"
