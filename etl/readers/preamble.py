"""What every SIPRI export shares: encoding, line ends, the preamble and its release stamp.

SIPRI writes cp1252; files re-saved or passed through other tools come as UTF-8, with a
BOM, CRLF line ends or a `;` appended to every line. `decode` and `split_lines` undo
those; `find_header` locates the table's header line after the preamble, and
`generated_at` reads the "Data generated" stamp that names the release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etl.readers.coverage import Coverage, from_first_line

CLASSIC_FIRST = "Recipient,Supplier,Year of order"
BY_YEAR_FIRST = "SIPRI AT Database ID,"
TIV_FIRST_CELLS = ("Recipient", "Exports by", "Supplier", "Imports by", "")
GENERATED_RE = re.compile(r"^\s*Data generated:\s*(?P<stamp>.+?)\s*;?\s*$")
MAX_PREAMBLE = 40


class FormatError(ValueError):
    """The input is not a SIPRI export we can read; the message names file and line."""


@dataclass(frozen=True)
class Preamble:
    """The lines of a decoded export, where its header is, and its release stamp."""

    source: str
    lines: list[str]
    header_index: int
    format: str
    generated: datetime
    encoding: str
    coverage: Coverage | None = None

    @property
    def release(self) -> str:
        """The release as an ISO date, e.g. '2026-02-12'."""
        return self.generated.date().isoformat()

    @property
    def header(self) -> str:
        return self.lines[self.header_index]


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM dropped) where valid, else as SIPRI's cp1252."""
    if not data.strip():
        raise FormatError(f"{source}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FormatError(
            f"{source}: line {line}: byte {data[err.start]:#04x} is neither UTF-8 nor cp1252"
        ) from None


def split_lines(text: str) -> list[str]:
    """Split on any line end and drop the `;` a spreadsheet re-save appends to each line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lines and _semicolon_terminated(lines):
        lines = [line[:-1] if line.endswith(";") else line for line in lines]
    return lines


def _semicolon_terminated(lines: list[str]) -> bool:
    """A re-saved file ends (nearly) every data line with ';'; SIPRI's own never does."""
    body = [line for line in lines[-50:] if line.strip()]
    return bool(body) and sum(line.endswith(";") for line in body) >= 0.9 * len(body)


def detect_format(header: str) -> str | None:
    """The export format a header line announces, or None."""
    cells = [c.strip().strip('"') for c in header.split(",")]
    if header.startswith(BY_YEAR_FIRST) or cells[:1] == ["SIPRI AT Database ID"]:
        return "by_year"
    if ",".join(cells[:3]) == CLASSIC_FIRST:
        return "classic"
    if cells[:2] == ["", ""] and any(re.fullmatch(r"\d{4}", c) for c in cells[2:]):
        return "regional"
    years = [c for c in cells[1:] if re.fullmatch(r"\d{4}", c)]
    if cells[0] in TIV_FIRST_CELLS and len(years) >= 1 and len(cells) >= 2:
        return "tiv_table"
    return None


def parse_generated(stamp: str, source: str, line_no: int) -> datetime:
    """Parse '18 May 2026 2:29:20 PM' (and a few near variants) into a datetime."""
    for fmt in ("%d %b %Y %I:%M:%S %p", "%d %B %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S",
                "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(stamp, fmt)
        except ValueError:
            continue
    raise FormatError(f"{source}: line {line_no}: unreadable 'Data generated' stamp {stamp!r}")


def read_preamble(text: str, source: str, encoding: str = "utf-8") -> Preamble:
    """Find the release stamp and the header line; raise FormatError if either is missing."""
    lines = split_lines(text)
    generated: datetime | None = None
    for i, line in enumerate(lines[:MAX_PREAMBLE]):
        match = GENERATED_RE.match(line)
        if match:
            generated = parse_generated(match["stamp"], source, i + 1)
            continue
        fmt = detect_format(line)
        if fmt is not None and (generated is not None or i > 0):
            if generated is None:
                raise FormatError(
                    f"{source}: no 'Data generated:' line before the header on line {i + 1};"
                    " the release cannot be told"
                )
            return Preamble(source, lines, i, fmt, generated, encoding,
                            from_first_line(lines[0]))
    raise FormatError(
        f"{source}: not a SIPRI export: no SIPRI header line in the first "
        f"{MAX_PREAMBLE} lines"
    )


def load_preamble(path: Path) -> Preamble:
    """Read a file from disk and return its decoded preamble."""
    text, encoding = decode(path.read_bytes(), str(path))
    return read_preamble(text, str(path), encoding)
