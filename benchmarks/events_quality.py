"""Measure event extraction on the five seed articles (against their curated events) and on
the 24 development articles (against our labels), side by side.

    python -m benchmarks.events_quality [--build DIR] [--articles DIR] [--events DIR]
                                        [--labels FILE] [--per-article]

Without --build it builds the real SIPRI exports in ../shared/sipri into a temporary folder.
Prints precision and recall of countries, weapon systems, linked SIPRI deals and event
dates for each set.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from etl.events.aliases import systems
from etl.events.extract import load_deals, system_index
from etl.events.model import load_events
from etl.events.quality import (
    KINDS,
    Counts,
    Truth,
    curated_truth,
    index_published,
    labels_truth,
    load_labels,
    measure,
    report,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "labels" / "more.yaml"


def truths(events_dir: Path, articles: Path, labels: Path,
           deals: pd.DataFrame) -> dict[str, dict[str, Truth]]:
    """The seed set's and the development set's truth, by set name."""
    index = system_index(systems(), deals["designation"].unique())
    loaded = load_events(events_dir)
    for error in loaded.errors:
        print(f"skipped: {error}", file=sys.stderr)
    more = articles / "more"
    return {
        "seeds": curated_truth(loaded.events, index),
        "more": {f"more/{name}": truth for name, truth in labels_truth(
            load_labels(labels), index_published(more / "index.yaml"), index).items()},
    }


def side_by_side(totals: dict[str, dict[str, Counts]]) -> list[str]:
    """One line per kind: each set's precision and recall with counts."""
    names = list(totals)
    lines = [f"{'':<12}" + "".join(f"{n + ' P':>18}{n + ' R':>18}" for n in names)]
    for kind in KINDS:
        cells = ""
        for n in names:
            c = totals[n][kind]
            cells += f"{c.precision:.2f} ({c.tp}/{c.tp + c.fp})".rjust(18)
            cells += f"{c.recall:.2f} ({c.tp}/{c.tp + c.fn})".rjust(18)
        lines.append(f"{kind:<12}{cells}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Build if needed, measure both sets, print."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events_quality")
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--sipri", type=Path, default=ROOT.parent / "shared" / "sipri")
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "articles")
    parser.add_argument("--events", type=Path, default=ROOT / "data" / "events")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--per-article", action="store_true")
    args = parser.parse_args(argv)
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
        results = {name: measure(truth, args.articles, deals)
                   for name, truth in truths(args.events, args.articles, args.labels,
                                             deals).items()}
        seconds = time.perf_counter() - start
    if args.per_article:
        for name, result in results.items():
            print("\n".join(report(result, name)), end="\n\n")
    print("\n".join(side_by_side({name: r["all"] for name, r in results.items()})))
    count = sum(len(r) - 1 for r in results.values())
    print(f"extraction of {count} articles: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
