"""Every catalog fact that ../shared/FACTS.md corrects, checked against the data."""

from __future__ import annotations

import pytest

from knowledge.catalog import load_catalog


@pytest.fixture(scope="module")
def c():
    return load_catalog()


def _required(c, ident):
    return {h.name for h in c.algorithms[ident].required_hyperparameters if not h.when}


def test_linear_learner_feature_dim_is_optional_and_multiclass_is_supported(c):
    ll = c.algorithms["linear-learner"]
    assert _required(c, "linear-learner") == {"predictor_type"}
    assert {h.name: h.when for h in ll.required_hyperparameters}["num_classes"]
    assert "multiclass_classification" in ll.problem_types
    assert any("feature_dim" in x.older_claim for x in ll.corrections)


def test_factorization_machines_binary_or_regression_and_protobuf_only(c):
    fm = c.algorithms["factorization-machines"]
    assert fm.training_content_types == ("application/x-recordio-protobuf",)
    assert "text/csv" not in fm.inference_content_types
    assert "multiclass_classification" not in fm.problem_types
    assert "dense" in fm.instances.training
    assert fm.corrections


def test_xgboost_formats_gpu_versions_and_objective(c):
    x = c.algorithms["xgboost"]
    assert {"text/libsvm", "text/csv", "application/x-parquet",
            "application/x-recordio-protobuf"} <= set(x.training_content_types)
    assert x.training_content_types[0] == "text/libsvm"  # the default
    facts = " ".join(k.current_fact for k in x.corrections)
    assert "1.2-2" in facts and "1.7-1" in facts and "Dask" in facts
    assert "reg:squarederror" in facts and "deprecated" in facts
    assert "memory" in x.instances.training.lower()


def test_incremental_training_list(c):
    yes = {a.id for a in c.algorithms.values() if a.incremental_training == "yes"}
    assert yes == {"image-classification", "object-detection", "semantic-segmentation"}
    assert c.algorithms["text-classification-tf"].incremental_training == "documented_on_page"


def test_pipe_mode_support_matches_the_current_parameters_table(c):
    pipe = {a.id for a in c.algorithms.values() if a.pipe_mode}
    assert pipe == {"blazingtext", "factorization-machines", "image-classification", "kmeans",
                    "knn", "lda", "linear-learner", "ntm", "object-detection", "pca",
                    "random-cut-forest", "semantic-segmentation", "xgboost"}
    lda_csv = next(f for f in c.algorithms["lda"].training_input if f.content_type == "text/csv")
    assert lda_csv.modes == ("File",)


def test_deepar_limits(c):
    d = c.algorithms["deepar"]
    assert d.instances.inference_gpu is False and "CPU only" in d.instances.inference
    text = " ".join(d.pitfalls)
    assert "300" in text and "400" in text and "ARIMA" in text


def test_single_instance_algorithms(c):
    for ident in ("seq2seq", "object2vec", "semantic-segmentation", "lda", "catboost",
                  "autogluon-tabular", "tabtransformer"):
        assert c.algorithms[ident].instances.multi_instance is False, ident
    assert c.algorithms["lda"].instances.gpu_training == "none"
    assert c.algorithms["seq2seq"].instances.gpu_training == "required"
    assert c.algorithms["semantic-segmentation"].instances.gpu_training == "required"
    assert c.algorithms["object-detection"].instances.gpu_training == "required"
    assert c.algorithms["random-cut-forest"].instances.gpu_training == "none"


def test_lightgbm_is_multi_instance_via_dask_and_kmeans_ambiguity_is_surfaced(c):
    lgb = c.algorithms["lightgbm"]
    assert lgb.instances.multi_instance and "Dask" in lgb.distributed_note
    assert "inconsistent" in c.algorithms["kmeans"].distributed_note


def test_required_hyperparameters_follow_the_current_reference(c):
    expected = {
        "knn": {"feature_dim", "k", "predictor_type", "sample_size"},
        "kmeans": {"feature_dim", "k"},
        "pca": {"feature_dim", "mini_batch_size", "num_components"},
        "lda": {"num_topics", "feature_dim", "mini_batch_size"},
        "ntm": {"feature_dim", "num_topics"},
        "deepar": {"context_length", "epochs", "prediction_length", "time_freq"},
        "ip-insights": {"num_entity_vectors", "vector_dim"},
        "blazingtext": {"mode"},
        "random-cut-forest": {"feature_dim"},
        "factorization-machines": {"feature_dim", "num_factors", "predictor_type"},
        "image-classification": {"num_classes", "num_training_samples"},
        "object-detection": {"num_classes", "num_training_samples"},
        "semantic-segmentation": {"num_classes", "num_training_samples"},
        "object2vec": {"enc0_max_seq_len", "enc0_vocab_size"},
        "xgboost": {"num_round"},
    }
    for ident, names in expected.items():
        assert _required(c, ident) == names, ident
    for ident in ("seq2seq", "text-classification-tf", "autogluon-tabular", "catboost",
                  "lightgbm", "tabtransformer"):
        assert not c.algorithms[ident].required_hyperparameters, ident
        assert c.algorithms[ident].hyperparameter_note, ident


def test_ip_insights_is_csv_and_file_only(c):
    ip = c.algorithms["ip-insights"]
    assert ip.training_content_types == ("text/csv",) and ip.input_modes == ("File",)


def test_reinforcement_learning_is_a_framework_path_with_the_correct_update(c):
    rl = c.algorithms["reinforcement-learning"]
    assert rl.builtin is False
    assert any("gamma * max" in k.current_fact for k in rl.corrections)


def test_forecast_is_closed_to_new_customers(c):
    f = c.services["amazon-forecast"]
    assert f.status == "closed_to_new_customers" and "Canvas" in f.status_note


def test_every_corrected_entry_records_the_correction(c):
    for ident in ("linear-learner", "factorization-machines", "xgboost", "deepar", "kmeans",
                  "lightgbm", "seq2seq", "object2vec", "semantic-segmentation",
                  "reinforcement-learning", "image-classification", "autogluon-tabular"):
        assert c.algorithms[ident].corrections, ident
