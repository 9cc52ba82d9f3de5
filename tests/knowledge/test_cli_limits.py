"""The command line at its limits: finite extremes named by their flag, work beyond the
machine refused up front, progress on stderr for long runs, Ctrl-C as exit 130."""

from __future__ import annotations

import json

import pytest
from sagewise.knowledge import cli
from sagewise.knowledge.sim import budget


def run(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def refused(code, err, flag):
    assert code == 2, err
    assert err.count("\n") == 1 and f"argument {flag}:" in err, err
    assert len(err) < 300, err


@pytest.mark.parametrize(("argv", "flag"), [
    (["size", "kinesis", "--record-kb", "1e308", "--records-per-second", "1"], "--record-kb"),
    (["size", "kinesis", "--record-kb", "1", "--records-per-second", "1", "--consumers",
      "1e308"], "--consumers"),
    (["size", "kinesis", "--record-kb", "1", "--records-per-second", "1",
      "--efo-consumers", "1e308"], "--efo-consumers"),
    (["size", "kinesis", "--record-kb", "1e300", "--records-per-second", "1e300"],
     "--record-kb"),
    (["size", "kinesis", "--record-kb", "1000", "--records-per-second", "1e300"],
     "--records-per-second"),
    (["size", "kinesis", "--write-mb-per-second", "1e300", "--records-per-second", "1e300"],
     "--write-mb-per-second"),
    (["size", "kinesis", "--write-mb-per-second", "1000", "--records-per-second", "5e-324"],
     "--records-per-second"),
    (["size", "kinesis", "--record-kb", "1", "--records-per-second", "1e9", "--consumers",
      "10000"], "--consumers"),
    (["size", "endpoint", "--max-rps", "5e-324"], "--max-rps"),
    (["size", "endpoint", "--max-rps", "1", "--safety-factor", "5e-324"], "--safety-factor"),
    (["size", "endpoint", "--max-rps", "0.001", "--safety-factor", "0.01", "--peak-rps",
      "1e12"], "--peak-rps"),
    (["size", "scaling", "--base-lr", "0.1", "--base-batch", "32", "--new-batch", "64",
      "--instances", "nan"], "--instances"),
    (["size", "scaling", "--base-lr", "0.1", "--base-batch", "32", "--new-batch", "64",
      "--instances", "4"], "--instances"),
    (["demo", "kmeans", "--points", "100", "--k", "3", "--seed", "-1"], "--seed"),
    (["demo", "kmeans", "--points", "100", "--elbow", "1..5", "--seed", "-1"], "--seed"),
    (["demo", "qlearning", "--episodes", "10000000"], "--episodes"),
])
def test_finite_extremes_exit_2_naming_the_flag(capsys, argv, flag):
    code, out, err = run(capsys, *argv, "--json")
    refused(code, err, flag)
    assert out == ""


def test_a_subnormal_anomaly_ratio_clamps_to_the_largest_sample(capsys):
    code, out, _ = run(capsys, "size", "hyperparams", "--anomaly-ratio", "1e-320", "--json")
    data = json.loads(out)
    assert code == 0 and data["num_samples_per_tree"] == 2048
    assert "inf" not in " ".join(data["notes"]).lower()


@pytest.mark.parametrize("init", ["kmeans++", "random"])
def test_kmeans_on_values_near_1e155_is_refused_not_nan(capsys, tmp_path, init):
    f = tmp_path / "big.csv"
    f.write_text("1e155,1e155\n-1e155,2e154\n3e154,-1e155\n1e150,1\n")
    code, out, err = run(capsys, "demo", "kmeans", "--data", str(f), "--k", "2", "--init",
                         init, "--json")
    refused(code, err, "--data")
    assert "overflow" in err


def test_kmeans_on_large_but_safe_values_is_finite_json(capsys, tmp_path):
    f = tmp_path / "big.csv"
    f.write_text("1e100,1e100\n-1e100,2e99\n3e99,-1e100\n1e99,1\n")
    code, out, _ = run(capsys, "demo", "kmeans", "--data", str(f), "--k", "2", "--json")
    assert code == 0
    json.loads(out, parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))


@pytest.mark.parametrize(("argv", "flag", "why"), [
    (["demo", "kmeans", "--points", "1e6", "--elbow", "1..50"], "--elbow", "minutes"),
    (["demo", "kmeans", "--points", "5e6", "--k", "100", "--mode", "sagemaker",
      "--extra-center-factor", "10"], "--extra-center-factor", "GB of memory"),
    (["demo", "kmeans", "--points", "1e6", "--k", "50", "--mode", "minibatch",
      "--batches", "100000"], "--batches", "would take about"),
    (["demo", "kmeans", "--points", "5e6", "--k", "2000"], "--k", "GB of memory"),
])
def test_work_beyond_the_machine_is_refused_up_front(capsys, argv, flag, why):
    code, _, err = run(capsys, *argv, "--json")
    refused(code, err, flag)
    assert why in err


def test_the_cost_estimates_grow_with_their_arguments():
    small = budget.elbow_cost(10_000, 2, 1, 10)
    assert not small.too_big()
    assert budget.elbow_cost(1_000_000, 2, 1, 50).too_big()
    assert budget.kmeans_cost(5_000_000, 2, 100, "sagemaker", 10).memory_bytes > 29e9
    assert budget.qlearning_cost(1000, 500, 48).seconds < budget.PROGRESS_AFTER_SECONDS


def test_long_runs_report_progress_on_stderr_and_give_the_same_answer(capsys, monkeypatch):
    argv = ["demo", "qlearning", "--env", "cliff", "--episodes", "300", "--json"]
    code, quiet, err = run(capsys, *argv)
    assert code == 0 and err == ""
    monkeypatch.setattr(budget, "PROGRESS_AFTER_SECONDS", 0.0)
    code, loud, err = run(capsys, *argv)
    assert code == 0 and json.loads(loud) == json.loads(quiet)
    lines = err.splitlines()
    assert len(lines) == 10 and lines[-1].endswith("100%") and "300 episodes" in lines[0]


def test_elbow_progress_on_stderr(capsys, monkeypatch):
    monkeypatch.setattr(budget, "PROGRESS_AFTER_SECONDS", 0.0)
    code, out, err = run(capsys, "demo", "kmeans", "--points", "300", "--elbow", "1..5",
                         "--json")
    assert code == 0 and json.loads(out)["elbow"] >= 1
    assert err.splitlines()[-1].endswith("100%")


@pytest.mark.parametrize("where", ["handler", "renderer"])
def test_ctrl_c_prints_one_line_and_exits_130(capsys, monkeypatch, where):
    from sagewise.knowledge.cli import size

    def interrupt(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(size, "cmd_size" if where == "handler" else "text_size", interrupt)
    code, out, err = run(capsys, "size", "endpoint", "--max-rps", "10")
    assert code == 130 and out == ""
    assert err.count("\n") == 1 and "interrupted" in err


def test_ctrl_c_in_a_real_process_exits_130(tmp_path):
    """SIGINT to ``python -m knowledge`` during a long run: one line, exit 130."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "knowledge", "demo", "qlearning",
                             "--env", "frozen8", "--episodes", "1000000", "--json"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(1.5)  # past the imports, inside training
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert out == "" and err.strip().splitlines()[-1].endswith("nothing was written")
    assert "Traceback" not in err
