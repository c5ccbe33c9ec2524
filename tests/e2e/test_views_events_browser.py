"""An analyst's walk through the Türkiye–Kazakhstan story, in real headless Chromium on the
real build: events stay on their pair, undated events are listed beside the charts and open
their panel, context events say so, and open orders carry SIPRI's comment.

Expected events are read from the curated files here (not from the dashboard); the Anka-S
deal and its comment are read from the build's deals table.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from etl.events.model import load_events
from etl.store import read_table
from tests.conftest import ROOT
from tests.e2e.conftest import screenshot, wait_drawn
from tests.e2e.test_deals_browser import default_release
from tests.e2e.test_events_pair_browser import release_years, url_query, wait_url

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

JV = "tr-kz-uav-joint-venture"
KZ_PAIR = "/pair?supplier=Turkiye&recipient=Kazakhstan"
PAIR_GRAPHS = ("pair-category-graph", "pair-share-graph", "pair-timeline-graph")
CAVEAT = "probably selected 2022 but not yet ordered"

MARKED_JS = """(graphId) => {
  // every event id any trace of the chart carries (customdata of marker traces)
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const out = [];
  for (const t of gd.data) {
    if (t.type !== 'scatter' || !t.customdata) { continue; }
    for (const c of t.customdata.flat ? t.customdata.flat() : t.customdata) {
      if (typeof c === 'string') { out.push(c); }
    }
  }
  return out;
}"""
HOVER_JS = """(graphId) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const out = [];
  for (const t of gd.data) {
    const h = t.hovertext;
    if (Array.isArray(h)) { out.push(...h.map(String)); }
  }
  return out;
}"""


def curated() -> list[Any]:
    """The curated events, from the files."""
    return load_events(ROOT / "data" / "events").events


def anka_s_open_order(build: Path) -> dict[str, Any]:
    """SIPRI's open Anka-S order for Kazakhstan in the build (the register that has it)."""
    deals = read_table(build, "deals")
    rows = deals[(deals["supplier"] == "Turkiye") & (deals["recipient"] == "Kazakhstan")
                 & (deals["designation"] == "Anka-S") & deals["open"].fillna(False)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_pair_page_shows_only_the_pairs_events_and_lists_undated_ones(
        live_url: str, real_build: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    release = default_release(real_build)
    first, last = release_years(real_build, release)
    events = curated()
    both = {e.id for e in events if e.date and {"Turkiye", "Kazakhstan"} <= set(e.countries)
            and first <= int(e.date[:4]) <= last}
    pakistan = {e.id for e in events if "Pakistan" in e.countries}
    assert pakistan and JV in {e.id for e in events if e.date is None}

    page.goto(live_url + KZ_PAIR)
    wait_drawn(page, 3, timeout=60_000)
    for graph in PAIR_GRAPHS:
        marked = set(page.evaluate(MARKED_JS, graph)) & {e.id for e in events}
        assert marked <= both and not marked & pakistan, (graph, marked)

    # The undated joint venture is listed beside the charts; a click opens it.
    entry = page.locator("#pair-events-undated .undated-event")
    assert entry.count() == 1
    assert "UAV joint venture" in entry.inner_text()
    assert "date not known" in page.inner_text("#pair-events-undated")
    entry.click()
    page.wait_for_selector("#pair-events-panel .event-deal-row")
    panel = page.inner_text("#pair-events-panel")
    order = anka_s_open_order(real_build)
    assert "Turkish Aerospace and Kazakhstan Engineering" in panel
    assert "Anka-S" in panel and CAVEAT in panel and CAVEAT in order["comments"]
    assert order["release"] in panel
    wait_url(page, f"event={JV}")
    assert url_query(page)["deal"] == [str(order["deal_id"])]
    assert url_query(page)["recipient"] == ["Kazakhstan"]
    screenshot(page, "views-pair-kazakhstan-jv")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_kazakhstans_page_shows_its_undated_event_and_the_anka_s_caveat(
        live_url: str, real_build: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    order = anka_s_open_order(real_build)
    page.goto(live_url + f"/?country=Kazakhstan&side=imports&release={order['release']}")
    wait_drawn(page, 3, timeout=60_000)
    entry = page.locator("#country-events-undated .undated-event",
                         has_text="UAV joint venture")
    assert entry.count() == 1
    entry.click()
    page.wait_for_selector("#country-events-panel .event-deal-row")
    assert CAVEAT in page.inner_text("#country-events-panel")
    wait_url(page, f"event={JV}")
    assert url_query(page)["country"] == ["Kazakhstan"]  # the view kept, the event added
    assert "licence" in page.inner_text("#country-events-panel .event-link-note")

    # The URL restores the open event.
    page.goto(page.evaluate("() => location.href"))
    wait_drawn(page, 3, timeout=60_000)
    assert CAVEAT in page.inner_text("#country-events-panel")

    # The open orders table carries SIPRI's comment beside the Anka-S order.
    pipeline = page.locator("#country-deals-pipeline")
    pipeline.scroll_into_view_if_needed()
    row = pipeline.locator("tr", has_text="Anka-S")
    row.first.wait_for(timeout=15_000)
    text = row.first.inner_text()
    assert "2022" in text and CAVEAT in text
    assert "SIPRI comment" in pipeline.inner_text()
    screenshot(page, "views-kazakhstan-pipeline")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_context_events_say_so_on_charts_and_in_the_list(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    events = curated()
    context = [e for e in events if "context" in e.tags and "Turkiye" in e.countries]
    dated = [e for e in context if e.date and 1995 <= int(e.date[:4]) <= 2024]
    undated = [e for e in context if e.date is None]
    assert dated and undated

    page.goto(live_url + "/?country=Turkiye&side=exports")
    wait_drawn(page, 3, timeout=60_000)
    hovers = page.evaluate(HOVER_JS, "country-annual-graph")
    for ev in dated:
        assert any(html.escape(f"Context: {ev.title}")[:60] in h for h in hovers), ev.id
    plain = [e for e in events if "context" not in e.tags and e.date
             and "Turkiye" in e.countries and 1995 <= int(e.date[:4]) <= 2024]
    for ev in plain:
        assert not any(html.escape(f"Context: {ev.title}")[:60] in h for h in hovers), ev.id
    listed = page.locator("#country-events-undated .undated-event").all_inner_texts()
    for ev in undated:
        assert any(t.startswith(f"Context: {ev.title}") for t in listed), (ev.id, listed)
    page.locator("#country-events-undated .undated-event",
                 has_text=undated[0].title).click()
    page.wait_for_selector("#country-events-panel .event-context")
    assert "not a transfer between the countries" in page.inner_text("#country-events-panel")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))
