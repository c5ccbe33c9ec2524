"""The add-article page's pure part on texts and rows written for the tests: uploads, the
proposed rows, and reviewed rows back into a valid events document."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pandas as pd
import pytest

from dashboard.compute.articles import (
    ArticleError,
    checked_published,
    read_upload,
    review_rows,
    to_document,
)
from etl.events.aliases import systems
from etl.events.extract import Published, system_index
from etl.events.model import parse_document

DEALS = pd.DataFrame([
    {"deal_id": 501, "supplier": "Norway", "recipient": "Chile", "designation": "Skjold",
     "order_year": 2023, "delivery_years": [2024], "release": "2026-05-18"},
])
INDEX = system_index(systems(), DEALS["designation"].unique())
TEXT = ("Chile signed a contract with Norway on Tuesday for four Skjold patrol boats.\n"
        "The navy said the boats replace older craft.\n")


def data_url(text: str, kind: str = "text/plain") -> str:
    return f"data:{kind};base64," + base64.b64encode(text.encode()).decode()


def test_rows_propose_parties_systems_deal_and_date() -> None:
    [row] = [r for r in review_rows(TEXT, Published("2024-04-17", "day"), DEALS, INDEX)
             if r["systems"]]
    assert row["countries"] == "Chile; Norway"
    assert row["systems"] == "Skjold"
    assert row["deal_ids"] == "501"
    assert row["date"] == "2024-04-16" and row["precision"] == "day"
    assert "501 (" in row["candidates"]
    assert row["summary"] == ""  # the editor writes it; the sentence is only evidence


def test_reviewed_rows_become_a_valid_document() -> None:
    rows: list[dict[str, Any]] = review_rows(TEXT, Published("2024-04-17", "day"), DEALS,
                                             INDEX)
    for row in rows:
        row["summary"] = "Chile ordered four patrol boats from Norway."
    doc, same = to_document(rows, "Example", "https://example.org/chile",
                            Published("2024-04-17", "day"), dt.date(2024, 5, 1))
    assert same == []
    events = parse_document(doc, "doc")
    assert [ev.deal_ids for ev in events if ev.systems] == [(501,)]
    assert "evidence" not in str(doc) and "replace older craft" not in str(doc)


def test_a_row_marked_the_same_is_a_source_not_a_new_event() -> None:
    rows = [{"keep": True, "same_as": "cl-no-skjold-2024", "title": "x", "summary": "y"},
            {"keep": False, "title": "dropped", "summary": ""}]
    doc, same = to_document(rows, None, None, None, dt.date(2024, 5, 1))
    assert doc["events"] == [] and same == [("cl-no-skjold-2024", doc["article"])]


@pytest.mark.parametrize(("row", "message"), [
    ({"keep": True, "title": "t", "summary": ""}, "row 1: write a summary"),
    ({"keep": True, "title": "t", "summary": "s", "deal_ids": "12; x"}, "'x' is not a SIPRI"),
    ({"keep": True, "title": "t", "summary": "s", "date": "2024"}, "row 1: give a date"),
])
def test_bad_rows_are_named(row: dict[str, Any], message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        to_document([row], None, None, None, dt.date(2024, 5, 1))
    with pytest.raises(ArticleError, match="no event kept"):
        to_document([{"keep": False}], None, None, None, dt.date(2024, 5, 1))


def test_uploads_txt_and_html_bounded() -> None:
    got = read_upload(data_url("Published: 5 December 2025\nChile ordered boats."), "a.txt")
    assert got.published == "2025-12-05" and "Chile ordered boats." in got.text
    page = ("<html><head><meta property='article:published_time' content='2024-04-17'>"
            "</head><body><nav>Menu Home</nav><article><p>"
            + "Chile signed a contract with Norway for four patrol boats. " * 8
            + "</p></article></body></html>")
    got = read_upload(data_url(page, "text/html"), "a.html")
    assert got.published == "2024-04-17" and "patrol boats" in got.text
    assert "Menu" not in got.text
    with pytest.raises(ArticleError, match=r"only \.txt and \.html"):
        read_upload(data_url("x"), "a.exe")
    with pytest.raises(ArticleError, match="at most 10"):
        read_upload(data_url("x" * 11), "a.txt", max_bytes=10)
    with pytest.raises(ArticleError, match="not a readable file"):
        read_upload("garbage", "a.txt")


def test_publication_date_field() -> None:
    assert checked_published("") is None
    assert checked_published("2024-04") == Published("2024-04", "month")
    with pytest.raises(ArticleError, match="publication date"):
        checked_published("April 2024")
