"""Re-saves of every export format read exactly like the file SIPRI wrote: encodings,
separators, quoting, line ends, BOM; and values out of range fail naming file and line."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.readers.load import parse_export
from etl.readers.preamble import FormatError, decode

FIXTURES = ("sipri/by_year.csv", "sipri/classic.csv", "sipri/tiv_imports.csv",
            "sipri-more/regional.csv")
POINT = re.compile(r"^-?\d+\.\d+$")


def resave(text: str, separator: str = ",", quote_all: bool = False, decimal_comma: bool = False,
           crlf: bool = False) -> str:
    """The text as a spreadsheet would save it: another separator (decimal commas with
    ';'), every cell quoted, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    for row in csv.reader(text.splitlines()):
        writer.writerow([c.replace(".", ",") if decimal_comma and POINT.match(c) else c
                         for c in row] or [""])
    return out.getvalue()


def encoded(text: str, encoding: str) -> bytes:
    """Bytes of the text in one of the encodings analysts' tools write."""
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16":  # with its BOM, as "Unicode text" saves
        return text.encode("utf-16")
    return text.encode(encoding)


def text_of(path: Path) -> str:
    """A fixture's text, decoded as the readers decode it (the classic one is cp1252)."""
    return decode(path.read_bytes(), path.name)[0]


def frame_of(data: bytes) -> pd.DataFrame:
    return parse_export(data, "f.csv").frame


@pytest.fixture(params=FIXTURES)
def original(request: pytest.FixtureRequest, fixtures_dir: Path) -> str:
    return text_of(fixtures_dir / request.param)


@settings(max_examples=25, deadline=None)
@given(separator=st.sampled_from([",", ";", "\t"]), quote_all=st.booleans(),
       crlf=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-bom", "utf-16",
                                                     "utf-16-le", "utf-16-be", "cp1252"]))
def test_every_resave_reads_the_same(fixtures_dir: Path, separator: str, quote_all: bool,
                                     crlf: bool, encoding: str) -> None:
    for name in FIXTURES:
        text = text_of(fixtures_dir / name)
        want = frame_of((fixtures_dir / name).read_bytes())
        data = encoded(resave(text, separator, quote_all, separator == ";", crlf), encoding)
        pd.testing.assert_frame_equal(frame_of(data), want)


def test_decimal_commas_are_read_as_points(original: str) -> None:
    text = resave(original, ";", decimal_comma=True)
    pd.testing.assert_frame_equal(frame_of(text.encode()), frame_of(original.encode()))


def test_a_number_grouped_with_points_beside_decimal_commas_is_refused(
        fixtures_dir: Path) -> None:
    text = resave(text_of(fixtures_dir / "sipri/by_year.csv"), ";",
                  decimal_comma=True)
    lines = text.splitlines()
    lines[-1] = lines[-1].replace(";No", ";1.306", 1)
    with pytest.raises(FormatError, match=rf"^f\.csv: line {len(lines)}: number '1\.306' is "
                                          "ambiguous"):
        parse_export("\n".join(lines).encode(), "f.csv")


def test_quoted_preamble_names_its_release(fixtures_dir: Path) -> None:
    text = resave(text_of(fixtures_dir / "sipri/classic.csv"),
                  quote_all=True)
    assert '"Data generated: ' in text
    assert parse_export(text.encode(), "q.csv").release == "2025-06-01"


def _by_year_with(fixtures_dir: Path, old: str, new: str) -> tuple[bytes, int]:
    lines = text_of(fixtures_dir / "sipri/by_year.csv").splitlines()
    line = next(i for i, t in enumerate(lines) if old in t)
    lines[line] = lines[line].replace(old, new, 1)
    return ("\n".join(lines) + "\n").encode(), line + 1


@pytest.mark.parametrize(("old", "new", "reason"), [
    (",2022,No,New,2.4,2.4,4.8,", ",9999,No,New,2.4,2.4,4.8,",
     r"column 'Delivery year': year outside 1900\.\.2100"),
    (",2022,No,New,2.4,2.4,4.8,", ",2022,No,New,2.4,2.4,1e400,",
     r"column 'TIV delivery values': above 1e\+06"),
    (",2022,No,New,2.4,2.4,4.8,", ",2022,No,New,2.4,2.4,2e6,",
     r"column 'TIV delivery values': above 1e\+06"),
    ("Turkiye,Pakistan,FX-Drone,armed UAV,Aircraft,2021,",
     "Turkiye,Pakistan,FX-Drone,armed UAV,Aircraft,1066,",
     r"column 'Order date': year outside 1900\.\.2100"),
])
def test_values_out_of_range_name_file_line_and_column(fixtures_dir: Path, old: str, new: str,
                                                       reason: str) -> None:
    data, line = _by_year_with(fixtures_dir, old, new)
    with pytest.raises(FormatError, match=rf"^r\.csv: line {line}, {reason}"):
        parse_export(data, "r.csv")


def test_classic_delivery_year_out_of_range(fixtures_dir: Path) -> None:
    lines = text_of(fixtures_dir / "sipri/classic.csv").splitlines()
    line = next(i for i, t in enumerate(lines) if re.search(r",\d{4}; \d{4}", t))
    lines[line] = re.sub(r",(\d{4}); (\d{4})", r",\1; 9999", lines[line], count=1)
    with pytest.raises(FormatError, match=rf"^c\.csv: line {line + 1}, column 'Year\(s\) of "
                                          r"delivery': year outside 1900\.\.2100"):
        parse_export(("\n".join(lines) + "\n").encode(), "c.csv")


def test_table_year_column_out_of_range(fixtures_dir: Path) -> None:
    text = text_of(fixtures_dir / "sipri/tiv_imports.csv")
    with pytest.raises(FormatError, match=r"^t\.csv: line 10: year column 9999 outside"):
        parse_export(text.replace("Recipient,2021,", "Recipient,9999,").encode(), "t.csv")


@pytest.mark.parametrize("stamp", ["1 Jan 9999 10:00:00 AM", "31 Dec 2099"])
def test_a_release_stamp_in_the_future_is_refused(fixtures_dir: Path, stamp: str) -> None:
    text = text_of(fixtures_dir / "sipri/by_year.csv")
    text = re.sub(r"Data generated: .*", f"Data generated: {stamp}", text)
    with pytest.raises(FormatError, match=r"^s\.csv: line 11: 'Data generated' stamp "
                                          r"\d{4}-\d\d-\d\d is in the future"):
        parse_export(text.encode(), "s.csv")
