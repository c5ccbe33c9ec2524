"""The data table under every chart, in real headless Chromium on the real build: an analyst
opens it with its button and reads rows of numbers (the text alternative to the chart)."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

PAGES = [
    ("/?country=Pakistan", 4, [ids.ANNUAL, ids.SHARES, ids.CATEGORY, ids.COMPARE_CHART]),
    ("/world?side=exports", 3, [ids.WORLD_MAP, ids.WORLD_TOP_CHART, ids.WORLD_RANK]),
    ("/pair?supplier=Turkiye&recipient=Pakistan", 3,
     [ids.PAIR_CATEGORY, ids.PAIR_SHARE, ids.PAIR_TIMELINE]),
]


def rows_shown(page: Any, table_id: str) -> int:
    """Body rows of the table an analyst sees (0 while folded or empty)."""
    return int(page.evaluate(
        """(id) => { const el = document.getElementById(id);
                     if (!el || el.offsetParent === null) { return 0; }
                     return el.querySelectorAll('tbody tr').length; }""", table_id))


@pytest.mark.parametrize(("path", "graphs", "cards"), PAGES,
                         ids=["country", "world", "pair"])
def test_every_data_table_fills_when_opened_and_folds_again(
        live_url: str, browser_page: tuple[Any, list[str]], path: str, graphs: int,
        cards: list[ids.ChartIds]) -> None:
    page, console = browser_page
    page.goto(live_url + path)
    wait_drawn(page, graphs)
    for cid in cards:
        button = page.locator(f"#{cid.toggle}")
        if rows_shown(page, cid.table):  # a table open from the start: fold it first
            button.click()
            page.wait_for_function("(id) => document.getElementById(id).offsetParent === null"
                                   " || !document.getElementById(id).querySelector('tbody tr')",
                                   arg=cid.table, timeout=10_000)
        assert "Data table" in button.inner_text()
        button.click()
        page.wait_for_function(
            "(id) => { const el = document.getElementById(id);"
            " return el.offsetParent !== null && el.querySelectorAll('tbody tr').length > 0; }",
            arg=cid.table, timeout=30_000)
        assert rows_shown(page, cid.table) > 0, cid.table
        cells = page.locator(f"#{cid.table} tbody tr").first.locator("td").all_inner_texts()
        assert any(c.strip() and c.strip() != "–" for c in cells[1:]), (cid.table, cells)
        assert "Hide" in button.inner_text()
    assert console == [], "\n".join(console)


def test_an_open_table_follows_the_view(live_url: str,
                                        browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4)
    page.locator(f"#{ids.ANNUAL.toggle}").click()
    page.wait_for_function("(id) => document.querySelectorAll('#' + id + ' tbody tr').length",
                           arg=ids.ANNUAL.table, timeout=15_000)
    before = page.inner_text(f"#{ids.ANNUAL.table} thead")
    page.get_by_label("Exports (recipients)").check()
    page.wait_for_function(
        "([id, old]) => { const h = document.querySelector('#' + id + ' thead');"
        " return h && h.innerText !== old; }", arg=[ids.ANNUAL.table, before], timeout=15_000)
    assert rows_shown(page, ids.ANNUAL.table) > 0


def test_a_change_of_view_asks_the_server_only_for_open_tables(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.post_data or "")
            if "/_dash-update-component" in r.url else None)
    cards = [ids.ANNUAL, ids.SHARES, ids.CATEGORY, ids.COMPARE_CHART, ids.CONCENTRATION,
             ids.LOCAL_PRODUCTION]

    def tables_asked() -> set[str]:
        return {c.table for c in cards for body in asked if f"{c.table}.children" in body}

    def pick(side: str) -> None:  # and wait until the page shows the view picked
        shown = page.evaluate("() => location.search")
        page.get_by_label(side).check()
        page.wait_for_function("s => location.search !== s", arg=shown, timeout=15_000)
        wait_drawn(page, 4)

    pick("Exports (recipients)")
    assert asked, "the change of view asked the server nothing"
    assert tables_asked() == {ids.COMPARE_CHART.table}  # the one table open from the start
    asked.clear()
    page.locator(f"#{ids.ANNUAL.toggle}").click()
    page.wait_for_function("(id) => document.querySelectorAll('#' + id + ' tbody tr').length",
                           arg=ids.ANNUAL.table, timeout=15_000)
    pick("Imports (suppliers)")
    assert tables_asked() == {ids.ANNUAL.table, ids.COMPARE_CHART.table}
    assert console == [], "\n".join(console)
