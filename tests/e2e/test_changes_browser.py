"""What SIPRI revised, in a real browser, as an analyst finds it: open Pakistan on the
2024-04-13 release, read the note that the newest release revises the figure shown,
follow it to the changes page, read the countries and deals that moved, switch to
exports, and follow a deal to its pair view in the newer release."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from etl.store import read_table
from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]


def body_rows(page: Any, table: str) -> Any:
    """The body rows of one of the page's tables."""
    return page.locator(f"#changes-{table}-table tbody tr")


def pakistan_imports(build: Path, release: str) -> float:
    """Pakistan's imports in 2015–19 in a release, summed here from the build's table."""
    d = read_table(build, "deliveries")
    rows = d[(d["release"] == release) & (d["recipient"] == "Pakistan")
             & d["year"].between(2015, 2019)]
    return float(rows["tiv"].sum())


def test_an_analyst_follows_a_revision_note_to_what_changed(
        live_url: str, real_build: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    old, new = (pakistan_imports(real_build, r) for r in ("2024-04-13", "2026-02-12"))
    change = (new - old) / old * 100
    page.goto(live_url + "/?country=Pakistan&release=2024-04-13&window=5&period=2019")
    wait_drawn(page, 4)
    note = page.locator(".revision-note")
    text = note.inner_text()
    # the note is the newest release's figure for the years shown, with its change
    assert re.search(r"SIPRI's newest release \(2026-02-12\) revises Pakistan's imports "
                     r"in 2015–19 by [+−]\d+\.\d%", text), text
    sign = "+" if change > 0 else "−"
    assert f"by {sign}{abs(change):.1f}% ({old:,.0f} → {new:,.0f} million TIV)" in text
    screenshot(page, "country_revision_note")

    note.get_by_role("link").click()
    page.wait_for_url("**/changes?*")
    assert "from=2024-04-13" in page.url and "to=2026-02-12" in page.url
    page.wait_for_selector("#changes-countries-table tbody tr")
    assert "2024-04-13 → 2026-02-12" in page.inner_text("h1")
    assert "1995–2023" in page.inner_text("#changes-source")
    lead = page.inner_text("#changes-summary")
    assert "183 added, 117 removed, 1,337 revised" in lead
    countries = body_rows(page, "countries")
    assert countries.count() == 25
    assert "Pakistan" in page.inner_text("#changes-countries-table")
    first = countries.first.inner_text()
    assert "United Arab Emirates" in first and "7 → 9" in first  # rank lost in 2015–19
    assert body_rows(page, "deals").count() == 60
    assert body_rows(page, "world").count() == 5 + 29
    renamed = page.inner_text("#changes-renames")
    assert "Air defence systems → Air-defence systems" in renamed
    screenshot(page, "changes_2024_vs_2026")

    # exports, relative change: the table and the address follow
    page.get_by_label("exports").check()
    page.wait_for_url("**side=exports*")
    page.get_by_label("relative").check()
    page.wait_for_url("**by=pct*")
    page.wait_for_function("() => document.querySelector('#changes-countries')"
                           ".innerText.includes('relative changes of exports')")
    assert countries.count() == 25

    # a deal leads to its pair view in the newer release, the deal highlighted
    row = body_rows(page, "deals").filter(has_text="revised").first
    deal = row.locator("td").nth(1).inner_text().split()[0]
    row.get_by_role("link", name="newer").click()
    page.wait_for_url("**/pair?*")
    assert "release=2026-02-12" in page.url and f"deal={deal}" in page.url
    wait_drawn(page, 3)
    assert console == [], "\n".join(console)
