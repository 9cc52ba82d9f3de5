"""The chosen target and time column: problem type, class shares, leakage, order and gaps.

Runs on a finished :class:`~knowledge.data.profile.Profile` (its exact value counts and
its sample), so changing the target in the GUI does not re-read the file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from sagewise.knowledge.data.profile import Profile
from sagewise.knowledge.data.settings import DataSettings, data_settings
from sagewise.knowledge.errors import InputError


@dataclass
class TargetInfo:
    """What the target column says about the problem."""

    name: str
    problem: str                         # binary | multiclass | regression
    classes: list = field(default_factory=list)     # [[value, share], ...] biggest first
    classes_exact: bool = True
    minority_fraction: float | None = None
    minority_class: str | None = None
    leakage: list = field(default_factory=list)     # [{"column", "score", "why"}]

    def to_dict(self) -> dict:
        """JSON form (PRODUCT.md keys plus details)."""
        return asdict(self)


@dataclass
class TimeInfo:
    """The time column: order in the file, spacing and gaps, series."""

    name: str
    sorted: bool | None
    start: str | None
    end: str | None
    step: str | None                     # the typical spacing, e.g. "1 days"
    gaps: int | None                     # places where at least one step is missing
    series: int | None                   # rows per time stamp: how many series share it
    series_column: str | None
    note: str = ""

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


_TIME_WORDS = ("time", "date", "day", "week", "month", "year", "hour", "minute", "period",
               "step", "epoch", "ts", "timestamp", "quarter", "t")


def time_column_choices(columns, chosen: str = "") -> list[tuple[str, str]]:
    """(column, label) for the time-column picker: date/time columns first, then number
    columns whose name says time (year, week, step, epoch ...). Ids and other numbers are
    not offered (a customer id is not a clock); a column chosen earlier stays listed."""
    dates, numbers = [], []
    for c in columns:
        name = c["name"] if isinstance(c, dict) else c.name
        kind = c["kind"] if isinstance(c, dict) else c.kind
        words = [w for w in name.lower().replace("-", "_").replace(" ", "_").split("_") if w]
        if kind == "datetime":
            dates.append((name, f"{name}  (dates)"))
        elif kind in ("numeric", "id") and any(w in _TIME_WORDS for w in words):
            numbers.append((name, f"{name}  (numbers: {kind})"))
        elif name == chosen and chosen:
            numbers.append((name, f"{name}  ({kind}, not a time)"))
    return dates + numbers


def _column_or_fail(prof: Profile, name: str, field_name: str):
    try:
        return prof.column(name)
    except KeyError:
        shown = ", ".join(prof.names[:8]) + (", ..." if len(prof.names) > 8 else "")
        raise InputError(field_name, f"no column named '{name}' (columns: {shown})") from None


def analyse_target(prof: Profile, name: str, s: DataSettings | None = None) -> TargetInfo:
    """Problem type and class shares of ``name``, and the columns that leak it."""
    s = s or data_settings()
    col = _column_or_fail(prof, name, "target")
    nonnull = col.count - col.missing
    if nonnull == 0:
        raise InputError("target", f"column '{name}' is empty: nothing to predict")
    if col.unique <= 1:
        only = col.top[0][0] if col.top else "?"
        raise InputError("target", f"column '{name}' has a single value ({only}): nothing "
                         "to predict. Pick another target, or frame the task as "
                         "unsupervised (clustering, anomaly detection)")
    numeric = col.kind in ("numeric", "id") and col.arrow_type not in ("string", "large_string")
    if numeric and col.unique >= s.get("target", "regression_min_unique"):
        info = TargetInfo(name, "regression")
    else:
        problem = "binary" if col.unique == 2 else "multiclass"
        info = TargetInfo(name, problem)
        total = sum(c for _, c in col.top) if not col.top_from_sample else None
        if col.top and not col.top_from_sample and total == nonnull:
            info.classes = [[str(_plain(v)), c / nonnull] for v, c in col.top]
        else:
            vc = prof.sample[name].dropna().astype(str).value_counts(normalize=True)
            info.classes = [[k, float(v)] for k, v in vc.items()]
            info.classes_exact = False
        if info.classes:
            smallest = min(info.classes, key=lambda kv: kv[1])
            info.minority_class, info.minority_fraction = smallest[0], smallest[1]
    info.leakage = leakage(prof, name, info.problem, s)
    return info


def _plain(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def leakage(prof: Profile, target: str, problem: str, s: DataSettings) -> list:
    """Columns that predict the target suspiciously well (on the sample).

    Regression: |Pearson r| with the target. Classification: how much better than always
    guessing the majority class a column predicts the class when each of its values (or
    each of 20 quantile bins of a number) predicts its most frequent class, scaled so 0
    is no better than the majority and 1 is perfect.
    """
    import pandas as pd

    df = prof.sample
    if df is None or target not in df:
        return []
    y = df[target]
    keep = y.notna()
    out = []
    flagged: set[str] = set()
    if problem != "regression":
        for c in prof.columns:
            if c.name == target:
                continue
            found = _presence_leak(df[c.name][keep], y[keep].astype(str), c,
                                   s.get("target", "leakage_presence_gap"))
            if found is not None:
                out.append({"column": c.name, **found})
                flagged.add(c.name)
    for c in prof.columns:
        if c.name == target or c.name in flagged or c.kind in ("constant", "id", "text"):
            continue
        x = df[c.name][keep]
        yy = y[keep]
        if problem == "regression":
            if c.kind not in ("numeric", "boolean"):
                continue
            xv = pd.to_numeric(x, errors="coerce")
            yv = pd.to_numeric(yy, errors="coerce")
            r = xv.corr(yv)
            if r is not None and np.isfinite(r) and abs(r) >= s.get("target",
                                                                     "leakage_correlation"):
                out.append({"column": c.name, "score": float(abs(r)),
                            "why": f"correlation with the target is {r:+.3f}"})
            continue
        if c.kind == "numeric":
            xv = pd.to_numeric(x, errors="coerce")
            try:
                groups = pd.qcut(xv, 20, duplicates="drop").astype(str)
            except ValueError:
                continue
        else:
            groups = x.astype(str)
        score = _purity_gain(groups, yy.astype(str))
        if score is not None and score >= s.get("target", "leakage_purity"):
            out.append({"column": c.name, "score": score,
                        "why": f"its values alone predict the target with {score:.0%} of the "
                               "possible gain over always guessing the majority class"})
    out.sort(key=lambda d: -d["score"])
    return out


def _presence_leak(x, y, col, gap: float) -> dict | None:
    """Whether a column's *missingness* (or one value standing for "nothing", such as 0)
    separates one class from the rest almost perfectly: e.g. a reason code filled in only
    for customers who left. Its values need not predict anything for the gap to leak the
    target, and a 'was missing' flag would encode the target outright."""
    import pandas as pd

    n = len(y)
    if n == 0:
        return None
    checks = []
    missing = x.isna()
    if 0 < int(missing.sum()) < n:
        checks.append((missing, "missing", "whether it is filled in"))
    if col.top and col.kind not in ("id", "text"):
        value = col.top[0][0]
        present = x.notna()
        if isinstance(value, (int, float)):
            same = present & (pd.to_numeric(x, errors="coerce") == float(value))
        else:
            same = present & (x.astype(str) == str(value))
        if 0 < int(same.sum()) < int(present.sum()) and int(same.sum()) >= 0.05 * n:
            checks.append((same, f"equal to {_plain(value)!r}",
                           f"whether it equals {_plain(value)!r}"))
    counts = y.value_counts()
    best = None
    for flag, state, other in checks:
        rate = flag.groupby(y).mean()
        for cls, k in counts.items():
            if k < 5 or n - k < 5:
                continue
            inside = float(rate[cls])
            outside = float(flag[y != cls].mean())
            d = abs(inside - outside)
            if d >= gap and (best is None or d > best[0]):
                best = (d, state, other, cls, inside, outside)
    if best is None:
        return None
    d, state, other, cls, inside, outside = best
    rest = [str(k) for k in counts.index if k != cls]
    others = (f"'{rest[0]}'" if len(rest) == 1 else
              "the other classes (" + ", ".join(f"'{r}'" for r in rest[:4])
              + (", ..." if len(rest) > 4 else "") + ")")
    return {"score": d, "signal": "missing" if state == "missing" else "value",
            "why": f"{state} in {inside:.0%} of '{cls}' rows and {outside:.0%} of the rows "
                   f"of {others}, so {other} gives the class away"}


def _purity_gain(groups, y) -> float | None:
    import pandas as pd

    n = len(y)
    if n == 0:
        return None
    base = y.value_counts().iloc[0] / n
    if base >= 1.0:
        return None
    table = pd.crosstab(groups, y)
    if len(table) > max(50, n // 5):
        return None  # nearly one value per row: a key, not evidence
    acc = table.max(axis=1).sum() / n
    return float((acc - base) / (1 - base))


def analyse_time(prof: Profile, name: str) -> TimeInfo:
    """Order, typical step and gaps of a time column (on the sample when one is stated)."""
    import pandas as pd

    col = _column_or_fail(prof, name, "time column")
    if col.kind not in ("datetime", "numeric", "id"):
        raise InputError("time column", f"column '{name}' holds {col.kind} values, not "
                         "dates or times")
    df = prof.sample
    raw = df[name].dropna()
    if col.kind == "datetime":
        t = pd.to_datetime(raw, errors="coerce", format="ISO8601") if raw.dtype == object \
            else pd.to_datetime(raw, errors="coerce")
    else:
        t = pd.to_numeric(raw, errors="coerce")
    t = t.dropna()
    if t.empty:
        raise InputError("time column", f"column '{name}' has no readable times")
    complete = prof.sample_rows >= prof.rows
    ordered = col.sorted if col.sorted is not None else bool(t.is_monotonic_increasing)
    uniq = np.sort(t.unique())
    step = gaps = None
    if len(uniq) > 2:
        diffs = np.diff(uniq)
        med = np.median(diffs)
        step = _spacing(pd.Timedelta(med)) if col.kind == "datetime" else f"{med:g}"
        gaps = int(np.count_nonzero(diffs > 1.5 * med)) if complete else None
    series = max(1, round(len(t) / max(1, len(uniq))))
    series_col = _series_column(prof, name, series) if series > 1 else None
    if series_col is not None:
        series = prof.column(series_col).unique
    note = "" if complete else "gaps are not counted on a sample (they need every row)"
    first, last = (str(pd.Timestamp(uniq[0])), str(pd.Timestamp(uniq[-1]))) \
        if col.kind == "datetime" else (f"{uniq[0]:g}", f"{uniq[-1]:g}")
    return TimeInfo(name, ordered, first, last, step, gaps, series, series_col, note)


def _series_column(prof: Profile, time_name: str, per_stamp: int) -> str | None:
    """The column that tells apart the rows sharing a time stamp (store, sensor), if any.

    A candidate must have about as many values as rows share a stamp, and (stamp, value)
    pairs must be nearly unique in the sample: a column that merely has that many values
    (a plan, a reason code) does not make the rows separate series.
    """
    df = prof.sample
    best = None
    for c in prof.columns:
        if c.kind not in ("categorical", "id") or c.name == time_name or c.unique < 2:
            continue
        if abs(c.unique - per_stamp) > max(1, 0.1 * per_stamp):
            continue
        pairs = df[[time_name, c.name]].dropna()
        if len(pairs) == 0:
            continue
        repeated = float(pairs.duplicated().mean())
        if repeated <= 0.05 and (best is None or repeated < best[0]):
            best = (repeated, c.name)
    return best[1] if best else None


def _spacing(delta) -> str:
    """A time step as a person says it: "1 day", "7 days", "1 hour", "15 minutes"."""
    from sagewise.knowledge.wording import count

    seconds = delta.total_seconds()
    for unit, size in (("week", 604_800), ("day", 86_400), ("hour", 3_600), ("minute", 60),
                       ("second", 1)):
        if seconds >= size and seconds % size == 0:
            return count(int(seconds // size), unit)
    return str(delta)
