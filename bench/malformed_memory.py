"""Peak memory of every file reader on a 2 GB malformed file.

Usage: python bench/malformed_memory.py [--gb 1.9] [--keep]

Makes the malformed files cheaply: a few hundred KB of valid CSV, then ``truncate`` to the
full size, which leaves a sparse tail of NUL bytes (no disk space, no time). Each reader then
runs in a fresh interpreter and the parent reads that child's peak resident memory
(``os.wait4`` rusage, ``ru_maxrss``). Printed per reader: peak MiB, seconds, the message it
gave, and the ratio against the reference, a bare ``python -c "import numpy, pandas"``
(the memory any reader pays before reading a byte). The limit is 500 MiB.

Files: the CSV + NULs at just under each reader's size cap (so the streaming path runs, not
only the up-front size check), and a 2 GiB one over the caps.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MIB = 500

READERS = {
    "k-means CSV (load_points)": "from knowledge.sim.points import load_points as r",
    "SPICE check (measure_file)": "from knowledge.sizing.spice_file import measure_file as r",
    "grid layout (load_layout)": "from knowledge.sim.gridworld import load_layout as r",
    "session (load_session)": "from knowledge.session import load_session as r",
    "answers (recommend --answers)": "from knowledge.cli.recommend import _read_answers as r",
}
REFERENCE = "import numpy, pandas\nr = lambda path: None"

CHILD = """
import sys
sys.path.insert(0, {root!r})
{imports}
try:
    r(sys.argv[1])
    msg = "read without complaint"
except Exception as exc:
    msg = f"{{type(exc).__name__}}: {{exc}}"
# VmHWM: this process image's own peak (ru_maxrss after fork + exec also counts the
# parent's pages, so a large parent such as pytest would inflate it)
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))
print(peak)
# a short prefix and the length: a huge message must not inflate the parent's memory
print(repr(msg[:120])[1:-1], f"[{{len(msg):,}} characters]")
"""


def peak_rss_mib(imports: str, path: str | Path) -> tuple[float, str]:
    """(peak resident MiB, message) of a fresh interpreter calling ``r(path)``.

    The peak is the larger of the child's own high-water mark (VmHWM) and, when the parent
    is small, its rusage ``ru_maxrss``; a child that dies (killed, out of memory) reports
    its rusage alone.
    """
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT),
                                                                  imports=imports),
                              str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = out.strip().splitlines()
    if child.returncode != 0 or len(lines) < 2:
        return usage.ru_maxrss / 1024, f"child failed ({child.returncode}): {err[-200:]}"
    return int(lines[0]) / 1024, lines[1]


def make_file(path: Path, total_bytes: int) -> Path:
    """Valid CSV, then a sparse tail of NUL bytes up to ``total_bytes``."""
    head = "x,y\n" + "".join(f"{i},{i % 7}\n" for i in range(20_000))
    with path.open("wb") as fh:
        fh.write(head.encode())
        fh.truncate(total_bytes)
    return path


def main() -> int:
    """Measure every reader; exit 1 if any goes over the limit."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=1.9, help="size of the under-cap file (GB)")
    ap.add_argument("--keep", action="store_true", help="keep the files")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sagewise-malformed-"))
    files = {f"{args.gb:g} GB": make_file(folder / "under_cap.csv", int(args.gb * 1e9)),
             "2 GiB": make_file(folder / "over_cap.csv", 2 * 1024**3)}
    ref, _ = peak_rss_mib(REFERENCE, files["2 GiB"])
    print(f"reference (python + numpy + pandas, reads nothing): {ref:.0f} MiB")
    worst = 0.0
    for label, path in files.items():
        print(f"\n{label} file: valid CSV, then NUL bytes")
        for name, imports in READERS.items():
            t = time.perf_counter()
            peak, message = peak_rss_mib(imports, path)
            secs = time.perf_counter() - t
            worst = max(worst, peak)
            print(f"  {name:<31} {peak:6.0f} MiB ({peak / ref:4.2f} x ref) {secs:5.2f} s  "
                  f"{message}")
    print(f"\nworst peak: {worst:.0f} MiB (limit {LIMIT_MIB} MiB)")
    if not args.keep:
        for f in files.values():
            f.unlink()
        folder.rmdir()
    return 0 if worst < LIMIT_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
