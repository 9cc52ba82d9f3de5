"""Advice rules beyond the planted dataset: median/model imputation, PCA, regression,
targets that cannot be used, time columns with gaps, series counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.report import analyse, data_markdown
from sagewise.knowledge.data.samples import write_series
from sagewise.knowledge.errors import InputError


def _profile(tmp_path, df, name="t.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False)
    return profile_file(p)


def _ids(report, ident):
    return {a.column for a in report.advice if a.id == ident}


def test_skewed_gaps_get_the_median_and_large_gaps_a_model(tmp_path):
    rng = np.random.default_rng(0)
    n = 2000
    skewed = rng.lognormal(2, 1.5, n)
    skewed[rng.random(n) < 0.1] = np.nan
    sparse = rng.normal(0, 1, n)
    sparse[rng.random(n) < 0.35] = np.nan
    r = analyse(_profile(tmp_path, pd.DataFrame({"spend": skewed, "score": sparse})))
    assert _ids(r, "impute-median") == {"spend"}
    assert _ids(r, "impute-model") == {"score"}
    why = next(a.why for a in r.advice if a.id == "impute-median")
    assert "skew" in why


def test_correlated_numbers_suggest_pca_and_regression_target(tmp_path):
    rng = np.random.default_rng(1)
    n = 3000
    a = rng.normal(size=n)
    df = pd.DataFrame({"a": a, "b": a * 2 + rng.normal(0, 0.05, n), "c": rng.normal(size=n),
                       "price": a * 3 + rng.normal(0, 1, n)})
    prof = _profile(tmp_path, df)
    assert prof.correlations[0][:2] == ["a", "b"] and prof.correlations[0][2] > 0.99
    r = analyse(prof, target="price")
    assert r.target.problem == "regression"
    assert _ids(r, "pca") == {None}
    assert not _ids(r, "stratified-split") and not _ids(r, "class-imbalance")
    assert "label_kind" not in r.answers and r.answers["labels"] == "yes"


def test_regression_leak_is_a_near_copy(tmp_path):
    rng = np.random.default_rng(2)
    n = 2000
    y = rng.normal(100, 20, n)
    df = pd.DataFrame({"x": rng.normal(size=n), "y_in_cents": y * 100 + rng.normal(0, 1, n),
                       "y": y})
    r = analyse(_profile(tmp_path, df), target="y")
    assert _ids(r, "leakage") == {"y_in_cents"}


def test_multiclass_balanced_target(tmp_path):
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"x": rng.normal(size=900), "species": rng.choice(["a", "b", "c"], 900)})
    r = analyse(_profile(tmp_path, df), target="species")
    assert r.target.problem == "multiclass"
    assert r.answers["label_kind"] == "multiclass"
    assert r.answers["class_balance"] == "balanced"
    assert _ids(r, "stratified-split") == {"species"}


def test_unusable_targets_and_time_columns_name_the_problem(tmp_path):
    df = pd.DataFrame({"x": range(100), "same": ["yes"] * 100, "empty": [None] * 100,
                       "word": ["w"] * 50 + ["v"] * 50})
    prof = _profile(tmp_path, df)
    with pytest.raises(InputError, match="no column named 'nope'") as e:
        analyse(prof, target="nope")
    assert e.value.field == "target"
    with pytest.raises(InputError, match="single value \\(yes\\): nothing to predict"):
        analyse(prof, target="same")
    with pytest.raises(InputError, match="'empty' is empty"):
        analyse(prof, target="empty")
    with pytest.raises(InputError, match="holds categorical values, not dates") as e:
        analyse(prof, time_column="word")
    assert e.value.field == "time column"


def test_time_gaps_order_and_series(tmp_path):
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    days = days.delete([20, 21, 22, 40])           # two gaps
    df = pd.DataFrame({"day": days.strftime("%Y-%m-%d"), "v": np.arange(len(days))})
    r = analyse(_profile(tmp_path, df), time_column="day")
    assert r.time.sorted is True
    assert r.time.gaps == 2 and r.time.step == "1 day"
    assert "2 gaps where" in next(a.why for a in r.advice if a.id == "time-split")
    shuffled = df.sample(frac=1, random_state=0)
    r = analyse(_profile(tmp_path, shuffled, "s.csv"), time_column="day")
    assert r.time.sorted is False
    series = profile_file(write_series(tmp_path / "sales", series=120, days=30))
    r = analyse(series, target="sales", time_column="day")
    assert r.time.series == 120 and r.time.series_column == "store"
    assert r.answers["series_count"] == "many"


def test_record_section_states_choices_and_advice(tmp_path):
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"x": rng.normal(size=200), "y": rng.choice([0, 1], 200, p=[0.95, 0.05])})
    r = analyse(_profile(tmp_path, df), target="y")
    md = data_markdown({"summary": r.to_json(), "target": "y"})
    assert "Target (chosen): `y`, binary" in md
    assert "**class-imbalance** (`y`)" in md
    assert "| x | numeric |" in md
    assert data_markdown({}) == ""


def test_time_steps_read_as_a_person_says_them():
    import pandas as pd
    from sagewise.knowledge.data.target import _spacing

    assert [_spacing(pd.Timedelta(x)) for x in ("1 day", "2 days", "1h", "15min")] == \
        ["1 day", "2 days", "1 hour", "15 minutes"]
