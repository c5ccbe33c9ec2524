"""Curated events against the real SIPRI exports: linked deals exist and join the right pair."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.events.aliases import canonical_names
from etl.events.model import load_events
from etl.readers.preamble import load_preamble

pytestmark = pytest.mark.realdata

EVENTS_DIR = Path(__file__).resolve().parents[2] / "data" / "events"


def _by_year_deals(sipri_dir: Path) -> dict[int, tuple[str, str, str]]:
    """deal id -> (supplier, recipient, designation) from every by-delivery-year export."""
    deals: dict[int, tuple[str, str, str]] = {}
    for path in sorted(sipri_dir.glob("*.csv")):
        pre = load_preamble(path)
        if pre.format != "by_year":
            continue
        for row in csv.DictReader(pre.lines[pre.header_index:]):
            deals[int(row["SIPRI AT Database ID"])] = (
                row["Supplier"], row["Recipient"], row["Designation"])
    return deals


def test_every_linked_deal_exists_and_joins_the_events_countries(sipri_dir: Path) -> None:
    deals = _by_year_deals(sipri_dir)
    events = load_events(EVENTS_DIR).events
    linked = [(ev, deal) for ev in events for deal in ev.deal_ids]
    assert linked
    for ev, deal in linked:
        assert deal in deals, f"{ev.id}: SIPRI deal {deal} not in the real exports"
        supplier, recipient, _ = deals[deal]
        assert {supplier, recipient} <= set(ev.countries), (ev.id, deal, supplier, recipient)


def test_linked_designations_match_the_events_systems(sipri_dir: Path) -> None:
    deals = _by_year_deals(sipri_dir)
    tb2 = [ev for ev in load_events(EVENTS_DIR).events if "Bayraktar TB-2" in ev.systems]
    assert tb2
    for ev in tb2:
        for deal in ev.deal_ids:
            if deals[deal][2].startswith("Bayraktar"):
                assert deals[deal][2] == "Bayraktar TB-2"


def test_canonical_country_names_are_sipri_names(real_build: Path) -> None:
    """Every canonical name of the alias file is an entity of the build (SIPRI's name), and
    every state or former state of the build has an entry."""
    from etl.store import read_table

    entities = read_table(real_build, "entities")
    names = set(entities["name"]) | {s for row in entities["spellings"] for s in row}
    assert sorted(canonical_names() - names) == []
    states = entities[entities["kind"].isin(["state", "historical_state"])]
    covered = {n for n in states["name"] if n in canonical_names() or set(
        entities.loc[entities["name"] == n, "spellings"].iloc[0]) & canonical_names()}
    assert sorted(set(states["name"]) - covered) == []
