"""The curated register links against the real build: each names an existing event and
exactly one SIPRI register row, between the event's countries, without a SIPRI deal id."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.compute import register_links as RL
from etl.events.model import load_events
from etl.store import read_table

pytestmark = pytest.mark.realdata

EVENTS_DIR = Path(__file__).resolve().parents[2] / "data" / "events"


def test_every_register_link_names_one_row_of_the_real_build(real_build: Path) -> None:
    links, errors = RL.load_links(EVENTS_DIR / "register_links.csv")
    assert errors == () and links
    events = {ev.id: ev for ev in load_events(EVENTS_DIR).events}
    deals = read_table(real_build, "deals")
    for link in links:
        assert link.event_id in events, link
        rows = RL.matching_rows(link, deals)
        assert len(rows) == 1, (link, rows)
        row = rows.iloc[0]
        assert not row["deal_id_known"], (link, "has a SIPRI deal id: list it in the YAML")
        assert {link.supplier, link.recipient} <= set(events[link.event_id].countries)


def test_the_anka_joint_venture_links_the_licensed_anka_s_order(real_build: Path) -> None:
    links, _ = RL.load_links(EVENTS_DIR / "register_links.csv")
    deals = read_table(real_build, "deals")
    ((deal_id, why),) = RL.ids_for(links, "tr-kz-uav-joint-venture", deals)
    row = deals[deals["deal_id"] == deal_id].iloc[0]
    assert row["designation"] == "Anka-S" and row["recipient"] == "Kazakhstan"
    assert "under licence in Kazakhstan" in row["comments"] and bool(row["open"])
    assert "licence" in why
