"""Spreadsheet workbooks (.xlsx, .xls, .ods) an analyst saved an export as.

The one sheet that holds cells is written back as the comma-separated text SIPRI exports
(sheet row N is line N, so errors name the row), and read like any other export. A
spreadsheet turns the numbers it recognises into numbers (2021 into 2021.0); they are
written back as SIPRI writes them. A cell the spreadsheet turned into a date or a
true/false value cannot be told back exactly, so the file is refused naming that cell.
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import numpy as np
from python_calamine import CalamineError, CalamineWorkbook

from etl.readers.preamble import FormatError, detect_cells, quoted

ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .ods are zip archives
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls


def looks_like_workbook(data: bytes) -> bool:
    """True for the bytes of a zip archive or an old binary workbook."""
    return data.startswith((ZIP_MAGIC, OLE_MAGIC))


def workbook_text(data: bytes, source: str) -> str:
    """The text of the workbook's one sheet with cells, as SIPRI's comma-separated lines."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in workbook.sheet_names]
    except (CalamineError, ValueError, OSError) as err:
        raise FormatError(f"{source}: not a readable workbook ({err})") from None
    filled = [(name, rows) for name, rows in sheets if any(any(row) for row in rows)]
    if not filled:
        raise FormatError(f"{source}: the workbook has no cells")
    if len(filled) > 1:
        names = ", ".join(repr(name) for name, _ in filled)
        raise FormatError(f"{source}: the workbook has {len(filled)} sheets with cells "
                          f"({names}); save the SIPRI export's sheet on its own")
    name, rows = filled[0]
    lines, width = [], 0  # width: the header's of the table a row is in
    for r, row in enumerate(rows):
        cells = [cell_text(value, source, name, r, c) for c, value in enumerate(row)]
        if detect_cells([c.strip().strip('"') for c in cells]) is not None:
            width = len(trimmed(cells))
        lines.append(",".join(line_cells(cells, width)))
    return "".join(line + "\n" for line in lines)


def line_cells(cells: list[str], width: int) -> list[str]:
    """A row's cells as SIPRI writes its line. A sheet is as wide as its widest row and
    keeps no empty cells at a row's end: a row of one cell is a line of text (SIPRI lists
    no country without a figure), any other is made as wide as its table's header again."""
    filled = trimmed(cells)
    if len(filled) <= 1:
        return filled
    return filled + [""] * (width - len(filled))


def trimmed(cells: list[str]) -> list[str]:
    """The cells without the empty ones at the end."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def cell_text(value: object, source: str, sheet: str, row: int, column: int) -> str:
    """One cell as SIPRI writes it: whole numbers without a decimal point, others in the
    fewest digits that give the same number back, text quoted where it holds a comma."""
    if isinstance(value, bool | date | time | timedelta):
        raise FormatError(
            f"{source}: sheet {sheet!r} cell {cell_name(row, column)}: the spreadsheet "
            f"turned this cell into {_kind(value)} ({value}); SIPRI's cell cannot be "
            "told back exactly: save the column as text, or use SIPRI's CSV")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return np.format_float_positional(value, trim="-")
    return quoted(str(value))


def cell_name(row: int, column: int) -> str:
    """A spreadsheet's name for a cell from 0-based indices: (0, 0) is A1, (4, 27) AB5."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _kind(value: object) -> str:
    """What a spreadsheet turned a cell into, in words."""
    return "a true/false value" if isinstance(value, bool) else "a date or time"
