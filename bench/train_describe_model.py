"""Train the describe engine's learned text model and write resources/describe_model.npz.

Usage: python bench/train_describe_model.py [--with-dev] [--eval] [--out PATH]

Training data: the corpus train split (``tests/data/corpus/train.jsonl``), this project's
use-case sentences (``resources/use_cases.toml`` and each card's ``use_cases``) and the
project's scenario files (``tests/data/scenarios_*.json``). ``--with-dev`` adds the dev
split for the final fit. The test split is never read here.

The model is multinomial logistic regression over sublinear TF-IDF word, word-pair and
character n-gram features (see knowledge/text_model.py), fitted with full-batch Adam and an
L2 penalty, numpy only. Targets are soft: the primary expected id gets most of the weight,
the other acceptable ids share the rest. Deterministic: the same inputs give the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.text_model import MODEL_FILE, TextModel, features, weigh

CORPUS = ROOT / "tests" / "data" / "corpus"
MAX_FEATURES = 24_000
MIN_DF = 2
PRIMARY_SHARE = 0.5
L2 = 3e-5
EPOCHS = 220
LR = 0.05


def corpus_rows(split: str) -> list[tuple[str, list[str]]]:
    """(text, expected ids) of one split."""
    path = CORPUS / f"{split}.jsonl"
    return [(r["text"], r["expected"]) for r in
            (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip())]


def own_rows() -> list[tuple[str, list[str]]]:
    """The project's own sentences: use cases and scenario files."""
    rows = []
    uses = tomllib.loads((ROOT / "resources" / "use_cases.toml").read_text("utf-8"))["uses"]
    for ident, sentences in uses.items():
        rows += [(s, [ident]) for s in sentences]
    catalog = load_catalog()
    for ident in catalog.ids:
        rows += [(u, [ident]) for u in catalog.get(ident).use_cases]
    for path in sorted((ROOT / "tests" / "data").glob("scenarios_*.json")):
        for s in json.loads(path.read_text("utf-8")):
            rows.append((s["describe"], list(s["expected"])))
    return rows


def build_vocab(texts: list[str]) -> tuple[dict[str, int], np.ndarray]:
    """Features seen in at least MIN_DF texts (the most frequent MAX_FEATURES) and their IDF."""
    df: Counter = Counter()
    for t in texts:
        df.update(features(t).keys())
    kept = sorted((f for f, c in df.items() if c >= MIN_DF), key=lambda f: (-df[f], f))
    kept = sorted(kept[:MAX_FEATURES])
    n = len(texts)
    idf = np.array([math.log((n + 1) / (df[f] + 1)) + 1.0 for f in kept], dtype=np.float32)
    return {f: i for i, f in enumerate(kept)}, idf


def matrix(texts: list[str], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Dense design matrix (rows l2-normalised)."""
    x = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for i, t in enumerate(texts):
        idx, vals = weigh(features(t), vocab, idf)
        x[i, idx] = vals
    return x


def targets(expected: list[list[str]], classes: list[str]) -> np.ndarray:
    """Soft targets: PRIMARY_SHARE on the first id, the rest spread over the others."""
    pos = {c: i for i, c in enumerate(classes)}
    y = np.zeros((len(expected), len(classes)), dtype=np.float32)
    for i, exp in enumerate(expected):
        ids = [e for e in exp if e in pos]
        if len(ids) == 1:
            y[i, pos[ids[0]]] = 1.0
            continue
        y[i, pos[ids[0]]] = PRIMARY_SHARE
        for e in ids[1:]:
            y[i, pos[e]] += (1 - PRIMARY_SHARE) / (len(ids) - 1)
    return y


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch Adam on weighted cross-entropy + L2."""
    _, d = x.shape
    k = y.shape[1]
    w = np.zeros((d, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    mw, vw, mb, vb = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    sw = weights[:, None] / weights.sum()
    for step in range(1, EPOCHS + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * sw
        gw = x.T @ g + L2 * w
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= LR * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w, b


def train(rows: list[tuple[str, list[str], float]]) -> TextModel:
    """Fit a model on (text, expected ids, sample weight) rows."""
    classes = sorted(load_catalog().ids)
    texts = [t for t, _, _ in rows]
    vocab, idf = build_vocab(texts)
    x = matrix(texts, vocab, idf)
    y = targets([e for _, e, _ in rows], classes)
    sample_w = np.array([w for _, _, w in rows], dtype=np.float32)
    w, b = fit(x, y, sample_w)
    return TextModel(vocab, idf, w.astype(np.float16), b, tuple(classes))


def accuracy(model: TextModel, rows: list[tuple[str, list[str]]]) -> tuple[float, float]:
    """Top-1 / top-3 of the model alone (an expected id first / among three)."""
    t1 = t3 = 0
    for text, exp in rows:
        p = model.probabilities(text)
        ranked = sorted(p, key=lambda c: -p[c])
        t1 += ranked[0] in exp
        t3 += any(c in exp for c in ranked[:3])
    return t1 / len(rows), t3 / len(rows)


def save(model: TextModel, out: Path) -> None:
    """Write the npz the runtime reads."""
    vocab = sorted(model.vocab, key=model.vocab.get)
    blob = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
    # Uncompressed: loading is a copy, not a decompression (start-up budget).
    np.savez(out, vocab_utf8=blob, idf=model.idf.astype(np.float32),
                        weights=model.weights.astype(np.float16),
                        bias=model.bias.astype(np.float32), classes=np.array(model.classes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--with-dev", action="store_true", help="also fit on the dev split")
    ap.add_argument("--eval", action="store_true", help="print the model's own dev accuracy")
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / MODEL_FILE)
    args = ap.parse_args()
    rows = [(t, e, 1.0) for t, e in corpus_rows("train")]
    if args.with_dev:
        rows += [(t, e, 1.0) for t, e in corpus_rows("dev")]
    rows += [(t, e, 0.5) for t, e in own_rows()]
    model = train(rows)
    save(model, args.out)
    size = args.out.stat().st_size
    print(f"{len(rows)} training texts, {len(model.vocab)} features, {len(model.classes)} "
          f"classes -> {args.out} ({size / 1024:.0f} KiB)")
    if args.eval:
        t1, t3 = accuracy(model, corpus_rows("dev"))
        print(f"model alone on dev: top-1 {t1:.1%}, top-3 {t3:.1%}")


if __name__ == "__main__":
    main()
