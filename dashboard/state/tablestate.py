"""The view a `/tables` URL describes: parse a query string into a `TableView`, serialise it.

Pure (see `dashboard.state.scope`); `parse(serialise(v)) == v`. Keys: the scope's `side`,
`release`, `years`, `cat`; `country` (empty: every importer or exporter, SIPRI's world
table; a name: that country's partners; a SIPRI region, subregion or grouping: the area's
partners, as SIPRI's regional table), `rows` (the world table's rows: `countries`, the
default, or SIPRI's `regions`, `subregions` or `groupings`), `by` (`year` or `period`,
SIPRI's fixed five-year periods 2000–04, 2005–09, ...; default `year` for the world table,
`period` for a country), `sort` (`total`, `name`, or a column: `2023`, `2020-2024`) and
`order` (`desc`/`asc`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from dashboard.state import queryvalues as qv
from dashboard.state import scope as sc
from dashboard.state.queryvalues import shown

BY = ("year", "period")
ROWS = ("countries", "regions", "subregions", "groupings")
ORDERS = ("desc", "asc")
SORT_RE = re.compile(r"total|name|\d{4}(-\d{4})?")


@dataclass(frozen=True)
class TableView:
    """A complete, valid /tables view."""

    scope: sc.Scope
    country: str | None = None
    by: str = "year"
    sort: str = "total"
    order: str = "desc"
    rows: str = "countries"  # the world table's rows: countries or one kind of area

    @property
    def area_kind(self) -> str | None:
        """'region', 'subregion' or 'grouping' when the rows are areas, else None."""
        return None if self.rows == "countries" else self.rows.removesuffix("s")


@dataclass(frozen=True)
class ParsedTable:
    """A parsed view and the notices about values replaced by defaults."""

    view: TableView
    notices: tuple[str, ...] = ()


def parse_search(search: str, choices: sc.ViewChoices, areas: sc.Areas | None = None
                 ) -> ParsedTable:
    """Parse a `?a=b` query string (leading '?' optional)."""
    return parse(sc.query_of(search), choices, areas)


def parse(query: Mapping[str, object], choices: sc.ViewChoices, areas: sc.Areas | None = None
          ) -> ParsedTable:
    """Resolve query values into a valid TableView with notices; `areas`: the regions,
    subregions and groupings of each release (any area name is taken if not given)."""
    notes: list[str] = []
    scope = sc.parse_scope(query, choices, notes)
    known = None if areas is None else areas.get(scope.release, ())
    country = _country(qv.one(query, "country", notes), choices, known, notes)
    by_text = qv.one(query, "by", notes)
    by = (qv.enum(by_text, BY, "table columns", notes) if by_text and by_text.strip()
          else ("period" if country else "year"))
    sort = _sort(qv.one(query, "sort", notes), notes)
    order = qv.enum(qv.one(query, "order", notes), ORDERS, "order", notes)
    rows_text = qv.one(query, "rows", notes)
    rows = qv.enum(rows_text if rows_text and rows_text.strip() else None, ROWS,
                   "table rows", notes)
    if country and rows != "countries":
        notes.append(f"A country's or region's table lists its partners: rows={rows} not "
                     f"used (clear the country for the table of {rows}).")
        rows = "countries"
    return ParsedTable(TableView(scope, country, by, sort, order, rows), tuple(notes))


def serialise(view: TableView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs = sc.scope_pairs(view.scope)
    if view.country:
        pairs.append(("country", view.country))
    if view.rows != "countries":
        pairs.append(("rows", view.rows))
    pairs += [("by", view.by), ("sort", view.sort), ("order", view.order)]
    return "?" + urlencode(pairs)


def periods_href(scope: sc.Scope, country: str) -> str:
    """The address of a country's partners by SIPRI's fixed five-year periods (shares and
    ranks of each partner in one table and chart)."""
    return "/tables" + serialise(TableView(scope, country, "period"))


def partners_hrefs(view: TableView, names: list[str]) -> list[str]:
    """The address of each row's own table (a country's or an area's partners by
    five-year period) from a world table, in the same scope."""
    base = TableView(view.scope, None, "period")
    return ["/tables" + serialise(replace(base, country=name)) for name in names]


def _country(text: str | None, choices: sc.ViewChoices, areas: Container[str] | None,
             notes: list[str]) -> str | None:
    """The entity or area (`queryvalues.country_or_area`) the text names, or None."""
    if text is None or not text.strip():
        return None
    found = qv.country_or_area(choices, text)
    if found is not None and areas is not None and found == choices.area(text) \
            and found not in areas:
        notes.append(f"{shown(text)} is no region or grouping of this release: showing "
                     "every country.")
        return None
    if found is None:
        notes.append(f"Unknown country or region {shown(text)}: showing every country.")
    return found


def _sort(text: str | None, notes: list[str]) -> str:
    if text is None or not text.strip():
        return "total"
    value = text.strip().lower()
    if SORT_RE.fullmatch(value):
        return value
    notes.append(f"Unknown sort {shown(text)}: sorted by total.")
    return "total"


def sort_key(sort: str) -> str:
    """The table field a sort value names: 'total', 'name', 'y2023' or 'p2020_2024'."""
    if sort in ("total", "name"):
        return sort
    first, _, last = sort.partition("-")
    return f"y{first}" if not last or last == first else f"p{first}_{last}"


def sort_value(field: str) -> str | None:
    """The sort value of a table field (inverse of `sort_key`); None for other fields."""
    if field in ("total", "name"):
        return field
    if re.fullmatch(r"y\d{4}", field):
        return field[1:]
    found = re.fullmatch(r"p(\d{4})_(\d{4})", field)
    return f"{found[1]}-{found[2]}" if found else None
