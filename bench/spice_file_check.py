"""SPICE file check on a large CSV: bounded memory, compared with plain pandas.read_csv.

Usage: python bench/spice_file_check.py [--size-mb 1024] [--keep]

Writes a synthetic CSV (numbers, short and long text) of about the requested size, then
measures, each in a fresh subprocess so peak memory is its own:
  - SageWise's chunked measure_file (what the SPICE "Check a file" button runs);
  - pandas.read_csv of the whole file (the reference: what a naive check would do).
Prints wall time, throughput (MB/s) and peak resident memory (MiB), and the ratios.
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
    from sagewise.knowledge.sizing.spice_file import measure_file
    m = measure_file({path!r})
    rows = m.rows
else:
    import pandas as pd
    rows = len(pd.read_csv({path!r}))
elapsed = time.perf_counter() - t
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mib": peak_kib / 1024, "rows": rows}}))
"""


def _sentences(rng, words, n: int):
    import pandas as pd

    out = pd.Series(rng.choice(words, n))
    for _ in range(5):
        out = out + " " + pd.Series(rng.choice(words, n))
    return out


def write_csv(path: Path, size_mb: int) -> None:
    """A CSV of roughly size_mb megabytes, written in blocks (never all in memory)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    words = np.array(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"])
    block = 200_000
    written = 0
    first = True
    while written < size_mb * 1_000_000:
        frame = pd.DataFrame({
            "id": np.arange(block) + written,
            "amount": rng.normal(100, 30, block).round(2),
            "category": rng.choice(words, block),
            "comment": _sentences(rng, words, block),
            "ts": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 10**6, block),
                                                              unit="s"),
        })
        frame.to_csv(path, mode="w" if first else "a", header=first, index=False)
        first = False
        written = path.stat().st_size


def run(which: str, path: Path) -> dict:
    code = CHILD.format(root=str(ROOT), which=which, path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sagewise-bench-"))
    path = folder / "spice_bench.csv"
    t = time.perf_counter()
    write_csv(path, args.size_mb)
    mb = path.stat().st_size / 1e6
    print(f"file: {path} ({mb:,.0f} MB, written in {time.perf_counter() - t:.0f} s)")
    results = {w: run(w, path) for w in ("sagewise", "pandas")}
    for name, r in results.items():
        print(f"{name:>9}: {r['seconds']:7.1f} s  {mb / r['seconds']:7.1f} MB/s  "
              f"peak {r['peak_mib']:8.0f} MiB  rows {r['rows']:,}")
    s, p = results["sagewise"], results["pandas"]
    print(f"ratios (SageWise / pandas.read_csv): time x{s['seconds'] / p['seconds']:.2f}, "
          f"peak memory x{s['peak_mib'] / p['peak_mib']:.2f}")
    print(f"peak memory per MB of file: SageWise {s['peak_mib'] / mb:.2f} MiB/MB, "
          f"pandas {p['peak_mib'] / mb:.2f} MiB/MB")
    if not args.keep:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
