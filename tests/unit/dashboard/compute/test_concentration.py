"""Supplier concentration: HHI on period sums, the main partner, the headline sentence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.compute import concentration as conc
from dashboard.compute import metrics as m


def grid(rows: list[tuple[str, int, float]]) -> m.Grid:
    return m.grid_from_frame(pd.DataFrame(rows, columns=["supplier", "year", "tiv"]),
                             "supplier")


@pytest.mark.parametrize(("sums", "expected"), [
    ([100.0], 1.0), ([50.0, 50.0], 0.5), ([1.0, 1.0, 1.0], 1 / 3),
    ([80.0, 20.0], 0.68), ([80.0, 20.0, 0.0], 0.68)])
def test_hhi_is_the_sum_of_squared_shares(sums: list[float], expected: float) -> None:
    assert conc.hhi(np.array(sums)) == pytest.approx(expected)


def test_hhi_of_nothing_is_not_a_number() -> None:
    assert math.isnan(conc.hhi(np.array([0.0, 0.0])))
    assert math.isnan(conc.hhi(np.array([])))


@pytest.mark.parametrize(("value", "word"), [(0.1, "not"), (0.15, "moderately"),
                                             (0.25, "moderately"), (0.26, "highly"),
                                             (1.0, "highly")])
def test_bands(value: float, word: str) -> None:
    assert conc.level(value) == word


def test_period_concentration_names_the_main_partner() -> None:
    g = grid([("China", 2020, 30.0), ("China", 2021, 50.0), ("Türkiye", 2021, 15.0),
              ("Netherlands", 2019, 40.0), ("Netherlands", 2022, 5.0)])
    c = conc.period_concentration(g, 2020, 2024)
    assert c is not None
    assert c.main == "China" and c.main_share == pytest.approx(80.0)
    assert c.hhi == pytest.approx(0.8 ** 2 + 0.15 ** 2 + 0.05 ** 2)
    assert c.partners == 3 and c.tiv == pytest.approx(100.0)
    assert conc.period_concentration(g, 2010, 2014) is None


def test_equal_partners_tie_by_name() -> None:
    c = conc.period_concentration(grid([("B", 2020, 10.0), ("A", 2020, 10.0)]), 2020, 2020)
    assert c is not None and c.main == "A" and c.hhi == pytest.approx(0.5)


def test_history_on_rolling_sums() -> None:
    g = grid([("A", 2000, 10.0), ("B", 2001, 10.0), ("A", 2003, 20.0)])
    frame = conc.history(g, 2000, 2000, 2005, 2)
    assert frame["year"].tolist() == [2001, 2002, 2003, 2004, 2005]
    assert frame["hhi"].iloc[0] == pytest.approx(0.5)  # 2000-01: A 10, B 10
    assert frame["hhi"].iloc[1] == pytest.approx(1.0)  # 2001-02: B only
    assert frame["main"].iloc[2] == "A" and frame["main_share"].iloc[2] == pytest.approx(100.0)
    assert math.isnan(frame["hhi"].iloc[4]) and frame["main"].iloc[4] is None


def test_history_without_complete_window_is_empty() -> None:
    frame = conc.history(grid([("A", 2000, 1.0)]), 2000, 2000, 2003, 5)
    assert frame.empty


def test_sentence() -> None:
    c = conc.Concentration((2020, 2024), 100.0, 0.6712, "China", 81.2, 12)
    assert conc.sentence("Pakistan", "imports", c) == (
        "Pakistan's imports are highly concentrated: HHI 0.67, China 81% (2020–24).")
    spread = conc.Concentration((2020, 2024), 100.0, 0.08, "United Arab Emirates", 18.2, 40)
    assert conc.sentence("Türkiye", "exports", spread, " (Ships)") == (
        "Türkiye's exports (Ships) are not concentrated: HHI 0.08, the United Arab Emirates "
        "18% (2020–24).")
    alone = conc.Concentration((2020, 2024), 5.0, 1.0, "Russia", 100.0, 1)
    assert "Russia only" in conc.sentence("Kazakhstan", "imports", alone)
    assert conc.sentence("Kazakhstan", "imports", None) == ""


def test_shifts_between_two_periods() -> None:
    names = ("A", "B", "C")
    # country 0: main A (75%) in 2015-19, main B (60%) in 2020-24; country 1: C alone in
    # both; country 2: only in the later period (not listed)
    country = np.array([0, 0, 0, 0, 1, 1, 2])
    partner = np.array([0, 1, 1, 2, 2, 2, 0])
    year = np.array([2016, 2017, 2021, 2022, 2015, 2024, 2023])
    tiv = np.array([30.0, 10.0, 60.0, 40.0, 5.0, 5.0, 1.0])
    now = conc.period_partners(country, partner, year, tiv, 2020, 2024)
    then = conc.period_partners(country, partner, year, tiv, 2015, 2019)
    out = conc.shifts(now, then, names).set_index("country")
    assert sorted(out.index) == [0, 1]
    first = out.loc[0]
    assert (first["main_base"], first["main"], bool(first["changed"])) == ("A", "B", True)
    assert first["share_base"] == pytest.approx(75.0) and first["share"] == pytest.approx(60.0)
    assert first["hhi"] == pytest.approx(0.6 ** 2 + 0.4 ** 2)
    assert first["mover"] == "A" and first["change_pp"] == pytest.approx(-75.0)
    assert not bool(out.loc[1, "changed"]) and out.loc[1, "change_pp"] == pytest.approx(0.0)


def test_shifts_of_nothing_are_empty() -> None:
    none = np.zeros(0, dtype=np.int64)
    empty = conc.period_partners(none, none, none, none.astype(float), 2020, 2024)
    assert conc.shifts(empty, empty, ()).empty
