"""Read one export file of any supported format, detected from its content."""

from __future__ import annotations

from pathlib import Path

from etl.readers import by_year, tiv_table
from etl.readers.api import decode_api_answer, looks_like_api_answer
from etl.readers.cells import Parsed, ends_truncated
from etl.readers.preamble import FormatError, decode, read_preamble


def read_text(data: bytes, source: str) -> tuple[str, str]:
    """The export's text and its encoding; a backend JSON answer is unwrapped first."""
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
    truncated = ends_truncated(text)
    if pre.format == "by_year":
        return by_year.read_preamble_rows(pre, truncated)
    if pre.format == "tiv_table":
        return tiv_table.read_preamble_rows(pre, truncated)
    if pre.format == "classic":
        from etl.readers import classic

        return classic.read_preamble_rows(pre, truncated)
    raise FormatError(f"{source}: unsupported format {pre.format}")
