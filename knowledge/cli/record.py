"""``record``: the decision record of a saved session, exactly as File > Export writes it."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.errors import KnowledgeError


class RecordOut(dict):
    """The record as data (what ``--json`` prints) plus the exported text."""

    text = ""


def cmd_record(args: argparse.Namespace) -> dict:
    """Load and validate the session, then build its record (one shared function)."""
    import sys

    from sagewise.knowledge.report import render_record, session_record
    from sagewise.knowledge.session import load_session_checked
    from sagewise.knowledge.wording import count

    try:
        session, dropped = load_session_checked(args.session)
    except KnowledgeError as exc:
        raise UsageError("SESSION", str(exc)) from None
    if dropped:   # as the app's dialog does: the record is made without them
        shown = "; ".join(dropped[:5]) + (f"; and {len(dropped) - 5} more"
                                           if len(dropped) > 5 else "")
        sys.stderr.write(f"record: left out {count(len(dropped), 'invalid value')} of the "
                         f"session: {shown}\n")
    out = RecordOut(session_record(session))
    out.text = render_record(out, args.format)
    return out


def text_record(out: RecordOut) -> str:
    """The exported file's text (the command line adds back its final newline)."""
    return out.text.removesuffix("\n")


def register(sub) -> dict:
    """Add the ``record`` parser."""
    p = add_command(sub, "record", "the decision record of a saved session",
                    "Print the decision record of a session file, exactly as File > Export "
                    "decision record writes it (Markdown or JSON).")
    p.add_argument("session", metavar="SESSION", help="a saved session (.sagewise.json)")
    p.add_argument("--format", choices=("md", "json"), default="md",
                   help="Markdown (default) or JSON")
    return {"record": (cmd_record, text_record)}
