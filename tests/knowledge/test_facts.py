"""Every catalog fact that ../shared/FACTS.md corrects, checked against the data."""

from __future__ import annotations

import pytest
from sagewise.knowledge.catalog import load_catalog


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


# ---------------------------------------------------------------- FACTS.md Part D


@pytest.mark.parametrize("ident", ["xgboost", "linear-learner", "kmeans",
                                   "factorization-machines", "ip-insights"])
def test_gpu_inference_is_supported_where_part_d_says_so(c, ident):
    inst = c.algorithms[ident].instances
    assert inst.inference_gpu is True
    assert "GPU" in inst.inference
    assert any("inference" in k.older_claim.lower() for k in c.algorithms[ident].corrections)


def test_xgboost_libsvm_is_file_only_and_pipe_is_on_its_way_out(c):
    x = c.algorithms["xgboost"]
    modes = {t.content_type: t.modes for t in x.training_input}
    assert modes["text/libsvm"] == ("File",)
    facts = " ".join(k.current_fact for k in x.corrections)
    assert "FastFile" in facts and "3.0" in facts and "1.0, 1.2, 1.3, 1.5, 1.7" in facts


def test_linear_learner_lists_the_newer_tuning_metrics(c):
    facts = " ".join(k.current_fact for k in c.algorithms["linear-learner"].corrections)
    for m in ("validation:rmse", "validation:dcg", "validation:macro_precision",
              "validation:macro_recall", "validation:multiclass_top_k_accuracy"):
        assert m in facts


def test_blazingtext_multi_gpu_and_manifest_on_cpu(c):
    b = c.algorithms["blazingtext"]
    assert b.instances.multi_gpu is True
    manifest = [t for t in b.training_input if t.content_type == "application/jsonlines"]
    assert manifest and "CPU" in manifest[0].note


def test_image_classification_manifest_is_recordio_in_pipe_mode(c):
    ic = c.algorithms["image-classification"]
    cts = {t.content_type: t for t in ic.training_input}
    assert "application/jsonlines" not in cts
    rec = [t for t in ic.training_input if "RecordWrapperType" in t.note]
    assert rec and rec[0].content_type == "application/x-recordio" and rec[0].modes == ("Pipe",)
    assert any("TensorFlow" in k.current_fact for k in ic.corrections)


def test_kinesis_on_demand_read_maxima_and_stream_quota():
    from sagewise.knowledge.sizing.limits import limit

    assert limit("kinesis.on_demand_max_read_mib_per_s_large_regions") == 20480
    assert limit("kinesis.on_demand_max_read_mib_per_s_other_regions") == 400
    assert limit("kinesis.on_demand_streams_per_account") == 50


def test_spice_dates_are_8_bytes_and_text_is_8_plus_length():
    from sagewise.knowledge.sizing.limits import limit
    from sagewise.knowledge.sizing.spice import logical_bytes

    assert limit("spice.bytes_per_date") == 8
    assert logical_bytes(0, 1, 0, 0) == 8
    assert logical_bytes(0, 0, 5, 1) == 8 + 5


def test_spice_enterprise_shows_the_newer_maximum_beside_the_current_one():
    from sagewise.knowledge.sizing.spice import check_dataset

    text = " ".join(check_dataset(edition="enterprise", rows=10).notes)
    assert "2 billion" in text and "1 billion" in text
