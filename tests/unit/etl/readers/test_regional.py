"""The regional TIV table reader: blocks of region and suppliers, on files written here."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.readers.load import parse_export
from etl.readers.preamble import FormatError
from etl.reconcile import ReconcileError, check_internal, internal_totals

PREAMBLE = [
    "FIXTURE FOR TESTS (invented figures). Volume of exports of major arms by region "
    "broken down by suppliers",
    "Figures are in millions of SIPRI trend-indicator values (TIVs).",
    "Figures may not add up to stated totals due to the conventions of rounding.",
    "",
    "Source: invented for the armsdash test suite.",
    "Data generated: 2 Feb 2025 9:00:00 AM",
    "",
]


def _fixture(fixtures_dir: Path) -> bytes:
    return (fixtures_dir / "sipri-more" / "regional.csv").read_bytes()


def _file(years: list[int], blocks: list[tuple[str, list[tuple[str, list[str]]]]],
          totals: dict[str, list[str]] | None = None) -> str:
    """A regional table in SIPRI's layout; each region's total is the sum of its cells
    unless `totals` gives it."""
    lines = [*PREAMBLE, ",," + ",".join(map(str, years)) + f",{years[0]}-{years[-1]},"
             "% of regional total"]
    for region, suppliers in blocks:
        sums = [sum(float(cells[j]) for _, cells in suppliers if cells[j].strip())
                for j in range(len(years))]
        total = (totals or {}).get(region) or [f"{s:g}" for s in sums]
        lines.append(f"{region},Regional total," + ",".join(total) + f",{sum(sums):g},100%")
        lines += [f",{name}," + ",".join(cells) + ",," for name, cells in suppliers]
    return "\n".join(lines) + "\n"


def test_fixture_blocks_totals_zero_and_empty(fixtures_dir: Path) -> None:
    p = parse_export(_fixture(fixtures_dir), "regional.csv")
    assert (p.format, p.release, p.rows_read, p.rows_kept, p.rejects) == (
        "regional", "2025-01-01", 11, 11, [])
    f = p.frame.set_index(["region", "supplier", "year"]).sort_index()
    assert sorted(set(p.frame["region"])) == ["Asia and Oceania", "NATO", "Rebel force",
                                              "South Asia"]
    assert sorted(set(p.frame["year"])) == [2021, 2022, 2023, 2024]  # 2025 not published
    assert f.loc[("South Asia", "Turkiye", 2022), "tiv"] == 35
    assert f.loc[("Asia and Oceania", "unknown supplier(s)", 2022), "tiv"] == 0
    assert math.isnan(f.loc[("Asia and Oceania", "unknown supplier(s)", 2023), "tiv"])
    total = f.loc[("Asia and Oceania", "Regional total", 2022)]
    assert bool(total["is_total"]) and total["tiv"] == 39 and total["line"] == 12
    assert not f.loc[("NATO", "Turkiye", 2021), "is_total"]
    # a region with no supplier rows keeps its total row
    assert list(f.loc[("Rebel force", "Regional total"), "tiv"]) == [0, 0, 0, 0]


def test_fixture_totals_hold_within_rounding(fixtures_dir: Path) -> None:
    p = parse_export(_fixture(fixtures_dir), "regional.csv")
    results = internal_totals(p.frame, ["region"], "regional.csv", "region")
    assert [r["table"] for r in results] == [["Asia and Oceania"], ["NATO"], ["Rebel force"],
                                             ["South Asia"]]
    assert all(r["ok"] for r in results)
    check_internal(results)


def test_a_total_its_suppliers_do_not_add_up_to_names_file_and_line() -> None:
    text = _file([2020, 2021], [("Europe", [("France", ["10", "4"]), ("Italy", ["3", ""])])],
                 totals={"Europe": ["13", "9"]})
    p = parse_export(text.encode(), "reg.csv")
    results = internal_totals(p.frame, ["region"], "reg.csv", "region")
    assert [r["mismatches"] for r in results] == [1]
    with pytest.raises(ReconcileError, match=r"^reg\.csv: line 9: region 'Europe' 2021: "
                                             r"the rows add up to 4\.0, the total row says 9"):
        check_internal(results)


def test_rounding_allowance_grows_with_the_cells_added() -> None:
    # three suppliers each below 0.5 ("0") under a total of 1: within rounding
    zero = _file([2020], [("Oceania", [("A", ["0"]), ("B", ["0"]), ("C", ["0"])])],
                 totals={"Oceania": ["1"]})
    p = parse_export(zero.encode(), "z.csv")
    assert all(r["ok"] for r in internal_totals(p.frame, ["region"], "z.csv", "region"))
    # one supplier 0 under a total of 2: more than rounding can explain
    off = _file([2020], [("Oceania", [("A", ["0"])])], totals={"Oceania": ["2"]})
    p = parse_export(off.encode(), "o.csv")
    assert not any(r["ok"] for r in internal_totals(p.frame, ["region"], "o.csv", "region"))


@pytest.mark.parametrize(("body", "line", "reason"), [
    (",France,1\nEurope,Regional total,1\n", 9, "supplier row before any region"),
    ("Europe,Regional total,2\n,France,1\n,France,1\n", 11, "supplier listed twice"),
    ("Europe,Regional total,1\nAsia,France,1\n", 10, "must be its 'Regional total' row"),
    ("Europe,Regional total,1\nEurope,Regional total,1\n", 10, "region opened twice"),
    ("Europe,Regional total,1\n,,1\n", 10, "empty supplier"),
    ("Europe,Regional total,1\n,France,x\n", 10, "not a number"),
    ("Europe,Regional total,1\n,France\n", 10, "expected 3 cells, found 2"),
])
def test_broken_block_layout_fails_with_its_line(body: str, line: int, reason: str) -> None:
    text = "\n".join([*PREAMBLE, ",,2020"]) + "\n" + body
    with pytest.raises(FormatError, match=rf"^r\.csv: line {line}\b.*{reason}"):
        parse_export(text.encode(), "r.csv")


NAMES = st.text(st.characters(whitelist_categories=("L",), max_codepoint=0x24F),
                min_size=1, max_size=12).map(str.strip).filter(bool)
CELL = st.one_of(st.just(""), st.integers(0, 5000).map(str), st.just("0 "))


@st.composite
def regional_tables(draw: st.DrawFn) -> tuple[list[int], list[tuple[str, list[tuple[
        str, list[str]]]]]]:
    """Random years and blocks of distinct regions, each with distinct suppliers."""
    first = draw(st.integers(1950, 2020))
    years = list(range(first, first + draw(st.integers(1, 6))))
    regions = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    blocks = []
    for region in regions:
        names = draw(st.lists(NAMES.filter(lambda n: n != "Regional total"),
                              max_size=6, unique=True))
        blocks.append((region, [(n, [draw(CELL) for _ in years]) for n in names]))
    return years, blocks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=regional_tables(), resave=st.sampled_from(["", "crlf", "bom;"]))
def test_round_trip(table: tuple[list[int], list[tuple[str, list[tuple[str, list[str]]]]]],
                    resave: str) -> None:
    years, blocks = table
    text = _file(years, blocks)
    if resave == "crlf":
        text = text.replace("\n", "\r\n")
    elif resave == "bom;":
        text = "\ufeff" + "".join(line + ";\n" for line in text.splitlines())
    p = parse_export(text.encode("utf-8"), "gen.csv")
    assert p.rows_read == p.rows_kept == sum(1 + len(s) for _, s in blocks)
    want = pd.DataFrame(
        [(region, name, y, float(cells[j]) if cells[j].strip() else math.nan)
         for region, suppliers in blocks for name, cells in suppliers
         for j, y in enumerate(years)],
        columns=["region", "supplier", "year", "tiv"])
    got = p.frame[~p.frame["is_total"]][["region", "supplier", "year", "tiv"]]
    key = ["region", "supplier", "year"]
    assert set(map(tuple, got[key].to_numpy().tolist())) <= set(map(
        tuple, want[key].to_numpy().tolist()))
    merged = want.merge(got, on=key, how="left", suffixes=("_want", "_got"))
    published = set(got["year"])
    merged = merged[merged["year"].isin(published)]
    assert ((merged["tiv_want"] == merged["tiv_got"])
            | (merged["tiv_want"].isna() & merged["tiv_got"].isna())).all()
    totals = p.frame[p.frame["is_total"]]
    assert sorted(set(totals["region"])) == sorted(r for r, _ in blocks)
    assert all(r["ok"] for r in internal_totals(p.frame, ["region"], "gen.csv", "region"))
