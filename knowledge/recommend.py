"""The recommendation engine: answers -> next relevant question + ranked candidates.

Scores start from each candidate's prior weight in its candidate set; every answered
constraint question adds its effects (each with a reason); hints from a free-text
description add small, explained bonuses. Hard constraints exclude candidates, which
are reported as ruled out with the reason. Pure Python, deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sagewise.knowledge.catalog import Algorithm, Catalog
from sagewise.knowledge.decision import (
    DecisionData,
    Question,
    RouteState,
    is_relevant,
    load_decision,
    route,
    validate_answers,
)
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.metrics import MetricData, choose_metric, load_metrics


@dataclass(frozen=True)
class Hint:
    """A bonus from a description (named technique, similar use case)."""

    delta: float
    reason: str


@dataclass(frozen=True)
class Scored:
    """One candidate with its score and the reasons behind it."""

    id: str
    kind: str
    name: str
    score: float
    prior: float
    reasons: tuple[str, ...]
    excluded: bool = False
    exclusion: tuple[str, ...] = ()
    alternative_reading: bool = False
    base_reason: str = ""                                  # where the prior comes from
    contributions: tuple[tuple[float, str], ...] = ()      # (delta, why), in order
    raw: float | None = None  # the unclipped score (orders candidates that both reach 1.0)

    def to_dict(self) -> dict:
        """JSON form used by the command line and the decision record."""
        d = {"algorithm": self.id, "kind": self.kind, "name": self.name,
             "score": self.score, "reasons": list(self.reasons)}
        if self.excluded:
            d["why_not"] = list(self.exclusion)
        if self.alternative_reading:
            d["alternative_reading"] = True
        return d


@dataclass(frozen=True)
class Recommendation:
    """Result of :func:`recommend`."""

    answers: dict[str, str]
    state: RouteState
    ranked: tuple[Scored, ...]
    ruled_out: tuple[Scored, ...]
    next_question: Question | None
    metric: dict
    path_text: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    confident: bool = True
    separating_question: dict | None = None  # asked first when not confident
    readings: tuple[dict, ...] = ()          # the description's readings, best first
    understood: bool = True                  # False: nothing in the description was understood

    @property
    def complete(self) -> bool:
        """True when no relevant question is left."""
        return self.next_question is None

    @property
    def top(self) -> Scored | None:
        """The best candidate, if any."""
        return self.ranked[0] if self.ranked else None

    def to_dict(self) -> dict:
        """JSON form (keys fixed by PRODUCT.md; more keys are allowed)."""
        nq = self.next_question
        return {
            "answers": dict(self.answers),
            "recommendations": [s.to_dict() for s in self.ranked],
            "ruled_out": [s.to_dict() for s in self.ruled_out],
            "metric": self.metric,
            "path": list(self.path_text),
            "candidate_set": self.state.candidate_set or None,
            "next_question": None if nq is None else {
                "id": nq.id, "prompt": nq.prompt,
                "answers": [{"id": a.id, "label": a.label} for a in nq.answers]},
            "complete": self.complete,
            "notes": list(self.notes),
            "confident": self.confident,
            "separating_question": self.separating_question,
            "readings": list(self.readings),
            "understood": self.understood,
        }


def _fmt_delta(d: float) -> str:
    return f"{d:+.2f}"


def _route_reason(dd: DecisionData, state: RouteState) -> str:
    steps = [dd.questions[q].answer(a).label for q, a in state.path]
    if state.candidate_set:
        label = dd.sets[state.candidate_set].label
        return f"Fits {label} (your path: {' > '.join(steps)})"
    if steps:
        return f"Possible fit so far (your path: {' > '.join(steps)})"
    return "Possible fit (no answers yet)"


PROVISIONAL_PRIOR = 0.5


def _priors(dd: DecisionData, state: RouteState) -> dict[str, float]:
    """Prior weights: the reached set's, or a flat prior while the route is open.

    Priors are only comparable within one candidate set, so before the route reaches a
    set every candidate starts equal and only evidence (hints, answers) orders them.
    """
    if state.candidate_set:
        return dict(dd.sets[state.candidate_set].members)
    return dict.fromkeys(state.candidates, PROVISIONAL_PRIOR)


def _base_reason(dd: DecisionData, state: RouteState) -> str:
    if state.candidate_set:
        return (f"its weight among the candidates for {dd.sets[state.candidate_set].label} "
                "(how often it is the right fit there)")
    return "the same starting value for every candidate while your path is still open"


def why_score_markdown(s: Scored) -> str:
    """"Why it scores X": the base and every contribution, adding up to the score."""
    lines = [f"## Why it scores {s.score:.2f}", "",
             f"- Base **{s.prior:.2f}**: {s.base_reason or 'its starting weight'}"]
    for delta, why in s.contributions:
        lines.append(f"- **{delta:+.2f}**: {why}")
    total = s.prior + sum(d for d, _ in s.contributions)
    if s.contributions:
        clipped = round(min(1.0, max(0.0, total)), 3)
        if abs(clipped - total) > 5e-4:
            lines.append(f"- Sum **{total:.2f}**, kept within 0 to 1: **{s.score:.2f}** "
                         "(candidates above 1 stay ordered by their sum)")
        else:
            lines.append(f"- Sum: **{s.score:.2f}**")
    notes = [r for r in s.reasons if r.startswith("Note:")]
    lines += ["", *notes] if notes else []
    return "\n".join(lines)


def managed_alternatives_markdown(catalog: Catalog, ident: str) -> str:
    """Managed services that can replace an algorithm. A service closed to new customers
    is not offered; it is mentioned with the reason (existing customers may still use it)."""
    services = [sv for sv in catalog.services.values() if ident in sv.replaces]
    offered = [sv for sv in services if sv.status == "available"]
    closed = [sv for sv in services if sv.status != "available"]
    if not services:
        return ""
    lines = ["## A managed alternative" if offered else "## Managed alternatives", ""]
    lines += [f"- **{sv.name}**: {sv.summary} Prefer it when: "
              f"{'; '.join(sv.prefer_when[:2])}." for sv in offered]
    lines += [f"- Not offered: **{sv.name}**. {sv.status_note or 'It is not available.'} "
              "Existing customers can keep using it; new projects cannot start on it."
              for sv in closed]
    return "\n".join(lines)


def _service_notes(catalog: Catalog, ident: str) -> list[str]:
    item = catalog.get(ident)
    if item.kind == "service" and item.status != "available":
        return [f"Note: {item.status_note or 'not generally available'} Shown for existing "
                "customers; new customers cannot start on it."]
    if isinstance(item, Algorithm) and not item.builtin:
        return ["Note: a framework path (your own training code and toolkit), not a built-in"]
    return []


def score(dd: DecisionData, answers: dict[str, str],
          hints: dict[str, list[Hint]] | None = None,
          suggested: frozenset[str] = frozenset()) -> tuple[RouteState, list[Scored],
                                                            list[Scored]]:
    """Score the candidates for ``answers``: (route state, ranked, excluded). Answers to
    the ``suggested`` questions were read from a description and not confirmed: reasons
    call them suggestions, never the user's answers."""
    state = route(dd, answers)
    priors = _priors(dd, state)
    deltas = dict.fromkeys(priors, 0.0)
    reasons: dict[str, list[str]] = {i: [_route_reason(dd, state)] for i in priors}
    contrib: dict[str, list[tuple[float, str]]] = {i: [] for i in priors}
    excluded: dict[str, list[str]] = {}
    for q in dd.constraint_questions:
        aid = answers.get(q.id)
        if aid is None:
            continue
        a = q.answer(aid)
        mine = q.id not in suggested
        tag = (f"(your answer: {a.label})" if mine else
               f"(from your description, not yet confirmed: {a.label})")
        for e in a.effects:
            for t in dd.expand(e.targets):
                if t not in priors:
                    continue
                if e.exclude:
                    excluded.setdefault(t, []).append(f"{e.reason} {tag}")
                else:
                    deltas[t] += e.delta
                    reasons[t].append(f"{_fmt_delta(e.delta)}: {e.reason} {tag}")
                    contrib[t].append((e.delta, f"{e.reason} (you answered: {a.label})"
                                       if mine else f"{e.reason} (suggested: {a.label})"))
    for ident, hs in (hints or {}).items():
        if ident in priors:
            for h in hs:
                deltas[ident] += h.delta
                reasons[ident].append(f"{_fmt_delta(h.delta)}: {h.reason}")
                contrib[ident].append((h.delta, h.reason))
    ranked, out = [], []
    raw: dict[str, float] = {}
    for ident, prior in priors.items():
        item = dd.catalog.get(ident)
        raw[ident] = prior + deltas[ident]
        value = round(min(1.0, max(0.0, raw[ident])), 3)
        rs = tuple(reasons[ident] + _service_notes(dd.catalog, ident))
        s = Scored(ident, item.kind, item.name, value, prior, rs,
                   ident in excluded, tuple(excluded.get(ident, ())),
                   base_reason=_base_reason(dd, state), contributions=tuple(contrib[ident]),
                   raw=raw[ident])
        (out if s.excluded else ranked).append(s)
    # Order by the unclipped value so two candidates that both reach 1.0 stay ordered.
    ranked.sort(key=lambda s: (-raw[s.id], -s.prior, s.id))
    out.sort(key=lambda s: (-s.prior, s.id))
    return state, ranked, out


def next_question(dd: DecisionData, answers: dict[str, str], ranked: list[Scored],
                  state: RouteState, skipped: tuple[str, ...] = ()) -> Question | None:
    """Next route question, else the first relevant unanswered constraint question."""
    if state.pending:
        return dd.questions[state.pending]
    scores = {s.id: s.score for s in ranked}
    for q in dd.constraint_questions:
        if q.id in answers or q.id in skipped:
            continue
        if is_relevant(dd, q, answers, scores):
            return q
    return None


def split_answers(answers: dict[str, str], dd: DecisionData,
                  md: MetricData) -> tuple[dict[str, str], dict[str, str]]:
    """Separate wizard answers from metric-chooser answers, validating both."""
    if not isinstance(answers, dict):
        raise KnowledgeError("answers must be an object of question -> answer")
    wizard, metric = {}, {}
    for k, v in answers.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise KnowledgeError(f"answer for '{k}' must be a string (got {v!r})")
        (metric if k in md.chooser else wizard)[k] = v
    validate_answers(dd, wizard)
    return wizard, metric


def recommend(answers: dict[str, str], *, hints: dict[str, list[Hint]] | None = None,
              skipped: tuple[str, ...] = (), dd: DecisionData | None = None,
              md: MetricData | None = None, suggested: Iterable[str] = ()) -> Recommendation:
    """Rank candidates for (possibly partial) answers and say what to ask next
    (``suggested``: questions whose answers were read from a description, unconfirmed)."""
    dd = dd or load_decision()
    md = md or load_metrics()
    wizard, metric_answers = split_answers(answers, dd, md)
    state, ranked, out = score(dd, wizard, hints, frozenset(suggested))
    nq = next_question(dd, wizard, ranked, state, skipped)
    top_item = dd.catalog.get(ranked[0].id) if ranked else None
    algo = top_item if isinstance(top_item, Algorithm) else None
    metric = choose_metric(md, state.candidate_set, {**wizard, **metric_answers}, algo)
    if top_item is not None:
        metric["for"] = top_item.id
    path_text = tuple(f"{dd.questions[q].prompt} -> {dd.questions[q].answer(a).label}"
                      for q, a in state.path)
    notes = []
    if not state.candidate_set:
        notes.append("The problem is not fully framed yet: candidates are provisional.")
    return Recommendation(dict(answers), state, tuple(ranked), tuple(out), nq, metric,
                          path_text, tuple(notes))


def metric_for(rec: Recommendation, ident: str, dd: DecisionData | None = None,
               md: MetricData | None = None) -> dict:
    """The metric to judge one candidate by: the recommendation's metric is worked out
    for its top-ranked algorithm, and another algorithm (the one chosen, or one the
    user is reading about) may report a different SageMaker objective."""
    if rec.metric.get("for") == ident:
        return rec.metric
    dd = dd or load_decision()
    md = md or load_metrics()
    item = dd.catalog.get(ident) if ident in dd.catalog else None
    wizard, metric_answers = split_answers(rec.answers, dd, md)
    metric = choose_metric(md, rec.state.candidate_set, {**wizard, **metric_answers},
                           item if isinstance(item, Algorithm) else None)
    metric["for"] = ident
    return metric


ALTERNATIVE_POSITION = 2  # third place: after the two best of the main reading


def with_alternative(rec: Recommendation, alt: Recommendation, label: str) -> Recommendation:
    """Offer the best candidate of a second reading of a description.

    When the words fit two framings almost equally (e.g. regression or forecasting),
    the second framing's best candidate joins the list at third place, marked and
    explained, unless it is already among the top two.
    """
    if not alt.ranked:
        return rec
    best = alt.ranked[0]
    if best.id in [s.id for s in rec.ranked[:ALTERNATIVE_POSITION]]:
        return rec
    reason = (f"Another reading of your description: {label}. Your words fit it almost as "
              f"well; confirm the framing to compare like with like")
    offered = replace(best, reasons=(reason, *best.reasons), alternative_reading=True)
    rest = [s for s in rec.ranked if s.id != best.id]
    ranked = (*rest[:ALTERNATIVE_POSITION], offered, *rest[ALTERNATIVE_POSITION:])
    return replace(rec, ranked=tuple(ranked))


READING_GAP_SCALE = 0.1  # score units of the recommendation per unit of reading score
MAX_READINGS = 4


def recommend_description(text: str, extra: dict[str, str] | None = None):
    """Describe and recommend: (DescribeResult, Recommendation).

    Candidates of every close reading of the description join one list ordered by one
    score: a candidate of the main reading keeps its score; one of another reading loses
    READING_GAP_SCALE per unit its reading scores below the main one, is marked
    ``alternative_reading`` and says which reading it belongs to. When the engine is not
    confident, the question that separates the two best readings is the next question.
    """
    from sagewise.knowledge.describe import describe

    d = describe(text)
    dd = load_decision()
    answers = {**d.answers, **(extra or {})}
    unconfirmed = set(d.answers) - set(extra or {})   # read from the text, not given
    rec = recommend(answers, hints=d.hints, suggested=unconfirmed)
    if not d.understood:
        # Nothing to rank by: every candidate would tie at the neutral score. Without
        # answers of the user's own, say so and ask the questions instead.
        ranked = rec.ranked if extra else ()
        return d, replace(rec, ranked=ranked, ruled_out=rec.ruled_out if extra else (),
                          notes=rec.notes if extra else (), confident=False,
                          understood=False)
    readings = tuple(r.to_dict() for r in d.readings)
    if extra:
        return d, replace(rec, readings=readings)
    ranked = list(rec.ranked)
    if d.readings and rec.state.candidate_set:
        main = d.readings[0]
        seen = {s.id for s in ranked} | {s.id for s in rec.ruled_out}
        lead_raw = max(((s.score if s.raw is None else s.raw) for s in ranked), default=1.0)
        for r in d.readings[1:MAX_READINGS]:
            penalty = READING_GAP_SCALE * (main.score - r.score)
            if not r.score or penalty >= 1.0:
                continue
            alt_answers = dict(r.answers)
            for q, a in d.answers.items():
                question = dd.questions[q]
                if question.kind == "constraint" and q not in alt_answers:
                    alt_answers[q] = a
            alt = recommend(alt_answers, hints=d.hints, suggested=set(alt_answers))
            label = " > ".join(dd.questions[q].answer(a).label for q, a in alt.state.path)
            for s in alt.ranked:
                if s.id in seen:
                    continue
                seen.add(s.id)
                reason = (f"Another reading of your description: {label} (its evidence "
                          f"scores {r.score:.2f} against {main.score:.2f}); confirm the "
                          f"framing to compare like with like")
                raw = (s.score if s.raw is None else s.raw) - penalty
                # The best reading's own best candidate stays first: the answers describe it.
                raw = min(raw, lead_raw - 1e-3)
                ranked.append(replace(s, score=round(min(1.0, max(0.0, raw)), 3), raw=raw,
                                      reasons=(reason, *s.reasons), alternative_reading=True))
        order = {s.id: i for i, s in enumerate(ranked)}
        ranked.sort(key=lambda s: (-(s.score if s.raw is None else s.raw), order[s.id]))
    nq = rec.next_question
    if not d.confident and d.separating_question:
        nq = dd.questions[d.separating_question["id"]]
    return d, replace(rec, ranked=tuple(ranked), next_question=nq, confident=d.confident,
                      separating_question=d.separating_question, readings=readings)
