"""Read one export file of any supported format, detected from its content.

A file whose rows cannot all be read raises FormatError naming the file, line and column
of the first problem; only exact duplicate rows are left out (and reported).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from etl.readers import by_year, classic, regional, tiv_table
from etl.readers.api import decode_api_answer, looks_like_api_answer
from etl.readers.cells import Parsed, ends_truncated, fatal
from etl.readers.preamble import FormatError, Preamble, decode, read_preamble
from etl.readers.workbook import looks_like_workbook, workbook_text

READERS: dict[str, Callable[[Preamble, bool], Parsed]] = {
    "by_year": by_year.read_preamble_rows,
    "classic": classic.read_preamble_rows,
    "regional": regional.read_preamble_rows,
    "tiv_table": tiv_table.read_preamble_rows,
}


def read_text(data: bytes, source: str) -> tuple[str, str]:
    """The export's text and its encoding; a backend JSON answer is unwrapped first, and
    a spreadsheet workbook's sheet written back as SIPRI's comma-separated text."""
    if looks_like_workbook(data):
        return workbook_text(data, source), "workbook"
    if looks_like_api_answer(data):
        return decode_api_answer(data, source), "json"
    return decode(data, source)


def read_export(path: Path, source: str | None = None) -> Parsed:
    """Parse one export file; FormatError names the file, line and column on bad input."""
    name = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FormatError(f"{name}: cannot read: {err.strerror}") from None
    return parse_export(data, name)


def parse_export(data: bytes, source: str) -> Parsed:
    """Parse an export given as bytes."""
    text, encoding = read_text(data, source)
    pre = read_preamble(text, source, encoding)
    reader = READERS.get(pre.format)
    if reader is None:
        raise FormatError(f"{source}: unsupported format {pre.format}")
    parsed = reader(pre, ends_truncated(text))
    problem = fatal(parsed.rejects)
    if problem is not None:
        raise FormatError(problem)
    return parsed
