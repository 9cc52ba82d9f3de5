"""CreateTrainingJob and CreateEndpointConfig requests, every input checked first.

Each check raises :class:`ExportError` naming the flag (or GUI field) at fault, before
anything is built, so a bad input never yields a half-written request. Values the user did
not give (role, S3 locations) are filled with visible placeholders and listed in the
request's ``sagewise-placeholders`` tag: the request states what was decided and labels what
was assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sagewise.knowledge.catalog import Algorithm, load_catalog
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.export.hyperparameters import load_types
from sagewise.knowledge.export.images import load_images
from sagewise.knowledge.instance_types import load_instance_types

INPUT_MODES = ("File", "Pipe", "FastFile")
ENDPOINT_KINDS = ("realtime", "serverless", "async")
SERVERLESS_MEMORY = (1024, 2048, 3072, 4096, 5120, 6144)
MAX_CONCURRENCY = 200
MAX_INSTANCES = 100
_S3 = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?$")
_ROLE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
PLACEHOLDER_ROLE = "arn:aws:iam::111122223333:role/REPLACE-WITH-SageMaker-execution-role"
PLACEHOLDER_BUCKET = "s3://replace-with-your-bucket/sagewise"
PLACEHOLDER_TAG = "sagewise-placeholders"
GPU_FAMILIES = ("p2", "p3", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6", "g4dn", "g5",
                "g6", "g6e", "g7e", "g4ad", "g5g")


class ExportError(KnowledgeError):
    """A bad export input; ``field`` names the flag (``--region``) it came from."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class TrainingSpec:
    """What the user asked for (flags or GUI fields), before checking."""

    algorithm: str
    region: str
    instance_type: str
    instance_count: int = 1
    input_mode: str = "File"
    content_type: str = ""
    hyperparameters: dict[str, str] = field(default_factory=dict)
    role_arn: str = ""
    s3_input: str = ""
    s3_output: str = ""
    job_name: str = ""


@dataclass(frozen=True)
class CheckedTraining:
    """A checked spec and what was learned on the way (for comments and notes)."""

    spec: TrainingSpec
    algorithm: Algorithm
    image_uri: str
    image_version: str
    hyperparameters: dict[str, str]
    content_type: str
    placeholders: tuple[str, ...]
    notes: tuple[str, ...]


def is_gpu(instance_type: str) -> bool:
    """True for NVIDIA/AMD GPU instance families."""
    parts = instance_type.split(".")
    return len(parts) == 3 and parts[1] in GPU_FAMILIES


def check_s3(uri: str, flag: str) -> str:
    """An ``s3://bucket/...`` URI with a valid bucket name."""
    if not _S3.match(uri or ""):
        raise ExportError(flag, f"'{uri}' is not an S3 URI: use s3://bucket/prefix/ (bucket "
                                "names: 3-63 lower-case letters, digits, dots, hyphens)")
    return uri


def check_role(arn: str, flag: str = "--role-arn") -> str:
    """An IAM role ARN: arn:aws:iam::<12 digits>:role/<name>."""
    if not _ROLE.match(arn or ""):
        raise ExportError(flag, f"'{arn}' is not an IAM role ARN like "
                                "arn:aws:iam::123456789012:role/MySageMakerRole")
    return arn


def check_region(region: str, algorithm: str = "", flag: str = "--region") -> str:
    """A region known to the image table; with ``algorithm``: one that has its image."""
    table = load_images()
    if region not in table.regions:
        raise ExportError(flag, f"unknown region '{region}' (known: {', '.join(table.regions)})")
    if algorithm and table.uri(algorithm, region) is None:
        raise ExportError(flag, f"no {algorithm} image in {region} (per the SageMaker Python "
                                f"SDK {table.sdk.split()[-1]} image table)")
    return region


def _algorithm(ident: str) -> Algorithm:
    catalog = load_catalog()
    if ident not in catalog.algorithms:
        raise ExportError("--algorithm", f"unknown algorithm '{ident}' (known: "
                                         f"{', '.join(catalog.algorithms)})")
    algo = catalog.algorithms[ident]
    if load_images().image(ident) is None:
        why = ("a framework path (your own training code), not a built-in image"
               if not algo.builtin else
               "a JumpStart script-mode algorithm: its image, script and model come from a "
               "JumpStart model id (sagemaker.image_uris/script_uris/model_uris.retrieve)")
        raise ExportError("--algorithm", f"{algo.name} cannot be exported as a built-in "
                                         f"training job: {why}")
    return algo


def _hyperparameters(algo: Algorithm, given: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    types = load_types().get(algo.id, {})
    notes: list[str] = []
    out: dict[str, str] = {}
    for name, raw in given.items():
        if not name or not re.match(r"^[A-Za-z0-9_.:-]{1,256}$", name):
            raise ExportError("--hyperparameter", f"'{name}' is not a hyperparameter name")
        if not isinstance(raw, str) or len(raw) > 2500:
            raise ExportError("--hyperparameter", f"{name}: the value must be text of at most "
                                                  "2500 characters")
        if name in types:
            try:
                out[name] = types[name].check(raw)
            except KnowledgeError as exc:
                raise ExportError("--hyperparameter", str(exc)) from None
        else:
            out[name] = raw
            notes.append(f"{name} is not in SageWise's type table for {algo.name}: passed "
                         "through unchecked")
    for h in algo.required_hyperparameters:
        names = [n.strip() for n in h.name.split("/")]
        if h.when:
            t = types.get(names[0])
            cond = t.required_if if t else {}
            if cond and any(out.get(k) in v for k, v in cond.items()) and names[0] not in out:
                raise ExportError("--hyperparameter", f"{names[0]} is required when {h.when} "
                                                      f"({h.meaning})")
            if not cond and names[0] not in out:
                notes.append(f"{h.name} is required when {h.when}")
            continue
        if not any(n in out for n in names):
            raise ExportError("--hyperparameter", f"{algo.name} requires {h.name} ({h.meaning}; "
                                                  f"start: {h.start})")
    return out, notes


def check_training(spec: TrainingSpec) -> CheckedTraining:
    """Check every input of a training job; raise ExportError naming the first bad one."""
    algo = _algorithm(spec.algorithm)
    check_region(spec.region, algo.id)
    types = load_instance_types()
    if not types.valid(spec.instance_type, "training"):
        raise ExportError("--instance-type", f"'{spec.instance_type}' is not a SageMaker "
                                             "training instance type (e.g. ml.m5.xlarge)")
    gpu = is_gpu(spec.instance_type)
    rule = algo.instances.gpu_training
    if rule == "none" and gpu:
        raise ExportError("--instance-type", f"{algo.name} trains on CPU only; "
                                             f"{spec.instance_type} is a GPU instance")
    if rule == "required" and not gpu:
        raise ExportError("--instance-type", f"{algo.name} needs a GPU instance for training "
                                             f"(e.g. ml.p3.2xlarge, ml.g5.xlarge); "
                                             f"{spec.instance_type} has none")
    if isinstance(spec.instance_count, bool) or not isinstance(spec.instance_count, int) \
            or not 1 <= spec.instance_count <= MAX_INSTANCES:
        raise ExportError("--instance-count", f"must be a whole number from 1 to {MAX_INSTANCES}")
    if spec.instance_count > 1 and not algo.instances.multi_instance:
        raise ExportError("--instance-count", f"{algo.name} trains on a single instance only")
    if spec.input_mode not in INPUT_MODES:
        raise ExportError("--input-mode", f"must be one of {', '.join(INPUT_MODES)}")
    if spec.input_mode == "Pipe" and not algo.pipe_mode:
        raise ExportError("--input-mode", f"{algo.name} does not support Pipe mode "
                                          f"(supported: {', '.join(algo.input_modes)})")
    notes: list[str] = []
    if spec.input_mode == "FastFile":
        notes.append("FastFile streams S3 objects behind a file interface; the algorithm reads "
                     "them as in File mode (assumed compatible: check the algorithm's page)")
    content = spec.content_type or algo.training_content_types[0]
    base = content.split(";")[0].strip()
    formats: dict[str, list[str]] = {}   # a content type may be listed once per layout
    for f in algo.training_input:
        modes = formats.setdefault(f.content_type, [])
        modes += [m for m in f.modes if m not in modes]
    if base not in formats:
        raise ExportError("--content-type", f"{algo.name} does not train on '{base}' (accepted: "
                                            f"{', '.join(formats)})")
    mode_needed = "File" if spec.input_mode == "FastFile" else spec.input_mode
    if mode_needed not in formats[base]:
        raise ExportError("--content-type", f"{base} works only in "
                                            f"{' / '.join(formats[base])} mode for "
                                            f"{algo.name}, not {spec.input_mode}")
    if not spec.content_type:
        notes.append(f"Content type {content} assumed (the algorithm's first format)")
    hps, hp_notes = _hyperparameters(algo, spec.hyperparameters)
    notes.extend(hp_notes)
    placeholders = []
    if spec.role_arn:
        check_role(spec.role_arn)
    else:
        placeholders.append("RoleArn")
    if spec.s3_input:
        check_s3(spec.s3_input, "--s3-input")
    else:
        placeholders.append("InputDataConfig")
    if spec.s3_output:
        check_s3(spec.s3_output, "--s3-output")
    else:
        placeholders.append("OutputDataConfig")
    if spec.job_name and not _NAME.match(spec.job_name):
        raise ExportError("--job-name", "1-63 letters, digits and hyphens, starting with a "
                                        "letter or digit")
    img = load_images().image(algo.id)
    return CheckedTraining(spec, algo, load_images().uri(algo.id, spec.region), img.version,
                           hps, content, tuple(placeholders), tuple(notes))


def _job_name(algo: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{algo}-{stamp}"[:63]


def training_job_request(spec: TrainingSpec) -> dict:
    """A complete CreateTrainingJob request (botocore shape; hyperparameters as strings)."""
    c = check_training(spec)
    s = c.spec
    train = s.s3_input or f"{PLACEHOLDER_BUCKET}/train/"
    distribution = "ShardedByS3Key" if c.algorithm.id == "random-cut-forest" else \
        "FullyReplicated"
    req = {
        "TrainingJobName": s.job_name or _job_name(c.algorithm.id),
        "AlgorithmSpecification": {"TrainingImage": c.image_uri,
                                   "TrainingInputMode": s.input_mode},
        "RoleArn": s.role_arn or PLACEHOLDER_ROLE,
        "InputDataConfig": [{
            "ChannelName": "train",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": train,
                                            "S3DataDistributionType": distribution}},
            "ContentType": c.content_type,
            "CompressionType": "None",
        }],
        "OutputDataConfig": {"S3OutputPath": s.s3_output or f"{PLACEHOLDER_BUCKET}/output/"},
        "ResourceConfig": {"InstanceType": s.instance_type, "InstanceCount": s.instance_count,
                           "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
    }
    if c.hyperparameters:
        req["HyperParameters"] = dict(c.hyperparameters)
    if c.placeholders:
        req["Tags"] = [{"Key": PLACEHOLDER_TAG, "Value": " ".join(c.placeholders)}]
    return req


@dataclass(frozen=True)
class EndpointSpec:
    """What the user asked for an endpoint configuration."""

    kind: str
    model_name: str
    instance_type: str = ""
    memory_mb: int | None = None
    max_concurrency: int | None = None
    output_s3: str = ""
    config_name: str = ""


def check_endpoint(spec: EndpointSpec) -> EndpointSpec:
    """Check an endpoint configuration; raise ExportError naming the first bad input."""
    if spec.kind not in ENDPOINT_KINDS:
        raise ExportError("--kind", f"must be one of {', '.join(ENDPOINT_KINDS)}")
    if not _NAME.match(spec.model_name or ""):
        raise ExportError("--model-name", "1-63 letters, digits and hyphens, starting with a "
                                          "letter or digit")
    if spec.kind == "serverless":
        if spec.instance_type:
            raise ExportError("--instance-type", "a serverless endpoint has no instance type "
                                                 "(set --memory-mb and --max-concurrency)")
        if spec.memory_mb is not None and spec.memory_mb not in SERVERLESS_MEMORY:
            raise ExportError("--memory-mb", "must be one of "
                                             f"{', '.join(map(str, SERVERLESS_MEMORY))}")
        if spec.max_concurrency is not None and not 1 <= spec.max_concurrency <= MAX_CONCURRENCY:
            raise ExportError("--max-concurrency", f"must be from 1 to {MAX_CONCURRENCY}")
    else:
        if spec.memory_mb is not None:
            raise ExportError("--memory-mb", f"only for --kind serverless (a {spec.kind} "
                                             "endpoint's memory comes from its instance type)")
        if spec.max_concurrency is not None and spec.kind == "realtime":
            raise ExportError("--max-concurrency", "only for --kind serverless or async")
        if spec.max_concurrency is not None and not 1 <= spec.max_concurrency <= 1000:
            raise ExportError("--max-concurrency", "must be from 1 to 1000")
        if not spec.instance_type:
            raise ExportError("--instance-type", f"required for a {spec.kind} endpoint "
                                                 "(e.g. ml.m5.xlarge)")
        if not load_instance_types().valid(spec.instance_type, "hosting"):
            raise ExportError("--instance-type", f"'{spec.instance_type}' is not a SageMaker "
                                                 "hosting instance type (e.g. ml.m5.xlarge)")
    if spec.kind == "async":
        if not spec.output_s3:
            raise ExportError("--output-s3", "required for an async endpoint (where results "
                                             "are written)")
        check_s3(spec.output_s3, "--output-s3")
    elif spec.output_s3:
        raise ExportError("--output-s3", "only for --kind async")
    if spec.config_name and not _NAME.match(spec.config_name):
        raise ExportError("--config-name", "1-63 letters, digits and hyphens")
    return spec


def endpoint_config_request(spec: EndpointSpec) -> dict:
    """A complete CreateEndpointConfig request (botocore shape)."""
    s = check_endpoint(spec)
    variant: dict = {"VariantName": "AllTraffic", "ModelName": s.model_name}
    if s.kind == "serverless":
        variant["ServerlessConfig"] = {"MemorySizeInMB": s.memory_mb or 2048,
                                       "MaxConcurrency": s.max_concurrency or 5}
    else:
        variant.update({"InstanceType": s.instance_type, "InitialInstanceCount": 1,
                        "InitialVariantWeight": 1.0})
    req = {"EndpointConfigName": s.config_name or f"{s.model_name}-config"[:63],
           "ProductionVariants": [variant]}
    if s.kind == "async":
        client = {"MaxConcurrentInvocationsPerInstance": s.max_concurrency} \
            if s.max_concurrency else {}
        req["AsyncInferenceConfig"] = {"OutputConfig": {"S3OutputPath": s.output_s3},
                                       **({"ClientConfig": client} if client else {})}
    return req
