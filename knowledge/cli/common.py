"""Shared pieces of the command line: the one-line error, the parser, ``--json`` on every command."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

MAX_MESSAGE = 240


def one_line(message: object) -> str:
    """A message on one line and at most MAX_MESSAGE characters: whatever a value or a file
    holds, the error never repeats more than a short prefix of it."""
    text = " ".join(str(message).split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 3] + "..."
from sagewise.knowledge.errors import InputError


class UsageError(Exception):
    """A bad argument: reported on one line, exit code 2."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"argument {argument}: {message}")


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and exit 2."""
        sys.stderr.write(f"{self.prog}: error: {one_line(message)}\n")
        raise SystemExit(2)


def number_arg(text: str) -> float:
    """argparse ``type=`` for a number flag: the same parser as the GUI's number fields
    (thousands separators, no NaN or infinity), so a value means the same in both."""
    from sagewise.knowledge.numbers import parse_number

    try:
        return parse_number(text, "value", allow_empty=False)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.detail) from None


def add_command(subparsers, name: str, help_text: str, description: str = "") -> Parser:
    """A sub-command; every one accepts --json."""
    p = subparsers.add_parser(name, help=help_text, description=description or help_text)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p
