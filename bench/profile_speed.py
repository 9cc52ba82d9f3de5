"""Profile a 1 GB CSV: time and peak memory against pandas.read_csv(engine="pyarrow").

Usage: python bench/profile_speed.py [--size-mb 1024] [--keep] [--repeat 1]

Writes a synthetic CSV of about the requested size (an id, floats with skew and gaps,
integers, a few and many categories, short free text, timestamps, a 1% target), then runs,
each in a fresh subprocess so peak memory is its own:
  - SageWise's profile (``profile_file``: one streaming pass, sketches and a sample);
  - the reference: ``pandas.read_csv(path, engine="pyarrow")`` of the same file (only
    reading it, no statistics).
Prints wall time and peak resident memory (MiB) of each and the ratios.
Goal from issue 12: time ratio <= 2, SageWise peak < 400 MiB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
if {which!r} == "sagewise":
    from sagewise.knowledge.data.profile import profile_file
    p = profile_file({path!r})
    rows = p.rows
else:
    import pandas as pd
    rows = len(pd.read_csv({path!r}, engine="pyarrow"))
elapsed = time.perf_counter() - t
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mib": peak_kib / 1024, "rows": rows}}))
"""


def write_csv(path: Path, size_mb: int) -> None:
    """About ``size_mb`` MB of mixed columns, written chunk by chunk with pyarrow."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(0)
    words = np.array(["late", "delivery", "refund", "broken", "screen", "great", "service", "slow", "app", "crash", "login", "password", "invoice", "wrong", "charge", "thanks", "helpful", "agent", "battery"])
    cities = np.array([f"city_{i:03d}" for i in range(300)])
    plans = np.array(["basic", "plus", "pro", "team"])
    n = 200_000
    start = 0
    with pacsv.CSVWriter(str(path), pa.schema([
            ("order_id", pa.int64()), ("amount", pa.float64()), ("age", pa.float64()),
            ("items", pa.int64()), ("plan", pa.string()), ("city", pa.string()),
            ("note", pa.string()), ("created", pa.string()), ("fraud", pa.int64())])) as w:
        while path.stat().st_size < size_mb * 1e6:
            amount = rng.lognormal(3, 1.2, n).round(2)
            age = rng.normal(40, 12, n).round(1)
            age_mask = rng.random(n) < 0.1
            note = [" ".join(words[rng.integers(0, len(words), 4)]) for _ in range(n)]
            created = (np.datetime64("2023-01-01T00:00:00")
                       + np.arange(start, start + n).astype("timedelta64[s]") * 7)
            batch = pa.record_batch([
                pa.array(np.arange(start, start + n)), pa.array(amount),
                pa.array(age, mask=age_mask), pa.array(rng.integers(0, 20, n)),
                pa.array(plans[rng.integers(0, 4, n)]), pa.array(cities[rng.integers(0, 300, n)]),
                pa.array(note), pa.array(np.datetime_as_string(created)),
                pa.array((rng.random(n) < 0.01).astype(np.int64))],
                names=["order_id", "amount", "age", "items", "plan", "city", "note",
                       "created", "fraud"])
            w.write_batch(batch)
            start += n


def run(which: str, path: Path) -> dict:
    code = CHILD.format(root=str(ROOT), which=which, path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--file", help="use this CSV instead of generating one")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs each (noisy machine)")
    args = ap.parse_args()
    tmp = None
    if args.file:
        path = Path(args.file)
    else:
        folder = Path(tempfile.mkdtemp(prefix="sagewise-profile-bench-"))
        tmp = folder
        path = folder / "bench.csv"
        t = time.perf_counter()
        write_csv(path, args.size_mb)
        print(f"generated {path.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t:.0f} s")
    try:
        best: dict = {}
        for _ in range(args.repeat):
            for which in ("pandas", "sagewise"):   # interleaved: both see the same load
                r = run(which, path)
                if which not in best or r["seconds"] < best[which]["seconds"]:
                    best[which] = r
        size = path.stat().st_size / 1e6
        for which, label in (("pandas", 'pandas.read_csv(engine="pyarrow")'),
                             ("sagewise", "SageWise profile_file")):
            r = best[which]
            print(f"{label:<36} {r['seconds']:7.1f} s  {size / r['seconds']:7.0f} MB/s  "
                  f"peak {r['peak_mib']:7.0f} MiB  rows {r['rows']:,}")
        ratio = best["sagewise"]["seconds"] / best["pandas"]["seconds"]
        mem = best["sagewise"]["peak_mib"] / best["pandas"]["peak_mib"]
        print(f"time ratio (SageWise / pandas): {ratio:.2f}  (goal <= 2.0)")
        print(f"peak memory ratio: {mem:.2f}; SageWise peak {best['sagewise']['peak_mib']:.0f} "
              "MiB (goal < 400)")
    finally:
        if tmp is not None and not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            print(f"kept {path}")


if __name__ == "__main__":
    main()
