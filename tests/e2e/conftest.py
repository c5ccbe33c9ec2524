"""Shared end-to-end fixtures: a real build, the dashboard on a free loopback port, and a
headless Chromium page that records its console.

    def test_x(live_url, browser_page):
        page, console = browser_page
        page.goto(live_url + "/?country=India")
        ...
        assert console == []

One Playwright driver (`sync_playwright`) runs per session and every browser test shares
it through these fixtures: Playwright's sync API cannot start while another instance is
running in the same thread ("Sync API inside the asyncio loop"), so no test starts its
own. The server writes its output to a log file (never to a pipe nobody reads, which
would stall it once full); a failing test that used it shows the log's end.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Generator, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REQUIRE_BROWSER, ROOT, skip_or_fail
from tests.support.near_view import CHARTS_DRAWN, PENDING, SCROLL_TO_PENDING
from tests.support.servers import CHROMIUM, CHROMIUM_ARGS, SERVER_CODE, free_port

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path,
                  timeout: float = 180) -> None:
    """Wait until `url` answers 200; fail with the server's output if it dies. The first
    request loads the build: 2-5 s on a quiet machine, about 55 s at a load average of 38."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the dashboard server exited ({proc.returncode}):\n{out[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the dashboard did not answer at {url} within {timeout} s")


SERVER_LOGS = pytest.StashKey[list[Path]]()
LOG_TAIL = 4000


def server_logs(config: pytest.Config) -> list[Path]:
    """The log files of the servers this session started (for failure reports)."""
    return config.stash.setdefault(SERVER_LOGS, [])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failing test that used a server gets the end of the server's log in its report."""
    report = yield
    if report.failed and report.when != "teardown":
        for log in server_logs(item.config):
            if log.exists():
                text = log.read_text(encoding="utf-8", errors="replace")
                report.sections.append((f"server log {log.parent.name} (end)",
                                        text[-LOG_TAIL:]))
    return report


@contextmanager
def dashboard_server(build: Path, log: Path, python: str | Path = sys.executable,
                     cwd: Path = ROOT, env: Mapping[str, str] | None = None,
                     **env_extra: str) -> Iterator[str]:
    """The dashboard's development server (`python`, default this one) on a build, in its
    own process on a free loopback port, with the environment given (default: this one
    with the checkout on the path) plus extra variables; stopped on exit."""
    port = free_port()
    env = {**(env if env is not None else {**os.environ, "PYTHONPATH": str(ROOT)}),
           **env_extra}
    with log.open("wb") as out:
        proc = subprocess.Popen([str(python), "-c", SERVER_CODE, str(build), str(port)],
                                cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url + "/", proc, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def live_url(real_build: Path, tmp_path_factory: pytest.TempPathFactory,
             pytestconfig: pytest.Config) -> Iterator[str]:
    """The dashboard on the real build, in its own process on a free loopback port."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    server_logs(pytestconfig).append(log)
    with dashboard_server(real_build, log) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """The session's one Playwright driver; skips where Chromium is missing."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} not installed", REQUIRE_BROWSER)
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


def launch(driver: Any, profile: str, **options: Any) -> Any:
    """A headless Chromium (Debian's) context with its own profile folder."""
    return driver.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        accept_downloads=True, **options)


@pytest.fixture(scope="session")
def chromium_context(playwright_driver: Any) -> Iterator[Any]:
    """A headless Chromium with a fresh profile, shared by the session's browser tests."""
    profile = tempfile.mkdtemp(prefix="armsdash-e2e-")
    try:
        context = launch(playwright_driver, profile, viewport={"width": 1440, "height": 900})
        try:
            yield context
        finally:
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser_page(chromium_context: Any) -> Iterator[tuple[Any, list[str]]]:
    """A new page and the list its console messages and page errors are written to."""
    page = chromium_context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    yield page, console
    page.close()


# The lazily loaded components (Dash fetches their code after the page: a Graph, a Markdown
# block, a grid) that the page's layout holds and has not drawn yet: their code is still
# loading or, where they have an id, their element is not on the page. A Markdown table
# is drawn after its code arrives, which can be after every chart is drawn (when the
# Plotly bundle comes with the page), so "charts drawn" alone does not mean "page drawn".
LAZY_PENDING = """() => {
  if (!window.store) return ['(no Dash store on the page)'];
  const pending = [];
  const walk = node => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    const dash = typeof node.type === 'string' && typeof node.namespace === 'string';
    if (dash) {
      const cls = (window[node.namespace] || {})[node.type];
      const id = node.props && node.props.id;
      const named = typeof id === 'string';
      if (cls && '_dashprivate_isLazyComponentReady' in cls
          && (cls._dashprivate_isLazyComponentReady !== true
              || (named && !document.getElementById(id))))
        pending.push(node.type + (named ? '#' + id : ''));
    }
    Object.values(dash ? node.props || {} : node).forEach(walk);
  };
  walk(window.store.getState().layout);
  return pending;
}"""


def wait_drawn(page: Any, graphs: int, timeout: float = 60_000) -> None:
    """Scroll down the page as an analyst does until every chart and grid is drawn, then
    back to where it was; wait until `graphs` Plotly charts are drawn, no Dash callback
    is pending and every lazily loaded component of the page is drawn (a page drawn in
    1-2 s on a quiet machine took over 15 s at a load average of 40); a timeout names
    what is missing."""
    drawn = f"""() => ({SCROLL_TO_PENDING})()
              && document.querySelectorAll('.js-plotly-plot .main-svg').length >= {graphs}
              && {CHARTS_DRAWN}
              && !document.querySelector('[data-dash-is-loading="true"]')
              && ({LAZY_PENDING})().length === 0"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    top = page.evaluate("() => window.scrollY")
    try:
        page.wait_for_function(drawn, timeout=timeout, polling=50)
    except PlaywrightTimeout as error:
        charts = page.evaluate("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                               ".length")
        pending = page.evaluate(LAZY_PENDING)
        boxes = page.evaluate(f"() => [...document.querySelectorAll('.{PENDING}')]"
                              ".map(e => e.id + ' ' + e.getBoundingClientRect().width + 'px wide')")
        undrawn = page.evaluate("() => [...document.querySelectorAll('.dash-graph')]"
                                ".filter(g => !g.querySelector('.main-svg')).map(g => g.id)")
        loading = page.evaluate("() => [...document.querySelectorAll("
                                "'[data-dash-is-loading=\"true\"]')].map(e => e.id || e.tagName)")
        grid_code = page.evaluate("() => window.dash_ag_grid?.codeState?.() ?? 'in the page'")
        raise AssertionError(f"page not drawn within {timeout / 1000:.0f} s: {charts} of "
                             f"{graphs} charts, charts put on the page but not drawn: "
                             f"{undrawn}, components not drawn: {pending}, not drawn near "
                             f"the view: {boxes}, callbacks pending for: {loading}, AG "
                             f"Grid's code: {grid_code}") from error
    page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", top)


def scroll_to(page: Any, element_id: str) -> None:
    """Scroll the element with `element_id` to the middle of the window, as an analyst
    scrolls down to a chart or grid (one further down is drawn only then), once the
    element is on the page."""
    page.wait_for_selector(f"#{element_id}", state="attached")
    page.evaluate("id => document.getElementById(id).scrollIntoView("
                  "{block: 'center', behavior: 'instant'})",
                  element_id)


def chart_spot(page: Any, graph_id: str, spot_js: str, arg: Any) -> dict[str, Any]:
    """Where on the screen `spot_js` (called with `arg`) finds a mark of the chart
    `graph_id`, once the chart is scrolled to the middle of the window, as an analyst
    brings a chart into view before pointing at it; fails if it finds none or the spot
    lies outside the window (the mouse would then point at nothing)."""
    scroll_to(page, graph_id)
    spot = page.evaluate(spot_js, arg)
    assert spot is not None, f"no mark for {arg} on {graph_id}"
    size = page.evaluate("() => [innerWidth, innerHeight]")
    assert 0 <= spot["x"] < size[0] and 0 <= spot["y"] < size[1], (
        f"the mark for {arg} on {graph_id} is outside the window {size}: {spot}")
    return spot


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def choose(page: Any, dropdown_id: str, label: str, tries: int = 3) -> None:
    """Open a dropdown, type `label` into its search box (if it has one) and click the
    option that begins with it, as an analyst does. The click, not Enter, picks: Enter
    takes the first option of the list as last drawn, which under load can still be the
    unfiltered list (a test that pressed Enter after typing "Pakistan" picked Afghanistan)."""
    option = page.locator(".dash-dropdown-content .dash-dropdown-option").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}"))
    for attempt in range(tries):
        page.click(f"#{dropdown_id}")
        try:
            page.locator(".dash-dropdown-content").wait_for(timeout=10_000)
            search = page.locator(".dash-dropdown-content .dash-dropdown-search")
            if search.count():
                search.fill(label)
            option.first.click(timeout=10_000)
            page.keyboard.press("Escape")
            return
        except Exception:  # the list did not open or did not narrow: open it again
            page.keyboard.press("Escape")
            if attempt == tries - 1:
                raise


def download_csv(page: Any, selector: str, folder: Path) -> tuple[str, list[dict[str, str]]]:
    """Click a download button as an analyst does: the file's suggested name and its rows
    (saved under `folder`)."""
    with page.expect_download() as download:
        page.click(selector)
    name: str = download.value.suggested_filename
    saved = folder / name
    download.value.save_as(saved)
    return name, list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
