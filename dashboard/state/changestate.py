"""The "What changed" view in the URL: `/changes?from=OLD&to=NEW&side=S&years=A-B&by=B`.

Pure functions, no Dash and no data access: the releases come in as release -> (first,
last year), the default pair as `default`. An unusable value falls back to its default
with a notice; parsing never raises, and `parse(serialise(v)) == v`.

`years` is the span the country list is about (a SIPRI five-year period such as
2015-2019, one year, or any years) and must lie in both releases' common years; `by` orders the
countries by absolute (`change`) or relative (`pct`) change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.compute.changes import spans as all_spans
from dashboard.state import queryvalues as qv
from dashboard.state.queryvalues import shown

SIDES = ("imports", "exports")
ORDERS = ("change", "pct")


@dataclass(frozen=True)
class ChangesView:
    """Two releases, and the side, span and order of the country list."""

    old: str
    new: str
    side: str = "imports"
    start: int = 0
    end: int = 0
    by: str = "change"


def common(releases: Mapping[str, tuple[int, int]], old: str, new: str
           ) -> tuple[int, int] | None:
    """The years both releases cover, or None."""
    first = max(releases[old][0], releases[new][0])
    last = min(releases[old][1], releases[new][1])
    return (first, last) if first <= last else None


def parse(query: Mapping[str, object], releases: Mapping[str, tuple[int, int]],
          default: tuple[str, str]) -> tuple[ChangesView, tuple[str, ...]]:
    """The view of a query (str or list values, as Dash passes them) and its notices; the
    spans offered are `compute.changes.spans` of the common years."""
    notes: list[str] = []
    old = _release(qv.one(query, "from", notes), releases, default[0], "from", notes)
    new = _release(qv.one(query, "to", notes), releases, default[1], "to", notes)
    if old == new or common(releases, old, new) is None:
        why = "are the same release" if old == new else "share no delivery year"
        notes.append(f"Releases {old} and {new} {why}: comparing {default[0]} with "
                     f"{default[1]}.")
        old, new = default
    if old > new:
        notes.append(f"Release {old} is newer than {new}: compared the other way round.")
        old, new = new, old
    years = common(releases, old, new)
    assert years is not None
    offered = all_spans(*years)
    side = qv.enum(qv.one(query, "side", notes), SIDES, "side", notes)
    start, end = _span(qv.one(query, "years", notes), offered, notes)
    by = qv.enum(qv.one(query, "by", notes), ORDERS, "by", notes)
    return ChangesView(old, new, side, start, end, by), tuple(notes)


def _release(text: str | None, releases: Mapping[str, tuple[int, int]], default: str,
             key: str, notes: list[str]) -> str:
    if text is None or not text.strip():
        return default
    if text.strip() in releases:
        return text.strip()
    notes.append(f"Release {shown(text)} ('{key}') is not in this build: using {default}.")
    return default


def _span(text: str | None, offered: Sequence[tuple[int, int]], notes: list[str]
          ) -> tuple[int, int]:
    default = offered[0]
    if text is None or not text.strip():
        return default
    match = qv.YEARS_RE.fullmatch(text)
    if match is None:
        notes.append(f"Unreadable years {shown(text)} (expected e.g. 2015-2019): showing "
                     f"{_label(default)}.")
        return default
    start = int(match[1])
    end = int(match[2]) if match[2] else start
    span = (min(start, end), max(start, end))
    first, last = min(a for a, _ in offered), max(b for _, b in offered)
    if span[0] < first or span[1] > last:
        notes.append(f"Years {_label(span)} are not all covered by both releases "
                     f"({_label((first, last))}): showing {_label(default)}.")
        return default
    return span


def _label(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def serialise(view: ChangesView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    years = str(view.start) if view.start == view.end else f"{view.start}-{view.end}"
    return "?" + urlencode([("from", view.old), ("to", view.new), ("side", view.side),
                            ("years", years), ("by", view.by)])
