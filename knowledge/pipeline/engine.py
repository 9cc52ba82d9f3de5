"""Pipeline engine: answers -> one decision per area, with reasons, alternatives and why not.

Each area is scored by the recommendation engine's :func:`knowledge.recommend.score` on the
pipeline data (the route answer ``area`` selects the area's candidate set), so effects,
exclusions, hints and reasons work exactly as for algorithms. A question is asked only
when one of its answers would change the choice of some area. Answers the algorithm
wizard already has (``streaming``, ``inference``, ``data_size``) carry over, and the chosen
algorithm answers the derived ``algorithm_*`` questions from its card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sagewise.knowledge.catalog import Algorithm
from sagewise.knowledge.decision import Question, ask_if_holds, touches
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.pipeline.data import (
    AREAS,
    ROOT,
    PipelineData,
    has_stream,
    load_pipeline,
)
from sagewise.knowledge.recommend import Hint, Scored, score

SHARED_WITH_WIZARD = ("streaming", "inference", "data_size")
DERIVED = ("algorithm_pipe", "algorithm_scaling")
ALGORITHM_KEY = "algorithm"


@dataclass(frozen=True)
class Alternative:
    """A choice that was not picked, and why."""

    choice: str
    name: str
    score: float
    why_not: str
    excluded: bool = False

    def to_dict(self) -> dict:
        """JSON form."""
        d = {"choice": self.choice, "name": self.name, "score": self.score,
             "why_not": self.why_not}
        if self.excluded:
            d["excluded"] = True
        return d


@dataclass(frozen=True)
class AreaDecision:
    """The best choice of one area."""

    area: str
    choice: str
    name: str
    score: float
    reasons: tuple[str, ...]
    alternatives: tuple[Alternative, ...]
    limits: tuple = ()
    summary: str = ""

    def to_dict(self) -> dict:
        """JSON form (keys fixed by PRODUCT.md; more are allowed)."""
        return {"area": self.area, "choice": self.choice, "name": self.name,
                "score": self.score, "reasons": list(self.reasons),
                "alternatives": [a.to_dict() for a in self.alternatives],
                "summary": self.summary, "limits": [lim.to_dict() for lim in self.limits]}


@dataclass(frozen=True)
class PipelinePlan:
    """Result of :func:`decide`."""

    answers: dict[str, str]
    algorithm: str
    decisions: tuple[AreaDecision, ...]
    next_question: Question | None
    derived: dict[str, str] = field(default_factory=dict)

    def decision(self, area: str) -> AreaDecision:
        """The decision of one area."""
        for d in self.decisions:
            if d.area == area:
                return d
        raise KeyError(area)

    @property
    def choices(self) -> dict[str, str]:
        """area -> chosen id."""
        return {d.area: d.choice for d in self.decisions}

    def to_dict(self) -> dict:
        """JSON form."""
        nq = self.next_question
        return {
            "answers": dict(self.answers),
            "algorithm": self.algorithm or None,
            "derived_answers": dict(self.derived),
            "decisions": [d.to_dict() for d in self.decisions],
            "next_question": None if nq is None else {
                "id": nq.id, "prompt": nq.prompt, "help": nq.help,
                "answers": [{"id": a.id, "label": a.label} for a in nq.answers]},
        }


def derived_answers(algorithm: Algorithm | None) -> dict[str, str]:
    """Answers to the ``algorithm_*`` questions, read from the algorithm's card."""
    if algorithm is None:
        return {}
    if not algorithm.builtin:
        scaling = "custom"
    elif algorithm.instances.multi_gpu or algorithm.instances.multi_instance:
        scaling = "multi"
    else:
        scaling = "single"
    return {"algorithm_pipe": pipe_answer(algorithm), "algorithm_scaling": scaling}


def pipe_answer(algorithm: Algorithm) -> str:
    """yes / no / discouraged: Pipe is supported but the card advises File or FastFile
    (XGBoost: its container is dropping Pipe), so the pipeline must not pick it."""
    if "Pipe" not in algorithm.input_modes:
        return "no"
    return "discouraged" if algorithm.pipe_discouraged else "yes"


def validate_pipeline_answers(pd: PipelineData, answers: dict) -> tuple[dict[str, str], str]:
    """Check answers; return (pipeline answers, algorithm id or "").

    Keys are pipeline questions, or ``algorithm`` (a catalog id). Answers of the algorithm
    wizard's own questions are accepted and ignored unless the pipeline shares them.
    """
    from sagewise.knowledge.catalog import load_catalog
    from sagewise.knowledge.decision import load_decision

    if not isinstance(answers, dict):
        raise KnowledgeError("answers must be an object of question -> answer")
    wizard = None
    out: dict[str, str] = {}
    algorithm = ""
    for k, v in answers.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise KnowledgeError(f"answer for '{k}' must be a string (got {v!r})")
        if k == ALGORITHM_KEY:
            catalog = load_catalog()
            if v not in catalog.algorithms:
                raise KnowledgeError(f"unknown algorithm '{v}' (known: "
                                     f"{', '.join(catalog.algorithms)})")
            algorithm = v
            continue
        if k == ROOT or k in DERIVED:
            raise KnowledgeError(f"question '{k}' is not answered directly")
        if k in pd.dd.questions:
            q = pd.dd.questions[k]
            if v not in q.answer_ids:
                raise KnowledgeError(f"question '{k}': unknown answer '{v}' "
                                     f"(allowed: {', '.join(q.answer_ids)})")
            out[k] = v
            continue
        wizard = wizard or load_decision()
        if k in wizard.questions:
            continue  # an algorithm-wizard answer the pipeline does not use
        known = [q.id for q in pd.questions if q.id not in DERIVED]
        raise KnowledgeError(f"unknown question '{k}' (known: {', '.join(known)})")
    return out, algorithm


def _strip(reason: str) -> str:
    """A reason without its score prefix and question tag, for sentences."""
    text = reason.split(": ", 1)[1] if reason[:1] in "+-" and ": " in reason else reason
    return text.split(" [", 1)[0]


def _why_not(alt: Scored, top: Scored, summary: str) -> str:
    if alt.excluded:
        return "; ".join(alt.exclusion)
    negatives = [r for r in alt.reasons if r.startswith("-") and not r.startswith("-0.00")]
    if negatives:
        return "; ".join(negatives)
    positives = [r for r in top.reasons if r.startswith("+") and not r.startswith("+0.00")]
    if positives:
        return (f"{top.name} fits better ({top.score:.2f} vs {alt.score:.2f}): "
                f"{_strip(positives[0]).lower()}. {alt.name} suits: {summary}")
    return (f"Nothing you said points to it ({alt.score:.2f} vs {top.score:.2f} for "
            f"{top.name}). It suits: {summary}")


def _area_decision(pd: PipelineData, area: str, answers: dict[str, str],
                   hints: dict[str, list[Hint]] | None,
                   suggested: frozenset[str] = frozenset()) -> AreaDecision:
    _, ranked, out = score(pd.dd, {**answers, ROOT: area}, hints, suggested)
    if not ranked:  # every choice excluded: cannot happen with the shipped data
        raise KnowledgeError(f"area '{area}': every choice is ruled out")
    top = ranked[0]
    choice = pd.choices[top.id]
    reasons = list(top.reasons[1:])  # [0] is the route ("fits <area> ...")
    if not reasons:
        reasons = [f"The usual choice when nothing points elsewhere: {choice.summary}"]
    alts = tuple(Alternative(s.id, s.name, s.score,
                             _why_not(s, top, pd.choices[s.id].summary), s.excluded)
                 for s in (*ranked[1:], *out))
    return AreaDecision(area, top.id, choice.name, top.score, tuple(reasons), alts,
                        choice.limits, choice.summary)


def _tops(pd: PipelineData, answers: dict[str, str], hints, areas) -> dict[str, str]:
    return {a: score(pd.dd, {**answers, ROOT: a}, hints)[1][0].id for a in areas}


def changes_a_choice(pd: PipelineData, q: Question, answers: dict[str, str],
                     hints, current: dict[str, str]) -> bool:
    """True when some answer of ``q`` would change the choice of an area it touches."""
    areas = [a for a in AREAS if touches(pd.dd, q, set(pd.dd.sets[a].ids))]
    for ans in q.answers:
        trial = {**answers, q.id: ans.id}
        if any(current[a] != top for a, top in _tops(pd, trial, hints, areas).items()):
            return True
    return False


def next_pipeline_question(pd: PipelineData, answers: dict[str, str], hints,
                           current: dict[str, str], skipped: tuple[str, ...] = ()
                           ) -> Question | None:
    """The first unanswered question (file order) whose answer would change a choice
    (what to do with the stream only once the answers say there is one)."""
    for q in pd.questions:
        if q.id in answers or q.id in skipped or q.id in DERIVED:
            continue
        if q.id == "stream_use" and not has_stream(answers):
            continue
        if ask_if_holds(q, answers) and changes_a_choice(pd, q, answers, hints, current):
            return q
    return None


def decide(answers: dict, *, hints: dict[str, list[Hint]] | None = None,
           skipped: tuple[str, ...] = (), pd: PipelineData | None = None,
           suggested: Iterable[str] = ()) -> PipelinePlan:
    """Decide every area for (possibly partial) answers and say what to ask next
    (``suggested``: answers read from a description, which reasons must not call the
    user's)."""
    from sagewise.knowledge.catalog import load_catalog

    pd = pd or load_pipeline()
    given, algorithm = validate_pipeline_answers(pd, answers)
    algo = load_catalog().algorithms[algorithm] if algorithm else None
    derived = derived_answers(algo)
    full = {**given, **derived}
    unconfirmed = frozenset(suggested)
    decisions = tuple(_area_decision(pd, area, full, hints, unconfirmed) for area in AREAS)
    current = {d.area: d.choice for d in decisions}
    nq = next_pipeline_question(pd, full, hints, current, skipped)
    kept = dict(given)
    if algorithm:
        kept[ALGORITHM_KEY] = algorithm
    return PipelinePlan(kept, algorithm, decisions, nq, derived)


def carry_over(wizard_answers: dict[str, str], chosen_algorithm: str = "") -> dict[str, str]:
    """The pipeline answers the algorithm wizard already has (and its chosen algorithm)."""
    out = {k: v for k, v in wizard_answers.items() if k in SHARED_WITH_WIZARD}
    if chosen_algorithm:
        from sagewise.knowledge.catalog import load_catalog

        if chosen_algorithm in load_catalog().algorithms:
            out[ALGORITHM_KEY] = chosen_algorithm
    return out
