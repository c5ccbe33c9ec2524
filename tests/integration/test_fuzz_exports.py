"""Fuzzing the readers: SIPRI-like exports of every format (the fixtures written in SIPRI's
layouts, and TIV table files generated here) with combinations of quirks (line breaks in
comments, tables concatenated, empty tables, encodings, separators, quoting, line ends,
spreadsheet workbooks) and faults (a cut, a bad cell, a missing cell). Each either reads
exactly as the clean file or fails with one line naming the file and a line; an earlier
build is never touched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from etl.build import BuildError, build
from etl.readers.load import parse_export
from etl.readers.preamble import FormatError, decode
from tests.unit.etl.readers.test_classic_breaks import COMMENTS, cut
from tests.unit.etl.readers.test_resaves import encoded, resave
from tests.unit.etl.readers.test_tiv_tables import YEARS, table
from tests.unit.etl.readers.test_workbooks import workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = ("sipri/by_year.csv", "sipri/classic.csv", "sipri/tiv_imports.csv",
         "sipri-more/regional.csv")
FAULTS = ("none", "cut", "bad_cell", "missing_cell")


def seed_text(name: str) -> str:
    path = FIXTURES / name
    return decode(path.read_bytes(), path.name)[0]


def break_comments(text: str, draw: st.DrawFn) -> str:
    """Classic rows with a comment, each maybe cut by line breaks inside the comment."""
    out = []
    for line in text.split("\n"):
        cells = line.split(",")
        comment = cells[COMMENTS] if len(cells) == 16 and cells[0] != "Recipient" else ""
        if len(comment.strip()) >= 2 and " " not in comment[:1] and draw(st.booleans()):
            at = draw(st.integers(1, len(comment) - 1))
            if comment[:at].strip() and comment[at:].strip():
                out += cut(line, [at])
                continue
        out.append(line)
    return "\n".join(out)


def fault(text: str, kind: str, draw: st.DrawFn) -> str:
    """The text with one fault in a data line (after the header)."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if i > 8 and line.count(",") >= 3
            and re.search(r",\d", line)]
    if kind == "none" or not body:
        return text
    i = draw(st.sampled_from(body))
    if kind == "cut":
        return "\n".join([*lines[:i], lines[i][:draw(st.integers(1, len(lines[i]) - 1))]])
    cells = lines[i].split(",")
    numeric = [j for j, c in enumerate(cells) if re.fullmatch(r"\d+(\.\d+)?", c.strip())]
    j = draw(st.sampled_from(numeric))
    if kind == "bad_cell":
        cells[j] = "n/a"
    else:
        del cells[j]
    lines[i] = ",".join(cells)
    return "\n".join(lines)


@st.composite
def tiv_files(draw: st.DrawFn) -> str:
    """Several TIV tables of suppliers' exports, some empty, one after another."""
    suppliers = draw(st.lists(st.from_regex(r"[A-Z][a-z]{3,8}", fullmatch=True), min_size=1,
                              max_size=4, unique=True))
    cell = st.one_of(st.just(""), st.just("0 "), st.integers(0, 900).map(str))
    parts = [table(YEARS, s, [(r, [draw(cell) for _ in YEARS]) for r in draw(
        st.lists(st.sampled_from(["Chile", "Peru", "India", "Qatar"]), max_size=3,
                 unique=True))]) for s in suppliers]
    return "\n".join(line for t in parts for line in t) + "\n"


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, str, str]:
    """(clean text, quirked and faulted bytes as text marker, fault) of one export."""
    seed = draw(st.sampled_from([*SEEDS, "tiv tables"]))
    clean = draw(tiv_files()) if seed == "tiv tables" else seed_text(seed)
    quirked = break_comments(clean, draw) if seed.endswith("classic.csv") else clean
    return seed, clean, quirked


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports(), separator=st.sampled_from([",", ";", "\t"]),
       quote_all=st.booleans(), crlf=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "cp1252"]),
       kind=st.sampled_from(FAULTS), as_workbook=st.booleans(), data=st.data())
def test_every_export_reads_exactly_or_fails_in_one_line(
        export: tuple[str, str, str], separator: str, quote_all: bool, crlf: bool,
        encoding: str, kind: str, as_workbook: bool, data: st.DataObject) -> None:
    _seed, clean, quirked = export
    # a sheet keeps no cell count and no line end: a cut or a missing cell cannot be told,
    # and a comment's line break makes two sheet rows; SIPRI lists no country without a
    # figure (in a sheet such a row is a line of text)
    assume(not as_workbook or (kind in ("none", "bad_cell")
                               and not re.search(r"^[^,\n]+,+$", clean, re.MULTILINE)))
    broken = fault(clean if as_workbook else quirked, kind, data.draw)
    if as_workbook:
        payload, name = workbook(broken), "fuzzed.xlsx"
    else:
        if separator != "," or quote_all or crlf:
            broken = resave(broken, separator, quote_all, separator == ";", crlf)
        payload, name = encoded(broken, encoding), "fuzzed.csv"
    want = parse_export(clean.encode("utf-8"), "clean.csv")
    try:
        got = parse_export(payload, name)
    except FormatError as err:
        message = str(err)
        assert kind != "none", message  # a clean export with quirks only must read
        assert "\n" not in message and "Traceback" not in message
        assert re.match(rf"^{re.escape(name)}: .*\bline \d+", message), message
        return
    if kind == "cut":  # cut exactly at a line end: the rows before it, exactly
        assert got.rows_kept <= want.rows_kept
        return
    # read: exactly the clean file (a fault in a summary column SIPRI's total repeats is
    # not read, so it changes nothing)
    frame = got.frame.drop(columns=[c for c in ("line", "comments") if c in got.frame])
    expect = want.frame.drop(columns=[c for c in ("line", "comments") if c in want.frame])
    pd.testing.assert_frame_equal(frame, expect, check_dtype=False)  # values exactly
    if "comments" in want.frame:
        assert [str(c).replace("\n", "") for c in got.frame["comments"]] == [
            str(c) for c in want.frame["comments"]]


@pytest.mark.parametrize("kind", ["cut", "bad_cell", "missing_cell"])
def test_a_faulty_export_never_touches_the_earlier_build(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "build"
    good = tmp_path / "good.csv"
    good.write_text(seed_text("sipri/by_year.csv"), encoding="utf-8")
    first = build([good], out)

    @settings(max_examples=5, deadline=None, database=None)
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        bad = tmp_path / "export.csv"
        bad.write_text(fault(seed_text("sipri/by_year.csv"), kind, data.draw),
                       encoding="utf-8")
        try:
            build([bad], out)
        except BuildError as err:
            assert re.match(r"^\S*export\.csv: line \d+", str(err)), str(err)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["build_id"] in (first["build_id"], *(
            [manifest["build_id"]] if kind == "cut" else []))

    attempt()
