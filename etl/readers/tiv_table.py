"""SIPRI's TIV tables: one row per country, one column per year, then summary columns.

The first header cell names what the rows are (`Recipient`, `Exports by`, `Supplier`,
or nothing); total rows (`Total world import`, `Total exports from X`, ...) say which
side the table is and which country a partner table is restricted to. `0 ` means below
0.5, an empty cell means none; a year column empty in every row is not yet published and
is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

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
from etl.readers.coverage import ALL, Coverage, of_table
from etl.readers.preamble import (
    GENERATED_RE,
    SUMMARY,
    FormatError,
    Preamble,
    checked_stamp,
    detect_format,
    parse_generated,
    read_preamble,
)
from etl.schema import TABLE_TIV_MAX, YEAR_RANGE

FORMAT = "tiv_table"
ROW_SIDE = {"recipient": "imports", "importsby": "imports", "importer": "imports",
            "exportsby": "exports", "supplier": "exports", "exporter": "exports"}
TOTAL = re.compile(r"^total\s+(?:world\s+)?(?P<what>imports?|exports?)"
                   r"(?:\s+(?P<dir>from|to|by)\s+(?P<scope>.+?))?\s*$", re.IGNORECASE)


def read(text: str, source: str, encoding: str = "utf-8") -> Parsed:
    """Parse a TIV table's text into long rows (side, scope, country, is_total, year, tiv)."""
    pre = read_preamble(text, source, encoding)
    return read_preamble_rows(pre, ends_truncated(text))


def read_preamble_rows(pre: Preamble, truncated_tail: bool) -> Parsed:
    """Parse the body of a decoded TIV table file: one table, or several one after another
    (each with its own preamble, header and closing total row; an empty one with neither
    rows nor total row)."""
    if pre.format != FORMAT:
        raise FormatError(f"{pre.source}: expected a TIV table, found the {pre.format} format")
    spans = table_spans(pre)
    parts = [_table(replace(pre, header_index=head, lines=pre.lines[:stop]),
                    truncated_tail and stop == len(pre.lines)) for head, stop in spans]
    tables = [p for p in parts if p.rows_read]
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    coverage = _file_coverage([(str(t.frame["side"].iat[0]), str(t.frame["scope"].iat[0]))
                               for t in tables if len(t.frame)])
    return Parsed(
        source=pre.source, format=FORMAT, release=pre.release,
        generated_at=pre.generated.isoformat(), frame=frame,
        rows_read=sum(p.rows_read for p in parts), rows_kept=sum(p.rows_kept for p in parts),
        rejects=[r for p in parts for r in p.rejects],
        ignored_columns=sorted({c for p in parts for c in p.ignored_columns}),
        encoding=pre.encoding, coverage=coverage, repairs=list(pre.repairs),
        tables=[{"line": head + 1, "rows": p.rows_read, "empty": not p.rows_read}
                for (head, _), p in zip(spans, parts, strict=True)])


def _file_coverage(tables: list[tuple[str, str]]) -> Coverage:
    """A file's coverage from its tables' (side, scope): the world if one table is."""
    if not tables or any(not scope for _, scope in tables):
        return Coverage()
    exports = sorted({s for side, s in tables if side == "exports"})
    imports = sorted({s for side, s in tables if side == "imports"})
    return Coverage(suppliers=", ".join(exports) or ALL, recipients=", ".join(imports) or ALL)


def table_spans(pre: Preamble) -> list[tuple[int, int]]:
    """(header line index, end index) of each table in the file. A table ends at its total
    row where another table follows; the lines between are the next table's preamble,
    which must carry the same 'Data generated' stamp. A table followed by another without
    a total row must have no rows (a country with no transfers)."""
    lines = pre.lines
    heads = [pre.header_index] + [i for i in range(pre.header_index + 1, len(lines))
                                  if _is_table_header(lines[i])]
    spans = []
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        if following is None:
            spans.append((head, len(lines)))
            continue
        between = lines[head + 1:following]
        total = next((k for k, line in enumerate(between)
                      if is_total_row(_first_cell(line))), None)
        preamble = between[total + 1:] if total is not None else between
        _check_next_preamble(pre, head + 2 + (total if total is not None else -1),
                             preamble, following)
        spans.append((head, head + 2 + total if total is not None else head + 1))
    return spans


def _check_next_preamble(pre: Preamble, first: int, lines: list[str], header: int) -> None:
    """The lines before a following table's header are its preamble: a 'Data generated'
    stamp of the same release and no data row."""
    stamps = [(first + k, m) for k, line in enumerate(lines)
              if (m := GENERATED_RE.match(line)) is not None]
    if not stamps:
        raise FormatError(f"{pre.source}: line {header + 1}: a further table without its own "
                          "'Data generated' line (or the table before has rows but no total "
                          "row)")
    line_no, match = stamps[-1]
    stamp = checked_stamp(parse_generated(match["stamp"], pre.source, line_no + 1),
                          pre.source, line_no + 1)
    if stamp.date() != pre.generated.date():
        raise FormatError(f"{pre.source}: line {line_no + 1}: a further table of release "
                          f"{stamp.date().isoformat()} in a file of release {pre.release}; "
                          "give each release its own file")
    for k, line in enumerate(lines):
        if _looks_like_row(line):
            where = ("after the table's end, before the next table's preamble (a total row "
                     "missing?)" if first + k < stamps[0][0] else
                     "in a table's preamble (its header line unreadable?)")
            raise FormatError(f"{pre.source}: line {first + k + 1}: a table row {where}")


def _looks_like_row(line: str) -> bool:
    """A line shaped like a country row: a name, then numeric or empty cells only."""
    cells = split_cells(line) if line.strip() else []
    return len(cells) > 2 and bool(cells[0].strip()) and all(
        re.fullmatch(r"\s*(\d+(\.\d*)?\s*%?)?\s*", c) for c in cells[1:])


def _is_table_header(line: str) -> bool:
    """A further TIV table's header: the first cell names the rows (or is empty), then
    ascending year columns."""
    if detect_format(line) != FORMAT:
        return False
    years = [int(c) for c in split_cells(line)[1:] if re.fullmatch(r"\s*\d{4}\s*", c)]
    return len(years) >= 1 and years == sorted(set(years))


def _first_cell(line: str) -> str:
    """The first cell of a line (quoted or not)."""
    return split_cells(line)[0] if line.strip() else ""


def _table(pre: Preamble, truncated_tail: bool) -> Parsed:
    """One table of a file: its rows in long form with its side and scope."""
    header = split_cells(pre.header)
    years = year_columns(header, 1, pre)
    ignored = [c for i, c in enumerate(header[1:], 1)
               if i not in years and not SUMMARY.match(c.strip())]
    body = body_rows(pre, len(header), truncated_tail)
    errors = body.errors(pre.source)
    frame = _long(body.columns, years, header, errors)
    if body.rows:
        side, scope = table_side(header[0], body.columns[0].to_pylist(), pre)
    else:
        side, scope = ROW_SIDE.get(norm_header(header[0]), "imports"), ""
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
