"""The decision record: what was decided and why, as Markdown and as JSON.

It states only what the user decided or what was computed: an option is "chosen" only
after the user pressed "Choose this" (otherwise it is "top-ranked, not yet chosen"), and
every sizing section names the algorithm it was computed for. ``record_text`` is the one
function behind File > Export and ``python -m knowledge record``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from sagewise.knowledge import __version__
from sagewise.knowledge.cards import card_markdown
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.decision import load_decision
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.pipeline.record import pipeline_markdown, pipeline_record
from sagewise.knowledge.recommend import Recommendation, metric_for, recommend
from sagewise.knowledge.session import Session
from sagewise.knowledge.session_schema import SIZING_FIELDS

FORMATS = ("md", "json")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def demote_headings(markdown: str, levels: int) -> str:
    """Push every heading down ``levels`` (max 6) so an embedded document nests under ours."""
    return re.sub(r"^(#{1,6}) ", lambda m: "#" * min(6, len(m.group(1)) + levels) + " ",
                  markdown, flags=re.MULTILINE)


def session_recommendation(session: Session) -> Recommendation:
    """The recommendation a session stands for: its answers plus the suggestions from its
    description that were neither confirmed, changed nor skipped. Hints come from the
    text the suggestions were made from (the description may have been edited since,
    without asking for new suggestions: the window still shows the older reading)."""
    wizard = session.panels.get("wizard") or {}
    suggested = wizard.get("suggested") or {}
    answers = {q: a for q, a in suggested.items() if q not in session.skipped}
    answers.update(session.answers)
    described = wizard.get("suggested_from")
    described = described if isinstance(described, str) else session.description
    hints: dict = {}
    if described.strip():
        from sagewise.knowledge.describe import describe

        try:
            hints = describe(described).hints
        except KnowledgeError:
            hints = {}
    return recommend(answers, hints=hints, skipped=tuple(session.skipped),
                     suggested=set(answers) - set(session.answers))


def _computed_for(calculator: str, algorithm: str) -> str:
    catalog = load_catalog()
    if algorithm:
        name = catalog.get(algorithm).name if algorithm in catalog else algorithm
        return f"{name} (`{algorithm}`)"
    if "algorithm" in SIZING_FIELDS.get(calculator, {}):
        return "no particular algorithm (none was selected in this calculator)"
    return "any algorithm (these inputs do not depend on one)"


def _mismatch(algorithm: str, chosen: str, top: str) -> str:
    """A warning when a sizing was computed for another algorithm than the decision."""
    decided, what = (chosen, "the chosen option") if chosen else (top, "the top-ranked option")
    if not algorithm or not decided or algorithm == decided:
        return ""
    catalog = load_catalog()
    name = catalog.get(decided).name if decided in catalog else decided
    return f" Not computed for {what}, {name}."


def sizing_sections(session: Session) -> list[dict]:
    """Each computed sizing result with the algorithm it was computed for, and whether
    its inputs are only the calculator's examples (nothing entered or carried over)."""
    return [{**r, "computed_for": _computed_for(r["calculator"], r["algorithm"]),
             "example_inputs_only": _examples_only(r)}
            for r in session.sizing]


def _examples_only(result: dict) -> bool:
    inputs = result.get("inputs")
    return isinstance(inputs, dict) and not inputs.get("entered") and \
        not inputs.get("from_elsewhere")


def _inputs_line(result: dict) -> str:
    """Where the inputs came from, so the record never passes an example off as a
    decision ("" for sessions saved before this was recorded)."""
    inputs = result.get("inputs")
    if not isinstance(inputs, dict):
        return ""
    parts = []
    if inputs.get("entered"):
        parts.append("entered by you: " + ", ".join(inputs["entered"]))
    if inputs.get("from_elsewhere"):
        parts.append("filled in for you: " + ", ".join(inputs["from_elsewhere"]))
    if inputs.get("examples"):
        parts.append("the calculator's example values (assumed, not yours): "
                     + ", ".join(inputs["examples"]))
    return f"*Inputs - {'; '.join(parts)}.*\n\n" if parts else ""


def sizing_markdown_of(sections: list[dict], chosen: str, top: str) -> str:
    """The record's Sizing section: each result the user worked on, with where its
    inputs came from; calculators only looked at with their examples are named, not
    presented as results."""
    shown = [r for r in sections if not r["example_inputs_only"]]
    looked = [r["title"] for r in sections if r["example_inputs_only"]]
    parts = [f"# {r['title']}\n\n*Computed for: {r['computed_for']}."
             f"{_mismatch(r['algorithm'], chosen, top)}*\n\n{_inputs_line(r)}{r['markdown']}"
             for r in shown]
    if looked:
        parts.append("*Looked at with the example inputs only, so not part of this record: "
                     + ", ".join(looked) + ".*")
    return "\n\n".join(parts)


def decision_record(session: Session, rec: Recommendation, sizing_markdown: str = "",
                    when: str | None = None, data_markdown: str | None = None) -> dict:
    """The record as plain data (the JSON export). ``chosen`` is "" unless the user chose;
    ``data`` is the Data page's section (from the saved session unless given)."""
    dd = load_decision()
    answers = []
    for q in dd.questions.values():
        if q.id in rec.answers:
            answers.append({"question": q.id, "prompt": q.prompt,
                            "answer": rec.answers[q.id],
                            "label": q.answer(rec.answers[q.id]).label,
                            # the user's own answer, or one suggested and not confirmed
                            "source": "you" if q.id in session.answers else "suggested"})
    sections = sizing_sections(session)
    top = rec.top.id if rec.top else ""
    if not sizing_markdown and sections:
        sizing_markdown = sizing_markdown_of(sections, session.chosen, top)
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
        "chosen": session.chosen,
        "top_ranked": top,
        "metric": metric_for(rec, session.chosen) if session.chosen else rec.metric,
        "sizing": sizing_markdown,
        "sizing_results": sections,
        "pipeline": pipeline_record(session.panels.get("pipeline"), session.answers,
                                    session.chosen),
        "data": data_markdown if data_markdown is not None else _data_section(session),
    }


def _data_section(session: Session) -> str:
    """The Data page's section from the saved session ("" when no dataset was profiled)."""
    from sagewise.knowledge.data.report import data_markdown

    return data_markdown(session.panels.get("data") or {})


def record_markdown(record: dict) -> str:
    """The record as a Markdown document a person can hand on."""
    catalog = load_catalog()
    lines = [f"# {record['title']}", "",
             f"*{record['date']} - SageWise {record['app_version']}*", "", "## Problem", "",
             record["problem"] or "(no description given)", "", "## Answers", ""]
    lines += [f"- **{a['prompt']}** {a['label']}"
              + (" *(suggested from your description or data, not confirmed)*"
                 if a.get("source") == "suggested" else "")
              for a in record["answers"]] or ["- (none)"]
    if record["skipped"]:   # ids in the JSON; the questions as the user saw them here
        questions = load_decision().questions
        skipped = [questions[q].prompt if q in questions else q for q in record["skipped"]]
        lines.append("- Skipped (not sure):")
        lines += [f"  - {prompt}" for prompt in skipped]
    lines += ["", "## Recommendation", ""]
    chosen, top = record["chosen"], record.get("top_ranked", "")
    if not chosen:
        note = "*No option has been picked yet: the first one is the top-ranked, not a decision.*"
        lines += [note, ""]
    for i, r in enumerate(record["recommendations"][:5], 1):
        mark = (" (chosen)" if r["algorithm"] == chosen else
                " (top-ranked, not yet chosen)" if not chosen and r["algorithm"] == top
                else "")
        lines.append(f"{i}. **{r['name']}**{mark} - score {r['score']:.2f}")
        lines += [f"   - {reason}" for reason in r["reasons"]]
    if record["ruled_out"]:
        lines += ["", "### Ruled out", ""]
        lines += [f"- **{r['name']}**: {'; '.join(r['why_not'])}" for r in record["ruled_out"]]
    m = record["metric"]
    judged = m.get("for", "")
    whose = (f" (for {catalog.get(judged).name}, "
             f"{'the chosen option' if judged == chosen else 'the top-ranked option'})"
             if judged in catalog else "")
    lines += ["", f"## How to judge it{whose}", "",
              f"**{m['name']}** ({m['direction']}): {m['why']}"]
    if m.get("sagemaker_objective"):
        lines.append(f"SageMaker tuning objective: `{m['sagemaker_objective']}`.")
    if m.get("objective_note"):
        lines.append(m["objective_note"] + ".")
    lines += [f"- Assumption: {a}" for a in m.get("assumptions", [])]
    if chosen and chosen in catalog:
        card = card_markdown(catalog.get(chosen), catalog)
        lines += ["", "## The chosen option in detail", "", demote_headings(card, 2)]
    elif top and top in catalog:
        card = card_markdown(catalog.get(top), catalog)
        lines += ["", "## The top-ranked option in detail (not yet chosen)", "",
                  demote_headings(card, 2)]
    if record.get("data"):
        lines += ["", "## Data", "", demote_headings(record["data"], 2)]
    if record["sizing"]:
        lines += ["", "## Sizing", "", demote_headings(record["sizing"], 2)]
    if record.get("pipeline"):
        lines += ["", pipeline_markdown(record["pipeline"]).rstrip("\n")]
    return "\n".join(lines) + "\n"


def record_text(session: Session, fmt: str = "md", when: str | None = None) -> str:
    """The decision record of a session as File > Export writes it (and the CLI prints)."""
    if fmt not in FORMATS:
        raise KnowledgeError(f"unknown record format '{fmt}' (use md or json)")
    return render_record(session_record(session, when), fmt)


def session_record(session: Session, when: str | None = None) -> dict:
    """The record (plain data) of a session, its recommendation recomputed from it."""
    return decision_record(session, session_recommendation(session), when=when)


def render_record(record: dict, fmt: str) -> str:
    """The record as the text of an exported file: Markdown, or JSON ending in a newline."""
    if fmt == "json":
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return record_markdown(record)
