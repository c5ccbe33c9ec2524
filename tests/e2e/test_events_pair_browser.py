"""Article events on the pair page and in the deal grids, in real headless Chromium on the
real build.

Türkiye → Pakistan: every time chart carries the events involving both countries (read
from the curated files here, not from the dashboard); clicking the TB2 marker opens the
event's panel and highlights SIPRI deal 65816, shown first in the grid; the drone-plant
report (December 2025, release 2026-05-18) highlights 65816 and 65859; the URL with the
events settings restores them; the country page's marker click highlights the same deal
in its grid; the events page links an event to the views it belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from etl.events.model import load_events
from etl.store import read_table
from tests.conftest import ROOT
from tests.e2e.conftest import chart_spot, screenshot, wait_drawn
from tests.e2e.test_deals_browser import default_release, grid_rows, summary_total

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

PAIR = "/pair?supplier=Turkiye&recipient=Pakistan"
GRAPHS = ("pair-category-graph", "pair-share-graph", "pair-timeline-graph")
TB2, PLANT, MILGEM = ("pk-acquires-bayraktar-tb2-2021", "tr-pk-drone-assembly-plant-2025-12",
                      "tr-pk-milgem-corvettes")
TB2_DEAL, AKINCI_DEAL = 65816, 65859

EVENT_IDS_JS = """(graphId) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const t = gd.data.find(d => d.name === 'Events');
  return t ? Array.from(t.customdata) : [];
}"""
MARKER_JS = """([graphId, eventId]) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  for (const group of gd.querySelectorAll('.scatterlayer .trace')) {
    const cd = group.__data__;
    if (!cd || !cd[0] || cd[0].trace.name !== 'Events') { continue; }
    for (const p of group.querySelectorAll('.point')) {
      if (cd[0].trace.customdata[p.__data__.i] === eventId) {
        const r = p.getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
      }
    }
  }
  return null;
}"""

ROW_COLOURS_JS = """([gridId, n]) => {
  // the first n rows in the grid's highlight colour (#fff3cd), the next one not
  const colour = (i) => {
    const row = document.querySelector(
      `#${gridId} .ag-center-cols-container .ag-row[row-index='${i}']`);
    return row ? getComputedStyle(row).backgroundColor : null;
  };
  const marked = 'rgb(255, 243, 205)';
  for (let i = 0; i < n; i++) { if (colour(i) !== marked) { return false; } }
  const next = colour(n);
  return next === null || next !== marked;
}"""


def events_involving(countries: set[str], first: int, last: int) -> set[str]:
    """Dated curated events involving all of the countries within the years (from the
    files themselves)."""
    loaded = load_events(ROOT / "data" / "events")
    return {ev.id for ev in loaded.events
            if ev.date and countries <= set(ev.countries) and first <= int(ev.date[:4]) <= last}


def release_years(build: Path, release: str) -> tuple[int, int]:
    """First and last delivery year of a release in the build."""
    rel = read_table(build, "releases").set_index("release").loc[release]
    return int(rel["first_year"]), int(rel["last_year"])


def event_ids(page: Any, graph_id: str) -> list[str]:
    """The event ids a chart marks."""
    return list(page.evaluate(EVENT_IDS_JS, graph_id))


def click_marker(page: Any, graph_id: str, event_id: str) -> None:
    """Click an event's ▼ on a chart."""
    point = chart_spot(page, graph_id, MARKER_JS, [graph_id, event_id])
    page.mouse.click(point["x"], point["y"])


def url_query(page: Any) -> dict[str, list[str]]:
    """The address bar's query string, parsed (read in the page: `page.url` can lag behind
    the history.replaceState the dashboard uses to keep the URL on the view)."""
    return parse_qs(page.evaluate("() => location.search").lstrip("?"))


def wait_url(page: Any, text: str) -> None:
    """Wait until the address bar holds `text`."""
    page.wait_for_function("(t) => decodeURIComponent(location.search).includes(t)",
                           arg=text, timeout=15_000)


def follow(page: Any, live_url: str, link: Any) -> dict[str, list[str]]:
    """Open a link's address (a full load: a click on a link to the page already shown
    re-renders it in place, which a test cannot tell apart from the old content); return
    its query."""
    href = link.get_attribute("href")
    assert href and href.startswith("/"), href
    page.goto(live_url + href)
    return parse_qs(urlsplit(href).query)


def highlighted_first(page: Any, grid: str, summary: str, deals: list[int]) -> None:
    """The grid's summary names the highlighted deals, and they are its first rows, marked
    and drawn in the highlight colour."""
    label = ", ".join(map(str, deals))
    count, _total = summary_total(page, summary, f"Highlighted and shown first: deal"
                                                 f"{'s' if len(deals) > 1 else ''} {label}")
    rows = grid_rows(page, grid, min(count, 50))
    assert {r["deal_id"] for r in rows[:len(deals)]} == set(deals)
    assert all(r["highlight"] for r in rows[:len(deals)])
    assert not any(r["highlight"] for r in rows[len(deals):])
    page.locator(f"#{grid}").scroll_into_view_if_needed()
    page.wait_for_function(ROW_COLOURS_JS, arg=[grid, len(deals)], timeout=15_000)


def test_pair_page_marks_events_and_a_click_highlights_the_linked_deal(
        live_url: str, real_build: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    release = default_release(real_build)
    first, last = release_years(real_build, release)
    expected = events_involving({"Turkiye", "Pakistan"}, first, last)
    assert TB2 in expected and PLANT not in expected  # the plant report is dated 2025

    page.goto(live_url + PAIR)
    wait_drawn(page, 3)
    assert set(event_ids(page, "pair-category-graph")) == expected
    assert set(event_ids(page, "pair-share-graph")) == expected
    assert TB2 in event_ids(page, "pair-timeline-graph")
    assert set(event_ids(page, "pair-timeline-graph")) <= expected
    summary_total(page, "pair-deals-summary", "Türkiye → Pakistan")

    click_marker(page, "pair-category-graph", TB2)
    page.wait_for_selector("#pair-events-panel .event-title")
    panel = page.inner_text("#pair-events-panel")
    assert "Pakistan acquires Bayraktar TB2" in panel
    assert str(TB2_DEAL) in panel and "Bayraktar TB-2" in panel
    wait_url(page, f"event={TB2}")
    assert url_query(page)["deal"] == [str(TB2_DEAL)]
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL])
    screenshot(page, "events-pair-tb2-highlighted")

    # The URL restores the open event and the highlighted deal.
    restored = page.evaluate("() => location.href")
    page.goto(restored)
    wait_drawn(page, 3)
    assert "Pakistan acquires Bayraktar TB2" in page.inner_text("#pair-events-panel")
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL])

    # The panel's deal id opens the pair page with that deal highlighted.
    page.goto(live_url + PAIR)
    wait_drawn(page, 3)
    click_marker(page, "pair-timeline-graph", TB2)
    page.wait_for_selector("#pair-events-panel .event-title")
    query = follow(page, live_url, page.locator("#pair-events-panel .event-deals a",
                                                has_text=str(TB2_DEAL)))
    assert query["deal"] == [str(TB2_DEAL)] and query["event"] == [TB2]
    wait_drawn(page, 3)
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL])
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_a_clicked_bar_gives_way_to_the_event_and_markers_on_other_charts(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAIR + "&deals=2023")
    wait_drawn(page, 3)
    summary_total(page, "pair-deals-summary", "Türkiye → Pakistan, 2023")
    click_marker(page, "pair-timeline-graph", TB2)
    page.wait_for_selector("#pair-events-panel .event-title")
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL])
    assert "deals" not in url_query(page)  # the grid shows all the view's deals again
    click_marker(page, "pair-share-graph", MILGEM)
    page.wait_for_function(
        "() => document.getElementById('pair-events-panel').innerText.includes('MILGEM')",
        timeout=15_000)
    wait_url(page, f"event={MILGEM}")
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [50239])
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_drone_plant_report_highlights_both_drone_deals(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAIR + "&release=2026-05-18&years=2010-2025")
    wait_drawn(page, 3)
    for graph in GRAPHS:
        assert PLANT in event_ids(page, graph), graph
    click_marker(page, "pair-category-graph", PLANT)
    page.wait_for_selector("#pair-events-panel .event-title")
    panel = page.inner_text("#pair-events-panel")
    assert "drone assembly plant" in panel
    assert str(TB2_DEAL) in panel and str(AKINCI_DEAL) in panel
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL, AKINCI_DEAL])
    query = url_query(page)
    assert query["event"] == [PLANT] and query["deal"] == [str(TB2_DEAL), str(AKINCI_DEAL)]
    screenshot(page, "events-pair-drone-plant-highlighted")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_pair_url_event_settings_hide_filter_and_restore(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAIR + "&events=off")
    wait_drawn(page, 3)
    for graph in GRAPHS:
        assert event_ids(page, graph) == [], graph
    assert not page.is_checked("#pair-events-show")

    page.goto(live_url + PAIR + "&tag=naval")
    wait_drawn(page, 3)
    assert event_ids(page, "pair-category-graph") == [MILGEM]
    assert "naval" in page.inner_text("#pair-events-tags")

    # Switching the markers off in the page writes the setting to the URL, and that URL
    # restores it (tags kept).
    page.click("#pair-events-show")
    wait_url(page, "events=off")
    page.wait_for_function(
        "() => !document.querySelector('#pair-category-graph .js-plotly-plot')"
        ".data.some(d => d.name === 'Events')", timeout=15_000)
    assert url_query(page)["tag"] == ["naval"]
    page.goto(page.evaluate("() => location.href"))
    wait_drawn(page, 3)
    assert event_ids(page, "pair-category-graph") == []
    assert not page.is_checked("#pair-events-show")
    assert "naval" in page.inner_text("#pair-events-tags")
    screenshot(page, "events-pair-hidden")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_country_page_marker_highlights_the_linked_deal_in_its_grid(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4)
    summary_total(page, "country-deals-summary", "→ Pakistan")
    click_marker(page, "country-annual-graph", TB2)
    page.wait_for_selector("#country-events-panel .event-title")
    highlighted_first(page, "country-deals-grid", "country-deals-summary", [TB2_DEAL])
    screenshot(page, "events-country-tb2-highlighted")
    # The panel's deal id opens the pair page with the deal highlighted and the event open.
    query = follow(page, live_url, page.locator("#country-events-panel .event-deals a",
                                                has_text=str(TB2_DEAL)))
    assert query["event"] == [TB2]
    wait_drawn(page, 3)
    assert page.evaluate("() => location.pathname") == "/pair"
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL])
    assert "Pakistan acquires Bayraktar TB2" in page.inner_text("#pair-events-panel")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_events_page_links_each_event_to_its_views(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/events?tag=drones")
    page.wait_for_selector(".event-card")
    card = page.locator(".event-card", has_text="combat-drone assembly plant")
    hrefs = [a.get_attribute("href") for a in card.locator("a.event-view-link").all()]
    # Dated December 2025: only release 2026-05-18 covers it, so the links choose it.
    assert "/?country=Pakistan&release=2026-05-18" in hrefs
    assert "/?country=Turkiye&release=2026-05-18" in hrefs
    pair = [h for h in hrefs if h and h.startswith("/pair?")]
    assert len(pair) == 1
    query = parse_qs(urlsplit(pair[0]).query)
    assert query["supplier"] == ["Turkiye"] and query["recipient"] == ["Pakistan"]
    assert query["release"] == ["2026-05-18"] and query["event"] == [PLANT]
    assert query["deal"] == [str(TB2_DEAL), str(AKINCI_DEAL)]
    follow(page, live_url, card.locator("a.event-view-link", has_text="→"))
    wait_drawn(page, 3)
    assert PLANT in event_ids(page, "pair-category-graph")
    assert "drone assembly plant" in page.inner_text("#pair-events-panel")
    highlighted_first(page, "pair-deals-grid", "pair-deals-summary", [TB2_DEAL, AKINCI_DEAL])
    page.goto(live_url + "/events?tag=drones")
    page.wait_for_selector(".event-card")
    follow(page, live_url, page.locator(".event-card", has_text="combat-drone assembly plant")
           .locator("a.event-view-link", has_text="Pakistan profile"))
    wait_drawn(page, 4)
    assert PLANT in event_ids(page, "country-annual-graph")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))
