"""Benchmark `armsdash build` on the real exports: full build and unchanged rebuild.

Each run is a fresh process (as a user runs it), timed wall-clock, with its peak resident
memory from the operating system. Prints the median of several runs.

    python -m benchmarks.build [--from ../shared/sipri] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SOURCES = Path("../shared/sipri")
FULL_LIMIT_S, FULL_LIMIT_MB, REBUILD_LIMIT_S = 2.0, 600.0, 0.5


def run_once(sources: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `armsdash build` process."""
    cmd = [sys.executable, "-m", "etl.cli", "build", "--from", str(sources), "--out", str(out)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = 0
    if proc.stderr is not None:
        proc.stderr.close()
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale


def bench(sources: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    """Median wall and CPU time and peak memory of full builds and unchanged rebuilds."""
    full: list[tuple[float, float, float]] = []
    rebuild: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out = Path(tmp) / f"run{i}" / "build"
            full.append(run_once(sources, out))
            rebuild.append(run_once(sources, out))
            shutil.rmtree(out.parent)
    return {name: (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
                   max(r[2] for r in rows))
            for name, rows in (("full", full), ("rebuild", rebuild))}


def main() -> int:
    """Run the benchmark and print the medians against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.sources.is_dir():
        print(f"benchmark: {args.sources} not found", file=sys.stderr)
        return 1
    result = bench(args.sources, args.runs)
    full_s, full_cpu, full_mb = result["full"]
    re_s, re_cpu, re_mb = result["rebuild"]
    load = os.getloadavg()[0]
    print(f"full build ({args.runs} runs, load average {load:.1f}): median {full_s:.2f} s "
          f"wall, {full_cpu:.2f} s CPU, peak {full_mb:.0f} MB "
          f"(targets {FULL_LIMIT_S} s, {FULL_LIMIT_MB:.0f} MB)")
    print(f"unchanged rebuild: median {re_s:.3f} s wall, {re_cpu:.3f} s CPU, peak "
          f"{re_mb:.0f} MB (target {REBUILD_LIMIT_S} s)")
    ok = full_s <= FULL_LIMIT_S and full_mb <= FULL_LIMIT_MB and re_s <= REBUILD_LIMIT_S
    return 0 if ok else 2


if __name__ == "__main__":
    raise SystemExit(main())
