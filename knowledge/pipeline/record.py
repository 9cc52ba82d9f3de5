"""The pipeline part of the decision record (data for JSON, a Markdown section).

Recomputed from what the user answered (saved in the session's ``pipeline`` panel state),
so the record states the decisions and their reasons, never a stale copy. Answers that
came from the algorithm wizard are labelled as carried over; defaults as defaults.
"""

from __future__ import annotations

from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.pipeline.data import load_pipeline
from sagewise.knowledge.pipeline.engine import ALGORITHM_KEY, carry_over, decide


def pipeline_answers(state: dict | None, wizard_answers: dict[str, str] | None = None,
                     chosen: str = "") -> dict[str, str]:
    """The pipeline answers of a session: carried over from the wizard, then the user's own."""
    state = state or {}
    own = state.get("answers") or {}
    if not isinstance(own, dict):
        raise KnowledgeError("pipeline state: 'answers' must be an object")
    return {**carry_over(wizard_answers or {}, chosen), **own}


def pipeline_record(state: dict | None, wizard_answers: dict[str, str] | None = None,
                    chosen: str = "") -> dict | None:
    """The pipeline decisions for the record, or None if the user never opened the pipeline."""
    if not isinstance(state, dict) or not (state.get("answers") or state.get("description")):
        return None
    try:
        return _record(state, wizard_answers, chosen)
    except KnowledgeError as exc:
        return {"description": str(state.get("description") or ""), "answers": [],
                "decisions": [], "error": f"the saved pipeline answers could not be read: {exc}"}


def _record(state: dict, wizard_answers: dict[str, str] | None, chosen: str) -> dict:
    answers = pipeline_answers(state, wizard_answers, chosen)
    hints = None
    description = state.get("description") or ""
    if isinstance(description, str) and description.strip():
        from sagewise.knowledge.pipeline.describe import describe_pipeline

        d = describe_pipeline(description)
        hints = d.hints
        read = set(d.answers) - set(answers)      # from the text only: suggestions
        answers = {**d.answers, **answers}
    else:
        read = set()
    plan = decide(answers, hints=hints, skipped=tuple(state.get("skipped") or ()),
                  suggested=read)
    pd = load_pipeline()
    own = state.get("answers") or {}
    listed = []
    for q, a in plan.answers.items():
        if q == ALGORITHM_KEY:
            listed.append({"question": q, "prompt": "Algorithm", "answer": a, "label": a,
                           "source": "chosen in the wizard"})
            continue
        question = pd.dd.questions[q]
        source = "you" if q in own else (
            "carried over from the wizard" if q in (wizard_answers or {}) else
            "read from your description")
        listed.append({"question": q, "prompt": question.prompt, "answer": a,
                       "label": question.answer(a).label, "source": source})
    return {"description": description, "answers": listed,
            "decisions": [d.to_dict() for d in plan.decisions]}


def pipeline_markdown(record: dict) -> str:
    """The ``## Pipeline`` section of the Markdown record."""
    lines = ["## Pipeline", ""]
    if record.get("error"):
        return "\n".join([*lines, f"Not included: {record['error']}."]) + "\n"
    if record.get("description"):
        lines += [record["description"], ""]
    if record["answers"]:
        lines += [f"- **{a['prompt']}** {a['label']} *({a['source']})*"
                  for a in record["answers"]]
    else:
        lines.append("- (no answers: every area shows its usual choice)")
    lines += ["", "| Area | Choice | Score |", "|---|---|---|"]
    lines += [f"| {d['area']} | {d['name']} | {d['score']:.2f} |" for d in record["decisions"]]
    for d in record["decisions"]:
        lines += ["", f"### {d['area'].replace('-', ' ').capitalize()}: {d['name']}", ""]
        lines += [f"- {r}" for r in d["reasons"]]
        for lim in d["limits"]:
            lines.append(f"- Limit - {lim['what']}: {lim['value']} (as of {lim['as_of']}; "
                         f"{lim['source']})")
        for a in d["alternatives"][:3]:
            lines.append(f"- Not {a['name']}: {a['why_not']}")
    return "\n".join(lines) + "\n"
