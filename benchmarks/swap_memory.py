"""Memory of each worker across live swaps of the build, on loopback.

    python -m benchmarks.swap_memory [--swaps 10] [--workers 2] [--json FILE]

Builds release A of the real exports into a temporary folder, starts `armsdash serve`
on it, then swaps in a new build `--swaps` times (alternately release A alone and
releases A and B, each a new build), waiting each time until every worker serves it
and has answered a few page views. Prints each worker's resident memory (VmRSS, MB)
after every swap, and how memory after the last swap compares with after the first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support.servers import free_port, get, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SIPRI = ROOT.parent / "shared" / "sipri"
RELEASE_A = "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv"
RELEASE_B = "trade-register-by-delivery-year_1995-2024_generated-2026-02-12_excel-resaved.csv"
VIEWS = ("/", "/world", "/?side=exports&country=Turkiye")


def cli(*args: str) -> None:
    """Run `armsdash ARGS`; raise on failure."""
    subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, check=True,
                   capture_output=True, timeout=600)


def workers(master: int) -> list[int]:
    """The pids of the gunicorn master's worker processes."""
    with open(f"/proc/{master}/task/{master}/children", encoding="ascii") as fh:
        return sorted(int(p) for p in fh.read().split())


def rss_mb(pid: int) -> float:
    """A process's resident memory, MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def settle(port: int, build_id: str, rounds: int = 30) -> None:
    """Until `rounds` fresh connections in a row see build_id, with page views between."""
    streak, deadline = 0, time.monotonic() + 300
    while streak < rounds:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the workers never all served {build_id}")
        seen = json.loads(get(port, "/healthz", timeout=60)[1]).get("build_id")
        streak = streak + 1 if seen == build_id else 0
        for view in VIEWS:
            get(port, view, timeout=60)


def run(swaps: int, n_workers: int, rounds: int = 30, sipri: Path = SIPRI) -> dict[str, Any]:
    """Serve, swap `swaps` times, measure each worker after each swap (`rounds` fresh
    connections in a row must see each new build)."""
    tmp = Path(tempfile.mkdtemp(prefix="armsdash-swap-"))
    build = tmp / "build"
    cli("build", "--from", str(sipri / RELEASE_A), "--out", str(build))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--build", str(build),
                             "--host", "127.0.0.1", "--port", str(port), "--workers",
                             str(n_workers)], cwd=ROOT, env=os.environ.copy(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after: list[list[float]] = []
    try:
        wait_healthy(port)
        inputs = [[str(sipri / RELEASE_A), str(sipri / RELEASE_B)], [str(sipri / RELEASE_A)]]
        for i in range(swaps):
            cli("build", "--from", *inputs[i % 2], "--out", str(build))
            manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
            settle(port, str(manifest["build_id"]), rounds)
            after.append([round(rss_mb(pid), 1) for pid in workers(proc.pid)])
            print(f"swap {i + 1}: worker RSS MB {after[-1]}", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    first, last = sum(after[0]) / len(after[0]), sum(after[-1]) / len(after[-1])
    return {"swaps": swaps, "workers": n_workers, "rss_mb_after_each_swap": after,
            "mean_after_first": round(first, 1), "mean_after_last": round(last, 1),
            "growth_percent": round(100 * (last - first) / first, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.swap_memory", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--swaps", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    result = run(args.swaps, args.workers)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
