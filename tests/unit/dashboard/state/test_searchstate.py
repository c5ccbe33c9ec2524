"""/search URL: the search and every filter restored, garbage replaced with notices,
round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import scope as sc
from dashboard.state import searchstate as ss
from tests.unit.dashboard.state.viewchoices import CH


def test_defaults_search_everything() -> None:
    parsed = ss.parse_search("", CH)
    assert parsed.notices == ()
    assert parsed.view == ss.SearchView(sc.Scope("imports", "2026-02-12", 1995, 2024))
    assert parsed.view.terms == ()


def test_alternatives_are_separated_by_commas() -> None:
    view = ss.parse_search("?q=TB2,%20Ak%C4%B1nc%C4%B1%20;%20Anka,%20TB2", CH).view
    assert view.query == "TB2, Akıncı ; Anka, TB2"
    assert view.terms == ("TB2", "Akıncı", "Anka")


def test_a_full_url_restores_the_view() -> None:
    parsed = ss.parse_search("?q=frigate&release=2026-05-18&years=2000-2010&cat=Ships"
                             "&supplier=Turkey&supplier=china&recipient=Pakistan"
                             "&status=Second-hand&status=new&local=yes", CH)
    assert parsed.notices == ()
    v = parsed.view
    assert (v.query, v.suppliers, v.recipients, v.statuses, v.local) == (
        "frigate", ("Turkiye", "China"), ("Pakistan",), ("new", "second hand"), "yes")
    assert (v.scope.start, v.scope.end, v.scope.categories) == (2000, 2010, ("Ships",))
    assert "side" not in ss.serialise(v)
    assert ss.parse_search(ss.serialise(v), CH).view == v


def test_garbage_falls_back_with_notices() -> None:
    parsed = ss.parse_search("?q=" + "x" * 300 + "&supplier=Atlantis&status=stolen"
                             "&local=maybe&years=3000", CH)
    v = parsed.view
    assert len(v.query) == ss.MAX_QUERY
    assert (v.suppliers, v.statuses, v.local) == ((), (), "any")
    text = " ".join(parsed.notices)
    for word in ("200 characters", "Atlantis", "stolen", "maybe", "3000"):
        assert word in text


@settings(max_examples=60, deadline=None)
@given(q=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
       release=st.sampled_from(sorted(CH.releases)),
       a=st.integers(1940, 2030), b=st.integers(1940, 2030),
       parties=st.lists(st.sampled_from(["china", "Türkiye", "x", ""]), max_size=4),
       statuses=st.lists(st.sampled_from([*ss.STATUSES, "odd"]), max_size=3),
       local=st.sampled_from(["", *ss.LOCAL]))
def test_round_trip(q: str, release: str, a: int, b: int, parties: list[str],
                    statuses: list[str], local: str) -> None:
    query = {"q": q, "release": release, "years": f"{a}-{b}", "supplier": parties,
             "recipient": parties[::-1], "status": statuses, "local": local}
    view = ss.parse(query, CH).view
    again = ss.parse_search(ss.serialise(view), CH)
    assert again.view == view and again.notices == ()
