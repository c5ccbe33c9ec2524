"""A region or grouping chosen where a country can be: the tiny build's South Asia
(Pakistan and India, etl/data/regions.csv), numbers worked out by hand from its rows."""

from __future__ import annotations

import pytest

from dashboard.charts import country as charts
from dashboard.components.controls import country_options
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
