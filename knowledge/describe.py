"""Plain-English problem description -> suggested wizard answers and ranking hints.

Two layers. Cue phrases kept in ``resources/cues.toml`` vote for answers of questions and
name techniques outright. A TF-IDF similarity against each catalog item's own summary and
use cases fills the gaps: it breaks ties, picks the route when no cue says what the task
is, and adds a small, explained bonus to the items the text most resembles. Every
suggestion carries its evidence so the GUI can show it for the user to confirm.

Reading the cues (file format, negation, bags of words, the vote loop, named techniques
and the rule that turns votes into an answer) is :mod:`knowledge.evidence`, shared with
the pipeline describer; this module adds what only algorithms have: facts, similarity,
the learned model and the scored readings of the decision graph.

A description is *understood* only when something in it is affirmed: a cue, a fact, a
named technique, or a known word that is not vague. Negated words ("no images", "we don't
want to predict") and gibberish never make a reading; then nothing is suggested and the
result says so (``understood`` False) instead of guessing.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from sagewise.knowledge.catalog import Algorithm, Catalog
from sagewise.knowledge.decision import (
    DecisionData,
    ask_if_holds,
    load_decision,
    route_paths,
)

# The cue format, the vote loop and the quoting live in knowledge.evidence, shared with the
# pipeline describer; the names are re-exported here for the callers that know them here.
from sagewise.knowledge.evidence import (
    MAX_DESCRIPTION,  # noqa: F401 (re-exported)
    TECHNIQUE_CAP,  # noqa: F401 (re-exported)
    Cue,  # noqa: F401 (re-exported)
    CueData,
    TechniqueCue,  # noqa: F401 (re-exported)
    WordCue,  # noqa: F401 (re-exported)
    check_text,
    cue_votes,
    named_techniques,
    parse_cues,
    pick,
    quote,  # noqa: F401 (re-exported)
    search,  # noqa: F401 (re-exported)
)
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.recommend import Hint
from sagewise.knowledge.schema import Table, Where, load_toml
from sagewise.knowledge.text import (
    affirmed_tokens,
    normalise,  # noqa: F401 (re-exported)
    plain_tokens,
)

CUES_FILE = "cues.toml"


def load_cues_from(root: Path, dd: DecisionData) -> CueData:
    """Load cues.toml from a resources folder."""
    return parse_cues(load_toml(root / CUES_FILE, CUES_FILE), dd)


@functools.cache
def load_cues() -> CueData:
    """The shipped cues (cached)."""
    return load_cues_from(resources_dir(), load_decision())


# ---------------------------------------------------------------- similarity

USE_CASES_FILE = "use_cases.toml"


def parse_use_cases(data: dict, catalog: Catalog, display: str = USE_CASES_FILE
                    ) -> dict[str, tuple[str, ...]]:
    """Validate use_cases.toml: known ids, non-empty sentences."""
    top = Table(data, Where(display))
    uses = top.table("uses")
    out = {}
    for ident in list(uses.data):
        if ident not in catalog:
            raise uses.where.at(ident).fail(f"unknown algorithm or service '{ident}'")
        sentences = uses.str_list(ident)
        for i, s in enumerate(sentences):
            if not s.strip():
                raise uses.where.at(ident).item(i).fail("is empty")
        out[ident] = tuple(sentences)
    uses.finish()
    top.finish()
    return out


@functools.cache
def load_use_cases() -> dict[str, tuple[str, ...]]:
    """The shipped use-case sentences (cached)."""
    return parse_use_cases(load_toml(resources_dir() / USE_CASES_FILE, USE_CASES_FILE),
                           load_decision().catalog)


def tokens(text: str) -> list[str]:
    """Lower-case word stems without stop words (see :mod:`knowledge.text`)."""
    return plain_tokens(text)


@dataclass(frozen=True)
class SimilarityIndex:
    """TF-IDF vectors of each catalog item's own text and of each use case."""

    idf: dict[str, float]
    items: dict[str, dict[str, float]]
    use_cases: dict[str, tuple[tuple[str, dict[str, float]], ...]]

    def vector(self, text: str, *, affirmed: bool = False) -> dict[str, float]:
        """A normalised TF-IDF vector for ``text`` (unknown words are ignored).

        ``affirmed``: leave out negated words ("no images" says nothing for images).
        """
        stems = affirmed_tokens(text) if affirmed else tokens(text)
        counts = Counter(t for t in stems if t in self.idf)
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


def build_index(catalog: Catalog, extra: dict[str, tuple[str, ...]] | None = None
                ) -> SimilarityIndex:
    """Index every item by its card (summary, use cases) and the extra use-case sentences."""
    extra = extra or {}
    docs = {i: " ".join(_item_text(catalog.get(i)) + extra.get(i, ())) for i in catalog.ids}
    df: Counter = Counter()
    for text in docs.values():
        df.update(set(tokens(text)))
    n = len(docs)
    idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
    index = SimilarityIndex(idf, {}, {})
    items = {i: index.vector(text) for i, text in docs.items()}
    ucs = {i: tuple((u, index.vector(u)) for u in (*catalog.get(i).use_cases,
                                                     *extra.get(i, ())))
           for i in catalog.ids}
    return SimilarityIndex(idf, items, ucs)


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


@functools.cache
def _default_index() -> SimilarityIndex:
    return build_index(load_decision().catalog, load_use_cases())


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """One signal's contribution to a reading's score, with the user's words behind it."""

    signal: str           # "cue", "technique", "similarity", "model", "fact", "default"
    weight: float
    detail: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"signal": self.signal, "weight": round(self.weight, 3), "detail": self.detail}


@dataclass(frozen=True)
class Reading:
    """One way to frame the description: a route to a candidate set, scored."""

    answers: dict[str, str]       # route answers only
    candidate_set: str
    score: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        """JSON form."""
        return {"answers": dict(self.answers), "candidate_set": self.candidate_set,
                "score": round(self.score, 3), "evidence": [e.to_dict() for e in self.evidence]}


# ---------------------------------------------------------------- describe


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer with where it came from.

    ``evidence`` and ``quotes`` hold the user's own words (as typed) where the answer came
    from the text; ``confident`` is False when another reading scores almost as well;
    ``signal`` names the finer origin (a fact such as "0.5% of transactions" is a ``cue``
    source, as the wizard shows it as the user's words, with signal ``fact``).
    """

    question: str
    answer: str
    source: str          # "cue" (the user's words), "similarity", "default" or "rule"
    evidence: tuple[str, ...]
    quotes: tuple[str, ...] = ()
    confident: bool = True
    signal: str = ""     # finer origin: "cue", "fact", "technique", "similarity", "model"

    def to_dict(self) -> dict:
        """JSON form."""
        return {"question": self.question, "answer": self.answer, "source": self.source,
                "evidence": list(self.evidence), "quotes": list(self.quotes),
                "confident": self.confident, "signal": self.signal or self.source}


@dataclass(frozen=True)
class DescribeResult:
    """Suggested answers, their evidence, and ranking hints."""

    text: str
    answers: dict[str, str]
    suggestions: tuple[Suggestion, ...]
    hints: dict[str, list[Hint]]
    alternative: dict[str, str] = field(default_factory=dict)  # a close second reading
    readings: tuple[Reading, ...] = ()   # best first; readings[0] is the one answered
    confident: bool = True
    separating_question: dict | None = None  # {"id", "prompt", "answers": [...]}
    model: dict[str, float] = field(default_factory=dict)  # learned P(id | text)
    notes: tuple[str, ...] = ()   # what was seen but not used, and why ("1,5 GB": ambiguous)
    understood: bool = True       # False: no word affirmed anything the engine knows


NOT_UNDERSTOOD = ("Nothing in the description was understood (only unknown, vague or "
                  "negated words), so nothing is suggested: answer the questions instead, or "
                  "describe the goal and the data in other words.")

# Weights of the evidence model: every signal adds to one score per reading.
TASK_CAP = 3.0          # the most cue phrases can give a task
FOLLOW_UP_WEIGHT = 0.5
FOLLOW_UP_CAP = 2.0
IMPLIED_TASK_WEIGHT = 0.5
DEFAULT_BONUS = 0.3     # a follow-up's usual answer beats weak similarity evidence
TECHNIQUE_WEIGHT = 2.0  # x the technique's strength (at most TECHNIQUE_CAP)
SIMILARITY_WEIGHT = 0.6
MODEL_WEIGHT = 10.0     # x the learned probability mass of the reading's candidates
MODEL_REST = 0.25       # share of a reading's other candidates' probability that counts
MODEL_HINT = 3.0        # x P(id): the learned model's bonus inside a candidate set
CLOSE_CALL = 0.6        # a second reading this close (ratio) is offered as an alternative
CONFIDENT_RATIO = 0.8   # a second reading scoring at least this share of the first: ask


def describe(text: str, *, dd: DecisionData | None = None, cues: CueData | None = None,
             index: SimilarityIndex | None = None, model=None) -> DescribeResult:
    """Suggest answers for a plain-English description (see module docstring)."""
    from sagewise.knowledge.facts import extract, not_sizes
    from sagewise.knowledge.text_model import load_model

    check_text(text)
    dd = dd or load_decision()
    cues = cues or load_cues()
    index = index or _default_index()
    model = model if model is not None else load_model()

    cv = cue_votes(cues, text, lambda norm: {"data_size": not_sizes(norm)})
    votes, evidence = cv.votes, cv.evidence
    fact_keys: set[tuple[str, str]] = set()
    for f in extract(text):
        if f.question in dd.questions and f.answer in dd.questions[f.question].answer_ids:
            cv.add(f.question, f.answer, f.weight, f.words, first=True)
            fact_keys.add((f.question, f.answer))

    labelled = votes.get("anomaly_subject", Counter()).get("labelled_cases", 0.0)
    if labelled:  # "past cases are labelled as fraud" says there are labels
        votes.setdefault("labels", Counter())["yes"] += labelled
        evidence.setdefault(("labels", "yes"), []).extend(
            evidence.get(("anomaly_subject", "labelled_cases"), []))
    chosen: dict[str, Suggestion] = {}
    for qid, counter in votes.items():
        # A strict win is needed (see evidence.pick): a tie is left to the readings below.
        chosen_pick = pick(counter, cues.threshold)
        if chosen_pick is not None:
            best = chosen_pick.answer
            ev = cv.words(qid, best)
            chosen[qid] = Suggestion(qid, best, "cue", ev, ev, signal="fact" if
                                     (qid, best) in fact_keys else "cue")

    # Techniques named outright, similarity to use cases, and the learned model.
    hints: dict[str, list[Hint]] = {}
    strength: Counter = Counter()
    named: dict[str, list[str]] = {}
    for tech in named_techniques(cues, text):
        strength[tech.id] += tech.strength
        named.setdefault(tech.id, []).extend(tech.words)
        hints.setdefault(tech.id, []).append(Hint(
            round(tech.strength * cues.technique_bonus, 3),
            f"You mentioned {', '.join(repr(f) for f in tech.words)}, which points to "
            f"{dd.catalog.name(tech.id)}"))
    low = text.lower()
    for hp, ident in _hyperparameter_names(dd.catalog).items():
        if re.search(r"(?<![a-z0-9_])" + re.escape(hp) + r"(?![a-z0-9_])", low):
            strength[ident] += 1.0
            named.setdefault(ident, []).append(hp)
            hints.setdefault(ident, []).append(Hint(
                round(cues.technique_bonus, 3),
                f"You named the hyperparameter '{hp}', which belongs to "
                f"{dd.catalog.name(ident)}"))
    resemblance: dict[str, float] = {}
    closest_use: dict[str, str] = {}
    qvec = index.vector(text, affirmed=True)
    sims = {i: _cos(qvec, v) for i, v in index.items.items()}
    best_sim = max(sims.values(), default=0.0)
    if best_sim > 0.05:
        for ident, s in sorted(sims.items(), key=lambda p: -p[1])[:3]:
            if s < 0.5 * best_sim:
                continue
            uc, _ = max(index.use_cases[ident], key=lambda p: _cos(qvec, p[1]))
            closest_use[ident] = uc
            hints.setdefault(ident, []).append(Hint(
                round(cues.similarity_bonus * s / best_sim, 3),
                f"Your description resembles a typical use: \"{uc}\""))
            resemblance[ident] = s / best_sim
    from sagewise.knowledge.text_model import features

    counts = features(text)
    known = model.known_share(text, counts)
    probs = model.probabilities(text, counts) if known > 0 else {}
    # Understood: a cue, a fact or a named technique, or an affirmed word the engine knows
    # that is not vague ("anything", "help"). Negated words never count.
    understood = bool(cv.votes or strength) or any(
        t not in cues.vague and (t in index.idf or "w:" + t in model.vocab)
        for t in affirmed_tokens(text))
    if not understood:
        return DescribeResult(text, {}, (), {}, confident=False, notes=description_notes(text),
                              understood=False)
    for ident, p in sorted(probs.items(), key=lambda kv: -kv[1])[:4]:
        if p >= 0.05 and ident in dd.catalog:
            hints.setdefault(ident, []).append(Hint(
                round(MODEL_HINT * p, 3),
                f"The text model, trained on descriptions written by others, gives it "
                f"{p:.0%}"))

    _add_implied_task_votes(dd, votes)
    readings = _score_readings(dd, cues, votes, evidence, strength, named, resemblance,
                               closest_use, probs)
    alternative: dict[str, str] = {}
    if readings and readings[0].score > 0:
        _choose_route(dd, chosen, votes, evidence, readings[0])
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
    main_route = {q: a for q, a in answers.items() if dd.questions[q].kind == "route"}
    # The readings, the answered one first; readings that reach the same set count once.
    ordered: list[Reading] = []
    state_set = _set_of(dd, main_route)
    if state_set:
        first = next((r for r in readings if r.candidate_set == state_set), None)
        if first is None or first.answers != main_route:
            base = first.score if first else (readings[0].score if readings else 0.0)
            first = Reading(main_route, state_set, max(base, readings[0].score if readings
                                                       else 0.0),
                            (first.evidence if first else ()) + (
                                Evidence("rule", 0.0, "cross-question rule"),))
        ordered.append(first)
    for r in readings:
        if r.score > 0 and all(r.candidate_set != o.candidate_set for o in ordered):
            ordered.append(r)
    confident, separating = True, None
    if len(ordered) > 1 and ordered[0].score > 0:
        second = ordered[1]
        if second.score >= CLOSE_CALL * ordered[0].score:
            alternative = dict(second.answers)
        if second.score >= CONFIDENT_RATIO * ordered[0].score:
            confident = False
            separating = separating_question(dd, ordered[0].answers, second.answers)
    if alternative:
        for q, a in answers.items():
            question = dd.questions[q]
            if question.kind == "constraint" and ask_if_holds(question, alternative):
                alternative[q] = a
    suggestions = tuple(
        replace(chosen[q], confident=confident or dd.questions[q].kind != "route")
        for q in dd.questions if q in answers)
    return DescribeResult(text, answers, suggestions, hints, alternative, tuple(ordered[:4]),
                          confident, separating, probs, description_notes(text))


def description_notes(text: str) -> tuple[str, ...]:
    """Sizes the text states with an ambiguous comma: named, so the user can rewrite them."""
    from sagewise.knowledge.facts import ambiguous_sizes

    return tuple(f"'{w}' was not read as a data size: a comma is ambiguous (write 1.5 for a "
                 f"decimal, 1,500 for thousands)" for w in ambiguous_sizes(text))


# Hyperparameter names shared by many algorithms (or too generic to name one) say nothing.
GENERIC_HYPERPARAMETERS = frozenset(["learning_rate", "mini_batch_size", "early_stopping_rounds", "early_stopping_patience", "weight_decay", "num_layers", "num_class", "num_classes", "max_depth", "sample_size", "init_method", "image_shape", "multi_label", "beta_1", "beta_2", "optimizer_type"])


_HP_CACHE: dict[int, tuple[Catalog, dict[str, str]]] = {}


def _hyperparameter_names(catalog: Catalog) -> dict[str, str]:
    """Hyperparameter names (with an underscore) that belong to exactly one algorithm."""
    hit = _HP_CACHE.get(id(catalog))
    if hit and hit[0] is catalog:
        return hit[1]
    owners: dict[str, set[str]] = {}
    for a in catalog.algorithms.values():
        for h in (*a.required_hyperparameters, *a.key_hyperparameters):
            for name in h.name.split("/"):
                name = name.strip().lower()
                if "_" in name and name not in GENERIC_HYPERPARAMETERS:
                    owners.setdefault(name, set()).add(a.id)
    names = {n: next(iter(ids)) for n, ids in sorted(owners.items()) if len(ids) == 1}
    _HP_CACHE[id(catalog)] = (catalog, names)
    return names


def _set_of(dd: DecisionData, route_answers: dict[str, str]) -> str:
    qid = dd.root
    while qid in route_answers:
        a = dd.questions[qid].answer(route_answers[qid])
        if a.candidates:
            return a.candidates
        qid = a.next
    return ""


@functools.cache
def _separating_prompts() -> dict[frozenset, str]:
    data = load_toml(resources_dir() / SEPARATING_FILE, SEPARATING_FILE)
    return parse_separating(data, load_decision())


SEPARATING_FILE = "separating.toml"


def parse_separating(data: dict, dd: DecisionData,
                     display: str = SEPARATING_FILE) -> dict[frozenset, str]:
    """Validate separating.toml: each entry names two answers of one route question."""
    top = Table(data, Where(display))
    out: dict[frozenset, str] = {}
    for t in top.tables("pair"):
        q = t.str("question")
        answers = t.str_list("answers")
        if q not in dd.questions:
            raise t.where.at("question").fail(f"unknown question '{q}'")
        if len(answers) != 2 or any(a not in dd.questions[q].answer_ids for a in answers):
            raise t.where.at("answers").fail(f"must name two answers of '{q}'")
        out[frozenset((q, *answers))] = t.str("prompt")
        t.finish()
    top.finish()
    return out


def separating_question(dd: DecisionData, first: dict[str, str],
                        second: dict[str, str]) -> dict | None:
    """The one route question whose answer separates two readings, worded for them."""
    qid = dd.root
    while qid in first and qid in second and first[qid] == second[qid]:
        a = dd.questions[qid].answer(first[qid])
        if not a.next:
            return None
        qid = a.next
    if qid not in first or qid not in second:
        return None
    q = dd.questions[qid]
    a1, a2 = q.answer(first[qid]), q.answer(second[qid])
    prompt = _separating_prompts().get(frozenset((qid, a1.id, a2.id)))
    if prompt is None:
        prompt = f"{a1.label}, or {a2.label[:1].lower() + a2.label[1:]}?"
    return {"id": qid, "prompt": prompt,
            "answers": [{"id": a1.id, "label": a1.label}, {"id": a2.id, "label": a2.label}]}


def _score_readings(dd: DecisionData, cues: CueData, votes: dict[str, Counter],
                    evidence: dict[tuple[str, str], list[str]], strength: Counter,
                    named: dict[str, list[str]], resemblance: dict[str, float],
                    closest_use: dict[str, str], probs: dict[str, float]) -> list[Reading]:
    """Score every route to a candidate set on one scale, each contribution explained.

    A reading's score = the task's cue phrases (capped) + its follow-up answers' data words
    (capped, and relative to the best route of the same task: data-type words choose
    between routes of a task, they do not make the task) + the usual follow-up answer when
    nothing says otherwise (also relative) + the best
    named technique among its candidates + their resemblance to the text + the learned
    model's probability mass on its candidates (each member weighted by its prior relative
    to the set's best).
    """
    root_votes = votes.get(dd.root, Counter())
    out = []
    for sid, plist in route_paths(dd).items():
        members = dd.sets[sid].members
        top_prior = max(w for _, w in members)
        share = {i: w / top_prior for i, w in members}
        for p in plist:
            ev: list[Evidence] = []
            task = p[dd.root]
            tv = min(root_votes.get(task, 0.0), TASK_CAP)
            if tv:
                ev.append(Evidence("cue", tv, "you wrote " + ", ".join(
                    repr(w) for w in evidence.get((dd.root, task), ())[:4])))
            for q, a in p.items():
                if q == dd.root:
                    continue
                v = votes.get(q, Counter()).get(a, 0.0)
                if v:
                    ev.append(Evidence("data", FOLLOW_UP_WEIGHT * min(v, FOLLOW_UP_CAP),
                                       "you wrote " + ", ".join(
                                           repr(w) for w in evidence.get((q, a), ())[:3])))
                elif cues.defaults.get(q) == a and not votes.get(q):
                    ev.append(Evidence("data", DEFAULT_BONUS,
                                       f"the usual answer to '{dd.questions[q].prompt}'"))
            tech = max(((strength.get(i, 0.0) * share[i], i) for i in share), default=(0, ""))
            if tech[0]:
                ev.append(Evidence("technique", TECHNIQUE_WEIGHT * tech[0],
                                   f"you named {', '.join(repr(w) for w in named[tech[1]][:3])}"
                                   f" ({dd.catalog.name(tech[1])})"))
            sim = max(((resemblance.get(i, 0.0) * share[i], i) for i in share), default=(0, ""))
            if sim[0]:
                ev.append(Evidence("similarity", SIMILARITY_WEIGHT * sim[0],
                                   f"resembles \"{closest_use.get(sim[1], '')}\""))
            lab = _label_fit(p, votes.get("labels", Counter()))
            if lab:
                ev.append(Evidence("fact", lab, "labelled examples fit this reading"
                                   if lab > 0 else "no labels: this reading needs them"))
            weighted = [probs.get(i, 0.0) * share[i] for i in share]
            best = max(weighted, default=0.0)
            mass = best + MODEL_REST * (sum(weighted) - best)
            if mass >= 0.01:
                ev.append(Evidence("model", MODEL_WEIGHT * mass,
                                   f"the text model puts {mass:.0%} on {dd.sets[sid].label}"))
            out.append(Reading(dict(p), sid, sum(e.weight for e in ev), tuple(ev)))
    # Data-type words choose between the routes of one task; they must not make the task.
    # So each route's data evidence counts relative to the best route of its task: the
    # best route of every task gains nothing from it, the others lose the difference.
    best_data: dict[str, float] = {}
    for r in out:
        d = sum(e.weight for e in r.evidence if e.signal == "data")
        best_data[r.answers[dd.root]] = max(best_data.get(r.answers[dd.root], 0.0), d)
    relative = []
    for r in out:
        top = best_data[r.answers[dd.root]]
        ev = [e for e in r.evidence if e.signal != "data"]
        d = sum(e.weight for e in r.evidence if e.signal == "data")
        words = "; ".join(e.detail for e in r.evidence if e.signal == "data")
        if words:
            ev.append(Evidence("data", d - top, f"{words} (data words choose between the "
                               f"routes of a task, not the task)"))
        elif top:  # another route of this task has the data words: this one lacks them
            ev.append(Evidence("data", -top, "the data words you wrote fit another route "
                               "of this task better"))
        relative.append(Reading(r.answers, r.candidate_set, sum(e.weight for e in ev),
                                tuple(ev)))
    relative.sort(key=lambda r: -r.score)
    return relative


SUPERVISED = {("task", "classify"), ("task", "regress"), ("anomaly_subject", "labelled_cases")}
UNSUPERVISED = {("task", "cluster"), ("task", "discover_topics"), ("task", "reduce_dimensions"),
                ("anomaly_subject", "measurements"), ("anomaly_subject", "entity_ip")}
LABEL_WEIGHT = 1.0


def _label_fit(path: dict[str, str], label_votes: Counter) -> float:
    """Labelled data supports supervised readings; no labels supports the others."""
    steps = set(path.items())
    yes, no = min(label_votes.get("yes", 0.0), 2.0), min(label_votes.get("no", 0.0), 2.0)
    if steps & SUPERVISED:
        return LABEL_WEIGHT * (yes - no)
    if steps & UNSUPERVISED:
        return LABEL_WEIGHT * (no - yes) * 0.5
    return 0.0


def _choose_route(dd: DecisionData, chosen: dict[str, Suggestion], votes: dict[str, Counter],
                  evidence: dict[tuple[str, str], list[str]], reading: Reading) -> None:
    """Suggest the route answers of the best reading, each with its own evidence."""
    for q in [q for q in chosen if dd.questions[q].kind == "route"]:
        del chosen[q]
    lead = max(reading.evidence, key=lambda e: e.weight, default=None)
    for qid, aid in reading.answers.items():
        if votes.get(qid, Counter()).get(aid, 0.0):
            ev = tuple(dict.fromkeys(evidence.get((qid, aid), ())))
            chosen[qid] = Suggestion(qid, aid, "cue", ev, ev)
        elif lead is not None and lead.signal in ("model", "similarity", "technique"):
            chosen[qid] = Suggestion(qid, aid, "similarity", (lead.detail,),
                                     signal=lead.signal)
        else:
            chosen[qid] = Suggestion(qid, aid, "default",
                                     ("no cue in the text; the most common case",))


def _route_qids(dd: DecisionData, answers: dict[str, str]) -> set[str]:
    qids, qid = set(), dd.root
    while qid in answers:
        qids.add(qid)
        a = dd.questions[qid].answer(answers[qid])
        if not a.next:
            break
        qid = a.next
    return qids


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
