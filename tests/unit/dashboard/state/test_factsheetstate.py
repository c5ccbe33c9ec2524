"""The fact sheet's URL: release and period, defaults and notices, round trip."""

from __future__ import annotations

import pytest

from dashboard.state import factsheetstate as state

ELIGIBLE = {"2024-04-13": (1990, 2023), "2026-02-12": (1995, 2024)}


def test_defaults_are_the_preferred_release_and_its_last_period() -> None:
    view, notes = state.parse({}, ELIGIBLE, "2026-02-12")
    assert view == state.SheetView("2026-02-12", 2024) and notes == ()
    assert view.years == (2020, 2024)


def test_a_preferred_release_without_a_fact_sheet_gives_the_newest() -> None:
    view, _ = state.parse({}, ELIGIBLE, "2026-05-18")
    assert view.release == "2026-02-12"


@pytest.mark.parametrize(("query", "expected", "notice"), [
    ({"release": "2025-02-10"}, ("2026-02-12", 2024), "No fact sheet for release"),
    ({"period": "1997"}, ("2026-02-12", 2024), "periods ending 1999–2024 only"),
    ({"period": "2030"}, ("2026-02-12", 2024), "instead of 2030"),
    ({"period": "last"}, ("2026-02-12", 2024), "Unreadable period"),
    ({"release": "2024-04-13", "period": "2019"}, ("2024-04-13", 2019), ""),
    ({"release": ["2024-04-13", "x"]}, ("2024-04-13", 2023), "Several values"),
])
def test_unusable_values_fall_back_with_a_notice(query: dict, expected: tuple, notice: str
                                                 ) -> None:
    view, notes = state.parse(query, ELIGIBLE, "2026-02-12")
    assert (view.release, view.period) == expected
    assert (notice in " ".join(notes)) if notice else notes == ()


def test_round_trip() -> None:
    for release, (first, last) in ELIGIBLE.items():
        for period in range(first + 4, last + 1):
            view = state.SheetView(release, period)
            search = state.serialise(view)
            query = dict(pair.split("=") for pair in search.lstrip("?").split("&"))
            assert state.parse(query, ELIGIBLE, "2026-02-12") == (view, ())
