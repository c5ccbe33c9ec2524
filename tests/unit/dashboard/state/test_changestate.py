"""The changes page's URL: two releases, side, years and order; defaults, notices, round
trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.state import changestate as state

RELEASES = {"2024-04-13": (1990, 2023), "2025-02-10": (2000, 2001),
            "2026-02-12": (1995, 2024), "1980-01-01": (1950, 1979)}
DEFAULT = ("2024-04-13", "2026-02-12")


def test_defaults_are_the_pair_and_the_newest_whole_period() -> None:
    view, notes = state.parse({}, RELEASES, DEFAULT)
    assert view == state.ChangesView("2024-04-13", "2026-02-12", "imports", 2015, 2019,
                                     "change")
    assert notes == ()


@pytest.mark.parametrize(("query", "expected", "notice"), [
    ({"from": "2026-02-12", "to": "2024-04-13"}, ("2024-04-13", "2026-02-12", 2015, 2019),
     "compared the other way round"),
    ({"from": "2024-04-13", "to": "2024-04-13"}, ("2024-04-13", "2026-02-12", 2015, 2019),
     "are the same release"),
    ({"from": "1980-01-01", "to": "2026-02-12"}, ("2024-04-13", "2026-02-12", 2015, 2019),
     "share no delivery year"),
    ({"from": "2019-01-01"}, ("2024-04-13", "2026-02-12", 2015, 2019), "not in this build"),
    ({"from": "2025-02-10"}, ("2025-02-10", "2026-02-12", 2001, 2001), ""),
    ({"years": "2019-2023"}, ("2024-04-13", "2026-02-12", 2019, 2023), ""),
    ({"years": "2010"}, ("2024-04-13", "2026-02-12", 2010, 2010), ""),
    ({"years": "1990-1994"}, ("2024-04-13", "2026-02-12", 2015, 2019),
     "not all covered by both releases (1995–2023)"),
    ({"years": "soon"}, ("2024-04-13", "2026-02-12", 2015, 2019), "Unreadable years"),
])
def test_fallbacks_are_announced(query: dict[str, str], expected: tuple[object, ...],
                                 notice: str) -> None:
    view, notes = state.parse(query, RELEASES, DEFAULT)
    assert (view.old, view.new, view.start, view.end) == expected
    if notice:
        assert any(notice in n for n in notes), notes
    else:
        assert notes == ()


def test_side_and_order_fall_back_with_a_notice() -> None:
    view, notes = state.parse({"side": "sideways", "by": "size"}, RELEASES, DEFAULT)
    assert (view.side, view.by) == ("imports", "change") and len(notes) == 2
    view, notes = state.parse({"side": "exports", "by": "pct"}, RELEASES, DEFAULT)
    assert (view.side, view.by) == ("exports", "pct") and notes == ()


@given(old=st.sampled_from(sorted(RELEASES)), new=st.sampled_from(sorted(RELEASES)),
       side=st.sampled_from(state.SIDES), by=st.sampled_from(state.ORDERS),
       a=st.integers(1940, 2030), b=st.integers(1940, 2030))
def test_round_trip(old: str, new: str, side: str, by: str, a: int, b: int) -> None:
    query = {"from": old, "to": new, "side": side, "by": by, "years": f"{a}-{b}"}
    view, _ = state.parse(query, RELEASES, DEFAULT)
    search = state.serialise(view)
    again, notes = state.parse(dict(p.split("=") for p in search[1:].split("&")), RELEASES,
                               DEFAULT)
    assert again == view and notes == ()
