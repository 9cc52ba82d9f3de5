"""Pipeline accuracy on held-out scenarios: the right choice per (scenario, area) pair.

    python bench/pipeline_accuracy.py [tests/data/pipeline_heldout.jsonl]

Each line: {"id", "text", "expected": {area: [acceptable choice ids]}}. The scenarios were
written by someone who never saw the engine, and were not read while it was tuned; the
figure is the share of (scenario, area) pairs whose decided choice is acceptable. The
reference is the goal of issue 13: 19 in 22 (86%).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sagewise.knowledge.pipeline.data import AREAS
from sagewise.knowledge.pipeline.describe import decide_description

GOAL = 19 / 22


def evaluate(path: Path) -> tuple[Counter, Counter, list[str]]:
    """(right per area, total per area, misses)."""
    right, total, misses = Counter(), Counter(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        s = json.loads(line)
        _, plan = decide_description(s["text"])
        for area, ids in s["expected"].items():
            if area not in AREAS:
                continue
            total[area] += 1
            got = plan.choices[area]
            if got in ids:
                right[area] += 1
            else:
                misses.append(f"{s['id']} {area}: decided {got}, expected {', '.join(ids)}")
    return right, total, misses


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        ROOT / "tests" / "data" / "pipeline_heldout.jsonl"
    right, total, misses = evaluate(path)
    print(f"{'area':16} {'right':>5} / {'pairs':<5}")
    for area in AREAS:
        if total[area]:
            print(f"{area:16} {right[area]:>5} / {total[area]:<5} {right[area] / total[area]:.0%}")
    r, t = sum(right.values()), sum(total.values())
    print(f"{'all':16} {r:>5} / {t:<5} {r / t:.1%}  (goal {GOAL:.1%}: "
          f"{'met' if r / t >= GOAL else 'not met'})")
    for m in misses:
        print(f"  miss: {m}")


if __name__ == "__main__":
    main()
