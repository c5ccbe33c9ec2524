"""Deal selection, the deals behind a bar, open orders and pair metrics on inline frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.compute import deals as d
from tests.unit.dashboard.deal_frames import OLD, R, deal, delivery, frame, pakistan


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pakistan()


def _bar_value(dl: pd.DataFrame, supplier: str, year: int) -> float:
    """What an imports bar of Pakistan shows: the deliveries rows summed directly."""
    m = ((dl["release"] == R) & (dl["recipient"] == "Pakistan") & (dl["supplier"] == supplier)
         & (dl["year"] == year))
    return float(dl.loc[m, "tiv"].sum())


@pytest.mark.parametrize("prepared", [False, True])
def test_bar_click_selects_that_years_deals_with_the_bars_total(tables, prepared) -> None:
    dl, dd = tables
    if prepared:
        dd = d.prepare_deals(dd, R)
    view = d.country_query(R, "Pakistan", "imports", (2015, 2024))
    q = d.bar_query(view, "imports", 2023, "Turkiye", ["China", "Turkiye", "Other"])
    rows = d.deals_in_view(dl, dd, q)
    assert set(rows["designation"]) == {"Bayraktar TB-2", "Akinci", "MilGem"}
    assert d.grid_total(rows) == pytest.approx(9.6 + 9.0 + 205.0, abs=1e-9)
    assert d.grid_total(rows) == pytest.approx(_bar_value(dl, "Turkiye", 2023), abs=1e-9)
    assert d.total_tiv(dl, q) == d.grid_total(rows)


def test_other_bar_is_every_partner_but_the_named_ones(tables) -> None:
    dl, dd = tables
    view = d.country_query(R, "Pakistan", "imports")
    q = d.bar_query(view, "imports", 2023, d.OTHER, ["China", "Turkiye", d.OTHER])
    rows = d.deals_in_view(dl, dd, q)
    assert sorted(rows["deal_id"]) == [5, 6]
    assert d.grid_total(rows) == pytest.approx(12.3 + 0.1)


def test_exports_side_partners_are_recipients(tables) -> None:
    dl, dd = tables
    view = d.country_query(R, "Turkiye", "exports")
    q = d.bar_query(view, "exports", 2023, "Azerbaijan")
    assert d.deals_in_view(dl, dd, q)["deal_id"].tolist() == [7]
    other = d.bar_query(view, "exports", 2023, d.OTHER, ["Azerbaijan"])
    assert sorted(d.deals_in_view(dl, dd, other)["deal_id"]) == [2, 3, 4]


def test_another_release_never_leaks_in(tables) -> None:
    dl, dd = tables
    q = d.pair_query(R, "Turkiye", "Pakistan")
    rows = d.deals_in_view(dl, dd, q)
    assert 9 not in set(rows["deal_id"])
    old = d.deals_in_view(dl, dd, d.pair_query(OLD, "Turkiye", "Pakistan"))
    assert old["deal_id"].tolist() == [9]
    assert set(old["release"]) == {OLD}


def test_year_range_sums_only_deliveries_inside_it(tables) -> None:
    dl, dd = tables
    rows = d.deals_in_view(dl, dd, d.pair_query(R, "Turkiye", "Pakistan", (2023, 2024)))
    by_id = rows.set_index("deal_id")
    assert by_id.loc[2, "tiv_in_view"] == pytest.approx(9.6 + 7.2)
    assert by_id.loc[2, "years_in_view"] == "2023–2024"
    assert by_id.loc[2, "delivery_years"] == "2022; 2023; 2024"
    assert by_id.loc[4, "years_in_view"] == "2023"
    assert by_id.loc[2, "units_in_view"] == 7
    assert pd.isna(by_id.loc[4, "units_in_view"])  # units unknown stays unknown, not 0


def test_rows_carry_sipri_fields_and_uncertainty_marks(tables) -> None:
    dl, dd = tables
    rows = d.deals_in_view(dl, dd, d.pair_query(R, "Turkiye", "Pakistan")).set_index("deal_id")
    assert bool(rows.loc[2, "number_ordered_uncertain"]) is True
    assert rows.loc[2, "tiv_per_unit"] == 2.4
    assert rows.loc[2, "tiv_order"] == 21.6
    assert rows.loc[3, "comments"] == "Incl for navy"
    assert list(rows.reset_index().columns) == list(d.GRID_COLUMNS)


def test_largest_first(tables) -> None:
    dl, dd = tables
    rows = d.deals_in_view(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"))
    assert rows["designation"].tolist()[0] == "MilGem"
    assert rows["tiv_in_view"].is_monotonic_decreasing


def test_category_filter(tables) -> None:
    dl, dd = tables
    q = d.country_query(R, "Pakistan", "imports", categories=["Sensors"])
    assert sorted(d.deals_in_view(dl, dd, q)["deal_id"]) == [5, 6]


@pytest.mark.parametrize("prepared", ["raw", "all", "release"])
def test_free_text_search_needs_every_word(tables, prepared: str) -> None:
    dl, dd = tables
    deals = {"raw": dd, "all": d.prepare_deals(dd), "release": d.prepare_deals(dd, R)}[prepared]
    base = d.pair_query(R, "Turkiye", "Pakistan")
    find = lambda s: sorted(d.deals_in_view(dl, deals, d.DealQuery(  # noqa: E731
        **{**base.__dict__, "search": s}))["deal_id"])
    assert find("akinci") == [3]
    assert find("ARMED uav") == [2, 3]
    assert find("armed frigate") == []
    assert find("navy") == [3]  # comments are searched too
    assert find("   ") == [2, 3, 4]


def test_empty_view_gives_empty_rows_with_the_grid_columns(tables) -> None:
    dl, dd = tables
    rows = d.deals_in_view(dl, dd, d.pair_query(R, "Turkiye", "Pakistan", (1990, 1991)))
    assert rows.empty
    assert list(rows.columns) == list(d.GRID_COLUMNS)
    assert d.grid_total(rows) == 0.0


def test_delivery_without_deal_row_keeps_its_own_fields() -> None:
    dl = frame([delivery(1, "A", "B", 2000, 3.0, designation="X")], "deliveries")
    dd = frame([deal(2, "A", "B", [2000])], "deals")
    rows = d.deals_in_view(dl, dd, d.pair_query(R, "A", "B"))
    assert rows["designation"].tolist() == ["X"]
    assert d.grid_total(rows) == 3.0


def test_query_round_trips_through_a_dict() -> None:
    q = d.bar_query(d.country_query(R, "Pakistan", "imports", (2000, 2024), ["Ships"]),
                    "imports", 2023, d.OTHER, ["China"])
    assert d.query_from_dict(q.to_dict()) == q


@pytest.mark.parametrize(("data", "field"), [
    ({}, "release"),
    ({"release": R, "suppliers": "China"}, "suppliers"),
    ({"release": R, "first_year": "2020"}, "first_year"),
    ({"release": R, "last_year": True}, "last_year"),
    ({"release": R, "search": 3}, "search"),
])
def test_bad_query_dict_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(d.DealQueryError, match=field):
        d.query_from_dict(data)


def test_bad_side_is_named() -> None:
    with pytest.raises(d.DealQueryError, match="side"):
        d.country_query(R, "Pakistan", "both")


# --- open orders ---------------------------------------------------------------------------


def test_open_orders_and_what_is_still_to_come(tables) -> None:
    _, dd = tables
    q = d.country_query(R, "Pakistan", "imports", (2023, 2023))
    opened = d.open_orders(dd, q).set_index("deal_id")
    assert sorted(opened.index) == [4, 11, 12]
    assert opened.loc[4, "units_to_come"] == 3
    assert opened.loc[4, "tiv_to_come"] == 615.0
    assert opened.loc[12, "units_to_come"] == 10
    assert pd.isna(opened.loc[11, "units_to_come"])  # SIPRI gives no number ordered
    assert pd.isna(opened.loc[11, "tiv_to_come"])
    p = d.pipeline(opened.reset_index())
    assert (p.deals, p.units_to_come, p.tiv_to_come, p.deals_without_size) == (3, 13, 645, 1)
    assert p.sentence() == ("3 open orders: 13 units and 645.0 million TIV still to come "
                            "(plus 1 deal(s) whose number ordered SIPRI does not give).")


def test_no_open_orders_says_so(tables) -> None:
    _, dd = tables
    opened = d.open_orders(dd, d.pair_query(R, "Turkiye", "Azerbaijan"))
    assert d.pipeline(opened).sentence() == "No open orders in this release."
    assert opened.empty


def test_order_data_only_where_the_release_carries_it(tables) -> None:
    _, dd = tables
    assert d.has_order_data(dd, R)
    assert not d.has_order_data(dd, OLD)


# --- pair metrics --------------------------------------------------------------------------


def _share_data() -> pd.DataFrame:
    rows = []
    # Recipient P: from S 10 a year in 2000-2009, from T 30 a year in 2000-2004, 0 after;
    # nothing at all in 2005 from anyone but S.
    for y in range(2000, 2010):
        rows.append(delivery(1, "S", "P", y, 10.0))
    for y in range(2000, 2005):
        rows.append(delivery(2, "T", "P", y, 30.0))
    rows.append(delivery(3, "S", "Q", 2003, 500.0))
    rows.append(delivery(4, "T", "P", 2003, 1000.0, release=OLD))
    return frame(rows, "deliveries")


def test_share_on_rolling_five_year_sums() -> None:
    out = d.pair_share(_share_data(), R, "S", "P", 2000, 2009)
    assert out["year"].tolist() == list(range(2004, 2010))  # complete windows only
    assert out["period"].tolist()[0] == "2000–2004"
    by = out.set_index("year")
    assert by.loc[2004, "share_pct"] == pytest.approx(50 / 200 * 100)
    assert by.loc[2005, "share_pct"] == pytest.approx(50 / 170 * 100)
    assert by.loc[2009, "share_pct"] == pytest.approx(100.0)
    assert by.loc[2004, "recipient_tiv"] == 200.0


def test_share_is_empty_not_zero_where_recipient_imported_nothing() -> None:
    out = d.pair_share(_share_data(), R, "S", "P", 2015, 2020)
    assert out["share_pct"].isna().all()
    assert (out["recipient_tiv"] == 0).all()


def test_rank_among_supplier_markets() -> None:
    out = d.recipient_rank(_share_data(), R, "S", "P", 2000, 2009).set_index("year")
    assert out.loc[2004, "rank"] == 2  # Q's 500 beats P's 50
    assert out.loc[2004, "markets"] == 2
    assert out.loc[2008, "rank"] == 1  # 2004-2008: Q had nothing
    assert out.loc[2008, "markets"] == 1


def test_rank_ties_share_the_best_rank_and_absence_is_empty() -> None:
    rows = [delivery(1, "S", "A", 2000, 5.0), delivery(2, "S", "B", 2000, 5.0),
            delivery(3, "S", "C", 2000, 9.0)]
    dl = frame(rows, "deliveries")
    out = d.recipient_rank(dl, R, "S", "B", 2000, 2004)
    assert out["rank"].tolist() == [2]
    none = d.recipient_rank(dl, R, "S", "Z", 2000, 2004)
    assert none["rank"].isna().all()
    assert none["markets"].tolist() == [3]


def test_by_year_and_category(tables) -> None:
    dl, _ = tables
    out = d.by_year_and_category(dl, d.pair_query(R, "Turkiye", "Pakistan"))
    cell = out.set_index(["year", "category"])["tiv"]
    assert cell[(2023, "Aircraft")] == pytest.approx(18.6)
    assert cell[(2023, "Ships")] == 205.0
    assert out["tiv"].sum() == pytest.approx(d.total_tiv(dl, d.pair_query(R, "Turkiye",
                                                                          "Pakistan")))


def test_timeline_has_delivered_and_open_deals(tables) -> None:
    dl, dd = tables
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"))
    assert n_all == 4
    assert set(shown["deal_id"]) == {2, 3, 4, 12}
    assert shown.set_index("deal_id")["is_open"].to_dict() == {2: False, 3: False, 4: True,
                                                                12: True}
    assert set(points["deal_id"]) == {2, 3, 4}
    top1, _, n = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"), limit=1)
    assert (top1["designation"].tolist(), n) == (["MilGem"], 4)


@pytest.mark.parametrize("prepared", [False, True])
def test_local_production_column_says_where_it_comes_from(prepared: bool) -> None:
    dl = frame([delivery(1, "China", "Pakistan", 2022, 10.0),
                delivery(2, "Turkiye", "Pakistan", 2022, 5.0),
                delivery(3, "Sweden", "Pakistan", 2022, 1.0),
                delivery(4, "Italy", "Pakistan", 2022, 1.0)], "deliveries")
    dd = frame([deal(1, "China", "Pakistan", [2022], local_production=True,
                     local_production_source="sipri"),
                deal(2, "Turkiye", "Pakistan", [2022], local_production=True,
                     local_production_source="comments"),
                deal(3, "Sweden", "Pakistan", [2022], local_production=False,
                     local_production_source="comments"),
                deal(4, "Italy", "Pakistan", [2022])], "deals")
    if prepared:
        dd = d.prepare_deals(dd, R)
    rows = d.deals_in_view(dl, dd, d.country_query(R, "Pakistan", "imports", (2022, 2022)))
    local = dict(zip(rows["deal_id"], rows["local"], strict=True))
    assert local == {1: "yes", 2: "yes" + d.FROM_COMMENTS, 3: "no" + d.FROM_COMMENTS, 4: ""}
