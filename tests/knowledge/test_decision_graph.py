"""The decision graph built from data is sound: acyclic, reachable, no dead ends."""

from __future__ import annotations

import networkx as nx
import pytest
from sagewise.knowledge.decision import (
    build_graph,
    leaf_node,
    load_decision,
    route_paths,
)
from sagewise.knowledge.recommend import recommend


@pytest.fixture(scope="module")
def dd():
    return load_decision()


@pytest.fixture(scope="module")
def graph(dd):
    return build_graph(dd)


def test_graph_is_acyclic(graph):
    assert nx.is_directed_acyclic_graph(graph)


def test_every_question_and_leaf_is_reachable_from_start(dd, graph):
    reach = nx.descendants(graph, "start")
    for q in dd.questions:
        assert f"q:{q}" in reach, q
    for ident in dd.catalog.ids:
        assert leaf_node(dd, ident) in reach, ident


def test_no_answer_leads_nowhere(graph):
    answers = [n for n, d in graph.nodes(data=True) if d["kind"] == "answer"]
    dead = [n for n in answers if graph.out_degree(n) == 0]
    assert dead == []


def test_every_question_has_two_distinct_answers(dd):
    for q in dd.questions.values():
        assert len(q.answers) >= 2 and len(set(q.answer_ids)) == len(q.answers), q.id


def test_every_candidate_set_is_reached_by_a_route(dd):
    paths = route_paths(dd)
    assert all(paths[s] for s in dd.sets), [s for s in dd.sets if not paths[s]]


def test_every_algorithm_and_service_can_come_first(dd):
    """For each id there are answers (a route plus constraint answers) that rank it first."""
    paths = route_paths(dd)
    for ident in dd.catalog.ids:
        best_rank = None
        for sid, plist in paths.items():
            if ident not in dd.sets[sid].ids:
                continue
            answers = dict(plist[0])
            # Greedily pick, for every constraint question, the answer that helps it most.
            for q in dd.constraint_questions:
                options = []
                for a in q.answers:
                    r = recommend({**answers, q.id: a.id}, dd=dd)
                    ids = [s.id for s in r.ranked]
                    if ident in ids:
                        top = r.ranked[0].score
                        mine = r.ranked[ids.index(ident)].score
                        options.append((mine - top, ids.index(ident) == 0, a.id))
                if options:
                    answers[q.id] = max(options)[2]
            ids = [s.id for s in recommend(answers, dd=dd).ranked]
            if ids and ids[0] == ident:
                best_rank = 0
                break
        assert best_rank == 0, f"{ident} never ranks first"


def test_constraint_edges_follow_relevance(dd, graph):
    # Route questions never hang below sets; only constraint questions do.
    for s in dd.sets:
        for succ in graph.successors(f"set:{s}"):
            if succ.startswith("q:"):
                assert dd.questions[succ[2:]].kind == "constraint"
    # A single-member set asks nothing.
    assert not [n for n in graph.successors("set:reinforcement") if n.startswith("q:")]
