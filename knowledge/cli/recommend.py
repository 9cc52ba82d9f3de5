"""``recommend``: algorithms from a description or from answers."""

from __future__ import annotations

import argparse

from sagewise.knowledge import __version__
from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.wording import labelled

MAX_ANSWERS_BYTES = 1_000_000


def _read_answers(path: str) -> dict[str, str]:
    from sagewise.knowledge.bounded_read import load_json

    try:
        data, _ = load_json(path, None, MAX_ANSWERS_BYTES, "file of answers", max_depth=32)
    except KnowledgeError as exc:
        raise UsageError("--answers", str(exc)) from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise UsageError("--answers", "the file must hold a JSON object of question: answer")
    return data


def _parse_set(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values or []:
        if "=" not in v or not v.split("=", 1)[0] or not v.split("=", 1)[1]:
            raise UsageError("--set", f"expected QUESTION=ANSWER (got '{v}')")
        q, a = v.split("=", 1)
        out[q.strip()] = a.strip()
    return out


def _check_set(extra: dict[str, str]) -> None:
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.metrics import load_metrics
    from sagewise.knowledge.recommend import split_answers

    try:
        split_answers(extra, load_decision(), load_metrics())
    except KnowledgeError as exc:
        raise UsageError("--set", str(exc)) from None


def cmd_recommend(args: argparse.Namespace) -> dict:
    """Recommend from a description or an answers file (``--set`` adds answers)."""
    from sagewise.knowledge.recommend import recommend, recommend_description

    extra = _parse_set(args.set)
    if extra:
        _check_set(extra)
    if args.describe is not None:
        try:
            d, rec = recommend_description(args.describe, extra)
        except KnowledgeError as exc:
            raise UsageError("--describe", str(exc)) from None
        out = rec.to_dict()
        out["suggestions"] = [s.to_dict() for s in d.suggestions]
        if d.alternative:
            out["alternative_answers"] = d.alternative
        out["description_notes"] = list(d.notes)
    else:
        answers = {**_read_answers(args.answers), **extra}
        try:
            rec = recommend(answers)
        except KnowledgeError as exc:
            raise UsageError("--answers", str(exc)) from None
        out = rec.to_dict()
    out["version"] = __version__
    return out


def text_recommend(out: dict) -> str:
    """Readable form of a recommendation."""
    lines = []
    if out.get("understood") is False:
        from sagewise.knowledge.describe import NOT_UNDERSTOOD

        lines.append(NOT_UNDERSTOOD + " (--answers FILE, or --set QUESTION=ANSWER)")
    if out.get("suggestions"):
        lines.append("Suggested answers from your description:")
        for s in out["suggestions"]:
            lines.append(f"  {s['question']} = {s['answer']}  "
                         + labelled(s["source"], s["evidence"]))
    if out["path"]:
        lines.append("Path: " + " | ".join(out["path"]))
    if out["recommendations"]:
        lines.append("")
        lines.append("Recommendations (best first):")
    for i, r in enumerate(out["recommendations"][:6], 1):
        lines.append(f"{i}. {r['name']} [{r['algorithm']}]  score {r['score']:.2f}")
        for reason in r["reasons"]:
            lines.append(f"     - {reason}")
    if out["ruled_out"]:
        lines.append("Ruled out:")
        for r in out["ruled_out"]:
            lines.append(f"  x {r['name']}: {'; '.join(r['why_not'])}")
    m = out["metric"]
    if out["recommendations"]:  # a metric for no candidate would judge nothing
        lines.append("")
        lines.append(f"Judge it by: {m['name']} ({m['direction']}) - {m['why']}")
        if m.get("sagemaker_objective"):
            lines.append(f"  SageMaker tuning objective: {m['sagemaker_objective']}")
        if m.get("objective_note"):
            lines.append(f"  ({m['objective_note']})")
        for a in m.get("assumptions", []):
            lines.append(f"  (assumption: {a})")
    sep = out.get("separating_question")
    if out.get("confident") is False and sep:
        lines.append(f"\nNot sure between two readings of your description. First: "
                     f"{sep['prompt']}")
    nq = out["next_question"]
    if nq:
        opts = ", ".join(a["id"] for a in nq["answers"])
        lines.append(f"\nNext question: {nq['prompt']} [{nq['id']}: {opts}]")
    for n in [*out.get("description_notes", []), *out.get("notes", [])]:
        lines.append(f"Note: {n}")
    return "\n".join(lines)


def register(sub) -> dict:
    """Add ``recommend`` to the parser; return its handler and renderer."""
    p = add_command(sub, "recommend", "Recommend algorithms from a description or from answers")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--describe", metavar="TEXT", help="plain-English problem description")
    src.add_argument("--answers", metavar="FILE", help="JSON file of question: answer")
    p.add_argument("--set", action="append", metavar="Q=A",
                   help="add or override one answer (repeatable)")
    return {"recommend": (cmd_recommend, text_recommend)}
