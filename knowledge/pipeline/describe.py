"""Plain-English pipeline description -> suggested pipeline answers and choice hints.

Uses the algorithm wizard's text machinery (``knowledge.describe``): the same cue file
format and parser (:func:`parse_cues`), the same normalisation and negation-aware
matching, and the same rule for suggesting an answer (its weighted, non-overlapping
matches reach the threshold and beat the runner-up). Named services and features give
the matching choice an explained bonus, like named techniques do for algorithms.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.describe import (
    TECHNIQUE_CAP,
    CueData,
    Suggestion,
    _check_text,
    _search,
    normalise,
    parse_cues,
)
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.pipeline.data import PipelineData, load_pipeline
from sagewise.knowledge.recommend import Hint
from sagewise.knowledge.schema import load_toml

CUES_FILE = "pipeline_cues.toml"


@dataclass(frozen=True)
class PipelineDescription:
    """Suggested answers with their evidence, and hints for named choices."""

    text: str
    answers: dict[str, str]
    suggestions: tuple[Suggestion, ...]
    hints: dict[str, list[Hint]]


def load_pipeline_cues_from(root: Path, pd: PipelineData) -> CueData:
    """Load pipeline_cues.toml from a resources folder (validated against the pipeline)."""
    return parse_cues(load_toml(root / CUES_FILE, CUES_FILE), pd.dd, CUES_FILE)


@functools.cache
def load_pipeline_cues() -> CueData:
    """The shipped pipeline cues (cached)."""
    return load_pipeline_cues_from(resources_dir(), load_pipeline())


def _votes(cues: CueData, norm: str):
    """Weighted votes per question; overlapping matches of one answer count once."""
    found: dict[tuple[str, str], list[tuple[float, int, int, str]]] = {}
    for cue in cues.cues:
        for p in cue.patterns:
            m = _search(p, norm)
            if m:
                found.setdefault((cue.question, cue.answer), []).append(
                    (cue.weight, m.start(), m.end(), m.group(0).strip()))
    votes: dict[str, Counter] = {}
    evidence: dict[tuple[str, str], list[str]] = {}
    for key, matches in found.items():
        kept: list[tuple[int, int]] = []
        for weight, start, end, matched in sorted(matches, key=lambda m: (-m[0], m[1] - m[2])):
            if any(start < e and s < end for s, e in kept):
                continue
            kept.append((start, end))
            votes.setdefault(key[0], Counter())[key[1]] += weight
            evidence.setdefault(key, []).append(matched)
    return votes, evidence


def describe_pipeline(text: str, *, pd: PipelineData | None = None,
                      cues: CueData | None = None) -> PipelineDescription:
    """Suggest pipeline answers for a plain-English description."""
    _check_text(text)
    pd = pd or load_pipeline()
    cues = cues or load_pipeline_cues()
    norm = normalise(text)
    votes, evidence = _votes(cues, norm)
    chosen: dict[str, Suggestion] = {}
    for qid, counter in votes.items():
        # Best answer; a tie goes to the answer listed first (pipeline answers are
        # alternatives of equal standing, and either beats a default).
        order = pd.dd.questions[qid].answer_ids
        best, value = max(counter.items(), key=lambda kv: (kv[1], -order.index(kv[0])))
        if value >= cues.threshold:
            chosen[qid] = Suggestion(qid, best, "cue", tuple(evidence[(qid, best)]))
    hints: dict[str, list[Hint]] = {}
    for tech in cues.techniques:
        found = [m.group(0).strip() for p in tech.patterns if (m := _search(p, norm))]
        if found:
            w = min(TECHNIQUE_CAP, tech.weight * len(found))
            name = pd.dd.catalog.name(tech.id)
            hints.setdefault(tech.id, []).append(Hint(
                round(w * cues.technique_bonus, 3),
                f"You mentioned {', '.join(repr(f) for f in found)}, which points to {name}"))
    _apply_rules(chosen)
    order = [q.id for q in pd.questions]
    answers = {q: chosen[q].answer for q in order if q in chosen}
    return PipelineDescription(text, answers, tuple(chosen[q] for q in answers), hints)


STREAM_SOURCES = ("events", "kafka")


def _apply_rules(chosen: dict[str, Suggestion]) -> None:
    """What to do with a stream matters only when there is one: words such as "stored
    in S3" describe files otherwise."""
    source = chosen.get("source")
    streaming = chosen.get("streaming")
    has_stream = (source is not None and source.answer in STREAM_SOURCES) or \
        (streaming is not None and streaming.answer == "yes")
    if "stream_use" in chosen and not has_stream:
        del chosen["stream_use"]


def decide_description(text: str, extra: dict[str, str] | None = None):
    """Describe and decide: (PipelineDescription, PipelinePlan); ``extra`` answers win."""
    from sagewise.knowledge.pipeline.engine import decide

    d = describe_pipeline(text)
    return d, decide({**d.answers, **(extra or {})}, hints=d.hints)
