"""Scaling, endpoint autoscaling, hyperparameter formulas, instance choice, limits data."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.instance_types import load_instance_types
from sagewise.knowledge.sizing.endpoint import MAX_INSTANCES, autoscaling
from sagewise.knowledge.sizing.hyperparams import (
    ip_insights_entity_vectors,
    rcf_samples_per_tree,
    xgboost_scale_pos_weight,
)
from sagewise.knowledge.sizing.instances import (
    load_instance_specs,
    parse_instances,
    recommend_instances,
)
from sagewise.knowledge.sizing.limits import load_limits, load_limits_from
from sagewise.knowledge.sizing.scaling import scale, warmup_schedule

# ---------------------------------------------------------------- scaling


def test_goyal_resnet50_example():
    r = scale(base_lr=0.1, base_batch=256, per_device_batch=32, devices=8, instances=32)
    assert r.global_batch == 8192 and r.learning_rate == pytest.approx(3.2)
    assert r.warmup_epochs == 5 and r.scale_factor == 32


def test_rules():
    assert scale(base_lr=0.1, base_batch=256, new_batch=1024, rule="sqrt").learning_rate == \
        pytest.approx(0.2)
    none = scale(base_lr=0.1, base_batch=256, new_batch=1024, rule="none")
    assert none.learning_rate == 0.1 and none.warmup_epochs == 0
    smaller = scale(base_lr=0.1, base_batch=256, new_batch=128)
    assert smaller.learning_rate == pytest.approx(0.05) and smaller.warmup_epochs == 0


def test_warnings_where_the_rule_breaks_down():
    big = scale(base_lr=0.1, base_batch=256, new_batch=16384)
    assert any("8,192" in w for w in big.warnings)
    no_warm = scale(base_lr=0.1, base_batch=256, new_batch=2048, warmup_epochs=0)
    assert any("no warmup" in w for w in no_warm.warnings)
    adam = scale(base_lr=1e-3, base_batch=32, new_batch=256, optimizer="adam")
    assert any("square root" in w for w in adam.warnings)
    ll = scale(base_lr=0.1, base_batch=256, per_device_batch=256, devices=8, instances=1,
               algorithm="linear-learner")
    assert any("multi-GPU" in w for w in ll.warnings)
    llm = scale(base_lr=3e-4, base_batch=512, new_batch=2048, sequence_length=4096)
    assert any("tokens" in w for w in llm.warnings)


def test_warmup_schedule_ramps_then_holds():
    r = scale(base_lr=0.1, base_batch=256, new_batch=2048)
    pts = warmup_schedule(r, 0.1, 10, points=11)
    assert pts[0] == (0.0, 0.1) and pts[5][1] == pytest.approx(0.8) and pts[-1][1] == 0.8
    assert [lr for _, lr in pts] == sorted(lr for _, lr in pts)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"base_lr": 0, "base_batch": 256, "new_batch": 512}, "base_lr"),
    ({"base_lr": 0.1, "base_batch": -1, "new_batch": 512}, "base_batch"),
    ({"base_lr": 0.1, "base_batch": 256, "new_batch": 0.5}, "new_batch"),
    ({"base_lr": 0.1, "base_batch": 256}, "per_device_batch"),
    ({"base_lr": 0.1, "base_batch": 256, "new_batch": 512, "devices": 2}, "new_batch"),
    ({"base_lr": 0.1, "base_batch": 256, "per_device_batch": 32, "devices": 0}, "devices"),
    ({"base_lr": float("nan"), "base_batch": 256, "new_batch": 512}, "base_lr"),
    ({"base_lr": 0.1, "base_batch": 256, "new_batch": 512, "rule": "cubic"}, "rule"),
])
def test_scaling_bad_inputs(kwargs, field):
    with pytest.raises(InputError) as info:
        scale(**kwargs)
    assert info.value.field == field


@given(st.integers(1, 4096), st.integers(1, 4096))
def test_linear_lr_is_monotone_in_batch(a, b):
    lo, hi = sorted((a, b))
    r1 = scale(base_lr=0.1, base_batch=256, new_batch=lo)
    r2 = scale(base_lr=0.1, base_batch=256, new_batch=hi)
    assert r1.learning_rate <= r2.learning_rate

# ---------------------------------------------------------------- endpoint


def test_aws_formula_and_two_instance_minimum():
    r = autoscaling(max_rps=3)
    assert r.invocations_per_instance == 90 and r.instances == 2  # 3 x 0.5 x 60
    assert autoscaling(max_rps=100, safety_factor=0.5, peak_rps=1000).instances == 20
    assert autoscaling(max_rps=10, peak_rps=12).instances == 3     # ceil(12 / 5)
    assert autoscaling(max_rps=200, per_minute=True).invocations_per_instance == 100


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"max_rps": 0}, "max_rps"), ({"max_rps": -3}, "max_rps"),
    ({"max_rps": 3, "safety_factor": 1.5}, "safety_factor"),
    ({"max_rps": 3, "safety_factor": 0}, "safety_factor"),
    ({"max_rps": 3, "peak_rps": -1}, "peak_rps"),
])
def test_endpoint_bad_inputs(kwargs, field):
    with pytest.raises(InputError) as info:
        autoscaling(**kwargs)
    assert info.value.field == field


@given(st.floats(0.1, 1e4), st.floats(0.05, 1), st.floats(0, 1e6), st.floats(1, 10))
def test_more_peak_traffic_never_needs_fewer_instances(rps, sf, peak, factor):
    assume(peak * factor / (rps * sf) < MAX_INSTANCES)  # beyond it: refused (tested below)
    a = autoscaling(max_rps=rps, safety_factor=sf, peak_rps=peak)
    b = autoscaling(max_rps=rps, safety_factor=sf, peak_rps=peak * factor)
    assert b.instances >= a.instances >= 2

# ---------------------------------------------------------------- hyperparameters


def test_hyperparameter_formulas():
    assert ip_insights_entity_vectors(1_000_000)["num_entity_vectors"] == 2_000_000
    capped = ip_insights_entity_vectors(200_000_000)
    assert capped["num_entity_vectors"] == 250_000_000 and len(capped["notes"]) == 2
    assert rcf_samples_per_tree(0.004)["num_samples_per_tree"] == 250
    assert rcf_samples_per_tree(1 / 256)["num_samples_per_tree"] == 256
    assert rcf_samples_per_tree(1e-6)["num_samples_per_tree"] == 2048
    assert rcf_samples_per_tree(1)["num_samples_per_tree"] == 1
    assert xgboost_scale_pos_weight(990, 10)["scale_pos_weight"] == 99


@pytest.mark.parametrize(("call", "field"), [
    (lambda: ip_insights_entity_vectors(0), "unique_entities"),
    (lambda: ip_insights_entity_vectors(2.5), "unique_entities"),
    (lambda: rcf_samples_per_tree(0), "anomaly_ratio"),
    (lambda: rcf_samples_per_tree(1.5), "anomaly_ratio"),
    (lambda: xgboost_scale_pos_weight(10, 0), "positives"),
    (lambda: xgboost_scale_pos_weight(0, 10), "negatives"),
])
def test_hyperparameter_bad_inputs(call, field):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field

# ---------------------------------------------------------------- instances


def test_every_catalog_instance_exists_in_the_api_enums():
    enums = load_instance_types().by_phase
    everything = enums["training"] | enums["hosting"] | enums["transform"]
    assert set(load_instance_specs()) <= everything


def test_suggestions_are_valid_for_their_phase_and_gpu_rules():
    enums = load_instance_types().by_phase
    for algo, phase, enum in (("seq2seq", "training", "training"),
                              ("kmeans", "inference", "hosting"),
                              ("xgboost", "transform", "transform")):
        r = recommend_instances(algorithm=algo, phase=phase)
        assert r.instances and all(o.type in enums[enum] for o in r.instances)
    assert all(o.gpus >= 1 for o in recommend_instances(algorithm="seq2seq").instances)
    assert all(o.gpus == 0 for o in recommend_instances(algorithm="random-cut-forest").instances)
    assert all(not o.type.startswith("ml.p2") for o in
               recommend_instances(algorithm="xgboost", gpu="require").instances)


def test_memory_bound_training_sizes_for_the_data():
    r = recommend_instances(algorithm="xgboost", dataset_gb=100, hours=3)
    first = r.instances[0]
    assert first.memory_gib * first.count >= 200 * 1e9 / 2**30  # 2 x 100 GB, in GiB
    assert first.estimated_cost_usd == pytest.approx(first.price_usd_per_hour * 3 * first.count)
    single = recommend_instances(algorithm="catboost", dataset_gb=300)
    assert all(o.count == 1 and o.memory_gib >= 600 * 1e9 / 2**30 for o in single.instances)


def test_latency_versus_throughput_for_inference():
    fast = recommend_instances(algorithm="knn", phase="inference", priority="throughput")
    assert fast.instances[0].gpus >= 1
    quick = recommend_instances(algorithm="knn", phase="inference", priority="latency")
    assert quick.instances[0].gpus == 0
    with pytest.raises(InputError):
        recommend_instances(algorithm="knn", priority="speed")


def test_file_versus_pipe_storage_and_price_overrides():
    assert recommend_instances(algorithm="linear-learner", dataset_gb=50,
                               mode="File").storage_gb == 50
    assert recommend_instances(algorithm="linear-learner", dataset_gb=50,
                               mode="Pipe").storage_gb == 0
    mine = recommend_instances(algorithm="kmeans", price_overrides={"ml.m5.xlarge": 0.01})
    row = next(o for o in mine.instances if o.type == "ml.m5.xlarge")
    assert row.price_usd_per_hour == 0.01 and row.price_source == "your price"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"algorithm": "nope"}, "algorithm"),
    ({"algorithm": "seq2seq", "gpu": "forbid"}, "gpu"),
    ({"algorithm": "random-cut-forest", "gpu": "require"}, "gpu"),
    ({"algorithm": "deepar", "mode": "Pipe"}, "mode"),
    ({"algorithm": "xgboost", "dataset_gb": -1}, "dataset_gb"),
    ({"algorithm": "xgboost", "phase": "tuning"}, "phase"),
])
def test_instances_bad_inputs(kwargs, field):
    with pytest.raises(InputError) as info:
        recommend_instances(**kwargs)
    assert info.value.field == field


def test_instance_table_validation():
    import pandas as pd

    good = pd.DataFrame([{"instance_type": "ml.m5.large", "family": "m5", "vcpu": 2,
                          "memory_gib": 8, "gpus": 0, "gpu_model": "", "gpu_memory_gib": "",
                          "price_usd_per_hour": 0.1, "price_source": "x", "notes": "",
                          "spec_source": "EC2", "as_of": "2026"}])
    assert "ml.m5.large" in parse_instances(good)
    with pytest.raises(KnowledgeError, match="missing column"):
        parse_instances(good.drop(columns=["as_of"]))
    bad = good.assign(price_source="")
    with pytest.raises(KnowledgeError, match="entry 'ml.m5.large'.*price_source"):
        parse_instances(bad)
    with pytest.raises(KnowledgeError, match="vcpu"):
        parse_instances(good.assign(vcpu=0))

# ---------------------------------------------------------------- limits data


def test_every_limit_has_a_source_and_date():
    for lim in load_limits().values():
        assert lim.source and lim.as_of and math.isfinite(lim.value)


def test_broken_limits_file_names_the_entry(resources_copy):
    f = resources_copy / "limits.toml"
    f.write_text(f.read_text().replace('value = 1000\nunit = "records/s"',
                                       'value = -1000\nunit = "records/s"', 1))
    with pytest.raises(KnowledgeError, match="kinesis.shard_write_records_per_s.*value"):
        load_limits_from(resources_copy)


def test_instance_table_read_without_pandas_types_cells_as_pandas_does():
    import pandas as pd
    from sagewise.knowledge.paths import resources_dir
    from sagewise.knowledge.sizing.instances import load_instance_specs_from

    root = resources_dir()
    assert load_instance_specs_from(root) == parse_instances(pd.read_csv(root / "instances.csv"))
