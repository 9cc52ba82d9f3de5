"""``size <calculator>``: the sizing calculators."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import Parser, UsageError, add_command, number_arg
from sagewise.knowledge.errors import InputError, KnowledgeError

# Engine field name -> the flag a user typed (when they differ from --field-name).
_FLAG = {"headroom_pct": "--headroom", "sequence_length": "--seq-len",
         "unique_entities": "--unique-entities"}


def _flag(field: str) -> str:
    return _FLAG.get(field, "--" + field.replace("_", "-"))


def _sizing(call):
    try:
        return call()
    except InputError as exc:
        raise UsageError(_flag(exc.field), exc.detail) from None


def _with_summary(out: dict, markdown: str) -> dict:
    """The result plus ``summary``: the very text the sizing panel shows for it."""
    return {**out, "summary": markdown}


def cmd_size(args: argparse.Namespace) -> dict:
    """Dispatch ``size <calculator>``."""
    from sagewise.knowledge.sizing import report

    calc = args.calculator
    if calc == "kinesis":
        from sagewise.knowledge.sizing.kinesis import size_stream

        r = _sizing(lambda: size_stream(
            record_kb=args.record_kb, write_mb_per_second=args.write_mb_per_second,
            records_per_second=args.records_per_second, consumers=args.consumers,
            efo_consumers=args.efo_consumers, headroom_pct=args.headroom, mode=args.mode,
            round_record_up=args.round_record_size))
        return _with_summary(r.to_dict(), report.kinesis_markdown(r))
    if calc == "spice":
        from sagewise.knowledge.sizing.spice import check_dataset

        values = {"rows": args.rows, "size_gb": args.size_gb, "columns": args.columns,
                  "longest_column_name": args.longest_column_name,
                  "longest_field": args.longest_field, "manifest_files": args.manifest_files}
        measured = None
        if args.file:
            from sagewise.knowledge.sizing.spice_file import measure_file

            try:
                measured = measure_file(args.file)
            except KnowledgeError as exc:
                raise UsageError("--file", str(exc)) from None
            auto = {"rows": measured.rows, "size_gb": measured.spice_gb_estimate,
                    "columns": measured.columns,
                    "longest_column_name": measured.longest_column_name,
                    "longest_field": measured.longest_field}
            values = {k: (auto.get(k) if v is None else v) for k, v in values.items()}
        r = _sizing(lambda: check_dataset(edition=args.edition, **values))
        out = _with_summary(r.to_dict(), report.spice_markdown(r))
        if measured is not None:
            out["file"] = measured.to_dict()
        return out
    if calc == "scaling":
        from sagewise.knowledge.sizing.scaling import scale

        r = _sizing(lambda: scale(
            base_lr=args.base_lr, base_batch=args.base_batch, new_batch=args.new_batch,
            per_device_batch=args.per_device_batch, devices=args.devices,
            instances=args.instances, rule=args.rule, warmup_epochs=args.warmup_epochs,
            optimizer=args.optimizer, algorithm=args.algorithm,
            sequence_length=args.seq_len))
        return _with_summary(r.to_dict(), report.scaling_markdown(r, args.base_lr))
    if calc == "endpoint":
        from sagewise.knowledge.sizing.endpoint import autoscaling

        r = _sizing(lambda: autoscaling(max_rps=args.max_rps, safety_factor=args.safety_factor,
                                        peak_rps=args.peak_rps, per_minute=args.per_minute))
        return _with_summary(r.to_dict(), report.endpoint_markdown(r))
    if calc == "hyperparams":
        from sagewise.knowledge.sizing import hyperparams as hp

        given = [n for n in ("unique_entities", "anomaly_ratio") if getattr(args, n) is not None]
        pair = args.negatives is not None or args.positives is not None
        if len(given) + pair != 1:
            raise UsageError("--unique-entities", "give exactly one of --unique-entities, "
                             "--anomaly-ratio, or --negatives with --positives")
        if given == ["unique_entities"]:
            r = _sizing(lambda: hp.ip_insights_entity_vectors(args.unique_entities))
            return _with_summary(r, report.hyperparams_markdown(ip=r))
        if given == ["anomaly_ratio"]:
            r = _sizing(lambda: hp.rcf_samples_per_tree(args.anomaly_ratio))
            return _with_summary(r, report.hyperparams_markdown(rcf=r))
        if args.negatives is None or args.positives is None:
            missing = "--negatives" if args.negatives is None else "--positives"
            raise UsageError(missing, "is required with the other count")
        r = _sizing(lambda: hp.xgboost_scale_pos_weight(args.negatives, args.positives))
        return _with_summary(r, report.hyperparams_markdown(xgb=r))
    if calc == "instances":
        from sagewise.knowledge.sizing.instances import recommend_instances

        r = _sizing(lambda: recommend_instances(
            algorithm=args.algorithm, phase=args.phase, dataset_gb=args.dataset_gb,
            gpu=args.gpu, mode=args.mode, hours=args.hours,
            max_price=args.max_price, priority=args.priority,
            algorithm_mode=args.algorithm_mode))
        return _with_summary(r.to_dict(), report.instances_markdown(r))
    raise UsageError("CALCULATOR", f"unknown calculator '{calc}'")  # pragma: no cover


def text_size(out: dict) -> str:
    """Readable calculator output: the panel's own result text, without Markdown."""
    from sagewise.knowledge.sizing.report import (
        plain,  # lazy: other commands skip the sizing imports
    )

    text = plain(out["summary"])
    measured = out.get("file")
    if measured:
        text += "\n\nMeasured file: " + ", ".join(f"{k} {v}" for k, v in measured.items())
    return text


def register(sub) -> dict:
    """Add ``size`` and its calculators; return its handler and renderer."""
    size = sub.add_parser("size", help="Sizing calculators",
                          description="Sizing calculators (each accepts --json)")
    calcs = size.add_subparsers(dest="calculator", metavar="CALCULATOR", parser_class=Parser)
    calcs.required = True

    def calc(name: str, help_text: str) -> Parser:
        return add_command(calcs, name, help_text)

    p = calc("kinesis", "Kinesis Data Streams: shards (provisioned) or throughput "
                         "against the on-demand limits (KiB units)")
    rate = p.add_mutually_exclusive_group(required=True)
    rate.add_argument("--record-kb", type=number_arg, metavar="KIB",
                      help="average record size incl. partition key, KiB")
    rate.add_argument("--write-mb-per-second", type=number_arg, metavar="MIB",
                      help="total write rate, MiB/s")
    p.add_argument("--records-per-second", type=number_arg, required=True, metavar="N",
                   help="peak records written per second (after KPL aggregation)")
    p.add_argument("--consumers", type=number_arg, default=1, metavar="N",
                   help="shared-throughput (GetRecords) consumers (default 1)")
    p.add_argument("--efo-consumers", type=number_arg, default=0, metavar="N",
                   help="enhanced fan-out consumers (default 0)")
    p.add_argument("--headroom", type=number_arg, default=0, metavar="PCT", help="extra capacity above peak, %%")
    p.add_argument("--mode", choices=("provisioned", "on-demand"), default="provisioned",
                   help="capacity mode: provisioned shards (default) or on-demand")
    p.add_argument("--round-record-size", action="store_true",
                   help="round the record size up to a whole KiB first")

    p = calc("spice", "QuickSight SPICE quota checks")
    p.add_argument("--edition", choices=("standard", "enterprise"), required=True,
                   help="QuickSight edition whose SPICE quotas apply")
    p.add_argument("--rows", type=number_arg, metavar="N", help="rows in the dataset")
    p.add_argument("--size-gb", type=number_arg, metavar="G",
                   help="SPICE size after ingestion, GB (not the file size)")
    p.add_argument("--columns", type=number_arg, metavar="N", help="columns in the dataset")
    p.add_argument("--longest-column-name", type=number_arg, metavar="N",
                   help="characters in the longest column name")
    p.add_argument("--longest-field", type=number_arg, metavar="N",
                   help="characters in the longest text value")
    p.add_argument("--manifest-files", type=number_arg, metavar="N",
                   help="files listed in the S3 manifest")
    p.add_argument("--file", metavar="PATH", help="measure a CSV or Parquet file")

    p = calc("scaling", "Batch size and learning-rate scaling")
    p.add_argument("--base-lr", type=number_arg, required=True, metavar="LR",
                   help="learning rate that worked at the base batch size")
    p.add_argument("--base-batch", type=number_arg, required=True, metavar="B",
                   help="global batch size (examples per step) of that run")
    p.add_argument("--new-batch", type=number_arg, metavar="B",
                   help="new global batch size (instead of the three flags below)")
    p.add_argument("--per-device-batch", type=number_arg, metavar="b",
                   help="examples per GPU (or device) per step")
    p.add_argument("--devices", type=number_arg, metavar="d", help="GPUs (devices) per instance")
    p.add_argument("--instances", type=number_arg, default=1, metavar="n",
                   help="training instances (default 1)")
    p.add_argument("--rule", choices=("linear", "sqrt", "none"), default="linear",
                   help="how the learning rate follows the batch size (default linear)")
    p.add_argument("--warmup-epochs", type=number_arg, metavar="E",
                   help="epochs of linear warmup to the new rate")
    p.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd",
                   help="optimizer family (default sgd)")
    p.add_argument("--algorithm", metavar="ID", help="catalog id, for algorithm-specific advice")
    p.add_argument("--seq-len", type=number_arg, metavar="T", help="tokens per example (LLMs)")

    p = calc("endpoint", "Endpoint auto scaling target (SageMakerVariantInvocationsPerInstance) "
             "and instances at peak, from a single-instance load test")
    p.add_argument("--max-rps", type=number_arg, required=True, metavar="R",
                   help="requests per second one instance sustained in a load test before "
                        "latency rose or errors began (per minute with --per-minute)")
    p.add_argument("--safety-factor", type=number_arg, metavar="S",
                   help="share of that maximum to aim for, 0.01 to 1 (default 0.5)")
    p.add_argument("--peak-rps", type=number_arg, metavar="P",
                   help="expected peak traffic of the whole endpoint, in the unit of "
                        "--max-rps: gives the instance count")
    p.add_argument("--per-minute", action="store_true",
                   help="the load test measured requests per minute (no x60)")

    p = calc("hyperparams", "IP Insights, RCF and XGBoost formulas")
    p.add_argument("--unique-entities", type=number_arg, metavar="N",
                   help="IP Insights: distinct entities (users, accounts)")
    p.add_argument("--anomaly-ratio", type=number_arg, metavar="R",
                   help="RCF: expected share of anomalies, 0 to 1 (0.004 = 0.4%%)")
    p.add_argument("--negatives", type=number_arg, metavar="N",
                   help="XGBoost: examples with label 0")
    p.add_argument("--positives", type=number_arg, metavar="P",
                   help="XGBoost: examples with label 1")

    p = calc("instances", "Instance types for an algorithm")
    p.add_argument("--algorithm", required=True, metavar="ID", help="catalog id, e.g. xgboost")
    p.add_argument("--phase", choices=("training", "inference", "transform"), default="training",
                   help="what the instances are for (default training)")
    p.add_argument("--dataset-gb", type=number_arg, metavar="G",
                   help="training data size, GB (checks memory and volume)")
    p.add_argument("--gpu", choices=("allow", "require", "forbid"), default="allow",
                   help="GPU instances: allow (default), require or forbid")
    p.add_argument("--mode", choices=("File", "Pipe", "FastFile"), metavar="M",
                   help="input mode: File, Pipe or FastFile")
    p.add_argument("--algorithm-mode", metavar="M",
                   help="the algorithm's own mode when the advice depends on it "
                        "(BlazingText: supervised, cbow, skipgram, batch_skipgram; "
                        "XGBoost: cpu, gpu, dask-gpu)")
    p.add_argument("--hours", type=number_arg, metavar="H", help="job length for the cost estimate")
    p.add_argument("--max-price", type=number_arg, metavar="USD", help="hourly budget per instance")
    p.add_argument("--priority", choices=("balanced", "latency", "throughput"),
                   default="balanced", help="for inference: low latency or high throughput")
    return {"size": (cmd_size, text_size)}
