"""The revision note on country and pair views, on the tiny build (invented rows): shown
for a release other than the newest, with the newest release's figure for the years shown;
never for the newest, nor for a release covering part of the world."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from dashboard.components import revision


def text(parts: list[Any]) -> str:
    return json.dumps([p.to_plotly_json() for p in parts], ensure_ascii=False,
                      default=lambda o: o.to_plotly_json())


def test_a_release_other_than_the_newest_gets_the_newest_figure(tiny_dataset: Any) -> None:
    ds = tiny_dataset
    assert ds.choices.default_release == "2026-02-12"
    shown = ds.flow_total("2026-05-18", "imports", "Pakistan", 2016, 2020)
    newest = ds.flow_total("2026-02-12", "imports", "Pakistan", 2016, 2020)
    assert shown is not None and newest is not None
    note = text(revision.note(ds, "2026-05-18", "imports", "Pakistan", 2016, 2020,
                              "Pakistan's imports"))
    assert "Release 2026-02-12, the newest with exact per-year values," in note
    assert shown == newest == 820  # China 300 + 500, Turkiye 20: both releases agree
    assert "gives the same figure for Pakistan's imports in 2016–20" in note
    assert "/changes?from=2026-02-12&to=2026-05-18&side=imports&years=2016-2020" in note


def test_pair_note_counts_only_the_partner(tiny_dataset: Any) -> None:
    ds = tiny_dataset
    # China → Pakistan: 300 (2016) + 500 (2020) in both releases of the tiny build
    assert ds.flow_total("2026-02-12", "exports", "China", 2016, 2020, "Pakistan") == 800
    assert ds.flow_total("2026-02-12", "exports", "China", 2016, 2020, "Nowhere") == 0
    assert ds.flow_total("2026-02-12", "exports", "China", 2000, 2020) is None  # not covered
    note = text(revision.note(ds, "2026-05-18", "exports", "China", 2016, 2020,
                              "China's exports to Pakistan", partner="Pakistan"))
    assert "China's exports to Pakistan" in note


def test_no_note_on_the_newest_or_a_partial_release(tiny_dataset: Any) -> None:
    ds = tiny_dataset
    assert revision.note(ds, "2026-02-12", "imports", "Pakistan", 2016, 2020, "x") == []
    part = replace(ds.releases["2026-05-18"], world=False, coverage="transfers from China")
    partial = replace(ds, releases={**ds.releases, "2026-05-18": part})
    assert revision.note(partial, "2026-05-18", "imports", "Pakistan", 2016, 2020, "x") == []
    # years the newest release does not cover: no note
    assert revision.note(ds, "2026-05-18", "imports", "Pakistan", 2021, 2025, "x") == []
