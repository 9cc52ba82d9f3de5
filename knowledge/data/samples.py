"""Generated datasets with known properties (for tests, screenshots and the benchmark).

``known_properties`` builds a table where every issue the profile should find is planted
on purpose: missing values, right skew, an id, few and many categories, free text, dates,
a constant, a 1% minority target, a copy of the target and duplicate rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

WORDS = ["late", "delivery", "refund", "broken", "screen", "great", "service", "slow", "app", "crash", "login", "password", "reset", "invoice", "wrong", "charge", "thanks", "helpful", "agent", "battery", "cable", "box", "missing", "item", "colour", "size", "return", "label", "courier", "weekend", "support"]
CITIES = [f"city_{i:03d}" for i in range(300)]
PLANS = ["basic", "plus", "pro", "team"]


def known_properties(rows: int = 5000, seed: int = 7):
    """A pandas DataFrame with one planted property per column (see the module doc)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = rows
    fraud = np.zeros(n, dtype=np.int64)
    fraud[rng.choice(n, size=max(2, n // 100), replace=False)] = 1
    amount = rng.lognormal(mean=3.0, sigma=1.2, size=n).round(2)       # right skew
    age = rng.normal(40, 12, size=n).round(1)
    age[rng.random(n) < 0.1] = np.nan                                   # 10% missing
    income = rng.normal(50_000, 8_000, size=n).round(0)
    income[rng.random(n) < 0.7] = np.nan                                # mostly empty
    plan = rng.choice(PLANS, size=n).astype(object)
    plan[rng.random(n) < 0.05] = None                                   # categorical gaps
    city = rng.choice(CITIES, size=n)                                   # many categories
    comment = [" ".join(rng.choice(WORDS, size=rng.integers(5, 15))) for _ in range(n)]
    signup = pd.Timestamp("2023-01-01") + pd.to_timedelta(np.arange(n) * 3600, unit="s")
    df = pd.DataFrame({
        "customer_id": np.arange(100_000, 100_000 + n),
        "amount": amount,
        "age": age,
        "income": income,
        "plan": plan,
        "city": city,
        "comment": comment,
        "signup_time": signup.strftime("%Y-%m-%d %H:%M:%S"),
        "country": "DE",
        "fraud_flag_copy": fraud.copy(),
        "fraud": fraud,
    })
    dups = df.sample(n=max(1, n // 50), random_state=seed)               # 2% duplicate rows
    df = pd.concat([df, dups], ignore_index=True)
    return df


def write_known_properties(folder: str | Path, rows: int = 5000, fmt: str = "csv") -> Path:
    """Write :func:`known_properties` as CSV or Parquet; return the path."""
    df = known_properties(rows)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        path = folder / "customers.parquet"
        df.to_parquet(path, index=False)
    else:
        path = folder / "customers.csv"
        df.to_csv(path, index=False)
    return path


def write_series(folder: str | Path, series: int = 120, days: int = 60, seed: int = 3) -> Path:
    """Daily sales of several stores (a long table: store, day, sales) for DeepAR."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    frames = []
    for s in range(series):
        day = pd.date_range("2024-01-01", periods=days, freq="D")
        level = rng.uniform(20, 200)
        sales = np.maximum(0, level + 10 * np.sin(np.arange(days) / 7 * 2 * np.pi)
                           + rng.normal(0, 5, days)).round(1)
        frames.append(pd.DataFrame({"store": f"store_{s:03d}", "day": day.strftime("%Y-%m-%d"),
                                    "sales": sales}))
    df = pd.concat(frames, ignore_index=True).sort_values(["day", "store"])
    path = Path(folder) / "sales.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False)
    return path


def churn(rows: int = 6000, missing_target: int = 639, seed: int = 11):
    """A customer table with a 3-class ``status`` (active / churned / paused) and the traps
    a usability test found: ``churn_reason_code`` is filled only when the customer left
    (its missingness encodes the target), ``signup_date`` holds dates without a time,
    ``city`` has 305 values and ``missing_target`` rows have no status."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = rows
    status = rng.choice(["active", "churned", "paused"], size=n, p=[0.70, 0.25, 0.05])
    status = status.astype(object)
    reason = np.where(status == "active", None,
                      rng.choice([f"R{i:02d}" for i in range(1, 9)], size=n)).astype(object)
    status[rng.choice(n, size=missing_target, replace=False)] = None
    signup = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    return pd.DataFrame({
        "customer_id": np.arange(500_000, 500_000 + n),
        "signup_date": signup.strftime("%Y-%m-%d"),
        "plan": rng.choice(["basic", "plus", "pro"], size=n),
        "city": rng.choice([f"town_{i:03d}" for i in range(305)], size=n),
        "monthly_charges": rng.normal(45, 12, n).round(2),
        "tenure_months": rng.integers(1, 72, n),
        "churn_reason_code": reason,
        "status": status,
    })


def write_churn(folder: str | Path, rows: int = 6000, missing_target: int = 639,
                decimal_comma: bool = False) -> Path:
    """Write :func:`churn` as CSV (``decimal_comma``: ';'-separated with '12,5' numbers,
    the way European spreadsheets save it); return the path."""
    df = churn(rows, missing_target)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("churn_eu.csv" if decimal_comma else "churn.csv")
    if decimal_comma:
        df.to_csv(path, index=False, sep=";", decimal=",")
    else:
        df.to_csv(path, index=False)
    return path
