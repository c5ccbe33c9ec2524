"""Classic registers with line breaks inside a Comments cell (the fixture's rows cut here):
stitched back where the pieces add up to one row exactly, counted and listed; any other
short or long row still fails with its line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.readers.load import parse_export
from etl.readers.preamble import FormatError, decode

COMMENTS = 12  # the column of Comments in the classic header


def lines_of(fixtures_dir: Path) -> list[str]:
    return decode((fixtures_dir / "sipri/classic.csv").read_bytes(), "classic.csv")[0].split(
        "\n")


def cut(line: str, at: list[int]) -> list[str]:
    """A row whose Comments cell is broken at the given offsets (sorted, inside the cell)."""
    cells = line.split(",")
    head, comment, tail = cells[:COMMENTS], cells[COMMENTS], cells[COMMENTS + 1:]
    pieces = [comment[a:b] for a, b in zip([0, *at], [*at, len(comment)], strict=True)]
    return [",".join([*head, pieces[0]]), *pieces[1:-1], ",".join([pieces[-1], *tail])]


def parsed(lines: list[str]) -> pd.DataFrame:
    return parse_export("\n".join(lines).encode("cp1252"), "c.csv")


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_breaks_in_comments_are_stitched_back(fixtures_dir: Path, data: st.DataObject) -> None:
    lines = lines_of(fixtures_dir)
    want = parse_export("\n".join(lines).encode("cp1252"), "c.csv")
    rows = [i for i, line in enumerate(lines)
            if line.count(",") == 15 and len(line.split(",")[COMMENTS]) >= 2 and i > 11]
    chosen = sorted(data.draw(st.sets(st.sampled_from(rows), min_size=1)))
    out, expect, spans = [], want.frame["comments"].tolist(), []
    kept = [i for i, line in enumerate(lines) if line.strip() and i > 11]
    for i, line in enumerate(lines):
        if i not in chosen:
            out.append(line)
            continue
        comment = line.split(",")[COMMENTS]
        at = sorted(data.draw(st.sets(st.integers(1, len(comment) - 1), min_size=1,
                                      max_size=3).filter(lambda a, c=comment: all(
            c[x:y].strip() for x, y in zip([0, *sorted(a)], [*sorted(a), len(c)],
                                          strict=True)))))  # a blank piece is a blank line
        pieces = cut(line, at)
        spans.append([len(out) + 1, len(out) + len(pieces)])
        out += pieces
        expect[kept.index(i)] = "\n".join(comment[a:b] for a, b in
                                          zip([0, *at], [*at, len(comment)], strict=True))
    got = parse_export("\n".join(out).encode("cp1252"), "c.csv")
    assert got.rows_kept == want.rows_kept and got.rejects == []
    assert [c if isinstance(c, str) else None for c in got.frame["comments"]] == [
        c if isinstance(c, str) else None for c in expect]
    pd.testing.assert_frame_equal(got.frame.drop(columns=["comments", "line"]),
                                  want.frame.drop(columns=["comments", "line"]))
    assert got.repairs == [{"kind": "row cut by a line break inside a cell, stitched back",
                            "count": len(chosen), "lines": spans}]


def test_a_short_row_that_adds_up_to_no_row_fails_with_its_line(fixtures_dir: Path) -> None:
    lines = lines_of(fixtures_dir)
    row = lines[13].split(",")
    lines[13] = ",".join(row[:COMMENTS + 1])  # a row cut after its comment, nothing follows
    with pytest.raises(FormatError, match=r"^c\.csv: line 14: expected 16 cells, found 13"):
        parsed(lines)


def test_a_long_row_fails_with_its_line(fixtures_dir: Path) -> None:
    lines = lines_of(fixtures_dir)
    lines[14] += ",extra"
    with pytest.raises(FormatError, match=r"^c\.csv: line 15: expected 16 cells, found 17"):
        parsed(lines)
