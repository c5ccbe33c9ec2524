"""The small things an analyst reads off a chart, checked on the figures as data: rank
axes label 1, no outline on a bar of zero height, a legend however few the series, a
one-deal timeline that stays readable, a world map whose colours tell countries apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.compute import deals as d
from dashboard.compute.headline import world_headline
from dashboard.figures import base as fig
from dashboard.figures import pair as pf
from tests.unit.dashboard.deal_frames import R, pakistan

META = fig.Meta("2026-02-12")


@pytest.mark.parametrize("worst", [1, 2, 3, 9, 15, 16, 17, 24, 40, 63, 99, 150, 240, 999])
def test_rank_ticks_always_label_the_largest(worst: int) -> None:
    ticks = fig.rank_ticks(worst)
    assert ticks[0] == 1 and ticks == sorted(set(ticks)) and ticks[-1] <= worst
    assert len(ticks) <= 15
    if worst > 15:
        assert ticks[-1] > worst / 2  # the axis is labelled down to its bottom half


@pytest.mark.parametrize("worst", [3.0, 12.0, 37.0, 118.0])
def test_rank_charts_label_rank_1(worst: float) -> None:
    years = list(range(2000, 2010))
    ranks = np.linspace(worst, 2.0, len(years))
    frame = pd.DataFrame({"year": years, "rank": ranks, "share": 1.0, "tiv": 1.0})
    world = fig.rank_figure(frame, "Chile", "t", META, "#000", "exports")
    assert 1 in world["layout"]["yaxis"]["tickvals"]
    assert world["layout"]["yaxis"]["range"][1] < 1  # 1 is inside the axis, at the top
    share = pd.DataFrame({"year": years, "period": "p", "pair_tiv": 1.0,
                          "recipient_tiv": 2.0, "share_pct": 50.0})
    rank = pd.DataFrame({"year": years, "period": "p", "rank": ranks, "markets": 200})
    pair = pf.share_rank_figure(share, rank, "Türkiye", "Pakistan", META)
    assert 1 in pair["layout"]["yaxis3"]["tickvals"]


def test_no_outline_on_bars_of_zero_height() -> None:
    frame = pd.DataFrame({"year": [2020, 2021, 2022, 2020, 2021, 2022],
                          "supplier": ["China"] * 3 + ["Türkiye"] * 3,
                          "tiv": [10.0, 0.0, 5.0, 0.0, np.nan, 3.0]})
    out = fig.annual_figure(frame, "supplier", "t", META, {}, highlight=["China", "Türkiye"])
    widths = {t["name"]: t["marker"]["line"]["width"] for t in out["data"]}
    assert widths == {"China": [1.5, 0, 1.5], "Türkiye": [0, 0, 1.5]}
    plain = fig.annual_figure(frame, "supplier", "t", META, {})
    assert {t["marker"]["line"]["width"] for t in plain["data"]} == {0}


def test_single_series_charts_keep_their_legend() -> None:
    one = pd.DataFrame({"year": [2020, 2021], "recipient": ["Kazakhstan"] * 2,
                        "tiv": [3.0, 4.0], "share": [100.0, 100.0]})
    annual = fig.annual_figure(one, "recipient", "t", META, {})
    shares = fig.share_figure(one, "recipient", "t", META, {}, 5, "exports")
    category = fig.category_figure(one.rename(columns={"recipient": "category"}), "t", META)
    for out in (annual, shares, category):
        assert out["layout"]["showlegend"] is True
        assert len([t for t in out["data"] if t.get("showlegend", True)]) == 1


def test_a_one_deal_timeline_stays_readable() -> None:
    dl, dd = pakistan()
    shown, points, n_all = d.timeline(dl, dd, d.pair_query(R, "Turkiye", "Pakistan"), limit=1)
    assert len(shown) == 1
    for out in (pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META),
                pf.timeline_figure(shown, points, n_all, "Türkiye", "Pakistan", 2025, META,
                                   open_known=False)):
        layout = out["layout"]
        plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
        assert plot >= pf.TIMELINE_MIN_PLOT >= 100


def _scale_position(out: fig.Figure) -> np.ndarray:
    trace = out["data"][0]
    z = np.asarray(trace["z"], dtype=float)
    return (z - trace["zmin"]) / (trace["zmax"] - trace["zmin"])


def test_the_world_map_separates_countries_on_a_log_scale() -> None:
    # One very large exporter, then countries spread over four orders of magnitude.
    tiv = [48000.0, 9000.0, 1200.0, 400.0, 90.0, 30.0, 4.0, 0.4]
    frame = pd.DataFrame({"name": [f"c{i}" for i in range(len(tiv))],
                          "iso3": [f"C{i:02d}" for i in range(len(tiv))], "tiv": tiv,
                          "share": np.asarray(tiv) / sum(tiv) * 100, "rank": range(1, 9)})
    out = fig.map_figure(frame, "t", META, "exports")
    pos = _scale_position(out)
    assert np.all(np.diff(pos) < -0.05)  # each country a visibly different colour
    assert 0.25 < pos[len(tiv) // 2] < 0.75  # the median country mid-scale, not at 0
    assert np.all((pos >= 0) & (pos <= 1))
    bar = out["data"][0]["colorbar"]
    assert "log scale" in bar["title"]["text"]
    assert bar["ticktext"] == ["0.1", "1", "10", "100", "1,000", "10,000", "100,000"]
    assert out["data"][0]["customdata"][0][0] == 48000.0  # the hover gives TIV itself


@pytest.mark.parametrize(("side", "leaders", "text"), [
    ("exports", [("United States", 43.04), ("France", 9.62), ("Russia", 7.8)],
     "In 2020–24 the United States supplied 43% of world arms exports, France 9.6%, "
     "Russia 7.8%."),
    ("imports", [("Ukraine", 8.8), ("Netherlands", 0.04)],
     "In 2020–24 Ukraine received 8.8% of world arms imports, the Netherlands <0.1%."),
    ("imports", [], "SIPRI records no arms imports in 2020–24."),
])
def test_the_world_sentence(side: str, leaders: list[tuple[str, float]], text: str) -> None:
    assert world_headline((2020, 2024), side, leaders) == text
