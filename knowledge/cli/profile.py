"""``profile FILE``: what a dataset needs before any algorithm sees it."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.errors import InputError, KnowledgeError

_FLAGS = {"target": "--target", "time column": "--time-column", "algorithm": "--algorithm",
          "content type": "--content-type", "table": "--athena-table"}


def cmd_profile(args: argparse.Namespace) -> dict:
    """Profile FILE; optionally the shape for an algorithm, a conversion, Athena SQL."""
    from sagewise.knowledge.data.profile import profile_file
    from sagewise.knowledge.data.report import analyse

    if not args.file.strip():
        raise UsageError("FILE", "must not be empty")
    try:
        prof = profile_file(args.file)
    except InputError as exc:
        raise UsageError(_FLAGS.get(exc.field, "FILE"), exc.detail) from None
    except KnowledgeError as exc:
        raise UsageError("FILE", str(exc)) from None
    try:
        report = analyse(prof, args.target, args.time_column, args.algorithm)
        out = report.to_json()
        if args.algorithm:
            from sagewise.knowledge.data.shape import sagemaker_shape

            shape = sagemaker_shape(args.algorithm, report, args.content_type)
            out["shape"] = shape.to_dict()
            if args.convert:
                from sagewise.knowledge.data.convert import convert

                if not shape.writes:
                    raise UsageError("--convert", f"{shape.content_type} is not written by "
                                     f"SageWise: {shape.how.splitlines()[0]}")
                try:
                    out["converted"] = convert(report, shape, args.convert).to_dict()
                except KnowledgeError as exc:
                    raise UsageError("--convert", str(exc)) from None
        elif args.convert:
            raise UsageError("--convert", "needs --algorithm (the shape to write)")
        if args.athena_table:
            from sagewise.knowledge.data.athena import sql_for_profile

            out["athena_sql"] = sql_for_profile(args.athena_table, prof, args.target)
    except InputError as exc:
        raise UsageError(_FLAGS.get(exc.field, exc.field), exc.detail) from None
    return out


def text_profile(out: dict) -> str:
    """Readable profile."""
    from sagewise.knowledge.data.report import text_report

    text = text_report(out)
    if "shape" in out:
        sh = out["shape"]
        text += (f"\n\nSageMaker input for {sh['algorithm']}: {sh['content_type']}\n"
                 f"  {sh['layout']}")
        if sh["how"]:
            text += "\n  " + sh["how"].replace("\n", "\n  ")
    if "converted" in out:
        c = out["converted"]
        from sagewise.knowledge.data.convert import ConvertResult

        text += "\n\n" + "\n".join(ConvertResult(**c).lines())
    if "athena_sql" in out:
        text += "\n\n" + out["athena_sql"]
    return text


def register(subparsers) -> dict:
    """Add ``profile``."""
    p = add_command(subparsers, "profile", "profile a dataset (CSV, TSV, Parquet, JSON Lines, "
                    "or a folder of parts) and advise on its preparation")
    p.add_argument("file", metavar="FILE", help="a file or a folder of parts")
    p.add_argument("--target", metavar="COL", help="the column to predict")
    p.add_argument("--time-column", metavar="COL", help="a time column (time-based split)")
    p.add_argument("--algorithm", metavar="ID", help="add the SageMaker input shape for "
                   "this built-in algorithm")
    p.add_argument("--content-type", metavar="CT", help="with --algorithm: this content type")
    p.add_argument("--convert", metavar="OUT", help="with --algorithm: write the training file")
    p.add_argument("--athena-table", metavar="TABLE", help="add the same profile as Athena "
                   "SQL for this table")
    return {"profile": (cmd_profile, text_profile)}
