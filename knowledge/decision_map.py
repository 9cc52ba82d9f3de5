"""A drawable map of the decision graph: columns, positions, the highlighted path, node notes.

The full networkx graph has ~150 nodes and ~650 edges; drawn as is it is a hairball. The
map keeps the route (start -> questions -> answers -> candidate sets) as nodes, puts the
refining (constraint) questions in one column with their answers inside the node, and the
algorithms and services in the last column. Effects of constraint answers are drawn only
for the answers given, so the picture stays readable. No Qt here: the view only draws it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sagewise.knowledge.decision import (
    DecisionData,
    build_graph,
    leaf_node,
    route,
    validate_answers,
)
from sagewise.knowledge.errors import DataError

if TYPE_CHECKING:  # only build_graph's default graph needs networkx
    import networkx as nx

COLUMN_TITLES = ("Start", "First question", "Answers", "Follow-up questions", "Answers",
                 "Candidate sets", "Refining questions", "Algorithms and services")
SET_COLUMN, CONSTRAINT_COLUMN, LEAF_COLUMN = 5, 6, 7


@dataclass(frozen=True)
class MapNode:
    """One box on the map."""

    id: str           # networkx node id ("q:task", "a:task=classify", "set:...", "algo:...")
    kind: str         # start | route_question | answer | set | constraint_question | algorithm
    #                   | service
    label: str
    column: int
    row: int


@dataclass(frozen=True)
class MapEdge:
    """One drawn line: route steps, set members and 'asks' links."""

    source: str
    target: str
    kind: str         # route | member | asks


@dataclass
class DecisionMap:
    """Nodes by id (with column/row), edges, and the column sizes."""

    nodes: dict[str, MapNode]
    edges: list[MapEdge]
    rows: dict[int, int]

    @property
    def height(self) -> int:
        """Rows in the tallest column."""
        return max(self.rows.values())


@dataclass
class Highlight:
    """What the current answers light up."""

    nodes: set[str] = field(default_factory=set)
    edges: set[tuple[str, str]] = field(default_factory=set)
    effects: list[tuple[str, str, float, bool, str]] = field(default_factory=list)
    # (constraint question node, leaf node, delta, excluded, reason)
    badges: dict[str, str] = field(default_factory=dict)   # node -> the answer given
    candidates: set[str] = field(default_factory=set)      # leaf nodes still in play


class _NodeView(dict):
    """``graph.nodes`` as networkx offers it: a mapping that is also callable."""

    def __call__(self, data: bool = False):
        return list(self.items()) if data else list(self)


class _LightGraph:
    """The part of networkx's DiGraph that build_graph fills and build_map reads, in the
    same node and edge order; it keeps networkx out of the app's start-up."""

    def __init__(self) -> None:
        self.nodes = _NodeView()
        self._adj: dict[str, dict[str, dict]] = {}

    def add_node(self, n: str, **attrs) -> None:
        self.nodes.setdefault(n, {}).update(attrs)
        self._adj.setdefault(n, {})

    def add_edge(self, u: str, v: str, **attrs) -> None:
        self.add_node(u)
        self.add_node(v)
        self._adj[u].setdefault(v, {}).update(attrs)

    @property
    def edges(self) -> list[tuple[str, str]]:
        return [(u, v) for u, targets in self._adj.items() for v in targets]


def _is_route_answer(dd: DecisionData, data: dict) -> bool:
    return data["kind"] == "answer" and dd.questions[data["question"]].kind == "route"


def build_map(dd: DecisionData, graph: nx.DiGraph | None = None) -> DecisionMap:
    """Columns by depth on the route; rows ordered by their parents to limit crossings."""
    g = graph if graph is not None else build_graph(dd, into=_LightGraph())
    on_route = {n for n, d in g.nodes(data=True)
                if d["kind"] in ("start", "route_question", "set") or _is_route_answer(dd, d)}
    route_edges = [(u, v) for u, v in g.edges if u in on_route and v in on_route]
    preds: dict[str, list[str]] = defaultdict(list)
    for u, v in route_edges:
        preds[v].append(u)
    column: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(n: str) -> int:
        """Longest route from the start (the graph is checked acyclic at load)."""
        if n not in column:
            if n in visiting:
                raise DataError(f"decision graph: the route loops through '{n}'")
            visiting.add(n)
            column[n] = max((depth(p) + 1 for p in preds[n]), default=0)
        return column[n]

    for n in g.nodes:
        if n in on_route:
            depth(n)
    for n, d in g.nodes(data=True):
        if d["kind"] == "set":
            column[n] = SET_COLUMN
        elif d["kind"] == "constraint_question":
            column[n] = CONSTRAINT_COLUMN
        elif d["kind"] in ("algorithm", "service"):
            column[n] = LEAF_COLUMN
    edges = [MapEdge(u, v, "route") for u, v in route_edges
             if g.nodes[v]["kind"] != "set" or g.nodes[u]["kind"] == "answer"]
    for u, v in g.edges:
        ku, kv = g.nodes[u]["kind"], g.nodes[v]["kind"]
        if ku == "set" and kv in ("algorithm", "service"):
            edges.append(MapEdge(u, v, "member"))
        elif ku == "set" and kv == "constraint_question":
            edges.append(MapEdge(u, v, "asks"))
    parents: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        parents[e.target].append(e.source)
    by_column: dict[int, list[str]] = defaultdict(list)
    for n in g.nodes:
        if n in column:
            by_column[column[n]].append(n)
    rank: dict[str, float] = {}
    order = list(g.nodes)
    for c in sorted(by_column):
        members = by_column[c]

        def key(n: str, c: int = c) -> tuple[float, int]:
            ps = [rank[p] for p in parents[n] if p in rank and column[p] < c]
            return (sum(ps) / len(ps) if ps else float("inf"), order.index(n))

        members.sort(key=key)
        for i, n in enumerate(members):
            rank[n] = i / max(len(members) - 1, 1)
    nodes = {n: MapNode(n, g.nodes[n]["kind"], g.nodes[n]["label"], column[n], i)
             for c, members in by_column.items() for i, n in enumerate(members)}
    return DecisionMap(nodes, edges, {c: len(m) for c, m in by_column.items()})


def highlight(dd: DecisionData, answers: dict[str, str],
              ranked: tuple[str, ...] = ()) -> Highlight:
    """Nodes and edges on the path of ``answers``; effects of the constraint answers given.

    ``ranked`` (ids still in play, best first) marks the candidate leaves. Unknown
    questions or answers raise KnowledgeError.
    """
    validate_answers(dd, answers)
    h = Highlight()
    if not answers:
        h.nodes.add("start")
        return h
    state = route(dd, answers)
    prev = "start"
    h.nodes.add(prev)
    for qid, aid in state.path:
        q, a = f"q:{qid}", f"a:{qid}={aid}"
        h.nodes |= {q, a}
        h.edges |= {(prev, q), (q, a)}
        prev = a
    if state.pending:
        h.nodes.add(f"q:{state.pending}")
        h.edges.add((prev, f"q:{state.pending}"))
    if state.candidate_set:
        s = f"set:{state.candidate_set}"
        h.nodes.add(s)
        h.edges.add((prev, s))
        for ident in state.candidates:
            h.edges.add((s, leaf_node(dd, ident)))
    h.candidates = {leaf_node(dd, i) for i in (ranked or state.candidates)}
    h.nodes |= h.candidates
    # effects are drawn only on candidates of this path (ruled-out members included)
    on_path = h.candidates | {leaf_node(dd, i) for i in state.candidates}
    for qid, aid in answers.items():
        q = dd.questions[qid]
        if q.kind != "constraint":
            continue
        node = f"q:{qid}"
        h.nodes.add(node)
        a = q.answer(aid)
        h.badges[node] = a.label
        if state.candidate_set:
            h.edges.add((f"set:{state.candidate_set}", node))
        for e in a.effects:
            for t in dd.expand(e.targets):
                if leaf_node(dd, t) in on_path:
                    h.effects.append((node, leaf_node(dd, t), e.delta, e.exclude, e.reason))
    return h


def node_markdown(dd: DecisionData, node: MapNode, answers: dict[str, str]) -> str:
    """What a clicked node means, in words."""
    kind, ref = node.kind, node.id.split(":", 1)[-1]
    if kind == "start":
        return ("## Start\n\nEvery recommendation begins here: the first question asks what "
                "the solution should do. Click any box to read what it means.")
    if kind in ("route_question", "constraint_question"):
        q = dd.questions[ref]
        role = ("It chooses the path: each answer leads to a follow-up question or to a set "
                "of candidate algorithms." if kind == "route_question" else
                "It refines the ranking: answers raise, lower or rule out candidates. It is "
                "only asked when it can change the result.")
        lines = [f"## {q.prompt}", "", q.help, "", role, "", "### Answers", ""]
        for a in q.answers:
            mark = " **(your answer)**" if answers.get(q.id) == a.id else ""
            lines.append(f"- **{a.label}**{mark}" + (f": {a.help}" if a.help else ""))
            for e in a.effects:
                names = ", ".join(dd.catalog.name(t) for t in dd.expand(e.targets))
                what = "rules out" if e.exclude else f"{e.delta:+.2f} for"
                lines.append(f"    - {what} {names}: {e.reason}")
        return "\n".join(lines)
    if kind == "answer":
        qid, aid = ref.split("=", 1)
        q = dd.questions[qid]
        a = q.answer(aid)
        if a.next:
            goes = f"Next question: *{dd.questions[a.next].prompt}*"
        else:
            s = dd.sets[a.candidates]
            goes = (f"Leads to the candidate set **{s.label}**: " +
                    ", ".join(dd.catalog.name(i) for i in s.ids) + ".")
        return f"## {a.label}\n\nAn answer to *{q.prompt}*\n\n{a.help}\n\n{goes}"
    if kind == "set":
        s = dd.sets[ref]
        rows = "\n".join(f"- {dd.catalog.name(i)} (starting score {w:.2f})"
                         for i, w in s.members)
        return (f"## Candidate set: {s.label}\n\nReaching this set puts these in play, with "
                f"the score each starts from before the refining questions:\n\n{rows}")
    item = dd.catalog.get(node.id.split(":", 1)[-1] if ":" in node.id else node.id)
    what = "a SageMaker built-in algorithm" if kind == "algorithm" else "a managed AI service"
    sets = [s.label for s in dd.sets.values() if item.id in s.ids]
    return (f"## {item.name}\n\n{item.summary}\n\nThis is {what}. It is a candidate in: "
            + "; ".join(sets) + ".\n\nThe Algorithms page has its full card.")


PATH_COLUMN_TITLES = ("Your path", "Your refining answers", "Candidates")


def path_layout(dmap: DecisionMap, lit: Highlight) -> dict[str, tuple[int, int]]:
    """A compact picture of just the user's path: (column, row) for each node shown.

    Column 0 stacks the route from Start through the questions answered to the candidate
    set, in the order asked; column 1 the refining questions answered; column 2 the
    candidates still in play. Everything else is left out, so "Fit my path" can be drawn
    at a size people can read on a laptop.
    """
    chain_kinds = ("start", "route_question", "answer", "set")
    chain = ["start"] if "start" in dmap.nodes else []
    seen = set(chain)
    while chain:
        nxt = [t for s, t in lit.edges if s == chain[-1] and t not in seen and t in dmap.nodes
               and dmap.nodes[t].kind in chain_kinds]
        if not nxt:
            break
        nxt.sort(key=lambda n: (dmap.nodes[n].column, dmap.nodes[n].row))
        chain.append(nxt[0])
        seen.add(nxt[0])

    def in_map_order(ids) -> list[str]:
        return sorted((n for n in ids if n in dmap.nodes),
                      key=lambda n: (dmap.nodes[n].column, dmap.nodes[n].row))

    refining = in_map_order(n for n in lit.badges if dmap.nodes.get(n) and
                            dmap.nodes[n].kind == "constraint_question")
    leaves = in_map_order(lit.candidates)
    out: dict[str, tuple[int, int]] = {}
    for col, ids in enumerate((chain, refining, leaves)):
        for row, n in enumerate(ids):
            out[n] = (col, row)
    return out
