"""Local production on the real exports: SIPRI's flag where the register by delivery year
gives it, the comment rules where only the classic register does, and the rules measured
against the flag on the deals both formats hold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.store import read_manifest, read_table

pytestmark = pytest.mark.realdata
CLASSIC = "2026-05-18"
BY_YEAR = "2026-02-12"
MIN_PRECISION = 0.95
MIN_RECALL = 0.75


@pytest.fixture(scope="module")
def deals(real_build: Path) -> pd.DataFrame:
    return read_table(real_build, "deals")


def one(deals: pd.DataFrame, release: str, recipient: str, designation: str,
        order_year: int) -> pd.Series:
    rows = deals[(deals["release"] == release) & (deals["recipient"] == recipient)
                 & deals["designation"].str.startswith(designation)
                 & (deals["order_year"] == order_year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_every_deal_has_a_value_and_its_source(deals: pd.DataFrame) -> None:
    classic = deals[deals["source_format"] == "classic"]
    assert classic["local_production"].notna().all()
    assert set(classic["local_production_source"]) == {"comments"}
    by_year = deals[deals["source_format"] == "by_year"]
    assert set(by_year["local_production_source"].dropna()) == {"sipri"}


def test_precision_and_recall_against_sipri_flag(deals: pd.DataFrame,
                                                 real_build: Path) -> None:
    derived = deals[(deals["release"] == CLASSIC) & deals["deal_id_known"]]
    flag = deals[(deals["release"] == BY_YEAR)].set_index("deal_id")["local_production"]
    both = derived[derived["deal_id"].isin(flag.index)]
    said = both["local_production"].astype(bool).to_numpy()
    truth = both["deal_id"].map(flag).astype(bool).to_numpy()
    tp, fp, fn = (said & truth).sum(), (said & ~truth).sum(), (~said & truth).sum()
    assert len(both) > 10_000 and truth.sum() > 900
    assert tp / (tp + fp) >= MIN_PRECISION
    assert tp / (tp + fn) >= MIN_RECALL
    measured = read_manifest(real_build)["local_production"][CLASSIC]
    report = measured["measured_against_sipri_flag"]
    assert report["precision"] >= MIN_PRECISION and report["recall"] >= MIN_RECALL


def test_pakistan_milgem_corvettes(deals: pd.DataFrame) -> None:
    for release, source in ((BY_YEAR, "sipri"), (CLASSIC, "comments")):
        row = one(deals, release, "Pakistan", "MilGem", 2018)
        assert row["supplier"] == "Turkiye"
        assert bool(row["local_production"]) and row["local_production_source"] == source


def test_pakistan_jf17s(deals: pd.DataFrame) -> None:
    jf17 = deals[(deals["recipient"] == "Pakistan") & (deals["supplier"] == "China")
                 & deals["designation"].str.startswith("JF-17")]
    for release in (BY_YEAR, CLASSIC):
        rows = jf17[jf17["release"] == release]
        assert len(rows) >= 4 and rows["local_production"].all()


def test_kazakhstan_anka_s_assembled_there_only_in_the_later_deal(deals: pd.DataFrame,
                                                                  ) -> None:
    assert bool(one(deals, CLASSIC, "Kazakhstan", "Anka-S", 2022)["local_production"])
    assert not bool(one(deals, CLASSIC, "Kazakhstan", "Anka-S", 2021)["local_production"])
    assert not bool(one(deals, BY_YEAR, "Kazakhstan", "Anka", 2021)["local_production"])


def test_exports_of_licensed_designs_are_not_local(deals: pd.DataFrame) -> None:
    """Pakistan's JF-17 exports are produced in Pakistan, not in the recipient."""
    assert not bool(one(deals, CLASSIC, "Nigeria", "JF-17", 2016)["local_production"])
