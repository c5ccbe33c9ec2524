"""Dashboard speed on the real exports: every callback server-side, page draw in Chromium,
memory.

    python -m benchmarks.dashboard [--from ../shared/sipri] [--build DIR] [--reps 30]
                                   [--no-browser]

Builds the real exports (or uses --build), then:
1. opens every page (country, world, pair, events, about) as the browser does (through
   Dash's HTTP protocol: Flask test client POSTs to /_dash-update-component, with the
   component values the page really holds), and times every server-side callback of
   every page: page layouts (the router), control changes, chart clicks (deal grid,
   event panel), deal grid blocks, CSV downloads and links, data tables, open orders,
   the pair page and the events list. Each call is cold: the answer cache and the
   per-view memos are cleared before it, so nothing is served from an earlier answer.
   Prints median and 95th percentile in ms per case and exits 1 if any p95 is above
   50 ms or if some server-side callback of the app has no case;
2. starts the server in its own process and measures, in headless Chromium, the time
   from navigation to every chart drawn (target <= 1.5 s) and the process's resident
   memory after every page and every release was served (target <= 300 MB).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard import ids
from tests.support.dashclient import Dependency, PropKey, Renderer, parse_dependencies, request_body
from tests.support.servers import CHROMIUM, CHROMIUM_ARGS, SERVER_CODE, free_port

TARGET_MS = 50.0
UPDATE = "/_dash-update-component"
C = ids.COUNTRY_CONTROLS
W = ids.WORLD_CONTROLS
P = ids.PAIR_CONTROLS
CG = ids.COUNTRY_DEALS
PG = ids.PAIR_DEALS
EV = ids.COUNTRY_EVENTS
WEV = ids.WORLD_EVENTS
ROUTER = "_pages_content.children"
PAGES = {"country": "/", "world": "/world", "pair": "/pair", "events": "/events",
         "about": "/about", "factsheet": "/factsheet", "changes": "/changes"}
EVENT_VIEW = "/?country=Pakistan&release=2026-05-18&years=2010-2025"
EVENT_ID = "tr-pk-drone-assembly-plant-2025-12"
PAIR_EVENT_VIEW = "/pair?supplier=Turkiye&recipient=Pakistan&release=2026-05-18"
GRID_FIRST = {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {}}
GRID_SORTED = {"startRow": 100, "endRow": 150,
               "sortModel": [{"colId": "designation", "sort": "asc"}],
               "filterModel": {"description": {"filterType": "text", "type": "contains",
                                               "filter": "missile"}}}


class UncoveredCallbacks(RuntimeError):
    """Some server-side callback of the app has no benchmark case."""


@dataclass(frozen=True)
class Case:
    """One callback request: on which page (URL), which callback (its first output),
    the inputs a person changes (the rest are the page's own values)."""

    page: str
    output: str
    changed: dict[PropKey, Any] = field(default_factory=dict)
    state: dict[PropKey, Any] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def first_output(dep: Dependency) -> str:
    """'id.prop' of a callback's first output."""
    cid, prop = dep.outputs[0]
    return f"{cid}.{prop}"


def router(path: str) -> Case:
    """The page router rendering the page at path (a page layout)."""
    return Case(path, ROUTER)


def change(page: str, cid: str, value: Any, prop: str = "value",
           output: str | None = None) -> Case:
    """A person changing one control of a page."""
    return Case(page, output or f"{_notice(cid)}.children", {(cid, prop): value})


def _notice(cid: str) -> str:
    page = cid.split("-", 1)[0]
    return f"{page}-notice"


def clicks(page: str, button: str, output: str, state: dict[PropKey, Any] | None = None
           ) -> Case:
    """A button press (n_clicks 1)."""
    return Case(page, output, {(button, "n_clicks"): 1}, state or {})


def chart_cases(page: str, cards: list[ids.ChartIds]) -> dict[str, Case]:
    """The CSV download, the table button and the opened data table of every chart card."""
    name = page.split("?")[0].strip("/") or "country"
    out: dict[str, Case] = {}
    for cid in cards:
        short = cid.graph.removesuffix("-graph")
        out[f"{name}: CSV of {short}"] = clicks(page, cid.csv, f"{cid.download}.data")
        out[f"{name}: table button of {short}"] = clicks(page, cid.toggle,
                                                         f"{cid.details}.is_open")
        out[f"{name}: table of {short}"] = Case(page, f"{cid.table}.children",
                                               {(cid.details, "is_open"): True})
    return out


def event_click(graph: str) -> dict[str, Any]:
    """clickData of a click on an event marker (the marker carries the event id)."""
    return {"points": [{"curveNumber": 3, "pointNumber": 0, "x": 2025.43, "y": 1.0,
                        "customdata": EVENT_ID}]}


def bar_click(figure_name: str = "Türkiye", year: int = 2023) -> dict[str, Any]:
    """clickData of a click on a bar of a stacked bar chart."""
    return {"points": [{"curveNumber": 2, "pointNumber": 0, "x": year, "y": 223.6,
                        "label": figure_name}]}


def cases() -> dict[str, Case]:
    """Every kind of request an analyst's browser sends, by page."""
    country, world, pair = "/", "/world", "/pair"
    out: dict[str, Case] = {
        "page: country (default)": router("/"),
        "page: country, Türkiye exports": router("/?country=Turkiye&side=exports"),
        "page: country, US exports, estimated": router(
            "/?country=United%20States&side=exports&release=2026-05-18"),
        "page: country, Europe (a region)": router("/?country=Europe"),
        "page: country, NATO exports (a grouping)": router("/?country=NATO&side=exports"),
        "country: change country (EC/EU)": change(country, C.country, "EC/EU"),
        "page: world": router("/world"),
        "page: world exports 2026-05-18": router("/world?side=exports&release=2026-05-18"),
        "page: pair (default)": router("/pair"),
        "page: pair US → Saudi Arabia": router(
            "/pair?supplier=United%20States&recipient=Saudi%20Arabia"),
        "page: events": router("/events"),
        "page: about": router("/about"),
        "country: change country (USA)": change(country, C.country, "United States"),
        "country: switch to exports": change(country, C.side, "exports"),
        "country: estimated release": change(country, C.release, "2026-05-18"),
        "country: years 2010-2024": change(country, C.years, [2010, 2024]),
        "country: years per period 3": change(country, C.window, 3),
        "country: period 2019": change(country, C.period, 2019),
        "country: compare 2009": change(country, C.compare, 2009),
        "country: top 15": change(country, C.top, 15),
        "country: categories": change(country, C.categories, ["Aircraft", "Ships"]),
        "country: highlight": change(country, C.highlight, ["Turkiye", "Italy"]),
        "country: events hidden": change(country, EV.show, False),
        "country: events tag": change(country, EV.tags, ["drones"]),
        "country: undated events of the view": Case(
            "/?country=Kazakhstan", f"{EV.undated}.children",
            {(C.view, "data"): "?country=Turkiye&side=exports"}),
        "country: bar clicked (into the URL)": Case(
            country, f"{C.view}.data", {(ids.ANNUAL.graph, "clickData"): bar_click()}),
        "country: bar clicked (deal grid)": Case(
            country, f"{CG.view}.data",
            {(C.view, "data"): "?country=Pakistan&deals=Turkiye-2023"}),
        "country: area clicked (deal grid)": Case(
            country, f"{CG.view}.data",
            {(C.view, "data"): "?country=Pakistan&deals=China-2022&dfrom=shares"}),
        "country: deal grid, first rows": Case(
            country, f"{CG.grid}.getRowsResponse", {(CG.grid, "getRowsRequest"): GRID_FIRST}),
        "country: deal grid, sorted and filtered": Case(
            country, f"{CG.grid}.getRowsResponse",
            {(CG.grid, "getRowsRequest"): GRID_SORTED}),
        "country: deal grid, search": Case(
            country, f"{CG.csv}.href", {(CG.search, "value"): "jf-17"}),
        "country: open orders": Case(
            EVENT_VIEW, f"{CG.pipeline}.children"),
        "country: event marker clicked": Case(
            EVENT_VIEW, f"{C.view}.data",
            {(ids.ANNUAL.graph, "clickData"): event_click(ids.ANNUAL.graph)}),
        "country: event panel of the view": Case(
            EVENT_VIEW, f"{EV.panel}.children",
            {(C.view, "data"): EVENT_VIEW[1:] + f"&event={EVENT_ID}"}),
        "world: exports": change(world, W.side, "exports"),
        "world: rank of Türkiye": change(world, W.country, "Turkiye"),
        "world: estimated release": change(world, W.release, "2026-05-18"),
        "world: categories": change(world, W.categories, ["Missiles"]),
        "world: top 15": change(world, W.top, 15),
        "world: period 2014": change(world, W.period, 2014),
        "world: events hidden": change(world, WEV.show, False),
        "world: event marker clicked": Case(
            "/world?country=Turkiye&side=exports", f"{WEV.panel}.children",
            {(ids.WORLD_RANK.graph, "clickData"): event_click(ids.WORLD_RANK.graph)}),
        "world: map clicked (country link)": Case(
            world, f"{ids.WORLD_LINK}.children",
            {(ids.WORLD_MAP.graph, "clickData"): {"points": [
                {"location": "IND", "text": "India", "z": 1.0}]}}),
        "world: bar clicked (country link)": Case(
            world, f"{ids.WORLD_LINK}.children",
            {(ids.WORLD_TOP_CHART.graph, "clickData"): {"points": [
                {"y": "India", "x": 8.3}]}}),
        "pair: swap": clicks(pair, ids.PAIR_SWAP, f"{P.notice}.children"),
        "pair: release 2026-05-18": change(pair, P.release, "2026-05-18"),
        "pair: US → Saudi Arabia": Case(pair, f"{P.notice}.children",
                                        {(ids.PAIR_SUPPLIER, "value"): "United States",
                                         (ids.PAIR_RECIPIENT, "value"): "Saudi Arabia"}),
        "pair: years 2010-2020": change(pair, P.years, [2010, 2020]),
        "pair: categories": change(pair, P.categories, ["Aircraft"]),
        "pair: bar clicked (deal grid)": Case(
            pair, f"{PG.query}.data",
            {(ids.PAIR_CATEGORY.graph, "clickData"): {"points": [
                {"curveNumber": 0, "pointNumber": 0, "x": 2023, "y": 100.0}]}}),
        "pair: deal grid, first rows": Case(
            pair, f"{PG.grid}.getRowsResponse", {(PG.grid, "getRowsRequest"): GRID_FIRST}),
        "pair: deal grid CSV link": Case(
            pair, f"{PG.csv}.href", {(PG.search, "value"): "corvette"}),
        "pair: open orders": Case(pair + "?release=2026-05-18", f"{PG.pipeline}.children"),
        "pair: event marker clicked": Case(
            PAIR_EVENT_VIEW, f"{P.view}.data",
            {(ids.PAIR_CATEGORY.graph, "clickData"): event_click(ids.PAIR_CATEGORY.graph)}),
        "pair: event panel and highlighted deals": Case(
            PAIR_EVENT_VIEW, f"{ids.PAIR_EVENTS.panel}.children",
            {(P.view, "data"): PAIR_EVENT_VIEW[len("/pair"):] + f"&event={EVENT_ID}"}),
        "pair: undated events of the view": Case(
            "/pair?supplier=Turkiye&recipient=Kazakhstan",
            f"{ids.PAIR_EVENTS.undated}.children",
            {(P.view, "data"): "?supplier=Turkiye&recipient=Pakistan"}),
        "page: fact sheet 2020-24": router("/factsheet"),
        "page: fact sheet 2015-19, 2024-04-13": router(
            "/factsheet?release=2024-04-13&period=2019"),
        "factsheet: period 2019": Case(
            "/factsheet", f"{ids.FACTSHEET_NOTICE}.children",
            {(ids.FACTSHEET_PERIOD, "value"): 2019}),
        "factsheet: release 2026-05-18": Case(
            "/factsheet", f"{ids.FACTSHEET_NOTICE}.children",
            {(ids.FACTSHEET_RELEASE, "value"): "2026-05-18"}),
        "factsheet: CSV of exporters": clicks(
            "/factsheet", ids.FACTSHEET_CSV["exporters"], f"{ids.FACTSHEET_DOWNLOAD}.data"),
        "page: what changed 2024-04-13 -> 2026-02-12": router("/changes"),
        "changes: exports, relative change": Case(
            "/changes", f"{ids.CHANGES_NOTICE}.children",
            {(ids.CHANGES_SIDE, "value"): "exports", (ids.CHANGES_BY, "value"): "pct"}),
        "changes: years 2019-2023 (added up from the years)": Case(
            "/changes", f"{ids.CHANGES_NOTICE}.children",
            {(ids.CHANGES_SPAN, "value"): "2019-2023"}),
        "changes: 2026-02-12 -> 2026-05-18 (estimated per year)": Case(
            "/changes", f"{ids.CHANGES_NOTICE}.children",
            {(ids.CHANGES_OLD, "value"): "2026-02-12", (ids.CHANGES_NEW, "value"): "2026-05-18"}),
        "page: country on 2024-04-13 (revision note)": router(
            "/?country=Pakistan&release=2024-04-13"),
        "events: filter by country": Case("/events", f"{ids.EVENTS_LIST}.children",
                                          {(ids.EVENTS_COUNTRY, "value"): "Pakistan"}),
        "events: filter by tag": Case("/events", f"{ids.EVENTS_LIST}.children",
                                      {(ids.EVENTS_TAGS, "value"): ["drones"]}),
    }
    out.update(article_cases())
    out.update(view_cases())
    out.update(chart_cases(country, [ids.ANNUAL, ids.SHARES, ids.CATEGORY, ids.COMPARE_CHART,
                                     ids.CONCENTRATION, ids.LOCAL_PRODUCTION]))
    out.update(chart_cases("/?country=Europe", [ids.MEMBERS_CHART]))
    out.update(chart_cases(world, [ids.WORLD_MAP, ids.WORLD_TOP_CHART, ids.WORLD_RANK,
                                   ids.WORLD_REGIONS, ids.WORLD_REGION_SHARES]))
    out.update(chart_cases(pair, [ids.PAIR_CATEGORY, ids.PAIR_SHARE, ids.PAIR_TIMELINE]))
    return out


def article_cases() -> dict[str, Case]:
    """The add-article page: its layout, an upload, proposing and saving (the benchmark's
    server has no editor secret: proposing and saving answer that writing is off)."""
    page = "/add-article"
    text = "Ukraine received F-16C fighter jets from Denmark on Tuesday, the ministry said."
    upload = "data:text/plain;base64," + base64.b64encode(text.encode()).decode()
    return {
        "page: add article": router(page),
        "add article: upload": Case(page, f"{ids.ARTICLE_TEXT}.value",
                                    {(ids.ARTICLE_UPLOAD, "contents"): upload},
                                    {(ids.ARTICLE_UPLOAD, "filename"): "a.txt",
                                     (ids.ARTICLE_PUBLISHED, "value"): ""}),
        "add article: propose": clicks(page, ids.ARTICLE_PROPOSE, f"{ids.ARTICLE_GRID}.rowData",
                                       {(ids.ARTICLE_TEXT, "value"): text,
                                        (ids.ARTICLE_PUBLISHED, "value"): "2024-04-17"}),
        "add article: save": clicks(page, ids.ARTICLE_SAVE, f"{ids.ARTICLE_NOTICE}.children",
                                    {(ids.ARTICLE_SECRET, "value"): "x"}),
    }


def view_cases() -> dict[str, Case]:
    """The tables, compare, flows and search pages: layouts, controls, CSV downloads."""
    tables, t = "/tables", ids.TABLES
    compare, c = "/compare", ids.COMPARE
    flows, f = "/flows", ids.FLOWS
    search, s = "/search", ids.SEARCH
    return {
        "page: tables (default)": router(tables),
        "page: tables, Pakistan by period": router(tables + "?country=Pakistan"),
        "tables: exports": change(tables, t.side, "exports"),
        "tables: country Pakistan": change(tables, ids.TABLES_COUNTRY, "Pakistan"),
        "tables: five-year periods": change(tables, ids.TABLES_BY, "period"),
        "tables: release 1950-2025": change(tables, t.release, "2026-05-18"),
        "tables: categories": change(tables, t.categories, ["Aircraft"]),
        "tables: sorted by a year": Case(tables, f"{t.view}.data", {
            (t.table, "columnState"): [{"colId": "y2020", "sort": "asc"}]}),
        "tables: CSV": clicks(tables, t.csv, f"{t.download}.data"),
        "page: tables, regions by period": router(tables + "?rows=regions&by=period"),
        "tables: rows groupings": change(tables, ids.TABLES_ROWS, "groupings"),
        "tables: rows subregions, 1950-2025": change(
            tables + "?release=2026-05-18", ids.TABLES_ROWS, "subregions"),
        "page: tables, Europe by period": router(tables + "?country=Europe"),
        "tables: country NATO, 1950-2025": change(
            tables + "?release=2026-05-18", ids.TABLES_COUNTRY, "NATO"),
        "tables: Europe's exports": change(tables + "?country=Europe", t.side, "exports"),
        "tables: Europe CSV": clicks(tables + "?country=Europe&by=year", t.csv,
                                     f"{t.download}.data"),
        "page: compare (default)": router(compare),
        "page: compare, three exporters": router(
            compare + "?country=Turkiye&country=Israel&country=South%20Korea&side=exports"),
        "compare: add countries": change(compare, ids.COMPARE_COUNTRIES,
                                         ["India", "Pakistan", "China", "Saudi Arabia"]),
        "compare: share of world": change(compare, ids.COMPARE_MEASURE, "share"),
        "page: compare, NATO and Russia exports": router(
            compare + "?country=NATO&country=Russia&side=exports"),
        "compare: add a region": change(compare, ids.COMPARE_COUNTRIES,
                                        ["India", "Pakistan", "South Asia", "EC/EU"]),
        "compare: annual values": change(compare, ids.COMPARE_WINDOW, 1),
        "compare: release 1950-2025": change(compare, c.release, "2026-05-18"),
        "compare: exports": change(compare, c.side, "exports"),
        "compare: CSV": clicks(compare, c.csv, f"{c.download}.data"),
        "page: flows (default)": router(flows),
        "page: flows 1980-84, 60 flows": router(
            flows + "?release=2026-05-18&years=1980-1984&top=60"),
        "flows: ships": change(flows, f.categories, ["Ships"]),
        "flows: top 60": change(flows, ids.FLOWS_TOP, 60),
        "flows: release 1950-2025": change(flows, f.release, "2026-05-18"),
        "flows: years 2010-2024": change(flows, f.years, [2010, 2024]),
        "flows: flow clicked (pair link)": Case(flows, f"{ids.FLOWS_LINK}.children", {
            (f.graph, "clickData"): {"points": [{"customdata": 3, "value": 5000.0}]}}),
        "flows: CSV": clicks(flows, f.csv, f"{f.download}.data"),
        "page: flows into NATO": router(flows + "?area=NATO&role=recipient"),
        "flows: region Middle East": change(flows, ids.FLOWS_AREA, "Middle East"),
        "flows: both ends in the EU": change(flows + "?area=EC/EU", ids.FLOWS_ROLE, "both"),
        "page: search (nothing asked)": router(search),
        "page: search, every deal from China": router(search + "?supplier=China"),
        "page: search TB2, Akıncı, Anka": router(search + "?q=TB2,%20Ak%C4%B1nc%C4%B1,%20Anka"),
        "search: a designation": change(search, ids.SEARCH_QUERY, "JF-17"),
        "search: words in comments": change(search, ids.SEARCH_QUERY, "licence frigate"),
        "search: classic register": change(search, s.release, "2026-05-18"),
        "search: recipient filter": change(search, ids.SEARCH_RECIPIENTS, ["Pakistan"]),
        "search: local production": change(search, ids.SEARCH_LOCAL, "yes"),
        "search: years 2015-2024": change(search, s.years, [2015, 2024]),
        "search: second hand": change(search, ids.SEARCH_STATUS, ["second hand"]),
        "search: CSV": clicks(search + "?q=uav", s.csv, f"{s.download}.data"),
        "page: search, every filter": router(
            search + "?q=frigate&supplier=China&recipient=Pakistan&recipient=Bangladesh"
            "&cat=Ships&status=new&local=no&years=2000-2024"),
    }


class Bench:
    """The app on a build, with each page opened once as a browser would."""

    def __init__(self, build: Path) -> None:
        from dashboard.app import create_app

        self.app = create_app(build)
        self.client = self.app.server.test_client()
        self.client.get("/")
        kept, _ = parse_dependencies(json.loads(self.client.get("/_dash-dependencies").data))
        self.deps = kept
        self.by_output = {first_output(d): d for d in kept}
        self.layout = json.loads(self.client.get("/_dash-layout").data)
        self.pages: dict[str, Renderer] = {}

    def post(self, body: dict[str, Any]) -> Any:
        """One callback request; its answer (None for 204); fails loudly on an error."""
        response = self.client.post(UPDATE, json=body)
        if response.status_code not in (200, 204):
            raise RuntimeError(f"{body.get('output')}: {response.status_code} "
                               f"{response.get_data(as_text=True)[:300]}")
        return response.json if response.status_code == 200 else None

    def page(self, url: str) -> Renderer:
        """The page at url, loaded once (callbacks fired as the browser fires them)."""
        if url not in self.pages:
            path, _, query = url.partition("?")
            renderer = Renderer(self.deps, self.post)
            renderer.load(self.layout, path, f"?{query}" if query else "")
            self.pages[url] = renderer
        return self.pages[url]

    def body(self, case: Case) -> dict[str, Any]:
        """The request of a case: the page's values with the case's changes."""
        dep = self.by_output.get(case.output)
        if dep is None:
            raise KeyError(f"no server-side callback has the output {case.output}")
        if case.output == ROUTER:
            path, _, query = case.page.partition("?")
            values: dict[PropKey, Any] = {("_pages_location", "pathname"): path,
                                          ("_pages_location", "search"):
                                              f"?{query}" if query else ""}
            return request_body(dep, values, [f"_pages_location.{p}" for p in
                                              ("pathname", "search")])
        renderer = self.page(case.page)
        missing = [k for k in dep.inputs if not renderer.page.present(k)]
        if missing:
            raise KeyError(f"{case.output}: {missing} not on {case.page}")
        values = {**renderer.page.values, **case.changed, **case.state}
        changed = [f"{k[0]}.{k[1]}" for k in case.changed if k in dep.inputs]
        return request_body(dep, values, changed or [f"{dep.inputs[0][0]}."
                                                     f"{dep.inputs[0][1]}"])

    def forget(self) -> None:
        """Clear the answer cache and the per-view memos: the next call is cold."""
        from dashboard import data

        for cache in self.app.server.extensions.get("cache", {}):
            cache.clear()
        data.current().forget()

    def time(self, case: Case, reps: int) -> list[float]:
        """Milliseconds of `reps` cold calls (after one warm-up call)."""
        body = self.body(case)
        self.post(body)
        out = []
        for _ in range(reps):
            self.forget()
            start = time.perf_counter()
            self.post(body)
            out.append((time.perf_counter() - start) * 1000)
        return out

    def uncovered(self, covered: set[str]) -> list[str]:
        """Server-side callbacks no case exercises."""
        return sorted(first_output(d) for d in self.deps if first_output(d) not in covered)


def bench_callbacks(build: Path, reps: int, only: str = "") -> Iterator[
        tuple[str, float, float]]:
    """(case, median ms, p95 ms) of every case; raises if a callback has no case."""
    bench = Bench(build)
    chosen = {name: case for name, case in cases().items() if only in name}
    if not only:
        missing = bench.uncovered({case.output for case in chosen.values()})
        if missing:
            raise UncoveredCallbacks(f"callbacks without a benchmark case: {missing}")
    for name, case in chosen.items():
        times = bench.time(case, reps)
        yield name, statistics.median(times), percentile(times, 95)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def visit_everything(url: str, build: Path) -> None:
    """Ask the server for every page in every release (as an analyst's browsing would)."""
    from dashboard.data import load_dataset
    from dashboard.serving.harden import router_body

    releases = sorted(load_dataset(build).releases)
    deps = json.loads(urllib.request.urlopen(url + "/_dash-dependencies").read())
    output = next(d["output"] for d in deps if ROUTER in d["output"])
    searches = [(path, f"?release={r}") for path in PAGES.values() for r in releases]
    for path, search in searches:
        body = json.dumps(router_body(output, path, search)).encode()
        request = urllib.request.Request(url + UPDATE, data=body,
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=60).read()
    for release in releases:  # the deal grid of each release
        query = {"release": release, "recipients": ["Pakistan"]}
        urllib.request.urlopen(url + "/download/deals.csv?q=" + urllib.request.quote(
            json.dumps(query)), timeout=60).read()


def bench_browser(build: Path, rounds: int) -> tuple[dict[str, float], float]:
    """Median seconds from navigation to every chart drawn, per page; server RSS in MB."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-c", SERVER_CODE, str(build), str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            pages = {"/": 4, "/?country=Turkiye&side=exports": 4, "/world": 3, "/pair": 3}
            draws: dict[str, list[float]] = {p: [] for p in pages}
            with sync_playwright() as pw:
                profile = tempfile.mkdtemp(prefix="armsdash-bench-")
                context = pw.chromium.launch_persistent_context(
                    profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                    viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.goto(url + "/")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
                for _ in range(rounds):
                    for path, graphs in pages.items():
                        page.goto("about:blank")
                        start = time.perf_counter()
                        page.goto(url + path)
                        page.wait_for_function(
                            f"""() => document.querySelectorAll('.js-plotly-plot .main-svg')
                                .length >= {graphs} &&
                                !document.querySelector('[data-dash-is-loading="true"]')""",
                            timeout=30_000)
                        draws[path].append(time.perf_counter() - start)
                context.close()
            visit_everything(url, build)
            memory = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {p: statistics.median(v) for p, v in draws.items()}, memory


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print a table; 1 if a callback's p95 is above the target."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--from", dest="sources", type=Path, default=Path("../shared/sipri"))
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the callback times here")
    args = parser.parse_args(argv)
    build = args.build
    if build is None:
        from etl.build import build as run_build

        build = Path(tempfile.mkdtemp(prefix="armsdash-bench-")) / "build"
        run_build([args.sources], build)
    print(f"callbacks, server-side, cold, {args.reps} calls each (ms); load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'case':48s} {'median':>8s} {'p95':>8s}")
    worst = 0.0
    timed: dict[str, dict[str, float]] = {}
    try:
        for name, median, p95 in bench_callbacks(build, args.reps, args.only):
            worst = max(worst, p95)
            timed[name] = {"median_ms": median, "p95_ms": p95}
            flag = "  over target" if p95 > TARGET_MS else ""
            print(f"{name:48s} {median:8.1f} {p95:8.1f}{flag}", flush=True)
    except UncoveredCallbacks as err:
        print(err, file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps({"callbacks": timed}, indent=2) + "\n",
                             encoding="utf-8")
    print(f"worst p95: {worst:.1f} ms (target {TARGET_MS:.0f} ms); load average "
          f"{os.getloadavg()[0]:.1f}")
    if not args.no_browser and Path(CHROMIUM).exists():
        draws, memory = bench_browser(build, args.rounds)
        print(f"\npage fully drawn in headless Chromium, median of {args.rounds} (s):")
        for path, seconds in draws.items():
            print(f"{path:48s} {seconds:8.2f}")
        print(f"\nserver process resident memory after every page and release: "
              f"{memory:.0f} MB")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
