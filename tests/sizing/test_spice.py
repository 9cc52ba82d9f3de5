"""SPICE quota checks and the file measurement."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.sizing.spice import check_dataset, logical_bytes
from sagewise.knowledge.sizing.spice_file import Cancelled, measure_file


def by_name(result):
    return {c.name: c for c in result.checks}


def test_standard_limits():
    r = check_dataset(edition="standard", rows=25_000_000, size_gb=25)
    assert r.fits and r.edition_needed == "standard"
    over = check_dataset(edition="standard", rows=25_000_001)
    assert not over.fits and over.edition_needed == "enterprise"
    assert by_name(over)["rows"].margin == -1


def test_enterprise_is_one_billion_rows_or_one_terabyte_now():
    r = check_dataset(edition="enterprise", rows=300_000_000, size_gb=600)
    assert r.fits
    assert any("250 million" in n for n in r.notes)
    assert any("failed the older" in n for n in r.notes)
    assert not check_dataset(edition="enterprise", rows=1_000_000_001).fits
    assert check_dataset(edition="enterprise", size_gb=1001).edition_needed is None


def test_field_over_the_limit_is_a_warning_not_a_failure():
    r = check_dataset(edition="standard", longest_field=5000)
    f = by_name(r)["field"]
    assert not f.ok and f.severity == "warning" and r.fits


def test_structural_limits():
    r = check_dataset(edition="enterprise", columns=2001, longest_column_name=128,
                      manifest_files=1001)
    assert not r.fits and r.edition_needed is None
    assert {c.name for c in r.checks if not c.ok} == {"columns", "column_name", "manifest_files"}


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"edition": "pro"}, "edition"),
    ({"edition": "standard", "rows": -1}, "rows"),
    ({"edition": "standard", "rows": 1.5}, "rows"),
    ({"edition": "standard", "size_gb": float("nan")}, "size_gb"),
    ({"edition": "standard", "columns": "ten"}, "columns"),
])
def test_invalid_inputs_name_the_field(kwargs, field):
    with pytest.raises(InputError) as info:
        check_dataset(**kwargs)
    assert info.value.field == field


@given(st.sampled_from(["standard", "enterprise"]),
       st.integers(min_value=0, max_value=2_000_000_000),
       st.integers(min_value=0, max_value=2_000_000_000))
def test_every_check_is_monotone(edition, a, b):
    lo, hi = sorted((a, b))
    for name in ("rows", "columns", "longest_field", "manifest_files", "longest_column_name"):
        ok_lo = check_dataset(edition=edition, **{name: lo}).checks[0].ok
        ok_hi = check_dataset(edition=edition, **{name: hi}).checks[0].ok
        assert ok_lo or not ok_hi  # if the bigger value passes, the smaller does too


def test_logical_size_formula():
    assert logical_bytes(10, 5, 100, 4) == 12 * 10 + 8 * 5 + 8 * 4 + 100


def test_measure_csv(tmp_path):
    f = tmp_path / "d.csv"
    pd.DataFrame({"id": range(250), "name": ["x" * (i % 7) for i in range(250)],
                  "a_rather_long_column_name": [1.5] * 250}).to_csv(f, index=False)
    seen = []
    m = measure_file(f, progress=seen.append, chunk_rows=100)
    assert (m.rows, m.columns, m.longest_column_name, m.longest_field) == (250, 3, 25, 6)
    assert m.numeric_columns == 2 and m.text_columns == 1
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_measure_parquet(tmp_path):
    f = tmp_path / "d.parquet"
    pd.DataFrame({"n": [1, 2, 3], "s": ["a", "bbbb", "cc"]}).to_parquet(f)
    m = measure_file(f)
    assert (m.format, m.rows, m.columns, m.longest_field, m.text_columns) == ("parquet", 3, 2, 4, 1)


def test_cancel_stops_the_measurement(tmp_path):
    f = tmp_path / "d.csv"
    pd.DataFrame({"x": range(1000)}).to_csv(f, index=False)
    with pytest.raises(Cancelled):
        measure_file(f, cancelled=lambda: True, chunk_rows=100)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"a,b\n1,2\n3,4,5\n", "malformed CSV"),
    ("a,b\ncaf\xe9,1\n".encode("latin-1"), "not UTF-8"),
    (b"\n\n\n", "no columns|no rows|blank"),
    (b"PAR1garbage", "Parquet"),
])
def test_bad_files_get_a_message(tmp_path, content, message):
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    with pytest.raises(KnowledgeError, match=message):
        measure_file(f)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(KnowledgeError, match="not found"):
        measure_file(tmp_path / "nope.csv")
    with pytest.raises(KnowledgeError, match="not a file"):
        measure_file(tmp_path)


def test_a_column_that_turns_textual_late_is_counted_as_text(tmp_path):
    f = tmp_path / "late.csv"
    values = [str(i) for i in range(150)] + ["n/a"] + [str(i) for i in range(49)]
    pd.DataFrame({"v": values}).to_csv(f, index=False)
    m = measure_file(f, chunk_rows=50)
    text_bytes = sum(len(v.encode()) for v in values)
    assert m.text_columns == 1 and m.spice_bytes_estimate == 8 * 200 + text_bytes
