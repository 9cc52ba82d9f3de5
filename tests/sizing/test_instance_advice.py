"""Instance advice an expert would sign: algorithm modes, memory per input mode, GPU
types, inference-only families, a reason on every row, prices or why they are unknown."""

from __future__ import annotations

import json

import pytest
from sagewise.knowledge.catalog import load_catalog, load_catalog_from
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import DataError, InputError, KnowledgeError
from sagewise.knowledge.instance_types import load_instance_types
from sagewise.knowledge.sizing.instances import (
    GIB_PER_GB,
    load_instance_specs,
    memory_need,
    recommend_instances,
)


def test_blazingtext_supervised_is_c5_under_2_gb_and_one_gpu_above():
    small = recommend_instances(algorithm="blazingtext", algorithm_mode="supervised",
                                dataset_gb=1)
    assert small.instances and all(o.type.startswith("ml.c5.") and o.gpus == 0
                                   for o in small.instances)
    big = recommend_instances(algorithm="blazingtext", algorithm_mode="supervised",
                              dataset_gb=5)
    assert big.instances and all(o.gpus == 1 for o in big.instances)
    assert big.instances[0].type == "ml.p3.2xlarge"
    assert not big.multi_instance and big.algorithm_mode == "supervised"


def test_blazingtext_modes_change_scaling_and_gpu_use():
    batch = recommend_instances(algorithm="blazingtext", algorithm_mode="batch_skipgram")
    assert batch.multi_instance and all(o.gpus == 0 for o in batch.instances)
    with pytest.raises(InputError) as info:
        recommend_instances(algorithm="blazingtext", algorithm_mode="batch_skipgram",
                            gpu="require")
    assert info.value.field == "gpu"
    skip = recommend_instances(algorithm="blazingtext", algorithm_mode="skipgram")
    assert not skip.multi_instance and skip.multi_gpu_useful
    # FACTS D / the card's correction: cbow and skipgram use one instance with one or
    # more GPUs, so a multi-GPU instance is not excluded as "the wrong size"
    assert not any("single-GPU instance is the right size" in e["why"]
                   for e in skip.excluded)
    assert any(o.gpus > 1 and "all" in "; ".join(o.reasons) for o in skip.instances)
    # without a mode, every GPU counts only in cbow or skipgram (supervised uses one)
    any_mode = recommend_instances(algorithm="blazingtext")
    assert any_mode.multi_gpu_only_with == "mode=cbow or mode=skipgram"


def test_without_a_mode_the_advice_says_it_depends_on_one():
    r = recommend_instances(algorithm="blazingtext")
    assert any("supervised" in n and "mode" in n for n in r.notes)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"algorithm": "blazingtext", "algorithm_mode": "classify"}, "algorithm_mode"),
    ({"algorithm": "linear-learner", "algorithm_mode": "supervised"}, "algorithm_mode"),
    ({"algorithm": "xgboost", "algorithm_mode": "dask-gpu", "mode": "Pipe"}, "mode"),
    ({"algorithm": "xgboost", "mode": "Stream"}, "mode"),
])
def test_bad_modes_name_the_input(kwargs, field):
    with pytest.raises(InputError) as info:
        recommend_instances(**kwargs)
    assert info.value.field == field


def test_fastfile_is_an_input_mode_and_streams():
    r = recommend_instances(algorithm="linear-learner", dataset_gb=20, mode="FastFile")
    assert r.storage_gb == 0 and r.memory_need_gib is None and r.input_mode == "FastFile"


@pytest.mark.parametrize("algo", ["linear-learner", "xgboost", "blazingtext", "kmeans",
                                  "catboost", "deepar"])
def test_no_training_instance_below_the_memory_need(algo):
    r = recommend_instances(algorithm=algo, dataset_gb=20)
    need = r.memory_need_gib
    assert need == pytest.approx(20 * GIB_PER_GB * (2 if algo in ('xgboost', 'catboost') else 1),
                                 abs=1e-3)
    assert r.instances
    for o in r.instances:
        assert o.memory_gib * o.count >= need, o
    assert "ml.t3.medium" not in [o.type for o in r.instances]


def test_memory_rule_per_input_mode():
    ll = load_catalog().algorithms["linear-learner"]
    xgb = load_catalog().algorithms["xgboost"]
    assert memory_need(ll, 20, "File")[0] == pytest.approx(20 * GIB_PER_GB)
    assert memory_need(ll, 20, None)[0] == pytest.approx(20 * GIB_PER_GB)  # File default
    assert memory_need(ll, 20, "Pipe")[0] is None
    assert memory_need(ll, 20, "FastFile")[0] is None
    for mode in ("File", "Pipe", "FastFile"):  # in-memory: whatever the input mode
        assert memory_need(xgb, 20, mode)[0] == pytest.approx(40 * GIB_PER_GB)
    assert "Pipe" in memory_need(ll, 20, "Pipe")[1]


def test_single_instance_algorithms_exclude_small_instances_with_the_reason():
    r = recommend_instances(algorithm="catboost", dataset_gb=50)
    assert all(o.count == 1 for o in r.instances)
    small = next(e for e in r.excluded if e["type"] == "ml.m5.large")
    assert "GiB needed" in small["why"] and "one instance" in small["why"]


def test_deepar_lists_gpu_types_when_gpus_are_allowed_and_multi_gpu_helps():
    r = recommend_instances(algorithm="deepar", gpu="allow")
    assert r.multi_gpu_useful
    assert any(o.gpus == 0 for o in r.instances)
    assert any(o.gpus >= 1 for o in r.instances)
    assert any(o.gpus > 1 for o in r.instances)  # a multi-GPU type too
    assert r.instances[0].gpus == 0  # CPU is still the documented start


def test_inference_only_types_never_appear_for_training():
    training = load_instance_types().by_phase["training"]
    for algo in load_catalog().algorithms:
        for gpu in ("allow", "require"):
            try:
                r = recommend_instances(algorithm=algo, gpu=gpu, limit_results=100)
            except InputError:
                continue
            for o in r.instances:
                assert o.type in training
                assert not o.type.startswith(("ml.inf1.", "ml.inf2."))
    r = recommend_instances(algorithm="image-classification", limit_results=100)
    inf1 = [e for e in r.excluded if e["type"].startswith("ml.inf1.")]
    assert inf1 and all("hosting only" in e["why"] for e in inf1)


@pytest.mark.parametrize("kwargs", [
    {"algorithm": "image-classification", "gpu": "require"},
    {"algorithm": "seq2seq"},
    {"algorithm": "deepar"},
    {"algorithm": "xgboost", "dataset_gb": 20},
    {"algorithm": "knn", "phase": "inference", "priority": "latency"},
    {"algorithm": "blazingtext", "algorithm_mode": "supervised", "dataset_gb": 5},
])
def test_every_row_says_why(kwargs):
    r = recommend_instances(limit_results=100, **kwargs)
    assert r.instances
    assert all(o.reasons and all(x.strip() for x in o.reasons) for o in r.instances)


def test_blank_prices_say_why_they_are_unknown():
    specs = load_instance_specs()
    blanks = [s for s in specs.values() if s.price_usd_per_hour is None]
    assert blanks
    assert all(s.price_source.startswith("unknown:") and len(s.price_source) > 10
               for s in blanks)
    conflict = specs["ml.g4dn.2xlarge"]
    assert "disagree" in conflict.price_source


def test_cli_algorithm_mode_and_fastfile(capsys):
    assert main(["size", "instances", "--algorithm", "blazingtext", "--algorithm-mode",
                 "supervised", "--dataset-gb", "1", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {i["type"].split(".")[1] for i in d["instances"]} == {"c5"}
    assert main(["size", "instances", "--algorithm", "blazingtext", "--algorithm-mode",
                 "supervised", "--dataset-gb", "5", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {i["gpus"] for i in d["instances"]} == {1}
    assert main(["size", "instances", "--algorithm", "linear-learner", "--mode", "FastFile",
                 "--json"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["size", "instances", "--algorithm", "blazingtext",
                               "--algorithm-mode", "x"]))
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.count("\n") == 1 and "--algorithm-mode" in err


def test_broken_mode_guidance_is_a_data_error(resources_copy):
    f = resources_copy / "algorithms" / "blazingtext.toml"
    f.write_text(f.read_text().replace('gpu_from_gb = 2', 'gpu_from_gb = "two"', 1))
    with pytest.raises(DataError) as info:
        load_catalog_from(resources_copy)
    assert isinstance(info.value, KnowledgeError)
    assert info.value.file == "algorithms/blazingtext.toml"
    assert info.value.entry == "blazingtext"
    assert "gpu_from_gb" in info.value.field


def test_blazingtext_supervised_pipe_is_cpu_only_as_the_card_says():
    """Usability report: the README example (supervised, 5 GB, Pipe) offered only GPUs,
    while Pipe here means the augmented manifest, which runs on CPU only."""
    r = recommend_instances(algorithm="blazingtext", algorithm_mode="supervised",
                            dataset_gb=5, mode="Pipe")
    assert r.instances and all(o.gpus == 0 and o.type.startswith("ml.c5.")
                               for o in r.instances)
    assert r.gpu_training == "none"
    text = " ".join(r.notes)
    assert "augmented manifest" in text and "File mode" in text
    assert any(e["type"] == "ml.p3.2xlarge" and "CPU only" in e["why"] for e in r.excluded)
    with pytest.raises(InputError) as info:
        recommend_instances(algorithm="blazingtext", algorithm_mode="supervised",
                            dataset_gb=5, mode="Pipe", gpu="require")
    assert info.value.field == "gpu" and "File mode" in info.value.detail
    # File mode keeps the documented single GPU from 2 GB on
    f = recommend_instances(algorithm="blazingtext", algorithm_mode="supervised",
                            dataset_gb=5, mode="File")
    assert f.instances and all(o.gpus == 1 for o in f.instances)


def test_xgboost_without_a_mode_says_all_gpus_are_used_only_with_dask():
    r = recommend_instances(algorithm="xgboost", dataset_gb=5)
    multi = [o for o in r.instances if o.gpus > 1]
    assert multi
    for o in multi:
        why = "; ".join(o.reasons)
        assert f"all {o.gpus} GPUs used only with use_dask_gpu_training=true" in why
        assert f"otherwise 1 of {o.gpus}" in why
    from sagewise.knowledge.sizing.report import instances_markdown
    assert "several GPUs help only with use_dask_gpu_training=true" in instances_markdown(r)
    dask = recommend_instances(algorithm="xgboost", dataset_gb=5, algorithm_mode="dask-gpu")
    assert any(f"all {o.gpus} GPUs used" in o.reasons for o in dask.instances if o.gpus > 1)
    # Dask rejects Pipe: in Pipe mode no instance claims all its GPUs
    pipe = recommend_instances(algorithm="xgboost", dataset_gb=5, mode="Pipe")
    assert not any("all " in r_ and "GPUs used" in r_ for o in pipe.instances
                   for r_ in o.reasons)
    assert any("does not accept Pipe mode" in n for n in pipe.notes)
