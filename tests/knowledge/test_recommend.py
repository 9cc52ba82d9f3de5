"""Recommendation engine behaviour: answers in, ranking, reasons and next question out."""

from __future__ import annotations

import pytest
from sagewise.knowledge.decision import load_decision
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.recommend import Hint, recommend

TAB = {"task": "classify", "classify_data": "tabular"}


def ids(rec):
    return [s.id for s in rec.ranked]


def test_no_answers_asks_the_root_question_first():
    rec = recommend({})
    assert rec.next_question.id == "task"
    assert rec.ranked and not rec.complete


def test_partial_route_asks_the_follow_up_and_ranks_provisionally():
    rec = recommend({"task": "classify"})
    assert rec.next_question.id == "classify_data"
    assert {"xgboost", "blazingtext", "image-classification"} <= set(ids(rec))
    assert rec.notes


def test_route_reason_and_path_are_reported():
    rec = recommend(TAB)
    assert rec.state.candidate_set == "tabular_classification"
    assert "classification of tabular data" in rec.ranked[0].reasons[0]
    assert rec.path_text[0].startswith("What should the solution do?")


def test_irrelevant_questions_are_never_asked():
    asked = set()
    answers = dict(TAB)
    dd = load_decision()
    while (q := recommend(answers).next_question) is not None:
        asked.add(q.id)
        answers[q.id] = q.answers[0].id
    assert "series_count" not in asked and "recommendation_output" not in asked
    assert "managed" not in asked  # no managed service for tabular classification
    assert {"labels", "label_kind", "categorical"} <= asked
    assert all(dd.questions[q].kind == "constraint" for q in asked)


def test_answered_and_skipped_questions_are_not_asked_again():
    first = recommend(TAB).next_question.id
    second = recommend(TAB, skipped=(first,)).next_question.id
    assert second != first
    assert recommend({**TAB, first: "yes" if first != "managed" else "custom"}
                     ).next_question.id != first


def test_single_candidate_asks_nothing_more():
    rec = recommend({"task": "text_to_speech"})
    assert ids(rec) == ["amazon-polly"] and rec.complete


def test_many_categorical_columns_put_catboost_first_with_reason():
    rec = recommend({**TAB, "categorical": "yes"})
    assert rec.ranked[0].id == "catboost"
    assert any("categorical" in r and r.startswith("+") for r in rec.ranked[0].reasons)
    xgb = next(s for s in rec.ranked if s.id == "xgboost")
    assert any(r.startswith("-") for r in xgb.reasons)


def test_multiclass_rules_out_factorization_machines_with_why():
    rec = recommend({**TAB, "label_kind": "multiclass"})
    assert "factorization-machines" not in ids(rec)
    out = {s.id: s for s in rec.ruled_out}
    assert "binary classification or regression" in out["factorization-machines"].exclusion[0]


def test_cpu_only_excludes_gpu_only_algorithms():
    rec = recommend({"task": "transform_text", "text_transform": "translate", "gpu": "no"})
    assert ids(rec)[0] == "amazon-translate"
    assert [s.id for s in rec.ruled_out] == ["seq2seq"]
    seg = recommend({"task": "segment_pixels", "gpu": "no"})
    assert "semantic-segmentation" in [s.id for s in seg.ruled_out]


def test_simple_baseline_and_explainability_favour_linear_learner():
    for choice in ("simple_baseline", "explainable"):
        assert ids(recommend({**TAB, "explainability": choice}))[0] == "linear-learner"
    assert ids(recommend({**TAB, "explainability": "best_accuracy"}))[0] == "autogluon-tabular"


def test_no_labels_penalises_supervised_and_favours_pretrained_services():
    rec = recommend({"task": "classify", "classify_data": "image", "labels": "no"})
    assert ids(rec)[0] == "amazon-rekognition"


def test_managed_preference_flips_speech_to_text():
    assert ids(recommend({"task": "speech_to_text", "managed": "prefer_managed"}))[0] == \
        "amazon-transcribe"
    assert ids(recommend({"task": "speech_to_text", "managed": "custom"}))[0] == "seq2seq"


def test_forecasting_single_series_warns_and_many_series_favours_deepar():
    one = recommend({"task": "forecast", "series_count": "one"})
    deepar = next(s for s in one.ranked if s.id == "deepar")
    assert any("ARIMA" in r for r in deepar.reasons)
    many = recommend({"task": "forecast", "series_count": "many"})
    assert ids(many)[0] == "deepar"
    forecast = next(s for s in many.ranked if s.id == "amazon-forecast")
    assert any("new customers" in r for r in forecast.reasons)


def test_incremental_training_favours_the_listed_vision_algorithms():
    rec = recommend({"task": "classify", "classify_data": "image", "incremental": "yes"})
    top = rec.ranked[0]
    assert top.id == "image-classification"
    assert any("incremental" in r for r in top.reasons)


def test_streaming_favours_random_cut_forest():
    rec = recommend({"task": "detect_anomalies", "anomaly_subject": "measurements",
                     "streaming": "yes"})
    assert ids(rec)[0] == "random-cut-forest"


def test_large_data_moves_lightgbm_past_single_instance_models():
    rec = recommend({**TAB, "data_size": "large"})
    order = ids(rec)
    assert order.index("lightgbm") < order.index("catboost")
    assert order.index("lightgbm") < order.index("autogluon-tabular")


def test_hints_add_explained_bonuses():
    rec = recommend(TAB, hints={"knn": [Hint(0.3, "You mentioned 'nearest neighbours'")]})
    assert ids(rec)[0] == "knn"
    assert "+0.30: You mentioned 'nearest neighbours'" in rec.ranked[0].reasons


def test_scores_stay_in_range_and_order_is_deterministic():
    everything = {**TAB, "categorical": "yes", "explainability": "best_accuracy",
                  "data_size": "small", "budget": "flexible", "time_limit": "days"}
    a, b = recommend(everything), recommend(everything)
    assert ids(a) == ids(b)
    scores = [s.score for s in a.ranked]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("answers", [
    {"task": "fly"}, {"colour": "blue"}, {"task": 3}, {"task": None}, "task=classify",
])
def test_invalid_answers_are_rejected_with_a_message(answers):
    with pytest.raises(KnowledgeError):
        recommend(answers)


def test_metric_follows_the_problem():
    assert recommend({"task": "forecast"}).metric["id"] == "wql"
    assert recommend({"task": "regress", "regress_data": "tabular"}).metric["id"] == "rmse"
    imbalanced = recommend({**TAB, "class_balance": "imbalanced"}).metric
    assert imbalanced["id"] == "pr_auc" and imbalanced["assumptions"]
    chosen = recommend({**TAB, "class_balance": "imbalanced", "m_output": "labels",
                        "m_label_focus": "positive", "m_error_cost": "false_negatives"}).metric
    assert chosen["id"] == "f2" and not chosen["assumptions"] and chosen["path"]
    assert recommend({"task": "locate_objects"}).metric["sagemaker_objective"] == "validation:mAP"


def test_json_form_has_the_product_keys():
    out = recommend(TAB).to_dict()
    assert {"answers", "recommendations", "metric"} <= set(out)
    first = out["recommendations"][0]
    assert {"algorithm", "score", "reasons"} <= set(first)
    assert isinstance(first["score"], float) and isinstance(first["reasons"], list)


def test_why_it_scores_shows_a_base_and_contributions_that_add_up():
    from sagewise.knowledge.recommend import why_score_markdown

    for answers in ({"task": "forecast", "series_count": "many"},
                    {"task": "classify", "classify_data": "image", "incremental": "yes"}):
        for s in recommend(answers).ranked:
            total = s.prior + sum(d for d, _ in s.contributions)
            assert round(min(1.0, max(0.0, total)), 3) == pytest.approx(s.score)
            text = why_score_markdown(s)
            assert f"Base **{s.prior:.2f}**" in text
            assert all(f"{d:+.2f}" in text for d, _ in s.contributions)


def test_a_capped_score_says_so():
    from sagewise.knowledge.recommend import Scored, why_score_markdown

    s = Scored("x", "algorithm", "X", 1.0, 0.9, (), base_reason="its weight",
               contributions=((0.15, "a strong fit"), (0.05, "another")))
    text = why_score_markdown(s)
    assert "Why it scores 1.00" in text and "Base **0.90**" in text
    assert "+0.15" in text and "Sum **1.10**" in text and "kept within 0 to 1" in text


def test_a_closed_service_is_not_offered_as_the_managed_alternative():
    from sagewise.knowledge.catalog import load_catalog
    from sagewise.knowledge.recommend import managed_alternatives_markdown

    text = managed_alternatives_markdown(load_catalog(), "deepar")
    assert "Not offered: **Amazon Forecast**" in text and "new customers" in text
    assert "A managed alternative" not in text
    offered = managed_alternatives_markdown(load_catalog(), "seq2seq")
    assert "Not offered" not in offered and "**Amazon" in offered
