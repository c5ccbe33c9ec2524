"""Browser speed on the real exports, against the smallest Dash page with one chart.

    python -m benchmarks.browser [--from ../shared/sipri] [--build DIR] [--rounds 5]
                                 [--before CHECKOUT ...] [--json FILE]

Starts, each in its own process on a free loopback port, the dashboard's server on the
real build and a one-chart Dash app (the same Dash, a bar chart of ten values, nothing
else), then in Debian's headless Chromium, the pages interleaved round by round:
1. cold: a fresh browser context (empty cache) per visit; time from navigation to the first
   view drawn: every chart in the window drawn (charts and grids further down are drawn
   when they come near the view, `dashboard/assets/near_view.js`), each `.dash-graph`
   holding a drawn plot, and no callback pending;
2. warm: the same page again in that context (its files cached);
3. scrolled: the page again, scrolled down as soon as each chart or grid below is there,
   to every chart and grid of the page drawn (what the page as a whole costs);
4. the first view's weight: the bytes the browser received for it (`transferSize` of the
   page and every resource, compressed as served) and what they unpack to;
5. control changes on the country page: from the key that picks a country (or a year)
   to every chart of the page redrawn (each chart's `plotly_afterplot` after the key).
With `--before CHECKOUT` the dashboard of another checkout (say, main before a change) is
served too, on the same build, and its pages are interleaved with these; given more than
once, each checkout's pages are named after its folder.
Prints medians and each page's ratio to the one-chart page measured in the same run, with
the load average (the machine is shared: compare within one run, not across runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from tests.support.near_view import CHARTS_DRAWN, FIRST_VIEW_DRAWN, SCROLL_TO_PENDING
from tests.support.servers import CHROMIUM, CHROMIUM_ARGS, SERVER_CODE, free_port

ROOT = Path(__file__).resolve().parents[1]
# `python -c ONE_CHART_CODE PORT`: the smallest Dash page with one chart.
ONE_CHART_CODE = """
import sys
from dash import Dash, dcc
app = Dash("one_chart", serve_locally=True)
app.layout = dcc.Graph(id="g", figure={"data": [{"type": "bar", "x": list(range(10)),
                                                 "y": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]}]})
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""
PAGES = {"one-chart Dash page": "", "country": "/?country=Pakistan", "pair": "/pair",
         "world": "/world", "factsheet": "/factsheet"}
BASELINE = "one-chart Dash page"
BEFORE = " (before)"  # the name suffix of the pages served from one --before CHECKOUT
DRAWN = FIRST_VIEW_DRAWN  # the first view drawn (as the browser tests wait for it)
# Scrolled down to each chart or grid not drawn yet; true once every one shown is drawn (a
# grid with its first cells, or saying it has no rows) and no callback is pending.
SCROLLED = f"""() => ({SCROLL_TO_PENDING})() && (() => {{
  const grids = document.querySelectorAll('.ag-root-wrapper');
  return !!document.querySelector('.dash-graph') && {CHARTS_DRAWN}
    && [...grids].every(g => g.querySelector('.ag-cell-value, .ag-overlay-no-rows-center'))
    && !document.querySelector('[data-dash-is-loading="true"]');
}})()"""
# Bytes received for the page and every resource: compressed (as sent) and unpacked.
WEIGHT = """() => {
  const all = [...performance.getEntriesByType('navigation'),
               ...performance.getEntriesByType('resource')];
  return {sent: all.reduce((s, e) => s + e.transferSize, 0),
          body: all.reduce((s, e) => s + e.decodedBodySize, 0),
          files: all.length};
}"""
# Note each chart's draws (a chart drawn for the first time after the key, as it comes
# near the view, too) and the time of the last key pressed.
WATCH = """() => {
  const b = window.__bench = {key: 0, drawn: {}, charts: 0};
  if (!window.__benchKeys) {
    window.__benchKeys = true;
    document.addEventListener('keydown', () => { window.__bench.key = performance.now(); },
                              true);
    new MutationObserver(() => window.__benchHook()).observe(document.body,
                                                            {childList: true, subtree: true});
  }
  window.__benchHook = () => document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    if (gd.__bench === b) return;
    gd.__bench = b;
    const i = b.charts++;
    gd.on('plotly_afterplot', () => { b.drawn[i] = performance.now(); });
  });
  window.__benchHook();
}"""
# Milliseconds from the key to the last chart redrawn, once every chart redrew after it.
REDRAWN = """() => {
  const b = window.__bench;
  const after = Object.values(b.drawn).filter(t => t > b.key);
  if (!b.key || after.length < b.charts
      || document.querySelector('[data-dash-is-loading="true"]')) return null;
  return Math.max(...after) - b.key;
}"""
VIEWPORT = {"width": 1440, "height": 900}
TIMEOUT = 120_000  # ms: generous on a shared machine; the figures are what is measured


@contextmanager
def server(args: list[str], port: int, checkout: Path = ROOT) -> Iterator[str]:
    """A server started as `python -c ...` on `port` with the code of `checkout`, answering
    '/'; stopped on exit."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-c", *args], stdout=log, cwd=checkout,
                                stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_up(url + "/", proc)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    """Wait until `url` answers; raise if the server exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def draw_time(page: Any, url: str, drawn: str = DRAWN) -> float:
    """Seconds from navigation to `drawn` true (the page's own clock)."""
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_function(drawn, timeout=TIMEOUT)  # polled at each frame: between frames it
    # would force a layout of the page being built
    return float(page.evaluate("() => performance.now()")) / 1000


def visit(browser: Any, url: str) -> dict[str, Any]:
    """One cold and one warm visit of `url` in a fresh context (its own empty cache):
    seconds to every chart drawn, and the first visit's weight."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        cold = draw_time(page, url)
        weight = page.evaluate(WEIGHT)
        warm = draw_time(page, url)
        scrolled = draw_time(page, url, SCROLLED)
        return {"cold": cold, "warm": warm, "scrolled": scrolled, **weight}
    finally:
        context.close()


def redraw_ms(page: Any, keys: Any) -> float:
    """Milliseconds from the key `keys(page)` presses last to every chart redrawn."""
    page.evaluate(WATCH)
    keys(page)
    handle = page.wait_for_function(REDRAWN, timeout=TIMEOUT)
    return float(handle.json_value())


FIRST_OPTION_IS = """(name) => (document.querySelector(
  '.dash-dropdown-content .dash-dropdown-option')?.innerText || '').trim().startsWith(name)"""


def pick_country(name: str) -> Any:
    """Keys that open the country dropdown, write `name` into its search box and pick it
    with Enter once the list has narrowed to it. Typed at once after the list opens, the
    first keys can miss the search box, and Enter takes the first option of the list as
    last drawn: both picked another country, or the one shown again (no redraw)."""
    def keys(page: Any) -> None:
        page.focus("#country-country")
        page.keyboard.press("Enter")
        page.wait_for_selector(".dash-dropdown-content[data-state='open']", timeout=TIMEOUT)
        page.fill(".dash-dropdown-content .dash-dropdown-search", name)
        page.wait_for_function(FIRST_OPTION_IS, arg=name, timeout=TIMEOUT)
        page.keyboard.press("Enter")
    return keys


def first_year(year: int) -> Any:
    """Keys that type `year` as the first year and apply it with Enter."""
    def keys(page: Any) -> None:
        page.locator("#country-years input.dash-range-slider-min-input").click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(year))
        page.keyboard.press("Enter")
    return keys


def control_changes(browser: Any, url: str, rounds: int) -> dict[str, list[float]]:
    """Redraw times of country and first-year changes on the country page (a change not
    redrawn in time is left out, and said so)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport=VIEWPORT)
    out: dict[str, list[float]] = {"country": [], "years": []}
    try:
        page = context.new_page()
        page.goto(url + PAGES["country"])
        page.wait_for_function(DRAWN, timeout=TIMEOUT)
        countries = ["India", "Pakistan"]
        for i in range(rounds):
            for name, keys in (("country", pick_country(countries[i % 2])),
                               ("years", first_year(2000 + i))):
                try:
                    out[name].append(redraw_ms(page, keys))
                except PlaywrightTimeout:  # a key lost on a loaded machine: say so, go on
                    print(f"{url}: a {name} change was not redrawn within "
                          f"{TIMEOUT / 1000:.0f} s; left out", file=sys.stderr)
        return out
    finally:
        context.close()


def tags(before: list[Path]) -> dict[str, Path]:
    """The name suffix of each checkout's pages: none for this one, ' (before)' for one
    other, ' (FOLDER)' for each of several."""
    if len(before) == 1:
        return {"": ROOT, BEFORE: before[0]}
    return {"": ROOT, **{f" ({path.resolve().name})": path for path in before}}


def run(build: Path, rounds: int, before: list[Path] | None = None) -> dict[str, Any]:
    """Every measure, pages interleaved round by round; with `before`, the dashboards of
    those checkouts too (same build), their pages named as `tags` says."""
    from playwright.sync_api import sync_playwright

    checkouts = tags(before or [])
    one_port = free_port()
    with ExitStack() as stack:
        urls = {tag: stack.enter_context(server([SERVER_CODE, str(build), str(port)], port,
                                                root))
                for tag, root in checkouts.items() for port in [free_port()]}
        one_url = stack.enter_context(server([ONE_CHART_CODE, str(one_port)], one_port))
        driver = stack.enter_context(sync_playwright())
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                         headless=True)
        base = {BASELINE: one_url, **{name + tag: url + path for tag, url in urls.items()
                                      for name, path in PAGES.items() if name != BASELINE}}
        visits: dict[str, list[dict[str, Any]]] = {name: [] for name in base}
        for name in base:  # a first visit each, not counted (server-side first answers)
            visit(browser, base[name])
        for _ in range(rounds):
            for name in base:
                visits[name].append(visit(browser, base[name]))
        changes: dict[str, list[float]] = {}
        for tag, url in urls.items():
            for name, times in control_changes(browser, url, rounds).items():
                changes[name + tag] = times
        browser.close()
    return {"pages": visits, "changes": changes}


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """Medians per page and measure, and each page's ratio to the one-chart page."""
    pages = {name: {key: statistics.median(v[key] for v in visits)
                    for key in ("cold", "warm", "scrolled", "sent", "body", "files")}
             for name, visits in result["pages"].items()}
    base = pages[BASELINE]
    for row in pages.values():
        row["cold_ratio"] = row["cold"] / base["cold"]
        row["warm_ratio"] = row["warm"] / base["warm"]
    changes = {name: statistics.median(v) if v else float("nan")
               for name, v in result["changes"].items()}
    return {"pages": pages, "changes_ms": changes}


def report(summ: dict[str, Any], rounds: int, load: tuple[float, float]) -> str:
    """The summary as a printed table."""
    lines = [f"medians of {rounds}; load average {load[0]:.1f} before, {load[1]:.1f} after",
             f"{'page':22s} {'cold s':>7s} {'x one':>6s} {'warm s':>7s} {'x one':>6s} "
             f"{'scrolled':>8s} {'sent MB':>8s} {'unpacked':>9s} {'files':>6s}"]
    for name, row in summ["pages"].items():
        lines.append(f"{name:22s} {row['cold']:7.2f} {row['cold_ratio']:6.2f} "
                     f"{row['warm']:7.2f} {row['warm_ratio']:6.2f} {row['scrolled']:8.2f} "
                     f"{row['sent'] / 1e6:8.2f} {row['body'] / 1e6:9.2f} "
                     f"{row['files']:6.0f}")
    lines.append("country page, key to every chart redrawn (ms): " + ", ".join(
        f"{name} {ms:.0f}" for name, ms in summ["changes_ms"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the browser benchmark and print its table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--from", dest="sources", type=Path, default=Path("../shared/sipri"))
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="also serve the dashboard of this checkout (interleaved); "
                             "may be given more than once")
    parser.add_argument("--json", type=Path, help="also write every measure here")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 2
    build = args.build
    if build is None:
        from etl.build import build as run_build

        build = Path(tempfile.mkdtemp(prefix="armsdash-browser-bench-")) / "build"
        run_build([args.sources], build)
    before = os.getloadavg()[0]
    result = run(build, args.rounds, args.before)
    summ = summary(result)
    print(report(summ, args.rounds, (before, os.getloadavg()[0])))
    if args.json:
        args.json.write_text(json.dumps({**result, "summary": summ}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
