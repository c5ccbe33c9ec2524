"""Event builders for the dashboard: placement, selection, escaping, links, filters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.compute import events as E
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


def test_pair_markers_show_events_of_either_country_with_the_view_settings() -> None:
    ids = [m.id for m in E.pair_markers(_pair_view(), PAIR_EVENTS) or []]
    assert ids == ["tb2", "kz", "clash"]  # the plant report (2025) is outside 1995-2024
    wider = [m.id for m in E.pair_markers(_pair_view(end=2025), PAIR_EVENTS) or []]
    assert set(wider) == {"plant", "tb2", "kz", "clash"}
    tagged = E.pair_markers(_pair_view(tags=("conflict", "agreement")), PAIR_EVENTS) or []
    assert {m.id for m in tagged} == {"kz", "clash"}
    assert E.pair_markers(_pair_view(events=False), PAIR_EVENTS) is None


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
