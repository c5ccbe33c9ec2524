"""Exports saved as spreadsheet workbooks read exactly like the CSV SIPRI wrote; a workbook
whose cells cannot be told back, or that holds several sheets, fails in one line."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl.build import build
from etl.readers.load import parse_export
from etl.readers.preamble import FormatError
from etl.readers.workbook import cell_name, cell_text
from etl.store import read_table
from tests.unit.etl.readers.test_resaves import FIXTURES, text_of
from tests.unit.etl.readers.test_tiv_tables import files, table

NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")
PERCENT = re.compile(r"^\s*-?\d+(\.\d+)?%\s*$")


def as_spreadsheet_cell(cell: str) -> object:
    """What a spreadsheet opening the CSV keeps in the cell: numbers and percentages as
    numbers (a percentage as its fraction), everything else as text."""
    if NUMBER.match(cell):
        return float(cell) if "." in cell else int(cell)
    if PERCENT.match(cell):
        return float(cell.strip()[:-1]) / 100
    return cell


def workbook(text: str, *, sheets: int = 1, convert: bool = True) -> bytes:
    """An .xlsx of the CSV text on its first sheet, as a spreadsheet program saves it."""
    book = Workbook()
    sheet = book.active
    for row in csv.reader(text.splitlines()):
        sheet.append([as_spreadsheet_cell(c) if convert else c for c in row])
    for n in range(1, sheets):
        book.create_sheet(f"Notes {n}").append(["a note"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", FIXTURES)
def test_every_format_saved_as_a_workbook_reads_the_same(fixtures_dir: Path, name: str) -> None:
    path = fixtures_dir / name
    want = parse_export(path.read_bytes(), "f.csv")
    got = parse_export(workbook(text_of(path)), "f.xlsx")
    pd.testing.assert_frame_equal(got.frame, want.frame)
    assert got.release == want.release


@settings(max_examples=15, deadline=None)
@given(tables=files())
def test_tables_one_after_another_in_a_workbook_read_the_same(
        tables: list[tuple[str, list[tuple[str, list[str]]]]]) -> None:
    # SIPRI lists no country without a figure; in a sheet such a row is a line of text
    assume(all(any(c.strip() for c in cells) for _, rows in tables for _, cells in rows))
    years = [2021, 2022, 2023]
    lines = [line for supplier, rows in tables for line in table(years, supplier, rows)]
    text = "\n".join(lines) + "\n"
    want = parse_export(text.encode(), "t.csv").frame
    pd.testing.assert_frame_equal(parse_export(workbook(text), "t.xlsx").frame, want)


@settings(max_examples=200)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_a_number_cell_is_written_back_as_the_same_number(value: float) -> None:
    text = cell_text(value, "f.xlsx", "Sheet", 0, 0)
    assert float(text) == value
    assert "e" not in text.lower()
    assert ("." in text) == (not value.is_integer())


def test_a_cell_turned_into_a_date_is_refused_naming_the_cell(fixtures_dir: Path) -> None:
    book = Workbook()
    for row in csv.reader(text_of(fixtures_dir / "sipri/classic.csv").splitlines()):
        book.active.append([as_spreadsheet_cell(c) for c in row])
    book.active["K14"] = datetime(2022, 3, 1)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FormatError, match=r"^c\.xlsx: sheet 'Sheet' cell K14: the spreadsheet "
                                          r"turned this cell into a date or time \(2022-03-01"):
        parse_export(out.getvalue(), "c.xlsx")


def test_a_workbook_with_several_filled_sheets_names_them(fixtures_dir: Path) -> None:
    data = workbook(text_of(fixtures_dir / "sipri/by_year.csv"), sheets=2)
    with pytest.raises(FormatError, match=r"^w\.xlsx: the workbook has 2 sheets with cells "
                                          r"\('Sheet', 'Notes 1'\)"):
        parse_export(data, "w.xlsx")


def test_an_empty_workbook_and_a_zip_that_is_none_are_refused() -> None:
    with pytest.raises(FormatError, match=r"^e\.xlsx: the workbook has no cells$"):
        parse_export(workbook(""), "e.xlsx")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    with pytest.raises(FormatError, match=r"^z\.xlsx: not a readable workbook"):
        parse_export(archive.getvalue(), "z.xlsx")


def test_a_bad_cell_in_a_workbook_names_its_row(fixtures_dir: Path) -> None:
    lines = text_of(fixtures_dir / "sipri/by_year.csv").splitlines()
    row = next(i for i, t in enumerate(lines) if ",2022,No,New,2.4,2.4,4.8," in t)
    lines[row] = lines[row].replace(",2022,No,New,2.4,2.4,4.8,", ",9999,No,New,2.4,2.4,4.8,")
    with pytest.raises(FormatError, match=rf"^b\.xlsx: line {row + 1}, column 'Delivery year'"):
        parse_export(workbook("\n".join(lines)), "b.xlsx")


@pytest.mark.parametrize(("row", "column", "name"), [
    (0, 0, "A1"), (0, 25, "Z1"), (0, 26, "AA1"), (4, 27, "AB5"), (9, 701, "ZZ10"),
    (0, 702, "AAA1"),
])
def test_cell_names(row: int, column: int, name: str) -> None:
    assert cell_name(row, column) == name


def test_a_folder_with_a_workbook_builds_as_its_csv_would(fixtures_dir: Path,
                                                        tmp_path: Path) -> None:
    csv_path = fixtures_dir / "sipri/by_year.csv"
    (tmp_path / "in").mkdir()
    (tmp_path / "in/by_year.xlsx").write_bytes(workbook(text_of(csv_path)))
    (tmp_path / "in/~$by_year.xlsx").write_bytes(b"lock file of an open spreadsheet")
    build([tmp_path / "in"], tmp_path / "from_xlsx")
    build([csv_path], tmp_path / "from_csv")
    for name in ("deliveries", "releases"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "from_xlsx", name),
                                      read_table(tmp_path / "from_csv", name))
