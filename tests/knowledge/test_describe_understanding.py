"""What the describe engine must not read into a description: rates and fleets are not data
sizes, ambiguous numbers decide nothing, negated words vote for nothing, and text with
nothing understood says so instead of suggesting answers.
"""

from __future__ import annotations

from sagewise.knowledge.describe import describe
from sagewise.knowledge.facts import extract
from sagewise.knowledge.recommend import recommend_description


def _facts(text):
    return {(f.question, f.answer): f.words for f in extract(text)}


# ---------------------------------------------------------------- sizes


def test_a_rate_is_not_a_data_size():
    for text in ("2,000 records per second from 10k wind turbines",
                 "We receive 500 transactions a day",
                 "about 10k events/s from the plant",
                 "millions of events per day reach the stream",
                 "40 GB a day of new logs"):
        assert "data_size" not in describe(text).answers, text
        assert not any(q == "data_size" for q, _ in _facts(text)), text


def test_a_ratio_is_not_a_data_size():
    assert not any(q == "data_size" for q, _ in _facts("about 50 rows per customer"))
    assert not any(q == "data_size" for q, _ in _facts("1,000 images per class"))


def test_a_count_of_devices_is_not_a_data_size():
    assert not any(q == "data_size" for q, _ in _facts("10k sensors sending events"))
    assert not any(q == "data_size" for q, _ in _facts("3 million vehicles reporting records"))


def test_a_size_next_to_a_rate_still_counts():
    f = _facts("40 million rows so far, and 2,000 more rows per second")
    assert f[("data_size", "large")] == "40 million rows"


def test_an_ambiguous_decimal_comma_decides_no_size_and_is_named():
    from sagewise.knowledge.facts import ambiguous_sizes

    d = describe("1,5 GB of sales data, predict next month's sales")
    assert "data_size" not in d.answers
    assert ambiguous_sizes("We have 1,5 GB and 2,5 million rows") == ["1,5 GB",
                                                                     "2,5 million rows"]
    assert any("1,5 GB" in n for n in d.notes)


def test_grouped_thousands_and_decimal_points_still_read_as_sizes():
    assert describe("1,500 GB of logs to classify").answers["data_size"] == "large"
    assert describe("1.5 GB of logs to classify").answers["data_size"] == "medium"
    assert describe("12 GB of logs to classify").answers["data_size"] == "large"
    assert not describe("1,500 GB of logs to classify").notes


# ---------------------------------------------------------------- summaries


def test_an_abstract_of_each_paper_is_summarisation_not_translation():
    d, rec = recommend_description("Write a short abstract for each of our long research "
                                   "papers")
    assert d.answers["text_transform"] == "summarize"
    assert rec.ranked[0].id == "seq2seq"
    main = [s.id for s in rec.ranked if not s.alternative_reading]
    assert "amazon-translate" not in main


def test_the_cli_names_an_ambiguous_size(capsys):
    import json

    from sagewise.knowledge.cli import main

    main(["recommend", "--describe", "1,5 GB of sales data, predict next month", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert "data_size" not in {s["question"] for s in out["suggestions"]}
    assert any("1,5 GB" in n for n in out["description_notes"])


# ---------------------------------------------------------------- nothing understood


def test_negated_mentions_vote_for_no_reading():
    d = describe("We don't want to predict anything, no fraud, no images")
    assert d.understood is False
    assert not d.answers and not d.hints and not d.readings and not d.suggestions


def test_a_negated_word_does_not_make_a_reading_resemble_it():
    from sagewise.knowledge.describe import _default_index

    index = _default_index()
    assert index.vector("no images, predict prices", affirmed=True) == \
        index.vector("predict prices")


def test_gibberish_and_vague_words_are_not_understood():
    for text in ("asdf qwerty", "Hello, please help", "I need something for my data"):
        assert describe(text).understood is False, text
    for text in ("Forecast weekly sales", "no labels", "Use XGBoost", "summarise"):
        assert describe(text).understood is True, text


def test_nothing_understood_gives_no_ranking_and_asks_the_first_question():
    _, rec = recommend_description("asdf qwerty")
    out = rec.to_dict()
    assert out["understood"] is False and out["recommendations"] == []
    assert out["confident"] is False and out["next_question"]["id"] == "task"
    assert out["notes"] == []


def test_answers_given_with_a_description_not_understood_still_rank():
    _, rec = recommend_description("asdf qwerty", {"task": "forecast"})
    assert rec.understood is False and rec.ranked[0].id == "deepar"


def test_the_cli_says_nothing_was_understood(capsys):
    import json

    from sagewise.knowledge.cli import main

    main(["recommend", "--describe", "asdf qwerty"])
    text = capsys.readouterr().out
    assert "Nothing in the description was understood" in text
    assert "Possible fit" not in text and "Recommendations" not in text
    main(["recommend", "--describe", "asdf qwerty", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["understood"] is False and out["recommendations"] == []
    assert out["suggestions"] == []


def test_an_understood_description_says_so_in_json(capsys):
    import json

    from sagewise.knowledge.cli import main

    main(["recommend", "--describe", "Forecast weekly sales for 500 stores", "--json"])
    assert json.loads(capsys.readouterr().out)["understood"] is True


def test_summary_words_people_use_read_as_summarisation():
    for text in ("Give me a tl;dr of every support thread",
                 "Condense our weekly reports into a morning digest",
                 "We want a synopsis of each chapter",
                 "Boil each long email chain down to its key points"):
        d = describe(text)
        assert d.answers.get("text_transform") == "summarize", text


def test_two_close_readings_are_not_confident_and_ask_what_separates_them():
    d, rec = recommend_description("Write a short abstract for each of our long research "
                                   "papers")
    first, second = d.readings[0], d.readings[1]
    assert second.score >= 0.8 * first.score   # close: the engine must ask, not tell
    assert d.confident is False and rec.confident is False
    assert d.separating_question["id"] == "text_transform"
    assert rec.next_question.id == "text_transform"
    assert all(s.alternative_reading for s in rec.ranked if s.id in ("amazon-translate",
                                                                        "amazon-transcribe"))


def test_negated_facts_state_nothing():
    assert not _facts("Predict churn, not in real time")
    assert not _facts("We do not need nightly batch jobs")
    assert not _facts("No video, just a table of sensor readings")
    assert ("gpu", "yes") not in _facts("We don't have GPUs available")
    assert "gpu" not in describe("We don't have GPUs available").answers
    # a bound is not a negation
    assert ("data_size", "small") in _facts("no more than 5,000 rows")
    assert ("data_size", "large") in _facts("2 TB of logs, not 2 GB")


def test_a_contraction_negates_a_cue():
    d = describe("Sort support emails into five queues; we don't have millions of examples, "
                 "so start from a model pretrained on text")
    assert "data_size" not in d.answers


def test_a_negation_reaches_over_or():
    from sagewise.knowledge.text import tokens

    assert tokens("no fraud or images, but group customers") == [
        "not_fraud", "not_imag", "group", "custom"]
    d = describe("This is not about fraud or images; group our customers by purchase "
                 "behaviour")
    assert not [e for r in d.readings if r.candidate_set == "image_classification"
                for e in r.evidence if e.signal == "similarity"]


def test_a_rate_of_records_says_the_data_streams_in():
    d = describe("2,000 records per second from 10k wind turbines")
    assert d.answers.get("streaming") == "yes" and "data_size" not in d.answers
    assert "streaming" not in describe("Serve 200 requests per second from an endpoint "
                                       "that scores loan applications").answers
