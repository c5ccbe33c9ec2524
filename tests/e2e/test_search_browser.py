"""/search in a real browser: "who bought TB2, Akıncı, Anka?" from a link, a former name
without accents (Turkey akinci), a new search typed in the box narrowed to one recipient
and to licence or local production (the headline and the CSV name both filters), the CSV
of every deal found, and a deal's link to its pair page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import choose, download_csv, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
V = ids.SEARCH


def settled(page: Any) -> None:
    """Wait until no callback is pending."""
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def grid_column(page: Any, col: str) -> list[str]:
    """The shown cells of a grid column (pinned or not), top to bottom."""
    page.wait_for_selector(f"#{V.table} .ag-center-cols-container .ag-row")
    cells = page.locator(f"#{V.table} .ag-row:has(> [col-id='{col}'])")
    rows = sorted((int(cells.nth(i).get_attribute("row-index") or 0),
                    cells.nth(i).locator(f"[col-id='{col}']").inner_text())
                   for i in range(cells.count()))
    return [text for _, text in rows]


def test_who_bought_search_filter_csv_and_pair(live_url: str, tmp_path: Path,
                                               browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/search?q=TB2,%20Ak%C4%B1nc%C4%B1,%20Anka")
    settled(page)
    headline = page.inner_text(f"#{V.headline}")
    assert "deals match “TB2, Akıncı, Anka”" in headline and "2026-02-12" in headline
    who = page.inner_text(f"#{V.graph}")
    assert "Ukraine" in who and "Pakistan" in who and "Sri Lanka" not in who
    designations = set(grid_column(page, "designation"))
    assert {"Bayraktar TB-2", "Akinci"} <= designations
    assert all(d.startswith(("Bayraktar TB-2", "Akinci", "Anka")) for d in designations)
    screenshot(page, "search_tb2_akinci_anka")

    # a former name and no accents: Turkey's Akinci deals, as SIPRI spells them
    page.fill(f"#{ids.SEARCH_QUERY}", "Turkey akinci")
    page.press(f"#{ids.SEARCH_QUERY}", "Enter")
    page.wait_for_function(f"""() => document.getElementById('{V.headline}').innerText
                                 .includes('“Turkey akinci”')""")
    settled(page)
    assert set(grid_column(page, "supplier")) == {"Türkiye"}
    assert {d.split(" ")[0] for d in grid_column(page, "designation")} == {"Akinci"}

    page.fill(f"#{ids.SEARCH_QUERY}", "frigate")
    page.press(f"#{ids.SEARCH_QUERY}", "Enter")
    page.wait_for_function("() => window.location.search.includes('q=frigate')")
    choose(page, ids.SEARCH_RECIPIENTS, "Pakistan")
    page.wait_for_function("() => window.location.search.includes('recipient=Pakistan')")
    settled(page)
    page.wait_for_function(f"""() => document.getElementById('{V.headline}').innerText
                                 .includes('“frigate”')""")
    assert "Type-054A" in grid_column(page, "designation")
    assert set(grid_column(page, "recipient")) == {"Pakistan"}
    assert "“frigate” (recipient Pakistan) with" in page.inner_text(f"#{V.headline}")

    # licence or local production: the column says so and where the flag comes from, and
    # the headline and the CSV name the filter beside the recipient
    page.click(f"#{ids.SEARCH_LOCAL} label:has-text('under licence')")
    page.wait_for_function("() => window.location.search.includes('local=yes')")
    settled(page)
    page.wait_for_function(f"""() => document.getElementById('{V.headline}').innerText
                                 .includes('(recipient Pakistan; under licence or local')""")
    local = grid_column(page, "local")
    assert local and all(v.startswith("yes (") for v in local), local
    count = int(page.inner_text(f"#{V.headline}").split(" ")[0])
    name, rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name == "search_frigate_recipient-Pakistan_local-yes_1995-2024_release-2026-02-12.csv"
    assert len(rows) == count == len(local)
    assert {(r["search"], r["filter_recipients"], r["filter_suppliers"], r["filter_local"],
             r["filter_years"], r["release"]) for r in rows} == {
        ("frigate", "Pakistan", "all", "yes", "1995-2024", "2026-02-12")}
    page.click(f"#{ids.SEARCH_LOCAL} label:text-is('any')")
    page.wait_for_function("() => !window.location.search.includes('local=')")
    settled(page)

    first_deal = grid_column(page, "deal_id")[0]
    page.locator(f"#{V.table} .ag-row[row-index='0'] [col-id='pair'] a").click()
    page.wait_for_url("**/pair?supplier=*recipient=Pakistan*")
    assert f"deal={first_deal}" in page.url
    assert console == [], "\n".join(console)
