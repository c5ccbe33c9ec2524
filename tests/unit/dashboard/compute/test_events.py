"""Event builders for the dashboard: placement, selection, escaping, links, filters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.compute import events as E
from dashboard.compute.register_links import RegisterLink
from etl.events.model import Event, Source
from tests.conftest import ROOT

SRC = Source("Fixture Daily", None, None, "2025-12-05", "day", "text", None)


def _event(**over: object) -> Event:
    base = Event(id="fixture-plant", date="2025-12-05", precision="day", title="A plant",
                 summary="Written for the tests.", countries=("Turkiye", "Pakistan"),
                 systems=("Bayraktar TB-2",), deal_ids=(101,), tags=("drones", "production"),
                 article="900_fixture.txt", source=SRC, date_basis="text")
    return replace(base, **over)  # type: ignore[arg-type]


DEALS = pd.DataFrame([
    {"release": "2026-02-12", "deal_id": 101, "supplier": "Turkiye", "recipient": "Pakistan",
     "designation": "Bayraktar TB-2", "order_year": 2021, "number_ordered": 9.0,
     "delivery_years": [2022, 2023], "tiv_delivered": 21.6},
    {"release": "2024-04-13", "deal_id": 101, "supplier": "Turkiye", "recipient": "Pakistan",
     "designation": "Bayraktar TB-2", "order_year": 2021, "number_ordered": 6.0,
     "delivery_years": [2022], "tiv_delivered": 4.8},
])


@pytest.mark.parametrize(
    ("date", "precision", "x"),
    [("2021", "year", 2021.0), ("2025-10", "month", 2025.2917),
     ("2025-01-01", "day", 2024.5014), ("2025-12-31", "day", 2025.4986)],
)
def test_decimal_year_places_events_inside_the_year_bar(date: str, precision: str,
                                                        x: float) -> None:
    assert E.decimal_year(_event(date=date, precision=precision)) == pytest.approx(x, abs=1e-4)


def test_open_date_has_no_place() -> None:
    assert E.decimal_year(_event(date=None, precision=None, date_basis=None)) is None


def test_date_labels_say_how_the_date_was_reached() -> None:
    assert E.date_label(_event()) == "5 Dec 2025"
    assert E.date_label(_event(date="2018", precision="year", date_basis="sipri")) == \
        "2018 (order year in SIPRI's register)"
    assert E.date_label(_event(date=None, precision=None)) == "date not known"


def test_select_by_country_tag_and_years() -> None:
    evs = [_event(), _event(id="kz", countries=("Turkiye", "Kazakhstan"), tags=("agreement",)),
           _event(id="open", date=None, precision=None, date_basis=None),
           _event(id="old", date="1954", precision="year")]
    assert [e.id for e in E.select(evs, ["Pakistan"])] == ["fixture-plant", "old"]
    assert [e.id for e in E.select(evs, ["Turkiye"], tags=["agreement"])] == ["kz"]
    assert [e.id for e in E.select(evs, ["Pakistan"], years=(1990, 2025))] == ["fixture-plant"]
    assert [e.id for e in E.select(evs, ["Turkiye", "Kazakhstan"], every=True)] == ["kz"]
    assert E.select(evs, []) == []


def test_hover_text_is_escaped() -> None:
    ev = _event(title="<img src=x onerror=alert(1)>", source=replace(SRC, outlet="A & B"))
    text = E.hover_text(ev)
    assert "<img" not in text and "&lt;img" in text and "A &amp; B" in text
    assert text.count("<br>") == 2


def test_only_http_links_survive() -> None:
    assert E.safe_url("https://example.org/a") == "https://example.org/a"
    assert E.safe_url("javascript:alert(1)") is None
    assert E.safe_url(None) is None


def test_clicked_event_reads_only_known_ids() -> None:
    cat = E.Catalogue((_event(),), ())
    click = {"points": [{"curveNumber": 3, "customdata": "fixture-plant"}]}
    assert E.clicked_event(click, cat) == _event()
    assert E.clicked_event({"points": [{"customdata": "nope"}]}, cat) is None
    assert E.clicked_event({"points": [{"customdata": ["Turkiye", 3]}]}, cat) is None
    assert E.clicked_event(None, cat) is None


def test_linked_deals_prefer_the_shown_release_and_keep_missing_ids() -> None:
    ev = _event(deal_ids=(101, 999))
    frame = E.linked_deals(ev, DEALS, release="2024-04-13")
    assert list(frame["deal_id"]) == [101, 999]
    assert frame.iloc[0]["tiv_delivered"] == 4.8
    assert frame.iloc[0]["delivery_years"] == "2022"
    assert pd.isna(frame.iloc[1]["supplier"])
    newest = E.linked_deals(ev, DEALS)
    assert newest.iloc[0]["tiv_delivered"] == 21.6


def test_filters_round_trip_and_reject_unknown_values() -> None:
    cat = E.Catalogue((_event(), _event(id="kz", countries=("Turkiye", "Kazakhstan"),
                                        tags=("agreement",))), ())
    filters, notes = E.parse_filters({"country": "Pakistan", "tag": ["drones", "bogus"],
                                      "article": "900_fixture.txt"}, cat)
    assert filters == E.Filters("Pakistan", ("drones",), "900_fixture.txt")
    assert notes == ["Unknown tag 'bogus': ignored."]
    search = E.serialise_filters(filters)
    assert E.parse_filters(dict(_qs(search)), cat)[0] == filters
    assert [e.id for e in E.filter_events(cat.events, filters)] == ["fixture-plant"]
    none, notes = E.parse_filters({"country": "Atlantis"}, cat)
    assert none == E.Filters() and "Atlantis" in notes[0]


def _qs(search: str) -> dict[str, object]:
    from urllib.parse import parse_qs

    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(search.lstrip("?")).items()}


def test_the_curated_catalogue_loads() -> None:
    cat = E.catalogue(ROOT / "data" / "events")
    assert cat.errors == ()
    assert cat.get("tr-pk-drone-assembly-plant-2025-12") is not None
    assert {"drones", "conflict"} <= set(cat.tags)


# --- the pair page and the links to an event's views --------------------------------------

def _pair_view(**over: object) -> object:
    from dashboard.state.pairstate import PairView

    base = PairView("Turkiye", "Pakistan", "2026-02-12", 1995, 2024)
    return replace(base, **over)  # type: ignore[arg-type]


PAIR_EVENTS = E.Catalogue((
    _event(id="plant"), _event(id="tb2", date="2021", precision="year"),
    _event(id="kz", date="2022", precision="year", countries=("Turkiye", "Kazakhstan"),
           tags=("agreement",)),
    _event(id="clash", date="2019-02", precision="month", countries=("India", "Pakistan"),
           tags=("conflict",)),
    _event(id="chile", date="2020", precision="year", countries=("Chile",)),
), ())


def test_pair_markers_show_only_events_involving_both_countries() -> None:
    ids = [m.id for m in E.pair_markers(_pair_view(), PAIR_EVENTS) or []]
    assert ids == ["tb2"]  # kz and clash involve one of the two; the plant is in 2025
    wider = [m.id for m in E.pair_markers(_pair_view(end=2025), PAIR_EVENTS) or []]
    assert set(wider) == {"plant", "tb2"}
    kazakh = _pair_view(recipient="Kazakhstan")
    assert [m.id for m in E.pair_markers(kazakh, PAIR_EVENTS) or []] == ["kz"]
    swapped = _pair_view(supplier="Kazakhstan", recipient="Turkiye")
    assert [m.id for m in E.pair_markers(swapped, PAIR_EVENTS) or []] == ["kz"]
    assert E.pair_markers(_pair_view(tags=("conflict",)), PAIR_EVENTS) is None
    assert E.pair_markers(_pair_view(events=False), PAIR_EVENTS) is None


UNDATED = E.Catalogue((
    _event(id="jv", date=None, precision=None, date_basis=None,
           countries=("Turkiye", "Kazakhstan"), tags=("production",)),
    _event(id="trials", date=None, precision=None, date_basis=None, countries=("Turkiye",),
           tags=("drones", "context")),
    _event(id="dated", date="2021", precision="year", countries=("Turkiye", "Kazakhstan")),
    _event(id="other", date=None, precision=None, date_basis=None, countries=("Chile",)),
), ())


def _country_view(**over: object) -> object:
    from dashboard.state.urlstate import View

    base = View("country", "Kazakhstan", "imports", "2026-02-12", 1995, 2024)
    return replace(base, **over)  # type: ignore[arg-type]


def test_undated_events_of_a_country_and_of_a_pair() -> None:
    assert [e.id for e in E.view_undated(_country_view(), UNDATED)] == ["jv"]
    assert [e.id for e in E.view_undated(_country_view(country="Turkiye"), UNDATED)] == [
        "jv", "trials"]
    tagged = _country_view(country="Turkiye", tags=("context",))
    assert [e.id for e in E.view_undated(tagged, UNDATED)] == ["trials"]
    assert E.view_undated(_country_view(events=False), UNDATED) == []
    pair = _pair_view(recipient="Kazakhstan")
    assert [e.id for e in E.view_undated(pair, UNDATED)] == ["jv"]  # not Türkiye's alone
    assert E.view_undated(_pair_view(), UNDATED) == []
    assert E.select(UNDATED.events, ["Kazakhstan"]) == [UNDATED.events[2]]  # dated only


def test_context_events_are_marked_on_the_chart() -> None:
    context = _event(tags=("drones", "context"), title="Akinci enters service")
    assert E.title_label(context) == "Context: Akinci enters service"
    assert E.title_label(_event()) == "A plant"
    (marker,) = E.markers([context])
    assert "Context: Akinci enters service" in marker.hover
    assert marker.label.startswith("Context: ")


def _deal(deal_id: int, designation: str, **over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "release": "2026-05-18", "deal_id": deal_id, "supplier": "Turkiye",
        "recipient": "Kazakhstan", "designation": designation, "order_year": 2021,
        "number_ordered": 3.0, "delivery_years": [2022], "tiv_delivered": 9.0,
        "comments": None}
    row.update(over)
    return row


LINK_DEALS = pd.DataFrame([
    _deal(-5, "Anka-S"),
    _deal(-6, "Anka-S", order_year=2022, comments="Probably selected 2022 but not yet "
          "ordered"),
    _deal(-7, "Anka-S", order_year=2022, recipient="Tunisia"),
    _deal(101, "Bayraktar TB-2", recipient="Pakistan"),
])
JV_LINK = RegisterLink("fixture-jv", "2026-05-18", "Turkiye", "Kazakhstan", "Anka-S", 2022,
                       "Written for the tests: licensed production.")


def test_register_links_give_an_event_rows_without_a_sipri_deal_id() -> None:
    jv = _event(id="fixture-jv", deal_ids=(), countries=("Turkiye", "Kazakhstan"))
    cat = E.Catalogue((jv,), (), (JV_LINK,))
    assert E.linked_ids(jv, LINK_DEALS, cat) == (-6,)  # order year and parties pick one
    both = replace(jv, deal_ids=(101,))
    assert E.linked_ids(both, LINK_DEALS, cat) == (101, -6)  # curated ids first
    assert E.linked_ids(replace(jv, id="other-event"), LINK_DEALS, cat) == ()
    assert E.linked_ids(jv, LINK_DEALS.iloc[:0], cat) == ()
    assert E.linked_ids(jv, None, cat) == ()
    frame = E.linked_deals(jv, LINK_DEALS, "2026-02-12", cat)
    assert frame["comments"].tolist() == ["Probably selected 2022 but not yet ordered"]
    assert frame["release"].tolist() == ["2026-05-18"]


def test_release_for_picks_a_release_whose_years_hold_the_event() -> None:
    releases = {"2024-04-13": (1990, 2023), "2026-02-12": (1995, 2024),
                "2026-05-18": (1950, 2025)}
    assert E.release_for(_event(), releases, "2026-02-12") == "2026-05-18"
    assert E.release_for(_event(date="2021", precision="year"), releases,
                         "2026-02-12") is None  # the default holds it
    assert E.release_for(_event(date="1960", precision="year"), releases,
                         "2026-02-12") == "2026-05-18"
    assert E.release_for(_event(date="2031", precision="year"), releases, "2026-02-12") is None
    assert E.release_for(_event(date=None, precision=None), releases, "2026-02-12") is None
    assert E.release_for(_event(), None, None) is None


@pytest.mark.parametrize(("text", "public"), [
    ("/srv/app/data/events/a.yaml: line 3, column 1: invalid YAML",
     "a.yaml: line 3, column 1: invalid YAML"),
    ("/x/b.yaml: event id 'e' already used in /x/y/a.yaml; file skipped",
     "b.yaml: event id 'e' already used in a.yaml; file skipped"),
    ("c.yaml: only http(s) links are allowed, got 'ftp://host.org/a/b'",
     "c.yaml: only http(s) links are allowed, got 'ftp://host.org/a/b'"),
    ("d.yaml: events[0].date: 1/2 is not a date", "d.yaml: events[0].date: 1/2 is not a date"),
])
def test_skip_messages_for_the_page_name_files_not_server_folders(text: str,
                                                                  public: str) -> None:
    assert E.without_paths(text) == public


def test_a_bad_events_file_is_named_without_its_folder(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("article: [unclosed\n", encoding="utf-8")
    cat = E.catalogue(tmp_path)
    assert len(cat.errors) == 1
    assert cat.errors[0].startswith("broken.yaml: ")
    assert str(tmp_path) not in cat.errors[0]
    missing = E.catalogue(tmp_path / "nowhere")
    assert all(str(tmp_path) not in e for e in missing.errors)


@pytest.mark.parametrize(("value", "text"), [
    (9.120000000000001, "9.12"), (21.599999999999998, "21.6"), (3.0, "3"), (0.1 + 0.2, "0.3"),
    (float("nan"), "–"), (None, "–"), (2021, "2021"), ("Anka-S", "Anka-S")])
def test_deal_cells_give_tiv_as_sipri_publishes_it(value: object, text: str) -> None:
    assert E.cell_text(value) == text


@pytest.mark.parametrize(("outlet", "title", "label"), [
    ("Fixture Daily", None, "Fixture Daily, published 2025-12-05"),
    (None, "Drones for the fleet", "“Drones for the fleet”, published 2025-12-05"),
    ("Fixture Daily", "Drones", "Fixture Daily, “Drones”, published 2025-12-05"),
    (None, None, f"{E.UNNAMED_SOURCE}, published 2025-12-05"),
])
def test_sources_are_named_by_outlet_and_title_never_by_file(
        outlet: str | None, title: str | None, label: str) -> None:
    ev = _event(source=replace(SRC, outlet=outlet, title=title))
    assert E.source_label(ev) == label
    assert "900_fixture" not in E.source_label(ev)
    undated = _event(source=replace(SRC, outlet=None, title=None, published=None))
    assert E.source_label(undated) == E.UNNAMED_SOURCE
