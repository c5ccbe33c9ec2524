"""A region or grouping chosen where a country can be: the tiny build's South Asia
(Pakistan and India, etl/data/regions.csv), numbers worked out by hand from its rows."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pytest

from dashboard.charts import country as charts
from dashboard.charts import tables as tc
from dashboard.components.controls import country_options
from dashboard.compute.deal_source import Memo
from dashboard.state import tablestate as ts
from dashboard.state import urlstate

WORLD_NOW = 500 + 300 + 60 + 40 + 0 + 700 + 5 + 1  # every delivery of 2020-24


@pytest.fixture(scope="module")
def view(tiny_dataset) -> urlstate.View:  # type: ignore[no-untyped-def]
    parsed = urlstate.parse("country", {"country": "south asia"}, tiny_dataset.choices)
    assert parsed.notices == ()
    return parsed.view


def test_an_area_is_a_valid_country_value_but_not_a_partner(tiny_dataset, view) -> None:  # type: ignore[no-untyped-def]
    assert view.country == "South Asia"
    parsed = urlstate.parse("country", {"country": "Pakistan", "hl": "NATO"},
                            tiny_dataset.choices)
    assert parsed.view.highlight == () and "NATO" in " ".join(parsed.notices)
    values = [o["value"] for o in country_options(tiny_dataset, view)]
    assert "Pakistan" in values and "South Asia" in values and "NATO" in values


def test_imports_by_supplier_are_the_members_imports(tiny_dataset, view) -> None:  # type: ignore[no-untyped-def]
    grid = charts.partner_grid(tiny_dataset, view)
    sums = dict(zip(grid.names, grid.sums(2020, 2024)[0], strict=True))
    assert sums["China"] == pytest.approx(800) and sums["Russia"] == pytest.approx(700)
    assert sums["Türkiye"] == pytest.approx(40)  # display names, as for a country


def test_headline_gives_the_areas_world_share_without_a_rank(tiny_dataset, view) -> None:  # type: ignore[no-untyped-def]
    facts = charts.headline_facts(tiny_dataset, view)
    assert facts.tiv == pytest.approx(1600) and facts.rank is None
    assert facts.world_share == pytest.approx(1600 / WORLD_NOW * 100)
    assert facts.partners[0] == ("China", pytest.approx(50.0))
    assert charts.country_headline(tiny_dataset, view).startswith(
        "In 2020–24 South Asia received 100% of world arms imports. China supplied 50%")


def test_members_shares_within_the_area(tiny_dataset, view) -> None:  # type: ignore[no-untyped-def]
    chart = charts.members_chart(tiny_dataset, view)
    assert chart.empty == ""
    shares = dict(zip(chart.frame["member"], chart.frame["share"], strict=True))
    assert shares == {"Pakistan": pytest.approx(900 / 1600 * 100),
                      "India": pytest.approx(700 / 1600 * 100)}
    country = urlstate.parse("country", {}, tiny_dataset.choices).view
    assert "is a country" in charts.members_chart(tiny_dataset, country).empty


def test_regions_breakdown_sums_to_the_world(tiny_dataset, view) -> None:  # type: ignore[no-untyped-def]
    frame = charts.region_shares_chart(tiny_dataset, view).frame.set_index("region")
    assert frame.loc["Asia and Oceania", "tiv"] == pytest.approx(1600)
    assert frame.loc["Middle East", "tiv"] == pytest.approx(6)  # Hamas
    assert frame["tiv"].sum() == pytest.approx(WORLD_NOW)
    assert frame.loc["Asia and Oceania", "change_volume"] == pytest.approx(
        (1600 / (300 + 20 + 900 + 0 + 10) - 1) * 100)


def test_an_areas_tiv_table_is_its_members_partners(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    parsed = ts.parse_search("?country=south+asia&years=2015-2024", tiny_dataset.choices,
                             tiny_dataset.areas)
    assert parsed.notices == () and parsed.view.by == "period"
    result = tc.table_result(tiny_dataset, parsed.view)
    table = result.table
    totals = dict(zip(table.names, table.total.tolist(), strict=True))
    assert totals == {"Russia": 1600, "China": 1100, "Netherlands": 60, "Türkiye": 60,
                      "Soviet Union": 10, "unknown supplier(s)": 0}
    assert table.grand_total == pytest.approx(2830)
    assert np.isnan(table.rank[table.names.index("unknown supplier(s)")])
    assert result.subject == ("arms imports of South Asia (subregion of Asia and Oceania) "
                              "by supplier")
    assert result.of == "South Asia's imports"
    assert any("0 TIV (0.0%) of them are from suppliers inside South Asia" in n
               for n in result.notes)
    assert tc.csv_name(parsed.view, "subregion") == (
        "tiv-table_imports_subregion-South-Asia_2015-2024_by-period_release-2026-02-12.csv")
    rows = list(csv.DictReader(io.StringIO(tc.csv_text(tiny_dataset, parsed.view))))
    assert {(r["country"], r["country_kind"], r["release"]) for r in rows} == {
        ("South Asia", "subregion", "2026-02-12")}
    assert sum(float(r["tiv_millions"]) for r in rows) == pytest.approx(2830)


def test_an_areas_table_from_a_release_of_part_of_the_world_is_empty_and_says_why(
        tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    ds = tiny_dataset
    part = replace(ds.releases["2026-05-18"], world=False, coverage="transfers from China")
    partial = replace(ds, releases={**ds.releases, "2026-05-18": part}, memo=Memo())
    view = ts.parse_search("?country=south+asia&release=2026-05-18", ds.choices,
                           ds.areas).view
    assert view.country == "South Asia"
    assert tc.table_result(ds, view).table.names  # the whole world: the area's table
    result = tc.table_result(partial, view)
    assert result.table.names == ()
    assert "covers only transfers from China: it has no world or regional" in result.empty
    pakistan = ts.parse_search("?country=pakistan&release=2026-05-18", ds.choices).view
    assert tc.table_result(partial, pakistan).table.names  # a country it covers
