"""Plain-English pipeline description -> suggested pipeline answers and choice hints.

The same text understanding as the algorithm wizard (:mod:`knowledge.evidence`): the
same cue file format and parser, negation-aware phrase cues and bag-of-words cues over
stemmed, synonym-folded tokens, the same weighted, non-overlapping vote loop, and evidence
that quotes the user's own words. Named services and features give the matching choice an
explained bonus, like named techniques do for algorithms.

Two rules differ from the algorithm describer, deliberately:

- **Ties.** The pipeline has no second layer (no similarity index or learned model) to
  settle a tie between two answers, and leaving the question unanswered falls back to a
  default that neither reading supports; so a tie goes to the answer listed first in
  ``pipeline.toml`` (``evidence.pick`` with ``tie_order``), and the suggestion is marked
  not ``confident`` so the user confirms it. The algorithm describer needs a strict win,
  because its readings (similarity, model) do settle ties.
- **What to do with the stream** (``stream_use``) counts only when there is a stream: the
  text suggests an event or Kafka source, or streaming, or the caller already knows it
  (answers carried over from the wizard). Otherwise words such as "stored in S3" describe
  files, not a delivery stream. The algorithm describer's analogue is its ``ask_if`` rule
  (a suggestion that does not apply to the chosen route is dropped); this condition is an
  "either of two questions", which ``ask_if`` cannot state, so it stays a rule here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from sagewise.knowledge.describe import Suggestion
from sagewise.knowledge.evidence import (
    CueData,
    check_text,
    cue_votes,
    named_techniques,
    parse_cues,
    pick,
)
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.pipeline.data import PipelineData, has_stream, load_pipeline
from sagewise.knowledge.recommend import Hint
from sagewise.knowledge.schema import load_toml

CUES_FILE = "pipeline_cues.toml"


@dataclass(frozen=True)
class PipelineDescription:
    """Suggested answers with their evidence, and hints for named choices.

    ``confident`` is False when some question's two best answers were close in the text;
    those suggestions carry ``confident=False`` and name the runner-up in ``close``.
    """

    text: str
    answers: dict[str, str]
    suggestions: tuple[Suggestion, ...]
    hints: dict[str, list[Hint]]
    confident: bool = True
    close: dict[str, str] | None = None  # question -> the runner-up answer that came close

    def to_dict(self) -> dict:
        """JSON form."""
        return {"answers": dict(self.answers),
                "suggestions": [s.to_dict() for s in self.suggestions],
                "confident": self.confident, "close": dict(self.close or {})}


def load_pipeline_cues_from(root: Path, pd: PipelineData) -> CueData:
    """Load pipeline_cues.toml from a resources folder (validated against the pipeline)."""
    return parse_cues(load_toml(root / CUES_FILE, CUES_FILE), pd.dd, CUES_FILE)


@functools.cache
def load_pipeline_cues() -> CueData:
    """The shipped pipeline cues (cached)."""
    return load_pipeline_cues_from(resources_dir(), load_pipeline())


def describe_pipeline(text: str, *, pd: PipelineData | None = None,
                      cues: CueData | None = None,
                      known: dict[str, str] | None = None) -> PipelineDescription:
    """Suggest pipeline answers for a plain-English description.

    ``known`` holds answers already given (e.g. carried over from the wizard); they are
    not suggested again but inform the rules (a known stream lets ``stream_use`` count).
    """
    check_text(text)
    pd = pd or load_pipeline()
    cues = cues or load_pipeline_cues()
    from sagewise.knowledge.facts import not_sizes

    # as in the wizard: a rate ("2,000 records per second") or an ambiguous number
    # ("1,5 GB") does not decide the data size
    cv = cue_votes(cues, text, lambda norm: {"data_size": not_sizes(norm)})
    chosen: dict[str, Suggestion] = {}
    close: dict[str, str] = {}
    for qid, counter in cv.votes.items():
        order = pd.dd.questions[qid].answer_ids
        p = pick(counter, cues.threshold, tie_order=order)
        if p is None:
            continue
        words = cv.words(qid, p.answer)
        chosen[qid] = Suggestion(qid, p.answer, "cue", words, words, p.confident, "cue")
        if not p.confident:
            close[qid] = next(a for a, v in sorted(counter.items(), key=lambda kv: (
                -kv[1], order.index(kv[0]))) if a != p.answer)
    hints: dict[str, list[Hint]] = {}
    for tech in named_techniques(cues, text):
        hints.setdefault(tech.id, []).append(Hint(
            round(tech.strength * cues.technique_bonus, 3),
            f"You mentioned {', '.join(repr(f) for f in tech.words)}, which points to "
            f"{pd.dd.catalog.name(tech.id)}"))
    _apply_rules(chosen, known or {})
    close = {q: a for q, a in close.items() if q in chosen}
    order = [q.id for q in pd.questions]
    answers = {q: chosen[q].answer for q in order if q in chosen}
    return PipelineDescription(text, answers, tuple(chosen[q] for q in answers), hints,
                               not close, close)


def _apply_rules(chosen: dict[str, Suggestion], known: dict[str, str]) -> None:
    """What to do with a stream matters only when there is one (see the module docstring)."""
    answers = {**known, **{q: s.answer for q, s in chosen.items()}}
    if "stream_use" in chosen and not has_stream(answers):
        del chosen["stream_use"]


def decide_description(text: str, extra: dict[str, str] | None = None):
    """Describe and decide: (PipelineDescription, PipelinePlan); ``extra`` answers win."""
    from sagewise.knowledge.pipeline.engine import decide

    d = describe_pipeline(text, known=extra)
    return d, decide({**d.answers, **(extra or {})}, hints=d.hints,
                     suggested=set(d.answers) - set(extra or {}))
