"""Roles in sentences written for the tests: parties, context, lists, use, plans, capitals,
regions, firms and makers; and the cue and firm files' schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.events.roles import (
    CUES_FILE,
    FIRMS_FILE,
    CuesFileError,
    is_use,
    mentions,
    origins,
    parse_cues,
    parse_firms,
    parties,
)


def party_list(sentence: str, elsewhere: tuple[str, ...] = ()) -> list[str]:
    found = mentions(sentence)
    named = {m.country for m in found if m.how != "capital"}
    return parties(sentence, found, named | set(elsewhere))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Chile ordered six corvettes from Norway.", ["Chile", "Norway"]),
    # context cue: a design's origin, a competitor
    ("Peru bought a frigate based on the Italian Maestrale design.", ["Peru"]),
    ("Kenya ordered the Swedish jets against French and Spanish bids.", ["Kenya", "Sweden"]),
    # an enumeration of three or more countries is a list of other operators
    ("Peru ordered the gun that Ghana, Mali, Chad and Niger field.", ["Peru"]),
    ("Oman signed with Italy for two ships.", ["Oman", "Italy"]),
    # a plan before the transfer: no parties
    ("Chile is considering buying jets from Brazil.", []),
    ("Japan warned Peru that it should not buy the Chinese radar.", []),
    # a region is no country
    ("The South American nation ordered tanks from Germany.", ["Germany"]),
    # a capital is a place after 'in', an actor otherwise, and only where named otherwise
    ("The deal was signed in Lima by Chile.", ["Chile"]),
    ("Santiago signed the deal.", []),
    # a firm stands for its country only as a party
    ("Kenya signed a contract with Navantia.", ["Kenya", "Spain"]),
    ("A consortium of Navantia and others builds the ship; Peru ordered two.", ["Peru"]),
    # a context cue opening the sentence covers only its opening phrase, and a plan word
    # in that phrase is background too
    ("Amid rising interest in Korean guns, Chile has started the supply of howitzers to "
     "Peru.", ["Chile", "Peru"]),
    ("Lima, March 3: Amid talks with France, Chile ordered jets from Brazil.",
     ["Chile", "Brazil"]),
    ("Chile ordered jets from Brazil amid talks with France, officials said.",
     ["Chile", "Brazil"]),
    # a context clause ends at a semicolon; makers in a consortium and earlier buyers
    # followed are background
    ("The jet is built by a consortium of Leonardo and Airbus; Peru ordered eight.",
     ["Peru"]),
    ("Peru has followed Chile and Ecuador in ordering the jet.", ["Peru"]),
    # a temporal opening phrase is background up to its comma
    ("Just days after Chile closed its ports, Peru agreed to spend $1bn on jets.", ["Peru"]),
])
def test_parties(sentence: str, expected: list[str]) -> None:
    assert party_list(sentence) == expected


def test_a_capital_as_actor_where_the_country_is_named_elsewhere() -> None:
    sentence = "Quito signed the deal with Madrid."
    assert party_list(sentence, ("Ecuador", "Spain")) == ["Ecuador", "Spain"]
    assert party_list(sentence) == []


def test_use_of_weapons_without_transfer_has_no_parties() -> None:
    sentence = "Chadian air strikes hit rebels in Libya."
    assert is_use(sentence)
    assert party_list(sentence) == []
    assert not is_use("Chad ordered aircraft after the war with Libya.")


def test_a_demonym_or_firm_right_before_a_system_names_its_maker() -> None:
    sentence = "The army showed the Russian Pantsyr and six Embraer EMB-314 aircraft."
    found = mentions(sentence)
    spans = [(sentence.index("Pantsyr"), sentence.index("Pantsyr") + 7),
             (sentence.index("EMB-314"), sentence.index("EMB-314") + 7)]
    assert origins(sentence, found, spans) == ["Russia", "Brazil"]
    assert origins("The Russian side showed it.", mentions("The Russian side showed it."),
                   []) == []


def test_a_system_span_is_no_country() -> None:
    sentence = "The navy names its new class Dakar."
    start = sentence.index("Dakar")
    assert [m.country for m in mentions(sentence)] == ["Senegal"]
    assert mentions(sentence, taken=[(start, start + 5)]) == []


def test_project_cue_and_firm_files_pass_schema() -> None:
    rules = parse_cues(CUES_FILE)
    assert set(rules) == {"transfer", "use", "plan", "context"}
    assert parse_firms(FIRMS_FILE)["Saab"] == "Sweden"


def test_bad_cue_and_firm_files_are_named(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("transfer: [order]\nuse: []\nplan: [x]\ncontext: [y]\n", encoding="utf-8")
    with pytest.raises(CuesFileError, match=r"cues\.yaml: use: expected a non-empty list"):
        parse_cues(path)
    firms = tmp_path / "firms.yaml"
    firms.write_text("Acme: Atlantis\n", encoding="utf-8")
    with pytest.raises(CuesFileError, match=r"firms\.yaml: not a country.*Atlantis"):
        parse_firms(firms)
