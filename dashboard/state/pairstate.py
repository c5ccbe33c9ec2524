"""The view a pair-page URL describes: parse a query string into a `PairView`, serialise it.

Pure, no Dash and no data access: what is valid comes in as choices built from the loaded
build (any object with `country(text)`, `releases`, `default_release`, `categories`, as
`dashboard.state.urlstate.Choices`). Invalid or unknown values fall back to defaults with a
notice; parsing never raises; `parse(serialise(v)) == v`.

Keys: supplier, recipient, release, years (FIRST-LAST), window (years per period), cat
(repeated categories; none means all), deals (FIRST-LAST or YEAR: the delivery years the
deal grid is narrowed to, e.g. a bar clicked on another page), and for the article events
the country page's `events` (on/off) and `tag` (repeated), read and written by the same
code (`dashboard.state.queryvalues`), plus `event` (the event whose panel is open) and `deal`
(repeated SIPRI deal ids highlighted in the grid, e.g. the event's linked deals), and
`dcat` (the armament category of a clicked bar: the grid shows its deals).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import parse_qs, urlencode

from dashboard.state import queryvalues as qv
from dashboard.state.queryvalues import MAX_LIST, shown

DEFAULT_SUPPLIER = "Turkiye"
DEFAULT_RECIPIENT = "Pakistan"
DEFAULT_WINDOW = 5
WINDOW_RANGE = (1, 10)
DEAL_ID_RE = re.compile(r"-?\d{1,16}")  # stand-in ids of rows without one: 16 digits


class PairChoices(Protocol):
    """What a pair view may hold (`dashboard.state.urlstate.Choices` fits)."""

    @property
    def releases(self) -> Mapping[str, tuple[int, int]]: ...
    @property
    def default_release(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    @property
    def partial(self) -> Mapping[str, str]: ...
    def country(self, text: str) -> str | None: ...
    def in_release(self, name: str, release: str) -> bool: ...
    def pair_first_year(self, release: str, supplier: str, recipient: str) -> int | None: ...


@dataclass(frozen=True)
class PairView:
    """A complete, valid pair view."""

    supplier: str
    recipient: str
    release: str
    start: int
    end: int
    window: int = DEFAULT_WINDOW
    categories: tuple[str, ...] = ()
    deals: tuple[int, int] | None = None
    events: bool = True
    tags: tuple[str, ...] = ()
    event: str | None = None
    highlight: tuple[int, ...] = ()
    deals_category: str | None = None  # `dcat`: the category of a clicked bar's deals


@dataclass(frozen=True)
class ParsedPair:
    """A parsed pair view and the notices about values replaced by defaults."""

    view: PairView
    notices: tuple[str, ...] = field(default=())


def parse_search(search: str, choices: PairChoices) -> ParsedPair:
    """Parse a `?a=b` query string (leading '?' optional)."""
    raw = parse_qs(search.lstrip("?"), keep_blank_values=True)
    return parse({k: v if len(v) > 1 else v[0] for k, v in raw.items()}, choices)


def parse(query: Mapping[str, object], choices: PairChoices) -> ParsedPair:
    """Resolve query values (str or list of str) into a valid PairView with notices."""
    notes: list[str] = []
    supplier_text = qv.one(query, "supplier", notes)
    recipient_text = qv.one(query, "recipient", notes)
    release = qv.release(qv.one(query, "release", notes), choices.releases,
                         choices.default_release, notes)
    qv.coverage(release, choices.partial, notes)
    supplier = _party(supplier_text, DEFAULT_SUPPLIER, "supplier", choices, release, notes)
    recipient = _party(recipient_text, DEFAULT_RECIPIENT, "recipient", choices, release,
                       notes)
    if supplier == recipient:
        notes.append(f"Supplier and recipient are both {shown(supplier)}: showing "
                     f"{DEFAULT_SUPPLIER} → {DEFAULT_RECIPIENT}.")
        supplier, recipient = (choices.country(DEFAULT_SUPPLIER) or DEFAULT_SUPPLIER,
                               choices.country(DEFAULT_RECIPIENT) or DEFAULT_RECIPIENT)
    first, last = choices.releases[release]
    start, end = _years(qv.one(query, "years", notes), (first, last), "years", notes) or (
        default_years(choices, release, supplier, recipient))
    window = _window(qv.one(query, "window", notes), last - first + 1, notes)
    categories = qv.categories(qv.many(query, "cat"), choices.categories, notes)
    deals = _years(qv.one(query, "deals", notes), (start, end), "deals", notes, strict=True)
    events, tags = qv.parse_events(query, notes)
    event = qv.event_id(qv.one(query, "event", notes), notes)
    highlight = _deal_ids(qv.many(query, "deal"), notes)
    deals_category = _deals_category(qv.one(query, "dcat", notes), choices.categories,
                                     categories, notes)
    view = PairView(supplier, recipient, release, start, end, window, categories, deals,
                    events, tags, event, highlight, deals_category)
    return ParsedPair(view, tuple(notes))


def serialise(view: PairView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs: list[tuple[str, str]] = [
        ("supplier", view.supplier), ("recipient", view.recipient),
        ("release", view.release), ("years", f"{view.start}-{view.end}"),
        ("window", str(view.window)),
    ]
    pairs += [("cat", c) for c in view.categories]
    if view.deals is not None:
        pairs.append(("deals", f"{view.deals[0]}-{view.deals[1]}"))
    if view.deals_category is not None:
        pairs.append(("dcat", view.deals_category))
    pairs += qv.events_pairs(view.events, view.tags)
    if view.event is not None:
        pairs.append(("event", view.event))
    pairs += [("deal", str(i)) for i in view.highlight]
    return "?" + urlencode(pairs)


def _deals_category(text: str | None, allowed: Sequence[str], shown_categories: Sequence[str],
                    notes: list[str]) -> str | None:
    """The armament category the deal grid is narrowed to (a clicked bar's), or None: an
    unknown one, or one outside the view's categories, is announced and left out."""
    if text is None or not text.strip():
        return None
    wanted = text.strip()
    if wanted not in allowed:
        notes.append(f"Unknown category {shown(wanted)} for the deals of a clicked bar "
                     "(dcat): showing the deals of every category.")
        return None
    if shown_categories and wanted not in shown_categories:
        notes.append(f"The deals of a clicked bar are of {wanted}, which the view's "
                     "categories leave out: showing the deals of the view's categories.")
        return None
    return wanted


def _party(text: str | None, default: str, role: str, choices: PairChoices, release: str,
           notes: list[str]) -> str:
    fallback = choices.country(default) or default
    if text is None or not text.strip():
        return fallback
    found = choices.country(text)
    if found is None:
        notes.append(f"Unknown {role} {shown(text)}: showing {fallback}.")
        return fallback
    if not choices.in_release(found, release):
        notes.append(qv.absent(found, release, choices.releases[release], fallback))
        return fallback
    return found


def _years(text: str | None, bounds: tuple[int, int], key: str, notes: list[str],
           strict: bool = False) -> tuple[int, int] | None:
    """FIRST-LAST or YEAR inside bounds (clipped; dropped if `strict` and outside)."""
    if text is None or not text.strip():
        return None
    low, high = bounds
    match = qv.YEARS_RE.fullmatch(text)
    if match is None:
        notes.append(f"Unreadable {key} {shown(text)} (expected e.g. 2000-2024): ignored.")
        return None
    a = int(match[1])
    b = int(match[2]) if match[2] else a
    start, end = min(a, b), max(a, b)
    if end < low or start > high:
        notes.append(f"{key.capitalize()} {start}–{end} outside {low}–{high}: ignored.")
        return None
    if start < low or end > high:
        if strict:
            notes.append(f"{key.capitalize()} {start}–{end} limited to {low}–{high}.")
        else:
            notes.append(f"Years limited to {max(start, low)}–{min(end, high)} "
                         "(the release's coverage).")
    return max(start, low), min(end, high)


def _window(text: str | None, span: int, notes: list[str]) -> int:
    default = min(DEFAULT_WINDOW, span)
    if text is None or not text.strip():
        return default
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable window {shown(text)}: using {default}.")
        return default
    low, high = WINDOW_RANGE
    if not low <= value <= min(high, span):
        notes.append(f"Window {value} is outside {low}–{min(high, span)}: using {default}.")
        return default
    return value


def _deal_ids(values: Sequence[str], notes: list[str]) -> tuple[int, ...]:
    """SIPRI deal ids to highlight: integers, each once, at most MAX_LIST."""
    out: list[int] = []
    for value in values[:MAX_LIST]:
        if DEAL_ID_RE.fullmatch(value.strip()):
            deal = int(value.strip())
            if deal not in out:
                out.append(deal)
        elif value.strip():
            notes.append(f"Unreadable deal id {shown(value)}: ignored.")
    if len(values) > MAX_LIST:
        notes.append(f"At most {MAX_LIST} deals can be highlighted.")
    return tuple(out)


def default_years(choices: PairChoices, release: str, supplier: str, recipient: str
                  ) -> tuple[int, int]:
    """The years a pair view shows unless told: from the pair's first delivery or order
    (within the release) to the release's last year."""
    first, last = choices.releases[release]
    active = choices.pair_first_year(release, supplier, recipient)
    return (min(max(active, first), last) if active is not None else first), last


def without_event(search: str, choices: PairChoices) -> str | None:
    """The pair view's query string with its open event closed and no deal highlighted;
    None where no event is open."""
    view = parse_search(search, choices).view
    if view.event is None:
        return None
    return serialise(replace(view, event=None, highlight=()))
