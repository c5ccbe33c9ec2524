"""Article events on the dashboard: which events a chart shows, where, and what a click opens.

Pure builders over the curated events (`data/events/*.yaml`, loaded once, read-only):
`select` picks the dated events involving the shown countries (and tags), `markers` turns
them into the figure markers that `dashboard.figures.base.add_events` draws, `add_markers` does
both on a figure, `panel` renders an event's summary, source link and linked SIPRI deals.
Every text from the files is untrusted: hover text is HTML-escaped (Plotly reads a small
HTML subset there), components get plain strings (Dash escapes them), and links are only
ever http(s).
"""

from __future__ import annotations

import html as html_text
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html

from dashboard.compute.register_links import RegisterLink, ids_for, load_links
from dashboard.state import queryvalues as qv
from etl.events.model import Event, EventsFileError, check_url, load_events

LOG = logging.getLogger(__name__)
EVENTS_DIR = Path(os.environ.get("ARMSDASH_EVENTS",
                                 Path(__file__).resolve().parents[2] / "data" / "events"))
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


def catalogue(folder: Path = EVENTS_DIR) -> Catalogue:
    """The curated events as the folder holds them now: read again when a file is added or
    changed (an editor's save shows at once in every worker), else from memory."""
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
                     links)


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


def source_label(ev: Event) -> str:
    """The outlet and publication date as known, else the article's file name."""
    parts = [ev.source.outlet or f"article {ev.article}"]
    if ev.source.published:
        inferred = " (inferred)" if ev.source.published_basis == "inferred" else ""
        parts.append(f"published {ev.source.published}{inferred}")
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


def add_markers(fig: dict[str, Any], events: Iterable[Event]) -> dict[str, Any]:
    """Draw the events on a time chart (dotted lines and a clickable point on top)."""
    from dashboard.figures.base import add_events

    return add_events(fig, markers(events))


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


def has_page(path: str) -> bool:
    """A page with this path is registered in the app (the pair page may not be)."""
    return any(page.get("path") == path for page in dash.page_registry.values())


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


def toggle_search(view: Any, **changes: Any) -> str:
    """The query string of the view with event settings changed (urlstate round trip)."""
    from dashboard.state import urlstate

    return urlstate.serialise(replace(view, **changes))


# --- the panel ----------------------------------------------------------------------------

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


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def deal_id_label(value: object) -> str:
    """A deal id as shown: SIPRI's id, or 'no SIPRI id' for the build's stand-in ids
    (negative: register rows SIPRI gives no id, see etl.classic_deals)."""
    if isinstance(value, int | float) and not pd.isna(value) and value < 0:
        return "no SIPRI id"
    return _cell(value)


def _known(row: Mapping[Any, Any]) -> bool:
    """A linked deal found in the build (it has its parties)."""
    return isinstance(row.get("supplier"), str) and isinstance(row.get("recipient"), str)


def deal_links(ev: Event, frame: pd.DataFrame, release: str | None = None
               ) -> dict[tuple[str, str], str]:
    """The pair page of each (supplier, recipient) among an event's linked deals, in the
    given release or else the deals' own, with the event's panel open and the pair's
    linked deals highlighted."""
    rows = [r for r in frame.to_dict("records") if _known(r)]
    out: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row["supplier"], row["recipient"])
        if key not in out:
            ids = [int(r["deal_id"]) for r in rows if (r["supplier"], r["recipient"]) == key]
            own = row.get("release") if isinstance(row.get("release"), str) else None
            out[key] = pair_href(*key, release=release or own, event=ev.id, deals=ids)
    return out


def _same(name: str) -> str:
    return name


def deals_table(frame: pd.DataFrame, links: Mapping[tuple[str, str], str] | None = None,
                name: Callable[[str], str] = _same) -> html.Table:
    """The linked deals as a plain table (parties by display name); each deal id links to
    the pair page with it."""
    head = html.Thead(html.Tr([html.Th(label) for label in DEAL_COLUMNS.values()]))
    body = []
    for row in frame.to_dict("records"):
        known = _known(row)
        shown = {**row, "supplier": name(row["supplier"]),
                 "recipient": name(row["recipient"])} if known else row
        cells: list[Any] = [html.Td(_cell(shown[c])) for c in DEAL_COLUMNS]
        cells[0] = html.Td(deal_id_label(row["deal_id"]))
        if known and has_page("/pair"):
            key = (row["supplier"], row["recipient"])
            href = (links or {}).get(key) or pair_href(
                *key, deals=[int(row["deal_id"])])
            cells[0] = html.Td(dcc.Link(deal_id_label(row["deal_id"]), href=href,
                                        title="Open this pair with its linked deals "
                                              "highlighted"))
        elif not known:
            cells[3] = html.Td("not in this build")
        body.append(html.Tr(cells, className="event-deal-row"))
    return html.Table([head, html.Tbody(body)],
                      className="table table-sm event-deals")


def panel(ev: Event, deals: pd.DataFrame | None = None, release: str | None = None,
          panel_id: str = "event-panel-body", name: Callable[[str], str] = _same
          ) -> html.Div:
    """An event's panel: title, date, summary, countries, systems, source link, deals
    (`name` gives the display name of a SIPRI country name)."""
    url = safe_url(ev.source.url)
    source: list[Any] = [source_label(ev)]
    if url:
        source += [" · ", html.A("open the article", href=url, target="_blank",
                                 rel="noopener noreferrer nofollow")]
    else:
        source.append(" · no link known")
    frame = linked_deals(ev, deals, release)
    return html.Div([
        html.H5(ev.title, className="event-title"),
        html.P(CONTEXT_NOTE + ".", className="small fst-italic mb-1 event-context")
        if is_context(ev) else None,
        html.P(date_label(ev), className="text-muted mb-1 event-date"),
        html.P(ev.summary, className="event-summary"),
        html.P("Date: " + ev.date_note, className="small text-muted") if ev.date_note else None,
        html.P([html.Strong("Countries: "), ", ".join(map(name, ev.countries))],
               className="mb-1"),
        html.P([html.Strong("Weapon systems: "), ", ".join(ev.systems) or "none named"],
               className="mb-1"),
        html.P([html.Strong("Tags: "), ", ".join(ev.tags)], className="mb-1"),
        html.P([html.Strong("Source: "), *source], className="mb-2 event-source"),
        html.H6(f"Linked SIPRI deals ({len(frame)})"),
        *[html.P(note, className="small text-muted mb-1 event-link-note")
          for note in link_notes(ev, deals)],
        deals_table(frame, deal_links(ev, frame), name) if len(frame) else html.P(
            "No SIPRI deal is linked.", className="small"),
    ], id=panel_id, className="event-panel")


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


def view_links(ev: Event, frame: pd.DataFrame | None = None,
               releases: Mapping[str, tuple[int, int]] | None = None,
               default: str | None = None, name: Callable[[str], str] = _same
               ) -> list[tuple[str, str]]:
    """(label, href) of the views an event belongs to: each country's page, and the pair
    page of each supplier → recipient among its linked deals (event panel open, deals
    highlighted), in a release whose years hold the event's date so its marker shows."""
    release = release_for(ev, releases, default)
    extra = {"release": release} if release else {}
    links = [(f"{name(c)} profile", country_href(c, **extra)) for c in ev.countries]
    if frame is not None and has_page("/pair"):
        links += [(f"{name(s)} → {name(r)}", href)
                  for (s, r), href in sorted(deal_links(ev, frame, release).items())]
    return links


def event_card(ev: Event, deals: pd.DataFrame | None = None,
               releases: Mapping[str, tuple[int, int]] | None = None,
               default: str | None = None, name: Callable[[str], str] = _same) -> html.Div:
    """One event on the events page: date, title, summary, source, links to its views."""
    url = safe_url(ev.source.url)
    frame = linked_deals(ev, deals, default)
    links: list[Any] = [dcc.Link(label, href=href, className="me-3 event-view-link")
                        for label, href in view_links(ev, frame, releases, default, name)]
    source: list[Any] = [source_label(ev)]
    if url:
        source += [" · ", html.A("article", href=url, target="_blank",
                                 rel="noopener noreferrer nofollow")]
    deals_text = ", ".join(deal_id_label(d) for d in frame["deal_id"]) or "none"
    return html.Div([
        html.Div([html.Span(date_label(ev), className="text-muted me-2"),
                  html.Strong(ev.title)]),
        html.P(ev.summary, className="mb-1 small"),
        html.Div([html.Span("Tags: ", className="fw-semibold"),
                  *[dcc.Link(t, href=events_href(tags=[t]), className="badge bg-light "
                    "text-dark me-1 text-decoration-none") for t in ev.tags]],
                 className="small"),
        html.Div([html.Span("Source: ", className="fw-semibold"), *source],
                 className="small"),
        html.Div([html.Span("Linked SIPRI deals: ", className="fw-semibold"), deals_text],
                 className="small"),
        html.Div([html.Span("Views: ", className="fw-semibold"), *links], className="small"),
    ], className="event-card border-bottom py-2", id={"type": "event-card", "id": ev.id})


# --- page parts and callbacks -------------------------------------------------------------

PANEL_HINT = ("Click an event marker (▼ above a chart) to see its summary, source and "
              "linked SIPRI deals.")


def query_values(show: object, tags: object) -> dict[str, object]:
    """The URL query values (urlstate's `events` and `tag`) of the event controls."""
    on = show is not False  # None (no switch on the page) keeps the default
    picked = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return {"events": "on" if on else "off", "tag": picked}


def controls_block(eids: Any, view: Any, cat: Catalogue | None = None,
                   all_href: str | None = None) -> html.Div:
    """The event settings of a page: show or hide markers, filter by tag, a link to all
    (by default the events of the view's country)."""
    cat = cat if cat is not None else catalogue()
    return html.Div([
        dbc.Label("Article events", className="fw-semibold small mb-1"),
        dbc.Switch(id=eids.show, label="Show on charts", value=bool(view.events),
                   className="small"),
        dcc.Dropdown(id=eids.tags, options=[{"label": t, "value": t} for t in cat.tags],
                     value=list(view.tags), multi=True, placeholder="All tags",
                     className="small mb-1"),
        dcc.Link("All events", href=all_href or events_href(view.country), className="small"),
    ], className="mb-3 event-controls")


def open_panel(event_id: str | None, deals: pd.DataFrame | None, release: str | None,
               name: Callable[[str], str] = _same) -> tuple[Any, str | None]:
    """The panel of a view's open event (or the hint where none is open), and a notice
    where the URL names an event that does not exist."""
    if event_id is None:
        return panel_hint(), None
    ev = catalogue().get(event_id)
    if ev is None:
        return panel_hint(), f"No event {qv.shown(event_id)}: none opened."
    return panel(ev, deals, release, name=name), None


def panel_hint() -> html.P:
    """What the event panel says before a marker is clicked."""
    return html.P(PANEL_HINT, className="small text-muted mb-0")


def panel_area(eids: Any, children: Any = None) -> html.Div:
    """Where a clicked event's panel appears (the hint, or `children`)."""
    return html.Div(children if children is not None else panel_hint(), id=eids.panel,
                    className="border rounded p-2 mb-3 bg-light", role="region",
                    title="Selected event")


def triggered_event(graph_ids: Sequence[str], clicks: Sequence[object], trigger: object,
                    cat: Catalogue) -> Event | None:
    """The event behind the click on the graph that fired a callback, or None."""
    index = [i for i, g in enumerate(graph_ids) if g == trigger]
    return clicked_event(clicks[index[0]], cat) if index else None


def highlight_ids(ev: Event, deals: pd.DataFrame | None = None) -> list[int]:
    """The SIPRI deal ids a deal grid highlights for an event (its linked deals)."""
    return [int(d) for d in linked_ids(ev, deals)]


def register_panel(eids: Any, graph_ids: Sequence[str], view_store: str,
                   highlight: str | None = None) -> None:
    """Show the event behind a clicked marker on any of the graphs in the page's panel, and
    write its linked deal ids into a deal grid's highlight store (`highlight`) if given."""
    outputs = [Output(eids.panel, "children")]
    if highlight is not None:
        outputs.append(Output(highlight, "data"))

    @dash.callback(*outputs, *[Input(g, "clickData") for g in graph_ids],
                   State(view_store, "data"), prevent_initial_call=True)
    def show(*args: object) -> Any:
        """Render the clicked event (ignore clicks on anything but event markers)."""
        clicks, search = args[:-1], args[-1]
        ev = triggered_event(graph_ids, clicks, ctx.triggered_id, catalogue())
        if ev is None:
            return (dash.no_update,) * len(outputs) if highlight else dash.no_update
        deals, release, name = _served(search)
        body = panel(ev, deals, release, name=name)
        return (body, highlight_ids(ev, deals)) if highlight else body


def _served(search: object) -> tuple[pd.DataFrame | None, str | None, Callable[[str], str]]:
    """The served deals table, the release of the page's view and display names."""
    from dashboard import data
    from dashboard.state.urlstate import parse_search

    try:
        ds = data.current()
    except Exception:  # no build: the panel still shows the event, without deal rows
        return None, None, _same
    release = None
    if isinstance(search, str):
        release = parse_search("country", search, ds.choices).view.release
    return ds.deals, release, ds.name
