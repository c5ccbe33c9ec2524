"""Downloads say what they hold, walked in real headless Chromium on the real build: an
analyst saves chart CSVs and images on the country, world and pair pages, the deal grid's
CSV and reads an event's deal in the panel; each file is named after the country, side,
years and release it holds, every CSV row says them again, ranks are whole and TIV reads
as SIPRI publishes it (two decimals, never 9.120000000000001).

Expected names are written from the URL the analyst typed; the Super Mushshak deal's TIV
is read from SIPRI's own register line as the build holds it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from etl.store import read_table
from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
# A float's noise (9.120000000000001, 21.599999999999998): six or more 0s or 9s in a row
# after the decimal point.
NOISE = re.compile(r"\.\d*(0{6,}|9{6,})\d")
MUSHSHAK = "tr-orders-super-mushshak-2016"


def saved(page: Any, button: str, tmp_path: Path) -> tuple[str, str]:
    """(suggested file name, text) of the download a click on `button` starts."""
    with page.expect_download() as info:
        page.click(f"#{button}")
    name = info.value.suggested_filename
    path = tmp_path / name
    info.value.save_as(path)
    return name, path.read_text(encoding="utf-8", errors="replace")


def rows_of(text: str) -> list[dict[str, str]]:
    """The rows of a CSV text (comment lines skipped)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def test_country_chart_files_name_country_side_years_and_release(
        live_url: str, tmp_path: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + f"/?country=Turkiye&side=exports&release={RELEASE}&years=2000-2024")
    wait_drawn(page, 4)
    name, text = saved(page, ids.ANNUAL.csv, tmp_path)
    assert name == f"annual-by-recipient_exports_Turkiye_2000-2024_release-{RELEASE}.csv"
    rows = rows_of(text)
    assert rows and {(r["country"], r["side"], r["years"], r["release"]) for r in rows} == {
        ("Türkiye", "exports", "2000-2024", RELEASE)}
    assert "Pakistan" in {r["recipient"] for r in rows}
    assert not NOISE.search(text)
    name, _ = saved(page, ids.SHARES.png, tmp_path)
    assert name == (f"recipient-shares_exports_Turkiye_2000-2024_5-year-sums_"
                    f"release-{RELEASE}.png")

    # The same charts for imports: other names, and the image follows the view.
    page.get_by_label("Imports (suppliers)").check()
    page.wait_for_function("() => window.location.search.includes('side=imports')")
    wait_drawn(page, 4)
    page.wait_for_function(
        """(id) => document.getElementById(id).querySelector('.js-plotly-plot')
             .layout.meta.filename.includes('_imports_')""", arg=ids.ANNUAL.graph)
    name, _ = saved(page, ids.ANNUAL.svg, tmp_path)
    assert name == f"annual-by-supplier_imports_Turkiye_2000-2024_release-{RELEASE}.svg"
    name, text = saved(page, ids.COMPARE_CHART.csv, tmp_path)
    assert name.startswith("supplier-shares-two-periods_imports_Turkiye_")
    rows = rows_of(text)
    assert rows and {r["side"] for r in rows} == {"imports"}
    assert all(r["rank"].isdigit() for r in rows if r["rank"])
    assert console == [], "\n".join(console)


def test_world_imports_and_exports_download_under_their_own_names(
        live_url: str, tmp_path: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    names = {}
    for side, noun in (("exports", "exporters"), ("imports", "importers")):
        page.goto(live_url + f"/world?side={side}&release={RELEASE}&period=2024")
        wait_drawn(page, 3)
        name, text = saved(page, ids.WORLD_TOP_CHART.csv, tmp_path)
        assert name.startswith(f"largest-{noun}_{side}_world_2020-2024"), name
        assert name.endswith(f"_release-{RELEASE}.csv")
        rows = rows_of(text)
        assert {(r["country"], r["side"], r["years"]) for r in rows} == {
            ("world", side, "2020-2024")}
        assert [r["rank"] for r in rows[:3]] == ["1", "2", "3"]  # whole ranks
        names[side] = name
        if side == "exports":
            # SIPRI's fact sheet (March 2025): the United States 43% of world exports.
            first = rows[0]
            assert first["name"] == "United States"
            assert round(float(first["share_percent"])) == 43
        name, _ = saved(page, ids.WORLD_MAP.png, tmp_path)
        assert name.startswith(f"world-map_{side}_world_2020-2024"), name
    assert names["exports"] != names["imports"]
    assert console == [], "\n".join(console)


def test_pair_files_and_the_event_panel_give_tiv_as_sipri_publishes_it(
        live_url: str, real_build: Path, tmp_path: Path,
        browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    deals = read_table(real_build, "deals")
    deal = deals[(deals["release"] == RELEASE) & (deals["deal_id"] == 59825)]
    if deal.empty:
        pytest.skip(f"the Super Mushshak deal 59825 is not in release {RELEASE}")
    tiv = float(deal["tiv_delivered"].iloc[0])
    published = f"{round(tiv, 2):g}"  # SIPRI's register gives two decimals
    page.goto(live_url + f"/pair?supplier=Pakistan&recipient=Turkiye&release={RELEASE}"
                         f"&years=2010-2024&event={MUSHSHAK}")
    wait_drawn(page, 3)
    page.wait_for_selector(f"#{ids.PAIR_EVENTS.panel} .event-deals")
    panel = page.inner_text(f"#{ids.PAIR_EVENTS.panel}")
    assert "MFI-17" in panel and published in panel
    assert not NOISE.search(panel), panel

    name, text = saved(page, ids.PAIR_SHARE.csv, tmp_path)
    assert name == (f"pair-share-and-rank_Pakistan-to-Turkiye_2010-2024_5-year-sums_"
                    f"release-{RELEASE}.csv")
    rows = rows_of(text)
    assert rows and {(r["supplier"], r["recipient"], r["release"]) for r in rows} == {
        ("Pakistan", "Türkiye", RELEASE)}
    assert all(r["rank"].isdigit() for r in rows if r["rank"])
    assert any(r["rank"] for r in rows)

    page.wait_for_function(
        "(id) => (document.getElementById(id).getAttribute('href') || '').includes('q=')",
        arg=ids.PAIR_DEALS.csv)
    name, text = saved(page, ids.PAIR_DEALS.csv, tmp_path)
    assert name.startswith("armsdash-deals-pakistan-turkiye") and name.endswith(
        f"_release-{RELEASE}.csv"), name
    by_id = {r["SIPRI AT Database ID"]: r for r in rows_of(text)}
    assert by_id["59825"]["SIPRI TIV of delivered weapons"] == published
    assert not NOISE.search(text)
    assert console == [], "\n".join(console)
