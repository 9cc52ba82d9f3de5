"""The command line: JSON keys, readable text, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sagewise.knowledge.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_recommend_describe_json(capsys):
    code, out, err = run(capsys, "recommend", "--describe",
                         "Detect abnormal readings from IoT sensors; nothing is labelled.", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"answers", "recommendations", "metric", "suggestions"} <= set(data)
    assert data["recommendations"][0]["algorithm"] == "random-cut-forest"
    assert all({"algorithm", "score", "reasons"} <= set(r) for r in data["recommendations"])


def test_recommend_answers_file(tmp_path, capsys):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"answers": {"task": "forecast", "series_count": "many"}}))
    code, out, _ = run(capsys, "recommend", "--answers", str(f), "--json")
    data = json.loads(out)
    assert code == 0 and data["recommendations"][0]["algorithm"] == "deepar"
    assert data["answers"] == {"task": "forecast", "series_count": "many"}


def test_recommend_text_output(capsys):
    code, out, _ = run(capsys, "recommend", "--describe", "Translate documents from Spanish "
                       "to English with our own parallel corpus")
    assert code == 0 and "Recommendations (best first):" in out and "Seq2Seq" in out


def test_set_overrides_an_answer(capsys):
    _, out, _ = run(capsys, "recommend", "--describe", "transcribe phone calls to text",
                       "--set", "managed=prefer_managed", "--json")
    assert json.loads(out)["recommendations"][0]["algorithm"] == "amazon-transcribe"


@pytest.mark.parametrize(("argv", "named"), [
    (["recommend"], "--describe"),
    (["recommend", "--describe", ""], "--describe"),
    (["recommend", "--describe", "x", "--answers", "y"], "--answers"),
    (["recommend", "--answers", "/no/such/file.json"], "--answers"),
    (["recommend", "--describe", "group customers", "--set", "oops"], "--set"),
    (["recommend", "--describe", "group customers", "--set", "gpu=maybe"], "--set"),
    (["confusion", "--tp", "1", "--fp", "-2", "--fn", "0", "--tn", "1"], "--fp"),
    (["confusion", "--tp", "nan", "--fp", "2", "--fn", "0", "--tn", "1"], "--tp"),
    (["confusion", "--tp", "x", "--fp", "2", "--fn", "0", "--tn", "1"], "--tp"),
    (["show", "no-such-algorithm"], "ID"),
    (["frobnicate"], "frobnicate"),
])
def test_bad_arguments_exit_2_with_one_line_naming_the_argument(capsys, argv, named):
    with pytest.raises(SystemExit) as info:
        code = main(argv)
        raise SystemExit(code)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.count("\n") == 1 and named in err


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]",
                                     b'{"task": "fly"}', b'{"task": 7}'])
def test_malformed_answers_files(tmp_path, capsys, content):
    f = tmp_path / "a.json"
    f.write_bytes(content)
    code, _, err = run(capsys, "recommend", "--answers", str(f))
    assert code == 2 and "--answers" in err and err.count("\n") == 1


def test_other_commands(capsys):
    code, out, _ = run(capsys, "catalog", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["algorithms"]) == 23 and len(data["services"]) == 9
    code, out, _ = run(capsys, "show", "kmeans", "--json")
    assert code == 0 and json.loads(out)["id"] == "kmeans"
    code, out, _ = run(capsys, "check")
    assert code == 0 and "Data OK" in out
    code, out, _ = run(capsys, "confusion", "--tp", "5", "--fp", "0", "--fn", "5", "--tn", "0")
    assert code == 0 and "undefined" in out
    code, out, _ = run(capsys, "troubleshoot", "loss oscillating", "--json")
    assert json.loads(out)["matches"][0]["id"] == "loss_oscillating"


def test_module_entry_point_runs_as_a_process():
    out = subprocess.run([sys.executable, "-m", "knowledge", "recommend", "--describe",
                          "cluster customers by spending", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["recommendations"][0]["algorithm"] == "kmeans"
    bad = subprocess.run([sys.executable, "-m", "knowledge", "recommend"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
