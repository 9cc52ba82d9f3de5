"""``python -m knowledge size ...``: PRODUCT keys, readable text, bad arguments."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sagewise.knowledge.cli import main


def run_json(capsys, *argv):
    code = main(["size", *argv, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_kinesis_keys(capsys):
    d = run_json(capsys, "kinesis", "--record-kb", "3", "--records-per-second", "2000",
                 "--consumers", "3")
    assert d["shards"] == 9 and d["binding"] == "read_bandwidth"
    assert {"write_bandwidth_shards", "write_records_shards", "read_bandwidth_shards",
            "notes_formula_shards", "warnings"} <= set(d)
    d2 = run_json(capsys, "kinesis", "--write-mb-per-second", "4", "--records-per-second",
                  "100", "--efo-consumers", "2", "--headroom", "25")
    assert d2["shards"] == 5


def test_spice_keys_and_file(capsys, tmp_path):
    d = run_json(capsys, "spice", "--edition", "standard", "--rows", "30000000")
    assert d["fits"] is False and d["edition_needed"] == "enterprise"
    assert {"name", "value", "limit", "ok", "severity"} <= set(d["checks"][0])
    f = tmp_path / "x.csv"
    pd.DataFrame({"a": [1, 2], "b": ["x" * 3000, "y"]}).to_csv(f, index=False)
    d2 = run_json(capsys, "spice", "--edition", "standard", "--file", str(f))
    assert d2["file"]["rows"] == 2 and d2["fits"] is True
    field = next(c for c in d2["checks"] if c["name"] == "field")
    assert field["ok"] is False and field["severity"] == "warning"


def test_scaling_endpoint_hyperparams_instances(capsys):
    d = run_json(capsys, "scaling", "--base-lr", "0.1", "--base-batch", "256",
                 "--per-device-batch", "32", "--devices", "8", "--instances", "4")
    assert (d["global_batch"], d["learning_rate"]) == (1024, pytest.approx(0.4))
    assert {"scale_factor", "warmup_epochs", "warnings"} <= set(d)
    d = run_json(capsys, "endpoint", "--max-rps", "5", "--safety-factor", "0.5",
                 "--peak-rps", "20")
    assert d["invocations_per_instance"] == 150 and d["instances"] == 8
    assert run_json(capsys, "hyperparams", "--unique-entities", "500")["num_entity_vectors"] == 1000
    assert run_json(capsys, "hyperparams", "--anomaly-ratio", "0.01")["num_samples_per_tree"] == 100
    assert run_json(capsys, "hyperparams", "--negatives", "900", "--positives",
                    "100")["scale_pos_weight"] == 9
    d = run_json(capsys, "instances", "--algorithm", "kmeans", "--phase", "inference")
    assert {"type", "vcpu", "memory_gib", "gpus", "price_usd_per_hour"} <= set(d["instances"][0])
    assert {"gpu_training", "multi_gpu_useful", "multi_instance", "notes"} <= set(d)


def test_readable_text(capsys):
    assert main(["size", "spice", "--edition", "enterprise", "--rows", "300000000"]) == 0
    out = capsys.readouterr().out
    assert "300,000,000" in out and "250 million" in out and "e+" not in out


@pytest.mark.parametrize(("argv", "flag"), [
    (["kinesis", "--record-kb", "-1", "--records-per-second", "5"], "--record-kb"),
    (["kinesis", "--record-kb", "nan", "--records-per-second", "5"], "--record-kb"),
    (["kinesis", "--record-kb", "abc", "--records-per-second", "5"], "--record-kb"),
    (["kinesis", "--record-kb", "1"], "--records-per-second"),
    (["kinesis", "--record-kb", "1", "--records-per-second", "5", "--headroom", "-1"],
     "--headroom"),
    (["spice", "--edition", "gold"], "--edition"),
    (["spice", "--edition", "standard", "--rows", "-5"], "--rows"),
    (["spice", "--edition", "standard", "--file", "/no/such.csv"], "--file"),
    (["scaling", "--base-lr", "0.1", "--base-batch", "256"], "--per-device-batch"),
    (["scaling", "--base-lr", "0.1", "--base-batch", "256", "--new-batch", "0"],
     "--new-batch"),
    (["endpoint", "--max-rps", "0"], "--max-rps"),
    (["endpoint", "--max-rps", "3", "--safety-factor", "2"], "--safety-factor"),
    (["hyperparams"], "--unique-entities"),
    (["hyperparams", "--negatives", "5"], "--positives"),
    (["hyperparams", "--anomaly-ratio", "0"], "--anomaly-ratio"),
    (["instances", "--algorithm", "nope"], "--algorithm"),
    (["instances", "--algorithm", "seq2seq", "--gpu", "forbid"], "--gpu"),
    (["frobnicate"], "frobnicate"),
])
def test_bad_arguments_exit_2_naming_the_flag(capsys, argv, flag):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["size", *argv]))
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.count("\n") == 1 and flag in err
