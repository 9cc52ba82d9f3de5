"""The decision graph: questions, answers, candidate sets and constraint effects.

Loaded from ``resources/decision_graph.toml``. Route questions lead, answer by answer,
to a candidate set; constraint questions are asked only when one of their answers would
change a current candidate. :func:`build_graph` turns the data into a networkx DiGraph
(nodes ``q:<id>``, ``a:<question>=<answer>``, ``set:<id>``, ``<kind>:<id>`` for leaves)
that tests validate and the GUI draws.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sagewise.knowledge.catalog import Catalog, load_catalog, load_catalog_from
from sagewise.knowledge.errors import DataError, InputError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

if TYPE_CHECKING:  # networkx is imported when a graph is built (not at start-up)
    import networkx as nx

GRAPH_FILE = "decision_graph.toml"


@dataclass(frozen=True)
class Effect:
    """What an answer does to some candidates: raise/lower by ``delta`` or exclude."""

    targets: tuple[str, ...]
    delta: float
    exclude: bool
    reason: str


@dataclass(frozen=True)
class Answer:
    """One answer to a question."""

    id: str
    label: str
    help: str
    next: str = ""          # route: the next question ...
    candidates: str = ""    # ... or the candidate set it leads to
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question of the wizard; ``kind`` is ``route`` or ``constraint``."""

    id: str
    kind: str
    prompt: str
    help: str
    answers: tuple[Answer, ...]
    ask_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    asked_when: tuple[str, ...] = ()  # if set: relevant only when one of these is in play

    def answer(self, answer_id: str) -> Answer:
        """Return the answer with this id (KeyError if unknown)."""
        for a in self.answers:
            if a.id == answer_id:
                return a
        raise KeyError(answer_id)

    @property
    def answer_ids(self) -> tuple[str, ...]:
        """All answer ids in order."""
        return tuple(a.id for a in self.answers)


@dataclass(frozen=True)
class CandidateSet:
    """Algorithms/services that fit a routed problem, with prior weights."""

    id: str
    label: str
    members: tuple[tuple[str, float], ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Member ids, best prior first."""
        return tuple(m for m, _ in self.members)


@dataclass(frozen=True)
class DecisionData:
    """The parsed decision graph file, cross-checked against the catalog."""

    root: str
    questions: dict[str, Question]
    sets: dict[str, CandidateSet]
    catalog: Catalog

    @property
    def route_questions(self) -> list[Question]:
        """Route questions in file order."""
        return [q for q in self.questions.values() if q.kind == "route"]

    @property
    def constraint_questions(self) -> list[Question]:
        """Constraint questions in file order (the order the wizard asks them)."""
        return [q for q in self.questions.values() if q.kind == "constraint"]

    def expand(self, targets: tuple[str, ...]) -> tuple[str, ...]:
        """Resolve ``@services`` / ``@algorithms`` groups into ids."""
        out: list[str] = []
        for t in targets:
            if t == "@services":
                out.extend(self.catalog.services)
            elif t == "@algorithms":
                out.extend(self.catalog.algorithms)
            else:
                out.append(t)
        return tuple(out)


def _parse(data: dict, catalog: Catalog, display: str) -> DecisionData:
    top = Table(data, Where(display))
    root = top.str("root")
    questions: dict[str, Question] = {}
    for qid, qt in top.entries("question", "question"):
        kind = qt.choice("kind", ("route", "constraint"))
        answers = []
        seen: set[str] = set()
        for at in qt.tables("answers", min_items=2):
            aid = at.str("id")
            if aid in seen:
                raise at.where.at("id").fail(f"duplicate answer id '{aid}'")
            seen.add(aid)
            effects = []
            for et in at.tables("effects", required=kind == "constraint"):
                excl = et.bool("exclude", required=False)
                delta = et.number("delta", required=not excl, minimum=-1.0, maximum=1.0)
                effects.append(Effect(et.str_list("targets"), delta, excl, et.str("reason")))
                et.finish()
            answers.append(Answer(
                id=aid, label=at.str("label"), help=at.str("help", required=False),
                next=at.str("next", required=False),
                candidates=at.str("candidates", required=False),
                effects=tuple(effects)))
            if kind == "route" and bool(answers[-1].next) == bool(answers[-1].candidates):
                raise at.where.fail("a route answer needs exactly one of 'next' or 'candidates'")
            at.finish()
        ask_if: dict[str, tuple[str, ...]] = {}
        qt._used.add("ask_if")
        raw_ask = qt.data.get("ask_if")
        if raw_ask is not None:
            at = Table(raw_ask, qt.where.at("ask_if"))
            for key in list(raw_ask):
                ask_if[key] = at.str_list(key)
            at.finish()
        if qid in questions:
            raise qt.where.at("id").fail("duplicate question id")
        questions[qid] = Question(qid, kind, qt.str("prompt"), qt.str("help"), tuple(answers),
                                  ask_if, qt.str_list("asked_when", required=False))
        qt.finish()
    sets: dict[str, CandidateSet] = {}
    for sid, st in top.entries("candidate_set", "candidate_set"):
        members = []
        for mt in st.tables("members"):
            mid = mt.str("id")
            if mid not in catalog:
                raise mt.where.at("id").fail(f"unknown algorithm or service '{mid}'")
            members.append((mid, mt.number("weight", minimum=0.0, maximum=1.0)))
            mt.finish()
        sets[sid] = CandidateSet(sid, st.str("label"), tuple(members))
        st.finish()
    top.finish()
    dd = DecisionData(root, questions, sets, catalog)
    _cross_check(dd, display)
    return dd


def _cross_check(dd: DecisionData, display: str) -> None:
    """References must resolve: next questions, sets, effect targets, ask_if answers."""
    if dd.root not in dd.questions:
        raise DataError(f"{display}: field 'root': unknown question '{dd.root}'")
    for q in dd.questions.values():
        where = f"{display}: entry 'question {q.id}'"
        for i, a in enumerate(q.answers):
            if a.next and (a.next not in dd.questions or dd.questions[a.next].kind != "route"):
                raise DataError(f"{where}: field 'answers[{i}].next': unknown route "
                                     f"question '{a.next}'")
            if a.candidates and a.candidates not in dd.sets:
                raise DataError(f"{where}: field 'answers[{i}].candidates': unknown "
                                     f"candidate set '{a.candidates}'")
            for j, e in enumerate(a.effects):
                for t in e.targets:
                    if not t.startswith("@") and t not in dd.catalog:
                        raise DataError(f"{where}: field 'answers[{i}].effects[{j}]."
                                             f"targets': unknown id '{t}'")
                    if t.startswith("@") and t not in ("@services", "@algorithms"):
                        raise DataError(f"{where}: field 'answers[{i}].effects[{j}]."
                                             f"targets': unknown group '{t}'")
        for key, allowed in q.ask_if.items():
            if key not in dd.questions:
                raise DataError(f"{where}: field 'ask_if.{key}': unknown question")
            for v in allowed:
                if v not in dd.questions[key].answer_ids:
                    raise DataError(f"{where}: field 'ask_if.{key}': unknown answer '{v}'")


def parse_decision(data: dict, catalog, display: str) -> DecisionData:
    """Validate decision-graph data against any catalog-like object.

    ``catalog`` needs ``__contains__``, ``get(id)`` (with ``.kind``/``.name``), ``ids``,
    ``algorithms`` and ``services``: the algorithm catalog, or the pipeline's choices.
    """
    return _parse(data, catalog, display)


def load_decision_from(root: Path, catalog: Catalog | None = None) -> DecisionData:
    """Load and validate the decision graph under a resources folder."""
    catalog = catalog or load_catalog_from(root)
    return _parse(load_toml(root / GRAPH_FILE, GRAPH_FILE), catalog, GRAPH_FILE)


@functools.cache
def load_decision() -> DecisionData:
    """The shipped decision graph (cached)."""
    return load_decision_from(resources_dir(), load_catalog())


# ---------------------------------------------------------------- the graph


def leaf_node(dd: DecisionData, ident: str) -> str:
    """Graph node name of an algorithm or service."""
    return f"{dd.catalog.get(ident).kind}:{ident}"


def route_paths(dd: DecisionData) -> dict[str, list[dict[str, str]]]:
    """For each candidate set, every route (question -> answer dict) that reaches it."""
    found: dict[str, list[dict[str, str]]] = {s: [] for s in dd.sets}

    def walk(qid: str, path: dict[str, str], seen: frozenset[str]) -> None:
        if qid in seen:
            raise DataError(f"{GRAPH_FILE}: route questions form a cycle at '{qid}'")
        for a in dd.questions[qid].answers:
            p = {**path, qid: a.id}
            if a.candidates:
                found[a.candidates].append(p)
            else:
                walk(a.next, p, seen | {qid})

    walk(dd.root, {}, frozenset())
    return found


def ask_if_holds(q: Question, answers: dict[str, str]) -> bool:
    """True when every ``ask_if`` condition is met by the given answers."""
    return all(answers.get(key) in allowed for key, allowed in q.ask_if.items())


def touches(dd: DecisionData, q: Question, ids: set[str]) -> bool:
    """True when some answer of ``q`` has an effect on one of ``ids``."""
    return any(set(dd.expand(e.targets)) & ids for a in q.answers for e in a.effects)


CONTENDER_MARGIN = 0.3


def contenders(scores: dict[str, float]) -> set[str]:
    """Ids whose score is within :data:`CONTENDER_MARGIN` of the leader."""
    if not scores:
        return set()
    top = max(scores.values())
    return {i for i, v in scores.items() if v >= top - CONTENDER_MARGIN}


def is_relevant(dd: DecisionData, q: Question, answers: dict[str, str],
                scores: dict[str, float]) -> bool:
    """Whether asking ``q`` could matter, given the current candidate scores.

    It must pass its ``ask_if``; there must be at least two candidates; its effects must
    touch a contender; and if it has ``asked_when``, one of those ids must be in play.
    """
    if q.kind != "constraint" or not ask_if_holds(q, answers) or len(scores) < 2:
        return False
    if q.asked_when and not set(dd.expand(q.asked_when)) & set(scores):
        return False
    return touches(dd, q, contenders(scores))


def build_graph(dd: DecisionData, into=None) -> nx.DiGraph:
    """Build the decision DiGraph from the data.

    Edges: ``start -> q:root``; question -> its answers; route answer -> next question
    or candidate set; set -> its member leaves (``weight``) and -> every constraint
    question relevant to it; constraint answer -> the leaves its effects touch
    (``delta`` / ``exclude`` / ``reason``). ``into``: an empty graph with networkx's
    ``add_node``/``add_edge`` to fill instead (the map uses a light one).
    """
    if into is None:
        import networkx as nx

        into = nx.DiGraph()
    g = into
    g.add_node("start", kind="start", label="Start")
    for ident in dd.catalog.ids:
        item = dd.catalog.get(ident)
        g.add_node(leaf_node(dd, ident), kind=item.kind, label=item.name, ref=ident)
    for q in dd.questions.values():
        g.add_node(f"q:{q.id}", kind=f"{q.kind}_question", label=q.prompt, ref=q.id)
        for a in q.answers:
            an = f"a:{q.id}={a.id}"
            g.add_node(an, kind="answer", label=a.label, question=q.id, ref=a.id)
            g.add_edge(f"q:{q.id}", an)
            if a.next:
                g.add_edge(an, f"q:{a.next}")
            if a.candidates:
                g.add_edge(an, f"set:{a.candidates}")
            for e in a.effects:
                for t in dd.expand(e.targets):
                    g.add_edge(an, leaf_node(dd, t), delta=e.delta, exclude=e.exclude,
                               reason=e.reason)
    g.add_edge("start", f"q:{dd.root}")
    paths = route_paths(dd)
    for s in dd.sets.values():
        g.add_node(f"set:{s.id}", kind="set", label=s.label, ref=s.id)
        for mid, w in s.members:
            g.add_edge(f"set:{s.id}", leaf_node(dd, mid), weight=w)
        priors = dict(s.members)
        for q in dd.constraint_questions:
            if any(is_relevant(dd, q, p, priors) for p in paths[s.id]):
                g.add_edge(f"set:{s.id}", f"q:{q.id}")
    return g


# ---------------------------------------------------------------- walking answers


@dataclass(frozen=True)
class RouteState:
    """Where a set of answers has got to on the route."""

    path: tuple[tuple[str, str], ...]      # (question, answer) pairs taken, in order
    pending: str                           # next unanswered route question, or ""
    candidate_set: str                     # reached set, or "" while routing
    candidates: tuple[str, ...]            # ids still in play (union while routing)


def validate_answers(dd: DecisionData, answers: dict[str, str]) -> None:
    """Raise InputError naming the first unknown question or answer."""
    for qid, aid in answers.items():
        if qid not in dd.questions:
            raise InputError("answers", f"unknown question '{qid}' (known: "
                             f"{', '.join(dd.questions)})")
        q = dd.questions[qid]
        if aid not in q.answer_ids:
            raise InputError("answers", f"question '{qid}': unknown answer '{aid}' "
                             f"(allowed: {', '.join(q.answer_ids)})")


def _sets_below(dd: DecisionData, qid: str) -> list[str]:
    out: list[str] = []
    for a in dd.questions[qid].answers:
        if a.candidates:
            out.append(a.candidates)
        else:
            out.extend(_sets_below(dd, a.next))
    return out


def route(dd: DecisionData, answers: dict[str, str]) -> RouteState:
    """Follow the route questions through ``answers`` as far as they go."""
    path: list[tuple[str, str]] = []
    qid = dd.root
    while True:
        aid = answers.get(qid)
        if aid is None:
            ids: list[str] = []
            for s in dict.fromkeys(_sets_below(dd, qid)):
                ids.extend(i for i in dd.sets[s].ids if i not in ids)
            return RouteState(tuple(path), qid, "", tuple(ids))
        path.append((qid, aid))
        a = dd.questions[qid].answer(aid)
        if a.candidates:
            return RouteState(tuple(path), "", a.candidates, dd.sets[a.candidates].ids)
        qid = a.next
