"""The whole build on small fixture files: tables, estimates, matching, atomic output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.build import BuildError, build, versions_dir
from etl.store import read_table


@pytest.fixture()
def sources(fixtures_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(fixtures_dir / "sipri", folder)
    return folder


def test_build_writes_valid_tables(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "data" / "build"
    manifest = build([sources], out)
    assert out.is_symlink() and (out / "manifest.json").is_file()
    for name in ("deliveries", "deals", "entities", "tiv_tables", "regional", "releases"):
        read_table(out, name)  # validates against the schema
    rel = read_table(out, "releases").set_index("release")
    assert rel.loc["2025-01-01", "per_year_exact"]
    assert not rel.loc["2025-06-01", "per_year_exact"]
    assert (rel.loc["2025-06-01", "first_year"], rel.loc["2025-06-01", "last_year"]) == (
        1971, 2024)
    assert all(r["ok"] for r in manifest["reconciliation"])
    assert len(manifest["reconciliation"]) == 1


def test_canonical_names_and_entities(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([sources], out)
    d = read_table(out, "deliveries")
    assert "UAE" not in set(d["supplier"]) and "United Arab Emirates" in set(d["supplier"])
    e = read_table(out, "entities").set_index("name")
    assert e.loc["UAE", "canonical"] == "United Arab Emirates"
    assert e.loc["United Arab Emirates", "iso3"] == "ARE"
    assert e.loc["Turkiye", "display_name"] == "Türkiye"
    assert e.loc["Soviet Union", "kind"] == "historical_state"
    assert pd.isna(e.loc["Soviet Union", "iso3"])
    assert pd.isna(e.loc["Czechoslovakia", "iso3"])
    assert e.loc["Houthi rebels (Yemen)*", "kind"] == "non_state_group"
    assert e.loc["unknown recipient(s)", "kind"] == "unknown"
    assert "UAE" in list(e.loc["United Arab Emirates", "spellings"])


def test_classic_release_estimates_and_matching(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    manifest = build([sources], out)
    deals = read_table(out, "deals")
    classic = deals[deals["release"] == "2025-06-01"]
    drone = classic[classic["designation"] == "FX-Drone"].iloc[0]
    assert drone["deal_id"] == 1001 and drone["deal_id_known"]
    assert drone["category"] == "Aircraft"
    radar = classic[classic["designation"] == "FX-Radar"].iloc[0]
    assert radar["deal_id"] == 1003  # UAE in one release, United Arab Emirates in the other
    sub = classic[classic["designation"] == "FX-Sub"].iloc[0]
    assert sub["deal_id"] < 0 and not sub["deal_id_known"] and sub["category"] == "unknown"
    assert bool(sub["open"])
    partly = classic[(classic["designation"] == "FX-Tank") & (classic["order_year"] == 2023)]
    assert bool(partly.iloc[0]["open"])
    assert not bool(classic[classic["designation"] == "FX-Radar"].iloc[0]["open"])
    old = classic[classic["designation"] == "FX-Old"].iloc[0]
    assert old["category"] == "Armoured vehicles"  # by description 'tank'
    guns = classic[classic["designation"] == "FX-Gun"]
    assert len(guns) == 2 and guns["deal_id"].nunique() == 2
    d = read_table(out, "deliveries")
    est = d[(d["release"] == "2025-06-01") & (d["deal_id"] == 1001)].sort_values("year")
    assert est["year"].tolist() == [2022, 2023, 2024]
    assert est["tiv"].tolist() == pytest.approx([7.2, 7.2, 7.2])  # 21.6 over three years
    assert est["units"].tolist() == pytest.approx([3, 3, 3])
    assert est["tiv_estimated"].all()
    exact = d[d["release"] == "2025-01-01"]
    assert not exact["tiv_estimated"].any()
    m = manifest["deal_id_matching"]["2025-06-01"]
    assert m["deals"] == 8 and m["matched"] == 4  # drone, tank, radar, one gun
    assert manifest["categories"]["2025-06-01"]["unknown"] == 1


def test_deals_from_by_year_release(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([sources], out)
    deals = read_table(out, "deals")
    drone = deals[(deals["release"] == "2025-01-01") & (deals["deal_id"] == 1001)].iloc[0]
    assert list(drone["delivery_years"]) == [2022, 2023]
    assert drone["number_delivered"] == 5 and drone["tiv_delivered"] == pytest.approx(12.0)
    assert drone["number_ordered"] != drone["number_ordered"]  # NaN: not in this format
    assert pd.isna(drone["open"])


def test_rebuild_unchanged_is_skipped_and_changed_is_swapped(sources: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build([sources], out)
    again = build([sources], out)
    assert again.get("skipped") and again["build_id"] == first["build_id"]
    (sources / "tiv_imports.csv").unlink()
    second = build([sources], out)
    assert second["build_id"] != first["build_id"]
    assert json.loads((out / "manifest.json").read_text())["build_id"] == second["build_id"]
    versions = sorted(p.name for p in versions_dir(out).iterdir())
    assert first["build_id"] in versions and second["build_id"] in versions


def test_failed_build_leaves_previous_untouched(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build([sources], out)
    (sources / "broken.csv").write_text("not a SIPRI export\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"broken\.csv: not a SIPRI export"):
        build([sources], out)
    assert json.loads((out / "manifest.json").read_text())["build_id"] == first["build_id"]
    assert len(list(versions_dir(out).iterdir())) == 1


def test_plain_folder_from_older_build_is_replaced(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    build([sources], out)
    assert out.is_symlink()
    assert json.loads((out / "manifest.json").read_text())["build_id"]


def test_cli_build_and_info(sources: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from etl.cli import main

    out = tmp_path / "build"
    assert main(["build", "--from", str(sources), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "release 2025-06-01: deliveries 1971-2024" in printed
    assert main(["build", "--from", str(sources), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["info", str(out)]) == 0
    info = capsys.readouterr().out
    assert "release 2025-01-01: deliveries 1990-2023, formats by_year, tiv_table" in info
    assert "release 2025-06-01: 100.0% of delivered TIV is an estimated per-year split" in info
    assert "rows: deliveries" in info


def test_info_without_build_is_one_clear_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from etl.cli import main

    assert main(["info", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("armsdash info: error: ") and "no build here" in err


def test_unchanged_rebuild_imports_neither_pandas_nor_pyarrow(sources: Path,
                                                               tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "build"
    build([sources], out)
    code = ("import sys; from pathlib import Path; from etl.build import build; "
            f"m = build([Path({str(sources)!r})], Path({str(out)!r})); "
            "heavy = [n for n in ('pandas', 'pyarrow', 'country_converter') "
            "if n in sys.modules]; print(m.get('skipped'), heavy)")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, check=True)
    assert done.stdout.strip() == "True []"


def test_only_the_last_versions_are_kept(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    ids = []
    for i in range(5):
        if i:  # one more file (a repeat of a table) forces a new build each time
            shutil.copy(sources / "tiv_imports.csv", sources / f"tiv_copy{i}.csv")
        ids.append(build([sources], out)["build_id"])
    kept = sorted(p.name for p in versions_dir(out).iterdir())
    assert kept == sorted(ids[-3:])
    assert out.resolve().name == ids[-1]
