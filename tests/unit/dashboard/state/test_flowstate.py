"""/flows URL: the last five years by default, garbage replaced with notices, round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import flowstate as fs
from dashboard.state import scope as sc
from tests.unit.dashboard.state.viewchoices import CH


def test_defaults_are_the_last_five_years() -> None:
    parsed = fs.parse_search("", CH)
    assert parsed.notices == ()
    assert parsed.view == fs.FlowView(sc.Scope("imports", "2026-02-12", 2020, 2024), 25)
    old = fs.parse_search("?release=2026-05-18", CH).view.scope
    assert (old.start, old.end) == (2021, 2025)


def test_a_full_url_restores_the_view_and_side_is_not_a_key() -> None:
    parsed = fs.parse_search("?release=2026-05-18&years=1980-1984&cat=Ships&top=10", CH)
    v = parsed.view
    assert (v.scope.start, v.scope.end, v.scope.categories, v.top) == (
        1980, 1984, ("Ships",), 10)
    assert "side" not in fs.serialise(v)
    assert fs.parse_search(fs.serialise(v), CH).view == v
    assert fs.parse_search("?side=nonsense", CH).notices == ()


def test_garbage_falls_back_with_notices() -> None:
    parsed = fs.parse_search("?top=500&years=20-30&cat=Boats", CH)
    assert parsed.view == fs.FlowView(sc.Scope("imports", "2026-02-12", 2020, 2024), 25)
    text = " ".join(parsed.notices)
    assert "500" in text and "20-30" in text and "Boats" in text
    assert "ten" in " ".join(fs.parse_search("?top=ten", CH).notices)


AREAS = {"2026-02-12": {"NATO": object(), "South Asia": object()},
         "2026-05-18": {"NATO": object(), "Warsaw Pact": object()}}


def test_an_area_and_which_end_of_a_flow_is_in_it() -> None:
    view = fs.parse_search("?area=nato&role=Recipient", CH, AREAS).view
    assert (view.area, view.role) == ("NATO", "recipient")
    assert fs.parse_search(fs.serialise(view), CH, AREAS).view == view
    assert fs.parse_search("?area=NATO", CH, AREAS).view.role == "either"
    old = fs.parse_search("?release=2026-02-12&area=Warsaw%20Pact", CH, AREAS)
    assert old.view.area is None and "Warsaw Pact" in old.notices[0]
    alone = fs.parse_search("?role=both", CH, AREAS)
    assert alone.view.role == "either" and "role=both" in alone.notices[0]
    odd = fs.parse_search("?area=NATO&role=sideways", CH, AREAS)
    assert odd.view.role == "either" and "sideways" in odd.notices[0]
    assert fs.parse_search("?area=NATO", CH).view.area is None  # no areas known


@settings(max_examples=60, deadline=None)
@given(release=st.sampled_from(sorted(CH.releases)), a=st.integers(1940, 2030),
       b=st.integers(1940, 2030), top=st.sampled_from(["", "5", "25", "60", "61", "x"]),
       cats=st.lists(st.sampled_from(CH.categories), max_size=3),
       area=st.sampled_from(["", "nato", "South Asia", "Atlantis"]),
       role=st.sampled_from(["", *fs.ROLES, "x"]))
def test_round_trip(release: str, a: int, b: int, top: str, cats: list[str], area: str,
                    role: str) -> None:
    view = fs.parse({"release": release, "years": f"{a}-{b}", "top": top, "cat": cats,
                     "area": area, "role": role}, CH, AREAS).view
    again = fs.parse_search(fs.serialise(view), CH, AREAS)
    assert again.view == view and again.notices == ()
