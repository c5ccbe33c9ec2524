"""Regions and groupings: the data files' schema, and membership rules on constructed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import regions
from etl.errors import UserError
from etl.schema import SIPRI_REGIONS

REGIONS_HEADER = "name,region,subregion,from_release,reason\n"
GROUPINGS_HEADER = "grouping,member,first_year,last_year,note\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_data_files_are_well_formed() -> None:
    table = regions.read_regions()
    groupings = regions.read_groupings()
    assert set(table["region"]) == set(SIPRI_REGIONS)
    # a subregion lies in one region only
    parents = table[table["subregion"] != ""].groupby("subregion")["region"].nunique()
    assert (parents == 1).all(), parents[parents > 1]
    placed = set(table["name"])
    outside = sorted(set(groupings["member"]) - placed)
    assert all(n.endswith("**") for n in outside), outside
    for name in ("NATO", "EC/EU", "ASEAN", "AU/OAU", "CIS", "CSTO/CST", "GCC", "Arab League",
                 "ECOWAS", "SADC", "SCO", "SAARC", "OAS", "NAM", "LDC (Least Dev. Country)"):
        assert name in set(groupings["grouping"]), name


def test_enlargements_count_from_their_year() -> None:
    found = regions.areas(regions.read_regions(), regions.read_groupings(), "2026-02-12")
    nato, eu = found["NATO"], found["EC/EU"]
    assert "Poland" not in nato.names(1998) and "Poland" in nato.names(1999)
    assert "Finland" in nato.names(2023) and "Sweden" not in nato.names(2023)
    assert "United Kingdom" in eu.names(2019) and "United Kingdom" not in eu.names(2020)
    assert "Croatia" in eu.names(2013) and "Croatia" not in eu.names(2012)
    assert found["South Asia"].parent == "Asia and Oceania"
    assert found["Middle East"].kind == "region" and "Egypt" in found["Middle East"].names()


def test_a_later_release_row_replaces_the_earlier_one(tmp_path: Path) -> None:
    path = write(tmp_path, "regions.csv", REGIONS_HEADER
                 + "Atlantis,Europe,Western Europe,,\n"
                 + "Atlantis,Middle East,Middle East,2025-03-10,moved by SIPRI\n"
                 + "Lemuria,Africa,,,no subregion\n")
    table = regions.read_regions(path)
    before = regions.regions_of(table, "2024-04-13").set_index("name")
    after = regions.regions_of(table, "2026-02-12").set_index("name")
    assert before.loc["Atlantis", "region"] == "Europe"
    assert after.loc["Atlantis", "region"] == "Middle East"
    none = regions.read_groupings(write(tmp_path, "groupings.csv", GROUPINGS_HEADER))
    found = regions.areas(table, none, "2026-02-12")
    assert found["Africa"].names() == ["Lemuria"]
    assert "Western Europe" not in found


def test_membership_spans_and_gaps(tmp_path: Path) -> None:
    groupings = regions.read_groupings(write(
        tmp_path, "groupings.csv", GROUPINGS_HEADER
        + "Pact,Atlantis,1990,1995,left\nPact,Atlantis,2001,,rejoined\nPact,Lemuria,1992,,\n"))
    area = regions.areas(regions.read_regions(write(tmp_path, "r.csv", REGIONS_HEADER)),
                         groupings, "2026-02-12")["Pact"]
    assert area.kind == "grouping"
    assert [area.names(y) for y in (1989, 1990, 1995, 1996, 2001)] == [
        [], ["Atlantis"], ["Atlantis", "Lemuria"], ["Lemuria"], ["Atlantis", "Lemuria"]]


@pytest.mark.parametrize(("text", "message"), [
    ("Pact,Atlantis,199x,,\n", r"groupings.csv line 2: first_year '199x' is not a year"),
    ("Pact,Atlantis,1995,1990,\n", r"groupings.csv: Pact Atlantis: last_year 1990 before"),
    ("Pact,Atlantis,1990,1999,\nPact,Atlantis,1995,,\n", r"Pact Atlantis: .*overlap"),
    ("Pact,Atlantis,1990,,\nPact,Atlantis,1990,,\n", r"groupings.csv: groupings: .*share a key"),
])
def test_bad_groupings_file_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        regions.read_groupings(write(tmp_path, "groupings.csv", GROUPINGS_HEADER + text))


@pytest.mark.parametrize(("text", "message"), [
    ("Atlantis,Atlantis Sea,,,\n", r"regions.csv: regions.region: value\(s\) not allowed"),
    ("Atlantis,Europe,,,\nAtlantis,Africa,,,\n", r"regions.csv: regions: .*share a key"),
])
def test_bad_regions_file_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        regions.read_regions(write(tmp_path, "regions.csv", REGIONS_HEADER + text))


def test_missing_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"regions.csv: regions: missing column\(s\) reason"):
        regions.read_regions(write(tmp_path, "regions.csv", "name,region,subregion,"
                                   "from_release\nAtlantis,Europe,,\n"))
