"""``python -m knowledge profile``: the PRODUCT.md contract and its errors."""

from __future__ import annotations

import json

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.data.samples import write_known_properties


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    return write_known_properties(tmp_path_factory.mktemp("cli"), 1500, "csv")


def test_profile_json_contract(csv_path, capsys):
    assert main(["profile", str(csv_path), "--target", "fraud", "--time-column",
                 "signup_time", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 1530
    assert {c["name"]: c["kind"] for c in out["columns"]}["comment"] == "text"
    assert set(out["columns"][0]) >= {"name", "kind", "missing_fraction", "unique", "skew"}
    assert out["target"]["problem"] == "binary"
    assert out["target"]["minority_fraction"] == pytest.approx(0.01, abs=0.002)
    ids = {a["id"] for a in out["advice"]}
    assert {"time-split", "class-imbalance", "leakage", "drop-id"} <= ids
    assert out["answers"]["class_balance"] == "imbalanced"


def test_profile_text_shape_convert_and_sql(csv_path, tmp_path, capsys):
    out_file = tmp_path / "train.csv"
    assert main(["profile", str(csv_path), "--target", "fraud", "--algorithm", "xgboost",
                 "--convert", str(out_file), "--athena-table", "db.customers"]) == 0
    text = capsys.readouterr().out
    assert "Advice:" in text and "SageMaker input for xgboost: text/csv" in text
    assert "approx_distinct" in text and out_file.exists()


@pytest.mark.parametrize("argv, flag", [
    (["--target", "nope"], "--target"),
    (["--target", "country"], "--target"),
    (["--time-column", "plan"], "--time-column"),
    (["--algorithm", "nope", "--target", "fraud"], "--algorithm"),
    (["--convert", "x.csv"], "--convert"),
    (["--algorithm", "factorization-machines", "--target", "fraud", "--content-type",
      "text/csv"], "--content-type"),
])
def test_bad_arguments_exit_2_naming_the_flag(csv_path, capsys, argv, flag):
    assert main(["profile", str(csv_path), *argv, "--json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"argument {flag}:" in err[0]


def test_bad_files_exit_2_naming_file(tmp_path, capsys):
    p = tmp_path / "x.parquet"
    p.write_bytes(b"not parquet at all")
    assert main(["profile", str(p)]) == 2
    err = capsys.readouterr().err
    assert "argument FILE: x.parquet: named Parquet but has no Parquet header" in err
    assert main(["profile", str(tmp_path / "missing.csv")]) == 2
