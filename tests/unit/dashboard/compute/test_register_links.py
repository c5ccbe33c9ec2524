"""The curated register links file: its schema, its errors, and matching deals rows."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.compute import register_links as RL

HEADER = "event_id,release,supplier,recipient,designation,order_year,why\n"
GOOD = "fixture-jv,2026-05-18,Turkiye,Kazakhstan,Anka-S,2022,Written for the tests\n"


def test_a_good_file_parses() -> None:
    (link,) = RL.parse_links((HEADER + GOOD).splitlines(keepends=True), "links.csv")
    assert link == RL.RegisterLink("fixture-jv", "2026-05-18", "Turkiye", "Kazakhstan",
                                   "Anka-S", 2022, "Written for the tests")


@pytest.mark.parametrize(("text", "message"), [
    ("event_id,release\nx,2026-05-18\n", "links.csv: missing column(s) supplier"),
    (HEADER + GOOD.replace("Anka-S", " "), "links.csv line 2: designation is empty"),
    (HEADER + GOOD.replace(",2022,", ",twenty,"), "line 2: order_year 'twenty' is not a year"),
    (HEADER + GOOD.replace("2026-05-18", "May 2026"), "line 2: release 'May 2026' is not"),
    (HEADER + GOOD + GOOD, "links.csv: a link is listed twice"),
    (HEADER + GOOD + GOOD.replace("Written", "x" * 600), "line 3: why is longer than 500"),
])
def test_a_bad_row_names_the_file_line_and_column(text: str, message: str) -> None:
    with pytest.raises(RL.LinksFileError, match=re.escape(message)):
        RL.parse_links(text.splitlines(keepends=True), "links.csv")


def test_a_bad_file_links_nothing_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "register_links.csv"
    path.write_text(HEADER + GOOD.replace(",2022,", ",,"), encoding="utf-8")
    assert RL.load_links(path) == ((), ("register_links.csv line 2: order_year is empty",))
    path.write_bytes(b"\xff\xfe bad")
    links, errors = RL.load_links(path)
    assert links == () and errors[0].startswith("register_links.csv: ")
    assert RL.load_links(tmp_path / "absent.csv") == ((), ())


def test_ids_for_matches_every_field_in_the_links_release() -> None:
    (link,) = RL.parse_links((HEADER + GOOD).splitlines(keepends=True), "links.csv")
    row = {"release": "2026-05-18", "deal_id": -6, "supplier": "Turkiye",
           "recipient": "Kazakhstan", "designation": "Anka-S", "order_year": 2022}
    deals = pd.DataFrame([row, {**row, "deal_id": -7, "order_year": 2021},
                          {**row, "deal_id": -8, "release": "2026-02-12"},
                          {**row, "deal_id": -9, "recipient": "Tunisia"},
                          {**row, "deal_id": -10, "designation": "Anka"}])
    assert RL.ids_for([link], "fixture-jv", deals) == [(-6, "Written for the tests")]
    assert RL.ids_for([link], "another", deals) == []
    assert RL.ids_for([link], "fixture-jv", None) == []
