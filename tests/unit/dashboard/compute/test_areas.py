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


class Flows:
    """Side flows (dashboard.data.SideFlows' layout) of invented rows: each entity's rows
    together, partner a code into NAMES."""

    NAMES = ("A", "B", "C")

    def __init__(self, rows: list[tuple[str, str, int, float, int]]) -> None:
        rows = sorted(rows, key=lambda r: self.NAMES.index(r[0]))
        code = {n: i for i, n in enumerate(self.NAMES)}
        self.index = code
        self.first, self.width = 2000, 4
        counts = np.bincount([code[r[0]] for r in rows], minlength=len(self.NAMES))
        self.starts = np.concatenate([[0], np.cumsum(counts)])
        self.partner = np.array([code[r[1]] for r in rows])
        self.year = np.array([r[2] - self.first for r in rows], dtype=np.int16)
        self.tiv = np.array([r[3] for r in rows])
        self.category = np.array([r[4] for r in rows], dtype=np.int16)


def test_inside_tiv_counts_trade_between_members_in_the_years_both_belong() -> None:
    # A belongs 2000-01 and from 2003, B from 2001 (PACT); recipient, supplier, year
    flows = Flows([("A", "B", 2001, 5.0, 0),     # both members: inside
                   ("A", "B", 2002, 7.0, 0),     # A out in 2002: not the pact's
                   ("B", "A", 2002, 11.0, 0),    # B in, A out: the pact's, from outside
                   ("B", "C", 2003, 13.0, 1),    # C never a member
                   ("A", "B", 2003, 17.0, 1),    # both members again: inside
                   ("C", "A", 2001, 19.0, 0)])   # C's imports: not the pact's
    names = Flows.NAMES
    assert area_math.inside_tiv(flows, PACT, names, 2000, 2003) == (46.0, 22.0)
    assert area_math.inside_tiv(flows, PACT, names, 2002, 2003) == (41.0, 17.0)
    assert area_math.inside_tiv(flows, PACT, names, 2000, 2003,
                                np.array([0], dtype=np.int16)) == (16.0, 5.0)
    assert area_math.inside_tiv(flows, Area("None", "region", ()), names, 2000, 2003) == (
        0.0, 0.0)


def test_members_in_some_years_and_whether_membership_changes_within_them() -> None:
    # PACT: A 2000-01 and from 2003, B from 2001, Z from 1990 (no flows needed)
    assert area_math.members_in(PACT, 1990, 1999) == (["Z"], False)
    assert area_math.members_in(PACT, 2001, 2001) == (["A", "B", "Z"], False)
    assert area_math.members_in(PACT, 2000, 2001) == (["A", "B", "Z"], True)  # B joins
    assert area_math.members_in(PACT, 2002, 2002) == (["B", "Z"], False)  # A out
    assert area_math.members_in(PACT, 2001, 2004) == (["A", "B", "Z"], True)  # A's gap
    assert area_math.members_in(PACT, 2003, 2010) == (["A", "B", "Z"], False)
    assert area_math.members_in(Area("None", "region", ()), 2000, 2001) == ([], False)
