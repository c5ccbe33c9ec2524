"""Measure event extraction against the curated events of the five articles.

    python -m benchmarks.events_quality [--build DIR] [--articles DIR] [--events DIR]

Without --build it builds the real SIPRI exports in ../shared/sipri into a temporary folder.
Prints precision and recall of countries, weapon systems and linked SIPRI deals.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from etl.events.extract import load_deals
from etl.events.model import load_events
from etl.events.quality import measure, report

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Build if needed, measure, print."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events_quality")
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--sipri", type=Path, default=ROOT.parent / "shared" / "sipri")
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "articles")
    parser.add_argument("--events", type=Path, default=ROOT / "data" / "events")
    args = parser.parse_args(argv)
    loaded = load_events(args.events)
    for error in loaded.errors:
        print(f"skipped: {error}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            from etl.build import build as run_build

            build = Path(tmp) / "build"
            run_build([args.sipri], build)
        deals = load_deals(build)
        if deals is None:
            print(f"no deals table in {build}", file=sys.stderr)
            return 1
        start = time.perf_counter()
        result = measure(loaded.events, args.articles, deals)
        seconds = time.perf_counter() - start
    print("\n".join(report(result)))
    print(f"extraction of {len(result) - 1} articles: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
