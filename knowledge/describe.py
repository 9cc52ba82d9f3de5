"""Plain-English problem description -> suggested wizard answers and ranking hints.

Two layers. Cue phrases kept in ``resources/cues.toml`` vote for answers of questions and
name techniques outright. A TF-IDF similarity against each catalog item's own summary and
use cases fills the gaps: it breaks ties, picks the route when no cue says what the task
is, and adds a small, explained bonus to the items the text most resembles. Every
suggestion carries its evidence so the GUI can show it for the user to confirm.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.catalog import Algorithm, Catalog
from knowledge.decision import DecisionData, ask_if_holds, load_decision, route_paths
from knowledge.errors import KnowledgeError
from knowledge.paths import resources_dir
from knowledge.recommend import Hint
from knowledge.schema import Table, Where, load_toml

CUES_FILE = "cues.toml"
MAX_DESCRIPTION = 20_000
TECHNIQUE_CAP = 1.5  # x technique_bonus: the most a named technique can add


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
class CueData:
    """Parsed cues.toml."""

    threshold: float
    technique_bonus: float
    similarity_bonus: float
    defaults: dict[str, str]
    cues: tuple[Cue, ...]
    techniques: tuple[TechniqueCue, ...]


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


def parse_cues(data: dict, dd: DecisionData, display: str = CUES_FILE) -> CueData:
    """Validate cues: questions, answers and technique ids must exist."""
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
    dt = top.table("defaults")
    defaults = {}
    for q in list(dt.data):
        a = dt.str(q)
        if q not in dd.questions or a not in dd.questions[q].answer_ids:
            raise dt.where.at(q).fail(f"unknown question or answer '{q} = {a}'")
        defaults[q] = a
    dt.finish()
    cd = CueData(top.number("threshold", minimum=0.0), top.number("technique_bonus", minimum=0.0,
                 maximum=1.0), top.number("similarity_bonus", minimum=0.0, maximum=1.0),
                 defaults, tuple(cues), tuple(techniques))
    top.finish()
    return cd


def load_cues_from(root: Path, dd: DecisionData) -> CueData:
    """Load cues.toml from a resources folder."""
    return parse_cues(load_toml(root / CUES_FILE, CUES_FILE), dd)


@functools.cache
def load_cues() -> CueData:
    """The shipped cues (cached)."""
    return load_cues_from(resources_dir(), load_decision())


# ---------------------------------------------------------------- similarity

_STOP = frozenset("""a an the and or of to in on for with from by as at is are be it its this that
these those we our you your they their can will would should into over than then so such
each every per via using use based e g i not no all any new one more most very""".split())


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """Lower-case word stems without stop words."""
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP]


@dataclass(frozen=True)
class SimilarityIndex:
    """TF-IDF vectors of each catalog item's own text and of each use case."""

    idf: dict[str, float]
    items: dict[str, dict[str, float]]
    use_cases: dict[str, tuple[tuple[str, dict[str, float]], ...]]

    def vector(self, text: str) -> dict[str, float]:
        """A normalised TF-IDF vector for ``text`` (unknown words are ignored)."""
        counts = Counter(t for t in tokens(text) if t in self.idf)
        vec = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}


def _item_text(item) -> tuple[str, ...]:
    parts = [item.name, item.summary, *item.use_cases]
    if isinstance(item, Algorithm):
        parts += [" ".join(item.problem_types).replace("_", " ")]
    else:
        parts += list(item.prefer_when)
    return tuple(parts)


def build_index(catalog: Catalog) -> SimilarityIndex:
    """Index every algorithm and service by its own description and use cases."""
    docs = {i: " ".join(_item_text(catalog.get(i))) for i in catalog.ids}
    df: Counter = Counter()
    for text in docs.values():
        df.update(set(tokens(text)))
    n = len(docs)
    idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
    index = SimilarityIndex(idf, {}, {})
    items = {i: index.vector(text) for i, text in docs.items()}
    ucs = {i: tuple((u, index.vector(u)) for u in catalog.get(i).use_cases) for i in catalog.ids}
    return SimilarityIndex(idf, items, ucs)


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


@functools.cache
def _default_index() -> SimilarityIndex:
    return build_index(load_decision().catalog)


# ---------------------------------------------------------------- describe


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer with where it came from."""

    question: str
    answer: str
    source: str          # "cue", "similarity", "default" or "rule"
    evidence: tuple[str, ...]

    def to_dict(self) -> dict:
        """JSON form."""
        return {"question": self.question, "answer": self.answer, "source": self.source,
                "evidence": list(self.evidence)}


@dataclass(frozen=True)
class DescribeResult:
    """Suggested answers, their evidence, and ranking hints."""

    text: str
    answers: dict[str, str]
    suggestions: tuple[Suggestion, ...]
    hints: dict[str, list[Hint]]
    alternative: dict[str, str] = field(default_factory=dict)  # a close second reading


def normalise(text: str) -> str:
    """Lower-case, hyphens/slashes/punctuation runs as spaces (keeps __label__)."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(\w)'(\w)", r"\1\2", text)  # customer's -> customers, don't -> dont
    text = re.sub(r"[-/\u2010-\u2015]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _check_text(text: object) -> str:
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


def describe(text: str, *, dd: DecisionData | None = None, cues: CueData | None = None,
             index: SimilarityIndex | None = None) -> DescribeResult:
    """Suggest answers for a plain-English description (see module docstring)."""
    _check_text(text)
    dd = dd or load_decision()
    cues = cues or load_cues()
    index = index or _default_index()
    norm = normalise(text)

    votes: dict[str, Counter] = {}
    evidence: dict[tuple[str, str], list[str]] = {}
    found: dict[tuple[str, str], list[tuple[float, int, int, str]]] = {}
    for cue in cues.cues:
        for p in cue.patterns:
            m = _search(p, norm)
            if m:
                found.setdefault((cue.question, cue.answer), []).append(
                    (cue.weight, m.start(), m.end(), m.group(0).strip()))
    for key, matches in found.items():
        # The same words matched by several patterns of one answer count once, at the
        # strongest weight: keep the heaviest non-overlapping matches.
        kept: list[tuple[int, int]] = []
        for weight, start, end, matched in sorted(matches, key=lambda m: (-m[0], m[1] - m[2])):
            if any(start < e and s < end for s, e in kept):
                continue
            kept.append((start, end))
            votes.setdefault(key[0], Counter())[key[1]] += weight
            evidence.setdefault(key, []).append(matched)

    chosen: dict[str, Suggestion] = {}
    for qid, counter in votes.items():
        ranked = counter.most_common()
        best, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        if score >= cues.threshold and score > runner:
            chosen[qid] = Suggestion(qid, best, "cue", tuple(evidence[(qid, best)]))

    # Techniques named outright, and similarity to each item's own use cases.
    hints: dict[str, list[Hint]] = {}
    strength: Counter = Counter()
    for tech in cues.techniques:
        found = [m.group(0).strip() for p in tech.patterns if (m := _search(p, norm))]
        if found:
            w = min(TECHNIQUE_CAP, tech.weight * len(found))
            strength[tech.id] += w
            name = dd.catalog.name(tech.id)
            hints.setdefault(tech.id, []).append(Hint(
                round(w * cues.technique_bonus, 3),
                f"You mentioned {', '.join(repr(f) for f in found)}, which points to {name}"))
    resemblance: Counter = Counter()
    qvec = index.vector(text)
    sims = {i: _cos(qvec, v) for i, v in index.items.items()}
    best_sim = max(sims.values(), default=0.0)
    if best_sim > 0.05:
        for ident, s in sorted(sims.items(), key=lambda p: -p[1])[:3]:
            if s < 0.5 * best_sim:
                continue
            uc, _ = max(index.use_cases[ident], key=lambda p: _cos(qvec, p[1]))
            hints.setdefault(ident, []).append(Hint(
                round(cues.similarity_bonus * s / best_sim, 3),
                f"Your description resembles a typical use: \"{uc}\""))
            resemblance[ident] += 0.25 * s / best_sim

    _add_implied_task_votes(dd, votes)
    # Route on what the text says; resemblance to use cases only when that decides nothing.
    alternative: dict[str, str] = {}
    _resolve_route(dd, cues, chosen, strength, votes, evidence, alternative)
    if dd.root not in chosen:
        alternative.clear()
        _resolve_route(dd, cues, chosen, strength + resemblance, votes, evidence, alternative)
    _apply_rules(dd, chosen, votes)

    answers = {q: chosen[q].answer for q in dd.questions if q in chosen}  # question order
    # Drop suggestions that do not apply to the chosen route (e.g. label kind for forecasts).
    for q in list(answers):
        question = dd.questions[q]
        if question.kind == "constraint" and not ask_if_holds(question, answers):
            del answers[q]
    path_qids = _route_qids(dd, answers)
    for q in list(answers):
        if dd.questions[q].kind == "route" and q not in path_qids:
            del answers[q]
    suggestions = tuple(chosen[q] for q in dd.questions if q in answers)
    if alternative and alternative.get(dd.root) != answers.get(dd.root):
        for q, a in answers.items():
            question = dd.questions[q]
            if question.kind == "constraint" and ask_if_holds(question, alternative):
                alternative[q] = a
    else:
        alternative = {}
    return DescribeResult(text, answers, suggestions, hints, alternative)


_NEGATION = re.compile(r"\b(no|not|without|never|lacks?|lacking|none|nor|non)\b")
_NEGATED_BEFORE = re.compile(r"\b(no|not|without|never|lacks?|lacking|none|nor|non)\b\W+(\w+\W+){0,2}$")


def _search(pattern: re.Pattern, text: str) -> re.Match | None:
    """First match of ``pattern`` that is not negated ("no labelled data", "without GPUs").

    A match counts as negated when one of the three words before it is a negation word,
    unless the match itself starts with one (patterns such as 'no labels' carry it).
    """
    for m in pattern.finditer(text):
        if _NEGATION.match(m.group(0)):
            return m
        if not _NEGATED_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            return m
    return None


def _route_qids(dd: DecisionData, answers: dict[str, str]) -> set[str]:
    qids, qid = set(), dd.root
    while qid in answers:
        qids.add(qid)
        a = dd.questions[qid].answer(answers[qid])
        if not a.next:
            break
        qid = a.next
    return qids


FOLLOW_UP_WEIGHT = 0.5
FOLLOW_UP_CAP = 2.0
IMPLIED_TASK_WEIGHT = 0.5
CLOSE_CALL = 0.6  # a second task this close to the first is offered as an alternative
DEFAULT_BONUS = 0.3  # a follow-up's usual answer beats weak similarity evidence


def _resolve_route(dd: DecisionData, cues: CueData, chosen: dict[str, Suggestion],
                   strength: Counter, votes: dict[str, Counter],
                   evidence: dict[tuple[str, str], list[str]],
                   alternative: dict[str, str]) -> None:
    """Choose the route in two stages: first the task, then its follow-up answers.

    Task score = the task's own votes + the best evidence (named technique, similar use
    case) for a member of any set the task can reach, scaled by that member's prior.
    Follow-up words ("images", "text") count towards the task only when nothing in the
    text names a task at all. Within the chosen task, each path scores its follow-up
    votes (capped), its evidence, and a bonus for a follow-up's usual answer when that
    question got no votes.
    """
    root_votes = votes.get(dd.root, Counter())
    any_task_vote = any(v > 0 for v in root_votes.values())

    def support(sid: str) -> tuple[float, str]:
        members = dd.sets[sid].members
        top_prior = max(w for _, w in members)
        return max((strength.get(i, 0.0) * w / top_prior, i) for i, w in members)

    def follow_ups(path: dict[str, str]) -> float:
        return sum(FOLLOW_UP_WEIGHT * min(votes.get(q, Counter()).get(a, 0.0), FOLLOW_UP_CAP)
                   for q, a in path.items() if q != dd.root)

    def defaults(path: dict[str, str]) -> float:
        return sum(DEFAULT_BONUS for q, a in path.items()
                   if q != dd.root and cues.defaults.get(q) == a and not votes.get(q))

    paths = [(sid, p) for sid, plist in route_paths(dd).items() for p in plist]
    task_score: dict[str, float] = {}
    for sid, p in paths:
        value = root_votes.get(p[dd.root], 0.0) + support(sid)[0]
        if not any_task_vote:
            value += follow_ups(p)
        task_score[p[dd.root]] = max(task_score.get(p[dd.root], 0.0), value)
    for q in [q for q in chosen if dd.questions[q].kind == "route"]:
        del chosen[q]
    if not task_score or max(task_score.values()) <= 0:
        return
    order = list(dd.questions[dd.root].answer_ids)
    ranked_tasks = sorted(task_score, key=lambda k: (-task_score[k], order.index(k)))
    task = ranked_tasks[0]

    def best_path(for_task: str):
        return max(((follow_ups(p) + support(sid)[0] + defaults(p), -i, p, support(sid))
                    for i, (sid, p) in enumerate(paths) if p[dd.root] == for_task),
                   key=lambda x: (x[0], x[1]))

    if len(ranked_tasks) > 1:
        runner = ranked_tasks[1]
        if task_score[runner] > 0 and task_score[runner] >= CLOSE_CALL * task_score[task]:
            alternative.update(best_path(runner)[2])
    _, _, path, (lead_support, lead) = best_path(task)
    for qid, aid in path.items():
        if votes.get(qid, Counter()).get(aid, 0.0):
            chosen[qid] = Suggestion(qid, aid, "cue", tuple(evidence.get((qid, aid), ())))
        elif lead_support:
            chosen[qid] = Suggestion(qid, aid, "similarity",
                                     (f"closest match: {dd.catalog.name(lead)}",))
        else:
            chosen[qid] = Suggestion(qid, aid, "default",
                                     ("no cue in the text; the most common case",))


def _best(votes: dict[str, Counter], question: str, default: str) -> str:
    counter = votes.get(question)
    return counter.most_common(1)[0][0] if counter else default


def _add_implied_task_votes(dd: DecisionData, votes: dict[str, Counter]) -> None:
    """Words that answer a task-specific question (``ask_if`` on the task) hint at the task.

    "click" answers what a recommender should output, "thousands of related series" how
    many series a forecast has: both say something about the task itself.
    """
    task_votes = votes.setdefault(dd.root, Counter())
    for qid, counter in list(votes.items()):
        allowed = dd.questions[qid].ask_if.get(dd.root, ())
        if dd.questions[qid].kind != "constraint" or not allowed or len(allowed) > 2:
            continue
        share = IMPLIED_TASK_WEIGHT * min(max(counter.values()), 1.0) / len(allowed)
        for task in allowed:
            task_votes[task] += share


def _apply_rules(dd: DecisionData, chosen: dict[str, Suggestion],
                 votes: dict[str, Counter]) -> None:
    """Cross-question rules: labels change how an anomaly or classification is framed."""
    task = chosen.get("task")
    labels = chosen.get("labels")
    anomaly_votes = votes.get("task", Counter()).get("detect_anomalies", 0.0)
    if task and task.answer == "classify" and labels and labels.answer == "no" and anomaly_votes:
        chosen["task"] = Suggestion("task", "detect_anomalies", "rule",
                                    ("no labels + unusual-event words: anomaly detection",))
        chosen.pop("classify_data", None)
        chosen.setdefault("anomaly_subject", Suggestion(
            "anomaly_subject", "measurements", "default", ("the most common case",)))
    if (task and task.answer == "understand_text" and labels and labels.answer == "yes"
            and votes.get("task", Counter()).get("classify", 0.0)):
        chosen["task"] = Suggestion("task", "classify", "rule",
                                    ("your own labelled text: a text classification problem",))
        chosen["classify_data"] = Suggestion("classify_data", "text", "rule",
                                             ("the examples are texts",))
    # Labelled examples plus a classification verb make it supervised classification,
    # even when the words also fit topics, clustering or a time horizon.
    classify_votes = votes.get("task", Counter()).get("classify", 0.0)
    current = chosen.get("task")
    if (current and labels and labels.answer == "yes" and classify_votes
            and current.answer in ("discover_topics", "cluster", "forecast", "understand_text")):
        chosen["task"] = Suggestion("task", "classify", "rule",
                                    ("labelled examples + a classification verb",))
        data = "text" if current.answer in ("discover_topics", "understand_text") else \
            _best(votes, "classify_data", "tabular")
        chosen["classify_data"] = Suggestion("classify_data", data, "rule",
                                             ("the kind of examples described",))
    # Built-in regression works on tables; a number predicted from text or images is
    # handled as classification into bins (e.g. star ratings 1-5).
    current = chosen.get("task")
    data_votes = votes.get("classify_data", Counter())
    if (current and current.answer == "regress" and not votes.get("regress_data")
            and not data_votes.get("tabular")
            and max(data_votes.get("text", 0.0), data_votes.get("image", 0.0)) >= 1.2):
        kind = "text" if data_votes.get("text", 0.0) >= data_votes.get("image", 0.0) else "image"
        chosen["task"] = Suggestion("task", "classify", "rule",
                                    (f"a number from {kind}: classify into bins",))
        chosen.pop("regress_data", None)
        chosen["classify_data"] = Suggestion("classify_data", kind, "rule",
                                             (f"the examples are {kind}",))
    subject = chosen.get("anomaly_subject")
    if subject and subject.answer == "labelled_cases" and labels and labels.answer == "no":
        alt = "entity_ip" if votes.get("anomaly_subject", Counter()).get("entity_ip") else \
            "measurements"
        chosen["anomaly_subject"] = Suggestion("anomaly_subject", alt, "rule",
                                               ("no labels: an unsupervised detector",))
    if (chosen.get("task") and chosen["task"].answer == "detect_anomalies" and labels
            and labels.answer == "yes" and chosen.get("anomaly_subject")
            and chosen["anomaly_subject"].answer == "measurements"):
        chosen["anomaly_subject"] = Suggestion(
            "anomaly_subject", "labelled_cases", "rule",
            ("past cases are labelled: a supervised classifier can learn them",))
