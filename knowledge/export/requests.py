"""CreateTrainingJob and CreateEndpointConfig requests, every input checked first.

Each check raises :class:`ExportError` naming the flag (or GUI field) at fault, before
anything is built, so a bad input never yields a half-written request. Values the user did
not give (role, S3 locations, the subnet and KMS key of a private, encrypted job) are filled
with visible placeholders and listed in the request's ``sagewise-placeholders`` tag; values
filled by assumption (a pre-filled example hyperparameter, an instance count the pipeline
did not size) are listed in ``sagewise-assumed``: the request states what was decided and
labels what was assumed. Hyperparameter names outside the algorithm's documented list are
refused, since the container would fail the job only after it started.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sagewise.knowledge.catalog import Algorithm, load_catalog
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.export.hyperparameters import load_types
from sagewise.knowledge.export.images import load_images
from sagewise.knowledge.export.rules import AlgorithmRules, rules_for
from sagewise.knowledge.instance_types import load_instance_types
from sagewise.knowledge.wording import article

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
ASSUMED_TAG = "sagewise-assumed"
PLACEHOLDER_SUBNET = "subnet-REPLACE-ME"
PLACEHOLDER_SECURITY_GROUP = "sg-REPLACE-ME"
PLACEHOLDER_KMS_KEY = "arn:aws:kms:{region}:111122223333:key/REPLACE-ME"
_SUBNET = re.compile(r"^subnet-[0-9a-f]{8,17}$")
_SECURITY_GROUP = re.compile(r"^sg-[0-9a-f]{8,17}$")
_KMS = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[\w/+=,.@-]{1,256}"
                  r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                  r"|alias/[\w/+=,.@-]{1,256})$")
MAX_RUNTIME = 86400           # StoppingCondition default: one day
SPOT_MAX_WAIT = 2 * MAX_RUNTIME  # must be >= MaxRuntimeInSeconds
# Families whose volumes are local NVMe (encrypted by the instance): no VolumeKmsKeyId.
LOCAL_STORAGE = ("g4dn", "g4ad", "g5", "g6", "g6e", "p3dn", "p4d", "p4de", "p5", "p5e",
                 "p5en", "trn1", "trn1n")
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
    s3_validation: str = ""       # optional channels: the tuning metric may be emitted there
    s3_test: str = ""
    problem_type: str = ""        # binary_classification ...: sets objective / predictor_type
    vpc: bool = False             # VpcConfig (placeholders unless subnets/groups are given)
    subnets: tuple[str, ...] = ()
    security_groups: tuple[str, ...] = ()
    kms: bool = False             # own KMS key for volumes and outputs (placeholder if no id)
    kms_key_id: str = ""
    network_isolation: bool = False
    inter_container_encryption: bool = False
    managed_spot: bool = False
    assumed: tuple[str, ...] = ()  # values the caller filled by assumption (labelled as such)


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
    problem_type: str = ""
    distribution: str = "FullyReplicated"
    channels: tuple[str, ...] = ()   # every channel name the algorithm's card lists
    kms_key: str = ""
    volume_kms: bool = False

    @property
    def rules(self) -> AlgorithmRules:
        """The algorithm's export rules."""
        return rules_for(self.algorithm.id)


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
    if ident in catalog.services:
        svc = catalog.services[ident]
        raise ExportError("--algorithm", f"{svc.name} is a managed AWS service: there is "
                                         "nothing to train or export as a training job; call "
                                         "its API (or use its console) instead")
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


def export_blocker(ident: str) -> str:
    """Why an algorithm or service cannot be exported as a built-in training job ("" when
    it can): views disable Export and say why instead of opening a request that cannot be
    built."""
    try:
        _algorithm(ident)
    except ExportError as exc:
        return str(exc)
    return ""


def _problem_name(ptype: str) -> str:
    return ptype.replace("_", " ")


def _hyperparameters(algo: Algorithm, given: dict[str, str], problem_type: str = ""
                     ) -> tuple[dict[str, str], list[str], str]:
    """Checked hyperparameters, notes, and the problem type they state (or were given)."""
    types = load_types().get(algo.id, {})
    rules = rules_for(algo.id)
    notes: list[str] = []
    out: dict[str, str] = {}
    for name, raw in given.items():
        if not name or not re.match(r"^[A-Za-z0-9_.:-]{1,256}$", name):
            raise ExportError("--hyperparameter", f"'{name}' is not a hyperparameter name")
        if rules.names and name not in rules.names and name not in types:
            close = difflib.get_close_matches(name, sorted(rules.names), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ExportError("--hyperparameter", f"'{name}' is not a hyperparameter of "
                                                  f"{algo.name}{hint}")
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
    if problem_type:
        if not rules.problems:
            raise ExportError("--problem-type", f"{algo.name} has no objective to choose from a "
                                                "problem type (leave it out)")
        rule = rules.problems.get(problem_type)
        if rule is None:
            raise ExportError("--problem-type", f"{algo.name} handles "
                                                f"{', '.join(rules.problems)}, not {problem_type}")
        given_value = out.get(rule.hyperparameter)
        if given_value is None:
            out[rule.hyperparameter] = rule.values[0]
            notes.append(f"{rule.hyperparameter}={rule.values[0]} set from the problem type "
                         f"({_problem_name(problem_type)})")
        elif given_value not in rule.values:
            raise ExportError("--hyperparameter", f"{rule.hyperparameter}={given_value} does "
                                                  f"not fit {_problem_name(problem_type)} (use "
                                                  f"{' or '.join(rule.values[:3])})")
    else:
        problem_type = rules.problem_of(out)
    hp = rules.problem_hyperparameter
    if hp and hp not in out and not any(h.name == hp for h in algo.required_hyperparameters):
        notes.append(f"{hp} is not set, so {algo.name} uses its default; set the problem "
                     f"type or {hp} (it also decides the tuning metric)")
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
    return out, notes, problem_type


def channel_names(algo: Algorithm) -> tuple[str, ...]:
    """Channel names from the card ("validation (optional)" -> "validation")."""
    out = []
    for c in algo.channels:
        for part in c.split("(")[0].split("/"):
            name = part.strip().split(" ")[0] if part.strip() else ""
            if name and name not in out:
                out.append(name)
    return tuple(out)


def has_local_storage(instance_type: str) -> bool:
    """Instance families with local NVMe volumes (SageMaker refuses VolumeKmsKeyId there)."""
    parts = instance_type.split(".")
    if len(parts) != 3:
        return False
    fam = parts[1]
    return fam in LOCAL_STORAGE or bool(re.match(r"^[a-z]+\d+[a-z]*d$", fam))


def train_distribution(algo: Algorithm, instance_type: str, instance_count: int,
                       hyperparameters: dict[str, str]) -> str:
    """S3DataDistributionType of the train channel, per the card's distributed training."""
    rule = rules_for(algo.id).shard_train
    if algo.id == "random-cut-forest" or rule == "always":
        return "ShardedByS3Key"
    if rule == "multi-cpu" and instance_count > 1 and not is_gpu(instance_type) \
            and hyperparameters.get("use_dask_gpu_training", "false").lower() != "true":
        return "ShardedByS3Key"
    return "FullyReplicated"


def _check_security(spec: TrainingSpec, notes: list[str], placeholders: list[str]
                    ) -> tuple[str, bool]:
    """VPC and KMS inputs; returns (KMS key or "", whether the volume gets it)."""
    for sub in spec.subnets:
        if not _SUBNET.match(sub):
            raise ExportError("--subnet", f"'{sub}' is not a subnet id like subnet-0abc1234")
    for sg in spec.security_groups:
        if not _SECURITY_GROUP.match(sg):
            raise ExportError("--security-group", f"'{sg}' is not a security group id like "
                                                  "sg-0abc1234")
    if len(spec.subnets) > 16:
        raise ExportError("--subnet", "at most 16 subnets")
    if len(spec.security_groups) > 5:
        raise ExportError("--security-group", "at most 5 security groups")
    if spec.vpc or spec.subnets or spec.security_groups:
        if not spec.subnets or not spec.security_groups:
            placeholders.append("VpcConfig")
        notes.append("In a private VPC the job reads S3 through an S3 VPC endpoint (or a NAT)")
    key = ""
    if spec.kms_key_id:
        if not _KMS.match(spec.kms_key_id):
            raise ExportError("--kms-key-id", f"'{spec.kms_key_id}' is not a KMS key ARN, key "
                                              "id or alias/name")
        key = spec.kms_key_id
    elif spec.kms:
        key = PLACEHOLDER_KMS_KEY.format(region=spec.region)
        placeholders.append("KmsKeyId")
    volume = bool(key) and not has_local_storage(spec.instance_type)
    if key and not volume:
        notes.append(f"{spec.instance_type} has local NVMe volumes, encrypted by the instance "
                     "itself: VolumeKmsKeyId is left out (SageMaker refuses it there)")
    return key, volume


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
    formats = content_formats(algo)
    content = spec.content_type or default_content_type(algo, spec.input_mode)
    base = content.split(";")[0].strip()
    if base not in formats:
        raise ExportError("--content-type", f"{algo.name} does not train on '{base}' (accepted: "
                                            f"{', '.join(formats)})")
    mode_needed = "File" if spec.input_mode == "FastFile" else spec.input_mode
    if mode_needed not in formats[base]:
        raise ExportError("--content-type", f"{base} works only in "
                                            f"{' / '.join(formats[base])} mode for "
                                            f"{algo.name}, not {spec.input_mode}")
    if not spec.content_type:
        notes.append(f"Content type {content} assumed (the algorithm's first format for "
                     f"{spec.input_mode} mode)")
    hps, hp_notes, problem = _hyperparameters(algo, spec.hyperparameters, spec.problem_type)
    notes.extend(hp_notes)
    channels = channel_names(algo)
    for flag, uri, name in (("--s3-validation", spec.s3_validation, "validation"),
                            ("--s3-test", spec.s3_test, "test")):
        if uri:
            if name not in channels:
                raise ExportError(flag, f"{algo.name} has no {name} channel (its channels: "
                                        f"{', '.join(algo.channels)})")
            check_s3(uri, flag)
    distribution = train_distribution(algo, spec.instance_type, spec.instance_count, hps)
    if distribution == "ShardedByS3Key" and spec.instance_count > 1:
        notes.append(f"ShardedByS3Key: each of the {spec.instance_count} instances reads its "
                     "own files, so put at least one file per instance under the train prefix")
    placeholders: list[str] = []
    kms_key, volume_kms = _check_security(spec, notes, placeholders)
    if spec.managed_spot and not spec.s3_output:
        placeholders.append("CheckpointConfig")
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
                           hps, content, tuple(placeholders), tuple(notes), problem,
                           distribution, channels, kms_key, volume_kms)


def content_formats(algo: Algorithm) -> dict[str, list[str]]:
    """Content type -> input modes it works in (a type may be listed once per layout)."""
    formats: dict[str, list[str]] = {}
    for f in algo.training_input:
        modes = formats.setdefault(f.content_type, [])
        modes += [m for m in f.modes if m not in modes]
    return formats


def default_content_type(algo: Algorithm, input_mode: str) -> str:
    """The algorithm's first content type that works in this input mode (FastFile reads as
    File); the first one overall when none does (the check then names the mode)."""
    mode = "File" if input_mode == "FastFile" else input_mode
    for ct, modes in content_formats(algo).items():
        if mode in modes:
            return ct
    return algo.training_content_types[0]


def _job_name(algo: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{algo}-{stamp}"[:63]


def _tag_value(names) -> str:
    """Space-separated names, cut to the 256 characters a tag value allows."""
    text = ""
    for n in names:
        if len(text) + len(n) + 1 > 252:
            return text + " ..."
        text = f"{text} {n}".strip()
    return text


def training_job_request(spec: TrainingSpec) -> dict:
    """A complete CreateTrainingJob request (botocore shape; hyperparameters as strings)."""
    c = check_training(spec)
    s = c.spec
    train = s.s3_input or f"{PLACEHOLDER_BUCKET}/train/"
    channels = [{
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": train,
                                        "S3DataDistributionType": c.distribution}},
        "ContentType": c.content_type,
        "CompressionType": "None",
    }]
    for name, uri in (("validation", s.s3_validation), ("test", s.s3_test)):
        if uri:
            channels.append({
                "ChannelName": name,
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri,
                                                "S3DataDistributionType": "FullyReplicated"}},
                "ContentType": c.content_type, "CompressionType": "None"})
    output = {"S3OutputPath": s.s3_output or f"{PLACEHOLDER_BUCKET}/output/"}
    resources = {"InstanceType": s.instance_type, "InstanceCount": s.instance_count,
                 "VolumeSizeInGB": 30}
    if c.kms_key:
        output["KmsKeyId"] = c.kms_key
        if c.volume_kms:
            resources["VolumeKmsKeyId"] = c.kms_key
    req = {
        "TrainingJobName": s.job_name or _job_name(c.algorithm.id),
        "AlgorithmSpecification": {"TrainingImage": c.image_uri,
                                   "TrainingInputMode": s.input_mode},
        "RoleArn": s.role_arn or PLACEHOLDER_ROLE,
        "InputDataConfig": channels,
        "OutputDataConfig": output,
        "ResourceConfig": resources,
        "StoppingCondition": {"MaxRuntimeInSeconds": MAX_RUNTIME},
    }
    if c.hyperparameters:
        req["HyperParameters"] = dict(c.hyperparameters)
    if s.vpc or s.subnets or s.security_groups:
        req["VpcConfig"] = {"SecurityGroupIds": list(s.security_groups)
                            or [PLACEHOLDER_SECURITY_GROUP],
                            "Subnets": list(s.subnets) or [PLACEHOLDER_SUBNET]}
    if s.network_isolation:
        req["EnableNetworkIsolation"] = True
    if s.inter_container_encryption:
        req["EnableInterContainerTrafficEncryption"] = True
    if s.managed_spot:
        req["EnableManagedSpotTraining"] = True
        req["StoppingCondition"]["MaxWaitTimeInSeconds"] = SPOT_MAX_WAIT
        base = (s.s3_output or f"{PLACEHOLDER_BUCKET}/output/").rstrip("/")
        req["CheckpointConfig"] = {"S3Uri": f"{base}/checkpoints/"}
    tags = []
    if c.placeholders:
        tags.append({"Key": PLACEHOLDER_TAG, "Value": _tag_value(c.placeholders)})
    if s.assumed:
        tags.append({"Key": ASSUMED_TAG, "Value": _tag_value(s.assumed)})
    if tags:
        req["Tags"] = tags
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
            raise ExportError("--memory-mb", f"only for --kind serverless ({article(spec.kind)} "
                                             "endpoint's memory comes from its instance type)")
        if spec.max_concurrency is not None and spec.kind == "realtime":
            raise ExportError("--max-concurrency", "only for --kind serverless or async")
        if spec.max_concurrency is not None and not 1 <= spec.max_concurrency <= 1000:
            raise ExportError("--max-concurrency", "must be from 1 to 1000")
        if not spec.instance_type:
            raise ExportError("--instance-type", f"required for {article(spec.kind)} endpoint "
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
