"""Command line: ``python -m knowledge <command> ... [--json]``.

Every command prints one JSON object with ``--json`` (readable text without it) and
exits 0. A bad or missing argument exits 2 with one line on stderr naming the argument.
Invalid data files exit 1 with the loader's message (file, entry, field).

One module per command group; each has ``register(subparsers)`` that adds its parsers
and returns ``{command: (handler, renderer)}``. A new command lands in its own module
and one line in ``GROUPS``.
"""

from __future__ import annotations

import json
import sys

from knowledge import __version__
from knowledge.cli import catalog, demo, profile, recommend, size, tools
from knowledge.cli.common import Parser, UsageError
from knowledge.errors import KnowledgeError

__all__ = ["GROUPS", "Parser", "UsageError", "build_parser", "main"]

GROUPS = (recommend, catalog, tools, size, demo, profile)


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
    """Entry point; returns the exit code."""
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    run, render = commands[args.command]
    try:
        out = run(args)
    except UsageError as exc:
        sys.stderr.write(f"{parser.prog} {args.command}: error: {exc}\n")
        return 2
    except KnowledgeError as exc:
        sys.stderr.write(f"{parser.prog}: data error: {exc}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(out) + "\n")
    return 0
