"""Benchmark of the deal explorer and pair page callbacks on a real build.

    python -m benchmarks.deals [--build data/build] [--repeat 30]

Times the work each callback does server-side (the function the callback calls, without
HTTP), on the build's default release and its release with orders: grid blocks for a
country, a clicked bar, the 'Other' bar, all deals of a release with and without search,
filter and sort; the CSV; the open orders; the pair page's figures. Each case runs cold
(memo cleared) and warm, `--repeat` times. Prints median and 95th percentile in ms and
exits 1 if any p95 is above the 50 ms target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.components import deal_explorer as ex
from dashboard.compute import deals as d
from dashboard.compute.deal_source import TablesSource
from etl.store import read_manifest, read_table

TARGET_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(fn: Callable[[], Any], repeat: int, forget: Callable[[], None] | None = None
          ) -> list[float]:
    """Milliseconds of `repeat` calls (calling `forget` before each: cold calls)."""
    out = []
    for _ in range(repeat):
        if forget is not None:
            forget()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def load_source(build: Path) -> tuple[TablesSource, list[str]]:
    """A TablesSource over the build and its releases, newest last."""
    manifest = read_manifest(build)
    deliveries = read_table(build, "deliveries")
    deals = read_table(build, "deals")
    entities = read_table(build, "entities")
    canon = entities[entities["name"] == entities["canonical"]]
    display = dict(zip(canon["canonical"], canon["display_name"], strict=True))
    source = TablesSource(str(manifest.get("build_id", "")), deliveries, deals, display,
                             lambda r: f"Source: SIPRI Arms Transfers Database, release {r}")
    return source, sorted(deliveries["release"].unique())


def cases(source: TablesSource, release: str) -> dict[str, Callable[[], Any]]:
    """The callback bodies to time, on one release."""
    pak = d.country_query(release, "Pakistan", "imports").to_dict()
    usa = d.country_query(release, "United States", "exports").to_dict()
    bar = d.bar_query(d.query_from_dict(pak), "imports", 2023, "Turkiye").to_dict()
    other = d.bar_query(d.query_from_dict(pak), "imports", 2020, d.OTHER,
                        ["China", "Netherlands", "Turkiye", "Sweden", "Italy"]).to_dict()
    everything = d.DealQuery(release).to_dict()
    first = {"startRow": 0, "endRow": ex.PAGE_SIZE}
    deep = {"startRow": 5000, "endRow": 5000 + ex.PAGE_SIZE,
            "sortModel": [{"colId": "designation", "sort": "asc"}]}
    filtered = {**first, "filterModel": {"description": {"filterType": "text",
                                                         "type": "contains",
                                                         "filter": "aircraft"}},
                "sortModel": [{"colId": "order_year", "sort": "desc"}]}
    return {
        "grid: Pakistan imports": lambda: ex.grid_block(source, first, pak, "", []),
        "grid: clicked bar (Türkiye 2023)": lambda: ex.grid_block(source, first, bar, "", []),
        "grid: 'Other' bar": lambda: ex.grid_block(source, first, other, "", []),
        "grid: US exports, filter + sort": lambda: ex.grid_block(source, filtered, usa, "",
                                                                 []),
        "grid: all deals, page 101 sorted": lambda: ex.grid_block(source, deep, everything,
                                                                  "", []),
        "grid: all deals, search 'armed'": lambda: ex.grid_block(source, first, everything,
                                                                 "armed", []),
        "csv: US exports": lambda: ex.grid_csv(source, usa, "", filtered),
        "pipeline: US exports": lambda: ex.pipeline_view(source, d.query_from_dict(usa), None),
    }


def page_cases(build: Path) -> dict[str, Callable[[], Any]]:
    """The pair page's and the country deal section's callbacks, through the Dash app."""
    from dashboard import data
    from dashboard.charts import pair as pair_charts
    from dashboard.components import country_deals
    from dashboard.state import pairstate as ps

    data.configure(build)
    ds = data.current()
    view = ps.parse({"supplier": "Turkiye", "recipient": "Pakistan"}, ds.choices).view
    big = ps.parse({"supplier": "United States", "recipient": "Saudi Arabia"},
                   ds.choices).view
    ds.deal_source.tables(view.release)
    figure = {"data": [{"type": "bar", "name": "China"}, {"type": "bar", "name": "Türkiye"},
                       {"type": "bar", "name": "Other"}]}
    click = {"points": [{"curveNumber": 1, "x": 2023, "y": 223.6}]}
    search = "?country=Pakistan&side=imports"

    def pair_render(v: ps.PairView) -> Callable[[], Any]:
        return lambda: [f(ds, v) for f in (pair_charts.category_chart, pair_charts.share_chart,
                                           pair_charts.timeline_chart, pair_charts.headline)]

    return {
        "pair page: Türkiye → Pakistan (all charts)": pair_render(view),
        "pair page: United States → Saudi Arabia": pair_render(big),
        "country deals: view change": lambda: country_deals.selection(
            search, "country-view", None, None, None, None),
        "country deals: bar click": lambda: country_deals.selection(
            search, "country-annual-graph", click, None, figure, None),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every case on the default and the order-carrying release; print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deals")
    parser.add_argument("--build", type=Path, default=Path("data/build"))
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    source, releases = load_source(args.build)
    no_orders = [r for r in releases if r not in source.order_releases()]
    picked = sorted(set(no_orders[-1:]) | set(source.order_releases()[-1:]))
    worst = 0.0
    print(f"build {source.build_id}; {args.repeat} runs per case; target p95 <= {TARGET_MS} ms")
    print(f"{'case':44} {'release':11} {'cold med':>9} {'cold p95':>9} {'warm med':>9} "
          f"{'warm p95':>9}")
    for release in picked:
        source.tables(release)  # split once, as the server does on first use
        for name, fn in cases(source, release).items():
            cold = timed(fn, args.repeat, source.forget)
            warm = timed(fn, args.repeat)
            p95 = max(percentile(cold, 95), percentile(warm, 95))
            worst = max(worst, p95)
            print(f"{name:44} {release:11} {statistics.median(cold):9.1f} "
                  f"{percentile(cold, 95):9.1f} {statistics.median(warm):9.1f} "
                  f"{percentile(warm, 95):9.1f}")
    for name, fn in page_cases(args.build).items():
        warm = timed(fn, args.repeat)
        worst = max(worst, percentile(warm, 95))
        print(f"{name:44} {'default':11} {'':9} {'':9} {statistics.median(warm):9.1f} "
              f"{percentile(warm, 95):9.1f}")
    print(f"worst p95: {worst:.1f} ms")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
