"""The learned text model: a linear classifier over word and character n-grams.

Trained at build time by ``bench/train_describe_model.py`` (numpy only) on the train split
of the description corpus plus this project's own use-case sentences; the weights ship as
``resources/describe_model.npz`` and are read here with numpy alone. It is one input to
the evidence model in :mod:`knowledge.describe`, not the whole of it: it gives a
probability per catalog id, which the evidence model weighs with cues, named techniques,
similarity and facts.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.text import analyse, words

MODEL_FILE = "describe_model.npz"
CHAR_SIZES = (3, 4, 5)


def features(text: str) -> dict[str, float]:
    """Sparse feature counts: stemmed words (negation marked), word pairs, char n-grams."""
    out: dict[str, float] = {}
    toks = [("not_" + t.stem) if t.negated else t.stem for t in analyse(text)]
    for t in toks:
        key = "w:" + t
        out[key] = out.get(key, 0.0) + 1.0
    for a, b in itertools.pairwise(toks):
        key = f"b:{a} {b}"
        out[key] = out.get(key, 0.0) + 1.0
    for w in words(text):
        padded = f"<{w}>"
        for n in CHAR_SIZES:
            for i in range(len(padded) - n + 1):
                key = "c:" + padded[i:i + n]
                out[key] = out.get(key, 0.0) + 1.0
    return out


def weigh(counts: dict[str, float], vocab: dict[str, int],
          idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Known features as (indices, l2-normalised sublinear TF-IDF values)."""
    idx, vals = [], []
    for f, c in counts.items():
        j = vocab.get(f)
        if j is not None:
            idx.append(j)
            vals.append((1.0 + math.log(c)) * idf[j])
    if not idx:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    v = np.asarray(vals, dtype=np.float32)
    v /= float(np.linalg.norm(v)) or 1.0
    return np.asarray(idx, dtype=np.int64), v


@dataclass(frozen=True)
class TextModel:
    """Vocabulary, IDF, weights (features x classes), biases and class ids."""

    vocab: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]

    def logits(self, text: str, counts: dict[str, float] | None = None) -> np.ndarray:
        """Raw class scores for ``text`` (``counts``: its features, if already computed)."""
        idx, vals = weigh(features(text) if counts is None else counts, self.vocab, self.idf)
        out = self.bias.astype(np.float32).copy()
        if len(idx):
            out += vals @ self.weights[idx].astype(np.float32)
        return out

    def probabilities(self, text: str, counts: dict[str, float] | None = None
                      ) -> dict[str, float]:
        """Softmax probability per catalog id."""
        z = self.logits(text, counts)
        z = np.exp(z - z.max())
        z /= z.sum()
        return {c: float(p) for c, p in zip(self.classes, z)}

    def known_share(self, text: str, counts: dict[str, float] | None = None) -> float:
        """Share of the text's word features the model has seen (0 for gibberish)."""
        fs = [f for f in (features(text) if counts is None else counts) if f.startswith("w:")]
        return sum(f in self.vocab for f in fs) / len(fs) if fs else 0.0


def load_model_from(path: Path) -> TextModel:
    """Read a model file; a missing or malformed file is a clear error."""
    try:
        with np.load(path, allow_pickle=False) as z:
            # One UTF-8 blob, one feature a line: far faster to read than a string array.
            vocab_list = z["vocab_utf8"].tobytes().decode("utf-8").split("\n")
            idf, w, b = z["idf"], z["weights"], z["bias"]
            classes = tuple(str(s) for s in z["classes"])
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: the learned model file is missing; run "
                             "bench/train_describe_model.py") from None
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path.name}: not a valid model file ({exc})") from None
    if w.shape != (len(vocab_list), len(classes)) or idf.shape != (len(vocab_list),) \
            or b.shape != (len(classes),):
        raise KnowledgeError(f"{path.name}: array shapes do not agree (weights {w.shape}, "
                             f"{len(vocab_list)} features, {len(classes)} classes)")
    # float16 inf/NaN have every exponent bit set: an integer test, no float conversion.
    bad_w = bool(((w.view(np.uint16) & 0x7C00) == 0x7C00).any()) if w.dtype == np.float16 \
        else not np.isfinite(w).all()
    if bad_w or not (np.isfinite(idf).all() and np.isfinite(b).all()):
        raise KnowledgeError(f"{path.name}: contains non-finite numbers")
    vocab = {f: i for i, f in enumerate(vocab_list)}
    return TextModel(vocab, idf.astype(np.float32), w, b.astype(np.float32), classes)


@functools.cache
def load_model() -> TextModel:
    """The shipped model (cached)."""
    return load_model_from(resources_dir() / MODEL_FILE)
