"""TIV tables on small grids written here: SIPRI's conventions for rows, empty cells,
totals, shares and ranks, and the fixed five-year periods."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.compute import metrics as m
from dashboard.compute import tivtables as tt

NAN = float("nan")


def grid() -> m.Grid:
    """Four names over 2018-2022: B has a 0 (below 0.5) row in 2019, U is unknown."""
    tiv = np.array([[10.0, 0.0, 0.0, 30.0, 0.0],
                    [0.0, 0.0, 5.0, 0.0, 35.0],
                    [0.0, 0.0, 0.0, 0.0, 0.0],
                    [50.0, 0.0, 0.0, 0.0, 0.0]])
    present = tiv > 0
    present[1, 1] = True  # B: a delivery below 0.5 in 2019
    return m.Grid(("A", "B", "C", "U"), 2018, tiv, present)


def test_fixed_periods_follow_the_calendar_and_are_cut_to_the_years() -> None:
    labels = [c.label for c in tt.fixed_periods(1990, 2023)]
    assert labels == ["1990–94", "1995–99", "2000–04", "2005–09", "2010–14", "2015–19",
                      "2020–23"]
    cut = tt.fixed_periods(1997, 2010)
    assert [(c.start, c.end) for c in cut] == [(1997, 1999), (2000, 2004), (2005, 2009),
                                               (2010, 2010)]
    assert [c.label for c in tt.partial(cut)] == ["1997–99", "2010"]
    assert tt.partial(tt.fixed_periods(2000, 2024)) == []


def test_rows_are_every_name_with_a_delivery_largest_first() -> None:
    table = tt.tiv_table(grid(), tt.year_columns(2018, 2022), exclude=["U"])
    assert table.names == ("U", "A", "B")  # C has no delivery; A and B tie: by name
    assert list(table.total) == [50.0, 40.0, 40.0]
    # U is left out of ranks but counts in totals and shares
    assert np.isnan(table.rank[0]) and list(table.rank[1:]) == [1.0, 2.0]
    assert table.grand_total == 130.0
    assert table.share[0] == pytest.approx(50 / 130 * 100)
    assert table.share.sum() == pytest.approx(100.0)


def test_an_empty_cell_is_no_delivery_and_a_zero_is_a_small_one() -> None:
    table = tt.tiv_table(grid(), tt.year_columns(2018, 2022))
    b = table.names.index("B")
    assert table.tiv[b, 1] == 0.0  # 2019: below 0.5
    assert np.isnan(table.tiv[b, 0])  # 2018: nothing
    assert np.isnan(table.column_rank[b, 0]) and table.column_rank[b, 1] == 1.0


def test_periods_sum_years_and_rank_within_each_period() -> None:
    table = tt.tiv_table(grid(), tt.fixed_periods(2018, 2022), exclude=["U"])
    assert [c.label for c in table.columns] == ["2018–19", "2020–22"]
    rows = {n: i for i, n in enumerate(table.names)}
    assert table.tiv[rows["A"]].tolist() == [10.0, 30.0]
    assert table.column_total.tolist() == [60.0, 70.0]
    assert table.column_share[rows["A"], 1] == pytest.approx(30 / 70 * 100)
    assert table.column_rank[rows["B"], 1] == 1.0 and table.column_rank[rows["A"], 1] == 2.0
    assert np.isnan(table.column_rank[rows["U"], 0])


def test_the_chart_shares_of_each_column_add_up_to_100() -> None:
    table = tt.tiv_table(grid(), tt.year_columns(2018, 2022), exclude=["U"])
    shares = tt.top_shares(table, 1)
    assert shares.names == ("A", m.OTHER)
    totals = np.nansum(shares.share, axis=0)
    assert totals[[0, 2, 3, 4]] == pytest.approx([100.0] * 4)
    assert np.isnan(shares.share[:, 1]).all()  # 2019: only a row below 0.5, total 0


def test_long_frame_keeps_cells_with_deliveries_and_integer_ranks() -> None:
    table = tt.tiv_table(grid(), tt.year_columns(2018, 2022), exclude=["U"])
    frame = tt.long_frame(table, "recipient")
    assert len(frame) == int(np.isfinite(table.tiv).sum()) == 6
    assert str(frame["rank"].dtype) == "Int64"
    row = frame[(frame["recipient"] == "B") & (frame["first_year"] == 2022)].iloc[0]
    assert (row["tiv"], row["rank"], row["total_rank"]) == (35.0, 1, 2)


def test_a_table_needs_a_column() -> None:
    with pytest.raises(ValueError, match="column"):
        tt.tiv_table(grid(), [])


def test_rows_that_overlap_take_their_shares_of_another_total() -> None:
    # two overlapping areas over 2018-2019, shares of a world of 200 then 100
    areas = m.Grid(("X", "Y"), 2018, np.array([[60.0, 50.0], [100.0, 0.0]]),
                   np.array([[True, True], [True, False]]))
    world = m.Grid(("A", "B", "C"), 2018, np.array([[60.0, 50.0], [40.0, 0.0],
                                                   [100.0, 50.0]]), np.ones((3, 2), bool))
    table = tt.tiv_table(areas, tt.year_columns(2018, 2019), of=world)
    assert table.names == ("X", "Y") and list(table.total) == [110.0, 100.0]
    assert list(table.column_total) == [200.0, 100.0]  # the world's, not the rows' sums
    assert np.allclose(table.share, [110 / 300 * 100, 100 / 300 * 100])
    assert np.allclose(table.column_share[:, 0], [30.0, 50.0])
    assert table.column_share[0, 1] == 50.0 and np.isnan(table.column_share[1, 1])
    shares = tt.top_shares(table, 1, other=False)
    assert shares.names == ("X",)  # no Other: the rows overlap
    assert tt.top_shares(table, 1).names == ("X", m.OTHER)
