"""What a usability test of the Data page found: leakage hidden in missing values,
imbalance advice for more than two classes, wizard answers that frame the whole problem,
and the rough edges of the time column, Convert and European CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.report import analyse
from sagewise.knowledge.data.samples import write_churn


@pytest.fixture(scope="module")
def churn_csv(tmp_path_factory):
    return write_churn(tmp_path_factory.mktemp("churn"))


@pytest.fixture(scope="module")
def churn_profile(churn_csv):
    return profile_file(churn_csv)


def _about(report, column):
    return [a for a in report.advice if a.column == column]


def test_a_column_filled_only_for_some_classes_is_leakage_with_its_evidence(churn_profile):
    r = analyse(churn_profile, target="status")
    leak = {d["column"]: d for d in r.target.leakage}
    assert "churn_reason_code" in leak
    why = leak["churn_reason_code"]["why"]
    assert "missing in 100% of 'active' rows and 0% of the rows" in why
    assert "'churned'" in why and "'paused'" in why
    # the only advice for it is the leak: no drop-or-flag, no imputation, no one-hot
    about = _about(r, "churn_reason_code")
    assert [a.id for a in about] == ["leakage"]
    assert "Do not impute it or add a 'was missing' flag" in about[0].why
    assert not any("keep only a 'was missing' flag" in a.why for a in r.advice)


def test_missingness_leak_in_a_binary_target_and_no_false_alarm(tmp_path):
    rng = np.random.default_rng(5)
    n = 3000
    y = (rng.random(n) < 0.2).astype(int)
    refund = np.where(y == 1, rng.normal(30, 5, n).round(2), np.nan)   # only for churners
    noise = rng.normal(0, 1, n)
    noise[rng.random(n) < 0.3] = np.nan                                # gaps unrelated to y
    zero_unless = np.where(y == 1, rng.integers(1, 9, n), 0)            # 0 = "nothing"
    df = pd.DataFrame({"refund": refund, "noise": noise, "tickets": zero_unless, "y": y})
    p = tmp_path / "b.csv"
    df.to_csv(p, index=False)
    r = analyse(profile_file(p), target="y")
    leak = {d["column"]: d["why"] for d in r.target.leakage}
    assert set(leak) == {"refund", "tickets"}
    assert "missing in 100% of '0' rows and 0% of the rows of '1'" in leak["refund"]
    assert "equal to 0" in leak["tickets"]
    assert not [a for a in r.advice if a.column == "refund" and a.id != "leakage"]


def _imbalance(report):
    return next(a.why for a in report.advice if a.id == "class-imbalance")


def test_imbalance_advice_for_three_classes_is_per_class_not_scale_pos_weight(churn_profile):
    why = _imbalance(analyse(churn_profile, target="status"))
    assert "scale_pos_weight =" not in why
    assert "3 classes" in why and "per-row sample weights" in why
    assert "paused 7" in why                      # rows / (3 x its rows) for a 4.8% class
    assert "csv_weights=1" in why and "balance_multiclass_weights=true" in why
    assert "positive_example_weight_mult" not in why
    assert "macro-averaged F1" in why and "PR AUC or F1" not in why
    # with an algorithm chosen, only its own setting
    xgb = _imbalance(analyse(churn_profile, target="status", algorithm="xgboost"))
    assert "csv_weights=1" in xgb and "balance_multiclass_weights" not in xgb
    knn = _imbalance(analyse(churn_profile, target="status", algorithm="knn"))
    assert "no class-weight setting" in knn and "oversample the rare classes" in knn


def test_imbalance_advice_for_two_classes_keeps_scale_pos_weight(tmp_path):
    y = np.zeros(2000, dtype=int)
    y[:40] = 1
    p = tmp_path / "b.csv"
    pd.DataFrame({"x": np.arange(2000) % 7, "y": y}).to_csv(p, index=False)
    r = analyse(profile_file(p), target="y")
    why = _imbalance(r)
    assert "scale_pos_weight = negatives / positives = 49" in why
    assert "positive_example_weight_mult=balanced" in why and "PR AUC" in why
    assert "balance_multiclass_weights" not in why
    ll = _imbalance(analyse(profile_file(p), target="y", algorithm="linear-learner"))
    assert "positive_example_weight_mult=balanced" in ll and "scale_pos_weight" not in ll


def test_a_chosen_target_frames_the_task_and_the_data_type(churn_profile):
    from sagewise.knowledge.decision import load_decision, validate_answers
    from sagewise.knowledge.recommend import recommend

    r = analyse(churn_profile, target="status")
    assert list(r.answers)[:2] == ["task", "classify_data"]
    assert r.answers["task"] == "classify" and r.answers["classify_data"] == "tabular"
    assert r.answers["label_kind"] == "multiclass"
    assert "'active' 71%" in r.evidence["task"] and "'paused' 5%" in r.evidence["task"]
    assert "numeric" in r.evidence["classify_data"]
    validate_answers(load_decision(), r.answers)
    rec = recommend(r.answers)
    assert rec.state.candidate_set == "tabular_classification"
    assert all(s.kind == "algorithm" for s in rec.ranked[:4])
    assert "Service-specific" not in rec.metric["name"]
    # a numeric target: regression on table rows, no classification questions
    r = analyse(churn_profile, target="monthly_charges")
    assert r.answers["task"] == "regress" and r.answers["regress_data"] == "tabular"
    assert "label_kind" not in r.answers and "class_balance" not in r.answers
    assert recommend(r.answers).state.candidate_set == "tabular_regression"


def test_free_text_only_is_text_classification(tmp_path):
    rng = np.random.default_rng(8)
    words = ["good", "bad", "slow", "fast", "refund", "love", "hate", "box", "late", "ok"]
    df = pd.DataFrame({"review": [" ".join(rng.choice(words, 8)) for _ in range(600)],
                       "label": rng.choice(["pos", "neg"], 600)})
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    r = analyse(profile_file(p), target="label")
    assert r.answers["classify_data"] == "text" and "'review'" in r.evidence["classify_data"]


def test_a_numeric_target_over_time_is_a_forecast_of_many_series(tmp_path):
    from sagewise.knowledge.data.samples import write_series

    r = analyse(profile_file(write_series(tmp_path, series=120, days=30)), target="sales",
                time_column="day")
    assert r.answers["task"] == "forecast" and r.answers["series_count"] == "many"
    assert r.evidence["series_count"].startswith("120 series, one per 'store' value")
    assert "labels" not in r.answers and "sparse" not in r.answers   # not asked for forecasts


def test_series_count_never_contradicts_itself(churn_profile):
    # signup dates repeat, but no column tells the rows apart as series: no series answer,
    # and never "one" next to "3 series (one per 'plan')"
    r = analyse(churn_profile, time_column="signup_date")
    assert r.time.series_column is None
    assert "series_count" not in r.answers
    # a real few-series table
    days = pd.date_range("2024-01-01", periods=50, freq="D").strftime("%Y-%m-%d")
    df = pd.DataFrame({"day": np.repeat(days, 3), "plant": np.tile(["a", "b", "c"], 50),
                       "load": np.arange(150.0)})
    p = Path(str(churn_profile.path)).parent / "plants.csv"
    df.to_csv(p, index=False)
    r = analyse(profile_file(p), target="load", time_column="day")
    assert r.answers["series_count"] == "one"
    assert r.evidence["series_count"] == "3 series, one per 'plant' value: fewer than 100"


def test_time_column_choices_offer_dates_first_and_never_ids(churn_profile):
    from sagewise.knowledge.data.target import time_column_choices

    choices = time_column_choices(churn_profile.columns)
    assert choices == [("signup_date", "signup_date  (dates)")]
    cols = [{"name": "week_number", "kind": "numeric"}, {"name": "order_id", "kind": "id"},
            {"name": "price", "kind": "numeric"}, {"name": "ts", "kind": "datetime"}]
    assert [n for n, _ in time_column_choices(cols)] == ["ts", "week_number"]
    # a column chosen before (a saved session) stays, labelled for what it is
    assert ("price", "price  (numeric, not a time)") in time_column_choices(cols, "price")


def _convert(profile, algorithm, out):
    from sagewise.knowledge.data.convert import convert
    from sagewise.knowledge.data.shape import sagemaker_shape

    r = analyse(profile, target="status")
    shape = sagemaker_shape(algorithm, r)
    return shape, convert(r, shape, out)


def test_convert_says_which_rows_it_left_out_and_where_the_details_are(churn_profile,
                                                                      tmp_path):
    _, res = _convert(churn_profile, "xgboost", tmp_path / "train.csv")
    assert res.rows_written == 6000 - 639 and res.rows_skipped == 639
    text = "\n".join(res.lines())
    assert "639 rows were left out: their target 'status' is empty" in text
    assert "train.csv.sagewise.json" in text
    assert (tmp_path / "train.csv.sagewise.json").exists()


def test_date_parts_that_never_change_are_not_written(churn_profile, tmp_path):
    shape, res = _convert(churn_profile, "xgboost", tmp_path / "t.csv")
    step = next(s for s in shape.steps if s.column == "signup_date")
    assert "hour" not in step.parts and "hour never changes" in step.detail
    assert "signup_date.hour" not in res.feature_names
    assert "signup_date.month" in res.feature_names
    x = np.loadtxt(tmp_path / "t.csv", delimiter=",")
    assert (x[:, 1:].std(axis=0) > 0).all()          # no constant feature written


def test_many_categories_are_hashed_for_linear_learner_and_coded_for_trees(churn_profile,
                                                                            tmp_path):
    shape, res = _convert(churn_profile, "linear-learner", tmp_path / "ll.csv")
    city = next(s for s in shape.steps if s.column == "city")
    assert city.action == "hash" and city.buckets == 32
    assert "integer codes would tell Linear Learner" in city.detail
    assert "target encoding" in city.detail and "drop" in city.detail
    hashed = [n for n in res.feature_names if n.startswith("city#hash")]
    assert len(hashed) == 32 and "city=code" not in res.feature_names
    x = np.loadtxt(tmp_path / "ll.csv", delimiter=",")
    idx = [res.feature_names.index(n) + 1 for n in hashed]
    assert (x[:, idx].sum(axis=1) == 1).all()        # each row in exactly one bucket
    plan = next(s for s in shape.steps if s.column == "plan")
    assert plan.action == "one-hot"                   # few categories: one-hot
    trees, _ = _convert(churn_profile, "xgboost", tmp_path / "x.csv")
    assert next(s for s in trees.steps if s.column == "city").action == "codes"


def test_decimal_commas_in_a_semicolon_csv_are_read_as_numbers(tmp_path):
    from sagewise.knowledge.data.convert import convert
    from sagewise.knowledge.data.shape import sagemaker_shape

    path = write_churn(tmp_path, decimal_comma=True)
    assert ";" in path.read_text(encoding="utf-8").splitlines()[1]
    prof = profile_file(path)
    col = prof.column("monthly_charges")
    assert col.kind == "numeric" and 30 < col.mean < 60
    assert any("decimal comma" in w and "'monthly_charges'" in w for w in prof.warnings)
    r = analyse(prof, target="status")
    res = convert(r, sagemaker_shape("xgboost", r), tmp_path / "o.csv")
    i = res.feature_names.index("monthly_charges") + 1
    first = (tmp_path / "o.csv").read_text().splitlines()[0].split(",")
    assert "." in first[i] and 20 < float(first[i]) < 80


def test_a_point_decimal_file_with_semicolons_is_left_alone(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("a;b\n1.5;x\n2.25;y\n3,5;z\n", encoding="utf-8")
    prof = profile_file(p)
    assert not any("decimal comma" in w for w in prof.warnings)


def test_leakage_is_the_first_advice(churn_profile):
    r = analyse(churn_profile, target="status")
    assert r.advice[0].id == "leakage" and r.advice[0].column == "churn_reason_code"


def test_cli_text_names_each_answer_and_what_convert_left_out(churn_csv, tmp_path, capsys):
    from sagewise.knowledge.cli import main

    out = tmp_path / "ll.csv"
    assert main(["profile", str(churn_csv), "--target", "status", "--algorithm",
                 "linear-learner", "--convert", str(out)]) == 0
    text = capsys.readouterr().out
    assert "- task = classify: Assign each example to a known category" in text
    assert "- classify_data = tabular: A row of a table" in text
    assert "because its 5 feature columns are" in text
    assert "639 rows were left out: their target 'status' is empty" in text
    assert "ll.csv.sagewise.json" in text
    assert "Advice:\n- leakage [churn_reason_code]: missing in 100% of 'active' rows" in text
