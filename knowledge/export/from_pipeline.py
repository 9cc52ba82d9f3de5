"""What the pipeline's decisions mean for the export: input mode, instance count,
VPC, KMS, isolation, spot, tuning, endpoint kind, and the problem type from the wizard.

The Export panel pre-fills its fields from :func:`carried_settings`, so the exported job
says what the pipeline decided. Anything the decisions do not pin down (how many
instances "distributed" means) is marked assumed and labelled as such in the export.
"""

from __future__ import annotations

from dataclasses import dataclass

from sagewise.knowledge.catalog import Algorithm

DISTRIBUTED_INSTANCES = 2  # the least that distributes; sized on the Sizing page
_MODES = {"pipe": "Pipe", "fastfile": "FastFile"}
_KINDS = {"serverless-inference": "serverless", "async-inference": "async"}
_LABEL_PROBLEMS = {"binary": "binary_classification", "multiclass": "multiclass_classification",
                   "ranking": "ranking"}


@dataclass(frozen=True)
class CarriedSettings:
    """Export field values that follow from the pipeline (and the wizard's problem)."""

    input_mode: str = "File"
    tuning: str = ""
    endpoint_kind: str = "realtime"
    instance_count: int = 1
    count_assumed: bool = False
    vpc: bool = False
    kms: bool = False
    network_isolation: bool = False
    inter_container_encryption: bool = False
    managed_spot: bool = False
    problem_type: str = ""
    labels: tuple[str, ...] = ()   # one phrase per carried setting, for the panel

    def assumed(self) -> tuple[str, ...]:
        """Request fields whose value is an assumption."""
        return ("InstanceCount",) if self.count_assumed else ()


def problem_type_from_answers(answers: dict[str, str]) -> str:
    """The problem type the algorithm wizard's answers state ("" when they do not)."""
    kind = answers.get("label_kind", "")
    if kind in _LABEL_PROBLEMS and answers.get("task") in ("classify", "detect_anomalies",
                                                            None):
        return _LABEL_PROBLEMS[kind]
    if answers.get("task") == "regress":
        return "regression"
    return ""


def carried_settings(choices: dict[str, str], answers: dict[str, str] | None = None,
                     algorithm: Algorithm | None = None,
                     problem_type: str = "") -> CarriedSettings:
    """Export settings from the pipeline's choices (area -> choice id) and answers."""
    answers = answers or {}
    labels: list[str] = []
    mode = _MODES.get(choices.get("training-input", ""), "File")
    if mode == "Pipe" and algorithm is not None and not algorithm.pipe_mode:
        mode = "File"
    if mode != "File":
        labels.append(f"{mode} input mode")
    count, assumed = 1, False
    training = choices.get("training", "")
    if training == "distributed-data-parallel" and (algorithm is None
                                                   or algorithm.instances.multi_instance):
        count, assumed = DISTRIBUTED_INSTANCES, True
        labels.append(f"distributed: {count} instances (assumed: size it on the Sizing page)")
    security = choices.get("security", "")
    concern = answers.get("security_concern", "")
    vpc = security == "vpc-private" or concern == "no_internet" or \
        choices.get("training-input") in ("fsx-lustre", "efs")
    kms = security == "kms-encryption" or concern == "encrypt_at_rest"
    isolation = security == "network-isolation" or concern == "no_network"
    between = security == "inter-container-encryption" or concern == "between_nodes"
    spot = training == "managed-spot"
    for flag, text in ((vpc, "private VPC (placeholder subnet and security group)"),
                       (kms, "own KMS key for volumes and outputs (placeholder key)"),
                       (isolation, "network isolation"),
                       (between, "inter-container traffic encryption"),
                       (spot, "managed spot training with checkpoints")):
        if flag:
            labels.append(text)
    tuning = choices.get("tuning", "")
    if problem_type:
        labels.append(f"problem: {problem_type.replace('_', ' ')}")
    return CarriedSettings(mode, tuning, _KINDS.get(choices.get("deployment", ""), "realtime"),
                           count, assumed, vpc, kms, isolation, between, spot, problem_type,
                           tuple(labels))
