"""Curated events: the YAML schema, declared once, and a loader that never trusts its input.

An events file holds the events one article reports (none where every event it reports is
another file's, which lists the article in `also_in`):

    article: 002_....txt            # the article's file name
    source: {outlet, title, url, published, published_precision, published_basis,
             published_note}
    events:
      - id, date, precision, date_basis, date_note, title, summary, countries,
        systems, deal_ids, tags, also_in

Files are read with `yaml.safe_load`; every field is checked and an error names the file
and the field (`events[2].source.url`). `load_events` reports a bad file and skips it while
the others still load.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PRECISIONS = ("day", "month", "year")
DATE_BASES = ("text", "relative", "inferred", "sipri")
PUBLISHED_BASES = ("text", "inferred")
URL_SCHEMES = ("http://", "https://")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
ARTICLE_RE = re.compile(r"^[\w.-]{1,120}\.txt$")
DATE_RES = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}
MAX_TEXT = 2000
EVENTS_ENV = "ARMSDASH_EVENTS"  # a folder of curated events to read instead of the default
CHECKOUT = Path(__file__).resolve().parents[2]
SHIPPED_EVENTS = Path(__file__).resolve().parent / "curated"  # copied in by the wheel build

FILE_KEYS = {"article", "source", "events"}
SOURCE_KEYS = {"outlet", "title", "url", "published", "published_precision",
               "published_basis", "published_note"}
EVENT_KEYS = {"id", "date", "precision", "date_basis", "date_note", "title", "summary",
              "countries", "systems", "deal_ids", "tags", "also_in", "resolved_from",
              "candidate_deals"}
REQUIRED_EVENT_KEYS = {"id", "date", "precision", "title", "summary", "countries",
                       "systems", "deal_ids", "tags"}


class EventsFileError(ValueError):
    """An events file does not match the schema; the message names the file and the field."""


@dataclass(frozen=True)
class Source:
    """Where an article came from, as far as its text tells."""

    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    published_precision: str | None
    published_basis: str | None
    published_note: str | None


@dataclass(frozen=True)
class Event:
    """One dated (or open-dated), sourced event, tied to the article that reports it."""

    id: str
    date: str | None
    precision: str | None
    title: str
    summary: str
    countries: tuple[str, ...]
    systems: tuple[str, ...]
    deal_ids: tuple[int, ...]
    tags: tuple[str, ...]
    article: str
    source: Source
    date_basis: str | None = None
    date_note: str | None = None
    also_in: tuple[str, ...] = ()
    resolved_from: str | None = None

    @property
    def year(self) -> int | None:
        """The event's year, or None where its date is open."""
        return int(self.date[:4]) if self.date else None

    @property
    def articles(self) -> tuple[str, ...]:
        """Every article that reports the event, its own first."""
        return (self.article, *self.also_in)


@dataclass
class LoadResult:
    """Events from every good file, and one message per file that was skipped."""

    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # article -> its source


# --- field checks -------------------------------------------------------------------------

def _fail(where: str, message: str) -> EventsFileError:
    return EventsFileError(f"{where}: {message}")


def _mapping(value: object, where: str, allowed: set[str],
             required: Iterable[str] = ()) -> Mapping[str, Any]:
    """A mapping with only the allowed keys and every required one."""
    if not isinstance(value, Mapping):
        raise _fail(where, f"expected a mapping, got {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
    missing = sorted(k for k in required if k not in value)
    if missing:
        raise _fail(where, f"missing field(s) {', '.join(missing)}")
    return value


def _text(value: object, where: str, optional: bool = False) -> str | None:
    """A non-empty single string of bounded length (or None where optional)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected non-empty text")
    if len(value) > MAX_TEXT:
        raise _fail(where, f"text longer than {MAX_TEXT} characters")
    return value.strip()


def _text_list(value: object, where: str, pattern: re.Pattern[str] | None = None,
               non_empty: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings, each matching pattern where given, no duplicates."""
    if value is None:
        value = []
    if not isinstance(value, list):
        raise _fail(where, "expected a list")
    if non_empty and not value:
        raise _fail(where, "expected at least one entry")
    items: list[str] = []
    for i, item in enumerate(value):
        text = _text(item, f"{where}[{i}]")
        assert text is not None
        if pattern is not None and not pattern.fullmatch(text):
            raise _fail(f"{where}[{i}]", f"{text!r} does not match {pattern.pattern}")
        if text in items:
            raise _fail(f"{where}[{i}]", f"duplicate {text!r}")
        items.append(text)
    return tuple(items)


def _deal_ids(value: object, where: str) -> tuple[int, ...]:
    """A list of positive SIPRI deal ids, no duplicates."""
    if value is None:
        value = []
    if not isinstance(value, list):
        raise _fail(where, "expected a list of SIPRI deal ids")
    ids: list[int] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
            raise _fail(f"{where}[{i}]", f"expected a positive integer deal id, got {item!r}")
        if item in ids:
            raise _fail(f"{where}[{i}]", f"duplicate deal id {item}")
        ids.append(item)
    return tuple(ids)


def _candidates(value: object, where: str) -> None:
    """Review-only scored candidate deals: a list of {deal_id, score, why}."""
    if value is None:
        return
    if not isinstance(value, list):
        raise _fail(where, "expected a list")
    for i, item in enumerate(value):
        data = _mapping(item, f"{where}[{i}]", {"deal_id", "score", "why"},
                        ("deal_id", "score"))
        _deal_ids([data["deal_id"]], f"{where}[{i}].deal_id")
        score = data["score"]
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            raise _fail(f"{where}[{i}].score", f"expected a number in 0..1, got {score!r}")
        _text(data.get("why"), f"{where}[{i}].why", optional=True)


def check_url(value: object, where: str) -> str | None:
    """An http(s) URL without spaces or control characters, or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.lower().startswith(URL_SCHEMES):
        raise _fail(where, f"only http(s) links are allowed, got {value!r}")
    if any(c.isspace() or ord(c) < 32 for c in value) or len(value) > MAX_TEXT:
        raise _fail(where, "malformed URL")
    return value


def date_text(value: object, where: str) -> str | None:
    """A date as text: YAML may hand over a date object or a bare year as int."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise _fail(where, "expected a date, not a date-time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    if isinstance(value, str):
        return value.strip()
    raise _fail(where, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def check_date(value: object, precision: object, where: str,
               names: tuple[str, str] = ("date", "precision")) -> tuple[str | None, str | None]:
    """A date and its precision that agree: both open, or the date in the precision's form."""
    date_at, precision_at = f"{where}.{names[0]}", f"{where}.{names[1]}"
    text = date_text(value, date_at)
    if text is None:
        if precision is not None:
            raise _fail(precision_at, "must be empty where the date is open")
        return None, None
    if precision not in PRECISIONS:
        raise _fail(precision_at, f"expected one of {', '.join(PRECISIONS)}")
    assert isinstance(precision, str)
    if not DATE_RES[precision].fullmatch(text):
        raise _fail(date_at, f"{text!r} is not a {precision}-precision date")
    if precision == "day":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise _fail(date_at, f"{text!r} is not a calendar date") from None
    return text, precision


def _choice(value: object, allowed: tuple[str, ...], where: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise _fail(where, f"expected one of {', '.join(allowed)}, got {value!r}")
    return str(value)


# --- parsing ------------------------------------------------------------------------------

def parse_source(raw: object, where: str) -> Source:
    """The file's `source` block."""
    data = _mapping(raw, where, SOURCE_KEYS, ("outlet", "title", "url", "published"))
    published, precision = check_date(data.get("published"), data.get("published_precision"),
                                      where, ("published", "published_precision"))
    basis = _choice(data.get("published_basis"), PUBLISHED_BASES, f"{where}.published_basis")
    if published is not None and basis is None:
        raise _fail(f"{where}.published_basis", "required where published is given")
    note = _text(data.get("published_note"), f"{where}.published_note", optional=True)
    if basis == "inferred" and note is None:
        raise _fail(f"{where}.published_note", "say how an inferred date was inferred")
    return Source(
        outlet=_text(data.get("outlet"), f"{where}.outlet", optional=True),
        title=_text(data.get("title"), f"{where}.title", optional=True),
        url=check_url(data.get("url"), f"{where}.url"),
        published=published,
        published_precision=precision,
        published_basis=basis,
        published_note=note,
    )


def parse_event(raw: object, where: str, article: str, source: Source,
                known_country: Callable[[str], bool] | None = None) -> Event:
    """One entry of `events`."""
    data = _mapping(raw, where, EVENT_KEYS, REQUIRED_EVENT_KEYS)
    event_id = _text(data["id"], f"{where}.id")
    assert event_id is not None
    if not ID_RE.fullmatch(event_id):
        raise _fail(f"{where}.id", f"{event_id!r} is not a lowercase slug")
    date, precision = check_date(data["date"], data["precision"], where)
    basis = _choice(data.get("date_basis"), DATE_BASES, f"{where}.date_basis")
    if (date is None) != (basis is None):
        raise _fail(f"{where}.date_basis", "give a basis exactly where a date is given")
    note = _text(data.get("date_note"), f"{where}.date_note", optional=True)
    if basis in ("relative", "inferred", "sipri") and note is None:
        raise _fail(f"{where}.date_note", f"say how a {basis} date was reached")
    countries = _text_list(data["countries"], f"{where}.countries", non_empty=True)
    if known_country is not None:
        for i, name in enumerate(countries):
            if not known_country(name):
                raise _fail(f"{where}.countries[{i}]", f"{name!r} is not a canonical name")
    also_in = _text_list(data.get("also_in"), f"{where}.also_in", ARTICLE_RE)
    if article in also_in:
        raise _fail(f"{where}.also_in", "lists the event's own article")
    _candidates(data.get("candidate_deals"), f"{where}.candidate_deals")
    title = _text(data["title"], f"{where}.title")
    summary = _text(data["summary"], f"{where}.summary")
    assert title is not None and summary is not None
    return Event(
        id=event_id, date=date, precision=precision, title=title, summary=summary,
        countries=countries,
        systems=_text_list(data["systems"], f"{where}.systems"),
        deal_ids=_deal_ids(data["deal_ids"], f"{where}.deal_ids"),
        tags=_text_list(data["tags"], f"{where}.tags", TAG_RE),
        article=article, source=source, date_basis=basis, date_note=note, also_in=also_in,
        resolved_from=_text(data.get("resolved_from"), f"{where}.resolved_from",
                            optional=True),
    )


def parse_document(raw: object, name: str,
                   known_country: Callable[[str], bool] | None = None) -> list[Event]:
    """A whole events document (already YAML-decoded); errors are prefixed with name."""
    return parse_article(raw, name, known_country)[2]


def parse_article(raw: object, name: str, known_country: Callable[[str], bool] | None = None
                  ) -> tuple[str, Source, list[Event]]:
    """A whole events document as its article's file name, source and events."""
    data = _mapping(raw, name, FILE_KEYS, FILE_KEYS)
    article = _text(data["article"], f"{name}: article")
    assert article is not None
    if not ARTICLE_RE.fullmatch(article):
        raise _fail(f"{name}: article", f"{article!r} is not an article file name")
    source = parse_source(data["source"], f"{name}: source")
    raw_events = data["events"]
    if not isinstance(raw_events, list):
        raise _fail(f"{name}: events", "expected a list")
    events = [parse_event(item, f"{name}: events[{i}]", article, source, known_country)
              for i, item in enumerate(raw_events)]
    seen: set[str] = set()
    for i, ev in enumerate(events):
        if ev.id in seen:
            raise _fail(f"{name}: events[{i}].id", f"duplicate id {ev.id!r}")
        seen.add(ev.id)
    return article, source, events


def load_file(path: Path, known_country: Callable[[str], bool] | None = None) -> list[Event]:
    """Read one events file with safe YAML and validate it."""
    return load_article(path, known_country)[2]


def load_article(path: Path, known_country: Callable[[str], bool] | None = None
                 ) -> tuple[str, Source, list[Event]]:
    """Read one events file with safe YAML and validate it: article, source, events."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise EventsFileError(f"{path}: cannot read: {err}") from None
    try:
        raw = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise EventsFileError(f"{path}: {place}invalid YAML: {problem}") from None
    return parse_article(raw, str(path), known_country)


def events_folder(env: Mapping[str, str] = os.environ, checkout: Path = CHECKOUT,
                  shipped: Path = SHIPPED_EVENTS) -> Path:
    """Where the curated events are read: the folder $ARMSDASH_EVENTS names, else data/events/
    of a source checkout (where analysts edit them), else the set shipped in the package."""
    if env.get(EVENTS_ENV):
        return Path(env[EVENTS_ENV])
    edited = checkout / "data" / "events"
    if (checkout / "pyproject.toml").is_file() and edited.is_dir():
        return edited
    return shipped


def load_events(folder: Path,
                known_country: Callable[[str], bool] | None = None) -> LoadResult:
    """Load every *.yaml in folder; a bad file is reported and skipped, ids stay unique;
    each good file's source is kept by article (an article may only report others' events)."""
    result = LoadResult()
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            article, source, events = load_article(path, known_country)
        except EventsFileError as err:
            result.errors.append(str(err))
            continue
        clash = [ev.id for ev in events if ev.id in seen]
        if clash:
            result.errors.append(
                f"{path}: event id {clash[0]!r} already used in {seen[clash[0]]}; file skipped"
            )
            continue
        for ev in events:
            seen[ev.id] = str(path)
        result.events.extend(events)
        result.sources[article] = source
    return result


def event_to_dict(ev: Event) -> dict[str, Any]:
    """An event as plain data (the form the YAML files and the dashboard use)."""
    return {
        "id": ev.id, "date": ev.date, "precision": ev.precision, "date_basis": ev.date_basis,
        "date_note": ev.date_note, "title": ev.title, "summary": ev.summary,
        "countries": list(ev.countries), "systems": list(ev.systems),
        "deal_ids": list(ev.deal_ids), "tags": list(ev.tags), "article": ev.article,
        "also_in": list(ev.also_in),
        "source": {
            "outlet": ev.source.outlet, "title": ev.source.title, "url": ev.source.url,
            "published": ev.source.published,
        },
    }
