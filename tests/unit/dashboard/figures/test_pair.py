"""Pair figures compared as data: traces, titles, units, source line, empty states."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.compute import deals as d
from dashboard.figures import pair as pf
from dashboard.figures.base import CATEGORY_COLOURS, Meta
from tests.unit.dashboard.deal_frames import R, pakistan

META = Meta(R, per_year_exact=True)
ESTIMATED = Meta("2026-05-18", per_year_exact=False)


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pakistan()


def _texts(fig) -> str:
    return " ".join(a["text"] for a in fig["layout"].get("annotations", []))


def _assert_conventions(fig, meta: Meta = META) -> None:
    json.dumps(fig)  # plain JSON, ready for the browser
    title = fig["layout"]["title"]["text"]
    assert "$" not in title and "USD" not in title
    assert f"release {meta.release}" in _texts(fig)
    if not meta.per_year_exact:
        assert "estimated" in fig["layout"]["title"]["subtitle"]["text"]


def test_category_figure_stacks_categories_per_year(tables) -> None:
    dl, _ = tables
    data = d.by_year_and_category(dl, d.pair_query(R, "Turkiye", "Pakistan"))
    fig = pf.category_figure(data, "Türkiye", "Pakistan", (2020, 2024), ESTIMATED)
    _assert_conventions(fig, ESTIMATED)
    title = fig["layout"]["title"]["text"]
    assert "Türkiye to Pakistan" in title and "SIPRI TIV, millions" in title
    assert fig["layout"]["yaxis"]["title"]["text"] == "SIPRI TIV, millions"
    assert fig["layout"]["barmode"] == "stack"
    assert [t["name"] for t in fig["data"]] == ["Ships", "Aircraft"]  # largest first
    ships = fig["data"][0]
    assert ships["x"] == [2023] and ships["y"] == [205.0]
    assert ships["marker"]["color"] == CATEGORY_COLOURS["Ships"]
    total = sum(sum(t["y"]) for t in fig["data"])
    assert total == pytest.approx(4.8 + 9.6 + 7.2 + 9.0 + 4.5 + 205.0)


def test_category_figure_empty_says_why() -> None:
    empty = pd.DataFrame({"year": [], "category": [], "tiv": []})
    fig = pf.category_figure(empty, "Türkiye", "Chile", (2000, 2024), META)
    assert fig["data"] == []
    assert "No deliveries from Türkiye to Chile in 2000–2024" in _texts(fig)
    _assert_conventions(fig)


def test_share_rank_figure(tables) -> None:
    dl, _ = tables
    share = d.pair_share(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    rank = d.recipient_rank(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    fig = pf.share_rank_figure(share, rank, "Türkiye", "Pakistan", META)
    _assert_conventions(fig)
    assert "rolling 5-year sums" in fig["layout"]["title"]["text"]
    share_trace, rank_trace = fig["data"]
    assert share_trace["y"] == pytest.approx(list(share["share_pct"]))
    assert rank_trace["yaxis"] == "y3"
    low, high = fig["layout"]["yaxis3"]["range"]
    assert low > high == 0.5  # reversed: rank 1 on top
    assert fig["layout"]["yaxis"]["ticksuffix"] == "%"


def test_share_rank_figure_empty() -> None:
    share = pd.DataFrame({"year": [], "period": [], "pair_tiv": [], "recipient_tiv": [],
                          "share_pct": []})
    rank = pd.DataFrame({"year": [], "period": [], "rank": [], "markets": [],
                         "pair_tiv": []})
    fig = pf.share_rank_figure(share, rank, "Türkiye", "Chile", META)
    assert fig["data"] == []
    assert "No deliveries from Türkiye to Chile" in _texts(fig)


def test_timeline_draws_open_orders_distinctly(tables) -> None:
    dl, dd = tables
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"))
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META)
    _assert_conventions(fig)
    by_name = {t["name"]: t for t in fig["data"]}
    opened = by_name["Open order: still to come after 2025"]
    assert opened["line"]["dash"] == "dash"
    assert {y for y in opened["y"] if y} == {"MilGem", "Hisar"}
    assert max(x for x in opened["x"] if x is not None) == 2026  # beyond the data
    deliveries = by_name["Delivery (area = TIV in the year)"]
    keys = zip(deliveries["y"], deliveries["x"], strict=True)
    sizes = dict(zip(keys, deliveries["marker"]["size"], strict=True))
    assert sizes[("MilGem", 2023)] > sizes[("Akinci", 2023)] > sizes[("Akinci", 2024)]
    assert set(fig["layout"]["yaxis"]["categoryarray"]) == {"Bayraktar TB-2", "Akinci",
                                                            "MilGem", "Hisar"}
    assert "(SIPRI TIV, millions)" in fig["layout"]["title"]["text"]
    assert "Delivery (area = TIV in the year)" in by_name


def test_timeline_says_when_deals_are_left_out_and_when_orders_are_unknown(tables) -> None:
    dl, dd = tables
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"), limit=2)
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META,
                             open_known=False)
    texts = _texts(fig)
    assert "The 2 largest of 4 deals are shown" in texts
    assert "no order data" in texts


def test_timeline_empty() -> None:
    _, dd = pakistan()
    fig = pf.timeline_figure(dd.iloc[0:0].assign(is_open=[], last_year=[]),
                             pd.DataFrame({"deal_id": [], "year": [], "tiv": []}), 0,
                             "Türkiye", "Chile", 2025, META)
    assert "No deals from Türkiye to Chile" in _texts(fig)


def test_repeated_designations_get_unique_labels() -> None:
    shown = pd.DataFrame({"designation": ["ASELPOD", "ASELPOD", "ASELPOD", "MilGem -"],
                          "order_year": [2016, 2017, 2017, 2015], "deal_id": [1, 2, 3, 4]})
    assert pf.deal_labels(shown) == ["ASELPOD (ordered 2016)", "ASELPOD (ordered 2017) #2",
                                     "ASELPOD (ordered 2017) #3", "MilGem"]


def test_every_pair_chart_carries_event_markers_inside_its_range(tables) -> None:
    from dashboard.figures.base import EventMarker

    dl, dd = tables
    marks = [EventMarker(x=2021.0, label="TB2", hover="2021", id="tb2"),
             EventMarker(x=2025.43, label="Plant", hover="Dec 2025", id="plant"),
             EventMarker(x=1996.0, label="Old", hover="1996", id="old")]
    q = d.pair_query(R, "Turkiye", "Pakistan")

    def event_ids(fig) -> list[str]:
        found = [t for t in fig["data"] if t.get("name") == "Events"]
        assert all(t["yaxis"] == "y2" for t in found)  # never taken for a bar or a deal
        return found[0]["customdata"] if found else []

    cat = pf.category_figure(d.by_year_and_category(dl, q), "Türkiye", "Pakistan",
                             (2020, 2024), META, events=marks)
    assert event_ids(cat) == ["tb2"]  # the others lie outside 2020-2024
    share = d.pair_share(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    rank = d.recipient_rank(dl, R, "Turkiye", "Pakistan", 2019, 2024)
    fig = pf.share_rank_figure(share, rank, "Türkiye", "Pakistan", META, events=marks)
    assert event_ids(fig) == ["tb2", "plant", "old"]
    assert len(fig["layout"]["shapes"]) == 3
    shown, points, n_all = d.timeline(dl, dd, q)
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META,
                             events=marks)
    assert event_ids(fig) == ["tb2", "plant"]  # 1996 is before the first order
    assert event_ids(pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025,
                                        META)) == []


def test_timeline_marks_deals_produced_in_the_recipient(tables) -> None:
    dl, dd = tables
    milgem = dd["designation"] == "MilGem"
    dd = dd.assign(local_production=pd.array(milgem.tolist(), dtype="boolean"),
                   local_production_source=["comments" if m else "sipri" for m in milgem])
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"))
    fig = pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META)
    stars = [t for t in fig["data"] if t["name"].startswith("Produced or assembled in")]
    assert len(stars) == 1 and stars[0]["y"] == ["MilGem"]
    assert stars[0]["name"] == "Produced or assembled in Pakistan (licence, co-production)"
    assert stars[0]["customdata"][0][1] == "from SIPRI's comments"
    none = dd.assign(local_production=pd.array([False] * len(dd), dtype="boolean"))
    plain = pf.timeline_figure(*d.timeline(dl, none, d.pair_query(R, "Turkiye", "Pakistan")),
                               "Türkiye", "Pakistan", 2025, META)
    assert not [t for t in plain["data"] if t["name"].startswith("Produced or")]
