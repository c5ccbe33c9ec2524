"""Extraction rules on short texts written for the tests: furniture, joins, dates,
countries, systems, deal scores, the no-date case, and the output's form."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl.cli import main
from etl.events.aliases import systems
from etl.events.extract import (
    FURNITURE_FILE,
    TAGS_FILE,
    ExtractError,
    Published,
    clean_text,
    deal_candidates,
    extract,
    find_countries,
    find_dates,
    find_systems,
    furniture,
    parse_furniture,
    parse_published,
    parse_tags,
    propose,
    published_in_text,
    split_joined,
    system_index,
)
from etl.events.model import parse_document

DEALS = pd.DataFrame([
    {"deal_id": 101, "supplier": "Turkiye", "recipient": "Pakistan",
     "designation": "Bayraktar TB-2", "order_year": 2021, "delivery_years": [2022, 2023],
     "release": "2026-02-12"},
    {"deal_id": 102, "supplier": "Turkiye", "recipient": "Ukraine",
     "designation": "Bayraktar TB-2", "order_year": 2019, "delivery_years": [2020],
     "release": "2026-02-12"},
    {"deal_id": 103, "supplier": "Pakistan", "recipient": "Turkiye",
     "designation": "MFI-17 Supporter", "order_year": 2017, "delivery_years": [2022],
     "release": "2026-02-12"},
    {"deal_id": 104, "supplier": "Turkiye", "recipient": "Pakistan", "designation": "MilGem -",
     "order_year": 2018, "delivery_years": [2023], "release": "2026-02-12"},
    {"deal_id": 105, "supplier": "Turkiye", "recipient": "Kazakhstan", "designation": "Cobra",
     "order_year": 2012, "delivery_years": [2014], "release": "2026-02-12"},
    {"deal_id": 106, "supplier": "United States", "recipient": "Pakistan",
     "designation": "F-22X Raptor", "order_year": 2010, "delivery_years": [2011],
     "release": "2026-02-12"},
])
INDEX = system_index(systems(), DEALS["designation"])
PUB = Published("2025-12-05", "day")


# --- furniture and joins ------------------------------------------------------------------

def test_furniture_lines_are_dropped_and_the_tail_cut() -> None:
    text = ("Share this article\n\nPakistan signed a deal.\nFollow Foo News on Google News "
            "at this link\nIt came (Picture source: X Social Network) late.\n0 Comments\n"
            "Recent Publications\nIndia held elections in 2024.\n")
    cleaned = clean_text(text, furniture())
    assert cleaned == "Pakistan signed a deal.\nIt came late."


def test_furniture_never_produces_events() -> None:
    text = ("Turkey and Pakistan signed an agreement in 2019.\nShare this article\n"
            "Recent Publications\nVoting in India started on 19th April 2024.\n")
    proposals = propose(text, PUB, DEALS, INDEX)
    assert [p.countries for p in proposals] == [["Turkiye", "Pakistan"]]


def test_repeated_lines_are_kept_once() -> None:
    assert clean_text("Turkey signed.\nTurkey signed.\n", furniture()) == "Turkey signed."


@pytest.mark.parametrize(
    ("joined", "split"),
    [
        ("Turkey and Pakistan haveannounced plans", "Turkey and Pakistan have announced plans"),
        ("the globally recognizedBayraktar TB2", "the globally recognized Bayraktar TB2"),
        ("signed betweenTurkey’s agency", "signed between Turkey’s agency"),
        ("Turkey’sexpertise in drones", "Turkey’s expertise in drones"),
        ("stealth fighter,currently built", "stealth fighter, currently built"),
        ("suicide drones(loitering munitions)", "suicide drones (loitering munitions)"),
        ("Thiscollaborative step", "This collaborative step"),
    ],
)
def test_run_together_words_are_split(joined: str, split: str) -> None:
    assert split_joined(joined) == split


@pytest.mark.parametrize("text", ["Erdogan met Baykar and NESCOM", "an assembly plant",
                                  "JavaScript and McDonald", "the TB2 drone", "Kızılelma",
                                  "Servaes of Kamra", "Attaullah Tarar",
                                  "better sustainment"])
def test_ambiguous_or_proper_words_are_left_alone(text: str) -> None:
    assert split_joined(text) == text


# --- dates --------------------------------------------------------------------------------

def _one(sentence: str, published: Published | None = PUB) -> tuple[object, ...]:
    [d] = find_dates(sentence, published)
    return d.date, d.precision, d.basis


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bloomberg reported on December 5, 2025 that", ("2025-12-05", "day", "text")),
        ("It was signed on 5 December 2025.", ("2025-12-05", "day", "text")),
        ("A group was set up in June 2003 when", ("2003-06", "month", "text")),
        ("In 2015, the two signed a deal.", ("2015", "year", "text")),
        ("It adopted a policy in late 2020.", ("2020", "year", "text")),
        ("More news is expected in early 2026.", ("2026", "year", "text")),
        ("Transfers totalled 112 from 2016-2019.", ("2016", "year", "text")),
        ("The war last year was won by drones.", ("2024", "year", "relative")),
        ("Exports grew by 30% this year.", ("2025", "year", "relative")),
        ("Talks advanced since October.", ("2025-10", "month", "relative")),
        ("A clash in May led to a ceasefire.", ("2025-05", "month", "relative")),
        ("An exercise took place in February this year.", ("2025-02", "month", "relative")),
    ],
)
def test_dates_stated_and_resolved(sentence: str, expected: tuple[object, ...]) -> None:
    assert _one(sentence) == expected


def test_relative_dates_are_marked_with_their_phrase() -> None:
    [d] = find_dates("Talks advanced since October.", PUB)
    assert d.phrase == "since October" and "2025-12-05" in (d.note or "")


def test_month_after_the_publication_month_is_last_year() -> None:
    assert _one("Talks advanced since October.", Published("2025-09-01", "day"))[0] == "2024-10"


def test_bare_month_needs_a_month_precise_publication_date() -> None:
    [d] = find_dates("Talks advanced since October.", Published("2021", "year"))
    assert d.date is None and "no month" in (d.note or "")


def test_relative_date_without_publication_date_stays_open() -> None:
    [d] = find_dates("The war last year was won by drones.", None)
    assert (d.date, d.basis) == (None, None)
    assert "--published" in (d.note or "")


@pytest.mark.parametrize("sentence", ["exports reached a record $7.5 billion",
                                      "a payload of 250kg and a 24-hour flight",
                                      "around 1500 officers", "grew by 2020% overnight",
                                      "they may sign soon"])
def test_numbers_that_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []


def test_publication_date_line_is_found() -> None:
    assert published_in_text("Title\nPublished: 5 December 2025\nText.") == PUB
    assert published_in_text("Text in 2021.") is None


@pytest.mark.parametrize("bad", ["5 Dec 2025", "2025-13", "2025-02-30", "20251205"])
def test_bad_published_argument(bad: str) -> None:
    with pytest.raises(ExtractError, match="--published"):
        parse_published(bad)


# --- countries and systems ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Turkey, Türkiye, Turkiye and Tûrkiye", ["Turkiye"]),
        ("Turkish officials in Ankara", ["Turkiye"]),
        ("Pakistani officers in Islamabad", ["Pakistan"]),
        ("Kazakh engineers and Kazakhstan's industry", ["Kazakhstan"]),
        ("signed betweenTurkey’s agency and Pakistan’s ministry", ["Turkiye", "Pakistan"]),
        ("the Turco-Pakistan treaty", ["Turkiye", "Pakistan"]),
        ("Indiana and Turkmenistan and turkey sandwiches", ["Turkmenistan"]),
    ],
)
def test_countries_by_names_demonyms_capitals(sentence: str, expected: list[str]) -> None:
    assert find_countries(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Pakistan bought TB2 drones", ["Bayraktar TB-2"]),
        ("the Bayraktar TB2 and Akinci drones", ["Bayraktar TB-2", "Akinci"]),
        ("heavier Akıncı drones", ["Akinci"]),
        ("52 Super Mushshak aircraft", ["MFI-17 Supporter"]),
        ("MILGEM-class corvettes and MilGem frigates", ["MilGem"]),
        ("T-37 training aircraft", ["T-37B"]),
        ("TB2s striking targets", ["Bayraktar TB-2"]),
        ("a F-22X Raptor squadron", ["F-22X Raptor"]),
        ("a Cobra vehicle and a cobra snake", []),
    ],
)
def test_systems_through_aliases_and_designations(sentence: str, expected: list[str]) -> None:
    assert find_systems(sentence, INDEX) == expected


# --- deals --------------------------------------------------------------------------------

def test_deal_scored_by_pair_system_and_year() -> None:
    [best, other] = deal_candidates(["Pakistan"], ["Turkiye", "Pakistan"], ["Bayraktar TB-2"],
                                    2021, DEALS, INDEX)
    # Turkiye is only among the article's main countries: 0.25 for the pair, not 0.3
    assert (best.deal_id, best.score) == (101, 0.95)
    assert other.deal_id == 102 and other.score < 0.85  # only Turkiye is near


def test_deal_outside_the_event_years_scores_lower() -> None:
    [c] = deal_candidates(["Turkiye", "Pakistan"], [], ["MFI-17 Supporter"], 2010, DEALS, INDEX)
    assert c.deal_id == 103 and c.score == 0.8
    [c] = deal_candidates(["Turkiye", "Pakistan"], [], ["MFI-17 Supporter"], 2016, DEALS, INDEX)
    assert c.score == 1.0


def test_no_system_no_deal() -> None:
    assert deal_candidates(["Turkiye", "Pakistan"], [], [], 2018, DEALS, INDEX) == []


def test_designation_trailing_dash_matches() -> None:
    [c] = deal_candidates(["Turkiye", "Pakistan"], [], ["MilGem"], None, DEALS, INDEX)
    assert c.deal_id == 104 and c.score == 0.95


def _deal(deal_id: int, supplier: str, recipient: str, designation: str, order: int,
          years: list[int], number: float | None = None, comment: str | None = None,
          is_open: bool | None = False) -> dict[str, object]:
    return {"deal_id": deal_id, "supplier": supplier, "recipient": recipient,
            "designation": designation, "order_year": order, "delivery_years": years,
            "number_ordered": number, "comments": comment, "open": is_open,
            "release": "2026-02-12"}


# two deals of one pair and system, apart in years, counts and the platform they are for
TWINS = pd.DataFrame([
    _deal(201, "Norway", "Chile", "Skarv SAM", 2009, [2013, 2014, 2015, 2020], 40,
          "For Vargr-3 frigates"),
    _deal(202, "Norway", "Chile", "Skarv SAM", 2019, [2021, 2022], 12,
          "For Falk-90 corvettes", is_open=True),
    _deal(203, "France", "Chile", "Vargr-3", 2009, [2012]),
    _deal(204, "Norway", "Chile", "Falk-90", 2019, [2022]),
])
TWIN_INDEX = system_index(systems(), TWINS["designation"])


def _linked(sentence: str, published: Published | None, deals: pd.DataFrame = TWINS,
            index: object = None) -> set[int]:
    return {d for p in propose(sentence, published, deals, index or TWIN_INDEX)
            for d in p.deal_ids}


def test_of_two_deals_of_a_pair_and_system_a_contract_links_the_one_ordered_nearest() -> None:
    sentence = "Chile signed a contract with Norway for Skarv missiles, the ministry said."
    assert _linked(sentence, Published("2018-06-01", "day")) == {202}
    assert _linked(sentence, Published("2009-06-01", "day")) == {201}


def test_the_count_or_the_platform_a_deal_is_for_chooses_between_twins() -> None:
    assert _linked("Chile ordered 40 Skarv missiles from Norway.", None) == {201}
    text = "Chile bought Falk-90 corvettes.\nChile ordered Skarv missiles from Norway."
    assert 202 in _linked(text, None) and 201 not in _linked(text, None)


def test_a_deal_delivered_long_before_a_planned_year_is_no_link() -> None:
    assert _linked("Chile signed for Skarv missiles from Norway, to be delivered by 2030.",
                   None) == {202}


def test_a_sentence_without_a_transfer_word_links_no_deal() -> None:
    text = "Chile ordered 40 Skarv missiles from Norway.\nNorway and Chile field the Skarv."
    [_, p] = propose(text, None, TWINS, TWIN_INDEX)
    assert p.candidates and p.deal_ids == []
    assert _linked("Norway builds Skarv missiles for the Chilean Navy.", None) == {201, 202}


def test_the_recipient_alone_names_its_only_suppliers_deal() -> None:
    assert _linked("Chile agreed to buy the Vargr-3 frigate.", Published("2009-05-01", "day")) \
        == {203}


def test_another_variant_is_no_link_where_the_pair_has_its_own_designation() -> None:
    deals = pd.DataFrame([_deal(301, "China", "Peru", "HQ-22", 2020, [2022]),
                          _deal(302, "China", "Peru", "HQ-22 MI", 2020, [2022])])
    index = system_index(systems(), deals["designation"])
    assert _linked("Peru ordered the HQ-22 from China.", Published("2021-01-01", "day"),
                   deals, index) == {301}


@pytest.mark.parametrize("second", [
    "Chile had already acquired this in 2009.",
    "Chile has since bought them.",
    "Norway also supplied aircraft of this type to Chile.",
])
def test_a_transfer_of_this_takes_the_systems_of_the_sentence_before(second: str) -> None:
    text = "The navy displayed the Vargr-3 frigate for the first time.\n" + second
    proposals = propose(text, Published("2010-05-01", "day"), TWINS, TWIN_INDEX)
    assert proposals[-1].systems == ["Vargr-3"]


def test_spending_agreed_on_a_system_is_a_purchase() -> None:
    assert _linked("Chile agreed to spend $2bn on Vargr-3 frigates.",
                   Published("2009-05-01", "day")) == {203}


# one pair and system twice: bought off the shelf, and made in the recipient under licence
MADE_THERE = pd.DataFrame([
    {**_deal(401, "Sweden", "Brazil", "Falk-90", 2014, [2019, 2020], 8), "local_production": False},
    {**_deal(402, "Sweden", "Brazil", "Falk-90", 2014, [2021, 2022, 2023], 28),
     "local_production": True},
])
MADE_INDEX = system_index(systems(), MADE_THERE["designation"])


@pytest.mark.parametrize("sentence", [
    "Brazil began assembling Falk-90 corvettes under a licence from Sweden in 2021.",
    "Sweden and Brazil will co-produce the Falk-90 at a yard in Brazil, from 2021.",
    "A Brazilian plant started to manufacture Falk-90 corvettes designed in Sweden in 2021.",
    "Brazil set up a joint venture with Sweden in 2021 to produce the Falk-90.",
])
def test_a_sentence_about_producing_links_the_deal_made_under_licence(sentence: str) -> None:
    assert _linked(sentence, Published("2021-06-01", "day"), MADE_THERE, MADE_INDEX) == {402}


def test_producing_without_a_licence_deal_links_nothing_and_buying_keeps_its_rules() -> None:
    bought = MADE_THERE[MADE_THERE["deal_id"] == 401]
    index = system_index(systems(), bought["designation"])
    assert _linked("Brazil will build the Falk-90 at a yard of its own from 2021.",
                   Published("2021-06-01", "day"), bought, index) == set()
    assert _linked("Brazil ordered eight Falk-90 corvettes from Sweden.",
                   Published("2014-06-01", "day"), MADE_THERE, MADE_INDEX) == {401}


# --- whole documents and the command line -------------------------------------------------

ARTICLE = """\
Share this article
ISLAMABAD: Türkiye haveannounced it will deliver TB2 drones to Pakistan, talks having \
advanced since October.
In 2021, Pakistan acquired Bayraktar TB2 drones from Turkey.
0 Comments
"""


def _article(tmp_path: Path, text: str = ARTICLE) -> Path:
    path = tmp_path / "900_fixture.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_document_is_in_the_curated_form(tmp_path: Path) -> None:
    doc, notes = extract(_article(tmp_path), "2025-12-05", "Fixture Daily",
                         "https://example.org/x", tmp_path / "nobuild")
    assert any("no build" in n for n in notes)
    events = parse_document(yaml.safe_load(yaml.safe_dump(doc)), "out")
    assert [ev.date for ev in events] == ["2025-10", "2021"]
    assert events[0].resolved_from == "since October"
    assert events[1].systems == ("Bayraktar TB-2",)
    assert all(ev.countries == ("Turkiye", "Pakistan") or ev.countries == ("Pakistan",
               "Turkiye") for ev in events)


def test_article_without_a_date_says_so(tmp_path: Path) -> None:
    doc, notes = extract(_article(tmp_path), None, None, None, tmp_path / "nobuild")
    assert any("no publication date" in n and "--published" in n for n in notes)
    first = doc["events"][0]
    assert first["date"] is None and "since October" in first["date_note"]
    assert doc["source"]["published"] is None


def test_nothing_found_is_said(tmp_path: Path) -> None:
    _, notes = extract(_article(tmp_path, "Share this article\nThe weather was mild.\n"),
                       "2025", None, None, tmp_path / "nobuild")
    assert any("no events found" in n for n in notes)


def test_cli_prints_yaml_and_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["events", "extract", str(_article(tmp_path)), "--published", "2025-12-05",
                 "--build", str(tmp_path / "nobuild")])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("# Events proposed")
    assert yaml.safe_load(out)["article"] == "900_fixture.txt"
    assert "no build" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--published", "yesterday"], "--published"),
     (["--url", "javascript:alert(1)"], r"--url: only http\(s\) links")],
)
def test_cli_bad_arguments_are_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           extra: list[str], message: str) -> None:
    code = main(["events", "extract", str(_article(tmp_path)), *extra])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "armsdash events: error:" in err
    import re
    assert re.search(message, err)


def test_cli_missing_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "extract", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: cannot read" in capsys.readouterr().err


def test_run_cli_needs_no_network(tmp_path: Path) -> None:
    from etl.events.extract import run_cli

    args = argparse.Namespace(article=_article(tmp_path), published="2025", source=None,
                              url=None, build=tmp_path / "nobuild")
    assert run_cli(args) == 0


# --- pattern files ------------------------------------------------------------------------

def test_pattern_files_pass_schema() -> None:
    rules = parse_furniture(FURNITURE_FILE)
    assert rules.drop_lines and rules.cut_from
    tags = parse_tags(TAGS_FILE)
    assert {"drones", "production", "agreement"} <= set(tags)


def test_bad_pattern_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("drop_lines: ['(']\ncut_from: []\nblock_from: []\nstrip_inline: []\n",
                    encoding="utf-8")
    with pytest.raises(ExtractError, match=r"f\.yaml: drop_lines: bad pattern"):
        parse_furniture(path)


def test_bad_tag_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("Bad Tag: [x]\n", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"t\.yaml: 'Bad Tag' is not a tag slug"):
        parse_tags(path)


# --- dates in every common form, against the publication date ----------------------------

WEDNESDAY = Published("2024-04-17", "day")


@pytest.mark.parametrize(("sentence", "date", "precision"), [
    ("The ministry said on Tuesday it had signed.", "2024-04-16", "day"),
    ("The ministry said on Wednesday it had signed.", "2024-04-17", "day"),
    ("It was signed last Saturday.", "2024-04-13", "day"),
    ("The frigate was launched today.", "2024-04-17", "day"),
    ("The contract was signed about two years ago.", "2022", "year"),
    ("It was announced on Aug. 1 in Ankara.", "2023-08-01", "day"),
    ("It was announced on April 9 in Ankara.", "2024-04-09", "day"),
    ("The ships arrived Dec. 14, 2018 at the port.", "2018-12-14", "day"),
    ("The ships arrived Nov 14 2016 at the port.", "2016-11-14", "day"),
    ("A letter of intent came at the beginning of March.", "2024-03", "month"),
])
def test_dates_resolved(sentence: str, date: str, precision: str) -> None:
    [found] = [d for d in find_dates(sentence, WEDNESDAY) if d.date]
    assert (found.date, found.precision) == (date, precision)


def test_weekday_without_publication_date_stays_open() -> None:
    [found] = find_dates("The deal was signed on Thursday.", None)
    assert found.date is None and "no publication date" in (found.note or "")


@pytest.mark.parametrize("sentence", [
    "The frigate is to be delivered in 2016.",
    "Twelve jets will arrive by 2030.",
    "Deliveries run from 2023.",
    "The first boat will be delivered to the navy in 2031.",
])
def test_planned_dates_are_not_the_event_date(sentence: str) -> None:
    [found] = find_dates(sentence, None)
    assert found.role == "planned"


def test_a_planned_date_is_never_the_proposals_date() -> None:
    [p] = propose("Chile ordered two frigates from Norway, to be delivered in 2031.",
                  WEDNESDAY, DEALS, INDEX)
    assert p.date is None


@pytest.mark.parametrize("sentence", [
    "The jet has flown with the air force of Peru since 2003.",
    "Chile has received training in Spain since 2010.",
    "Peru has bought 40 guns from Korea since early 2015.",
])
def test_a_year_after_since_starts_a_period_not_an_event(sentence: str) -> None:
    [found] = find_dates(sentence, None)
    assert found.role == "since"


def test_an_ongoing_transfer_since_a_year_is_dated_then() -> None:
    [found] = find_dates("Peru has been supplying wings to Chile since 2013.", None)
    assert (found.date, found.role) == ("2013", "event")


def test_an_abbreviated_month_before_its_day_keeps_the_sentence_whole() -> None:
    from etl.events.extract import sentences

    text = "The ship was launched on Aug. 1, 2024, in Izmir. It sailed in Jan. Then it docked."
    assert sentences(text) == ["The ship was launched on Aug. 1, 2024, in Izmir.",
                               "It sailed in Jan.", "Then it docked."]
    [p] = propose(text.split(" It")[0] + " by Chile for Peru.", None, DEALS, INDEX)
    assert p.date is not None and p.date.date == "2024-08-01"


def test_today_in_a_quotation_is_the_day_it_was_said() -> None:
    [today, said] = find_dates('"The jets arrived in Lima today," the navy said late Monday.',
                               WEDNESDAY)
    assert (today.date, said.date) == ("2024-04-15", "2024-04-15")
    [alone] = find_dates("The jets arrived in Lima today.", WEDNESDAY)
    assert alone.date == "2024-04-17"


def test_a_date_a_when_clause_gives_to_a_plan_is_planned() -> None:
    [found] = find_dates("The deal goes back to 2009, when Peru expressed interest in guns.",
                         None)
    assert found.role == "planned"
    [found] = find_dates("The deal goes back to 2009, when Peru ordered guns.", None)
    assert found.role == "event"


def test_a_far_planned_date_after_due_to_is_planned() -> None:
    [found] = find_dates("Work is due to start at the company's largest coastal yards in 2018.",
                         None)
    assert found.role == "planned"


@pytest.mark.parametrize("sentence", [
    'Norway said its new boats will be called "Oslo," after the capital.',
    'Norway pays for the "Oslo" series of submarines.',
])
def test_a_quoted_class_name_is_a_system_not_a_place(sentence: str) -> None:
    from etl.events.extract import read_sentences

    [reading] = read_sentences(sentence, INDEX)
    assert [name for name, _, _ in reading.systems] == ["Oslo"]
    assert [m.how for m in reading.mentions] == ["name"]  # Norway, not the capital


def test_a_date_after_publication_is_planned() -> None:
    [found] = find_dates("Production starts in 2028.", WEDNESDAY)
    assert found.role == "planned"


def test_a_year_in_a_name_is_no_date() -> None:
    assert find_dates("Ministers met at the Defence and Security 2017 exhibition.", None) == []
    assert [d.date for d in find_dates("In 2011 the order was placed.", None)] == ["2011"]


def test_hard_wrapped_text_is_joined_before_splitting() -> None:
    from etl.events.extract import sentences

    text = ("OSLO May 3 Norwegian shipbuilder Ulstein\n"
            "has signed a contract to deliver four patrol\n"
            "boats to Chile, one of the largest orders\n"
            "in the company's history, it said on\n"
            "Monday in a statement to the stock exchange\n"
            "in Oslo after the market had closed.")
    [sentence] = sentences(text)
    assert sentence.startswith("OSLO May 3") and sentence.endswith("closed.")


def test_a_related_block_mid_page_does_not_cut_the_rest() -> None:
    text = ("Chile ordered four patrol boats from Norway on Monday, the ministry said in a "
            "statement.\nRelated Articles\nShort headline one\nAnother headline here\n"
            "The boats will be built in Norway and delivered over the coming three years to "
            "the navy.\nThe contract also covers training for crews and spare parts for a "
            "decade of service.\n")
    cleaned = clean_text(text, furniture())
    assert "headline" not in cleaned
    assert "delivered over the coming three years" in cleaned
    assert "training for crews" in cleaned
