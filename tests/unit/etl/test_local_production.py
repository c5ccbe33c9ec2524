"""The comment rules for local production (etl/data/local_production_rules.csv), on
sentences written in the style of SIPRI's comments."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import assemble, classic_deals

RULES = assemble.load_local_production_rules()
NAMES = {"Pakistan": ["Pakistan"], "Turkiye": ["Turkey", "Turkiye", "Türkiye"],
         "United States": ["United States", "USA"], "China": ["China"],
         "India": ["India"], "Kazakhstan": ["Kazakhstan"]}
COMPILED = classic_deals.compile_rules(RULES, {n for ns in NAMES.values() for n in ns})

# (comment, recipient, locally produced?, the rule that decides the clause that counts)
CASES = [
    ("Produced under licence in Pakistan", "Pakistan", True, "in_recipient"),
    ("Incl 2 produced under licence in Pakistan; designated Babur class by Pakistan",
     "Pakistan", True, "in_recipient"),
    ("$300 m deal; incl 6 assembled in Kazakhstan; delivery planned by 2026", "Kazakhstan",
     True, "in_recipient"),
    ("JF-17 Block-1 version; incl production of components and assembly in Pakistan",
     "Pakistan", True, "in_recipient"),
    ("Co-produced in India with Russian help", "India", True, "in_recipient"),
    ("PRODUCED UNDER LICENCE IN PAKISTAN", "Pakistan", True, "in_recipient"),
    ("Licence production in USA", "United States", True, "in_recipient"),
    ("Produced under licence in Turkey", "Turkiye", True, "in_recipient"),
    ("Produced under licence in Turkiye", "Pakistan", False, "in_other_country"),
    ("Licence production in USA", "Pakistan", False, "in_other_country"),
    ("Most assembled from kits", "Pakistan", True, "local"),
    ("Ordered from Soviet Union and produced under Russian licence", "India", True, "local"),
    ("Local production of 50 planned", "India", True, "local"),
    ("Not produced under licence in Pakistan", "Pakistan", False, "negated"),
    ("Licensed production in Pakistan planned but cancelled", "Pakistan", False,
     "negated_after"),
    ("Possibly assembled in Pakistan", "Pakistan", False, "possibly"),
    ("For 2 Jalalat missile boats produced in Pakistan", "Pakistan", False,
     "for_local_platform"),
    ("Second-hand; originally produced for Pakistan", "China", False, "originally_for"),
    ("From Romanian production line; Pakistani designation Yarmook", "Pakistan", False,
     "other_line"),
    ("$80 m deal; aid", "Pakistan", False, None),
]


def clause_rules(comment: str, recipient: str) -> list[str | None]:
    """The deciding rule of each clause."""
    own = {n.lower() for n in NAMES[recipient]}
    out = []
    for clause in comment.split(";"):
        rule = classic_deals.clause_rule(clause, COMPILED, own)
        out.append(rule.rule if rule else None)
    return out


@pytest.mark.parametrize(("comment", "recipient", "expected", "rule"), CASES)
def test_comment_rules(comment: str, recipient: str, expected: bool, rule: str | None) -> None:
    found = classic_deals.comment_rule(comment, COMPILED, NAMES[recipient])
    assert (found is not None) is expected
    if rule is not None:
        assert rule in clause_rules(comment, recipient)


def test_a_no_in_one_clause_does_not_cancel_a_yes_in_another() -> None:
    comment = "Not for export; produced under licence in Pakistan"
    assert classic_deals.comment_rule(comment, COMPILED, NAMES["Pakistan"]) == "in_recipient"


def test_empty_comments_are_no_local_production() -> None:
    for comment in (None, "", "  "):
        assert classic_deals.comment_rule(comment, COMPILED, NAMES["Pakistan"]) is None


def test_every_rule_is_exercised_by_a_case() -> None:
    used = {rule for *_, rule in CASES}
    assert {r.rule for r in RULES} <= used


def test_rules_file_is_well_formed() -> None:
    names = [r.rule for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert set(re.findall(r"\{\w+\}", r.pattern)) <= set(classic_deals.PLACEHOLDERS)
        re.compile(r.pattern.replace("{recipient}", "x").replace("{country}", "y"))


@pytest.mark.parametrize(("pattern", "upper"), [
    (r"\bproduced in\b", ""), (r"\Wlicen[cs]e\S", ""), (r"assembled in {recipient}", ""),
    (r"Produced in", "P"), (r"\bin [A-Z]\w+", "AZ")])
def test_uppercase_outside_escapes_is_found(pattern: str, upper: str) -> None:
    assert classic_deals.uppercase_in(pattern) == upper


def test_a_rule_in_upper_case_is_refused_naming_its_line(tmp_path) -> None:
    path = tmp_path / "rules.csv"
    path.write_text('rule,verdict,pattern,note\nfine,yes,\\bbuilt in\\b,"two\nlines"\n'
                    "shout,yes,Built In,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules\.csv: line 4: rule shout: .*'BI'"):
        assemble.load_local_production_rules(path)


@pytest.mark.parametrize("comment", ["PRODUCED UNDER LICENCE IN PAKISTAN",
                                     "Produced Under Licence In Pakistan"])
def test_comments_match_whatever_their_case(comment: str) -> None:
    assert classic_deals.comment_rule(comment, COMPILED, NAMES["Pakistan"]) == "in_recipient"
    deals = pd.DataFrame({"recipient": ["Pakistan"], "comments": [comment]})
    assert classic_deals.local_production_from_comments(deals, RULES, NAMES).tolist() == [True]


def test_deals_frame_gets_one_value_per_deal() -> None:
    deals = pd.DataFrame({"recipient": ["Pakistan", "Pakistan", "India"],
                          "comments": ["Produced under licence in Pakistan", None,
                                       "Produced under licence in Pakistan"]},
                         index=[7, 8, 9])
    out = classic_deals.local_production_from_comments(deals, RULES, NAMES)
    assert out.tolist() == [True, False, False]
    assert out.index.tolist() == [7, 8, 9]


def test_comment_names_point_to_distinct_names() -> None:
    rows = [{"name": "Pakistan", "canonical": "Pakistan", "display_name": "Pakistan",
             "spellings": []},
            {"name": "United States", "canonical": "United States",
             "display_name": "United States", "spellings": []}]
    names = assemble.names_in_comments(rows)
    assert "USA" in names["United States"]
    assert names["Pakistan"] == ["Pakistan"]


def test_sipri_flag_wins_over_comments_where_given() -> None:
    deals = pd.DataFrame({"deal_id": [1, 2, -5], "deal_id_known": [True, True, False],
                          "local_production": pd.array([False, True, True], dtype="boolean"),
                          "local_production_source": ["comments"] * 3})
    by_year = pd.DataFrame({"deal_id": [1, 2],
                            "local_production": pd.array([True, pd.NA], dtype="boolean")})
    out = classic_deals.sipri_flag_where_given(deals, by_year)
    assert out["local_production"].tolist() == [True, True, True]
    assert out["local_production_source"].tolist() == ["sipri", "comments", "comments"]


def test_report_counts_against_the_flag() -> None:
    deals = pd.DataFrame({"deal_id": [1, 2, 3, 4, -1],
                          "deal_id_known": [True, True, True, True, False],
                          "local_production": pd.array([True, True, False, False, True],
                                                       dtype="boolean"),
                          "local_production_source": ["comments"] * 5})
    ref = pd.DataFrame({"deal_id": [1, 2, 3, 4],
                        "local_production": pd.array([True, False, True, False],
                                                     dtype="boolean")})
    out = classic_deals.local_production_report(deals, ref)
    assert (out["true_positives"], out["false_positives"], out["false_negatives"]) == (1, 1, 1)
    assert out["precision"] == 0.5 and out["recall"] == 0.5 and out["deals_compared"] == 4


CLAUSES = [c for c, _, _, _ in CASES] + [
    "Second-hand", "For Jalalat missile boats produced in Pakistan", "Ex-US; aid",
    "Incl 40 built in India", "production line in China", "delivery planned by 2026"]


@given(st.lists(st.tuples(st.lists(st.sampled_from(CLAUSES), max_size=4),
                          st.sampled_from(sorted(NAMES))), max_size=25))
def test_the_frame_reads_as_every_comment_ruled_alone(rows) -> None:
    # the frame's shortcuts (one pattern first, each comment once) never change a verdict
    deals = pd.DataFrame({"comments": ["; ".join(c) if c else None for c, _ in rows],
                          "recipient": [r for _, r in rows]})
    out = classic_deals.local_production_from_comments(deals, RULES, NAMES)
    alone = [classic_deals.comment_rule(c, COMPILED, NAMES[r]) is not None
             for c, r in zip(deals["comments"], deals["recipient"], strict=True)]
    assert out.tolist() == alone
