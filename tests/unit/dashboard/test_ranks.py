"""One rank rule on every page (SIPRI's: equal sums share a rank), checked on a build of
tied flows through each page's chart functions: the pair page's rank among a supplier's
markets, the world page's top list and rank chart, the country page's headline and its
partner comparison."""

from __future__ import annotations

import pytest

from dashboard.charts import country as country_charts
from dashboard.charts import pair as pair_charts
from dashboard.data import Dataset, load_dataset
from dashboard.state import pairstate, urlstate
from tests.unit.dashboard.tiny_build import write_build

RELEASE = "2026-02-12"
YEARS = range(2020, 2025)
# Over 2020–24 India and Pakistan import 600 each and the Netherlands 300; Türkiye sends
# Pakistan and the Netherlands 300 each; China and Türkiye supply Pakistan 300 each.
TIED = [
    *[("China", "Pakistan", y, 60.0, "Aircraft") for y in YEARS],
    *[("Turkiye", "Pakistan", y, 60.0, "Aircraft") for y in YEARS],
    *[("China", "India", y, 120.0, "Aircraft") for y in YEARS],
    *[("Turkiye", "Netherlands", y, 60.0, "Aircraft") for y in YEARS],
]
QUERY = {"release": RELEASE, "years": "2020-2024"}


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(write_build(tmp_path_factory.mktemp("tied"), "tied", TIED))


def country_view(ds: Dataset, page: str, country: str) -> urlstate.View:
    return urlstate.parse(page, {**QUERY, "country": country}, ds.choices).view


def test_pair_page_tied_markets_share_rank_one(tied: Dataset) -> None:
    for recipient in ("Pakistan", "Netherlands"):
        view = pairstate.parse({"supplier": "Turkiye", "recipient": recipient,
                                "release": RELEASE}, tied.choices).view
        _, rank = pair_charts.share_and_rank(tied, view)
        last = rank.set_index("year").loc[2024]
        assert (last["rank"], last["markets"]) == (1, 2), recipient
        assert "no. 1 market of 2" in pair_charts.headline(tied, view)


def test_world_page_tied_importers_share_rank_one_and_the_next_is_third(tied: Dataset) -> None:
    top = country_charts.top_chart(tied, country_view(tied, "world", "Pakistan")).frame
    assert dict(zip(top["name"], top["rank"], strict=True)) == {
        "India": 1, "Pakistan": 1, "Netherlands": 3}
    for country, expected in (("India", 1), ("Pakistan", 1), ("Netherlands", 3)):
        chart = country_charts.rank_chart(tied, country_view(tied, "world", country)).frame
        assert chart.set_index("year").loc[2024, "rank"] == expected, country


def test_country_page_headline_and_partner_ranks_share_rank_one(tied: Dataset) -> None:
    for country in ("India", "Pakistan"):
        facts = country_charts.headline_facts(tied, country_view(tied, "country", country))
        assert facts.rank == 1, country
    table = country_charts.compare_table(tied, country_view(tied, "country", "Pakistan"))
    ranks = dict(zip(table.iloc[:, 0], table["rank"], strict=True))
    assert ranks == {"China": 1, "Türkiye": 1}
