"""One matching rule: names as analysts type them find what SIPRI writes."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dashboard.compute import deals as d
from dashboard.compute import matching as mt

NAMES = {"Turkiye": ["Türkiye"], "United Arab Emirates": ["UAE"],
         "Cote d'Ivoire": ["Côte d'Ivoire"], "Pakistan": [], "Soviet Union": []}
ARTICLES = {"Turkiye": ("Turkiye", "Türkiye", "Turkey", "Republic of Turkey"),
            "Narnia": ("Narnia",)}
SYSTEMS = [("Bayraktar TB-2", "Bayraktar TB2", "TB2", "TB-2"),
           ("MFI-17 Supporter", "Mushshak", "Super Mushshak")]
M = mt.matcher_for(NAMES, ARTICLES, SYSTEMS)


@pytest.mark.parametrize(("typed", "folded"), [
    ("Akıncı", "akinci"), ("TB-2", "tb2"), ("Côte d'Ivoire", "cote divoire"),
    ("  U.A.E. ", "uae"), ("F-16C/D (Block 50)", "f16c d block 50"), ("İSTANBUL", "istanbul"),
    ("", ""),
])
def test_fold_drops_case_accents_and_punctuation(typed: str, folded: str) -> None:
    assert mt.fold(typed) == folded


@pytest.mark.parametrize(("typed", "canonical"), [
    ("Turkey", "Turkiye"), ("turkey", "Turkiye"), ("TÜRKIYE", "Turkiye"),
    ("Republic of Turkey", "Turkiye"), ("uae", "United Arab Emirates"),
    ("U.A.E.", "United Arab Emirates"), ("united arab emirates", "United Arab Emirates"),
    ("cote d'ivoire", "Cote d'Ivoire"), ("Côte d’Ivoire", "Cote d'Ivoire"),
    ("soviet  union", "Soviet Union"),
])
def test_every_spelling_finds_its_entity(typed: str, canonical: str) -> None:
    assert M.country(typed) == canonical


@pytest.mark.parametrize("typed", ["Narnia", "Turk", "", "TB2", "Ankara"])
def test_partial_names_absent_entities_and_systems_find_no_country(typed: str) -> None:
    assert M.country(typed) is None


def test_a_canonical_name_wins_over_another_entitys_spelling() -> None:
    keys = mt.country_keys({"Georgia": ["Georgia"], "United States": ["Georgia"]})
    assert keys["georgia"] == "Georgia"


def test_dropdown_search_text_holds_every_spelling_written_and_folded() -> None:
    text = M.option_search("Turkiye")
    for word in ("Turkey", "Türkiye", "turkiye"):
        assert word in text.split()
    assert M.option_search("Unknown X") == "Unknown X unknown x"


def _deals() -> pd.DataFrame:
    return pd.DataFrame({
        "deal_id": [1, 2, 3, 4],
        "supplier": ["Turkiye", "Turkiye", "China", "Pakistan"],
        "recipient": ["Pakistan", "United Arab Emirates", "Pakistan", "Turkiye"],
        "designation": ["Bayraktar TB-2", "Akinci", "JF-17 Thunder", "MFI-17 Supporter"],
        "description": ["armed UAV", "armed UAV", "FGA aircraft", "trainer aircraft"],
        "comments": [None, "Bayraktar Akıncı version", "", "Super Mushshak version"],
        "category": ["Aircraft"] * 4, "status": ["New"] * 4,
    })


@pytest.mark.parametrize(("query", "ids"), [
    ("TB2", [1]), ("tb-2", [1]), ("Akıncı", [2]), ("akinci", [2]), ("Turkey", [1, 2, 4]),
    ("UAE", [2]), ("turkey uav", [1, 2]), ("mushshak", [4]), ("Super Mushshak", [4]),
    ("TB2 UAE", []), ("", [1, 2, 3, 4]), ("  ,  ", [1, 2, 3, 4]),
])
def test_deal_search_finds_systems_and_countries_by_any_spelling(query: str,
                                                                  ids: list[int]) -> None:
    deals = _deals()
    hay = M.haystack(deals, d.SEARCH_FIELDS, d.NAMED_FIELDS)
    assert list(deals.loc[mt.contains_all(hay, query), "deal_id"]) == ids


def test_deal_search_uses_the_matcher_or_folding_alone() -> None:
    deals = _deals().assign(release="r", delivery_years=[[2021]] * 4)
    prepared = d.prepare_deals(deals, "r")
    assert list(d._search(prepared, "Turkey TB2", M).index) == [1]
    assert list(d._search(prepared, "Turkey").index) == []  # no build names: folding only
    assert list(d._search(prepared, "Akıncı").index) == [2]


@given(st.text(max_size=30))
@settings(deadline=None)
def test_fold_is_idempotent_and_key_has_no_spaces(text: str) -> None:
    assert mt.fold(mt.fold(text)) == mt.fold(text)
    assert " " not in mt.key(text)


def test_project_alias_files_give_turkey_and_tb2() -> None:
    real = mt.matcher_for({"Turkiye": ["Türkiye"], "Pakistan": []})
    assert real.country("Turkey") == "Turkiye"
    assert "bayraktar tb2" in real.others("TB2")


@given(st.lists(st.text(max_size=20) | st.text("abcXYZ -_.,/()'09", max_size=20), max_size=8))
@example(["a\x0bb", "Bü-181", "TB-2 (Block 2)", "  x  "])
@settings(deadline=None)
def test_fold_all_is_fold_of_every_value(values: list[str]) -> None:
    series = pd.Series([*values, None], dtype="object")
    assert mt.fold_all(series).tolist() == [*map(mt.fold, values), ""]


@pytest.mark.parametrize(("query", "found"), [
    ("anka", ["Anka-S"]),  # a word start: not Sri Lanka
    ("lanka", ["Sri Lanka"]), ("tb2", ["TB-2"]),  # not TB-20: a digit word ends there
    ("tb20", ["TB-20 Trinidad"]), ("tb", ["TB-2", "TB-20 Trinidad"]), ("rinidad", []),
])
def test_a_word_matches_from_a_word_start(query: str, found: list[str]) -> None:
    texts = pd.DataFrame({"designation": ["Anka-S", "Sri Lanka", "TB-2", "TB-20 Trinidad"]})
    hay = mt.Matcher({}).haystack(texts, ["designation"])
    assert list(texts.loc[mt.contains_all(hay, query), "designation"]) == found


def _rule(row: str, query: str) -> bool:
    """The rule written independently: each word at a word start, a digit word whole."""
    return all(re.search("(?:^| )" + re.escape(w) + ("(?![0-9])" if w[-1].isdigit() else ""),
                         row) for w in mt.words(query))


@given(st.lists(st.lists(st.sampled_from(["tb2", "tb20", "tb", "anka", "lanka", "ankas",
                                          "a", "2", "b2", "z", "aé", "x9y"]), max_size=6)
                .map(" ".join), max_size=8),
       st.lists(st.sampled_from(["tb2", "tb", "anka", "a", "2", "b", "x9", "q", "é"]),
                min_size=1, max_size=3).map(" ".join))
@settings(deadline=None)
def test_word_index_follows_the_rule_on_any_rows(rows: list[str], query: str) -> None:
    hay = pd.Series([" " + r for r in rows], dtype="str")
    assert list(mt.contains_all(hay, query)) == [_rule(r, query) for r in rows]
