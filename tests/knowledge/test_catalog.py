"""Invariants of the shipped catalog (walks every file, qutebrowser-style)."""

from __future__ import annotations

import pytest
from sagewise.knowledge.catalog import PROBLEM_TYPES, load_catalog
from sagewise.knowledge.instance_types import load_instance_types

ALGORITHM_IDS = [
    "linear-learner", "xgboost", "knn", "factorization-machines", "autogluon-tabular",
    "tabtransformer", "catboost", "lightgbm", "deepar", "random-cut-forest", "ip-insights",
    "kmeans", "pca", "lda", "ntm", "blazingtext", "seq2seq", "object2vec",
    "text-classification-tf", "image-classification", "object-detection",
    "semantic-segmentation", "reinforcement-learning",
]
SERVICE_IDS = [
    "amazon-translate", "amazon-transcribe", "amazon-comprehend", "amazon-rekognition",
    "amazon-textract", "amazon-polly", "amazon-lex", "amazon-forecast", "amazon-personalize",
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_stable_id_is_present_and_nothing_else(catalog):
    assert sorted(catalog.algorithms) == sorted(ALGORITHM_IDS)
    assert sorted(catalog.services) == sorted(SERVICE_IDS)


@pytest.mark.parametrize("ident", ALGORITHM_IDS)
def test_algorithm_entry_is_complete(catalog, ident):
    a = catalog.algorithms[ident]
    assert a.summary and a.use_cases and a.pitfalls and a.alternatives
    assert a.training_input and a.input_modes and a.channels
    assert a.key_hyperparameters
    assert a.objective_metrics or a.metric_note
    assert a.required_hyperparameters or a.hyperparameter_note
    assert set(a.problem_types) <= set(PROBLEM_TYPES)
    # Pipe mode claimed overall iff some input format works in Pipe mode.
    assert a.pipe_mode == any("Pipe" in f.modes for f in a.training_input)
    for h in a.key_hyperparameters:
        assert h.conservative in ("higher", "lower", "neither")


@pytest.mark.parametrize("ident", SERVICE_IDS)
def test_service_entry_is_complete(catalog, ident):
    s = catalog.services[ident]
    assert s.summary and s.use_cases and s.prefer_when and s.choose_custom_when


def test_alternatives_cover_the_classic_confusions(catalog):
    pairs = [("object2vec", "blazingtext"), ("lda", "ntm"), ("random-cut-forest", "ip-insights"),
             ("knn", "kmeans"), ("xgboost", "catboost"), ("xgboost", "lightgbm")]
    for a, b in pairs:
        assert b in {x.ref for x in catalog.algorithms[a].alternatives}, (a, b)
    assert any("ARIMA" in x.ref for x in catalog.algorithms["deepar"].alternatives)
    assert any("t-SNE" in x.ref for x in catalog.algorithms["pca"].alternatives)


def test_every_suggested_instance_exists_for_its_phase(catalog):
    valid = load_instance_types()
    bad = []
    for a in catalog.algorithms.values():
        bad += [(a.id, t) for t in a.instances.suggested_training if not valid.valid(t, "training")]
        bad += [(a.id, t) for t in a.instances.suggested_inference if not valid.valid(t, "hosting")]
    assert bad == []


def test_instance_enums_match_the_botocore_counts_they_came_from():
    v = load_instance_types()
    assert "botocore" in v.source
    assert (len(v.by_phase["training"]), len(v.by_phase["hosting"]),
            len(v.by_phase["transform"])) == (145, 271, 108)
    # Facts from the enums (FACTS B.5.1): inf1 hosts but does not train; t3 trains only.
    assert v.valid("ml.inf1.xlarge", "hosting") and not v.valid("ml.inf1.xlarge", "training")
    assert v.valid("ml.t3.medium", "training") and not v.valid("ml.t3.medium", "hosting")
    assert v.valid("ml.c5.large", "hosting") and not v.valid("ml.c5.large", "training")


def test_catalog_frame_is_derived_from_the_catalog(catalog):
    frame = catalog.to_frame()
    assert len(frame) == len(catalog.algorithms)
    row = frame.set_index("id").loc["lda"]
    assert not row["multi_instance"] and row["gpu_training"] == "none"


def test_comprehend_is_not_offered_for_summarisation_and_the_card_says_why():
    """Usability report: 'Amazon Comprehend ... Fits text summarisation'; it does not
    summarise."""
    from sagewise.knowledge.recommend import load_decision, recommend

    dd = load_decision()
    assert "amazon-comprehend" not in dd.sets["summarization"].ids
    rec = recommend({"task": "transform_text", "text_transform": "summarize"})
    assert "amazon-comprehend" not in [r.id for r in rec.ranked]
    svc = load_catalog().services["amazon-comprehend"]
    assert any("summar" in c.older_claim.lower() and "no summarisation" in c.current_fact
               for c in svc.corrections)


def test_rcf_card_no_longer_points_to_kinesis_data_analytics():
    """The RCF SQL function lived in Kinesis Data Analytics for SQL, now discontinued."""
    from sagewise.knowledge.cards import algorithm_markdown

    rcf = load_catalog().algorithms["random-cut-forest"]
    assert not any("Kinesis / Flink analytics" in u for u in rcf.use_cases)
    fixes = [c for c in rcf.corrections if "Kinesis Data Analytics" in c.older_claim]
    assert fixes and "discontinued" in fixes[0].current_fact
    assert "27 January 2026" in algorithm_markdown(rcf)
