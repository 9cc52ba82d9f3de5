"""Command line: ``python -m knowledge <command> ... [--json]``.

Every command prints one JSON object with ``--json`` (readable text without it) and
exits 0. A bad or missing argument exits 2 with one line on stderr naming the argument.
Invalid data files exit 1 with the loader's message (file, entry, field). Ctrl-C prints one
line and exits 130. Runs that would take minutes or gigabytes are refused up front (see
knowledge.sim.budget); long ones report progress on stderr.

One module per command group; each has ``register(subparsers)`` that adds its parsers
and returns ``{command: (handler, renderer)}``. A new command lands in its own module
and one line in ``GROUPS``.
"""

from __future__ import annotations

import json
import sys

from sagewise.knowledge import __version__
from sagewise.knowledge.cli import (
    catalog,
    demo,
    export,
    pipeline,
    profile,
    recommend,
    record,
    size,
    tools,
)
from sagewise.knowledge.cli.common import Parser, UsageError, one_line
from sagewise.knowledge.errors import KnowledgeError

__all__ = ["GROUPS", "Parser", "UsageError", "build_parser", "main"]

GROUPS = (recommend, catalog, tools, size, demo, record, pipeline, export, profile)


def build_parser() -> tuple[Parser, dict]:
    """The argument parser (sub-commands share --json) and every command's handlers."""
    parser = Parser(prog="python -m knowledge",
                    description="SageWise knowledge engine: recommend SageMaker algorithms.")
    parser.add_argument("--version", action="version", version=f"sagewise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    commands: dict = {}
    for group in GROUPS:
        commands.update(group.register(sub))
    return parser, commands


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (130 after Ctrl-C, with one line on stderr)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("python -m knowledge: interrupted (Ctrl-C); nothing was written\n")
        return 130


def _main(argv: list[str] | None) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    run, render = commands[args.command]
    try:
        out = run(args)
        # allow_nan=False: the output is always valid JSON (never NaN or Infinity)
        text = json.dumps(out, indent=2, ensure_ascii=False, allow_nan=False) if args.json \
            else render(out)
    except UsageError as exc:
        sys.stderr.write(f"{parser.prog} {args.command}: error: {one_line(exc)}\n")
        return 2
    except KnowledgeError as exc:
        sys.stderr.write(f"{parser.prog}: data error: {one_line(exc)}\n")
        return 1
    except MemoryError:
        sys.stderr.write(f"{parser.prog} {args.command}: error: not enough memory for this "
                         "input; try smaller values\n")
        return 2
    sys.stdout.write(text + "\n")
    return 0
