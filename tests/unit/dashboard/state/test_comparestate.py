"""/compare URL: defaults, several countries restored, garbage replaced with notices,
round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import comparestate as cs
from dashboard.state import scope as sc
from tests.unit.dashboard.state.viewchoices import CH, Choices


def test_defaults() -> None:
    parsed = cs.parse_search("", CH)
    assert parsed.notices == ()
    assert parsed.view == cs.CompareView(sc.Scope("imports", "2026-02-12", 1995, 2024),
                                         ("Pakistan",), "tiv", 5)


def test_several_countries_in_the_url() -> None:
    parsed = cs.parse_search("?country=Turkey&country=Israel&country=South%20Korea"
                             "&side=exports&measure=share&window=1", CH)
    assert parsed.notices == ()
    v = parsed.view
    assert v.countries == ("Turkiye", "Israel", "South Korea")
    assert (v.scope.side, v.measure, v.window) == ("exports", "share", 1)
    assert cs.parse_search(cs.serialise(v), CH).view == v


def test_unknown_and_repeated_countries() -> None:
    parsed = cs.parse_search("?country=Atlantis&country=china&country=China", CH)
    assert parsed.view.countries == ("China",)
    assert any("Atlantis" in n for n in parsed.notices)
    only_unknown = cs.parse_search("?country=Atlantis", CH)
    assert only_unknown.view.countries == ("Pakistan",)
    assert any("showing Pakistan" in n for n in only_unknown.notices)


class EveryName(Choices):
    """Choices where every name is known."""

    def country(self, text: str) -> str | None:
        return text.strip() or None


def test_at_most_eight_countries() -> None:
    parsed = cs.parse({"country": [f"C{i}" for i in range(12)]}, EveryName())
    assert parsed.view.countries == tuple(f"C{i}" for i in range(8))
    assert any("At most 8" in n for n in parsed.notices)
    repeated = "&".join(f"country={n}" for n in ["china", "israel", "turkey"] * 4)
    assert cs.parse_search("?" + repeated, CH).view.countries == ("China", "Israel",
                                                                  "Turkiye")


def test_garbage_falls_back_with_notices() -> None:
    parsed = cs.parse_search("?measure=money&window=50&years=2020-2021&side=x", CH)
    v = parsed.view
    assert (v.measure, v.scope.side) == ("tiv", "imports")
    assert v.window == 2  # the default 5 cut to the two years asked for
    text = " ".join(parsed.notices)
    assert "money" in text and "50" in text and "'x'" in text


@settings(max_examples=60, deadline=None)
@given(countries=st.lists(st.sampled_from(["china", "Israel", "Türkiye", "nowhere", ""]),
                          max_size=10),
       release=st.sampled_from(sorted(CH.releases)), a=st.integers(1940, 2030),
       b=st.integers(1940, 2030), measure=st.sampled_from(["", *cs.MEASURES]),
       window=st.sampled_from(["", "1", "5", "10", "11"]))
def test_round_trip(countries: list[str], release: str, a: int, b: int, measure: str,
                    window: str) -> None:
    query = {"country": countries, "release": release, "years": f"{a}-{b}",
             "measure": measure, "window": window}
    view = cs.parse(query, CH).view
    again = cs.parse_search(cs.serialise(view), CH)
    assert again.view == view and again.notices == ()


AREAS = {"2026-02-12": {"NATO": object(), "South Asia": object()}}


def test_regions_and_groupings_go_on_the_chart_beside_countries() -> None:
    view = cs.parse_search("?country=nato&country=Pakistan&country=south%20asia", CH,
                           AREAS).view
    assert view.countries == ("NATO", "Pakistan", "South Asia")
    assert cs.parse_search(cs.serialise(view), CH, AREAS).view == view
    older = cs.parse_search("?release=2026-05-18&country=NATO&country=China", CH, AREAS)
    assert older.view.countries == ("China",) and "NATO" in older.notices[0]
    assert cs.parse_search("?country=NATO&country=China", CH).view.countries == ("China",)
