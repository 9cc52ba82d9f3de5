"""Metric chooser, per-problem defaults and the confusion-matrix calculator."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.metrics import (
    confusion_metrics,
    load_metrics,
    tuning_objective,
    walk_chooser,
)


def test_confusion_matrix_by_hand():
    m = confusion_metrics(tp=40, fp=10, fn=20, tn=30)
    assert m["accuracy"] == pytest.approx(70 / 100)
    assert m["precision"] == pytest.approx(40 / 50)
    assert m["recall"] == pytest.approx(40 / 60)
    assert m["specificity"] == pytest.approx(30 / 40)
    assert m["fpr"] == pytest.approx(10 / 40)
    p, r = 0.8, 40 / 60
    assert m["f1"] == pytest.approx(2 * p * r / (p + r))
    assert m["misclassification"] == pytest.approx(0.30)
    assert m["g_mean"] == pytest.approx(math.sqrt(r * 0.75))


def test_undefined_ratios_are_none_not_errors():
    m = confusion_metrics(tp=0, fp=0, fn=5, tn=95)
    assert m["precision"] is None and m["f1"] is None
    assert m["recall"] == 0.0 and m["accuracy"] == 0.95


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"tp": -1, "fp": 0, "fn": 0, "tn": 1}, "tp"),
    ({"tp": 1, "fp": float("nan"), "fn": 0, "tn": 1}, "fp"),
    ({"tp": 1, "fp": 0, "fn": 2.5, "tn": 1}, "fn"),
    ({"tp": 1, "fp": 0, "fn": 0, "tn": "3"}, "tn"),
    ({"tp": True, "fp": 0, "fn": 0, "tn": 1}, "tp"),
    ({"tp": 1, "fp": float("inf"), "fn": 0, "tn": 1}, "fp"),
    ({"tp": 0, "fp": 0, "fn": 0, "tn": 0}, "tp"),
])
def test_bad_counts_name_the_field(kwargs, field):
    with pytest.raises(InputError) as info:
        confusion_metrics(**kwargs)
    assert info.value.field == field


@given(*(st.integers(min_value=0, max_value=10**9) for _ in range(4)))
def test_every_ratio_is_a_probability(tp, fp, fn, tn):
    if tp + fp + fn + tn == 0:
        return
    for value in confusion_metrics(tp, fp, fn, tn).values():
        assert value is None or 0.0 <= value <= 1.0


def test_formulas_are_defined_for_every_computed_measure():
    keys = set(confusion_metrics(1, 1, 1, 1))
    assert keys == {c.id for c in load_metrics().confusion}


@pytest.mark.parametrize(("answers", "metric"), [
    ({"m_output": "probabilities"}, "brier"),
    ({"m_output": "scores", "m_score_focus": "positive"}, "pr_auc"),
    ({"m_output": "scores", "m_score_focus": "both"}, "roc_auc"),
    ({"m_output": "labels", "m_label_focus": "positive", "m_error_cost": "equal"}, "f1"),
    ({"m_output": "labels", "m_label_focus": "positive", "m_error_cost": "false_negatives"}, "f2"),
    ({"m_output": "labels", "m_label_focus": "positive", "m_error_cost": "false_positives"},
     "f0_5"),
    ({"m_output": "labels", "m_label_focus": "both", "m_majority": "under_80_90"}, "accuracy"),
    ({"m_output": "labels", "m_label_focus": "both", "m_majority": "over_80_90"}, "g_mean"),
])
def test_chooser_leaves_follow_the_imbalanced_classification_tree(answers, metric):
    chosen, path, pending = walk_chooser(load_metrics(), answers)
    assert chosen == metric and not pending and len(path) == len(answers)


def test_chooser_reports_the_next_question_when_incomplete():
    chosen, _, pending = walk_chooser(load_metrics(), {"m_output": "labels"})
    assert chosen == "" and pending == "m_label_focus"


def test_tuning_objective_prefers_the_metric_itself_then_stand_ins():
    md, c = load_metrics(), load_catalog()
    assert tuning_objective(md.metrics["roc_auc"], c.algorithms["linear-learner"]) == \
        ("validation:roc_auc_score", True)
    name, exact = tuning_objective(md.metrics["pr_auc"], c.algorithms["xgboost"])
    assert name == "validation:f1" and not exact
    assert tuning_objective(md.metrics["explained_variance"], c.algorithms["pca"]) == ("", False)


def test_linear_learner_tunes_rmse_directly_and_says_it_is_new_since_the_study_notes():
    """Usability report: 'cannot tune on RMSE directly; validation:mse is the closest'
    was out of date: current docs list validation:rmse (FACTS section D)."""
    from sagewise.knowledge.metrics import choose_metric
    md, c = load_metrics(), load_catalog()
    ll = c.algorithms["linear-learner"]
    names = {m.name for m in ll.objective_metrics}
    assert {"validation:rmse", "validation:dcg", "validation:macro_precision",
            "validation:macro_recall", "validation:multiclass_top_k_accuracy"} <= names
    out = choose_metric(md, "tabular_regression", {}, ll)
    assert out["sagemaker_objective"] == "validation:rmse"
    assert "cannot tune" not in out["objective_note"]
    assert "study notes" in out["objective_note"]


def test_tuning_objective_prefers_an_exact_name_and_the_right_kind_of_classification():
    md, c = load_metrics(), load_catalog()
    ll = c.algorithms["linear-learner"]
    # "mse" is inside "rmse": the exact name must win
    assert tuning_objective(md.metrics["rmse"], ll)[0] == "validation:rmse"
    # multiclass accuracy is not the binary accuracy metric
    assert tuning_objective(md.metrics["accuracy"], ll, "multiclass") == \
        ("validation:multiclass_accuracy", True)
    assert tuning_objective(md.metrics["accuracy"], ll, "binary") == \
        ("validation:binary_classification_accuracy", True)
