"""Event components: the panel and the events page's cards, as text with safe links."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.components import events as P
from dashboard.compute import events as E
from etl.events.model import Source
from tests.unit.dashboard.compute.test_events import DEALS, JV_LINK, LINK_DEALS, SRC, _event


def _json(component: object) -> str:
    return json.dumps(component, default=lambda c: c.to_plotly_json())


def test_panel_shows_summary_source_and_deals_as_text() -> None:
    ev = _event(summary="<script>alert(1)</script>",
                source=replace(SRC, url="https://example.org/a"), deal_ids=(101, 999))
    out = _json(P.panel(ev, DEALS))
    assert "<script>alert(1)</script>" in out  # a plain string: Dash renders it as text
    assert "dangerouslySetInnerHTML" not in out
    assert "https://example.org/a" in out and "noopener" in out
    assert "Bayraktar TB-2" in out and "not in this build" in out
    assert "TIV delivered (millions, volume)" in out and "$" not in out


def test_the_panel_marks_context_events() -> None:
    context = _event(tags=("drones", "context"), title="Akinci enters service")
    assert "not a transfer between the countries" in _json(P.panel(context))
    assert "not a transfer between the countries" not in _json(P.panel(_event()))


def test_the_panel_shows_why_a_register_row_is_linked_and_no_stand_in_id(
        monkeypatch: pytest.MonkeyPatch) -> None:
    jv = _event(id="fixture-jv", deal_ids=(), countries=("Turkiye", "Kazakhstan"))
    monkeypatch.setattr(E, "catalogue", lambda: E.Catalogue((jv,), (), (JV_LINK,)))
    text = _json(P.panel(jv, LINK_DEALS))
    assert "Linked SIPRI deals (1)" in text and "no SIPRI id" in text
    assert "Written for the tests: licensed production." in text
    assert "Probably selected 2022 but not yet ordered" in text
    assert "Td('-6')" not in text


def test_the_panel_lists_every_other_report_with_outlet_title_date_and_link() -> None:
    ev = _event(also_in=("901_b.txt", "902_c.txt", "903_d.txt"))
    linked = Source("Second Post", "Plant <b>opens</b>", "https://example.org/b", "2025-12-06",
                    "day", "text", None)
    unsafe = replace(linked, outlet="Third Wire", title=None, url="javascript:alert(1)",
                     published=None)
    cat = E.Catalogue((ev,), (), (), (("901_b.txt", linked), ("902_c.txt", unsafe)))
    reports = cat.reports(ev)
    assert [a for a, _ in reports] == ["901_b.txt", "902_c.txt", "903_d.txt"]
    out = _json(P.panel(ev, reports=reports))
    assert "Also reported in (3):" in out
    assert json.dumps("Second Post, “Plant <b>opens</b>”, published 2025-12-06") in out
    assert "https://example.org/b" in out and "javascript" not in out
    assert "Third Wire" in out and E.NO_SOURCE in out and "903_d" not in out
    assert out.count("no link known") == 3  # the event's own source, 902 and 903
    assert "Also reported in" not in _json(P.panel(_event()))


def test_panel_without_link_says_so() -> None:
    out = _json(P.panel(_event(source=replace(SRC, url="javascript:alert(1)"))))
    assert "javascript" not in out and "no link known" in out


def test_event_card_links_to_views(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "has_page", lambda path: False)
    out = _json(P.event_card(_event(), DEALS))
    assert "/?country=Pakistan" in out and "/pair?" not in out
    monkeypatch.setattr(P, "has_page", lambda path: path == "/pair")
    out = _json(P.event_card(_event(), DEALS))
    assert "/pair?supplier=Turkiye&recipient=Pakistan" in out


def test_panel_deal_ids_open_the_pair_with_the_events_deals(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "has_page", lambda path: path == "/pair")
    deals = pd.concat([DEALS, DEALS.iloc[:1].assign(deal_id=102, designation="Akinci")])
    ev = _event(deal_ids=(101, 102, 999))
    out = _json(P.panel(ev, deals, "2026-02-12"))
    href = ("/pair?supplier=Turkiye&recipient=Pakistan&release=2026-02-12"
            "&event=fixture-plant&deal=101&deal=102")
    assert out.count(href) == 2  # both deal ids link to the pair with both highlighted
    assert "not in this build" in out  # 999
    named = _json(P.panel(ev, deals, "2026-02-12",
                          name=lambda n: {"Turkiye": "Türkiye"}.get(n, n)))
    assert named.count(href) == 2 and '"T\\u00fcrkiye"' in named  # shown, not linked


def test_event_card_links_to_country_and_pair_views_in_a_covering_release(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "has_page", lambda path: path == "/pair")
    releases = {"2026-02-12": (1995, 2024), "2026-05-18": (1950, 2025)}
    links = dict(P.view_links(_event(), E.linked_deals(_event(), DEALS, "2026-02-12"),
                              releases, "2026-02-12"))
    assert links == {
        "Turkiye profile": "/?country=Turkiye&release=2026-05-18",
        "Pakistan profile": "/?country=Pakistan&release=2026-05-18",
        "Turkiye → Pakistan": "/pair?supplier=Turkiye&recipient=Pakistan&release=2026-05-18"
                              "&event=fixture-plant&deal=101"}
    older = _event(date="2021", precision="year")
    links = dict(P.view_links(older, E.linked_deals(older, DEALS, "2026-02-12"), releases,
                              "2026-02-12"))
    assert links["Pakistan profile"] == "/?country=Pakistan"
    assert "release=2026-02-12" in links["Turkiye → Pakistan"]
