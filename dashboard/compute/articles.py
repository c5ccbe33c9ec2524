"""Adding an article: its text from a paste or an upload, the proposed events as rows an
editor reviews, and the reviewed rows back into the curated events form. Pure: no Dash.

Every value from the browser is untrusted: rows are checked field by field and the document
is validated by the events schema before anything is written (`etl.events.store`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from etl.events.extract import (
    Proposal,
    Published,
    parse_published,
    propose,
    published_in_text,
)
from etl.events.model import Event
from etl.events.store import article_name, slug
from etl.events.systems import SystemIndex

MAX_UPLOAD_BYTES = 200_000
MAX_TEXT_CHARS = 100_000
MAX_ROWS = 60
LIST_SEP = ";"
ROW_FIELDS = ("keep", "title", "summary", "date", "precision", "countries", "systems",
              "deal_ids", "tags", "same_as", "candidates", "evidence")


class ArticleError(ValueError):
    """Bad input on the add-article page; the message names the field in one line."""


@dataclass(frozen=True)
class Upload:
    """An uploaded page's text and the publication date the page itself shows."""

    text: str
    published: str | None


def read_upload(contents: str, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
    """The text of an uploaded .txt or .html file (a data URL from the browser); HTML pages
    are reduced to their article text with trafilatura, their date read from metadata."""
    name = filename.lower()
    if not name.endswith((".txt", ".html", ".htm")):
        raise ArticleError(f"upload {filename!r}: only .txt and .html files are read")
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error):
        raise ArticleError(f"upload {filename!r}: not a readable file") from None
    if len(data) > max_bytes:
        raise ArticleError(f"upload {filename!r}: {len(data)} bytes, at most {max_bytes}")
    text = data.decode("utf-8-sig", errors="replace")
    if name.endswith(".txt"):
        found = published_in_text(text)
        return Upload(text, found.date if found else None)
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(text, extensive=False)
    date = meta.date if meta is not None and meta.date else None
    if not body.strip():
        raise ArticleError(f"upload {filename!r}: no article text found in the page")
    return Upload(body, date)


def checked_published(value: object) -> Published | None:
    """The publication date field: empty, YYYY, YYYY-MM or YYYY-MM-DD."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ArticleError("publication date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return parse_published(value)
    except ValueError as err:
        raise ArticleError(f"publication date: {err}") from None


def _candidates_text(p: Proposal) -> str:
    return "; ".join(f"{c.deal_id} ({c.score:.2f}): {c.why}" for c in p.candidates[:6])


def _title(p: Proposal) -> str:
    what = ", ".join(p.systems) or ", ".join(p.tags[:2]) or "event"
    return f"{' – '.join(p.countries)}: {what}"


def same_event(p: Proposal, events: Iterable[Event]) -> str:
    """The id of a curated event this proposal reports too: it shares a linked deal and
    its year, or '' where none does."""
    year = p.date.date[:4] if p.date and p.date.date else None
    for ev in events:
        if set(p.deal_ids) & set(ev.deal_ids) and (year is None or ev.date is None
                                                   or ev.date[:4] == year):
            return ev.id
    return ""


def review_rows(text: str, published: Published | None, deals: pd.DataFrame,
                index: SystemIndex, events: Sequence[Event] = ()) -> list[dict[str, Any]]:
    """The proposed events as rows to review; the sentence is evidence, never saved."""
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(f"article text: {len(text)} characters, at most {MAX_TEXT_CHARS}")
    rows: list[dict[str, Any]] = []
    for p in propose(text, published, deals, index)[:MAX_ROWS]:
        d = p.date
        rows.append({
            "keep": bool(p.systems or p.deal_ids),
            "title": _title(p),
            "summary": "",
            "date": d.date if d and d.date else "",
            "precision": d.precision if d and d.date else "",
            "countries": f"{LIST_SEP} ".join(p.countries),
            "systems": f"{LIST_SEP} ".join(p.systems),
            "deal_ids": f"{LIST_SEP} ".join(str(i) for i in p.deal_ids),
            "tags": f"{LIST_SEP} ".join(p.tags),
            "same_as": same_event(p, events),
            "candidates": _candidates_text(p),
            "evidence": p.sentence[:400],
        })
    return rows


def _items(value: object, where: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, str):
        raise ArticleError(f"{where}: expected text")
    return [v.strip() for v in value.replace(",", LIST_SEP).split(LIST_SEP) if v.strip()]


def _deal_ids(value: object, where: str) -> list[int]:
    ids: list[int] = []
    for item in _items(value, where):
        if not item.isdigit() or int(item) <= 0:
            raise ArticleError(f"{where}: {item!r} is not a SIPRI deal id")
        ids.append(int(item))
    return list(dict.fromkeys(ids))


def _date(row: Mapping[str, Any], where: str) -> tuple[str | int | None, str | None]:
    date, precision = row.get("date") or None, row.get("precision") or None
    if date is None:
        return None, None
    if not isinstance(date, str) or precision not in ("day", "month", "year"):
        raise ArticleError(f"{where}: give a date with its precision (day, month or year)")
    return (int(date) if precision == "year" and date.isdigit() else date), precision


def to_document(rows: Sequence[Mapping[str, Any]], outlet: str | None, url: str | None,
                published: Published | None, today: dt.date
                ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The kept rows as a curated events document for a new article, and the (event id,
    article) pairs of rows marked the same as an existing event."""
    article = article_name(outlet, url, published.date if published else None)
    stem = slug(article[:-4], 40)
    events: list[dict[str, Any]] = []
    same: list[tuple[str, str]] = []
    for i, row in enumerate(r for r in rows if isinstance(r, Mapping) and r.get("keep")):
        where = f"row {i + 1}"
        if str(row.get("same_as") or "").strip():
            same.append((str(row["same_as"]).strip(), article))
            continue
        date, precision = _date(row, where)
        event: dict[str, Any] = {
            "id": f"{stem}-{len(events) + 1:02d}", "date": date, "precision": precision,
            "title": str(row.get("title") or "").strip(),
            "summary": str(row.get("summary") or "").strip(),
            "countries": _items(row.get("countries"), f"{where}: countries"),
            "systems": _items(row.get("systems"), f"{where}: systems"),
            "deal_ids": _deal_ids(row.get("deal_ids"), f"{where}: deal ids"),
            "tags": [slug(t, 40) for t in _items(row.get("tags"), f"{where}: tags")],
        }
        if date is not None:
            event["date_basis"] = "text"
        if not event["summary"]:
            raise ArticleError(f"{where}: write a summary in your own words")
        events.append(event)
    if not events and not same:
        raise ArticleError("no event kept: tick 'keep' on at least one row")
    source: dict[str, Any] = {"outlet": outlet or None, "title": None, "url": url or None,
                              "published": published.date if published else None}
    if published is not None:
        source["published_precision"] = published.precision
        source["published_basis"] = "text"
    source_note = f"added in the dashboard on {today.isoformat()}"
    if published is None:
        source["published_note"] = source_note
    return {"article": article, "source": source, "events": events}, same
