"""What every SIPRI export shares: encoding, line ends, the preamble and its release stamp.

SIPRI writes cp1252; files re-saved or passed through other tools come as UTF-8, with a
BOM, CRLF line ends or a `;` appended to every line. `decode`, `line_ends` and
`without_trailing_semicolons` undo those; `find_header` locates the table's header line
after the preamble, and `generated_at` reads the "Data generated" stamp that names the release.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from etl.readers.coverage import Coverage, from_first_line

CLASSIC_FIRST = "Recipient,Supplier,Year of order"
BY_YEAR_FIRST = "SIPRI AT Database ID,"
TIV_FIRST_CELLS = ("Recipient", "Exports by", "Supplier", "Imports by", "")
GENERATED_RE = re.compile(r'^\s*"?\s*Data generated:\s*(?P<stamp>[^",;]+?)\s*"?[\s,;]*$')
DELIMITERS = (";", "\t")  # besides SIPRI's comma: European and "Unicode text" saves
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
GROUPED = re.compile(r"^\s*-?\d{1,3}(\.\d{3})+\s*$")
FUTURE_GRACE = timedelta(days=2)  # time zones and a clock a little behind
MAX_PREAMBLE = 40
SUMMARY = re.compile(r"^(\d{4}\s*-\s*\d{4}|percentage|percentage of total|sum total years"
                     r"|total|%\s*of\s+regional\s+total)$", re.IGNORECASE)


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
    repairs: tuple[dict[str, object], ...] = ()  # unambiguous repairs of the whole file

    @property
    def release(self) -> str:
        """The release as an ISO date, e.g. '2026-02-12'."""
        return self.generated.date().isoformat()

    @property
    def header(self) -> str:
        return self.lines[self.header_index]


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes as UTF-16 where they say so (a BOM, or NUL bytes between ASCII
    characters), else UTF-8 (BOM dropped) where valid, else SIPRI's cp1252."""
    if not data.strip():
        raise FormatError(f"{source}: the file is empty")
    utf16 = "utf-16" if data.startswith(UTF16_BOMS) else _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as err:
            raise FormatError(f"{source}: byte {err.start}: not valid UTF-16 ({err.reason})"
                              ) from None
        if not text.strip():
            raise FormatError(f"{source}: the file is empty")
        return text, "utf-16"
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


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' where (nearly) every second byte of the start is NUL
    (ASCII text in UTF-16), else ''."""
    sample = data[:4000]
    if len(sample) < 8:
        return ""
    for codec, half in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if half.count(0) >= 0.9 * len(half):
            return codec
    return ""


def without_trailing_semicolons(lines: list[str]) -> list[str]:
    """The lines without the `;` a spreadsheet re-save appends to each of them."""
    if lines and _semicolon_terminated(lines):
        return [line[:-1] if line.endswith(";") else line for line in lines]
    return lines


def line_ends(text: str) -> list[str]:
    """The text's lines, whatever their line ends (a BOM at the start dropped)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def sniff_delimiter(lines: list[str]) -> str:
    """The cell separator of the file: ';' or a tab where a SIPRI header line splits on it,
    else SIPRI's comma."""
    for line in lines[:MAX_PREAMBLE]:
        for delimiter in DELIMITERS:
            if delimiter in line and detect_cells(_cells(line, delimiter)) is not None:
                return delimiter
    return ","


def to_commas(lines: list[str], delimiter: str, source: str) -> tuple[list[str], list[int]]:
    """Lines of another separator rewritten as SIPRI's comma-separated lines, decimal
    commas read as points; returns the lines and those where a decimal comma was read.
    A number grouped with points (1.306) in a file with decimal commas is ambiguous and
    fails with its line."""
    rows = list(csv.reader(lines, delimiter=delimiter))
    decimal = [i + 1 for i, row in enumerate(rows) if any(DECIMAL_COMMA.match(c) for c in row)]
    if decimal:
        for i, row in enumerate(rows):
            grouped = next((c for c in row if GROUPED.match(c)), None)
            if grouped is not None:
                raise FormatError(
                    f"{source}: line {i + 1}: number {grouped.strip()!r} is ambiguous in a "
                    f"file with decimal commas (line {decimal[0]}): a thousands separator or "
                    "a decimal point")
    out = [",".join(_comma_cell(c) for c in row) for row in rows]
    return out, decimal


def _comma_cell(cell: str) -> str:
    """One cell for a comma-separated line: a decimal comma as a point, quoted if needed."""
    if DECIMAL_COMMA.match(cell):
        return cell.replace(",", ".")
    return quoted(cell)


def quoted(cell: str) -> str:
    """A cell as written in a comma-separated line: in quotes where it holds a comma, a
    quote or a line break."""
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _cells(line: str, delimiter: str) -> list[str]:
    """A line's cells split on `delimiter`, without surrounding spaces and quotes."""
    return [c.strip().strip('"') for c in line.split(delimiter)]


def _semicolon_terminated(lines: list[str]) -> bool:
    """A re-saved file ends (nearly) every data line with ';'; SIPRI's own never does."""
    body = [line for line in lines[-50:] if line.strip()]
    return bool(body) and sum(line.endswith(";") for line in body) >= 0.9 * len(body)


def detect_format(header: str) -> str | None:
    """The export format a header line announces, or None."""
    if header.startswith(BY_YEAR_FIRST):
        return "by_year"
    return detect_cells(_cells(header, ","))


def detect_cells(cells: list[str]) -> str | None:
    """The export format a header's cells announce, or None."""
    if cells[:1] == ["SIPRI AT Database ID"]:
        return "by_year"
    if ",".join(cells[:3]) == CLASSIC_FIRST:
        return "classic"
    if cells[:2] == ["", ""] and _year_columns_only(cells[2:]):
        return "regional"
    if cells[0] in TIV_FIRST_CELLS and _year_columns_only(cells[1:]):
        return "tiv_table"
    return None


def _year_columns_only(cells: list[str]) -> bool:
    """At least one year column, and otherwise only SIPRI's summary columns (or empty
    cells a spreadsheet added): any other column is a table layout not read yet."""
    years = [c for c in cells if re.fullmatch(r"\d{4}", c)]
    return bool(years) and all(re.fullmatch(r"\d{4}", c) or not c or SUMMARY.match(c)
                               for c in cells)


def parse_generated(stamp: str, source: str, line_no: int) -> datetime:
    """Parse '18 May 2026 2:29:20 PM' (and a few near variants) into a datetime."""
    for fmt in ("%d %b %Y %I:%M:%S %p", "%d %B %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S",
                "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(stamp, fmt)
        except ValueError:
            continue
    raise FormatError(f"{source}: line {line_no}: unreadable 'Data generated' stamp {stamp!r}")


def checked_stamp(stamp: datetime, source: str, line_no: int) -> datetime:
    """The stamp, unless it lies in the future (no export is made after today)."""
    if stamp > datetime.now() + FUTURE_GRACE:
        raise FormatError(f"{source}: line {line_no}: 'Data generated' stamp "
                          f"{stamp.date().isoformat()} is in the future; the release cannot "
                          "be told")
    return stamp


def read_preamble(text: str, source: str, encoding: str = "utf-8") -> Preamble:
    """Find the release stamp and the header line; raise FormatError if either is missing."""
    raw = line_ends(text)
    delimiter = sniff_delimiter(raw)
    lines, decimal = (without_trailing_semicolons(raw), []) if delimiter == "," else to_commas(
        raw, delimiter, source)
    repairs = ({"kind": "decimal commas read as points", "count": len(decimal),
                "lines": decimal[:50]},) if decimal else ()
    generated: datetime | None = None
    for i, line in enumerate(lines[:MAX_PREAMBLE]):
        match = GENERATED_RE.match(line)
        if match:
            generated = checked_stamp(parse_generated(match["stamp"], source, i + 1),
                                      source, i + 1)
            continue
        fmt = detect_format(line)
        if fmt is not None and (generated is not None or i > 0):
            if generated is None:
                raise FormatError(
                    f"{source}: no 'Data generated:' line before the header on line {i + 1};"
                    " the release cannot be told"
                )
            return Preamble(source, lines, i, fmt, generated, encoding,
                            from_first_line(lines[0]), repairs)
    if generated is not None:
        raise FormatError(f"{source}: this SIPRI table layout is not supported yet: "
                          f"{_recognised(lines)}")
    raise FormatError(
        f"{source}: not a SIPRI export: no SIPRI header line in the first "
        f"{MAX_PREAMBLE} lines"
    )


def _recognised(lines: list[str]) -> str:
    """What an export of an unknown layout shows: its title and its first table-like line."""
    title = lines[0].strip().strip('"')[:80] if lines else ""
    stamp = next((i for i, line in enumerate(lines) if GENERATED_RE.match(line)), 0)
    for n, line in enumerate(lines[stamp + 1:MAX_PREAMBLE], stamp + 2):
        cells = _cells(line, ",")
        if len(cells) >= 3:
            years = [c for c in cells if re.fullmatch(r"\d{4}", c)]
            return (f"title {title!r}, header on line {n} starting {cells[:3]} with "
                    f"{len(years)} year column(s)")
    return f"title {title!r}, 'Data generated' on line {stamp + 1} and no table header after it"


def load_preamble(path: Path) -> Preamble:
    """Read a file from disk and return its decoded preamble."""
    text, encoding = decode(path.read_bytes(), str(path))
    return read_preamble(text, str(path), encoding)
