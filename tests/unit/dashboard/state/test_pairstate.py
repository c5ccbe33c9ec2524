"""Pair-page URL: parse, serialise, round trip, and garbage that falls back with notices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import pairstate as ps
from dashboard.state import queryvalues as qv


@dataclass(frozen=True)
class Choices:
    """A stand-in for the build's choices."""

    releases: Mapping[str, tuple[int, int]] = field(default_factory=lambda: {
        "2026-02-12": (1995, 2024), "2026-05-18": (1950, 2025)})
    default_release: str = "2026-02-12"
    categories: tuple[str, ...] = ("Aircraft", "Ships", "Sensors")
    partial: Mapping[str, str] = field(default_factory=dict)

    def country(self, text: str) -> str | None:
        names = {"turkiye": "Turkiye", "türkiye": "Turkiye", "turkey": "Turkiye",
                 "pakistan": "Pakistan", "china": "China"}
        return names.get(text.strip().casefold())

    active: Mapping[tuple[str, str, str], int] = field(default_factory=dict)

    def in_release(self, name: str, release: str) -> bool:
        return True  # absent entities: tests/unit/dashboard/state/test_fallbacks.py

    def pair_first_year(self, release: str, supplier: str, recipient: str) -> int | None:
        return self.active.get((release, supplier, recipient))


CH = Choices()


def test_defaults() -> None:
    parsed = ps.parse_search("", CH)
    assert parsed.view == ps.PairView("Turkiye", "Pakistan", "2026-02-12", 1995, 2024)
    assert parsed.notices == ()


def test_a_full_url_restores_the_view() -> None:
    parsed = ps.parse_search("?supplier=T%C3%BCrkiye&recipient=pakistan&release=2026-05-18"
                             "&years=2000-2025&window=3&cat=Ships&cat=Aircraft&deals=2023",
                             CH)
    assert parsed.notices == ()
    v = parsed.view
    assert (v.supplier, v.recipient, v.release, v.start, v.end, v.window) == (
        "Turkiye", "Pakistan", "2026-05-18", 2000, 2025, 3)
    assert v.categories == ("Aircraft", "Ships")
    assert v.deals == (2023, 2023)
    assert ps.parse_search(ps.serialise(v), CH).view == v


def test_garbage_falls_back_with_notices() -> None:
    parsed = ps.parse_search("?supplier=Atlantis&recipient=&release=1999&years=abc&window=99"
                             "&cat=Spaceships&deals=1800-1801", CH)
    assert parsed.view == ps.PairView("Turkiye", "Pakistan", "2026-02-12", 1995, 2024)
    text = " ".join(parsed.notices)
    for word in ("Atlantis", "1999", "abc", "99", "Spaceships", "1800"):
        assert word in text


def test_same_supplier_and_recipient_is_refused() -> None:
    parsed = ps.parse_search("?supplier=China&recipient=China", CH)
    assert (parsed.view.supplier, parsed.view.recipient) == ("Turkiye", "Pakistan")
    assert parsed.notices


def test_event_settings_open_event_and_highlighted_deals() -> None:
    parsed = ps.parse_search("?events=off&tag=drones&tag=naval&event=pk-acquires-tb2"
                             "&deal=65816&deal=-17&deal=65816&deal=-1121653905451664", CH)
    v = parsed.view
    assert parsed.notices == ()
    assert (v.events, v.tags, v.event, v.highlight) == (
        False, ("drones", "naval"), "pk-acquires-tb2", (65816, -17, -1121653905451664))
    assert ps.serialise(v).endswith("&events=off&tag=drones&tag=naval&event=pk-acquires-tb2"
                                    "&deal=65816&deal=-17&deal=-1121653905451664")
    assert ps.parse_search(ps.serialise(v), CH).view == v


def test_bad_event_and_deal_ids_are_dropped_with_notices() -> None:
    parsed = ps.parse_search("?event=%3Cscript%3E&deal=abc&deal=12&deal=1e9&deal=" + "9" * 17
                             + "&deal=1" * 25, CH)
    v = parsed.view
    assert v.event is None and v.highlight == (12, 1)
    text = " ".join(parsed.notices)
    assert "<script>" in text and "'abc'" in text and "'1e9'" in text and "9" * 17 in text
    assert "At most 20 deals" in text


def test_deals_years_are_clipped_to_the_view() -> None:
    parsed = ps.parse_search("?years=2010-2020&deals=2015-2030", CH)
    assert parsed.view.deals == (2015, 2020)
    assert parsed.notices


views = st.builds(
    lambda s, r, rel, a, b, w, cats, deal, on, tags, ev, hl, dcat: _valid(
        s, r, rel, a, b, w, cats, deal, on, tags, ev, hl, dcat),
    st.sampled_from(["Turkiye", "China"]), st.sampled_from(["Pakistan", "China"]),
    st.sampled_from(sorted(CH.releases)), st.integers(1950, 2025), st.integers(1950, 2025),
    st.integers(1, 10), st.sets(st.sampled_from(CH.categories)),
    st.one_of(st.none(), st.integers(0, 80)), st.booleans(),
    st.lists(st.sampled_from(["drones", "naval", "plan-b", "x1"]), unique=True, max_size=3),
    st.one_of(st.none(), st.from_regex(qv.EVENT_ID_RE, fullmatch=True)),
    st.lists(st.integers(-10**11, 10**11), unique=True, max_size=5),
    st.one_of(st.none(), st.sampled_from(CH.categories)))


def _valid(s, r, rel, a, b, w, cats, deal, on, tags, ev, hl, dcat) -> ps.PairView | None:
    first, last = CH.releases[rel]
    start, end = sorted((min(max(a, first), last), min(max(b, first), last)))
    picked = tuple(c for c in CH.categories if c in cats)
    picked = () if len(picked) == len(CH.categories) else picked
    deals = None if deal is None else (min(start + deal, end), min(start + deal, end))
    if s == r:
        return None
    dcat = dcat if not picked or dcat in picked else None
    return ps.PairView(s, r, rel, start, end, w, picked, deals, on, tuple(tags), ev,
                       tuple(hl), dcat)


@settings(max_examples=150, deadline=None)
@given(views)
def test_round_trip(view: ps.PairView | None) -> None:
    if view is None:
        return
    assert ps.parse_search(ps.serialise(view), CH) == ps.ParsedPair(view, ())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["supplier", "recipient", "release", "years",
                                        "window", "cat", "deals", "events", "tag", "event",
                                        "deal", "dcat", "junk"]),
                       st.one_of(st.text(max_size=30),
                                 st.lists(st.text(max_size=10), max_size=3))))
def test_any_query_gives_a_valid_view(query) -> None:
    parsed = ps.parse(query, CH)
    v = parsed.view
    first, last = CH.releases[v.release]
    assert first <= v.start <= v.end <= last
    assert v.supplier != v.recipient
    assert v.deals is None or v.start <= v.deals[0] <= v.deals[1] <= v.end
    assert ps.parse_search(ps.serialise(v), CH).view == v


def test_closing_the_open_event_drops_its_highlighted_deals() -> None:
    search = "?supplier=Turkiye&recipient=Pakistan&event=pk-acquires-tb2&deal=101&deal=7"
    closed = ps.without_event(search, CH)
    assert closed is not None
    view = ps.parse_search(closed, CH).view
    assert (view.event, view.highlight) == (None, ())
    assert (view.supplier, view.recipient) == ("Turkiye", "Pakistan")
    assert ps.without_event(closed, CH) is None


def test_default_years_start_at_the_pairs_first_activity() -> None:
    ch = Choices(active={("2026-02-12", "Turkiye", "Pakistan"): 2003,
                         ("2026-05-18", "Turkiye", "Pakistan"): 1940,
                         ("2026-02-12", "China", "Pakistan"): 2030})
    view = ps.parse_search("?supplier=Turkiye&recipient=Pakistan", ch).view
    assert (view.start, view.end) == (2003, 2024)
    older = ps.parse_search("?supplier=Turkiye&recipient=Pakistan&release=2026-05-18", ch)
    assert (older.view.start, older.view.end) == (1950, 2025)  # clipped to the release
    late = ps.parse_search("?supplier=China&recipient=Pakistan", ch).view
    assert (late.start, late.end) == (2024, 2024)
    never = ps.parse_search("?supplier=Pakistan&recipient=China", ch).view
    assert (never.start, never.end) == (1995, 2024)  # no activity: the release's years
    asked = ps.parse_search("?supplier=Turkiye&recipient=Pakistan&years=1998-2010", ch)
    assert (asked.view.start, asked.view.end) == (1998, 2010)  # what the URL asks wins


def test_a_clicked_category_is_kept_and_bad_ones_are_announced() -> None:
    cat = CH.categories[0]
    other = CH.categories[1]
    v = ps.parse({"supplier": "Turkiye", "recipient": "Pakistan", "deals": "2020",
                  "dcat": cat}, CH).view
    assert (v.deals, v.deals_category) == ((2020, 2020), cat)
    assert f"dcat={cat}".replace(" ", "+") in ps.serialise(v)
    unknown = ps.parse({"supplier": "Turkiye", "recipient": "Pakistan", "dcat": "Lasers"}, CH)
    assert unknown.view.deals_category is None
    assert any("Lasers" in n and "dcat" in n for n in unknown.notices)
    outside = ps.parse({"supplier": "Turkiye", "recipient": "Pakistan", "cat": other,
                        "dcat": cat}, CH)
    assert outside.view.deals_category is None
    assert any(cat in n and "leave out" in n for n in outside.notices)
