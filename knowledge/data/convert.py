"""Convert: write the prepared training file in the shape the algorithm reads.

Streams the dataset again batch by batch (progress, cancel) and writes label-first CSV
without a header, LibSVM, BlazingText lines or DeepAR JSON Lines, through a temporary file
renamed at the end (a cancelled or failed run leaves no half file). A small JSON file
beside it records what was done (columns, class codes, steps) so the result can be
explained and reproduced.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sagewise.knowledge.data.reader import (
    IsCancelled,
    Progress,
    iter_batches,
    open_dataset,
)
from sagewise.knowledge.data.report import DataReport
from sagewise.knowledge.data.shape import CATEGORICAL_INDEX, DATE_PARTS, Shape
from sagewise.knowledge.errors import KnowledgeError

TRUE_TOKENS = {"1", "1.0", "true", "yes", "y", "t"}


@dataclass
class ConvertResult:
    """What Convert wrote."""

    path: str
    rows_written: int
    rows_skipped: int
    feature_names: list[str]
    content_type: str
    sidecar: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON form."""
        return dict(self.__dict__)

    def lines(self) -> list[str]:
        """What was written, what was left out and where the details are, as sentences."""
        out = [(f"Wrote {self.path}: {self.rows_written:,} rows, "
                f"{len(self.feature_names)} features ({self.content_type}).")]
        out += [n[0].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in self.notes]
        out.append(f"Details (source, features, class codes, every column step) are in "
                   f"{Path(self.sidecar).name} beside it.")
        return out


def convert(report: DataReport, shape: Shape, out_path: str | Path,
            progress: Progress | None = None,
            cancelled: IsCancelled | None = None) -> ConvertResult:
    """Write the training file for ``shape`` at ``out_path`` (atomically)."""
    if not shape.writes:
        raise KnowledgeError(f"{shape.content_type} is not written by SageWise: {shape.how}")
    out = Path(out_path)
    if not out.parent.is_dir():
        raise KnowledgeError(f"cannot write {out.name}: folder does not exist: {out.parent}")
    if out.resolve() == Path(report.profile.path).resolve():
        raise KnowledgeError(f"{out.name}: would overwrite the source dataset; choose "
                             "another name")
    ds = open_dataset(report.profile.path)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if shape.algorithm == "deepar":
                written, skipped, names = _write_deepar(report, shape, ds, fh, progress,
                                                        cancelled)
            else:
                written, skipped, names = _write_rows(report, shape, ds, fh, progress,
                                                      cancelled)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    result = ConvertResult(str(out), written, skipped, names, shape.writes,
                           str(out) + ".sagewise.json", list(shape.notes))
    if skipped and shape.algorithm != "deepar":   # DeepAR's note is already in shape.notes
        result.notes.insert(0, _skipped_note(shape, skipped))
    side = {"source": report.profile.path, "algorithm": shape.algorithm,
            "content_type": shape.content_type, "rows": written, "features": names,
            "label_classes": shape.label_classes, "steps": [s.to_dict() for s in shape.steps]}
    Path(result.sidecar).write_text(json.dumps(side, indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    if shape.algorithm in CATEGORICAL_INDEX:
        idx = [i for i, n in enumerate(names) if n.endswith("=code")]
        cat_file = out.parent / "categorical_index.json"
        cat_file.write_text(json.dumps({"cat_index_list": idx}), encoding="utf-8")
        result.notes.append(f"wrote {cat_file.name} (feature indices, label excluded)")
    return result


def _skipped_note(shape: Shape, skipped: int) -> str:
    """Why rows are missing from the written file (never a silent drop)."""
    label = next((s.column for s in shape.steps if s.action == "label"), None)
    if shape.algorithm == "blazingtext":
        text = next((s.column for s in shape.steps if s.action == "text"), "the text")
        return (f"{skipped:,} rows were left out: their label '{label}' or text '{text}' is "
                "empty")
    return (f"{skipped:,} rows were left out: their target '{label}' is empty, and a "
            "training row needs its label (predict them with the trained model instead)")


def _features(df, shape: Shape):
    """The feature columns of one batch, in plan order, as a float matrix and names."""
    import pandas as pd

    cols: list = []
    names: list[str] = []
    for st in shape.steps:
        if st.action in ("label", "drop"):
            continue
        x = df[st.column]
        if st.action in ("keep", "impute"):
            v = pd.to_numeric(x, errors="coerce").to_numpy(dtype=float)
            if st.action == "impute":
                v = np.where(np.isnan(v), st.fill, v)
            cols.append(v)
            names.append(st.column)
        elif st.action == "boolean":
            v = x.astype(str).str.strip().str.lower().isin(TRUE_TOKENS).to_numpy(dtype=float, copy=True)
            v[x.isna().to_numpy()] = np.nan
            cols.append(v)
            names.append(st.column)
        elif st.action == "one-hot":
            sx = x.astype(str)
            for cat in st.categories:
                cols.append((sx == cat).to_numpy(dtype=float))
                names.append(f"{st.column}={cat}")
        elif st.action == "codes":
            codes = {c: i for i, c in enumerate(st.categories)}
            v = x.astype(str).map(codes).fillna(len(st.categories)).to_numpy(dtype=float, copy=True)
            v[x.isna().to_numpy()] = np.nan
            cols.append(v)
            names.append(f"{st.column}=code")
        elif st.action == "hash":
            bucket = x.map(lambda v, n=st.buckets: None if v is None or pd.isna(v) else
                           zlib.crc32(str(v).encode("utf-8")) % n)
            for j in range(st.buckets):
                cols.append((bucket == j).to_numpy(dtype=float))
                names.append(f"{st.column}#hash{j:02d}")
        elif st.action == "date-parts":
            t = pd.to_datetime(x, errors="coerce", format="ISO8601") if x.dtype == object \
                else pd.to_datetime(x, errors="coerce")
            for part in st.parts or DATE_PARTS:
                cols.append(getattr(t.dt, part).to_numpy(dtype=float))
                names.append(f"{st.column}.{part}")
    matrix = np.column_stack(cols) if cols else np.empty((len(df), 0))
    return matrix, names


def _labels(df, shape: Shape, report: DataReport):
    import pandas as pd

    st = next(s for s in shape.steps if s.action == "label")
    y = df[st.column]
    if shape.label_classes:
        codes = {c: i for i, c in enumerate(shape.label_classes)}
        keys = y.map(lambda v: None if v is None or pd.isna(v) else str(
            int(v) if isinstance(v, float) and v.is_integer() else v))
        return keys.map(codes).to_numpy(dtype=float)
    return pd.to_numeric(y, errors="coerce").to_numpy(dtype=float)


def _fmt(matrix: np.ndarray) -> list[str]:
    """Rows of numbers as CSV text; NaN as an empty field."""
    out = []
    for row in matrix.tolist():
        out.append(",".join("" if math.isnan(v) else (str(int(v)) if v.is_integer() else repr(v))
                            for v in row))
    return out


def _write_rows(report, shape, ds, fh, progress, cancelled):
    written = skipped = 0
    names: list[str] = []
    label = shape.supervised and any(s.action == "label" for s in shape.steps)
    for batch in iter_batches(ds, progress, cancelled):
        df = batch.to_pandas()
        if shape.algorithm == "blazingtext":
            text_col = next(s.column for s in shape.steps if s.action == "text")
            y = _labels(df, shape, report) if shape.label_classes else df[shape.steps[0].column]
            lab = df[shape.steps[0].column]
            ok = lab.notna() & df[text_col].notna()
            skipped += int((~ok).sum())
            lines = ("__label__" + lab[ok].astype(str).str.replace(" ", "_") + " "
                     + df[text_col][ok].astype(str).str.lower().str.split().str.join(" "))
            fh.write("\n".join(lines) + ("\n" if len(lines) else ""))
            written += int(ok.sum())
            names = [text_col]
            del y
            continue
        x, names = _features(df, shape)
        if label:
            y = _labels(df, shape, report)
            ok = ~np.isnan(y)
            skipped += int((~ok).sum())
            x, y = x[ok], y[ok]
        if shape.writes == "text/libsvm":
            lines = []
            for yi, row in zip(y.tolist(), x.tolist(), strict=True):
                feats = " ".join(f"{j + 1}:{v:g}" for j, v in enumerate(row) if v and not math.isnan(v))
                lines.append(f"{yi:g} {feats}".rstrip())
        else:
            matrix = np.column_stack([y, x]) if label else x
            lines = _fmt(matrix)
        if lines:
            fh.write("\n".join(lines) + "\n")
        written += len(lines)
    return written, skipped, names


def _regular_step(index):
    """The typical spacing of a series' times (the median step), so gaps become NaN."""
    import pandas as pd

    if len(index) < 3:
        return None
    step = pd.Series(index).diff().median()
    return step if step > pd.Timedelta(0) else None


def _write_deepar(report, shape, ds, fh, progress, cancelled):
    import pandas as pd

    time_col = next(s.column for s in shape.steps if s.action == "start")
    value_col = next(s.column for s in shape.steps if s.action == "label")
    series = next((s.column for s in shape.steps if s.action == "series"), None)
    wanted = [c for c in (series, time_col, value_col) if c]
    parts = []
    for batch in iter_batches(ds, progress, cancelled):
        parts.append(batch.select(wanted).to_pandas())
    df = pd.concat(parts, ignore_index=True)
    df[time_col] = pd.to_datetime(df[time_col], errors="coerce", format="ISO8601") \
        if df[time_col].dtype == object else pd.to_datetime(df[time_col], errors="coerce")
    bad = int(df[time_col].isna().sum())
    df = df.dropna(subset=[time_col])
    df[value_col] = pd.to_numeric(df[value_col], errors="coerce")
    groups = df.groupby(series, sort=True) if series else [(None, df)]
    codes = {}
    written = 0
    for key, g in groups:
        g = g.sort_values(time_col)
        g = g.groupby(time_col, as_index=True)[value_col].sum(min_count=1)
        step = _regular_step(g.index)
        if step is not None:
            g = g.reindex(pd.date_range(g.index[0], g.index[-1], freq=step))
        rec = {"start": str(g.index[0]),
               "target": [None if math.isnan(v) else float(v) for v in g.to_numpy(dtype=float)]}
        if series:
            codes.setdefault(key, len(codes))
            rec["cat"] = [codes[key]]
        fh.write(json.dumps(rec).replace("null", '"NaN"') + "\n")
        written += 1
    if series:
        shape.notes.append(f"cat codes: {len(codes):,} series of '{series}' numbered in "
                           "sorted order")
    if bad:
        shape.notes.append(f"{bad:,} rows with an unreadable time were left out")
    return written, bad, [value_col]
