"""The one-line note on a country or pair view of a release that is not the newest: how
SIPRI's newest release (the build's default: newest covering the world with exact per-year
values) revises the figure shown, with a link to the changes view of the two releases."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import html

from dashboard.compute import changes as ch
from dashboard.compute.metrics import period_label
from dashboard.data import Dataset


def note(ds: Dataset, release: str, side: str, country: str, start: int, end: int,
         what: str, partner: str | None = None) -> list[Any]:
    """The note (an html line, to follow a headline) or nothing where the view shows the
    newest release, the newest does not cover the years shown, or either release covers
    only part of the world (a one-supplier register's Pakistan imports are not Pakistan's
    imports: no like with like)."""
    newest = ds.choices.default_release
    if release == newest or not (ds.releases[release].world and ds.releases[newest].world):
        return []
    shown = ds.flow_total(release, side, country, start, end, partner)
    latest = ds.flow_total(newest, side, country, start, end, partner)
    if shown is None or latest is None or (shown == 0 and latest == 0):
        return []
    query = ch.changes_query(release, newest, side, start, end)
    text = ch.revision_text(what, period_label(start, end), release, newest, shown, latest)
    return [html.Br(), html.Small([text, " ", html.A("What changed between the releases",
                                                     href="/changes?" + urlencode(query))],
                                  className="revision-note text-info-emphasis")]
