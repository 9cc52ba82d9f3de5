"""The wizard's controller, without pixels: suggestions quote the user, progress is
"Question n of about m", labels come from the data."""

from __future__ import annotations

import re

import pytest
from sagewise.gui.wizard.controller import SKIP, WizardController
from sagewise.gui.wording import plural
from sagewise.knowledge.errors import KnowledgeError

FRAUD = ("We have two years of labelled card transactions in a table and want to flag fraud, "
         "which is under 1% of rows. Predictions must be real time.")


@pytest.fixture
def ctl():
    return WizardController()


def finish(ctl: WizardController) -> int:
    """Confirm the selected choice (suggestion), else skip or take the first; count pages."""
    seen = 0
    while ctl.current is not None:
        seen += 1
        choice = ctl.selected(ctl.current)
        if choice is None:
            choices = ctl.choices(ctl.current)
            choice = SKIP if choices[-1].value == SKIP else choices[0].value
        ctl.confirm(choice)
        assert seen < 60
    return seen


def test_suggestions_quote_the_words_that_suggested_them(ctl):
    message = ctl.start(FRAUD)
    assert message.startswith(f"Suggested {len(ctl.suggested)} answers")
    assert "(s)" not in message
    ctl.advance()
    assert ctl.current == "task"
    text = ctl.suggestion_text("task")
    assert "\u201cfraud\u201d" in text and "you wrote" in text
    label = ctl.dd.questions["task"].answer(ctl.suggested["task"]).label
    assert label in text
    marked = [c for c in ctl.choices("task") if c.suggested]
    assert [c.value for c in marked] == [ctl.suggested["task"]]


def test_suggested_answers_are_listed_as_suggested_until_confirmed(ctl):
    ctl.start(FRAUD)
    ctl.advance()
    rows = {r.question: r for r in ctl.answer_rows()}
    assert rows["class_balance"].status == "suggested"
    assert "1% of rows" in rows["class_balance"].why
    assert rows["class_balance"].label == "Yes, one class is rare"   # the label, not the id
    ctl.confirm(ctl.selected("task"))
    rows = {r.question: r for r in ctl.answer_rows()}
    assert rows["task"].status == "answered"


def test_progress_estimate_matches_the_walk_that_follows_the_suggestions(ctl):
    ctl.start(FRAUD)
    ctl.advance()
    n, about = ctl.progress()
    assert n == 1 and about > 1
    assert ctl.progress_text() == f"Question 1 of about {about}"
    asked = finish(ctl)
    assert asked == about
    assert ctl.done and ctl.current is None


def test_progress_counts_up_and_back_goes_back(ctl):
    ctl.start("")
    ctl.advance()
    first = ctl.current
    ctl.confirm("classify")
    assert ctl.progress()[0] == 2
    assert ctl.back() == first
    assert ctl.progress()[0] == 1
    assert ctl.back() is None       # the describe page


def test_no_internal_ids_in_anything_shown(ctl):
    ctl.start("Forecast next month's daily sales for 3,000 products from three years of "
              "history per product, including new products.")
    ctl.advance()
    shown = [ctl.progress_text(), ctl.suggestion_text(ctl.current)]
    for r in ctl.answer_rows():
        shown += [r.prompt, r.label, r.why]
    for qid in list(ctl.dd.questions):
        shown += [c.label + " " + c.note for c in ctl.choices(qid)]
    shown += [name for _, name, _ in ctl.preview()]
    ids = set(ctl.dd.questions) | {a.id for q in ctl.dd.questions.values() for a in q.answers
                                   if "_" in a.id}
    for text in shown:
        words = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", text))
        assert not words & ids, text
        assert not re.search(r"\[\w+ = \w+\]", text), text


def test_bad_input_is_refused_and_loses_nothing(ctl):
    ctl.start(FRAUD)
    ctl.advance()
    before = dict(ctl.answers)
    with pytest.raises(KnowledgeError):
        ctl.set_answer("task", "no-such-answer")
    with pytest.raises(KnowledgeError):
        ctl.revisit("no_such_question")
    assert ctl.answers == before
    with pytest.raises(KnowledgeError):
        WizardController().start("\x00binary")


def test_restore_drops_invalid_answers_and_suggestions(ctl):
    ctl.restore(FRAUD, {"task": "classify", "classify_data": "nonsense"}, ["missing"],
                {"task": "classify", "labels": "perhaps"})
    assert ctl.answers == {"task": "classify"}
    assert ctl.skipped == [] and ctl.suggested == {"task": "classify"}


def test_plural():
    assert plural(1, "answer") == "1 answer"
    assert plural(0, "answer") == "0 answers"
    assert plural(3, "question") == "3 questions"


def test_an_unsure_description_asks_the_separating_question_first(monkeypatch):
    import numpy as np
    import sagewise.knowledge.text_model  # noqa
    from sagewise.gui.wizard.controller import WizardController
    from sagewise.knowledge.text_model import TextModel, load_model

    from sagewise import knowledge

    m = load_model()
    flat = TextModel(m.vocab, m.idf, np.zeros_like(m.weights), np.zeros_like(m.bias), m.classes)
    monkeypatch.setattr(knowledge.text_model, "load_model", lambda: flat)
    ctl = WizardController()
    ctl.start("Spot unusual logins to our accounts and odd spikes in the payment metrics.")
    assert ctl.separating == "anomaly_subject"
    ctl.advance()
    assert ctl.current == "anomaly_subject"
    ctl.confirm("measurements")
    assert ctl.current != "anomaly_subject" and ctl.answers["anomaly_subject"] == "measurements"
    assert ctl.answers["task"] == "detect_anomalies"   # the suggested route to it, confirmed


def test_a_clear_description_keeps_the_engine_order():
    from sagewise.gui.wizard.controller import WizardController

    ctl = WizardController()
    ctl.start("Predict next month's sales for each of our 2,000 stores from five years of "
              "daily sales history.")
    assert ctl.separating is None
    ctl.advance()
    assert ctl.current == ctl.recommendation().next_question.id
