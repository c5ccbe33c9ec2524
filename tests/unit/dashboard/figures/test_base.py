"""Figure builders: traces, titles with units, source lines, estimate notes, colours."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.figures import base as f

EXACT = f.Meta("2026-02-12", True)
ESTIMATED = f.Meta("2026-05-18", False)


def annotations(fig: f.Figure) -> list[str]:
    return [a["text"] for a in fig["layout"]["annotations"]]


def annual() -> pd.DataFrame:
    return pd.DataFrame({"year": [2020, 2021, 2020, 2021], "supplier": ["China", "China",
                                                                         "Other", "Other"],
                         "tiv": [10.0, 0.0, 2.0, 1.0]})


def test_annual_bars_stack_partners_with_title_units_and_source() -> None:
    fig = f.annual_figure(annual(), "supplier", "Pakistan (SIPRI TIV, millions)", EXACT,
                          {"China": "#123456"})
    assert [t["name"] for t in fig["data"]] == ["China", "Other"]
    assert fig["data"][0]["y"] == [10.0, 0.0] and fig["layout"]["barmode"] == "stack"
    assert fig["data"][0]["marker"]["color"] == "#123456"
    assert fig["data"][1]["marker"]["color"] == f.OTHER_COLOUR
    assert "SIPRI TIV, millions" in fig["layout"]["title"]["text"]
    assert ("Source: SIPRI Arms Transfers Database, release 2026-02-12; our calculations."
            in annotations(fig))
    assert fig["layout"]["title"]["subtitle"]["text"] == ""
    json.dumps(fig)


def test_estimated_releases_say_so_on_the_chart() -> None:
    fig = f.annual_figure(annual(), "supplier", "t", ESTIMATED, {})
    assert "estimated" in fig["layout"]["title"]["subtitle"]["text"]
    assert "2026-05-18" in fig["layout"]["title"]["subtitle"]["text"]


def test_share_area_is_in_percent_and_gaps_stay_empty() -> None:
    frame = pd.DataFrame({"year": [2020, 2021], "supplier": ["A", "A"], "tiv": [0.0, 5.0],
                          "share": [float("nan"), 100.0]})
    fig = f.share_figure(frame, "supplier", "t (% of imports)", EXACT, {}, 5, "imports")
    assert fig["data"][0]["y"] == [None, 100.0] and fig["data"][0]["stackgroup"] == "one"
    assert fig["layout"]["yaxis"]["ticksuffix"] == "%"
    json.dumps(fig)


def test_events_hook_adds_markers_only_when_given() -> None:
    plain = f.annual_figure(annual(), "supplier", "t", EXACT, {})
    marked = f.annual_figure(annual(), "supplier", "t", EXACT, {},
                             events=[f.EventMarker(2021.5, "Plant opens", id="e1")])
    assert len(marked["data"]) == len(plain["data"]) + 1
    assert marked["data"][-1]["customdata"] == ["e1"]
    assert "shapes" not in plain["layout"]


def test_empty_figure_says_why() -> None:
    fig = f.empty_figure("t", "No imports deliveries for X in 2000–2001.", EXACT)
    assert fig["data"] == []
    assert "No imports deliveries for X in 2000–2001." in annotations(fig)


def test_colours_are_stable_distinct_for_the_top_and_grey_for_other() -> None:
    order = [f"C{i}" for i in range(len(f.PALETTE))]
    colours = f.colour_map(order)
    assert len(set(colours.values())) == len(f.PALETTE)
    assert f.colour_of("C3", colours) == colours["C3"]
    assert f.colour_of("Other", colours) == f.OTHER_COLOUR
    assert f.colour_of("Nowhere", {}) == f.colour_of("Nowhere", {})


def test_map_uses_iso3_codes() -> None:
    frame = pd.DataFrame({"name": ["Pakistan"], "iso3": ["PAK"], "tiv": [5.0],
                          "share": [4.6], "rank": [5]})
    fig = f.map_figure(frame, "Arms imports (SIPRI TIV, millions)", EXACT, "imports")
    trace = fig["data"][0]
    assert trace["locations"] == ["PAK"] and trace["locationmode"] == "ISO-3"
    assert any("release 2026-02-12" in a for a in annotations(fig))


def test_no_two_names_of_one_chart_share_a_colour() -> None:
    stable = {"Ukraine": "#0072B2", "Japan": "#0072B2", "India": "#E69F00"}
    colours = f.chart_colours(["India", "Ukraine", "Japan", "Other"], stable)
    assert colours["India"] == "#E69F00" and colours["Ukraine"] == "#0072B2"
    assert colours["Japan"] not in ("#0072B2", "#E69F00", f.OTHER_COLOUR)
    assert colours["Other"] == f.OTHER_COLOUR
    many = [f"C{i}" for i in range(40)]
    assert len(set(f.chart_colours(many, {}).values())) == 40


def test_top_chart_colours_are_distinct_even_where_the_stable_ones_clash() -> None:
    frame = pd.DataFrame({"rank": [1, 2], "name": ["Ukraine", "Japan"], "tiv": [9.0, 5.0],
                          "share": [8.8, 3.9], "rank_base": [2.0, 1.0],
                          "share_base": [1.0, 4.0], "change_pp": [7.8, -0.1]})
    fig = f.top_figure(frame, "t", EXACT, {"Ukraine": "#0072B2", "Japan": "#0072B2"},
                       "imports")
    assert len(set(fig["data"][0]["marker"]["color"])) == 2
