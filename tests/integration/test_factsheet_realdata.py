"""The fact sheet for 2020–24 on the 2026-02-12 release reproduces SIPRI's published
figures: SIPRI Fact Sheet "Trends in international arms transfers, 2024" (March 2025) and
the SIPRI Yearbook 2025 chapter on 2020–24. Each expected value is SIPRI's printed
figure; the computed one is rounded as SIPRI rounds (two significant figures below 10)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.compute import factsheet as fs
from dashboard.compute import regions as area_math
from dashboard.compute.headline import percent
from dashboard.data import Dataset

pytestmark = pytest.mark.realdata
RELEASE = "2026-02-12"


@pytest.fixture(scope="module")
def sheet(dataset: Dataset) -> fs.FactSheet:
    return fs.fact_sheet(dataset, RELEASE, 2024)


def sipri(value: float) -> str:
    """A value as SIPRI prints it: '43', '9.6', '−0.6'."""
    sign = "-" if value < 0 else ""
    return sign + percent(abs(value)).removesuffix("%")


def test_world_volume(sheet: fs.FactSheet) -> None:
    assert sipri(sheet.world["change_before"] or 0) == "-0.6"  # against 2015–19
    assert sipri(sheet.world["change_earlier"] or 0) == "3.9"  # against 2010–14


def test_supplier_and_recipient_states_and_armed_groups(sheet: fs.FactSheet) -> None:
    assert sheet.supplier_states == 64
    assert sheet.recipient_states == 162
    # "three non-state armed groups ... located in Lebanon/Palestine, Libya and Yemen"
    assert sheet.armed_groups == ["Hezbollah (Lebanon)*", "House of Representatives (Libya)*",
                                  "Houthi rebels (Yemen)*"]


def test_largest_exporters(sheet: fs.FactSheet) -> None:
    shares = [(n, sipri(s)) for n, s in sheet.top_exporters]
    assert shares == [("United States", "43"), ("France", "9.6"), ("Russia", "7.8"),
                      ("China", "5.9"), ("Germany", "5.6")]
    # SIPRI prints 72 ("just under three quarters"): the sum of its rounded shares
    # (43 + 9.6 + 7.8 + 5.9 + 5.6 = 71.9); the exact sum is 71.5, shown as 71%.
    assert f"{sum(s for _, s in sheet.top_exporters):.1f}" == "71.5"
    assert f"{sum(float(v) for _, v in shares):.0f}" == "72"
    rows = sheet.exporters.set_index("name")
    assert (rows.loc["Italy", "rank"], sipri(rows.loc["Italy", "share"])) == (6, "4.8")
    assert sipri(rows.loc["United States", "share_before"]) == "35"
    assert [sipri(rows.loc[n, "change"]) for n in ("United States", "France", "Russia")] == [
        "21", "11", "-64"]
    assert rows.loc["United States", "partner_states"] == 107
    assert rows.loc["Russia", "partner_states"] == 33
    assert [(n, sipri(s)) for n, s in rows.loc["Russia", "partners"]] == [
        ("India", "38"), ("China", "17"), ("Kazakhstan", "11")]
    turkiye = rows.loc["Turkiye"]
    assert (turkiye["rank"], sipri(turkiye["share"]), sipri(turkiye["change"])) == (
        11, "1.7", "103")
    assert [(n, sipri(s)) for n, s in turkiye["partners"]] == [
        ("United Arab Emirates", "18"), ("Pakistan", "10"), ("Qatar", "9.9")]


def test_largest_importers(sheet: fs.FactSheet) -> None:
    assert [n for n, _ in sheet.top_importers] == ["Ukraine", "India", "Qatar",
                                                   "Saudi Arabia", "Pakistan"]
    rows = sheet.importers.set_index("name")
    ukraine = rows.loc["Ukraine"]
    assert (sipri(ukraine["share"]), f"{ukraine['change']:.0f}") == ("8.8", "9627")
    assert [(n, sipri(s)) for n, s in ukraine["partners"]] == [
        ("United States", "45"), ("Germany", "12"), ("Poland", "11")]
    assert ukraine["partner_states"] == 35
    assert (rows.loc["India", "rank"], sipri(rows.loc["India", "change"])) == (2, "-9.3")
    pakistan = rows.loc["Pakistan"]
    assert (sipri(pakistan["share"]), sipri(pakistan["partners"][0][1])) == ("4.6", "81")
    top10 = list(rows.index[:10])
    assert {"Qatar", "Saudi Arabia", "Egypt", "Kuwait"} <= set(top10)
    assert {"India", "Pakistan", "Japan", "Australia"} <= set(top10)


def test_imports_by_region(sheet: fs.FactSheet) -> None:
    rows = sheet.regions.set_index("area")
    assert {r: sipri(rows.loc[r, "share"]) for r in (
        "Asia and Oceania", "Europe", "Middle East", "Americas", "Africa")} == {
        "Asia and Oceania": "33", "Europe": "28", "Middle East": "27", "Americas": "6.2",
        "Africa": "4.5"}
    assert sipri(rows.loc["Europe", "share_before"]) == "11"
    assert {r: sipri(rows.loc[r, "change"]) for r in (
        "Europe", "Middle East", "Africa", "Asia and Oceania")} == {
        "Europe": "155", "Middle East": "-20", "Africa": "-44", "Asia and Oceania": "-21"}


def test_asia_and_oceanias_main_suppliers(dataset: Dataset) -> None:
    area = dataset.areas[RELEASE]["Asia and Oceania"]
    flows = dataset.sides[(RELEASE, "imports")]
    grid = area_math.partner_grid(flows, area, dataset.names, np.arange(len(dataset.names)))
    sums, _ = grid.sums(2020, 2024)
    shares = {n: sipri(s / sums.sum() * 100) for n, s in zip(grid.names, sums, strict=True)}
    assert (shares["United States"], shares["Russia"], shares["China"]) == ("37", "17", "14")
