"""The dashboard in real headless Chromium on the real build: every page loads with an
empty console, a control changes the chart and the URL, a copied URL restores the view,
the CSV download matches the chart; screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = pytest.mark.browser


def figure_of(page: Any, graph_id: str) -> dict[str, Any]:
    """The figure a dcc.Graph has drawn (its data and layout), read from the browser."""
    return json.loads(page.evaluate(
        """(id) => { const gd = document.getElementById(id).querySelector('.js-plotly-plot');
                     return JSON.stringify({data: gd.data, layout: {title: gd.layout.title,
                                            annotations: gd.layout.annotations}}); }""",
        graph_id))


@pytest.mark.parametrize(("path", "graphs", "name"), [
    ("/", 4, "country_default"), ("/world", 3, "world_default"),
    ("/?country=Turkiye&side=exports", 4, "country_turkiye_exports"),
    ("/?release=2026-05-18&country=India", 4, "country_india_estimated"),
    ("/?country=Atlantis&years=1900-1910", 4, "country_bad_url"),
])
def test_pages_load_with_an_empty_console(live_url: str, browser_page: tuple[Any, list[str]],
                                          path: str, graphs: int, name: str) -> None:
    page, console = browser_page
    page.goto(live_url + path)
    wait_drawn(page, graphs)
    screenshot(page, name)
    assert console == []
    title = figure_of(page, (ids.ANNUAL if path != "/world" else ids.WORLD_MAP).graph)
    assert "release" in title["layout"]["annotations"][0]["text"]


def test_about_page(live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/about")
    page.wait_for_selector(f"#{ids.ABOUT_RELEASES} table")
    # the text is Markdown, drawn once Dash's markdown bundle has loaded (after the table)
    page.wait_for_function("() => document.body.innerText.includes('financial value')",
                           timeout=15_000)
    text = page.inner_text("body")
    assert "not the financial value" in text and "2026-05-18" in text
    screenshot(page, "about")
    assert console == []


def test_bad_url_shows_a_notice(live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/?country=Atlantis")
    wait_drawn(page, 4)
    assert "Unknown country 'Atlantis'" in page.inner_text(f"#{ids.COUNTRY_CONTROLS.notice}")


def test_control_changes_chart_and_url_and_the_url_restores_it(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/")
    wait_drawn(page, 4)
    before = figure_of(page, ids.ANNUAL.graph)
    page.get_by_label("Exports (recipients)").check()
    page.wait_for_function("() => window.location.search.includes('side=exports')")
    wait_drawn(page, 4)
    page.wait_for_function(
        "(id) => document.getElementById(id).querySelector('.gtitle').textContent"
        ".includes('exports')", arg=ids.ANNUAL.graph)
    after = figure_of(page, ids.ANNUAL.graph)
    assert after["data"] != before["data"]
    url = page.url
    headline = page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}")
    page.goto("about:blank")
    page.goto(url)
    wait_drawn(page, 4)
    assert page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}") == headline
    assert figure_of(page, ids.ANNUAL.graph)["data"] == after["data"]
    screenshot(page, "country_exports_restored")
    assert console == []


def test_csv_download_matches_the_chart(live_url: str, tmp_path: Any,
                                        browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/?country=Pakistan&top=5")
    wait_drawn(page, 4)
    fig = figure_of(page, ids.ANNUAL.graph)
    with page.expect_download() as download:
        page.click(f"#{ids.ANNUAL.csv}")
    saved = tmp_path / "annual.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["release"] for r in rows} == {"2026-02-12"}
    from_csv: dict[tuple[str, int], float] = {
        (r["supplier"], int(r["year"])): float(r["tiv_millions"]) for r in rows}
    bars = [t for t in fig["data"] if t.get("type") == "bar"]  # not the event markers
    from_chart = {(t["name"], int(x)): float(y) for t in bars
                  for x, y in zip(t["x"], t["y"], strict=True)}
    assert from_csv.keys() == from_chart.keys()
    for key, value in from_chart.items():
        assert abs(from_csv[key] - value) < 1e-3


def test_png_and_svg_export(live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Pakistan&side=imports&release=2026-02-12")
    wait_drawn(page, 4)
    for button, suffix in ((ids.SHARES.svg, ".svg"), (ids.SHARES.png, ".png")):
        with page.expect_download() as download:
            page.click(f"#{button}")
        name = download.value.suggested_filename
        assert name.startswith("supplier-shares_imports_Pakistan_"), name
        assert name.endswith(f"_release-2026-02-12{suffix}"), name
    assert console == []
