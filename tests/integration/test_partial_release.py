"""A one-supplier register through the build and the dashboard: never the world."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data import load_dataset
from dashboard.state import scope, urlstate
from etl.build import build
from etl.store import read_table
from tests.support.exports import one_supplier


@pytest.fixture()
def partial_build(fixtures_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    build([one_supplier(fixtures_dir, tmp_path), fixtures_dir / "sipri" / "classic.csv"], out)
    return out


def test_the_release_is_recorded_as_partial(partial_build: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from etl.cli import main

    rel = read_table(partial_build, "releases").set_index("release")
    assert not rel.loc["2025-01-01", "world"]
    assert rel.loc["2025-01-01", "coverage"] == "transfers from Turkiye to all countries"
    assert rel.loc["2025-06-01", "world"] and rel.loc["2025-06-01", "coverage"] == (
        "all countries")
    manifest = load_dataset(partial_build).manifest
    cov = {Path(s["path"]).name: s["coverage"] for s in manifest["sources"]}
    assert cov["one-supplier.csv"]["suppliers"] == "Turkiye"
    assert cov["one-supplier.csv"]["years"] == [2021, 2024]
    assert cov["classic.csv"]["world"] is True
    assert main(["info", str(partial_build)]) == 0
    assert ("release 2025-01-01: deliveries 2022-2023, formats by_year; covers only "
            "transfers from Turkiye to all countries, not the world") in capsys.readouterr().out


def test_the_dashboard_never_shows_it_as_the_world(partial_build: Path) -> None:
    ds = load_dataset(partial_build)
    assert ds.choices.default_release == "2025-06-01"  # the world release, though older
    assert "only transfers from Turkiye to all countries" in ds.releases["2025-01-01"].label
    assert ds.world_ranks("2025-01-01", "imports", (), 2022, 2023).empty
    assert not ds.world_ranks("2025-06-01", "imports", (), 2020, 2024).empty
    country = urlstate.parse("country", {"release": "2025-01-01", "country": "Pakistan"},
                             ds.choices)
    assert country.view.release == "2025-01-01"
    assert any("Release 2025-01-01 covers only transfers from Turkiye to all countries" in n
               for n in country.notices)
    world = urlstate.parse("world", {"release": "2025-01-01"}, ds.choices)
    assert world.view.release == "2025-06-01"
    assert any("the world page shows release 2025-06-01" in n for n in world.notices)
    assert urlstate.parse("world", {}, ds.choices).notices == ()
    notes: list[str] = []
    scope.parse_scope({"release": "2025-01-01"}, ds.choices, notes)
    assert any("covers only transfers from Turkiye to all countries" in n for n in notes)


def test_a_build_of_partial_releases_only(fixtures_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([one_supplier(fixtures_dir, tmp_path)], out)
    ds = load_dataset(out)
    world = urlstate.parse("world", {}, ds.choices)
    assert world.view.release == "2025-01-01"
    assert any("covers only transfers from Turkiye" in n for n in world.notices)
    assert ds.world_ranks("2025-01-01", "exports", (), 2022, 2023).empty


def test_flows_of_a_partial_release_carry_no_world_share(partial_build: Path) -> None:
    from dashboard.charts import flows as fc
    from dashboard.state import flowstate

    ds = load_dataset(partial_build)
    partial = flowstate.parse({"release": "2025-01-01"}, ds.choices).view
    world = flowstate.parse({"release": "2025-06-01"}, ds.choices).view
    assert not fc.world_shares(ds, partial) and fc.world_shares(ds, world)
    header = fc.csv_text(ds, partial).splitlines()
    assert not any("share" in line for line in header[:12])
    assert "share_of_world_percent" in fc.csv_text(ds, world)
