"""The regional TIV table through the build and into the dashboard's Dataset, on a fixture
written here and on SIPRI's real regional table; builds from tables alone."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from dashboard.data import load_dataset
from etl.build import BuildError, build
from etl.store import read_table

REAL_REGIONAL = "more/tiv-regional-by-supplier_1990-2023_generated-2024-04-13.csv"
README_REGIONS = (
    "Africa, Americas, Asia and Oceania, Europe, Middle East, North Africa, Sub-Saharan "
    "Africa, North America, Central America and the Caribbean, South America, Central Asia, "
    "East Asia, Oceania, South Asia, South East Asia, Central Europe, Eastern Europe, "
    "Western Europe, Middle East (no other region), NATO, EC/EU, ASEAN, AU/OAU, CIS, "
    "CSTO/CST, GCC, Arab League, ECOWAS, SADC, SCO, SAARC, OAS, NAM, G5 Sahel, "
    "International organization, Rebel force, Not applicable")


@pytest.fixture()
def regional_fixture(fixtures_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "in" / "regional-table.csv"
    path.parent.mkdir()
    shutil.copy(fixtures_dir / "sipri-more" / "regional.csv", path)
    return path


def test_build_writes_the_regional_table_and_the_dataset_serves_it(
        fixtures_dir: Path, regional_fixture: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    manifest = build([fixtures_dir / "sipri" / "by_year.csv", regional_fixture], out)
    table = read_table(out, "regional")  # validated against its schema
    assert set(table["release"]) == {"2025-01-01"}
    # supplier names are canonical, as in every other table; the total keeps its label
    assert "UAE" not in set(table["supplier"])
    assert {"United Arab Emirates", "Regional total"} <= set(table["supplier"])
    assert manifest["tables"]["regional"] == len(table) == 11 * 4
    assert [r["ok"] for r in manifest["internal_totals"]] == [True] * 4
    formats = {s["format"] for s in manifest["sources"]}
    assert formats == {"by_year", "regional"}
    ds = load_dataset(out)
    south = ds.regional[(ds.regional["region"] == "South Asia") & (ds.regional["year"] == 2022)]
    assert dict(zip(south["supplier"], south["tiv"], strict=True)) == {
        "Regional total": 36, "Turkiye": 35, "United Arab Emirates": 1}


def test_a_regional_table_whose_total_is_wrong_fails_the_build(
        fixtures_dir: Path, regional_fixture: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build([fixtures_dir / "sipri" / "by_year.csv"], out)
    text = regional_fixture.read_text(encoding="utf-8")
    regional_fixture.write_text(text.replace("South Asia,Regional total,0,36,",
                                             "South Asia,Regional total,0,46,"),
                                encoding="utf-8")
    with pytest.raises(BuildError, match=r"regional-table\.csv: line 16: region 'South Asia' "
                                         r"2022: the rows add up to 36\.0, the total row "
                                         r"says 46"):
        build([fixtures_dir / "sipri" / "by_year.csv", regional_fixture], out)
    assert json.loads((out / "manifest.json").read_text())["build_id"] == first["build_id"]


@pytest.mark.parametrize("name", ["tiv_imports.csv", "regional"])
def test_a_build_from_one_table_alone(fixtures_dir: Path, regional_fixture: Path,
                                      tmp_path: Path, name: str) -> None:
    source = regional_fixture if name == "regional" else fixtures_dir / "sipri" / name
    out = tmp_path / "build"
    manifest = build([source], out)
    assert manifest["tables"]["deals"] == manifest["tables"]["deliveries"] == 0
    for table in ("deliveries", "deals", "tiv_tables", "regional", "releases"):
        read_table(out, table)
    assert len(load_dataset(out).releases) == 1


@pytest.mark.realdata
def test_real_regional_table(sipri_dir: Path, tmp_path: Path) -> None:
    path = sipri_dir / REAL_REGIONAL
    out = tmp_path / "build"
    manifest = build([path], out)
    table = read_table(out, "regional")
    regions = set(table["region"])
    assert len(regions) == 43
    assert set(README_REGIONS.split(", ")) <= regions
    # every cell of the file is in the table: read the file here with the csv module
    with path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))[11:]
    header_years = list(range(1990, 2024))
    cells = {}
    region = ""
    for row in rows:
        region = row[0] or region
        for year, cell in zip(header_years, row[2:36], strict=True):
            cells[(region, row[1], year)] = cell.strip()
    assert len(table) == len(cells) == 2026 * 34
    got = table.set_index(["region", "supplier", "year"])["tiv"]
    names = {"Turkiye", "United States", "China", "Regional total"}
    for (reg, sup, year), cell in cells.items():
        if sup in names:
            value = got[(reg, sup, year)]
            assert (value == float(cell)) if cell else value != value
    # SIPRI's own totals: each region's suppliers add up to its Regional total within
    # rounding, every region and year
    checks = manifest["internal_totals"]
    assert len(checks) == 43 and all(c["ok"] for c in checks)
    assert sum(c["cells"] for c in checks) == 43 * 34
    africa = table[(table["region"] == "Africa") & (table["year"] == 1990)]
    assert africa.loc[africa["is_total"], "tiv"].item() == 1306
    assert abs(africa.loc[~africa["is_total"], "tiv"].sum() - 1306) <= 0.5 * (
        africa.loc[~africa["is_total"], "tiv"].notna().sum() + 1)


def test_regional_file_passed_twice_is_read_once(regional_fixture: Path, tmp_path: Path) -> None:
    copy = regional_fixture.with_name("copy.csv")
    shutil.copy(regional_fixture, copy)
    manifest = build([regional_fixture, copy], tmp_path / "build")
    assert manifest["tables"]["regional"] == 11 * 4


def test_build_error_is_one_line(regional_fixture: Path, tmp_path: Path) -> None:
    regional_fixture.write_text(regional_fixture.read_text(encoding="utf-8")
                                + ",Turkiye,1,,,,,,\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build([regional_fixture], tmp_path / "build")
    assert "\n" not in str(err.value) and "line 23" in str(err.value)
    assert "supplier listed twice" in str(err.value)
