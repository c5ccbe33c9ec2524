"""What the table readers share: header matching by meaning, splitting data lines into
cells, and parsing columns of cells into values while recording the rows that fail.

Every rejected row keeps its file, line and column and the reason, so that for each file
rows read = rows kept + rows rejected. Only exact duplicates of a keyed row are safe to
leave out; any other reject (a cut last line, a wrong number of cells, a value that does
not parse) makes the file unusable, and `fatal` names the first such row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.readers.coverage import Coverage
from etl.readers.preamble import FormatError, Preamble
from etl.schema import YEAR_RANGE

NUMBER = r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"


@dataclass(frozen=True)
class Reject:
    """One input row left out of the build, and why."""

    source: str
    line: int
    column: str
    reason: str
    text: str
    kind: str = "value"

    def describe(self) -> str:
        """'file: line N, column 'X': reason'."""
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{self.source}: {where}: {self.reason}"


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
    coverage: Coverage = field(default_factory=Coverage)
    tables: list[dict[str, object]] = field(default_factory=list)  # of a TIV table file
    repairs: list[dict[str, object]] = field(default_factory=list)  # unambiguous only


SAFE_REJECTS = ("duplicate",)


def fatal(rejects: list[Reject]) -> str | None:
    """A one-line error for the first reject that would change the figures, or None."""
    bad = [r for r in rejects if r.kind not in SAFE_REJECTS]
    if not bad:
        return None
    more = f" (and {len(bad) - 1} more row(s) with problems)" if len(bad) > 1 else ""
    return bad[0].describe() + more


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


@dataclass
class Body:
    """The data rows of a file as Arrow string columns, with line numbers and raw lines."""

    columns: list[pa.Array]
    line_nos: list[int]
    texts: list[str]
    rejects: list[Reject]
    stitched: list[tuple[int, int]] = field(default_factory=list)  # (first, last line)

    @property
    def rows(self) -> int:
        """Rows kept from the text (before cell values are checked)."""
        return len(self.line_nos)

    def errors(self, source: str) -> CellErrors:
        """A cell error collector for these rows."""
        return CellErrors(source, self.line_nos, self.texts)


def body_rows(
    pre: Preamble, width: int, truncated_tail: bool, reject_duplicates: bool = True,
    stitch: int | None = None,
) -> Body:
    """Split the lines after the header into cells; reject rows with the wrong number of
    cells, a cut last line and (where a row has a key) exact duplicates of an earlier line.

    Clean files (the usual case) are split by Arrow's CSV reader; any irregularity takes
    the line-by-line path that names each problem row."""
    start = pre.header_index + 1
    numbered = [(start + i + 1, line) for i, line in enumerate(pre.lines[start:])
                if line.strip()]
    texts = [line for _, line in numbered]
    clean = not truncated_tail and (not reject_duplicates or len(set(texts)) == len(texts))
    columns = _arrow_split(texts, width) if clean else None
    if columns is not None:
        return Body(columns, [n for n, _ in numbered], texts, [])
    stitched: list[tuple[int, int]] = []
    if stitch is not None:
        numbered, stitched = stitch_breaks(numbered, width, stitch)
    body = _split_lines(pre, numbered, width, truncated_tail, reject_duplicates)
    body.stitched = stitched
    return body


def stitch_breaks(numbered: list[tuple[int, str]], width: int, column: int
                  ) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """Rows cut by line breaks inside the cell `column` (an unquoted file), joined back
    where the pieces add up to one row exactly: a first piece ending in that cell, any
    middle pieces of one cell, and a last piece holding the rest of the row. The cell keeps
    its line breaks. Returns the lines and the (first, last) line of each stitched row."""
    out: list[tuple[int, str]] = []
    stitched: list[tuple[int, int]] = []
    counts = [_cell_count(line) for _, line in numbered]
    i = 0
    while i < len(numbered):
        j = i + 1
        if counts[i] == column + 1 < width:
            while j < len(numbered) and counts[j] == 1:
                j += 1
            if j < len(numbered) and counts[j] == width - column:
                cells = _joined([split_cells(line) for _, line in numbered[i:j + 1]])
                out.append((numbered[i][0], ",".join(_quoted(c) for c in cells)))
                stitched.append((numbered[i][0], numbered[j][0]))
                i = j + 1
                continue
        out.append(numbered[i])
        i += 1
    return out, stitched


def _cell_count(line: str) -> int:
    """The number of cells of one line."""
    return len(split_cells(line)) if '"' in line else line.count(",") + 1


def _joined(pieces: list[list[str]]) -> list[str]:
    """The cells of a row cut into pieces: each piece's last cell continues, after a line
    break, in the next piece's first cell."""
    cells = list(pieces[0])
    for piece in pieces[1:]:
        cells[-1] += "\n" + piece[0]
        cells += piece[1:]
    return cells


def _quoted(cell: str) -> str:
    """A cell for a comma-separated line, quoted where it must be."""
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n') else cell


def _arrow_split(texts: list[str], width: int) -> list[pa.Array] | None:
    """Cells of clean lines via Arrow's CSV reader, or None if any line is irregular."""
    if not texts:
        return [pa.array([], pa.string()) for _ in range(width)]
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO("\n".join(texts).encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False,
                                           block_size=1 << 26),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if table.num_rows != len(texts):
        return None
    return [table.column(i).combine_chunks() for i in range(width)]


def _split_lines(pre: Preamble, numbered: list[tuple[int, str]], width: int,
                 truncated_tail: bool, reject_duplicates: bool) -> Body:
    """Line by line: each problem row becomes a Reject naming its line."""
    rows: list[list[str]] = []
    body = Body([], [], [], [])
    seen: dict[str, int] = {}
    last = len(pre.lines)
    for line_no, line in numbered:
        if line_no == last and truncated_tail:
            body.rejects.append(Reject(pre.source, line_no, "", "last line is cut off (file "
                                       "truncated)", line, "truncated"))
            continue
        cells = split_cells(line) if '"' in line else line.split(",")
        if len(cells) != width:
            body.rejects.append(Reject(pre.source, line_no, "",
                                       f"expected {width} cells, found {len(cells)}", line,
                                       "cells"))
            continue
        if reject_duplicates:
            if line in seen:
                body.rejects.append(Reject(pre.source, line_no, "",
                                           f"duplicate of line {seen[line]}", line,
                                           "duplicate"))
                continue
            seen[line] = line_no
        rows.append(cells)
        body.line_nos.append(line_no)
        body.texts.append(line)
    body.columns = columns_of(rows, width)
    return body


class CellErrors:
    """Collects per-row cell errors of one file, first error per row wins."""

    def __init__(self, source: str, line_nos: list[int], texts: list[str]) -> None:
        self.source = source
        self.line_nos = line_nos
        self.texts = texts
        self.bad: dict[int, Reject] = {}

    def add(self, mask: pa.Array | np.ndarray, column: str, reason: str,
            values: pa.Array) -> None:
        """Record rows where mask is true as rejected for `reason` in `column`."""
        for idx in np.flatnonzero(as_bool(mask)):
            i = int(idx)
            if i not in self.bad:
                self.bad[i] = Reject(self.source, self.line_nos[i], column,
                                     f"{reason}: {values[i].as_py()!r}", self.texts[i])

    def rejects(self) -> list[Reject]:
        """The rejected rows in line order."""
        return [self.bad[i] for i in sorted(self.bad)]

    def keep_mask(self) -> np.ndarray:
        """True for the rows without a bad cell."""
        keep = np.ones(len(self.line_nos), dtype=bool)
        keep[list(self.bad)] = False
        return keep

    def keep(self, columns: dict[str, object]) -> pd.DataFrame:
        """The parsed columns as a frame, without the rejected rows."""
        frame = pd.DataFrame(columns)
        frame["line"] = np.asarray(self.line_nos, dtype="int64")
        if self.bad:
            frame = frame[self.keep_mask()]
        return frame.reset_index(drop=True)


def as_bool(mask: pa.Array | np.ndarray) -> np.ndarray:
    """A boolean numpy mask, nulls as False."""
    if isinstance(mask, np.ndarray):
        return mask.astype(bool)
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def columns_of(rows: list[list[str]], width: int) -> list[pa.Array]:
    """Row cells transposed into one Arrow string array per column."""
    if not rows:
        return [pa.array([], pa.string()) for _ in range(width)]
    return [pa.array(col, pa.string()) for col in zip(*rows, strict=True)]


def blank(n: int) -> pa.Array:
    """A column of empty cells, for an optional column the file lacks."""
    return pa.array([""] * n, pa.string())


@dataclass(frozen=True)
class RawColumns:
    """A file's raw cell columns by field name; an absent optional field reads as blank."""

    raw: list[pa.Array]
    cols: Mapping[str, int]
    header: list[str]
    fields: Mapping[str, tuple[str, ...]]
    rows: int

    def cell(self, name: str) -> pa.Array:
        """The raw cells of a field, or a blank column where the file lacks it."""
        return self.raw[self.cols[name]] if name in self.cols else blank(self.rows)

    def label(self, name: str) -> str:
        """The field's header as the file wrote it (its usual header where absent)."""
        return self.header[self.cols[name]] if name in self.cols else self.fields[name][0]


def parse_number(raw: pa.Array, column: str, errors: CellErrors, high: float,
                 required: bool = False) -> np.ndarray:
    """Parse numeric cells ('0 ' is 0, empty is missing); non-numbers, negative numbers and
    numbers above `high` (the table's declared range) are rejected."""
    text = pc.utf8_trim_whitespace(raw)
    empty = pc.equal(text, "")
    ok = pc.match_substring_regex(text, NUMBER)
    errors.add(pc.and_(pc.invert(ok), pc.invert(empty)), column, "not a number", raw)
    if required:
        errors.add(empty, column, "empty", raw)
    values = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    numbers = np.asarray(values.to_numpy(zero_copy_only=False), dtype="float64")
    errors.add(np.nan_to_num(numbers, nan=0.0) < 0, column, "negative", raw)
    errors.add(np.nan_to_num(numbers, nan=0.0) > high, column, f"above {high:g}", raw)
    return numbers


def parse_year(raw: pa.Array, column: str, errors: CellErrors,
               required: bool = False) -> pd.api.extensions.ExtensionArray:
    """Parse a four-digit year column; anything else, or a year outside the declared
    range, is rejected."""
    text = pc.utf8_trim_whitespace(raw)
    empty = pc.equal(text, "")
    ok = pc.match_substring_regex(text, r"^\d{4}$")
    errors.add(pc.and_(pc.invert(ok), pc.invert(empty)), column, "not a year", raw)
    if required:
        errors.add(empty, column, "empty", raw)
    values = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.int32())
    errors.add(out_of_range(values), column, f"year outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}",
               raw)
    return pd.array(values.to_pandas(), dtype="Int32")


def out_of_range(years: pa.Array) -> np.ndarray:
    """True where a year lies outside the declared year range (empty: False)."""
    low, high = YEAR_RANGE
    return as_bool(pc.or_(pc.less(years, low), pc.greater(years, high)))


def parse_flag(raw: pa.Array, column: str, errors: CellErrors) -> pd.arrays.BooleanArray:
    """Parse Yes/No/empty into True/False/missing; anything else is rejected."""
    text = pc.utf8_lower(pc.utf8_trim_whitespace(raw))
    yes, no, empty = (as_bool(pc.equal(text, v)) for v in ("yes", "no", ""))
    errors.add(~(yes | no | empty), column, "expected Yes, No or empty", raw)
    return pd.arrays.BooleanArray(yes, ~(yes | no))


def parse_choice(raw: pa.Array, column: str, errors: CellErrors,
                 allowed: Sequence[str]) -> np.ndarray:
    """Match cells to allowed values ignoring case and spacing; others are rejected."""
    keys = [norm_header(a) for a in allowed]
    norm = pc.replace_substring_regex(pc.utf8_lower(raw), "[^a-z0-9]", "")
    idx = pc.index_in(norm, value_set=pa.array(keys, pa.string()))
    errors.add(pc.is_null(idx), column, f"expected one of {', '.join(allowed)}", raw)
    choices = np.array([*allowed, None], dtype=object)
    where = np.asarray(pc.fill_null(idx, len(allowed)).to_numpy(zero_copy_only=False))
    return choices[where]


def parse_text(raw: pa.Array, column: str, errors: CellErrors,
               required: bool = True) -> np.ndarray:
    """Strip text cells; an empty required cell is rejected."""
    text = pc.utf8_trim_whitespace(raw)
    if required:
        errors.add(pc.equal(text, ""), column, "empty", raw)
    return np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)


def parsed_register(pre: Preamble, fmt: str, frame: pd.DataFrame, body: Body,
                    errors: CellErrors, ignored: list[str]) -> Parsed:
    """The Parsed record of a register file (one frame row per kept input row)."""
    return Parsed(
        source=pre.source, format=fmt, release=pre.release,
        generated_at=pre.generated.isoformat(), frame=frame,
        rows_read=body.rows + len(body.rejects), rows_kept=len(frame),
        rejects=body.rejects + errors.rejects(),
        ignored_columns=ignored, encoding=pre.encoding,
        coverage=pre.coverage or Coverage(stated=False),
        repairs=[*pre.repairs, *stitch_repairs(body)],
    )


def stitch_repairs(body: Body) -> list[dict[str, object]]:
    """The manifest's record of rows stitched back across line breaks."""
    if not body.stitched:
        return []
    return [{"kind": "row cut by a line break inside a cell, stitched back",
             "count": len(body.stitched), "lines": [list(s) for s in body.stitched]}]


def parsed_table(pre: Preamble, fmt: str, frame: pd.DataFrame, body: Body,
                 errors: CellErrors, ignored: list[str], coverage: Coverage) -> Parsed:
    """The Parsed record of a table file (long rows; rows counted as the file's lines)."""
    return Parsed(
        source=pre.source, format=fmt, release=pre.release,
        generated_at=pre.generated.isoformat(), frame=frame,
        rows_read=body.rows + len(body.rejects),
        rows_kept=body.rows - len(errors.bad),
        rejects=body.rejects + errors.rejects(),
        ignored_columns=ignored, encoding=pre.encoding, coverage=coverage,
        repairs=list(pre.repairs),
    )
