"""Keyboard only, in real headless Chromium on the real build: a dropdown opened with Enter
takes typed text as its search (or jumps to the option typed, where it has no search box),
and a typed year applies on Enter or after a pause in typing, not only on Tab."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import wait_drawn
from tests.e2e.test_events_pair_browser import url_query, wait_url

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

SLOW = 60_000  # the machine is shared: generous waits, the assertions stay exact


def open_with_enter(page: Any, dropdown: str) -> None:
    """Focus a dropdown and open it with Enter (the focus lands on an option)."""
    page.focus(f"#{dropdown}")
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-content[data-state='open']", timeout=SLOW)


def wait_first_option(page: Any, text: str) -> None:
    """Wait until the open list's first option begins with `text`, as an analyst sees the
    list narrow before pressing Enter (Enter takes the first option of the list as drawn:
    pressed at once, under load, it can take the unfiltered list's first)."""
    page.wait_for_function(
        """(text) => {
          const first = document.querySelector('.dash-dropdown-content .dash-dropdown-option');
          return first !== null && first.innerText.trim().startsWith(text);
        }""", arg=text, timeout=SLOW)


def wait_focused_option(page: Any, text: str) -> None:
    """Wait until the option typed to (in a list without a search box) has the focus."""
    page.wait_for_function(
        """(text) => {
          const option = document.activeElement?.closest('.dash-dropdown-option');
          return option != null && option.innerText.trim().startsWith(text);
        }""", arg=text, timeout=SLOW)


def test_typing_in_an_open_dropdown_searches_and_enter_picks(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 3, timeout=SLOW)

    open_with_enter(page, "country-country")
    page.keyboard.type("kazak")
    assert page.input_value(".dash-dropdown-content .dash-dropdown-search") == "kazak"
    wait_first_option(page, "Kazakhstan")
    page.keyboard.press("Enter")
    wait_url(page, "country=Kazakhstan")
    page.wait_for_function(
        "() => document.getElementById('country-headline').innerText.includes('Kazakhstan')",
        timeout=SLOW)

    # No search box (years per period): typing jumps to the option, Enter picks it.
    open_with_enter(page, "country-window")
    page.keyboard.type("3")
    wait_focused_option(page, "3")
    page.keyboard.press("Enter")
    wait_url(page, "window=3")
    assert url_query(page)["country"] == ["Kazakhstan"]
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_a_multi_select_takes_typed_text_too(live_url: str,
                                            browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/pair?supplier=Turkiye&recipient=Pakistan")
    wait_drawn(page, 3, timeout=SLOW)
    open_with_enter(page, "pair-categories")
    page.keyboard.type("ships")
    wait_first_option(page, "Ships")
    page.keyboard.press("Enter")
    wait_url(page, "cat=Ships")
    assert url_query(page)["cat"] == ["Ships"]
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_a_typed_year_applies_on_enter_and_after_a_pause(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Turkiye&side=exports")
    wait_drawn(page, 3, timeout=SLOW)
    first = page.locator("#country-years input.dash-range-slider-min-input")
    first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2005")
    page.keyboard.press("Enter")
    wait_url(page, "years=2005-")
    page.wait_for_function(
        "() => document.getElementById('country-annual-graph').textContent.includes('2005–')",
        timeout=SLOW)

    page.keyboard.press("Control+A")
    page.keyboard.type("2010")  # no Enter, no Tab: the pause applies it
    wait_url(page, "years=2010-")
    assert page.evaluate("() => document.activeElement.classList.contains("
                         "'dash-range-slider-min-input')")  # the focus stays in the box
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))
