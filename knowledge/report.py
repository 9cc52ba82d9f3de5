"""The decision record: what was decided and why, as Markdown and as JSON."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from knowledge import __version__
from knowledge.cards import card_markdown
from knowledge.catalog import load_catalog
from knowledge.decision import load_decision
from knowledge.recommend import Recommendation
from knowledge.session import Session


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def demote_headings(markdown: str, levels: int) -> str:
    """Push every heading down ``levels`` (max 6) so an embedded document nests under ours."""
    return re.sub(r"^(#{1,6}) ", lambda m: "#" * min(6, len(m.group(1)) + levels) + " ",
                  markdown, flags=re.MULTILINE)


def decision_record(session: Session, rec: Recommendation, sizing_markdown: str = "",
                    when: str | None = None, data_markdown: str | None = None) -> dict:
    """The record as plain data (the JSON export)."""
    dd = load_decision()
    answers = []
    for q in dd.questions.values():
        if q.id in rec.answers:
            answers.append({"question": q.id, "prompt": q.prompt,
                            "answer": rec.answers[q.id],
                            "label": q.answer(rec.answers[q.id]).label})
    chosen = session.chosen or (rec.top.id if rec.top else "")
    return {
        "title": "SageWise decision record",
        "date": when or _now(),
        "app_version": __version__,
        "problem": session.description,
        "answers": answers,
        "skipped": list(session.skipped),
        "path": list(rec.path_text),
        "recommendations": [s.to_dict() for s in rec.ranked],
        "ruled_out": [s.to_dict() for s in rec.ruled_out],
        "chosen": chosen,
        "metric": rec.metric,
        "sizing": sizing_markdown,
        "data": data_markdown if data_markdown is not None else _data_section(session),
    }


def _data_section(session: Session) -> str:
    """The Data page's section from the saved session ("" when no dataset was profiled)."""
    from knowledge.data.report import data_markdown

    return data_markdown(session.panels.get("data") or {})


def record_markdown(record: dict) -> str:
    """The record as a Markdown document a person can hand on."""
    catalog = load_catalog()
    lines = [f"# {record['title']}", "",
             f"*{record['date']} - SageWise {record['app_version']}*", "", "## Problem", "",
             record["problem"] or "(no description given)", "", "## Answers", ""]
    lines += [f"- **{a['prompt']}** {a['label']}" for a in record["answers"]] or ["- (none)"]
    if record["skipped"]:
        lines.append(f"- Skipped: {', '.join(record['skipped'])}")
    lines += ["", "## Recommendation", ""]
    for i, r in enumerate(record["recommendations"][:5], 1):
        mark = " (chosen)" if r["algorithm"] == record["chosen"] else ""
        lines.append(f"{i}. **{r['name']}**{mark} - score {r['score']:.2f}")
        lines += [f"   - {reason}" for reason in r["reasons"]]
    if record["ruled_out"]:
        lines += ["", "### Ruled out", ""]
        lines += [f"- **{r['name']}**: {'; '.join(r['why_not'])}" for r in record["ruled_out"]]
    m = record["metric"]
    lines += ["", "## How to judge it", "", f"**{m['name']}** ({m['direction']}): {m['why']}"]
    if m.get("sagemaker_objective"):
        lines.append(f"SageMaker tuning objective: `{m['sagemaker_objective']}`.")
    if m.get("objective_note"):
        lines.append(m["objective_note"] + ".")
    lines += [f"- Assumption: {a}" for a in m.get("assumptions", [])]
    if record["chosen"] and record["chosen"] in catalog:
        card = card_markdown(catalog.get(record["chosen"]), catalog)
        lines += ["", "## The chosen option in detail", "", demote_headings(card, 2)]
    if record.get("data"):
        lines += ["", "## Data", "", demote_headings(record["data"], 2)]
    if record["sizing"]:
        lines += ["", "## Sizing", "", demote_headings(record["sizing"], 2)]
    return "\n".join(lines) + "\n"
