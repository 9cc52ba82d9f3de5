"""Pipeline decision data: ``resources/pipeline.toml``, read with the decision-graph loader.

The file is a decision graph whose route question ``area`` leads to one candidate set per
area, plus ``[[choice]]`` entries (name, summary, dated limits). The choices stand in for
the algorithm catalog, so :func:`knowledge.decision.parse_decision` validates every effect
target and set member against them, and the recommendation engine scores them unchanged.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.decision import DecisionData, parse_decision
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "pipeline.toml"
ROOT = "area"

# Areas and choice ids are stable (PRODUCT.md); the file must match them exactly.
AREAS: dict[str, tuple[str, ...]] = {
    "ingestion": ("kinesis-data-streams", "data-firehose", "managed-flink", "msk", "dms",
                  "datasync", "snowball", "kinesis-video-streams", "s3-batch-upload"),
    "transform": ("glue-etl", "glue-databrew", "emr", "athena", "lambda",
                  "lake-formation-findmatches", "sagemaker-processing", "data-wrangler"),
    "training-input": ("file", "pipe", "fastfile", "fsx-lustre", "efs"),
    "training": ("single-instance", "distributed-data-parallel", "model-parallel",
                 "managed-spot"),
    "tuning": ("bayesian", "random", "grid", "hyperband"),
    "deployment": ("realtime-endpoint", "serverless-inference", "async-inference",
                   "batch-transform", "multi-model-endpoint", "edge-neo-greengrass"),
    "monitoring": ("model-monitor-data-quality", "model-monitor-model-quality", "clarify-bias",
                   "clarify-explainability", "cloudwatch"),
    "security": ("kms-encryption", "vpc-private", "network-isolation",
                 "inter-container-encryption", "iam-least-privilege", "macie"),
}


@dataclass(frozen=True)
class Limit:
    """A limit that matters for a choice, with where and when it was checked."""

    what: str
    value: str
    source: str
    as_of: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"what": self.what, "value": self.value, "source": self.source,
                "as_of": self.as_of}


@dataclass(frozen=True)
class Choice:
    """One choice of one area."""

    id: str
    area: str
    name: str
    summary: str
    limits: tuple[Limit, ...]
    kind: str = "choice"


class ChoiceCatalog:
    """The choices, shaped like the algorithm catalog for the decision engine."""

    def __init__(self, choices: dict[str, Choice]) -> None:
        self.choices = choices
        self.algorithms: dict = {}  # no "@algorithms" / "@services" groups in the pipeline
        self.services: dict = {}

    def get(self, ident: str) -> Choice:
        """The choice with this id (KeyError if unknown)."""
        return self.choices[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self.choices

    @property
    def ids(self) -> tuple[str, ...]:
        """Every choice id in file order."""
        return tuple(self.choices)

    def name(self, ident: str) -> str:
        """Display name of a choice."""
        return self.choices[ident].name


@dataclass(frozen=True)
class PipelineData:
    """The parsed pipeline file."""

    dd: DecisionData
    choices: dict[str, Choice]

    @property
    def questions(self):
        """Constraint questions in file order (the order they are asked)."""
        return self.dd.constraint_questions

    def area_choices(self, area: str) -> tuple[str, ...]:
        """Choice ids of an area, best prior first."""
        return self.dd.sets[area].ids


_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _choices(data: dict, display: str) -> dict[str, Choice]:
    import re

    top = Table({"choice": data.get("choice")}, Where(display))
    out: dict[str, Choice] = {}
    for ident, t in top.entries("choice", "choice"):
        if ident in out:
            raise t.where.at("id").fail("duplicate choice id")
        area = t.choice("area", AREAS)
        if ident not in AREAS[area]:
            raise t.where.at("id").fail(f"not a choice of area '{area}' (allowed: "
                                        f"{', '.join(AREAS[area])})")
        limits = []
        for lt in t.tables("limits"):
            as_of = lt.str("as_of")
            if not re.match(_DATE, as_of):
                raise lt.where.at("as_of").fail(f"must be a date YYYY-MM-DD (got '{as_of}')")
            limits.append(Limit(lt.str("what"), lt.str("value"), lt.str("source"), as_of))
            lt.finish()
        out[ident] = Choice(ident, area, t.str("name"), t.str("summary"), tuple(limits))
        t.finish()
    for area, ids in AREAS.items():
        for ident in ids:
            if ident not in out:
                raise KnowledgeError(f"{display}: area '{area}': choice '{ident}' is missing")
    return out


def parse_pipeline(data: dict, display: str = FILE) -> PipelineData:
    """Validate the pipeline file: choices, then the decision graph against them."""
    if not isinstance(data, dict):
        raise KnowledgeError(f"{display}: must be a table")
    choices = _choices(data, display)
    graph = {k: v for k, v in data.items() if k != "choice"}
    dd = parse_decision(graph, ChoiceCatalog(choices), display)
    if dd.root != ROOT:
        raise KnowledgeError(f"{display}: field 'root': must be '{ROOT}'")
    for area, ids in AREAS.items():
        if area not in dd.sets:
            raise KnowledgeError(f"{display}: candidate set '{area}' is missing")
        if set(dd.sets[area].ids) != set(ids):
            raise KnowledgeError(f"{display}: entry 'candidate_set {area}': members must be "
                                 f"exactly {', '.join(ids)}")
    return PipelineData(dd, choices)


def load_pipeline_from(root: Path) -> PipelineData:
    """Load and validate the pipeline file under a resources folder."""
    return parse_pipeline(load_toml(root / FILE, FILE))


@functools.cache
def load_pipeline() -> PipelineData:
    """The shipped pipeline data (cached)."""
    return load_pipeline_from(resources_dir())


STREAM_SOURCES = ("events", "kafka")
"""Sources whose data is a stream (Kinesis, Firehose or Flink then need a use for it)."""


def has_stream(answers: dict[str, str]) -> bool:
    """Do the answers say the data streams (so asking what to do with the stream makes
    sense)? Unknown is not a stream."""
    return answers.get("source") in STREAM_SOURCES or answers.get("streaming") == "yes"
