"""``confusion`` and ``troubleshoot``: the metric and troubleshooting tools."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.errors import InputError


def _count_arg(name: str, raw: str) -> float:
    from sagewise.knowledge.numbers import parse_number

    try:
        return parse_number(raw, name, allow_empty=False)
    except InputError as exc:
        raise UsageError(name, exc.detail) from None


def cmd_confusion(args: argparse.Namespace) -> dict:
    """Confusion-matrix measures from four counts."""
    from sagewise.knowledge.metrics import confusion_metrics, load_metrics

    counts = {n: _count_arg(f"--{n}", getattr(args, n)) for n in ("tp", "fp", "fn", "tn")}
    try:
        values = confusion_metrics(**counts)
    except InputError as exc:
        raise UsageError(f"--{exc.field}", exc.detail) from None
    formulas = {c.id: c.formula for c in load_metrics().confusion}
    return {"counts": {k: int(v) for k, v in counts.items()}, "metrics": values,
            "formulas": formulas}


def text_confusion(out: dict) -> str:
    """Readable confusion measures."""
    from sagewise.knowledge.metrics import metric_value_text

    lines = []
    for k, v in out["metrics"].items():
        lines.append(f"{k:<18} {metric_value_text(k, v):<30} {out['formulas'].get(k, '')}")
    return "\n".join(lines)


def cmd_troubleshoot(args: argparse.Namespace) -> dict:
    """Search the troubleshooting table."""
    from sagewise.knowledge.troubleshoot import load_troubles, search

    if not args.symptom.strip():
        raise UsageError("SYMPTOM", "must not be empty")
    hits = search(load_troubles(), args.symptom)
    return {"matches": [{"id": t.id, "symptom": t.symptom, "causes": list(t.causes),
                         "remedies": list(t.remedies)} for t in hits[:5]]}


def text_troubleshoot(out: dict) -> str:
    """Readable troubleshooting matches."""
    if not out["matches"]:
        return "No matching symptom. Try other words (e.g. 'overfitting', 'loss oscillating')."
    lines = []
    for m in out["matches"][:3]:
        lines.append(m["symptom"])
        lines += [f"  cause:  {c}" for c in m["causes"]]
        lines += [f"  remedy: {r}" for r in m["remedies"]]
        lines.append("")
    return "\n".join(lines).rstrip()


def register(sub) -> dict:
    """Add ``confusion`` and ``troubleshoot``; return their handlers and renderers."""
    p = add_command(sub, "confusion", "Accuracy, precision, recall ... from a confusion matrix")
    for n in ("tp", "fp", "fn", "tn"):
        p.add_argument(f"--{n}", required=True, metavar="N")
    p = add_command(sub, "troubleshoot", "Find causes and remedies for a training symptom")
    p.add_argument("symptom", metavar="SYMPTOM")
    return {"confusion": (cmd_confusion, text_confusion),
            "troubleshoot": (cmd_troubleshoot, text_troubleshoot)}
