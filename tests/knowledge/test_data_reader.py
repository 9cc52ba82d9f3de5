"""The dataset reader: formats, dialects, folders, bounded samples and bad input."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.reader import iter_batches, open_dataset
from sagewise.knowledge.data.settings import data_settings, load_data_settings_from
from sagewise.knowledge.errors import Cancelled, KnowledgeError


def _frame(n=300, seed=1):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": rng.normal(size=n).round(3), "colour": rng.choice(["r", "g"], n),
                         "y": rng.integers(0, 3, n)})


def test_tsv_and_semicolon_are_sniffed(tmp_path):
    df = _frame()
    for sep, name in (("\t", "a.tsv"), (";", "b.csv"), ("|", "c.txt")):
        p = tmp_path / name
        df.to_csv(p, sep=sep, index=False)
        ds = open_dataset(p)
        assert ds.delimiter == sep and ds.header
        prof = profile_file(p)
        assert prof.names == ["x", "colour", "y"] and prof.rows == 300


def test_headerless_csv_gets_generated_names(tmp_path):
    p = tmp_path / "nohead.csv"
    _frame().to_csv(p, index=False, header=False)
    prof = profile_file(p)
    assert prof.names == ["column_1", "column_2", "column_3"]
    assert prof.rows == 300


def test_gzip_csv_and_jsonl(tmp_path):
    df = _frame()
    gz = tmp_path / "a.csv.gz"
    with gzip.open(gz, "wt") as fh:
        df.to_csv(fh, index=False)
    assert profile_file(gz).rows == 300
    jl = tmp_path / "a.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in df.to_dict("records")) + "\n")
    prof = profile_file(jl)
    assert prof.format == "jsonl" and prof.rows == 300
    assert prof.column("colour").kind == "categorical"


def test_folder_of_parts_is_one_dataset(tmp_path):
    df = _frame(900)
    folder = tmp_path / "parts"
    folder.mkdir()
    for i in range(3):
        df.iloc[i * 300:(i + 1) * 300].to_csv(folder / f"part-{i:05d}.csv", index=False)
    (folder / "_SUCCESS").write_text("")
    prof = profile_file(folder)
    assert prof.rows == 900 and prof.files == 3
    assert prof.column("x").mean == pytest.approx(df["x"].mean())
    pq = tmp_path / "pq"
    pq.mkdir()
    for i in range(3):
        df.iloc[i * 300:(i + 1) * 300].to_parquet(pq / f"part-{i}.parquet", index=False)
    assert profile_file(pq).rows == 900


def test_folder_of_mixed_formats_is_refused(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    _frame().to_csv(folder / "a.csv", index=False)
    _frame().to_parquet(folder / "b.parquet", index=False)
    with pytest.raises(KnowledgeError, match="mixes formats: 1 csv .*1 parquet"):
        open_dataset(folder)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\n\n  \n", "blank"),
    (b"a,b,c\n", "a header but no rows"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    (bytes(range(256)) * 4, "binary content"),
    (b"name,city\nJos\xe9,Par\xeds\n", "not UTF-8"),
])
def test_bad_files_get_a_message(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(KnowledgeError, match=message):
        profile_file(p)


def test_undecodable_bytes_far_into_the_file(tmp_path):
    p = tmp_path / "late.csv"
    good = "".join(f"{i},name{i}\n" for i in range(20000))
    p.write_bytes(b"id,name\n" + good.encode() + b"99999,Jos\xe9\n")
    with pytest.raises(KnowledgeError, match="not UTF-8"):
        profile_file(p)


def test_ragged_rows_are_skipped_and_reported(tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text("a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n")
    prof = profile_file(p)
    assert prof.rows == 3 and prof.bad_rows == 2
    assert "2 rows with the wrong number of fields were skipped" in prof.warnings[0]


def test_single_column_file(tmp_path):
    p = tmp_path / "one.csv"
    p.write_text("value\n" + "\n".join(str(i % 7) for i in range(100)) + "\n")
    prof = profile_file(p)
    assert prof.names == ["value"] and prof.rows == 100
    assert any("one column" in w for w in prof.warnings)


def test_very_wide_file_is_refused_with_the_count(tmp_path):
    p = tmp_path / "wide.csv"
    n = 100_000
    p.write_text(",".join(f"c{i}" for i in range(n)) + "\n" + ",".join("1" * n) + "\n")
    with pytest.raises(KnowledgeError, match="100,000 columns; the profile reads at most"):
        profile_file(p)


def test_a_type_guess_broken_late_restarts_as_text(tmp_path):
    p = tmp_path / "late_text.csv"
    rows = [f"{i},{i % 5}" for i in range(300_000)] + ["300000,unknown"]
    p.write_text("id,code\n" + "\n".join(rows) + "\n")
    prof = profile_file(p)
    assert prof.rows == 300_001
    code = prof.column("code")
    assert code.arrow_type == "string" and code.unique == 6


def test_progress_and_cancel(tmp_path):
    p = tmp_path / "big.csv"
    _frame(200_000).to_csv(p, index=False)
    seen = []
    profile_file(p, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    with pytest.raises(Cancelled):
        profile_file(p, cancelled=lambda: True)


def test_beyond_one_pass_is_a_stated_sample(tmp_path):
    p = tmp_path / "large.csv"
    _frame(400_000).to_csv(p, index=False)
    ds = open_dataset(p, max_bytes=1e6)
    assert ds.sampled and "profiled the first rows plus blocks from random places" \
        in ds.sample_note
    rows = sum(b.num_rows for b in iter_batches(ds, head_rows=50_000))
    assert 50_000 < rows < 400_000


def test_distinct_count_becomes_an_estimate_beyond_the_bound(tmp_path, resources_copy):
    path = resources_copy / "data_advice.toml"
    path.write_text(path.read_text().replace("distinct_exact_up_to = 16384",
                                             "distinct_exact_up_to = 1024"))
    s = load_data_settings_from(path)
    p = tmp_path / "ids.csv"
    pd.DataFrame({"k": [f"key{i}" for i in range(50_000)]}).to_csv(p, index=False)
    c = profile_file(p, settings=s).column("k")
    assert not c.unique_exact
    assert c.unique == pytest.approx(50_000, rel=0.1)
    exact = tmp_path / "exact.csv"
    pd.DataFrame({"k": [f"key{i}" for i in range(10_000)]}).to_csv(exact, index=False)
    c = profile_file(exact).column("k")
    assert c.unique_exact and c.unique == 10_000


def test_settings_loader_names_file_section_and_field(resources_copy):
    path = resources_copy / "data_advice.toml"
    text = path.read_text()
    path.write_text(text.replace("drop_above = 0.6", "drop_abvoe = 0.6"))
    with pytest.raises(KnowledgeError, match="data_advice.toml: field 'missing.drop_above': "
                                             "is missing"):
        load_data_settings_from(path)
    path.write_text(text.replace("one_hot_max = 20", "one_hot_max = -3"))
    with pytest.raises(KnowledgeError, match="categorical.one_hot_max'.*>= 2"):
        load_data_settings_from(path)
    assert data_settings().get("missing", "drop_above") == 0.6


def test_text_batches_keep_fields_as_written(tmp_path):
    """What the SPICE file check needs: raw text, empty fields as "" (not null)."""
    from sagewise.knowledge.data.reader import iter_text_batches

    p = tmp_path / "t.csv"
    p.write_text("a,b\n1.50,x\n,yy\n007,\n")
    [batch] = list(iter_text_batches(open_dataset(p)))
    assert batch.column("a").to_pylist() == ["1.50", "", "007"]
    assert batch.column("b").to_pylist() == ["x", "yy", ""]
    assert batch.column("a").null_count == 0
