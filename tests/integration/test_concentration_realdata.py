"""Concentration on the real build, checked against a direct computation from the
deliveries table written here (not the dashboard's arrays)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts import country as cc
from dashboard.data import Dataset
from dashboard.state import urlstate
from etl.store import read_table

pytestmark = pytest.mark.realdata
RELEASE = "2026-02-12"


@pytest.fixture(scope="module")
def deliveries(real_build: Path) -> pd.DataFrame:
    dl = read_table(real_build, "deliveries")
    return dl[dl["release"] == RELEASE]


def direct(deliveries: pd.DataFrame, country: str, side: str, start: int, end: int
           ) -> tuple[float, str, float]:
    """(HHI, main partner, its % share) from the deliveries rows themselves."""
    own, other = ("recipient", "supplier") if side == "imports" else ("supplier", "recipient")
    rows = deliveries[(deliveries[own] == country) & deliveries["year"].between(start, end)]
    sums = rows.groupby(other)["tiv"].sum()
    shares = sums[sums > 0] / sums.sum()
    return float((shares ** 2).sum()), str(shares.idxmax()), float(shares.max() * 100)


@pytest.mark.parametrize(("country", "side"), [("Pakistan", "imports"),
                                               ("Kazakhstan", "imports"),
                                               ("India", "imports"), ("Turkiye", "exports")])
def test_hhi_matches_a_direct_computation(dataset: Dataset, deliveries: pd.DataFrame,
                                          country: str, side: str) -> None:
    view = urlstate.parse("country", {"country": country, "side": side, "release": RELEASE},
                          dataset.choices).view
    hhi, main, share = direct(deliveries, country, side, *view.period_years)
    frame = cc.concentration_chart(dataset, view).frame.set_index("year")
    assert frame.loc[view.period_years[1], "hhi"] == pytest.approx(hhi, abs=1e-9)
    assert frame.loc[view.period_years[1], "main_share"] == pytest.approx(share, abs=1e-9)
    assert frame.loc[view.period_years[1], "main"] == dataset.name(main)
    assert f"HHI {hhi:.2f}, " in cc.country_headline(dataset, view)


def test_pakistan_headline_names_china(dataset: Dataset) -> None:
    view = urlstate.parse("country", {"country": "Pakistan", "release": RELEASE},
                          dataset.choices).view
    text = cc.country_headline(dataset, view)
    assert "Pakistan's imports are highly concentrated: HHI 0.66, China 81% (2020–24)." in text


def test_main_supplier_shifts_match_a_direct_computation(dataset: Dataset,
                                                         deliveries: pd.DataFrame) -> None:
    view = urlstate.parse("world", {"release": RELEASE, "period": "2024",
                                    "compare": "2019"}, dataset.choices).view
    table = cc.shift_table(dataset, view).set_index("country")
    for country in ("Ukraine", "Egypt", "Pakistan", "Poland"):
        _, main_now, share_now = direct(deliveries, country, "imports", 2020, 2024)
        _, main_then, share_then = direct(deliveries, country, "imports", 2015, 2019)
        row = table.loc[country]
        assert (row["main"], row["main_base"]) == (dataset.name(main_now),
                                                  dataset.name(main_then))
        assert row["share"] == pytest.approx(share_now)
        assert row["share_base"] == pytest.approx(share_then)
        assert bool(row["changed"]) is (main_now != main_then)
