"""Curated links from article events to SIPRI register rows that have no SIPRI deal id.

An event's YAML names the SIPRI deals it links by deal id. Some register rows (open
orders of a classic register, for instance) have none; `data/events/register_links.csv`
links an event to such a row by the fields that identify it in one release:

    event_id,release,supplier,recipient,designation,order_year,why

`why` is shown beside the linked deal. The file is read once, checked row by row (an
error names the file, the line and the column) and a bad file links nothing while the
events still show; `ids_for` finds the rows in the build's deals table.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

COLUMNS = ("event_id", "release", "supplier", "recipient", "designation", "order_year", "why")
RELEASE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR_RE = re.compile(r"\d{4}")
MAX_TEXT = 500


class LinksFileError(ValueError):
    """The links file does not match its schema; the message names file, line, column."""


@dataclass(frozen=True)
class RegisterLink:
    """One event linked to one SIPRI register row (by its fields in one release)."""

    event_id: str
    release: str
    supplier: str
    recipient: str
    designation: str
    order_year: int
    why: str


def parse_row(row: dict[str, str | None], where: str) -> RegisterLink:
    """One CSV row, every field present, non-empty and in its form."""
    values: dict[str, str] = {}
    for column in COLUMNS:
        value = (row.get(column) or "").strip()
        if not value:
            raise LinksFileError(f"{where}: {column} is empty")
        if len(value) > MAX_TEXT:
            raise LinksFileError(f"{where}: {column} is longer than {MAX_TEXT} characters")
        values[column] = value
    if not RELEASE_RE.fullmatch(values["release"]):
        raise LinksFileError(f"{where}: release {values['release']!r} is not YYYY-MM-DD")
    if not YEAR_RE.fullmatch(values["order_year"]):
        raise LinksFileError(f"{where}: order_year {values['order_year']!r} is not a year")
    return RegisterLink(**{**values, "order_year": int(values["order_year"])})  # type: ignore[arg-type]


def parse_links(lines: Iterable[str], name: str) -> tuple[RegisterLink, ...]:
    """Every row of a links file's text; the first bad row raises LinksFileError."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise LinksFileError(f"{name}: missing column(s) {', '.join(missing)}")
    links = tuple(parse_row(row, f"{name} line {reader.line_num}") for row in reader)
    keys = [(link.event_id, link.release, link.supplier, link.recipient, link.designation,
             link.order_year) for link in links]
    if len(set(keys)) != len(keys):
        raise LinksFileError(f"{name}: a link is listed twice")
    return links


def load_links(path: Path) -> tuple[tuple[RegisterLink, ...], tuple[str, ...]]:
    """The links of a file and the error that made it link nothing (none: no file)."""
    if not path.is_file():
        return (), ()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse_links(handle, path.name), ()
    except (LinksFileError, UnicodeDecodeError, csv.Error) as err:
        return (), (f"{path.name}: {err}" if isinstance(err, UnicodeDecodeError) else str(err),)


def matching_rows(link: RegisterLink, deals: pd.DataFrame) -> pd.DataFrame:
    """The deals rows a link names."""
    return deals[(deals["release"] == link.release) & (deals["supplier"] == link.supplier)
                 & (deals["recipient"] == link.recipient)
                 & (deals["designation"] == link.designation)
                 & (deals["order_year"] == link.order_year)]


def ids_for(links: Sequence[RegisterLink], event_id: str, deals: pd.DataFrame | None
            ) -> list[tuple[int, str]]:
    """(deal id, why) of every deal the links give an event, in file order."""
    if deals is None or deals.empty:
        return []
    out: list[tuple[int, str]] = []
    for link in links:
        if link.event_id == event_id:
            out += [(int(i), link.why) for i in matching_rows(link, deals)["deal_id"]]
    return out
