"""Curated events: every file in data/events passes the schema; bad input is named, skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.events.aliases import canonical_names, normalise_system, systems
from etl.events.model import EventsFileError, events_folder, load_events, load_file
from tests.conftest import ROOT

EVENTS_DIR = ROOT / "data" / "events"
EVENT_FILES = sorted(EVENTS_DIR.glob("*.yaml"))

GOOD = """\
article: 900_fixture.txt
source: {outlet: Fixture Daily, title: null, url: "https://example.org/a", published: null}
events:
  - id: fixture-event
    date: 2021-03
    precision: month
    date_basis: text
    title: A fixture event
    summary: Written for the tests.
    countries: [Turkiye]
    systems: []
    deal_ids: [1]
    tags: [drones]
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _known(name: str) -> bool:
    return name in canonical_names()


def test_there_are_event_files() -> None:
    assert len(EVENT_FILES) >= 5


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.name)
def test_event_file_passes_schema(path: Path) -> None:
    events = load_file(path, known_country=_known)
    assert events
    assert all(ev.article == path.stem + ".txt" for ev in events)


def test_all_files_load_together_with_unique_ids() -> None:
    result = load_events(EVENTS_DIR, known_country=_known)
    assert result.errors == []
    ids = [ev.id for ev in result.events]
    assert len(ids) == len(set(ids))


def test_also_in_points_to_curated_articles() -> None:
    events = load_events(EVENTS_DIR).events
    articles = {ev.article for ev in events}
    for ev in events:
        assert set(ev.also_in) <= articles, ev.id


def test_event_systems_are_known_to_the_alias_file() -> None:
    known = {normalise_system(a) for s in systems() for a in s.all}
    for ev in load_events(EVENTS_DIR).events:
        for system in ev.systems:
            assert normalise_system(system) in known, (ev.id, system)


def test_key_events_are_curated() -> None:
    events = load_events(EVENTS_DIR).events
    by_id = {ev.id: ev for ev in events}
    plant = by_id["tr-pk-drone-assembly-plant-2025-12"]
    assert (plant.date, plant.precision) == ("2025-12-05", "day")
    assert {65816, 65859} <= set(plant.deal_ids)
    linked = {d for ev in events for d in ev.deal_ids}
    # TB-2, Akinci, MilGem, T-37B and MFI-17 Supporter as SIPRI lists them
    assert {65816, 65859, 50239, 58973, 59825} <= linked
    assert any("Kazakhstan" in ev.countries for ev in events)


def test_undated_events_stay_open() -> None:
    for ev in load_events(EVENTS_DIR).events:
        if ev.date is None:
            assert ev.precision is None and ev.date_basis is None
        else:
            assert ev.date_basis is not None


def test_an_article_that_only_reports_others_events_keeps_its_source(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", GOOD.replace("    tags: [drones]\n",
                                            "    tags: [drones]\n    also_in: [901_b.txt]\n"))
    _write(tmp_path, "b.yaml", "article: 901_b.txt\nsource: {outlet: Second Post, title: "
                               "Plant opens, url: 'https://example.org/b', published: "
                               "2021-04-02, published_precision: day,\n"
                               "published_basis: text}\nevents: []\n")
    result = load_events(tmp_path)
    assert [ev.also_in for ev in result.events] == [("901_b.txt",)]
    assert result.sources["901_b.txt"].outlet == "Second Post"
    assert result.sources["900_fixture.txt"].url == "https://example.org/a"


def test_good_fixture_loads(tmp_path: Path) -> None:
    [ev] = load_file(_write(tmp_path, "a.yaml", GOOD))
    assert (ev.date, ev.precision, ev.year) == ("2021-03", "month", 2021)
    assert ev.source.url == "https://example.org/a"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('url: "https://example.org/a"', 'url: "javascript:alert(1)"',
         r"source\.url: only http\(s\) links"),
        ("precision: month", "precision: day", r"events\[0\]\.date: '2021-03' is not a day"),
        ("precision: month", "precision: weekly", r"events\[0\]\.precision: expected one of"),
        ("    tags: [drones]\n", "    tags: [drones]\n    colour: red\n",
         r"events\[0\]: unknown field\(s\) colour"),
        ("    countries: [Turkiye]\n", "", r"events\[0\]: missing field\(s\) countries"),
        ("deal_ids: [1]", "deal_ids: [-4]", r"events\[0\]\.deal_ids\[0\]: expected a positive"),
        ("countries: [Turkiye]", "countries: [Turkey]", r"countries\[0\]: 'Turkey' is not"),
        ("id: fixture-event", "id: Fixture Event", r"events\[0\]\.id: 'Fixture Event'"),
        ("    date_basis: text\n", "", r"events\[0\]\.date_basis: give a basis"),
        ("date_basis: text", "date_basis: inferred", r"events\[0\]\.date_note: say how"),
        ("date: 2021-03", 'date: "2021-02-30"', r"date: '2021-02-30' is not a calendar"),
    ],
)
def test_schema_errors_name_file_and_field(tmp_path: Path, old: str, new: str,
                                           message: str) -> None:
    assert old in GOOD
    path = _write(tmp_path, "bad.yaml", GOOD.replace(old, new))
    if "precision: month" in new or old.startswith("date: 2021-03"):
        path = _write(tmp_path, "bad.yaml",
                      GOOD.replace(old, new).replace("precision: month", "precision: day"))
    with pytest.raises(EventsFileError, match=message) as info:
        load_file(path, known_country=_known)
    assert str(path) in str(info.value)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.yaml", GOOD.replace("tags: [drones]", "tags: [drones"))
    with pytest.raises(EventsFileError, match=r"broken\.yaml: line \d+, column \d+"):
        load_file(path)


def test_impossible_unquoted_date_is_a_clear_error(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2021-03", "date: 2021-02-30").replace("precision: month",
                                                                       "precision: day")
    with pytest.raises(EventsFileError, match=r"d\.yaml: invalid YAML: day is out of range"):
        load_file(_write(tmp_path, "d.yaml", text))


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("title: A fixture event",
                        "title: !!python/object/apply:os.system ['true']")
    with pytest.raises(EventsFileError, match="invalid YAML"):
        load_file(_write(tmp_path, "evil.yaml", text))


def test_bad_file_is_reported_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", GOOD)
    _write(tmp_path, "b.yaml", GOOD.replace("precision: month", "precision: often"))
    _write(tmp_path, "c.yaml", GOOD.replace("fixture-event", "other-event"))
    _write(tmp_path, "d.yaml", GOOD)  # same id as a.yaml
    result = load_events(tmp_path)
    assert [ev.id for ev in result.events] == ["fixture-event", "other-event"]
    assert len(result.errors) == 2
    assert "b.yaml" in result.errors[0] and "precision" in result.errors[0]
    assert "d.yaml" in result.errors[1] and "already used" in result.errors[1]


def test_a_list_at_top_level_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(EventsFileError, match=r"x\.yaml: expected a mapping"):
        load_file(_write(tmp_path, "x.yaml", "- 1\n- 2\n"))


def test_events_folder_is_the_configured_one_else_the_checkouts_else_the_shipped_set(
        tmp_path: Path) -> None:
    checkout, shipped = tmp_path / "checkout", tmp_path / "site" / "curated"
    (checkout / "data" / "events").mkdir(parents=True)
    assert events_folder({}, checkout, shipped) == shipped  # no pyproject.toml: not a checkout
    (checkout / "pyproject.toml").write_text("", encoding="utf-8")
    assert events_folder({}, checkout, shipped) == checkout / "data" / "events"
    mine = tmp_path / "mine"
    assert events_folder({"ARMSDASH_EVENTS": str(mine)}, checkout, shipped) == mine
    assert events_folder({"ARMSDASH_EVENTS": ""}, checkout, shipped) == checkout / "data" / "events"
    (checkout / "data" / "events").rmdir()
    assert events_folder({}, checkout, shipped) == shipped
