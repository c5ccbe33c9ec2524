"""/tables URL: defaults, a full URL restored, garbage replaced with notices, round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state import scope as sc
from dashboard.state import tablestate as ts
from tests.unit.dashboard.state.viewchoices import CH


def test_defaults_are_the_world_table_by_year() -> None:
    parsed = ts.parse_search("", CH)
    assert parsed.notices == ()
    assert parsed.view == ts.TableView(sc.Scope("imports", "2026-02-12", 1995, 2024))


def test_a_country_opens_on_five_year_periods() -> None:
    view = ts.parse_search("?country=turkey&side=exports", CH).view
    assert (view.country, view.by, view.scope.side) == ("Turkiye", "period", "exports")
    assert ts.parse_search("?country=turkey&by=year", CH).view.by == "year"


def test_a_full_url_restores_the_view() -> None:
    parsed = ts.parse_search("?side=exports&release=2026-05-18&years=1960-1990&cat=Ships"
                             "&cat=Aircraft&country=China&by=year&sort=1975&order=asc", CH)
    assert parsed.notices == ()
    v = parsed.view
    assert v.scope == sc.Scope("exports", "2026-05-18", 1960, 1990, ("Aircraft", "Ships"))
    assert (v.country, v.by, v.sort, v.order) == ("China", "year", "1975", "asc")
    assert ts.parse_search(ts.serialise(v), CH).view == v


def test_garbage_falls_back_with_notices() -> None:
    parsed = ts.parse_search("?side=sideways&release=1999&years=abc&country=Atlantis"
                             "&by=decade&sort=drop;table&order=up&cat=Spaceships", CH)
    assert parsed.view == ts.TableView(sc.Scope("imports", "2026-02-12", 1995, 2024))
    text = " ".join(parsed.notices)
    for word in ("sideways", "1999", "abc", "Atlantis", "decade", "drop;table", "up",
                 "Spaceships"):
        assert word in text


def test_years_are_cut_to_the_release_with_a_notice() -> None:
    parsed = ts.parse_search("?years=1980-2030", CH)
    assert (parsed.view.scope.start, parsed.view.scope.end) == (1995, 2024)
    assert "1995–2024" in parsed.notices[0]
    one = ts.parse_search("?years=2003", CH).view.scope
    assert (one.start, one.end) == (2003, 2003)


def test_sort_keys_name_table_fields_and_back() -> None:
    for sort, key in (("total", "total"), ("name", "name"), ("2023", "y2023"),
                      ("2020-2024", "p2020_2024")):
        assert ts.sort_key(sort) == key
        assert ts.sort_value(key) == sort
    assert ts.sort_value("share") is None


@settings(max_examples=60, deadline=None)
@given(side=st.sampled_from(sc.SIDES), release=st.sampled_from(sorted(CH.releases)),
       a=st.integers(1940, 2030), b=st.integers(1940, 2030),
       cats=st.lists(st.sampled_from(CH.categories), max_size=3),
       country=st.sampled_from(["", "Pakistan", "Türkiye", "china", "nato", "South Asia"]),
       by=st.sampled_from(["", *ts.BY]), sort=st.sampled_from(["", "name", "2000", "x"]),
       order=st.sampled_from(["", *ts.ORDERS]), rows=st.sampled_from(["", *ts.ROWS]))
def test_round_trip(side: str, release: str, a: int, b: int, cats: list[str], country: str,
                    by: str, sort: str, order: str, rows: str) -> None:
    query = {"side": side, "release": release, "years": f"{a}-{b}", "cat": cats,
             "country": country, "by": by, "sort": sort, "order": order, "rows": rows}
    view = ts.parse(query, CH).view
    again = ts.parse_search(ts.serialise(view), CH)
    assert again.view == view
    assert again.notices == ()


def test_rows_of_the_world_table_are_countries_or_one_kind_of_area() -> None:
    assert ts.parse_search("", CH).view.rows == "countries"
    view = ts.parse_search("?rows=Groupings&by=period", CH).view
    assert (view.rows, view.area_kind, view.country) == ("groupings", "grouping", None)
    assert ts.parse_search(ts.serialise(view), CH).view == view
    bad = ts.parse_search("?rows=planets", CH)
    assert bad.view.rows == "countries" and "planets" in bad.notices[0]
    both = ts.parse_search("?rows=regions&country=Pakistan", CH)
    assert (both.view.rows, both.view.country) == ("countries", "Pakistan")
    assert "rows=regions not used" in both.notices[0]


def test_a_countrys_periods_link_opens_its_partners_by_five_year_period() -> None:
    scope = sc.Scope("exports", "2026-05-18", 2000, 2020, ("Ships",))
    href = ts.periods_href(scope, "Turkiye")
    assert href.startswith("/tables?")
    view = ts.parse_search(href.removeprefix("/tables"), CH).view
    assert view == ts.TableView(scope, "Turkiye", "period")


def test_a_region_or_grouping_is_a_country_value_of_its_release() -> None:
    areas = {"2026-02-12": {"NATO", "South Asia"}, "2026-05-18": {"NATO"}}
    view = ts.parse_search("?country=nato&side=exports", CH, areas).view
    assert (view.country, view.by, view.rows) == ("NATO", "period", "countries")
    assert ts.parse_search(ts.serialise(view), CH, areas).view == view
    assert ts.parse_search("?country=South+Asia", CH).view.country == "South Asia"
    # an area the release does not have: the world table, with a notice naming it
    gone = ts.parse_search("?country=south+asia&release=2026-05-18", CH, areas)
    assert gone.view.country is None and "'south asia' is no region" in gone.notices[0]
    pact = ts.parse_search("?country=Warsaw+Pact", CH, areas)
    assert pact.view.country is None and "Warsaw Pact" in pact.notices[0]
    # an area lists its partners, as a country does
    both = ts.parse_search("?country=NATO&rows=groupings", CH, areas)
    assert (both.view.country, both.view.rows) == ("NATO", "countries")
    assert "rows=groupings not used" in both.notices[0]


def test_each_world_table_row_links_its_own_partners_table() -> None:
    view = ts.parse_search("?rows=regions&cat=Ships&years=2000-2020&sort=2005&order=asc",
                           CH).view
    hrefs = ts.partners_hrefs(view, ["South Asia", "Türkiye", "NATO"])
    opened = [ts.parse_search(h.removeprefix("/tables"), CH) for h in hrefs]
    assert all(h.startswith("/tables?") for h in hrefs)
    assert [p.notices for p in opened] == [(), (), ()]
    assert [p.view.country for p in opened] == ["South Asia", "Turkiye", "NATO"]
    assert {(p.view.scope, p.view.by, p.view.rows, p.view.sort) for p in opened} == {
        (view.scope, "period", "countries", "total")}
