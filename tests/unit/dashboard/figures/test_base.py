"""Figure builders: traces, titles with units, source lines, estimate notes, colours."""

from __future__ import annotations

import json

import pandas as pd
import pytest

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


def test_share_area_is_in_percent_with_one_stack_where_every_year_has_a_share() -> None:
    frame = pd.DataFrame({"year": [2020, 2021, 2020, 2021], "supplier": ["A", "A", "B", "B"],
                          "tiv": [1.0, 5.0, 3.0, 0.0], "share": [25.0, 100.0, 75.0, 0.0]})
    fig = f.share_figure(frame, "supplier", "t (% of imports)", EXACT, {}, 5, "imports")
    assert [(t["name"], t["y"], t["stackgroup"]) for t in fig["data"]] == [
        ("A", [25.0, 100.0], "run0"), ("B", [75.0, 0.0], "run0")]  # a true 0 stays 0
    assert fig["layout"]["yaxis"]["ticksuffix"] == "%"
    assert not any("Gaps" in text for text in annotations(fig))
    json.dumps(fig)


def shares_with_gaps(years: list[int], empty: set[int]) -> pd.DataFrame:
    """Two partners' shares over `years`, undefined (no deliveries at all) in `empty`."""
    rows = []
    for name, part in (("A", 40.0), ("B", 60.0)):
        for year in years:
            gap = year in empty
            rows.append({"year": year, "supplier": name, "tiv": 0.0 if gap else part,
                         "share": float("nan") if gap else part})
    return pd.DataFrame(rows).sort_values(["year", "supplier"], kind="stable")


@pytest.mark.parametrize(("empty", "runs"), [
    ({2002}, [[2000, 2001], [2003, 2004]]),
    ({2000, 2004}, [[2001, 2002, 2003]]),
    ({2001, 2003}, [[2000], [2002], [2004]]),
    ({2000, 2001, 2002, 2003, 2004}, []),
])
def test_a_period_without_deliveries_is_a_gap_in_the_share_area(
        empty: set[int], runs: list[list[int]]) -> None:
    years = [2000, 2001, 2002, 2003, 2004]
    fig = f.share_figure(shares_with_gaps(years, empty), "supplier", "t", EXACT, {}, 1,
                         "imports")
    drawn = fig["data"]
    # Each run of years with a share is a stack of its own, so no point of 0 is drawn
    # (Plotly fills a stack's missing points with 0) and nothing spans the gap; a run of
    # one year is a column.
    pieces = {t.get("stackgroup") or f"bar{t['x'][0]}": t["x"] for t in drawn}
    assert sorted(pieces.values()) == runs
    assert all(None not in t["y"] and not set(t["x"]) & empty for t in drawn)
    for t in drawn:
        assert (t["type"], t.get("mode")) == (
            ("bar", None) if len(t["x"]) == 1 else ("scatter", "lines"))
    # one legend entry per partner, which shows and hides all its pieces
    assert [t["name"] for t in drawn if t["showlegend"]] == (["A", "B"] if runs else [])
    assert {t["legendgroup"] for t in drawn} <= {"A", "B"}
    note = [text for text in annotations(fig) if "Gaps" in text]
    assert len(note) == 1 and "no imports at all" in note[0]


def test_the_gap_note_names_each_run_of_empty_periods() -> None:
    years = list(range(1995, 2005))
    defined = [y not in (1995, 1996, 1997, 2003) for y in years]
    assert f.gap_note(years, defined, 1, "imports") == (
        "Gaps: no imports at all in the years 1995–1997, 2003, so no shares there.")
    assert "5-year periods ending in 2003" in f.gap_note(
        years, [y != 2003 for y in years], 5, "exports")
    assert f.gap_note(years, [True] * len(years), 5, "exports") == ""


@pytest.mark.parametrize(("years", "defined", "runs"), [
    ([], [], []),
    ([2000, 2001, 2003], [True, True, True], [[2000, 2001], [2003]]),  # a missing year
    ([2001, 2000], [True, False], [[2001]]),  # any order
    ([2000, 2001, 2002], [False, True, False], [[2001]]),
])
def test_defined_runs(years: list[int], defined: list[bool], runs: list[list[int]]) -> None:
    assert f.defined_runs(years, defined) == runs


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
