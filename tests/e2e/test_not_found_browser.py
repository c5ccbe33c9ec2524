"""An analyst follows a stale link: the address answers 404, the page says "Page not
found" and lists the main pages, and a click on one of them opens it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = pytest.mark.browser


def test_a_stale_link_shows_page_not_found_and_leads_on(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    answer = page.goto(live_url + "/country/Pakistan?side=imports")
    assert answer.status == 404
    page.wait_for_selector("main h4:has-text('Page not found')", timeout=15_000)
    links = page.locator("main li a").all_inner_texts()
    assert links == page.locator(".navbar .nav-link").all_inner_texts()  # every main page
    assert {"Country", "World", "About"} <= set(links)
    screenshot(page, "not-found")
    page.locator("main li a", has_text="World").click()
    page.wait_for_url(live_url + "/world")
    wait_drawn(page, 1)
    assert "Page not found" not in page.inner_text("main")
    # The browser notes the 404 of the address itself; nothing else is wrong.
    assert [m for m in console if "404" not in m] == []
