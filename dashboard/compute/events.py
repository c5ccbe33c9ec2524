"""Article events on the dashboard: which events a chart shows, where, and what a click opens.

Pure builders over the curated events (`data/events/*.yaml`, loaded once, read-only):
`select` picks the dated events involving the shown countries (and tags), `markers` turns
them into the figure markers that `dashboard.figures.base.add_events` draws, `linked_deals`
finds an event's SIPRI deals; the links to its views and the events page's filters. The
panel and the controls (Dash components) are in `dashboard.components.events`. Every text
from the files is untrusted: hover text is HTML-escaped (Plotly reads a small HTML subset
there), components get plain strings (Dash escapes them), and links are only ever http(s).
"""

from __future__ import annotations

import html as html_text
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from dashboard.compute.export import TIV_DECIMALS
from dashboard.compute.register_links import RegisterLink, ids_for, load_links
from dashboard.state import queryvalues as qv
from etl.events.model import (
    Event,
    EventsFileError,
    Source,
    check_url,
    events_folder,
    load_events,
)

LOG = logging.getLogger(__name__)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
BASIS_NOTE = {"relative": "resolved from the text", "inferred": "inferred",
              "sipri": "order year in SIPRI's register"}
MARKER_TRACE = "Events"
LINKS_FILE = "register_links.csv"
CONTEXT_TAG = "context"
CONTEXT_NOTE = "Context: background the article gives, not a transfer between the countries"


@dataclass(frozen=True)
class Catalogue:
    """Every curated event that loaded, one message per events file that did not, and the
    curated links to register rows without a SIPRI deal id (`register_links`)."""

    events: tuple[Event, ...]
    errors: tuple[str, ...]
    links: tuple[RegisterLink, ...] = ()
    sources: tuple[tuple[str, Source], ...] = ()  # article file -> its source

    def reports(self, ev: Event) -> list[tuple[str, Source | None]]:
        """The other articles that report an event (`also_in`), each with its source where
        an events file gives it."""
        known = dict(self.sources)
        return [(article, known.get(article)) for article in ev.also_in]

    def get(self, event_id: object) -> Event | None:
        """The event with this id, or None (ids from the browser are untrusted)."""
        if not isinstance(event_id, str):
            return None
        return next((ev for ev in self.events if ev.id == event_id), None)

    @property
    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({t for ev in self.events for t in ev.tags})

    @property
    def countries(self) -> list[str]:
        """Every country some event involves, sorted."""
        return sorted({c for ev in self.events for c in ev.countries})


def folder_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The events folder's files with their modification times and sizes."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, st.st_mtime_ns, st.st_size)
                        for p in folder.glob("*.yaml") for st in [p.stat()]))


def catalogue(folder: Path | None = None) -> Catalogue:
    """The curated events (of `events_folder()` unless a folder is given) as the folder
    holds them now: read again when a file is added or changed (an editor's save shows at
    once in every worker), else from memory."""
    folder = folder or events_folder()
    return load_catalogue(folder, folder_state(folder))


@lru_cache(maxsize=4)
def load_catalogue(folder: Path, state: tuple[tuple[str, int, int], ...]) -> Catalogue:
    """The curated events of one state of the folder; bad files are logged (with their
    paths) and skipped; the messages kept for the page name files, never server folders."""
    if not folder.is_dir():
        LOG.warning("no events folder at %s: charts show no events", folder)
        return Catalogue((), ("the events folder is missing",))
    result = load_events(folder)
    links, link_errors = load_links(folder / LINKS_FILE)
    for error in [*result.errors, *link_errors]:
        LOG.warning("events file skipped: %s", error)
    return Catalogue(tuple(sorted(result.events, key=sort_key)),
                     tuple(without_paths(e) for e in (*result.errors, *link_errors)),
                     links, tuple(sorted(result.sources.items())))


# An absolute path (not the path part of a URL): the folders and the file name.
ABSOLUTE_PATH = re.compile(r"(?<![\w.~:/-])/(?:[^\s/:'\"]+/)*([^\s/:'\"]+)")


def without_paths(text: str) -> str:
    """text with every absolute file path reduced to the file's name."""
    return ABSOLUTE_PATH.sub(r"\1", text)


def sort_key(ev: Event) -> tuple[int, str, str]:
    """Dated events by date, open-dated ones last."""
    return (0 if ev.date else 1, ev.date or "", ev.id)


# --- where and what -----------------------------------------------------------------------

def decimal_year(ev: Event) -> float | None:
    """Where an event sits on a yearly axis (a year's bar spans year-0.5..year+0.5): a
    year-precision event at the year itself, a month or day at its place in the year."""
    if ev.date is None:
        return None
    year = int(ev.date[:4])
    if ev.precision == "month":
        return round(year - 0.5 + (int(ev.date[5:7]) - 0.5) / 12, 4)
    if ev.precision == "day":
        day = date.fromisoformat(ev.date)
        length = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        return round(year - 0.5 + (day.timetuple().tm_yday - 0.5) / length, 4)
    return float(year)


def date_label(ev: Event) -> str:
    """'5 Dec 2025', 'Oct 2025', '2021', or 'date not known'; with how it was reached."""
    if ev.date is None:
        return "date not known"
    year = ev.date[:4]
    if ev.precision == "day":
        text = f"{int(ev.date[8:10])} {MONTH_NAMES[int(ev.date[5:7]) - 1]} {year}"
    elif ev.precision == "month":
        text = f"{MONTH_NAMES[int(ev.date[5:7]) - 1]} {year}"
    else:
        text = year
    note = BASIS_NOTE.get(ev.date_basis or "")
    return f"{text} ({note})" if note else text


UNNAMED_SOURCE = "an article that names neither its outlet nor its title"
NO_SOURCE = "an article with no events file here"


def source_label(ev: Event) -> str:
    """The outlet, the article's title (quoted) and its publication date as far as known;
    an article naming neither outlet nor title says so (never its file name)."""
    return article_label(ev.source)


def article_label(source: Source | None) -> str:
    """An article's outlet, title (quoted) and publication date as far as its source gives
    them (an article without an events file, or naming neither, says so)."""
    if source is None:
        return NO_SOURCE
    parts = [p for p in (source.outlet, f"“{source.title}”" if source.title
                         else None) if p] or [UNNAMED_SOURCE]
    if source.published:
        inferred = " (inferred)" if source.published_basis == "inferred" else ""
        parts.append(f"published {source.published}{inferred}")
    return ", ".join(parts)


def title_label(ev: Event) -> str:
    """The event's title, marked 'Context:' where the article gives it as background."""
    return f"Context: {ev.title}" if is_context(ev) else ev.title


def hover_text(ev: Event) -> str:
    """Hover text: date, title and source, every piece HTML-escaped."""
    pieces = (date_label(ev), title_label(ev), "Source: " + source_label(ev))
    return "<br>".join(html_text.escape(p, quote=True) for p in pieces)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (files are validated, this is defence in depth)."""
    try:
        return check_url(url, "url")
    except EventsFileError:
        return None


# --- which --------------------------------------------------------------------------------

def is_context(ev: Event) -> bool:
    """An event the article gives as background (tagged `context`), not a step between the
    countries' arms trade."""
    return CONTEXT_TAG in ev.tags


def involves(ev: Event, countries: Sequence[str], every: bool = False) -> bool:
    """The event involves any (or, with every, all) of the countries; none given: False."""
    wanted = set(countries)
    if not wanted:
        return False
    return wanted <= set(ev.countries) if every else bool(wanted & set(ev.countries))


def tagged(ev: Event, tags: Sequence[str]) -> bool:
    """The event carries any of the tags (every event where none are given)."""
    return not tags or bool(set(tags) & set(ev.tags))


def select(events: Iterable[Event], countries: Sequence[str], tags: Sequence[str] = (),
           years: tuple[int, int] | None = None, every: bool = False) -> list[Event]:
    """Dated events involving any (or, with every, all) of the countries, carrying any of
    the tags (all events where none are given), within the years (inclusive)."""
    picked: list[Event] = []
    for ev in events:
        x = decimal_year(ev)
        if x is None or not involves(ev, countries, every) or not tagged(ev, tags):
            continue
        if years is not None and not years[0] - 0.5 <= x <= years[1] + 0.5:
            continue
        picked.append(ev)
    return picked


def undated(events: Iterable[Event], countries: Sequence[str], tags: Sequence[str] = (),
            every: bool = False) -> list[Event]:
    """Events without a date (no chart can place them) involving any (or, with every, all)
    of the countries and carrying any of the tags; they are listed beside the charts."""
    return [ev for ev in events if ev.date is None and involves(ev, countries, every)
            and tagged(ev, tags)]


def markers(events: Iterable[Event]) -> list[Any]:
    """Figure markers (dashboard.figures.base.EventMarker) for dated events."""
    from dashboard.figures.base import EventMarker

    result = []
    for ev in events:
        x = decimal_year(ev)
        if x is not None:
            result.append(EventMarker(x=x, label=html_text.escape(title_label(ev)),
                                      hover=hover_text(ev), id=ev.id))
    return result


def chart_markers(countries: Sequence[str], show: bool, tags: Sequence[str],
                  years: tuple[int, int], cat: Catalogue | None = None,
                  every: bool = False) -> list[Any] | None:
    """Markers of a time chart: none when events are hidden; else the dated events
    involving any (or, with every, all) of the countries, carrying any of the tags, within
    the years."""
    if not show:
        return None
    cat = cat if cat is not None else catalogue()
    return markers(select(cat.events, countries, tuple(tags), years, every)) or None


def view_markers(view: Any, chart: str, cat: Catalogue | None = None) -> list[Any] | None:
    """Markers for a chart of a dashboard view (`dashboard.state.urlstate.View`): the events
    involving the view's country, with its event settings, in its years."""
    return chart_markers([view.country], getattr(view, "events", True),
                         tuple(getattr(view, "tags", ())), (view.start, view.end), cat)


def pair_markers(view: Any, cat: Catalogue | None = None) -> list[Any] | None:
    """Markers for a chart of a pair view (`dashboard.state.pairstate.PairView`): the events
    involving both countries, with the view's event settings, in its years."""
    return chart_markers(pair_of(view), view.events, view.tags, (view.start, view.end), cat,
                         every=True)


def pair_of(view: Any) -> list[str]:
    """The two countries of a pair view."""
    return [view.supplier, view.recipient]


def view_undated(view: Any, cat: Catalogue | None = None) -> list[Event]:
    """The undated events of a country view (involving its country) or a pair view
    (involving both), with its tags; none where events are hidden."""
    if not getattr(view, "events", True):
        return []
    cat = cat if cat is not None else catalogue()
    pair = hasattr(view, "supplier")
    countries = pair_of(view) if pair else [view.country]
    return undated(cat.events, countries, tuple(getattr(view, "tags", ())), every=pair)


def clicked_event(click_data: object, cat: Catalogue) -> Event | None:
    """The event behind a click on a chart's event marker, or None (any other click)."""
    if not isinstance(click_data, Mapping):
        return None
    points = click_data.get("points")
    if not isinstance(points, list):
        return None
    for point in points:
        if isinstance(point, Mapping):
            ev = cat.get(point.get("customdata"))
            if ev is not None:
                return ev
    return None


# --- links --------------------------------------------------------------------------------

def country_href(country: str, **extra: str) -> str:
    """The country page for a country."""
    return "/?" + urlencode({"country": country, **extra})


def pair_href(supplier: str, recipient: str, release: str | None = None,
              event: str | None = None, deals: Sequence[int] = ()) -> str:
    """The pair page for a supplier and a recipient; optionally a release, an event whose
    panel opens and SIPRI deal ids highlighted in the grid (`dashboard.state.pairstate` keys)."""
    pairs: list[tuple[str, str]] = [("supplier", supplier), ("recipient", recipient)]
    if release:
        pairs.append(("release", release))
    if event:
        pairs.append(("event", event))
    pairs += [("deal", str(int(d))) for d in deals]
    return "/pair?" + urlencode(pairs)


def release_for(ev: Event, releases: Mapping[str, tuple[int, int]] | None,
                default: str | None) -> str | None:
    """A release whose years hold the event's date: the default where it does, else the
    newest that does; None (the page's default) where none does or nothing is known."""
    x = decimal_year(ev)
    if x is None or not releases or default is None:
        return None
    year = int(ev.date[:4]) if ev.date else None

    def covers(release: str) -> bool:
        first, last = releases[release]
        return year is not None and first <= year <= last

    if default in releases and covers(default):
        return None
    fitting = sorted(r for r in releases if covers(r))
    return fitting[-1] if fitting else None


def events_href(country: str | None = None, tags: Sequence[str] = (),
                article: str | None = None) -> str:
    """The events page with these filters."""
    pairs: list[tuple[str, str]] = []
    if country:
        pairs.append(("country", country))
    pairs += [("tag", t) for t in tags]
    if article:
        pairs.append(("article", article))
    return "/events" + ("?" + urlencode(pairs) if pairs else "")


# --- the linked deals ---------------------------------------------------------------------

DEAL_COLUMNS = {"deal_id": "SIPRI deal id", "supplier": "supplier", "recipient": "recipient",
                "designation": "designation", "order_year": "order year",
                "number_ordered": "number ordered", "delivery_years": "delivery years",
                "tiv_delivered": "TIV delivered (millions, volume)",
                "comments": "SIPRI comment", "release": "SIPRI release"}



def linked_ids(ev: Event, deals: pd.DataFrame | None, cat: Catalogue | None = None
               ) -> tuple[int, ...]:
    """The SIPRI deals an event links: its curated deal ids, then the register rows the
    curated links give it (rows SIPRI gives no deal id), each once."""
    cat = cat if cat is not None else catalogue()
    linked = [*ev.deal_ids, *(i for i, _ in ids_for(cat.links, ev.id, deals))]
    return tuple(dict.fromkeys(linked))


def link_notes(ev: Event, deals: pd.DataFrame | None, cat: Catalogue | None = None
               ) -> list[str]:
    """Why each register row without a SIPRI deal id is linked (the curated reason)."""
    cat = cat if cat is not None else catalogue()
    return list(dict.fromkeys(why for _, why in ids_for(cat.links, ev.id, deals)))


def linked_deals(ev: Event, deals: pd.DataFrame | None, release: str | None = None,
                 cat: Catalogue | None = None) -> pd.DataFrame:
    """The event's linked deals (`linked_ids`) from the deals table (the given release,
    else the newest holding each deal), in the event's order; ids not in the build are
    listed as missing."""
    columns = list(DEAL_COLUMNS)
    ids = list(linked_ids(ev, deals, cat))
    if deals is None or deals.empty or not ids:
        return pd.DataFrame({"deal_id": ids}).reindex(columns=columns)
    rows = deals[deals["deal_id"].isin(ids)]
    if release is not None and (rows["release"] == release).any():
        rows = rows[rows["release"] == release]
    rows = rows.sort_values("release", ascending=False).drop_duplicates("deal_id")
    frame = pd.DataFrame({"deal_id": ids}).merge(rows, on="deal_id", how="left")
    frame["delivery_years"] = frame["delivery_years"].map(
        lambda ys: ", ".join(str(int(y)) for y in ys) if isinstance(ys, Iterable)
        and not isinstance(ys, str) else "")
    return frame.reindex(columns=columns)


def cell_text(value: object) -> str:
    """A deal table cell: "–" where missing, numbers to SIPRI's two decimals (TIV), whole
    numbers without ".0"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        shown = round(value, TIV_DECIMALS)
        return str(int(shown)) if shown.is_integer() else str(shown)
    return str(value)


def deal_id_label(value: object) -> str:
    """A deal id as shown: SIPRI's id, or 'no SIPRI id' for the build's stand-in ids
    (negative: register rows SIPRI gives no id, see etl.classic_deals)."""
    if isinstance(value, int | float) and not pd.isna(value) and value < 0:
        return "no SIPRI id"
    return cell_text(value)


def in_build(row: Mapping[Any, Any]) -> bool:
    """A linked deal found in the build (it has its parties)."""
    return isinstance(row.get("supplier"), str) and isinstance(row.get("recipient"), str)


def deal_links(ev: Event, frame: pd.DataFrame, release: str | None = None
               ) -> dict[tuple[str, str], str]:
    """The pair page of each (supplier, recipient) among an event's linked deals, in the
    given release or else the deals' own, with the event's panel open and the pair's
    linked deals highlighted."""
    rows = [r for r in frame.to_dict("records") if in_build(r)]
    out: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row["supplier"], row["recipient"])
        if key not in out:
            ids = [int(r["deal_id"]) for r in rows if (r["supplier"], r["recipient"]) == key]
            own = row.get("release") if isinstance(row.get("release"), str) else None
            out[key] = pair_href(*key, release=release or own, event=ev.id, deals=ids)
    return out


# --- the events page's filters (its URL state) --------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the events page shows: a country, tags (any of them), an article."""

    country: str | None = None
    tags: tuple[str, ...] = ()
    article: str | None = None


def parse_filters(query: Mapping[str, object], cat: Catalogue) -> tuple[Filters, list[str]]:
    """Filters from query values; unknown values are dropped with a notice, never raised."""
    notes: list[str] = []
    countries = [c for c in qv.many(query, "country") if c.strip()]
    country = countries[0].strip() if countries else None
    if country is not None and country not in cat.countries:
        notes.append(f"No event involves {country[:40]!r}: showing all countries.")
        country = None
    tags: list[str] = []
    for tag in qv.many(query, "tag"):
        tag = tag.strip().lower()
        if tag in cat.tags and tag not in tags:
            tags.append(tag)
        elif tag:
            notes.append(f"Unknown tag {tag[:40]!r}: ignored.")
    articles = [a for a in qv.many(query, "article") if a.strip()]
    article = articles[0].strip() if articles else None
    if article is not None and article not in {a for ev in cat.events for a in ev.articles}:
        notes.append(f"Unknown article {article[:60]!r}: showing all articles.")
        article = None
    return Filters(country, tuple(sorted(tags)), article), notes


def serialise_filters(filters: Filters) -> str:
    """The query string (with '?', or '' for no filter) that parse_filters reads back."""
    href = events_href(filters.country, filters.tags, filters.article)
    return href[len("/events"):]


def filter_events(events: Iterable[Event], filters: Filters) -> list[Event]:
    """The events the filters let through, dated first in date order, then open-dated."""
    picked = [ev for ev in events
              if (filters.country is None or filters.country in ev.countries)
              and (not filters.tags or set(filters.tags) & set(ev.tags))
              and (filters.article is None or filters.article in ev.articles)]
    return sorted(picked, key=sort_key)


# --- what the event controls and a marker click mean --------------------------------------


def query_values(show: object, tags: object) -> dict[str, object]:
    """The URL query values (urlstate's `events` and `tag`) of the event controls."""
    on = show is not False  # None (no switch on the page) keeps the default
    picked = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return {"events": "on" if on else "off", "tag": picked}


def triggered_event(graph_ids: Sequence[str], clicks: Sequence[object], trigger: object,
                    cat: Catalogue) -> Event | None:
    """The event behind the click on the graph that fired a callback, or None."""
    index = [i for i, g in enumerate(graph_ids) if g == trigger]
    return clicked_event(clicks[index[0]], cat) if index else None


def highlight_ids(ev: Event, deals: pd.DataFrame | None = None) -> list[int]:
    """The SIPRI deal ids a deal grid highlights for an event (its linked deals)."""
    return [int(d) for d in linked_ids(ev, deals)]


