"""Five-year windows, "Other" grouping, ties, gaps, zero totals and ranks."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.compute import metrics as m


def flows(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["partner", "year", "tiv"]).assign(category="Aircraft")


def grid(frame: pd.DataFrame, by: str = "partner") -> m.Grid:
    return m.grid_from_frame(frame, by)


def test_period_labels_follow_sipri() -> None:
    assert m.period_label(2020, 2024) == "2020–24"
    assert m.period_label(1996, 2000) == "1996–2000"
    assert m.period_label(2024, 2024) == "2024"


def test_top_n_groups_the_rest_as_other_and_keeps_totals() -> None:
    frame = flows([("A", 2020, 10), ("B", 2020, 5), ("C", 2020, 1), ("D", 2021, 2)])
    out = m.grid_annual(grid(frame), "partner", 2020, 2021, 2)
    assert list(dict.fromkeys(out["partner"])) == ["A", "B", "Other"]
    assert out["tiv"].sum() == 18
    assert out.set_index(["year", "partner"]).loc[(2021, "Other"), "tiv"] == 2


def test_ties_are_listed_by_name_and_share_a_rank() -> None:
    frame = flows([("Zed", 2020, 5), ("Abe", 2020, 5), ("Mid", 2020, 5), ("Top", 2020, 6)])
    tied = grid(frame)
    assert [tied.names[i] for i in m.grid_top(tied, 2020, 2020, 2)] == ["Top", "Abe"]
    table = m.grid_period_table(grid(frame), "partner", 2020, 2020)
    assert list(table["partner"]) == ["Top", "Abe", "Mid", "Zed"]
    assert list(table["rank"]) == [1, 2, 2, 2]


def test_highlighted_partner_is_kept_outside_the_top() -> None:
    frame = flows([("A", 2020, 10), ("B", 2020, 5), ("C", 2020, 1)])
    out = m.grid_annual(grid(frame), "partner", 2020, 2020, 1, include=["C"])
    assert set(out["partner"]) == {"A", "C", "Other"}


def test_gaps_become_zero_bars_over_the_whole_range() -> None:
    frame = flows([("A", 2020, 10), ("A", 2023, 4)])
    out = m.grid_annual(grid(frame), "partner", 2020, 2023, 5)
    assert list(out["year"]) == [2020, 2021, 2022, 2023]
    assert list(out["tiv"]) == [10, 0, 0, 4]


def test_no_other_series_when_the_rest_is_zero() -> None:
    frame = flows([("A", 2020, 10), ("unknown", 2020, 0)])
    out = m.grid_annual(grid(frame), "partner", 2020, 2020, 5)
    assert list(out["partner"]) == ["A"]


def test_rolling_shares_use_complete_windows_only() -> None:
    frame = flows([("A", y, 1.0) for y in range(2010, 2020)] + [("B", 2019, 9.0)])
    out = m.grid_rolling_shares(grid(frame), "partner", 2010, 2010, 2019, 5, 5)
    assert out["year"].min() == 2014
    last = out[out["year"] == 2019].set_index("partner")
    assert last.loc["A", "tiv"] == 5 and last.loc["B", "tiv"] == 9
    assert math.isclose(last.loc["A", "share"], 5 / 14 * 100)
    assert math.isclose(out.groupby("year")["share"].sum().max(), 100)


def test_zero_totals_give_no_share_not_an_error() -> None:
    frame = flows([("A", 2010, 0.0), ("B", 2016, 3.0)])
    out = m.grid_rolling_shares(grid(frame), "partner", 2010, 2010, 2016, 2, 5)
    assert out[out["year"] == 2012]["share"].isna().all()
    table = m.grid_period_table(grid(flows([("A", 2020, 0.0)])), "partner", 2020, 2020)
    assert table["share"].isna().all()


def test_compare_periods_change_in_points_and_rank() -> None:
    frame = flows([("A", 2016, 50), ("B", 2016, 50), ("A", 2021, 75), ("C", 2021, 25)])
    out = m.grid_compare(grid(frame), "partner", (2020, 2024), (2015, 2019)).set_index("partner")
    assert out.loc["A", "change_pp"] == 25
    assert out.loc["B", "change_pp"] == -50
    assert out.loc["C", "rank"] == 2 and math.isnan(out.loc["C", "rank_base"])


def test_rank_history_counts_unknown_in_total_but_not_in_rank() -> None:
    totals = pd.DataFrame({"country": ["X", "Y", "unknown", "X", "Y", "unknown"],
                           "year": [2020, 2020, 2020, 2021, 2021, 2021],
                           "tiv": [5.0, 5.0, 90.0, 1.0, 9.0, 0.0]})
    countries = grid(totals, "country")
    out = m.grid_rank_history(countries, "Y", 2020, 2020, 2021, 1, exclude=["unknown"])
    assert list(out["rank"]) == [1, 1]  # 2020: X and Y tie on 5 (90 unknown is not ranked)
    assert math.isclose(out["share"].iloc[0], 5.0)
    world = m.grid_world_ranks(countries, 2020, 2020, exclude=["unknown"]).set_index("country")
    assert world.loc["X", "rank"] == 1 and math.isnan(world.loc["unknown", "rank"])
