"""Pair figures compared as data: traces, titles, units, source line, empty states."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import deals as d
from dashboard import pair_figures as pf
from tests.unit.deal_frames import R, pakistan

SOURCE = "Source: SIPRI Arms Transfers Database, release 2026-02-12"
NOTE = "Per-year values estimated"


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pakistan()


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def _assert_conventions(fig, note: str | None = None) -> None:
    title = fig.layout.title.text
    assert "$" not in title and "USD" not in title
    texts = " ".join(_annotations(fig))
    assert SOURCE in texts
    if note:
        assert note in texts


def test_category_figure_stacks_categories_per_year(tables) -> None:
    dl, _ = tables
    data = d.by_year_and_category(dl, d.pair_query(R, "Turkiye", "Pakistan"))
    fig = pf.category_figure(data, "Türkiye", "Pakistan", (2020, 2024), SOURCE, NOTE)
    _assert_conventions(fig, NOTE)
    assert "Türkiye to Pakistan" in fig.layout.title.text
    assert "SIPRI TIV, millions" in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "SIPRI TIV, millions"
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    assert names == ["Ships", "Aircraft"]  # largest category first
    ships = fig.data[0]
    assert list(ships.x) == [2023] and list(ships.y) == [205.0]
    assert ships.marker.color == pf.category_colour("Ships")
    total = sum(sum(t.y) for t in fig.data)
    assert total == pytest.approx(4.8 + 9.6 + 7.2 + 9.0 + 4.5 + 205.0)


def test_category_colours_are_fixed_and_distinct() -> None:
    current = [c for c in pf.CATEGORY_COLOURS if c != "Air defence systems"]
    colours = [pf.CATEGORY_COLOURS[c] for c in current]
    assert len(set(colours)) == len(colours)
    assert pf.category_colour("Air defence systems") == pf.category_colour(
        "Air-defence systems")


def test_category_figure_empty_says_why() -> None:
    empty = pd.DataFrame({"year": [], "category": [], "tiv": []})
    fig = pf.category_figure(empty, "Türkiye", "Chile", (2000, 2024), SOURCE)
    assert not fig.data
    assert "No deliveries from Türkiye to Chile in 2000–2024" in _annotations(fig)
    _assert_conventions(fig)


def test_share_rank_figure(tables) -> None:
    dl, _ = tables
    share = d.pair_share(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    rank = d.recipient_rank(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    fig = pf.share_rank_figure(share, rank, "Türkiye", "Pakistan", SOURCE, NOTE)
    _assert_conventions(fig, NOTE)
    assert "5-year sums" in fig.layout.title.text
    assert [t.name for t in fig.data] == ["Share", "Rank"]
    assert fig.layout.yaxis2.autorange == "reversed"
    assert "% of Pakistan's imports" in _annotations(fig)
    assert list(fig.data[0].y) == pytest.approx(list(share["share_pct"]))


def test_share_rank_figure_empty() -> None:
    share = pd.DataFrame({"year": [], "period": [], "pair_tiv": [], "recipient_tiv": [],
                          "share_pct": []})
    rank = pd.DataFrame({"year": [], "period": [], "rank": [], "markets": [],
                         "pair_tiv": []})
    fig = pf.share_rank_figure(share, rank, "Türkiye", "Chile", SOURCE)
    assert not fig.data
    assert any("No deliveries" in t for t in _annotations(fig))


def test_timeline_draws_open_orders_distinctly(tables) -> None:
    dl, dd = tables
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"))
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, SOURCE)
    _assert_conventions(fig)
    by_name = {t.name: t for t in fig.data}
    opened = by_name["Open order: still to come"]
    assert opened.line.dash == "dash"
    assert set(y for y in opened.y if y) == {"MilGem", "Hisar"}
    assert max(x for x in opened.x if x is not None) == 2025
    deliveries = by_name["Delivery (area = TIV in the year)"]
    keys = zip(deliveries.y, deliveries.x, strict=True)
    sizes = dict(zip(keys, deliveries.marker.size, strict=True))
    assert sizes[("MilGem", 2023)] > sizes[("Akinci", 2023)] > sizes[("Akinci", 2024)]
    assert set(fig.layout.yaxis.categoryarray) == {"Bayraktar TB-2", "Akinci", "MilGem",
                                                   "Hisar"}


def test_timeline_says_when_deals_are_left_out_and_when_orders_are_unknown(tables) -> None:
    dl, dd = tables
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"), limit=2)
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, SOURCE,
                             open_known=False)
    texts = " ".join(_annotations(fig))
    assert "The 2 largest of 4 deals shown" in texts
    assert "no order data" in texts


def test_timeline_empty() -> None:
    _, dd = pakistan()
    fig = pf.timeline_figure(dd.iloc[0:0].assign(is_open=[], last_year=[]),
                             pd.DataFrame({"deal_id": [], "year": [], "tiv": []}), 0,
                             "Türkiye", "Chile", 2025, SOURCE)
    assert "No deals from Türkiye to Chile in this release" in _annotations(fig)


def test_repeated_designations_get_unique_labels() -> None:
    shown = pd.DataFrame({"designation": ["ASELPOD", "ASELPOD", "ASELPOD", "T-37"],
                          "order_year": [2016, 2017, 2017, 2015], "deal_id": [1, 2, 3, 4]})
    assert pf.deal_labels(shown) == ["ASELPOD (ordered 2016)", "ASELPOD (ordered 2017) #2",
                                     "ASELPOD (ordered 2017) #3", "T-37"]
