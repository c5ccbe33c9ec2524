"""The query values every page shares: one and many values, releases, categories, and the
article-event settings, which mean the same on the country and the pair page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import pairstate as ps
from dashboard.state import queryvalues as qv
from dashboard.state import urlstate as us
from tests.unit.dashboard.state.test_pairstate import CH


def test_one_takes_the_first_of_several_and_says_so() -> None:
    notes: list[str] = []
    assert qv.one({"a": "x"}, "a", notes) == "x" and notes == []
    assert qv.one({"a": ["x", "y"]}, "a", notes) == "x"
    assert qv.one({"a": 3}, "a", notes) is None
    assert qv.one({}, "a", notes) is None
    assert notes == ["Several values given for 'a': using the first.",
                     "Unreadable value for 'a': using the default."]


def test_many_keeps_only_text() -> None:
    assert qv.many({"t": "a"}, "t") == ["a"]
    assert qv.many({"t": ["a", 1, None, "b"]}, "t") == ["a", "b"]
    assert qv.many({"t": 5}, "t") == [] and qv.many({}, "t") == []


def test_release_and_categories_fall_back_with_notices() -> None:
    notes: list[str] = []
    releases = {"2026-02-12": (1995, 2024)}
    assert qv.release(" 2026-02-12 ", releases, "2026-02-12", notes) == "2026-02-12"
    assert qv.release("1999", releases, "2026-02-12", notes) == "2026-02-12"
    assert qv.categories(["Ships", "Spaceships", " Aircraft"], ("Aircraft", "Ships", "X"),
                         notes) == ("Aircraft", "Ships")
    assert qv.categories(["X", "Ships", "Aircraft"], ("Aircraft", "Ships", "X"), notes) == ()
    assert notes == ["Release '1999' is not in this build: showing release 2026-02-12.",
                     "Unknown category 'Spaceships': ignored."]


@pytest.mark.parametrize(("query", "expected", "noted"), [
    ({}, (True, ()), False),
    ({"events": "off"}, (False, ()), False),
    ({"events": "OFF", "tag": ["Drones", "naval", "drones"]}, (False, ("drones", "naval")),
     False),
    ({"events": "maybe", "tag": ["<script>", ""]}, (True, ()), True),
])
def test_event_settings(query: dict[str, object], expected: tuple[bool, tuple[str, ...]],
                        noted: bool) -> None:
    notes: list[str] = []
    assert qv.parse_events(query, notes) == expected
    assert bool(notes) == noted


def _query(search: str) -> dict[str, object]:
    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(search.lstrip("?")).items()}


@settings(max_examples=60, deadline=None)
@given(st.booleans(), st.lists(st.from_regex(qv.TAG_RE, fullmatch=True), max_size=4,
                               unique=True))
def test_event_settings_round_trip(show: bool, tags: list[str]) -> None:
    pairs = qv.events_pairs(show, tags)
    assert qv.parse_events(_query(urlencode(pairs)), []) == (show, tuple(tags))


def test_country_and_pair_pages_read_the_same_event_settings() -> None:
    search = "?events=off&tag=naval&tag=Drones&tag=bad%20tag"
    country = us.parse_search("country", search, us.Choices(
        aliases={"pakistan": "Pakistan"}, releases=dict(CH.releases),
        default_release=CH.default_release, categories=CH.categories))
    pair = ps.parse_search(search, CH)
    assert (country.view.events, country.view.tags) == (pair.view.events, pair.view.tags) \
        == (False, ("naval", "drones"))
    assert [n for n in country.notices if "tag" in n] == [n for n in pair.notices
                                                          if "tag" in n]
    tail = "events=off&tag=naval&tag=drones"
    assert us.serialise(country.view).endswith(tail)
    assert tail in ps.serialise(pair.view)
