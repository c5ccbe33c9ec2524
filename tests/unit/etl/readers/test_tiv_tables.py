"""Several TIV tables in one file (files written here in SIPRI's layout): each table's
rows, its country from its total row, empty tables, per-table totals; and layouts that
break the rule fail naming file and line."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.readers.load import parse_export
from etl.readers.preamble import FormatError
from etl.reconcile import internal_totals

STAMP = "Data generated: 13 Apr 2024 8:20:07 AM"


def preamble(stamp: str = STAMP) -> list[str]:
    return ["Volume of transfers of major arms",
            "Figures are in millions of SIPRI trend-indicator values (TIVs).",
            "Figures may not add up to stated totals due to the conventions of rounding.",
            "", "Source: SIPRI Arms Transfers Database (written for this test).", stamp, ""]


def table(years: list[int], supplier: str | None, rows: list[tuple[str, list[str]]],
          stamp: str = STAMP) -> list[str]:
    """One table of one supplier's exports by recipient (no rows, no total: empty)."""
    head = ["Recipient", *map(str, years), f"{years[0]}-{years[-1]}", "Percentage"]
    lines = [*preamble(stamp), ",".join(head)]
    lines += [",".join([name, *cells, "", ""]) for name, cells in rows]
    if rows:
        sums = [sum(float(c[j]) for _, c in rows if c[j].strip()) for j in range(len(years))]
        lines.append(",".join([f"Total exports from {supplier}", *(f"{v:g}" for v in sums),
                               "", "100%"]))
    return lines


def text(*tables: list[str]) -> bytes:
    return ("\n".join(line for t in tables for line in t) + "\n").encode()


YEARS = [2021, 2022, 2023]


def test_tables_one_after_another() -> None:
    data = text(table(YEARS, "Turkiye", [("Pakistan", ["", "35", "8"]),
                                         ("Qatar", ["0 ", "", "1"])]),
                table(YEARS, "Chile", []),
                table(YEARS, "China", [("Pakistan", ["700", "800", ""])]))
    p = parse_export(data, "many.csv")
    assert p.rejects == [] and p.rows_read == p.rows_kept == 5
    assert [t["empty"] for t in p.tables] == [False, True, False]
    assert [t["line"] for t in p.tables] == [8, 19, 27]
    f = p.frame.set_index(["scope", "country", "year"]).sort_index()
    assert f.loc[("Turkiye", "Pakistan", 2022), "tiv"] == 35
    assert f.loc[("China", "Pakistan", 2021), "tiv"] == 700
    assert f.loc[("Turkiye", "Qatar", 2021), "tiv"] == 0
    assert set(p.frame["side"]) == {"exports"}
    assert "Chile" not in set(p.frame["scope"])
    assert p.coverage.suppliers == "China, Turkiye" and not p.coverage.world
    checks = internal_totals(p.frame, ["side", "scope"], "many.csv", "table")
    assert [c["table"] for c in checks] == [["exports", "China"], ["exports", "Turkiye"]]
    assert all(c["ok"] for c in checks)


def test_a_table_with_rows_but_no_total_before_another_fails_with_its_line() -> None:
    first = table(YEARS, "Turkiye", [("Pakistan", ["", "35", "8"])])[:-1]  # total cut
    data = text(first, table(YEARS, "China", [("Pakistan", ["7", "8", ""])]))
    with pytest.raises(FormatError, match=r"^f\.csv: line 9: a table row after the table's "
                                          "end"):
        parse_export(data, "f.csv")


@pytest.mark.parametrize("cells", [["", "", ""], ["7", "", "8"]])
def test_rows_under_an_unreadable_header_are_never_dropped_silently(cells: list[str]) -> None:
    second = table(YEARS, "China", [("Chile", cells)])
    header = next(i for i, line in enumerate(second) if line.startswith("Recipient,"))
    second[header] = second[header].replace(",2021,", ",n/a,")
    data = text(table(YEARS, "Turkiye", [("Pakistan", ["", "35", "8"])]), second,
                table(YEARS, "Chile", []))
    lines = data.decode().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Chile,")) + 1
    with pytest.raises(FormatError, match=rf"^f\.csv: line {row}: a table row in a table's "
                                          r"preamble \(its header line unreadable\?\)"):
        parse_export(data, "f.csv")


def test_a_further_table_of_another_release_fails() -> None:
    data = text(table(YEARS, "Turkiye", [("Pakistan", ["", "35", "8"])]),
                table(YEARS, "China", [("Pakistan", ["7", "8", ""])],
                      stamp="Data generated: 18 May 2026 2:29:20 PM"))
    with pytest.raises(FormatError, match=r"^f\.csv: line 16: a further table of release "
                                          r"2026-05-18 in a file of release 2024-04-13"):
        parse_export(data, "f.csv")


def test_same_row_in_two_tables_is_kept_in_both() -> None:
    row = ("Pakistan", ["1", "2", "3"])
    p = parse_export(text(table(YEARS, "A", [row]), table(YEARS, "B", [row])), "f.csv")
    assert p.rejects == [] and sorted(set(p.frame["scope"])) == ["A", "B"]


NAME = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)
CELL = st.one_of(st.just(""), st.just("0 "), st.integers(0, 9000).map(str))


@st.composite
def files(draw: st.DrawFn) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Tables of distinct suppliers, each with distinct recipients (or none)."""
    suppliers = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
    return [(s, [(r, [draw(CELL) for _ in YEARS]) for r in
                 draw(st.lists(NAME, max_size=4, unique=True))]) for s in suppliers]


@settings(max_examples=50, deadline=None)
@given(tables=files())
def test_round_trip(tables: list[tuple[str, list[tuple[str, list[str]]]]]) -> None:
    p = parse_export(text(*(table(YEARS, s, rows) for s, rows in tables)), "gen.csv")
    assert p.rejects == []
    assert [t["empty"] for t in p.tables] == [not rows for _, rows in tables]
    rows = p.frame[~p.frame["is_total"]]
    got = {(r.scope, r.country, r.year): r.tiv for r in rows.itertuples()}
    published = set(rows["year"])
    want = {(s, name, y): float(c[j]) if c[j].strip() else math.nan
            for s, trs in tables for name, c in trs for j, y in enumerate(YEARS)
            if y in published}
    assert got.keys() == want.keys()
    assert all(got[k] == v or (math.isnan(got[k]) and math.isnan(v)) for k, v in want.items())
    assert all(c["ok"] for c in internal_totals(p.frame, ["side", "scope"], "gen.csv", "t"))


@pytest.mark.parametrize(("header", "seen"), [
    ("Rank,Supplier,Share of total 2019-2023", r"header on line 8 starting \['Rank', "
     r"'Supplier', 'Share of total 2019-2023'\] with 0 year column\(s\)"),
    ("Supplier,Recipient,Deal terms,2019,2020", r"header on line 8 starting \['Supplier', "
     r"'Recipient', 'Deal terms'\] with 2 year column\(s\)"),
])
def test_other_table_layouts_are_named_in_one_line(header: str, seen: str) -> None:
    data = text([*preamble(), header, "United States,1,2,3,4"])
    with pytest.raises(FormatError, match=r"^top\.csv: this SIPRI table layout is not "
                                          rf"supported yet: title 'Volume of transfers of "
                                          rf"major arms', {seen}$"):
        parse_export(data, "top.csv")
