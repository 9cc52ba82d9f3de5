"""What the describe engine must not read into a description: rates and fleets are not data
sizes, ambiguous numbers decide nothing, negated words vote for nothing, and text with
nothing understood says so instead of suggesting answers.
"""

from __future__ import annotations

from sagewise.knowledge.describe import describe
from sagewise.knowledge.facts import ambiguous_sizes, extract
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


def test_a_count_of_devices_is_not_a_data_size():
    assert not any(q == "data_size" for q, _ in _facts("10k sensors sending events"))
    assert not any(q == "data_size" for q, _ in _facts("3 million vehicles reporting records"))


def test_a_size_next_to_a_rate_still_counts():
    f = _facts("40 million rows so far, and 2,000 more rows per second")
    assert f[("data_size", "large")] == "40 million rows"


def test_an_ambiguous_decimal_comma_decides_no_size_and_is_named():
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
