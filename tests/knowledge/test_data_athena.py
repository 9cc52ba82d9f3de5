"""The Athena SQL runs for real: transpiled by sqlglot from Trino to DuckDB, run over the
sample file, and its answers agree with the local profile; its result CSV reads back."""

from __future__ import annotations

import duckdb
import pytest
import sqlglot
from sagewise.knowledge.data.athena import (
    RESULT_COLUMNS,
    athena_profile,
    class_shares_sql,
    profile_sql,
    read_athena_result,
    sql_for_profile,
)
from sagewise.knowledge.data.profile import profile_file
from sagewise.knowledge.data.samples import write_known_properties
from sagewise.knowledge.errors import InputError, KnowledgeError


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    path = write_known_properties(tmp_path_factory.mktemp("athena"), 3000, "csv")
    return path, profile_file(path)


def _run(sql: str, path) -> object:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW customers AS SELECT * FROM read_csv_auto('{path}')")
    [duck] = sqlglot.transpile(sql, read="trino", write="duckdb")
    return con.execute(duck).fetchdf()


def test_profile_sql_agrees_with_the_local_profile(local):
    path, prof = local
    sql = sql_for_profile("customers", prof)
    assert "approx_distinct(" in sql and "approx_percentile(" in sql   # Trino names
    df = _run(sql, path).set_index("column_name")
    assert list(df.columns) == list(RESULT_COLUMNS[1:])
    for c in prof.columns:
        row = df.loc[c.name]
        assert row["row_count"] == prof.rows
        assert row["row_count"] - row["non_null"] == c.missing, c.name
        assert row["approx_distinct"] == pytest.approx(c.unique, rel=0.05, abs=1), c.name
        if c.kind == "numeric":
            assert row["mean_value"] == pytest.approx(c.mean, rel=1e-9)
            assert row["stddev_value"] == pytest.approx(c.std, rel=1e-9)
            assert row["skewness_value"] == pytest.approx(c.skew, rel=1e-6)
            assert row["p50"] == pytest.approx(c.median, rel=0.05)


def test_class_shares_sql(local):
    path, prof = local
    df = _run(class_shares_sql("customers", "fraud"), path)
    shares = dict(zip(df["class_value"], df["share"], strict=True))
    assert shares["1"] == pytest.approx(prof.column("fraud").top[1][1] / prof.rows)
    assert sum(shares.values()) == pytest.approx(1.0)


def test_result_csv_reads_back_into_columns(local, tmp_path):
    path, prof = local
    result = _run(sql_for_profile("customers", prof), path)
    out = tmp_path / "athena-result.csv"
    result.to_csv(out, index=False)
    athena = athena_profile(out, "customers")
    assert athena.rows == prof.rows and athena.names == prof.names
    amount = athena.column("amount")
    assert amount.kind == "numeric" and not amount.unique_exact
    assert amount.skew == pytest.approx(prof.column("amount").skew, rel=1e-6)
    assert athena.column("age").missing == prof.column("age").missing


def test_bad_table_names_and_result_files(tmp_path):
    with pytest.raises(InputError, match="not a table name"):
        profile_sql("customers; DROP TABLE x", [("a", "numeric")])
    assert '"we""ird"' in profile_sql("db.t", [('we"ird', "categorical")])
    bad = tmp_path / "r.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(KnowledgeError, match="not a SageWise profile result"):
        read_athena_result(bad)
    bad.write_text("")
    with pytest.raises(KnowledgeError, match="no result rows"):
        read_athena_result(bad)
