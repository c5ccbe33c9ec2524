"""A classic register cut exactly at a line end is said to be cut: a warning in the build
output, the manifest and `armsdash info` where it shows (rows out of SIPRI's order, an
early end of the alphabet, fewer rows than a build of the same release before), and a
failed build where a TIV table of the same release shows recipients it lacks. The
registers are written here, in the layout of SIPRI's classic export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.build import BuildError, build

ROOT = Path(__file__).resolve().parents[2]
HEAD = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon " \
       "description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per " \
       "unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons"
ROWS = [
    "Algeria,Russia,2019,,4,,FX-Jet,fighter aircraft,4,,2021; 2022,New,,10,40,40",
    "Egypt,France,2018,,4,,FX-Gun,towed gun,4,,2020,New,,1,4,4",
    "Pakistan,China,2019,,10,,FX-Tank,tank,10,,2022,New,,3,30,30",
    "Pakistan,Turkiye,2021,?,9,?,FX-Drone,armed UAV,9,?,2022; 2023,New,,2,18,18",
    "Zimbabwe,China,2020,,6,,FX-Truck,armoured vehicle,6,,2022,New,,1,6,6",
]
TIV_HEAD = "Recipient,2019,2020,2021,2022,2023,2019-2023,Percentage,Sum total years," \
           "Percentage of total"


def preamble(generated: str, what: str) -> str:
    return (f"FIXTURE FOR TESTS (invented rows, not SIPRI data). {what} from All countries "
            "to All countries.\n\nSource: invented for the armsdash test suite.\n"
            f"Data generated: {generated}\n")


def register(folder: Path, rows: list[str], name: str = "register.csv") -> Path:
    """A classic register of release 2025-06-01 with these rows."""
    path = folder / name
    path.write_text(preamble("1 Jun 2025 2:29:20 PM", "Transfers of major conventional "
                             "arms") + HEAD + "\n" + "\n".join(rows) + "\n", encoding="cp1252")
    return path


def tiv_imports(folder: Path) -> Path:
    """SIPRI's imports table of the same release, agreeing with ROWS (Zimbabwe: 6)."""
    path = folder / "tiv-imports.csv"
    path.write_text(preamble("1 Jun 2025 10:05:00 AM", "Volume of transfers of major arms")
                    + "\n" + TIV_HEAD + "\nAlgeria,,,20,20,,40,40%,40,40%\n"
                    "Pakistan,,,,39,9,48,48%,48,48%\nZimbabwe,,,,6,,6,6%,6,6%\n"
                    "Egypt,,4,,,,4,4%,4,4%\nTotal world import,,4,20,65,9,98,100%,98,\n",
                    encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_whole_sorted_register_has_no_warning(tmp_path: Path) -> None:
    manifest = build([register(tmp_path, ROWS)], tmp_path / "build")
    assert manifest["warnings"] == []


def test_a_register_cut_at_a_line_end_is_said_to_be_cut(tmp_path: Path) -> None:
    out = tmp_path / "build"
    cut = register(tmp_path, ROWS[:-1])
    done = cli("build", "--from", str(cut), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "ends with recipient 'Pakistan'" in done.stderr and "may be cut" in done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert any("may be cut" in w for w in manifest["warnings"])
    info = cli("info", str(out))
    assert "warning:" in info.stdout and "ends with recipient 'Pakistan'" in info.stdout


def test_fewer_rows_than_the_same_release_built_before(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([register(tmp_path, ROWS)], out)
    cut = register(tmp_path, ROWS[:2] + ROWS[-1:], name="again.csv")  # ends on Zimbabwe
    manifest = build([cut], out)
    assert manifest["warnings"] == [f"{cut}: 3 rows, but the same release (2025-06-01, "
                                    "classic) was built before from 5: the file may be cut"]


def test_rows_out_of_order_are_a_warning(tmp_path: Path) -> None:
    rows = [ROWS[2], ROWS[0], ROWS[1], ROWS[3], ROWS[4]]
    manifest = build([register(tmp_path, rows)], tmp_path / "build")
    assert manifest["warnings"] == [
        f"{tmp_path / 'register.csv'}: rows are not in SIPRI's order by recipient from "
        "line 7 ('Algeria' after 'Pakistan')"]  # line 5 is the header


def test_a_tiv_table_of_the_release_shows_the_cut_and_the_build_fails(tmp_path: Path) -> None:
    table = tiv_imports(tmp_path)
    whole = build([register(tmp_path, ROWS), table], tmp_path / "whole")
    assert whole["warnings"] == []
    cut = register(tmp_path, ROWS[1:-1], name="cut.csv")  # no Algeria, no Zimbabwe
    out = tmp_path / "build"
    with pytest.raises(BuildError, match=r"cut\.csv: SIPRI's imports table of release "
                       r"2025-06-01 shows deliveries to 2 recipient\(s\) this register does "
                       r"not have \(Algeria, Zimbabwe\)"):
        build([cut, table], out)
    assert not out.exists()
