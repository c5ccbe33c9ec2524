"""Query-string values shared by every page's URL state: reading one or many values, the
release and categories, and the article-event settings (`events`, `tag`).

Pure functions, no Dash and no data access. `dashboard.state.urlstate` (country and world
pages), `dashboard.state.pairstate` (pair page) and the events page's filters read and write
their values through these, so one URL key means the same thing on every page. Readers
never raise: an unusable value is replaced by its default and a notice is appended.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

# A year or a year range, as `years` keys write them: 2020, 2010-2020, 2010–2020, 2010:2020
YEARS_RE = re.compile(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4})\s*)?")
MAX_SHOWN = 40
MAX_LIST = 20
TAG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
EVENT_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
EVENTS_ON, EVENTS_OFF = "on", "off"


def shown(value: object) -> str:
    """A user-given value, shortened for a notice."""
    text = str(value)
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


def one(query: Mapping[str, object], key: str, notes: list[str]) -> str | None:
    """The single value of `key` (the first of several, with a notice), or None."""
    value = query.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        notes.append(f"Several values given for '{key}': using the first.")
        return str(value[0])
    notes.append(f"Unreadable value for '{key}': using the default.")
    return None


def many(query: Mapping[str, object], key: str) -> list[str]:
    """Every text value of a repeated key (anything that is not text is left out)."""
    value = query.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def enum(text: str | None, allowed: tuple[str, ...], key: str, notes: list[str]) -> str:
    """One of `allowed` (any case), else the first with a notice."""
    if text is None:
        return allowed[0]
    value = text.strip().lower()
    if value in allowed:
        return value
    notes.append(f"Unknown {key} {shown(text)}: showing {allowed[0]}.")
    return allowed[0]


def release(text: str | None, releases: Mapping[str, object], default: str,
            notes: list[str]) -> str:
    """A release of the build, else the default with a notice."""
    if text is None or not text.strip():
        return default
    if text.strip() in releases:
        return text.strip()
    notes.append(f"Release {shown(text)} is not in this build: showing release {default}.")
    return default


def coverage(release: str, partial: Mapping[str, str], notes: list[str]) -> None:
    """Announce a release that covers only part of the world (what it covers)."""
    if release in partial:
        notes.append(f"Release {release} covers only {partial[release]}, not all countries: "
                     "its figures are not world totals, world shares and ranks are not shown, "
                     "and shares are of the transfers it covers.")


def categories(values: Sequence[str], allowed: tuple[str, ...], notes: list[str]
               ) -> tuple[str, ...]:
    """The known categories among `values`, in `allowed` order; all of them is none."""
    wanted = {v.strip() for v in values if v.strip()}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        notes.append(f"Unknown categor{'ies' if len(unknown) > 1 else 'y'} "
                     f"{', '.join(shown(u) for u in unknown[:3])}: ignored.")
    picked = tuple(c for c in allowed if c in wanted)
    return () if len(picked) == len(allowed) else picked


# --- article-event settings: `events=on|off` and repeated `tag` ---------------------------

def tags(values: Sequence[str], notes: list[str]) -> tuple[str, ...]:
    """Event tags: lower case, well-formed, each once, at most MAX_LIST."""
    out: list[str] = []
    for value in values[:MAX_LIST]:
        tag = value.strip().lower()
        if TAG_RE.fullmatch(tag):
            if tag not in out:
                out.append(tag)
        elif tag:
            notes.append(f"Unreadable event tag {shown(value)}: ignored.")
    return tuple(out)


def parse_events(query: Mapping[str, object], notes: list[str]) -> tuple[bool, tuple[str, ...]]:
    """(markers shown, tags) from the `events` and `tag` keys."""
    show = enum(one(query, "events", notes), (EVENTS_ON, EVENTS_OFF), "events", notes)
    return show == EVENTS_ON, tags(many(query, "tag"), notes)


def events_pairs(show: bool, tag_list: Sequence[str]) -> list[tuple[str, str]]:
    """The query pairs of the event settings (nothing for the defaults)."""
    pairs = [] if show else [("events", EVENTS_OFF)]
    return pairs + [("tag", t) for t in tag_list]



def event_id(text: str | None, notes: list[str]) -> str | None:
    """The open event's id (`event`): a well-formed slug, or None with a notice."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if EVENT_ID_RE.fullmatch(value):
        return value
    notes.append(f"Unreadable event {shown(text)}: no event opened.")
    return None


def absent(name: str, release: str, years: tuple[int, int], instead: str) -> str:
    """The notice for an entity a release has no deliveries of (e.g. the Soviet Union in a
    release from 1995)."""
    return (f"{name} has no deliveries in release {release} ({years[0]}–{years[1]}): "
            f"showing {instead}.")


def kept_settings(asked: Mapping[str, object] | None, query: Mapping[str, object],
                  trigger: str | None, resets: Sequence[str] = ()) -> dict[str, str]:
    """The settings the user chose (query keys such as years, window, period), kept across
    release switches: a key takes its control's value only when that control triggered
    (dropping the `resets` that depend on it), else the value chosen before. The release
    then clips what it cannot show, with a notice, and the choice returns with a release
    that can."""
    kept = {k: v for k, v in (asked or {}).items() if isinstance(k, str) and isinstance(v, str)}
    if trigger is not None:
        value = query.get(trigger)
        if isinstance(value, str) and value:
            kept[trigger] = value
        else:
            kept.pop(trigger, None)
        for key in resets:
            kept.pop(key, None)
    return kept


class NameChoices(Protocol):
    """Entities and SIPRI's areas by any spelling (`dashboard.state.urlstate.Choices`)."""

    def country(self, text: str) -> str | None: ...
    def area(self, text: str) -> str | None: ...


def country_or_area(choices: NameChoices, text: str) -> str | None:
    """The entity or SIPRI region, subregion or grouping a text names: an area where no
    entity has the name or the text is the area's own name ('NATO' the grouping, 'NATO**'
    the organisation), else the entity; None if neither."""
    found, area = choices.country(text), choices.area(text)
    if area is not None and (found is None or text.strip().casefold() == area.casefold()):
        return area
    return found
