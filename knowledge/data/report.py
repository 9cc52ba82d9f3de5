"""A profile plus its analysis: what the ``profile`` command prints and the Data page shows.

:func:`analyse` joins the pieces (target, time column, advice, wizard answers);
:meth:`DataReport.to_json` is the PRODUCT.md contract; :func:`data_markdown` is the
Data section of the decision record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sagewise.knowledge.data.advice import Advice, advise
from sagewise.knowledge.data.answers import wizard_answers
from sagewise.knowledge.data.profile import Profile
from sagewise.knowledge.data.settings import DataSettings, data_settings
from sagewise.knowledge.data.target import (
    TargetInfo,
    TimeInfo,
    analyse_target,
    analyse_time,
)
from sagewise.knowledge.wording import count


@dataclass
class DataReport:
    """Everything computed about one dataset for one choice of target and time column."""

    profile: Profile
    target: TargetInfo | None
    time: TimeInfo | None
    advice: list[Advice]
    answers: dict[str, str]
    evidence: dict[str, str]
    algorithm: str | None = None
    shape: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The ``profile --json`` object (PRODUCT.md keys first, details after)."""
        p = self.profile
        cols = []
        for c in p.columns:
            d = c.to_dict()
            cols.append({"name": d["name"], "kind": d["kind"],
                         "missing_fraction": d["missing_fraction"], "unique": d["unique"],
                         "skew": d["skew"], **{k: v for k, v in d.items()
                                               if k not in ("name", "kind", "missing_fraction",
                                                            "unique", "skew")}})
        target = None
        if self.target is not None:
            t = self.target.to_dict()
            target = {"name": t["name"], "problem": t["problem"],
                      "minority_fraction": t["minority_fraction"],
                      **{k: v for k, v in t.items()
                         if k not in ("name", "problem", "minority_fraction")}}
        out = {"rows": p.rows, "columns": cols, "target": target,
               "advice": [a.to_dict() for a in self.advice], "answers": dict(self.answers),
               "evidence": dict(self.evidence),
               "time": self.time.to_dict() if self.time else None}
        meta = p.to_dict()
        for k in ("path", "format", "files", "bytes", "rows_exact", "duplicate_rows",
                  "duplicates_checked_rows", "sample_rows", "sample_note", "warnings",
                  "bad_rows", "correlations"):
            out[k] = meta[k]
        if self.shape:
            out["shape"] = self.shape
        return out


def analyse(prof: Profile, target: str | None = None, time_column: str | None = None,
            algorithm: str | None = None, s: DataSettings | None = None) -> DataReport:
    """Analyse a profile for a target / time column (InputError names a bad choice)."""
    s = s or data_settings()
    tinfo = analyse_target(prof, target, s) if target else None
    time = analyse_time(prof, time_column) if time_column else None
    advice = advise(prof, tinfo, time, algorithm, s)
    answers, evidence = wizard_answers(prof, tinfo, time, s)
    return DataReport(prof, tinfo, time, advice, answers, evidence, algorithm)


def _num(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.3g}" if abs(v) < 1e5 else f"{v:,.0f}"
    return str(v)


def text_report(out: dict) -> str:
    """The ``profile`` result as readable text (from its JSON form)."""
    lines = [f"{out['path']}: {out['rows']:,} rows{'' if out['rows_exact'] else ' (estimated)'}"
             f", {len(out['columns'])} columns, {out['format']}"
             + (f", {out['files']} files" if out["files"] > 1 else "")]
    if out["sample_note"]:
        lines.append(f"Note: {out['sample_note']}")
    lines += [f"Warning: {w}" for w in out["warnings"]]
    lines += ["", f"{'column':<24} {'kind':<12} {'missing':>8} {'distinct':>10} {'skew':>7}"]
    for c in out["columns"]:
        uniq = f"{c['unique']:,}" + ("" if c["unique_exact"] else "~")
        lines.append(f"{c['name'][:24]:<24} {c['kind']:<12} {c['missing_fraction']:>8.1%} "
                     f"{uniq:>10} {_num(c['skew']):>7}")
    if out["duplicate_rows"]:
        lines.append(f"\nDuplicate rows: {out['duplicate_rows']:,}")
    t = out["target"]
    if t:
        lines.append(f"\nTarget '{t['name']}': {t['problem']}")
        if t["classes"]:
            shares = ", ".join(f"{k}: {v:.1%}" for k, v in t["classes"][:6])
            lines.append(f"  classes: {shares}")
    if out.get("time"):
        tm = out["time"]
        lines.append(f"\nTime column '{tm['name']}': {tm['start']} to {tm['end']}, step "
                     f"{tm['step']}, {'in order' if tm['sorted'] else 'NOT in order'}"
                     + (f", {count(tm['gaps'], 'gap')}" if tm["gaps"] else ""))
    lines.append("\nAdvice:")
    for a in out["advice"]:
        where = f" [{a['column']}]" if a["column"] else ""
        lines.append(f"- {a['id']}{where}: {a['why']}")
    if out["answers"]:
        from sagewise.knowledge.data.answers import answer_lines

        lines.append("\nSuggested wizard answers:")
        lines += [f"- {q} = {v}: {label}\n    because {why}" for (q, v), (_prompt, label, why)
                  in zip(out["answers"].items(), answer_lines(out["answers"], out["evidence"]),
                         strict=True)]
    return "\n".join(lines)


def data_markdown(state: dict) -> str:
    """The decision record's Data section from the Data page's saved state ("" if none).

    Only what was computed from the file and what the user chose (target, time column,
    algorithm for the shape) is stated.
    """
    summary = state.get("summary") if isinstance(state, dict) else None
    if not isinstance(summary, dict) or not summary.get("path"):
        return ""
    lines = [f"Dataset `{summary['path']}`: {summary.get('rows', 0):,} rows"
             + ("" if summary.get("rows_exact", True) else " (estimated)")
             + f", {len(summary.get('columns', []))} columns ({summary.get('format', '')})."]
    if summary.get("sample_note"):
        lines.append(f"\n*{summary['sample_note']}.*")
    if state.get("target"):
        t = summary.get("target") or {}
        lines.append(f"\nTarget (chosen): `{state['target']}`, {t.get('problem', '?')}"
                     + (f", smallest class {t['minority_fraction']:.1%}"
                        if t.get("minority_fraction") is not None else "") + ".")
    if state.get("time_column"):
        lines.append(f"\nTime column (chosen): `{state['time_column']}`.")
    lines += ["", "| Column | Kind | Missing | Distinct | Skew |", "|---|---|---|---|---|"]
    for c in summary.get("columns", []):
        lines.append(f"| {c['name']} | {c['kind']} | {c['missing_fraction']:.1%} | "
                     f"{c['unique']:,} | {_num(c.get('skew'))} |")
    if summary.get("advice"):
        lines += ["", "Advice:", ""]
        for a in summary["advice"]:
            where = f" (`{a['column']}`)" if a["column"] else ""
            lines.append(f"- **{a['id']}**{where}: {a['why']}")
    shape = summary.get("shape")
    if shape:
        lines += ["", (f"SageMaker input for {shape.get('algorithm')}: "
                       f"`{shape.get('content_type')}` - {shape.get('layout')}")]
    return "\n".join(lines)
