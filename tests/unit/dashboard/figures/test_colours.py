"""Series side by side differ clearly: every two colours a chart can give its first 16
series are at least MIN_DISTANCE apart in CIEDE2000 (measured by the tests' own formula,
checked against Sharma et al.'s published values), in any order and for any colour map;
"Other" is grey and differs from all of them."""

from __future__ import annotations

import itertools
import random

import pytest

from dashboard.figures import base as f
from tests.support.colour import ciede2000, distance

MIN_DISTANCE = 17.0  # CIEDE2000; the blues side by side before were 8.0, the greens 9.6


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 2, 7 and 17
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
])
def test_the_distance_is_ciede2000(lab1: tuple[float, float, float],
                                   lab2: tuple[float, float, float], expected: float) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert distance("#FFFFFF", "#000000") == pytest.approx(100, abs=0.01)


def test_any_two_palette_colours_and_other_differ_clearly() -> None:
    colours = [*f.PALETTE, f.OTHER_COLOUR]
    assert len(set(f.PALETTE)) == len(f.PALETTE) == 16
    close = [(a, b, round(distance(a, b), 1)) for a, b in itertools.combinations(colours, 2)
             if distance(a, b) < MIN_DISTANCE]
    assert close == []


def test_armament_categories_differ_clearly() -> None:
    colours = sorted(set(f.CATEGORY_COLOURS.values()))
    assert len(colours) == len(set(f.CATEGORY_COLOURS) - {"Air defence systems"})
    assert min(distance(a, b) for a, b in itertools.combinations(colours, 2)) >= MIN_DISTANCE


@pytest.mark.parametrize("n", range(1, len(f.PALETTE) + 1))
def test_neighbours_differ_for_any_number_of_series_in_any_order(n: int) -> None:
    rng = random.Random(n)
    world = [f"Country {i}" for i in range(60)]
    for _ in range(25):
        order = rng.sample(world, len(world))
        groups = [(rng.sample(world, rng.randint(2, 12)), rng.random()) for _ in range(5)]
        colours = f.colour_map(order[:rng.randint(0, 60)], groups)  # some names unmapped
        shown = rng.sample(world, n) + (["Other"] if rng.random() < 0.5 else [])
        palette = f.chart_colours(shown, colours)
        drawn = [palette[name] for name in shown]
        assert len(set(drawn)) == len(drawn)
        assert all(c in f.PALETTE for name, c in palette.items() if name != "Other")
        gaps = [distance(a, b) for a, b in itertools.pairwise(drawn)]
        assert min(gaps, default=100) >= MIN_DISTANCE, (shown, drawn)


def test_a_name_keeps_its_colour_unless_a_larger_one_has_it() -> None:
    colours = {"A": f.PALETTE[0], "B": f.PALETTE[0], "C": f.PALETTE[1], "D": f.PALETTE[2]}
    out = f.chart_colours(["A", "B", "C", "D", "Other"], colours)
    assert (out["A"], out["C"], out["D"], out["Other"]) == (
        f.PALETTE[0], f.PALETTE[1], f.PALETTE[2], f.OTHER_COLOUR)
    assert out["B"] == f.PALETTE[3]  # the first free colour no later name owns
    assert f.chart_colours(["A", "B", "C", "D", "Other"], colours) == out
    many = f.chart_colours([f"N{i}" for i in range(40)], {f"N{i}": f.PALETTE[0]
                                                          for i in range(40)})
    assert [many[f"N{i}"] for i in range(16)] == list(f.PALETTE)  # the largest first
    assert len(set(many.values())) == 40
