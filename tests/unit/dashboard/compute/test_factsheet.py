"""The fact sheet's numbers on the tiny build, each worked out by hand from its rows
(tests/unit/dashboard/tiny_build.py): 2020–24 against 2015–19, release 2026-02-12."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.compute import factsheet as fs
from dashboard.data import load_dataset
from etl.schema import DEALS, DELIVERIES, ENTITIES, RELEASES, TIV_TABLES
from etl.store import write_table
from tests.unit.dashboard import tiny_build

WORLD_NOW = 500 + 300 + 60 + 40 + 0 + 700 + 5 + 1  # deliveries 2020-24
WORLD_BEFORE = 300 + 20 + 900 + 0 + 10  # deliveries 2015-19


@pytest.fixture(scope="module")
def sheet(tiny_dataset) -> fs.FactSheet:  # type: ignore[no-untyped-def]
    return fs.fact_sheet(tiny_dataset, "2026-02-12", 2024)


def test_world_volume_and_its_change(sheet: fs.FactSheet) -> None:
    assert sheet.periods.now == (2020, 2024) and sheet.periods.before == (2015, 2019)
    assert sheet.periods.earlier is None  # the release starts in 2015
    assert sheet.world["now"] == pytest.approx(WORLD_NOW)
    assert sheet.world["before"] == pytest.approx(WORLD_BEFORE)
    assert sheet.world["change_before"] == pytest.approx((WORLD_NOW / WORLD_BEFORE - 1) * 100)
    assert sheet.world["change_earlier"] is None


def test_only_states_are_ranked_but_everyone_counts(sheet: fs.FactSheet) -> None:
    assert [n for n, _ in sheet.top_exporters] == ["China", "Russia", "Netherlands",
                                                   "Turkiye"]
    assert sheet.top_exporters[0][1] == pytest.approx(800 / WORLD_NOW * 100)
    assert [n for n, _ in sheet.top_importers] == ["Pakistan", "India"]
    assert (sheet.supplier_states, sheet.recipient_states) == (4, 2)
    assert sheet.armed_groups == ["Hamas (Palestine)*"]


def test_exporter_rows(sheet: fs.FactSheet) -> None:
    rows = sheet.exporters.set_index("name")
    china = rows.loc["China"]
    assert china["rank"] == 1
    assert china["share_before"] == pytest.approx(300 / WORLD_BEFORE * 100)
    assert china["change"] == pytest.approx((800 / 300 - 1) * 100)
    assert china["partners"] == [("Pakistan", pytest.approx(100.0))]
    turkiye = rows.loc["Turkiye"]
    assert turkiye["partners"] == [("Pakistan", pytest.approx(40 / 41 * 100)),
                                   ("Hamas (Palestine)*", pytest.approx(1 / 41 * 100))]
    assert turkiye["partner_states"] == 1  # Hamas is no state
    assert turkiye["to Asia and Oceania"] == pytest.approx(40 / 41 * 100)
    assert turkiye["to Middle East"] == pytest.approx(1 / 41 * 100)
    assert turkiye["to Europe"] == 0


def test_importer_rows_leave_unknown_suppliers_out_of_the_main_ones(sheet: fs.FactSheet
                                                                     ) -> None:
    pakistan = sheet.importers.set_index("name").loc["Pakistan"]
    assert pakistan["tiv"] == pytest.approx(900)
    assert [n for n, _ in pakistan["partners"]] == ["China", "Netherlands", "Turkiye"]
    assert pakistan["partners"][0][1] == pytest.approx(800 / 900 * 100)
    assert pakistan["partner_states"] == 3  # the unknown supplier is no state


def test_regions_and_their_main_importers(sheet: fs.FactSheet) -> None:
    rows = sheet.regions.set_index("area")
    assert rows.loc["Asia and Oceania", "tiv"] == pytest.approx(1600)
    assert rows.loc["South Asia", "parent"] == "Asia and Oceania"
    assert rows.loc["Middle East", "tiv"] == pytest.approx(6)
    assert rows.loc["Asia and Oceania", "change"] == pytest.approx(
        (1600 / (300 + 20 + 900 + 0 + 10) - 1) * 100)
    (first, part, main), second = rows.loc["South Asia", "importers"]
    assert (first, second[0]) == ("Pakistan", "India")
    assert part == pytest.approx(900 / 1600 * 100)
    assert main == [("China", pytest.approx(800 / 900 * 100))]
    assert rows.loc["Europe", "tiv"] == 0 and pd.isna(rows.loc["Europe", "change"])


def test_moving_average_is_of_the_five_years_to_each_year(sheet: fs.FactSheet) -> None:
    annual = sheet.annual.set_index("year")
    assert annual.index[0] == 2015 and annual.index[-1] == 2024
    assert annual["moving_average"].isna().sum() == 4
    assert annual.loc[2019, "moving_average"] == pytest.approx(WORLD_BEFORE / 5)
    assert annual.loc[2024, "moving_average"] == pytest.approx(WORLD_NOW / 5)


def test_csv_tables_name_the_release_and_the_units(sheet: fs.FactSheet) -> None:
    frames = fs.csv_frames(sheet, lambda n: {"Turkiye": "Türkiye"}.get(n, n))
    assert set(frames) == {"key-facts", "world-volume", "exporters", "importers", "regions"}
    text = fs.csv_text(frames["exporters"], "2026-02-12")
    assert text.startswith("# Source: SIPRI Arms Transfers Database, release 2026-02-12")
    assert "not money" in text.splitlines()[0]
    table = pd.read_csv(pd.io.common.StringIO(text), comment="#")
    assert (table["release"] == "2026-02-12").all()
    assert "Türkiye" in set(table["name"]) and "% of world 2020–24" in table.columns


def test_one_countrys_register_gives_no_fact_sheet(tmp_path: Path) -> None:
    deliveries = tiny_build.deliveries_frame()
    one = deliveries[(deliveries["release"] == "2026-02-12")
                     & (deliveries["supplier"] == "China")].assign(release="2025-02-10")
    write_table(pd.concat([deliveries, one], ignore_index=True), DELIVERIES, tmp_path)
    write_table(tiny_build.empty_frame(DEALS.names), DEALS, tmp_path)
    write_table(tiny_build.entities_frame(), ENTITIES, tmp_path)
    write_table(tiny_build.empty_frame(TIV_TABLES.names), TIV_TABLES, tmp_path)
    releases = tiny_build.releases_frame()
    extra = releases.iloc[[0]].assign(release="2025-02-10")
    write_table(pd.concat([releases, extra], ignore_index=True), RELEASES, tmp_path)
    (tmp_path / "manifest.json").write_text('{"build_id": "x"}', encoding="utf-8")
    eligible = fs.eligible_releases(load_dataset(tmp_path))
    assert sorted(eligible) == ["2026-02-12", "2026-05-18"]  # China's register is not
