"""Area sums on constructed grids: members count only in their years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m
from dashboard.compute import regions as area_math
from etl.regions import Area, Member

PACT = Area("Pact", "grouping", (Member("A", 2000, 2001), Member("A", 2003),
                                 Member("B", 2001), Member("Z", 1990)))
GRID = m.Grid(("A", "B", "C"), 2000, np.array([[1.0, 2, 4, 8], [10, 20, 40, 80],
                                               [100, 200, 400, 800]]),
              np.ones((3, 4), dtype=bool))


def test_weights_follow_membership_years_and_ignore_absent_members() -> None:
    weights = area_math.member_weights(PACT, GRID.names, GRID.first, 4)
    assert weights.tolist() == [[1, 1, 0, 1], [0, 1, 1, 1], [0, 0, 0, 0]]


def test_area_totals_and_member_grid() -> None:
    assert area_math.area_totals(GRID, PACT).tolist() == [1, 22, 40, 88]
    members = area_math.member_grid(GRID, PACT)
    assert members.names == ("A", "B")
    assert members.tiv.tolist() == [[1, 2, 0, 8], [0, 20, 40, 80]]
    assert members.present.tolist() == [[True, True, False, True], [False, True, True, True]]


def test_labels_and_options() -> None:
    south = Area("South Asia", "subregion", (), "Asia and Oceania")
    assert area_math.area_label(south) == "South Asia (subregion of Asia and Oceania)"
    assert area_math.area_label(PACT) == "Pact (grouping)"
    options = area_math.area_options({"Pact": PACT, "South Asia": south,
                                      "Asia and Oceania": Area("Asia and Oceania", "region",
                                                               ())})
    assert [o["value"] for o in options] == ["Asia and Oceania", "South Asia", "Pact"]


def test_area_grid_is_a_row_per_area_present_where_a_member_counts() -> None:
    late = Area("Late", "grouping", (Member("C", 2003),))
    areas = area_math.area_grid(GRID, [PACT, late])
    assert areas.names == ("Pact", "Late") and areas.first == 2000
    assert areas.tiv.tolist() == [[1, 22, 40, 88], [0, 0, 0, 800]]
    assert areas.present.tolist() == [[True, True, True, True], [False, False, False, True]]


def test_member_frames_keep_each_members_rows_in_its_years() -> None:
    frames = {name: pd.DataFrame({"year": [2000, 2001, 2002, 2003], "tiv": tivs})
              for name, tivs in (("A", [1.0, 2, 4, 8]), ("B", [10.0, 20, 40, 80]),
                                 ("C", [100.0, 200, 400, 800]))}
    rows = area_math.member_frames(frames, PACT)
    assert rows is not None
    assert sorted(zip(rows["year"], rows["tiv"], strict=True)) == [
        (2000, 1), (2001, 2), (2001, 20), (2002, 40), (2003, 8), (2003, 80)]
    assert area_math.member_frames({"C": frames["C"]}, PACT) is None
