"""Facts stated in a description -> constraint answers, with the words that justify them.

"2,000 stores, 5 years of daily sales", "0.5% of transactions are fraud", "millions of
one-hot columns", "scored nightly": numbers and entities that answer the wizard's
constraint questions outright. Each fact quotes the user's own words (original case) so
the wizard can show why it suggests the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number as people write it: commas only group thousands ("1,500"), decimals take a point.
# "1,5" (a decimal comma, or a list) is ambiguous: no part of it is read as a number.
_PLAIN = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*,\d)"
_NUM = _PLAIN + r"\s*(k|m|mm|bn|b|thousand|million|billion|hundred)?\b"
_AMBIGUOUS = re.compile(r"(?<![\d.,])\d+(?:,\d+)+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_UNITS = r"(?:gb|gib|gigabytes?|tb|tib|terabytes?|pb|petabytes?|mb|megabytes?)"
# A rate ("2,000 records per second", "50 GB a day", "10k events/s") says how fast data
# arrives, and a ratio ("50 rows per customer") how it is spread, not how much there is to
# train on: neither decides the data size.
_TIME = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_RATE = re.compile(
    r"(?:(?<![\d.,])\d[\d,.]*\s*(?:k|m|mm|bn|b|thousand|million|billion|hundred)?|"
    r"\b(?:tens of |hundreds of )?(?:thousands|millions|billions) of|\ba few (?:hundred|thousand))"
    r"\s*(?:[a-z]+\s+){0,3}?(?:(?:a|an|each|every)\s+" + _TIME + r"\b|per\s+[a-z]+|[a-z]*\s*/\s*(?:s|sec|"
    r"second|min|minute|h|hr|hour|day)\b|[a-z]+ (?:s|sec|min|hr)\b)")  # "/s" normalised: " s"
_SCALE = {"k": 1e3, "thousand": 1e3, "hundred": 1e2, "m": 1e6, "mm": 1e6, "million": 1e6,
          "b": 1e9, "bn": 1e9, "billion": 1e9}
_WORDS = {"a few hundred": 300, "hundreds of": 300, "a few thousand": 3000, "thousands of": 3e3,
          "tens of thousands of": 3e4, "hundreds of thousands of": 3e5, "millions of": 3e6,
          "tens of millions of": 3e7, "hundreds of millions of": 3e8, "billions of": 3e9}
ROWS = r"(?:rows|records|examples|samples|transactions|observations|entries|events|" \
       r"customers|users|images|photos|pictures|documents|reviews|emails|tickets|claims|" \
       r"orders|impressions|clicks|sessions|patients|accounts|lines|labell?ed \w+)"
SERIES = r"(?:stores|products|skus|items|series|sensors|meters|sites|locations|shops|" \
         r"warehouses|regions|buildings|machines|devices|households|branches|routes|outlets)"
# Things counted that are not examples: a fleet of devices is not a dataset size.
_DEVICES = SERIES[:-1] + r"|turbines|vehicles|cars|trucks|cameras|phones|pumps|engines|" \
    r"robots|drones|servers|hosts|gateways)"
LANGS = ["english", "spanish", "french", "german", "italian", "portuguese", "japanese", "chinese", "mandarin", "korean", "arabic", "hindi", "dutch", "russian", "turkish", "polish", "swedish", "vietnamese", "thai", "indonesian"]


@dataclass(frozen=True)
class Fact:
    """One constraint answer justified by the user's words."""

    question: str
    answer: str
    words: str
    weight: float = 2.0


def not_sizes(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (any case) that must not decide a data size: rates, ambiguous numbers.

    The describer also keeps size cue words inside these spans from voting.
    """
    low = text.lower()
    spans = [m.span() for m in _RATE.finditer(low)]
    spans += [m.span() for m in _AMBIGUOUS.finditer(low) if not _GROUPED.fullmatch(m.group())]
    return spans


def ambiguous_sizes(text: str) -> list[str]:
    """The user's words where a size was written with an ambiguous comma ("1,5 GB")."""
    low = text.lower()
    out = []
    for m in _AMBIGUOUS.finditer(low):
        if _GROUPED.fullmatch(m.group()):
            continue
        tail = re.match(r"\s*(?:" + _UNITS + r"|(?:k|m|thousand|million|billion)?\s*(?:\w+\s+)"
                        r"{0,2}?" + ROWS + r")\b", low[m.end():])
        if tail:
            out.append(re.sub(r"\s+", " ", text[m.start():m.end() + tail.end()]).strip())
    return out


_NEGATED = re.compile(r"\b(?:no|not|without|never|dont|don't|doesn't|doesnt|isn't|isnt|aren't|"
                      r"arent|won't|wont|cannot|can't|cant|nor|neither|rather than|instead of)"
                      r"\W+(?:[\w']+\W+){0,3}$")


_BOUND = re.compile(r"\b(?:no|not) (?:more|less|fewer|over|under|even|above|below|much|"
                    r"many)\b")


def _negated(low: str, start: int) -> bool:
    """Whether a negation word comes within three words before ``start``, in its clause
    ("not in real time", "we don't have GPUs"): a negated mention states no fact."""
    before = low[max(0, start - 50):start]
    before = re.split(r"[.;:!?,()]", before)[-1]
    before = _BOUND.sub(" ", before)  # "no more than 2 GB" bounds a number, it does not negate
    return bool(_NEGATED.search(" " + before))


def _first(pattern: str, low: str) -> re.Match | None:
    """The first match of ``pattern`` that is not negated."""
    return next((m for m in re.finditer(pattern, low) if not _negated(low, m.start())), None)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _number(raw: str, scale: str | None) -> float | None:
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None
    return value * _SCALE.get((scale or "").lower(), 1.0)


def _quote(text: str, m: re.Match) -> str:
    return re.sub(r"\s+", " ", text[m.start():m.end()]).strip(" ,.;:")


def extract(text: str) -> list[Fact]:
    """Every fact found in ``text`` (original text, any case)."""
    facts: list[Fact] = []
    low = text.lower()

    # Data size: "3 million rows", "20k images", "500 GB", "2 TB"; never a rate ("2,000
    # records per second"), a count of devices ("10k sensors sending events") or an
    # ambiguous number ("1,5 GB").
    skip = not_sizes(text)
    for m in re.finditer(_NUM + r"\s*(?:(?!" + _DEVICES + r"\b)\w+\s+){0,2}?" + ROWS + r"\b",
                         low):
        n = _number(m.group(1), m.group(2))
        if n is None or _inside(m.span(), skip) or _negated(low, m.start()):
            continue
        if n >= 5e6:
            facts.append(Fact("data_size", "large", _quote(text, m)))
        elif n < 10_000:
            facts.append(Fact("data_size", "small", _quote(text, m), 1.2))
        else:
            facts.append(Fact("data_size", "medium", _quote(text, m), 1.2))
    for m in re.finditer(_PLAIN + r"\s*(" + _UNITS + r")\b", low):
        n = _number(m.group(1), None)
        if n is None or _inside(m.span(), skip) or _negated(low, m.start()):
            continue
        unit = m.group(2)
        gb = n * (1000 if unit[0] == "t" else 1e6 if unit[0] == "p" else
                  0.001 if unit[0] == "m" else 1)
        answer = "large" if gb >= 10 else "medium" if gb >= 1 else "small"
        facts.append(Fact("data_size", answer, _quote(text, m)))
    for phrase, n in _WORDS.items():
        m = re.search(r"\b" + phrase + r"\s+(?:(?!" + _DEVICES + r"\b)\w+\s+){0,2}?" + ROWS
                      + r"\b", low)
        if m and n >= 3e6 and not _inside(m.span(), skip) and not _negated(low, m.start()):
            facts.append(Fact("data_size", "large", _quote(text, m), 1.2))

    # Series count: "2,000 stores", "thousands of products", "a single store".
    for m in re.finditer(_NUM + r"\s+(?:\w+\s+)?" + SERIES + r"\b", low):
        n = _number(m.group(1), m.group(2))
        if n is not None and n >= 50 and not _negated(low, m.start()):
            facts.append(Fact("series_count", "many", _quote(text, m), 1.0))
    m = _first(r"\b(?:one|a single|single|just one)\s+(?:\w+\s+)?(?:store|product|sku|"
                  r"series|sensor|meter|site|item|location|building)\b", low)
    if m:
        facts.append(Fact("series_count", "one", _quote(text, m), 1.0))

    # Class balance: "0.5% of transactions are fraud", "1 in 1,000", "fraud is 2%".
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(?:%|percent)", low):
        pct = float(m.group(1))
        window = low[max(0, m.start() - 60):m.end() + 60]
        if pct <= 10 and re.search(r"fraud|positive|minority|rare|default|churn|defect|"
                                   r"fail|spam|anomal|click|convert|class|label|cases|only",
                                   window):
            facts.append(Fact("class_balance", "imbalanced", _quote(text, m)))
    for m in re.finditer(r"\b(?:1|one) (?:in|out of) (?:every )?(\d[\d,]*|a thousand|a hundred|"
                         r"ten thousand|thousand|hundred)\b", low):
        facts.append(Fact("class_balance", "imbalanced", _quote(text, m)))

    # Sparsity: millions of columns, one-hot, mostly zeros.
    m = _first(r"(millions|hundreds of thousands|tens of thousands) of (?:\w+ )?(?:columns|"
                  r"features|dimensions)|one[ -]hot|mostly zeros|very sparse|\bsparse\b", low)
    if m:
        facts.append(Fact("sparse", "yes", _quote(text, m), 1.5))

    # Inference: real time vs nightly.
    m = _first(r"real[ -]?time|in milliseconds|\b\d+\s*ms\b|low[ -]latency|online "
                  r"(?:scoring|inference|predictions)|as (?:each|every|the) \w+ (?:arrives|"
                  r"comes in|happens)|at checkout|while the (?:customer|user) waits", low)
    if m:
        facts.append(Fact("inference", "real_time", _quote(text, m), 1.5))
    m = _first(r"\bnightly\b|overnight|once a (?:day|week|month)|every (?:night|morning|"
                  r"weekend|sunday|monday)|\bbatch(?:es)? (?:job|scoring|predictions|"
                  r"inference|transform)|\bin batch", low)
    if m:
        facts.append(Fact("inference", "batch", _quote(text, m), 1.5))

    # GPU availability.
    m = re.search(r"(?:no|without|cannot use|can't use|cant use|not allowed) (?:\w+ )?gpus?|"
                  r"cpu[ -]only|only cpus?", low)
    if m:
        facts.append(Fact("gpu", "no", _quote(text, m)))
    elif (m := _first(r"(?:have|has|with|using|use|on|available) (?:\w+ ){0,2}gpus?\b|"
                         r"gpus? (?:are |is )?available|\bp3\b|\bp4d?\b|\bg5\b|\bg4dn\b", low)):
        facts.append(Fact("gpu", "yes", _quote(text, m), 1.2))

    # Labels.
    m = re.search(r"\b(?:no|without|none of the|lack|nothing is|isn't|is not|aren't|are not|"
                  r"never been|unlabell?ed)\s*(?:\w+ ){0,2}?(?:labels?|labell?ed|tagged|"
                  r"annotated|ground truth)\b|\bunlabell?ed\b", low)
    if m:
        facts.append(Fact("labels", "no", _quote(text, m)))

    # Languages named: a translation between two named languages.
    named = [lang for lang in LANGS if re.search(r"\b" + lang + r"\b", low)]
    if len(named) >= 2 and re.search(r"\b(?:from|into|to|between)\b", low):
        m = _first(r"\b(" + "|".join(named) + r")\b.*?\b(" + "|".join(named) + r")\b", low)
        if m:
            facts.append(Fact("text_transform", "translate", _quote(text, m), 1.0))

    # Images vs video: video counts as images for classify_data (frames).
    m = _first(r"\b(?:video|footage|frames?|cctv|camera feeds?)\b", low)
    if m:
        facts.append(Fact("classify_data", "image", _quote(text, m), 0.6))
    return facts
