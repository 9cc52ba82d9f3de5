"""The wizard's state and flow, without pixels (the view is gui/wizard/wizard_panel.py).

It holds the description, the confirmed answers, the skipped questions, the suggestions read
from the description (with the user's words that led to them), the question on screen and
the way back. Every text it hands the view comes from the data: question prompts, answer
labels and algorithm names, never internal ids. No Qt here: tests drive it directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sagewise.gui.wording import plural
from sagewise.knowledge.decision import (
    DecisionData,
    load_decision,
    route,
    validate_answers,
)
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.recommend import Recommendation, recommend

SKIP = "__skip__"
MAX_QUESTIONS = 60  # a bound for the walk that estimates how many questions remain


@dataclass(frozen=True)
class Choice:
    """One option on a question page."""

    value: str          # the answer id, or SKIP
    label: str
    note: str
    suggested: bool     # read from the description


@dataclass(frozen=True)
class AnswerRow:
    """One line of the "Your answers" list."""

    question: str       # question id (to revisit it)
    prompt: str
    label: str          # the answer's label, "skipped" or the suggested answer's label
    status: str         # "answered", "skipped" or "suggested"
    why: str            # for suggestions: the user's words that suggested it


class WizardController:
    """Answers, suggestions, the current question and the history of the wizard."""

    def __init__(self, dd: DecisionData | None = None) -> None:
        self.dd = dd or load_decision()
        self.reset()

    def reset(self) -> None:
        """Nothing described, nothing answered."""
        self.description = ""
        self.answers: dict[str, str] = {}
        self.skipped: list[str] = []
        self.suggested: dict[str, str] = {}
        self.evidence: dict[str, str] = {}
        self.data_suggested: dict[str, str] = {}   # from the Data page (kept on re-describe)
        self.data_evidence: dict[str, str] = {}
        self.hints: dict = {}
        self.separating: str | None = None  # asked first when the description was unsure
        self.understood = True  # False: the description said nothing the engine could use
        self.size_notes: tuple[str, ...] = ()  # sizes written ambiguously ("1,5 GB"), not read
        self.history: list[str] = []
        self.current: str | None = None   # question on screen (None: describe or done)
        self.done = False

    # ---- reading the description

    def start(self, text: str) -> str:
        """Begin the questions, with suggestions when there is a description; returns a
        one-line message for the describe page (KnowledgeError for unusable text)."""
        from sagewise.knowledge.describe import describe

        result = describe(text) if text else None
        from_data = (dict(self.data_suggested), dict(self.data_evidence))
        self.reset()
        self.data_suggested, self.data_evidence = from_data
        self.description = text
        self.suggested.update(self.data_suggested)
        self.evidence.update(self.data_evidence)
        if result is None:
            return ""
        self.size_notes = result.notes
        if not result.understood:
            from sagewise.knowledge.describe import NOT_UNDERSTOOD

            self.understood = False
            return " ".join((NOT_UNDERSTOOD, *result.notes))
        self.suggested.update(result.answers)
        self.hints = result.hints
        for s in result.suggestions:
            self.evidence[s.question] = self._why(s.source, s.evidence)
        sep = result.separating_question
        if not result.confident and sep and sep.get("id") in self.dd.questions:
            self.separating = sep["id"]
        n = len(result.answers)
        return " ".join((f"Suggested {plural(n, 'answer')} from your description; confirm or "
                         "change each one." if n else "Nothing in the description decided an "
                         "answer; answer the questions below.", *result.notes))

    @staticmethod
    def _why(source: str, evidence: tuple[str, ...]) -> str:
        """Where a suggestion came from, quoting the user's own words when it can."""
        if source == "cue" and evidence:
            return "you wrote " + ", ".join(f"\u201c{e}\u201d" for e in evidence[:3])
        if source == "similarity" and evidence:
            return f"your description resembles \u201c{evidence[0]}\u201d"
        if source == "rule" and evidence:
            return f"it follows from your other answers ({evidence[0]})"
        if source == "default":
            return "it is the most common case and nothing you wrote says otherwise"
        return "your description"

    # ---- flow

    def recommendation(self, effective: bool = False) -> Recommendation:
        """The engine's answer for the confirmed answers (effective: with suggestions)."""
        answers = self.effective_answers() if effective else self.answers
        try:
            return recommend(answers, hints=self.hints, skipped=tuple(self.skipped),
                             dd=self.dd, suggested=self.unconfirmed() if effective else ())
        except KnowledgeError:
            return recommend({}, skipped=tuple(self.skipped), dd=self.dd)

    def advance(self) -> Recommendation:
        """Move to the next relevant question (or the done state)."""
        rec = self.recommendation()
        q = rec.next_question
        if self.separating and self.separating not in self.answers \
                and self.separating not in self.skipped:
            self.current, self.done = self.separating, False  # two readings: ask what splits them
            return rec
        self.current = q.id if q is not None else None
        self.done = q is None
        return rec

    def confirm(self, value: str | None) -> Recommendation:
        """Record the current question's answer (SKIP/None = skipped) and advance."""
        if self.current is None:
            raise KnowledgeError("there is no question to answer")
        self.history.append(self.current)
        answer = None if value in (None, SKIP) else value
        if self.current == self.separating:
            self.separating = None   # asked once; from here on the engine's order
            if answer is not None:   # it was asked early: take the suggested route to it
                wanted = {**self.effective_answers(), self.current: answer}
                for q, a in route(self.dd, wanted).path:
                    if q != self.current and q not in self.answers and a == wanted.get(q):
                        self.answers[q] = a
        self.set_answer(self.current, answer)
        return self.advance()

    def back(self) -> str | None:
        """The previous question (None = back to the description)."""
        self.done = False
        self.current = self.history.pop() if self.history else None
        return self.current

    def revisit(self, qid: str) -> None:
        """Jump to an answered or suggested question (the current one is kept in history)."""
        if qid not in self.dd.questions:
            raise KnowledgeError(f"unknown question '{qid}'")
        if self.current:
            self.history.append(self.current)
        self.current = qid
        self.done = False

    def set_answer(self, qid: str, answer: str | None) -> None:
        """Record an answer (None = skipped); route answers off the new path are dropped."""
        if answer is not None:
            validate_answers(self.dd, {qid: answer})
        self.answers.pop(qid, None)
        if qid in self.skipped:
            self.skipped.remove(qid)
        if answer is None:
            self.skipped.append(qid)
        else:
            self.answers[qid] = answer
        if self.dd.questions[qid].kind == "route":
            on_path = {q for q, _ in route(self.dd, self.answers).path}
            for q in [q for q in self.answers if self.dd.questions[q].kind == "route"]:
                if q not in on_path:
                    del self.answers[q]

    def unconfirmed(self) -> set[str]:
        """Questions answered only by a suggestion (from the description or the data)."""
        return set(self.effective_answers()) - set(self.answers)

    def effective_answers(self) -> dict[str, str]:
        """Confirmed answers plus the suggestions not yet confirmed or skipped."""
        out = {q: a for q, a in self.suggested.items() if q not in self.skipped}
        out.update(self.answers)
        return out

    # ---- what the view shows

    def selected(self, qid: str) -> str | None:
        """The choice to show selected: the answer, else the suggestion, else SKIP if
        skipped."""
        if qid in self.answers:
            return self.answers[qid]
        if qid in self.skipped:
            return SKIP
        return self.suggested.get(qid)

    def choices(self, qid: str) -> list[Choice]:
        """The options of a question, the suggested one marked."""
        q = self.dd.questions[qid]
        hint = self.suggested.get(qid)
        out = [Choice(a.id, a.label, a.help, a.id == hint) for a in q.answers]
        if q.kind == "constraint":
            out.append(Choice(SKIP, "Not sure / skip this question",
                              "It will not count either way.", False))
        return out

    def suggestion_text(self, qid: str) -> str:
        """Why an unconfirmed suggestion is selected ("" when there is none); on the data
        size question, a size in the description that could not be read says so."""
        if (qid == "data_size" and self.size_notes and qid not in self.suggested
                and qid not in self.answers):
            return " ".join(self.size_notes)
        if qid not in self.suggested or qid in self.answers or qid in self.skipped:
            return ""
        label = self.dd.questions[qid].answer(self.suggested[qid]).label
        source = "your data" if self.data_suggested.get(qid) == self.suggested[qid] \
            else "your description"
        because = self.evidence.get(qid) or f"of {source}"
        return (f"Suggested: \u201c{label}\u201d, because {because}."
                " Confirm with Next or pick another answer.")

    def suggest_answers(self, answers: dict, evidence: dict) -> int:
        """Add suggestions found outside the description (the Data page), with their
        evidence. Confirmed answers stay; valid pairs become suggestions the user confirms
        as usual (kept when the description is read again). Returns how many were taken."""
        taken = {q: a for q, a in answers.items() if q in self.dd.questions
                 and a in {x.id for x in self.dd.questions[q].answers}}
        self.data_suggested.update(taken)
        self.suggested.update(taken)
        for q in taken:
            self.data_evidence[q] = self.evidence[q] = str(evidence.get(q, ""))
        return len(taken)

    def progress(self) -> tuple[int, int]:
        """(n, about m): the current question's number and an estimate of the total,
        walking ahead with the suggestions (or the first answer) for what is not answered."""
        n = len(self.history) + 1
        if self.current is None:
            return n, n
        answers, skipped = dict(self.answers), list(self.skipped)
        qid = self.current
        remaining = 0
        for _ in range(MAX_QUESTIONS):
            q = self.dd.questions[qid]
            guess = self.selected(qid) if qid == self.current else self.suggested.get(qid)
            if guess in (None, SKIP):
                if q.kind == "constraint":
                    skipped.append(qid)
                    answers.pop(qid, None)
                else:
                    answers[qid] = q.answers[0].id
            else:
                answers[qid] = guess
            try:
                nxt = recommend(answers, skipped=tuple(skipped), dd=self.dd).next_question
            except KnowledgeError:
                break
            if nxt is None or nxt.id == qid:
                break
            remaining += 1
            qid = nxt.id
        return n, n + remaining

    def progress_text(self) -> str:
        """'Question 3 of about 7'."""
        n, m = self.progress()
        return f"Question {n} of about {max(n, m)}"

    def answer_rows(self) -> list[AnswerRow]:
        """Answered, skipped and still-suggested questions, in question order."""
        rows = []
        for q in self.dd.questions.values():
            if q.id in self.answers:
                rows.append(AnswerRow(q.id, q.prompt, q.answer(self.answers[q.id]).label,
                                      "answered", ""))
            elif q.id in self.skipped:
                rows.append(AnswerRow(q.id, q.prompt, "skipped", "skipped", ""))
            elif q.id in self.suggested and self._on_path(q.id):
                rows.append(AnswerRow(q.id, q.prompt, q.answer(self.suggested[q.id]).label,
                                      "suggested", self.evidence.get(q.id, "")))
        return rows

    def _on_path(self, qid: str) -> bool:
        """A suggested route answer counts only while it is on the path of the answers."""
        if self.dd.questions[qid].kind != "route":
            return True
        return qid in {q for q, _ in route(self.dd, self.effective_answers()).path}

    def preview(self) -> list[tuple[float, str, bool]] | None:
        """The best fits so far as (score, name, is a managed service), None before any
        answer."""
        if not self.effective_answers():
            return None
        rec = self.recommendation(effective=True)
        return [(s.score, s.name, s.kind == "service") for s in rec.ranked[:4]]

    # ---- persistence

    def save_state(self) -> dict:
        """What the session stores for the wizard (the description comes from the view)."""
        return {"description": self.description, "answers": dict(self.answers),
                "skipped": list(self.skipped), "suggested": dict(self.suggested)}

    def restore(self, description: str, answers: dict, skipped: list,
                suggested: dict | None = None) -> None:
        """Restore from a session; answers that are not valid are dropped."""
        self.reset()
        self.description = description
        for q, a in answers.items():
            try:
                validate_answers(self.dd, {q: a})
            except KnowledgeError:
                continue
            self.answers[q] = a
        self.skipped = [q for q in skipped if q in self.dd.questions]
        self.suggested = {}
        for q, a in (suggested or {}).items():
            try:
                validate_answers(self.dd, {q: a})
            except KnowledgeError:
                continue
            self.suggested[q] = a
        if description.strip():
            from sagewise.knowledge.describe import describe

            try:
                result = describe(description)
            except KnowledgeError:
                result = None
            if result is not None:
                self.hints = result.hints
                self.size_notes = result.notes
                for s in result.suggestions:
                    if self.suggested.get(s.question) == s.answer:
                        self.evidence[s.question] = self._why(s.source, s.evidence)
