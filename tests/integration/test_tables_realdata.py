"""The /tables view reconciles with SIPRI's own TIV tables of the 2024-04-13 release
(../shared/sipri): every country-year cell, each country's 1990-2023 total and
percentage, the world total row, and the order of the largest importers and exporters."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from dashboard.charts import tables as tc
from dashboard.data import Dataset
from dashboard.state import tablestate as ts

pytestmark = pytest.mark.realdata
RELEASE = "2024-04-13"
ROUNDING = 0.5 + 1e-6  # SIPRI rounds to whole millions (69.5 to 70)
FILES = {"imports": "tiv-imports_1990-2023_generated-2024-04-13.csv",
         "exports": "tiv-exports_1990-2023_generated-2024-04-13.csv"}


def sipri_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """SIPRI's header and rows (the lines after the preamble), as published."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if ",1990,1991," in line)
    rows = list(csv.reader(lines[start:]))
    return rows[0], [r for r in rows[1:] if r and r[0].strip()]


def cell(text: str) -> float | None:
    """A SIPRI cell: None where empty (no deliveries), else its number ('0 ' = below 0.5)."""
    return None if not text.strip() else float(text.strip().rstrip("%"))


def precision(text: str) -> float:
    """Half the last digit SIPRI printed: '8.5%' -> 0.05, '38%' -> 0.5."""
    decimals = len(text.strip().rstrip("%").partition(".")[2])
    return 0.5 * 10 ** -decimals + 1e-6


@pytest.mark.parametrize("side", ["imports", "exports"])
def test_every_cell_total_and_share_matches_sipri(dataset: Dataset, sipri_dir: Path,
                                                  side: str) -> None:
    header, rows = sipri_rows(sipri_dir / FILES[side])
    years = {i: int(h) for i, h in enumerate(header) if h.strip().isdigit()}
    total_col, share_col = header.index("1990-2023"), header.index("Percentage")
    view = ts.parse({"release": RELEASE, "side": side}, dataset.choices).view
    assert (view.scope.start, view.scope.end) == (1990, 2023)
    result = tc.table_result(dataset, view)
    table = result.table
    at = {name: i for i, name in enumerate(table.names)}
    keys = [c.key for c in table.columns]
    checked = 0
    for row in rows:
        name = row[0].strip()
        if name.lower().startswith("total"):
            world = [cell(row[i]) for i in years]
            assert np.allclose(table.column_total, world, atol=ROUNDING), name
            assert abs(table.grand_total - (cell(row[total_col]) or 0)) <= ROUNDING
            continue
        canonical = dataset.choices.country(name)
        assert canonical is not None, name
        i = at[dataset.name(canonical)]
        for j, year in years.items():
            theirs, ours = cell(row[j]), table.tiv[i, keys.index(f"y{year}")]
            if theirs is None:
                assert math.isnan(ours), (name, year)
            else:
                assert abs(ours - theirs) <= ROUNDING, (name, year, ours, theirs)
            checked += 1
        assert abs(table.total[i] - (cell(row[total_col]) or 0)) <= ROUNDING, name
        assert abs(table.share[i] - (cell(row[share_col]) or 0)) <= precision(
            row[share_col]), name
    assert checked == len(years) * (len(rows) - 1) and checked > 3000


def test_the_largest_match_sipris_order(dataset: Dataset, sipri_dir: Path) -> None:
    for side, first in (("imports", "India"), ("exports", "United States")):
        _, rows = sipri_rows(sipri_dir / FILES[side])
        theirs = [dataset.name(dataset.choices.country(r[0].strip()) or "")
                  for r in rows[:10]]
        view = ts.parse({"release": RELEASE, "side": side}, dataset.choices).view
        frame = tc.sorted_frame(tc.table_result(dataset, view), view)
        assert list(frame["name"][:10]) == theirs
        assert theirs[0] == first and list(frame["rank"][:3]) == [1, 2, 3]


def test_pakistan_by_period_matches_the_fact_sheet(dataset: Dataset) -> None:
    """SIPRI's fact sheet (March 2025): China supplied 81% of Pakistan's imports in
    2020-24 (release 2026-02-12, the newest with exact per-year values)."""
    view = ts.parse({"country": "Pakistan"}, dataset.choices).view
    assert view.by == "period" and view.scope.release == "2026-02-12"
    result = tc.table_result(dataset, view)
    table = result.table
    last = [c.label for c in table.columns].index("2020–24")
    china = table.names.index("China")
    assert round(table.column_share[china, last]) == 81
    assert table.column_rank[china, last] == 1
    assert result.notes == ()  # 1995-2024: every period complete
    csv_text = tc.csv_text(dataset, view)
    assert csv_text.splitlines()[0].startswith('"table","side","country"')
    assert f'"{view.scope.release}"' in csv_text.splitlines()[1]
