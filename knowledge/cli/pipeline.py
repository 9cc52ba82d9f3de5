"""``pipeline``: one decision per area (ingestion ... security) from a description or answers."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.cli.recommend import _parse_set, _read_answers
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.wording import labelled


def cmd_pipeline(args: argparse.Namespace) -> dict:
    """Decide the pipeline from a description or an answers file (``--set`` adds answers)."""
    from sagewise.knowledge.pipeline.data import load_pipeline
    from sagewise.knowledge.pipeline.describe import decide_description
    from sagewise.knowledge.pipeline.engine import decide, validate_pipeline_answers

    extra = _parse_set(args.set)
    if extra:
        try:
            validate_pipeline_answers(load_pipeline(), extra)
        except KnowledgeError as exc:
            raise UsageError("--set", str(exc)) from None
    if args.describe is not None:
        try:
            d, plan = decide_description(args.describe, extra)
        except KnowledgeError as exc:
            raise UsageError("--describe", str(exc)) from None
        out = plan.to_dict()
        out["suggestions"] = [s.to_dict() for s in d.suggestions]
        out["confident"], out["close"] = d.confident, dict(d.close or {})
        from sagewise.knowledge.describe import description_notes

        out["description_notes"] = list(description_notes(args.describe))
    else:
        answers = {**_read_answers(args.answers), **extra}
        try:
            plan = decide(answers)
        except KnowledgeError as exc:
            raise UsageError("--answers", str(exc)) from None
        out = plan.to_dict()
    return out


def text_pipeline(out: dict) -> str:
    """Readable form of a pipeline plan."""
    lines = [f"Note: {n}" for n in out.get("description_notes", [])]
    if out.get("suggestions"):
        lines.append("Suggested answers from your description:")
        for s in out["suggestions"]:
            lines.append(f"  {s['question']} = {s['answer']}  " + labelled("", s["evidence"]))
        lines.append("")
    for d in out["decisions"]:
        lines.append(f"{d['area']}: {d['name']} [{d['choice']}]  score {d['score']:.2f}")
        for r in d["reasons"]:
            lines.append(f"     - {r}")
        for lim in d.get("limits", [])[:3]:
            lines.append(f"     limit: {lim['what']}: {lim['value']} (as of {lim['as_of']})")
        for a in d["alternatives"][:2]:
            lines.append(f"     not {a['choice']}: {a['why_not']}")
    nq = out["next_question"]
    if nq:
        opts = ", ".join(a["id"] for a in nq["answers"])
        lines.append(f"\nNext question: {nq['prompt']} [{nq['id']}: {opts}]")
    return "\n".join(lines)


def register(sub) -> dict:
    """Add ``pipeline`` to the parser; return its handler and renderer."""
    p = add_command(sub, "pipeline", "Decide ingestion, transform, training input, training, "
                    "tuning, deployment, monitoring and security")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--describe", metavar="TEXT", help="plain-English pipeline description")
    src.add_argument("--answers", metavar="FILE", help="JSON file of question: answer "
                     "(\"algorithm\": ID takes the chosen algorithm's modes into account)")
    p.add_argument("--set", action="append", metavar="Q=A",
                   help="add or override one answer (repeatable)")
    return {"pipeline": (cmd_pipeline, text_pipeline)}
