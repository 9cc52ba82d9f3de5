"""Reasons never call an answer read from a description "your answer" until the user
confirms it (a usability test found "(your answer: ... cold starts are acceptable)" for
words that only said "office hours")."""

from __future__ import annotations

from sagewise.knowledge.pipeline.describe import decide_description
from sagewise.knowledge.recommend import recommend_description

FRAUD = "Detect fraudulent card transactions, fraud is rare, 50 GB of tabular data"
OFFICE = "Doctors use the model during office hours to score patient notes"


def _reasons(rec) -> list[str]:
    return [r for s in (*rec.ranked, *rec.ruled_out) for r in (*s.reasons, *s.exclusion)]


def test_answers_read_from_a_description_are_called_suggestions():
    d, rec = recommend_description(FRAUD)
    assert d.answers.get("class_balance") == "imbalanced"
    reasons = _reasons(rec)
    assert any("(from your description, not yet confirmed: Yes, one class is rare)" in r
               for r in reasons)
    assert not any("(your answer:" in r for r in reasons)


def test_an_answer_the_user_gives_is_theirs():
    _d, rec = recommend_description(FRAUD, {"class_balance": "imbalanced"})
    reasons = _reasons(rec)
    assert any("(your answer: Yes, one class is rare)" in r for r in reasons)
    assert not any("not yet confirmed: Yes, one class is rare" in r for r in reasons)


def test_pipeline_reasons_from_a_description_are_suggestions():
    d, plan = decide_description(OFFICE)
    assert d.answers.get("traffic") == "intermittent"
    deployment = next(x for x in plan.decisions if x.area == "deployment")
    text = " ".join(deployment.reasons)
    assert "not yet confirmed: Idle for long periods" in text and "(your answer:" not in text
    _d, plan = decide_description(OFFICE, {"traffic": "intermittent"})
    deployment = next(x for x in plan.decisions if x.area == "deployment")
    assert "(your answer: Idle for long periods" in " ".join(deployment.reasons)
