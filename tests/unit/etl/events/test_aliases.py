"""Country and system alias files: schema, uniqueness, and errors that name file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.events.aliases import (
    COUNTRIES_FILE,
    SYSTEMS_FILE,
    AliasFileError,
    normalise_system,
    parse_countries,
    parse_systems,
)


def test_countries_file_passes_schema() -> None:
    entries = parse_countries(COUNTRIES_FILE)
    by_name = {c.canonical: c for c in entries}
    assert {"Turkey", "Türkiye", "Tûrkiye", "Turkiye"} <= set(by_name["Turkiye"].names)
    assert "Turkish" in by_name["Turkiye"].demonyms
    assert "Ankara" in by_name["Turkiye"].capitals
    assert "Islamabad" in by_name["Pakistan"].capitals
    assert "Kazakh" in by_name["Kazakhstan"].demonyms


def test_systems_file_passes_schema() -> None:
    entries = {s.designation: s for s in parse_systems(SYSTEMS_FILE)}
    assert "TB2" in entries["Bayraktar TB-2"].aliases
    assert "Super Mushshak" in entries["MFI-17 Supporter"].aliases
    assert "MILGEM" in entries["MilGem"].aliases
    assert "Akıncı" in entries["Akinci"].aliases
    assert "T-37" in entries["T-37B"].aliases


@pytest.mark.parametrize(
    ("text", "expected"),
    [("TB-2", "tb2"), ("Bayraktar TB2", "bayraktartb2"), ("Akıncı", "akinci"),
     ("Kızılelma", "kizilelma"), ("MILGEM", "milgem")],
)
def test_normalise_system(text: str, expected: str) -> None:
    assert normalise_system(text) == expected


def test_alias_naming_two_countries_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "- {canonical: A, names: [Aland], demonyms: [], capitals: []}\n"
        "- {canonical: B, names: [Aland], demonyms: [], capitals: []}\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"c\.yaml: entry 2: 'Aland' already names A"):
        parse_countries(path)


def test_missing_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- {canonical: A, names: [Aland]}\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"c\.yaml: entry 1: expected exactly the fields"):
        parse_countries(path)


def test_system_alias_clash_after_normalising_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- {designation: TB-2, aliases: []}\n"
                    "- {designation: Other, aliases: [tb 2]}\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"s\.yaml: entry 2: 'tb 2' already names TB-2"):
        parse_systems(path)
