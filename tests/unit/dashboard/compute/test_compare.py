"""Several countries on one chart, on a small grid written here: rolling sums of complete
windows only, shares of a world total that counts everyone."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.compute import compare as cp
from dashboard.compute import metrics as m


def grid() -> m.Grid:
    tiv = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 0.0, 0.0, 10.0], [0.0, 0.0, 5.0, 0.0]])
    return m.Grid(("A", "B", "unknown"), 2000, tiv, tiv > 0)


def test_rolling_sums_start_with_the_first_complete_window() -> None:
    frame = cp.country_series(grid(), ["A", "B"], 2000, 2000, 2003, 2)
    a = frame[frame["name"] == "A"]
    assert list(a["year"]) == [2001, 2002, 2003]
    assert list(a["first_year"]) == [2000, 2001, 2002]
    assert list(a["tiv"]) == [3.0, 5.0, 7.0]
    world = [13.0, 10.0, 22.0]  # the unknown party counts in the world total
    assert list(a["world_tiv"]) == world
    assert a["share"].to_numpy() == pytest.approx(np.array([3, 5, 7]) / world * 100)


def test_annual_values_and_a_name_without_rows() -> None:
    frame = cp.country_series(grid(), ["C", "A"], 2000, 2001, 2002, 1)
    assert list(frame["name"]) == ["C", "C", "A", "A"]
    assert list(frame["tiv"]) == [0.0, 0.0, 2.0, 3.0]
    assert list(frame["share"][:2]) == [0.0, 0.0]


def test_no_complete_window_gives_no_points() -> None:
    assert cp.country_series(grid(), ["A"], 2000, 2000, 2002, 5).empty


def test_a_year_with_no_world_deliveries_has_no_share() -> None:
    empty = m.Grid(("A",), 2000, np.zeros((1, 2)), np.zeros((1, 2), dtype=bool))
    frame = cp.country_series(empty, ["A"], 2000, 2000, 2001, 1)
    assert frame["share"].isna().all() and list(frame["tiv"]) == [0.0, 0.0]


def test_rows_outside_the_world_take_their_share_of_the_world_grid() -> None:
    world = m.Grid(("A", "B"), 2000, np.array([[10.0, 30.0], [30.0, 10.0]]),
                   np.ones((2, 2), dtype=bool))
    with_area = m.Grid(("A", "B", "Pact"), 2000,
                       np.array([[10.0, 30.0], [30.0, 10.0], [40.0, 10.0]]),
                       np.ones((3, 2), dtype=bool))
    frame = cp.country_series(with_area, ["Pact", "A"], 2000, 2000, 2001, 1, world)
    assert list(frame["world_tiv"]) == [40.0, 40.0, 40.0, 40.0]  # not 80 and 50
    assert list(frame["share"]) == [100.0, 25.0, 25.0, 75.0]
