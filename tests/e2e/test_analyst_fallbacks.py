"""Nothing the app changes is silent, in real headless Chromium on the real build: a country
a release lacks is announced (country and pair pages), a release switch keeps the years and
periods chosen and announces what the release cannot show, and the two-year extract is
labelled as such and leaves no two-year period behind."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard import ids
from tests.e2e.conftest import choose, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
C = ids.COUNTRY_CONTROLS


def notice(page: Any, notice_id: str) -> str:
    """The page's notice text, as the analyst reads it."""
    return str(page.inner_text(f"#{notice_id}"))


def query_of(page: Any) -> dict[str, str]:
    """The address bar's query, one value per key."""
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_country_absent_from_the_release_is_announced(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Soviet%20Union&side=exports")
    wait_drawn(page, 4)
    said = notice(page, C.notice)
    assert "Soviet Union has no deliveries in release" in said
    assert "showing Pakistan" in said
    assert console == [], "\n".join(console)


def test_pair_party_absent_from_the_release_is_announced(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/pair?supplier=Soviet%20Union&recipient=India")
    wait_drawn(page, 3)
    said = notice(page, ids.PAIR_CONTROLS.notice)
    assert "Soviet Union has no deliveries in release" in said


def test_release_switch_keeps_and_announces_and_restores(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Pakistan&release=2026-02-12&years=2005-2020&period=2018")
    wait_drawn(page, 4)
    assert notice(page, C.notice).strip() == ""
    page.click(f"#{C.release}")
    extract = page.locator(".dash-dropdown-option", has_text="2025-02-10")
    assert "partial extract" in extract.inner_text()
    extract.click()
    page.wait_for_function("() => window.location.search.includes('release=2025-02-10')")
    said = notice(page, C.notice)
    assert "partial extract" in said and "periods shortened to 2" in said
    assert "Years 2005–2020" in said and "Period 2018" in said
    # back to the full release: the chosen years and five-year period return, no notice
    choose(page, C.release, "2026-02-12")
    page.wait_for_function("() => window.location.search.includes('release=2026-02-12')")
    wait_drawn(page, 4)
    query = query_of(page)
    assert (query["years"], query["window"], query["period"]) == ("2005-2020", "5", "2018")
    assert notice(page, C.notice).strip() == ""
    headline = page.inner_text(f"#{C.headline}")
    assert "2014–18" in headline or "2014–2018" in headline, headline
    assert console == [], "\n".join(console)


def test_pair_release_switch_keeps_the_years(live_url: str,
                                             browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/pair?supplier=Turkiye&recipient=Pakistan&release=2026-02-12"
              "&years=2010-2020")
    wait_drawn(page, 3)
    choose(page, ids.PAIR_CONTROLS.release, "2026-05-18")
    page.wait_for_function("() => window.location.search.includes('release=2026-05-18')")
    assert query_of(page)["years"] == "2010-2020"
    choose(page, ids.PAIR_CONTROLS.release, "2025-02-10")
    page.wait_for_function("() => window.location.search.includes('release=2025-02-10')")
    assert "limited to" in notice(page, ids.PAIR_CONTROLS.notice) or "outside" in notice(
        page, ids.PAIR_CONTROLS.notice)
    choose(page, ids.PAIR_CONTROLS.release, "2026-02-12")
    page.wait_for_function("() => window.location.search.includes('release=2026-02-12')")
    query = query_of(page)
    assert (query["years"], query["window"]) == ("2010-2020", "5")
