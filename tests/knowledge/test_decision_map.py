"""The drawable decision map: every node placed once, the path lit, effects listed."""

from __future__ import annotations

import pytest
from sagewise.knowledge.decision import build_graph, load_decision
from sagewise.knowledge.decision_map import (
    CONSTRAINT_COLUMN,
    LEAF_COLUMN,
    SET_COLUMN,
    build_map,
    highlight,
    node_markdown,
)
from sagewise.knowledge.errors import KnowledgeError


@pytest.fixture(scope="module")
def dd():
    return load_decision()


@pytest.fixture(scope="module")
def dmap(dd):
    return build_map(dd)


def test_every_question_set_and_leaf_has_one_box(dd, dmap):
    g = build_graph(dd)
    expected = {n for n, d in g.nodes(data=True)
                if not (d["kind"] == "answer" and dd.questions[d["question"]].kind == "constraint")}
    assert set(dmap.nodes) == expected
    places = {(n.column, n.row) for n in dmap.nodes.values()}
    assert len(places) == len(dmap.nodes)


def test_columns_follow_the_flow(dd, dmap):
    kinds = {n.kind: n.column for n in dmap.nodes.values()}
    assert kinds["start"] == 0
    assert kinds["set"] == SET_COLUMN
    assert kinds["constraint_question"] == CONSTRAINT_COLUMN
    assert kinds["algorithm"] == kinds["service"] == LEAF_COLUMN
    for e in dmap.edges:  # every drawn line goes left to right
        assert dmap.nodes[e.source].column < dmap.nodes[e.target].column, e


def test_no_answers_lights_only_start(dd):
    h = highlight(dd, {})
    assert h.nodes == {"start"} and not h.edges and not h.effects


def test_fraud_path_lights_route_set_candidates_and_effects(dd):
    answers = {"task": "classify", "classify_data": "tabular", "class_balance": "imbalanced"}
    h = highlight(dd, answers)
    for node in ("start", "q:task", "a:task=classify", "q:classify_data",
                 "a:classify_data=tabular", "set:tabular_classification",
                 "algorithm:xgboost", "q:class_balance"):
        assert node in h.nodes, node
    assert ("a:task=classify", "q:classify_data") in h.edges
    assert "algorithm:kmeans" not in h.nodes
    assert h.badges == {"q:class_balance": "Yes, one class is rare"}
    xgb = [e for e in h.effects if e[1] == "algorithm:xgboost"]
    assert xgb and xgb[0][2] > 0 and "scale_pos_weight" in xgb[0][4]
    assert any(e[2] < 0 for e in h.effects)


def test_pending_question_is_lit(dd):
    h = highlight(dd, {"task": "classify"})
    assert "q:classify_data" in h.nodes
    assert ("a:task=classify", "q:classify_data") in h.edges


@pytest.mark.parametrize("answers", [{"nope": "x"}, {"task": "nonsense"}])
def test_unknown_answers_are_refused(dd, answers):
    with pytest.raises(KnowledgeError):
        highlight(dd, answers)


def test_every_box_explains_itself(dd, dmap):
    for node in dmap.nodes.values():
        text = node_markdown(dd, node, {"class_balance": "imbalanced"})
        assert text.startswith("## ") and len(text) > 60, node.id
    q = node_markdown(dd, dmap.nodes["q:class_balance"], {"class_balance": "imbalanced"})
    assert "(your answer)" in q and "+0.06 for XGBoost" in q
    s = node_markdown(dd, dmap.nodes["set:tabular_classification"], {})
    assert "XGBoost" in s and "starting score" in s


def test_effects_are_drawn_only_on_candidates_of_the_path():
    from sagewise.knowledge.decision import load_decision, route
    from sagewise.knowledge.decision_map import highlight

    dd = load_decision()
    answers = {"task": "detect_anomalies", "anomaly_subject": "labelled_cases", "labels": "yes",
               "class_balance": "imbalanced", "inference": "real_time"}
    h = highlight(dd, answers)   # once drew 25 effects, 20 of them on other paths' leaves
    in_play = {f"{dd.catalog.get(i).kind}:{i}" for i in route(dd, answers).candidates}
    assert h.effects
    assert {target for _, target, *_ in h.effects} <= in_play


def test_path_layout_shows_only_the_path_in_three_columns():
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.decision_map import build_map, highlight, path_layout

    dd = load_decision()
    dmap = build_map(dd)
    answers = {"task": "classify", "classify_data": "tabular", "class_balance": "imbalanced"}
    h = highlight(dd, answers, ("xgboost", "linear-learner", "lightgbm"))
    layout = path_layout(dmap, h)
    column0 = sorted((r, n) for n, (c, r) in layout.items() if c == 0)
    assert [n for _, n in column0] == ["start", "q:task", "a:task=classify",
                                       "q:classify_data", "a:classify_data=tabular",
                                       "set:tabular_classification"]
    assert {n for n, (c, _) in layout.items() if c == 1} == {"q:class_balance"}
    assert {n for n, (c, _) in layout.items() if c == 2} == {
        "algorithm:xgboost", "algorithm:linear-learner", "algorithm:lightgbm"}
    assert set(layout) <= set(dmap.nodes) and set(layout) <= h.nodes
    # rows in a column are distinct and start at 0
    for col in range(3):
        rows = sorted(r for c, r in layout.values() if c == col)
        assert rows == list(range(len(rows)))


def test_map_without_networkx_matches_the_networkx_graph():
    dd = load_decision()
    assert build_map(dd) == build_map(dd, build_graph(dd))
