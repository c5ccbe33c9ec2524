"""The dashboard's numbers on the real exports reconcile with SIPRI's published ones:
Pakistan received 4.6% of world arms imports in 2020–24 (5th largest), 81% of them from
China (SIPRI Fact Sheet, March 2025)."""

from __future__ import annotations

import pytest

from dashboard.charts import country as country_charts
from dashboard.data import Dataset
from dashboard.state.urlstate import parse

pytestmark = pytest.mark.realdata


def test_default_view_is_the_newest_exact_release(dataset: Dataset) -> None:
    view = parse("country", {}, dataset.choices).view
    assert (view.country, view.side, view.release) == ("Pakistan", "imports", "2026-02-12")
    assert view.period_years == (2020, 2024)
    assert not dataset.releases["2026-05-18"].per_year_exact


def test_pakistan_headline_matches_sipri(dataset: Dataset) -> None:
    view = parse("country", {}, dataset.choices).view
    facts = country_charts.headline_facts(dataset, view)
    assert round(facts.world_share or 0, 1) == 4.6
    assert facts.rank == 5
    assert facts.partners[0][0] == "China" and round(facts.partners[0][1]) == 81
    text = country_charts.country_headline(dataset, view)
    assert text.startswith("In 2020–24 Pakistan received 4.6% of world arms imports "
                           "(5th largest). China supplied 81%, the Netherlands 5.5%, "
                           "Türkiye 3.8%.")


def test_every_chart_renders_for_the_default_views(dataset: Dataset) -> None:
    for page, query in (("country", {}), ("country", {"country": "Turkey",
                                                       "side": "exports"}),
                        ("world", {}), ("country", {"release": "2026-05-18"})):
        view = parse(page, query, dataset.choices).view
        for key, build_chart in country_charts.CHARTS.items():
            chart = build_chart(dataset, view)
            if key == "members":  # drawn for a region or grouping only
                assert "is a country" in chart.empty, (page, query)
                continue
            assert chart.empty == "", (page, query, key, chart.empty)
            assert f"release {view.release}" in chart.figure["layout"]["annotations"][0][
                "text"]


def test_every_chart_of_an_area_renders(dataset: Dataset) -> None:
    for query in ({"country": "Europe"}, {"country": "NATO", "side": "exports"},
                  {"country": "EC/EU", "release": "2024-04-13"}):
        view = parse("country", query, dataset.choices).view
        assert view.country == query["country"]
        for key, build_chart in country_charts.CHARTS.items():
            chart = build_chart(dataset, view)
            if key == "rank":  # ranks are of countries
                assert "ranks are of countries" in chart.empty
                continue
            assert chart.empty == "", (query, key, chart.empty)


def trace_colours(figure: dict) -> list[str]:
    """The colour of each country drawn in a figure (bars, areas, per-bar colours; a
    country's pieces of a share area between gaps, one legend group, count once)."""
    out: list[str] = []
    groups: set[str] = set()
    for trace in figure["data"]:
        if trace.get("name") in ("Events", "Other") or trace.get("marker", {}).get(
                "color") == "#BBBBBB" or trace.get("legendgroup") in groups:
            continue
        if trace.get("legendgroup"):
            groups.add(trace["legendgroup"])
        colour = trace.get("marker", {}).get("color") or trace.get("line", {}).get("color")
        out += colour if isinstance(colour, list) else [colour]
    return out


@pytest.mark.parametrize(("page", "query"), [
    ("world", {"top": "15"}), ("world", {"top": "15", "side": "exports"}),
    ("world", {"top": "15", "release": "2026-05-18"}),
    ("country", {"country": "United States", "side": "exports", "top": "15"}),
    ("country", {"country": "India", "top": "15", "hl": ["Pakistan", "Israel", "Italy"]}),
    ("country", {"country": "Saudi Arabia", "top": "15", "release": "2024-04-13"}),
])
def test_no_two_countries_share_a_colour_in_a_chart(dataset: Dataset, page: str,
                                                    query: dict) -> None:
    view = parse(page, query, dataset.choices).view
    for key in ("annual", "shares", "compare", "top"):
        colours = trace_colours(country_charts.CHARTS[key](dataset, view).figure)
        assert len(colours) == len(set(colours)), (page, query, key)
