"""`armsdash diff` and the build's summary of changes: on two small releases written here
(invented rows, SIPRI's by-delivery-year layout), and on the real exports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.compute import changes as ch
from etl.build import build
from etl.cli import main
from etl.diff import compare_tables
from etl.store import read_manifest, read_table

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sipri" / "by_year.csv"
# deal, supplier, recipient, designation, category, year, number, unit TIV
OLD_ROWS = [
    (2001, "UAE", "Pakistan", "FX-Drone", "Aircraft", 2021, 3, 2.4),
    (2002, "China", "Pakistan", "FX-SAM", "Air defence systems", 2022, 2, 10),
    (2003, "China", "Pakistan", "FX-Radar", "Sensors", 2021, 1, 5),
    (2004, "Russia", "India", "FX-Tank", "Armoured vehicles", 2020, 4, 3),
    (2004, "Russia", "India", "FX-Tank", "Armoured vehicles", 2021, 4, 3),
    (2006, "Russia", "India", "FX-Gun", "Artillery", 2018, 2, 1),  # year only in OLD
    (2007, "Turkey", "Pakistan", "FX-Boat", "Ships", 2021, 1, 8),
]
NEW_ROWS = [
    (2001, "United Arab Emirates", "Pakistan", "FX-Drone", "Aircraft", 2021, 4, 2.4),  # revised
    (2002, "China", "Pakistan", "FX-SAM", "Air-defence systems", 2022, 2, 10),  # renamed only
    (2004, "Russia", "India", "FX-Tank", "Armoured vehicles", 2020, 4, 3),
    (2004, "Russia", "India", "FX-Tank", "Armoured vehicles", 2022, 4, 3),  # year moved
    (2005, "France", "India", "FX-Jet", "Aircraft", 2022, 1, 40),  # added
    (2005, "France", "India", "FX-Jet", "Aircraft", 2024, 1, 40),  # year only in NEW
    (2007, "Turkiye", "Pakistan", "FX-Boat", "Ships", 2021, 1, 8),  # renamed only
]
OLD, NEW = "2024-01-01", "2025-01-01"


def preamble(stamp: str) -> str:
    """The fixture register's preamble and header, with another release stamp."""
    head = FIXTURE.read_text(encoding="utf-8").splitlines()[:12]
    return "\n".join(f"Data generated: {stamp}" if line.startswith("Data generated") else line
                     for line in head) + "\n"


def write_release(path: Path, stamp: str, rows: list[tuple[object, ...]]) -> Path:
    lines = [f"{d},{s},{r},{des},x,{cat},2018,No,{n},No,{y},No,New,{u},{u},{n * u:g},No"
             for d, s, r, des, cat, y, n, u in rows]
    path.write_text(preamble(stamp) + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("changes")
    write_release(folder / "old.csv", "1 Jan 2024 10:00:00 AM", OLD_ROWS)
    write_release(folder / "new.csv", "1 Jan 2025 10:00:00 AM", NEW_ROWS)
    out = folder / "build"
    build([folder / "old.csv", folder / "new.csv"], out)
    return out


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {n: read_table(out, n) for n in ("deliveries", "deals", "entities", "releases")}


def test_fixture_diff_deals_with_both_values(two_releases: Path) -> None:
    c = compare_tables(tables(two_releases), OLD, NEW,
                       read_manifest(two_releases)["spellings"])
    assert (c.first, c.last) == (2020, 2022)
    kinds = dict(zip(c.deals["deal_id"], c.deals["kind"], strict=True))
    # 2006 was delivered in 2018 only, a year the new release does not cover: not compared
    assert kinds == {2001: "revised", 2003: "removed", 2004: "revised", 2005: "added"}
    fields = {(r.deal_id, r.field): (r.old, r.new) for r in c.fields.itertuples()}
    assert fields[(2001, "number_delivered")] == ("3", "4")
    assert fields[(2001, "tiv_delivered")] == ("7.2", "9.6")
    assert fields[(2004, "delivery_years")] == ("2020, 2021", "2020, 2022")
    assert (2002, "category") not in fields and (2001, "supplier") not in fields
    assert 2007 not in kinds  # Turkey → Turkiye, nothing else
    tur = c.countries[c.countries["country"] == "Turkiye"]
    assert len(tur) and (tur["change"] == 0).all()
    # the added deal counts only its delivery in the common years (2022, not 2024)
    assert c.deals.set_index("deal_id").loc[2005, "new"] == 40
    assert sorted(zip(c.renames["old"], c.renames["new"], strict=True)) == [
        ("Air defence systems", "Air-defence systems"), ("Turkey", "Turkiye"),
        ("UAE", "United Arab Emirates")]
    # renames are no change of figures: only the revised drone deal moves the UAE's exports
    tur = c.countries[(c.countries["country"] == "United Arab Emirates")
                      & (c.countries["span"] == "2021")]
    assert list(tur["change"]) == [pytest.approx(2.4)]
    # the parts add up to the change of the world total
    world = c.world[c.world["start"] == c.world["end"]]
    total = int(ch.micro(world["new"]).sum() - ch.micro(world["old"]).sum())
    assert total == int(ch.micro(np.array([2.4 - 5 + 40]))[0])
    assert int(c.deals["change_u"].sum()) == total


def test_diff_command_prints_the_changes(two_releases: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--build", str(two_releases)]) == 0
    out = capsys.readouterr().out
    assert "changes 2024-01-01 → 2025-01-01 over 2020–22" in out
    assert "number_delivered: 3 → 4" in out
    assert "renamed entity: UAE → United Arab Emirates (not a change of figures)" in out
    assert "renamed category: Air defence systems → Air-defence systems" in out
    assert main(["diff", OLD, "2030-01-01", "--build", str(two_releases)]) == 1
    err = capsys.readouterr().err
    assert "release 2030-01-01 is not in this build" in err and "Traceback" not in err


def test_build_keeps_and_prints_the_summary(two_releases: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    record = json.loads((two_releases / "manifest.json").read_text())["changes"]
    assert (record["old"], record["new"], record["years"]) == (OLD, NEW, [2020, 2022])
    assert record["deals"]["with_id"] == {"old": 6, "new": 5, "added": 1, "removed": 1,
                                          "revised": 2}
    assert "UAE → United Arab Emirates" in record["renames"]
    folder = two_releases.parent
    assert main(["build", "--from", str(folder / "old.csv"), str(folder / "new.csv"),
                 "--out", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "changes 2024-01-01 → 2025-01-01 over 2020–22" in out
    assert "armsdash diff 2024-01-01 2025-01-01" in out


@pytest.mark.realdata
def test_real_releases_2024_vs_2026(real_build: Path) -> None:
    t = tables(real_build)
    c = compare_tables(t, "2024-04-13", "2026-02-12", read_manifest(real_build)["spellings"])
    assert (c.first, c.last) == (1995, 2023) and c.estimated == ()
    years = c.world[c.world["start"] == c.world["end"]]
    assert len(years) == 29
    d = t["deliveries"]
    for release, col in (("2024-04-13", "old"), ("2026-02-12", "new")):
        rows = d[(d["release"] == release) & d["year"].between(1995, 2023)]
        by_year = rows.groupby("year")["tiv"].sum()
        assert np.allclose(years.set_index("start")[col].sort_index(), by_year, atol=1e-6)
    # SIPRI's own table of the 2024-04-13 release: world imports per year within rounding
    tt = read_table(real_build, "tiv_tables")
    sipri = tt[(tt["release"] == "2024-04-13") & tt["is_total"] & (tt["side"] == "imports")
               & (tt["scope"] == "") & tt["year"].between(1995, 2023)].set_index("year")["tiv"]
    assert len(sipri) == 29
    assert (years.set_index("start")["old"].sort_index() - sipri.sort_index()).abs().max() <= 0.5
    # the diff's parts add up to the difference of the totals, exactly (in millionths)
    total = int(ch.micro(years["new"]).sum() - ch.micro(years["old"]).sum())
    assert int(c.deals["change_u"].sum()) == total
    for side in ch.SIDES:
        rows = c.countries[(c.countries["side"] == side)
                           & (c.countries["start"] == c.countries["end"])]
        assert int(rows["change_u"].sum()) == total
    periods = c.world[c.world["start"] != c.world["end"]]
    assert list(periods["span"]) == ["2015–19", "2010–14", "2005–09", "2000–04", "1995–99"]
    # renames are listed and never a change: no category or party field revised by a spelling
    renamed = set(zip(c.renames["old"], c.renames["new"], strict=True))
    assert ("Air defence systems", "Air-defence systems") in renamed
    assert ("Libya HoR*", "HoR (Libya)*") in renamed
    changed = c.fields[c.fields["field"].isin(["category", "supplier", "recipient"])]
    spelled = {(r.old, r.new) for r in c.renames.itertuples()}
    assert not any((r.old, r.new) in spelled for r in changed.itertuples())
    assert c.counts["with_id"]["revised"] > 1000 and c.counts["without_id"]["new"] == 0
