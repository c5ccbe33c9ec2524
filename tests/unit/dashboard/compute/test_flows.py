"""The largest flows on rows written here: summed per pair over the period's years and
categories, shares of everything delivered, ties by name."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.compute import flows as fl
from etl.regions import Area, Member

NAMES = ("A", "B", "C", "unknown")


def rows() -> fl.FlowRows:
    # supplier, recipient, year, category, tiv
    data = np.array([(0, 1, 2020, 0, 30.0), (0, 1, 2021, 1, 20.0), (0, 2, 2021, 0, 50.0),
                     (2, 1, 2019, 0, 99.0), (3, 2, 2022, 1, 25.0), (1, 2, 2022, 0, 0.0),
                     (2, 0, 2024, 0, 5.0)])
    return fl.FlowRows(data[:, 0].astype(int), data[:, 1].astype(int),
                       data[:, 2].astype(int), data[:, 3].astype(int), data[:, 4])


def test_pairs_are_summed_over_the_period_and_ranked() -> None:
    frame = fl.largest(rows(), NAMES, 2020, 2024, None, 10)
    assert list(zip(frame["supplier"], frame["recipient"], frame["tiv"], strict=True)) == [
        ("A", "B", 50.0), ("A", "C", 50.0), ("unknown", "C", 25.0), ("C", "A", 5.0)]
    assert list(frame["rank"]) == [1, 2, 3, 4]  # A→B and A→C tie: by name
    assert frame["share"].sum() == pytest.approx(100.0)  # zero flows add nothing
    assert frame["share"].iloc[0] == pytest.approx(50 / 130 * 100)


def test_top_n_and_categories() -> None:
    frame = fl.largest(rows(), NAMES, 2020, 2024, np.array([1]), 1)
    assert list(zip(frame["supplier"], frame["recipient"], strict=True)) == [("unknown", "C")]
    assert frame["share"].iloc[0] == pytest.approx(25 / 45 * 100)


def test_a_period_without_deliveries_has_no_flows() -> None:
    assert fl.largest(rows(), NAMES, 1990, 1994, None, 5).empty


# B belongs from 2021 on, C until 2021: an end counts in the year of each delivery
PACT = Area("Pact", "grouping", (Member("B", 2021), Member("C", 2000, 2021)))


@pytest.mark.parametrize(("role", "pairs"), [
    # in 2020-24: A→B 2020 (B not yet in) 30 and 2021 20; A→C 2021 50; unknown→C 2022
    # (C has left) 25; B→C 2022 0; C→A 2024 (C has left) 5
    ("recipient", [("A", "B", 20.0), ("A", "C", 50.0)]),
    ("supplier", []),  # B's only delivery is of 0 TIV; C's of 2024 is after it left
    ("either", [("A", "B", 20.0), ("A", "C", 50.0)]),
    ("both", []),
])
def test_flows_with_an_end_in_an_area_count_members_in_their_years(
        role: str, pairs: list[tuple[str, str, float]]) -> None:
    frame = fl.largest(rows(), NAMES, 2020, 2024, None, 10, PACT, role)
    got = sorted(zip(frame["supplier"], frame["recipient"], frame["tiv"], strict=True))
    assert got == sorted(pairs)
    # shares stay of everything delivered in the years (130), not of the area's flows
    assert list(frame["share"]) == pytest.approx([v / 130 * 100 for *_, v in
                                                  sorted(pairs, key=lambda p: -p[2])])


def test_an_area_in_both_ends_and_in_either() -> None:
    both = Area("Both", "region", (Member("A"), Member("C")))
    frame = fl.largest(rows(), NAMES, 2019, 2024, None, 10, both, "both")
    assert sorted(zip(frame["supplier"], frame["recipient"], strict=True)) == [
        ("A", "C"), ("C", "A")]
    either = fl.largest(rows(), NAMES, 2019, 2024, None, 10, both, "either")
    assert len(either) == 5  # every positive flow but none: each touches A or C
