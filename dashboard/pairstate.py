"""The view a pair-page URL describes: parse a query string into a `PairView`, serialise it.

Pure, no Dash and no data access: what is valid comes in as choices built from the loaded
build (any object with `country(text)`, `releases`, `default_release`, `categories`, as
`dashboard.urlstate.Choices`). Invalid or unknown values fall back to defaults with a
notice; parsing never raises; `parse(serialise(v)) == v`.

Keys: supplier, recipient, release, years (FIRST-LAST), window (years per period), cat
(repeated categories; none means all), deals (FIRST-LAST or YEAR: the delivery years the
deal grid is narrowed to, e.g. a bar clicked on another page).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, urlencode

DEFAULT_SUPPLIER = "Turkiye"
DEFAULT_RECIPIENT = "Pakistan"
DEFAULT_WINDOW = 5
WINDOW_RANGE = (1, 10)
MAX_SHOWN = 40
YEARS_RE = re.compile(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4})\s*)?")


class PairChoices(Protocol):
    """What a pair view may hold (`dashboard.urlstate.Choices` fits)."""

    @property
    def releases(self) -> Mapping[str, tuple[int, int]]: ...
    @property
    def default_release(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    def country(self, text: str) -> str | None: ...


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


@dataclass(frozen=True)
class ParsedPair:
    """A parsed pair view and the notices about values replaced by defaults."""

    view: PairView
    notices: tuple[str, ...] = field(default=())


def shown(value: object) -> str:
    """A user-given value, shortened for a notice."""
    text = str(value)
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


def parse_search(search: str, choices: PairChoices) -> ParsedPair:
    """Parse a `?a=b` query string (leading '?' optional)."""
    raw = parse_qs(search.lstrip("?"), keep_blank_values=True)
    return parse({k: v if len(v) > 1 else v[0] for k, v in raw.items()}, choices)


def parse(query: Mapping[str, object], choices: PairChoices) -> ParsedPair:
    """Resolve query values (str or list of str) into a valid PairView with notices."""
    notes: list[str] = []
    supplier = _party(_one(query, "supplier", notes), DEFAULT_SUPPLIER, "supplier", choices,
                      notes)
    recipient = _party(_one(query, "recipient", notes), DEFAULT_RECIPIENT, "recipient",
                       choices, notes)
    if supplier == recipient:
        notes.append(f"Supplier and recipient are both {shown(supplier)}: showing "
                     f"{DEFAULT_SUPPLIER} → {DEFAULT_RECIPIENT}.")
        supplier, recipient = (choices.country(DEFAULT_SUPPLIER) or DEFAULT_SUPPLIER,
                               choices.country(DEFAULT_RECIPIENT) or DEFAULT_RECIPIENT)
    release = _release(_one(query, "release", notes), choices, notes)
    first, last = choices.releases[release]
    start, end = _years(_one(query, "years", notes), (first, last), "years", notes) or (
        first, last)
    window = _window(_one(query, "window", notes), last - first + 1, notes)
    categories = _categories(_many(query, "cat"), choices.categories, notes)
    deals = _years(_one(query, "deals", notes), (start, end), "deals", notes, strict=True)
    view = PairView(supplier, recipient, release, start, end, window, categories, deals)
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
    return "?" + urlencode(pairs)


def _one(query: Mapping[str, object], key: str, notes: list[str]) -> str | None:
    value = query.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        notes.append(f"Several values given for '{key}': using the first.")
        return str(value[0])
    notes.append(f"Unreadable value for '{key}': using the default.")
    return None


def _many(query: Mapping[str, object], key: str) -> list[str]:
    value = query.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _party(text: str | None, default: str, role: str, choices: PairChoices,
           notes: list[str]) -> str:
    fallback = choices.country(default) or default
    if text is None or not text.strip():
        return fallback
    found = choices.country(text)
    if found is None:
        notes.append(f"Unknown {role} {shown(text)}: showing {fallback}.")
        return fallback
    return found


def _release(text: str | None, choices: PairChoices, notes: list[str]) -> str:
    if text is None or not text.strip():
        return choices.default_release
    if text.strip() in choices.releases:
        return text.strip()
    notes.append(f"Release {shown(text)} is not in this build: showing release "
                 f"{choices.default_release}.")
    return choices.default_release


def _years(text: str | None, bounds: tuple[int, int], key: str, notes: list[str],
           strict: bool = False) -> tuple[int, int] | None:
    """FIRST-LAST or YEAR inside bounds (clipped; dropped if `strict` and outside)."""
    if text is None or not text.strip():
        return None
    low, high = bounds
    match = YEARS_RE.fullmatch(text)
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


def _categories(values: Sequence[str], allowed: tuple[str, ...], notes: list[str]
                ) -> tuple[str, ...]:
    wanted = {v.strip() for v in values if v.strip()}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        notes.append(f"Unknown categor{'ies' if len(unknown) > 1 else 'y'} "
                     f"{', '.join(shown(u) for u in unknown[:3])}: ignored.")
    picked = tuple(c for c in allowed if c in wanted)
    return () if len(picked) == len(allowed) else picked
