"""On the real build, every country page gives each partner one colour on all its charts,
and the partners drawn side by side differ clearly (Kazakhstan's Spain and Türkiye were
two light blues, 8 apart in CIEDE2000)."""

from __future__ import annotations

import itertools

import pytest

from dashboard.charts import country as cc
from dashboard.charts.country import Chart
from dashboard.data import Dataset
from dashboard.state import urlstate
from tests.support.colour import distance
from tests.unit.dashboard.figures.test_colours import MIN_DISTANCE

pytestmark = pytest.mark.realdata

# Pages where a partner had two colours (a clash resolved differently per chart) or
# neighbours were alike, and some large ones.
PAGES = [("Kazakhstan", "imports"), ("Azerbaijan", "imports"), ("Angola", "imports"),
         ("Bahrain", "imports"), ("Afghanistan", "imports"), ("Brazil", "exports"),
         ("Pakistan", "imports"), ("India", "imports"), ("United States", "exports"),
         ("Turkiye", "exports"), ("Europe", "imports")]


def series_colours(chart: Chart) -> list[tuple[str, str]]:
    """(partner, colour) of each series of a chart, in drawing order."""
    out: list[tuple[str, str]] = []
    for trace in chart.figure["data"]:
        if trace.get("name") == "Events":
            continue
        colour = trace.get("fillcolor") or trace.get("marker", {}).get("color")
        if isinstance(colour, list):  # one bar per partner
            out += list(zip(trace["y"], colour, strict=True))
        elif isinstance(colour, str):
            out.append((trace["name"], colour))
    return out


@pytest.mark.parametrize(("country", "side"), PAGES)
def test_a_partner_has_one_colour_on_the_page_and_neighbours_differ(
        dataset: Dataset, country: str, side: str) -> None:
    view = urlstate.parse("country", {"country": country, "side": side},
                          dataset.choices).view
    seen: dict[str, set[str]] = {}
    for key in ("annual", "shares", "compare", "local"):
        chart = cc.CHARTS[key](dataset, view)
        pairs = series_colours(chart)
        for name, colour in pairs:
            seen.setdefault(name, set()).add(colour)
        if key == "annual":
            assert len(pairs) > 1
            close = [(a, b) for (a, ca), (b, cb) in itertools.pairwise(pairs)
                     if distance(ca, cb) < MIN_DISTANCE]
            assert close == []
    assert {n: c for n, c in seen.items() if len(c) > 1} == {}


def test_kazakhstans_spain_and_turkiye_differ(dataset: Dataset) -> None:
    view = urlstate.parse("country", {"country": "Kazakhstan", "release": "2026-02-12"},
                          dataset.choices).view
    colours = dict(series_colours(cc.CHARTS["annual"](dataset, view)))
    assert distance(colours["Spain"], colours["Türkiye"]) >= MIN_DISTANCE
