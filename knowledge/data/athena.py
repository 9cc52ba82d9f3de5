"""The profile as Amazon Athena SQL (Trino dialect), and its result CSV read back.

For a table too big for a desktop, :func:`profile_sql` writes one query the user runs in
Athena: one result row per column with the row count, nulls, ``approx_distinct``, min/max,
mean, standard deviation, skewness and ``approx_percentile`` quartiles (numbers only), plus
:func:`class_shares_sql` for a target. :func:`read_athena_result` turns the downloaded
result CSV into the same :class:`~knowledge.data.profile.ColumnProfile` rows the Data page
shows, marked as approximate where Athena's functions are.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sagewise.knowledge.data.profile import ColumnProfile, Profile
from sagewise.knowledge.errors import InputError, KnowledgeError

RESULT_COLUMNS = ("column_name", "column_kind", "row_count", "non_null", "approx_distinct",
                  "min_value", "max_value", "mean_value", "stddev_value", "skewness_value",
                  "p25", "p50", "p75", "outlier_count")
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
NUMERIC_KINDS = ("numeric", "id")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_table(table: str) -> str:
    """A table name Athena accepts unquoted (database.table or table)."""
    if not _TABLE.match(table or ""):
        raise InputError("table", f"'{table}' is not a table name (letters, digits and "
                         "underscores, optionally database.table)")
    return table


def _column_sql(table: str, name: str, kind: str) -> str:
    c = _ident(name)
    if kind in NUMERIC_KINDS:
        x = f"CAST({c} AS DOUBLE)"
        fields = [f"CAST(MIN({x}) AS VARCHAR) AS min_value",
                  f"CAST(MAX({x}) AS VARCHAR) AS max_value",
                  f"AVG({x}) AS mean_value", f"STDDEV_SAMP({x}) AS stddev_value",
                  f"SKEWNESS({x}) AS skewness_value",
                  f"approx_percentile({x}, 0.25) AS p25",
                  f"approx_percentile({x}, 0.5) AS p50",
                  f"approx_percentile({x}, 0.75) AS p75"]
    else:
        fields = [f"CAST(MIN({c}) AS VARCHAR) AS min_value",
                  f"CAST(MAX({c}) AS VARCHAR) AS max_value",
                  "CAST(NULL AS DOUBLE) AS mean_value", "CAST(NULL AS DOUBLE) AS stddev_value",
                  "CAST(NULL AS DOUBLE) AS skewness_value", "CAST(NULL AS DOUBLE) AS p25",
                  "CAST(NULL AS DOUBLE) AS p50", "CAST(NULL AS DOUBLE) AS p75"]
    fields = [f"{_literal(name)} AS column_name", f"{_literal(kind)} AS column_kind",
              "COUNT(*) AS row_count", f"COUNT({c}) AS non_null",
              f"approx_distinct({c}) AS approx_distinct", *fields,
              "CAST(NULL AS BIGINT) AS outlier_count"]
    return "SELECT " + ",\n       ".join(fields) + f"\nFROM {table}"


def profile_sql(table: str, columns: list[tuple[str, str]]) -> str:
    """One Trino/Athena query: a result row per (column name, kind)."""
    check_table(table)
    if not columns:
        raise InputError("columns", "no columns to profile")
    parts = [_column_sql(table, name, kind) for name, kind in columns]
    return ("-- SageWise data profile for Amazon Athena (Trino SQL). Run it, download the\n"
            "-- result as CSV and open it on the Data page (Load Athena result).\n"
            + "\nUNION ALL\n".join(parts) + "\n")


def class_shares_sql(table: str, target: str) -> str:
    """Class counts and shares of the target, biggest first."""
    check_table(table)
    t = _ident(target)
    return (f"SELECT CAST({t} AS VARCHAR) AS class_value, COUNT(*) AS row_count,\n"
            f"       CAST(COUNT(*) AS DOUBLE) / SUM(COUNT(*)) OVER () AS share\n"
            f"FROM {table}\nGROUP BY {t}\nORDER BY row_count DESC\n")


def sql_for_profile(table: str, prof: Profile, target: str | None = None) -> str:
    """Both queries for a profiled sample of the table (its column kinds decide the SQL)."""
    cols = [(c.name, "numeric" if c.kind in ("numeric", "boolean") and
             c.arrow_type not in ("string", "large_string") else c.kind)
            for c in prof.columns]
    sql = profile_sql(table, cols)
    if target:
        sql += "\n-- Class shares of the target:\n" + class_shares_sql(table, target)
    return sql


def _float(v: str) -> float | None:
    if v is None or v.strip() == "" or v.strip().lower() in ("null", "nan"):
        return None
    try:
        return float(v)
    except ValueError:
        return None


def read_athena_result(path: str | Path) -> list[ColumnProfile]:
    """Columns from a downloaded result CSV of :func:`profile_sql` (message if not one)."""
    p = Path(path)
    if not p.is_file():
        raise KnowledgeError(f"{p.name}: file not found")
    try:
        with p.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except UnicodeDecodeError:
        raise KnowledgeError(f"{p.name}: not UTF-8 text (is it Athena's result CSV?)") from None
    except csv.Error as exc:
        raise KnowledgeError(f"{p.name}: malformed CSV: {exc}") from None
    if not rows:
        raise KnowledgeError(f"{p.name}: no result rows")
    missing = [c for c in RESULT_COLUMNS if c not in rows[0]]
    if missing:
        raise KnowledgeError(f"{p.name}: not a SageWise profile result (missing column "
                             f"'{missing[0]}')")
    out = []
    for i, r in enumerate(rows, 2):
        total = _float(r["row_count"])
        nonnull = _float(r["non_null"])
        distinct = _float(r["approx_distinct"])
        if total is None or nonnull is None or distinct is None or total < 0:
            raise KnowledgeError(f"{p.name}: line {i}: row_count, non_null and "
                                 "approx_distinct must be numbers")
        n = int(total)
        c = ColumnProfile(r["column_name"], r["column_kind"] or "categorical", "athena", n,
                          n - int(nonnull), (n - nonnull) / n if n else 0.0, int(distinct),
                          False)
        if c.kind in NUMERIC_KINDS:
            c.min, c.max = _float(r["min_value"]), _float(r["max_value"])
            c.mean, c.std, c.skew = (_float(r["mean_value"]), _float(r["stddev_value"]),
                                     _float(r["skewness_value"]))
            c.q1, c.median, c.q3 = _float(r["p25"]), _float(r["p50"]), _float(r["p75"])
        else:
            c.min, c.max = r["min_value"] or None, r["max_value"] or None
        c.why_kind = "from the Athena result (kind as in the profiled sample)"
        out.append(c)
    return out


def athena_profile(path: str | Path, table: str = "") -> Profile:
    """A :class:`Profile` built from an Athena result (no sample; counts approximate)."""
    cols = read_athena_result(path)
    rows = max(c.count for c in cols)
    return Profile(table or Path(path).name, "athena", 0, 0, rows, True, cols, 0, 0, 0,
                   "from an Amazon Athena result: distinct counts and quartiles are "
                   "approximate; duplicates, outliers and correlations are not computed",
                   [], 0)
