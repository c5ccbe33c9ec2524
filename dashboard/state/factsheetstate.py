"""The fact sheet's view in the URL: `/factsheet?release=R&period=LAST_YEAR`.

Pure functions, no Dash and no data access: the releases a fact sheet can be made of come
in as `eligible` (release -> first and last year; only releases covering the world, with
at least one five-year period). An unusable value falls back to its default with a
notice; parsing never raises, and `parse(serialise(v)) == v`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.state import queryvalues as qv
from dashboard.state.queryvalues import shown

WINDOW = 5


@dataclass(frozen=True)
class SheetView:
    """A fact sheet: the release and the last year of its five-year period."""

    release: str
    period: int

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the period."""
        return self.period - WINDOW + 1, self.period


def default_release(eligible: Mapping[str, tuple[int, int]], preferred: str) -> str:
    """The preferred release if a fact sheet can be made of it, else the newest that can."""
    return preferred if preferred in eligible else sorted(eligible)[-1]


def parse(query: Mapping[str, object], eligible: Mapping[str, tuple[int, int]],
          preferred: str) -> tuple[SheetView, tuple[str, ...]]:
    """The view of a query (str or list values, as Dash passes them) and its notices."""
    notes: list[str] = []
    default = default_release(eligible, preferred)
    text = qv.one(query, "release", notes)
    if text is not None and text.strip() and text.strip() not in eligible:
        notes.append(f"No fact sheet for release {shown(text)} (not in this build, or not "
                     f"the whole world with five years of data): showing release {default}.")
        text = None
    release = text.strip() if text and text.strip() else default
    first, last = eligible[release]
    period = _period(qv.one(query, "period", notes), first + WINDOW - 1, last, release, notes)
    return SheetView(release, period), tuple(notes)


def _period(text: str | None, lowest: int, last: int, release: str, notes: list[str]) -> int:
    if text is None or not text.strip():
        return last
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable period {shown(text)} (expected its last year, e.g. "
                     f"{last}): showing the period ending {last}.")
        return last
    if not lowest <= value <= last:
        notes.append(f"Release {release} has five-year periods ending {lowest}–{last} only: "
                     f"showing the period ending {last} instead of {value}.")
        return last
    return value


def serialise(view: SheetView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    return "?" + urlencode([("release", view.release), ("period", str(view.period))])
