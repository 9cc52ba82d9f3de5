"""Describe-your-problem accuracy on a held-out corpus, and its speed.

Usage: python bench/describe_accuracy.py [--split dev|test|train] [--corpus DIR] [--misses]

The corpus (``tests/data/corpus/{train,dev,test}.jsonl``) was written by someone who never
read this project's code: one JSON object a line, ``{"id", "text", "expected": [ids, primary
first], "kind"}``. The learned model is trained on ``train`` only; cues and weights are tuned
on ``train`` and ``dev``; ``test`` is measured, never read while tuning.

Prints, per source kind and overall:
  - top-1: the first recommendation is one of the expected ids;
  - primary: the first recommendation is the expected primary id;
  - top-3: one of the expected ids is among the first three;
then a confusion table by route (the task of the expected id's home route -> the task the
engine chose), then speed: median and 95th-percentile recommendation latency per description
against the 16 ms frame budget, and the cold cost of loading the learned model against the
50 ms start-up budget.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAME_MS = 16.0
STARTUP_BUDGET_MS = 50.0


def read_split(folder: Path, split: str) -> list[dict]:
    """The lines of one split (a missing file is an error, not an empty result)."""
    path = folder / f"{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return rows


def home_task(dd, ident: str) -> str:
    """The task whose candidate set ranks ``ident`` highest (relative to the set's best)."""
    from sagewise.knowledge.decision import route_paths

    best, task = -1.0, "?"
    for sid, paths in route_paths(dd).items():
        members = dict(dd.sets[sid].members)
        if ident in members:
            share = members[ident] / max(members.values())
            if share > best:
                best, task = share, paths[0][dd.root]
    return task


def evaluate(rows: list[dict], show_misses: bool) -> dict:
    """Rank every description; return the per-kind counts, confusion and latencies."""
    from sagewise.knowledge.decision import load_decision
    from sagewise.knowledge.recommend import recommend_description

    dd = load_decision()
    recommend_description("warm-up: classify rows of a table")
    per_kind: dict[str, Counter] = defaultdict(Counter)
    confusion: dict[str, Counter] = defaultdict(Counter)
    latencies = []
    misses = []
    for r in rows:
        t = time.perf_counter()
        d, rec = recommend_description(r["text"])
        latencies.append((time.perf_counter() - t) * 1000)
        ranked = [s.id for s in rec.ranked]
        exp = r["expected"]
        for key in (r["kind"], "ALL"):
            c = per_kind[key]
            c["n"] += 1
            c["top1"] += bool(ranked) and ranked[0] in exp
            c["primary"] += bool(ranked) and ranked[0] == exp[0]
            c["top3"] += any(x in exp for x in ranked[:3])
        confusion[home_task(dd, exp[0])][d.answers.get(dd.root, "(none)")] += 1
        if show_misses and not (ranked and ranked[0] in exp):
            misses.append((r["id"], exp[:3], ranked[:3], r["text"][:150]))
    return {"per_kind": per_kind, "confusion": confusion, "latencies": latencies,
            "misses": misses}


REFERENCE_CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, {root!r})
from sagewise.knowledge.recommend import recommend_description
texts = json.loads(sys.stdin.read())
recommend_description("warm-up: classify rows of a table")
lat = []
for t in texts:
    s = time.perf_counter()
    recommend_description(t)
    lat.append((time.perf_counter() - s) * 1000)
print(statistics.median(lat))
"""


def reference_median_ms(root: Path, texts: list[str]) -> float:
    """Median latency of another checkout's engine on the same texts (a fresh process)."""
    out = subprocess.run([sys.executable, "-c", REFERENCE_CHILD.format(root=str(root))],
                         input=json.dumps(texts), capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def model_load_ms() -> float:
    """Cold cost of loading the learned model, in a fresh interpreter (best of 5)."""
    child = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); import numpy; "
             "t = time.perf_counter(); from knowledge.text_model import load_model; "
             "load_model(); print((time.perf_counter() - t) * 1000)")
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                             check=True)
        runs.append(float(out.stdout.strip()))
    return min(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "corpus")
    ap.add_argument("--misses", action="store_true", help="list the descriptions missed "
                    "(never use with --split test while tuning)")
    ap.add_argument("--no-speed", action="store_true", help="skip the start-up measurement")
    ap.add_argument("--reference", type=Path, help="a checkout of the engine to compare speed "
                    "with (e.g. `git archive 62f6cc4 | tar -x -C /tmp/before`)")
    args = ap.parse_args()
    rows = read_split(args.corpus, args.split)
    res = evaluate(rows, args.misses)
    print(f"split: {args.split} ({len(rows)} descriptions, {args.corpus})")
    print(f"{'kind':<16}{'n':>5}{'top-1':>9}{'primary':>9}{'top-3':>9}")
    kinds = sorted(k for k in res["per_kind"] if k != "ALL") + ["ALL"]
    for k in kinds:
        c = res["per_kind"][k]
        n = c["n"]
        print(f"{k:<16}{n:>5}{c['top1'] / n:>9.1%}{c['primary'] / n:>9.1%}{c['top3'] / n:>9.1%}")
    print("\nconfusion by route (rows: the expected id's home task; columns: the task chosen)")
    conf = res["confusion"]
    for exp_task in sorted(conf):
        row = conf[exp_task]
        total = sum(row.values())
        cells = ", ".join(f"{t} {n}" for t, n in row.most_common())
        print(f"  {exp_task:<18} ({total:>3}) -> {cells}")
    if res["misses"]:
        print("\nmisses (id, expected, ranked top 3, text):")
        for m in res["misses"]:
            print("  ", m)
    lat = sorted(res["latencies"])
    med = statistics.median(lat)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(f"\nlatency per description: median {med:.2f} ms = {med / FRAME_MS:.2f} x the 16 ms "
          f"frame; 95th percentile {p95:.2f} ms (load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores)")
    if args.reference:
        ref = reference_median_ms(args.reference, [r["text"] for r in rows])
        print(f"reference engine ({args.reference}) median {ref:.2f} ms: this engine takes "
              f"{med / ref:.2f} x as long")
    if not args.no_speed:
        load = model_load_ms()
        print(f"learned model cold load: {load:.1f} ms = {load / STARTUP_BUDGET_MS:.2f} x the "
              f"50 ms start-up budget")


if __name__ == "__main__":
    main()
