"""SIPRI's backend API as public clients use it: endpoints, request bodies, what to fetch.

Pure: builds the JSON bodies the backend expects (`{"filters": [...], "logic": "AND"}`)
and the list of queries a full download is made of. The HTTP side is `etl.fetch.client`; the
download itself is `etl.fetch.run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_BASE_URL = "https://atbackend.sipri.org/api/p"
FIRST_YEAR = 1950
MAX_YEAR_PATH = "/trades/getMaxYear"
REGISTER_PATH = "/trades/trade-register-csv/"
TIV_PATH = "/trades/import-export-csv/"

DELIVERY_YEAR = "Delivery year"
ORDER_YEAR = "Order year"
YEAR_RANGE = "Year range 1"

Body = dict[str, Any]


def year_filter(field: str, first: int, last: int) -> dict[str, Any]:
    """A `contains` filter on a year range, e.g. deliveries 1950 to 2025."""
    return {"field": field, "oldField": "", "condition": "contains",
            "value1": first, "value2": last, "listData": []}


def flag_filter(field: str, value1: str = "") -> dict[str, Any]:
    """A filter that switches an option on (`opendeals`, `exportOption`, ...)."""
    return {"field": field, "oldField": "", "condition": "",
            "value1": value1, "value2": "", "listData": []}


def body(*filters: dict[str, Any]) -> Body:
    """The request body: all filters joined with AND."""
    return {"filters": list(filters), "logic": "AND"}


def register_body(first: int, last: int, *, by_year: bool, order_first: int = 0,
                  order_last: int | None = None) -> Body:
    """The trade register for deliveries first..last, with open deals; one row per
    delivery year where `by_year` (the `exportOption` filter)."""
    filters = [year_filter(DELIVERY_YEAR, first, last),
               year_filter(ORDER_YEAR, order_first, last if order_last is None else order_last),
               flag_filter("opendeals")]
    if by_year:
        filters.append(flag_filter("exportOption"))
    return body(*filters)


def tiv_body(first: int, last: int, *, by_supplier: bool) -> Body:
    """The TIV table of deliveries first..last, by recipient or (`orderbyseller`) by supplier."""
    filters = [year_filter(YEAR_RANGE, first, last),
               flag_filter("DeliveryType", "delivered"),
               flag_filter("Status", "0")]
    if by_supplier:
        filters.append(flag_filter("orderbyseller"))
    return body(*filters)


@dataclass(frozen=True)
class Query:
    """One download: which endpoint, which years, what format the answer must have.

    `split_on` names the year filter a range can be split on when the backend cannot
    answer it in one go (None: never split).
    """

    name: str
    title: str
    path: str
    format: str
    first: int
    last: int
    split_on: str | None = None
    side: str | None = None

    def stem(self, first: int | None = None, last: int | None = None) -> str:
        """The file name (without extension) for this query or one year range of it."""
        a, b = self._range(first, last)
        return f"{self.name}_{a}-{b}"

    def body(self, first: int | None = None, last: int | None = None) -> Body:
        """The request body for the whole query or for one year range of it."""
        a, b = self._range(first, last)
        if self.name == BY_YEAR:
            return register_body(a, b, by_year=True, order_last=self.last)
        if self.name == CLASSIC:
            return register_body(self.first, self.last, by_year=False,
                                 order_first=order_year_floor(self, a), order_last=b)
        return tiv_body(a, b, by_supplier=self.side == "exports")

    def _range(self, first: int | None, last: int | None) -> tuple[int, int]:
        """The given year range, defaulting to the query's own."""
        return (self.first if first is None else first, self.last if last is None else last)


BY_YEAR = "trade-register-by-delivery-year"
CLASSIC = "trade-register"
TIV_IMPORTS = "tiv-imports"
TIV_EXPORTS = "tiv-exports"


def order_year_floor(query: Query, first: int) -> int:
    """The classic register splits on order year; its first range takes every older order."""
    return 0 if first == query.first else first


def plan(first: int, last: int) -> list[Query]:
    """Everything a release is fetched as, in the order it is fetched."""
    return [
        Query(BY_YEAR, "register by delivery year", REGISTER_PATH, "by_year", first, last,
              split_on=DELIVERY_YEAR),
        Query(CLASSIC, "trade register with open deals", REGISTER_PATH, "classic", first, last,
              split_on=ORDER_YEAR),
        Query(TIV_IMPORTS, "TIV table by recipient", TIV_PATH, "tiv_table", first, last,
              side="imports"),
        Query(TIV_EXPORTS, "TIV table by supplier", TIV_PATH, "tiv_table", first, last,
              side="exports"),
    ]


def spans(first: int, last: int, max_span: int | None) -> list[tuple[int, int]]:
    """Cut first..last into consecutive ranges of at most max_span years."""
    if max_span is None or max_span <= 0 or last - first + 1 <= max_span:
        return [(first, last)]
    return [(a, min(a + max_span - 1, last)) for a in range(first, last + 1, max_span)]


def halves(first: int, last: int) -> list[tuple[int, int]]:
    """Split a year range in two; a single year cannot be split."""
    if first >= last:
        return [(first, last)]
    mid = (first + last) // 2
    return [(first, mid), (mid + 1, last)]
