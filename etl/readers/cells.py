"""What the table readers share: header matching by meaning, splitting data lines into
cells, and parsing columns of cells into values while recording the rows that fail.

Every rejected row keeps its file, line and column and the reason, so that for each file
rows read = rows kept + rows rejected.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from etl.readers.preamble import FormatError, Preamble

FLAG_VALUES = {"yes": True, "no": False, "": None}


@dataclass(frozen=True)
class Reject:
    """One input row left out of the build, and why."""

    source: str
    line: int
    column: str
    reason: str
    text: str


@dataclass
class Parsed:
    """One export file as read: its release, its rows as a frame, and what was rejected."""

    source: str
    format: str
    release: str
    generated_at: str
    frame: pd.DataFrame
    rows_read: int
    rows_kept: int
    rejects: list[Reject] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


def norm_header(cell: str) -> str:
    """A header cell reduced to its meaning: lower case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", cell.lower())


def split_cells(line: str) -> list[str]:
    """Split one CSV line into cells (quoted cells allowed)."""
    return next(csv.reader([line]))


def match_header(
    cells: Sequence[str],
    fields: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    pre: Preamble,
) -> tuple[dict[str, int], list[str]]:
    """Map each known field to its column index by the header's meaning; return the map
    and the header cells no field claimed. Raise FormatError naming a missing column."""
    by_meaning = {alias: name for name, aliases in fields.items() for alias in aliases}
    found: dict[str, int] = {}
    unknown: list[str] = []
    for i, cell in enumerate(cells):
        name = by_meaning.get(norm_header(cell))
        if name is None or name in found:
            unknown.append(cell)
        else:
            found[name] = i
    missing = [name for name in required if name not in found]
    if missing:
        want = ", ".join(repr(fields[m][0]) for m in missing)
        raise FormatError(
            f"{pre.source}: line {pre.header_index + 1}: missing required column(s) {want}"
        )
    return found, unknown


def ends_truncated(text: str) -> bool:
    """True when the file's last line looks cut: no line end, or (in a re-saved file whose
    lines end with ';') no ';'."""
    stripped = text.rstrip("\r\n")
    if not stripped:
        return False
    last_raw = stripped.rsplit("\n", 1)[-1].rstrip("\r")
    if _resaved(text):
        return not last_raw.endswith(";")
    return not text.endswith(("\n", "\r"))


def _resaved(text: str) -> bool:
    """The body of the raw text ends its lines with ';' (a spreadsheet re-save)."""
    tail = [ln.rstrip("\r") for ln in text.rstrip("\r\n").split("\n")[-20:]]
    tail = [ln for ln in tail if ln.strip()]
    return bool(tail) and sum(ln.endswith(";") for ln in tail) >= 0.5 * len(tail)


def body_rows(
    pre: Preamble, width: int, truncated_tail: bool, reject_duplicates: bool = True
) -> tuple[list[list[str]], list[int], list[Reject]]:
    """Split the lines after the header into cells; reject rows with the wrong number of
    cells, a cut last line and (where a row has a key) exact duplicates of an earlier line."""
    rows: list[list[str]] = []
    line_nos: list[int] = []
    rejects: list[Reject] = []
    seen: dict[str, int] = {}
    start = pre.header_index + 1
    body = pre.lines[start:]
    last = len(body) - 1
    for offset, line in enumerate(body):
        line_no = start + offset + 1
        if not line.strip():
            continue
        if offset == last and truncated_tail:
            rejects.append(Reject(pre.source, line_no, "", "last line is cut off (file "
                                  "truncated)", line))
            continue
        cells = split_cells(line)
        if len(cells) != width:
            rejects.append(Reject(pre.source, line_no, "",
                                  f"expected {width} cells, found {len(cells)}", line))
            continue
        if reject_duplicates and line in seen:
            rejects.append(Reject(pre.source, line_no, "",
                                  f"duplicate of line {seen[line]}", line))
            continue
        seen[line] = line_no
        rows.append(cells)
        line_nos.append(line_no)
    return rows, line_nos, rejects


def count_body_rows(pre: Preamble) -> int:
    """Non-blank lines after the header: the rows read from the file."""
    return sum(1 for line in pre.lines[pre.header_index + 1:] if line.strip())


class CellErrors:
    """Collects per-row cell errors of one file, first error per row wins."""

    def __init__(self, source: str, lines: pd.Series, text: pd.Series) -> None:
        self.source = source
        self.lines = lines
        self.text = text
        self.bad: dict[int, Reject] = {}

    def add(self, mask: pd.Series, column: str, reason: str, values: pd.Series) -> None:
        """Record rows where mask is true as rejected for `reason` in `column`."""
        for idx in mask[mask].index:
            if idx not in self.bad:
                self.bad[idx] = Reject(
                    self.source, int(self.lines[idx]), column,
                    f"{reason}: {values[idx]!r}", str(self.text[idx]),
                )

    def rejects(self) -> list[Reject]:
        return list(self.bad.values())

    def keep(self, df: pd.DataFrame) -> pd.DataFrame:
        """df without the rejected rows."""
        return df.drop(index=list(self.bad)) if self.bad else df


def parse_number(raw: pd.Series, column: str, errors: CellErrors,
                 required: bool = False) -> pd.Series:
    """Parse numeric cells ('0 ' is 0, empty is missing); non-numbers are rejected."""
    text = raw.str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    errors.add(values.isna() & (text != ""), column, "not a number", raw)
    if required:
        errors.add(text == "", column, "empty", raw)
    errors.add(values < 0, column, "negative", raw)
    return values


def parse_year(raw: pd.Series, column: str, errors: CellErrors,
               required: bool = False) -> pd.Series:
    """Parse a four-digit year column; anything else is rejected."""
    text = raw.str.strip()
    ok = text.str.fullmatch(r"\d{4}")
    errors.add(~ok & (text != ""), column, "not a year", raw)
    if required:
        errors.add(text == "", column, "empty", raw)
    return pd.to_numeric(text.where(ok), errors="coerce").astype("Int32")


def parse_flag(raw: pd.Series, column: str, errors: CellErrors) -> pd.Series:
    """Parse Yes/No/empty into True/False/missing; anything else is rejected."""
    text = raw.str.strip().str.lower()
    errors.add(~text.isin(list(FLAG_VALUES)), column, "expected Yes, No or empty", raw)
    return text.map(FLAG_VALUES).astype("boolean")


def parse_choice(raw: pd.Series, column: str, errors: CellErrors,
                 allowed: Sequence[str]) -> pd.Series:
    """Match cells to allowed values ignoring case and spacing; others are rejected."""
    canon = {norm_header(a): a for a in allowed}
    values = raw.map(lambda v: canon.get(norm_header(v)))
    errors.add(values.isna(), column, f"expected one of {', '.join(allowed)}", raw)
    return values


def parse_text(raw: pd.Series, column: str, errors: CellErrors,
               required: bool = True) -> pd.Series:
    """Strip text cells; an empty required cell is rejected."""
    text = raw.str.strip()
    if required:
        errors.add(text == "", column, "empty", raw)
    return text
