"""Checks on what the backend answered, and the merge of answers split into year ranges.

`check_answer` accepts an export only if it is the expected SIPRI format with a release
stamp, every row as wide as the header, and its years inside the range asked for.
`merge_parts` joins the answers for consecutive year ranges into the file one request
for the whole range would have given, checking the seams: no deal-year (by_year) or
deal (classic) may appear in two parts, and every row must lie inside its part's range.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass

from etl.fetch.sipri_api import BY_YEAR, CLASSIC, Query, order_year_floor
from etl.readers.preamble import FormatError, Preamble, decode, read_preamble

DEAL_ID = "SIPRI AT Database ID"
DELIVERY_YEAR = "Delivery year"
ORDER_YEAR = "Year of order"
TIV_SIDES = {"imports": ("Recipient", "Imports by", ""), "exports": ("Exports by", "Supplier")}
TITLE_RANGE = re.compile(r"year range '(\d{4}|Not specified)' to '(\d{4}|Not specified)'")


class SeamError(FormatError):
    """Answers for consecutive year ranges overlap or leave rows outside their range."""


@dataclass(frozen=True)
class Answer:
    """A checked export: its bytes, preamble, data rows, and the year range asked for."""

    data: bytes
    preamble: Preamble
    rows: tuple[tuple[int, str], ...]
    first: int
    last: int

    @property
    def header(self) -> list[str]:
        return cells(self.preamble.header)


def cells(line: str) -> list[str]:
    """The cells of one CSV line."""
    return next(csv.reader([line]), [])


def check_answer(data: bytes, query: Query, source: str, first: int, last: int,
                 max_year: int) -> Answer:
    """Accept `data` as the answer to `query` for first..last, or raise FormatError."""
    text, encoding = decode(data, source)
    pre = read_preamble(text, source, encoding)
    if pre.format != query.format:
        raise FormatError(f"{source}: expected SIPRI's {query.format} format, the answer is "
                          f"{pre.format} (header: {pre.header[:60]!r})")
    header = cells(pre.header)
    _check_side(header, query, source)
    rows = tuple((i + 1, line) for i, line in enumerate(pre.lines)
                 if i > pre.header_index and line.strip())
    for line_no, line in rows:
        width = len(cells(line))
        if width != len(header):
            raise FormatError(f"{source}: line {line_no}: {width} cells where the header has "
                              f"{len(header)}: the answer is cut off or malformed")
    answer = Answer(data, pre, rows, first, last)
    _check_years(answer, query, source, max_year)
    if query.format == "tiv_table" and not any(
            cells(line)[0].startswith("Total") for _, line in rows):
        raise FormatError(f"{source}: the TIV table has no 'Total' row: the answer is cut off")
    return answer


def _check_side(header: list[str], query: Query, source: str) -> None:
    """A TIV table must be the one asked for: by recipient or by supplier."""
    if query.side is None:
        return
    first = header[0].strip() if header else ""
    if first not in TIV_SIDES[query.side]:
        raise FormatError(f"{source}: expected the TIV table of {query.side}, the header "
                          f"starts with {first!r}")


def _check_years(answer: Answer, query: Query, source: str, max_year: int) -> None:
    """Every row's year must lie in the range asked for (by_year: delivery, classic: order)."""
    if query.name == BY_YEAR:
        column, low, high = DELIVERY_YEAR, answer.first, answer.last
    elif query.name == CLASSIC:
        column, low, high = ORDER_YEAR, order_year_floor(query, answer.first), answer.last
    else:
        return
    index = _column(answer, column, source)
    high = min(high, max_year)
    for line_no, line in answer.rows:
        value = cells(line)[index].strip()
        if not value.isdigit() or not low <= int(value) <= high:
            raise SeamError(f"{source}: line {line_no}: {column} {value!r} is outside the "
                            f"years asked for ({low}-{high})")


def _column(answer: Answer, name: str, source: str) -> int:
    """The index of a header cell, or FormatError naming it."""
    header = [c.strip() for c in answer.header]
    if name not in header:
        raise FormatError(f"{source}: no {name!r} column in the header")
    return header.index(name)


def row_key(answer: Answer, line: str, query: Query) -> tuple[str, ...]:
    """What identifies a row across parts: (deal id, delivery year) or the whole deal row."""
    row = [c.strip() for c in cells(line)]
    if query.name == BY_YEAR:
        deal = row[_column(answer, DEAL_ID, query.name)]
        if deal:
            return (deal, row[_column(answer, DELIVERY_YEAR, query.name)])
    return tuple(row)


def merge_parts(parts: list[Answer], query: Query) -> bytes:
    """The answers for consecutive year ranges as one export file; SeamError on overlap."""
    if not parts:
        raise SeamError(f"{query.name}: nothing to merge")
    first = parts[0]
    for part in parts[1:]:
        if part.header != first.header:
            raise SeamError(f"{query.name}: the answer for {part.first}-{part.last} has "
                            f"another header than the one for {first.first}-{first.last}")
        if part.preamble.release != first.preamble.release:
            raise SeamError(f"{query.name}: the answers carry different releases "
                            f"({first.preamble.release}, {part.preamble.release})")
    for before, after in itertools.pairwise(parts):
        if after.first != before.last + 1:
            raise SeamError(f"{query.name}: the parts {before.first}-{before.last} and "
                            f"{after.first}-{after.last} leave a gap or overlap")
    seen: dict[tuple[str, ...], Answer] = {}
    for part in parts:
        keys = {row_key(part, line, query) for _, line in part.rows}
        for key in keys:
            if key in seen:
                raise SeamError(f"{query.name}: {_describe(key, query)} is in the answers for "
                                f"both {seen[key].first}-{seen[key].last} and "
                                f"{part.first}-{part.last}")
            seen[key] = part
    lines = first.preamble.lines[: first.preamble.header_index + 1]
    lines = [_retitle(lines[0], parts[0].first, parts[-1].last), *lines[1:]]
    lines += [line for part in parts for _, line in part.rows]
    if not any(part.rows for part in parts):
        raise SeamError(f"{query.name}: the answers hold no rows at all")
    return ("\n".join(lines) + "\n").encode(_encoding(parts, query))


def _describe(key: tuple[str, ...], query: Query) -> str:
    """A row key in words, for a seam error."""
    if query.name == BY_YEAR and len(key) == 2:
        return f"deal {key[0]} delivery year {key[1]}"
    return f"the row {','.join(key)[:80]!r}"


def _retitle(title: str, first: int, last: int) -> str:
    """The title line of a merged file names the whole year range, as one answer would."""
    if not TITLE_RANGE.search(title):
        return title
    return TITLE_RANGE.sub(f"year range '{first}' to '{last}'", title, count=1)


def _encoding(parts: list[Answer], query: Query) -> str:
    """One encoding for the merged file: the parts' own (pure ASCII fits either)."""
    found = {p.preamble.encoding for p in parts if not p.data.isascii()}
    if len(found) > 1:
        raise SeamError(f"{query.name}: the answers use different encodings {sorted(found)}")
    return found.pop() if found else parts[0].preamble.encoding
