"""What the user's words say for which answer: cue votes with the user's own words quoted.

One text-understanding module serves both describers (the algorithm wizard's
:mod:`knowledge.describe` and the pipeline's :mod:`knowledge.pipeline.describe`): the cue
file format and its strict parser, the negation-aware phrase search, bag-of-words cues over
the stemmed, synonym-folded tokens of :mod:`knowledge.text`, the weighted vote loop, named
techniques, and the rule that turns votes into a suggested answer. Evidence always quotes
the words as the user typed them (case and hyphens kept), never stems or normalised text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sagewise.knowledge.decision import DecisionData
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.schema import Table, Where
from sagewise.knowledge.text import analyse, normalise

MAX_DESCRIPTION = 20_000
TECHNIQUE_CAP = 1.5  # x technique_bonus: the most a named technique can add
CLOSE_ANSWERS = 0.8  # a runner-up answer with this share of the best one's votes: not confident


# ---------------------------------------------------------------- the cue file format


@dataclass(frozen=True)
class Cue:
    """Patterns voting for one answer of one question."""

    question: str
    answer: str
    weight: float
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class TechniqueCue:
    """Patterns that name a technique or service outright."""

    id: str
    weight: float
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class WordCue:
    """A bag of words voting for one answer: one word of every group, close together.

    Words are compared as stems after synonym folding, so "photos" meets "image"; a word
    ending in ``*`` matches every stem it begins. Negated words ("no labels") do not count.
    """

    question: str
    answer: str
    weight: float
    groups: tuple[tuple[str, ...], ...]
    window: int

    def match(self, toks: list) -> list[str] | None:
        """The user's words that satisfy every group within the window, or None."""
        positions: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if not t.negated:
                positions.setdefault(t.stem, []).append(i)

        def hits(group):
            out = set()
            for g in group:
                if g.endswith("*"):
                    for st, pos in positions.items():
                        if st.startswith(g[:-1]):
                            out.update(pos)
                elif " " in g:  # a phrase: consecutive stems
                    parts = g.split()
                    out.update(i for i in positions.get(parts[0], ())
                               if [t.stem for t in toks[i:i + len(parts)]] == parts)
                else:
                    out.update(positions.get(g, ()))
            return sorted(out)
        found = [hits(g) for g in self.groups]
        if not all(found):
            return None
        for i in found[0]:
            picked = [i]
            for other in found[1:]:
                near = [j for j in other if abs(j - i) <= self.window]
                if not near:
                    break
                picked.append(min(near, key=lambda j: abs(j - i)))
            else:
                return [toks[j].surface for j in sorted(set(picked))]
        return None


@dataclass(frozen=True)
class CueData:
    """A parsed cue file (cues.toml or pipeline_cues.toml)."""

    threshold: float
    technique_bonus: float
    similarity_bonus: float
    defaults: dict[str, str]
    cues: tuple[Cue, ...]
    techniques: tuple[TechniqueCue, ...]
    word_cues: tuple[WordCue, ...] = ()
    vague: frozenset[str] = frozenset()  # stems that say nothing about the task alone


def _group_stems(t: Table, key: str) -> tuple[tuple[str, ...], ...]:
    raw = t.data.get(key)
    if not isinstance(raw, list) or not raw or not all(
            isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g)
            for g in raw):
        raise t.where.at(key).fail("must be a non-empty list of non-empty lists of words")
    out = []
    for g in raw:
        stems = []
        for w in g:
            if w.endswith("*"):
                stems.append(w.lower())
                continue
            words_in = [tok.stem for tok in analyse(w)]
            if not words_in:
                raise t.where.at(key).fail(f"'{w}' has only stop words, which never match")
            stems.append(" ".join(words_in))
        out.append(tuple(dict.fromkeys(stems)))
    return tuple(out)


def _compile(t: Table, key: str) -> tuple[re.Pattern, ...]:
    out = []
    for i, p in enumerate(t.str_list(key)):
        if "\\\\" in p:
            raise t.where.at(key).item(i).fail(
                "contains a double backslash, which matches a literal backslash; in a TOML "
                "literal string ('...') write a single one, e.g. '\\bword'")
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            raise t.where.at(key).item(i).fail(f"not a valid regular expression: {exc}") from exc
    return tuple(out)


def parse_cues(data: dict, dd: DecisionData, display: str = "cues.toml") -> CueData:
    """Validate a cue file: questions, answers and technique ids must exist in ``dd``."""
    top = Table(data, Where(display))
    cues = []
    for t in top.tables("cue"):
        q, a = t.str("question"), t.str("answer")
        t.where = Where(display, f"cue {q}={a}", "")
        if q not in dd.questions:
            raise t.where.at("question").fail(f"unknown question '{q}'")
        if a not in dd.questions[q].answer_ids:
            raise t.where.at("answer").fail(f"unknown answer '{a}' for question '{q}'")
        cues.append(Cue(q, a, t.number("weight", minimum=0.0, maximum=5.0),
                        _compile(t, "patterns")))
        t.finish()
    techniques = []
    for ident, t in top.entries("technique", "technique"):
        if ident not in dd.catalog:
            raise t.where.at("id").fail(f"unknown algorithm or service '{ident}'")
        techniques.append(TechniqueCue(ident, t.number("weight", minimum=0.0, maximum=5.0),
                                       _compile(t, "patterns")))
        t.finish()
    word_cues = []
    for t in top.tables("words", required=False):
        q, a = t.str("question"), t.str("answer")
        t.where = Where(display, f"words {q}={a}", "")
        if q not in dd.questions or a not in dd.questions[q].answer_ids:
            raise t.where.at("answer").fail(f"unknown question or answer '{q} = {a}'")
        word_cues.append(WordCue(q, a, t.number("weight", minimum=0.0, maximum=5.0),
                                 _group_stems(t, "groups"),
                                 int(t.number("window", minimum=1, maximum=50))))
        t._used.add("groups")
        t.finish()
    dt = top.table("defaults")
    defaults = {}
    for q in list(dt.data):
        a = dt.str(q)
        if q not in dd.questions or a not in dd.questions[q].answer_ids:
            raise dt.where.at(q).fail(f"unknown question or answer '{q} = {a}'")
        defaults[q] = a
    dt.finish()
    vague = set()
    for i, w in enumerate(top.str_list("vague_words", required=False)):
        stems = [tok.stem for tok in analyse(w)]
        if len(stems) != 1:
            raise top.where.at("vague_words").item(i).fail(
                f"'{w}' must be one word that is not a stop word")
        vague.add(stems[0])
    cd = CueData(top.number("threshold", minimum=0.0), top.number("technique_bonus", minimum=0.0,
                 maximum=1.0), top.number("similarity_bonus", minimum=0.0, maximum=1.0),
                 defaults, tuple(cues), tuple(techniques), tuple(word_cues), frozenset(vague))
    top.finish()
    return cd


# ---------------------------------------------------------------- reading the text


def check_text(text: object) -> str:
    """The description itself, or a KnowledgeError saying what is wrong with it."""
    if not isinstance(text, str):
        raise KnowledgeError("description must be text")
    if not text.strip():
        raise KnowledgeError("description is empty: describe the problem in a sentence or two")
    if len(text) > MAX_DESCRIPTION:
        raise KnowledgeError(f"description is too long ({len(text)} characters; the limit is "
                             f"{MAX_DESCRIPTION})")
    if "\x00" in text:
        raise KnowledgeError("description contains binary data")
    return text


def quote(original: str, fragment: str) -> str:
    """The user's own words for a fragment of the normalised text (case and hyphens kept)."""
    parts = re.findall(r"[a-z0-9_]+", fragment.lower())
    if not parts:
        return fragment
    m = re.search(r"[\W_]*".join(re.escape(p) for p in parts), original, re.IGNORECASE)
    return original[m.start():m.end()] if m else fragment


_NEGATION = re.compile(r"\b(no|not|without|never|lacks?|lacking|none|nor|non|dont|doesnt|didnt|isnt|arent|wasnt|werent|wont|cannot|cant)\b")
_NEGATED_BEFORE = re.compile(r"\b(no|not|without|never|lacks?|lacking|none|nor|non|dont|doesnt|didnt|isnt|arent|wasnt|werent|wont|cannot|cant)\b\W+(\w+\W+){0,2}$")


def search(pattern: re.Pattern, norm: str,
           skip: Sequence[tuple[int, int]] = ()) -> re.Match | None:
    """First match of ``pattern`` in normalised text that is not negated ("no labelled data").

    A match counts as negated when one of the three words before it is a negation word
    (contractions included: "don't have GPUs" reads as "dont have gpus"),
    unless the match itself starts with one (patterns such as 'no labels' carry it). A
    match overlapping a ``skip`` span (offsets in ``norm``) does not count either.
    """
    for m in pattern.finditer(norm):
        if any(m.start() < e and s < m.end() for s, e in skip):
            continue
        if _NEGATION.match(m.group(0)):
            return m
        if not _NEGATED_BEFORE.search(norm[max(0, m.start() - 40):m.start()]):
            return m
    return None


# ---------------------------------------------------------------- votes


@dataclass
class CueVotes:
    """Weighted votes per question and answer, with the user's words behind each answer."""

    votes: dict[str, Counter] = field(default_factory=dict)
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, question: str, answer: str, weight: float, words: str,
            first: bool = False) -> None:
        """Count ``weight`` for the answer; ``words`` (the user's own) explain it."""
        self.votes.setdefault(question, Counter())[answer] += weight
        said = self.evidence.setdefault((question, answer), [])
        if first:
            said.insert(0, words)
        else:
            said.append(words)

    def words(self, question: str, answer: str) -> tuple[str, ...]:
        """The user's words for an answer, each once, in the order found."""
        return tuple(dict.fromkeys(self.evidence.get((question, answer), ())))


def cue_votes(cues: CueData, text: str,
              skip: Callable[[str], dict[str, list[tuple[int, int]]]] | None = None
              ) -> CueVotes:
    """Votes of the phrase cues and the bag-of-words cues, each quoting the user's words.

    The same words matched by several patterns of one answer count once, at the strongest
    weight (the heaviest non-overlapping matches are kept); every bag-of-words cue that
    matches adds its weight once. ``skip`` maps the normalised text to spans, per question,
    whose words must not vote for that question (e.g. a rate is not a data size).
    """
    norm = normalise(text)
    spans = skip(norm) if skip else {}
    out = CueVotes()
    found: dict[tuple[str, str], list[tuple[float, int, int, str]]] = {}
    for cue in cues.cues:
        for p in cue.patterns:
            m = search(p, norm, spans.get(cue.question, ()))
            if m:
                found.setdefault((cue.question, cue.answer), []).append(
                    (cue.weight, m.start(), m.end(), m.group(0).strip()))
    for (q, a), matches in found.items():
        kept: list[tuple[int, int]] = []
        for weight, start, end, matched in sorted(matches, key=lambda m: (-m[0], m[1] - m[2])):
            if any(start < e and s < end for s, e in kept):
                continue
            kept.append((start, end))
            out.add(q, a, weight, quote(text, matched))
    if cues.word_cues:
        toks = analyse(text)
        for wc in cues.word_cues:
            matched = wc.match(toks)
            if matched:
                out.add(wc.question, wc.answer, wc.weight, " ... ".join(
                    quote(text, m) for m in matched))
    return out


@dataclass(frozen=True)
class Named:
    """A technique or service the text names outright, with the user's words."""

    id: str
    strength: float          # weight x matches, capped at TECHNIQUE_CAP
    words: tuple[str, ...]


def named_techniques(cues: CueData, text: str) -> list[Named]:
    """Techniques named in the text (negated mentions do not count), in cue-file order."""
    norm = normalise(text)
    out = []
    for tech in cues.techniques:
        found = [quote(text, m.group(0).strip()) for p in tech.patterns
                 if (m := search(p, norm))]
        if found:
            out.append(Named(tech.id, min(TECHNIQUE_CAP, tech.weight * len(found)),
                             tuple(found)))
    return out


@dataclass(frozen=True)
class Pick:
    """The answer the votes of one question suggest, and how clear the choice is."""

    answer: str
    score: float
    runner_up: float
    confident: bool


def pick(counter: Counter, threshold: float, tie_order: tuple[str, ...] | None = None
         ) -> Pick | None:
    """The best-voted answer when it reaches ``threshold``, or None.

    Ties are a deliberate, per-describer rule. With ``tie_order`` None (the algorithm
    describer) the best answer must strictly beat the runner-up: a tie leaves the question
    to the evidence model's readings (similarity, learned model), which can settle it.
    With ``tie_order`` (the pipeline describer, which has no such readings) a tie goes to
    the answer listed first there: pipeline answers are alternatives of equal standing and
    either beats falling back to a default. Either way a runner-up with at least
    :data:`CLOSE_ANSWERS` of the best score makes the pick not confident, so the user is
    asked rather than told.
    """
    if not counter:
        return None
    if tie_order is None:
        ranked = counter.most_common()
    else:
        rank = {a: i for i, a in enumerate(tie_order)}
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank))))
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < threshold or (tie_order is None and score <= runner):
        return None
    return Pick(best, score, runner, runner < CLOSE_ANSWERS * score)
