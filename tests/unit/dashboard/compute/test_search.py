"""Register search on deals written here: the project's one matching rule (case, accents,
punctuation, other spellings, weapon aliases, word starts), alternatives, every filter."""

from __future__ import annotations

import pandas as pd

from dashboard.compute import matching
from dashboard.compute import search as sr

RULE = matching.matcher_for(
    {"Turkiye": ["Turkey", "Türkiye"], "United Arab Emirates": ["UAE"], "Pakistan": [],
     "Ukraine": [], "China": [], "Sri Lanka": [], "United States": []},
    extra={}, systems=[("Bayraktar TB-2", "TB2"), ("Akinci", "Akıncı")])


def deals() -> pd.DataFrame:
    rows = [
        # deal_id, supplier, recipient, designation, description, category, status,
        # comments, order_year, delivery_years, tiv_delivered
        (1, "Turkiye", "Pakistan", "Bayraktar TB-2", "armed UAV", "Aircraft", "New", "",
         2021, [2022, 2023], 21.6),
        (2, "Turkiye", "Ukraine", "Akinci", "armed UAV", "Aircraft", "New", "", 2022,
         [2023], 30.0),
        (3, "China", "Sri Lanka", "Type-053", "frigate", "Ships", "Second hand",
         "produced under licence", 2010, [2012], 50.0),
        (4, "United States", "United Arab Emirates", "TB-20 Trinidad", "light aircraft",
         "Aircraft", "New", "", 2000, [2001], 1.0),
        (5, "Turkiye", "Pakistan", "Anka-S", "armed UAV", "Aircraft", "New", "", 2024, [],
         0.0),
    ]
    frame = pd.DataFrame(rows, columns=["deal_id", "supplier", "recipient", "designation",
                                        "description", "category", "status", "comments",
                                        "order_year", "delivery_years", "tiv_delivered"])
    # the deals table's flag: 3 produced under licence (from its comments), 5 not known
    return frame.assign(
        local_production=pd.array([False, False, True, False, None], dtype="boolean"),
        local_production_source=["sipri", "sipri", "comments", "sipri", None])


def index() -> sr.ReleaseIndex:
    frame = deals()
    return sr.release_index(frame, RULE.haystack(frame, sr.TEXT_COLUMNS, sr.NAMED))


def found(query: str, **filters: object) -> list[int]:
    idx = index()
    terms = tuple(t.strip() for t in query.split(",") if t.strip())
    args = {"suppliers": (), "recipients": (), "categories": (), "statuses": (),
            "years": None, "local": "any", **filters}
    rows = sr.matches(idx, terms, **args)  # type: ignore[arg-type]
    return sorted(int(d) for d in idx.deals["deal_id"].iloc[rows])


def test_aliases_accents_and_alternatives() -> None:
    assert found("TB2") == [1]  # not TB-20 Trinidad: a word ending in a digit ends there
    assert found("Akıncı") == [2]
    assert found("TB2, Akıncı, Anka") == [1, 2, 5]
    assert found("anka") == [5]  # a word start: not Sri Lanka


def test_any_spelling_of_a_party_and_words_together() -> None:
    assert found("turkey uav") == [1, 2, 5]
    assert found("UAE") == [4]
    assert found("uav pakistan") == [1, 5]
    assert found("licence frigate") == [3]
    assert found("submarine") == []


def test_filters() -> None:
    assert found("", suppliers=("Turkiye",), recipients=("Pakistan",)) == [1, 5]
    assert found("", categories=("Ships",)) == [3]
    assert found("", statuses=("second hand",)) == [3]
    # delivered in the years, or not delivered yet and ordered in them
    assert found("", years=(2023, 2024)) == [1, 2, 5]
    assert found("", years=(2001, 2001)) == [4]
    assert found("", local="yes") == [3]
    assert found("", local="no") == [1, 2, 4]  # 5: not known, in neither


def test_the_local_column_says_where_the_flag_comes_from() -> None:
    idx = index()
    text = sr.local_text(idx.local, idx.not_local, idx.deals["local_production_source"])
    assert list(text) == ["no", "no", "yes (comments)", "no", ""]


def test_who_bought_largest_first() -> None:
    who = sr.who(deals())
    assert list(who["recipient"]) == ["Sri Lanka", "Ukraine", "Pakistan",
                                      "United Arab Emirates"]
    pakistan = who[who["recipient"] == "Pakistan"].iloc[0]
    assert (pakistan["deals"], pakistan["tiv_delivered"], pakistan["suppliers"]) == (
        2, 21.6, "Turkiye")
    assert list(sr.display_order(deals())) == [2, 1, 0, 3, 4]


def test_a_release_without_deals_finds_nothing() -> None:
    empty = deals().iloc[0:0]
    idx = sr.release_index(empty, RULE.haystack(empty, sr.TEXT_COLUMNS, sr.NAMED))
    assert len(sr.matches(idx, ("tb2",), (), (), (), (), (2000, 2001), "yes")) == 0
    assert sr.who(empty).empty
