"""The smaller things an analyst reads on the pages, in real headless Chromium on the real
build: the world page says its figures in a sentence (reconciled with SIPRI's fact sheet
for 2020–24) and its map's colour bar says it is on a log scale."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
# SIPRI fact sheet "Trends in international arms transfers, 2024" (March 2025): shares of
# world exports and imports in 2020–24.
EXPORTERS = "the United States supplied 43% of world arms exports, France 9.6%, Russia 7.8%"
IMPORTERS = "Ukraine received 8.8% of world arms imports, India 8.3%"


def test_world_page_says_its_figures_in_a_sentence(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    for side, sentence in (("exports", EXPORTERS), ("imports", IMPORTERS)):
        page.goto(live_url + f"/world?side={side}&release={RELEASE}&period=2024")
        wait_drawn(page, 3)
        headline = page.inner_text(f"#{ids.WORLD_CONTROLS.headline}")
        assert headline.startswith(f"In 2020–24 {sentence}"), headline
        assert f"release {RELEASE}" in headline
        bar = page.evaluate("(id) => document.getElementById(id).querySelector('.colorbar')"
                            ".textContent", ids.WORLD_MAP.graph)
        assert "log scale" in bar and "1,000" in bar
    assert console == [], "\n".join(console)


# An undated Türkiye–Pakistan event from an article that names neither outlet nor title.
UNNAMED = "tr-pk-joint-facility-drones-stealth-fighters"


def test_the_event_panel_names_its_source_and_closes(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    panel = f"#{ids.PAIR_EVENTS.panel}"
    close = f"#{ids.PAIR_EVENTS.close}"
    page.goto(live_url + f"/pair?supplier=Turkiye&recipient=Pakistan&event={UNNAMED}")
    wait_drawn(page, 3)
    page.wait_for_selector(f"{panel} .event-title")
    source = page.inner_text(f"{panel} .event-source")
    assert "names neither its outlet nor its title" in source, source
    assert ".txt" not in page.inner_text(panel)
    assert page.is_visible(close)
    page.click(close)
    page.wait_for_function("() => !window.location.search.includes('event=')")
    page.wait_for_selector(f"{panel} .event-title", state="detached")
    assert "Click an event marker" in page.inner_text(panel)
    assert not page.is_visible(close)  # nothing open, nothing to close
    assert "supplier=Turkiye" in page.url and "recipient=Pakistan" in page.url

    # On the country page too: the open event leaves the URL with its panel.
    page.goto(live_url + f"/?country=Pakistan&side=imports&event={UNNAMED}")
    wait_drawn(page, 4)
    page.wait_for_selector(f"#{ids.COUNTRY_EVENTS.panel} .event-title")
    page.click(f"#{ids.COUNTRY_EVENTS.close}")
    page.wait_for_function("() => !window.location.search.includes('event=')")
    assert "Click an event marker" in page.inner_text(f"#{ids.COUNTRY_EVENTS.panel}")
    assert "country=Pakistan" in page.url
    assert console == [], "\n".join(console)


def test_a_pair_opens_on_its_own_years_and_says_what_rolling_sums_count(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    # Türkiye's first recorded order for Kazakhstan is from 1999 (SIPRI's AB-25 patrol
    # boat), in a release covering 1995-2024.
    page.goto(live_url + f"/pair?supplier=Turkiye&recipient=Kazakhstan&release={RELEASE}")
    wait_drawn(page, 3)
    page.wait_for_function("() => window.location.search.includes('years=1999-2024')")
    source = page.evaluate(
        """(id) => document.getElementById(id).querySelector('.js-plotly-plot')
             .layout.annotations.find(a => a.name === 'source').text""", ids.PAIR_SHARE.graph)
    assert "the points for 1999–2002 also count years before 1999" in source, source
    assert console == [], "\n".join(console)
