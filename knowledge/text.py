"""Words of a description as the engine sees them: normalised, stemmed, synonyms folded.

One tokeniser serves the similarity index, the learned model and the bag-of-words cues, so
"images", "imaging" and "photos" are the same word everywhere. Stemming is the Snowball
English stemmer (``PyStemmer``, the Snowball project's C build: it imports in about a
millisecond, where the pure-Python package loads every language). British spellings (-ise)
are folded to American (-ize) first so "summarise" and "summarize" meet. Every token
remembers the words the user wrote, so evidence can quote them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import Stemmer
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

SYNONYMS_FILE = "synonyms.toml"

STOP = frozenset(["a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "from", "by", "as", "at", "is", "are", "be", "been", "being", "it", "its", "this", "that", "these", "those", "we", "our", "us", "you", "your", "they", "their", "them", "can", "could", "will", "would", "should", "into", "over", "than", "then", "so", "such", "each", "every", "per", "via", "using", "use", "used", "based", "e", "g", "i", "me", "my", "not", "no", "all", "any", "one", "more", "most", "very", "has", "have", "had", "do", "does", "did", "was", "were", "which", "who", "whom", "what", "when", "where", "how", "also", "just", "only", "some", "other", "about", "there", "here", "if", "but", "while", "because", "up", "out"])

NEGATION = frozenset(["no", "not", "without", "never", "lack", "lacks", "lacking", "none", "nor", "non", "cannot", "dont", "doesnt", "isnt", "arent", "wont"])

_WORD = re.compile(r"__label__\w*|[a-z0-9]+(?:\.[0-9]+)?")
_WORD_OR_STOP = re.compile(r"__label__\w*|[a-z0-9]+(?:\.[0-9]+)?|[.;:!?,()]")
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")


def normalise(text: str) -> str:
    """Lower-case, hyphens/slashes/punctuation runs as spaces (keeps __label__)."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"(\w)'(\w)", r"\1\2", text)  # customer's -> customers, don't -> dont
    text = re.sub(r"[-/\u2010-\u2015]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_stemmer = Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of one lower-case word, British -ise spellings folded first."""
    if word.startswith("__label__") or word[:1].isdigit():
        return word
    return _stemmer.stemWord(_BRITISH.sub(r"iz\1", word))


@dataclass(frozen=True)
class Synonyms:
    """Word or phrase -> canonical word (both lower-case, unstemmed)."""

    single: dict[str, str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # longest first


def parse_synonyms(data: dict, display: str = SYNONYMS_FILE) -> Synonyms:
    """Validate the table: every entry a list of words, no word claimed twice."""
    top = Table(data, Where(display))
    words = top.table("words")
    single: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for canon in list(words.data):
        variants = words.str_list(canon)
        for i, v in enumerate(variants):
            norm = tuple(normalise(v).split())
            if not norm:
                raise words.where.at(canon).item(i).fail("is empty")
            seen = single.get(norm[0]) if len(norm) == 1 else phrases.get(norm)
            if seen is not None and seen != canon:
                raise words.where.at(canon).item(i).fail(f"'{v}' is already a synonym of "
                                                         f"'{seen}'")
            if len(norm) == 1:
                single[norm[0]] = canon
            else:
                phrases[norm] = canon
    words.finish()
    top.finish()
    ordered = tuple(sorted(phrases.items(), key=lambda p: -len(p[0])))
    return Synonyms(single, ordered)


def load_synonyms_from(root: Path) -> Synonyms:
    """Load synonyms.toml from a resources folder."""
    return parse_synonyms(load_toml(root / SYNONYMS_FILE, SYNONYMS_FILE))


@functools.cache
def load_synonyms() -> Synonyms:
    """The shipped synonym table (cached)."""
    return load_synonyms_from(resources_dir())


@dataclass(frozen=True)
class Token:
    """One word as the engine sees it, with the user's own words behind it."""

    stem: str
    surface: str
    negated: bool = False


def words(text: str) -> list[str]:
    """Normalised words (no stemming), in order."""
    return _WORD.findall(normalise(text))


def analyse(text: str, synonyms: Synonyms | None = None) -> list[Token]:
    """Tokens in order: synonyms folded, stop words dropped, stemmed, negation marked.

    A token is negated when one of the three words before it is a negation word ("no
    labels", "without a GPU").
    """
    if synonyms is None:
        return list(_analyse_default(text))
    return _analyse(text, synonyms)


@functools.lru_cache(maxsize=64)
def _analyse_default(text: str) -> tuple[Token, ...]:
    """The shipped table's tokens (cached: one description is analysed by several signals)."""
    return tuple(_analyse(text, load_synonyms()))


def _analyse(text: str, syn: Synonyms) -> list[Token]:
    ws = _WORD_OR_STOP.findall(normalise(text))
    out: list[Token] = []
    neg_left = 0
    i = 0
    while i < len(ws):
        w = ws[i]
        if not w[0].isalnum() and not w.startswith("_"):
            neg_left = 0  # a clause ends: the negation does not reach past it
            i += 1
            continue
        if w in NEGATION:
            neg_left = 3
            i += 1
            continue
        canon, span = None, 1
        for phrase, c in syn.phrases:
            if tuple(ws[i:i + len(phrase)]) == phrase:
                canon, span = c, len(phrase)
                break
        if canon is None:
            canon = syn.single.get(w, w)
        surface = " ".join(ws[i:i + span])
        i += span
        if canon in STOP:
            # "no fraud or images": a negation reaches over "or"/"nor" to the next word.
            neg_left = neg_left if canon in ("or", "nor") else max(0, neg_left - 1)
            continue
        out.append(Token(stem(canon), surface, neg_left > 0))
        neg_left = max(0, neg_left - 1)
    return out


def tokens(text: str) -> list[str]:
    """Stems without stop words (negated words keep a ``not_`` prefix)."""
    return [("not_" + t.stem) if t.negated else t.stem for t in analyse(text)]


def plain_tokens(text: str) -> list[str]:
    """Stems without stop words, negation ignored (for similarity)."""
    return [t.stem for t in analyse(text)]


def affirmed_tokens(text: str) -> list[str]:
    """Stems the text affirms: negated words ("no images", "don't predict") left out."""
    return [t.stem for t in analyse(text) if not t.negated]
