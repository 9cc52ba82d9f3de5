"""``export``: a decision as a CreateTrainingJob / CreateEndpointConfig request or SDK code."""

from __future__ import annotations

import argparse
import json

from sagewise.knowledge.cli.common import UsageError, add_command
from sagewise.knowledge.errors import KnowledgeError


def _hyperparameters(values: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values or []:
        key, sep, value = v.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError("--hyperparameter", f"expected NAME=VALUE (got '{v}')")
        if key.strip() in out:
            raise UsageError("--hyperparameter", f"{key.strip()} is given twice")
        out[key.strip()] = value.strip()
    return out


def _ids(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable, comma-separated ids (--subnet a,b --subnet c)."""
    return tuple(x.strip() for v in values or [] for x in v.split(",") if x.strip())


def _pipeline_settings(args: argparse.Namespace):
    """Settings carried from a pipeline answers file (``--pipeline-answers``), or None."""
    if not getattr(args, "pipeline_answers", None):
        return None
    from sagewise.knowledge.bounded_read import load_json
    from sagewise.knowledge.catalog import load_catalog
    from sagewise.knowledge.cli.recommend import MAX_ANSWERS_BYTES
    from sagewise.knowledge.export.from_pipeline import (
        carried_settings,
        problem_type_from_answers,
    )
    from sagewise.knowledge.pipeline.engine import decide

    flag = "--pipeline-answers"
    try:
        data, _ = load_json(args.pipeline_answers, None, MAX_ANSWERS_BYTES, "file of answers",
                            max_depth=32)
    except KnowledgeError as exc:
        raise UsageError(flag, str(exc)) from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise UsageError(flag, "the file must hold a JSON object of question: answer")
    algo = load_catalog().algorithms.get(args.algorithm)
    answers = dict(data)
    if algo is not None:
        answers["algorithm"] = algo.id
    try:
        plan = decide(answers)
    except KnowledgeError as exc:
        raise UsageError(flag, str(exc)) from None
    return carried_settings(plan.choices, answers, algo, problem_type_from_answers(answers))


def _training_spec(args: argparse.Namespace, carried=None):
    from sagewise.knowledge.export.requests import TrainingSpec

    c = carried
    count = args.instance_count
    assumed: tuple[str, ...] = ()
    if count is None:
        count = c.instance_count if c is not None else 1
        assumed = c.assumed() if c is not None else ()
    return TrainingSpec(algorithm=args.algorithm, region=args.region,
                        instance_type=args.instance_type, instance_count=count,
                        input_mode=args.input_mode or (c.input_mode if c else "File"),
                        content_type=args.content_type or "",
                        hyperparameters=_hyperparameters(args.hyperparameter),
                        role_arn=args.role_arn or "", s3_input=args.s3_input or "",
                        s3_output=args.s3_output or "", s3_validation=args.s3_validation or "",
                        s3_test=args.s3_test or "",
                        problem_type=args.problem_type or (c.problem_type if c else ""),
                        vpc=args.vpc or bool(c and c.vpc), subnets=_ids(args.subnet),
                        security_groups=_ids(args.security_group),
                        kms=args.kms or bool(c and c.kms), kms_key_id=args.kms_key_id or "",
                        network_isolation=args.network_isolation or bool(
                            c and c.network_isolation),
                        inter_container_encryption=args.inter_container_encryption or bool(
                            c and c.inter_container_encryption),
                        managed_spot=args.spot or bool(c and c.managed_spot), assumed=assumed)


def _run(build):
    from sagewise.knowledge.export.requests import ExportError

    try:
        return build()
    except ExportError as exc:
        raise UsageError(exc.field, str(exc)) from None
    except KnowledgeError as exc:
        raise UsageError("--algorithm", str(exc)) from None


def cmd_training_job(args: argparse.Namespace) -> dict:
    """A complete CreateTrainingJob request."""
    from sagewise.knowledge.export.requests import training_job_request

    carried = _pipeline_settings(args)
    return _run(lambda: training_job_request(_training_spec(args, carried)))


def cmd_endpoint_config(args: argparse.Namespace) -> dict:
    """A complete CreateEndpointConfig request."""
    from sagewise.knowledge.export.requests import EndpointSpec, endpoint_config_request

    spec = EndpointSpec(kind=args.kind, model_name=args.model_name,
                        instance_type=args.instance_type or "", memory_mb=args.memory_mb,
                        max_concurrency=args.max_concurrency, output_s3=args.output_s3 or "")
    return _run(lambda: endpoint_config_request(spec))


def cmd_sdk(args: argparse.Namespace) -> dict:
    """SageMaker Python SDK code (text) for the training job and optional tuning plan."""
    from sagewise.knowledge.export.sdk import TuningPlan, sdk_code

    carried = _pipeline_settings(args)
    strategy = args.tuning or (carried.tuning if carried is not None else "")
    plan = TuningPlan(strategy, args.max_jobs or 0, args.max_parallel_jobs or 0) \
        if strategy else None
    if not strategy and (args.max_jobs or args.max_parallel_jobs):
        raise UsageError("--max-jobs" if args.max_jobs else "--max-parallel-jobs",
                         "only with --tuning")
    code = _run(lambda: sdk_code(_training_spec(args, carried), plan))
    return {"language": "python", "sdk": "sagemaker>=2,<3", "code": code}


def text_request(out: dict) -> str:
    """A request prints as JSON either way (it is meant to be pasted)."""
    return json.dumps(out, indent=2)


def text_sdk(out: dict) -> str:
    """The code itself."""
    return out["code"].rstrip("\n")


PROBLEM_CHOICES = ("binary_classification", "multiclass_classification", "regression",
                   "ranking")


def _positive(name: str, upper: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number (got '{text}')") from None
        if not 1 <= value <= upper:
            raise argparse.ArgumentTypeError(f"must be from 1 to {upper} (got {value})")
        return value
    parse.__name__ = name
    return parse


def _training_flags(p) -> None:
    p.add_argument("--algorithm", required=True, metavar="ID", help="built-in algorithm id")
    p.add_argument("--region", required=True, metavar="R", help="AWS region, e.g. us-east-1")
    p.add_argument("--instance-type", required=True, metavar="T", help="e.g. ml.m5.xlarge")
    p.add_argument("--instance-count", type=_positive("count", 100), metavar="N",
                   help="default 1 (2, assumed, when --pipeline-answers decide distributed)")
    p.add_argument("--input-mode", choices=("File", "Pipe", "FastFile"),
                   help="default File, or the pipeline's training-input decision")
    p.add_argument("--content-type", metavar="CT", help="training content type")
    p.add_argument("--hyperparameter", action="append", metavar="K=V",
                   help="a hyperparameter (repeatable); values are sent as strings")
    p.add_argument("--role-arn", metavar="A", help="SageMaker execution role ARN")
    p.add_argument("--s3-input", metavar="URI", help="s3://bucket/prefix of the training data")
    p.add_argument("--s3-output", metavar="URI", help="s3://bucket/prefix for the model")
    p.add_argument("--s3-validation", metavar="URI",
                   help="validation channel (validation:* tuning metrics are computed on it)")
    p.add_argument("--s3-test", metavar="URI",
                   help="test channel (test:* tuning metrics are computed on it)")
    p.add_argument("--problem-type", choices=PROBLEM_CHOICES,
                   help="sets XGBoost's objective / the predictor_type, and the tuning metric")
    p.add_argument("--vpc", action="store_true",
                   help="run in a private VPC (placeholder subnet / security group unless given)")
    p.add_argument("--subnet", action="append", metavar="ID", help="VPC subnet id (repeatable)")
    p.add_argument("--security-group", action="append", metavar="ID",
                   help="VPC security group id (repeatable)")
    p.add_argument("--kms", action="store_true",
                   help="encrypt volumes and outputs with your own KMS key (placeholder key)")
    p.add_argument("--kms-key-id", metavar="KEY", help="KMS key ARN, id or alias/name")
    p.add_argument("--network-isolation", action="store_true",
                   help="no outbound network from the container")
    p.add_argument("--inter-container-encryption", action="store_true",
                   help="encrypt traffic between training instances")
    p.add_argument("--spot", action="store_true",
                   help="managed spot training with checkpoints")
    p.add_argument("--pipeline-answers", metavar="FILE",
                   help="pipeline answers (as for `pipeline --answers`): their decisions fill "
                        "the input mode, instances, VPC, KMS, spot, tuning and problem type "
                        "(explicit flags win)")


def register(sub) -> dict:
    """Add ``export`` and its three sub-commands; return their handlers."""
    p = sub.add_parser("export", help="Export as SageMaker requests or SDK code",
                       description="Export a decision as a SageMaker API request or SDK code")
    inner = p.add_subparsers(dest="export_kind", metavar="KIND", parser_class=type(p))
    inner.required = True
    t = add_command(inner, "training-job", "A complete CreateTrainingJob request")
    _training_flags(t)
    t.set_defaults(command="export training-job")
    e = add_command(inner, "endpoint-config", "A complete CreateEndpointConfig request")
    e.add_argument("--kind", required=True, choices=("realtime", "serverless", "async"))
    e.add_argument("--model-name", required=True, metavar="M")
    e.add_argument("--instance-type", metavar="T")
    e.add_argument("--memory-mb", type=_positive("memory", 6144), metavar="N",
                   help="serverless memory: 1024-6144 in steps of 1024")
    e.add_argument("--max-concurrency", type=_positive("concurrency", 1000), metavar="N")
    e.add_argument("--output-s3", metavar="URI", help="async: where results are written")
    e.set_defaults(command="export endpoint-config")
    s = add_command(inner, "sdk", "SageMaker Python SDK code for the training job")
    _training_flags(s)
    s.add_argument("--tuning", choices=("bayesian", "random", "grid", "hyperband"),
                   help="add a HyperparameterTuner with this strategy")
    s.add_argument("--max-jobs", type=_positive("jobs", 500), metavar="N")
    s.add_argument("--max-parallel-jobs", type=_positive("parallel", 100), metavar="N")
    s.set_defaults(command="export sdk")
    return {"export training-job": (cmd_training_job, text_request),
            "export endpoint-config": (cmd_endpoint_config, text_request),
            "export sdk": (cmd_sdk, text_sdk)}
