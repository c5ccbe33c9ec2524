"""Builds that heal, on small fixture files: a damaged build behind a valid manifest is
rebuilt (never 'up to date'), serving falls back to the newest good version, and a build
killed mid-write leaves nothing that pruning counts as a version."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.data import DataError, Loader
from etl.build import KEEP_VERSIONS, build, versions_dir
from etl.versions import complete_versions, damage, read_manifest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def sources(fixtures_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(fixtures_dir / "sipri", folder)
    return folder


def flip_a_byte(path: Path) -> None:
    """Same size, other content: only a checksum tells."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGES = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "same size": flip_a_byte,
    "missing": lambda p: p.unlink(),
}


@pytest.mark.parametrize("how", sorted(DAMAGES))
@pytest.mark.parametrize("table", ["deliveries.parquet", "releases.parquet", "rejects.csv"])
def test_a_damaged_build_is_rebuilt_not_skipped(sources: Path, tmp_path: Path, how: str,
                                                table: str) -> None:
    out = tmp_path / "build"
    first = build([sources], out)
    assert set(first["files"]) >= {"deliveries.parquet", "deals.parquet", "rejects.csv"}
    DAMAGES[how](out / table)
    assert damage(out, first) is not None and table in str(damage(out, first))
    again = build([sources], out)
    assert not again.get("skipped")
    assert again["build_id"] != first["build_id"]
    assert table in again["rebuilt_because"]
    assert damage(out, read_manifest(out) or {}) is None
    assert build([sources], out).get("skipped")  # healed: the next one skips again


def test_the_cli_says_it_rebuilt_a_damaged_build(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([sources], out)
    flip_a_byte(out / "deals.parquet")
    done = subprocess.run([sys.executable, "-m", "etl.cli", "build", "--from", str(sources),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "up to date" not in done.stdout
    assert "deals.parquet does not match its checksum" in done.stderr
    assert "Traceback" not in done.stderr


def test_serving_falls_back_to_the_newest_good_version(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    older = build([sources], out)
    shutil.copy(sources / "tiv_imports.csv", sources / "tiv_copy.csv")
    newer = build([sources], out)
    assert newer["build_id"] != older["build_id"]
    flip_a_byte(out / "deliveries.parquet")
    dataset = Loader(out).get()
    assert dataset.build_id == older["build_id"]


def test_serving_refuses_when_no_version_is_good(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([sources], out)
    (out / "entities.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match=r"entities\.parquet"):
        Loader(out).get()


KILL_MID_WRITE = """
import os, signal, sys
from pathlib import Path
import etl.store
from etl.build import build
real = etl.store.write_table
def write_then_die(df, schema, folder):
    path = real(df, schema, folder)
    os.kill(os.getpid(), signal.SIGKILL)  # as a power cut or the OOM killer would
etl.store.write_table = write_then_die
build([Path(sys.argv[1])], Path(sys.argv[2]))
"""


def test_a_build_killed_mid_write_is_no_version_and_is_cleaned_up(sources: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "build"
    ids = []
    for i in range(KEEP_VERSIONS):
        shutil.copy(sources / "tiv_imports.csv", sources / f"tiv_copy{i}.csv")
        ids.append(build([sources], out)["build_id"])
    shutil.copy(sources / "tiv_imports.csv", sources / "tiv_killed.csv")
    killed = subprocess.run([sys.executable, "-c", KILL_MID_WRITE, str(sources), str(out)],
                            cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert killed.returncode == -9
    versions = versions_dir(out)
    half = [p for p in versions.iterdir() if p.is_dir() and p.name not in ids]
    assert len(half) == 1 and not (half[0] / "manifest.json").exists()
    assert [p.name for p in complete_versions(versions)] == ids[::-1]
    # The build in place is untouched and served; the next build removes the leftover
    # and keeps the newest complete versions, the rollback version among them.
    assert json.loads((out / "manifest.json").read_text())["build_id"] == ids[-1]
    shutil.copy(sources / "tiv_imports.csv", sources / "tiv_after.csv")
    after = build([sources], out)["build_id"]
    left = sorted(p.name for p in versions.iterdir() if p.is_dir())
    assert left == sorted([*ids[-(KEEP_VERSIONS - 1):], after])
    assert ids[-1] in left  # the version served before: the rollback
