"""/tables?rows=regions|subregions|groupings reconciles with SIPRI's regional table of the
2024-04-13 release (../shared/sipri/more): every area's imports in every year 1990-2023
and over the whole span equal SIPRI's 'Regional total' row within SIPRI's rounding, and
every block of SIPRI's table that is an area is in one of the three tables; and each
area's own table (/tables?country=AREA) holds SIPRI's block of it, supplier by supplier."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import tables as tc
from dashboard.data import Dataset
from dashboard.state import tablestate as ts
from etl import regions
from etl.readers.load import read_export

pytestmark = pytest.mark.realdata
RELEASE = "2024-04-13"
TABLE = "more/tiv-regional-by-supplier_1990-2023_generated-2024-04-13.csv"
ROUNDING = 0.5 + 1e-6
# SIPRI's blocks that are no region, subregion or grouping of etl/data, with the reason.
NOT_AREAS = {
    "Rebel force": "non-state recipients, not an area",
    "International organization": "an entity kind, not an area",
    "Not applicable": "an entity kind, not an area",
    "Unknown/not applicable": "an entity kind, not an area",
    "Middle East (no other region)": "the Middle East's states outside other blocks",
}


def regional_totals(path: Path) -> dict[str, list[float]]:
    """SIPRI's 'Regional total' row of each block: 1990..2023, then 1990-2023."""
    with path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))
    return {r[0]: [float(c) for c in r[2:2 + 35]] for r in rows
            if len(r) > 2 and r[1] == "Regional total"}


def area_table(dataset: Dataset, rows: str) -> dict[str, list[float]]:
    """Our table of one kind: per area, each year's TIV (0 where empty), then the total."""
    view = ts.parse_search(f"?release={RELEASE}&years=1990-2023&rows={rows}",
                           dataset.choices).view
    table = tc.table_result(dataset, view).table
    return {name: [*np.nan_to_num(table.tiv[i]).tolist(), float(table.total[i])]
            for i, name in enumerate(table.names)}


def test_every_area_matches_sipris_regional_totals(dataset: Dataset, sipri_dir: Path) -> None:
    sipri = regional_totals(sipri_dir / TABLE)
    ours: dict[str, list[float]] = {}
    for rows in ("regions", "subregions", "groupings"):
        ours.update(area_table(dataset, rows))
    assert set(sipri) - set(ours) == set(NOT_AREAS)
    assert len(ours) >= 35
    for name, values in ours.items():
        published = sipri.get(name)
        if published is None:  # an area of etl/data with no block in SIPRI's table
            continue
        off = [(year, v, p) for year, v, p in zip([*range(1990, 2024), "1990-2023"],
                                                   values, published, strict=True)
               if abs(v - p) > ROUNDING]
        assert not off, (name, off[:5])


def test_region_shares_are_of_world_imports_and_named_on_the_page(dataset: Dataset) -> None:
    view = ts.parse_search(f"?release={RELEASE}&years=1990-2023&rows=regions",
                           dataset.choices).view
    result = tc.table_result(dataset, view)
    world = dataset.world_grid(RELEASE, "imports").sums(1990, 2023)[0].sum()
    assert result.table.grand_total == pytest.approx(world)
    assert result.table.share.sum() < 100.0  # unknown recipients are in no region
    assert any("in no region" in n for n in result.notes)
    assert result.name_column == "region" and result.of == "world imports"


@pytest.fixture(scope="module")
def sipri_cells(sipri_dir: Path) -> pd.DataFrame:
    """SIPRI's regional table read by the project's reader: block, supplier, year, tiv."""
    frame = read_export(sipri_dir / TABLE).frame
    return frame[frame["region"].map(lambda r: r not in NOT_AREAS)]


def partner_table(dataset: Dataset, area: str) -> tuple[dict[str, list[float]], float]:
    """/tables?country=AREA by year: each supplier's TIV in 1990..2023 (NaN where none),
    and the table's total."""
    parsed = ts.parse_search(f"?release={RELEASE}&years=1990-2023&by=year&country={area}",
                             dataset.choices, dataset.areas)
    assert parsed.notices == () and parsed.view.country == area
    table = tc.table_result(dataset, parsed.view).table
    return ({n: table.tiv[i].tolist() for i, n in enumerate(table.names)},
            table.grand_total)


def test_every_areas_partner_table_matches_sipris_regional_table(
        dataset: Dataset, sipri_cells: pd.DataFrame) -> None:
    """Each area's imports by supplier and year, as /tables shows them, against SIPRI's
    block of the area: every supplier cell within rounding, no delivery where SIPRI has
    none and none missing, the suppliers the same, and the total within rounding."""
    checked = 0
    for block, cells in sipri_cells.groupby("region"):
        ours, total = partner_table(dataset, str(block))
        published = cells[cells["is_total"]]
        assert abs(total - published["tiv"].sum()) <= ROUNDING * len(published), block
        rows = cells[~cells["is_total"]]
        suppliers = {dataset.name(dataset.choices.country(s) or s) for s in rows["supplier"]}
        assert set(ours) == suppliers, (block, set(ours) ^ suppliers)
        for supplier, theirs in rows.groupby("supplier"):
            mine = ours[dataset.name(dataset.choices.country(str(supplier)) or "")]
            for year, value in zip(theirs["year"], theirs["tiv"], strict=True):
                got = mine[int(year) - 1990]
                assert np.isnan(got) == np.isnan(value), (block, supplier, year, got)
                assert np.isnan(got) or abs(got - value) <= ROUNDING, (block, supplier, year)
                checked += 1
    assert sipri_cells["region"].nunique() == 43 - len(NOT_AREAS)
    assert checked == (~sipri_cells["is_total"]).sum()


def test_an_areas_table_says_what_it_counts(dataset: Dataset) -> None:
    """NATO's imports 1990-2023: members in their years, the trade between members
    summed from the register by hand here (both ends members that year)."""
    parsed = ts.parse_search(f"?release={RELEASE}&years=1990-2023&country=nato",
                             dataset.choices, dataset.areas)
    result = tc.table_result(dataset, parsed.view)
    note = next(n for n in result.notes if n.startswith("NATO (grouping)"))
    nato = dataset.area(RELEASE, "NATO")
    assert nato is not None
    flows = dataset.sides[(RELEASE, "imports")]
    inside = total = 0.0
    for member in nato.members:
        i = flows.index.get(member.name)
        if i is None:
            continue
        for row in range(int(flows.starts[i]), int(flows.starts[i + 1])):
            year = int(flows.year[row]) + flows.first
            if not member.counts_in(year) or not 1990 <= year <= 2023:
                continue
            total += float(flows.tiv[row])
            partner = dataset.names[flows.partner[row]]
            if any(mb.name == partner and mb.counts_in(year) for mb in nato.members):
                inside += float(flows.tiv[row])
    assert total == pytest.approx(result.table.grand_total)
    assert f"{inside:,.0f} TIV ({inside / total * 100:.1f}%)" in note
    assert "each in the years it belongs (membership changed" in note
    assert "as in SIPRI's regional table" in note
    assert result.subject == "arms imports of NATO (grouping) by supplier"


def test_an_areas_members_are_those_of_the_years_shown(dataset: Dataset) -> None:
    """NATO in 1990-1995: the members the groupings file gives for those years (read here
    with the csv module), no change of membership within them; in 1990-2023 a change."""
    with regions.GROUPINGS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["grouping"] == "NATO"]
    then = {r["member"] for r in rows
            if int(r["first_year"]) <= 1995 and int(r["last_year"] or 9999) >= 1990}
    assert 16 <= len(then) < len({r["member"] for r in rows})
    parsed = ts.parse_search(f"?release={RELEASE}&years=1990-1995&country=NATO",
                             dataset.choices, dataset.areas)
    notes = tc.table_result(dataset, parsed.view).notes
    note = next(n for n in notes if n.startswith("NATO (grouping)"))
    assert f"the imports of its {len(then)} members in 1990–1995, summed." in note
