"""The one-line note on a country or pair view of a release that is not the newest (and
covers the world): how SIPRI's newest release (the build's default: newest covering the
world with exact per-year values) revises the figure shown, with a link to the changes
view of the two releases."""

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
    newest release, a release covering part of the world (its Pakistan is only what it
    covers), or years the newest does not cover."""
    newest = ds.choices.default_release
    if release == newest or not ds.releases[release].world:
        return []  # a release of part of the world holds no figure comparable with it
    shown = ds.flow_total(release, side, country, start, end, partner)
    latest = ds.flow_total(newest, side, country, start, end, partner)
    if shown is None or latest is None or (shown == 0 and latest == 0):
        return []
    query = ch.changes_query(release, newest, side, start, end)
    text = ch.revision_text(what, period_label(start, end), release, newest, shown, latest)
    return [html.Br(), html.Small([text, " ", html.A("What changed between the releases",
                                                     href="/changes?" + urlencode(query))],
                                  className="revision-note text-info-emphasis")]
