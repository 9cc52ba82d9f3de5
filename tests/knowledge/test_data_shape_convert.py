"""SageMaker input shapes from the catalog, and Convert's files read back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.data.convert import convert
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.report import analyse
from sagewise.knowledge.data.samples import (
    known_properties,
    write_known_properties,
    write_series,
)
from sagewise.knowledge.data.shape import layout_for, load_layouts, sagemaker_shape
from sagewise.knowledge.errors import Cancelled, InputError, KnowledgeError


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = write_known_properties(tmp_path_factory.mktemp("shape"), 2000, "parquet")
    return analyse(profile_file(path), target="fraud")


def test_every_catalog_content_type_has_a_layout():
    for algo in load_catalog().algorithms.values():
        for ct in algo.training_content_types:
            assert layout_for(ct, algo.id) is not None, (algo.id, ct)
    assert all(lay.writable or lay.how for lay in load_layouts())


def test_shapes_follow_the_catalog(report):
    assert sagemaker_shape("xgboost", report).content_type == "text/csv"
    assert sagemaker_shape("kmeans", report).content_type == "text/csv;label_size=0"
    fm = sagemaker_shape("factorization-machines", report)
    assert fm.content_type == "application/x-recordio-protobuf" and not fm.writable
    assert "sagemaker.amazon.common import write_numpy_to_dense_tensor" in fm.how
    assert fm.writes == "text/csv"      # Convert prepares the numbers the SDK call reads
    deepar = sagemaker_shape("deepar", analyse(report.profile, "amount", "signup_time"))
    assert deepar.content_type == "application/jsonlines" and "dynamic_feat" in deepar.layout
    with pytest.raises(InputError, match="trains on application/x-recordio-protobuf"):
        sagemaker_shape("factorization-machines", report, "text/csv")
    with pytest.raises(InputError, match="not a SageMaker built-in"):
        sagemaker_shape("random-forest", report)
    with pytest.raises(InputError, match="choose the target"):
        sagemaker_shape("xgboost", analyse(report.profile))


def test_csv_is_label_first_without_header_and_numeric(report, tmp_path):
    shape = sagemaker_shape("linear-learner", report)
    res = convert(report, shape, tmp_path / "train.csv")
    data = np.loadtxt(res.path, delimiter=",")
    df = known_properties(2000)
    assert data.shape == (len(df), 1 + len(res.feature_names))
    assert set(np.unique(data[:, 0])) == {0.0, 1.0}
    assert data[:, 0].sum() == df["fraud"].sum()
    assert not np.isnan(data).any()                      # Linear Learner: imputed
    assert "fraud_flag_copy" not in " ".join(res.feature_names)   # the leak is dropped
    assert "customer_id" not in res.feature_names and "country" not in res.feature_names
    assert [n for n in res.feature_names if n.startswith("plan=")] == \
        [f"plan={v}" for v in ("team", "pro", "plus", "basic")] or \
        len([n for n in res.feature_names if n.startswith("plan=")]) == 4
    side = json.loads(Path(res.sidecar).read_text())
    assert side["features"] == res.feature_names and side["label_classes"] == ["0", "1"]


def test_xgboost_keeps_gaps_and_libsvm(report, tmp_path):
    res = convert(report, sagemaker_shape("xgboost", report), tmp_path / "x.csv")
    first = Path(res.path).read_text().splitlines()
    age = res.feature_names.index("age") + 1
    assert any(line.split(",")[age] == "" for line in first)   # missing stays missing
    lib = convert(report, sagemaker_shape("xgboost", report, "text/libsvm"),
                  tmp_path / "x.libsvm")
    line = Path(lib.path).read_text().splitlines()[0].split()
    assert line[0] in ("0", "1") and all(":" in t for t in line[1:])


def test_deepar_json_lines(tmp_path):
    prof = profile_file(write_series(tmp_path / "s", series=5, days=20))
    r = analyse(prof, target="sales", time_column="day")
    res = convert(r, sagemaker_shape("deepar", r), tmp_path / "train.jsonl")
    lines = [json.loads(x) for x in Path(res.path).read_text().splitlines()]
    assert len(lines) == 5
    assert lines[0]["start"] == "2024-01-01 00:00:00" and len(lines[0]["target"]) == 20
    assert [x["cat"] for x in lines] == [[0], [1], [2], [3], [4]]


def test_blazingtext_lines(report, tmp_path):
    res = convert(report, sagemaker_shape("blazingtext", report), tmp_path / "bt.txt")
    line = Path(res.path).read_text().splitlines()[0]
    assert line.startswith(("__label__0 ", "__label__1 "))


def test_convert_refuses_and_cancels_cleanly(report, tmp_path):
    with pytest.raises(KnowledgeError, match="overwrite the source"):
        convert(report, sagemaker_shape("xgboost", report), report.profile.path)
    out = tmp_path / "c.csv"
    with pytest.raises(Cancelled):
        convert(report, sagemaker_shape("xgboost", report), out, cancelled=lambda: True)
    assert not out.exists() and not list(tmp_path.glob(".c.csv*"))
    with pytest.raises(KnowledgeError, match="not written by SageWise"):
        convert(report, sagemaker_shape("seq2seq", report), tmp_path / "s.rec")


def test_regression_rows_without_target_are_left_out(tmp_path):
    df = pd.DataFrame({"x": np.arange(100.0), "y": [np.nan if i % 10 == 0 else i * 2.0
                                                     for i in range(100)]})
    p = tmp_path / "r.csv"
    df.to_csv(p, index=False)
    r = analyse(profile_file(p), target="y")
    res = convert(r, sagemaker_shape("xgboost", r), tmp_path / "o.csv")
    assert res.rows_written == 90 and res.rows_skipped == 10
