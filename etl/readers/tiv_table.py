"""SIPRI's TIV tables: one row per country, one column per year, then summary columns.

The first header cell names what the rows are (`Recipient`, `Exports by`, `Supplier`,
or nothing); total rows (`Total world import`, `Total exports from X`, ...) say which
side the table is and which country a partner table is restricted to. `0 ` means below
0.5, an empty cell means none; a year column empty in every row is not yet published and
is dropped.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.readers.cells import (
    CellErrors,
    Parsed,
    body_rows,
    ends_truncated,
    norm_header,
    parse_number,
    parse_text,
    parsed_table,
    split_cells,
)
from etl.readers.coverage import of_table
from etl.readers.preamble import FormatError, Preamble, read_preamble
from etl.schema import TABLE_TIV_MAX, YEAR_RANGE

FORMAT = "tiv_table"
ROW_SIDE = {"recipient": "imports", "importsby": "imports", "importer": "imports",
            "exportsby": "exports", "supplier": "exports", "exporter": "exports"}
SUMMARY = re.compile(r"^(\d{4}\s*-\s*\d{4}|percentage|percentage of total|sum total years"
                     r"|total)$", re.IGNORECASE)
TOTAL = re.compile(r"^total\s+(?:world\s+)?(?P<what>imports?|exports?)"
                   r"(?:\s+(?P<dir>from|to|by)\s+(?P<scope>.+?))?\s*$", re.IGNORECASE)


def read(text: str, source: str, encoding: str = "utf-8") -> Parsed:
    """Parse a TIV table's text into long rows (side, scope, country, is_total, year, tiv)."""
    pre = read_preamble(text, source, encoding)
    return read_preamble_rows(pre, ends_truncated(text))


def read_preamble_rows(pre: Preamble, truncated_tail: bool) -> Parsed:
    """Parse the body of a decoded TIV table."""
    if pre.format != FORMAT:
        raise FormatError(f"{pre.source}: expected a TIV table, found the {pre.format} format")
    header = split_cells(pre.header)
    years = year_columns(header, 1, pre)
    ignored = [c for i, c in enumerate(header[1:], 1)
               if i not in years and not SUMMARY.match(c.strip())]
    body = body_rows(pre, len(header), truncated_tail)
    side, scope = table_side(header[0], body.columns[0].to_pylist(), pre)
    errors = body.errors(pre.source)
    frame = _long(body.columns, years, header, errors)
    frame.insert(0, "scope", scope)
    frame.insert(0, "side", side)
    return parsed_table(pre, FORMAT, frame, body, errors, ignored, of_table(side, scope))


def year_columns(header: list[str], first: int, pre: Preamble) -> dict[int, int]:
    """Column index -> year of the header's year columns (from column `first` on); a year
    outside the declared range fails with the header's line."""
    years = {i: int(c.strip()) for i, c in enumerate(header)
             if i >= first and re.fullmatch(r"\d{4}", c.strip())}
    far = sorted(y for y in years.values() if not YEAR_RANGE[0] <= y <= YEAR_RANGE[1])
    if far:
        raise FormatError(f"{pre.source}: line {pre.header_index + 1}: year column {far[0]} "
                          f"outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}")
    return years


def table_side(first_cell: str, countries: list[str], pre: Preamble) -> tuple[str, str]:
    """(side, scope) from the total rows, else from the first header cell."""
    for name in countries:
        match = TOTAL.match(name.strip())
        if not match:
            continue
        what = match["what"].lower()
        if match["scope"] is None:
            return ("imports" if what.startswith("import") else "exports"), ""
        scope = match["scope"].strip()
        exports_from = what.startswith("export") and match["dir"].lower() in ("from", "by")
        imports_to = what.startswith("import") and match["dir"].lower() in ("to", "by")
        if exports_from:
            return "exports", scope
        if imports_to:
            return "imports", scope
        return ("imports" if what.startswith("export") else "exports"), scope
    side = ROW_SIDE.get(norm_header(first_cell))
    if side is None:
        raise FormatError(
            f"{pre.source}: line {pre.header_index + 1}: cannot tell imports from exports: "
            f"first header cell {first_cell!r} and no total row"
        )
    return side, ""


def is_total_row(name: str) -> bool:
    """A total row such as 'Total world import' or 'Total exports from China'."""
    return TOTAL.match(name.strip()) is not None


def _long(raw: list[pa.Array], years: dict[int, int], header: list[str],
          errors: CellErrors) -> pd.DataFrame:
    """One row per country and published year; rows with a bad cell are rejected."""
    first = header[0] or "first column"
    country = parse_text(raw[0], first, errors)
    seen: set[str] = set()
    twice = np.zeros(len(country), dtype=bool)
    for i, name in enumerate(country):
        twice[i] = name in seen
        seen.add(name)
    errors.add(twice, first, "country listed twice", raw[0])
    values = {y: parse_number(raw[i], header[i].strip(), errors, TABLE_TIV_MAX)
              for i, y in years.items()}
    keep = errors.keep_mask()
    lines = np.asarray(errors.line_nos, dtype="int64")[keep]
    published = [y for y, v in values.items() if (~np.isnan(v[keep])).any()]
    parts = [pd.DataFrame({"country": country[keep], "year": np.int32(y),
                           "tiv": values[y][keep], "line": lines}) for y in published]
    empty = {"country": pd.Series(dtype=object), "year": pd.Series(dtype="int32"),
             "tiv": pd.Series(dtype="float64"), "line": pd.Series(dtype="int64")}
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(empty)
    frame["is_total"] = np.array([is_total_row(c) for c in frame["country"]], dtype=bool)
    frame["year"] = frame["year"].astype("int32")
    return frame[["country", "is_total", "year", "tiv", "line"]]
