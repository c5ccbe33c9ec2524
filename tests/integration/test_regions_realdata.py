"""SIPRI's regions and groupings (etl/data) against SIPRI's own regional table of the
2024-04-13 release: every region x supplier x year cell, summed from the register of the
same release over the area's members in that year, is within rounding (0.5)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from etl import regions
from etl.store import read_table

pytestmark = pytest.mark.realdata

RELEASE = "2024-04-13"
TABLE = "more/tiv-regional-by-supplier_1990-2023_generated-2024-04-13.csv"
SAME_AS = {"Middle East (no other region)": "Middle East"}
# Blocks of SIPRI's table not held in etl/data, each with its reason.
NOT_HELD = {
    "Rebel force": "not the set of entities SIPRI marks with '*': e.g. Russia's deliveries "
                   "in 2021 are 51 in the block, 4.9 to all '*' recipients",
}


@pytest.fixture(scope="module")
def built(real_build: Path) -> Path:
    return real_build


@pytest.fixture(scope="module")
def flows(built: Path) -> pd.DataFrame:
    """TIV by recipient, supplier and year of the 2024-04-13 release."""
    d = read_table(built, "deliveries")
    d = d[d["release"] == RELEASE]
    return d.groupby(["recipient", "supplier", "year"], as_index=False)["tiv"].sum()


def regional_table(path: Path) -> pd.DataFrame:
    """SIPRI's regional table, long: block, supplier, year, tiv (supplier rows only)."""
    with path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(i for i, r in enumerate(rows) if len(r) > 2 and not r[0] and r[2] == "1990")
    years = [int(c) for c in rows[header][2:] if c.isdigit()]
    out, block = [], ""
    for row in rows[header + 1:]:
        if not any(row):
            continue
        if row[0]:
            block = row[0]
            continue
        for year, cell in zip(years, row[2:2 + len(years)], strict=True):
            if cell.strip():
                out.append((block, row[1], year, float(cell)))
    return pd.DataFrame(out, columns=["block", "supplier", "year", "tiv"])


def block_members(flows: pd.DataFrame, block: str, kinds: dict[str, str]) -> pd.Series:
    """Which flows count in a block: the area's members in each year, or SIPRI's entity
    kinds for the blocks that follow them."""
    table = regions.regions_of(regions.read_regions(), RELEASE)
    placed = set(table["name"])
    kind = flows["recipient"].map(kinds)
    if block == "International organization":
        return (kind == "organisation") & ~flows["recipient"].isin(placed)
    if block == "Not applicable":
        return kind.isin(["organisation", "unknown"])
    if block == "Unknown/not applicable":
        return kind == "unknown"
    area = regions.areas(regions.read_regions(), regions.read_groupings(), RELEASE)[
        SAME_AS.get(block, block)]
    mask = pd.Series(False, index=flows.index)
    for member in area.members:
        mask |= ((flows["recipient"] == member.name)
                 & flows["year"].between(member.first_year, member.last_year))
    return mask


def test_every_block_of_sipris_regional_table_is_reproduced(sipri_dir: Path, built: Path,
                                                            flows: pd.DataFrame) -> None:
    entities = read_table(built, "entities")
    canonical = dict(entities[["name", "canonical"]].itertuples(index=False))
    table = regional_table(sipri_dir / TABLE)
    table["supplier"] = table["supplier"].map(lambda n: canonical.get(n, n))
    kinds = dict(entities[["canonical", "kind"]].itertuples(index=False))
    checked, off = [], {}
    for block, theirs in table.groupby("block"):
        if block in NOT_HELD:
            continue
        mine = flows[block_members(flows, str(block), kinds)].groupby(
            ["supplier", "year"])["tiv"].sum()
        cells = pd.concat([mine.rename("mine"), theirs.set_index(["supplier", "year"])[
            "tiv"].rename("sipri")], axis=1).fillna(0.0)
        wrong = cells[(cells["mine"] - cells["sipri"]).abs() > 0.5]
        checked.append((block, len(cells)))
        if len(wrong):
            off[block] = wrong.head(5).round(1).to_dict("index")
    assert not off, off
    assert len(checked) == 43 - len(NOT_HELD), checked
    assert sum(n for _, n in checked) == 19945, sum(n for _, n in checked)


def test_every_state_and_group_has_a_region(built: Path) -> None:
    entities = read_table(built, "entities")
    kinds = dict(entities[["canonical", "kind"]].itertuples(index=False))
    table = regions.read_regions()
    d = read_table(built, "deliveries")
    for release in read_table(built, "releases")["release"]:
        seen = set(d.loc[d["release"] == release, "recipient"]) | set(
            d.loc[d["release"] == release, "supplier"])
        assert regions.unplaced(table, seen, kinds, release) == ["unknown rebel group*"]
    known = set(entities["canonical"])
    assert regions.unknown_members(table, regions.read_groupings(), known) == []


def test_sipri_definitions_differ_from_the_un(built: Path) -> None:
    table = regions.regions_of(regions.read_regions(), "2026-02-12").set_index("name")
    assert table.loc["Egypt", "region"] == "Middle East"
    assert table.loc["Turkiye", "region"] == "Middle East"
    assert table.loc["Mexico", "subregion"] == "Central America and the Caribbean"
    assert table.loc["Western Sahara", "subregion"] == "Sub-Saharan Africa"
    assert table.loc["African Union**", ("region", "subregion")].tolist() == ["Africa", ""]
