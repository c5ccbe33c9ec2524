"""Dashboard speed on the real exports: callbacks server-side, page draw in Chromium, memory.

    python -m benchmarks.dashboard [--from ../shared/sipri] [--build DIR] [--reps 30]

Builds the real exports (or uses --build), then:
1. times every page callback through Dash's HTTP protocol (Flask test client POSTs to
   /_dash-update-component): page layouts (the router), control changes, CSV download;
   reports median and 95th percentile in ms (target: p95 <= 50 ms);
2. starts the server in its own process and measures, in headless Chromium, the time
   from navigation to every chart drawn (target <= 1.5 s) and the process's resident
   memory after all pages were served (target <= 300 MB).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard import ids

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_CODE = """
import sys
from pathlib import Path
from dashboard.app import create_app
app = create_app(Path(sys.argv[1]))
app.run(host="127.0.0.1", port=int(sys.argv[2]), debug=False)
"""
C = ids.COUNTRY_CONTROLS
W = ids.WORLD_CONTROLS
COUNTRY_INPUTS = [(C.country, "value"), (C.side, "value"), (C.release, "value"),
                  (C.years, "value"), (C.window, "value"), (C.period, "value"),
                  (C.compare, "value"), (C.top, "value"), (C.categories, "value"),
                  (C.highlight, "value")]
WORLD_INPUTS = [(W.country, "value"), (W.side, "value"), (W.release, "value"),
                (W.years, "value"), (W.window, "value"), (W.period, "value"),
                (W.compare, "value"), (W.top, "value"), (W.categories, "value")]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def deps_by_first_output(client: Any) -> dict[str, dict[str, Any]]:
    """The app's callbacks keyed by their first output 'id.prop'."""
    deps = json.loads(client.get("/_dash-dependencies").data)
    out = {}
    for dep in deps:
        first = dep["output"].strip(".").split("...")[0]
        out[first] = dep
    return out


def body(dep: dict[str, Any], inputs: list[tuple[str, str, Any]], changed: str,
         state: list[tuple[str, str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """A /_dash-update-component request body for a callback."""
    outputs = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1].split("@")[0]}
               for o in dep["output"].strip(".").split("...")]
    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
            "changedPropIds": [changed]}


def timed(call: Callable[[int], Any], reps: int) -> list[float]:
    """Milliseconds of each of `reps` calls (after one warm-up call); each call differs
    (see `callback_cases`) so the server's answer cache never serves it."""
    call(reps + 1)
    out = []
    for i in range(reps):
        start = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def callback_cases(client: Any) -> dict[str, Callable[[int], Any]]:
    """One request per kind of callback an analyst triggers. Call i writes the top-N value
    as i zeros then '8' (same view, different request) so answers are never cached."""
    deps = deps_by_first_output(client)
    router = deps["_pages_content.children"]
    country = deps[f"{C.notice}.children"]
    world = deps[f"{W.notice}.children"]
    csv = deps[f"{ids.ANNUAL.download}.data"]

    def post(make: Callable[[int], dict[str, Any]]) -> Callable[[int], Any]:
        def call(i: int) -> Any:
            response = client.post("/_dash-update-component", json=make(i))
            assert response.status_code in (200, 204), response.data[:300]
            return response
        return call

    def page(path: str, search: str = "") -> Callable[[int], Any]:
        return post(lambda i: body(router, [
            ("_pages_location", "pathname", path),
            ("_pages_location", "search", f"{search or '?'}&top={'0' * i}8")],
            "_pages_location.pathname"))

    def change(dep: dict[str, Any], base: dict[str, Any], changed: str,
               state: list[tuple[str, str, Any]], **values: Any) -> Callable[[int], Any]:
        def make(i: int) -> dict[str, Any]:
            current = {**base, **values}
            top = next(k for k in current if k.endswith("-top"))
            current[top] = "0" * i + "8"
            inputs = [(d["id"], d["property"], current.get(d["id"]))
                      for d in dep["inputs"]]
            return body(dep, inputs, f"{changed}.value", state)
        return post(make)

    cbase = {C.country: "Pakistan", C.side: "imports", C.release: "2026-02-12",
             C.years: [1995, 2024], C.window: 5, C.period: 2024, C.compare: 2019,
             C.top: 8, C.categories: [], C.highlight: []}
    wbase = {W.country: "Pakistan", W.side: "imports", W.release: "2026-02-12",
             W.years: [1995, 2024], W.window: 5, W.period: 2024, W.compare: 2019,
             W.top: 8, W.categories: []}
    wstate = [(W.highlight, "data", [])]
    return {
        "page: country (default)": page("/"),
        "page: country, Türkiye exports": page("/", "?country=Turkiye&side=exports"),
        "page: world": page("/world"),
        "page: about": page("/about"),
        "country: change country (USA)": change(country, cbase, C.country, [],
                                                **{C.country: "United States"}),
        "country: switch to exports": change(country, cbase, C.side, [],
                                             **{C.side: "exports"}),
        "country: estimated release": change(country, cbase, C.release, [],
                                             **{C.release: "2026-05-18"}),
        "country: years 2010-2024": change(country, cbase, C.years, [],
                                           **{C.years: [2010, 2024]}),
        "country: categories": change(country, cbase, C.categories, [],
                                      **{C.categories: ["Aircraft", "Ships"]}),
        "country: highlight": change(country, cbase, C.highlight, [],
                                     **{C.highlight: ["Turkiye"]}),
        "world: exports": change(world, wbase, W.side, wstate, **{W.side: "exports"}),
        "world: rank of Türkiye": change(world, wbase, W.country, wstate,
                                         **{W.country: "Turkiye"}),
        "csv: annual chart": post(lambda i: body(
            csv, [(ids.ANNUAL.csv, "n_clicks", i + 1)], f"{ids.ANNUAL.csv}.n_clicks",
            [(C.view, "data", "?country=Pakistan")])),
    }


def bench_callbacks(build: Path, reps: int) -> dict[str, tuple[float, float]]:
    """Median and p95 ms of each callback case."""
    from dashboard.app import create_app

    app = create_app(build)
    client = app.server.test_client()
    client.get("/")
    results = {}
    for name, call in callback_cases(client).items():
        times = timed(call, reps)
        results[name] = (statistics.median(times), percentile(times, 95))
    return results


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_browser(build: Path, rounds: int) -> tuple[dict[str, float], float]:
    """Median seconds from navigation to every chart drawn, per page; server RSS in MB."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import free_port

    port = free_port()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-c", SERVER_CODE, str(build), str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            pages = {"/": 4, "/?country=Turkiye&side=exports": 4, "/world": 3}
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
            memory = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {p: statistics.median(v) for p, v in draws.items()}, memory


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="sources", type=Path, default=Path("../shared/sipri"))
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    build = args.build
    if build is None:
        from etl.build import build as run_build

        build = Path(tempfile.mkdtemp(prefix="armsdash-bench-")) / "build"
        run_build([args.sources], build)
    print(f"callbacks, server-side, {args.reps} calls each (ms):")
    print(f"{'callback':40s} {'median':>8s} {'p95':>8s}")
    for name, (median, p95) in bench_callbacks(build, args.reps).items():
        print(f"{name:40s} {median:8.1f} {p95:8.1f}")
    if not args.no_browser and Path(CHROMIUM).exists():
        draws, memory = bench_browser(build, args.rounds)
        print(f"\npage fully drawn in headless Chromium, median of {args.rounds} (s):")
        for path, seconds in draws.items():
            print(f"{path:40s} {seconds:8.2f}")
        print(f"\nserver process resident memory after serving: {memory:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
