"""SIPRI's real exports saved as .xlsx workbooks read exactly like the CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from etl.readers.load import parse_export
from etl.readers.preamble import decode
from tests.unit.etl.readers.test_workbooks import as_spreadsheet_cell

pytestmark = pytest.mark.realdata

EXPORTS = ("tiv-imports_1990-2023_generated-2024-04-13.csv",
           "tiv-exports_1990-2023_generated-2024-04-13.csv",
           "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv",
           "trade-register_all-years_generated-2026-05-18.csv")


def save_as_workbook(csv_path: Path, out: Path) -> Path:
    """The export as a spreadsheet program saves it after opening the CSV."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    text = decode(csv_path.read_bytes(), csv_path.name)[0]
    for row in csv.reader(text.splitlines()):
        sheet.append([as_spreadsheet_cell(c) for c in row])
    book.save(out)
    return out


@pytest.mark.parametrize("name", EXPORTS)
def test_a_real_export_saved_as_a_workbook_reads_the_same(sipri_dir: Path, tmp_path: Path,
                                                           name: str) -> None:
    path = sipri_dir / name
    xlsx = save_as_workbook(path, tmp_path / (path.stem + ".xlsx"))
    want = parse_export(path.read_bytes(), name)
    got = parse_export(xlsx.read_bytes(), xlsx.name)
    assert (got.release, got.format, got.rows_kept) == (want.release, want.format,
                                                        want.rows_kept)
    pd.testing.assert_frame_equal(got.frame, want.frame)
