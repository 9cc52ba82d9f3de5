"""The profile finds every planted property of a generated dataset, in CSV and in Parquet."""

from __future__ import annotations

import pytest
from sagewise.knowledge.data.advice import ADVICE_IDS
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.report import analyse
from sagewise.knowledge.data.samples import known_properties, write_known_properties

PRODUCT_ADVICE_IDS = ("impute-mean", "impute-median", "impute-mode", "impute-model",
                      "drop-column", "drop-id", "log-transform", "scale", "one-hot",
                      "high-cardinality", "text-features", "datetime-features",
                      "class-imbalance", "leakage", "duplicates", "outliers", "time-split",
                      "stratified-split", "pca")


@pytest.fixture(scope="module", params=["csv", "parquet"])
def report(request, tmp_path_factory):
    path = write_known_properties(tmp_path_factory.mktemp(request.param), 5000, request.param)
    return analyse(profile_file(path), target="fraud")


def _advice(report, ident):
    return {a.column for a in report.advice if a.id == ident}


def test_advice_ids_are_the_product_ids():
    assert ADVICE_IDS == PRODUCT_ADVICE_IDS


def test_every_column_kind_is_found(report):
    kinds = {c.name: c.kind for c in report.profile.columns}
    assert kinds == {"customer_id": "id", "amount": "numeric", "age": "numeric",
                     "income": "numeric", "plan": "categorical", "city": "categorical",
                     "comment": "text", "signup_time": "datetime", "country": "constant",
                     "fraud_flag_copy": "boolean", "fraud": "boolean"}


def test_counts_match_pandas(report):
    df = known_properties(5000)
    prof = report.profile
    assert prof.rows == len(df)
    assert prof.rows_exact
    for c in prof.columns:
        assert c.missing == int(df[c.name].isna().sum()), c.name
        assert c.unique == df[c.name].nunique(), c.name
        assert c.unique_exact
    amount = prof.column("amount")
    assert amount.mean == pytest.approx(df["amount"].mean())
    assert amount.std == pytest.approx(df["amount"].std())
    assert amount.skew == pytest.approx(df["amount"].skew(), rel=1e-6)
    assert prof.duplicate_rows == int(df.duplicated().sum()) == 100


def test_missing_values_are_advised_by_amount_and_kind(report):
    assert "age" in _advice(report, "impute-mean")          # 10% missing, symmetric
    assert "income" in _advice(report, "drop-column")       # 70% missing
    assert "plan" in _advice(report, "impute-mode")         # categorical gaps
    assert "country" in _advice(report, "drop-column")      # constant


def test_skew_ids_categories_text_dates(report):
    assert _advice(report, "log-transform") == {"amount"}
    assert "amount" in _advice(report, "outliers")
    assert _advice(report, "drop-id") == {"customer_id"}
    assert _advice(report, "one-hot") == {"plan"}
    assert _advice(report, "high-cardinality") == {"city"}
    assert _advice(report, "text-features") == {"comment"}
    assert _advice(report, "datetime-features") == {"signup_time"}
    assert _advice(report, "duplicates") == {None}
    assert _advice(report, "scale") == {None}


def test_target_imbalance_and_leakage(report):
    t = report.target
    assert t.problem == "binary"
    assert t.minority_fraction == pytest.approx(51 / 5100, abs=1e-3)
    assert t.minority_class == "1"
    assert _advice(report, "class-imbalance") == {"fraud"}
    assert _advice(report, "leakage") == {"fraud_flag_copy"}
    assert _advice(report, "stratified-split") == {"fraud"}
    assert not _advice(report, "time-split")


def test_wizard_answers(report):
    assert report.answers == {"task": "classify", "classify_data": "tabular",
                              "data_size": "small", "sparse": "no", "categorical": "yes",
                              "labels": "yes", "label_kind": "binary",
                              "class_balance": "imbalanced"}
    assert "1.0%" in report.evidence["class_balance"]


def test_answers_are_valid_decision_graph_ids(report):
    from sagewise.knowledge.decision import load_decision, validate_answers

    validate_answers(load_decision(), report.answers)


def test_time_column_switches_the_split(report):
    r = analyse(report.profile, target="fraud", time_column="signup_time")
    assert _advice(r, "time-split") == {"signup_time"}
    assert not _advice(r, "stratified-split")
    assert r.time.sorted is False   # the duplicate rows were appended at the end
    assert "not in time order" in next(a.why for a in r.advice if a.id == "time-split")


def test_product_json_contract(report):
    out = report.to_json()
    assert set(out) >= {"rows", "columns", "target", "advice", "answers"}
    col = out["columns"][0]
    assert list(col)[:5] == ["name", "kind", "missing_fraction", "unique", "skew"]
    assert list(out["target"])[:3] == ["name", "problem", "minority_fraction"]
    assert all(set(a) == {"id", "column", "why"} and a["id"] in ADVICE_IDS
               for a in out["advice"])
