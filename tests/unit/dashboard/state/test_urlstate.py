"""The URL holds the view: round trip, defaults, and garbage that never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state.urlstate import Choices, aliases_for, parse, parse_search, serialise

CHOICES = Choices(
    aliases=aliases_for({"Pakistan": ["Pakistan"], "Turkiye": ["Turkey", "Türkiye"],
                         "China": [], "United States": ["USA"]}),
    releases={"2026-02-12": (1995, 2024), "2026-05-18": (1950, 2025),
              "2025-02-10": (2000, 2001)},
    default_release="2026-02-12",
    categories=("Aircraft", "Missiles", "Ships"),
)


def test_defaults_are_pakistan_imports_newest_exact_release_latest_period() -> None:
    parsed = parse("country", {}, CHOICES)
    view = parsed.view
    assert parsed.notices == ()
    assert (view.country, view.side, view.release) == ("Pakistan", "imports", "2026-02-12")
    assert (view.start, view.end, view.period_years, view.compare_years) == (
        1995, 2024, (2020, 2024), (2015, 2019))


def test_a_full_view_round_trips() -> None:
    query = ("?country=Turkey&side=exports&release=2026-05-18&years=1990-2025&window=5"
             "&period=2020&compare=2010&top=5&cat=Ships&cat=Aircraft&hl=China&hl=USA"
             "&events=off&tag=drones&event=tr-kz-uav-joint-venture")
    parsed = parse_search("world", query, CHOICES)
    view = parsed.view
    assert parsed.notices == ()
    assert view.country == "Turkiye" and view.categories == ("Aircraft", "Ships")
    assert view.highlight == ("China", "United States") and not view.events
    assert view.event == "tr-kz-uav-joint-venture"
    assert parse_search("world", serialise(view), CHOICES) == parsed


def test_invalid_values_fall_back_with_a_notice() -> None:
    parsed = parse("country", {"country": "Atlantis", "side": "sideways", "top": "999",
                               "years": "abc", "release": "1999-01-01", "cat": "Lasers",
                               "event": "<Script>"}, CHOICES)
    view = parsed.view
    assert (view.country, view.side, view.top, view.release) == (
        "Pakistan", "imports", 8, "2026-02-12")
    assert (view.start, view.end, view.categories, view.event) == (1995, 2024, (), None)
    text = " ".join(parsed.notices)
    for word in ("Atlantis", "sideways", "999", "abc", "1999-01-01", "Lasers", "Script"):
        assert word in text


def test_years_outside_the_release_are_limited_or_reset() -> None:
    limited = parse("country", {"years": "1980-2030"}, CHOICES)
    assert (limited.view.start, limited.view.end) == (1995, 2024) and limited.notices
    outside = parse("country", {"years": "1950-1960"}, CHOICES)
    assert (outside.view.start, outside.view.end) == (1995, 2024)
    assert "outside release 2026-02-12's coverage" in outside.notices[0]


def test_a_short_release_shortens_the_period() -> None:
    parsed = parse("country", {"release": "2025-02-10"}, CHOICES)
    assert parsed.view.window == 2 and parsed.view.compare is None and parsed.notices


def test_repeated_scalar_keys_use_the_first_with_a_notice() -> None:
    parsed = parse("country", {"country": ["China", "Pakistan"]}, CHOICES)
    assert parsed.view.country == "China" and parsed.notices


TEXT = st.text(max_size=60)
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=4), st.integers(), st.none(),
                  st.dictionaries(TEXT, TEXT, max_size=2))
KEYS = st.sampled_from(["country", "side", "release", "years", "window", "period",
                        "compare", "top", "cat", "hl", "events", "tag", "deals", "dfrom",
                        "junk"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUE, max_size=13), st.sampled_from(["country", "world", "x"]))
def test_garbage_never_raises_and_round_trips(query: dict[str, object], page: str) -> None:
    parsed = parse(page, query, CHOICES)
    view = parsed.view
    first, last = CHOICES.releases[view.release]
    assert first <= view.start <= view.end <= last
    assert first + view.window - 1 <= view.period <= last
    again = parse_search(view.page, serialise(view), CHOICES)
    assert again.view == view and again.notices == ()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_garbage_query_strings_never_raise(search: str) -> None:
    view = parse_search("country", search, CHOICES).view
    assert parse_search("country", serialise(view), CHOICES).view == view


AREA_CHOICES = Choices(
    aliases=aliases_for({"Pakistan": [], "NATO**": [], "Cote d'Ivoire": []}),
    releases={"2026-02-12": (1995, 2024)}, default_release="2026-02-12", categories=(),
    areas=aliases_for({"NATO": [], "South Asia": [], "EC/EU": []}),
)


def test_an_area_is_chosen_by_its_name_in_any_case_accent_or_punctuation() -> None:
    for text, name in (("south asia", "South Asia"), ("SOUTH-ASIA", "South Asia"),
                       ("ec/eu", "EC/EU"), ("EC EU", "EC/EU"), ("nato", "NATO")):
        parsed = parse("country", {"country": text}, AREA_CHOICES)
        assert (parsed.view.country, parsed.notices) == (name, ()), text
        assert parse_search("country", serialise(parsed.view), AREA_CHOICES) == parsed


def test_an_entity_folding_to_an_areas_name_keeps_its_own_spelling() -> None:
    assert parse("country", {"country": "NATO**"}, AREA_CHOICES).view.country == "NATO**"
    assert parse("country", {"country": "Nato"}, AREA_CHOICES).view.country == "NATO"
    assert parse("country", {"country": "cote divoire"},
                 AREA_CHOICES).view.country == "Cote d'Ivoire"


def test_an_area_is_not_a_partner_to_highlight() -> None:
    parsed = parse("country", {"country": "Pakistan", "hl": ["South Asia", "NATO**"]},
                   AREA_CHOICES)
    assert parsed.view.highlight == ("NATO**",)
    assert parsed.notices == ("Unknown partner 'South Asia' to highlight: ignored.",)


def test_closing_the_open_event_keeps_the_rest_of_the_view() -> None:
    from dashboard.state.urlstate import without_event

    search = "?country=Turkiye&side=exports&years=2000-2024&tag=drones&event=tr-tb2-2021"
    closed = without_event("country", search, CHOICES)
    assert closed is not None and "event=" not in closed
    before = parse_search("country", search, CHOICES).view
    after = parse_search("country", closed, CHOICES).view
    assert after.event is None and after.tags == ("drones",)
    assert (after.country, after.side, after.start, after.end) == (
        before.country, before.side, before.start, before.end)
    assert without_event("country", closed, CHOICES) is None  # nothing open: no change


def test_a_clicked_bar_round_trips_and_bad_ones_are_announced() -> None:
    parsed = parse_search("country", "?country=Pakistan&deals=Turkey-2023&dfrom=shares",
                          CHOICES)
    assert parsed.notices == ()
    assert (parsed.view.deals, parsed.view.deals_from) == (("Turkiye", 2023), "shares")
    assert "deals=Turkiye-2023&dfrom=shares" in serialise(parsed.view)
    assert parse_search("country", serialise(parsed.view), CHOICES) == parsed
    other = parse_search("country", "?deals=Other-1995", CHOICES).view
    assert other.deals == ("Other", 1995) and "dfrom" not in serialise(other)
    for bad in ("Narnia-2023", "Turkiye-2031", "Turkiye", "Turkiye-20x3", "-2023"):
        wrong = parse_search("country", f"?deals={bad}", CHOICES)
        assert wrong.view.deals is None, bad
        assert any(bad in n and "PARTNER-YEAR" in n for n in wrong.notices), bad
    chart = parse_search("country", "?deals=China-2020&dfrom=pie", CHOICES)
    assert chart.view.deals == ("China", 2020) and chart.view.deals_from == "annual"
    assert any("pie" in n for n in chart.notices)
