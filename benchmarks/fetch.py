"""Fetch overhead on a real export: what armsdash adds to SIPRI's ~30 s per answer.

    python -m benchmarks.fetch [--repeat 5]

Serves SIPRI's 2024-04-13 register by delivery year (27,838 rows, from ../shared/sipri)
from the fake backend on 127.0.0.1 and times, as medians: the whole answer fetched and
checked; the same asked for in 4 year ranges, checked, seam-checked and merged; and the
check + merge alone, in process, without HTTP.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from etl.fetch.answers import check_answer, merge_parts
from etl.fetch.client import Client, Policy
from etl.fetch.progress import Progress
from etl.fetch.run import Options, fetch_query
from etl.fetch.sipri_api import halves, plan
from tests.support.fake_sipri import FakeSipri, read_table

ROOT = Path(__file__).resolve().parents[1]
EXPORT = (ROOT.parent / "shared" / "sipri"
          / "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv")
POLICY = Policy(timeout=60, attempts=1, pause=0.0)


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(first: int, last: int) -> Callable[[], object]:
    """Check four year-range answers cut from one export, then merge them."""
    query = plan(first, last)[0]
    table = read_table(EXPORT)
    col = table.header.index("Delivery year")
    ranges = [r for half in halves(first, last) for r in halves(*half)]
    parts = [table.render([row for row in table.rows if a <= int(row[col]) <= b])
             for a, b in ranges]

    def run() -> object:
        answers = [check_answer(p, query, "bench", a, b, last)
                   for p, (a, b) in zip(parts, ranges, strict=True)]
        return merge_parts(answers, query)

    return run


def main() -> int:
    """Print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not EXPORT.is_file():
        raise SystemExit(f"{EXPORT} not found")
    query = plan(1990, 2023)[0]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "by_year.csv").symlink_to(EXPORT)
        for label, limit in (("whole answer", None), ("4 year ranges, merged", 10)):
            with FakeSipri(Path(tmp), max_year=2023) as fake:
                if limit:
                    fake.too_large = {"by_year": limit}
                    fake.too_large_status = 413
                client = Client(fake.base_url, POLICY)
                options = Options(base_url=fake.base_url, policy=POLICY)
                seconds = median_seconds(lambda c=client, o=options: fetch_query(
                    c, query, o, Progress(io.StringIO(), tty=False), (1, 1), 2023),
                    args.repeat)
            print(f"fetch {label} over loopback: {seconds * 1000:.0f} ms (median of "
                  f"{args.repeat})")
    seconds = median_seconds(in_process(1990, 2023), args.repeat)
    print(f"check + seam-check + merge of 4 parts, in process: {seconds * 1000:.0f} ms "
          f"(median of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
