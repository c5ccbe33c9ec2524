"""The view a URL describes: parse a query string into a `View`, serialise it back.

Pure functions, no Dash and no data access: what is valid comes in as `Choices`, built
from the loaded build. Every invalid or unknown value falls back to its default and adds
a notice that the page shows; parsing never raises. `parse(serialise(v)) == v` for every
view `parse` can return.

Fields and their query keys: page (the path), country (a country, or a SIPRI region,
subregion or grouping), side, release, years (FIRST-LAST),
window (years per period, SIPRI's convention is 5), period and compare (last year of the
focus and comparison periods), top (partners shown before "Other"), cat (repeated, armament
categories; none means all), hl (repeated, highlighted partners, always shown), events
(on/off) and tag (repeated) for the event markers, event (the open event's panel), deals
(PARTNER-YEAR: the bar clicked for its deals) and dfrom (its chart: annual or shares).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from dashboard.compute import matching
from dashboard.compute.metrics import OTHER
from dashboard.state import queryvalues as qv
from dashboard.state.queryvalues import MAX_LIST, shown

PAGES = ("country", "world", "about")
SIDES = ("imports", "exports")
DEFAULT_COUNTRY = "Pakistan"
DEFAULT_WINDOW = 5
WINDOW_RANGE = (1, 10)
DEFAULT_TOP = 8
TOP_RANGE = (1, 15)
YEARS_RE = re.compile(r"\s*(\d{4})\s*[-–:]\s*(\d{4})\s*")

QueryValue = str | Sequence[str]


@dataclass(frozen=True)
class Choices:
    """What a view may hold, taken from the build: names, releases and their years."""

    aliases: Mapping[str, str]  # matching.key of every spelling -> canonical name
    releases: Mapping[str, tuple[int, int]]
    default_release: str
    categories: tuple[str, ...]
    default_country: str = DEFAULT_COUNTRY
    partial: Mapping[str, str] = field(default_factory=dict)  # release -> what it covers
    present: Mapping[str, frozenset[str]] = field(default_factory=dict)  # by release
    areas: Mapping[str, str] = field(default_factory=dict)  # key -> SIPRI region or grouping
    # (release, supplier, recipient) -> the pair's first year of delivery or order
    first_active: Callable[[str, str, str], int | None] | None = field(
        default=None, compare=False, repr=False)

    def pair_first_year(self, release: str, supplier: str, recipient: str) -> int | None:
        """The first year a supplier → recipient pair is active in a release (None where
        not known or never)."""
        return None if self.first_active is None else self.first_active(
            release, supplier, recipient)

    def in_release(self, name: str, release: str) -> bool:
        """Whether an entity has deliveries in a release (True where not known)."""
        names = self.present.get(release)
        return names is None or name in names

    def country(self, text: str) -> str | None:
        """The canonical name for a name, display name or spelling (matching's one rule:
        any case, accents or punctuation), or None."""
        return self.aliases.get(matching.key(text))

    def area(self, text: str) -> str | None:
        """The name of a SIPRI region, subregion or grouping (matching's one rule), or None."""
        return self.areas.get(matching.key(text))


@dataclass(frozen=True)
class View:
    """A complete, valid view: every field resolved against the build."""

    page: str
    country: str
    side: str
    release: str
    start: int
    end: int
    window: int = DEFAULT_WINDOW
    period: int = 0
    compare: int | None = None
    top: int = DEFAULT_TOP
    categories: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()
    events: bool = True
    tags: tuple[str, ...] = ()
    event: str | None = None
    # the bar (or area) clicked for its deals: partner (canonical, or "Other") and year,
    # and the chart it is on ("annual", or "shares": the period of rolling sums to year)
    deals: tuple[str, int] | None = None
    deals_from: str = "annual"

    @property
    def period_years(self) -> tuple[int, int]:
        """First and last year of the focus period."""
        return self.period - self.window + 1, self.period

    @property
    def compare_years(self) -> tuple[int, int] | None:
        """First and last year of the comparison period, if there is one."""
        if self.compare is None:
            return None
        return self.compare - self.window + 1, self.compare


@dataclass(frozen=True)
class Parsed:
    """A parsed view and the notices about values that were replaced by defaults."""

    view: View
    notices: tuple[str, ...] = field(default=())


def _world_release(page: str, release: str, choices: Choices, notes: list[str]) -> str:
    """The release to show: the world page takes only a release covering all countries
    (the default, with a notice), other pages announce a partial release."""
    default = choices.default_release
    if page == "world" and release in choices.partial and default not in choices.partial:
        notes.append(f"Release {release} covers only {choices.partial[release]}, not all "
                     f"countries: the world page shows release {default}.")
        return default
    qv.coverage(release, choices.partial, notes)
    return release


aliases_for = matching.country_keys


def parse_search(page: str, search: str, choices: Choices) -> Parsed:
    """Parse a `?a=b&c=d` query string (leading '?' optional)."""
    raw = parse_qs(search.lstrip("?"), keep_blank_values=True)
    return parse(page, {k: v if len(v) > 1 else v[0] for k, v in raw.items()}, choices)


def parse(page: str, query: Mapping[str, object], choices: Choices) -> Parsed:
    """Resolve query values (str or list of str, as Dash passes them) into a valid View."""
    notes: list[str] = []
    page = page if page in PAGES else "country"
    country_text = qv.one(query, "country", notes)
    side = qv.enum(qv.one(query, "side", notes), SIDES, "side", notes)
    release = qv.release(qv.one(query, "release", notes), choices.releases,
                         choices.default_release, notes)
    release = _world_release(page, release, choices, notes)
    country = _country(country_text, choices, release, notes)
    first, last = choices.releases[release]
    start, end = _years(qv.one(query, "years", notes), (first, last), release, notes)
    window = _int(qv.one(query, "window", notes), DEFAULT_WINDOW, WINDOW_RANGE, "window", notes)
    if window > last - first + 1:
        extract = " (a partial extract)" if last - first + 1 < DEFAULT_WINDOW else ""
        notes.append(f"Release {release}{extract} covers only {first}–{last}: "
                     f"periods shortened to {last - first + 1} year(s).")
        window = last - first + 1
    lowest = first + window - 1
    period = _int(qv.one(query, "period", notes), last, (lowest, last), "period", notes)
    compare = _compare(qv.one(query, "compare", notes), period, window, lowest, last, notes)
    top = _int(qv.one(query, "top", notes), DEFAULT_TOP, TOP_RANGE, "top", notes)
    categories = qv.categories(qv.many(query, "cat"), choices.categories, notes)
    highlight = _highlight(qv.many(query, "hl"), choices, country, notes)
    events, tags = qv.parse_events(query, notes)
    event = qv.event_id(qv.one(query, "event", notes), notes)
    deals, deals_from = _deals(qv.one(query, "deals", notes), qv.one(query, "dfrom", notes),
                               (start, end), choices, notes)
    view = View(page=page, country=country, side=side, release=release, start=start, end=end,
                window=window, period=period, compare=compare, top=top,
                categories=categories, highlight=highlight, events=events, tags=tags,
                event=event, deals=deals, deals_from=deals_from)
    return Parsed(view, tuple(notes))


DEALS_FROM = ("annual", "shares")


def _deals(text: str | None, chart: str | None, years: tuple[int, int], choices: Choices,
           notes: list[str]) -> tuple[tuple[str, int] | None, str]:
    """The clicked bar of `deals=PARTNER-YEAR` (and `dfrom`, its chart): a known partner
    (or Other) and a year of the view; anything else is announced and left out."""
    where = chart if chart in DEALS_FROM else "annual"
    if chart is not None and chart.strip() and chart not in DEALS_FROM:
        notes.append(f"Unknown chart {shown(chart)} for a clicked bar (dfrom): "
                     "taken as the annual chart.")
    if text is None or not text.strip():
        return None, "annual"
    name, _, year_text = text.strip().rpartition("-")
    partner = OTHER if name.strip() == OTHER else choices.country(name)
    year = int(year_text) if year_text.strip().isdigit() else None
    if partner is None or year is None or not years[0] <= year <= years[1]:
        notes.append(f"No bar {shown(text)} (deals=PARTNER-YEAR, a year of the view): "
                     "showing every deal of the view.")
        return None, "annual"
    return (partner, year), where


def serialise(view: View) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs: list[tuple[str, str]] = [
        ("country", view.country),
        ("side", view.side),
        ("release", view.release),
        ("years", f"{view.start}-{view.end}"),
        ("window", str(view.window)),
        ("period", str(view.period)),
    ]
    if view.compare is not None:
        pairs.append(("compare", str(view.compare)))
    pairs.append(("top", str(view.top)))
    pairs += [("cat", c) for c in view.categories]
    pairs += [("hl", h) for h in view.highlight]
    pairs += qv.events_pairs(view.events, view.tags)
    if view.event is not None:
        pairs.append(("event", view.event))
    if view.deals is not None:
        pairs.append(("deals", f"{view.deals[0]}-{view.deals[1]}"))
        if view.deals_from != "annual":
            pairs.append(("dfrom", view.deals_from))
    return "?" + urlencode(pairs)


def _country(text: str | None, choices: Choices, release: str, notes: list[str]) -> str:
    if text is None or not text.strip():
        return choices.default_country
    found = qv.country_or_area(choices, text)  # 'NATO' the grouping, 'NATO**' the organisation
    if found is not None and found == choices.area(text):
        return found
    if found is None:
        notes.append(f"Unknown country {shown(text)}: showing {choices.default_country}.")
        return choices.default_country
    if not choices.in_release(found, release):
        notes.append(qv.absent(found, release, choices.releases[release],
                               choices.default_country))
        return choices.default_country
    return found


def _years(text: str | None, coverage: tuple[int, int], release: str,
           notes: list[str]) -> tuple[int, int]:
    first, last = coverage
    if text is None or not text.strip():
        return first, last
    match = YEARS_RE.fullmatch(text)
    if match is None:
        notes.append(f"Unreadable years {shown(text)} (expected e.g. 2000-2024): "
                     f"showing {first}–{last}.")
        return first, last
    start, end = sorted((int(match[1]), int(match[2])))
    if end < first or start > last:
        notes.append(f"Years {start}–{end} are outside release {release}'s coverage "
                     f"({first}–{last}): showing {first}–{last}.")
        return first, last
    if start < first or end > last:
        notes.append(f"Release {release} covers {first}–{last}: years limited to "
                     f"{max(start, first)}–{min(end, last)}.")
    return max(start, first), min(end, last)


def _int(text: str | None, default: int, bounds: tuple[int, int], key: str,
         notes: list[str]) -> int:
    if text is None or not text.strip():
        return default
    low, high = bounds
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable {key} {shown(text)}: using {default}.")
        return default
    if not low <= value <= high:
        notes.append(f"{key.capitalize()} {value} is outside {low}–{high}: using {default}.")
        return default
    return value


def _compare(text: str | None, period: int, window: int, lowest: int, last: int,
             notes: list[str]) -> int | None:
    default = period - window if period - window >= lowest else None
    if text is None or not text.strip():
        return default
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable compare {shown(text)}: using the previous period.")
        return default
    if not lowest <= value <= last or value == period:
        notes.append(f"Comparison period ending {value} is not available: using the "
                     "previous period.")
        return default
    return value


def _highlight(values: list[str], choices: Choices, country: str, notes: list[str]
               ) -> tuple[str, ...]:
    out: list[str] = []
    for value in values[:MAX_LIST]:
        if not value.strip():
            continue
        found = choices.country(value)
        if found is None:
            notes.append(f"Unknown partner {shown(value)} to highlight: ignored.")
        elif found != country and found not in out:
            out.append(found)
    if len(values) > MAX_LIST:
        notes.append(f"At most {MAX_LIST} partners can be highlighted.")
    return tuple(out)


def without_event(page: str, search: str, choices: Choices) -> str | None:
    """The view's query string with its open event closed; None where none is open."""
    view = parse_search(page, search, choices).view
    return None if view.event is None else serialise(replace(view, event=None))
