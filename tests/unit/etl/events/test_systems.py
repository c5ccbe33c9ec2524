"""Designation families and spellings on designations written for the tests; an index
over a few designations and how it finds systems in sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.events.aliases import AliasFileError, SystemAliases
from etl.events.systems import (
    GENERIC_FILE,
    bare,
    distinctive,
    family,
    find_systems,
    parse_generic,
    spellings,
    system_index,
    word_rank,
)


@pytest.mark.parametrize(("designation", "expected"), [
    ("F-16C Block-50", "F-16"),
    ("JAS-39C Gripen", "JAS-39"),
    ("Gripen-E -", "Gripen"),
    ("Akash-1", "Akash"),
    ("Pantsyr-S1", "Pantsyr"),
    ("EMB-314 Super Tucano", "EMB-314"),
    ("Type-035G", "Type-035"),
    ("HQ-22", "HQ-22"),
    ("Storm Shadow/SCALP-EG", "Storm Shadow"),
    ("Pinaka 214mm", "Pinaka"),
])
def test_family(designation: str, expected: str) -> None:
    assert family(designation) == expected


def test_bare_and_spellings() -> None:
    assert bare("K-9 Thunder 155mm -") == "K-9 Thunder"
    assert bare("Akash SAMS") == "Akash"
    assert spellings("T-84 Oplot") == ["T-84 Oplot", "T-84", "Oplot"]
    assert "SCALP-EG" in spellings("Storm Shadow/SCALP-EG")
    assert "SCALP" in spellings("Storm Shadow/SCALP-EG")


@pytest.mark.parametrize(("spelling", "expected"), [
    ("F-16", True), ("Rafale", True), ("FREMM", True), ("Super Tucano", True),
    ("Thunder", False), ("Golden Eagle", False), ("UAV", False), ("300", False),
    ("rafale", False),
])
def test_distinctive(spelling: str, expected: bool) -> None:
    assert distinctive(spelling, word_rank) is expected


DESIGNATIONS = ["T-84 Oplot", "Rafale", "Rafale F-4", "JF-17 Thunder", "K-9 Thunder 155mm",
                "MQ-9 UAV", "Gripen-E -", "JAS-39C Gripen", "EMB-312 Tucano",
                "EMB-120 Brasilia", "L-29 Delfin"]
INDEX = system_index([SystemAliases("Arrow-3", ("Arrow 3",))], DESIGNATIONS)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Thailand received more Oplot tanks.", ["Oplot"]),
    ("The T84 Oplot tanks arrived.", ["T-84 Oplot"]),
    ("Egypt ordered 24 Rafales.", ["Rafale"]),
    ("The Thunder rolled.", []),                 # a common word shared by two families
    ("A UAV flew over.", []),                    # a generic part of a designation
    ("The Gripen jets and the Arrow 3 system.", ["Gripen", "Arrow-3"]),
    ("Secretary Delfin Lorenzana said so.", []),  # a name before a capitalised word
    ("The base near Brasilia.", []),              # a capital is no system
    ("Almost 300 units were built.", []),
])
def test_find_systems(sentence: str, expected: list[str]) -> None:
    assert find_systems(sentence, INDEX) == expected


def test_a_shared_spelling_holds_every_designation_of_it() -> None:
    assert INDEX.keys("Gripen") == {"gripene", "jas39cgripen"}
    assert INDEX.family("Oplot") == "T-84"


def test_generic_words_file(tmp_path: Path) -> None:
    assert "uav" in parse_generic(GENERIC_FILE)
    bad = tmp_path / "g.yaml"
    bad.write_text("{a: b}\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"g\.yaml: expected a list of words"):
        parse_generic(bad)
