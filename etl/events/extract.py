"""Propose events from an article's plain text, for an analyst to review.

load (article text, alias files, the build's deals) -> clean furniture -> split run-together
words -> sentences -> per sentence: dates (relative ones resolved against the publication
date and marked), countries, weapon systems, tags -> candidate SIPRI deals with a score ->
YAML in the curated events form. Nothing is invented: a date the text does not give, or a
relative one without a publication date, stays open.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from etl.events import roles
from etl.events.aliases import (
    DATA,
    CountryAliases,
    normalise_system,
    systems,
)
from etl.events.model import EventsFileError, check_date, check_url
from etl.events.systems import (  # noqa: F401 (find_systems: part of this module's API)
    SystemIndex,
    class_names,
    find_systems,
    system_index,
    system_matches,
    vocabulary,
)

FURNITURE_FILE = DATA / "furniture.yaml"
TAGS_FILE = DATA / "tags.yaml"
LINK_SCORE = 0.85
CANDIDATE_SCORE = 0.5
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_RE = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
YEAR_RE = r"(?:19[0-9]{2}|20[0-9]{2})"
FUNCTION_WORDS = frozenset((
    "a", "an", "as", "at", "by", "do", "he", "in", "is", "it", "no", "of", "on", "or", "so",
    "to", "up", "us", "we", "and", "are", "but", "for", "has", "had", "have", "its", "not",
    "the", "was", "with", "from", "into", "that", "this", "than", "then", "also", "both",
))


class ExtractError(ValueError):
    """Bad input to the extraction (an unreadable article, a malformed date or URL)."""


# --- inputs -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    """A publication date at its precision, as given with --published or found in the text."""

    date: str
    precision: str

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def month(self) -> int | None:
        return int(self.date[5:7]) if self.precision in ("month", "day") else None


def parse_published(value: str) -> Published:
    """'2025', '2025-12' or '2025-12-05' -> Published; a clear error otherwise."""
    value = value.strip()
    precision = {4: "year", 7: "month", 10: "day"}.get(len(value))
    try:
        date, prec = check_date(value, precision, "--published")
    except EventsFileError as err:
        raise ExtractError(f"{err}; expected YYYY, YYYY-MM or YYYY-MM-DD") from None
    assert date is not None and prec is not None
    return Published(date, prec)


@dataclass(frozen=True)
class Furniture:
    """Patterns for a page's furniture: lines to drop, where trailing furniture starts,
    and inline pieces to strip."""

    drop_lines: tuple[re.Pattern[str], ...]
    cut_from: tuple[re.Pattern[str], ...]
    block_from: tuple[re.Pattern[str], ...]
    strip_inline: tuple[re.Pattern[str], ...]


def parse_furniture(path: Path) -> Furniture:
    """Read and check the furniture patterns file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = ("drop_lines", "cut_from", "block_from", "strip_inline")
    if not isinstance(raw, Mapping) or set(raw) != set(keys):
        raise ExtractError(f"{path}: expected exactly the fields {', '.join(keys)}")
    compiled: list[tuple[re.Pattern[str], ...]] = []
    for key in keys:
        items = raw[key]
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            raise ExtractError(f"{path}: {key}: expected a list of patterns")
        try:
            compiled.append(tuple(re.compile(p, re.IGNORECASE) for p in items))
        except re.error as err:
            raise ExtractError(f"{path}: {key}: bad pattern: {err}") from None
    return Furniture(*compiled)


def parse_tags(path: Path) -> dict[str, re.Pattern[str]]:
    """Read and check the tag keywords file: tag -> one pattern over its words."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping):
        raise ExtractError(f"{path}: expected a mapping of tag -> words")
    result: dict[str, re.Pattern[str]] = {}
    for tag, words in raw.items():
        if not isinstance(tag, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]+", tag):
            raise ExtractError(f"{path}: {tag!r} is not a tag slug")
        if not isinstance(words, list) or not words or not all(
                isinstance(w, str) and w.strip() for w in words):
            raise ExtractError(f"{path}: {tag}: expected a non-empty list of words")
        alternatives = "|".join(re.escape(w.lower()) for w in words)
        result[tag] = re.compile(rf"(?<![a-z])(?:{alternatives})", re.IGNORECASE)
    return result


@cache
def furniture() -> Furniture:
    """The project's furniture patterns (read once)."""
    return parse_furniture(FURNITURE_FILE)


@cache
def tag_rules() -> dict[str, re.Pattern[str]]:
    """The project's tag keywords (read once)."""
    return parse_tags(TAGS_FILE)


# --- cleaning -----------------------------------------------------------------------------

PROSE_RE = re.compile(r"^(?:\S+\s+){11,}\S*[.!?\"”’)]$")


def is_prose(line: str) -> bool:
    """A line of article prose: a dozen words or more, ending a sentence."""
    return bool(PROSE_RE.match(line))


def clean_text(text: str, rules: Furniture) -> str:
    """Drop furniture lines, cut trailing furniture, skip furniture blocks ("Related
    Articles", "Read next": headline lines until two lines of prose in a row resume the
    article), strip inline furniture and repeated lines."""
    kept: list[str] = []
    seen: set[str] = set()
    in_block = False
    held: str | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if any(p.fullmatch(stripped) for p in rules.cut_from):
            break
        if any(p.fullmatch(stripped) for p in rules.block_from):
            in_block, held = True, None
            continue
        if not stripped or any(p.fullmatch(stripped) for p in rules.drop_lines):
            continue
        if in_block:
            if not is_prose(stripped):
                held = None
                continue
            if held is None:
                held = stripped
                continue
            in_block, lines = False, [held, stripped]
        else:
            lines = [stripped]
        for one in lines:
            for pattern in rules.strip_inline:
                one = re.sub(r"\s{2,}", " ", pattern.sub("", one)).strip()
            if one and one not in seen:
                seen.add(one)
                kept.append(one)
    return "\n".join(kept)


def _common(word: str) -> bool:
    """A common English word (or 'a'), not a fragment: short parts must be very common."""
    if len(word) == 1:
        return word == "a"
    if len(word) == 2:
        return word in FUNCTION_WORDS
    max_rank = 5000 if len(word) <= 4 else 30000
    return vocabulary().get(word, max_rank + 1) <= max_rank


def split_word(token: str) -> str:
    """Split one run-together lowercase token where the split is unambiguous, else keep it."""
    import wordninja

    lower = token.lower()
    if len(token) < 5 or lower in vocabulary() or not token[1:].islower():
        return token
    parts = wordninja.split(lower)
    if not 2 <= len(parts) <= 3 or "".join(parts) != lower or not all(map(_common, parts)):
        return token
    if token[0].isupper() and parts[0] not in FUNCTION_WORDS:
        return token
    out = " ".join(parts)
    return token[0] + out[1:]


CAMEL_RE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
JOINED_PUNCT_RE = re.compile(r"(?<=[a-z])([,;:])(?=[A-Za-z])|(?<=[a-z])(?=\()")
POSSESSIVE_RE = re.compile(r"(?<=\w[’']s)(?=[a-z]{3,})")
WORD_RE = re.compile(r"[A-Za-z]+")


def split_joined(text: str) -> str:
    """Separate run-together words: a lowercase word joined to a capitalised one, a missing
    space after a comma or before '(', a possessive joined to the next word, and lowercase
    joins that split into common words in only one way."""
    text = JOINED_PUNCT_RE.sub(lambda m: (m.group(1) or "") + " ", text)
    text = POSSESSIVE_RE.sub(" ", text)

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        if token[0].islower() and CAMEL_RE.search(token):
            head, *rest = CAMEL_RE.split(token)
            return " ".join([split_word(head), *rest])
        return split_word(token)

    return WORD_RE.sub(fix, text)


# a sentence ends at . ! ? before a capital, quote or digit; after an abbreviated month
# only before a capital ("on Aug. 1, 2024" is one date)
MONTH_ABBR = r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\."
SENTENCE_RE = re.compile(rf"(?<=[.!?])(?<!{MONTH_ABBR})(?<!\bSept\.)[\"”’]?\s+"
                         rf"(?=[A-Z\"“‘(0-9])|(?<={MONTH_ABBR})\s+(?=[A-Z\"“‘(])")


WRAPPED_LINE_RE = re.compile(r"^.{30,80}(?<![.!?:\"”’)])$")


def unwrap(text: str) -> str:
    """Join a hard-wrapped text (most lines 30-80 characters, not ending a sentence) into
    one line per sentence run; other texts are kept as they are."""
    lines = text.split("\n")
    wrapped = sum(bool(WRAPPED_LINE_RE.match(line)) for line in lines)
    if len(lines) < 6 or wrapped < 0.5 * len(lines):
        return text
    return " ".join(line.strip() for line in lines)


def sentences(text: str) -> list[str]:
    """Split cleaned text into sentences (line ends end one, except in a hard-wrapped
    text)."""
    result: list[str] = []
    for line in unwrap(text).split("\n"):
        result.extend(s.strip() for s in SENTENCE_RE.split(line) if s.strip())
    return result


# --- dates --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FoundDate:
    """A date found in a sentence: absolute (basis 'text') or resolved ('relative')."""

    phrase: str
    start: int
    date: str | None
    precision: str | None
    basis: str | None
    note: str | None = None
    role: str = "event"  # or "planned" (a future or target date) or "since" (a period's
    # start): not the event's


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                       rf"(?P<y>{YEAR_RE})\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RE}),?"
                       rf"\s+(?P<y>{YEAR_RE})\b", re.IGNORECASE)),
    ("my", re.compile(rf"\b(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?(?P<y>{YEAR_RE})\b",
                      re.IGNORECASE)),
    ("mthis", re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<rel>this|last|next)\s+year\b",
                         re.IGNORECASE)),
    ("range", re.compile(rf"\b(?:between\s+)?(?P<y>{YEAR_RE})\s*(?:[-–—]|to|and)\s*"
                         rf"(?P<y2>{YEAR_RE})\b", re.IGNORECASE)),
    ("qual", re.compile(rf"\b(?P<q>early|mid|late|end of|the end of)[\s-]+(?P<y>{YEAR_RE})\b",
                        re.IGNORECASE)),
    ("year", re.compile(rf"(?<![\d$€£.,/-])\b(?P<y>{YEAR_RE})\b(?![\d%]|\.\d|,\d)")),
    ("relyear", re.compile(r"\b(?P<rel>last|this|next|previous|the current)\s+year\b",
                           re.IGNORECASE)),
    ("relmonth", re.compile(rf"\b(?P<pre>in|since|since early|since late|last|this|next|of|"
                            rf"early|late|by|from|until|on)\s+(?P<mon>{MONTH_RE})(?![.\s]*\d)\b",
                            re.IGNORECASE)),
    ("dm", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_RE})"
                      rf"(?![\s,]*(?:of\s+)?\d)\b", re.IGNORECASE)),
    ("md", re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
                      rf"(?![\s,]*\d)(?![.,]\d)", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|next|this|past)\s+)?(?P<wd>Monday|Tuesday|"
                           r"Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("today", re.compile(r"\b(?P<rel>today|yesterday|tonight)(?!['’]s\s+\w+\s+(?:is|are))\b",
                         re.IGNORECASE)),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)"
                       r"\s+years?\s+ago\b", re.IGNORECASE)),
    ("week", re.compile(r"\b(?P<rel>this|last|earlier this|past)\s+week\b", re.IGNORECASE)),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}
PLANNED_BEFORE_RE = re.compile(
    r"(?:\b(?:will|to be|due to|expected|scheduled|planned|set to)\b[^.;:,]{0,60}|"
    r"\b(?:from|by|until|till|before)\s+(?:the\s+end\s+of\s+)?)$", re.IGNORECASE)
WHEN_AFTER_RE = re.compile(r"\s*,?\s*when\b(?P<clause>[^.;]*)", re.IGNORECASE)
NAME_BEFORE_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?!(?:In|By|Since|From|Until|Of|On|At|"
                            r"During|Between|And|To|For|The|Early|Late|Mid|End)\b)"
                            r"[A-Z][A-Za-z&]+\s+$")
SINCE_RE = re.compile(r"\b(?:ever\s+)?since\s+(?:early\s+|late\s+|mid-?\s*)?$", re.IGNORECASE)
ONGOING_RE = re.compile(r"\b(?:has|have|had)\s+been\s+(?P<verb>[a-z]+ing)\b", re.IGNORECASE)
MONTH_WORD_AMBIGUOUS = frozenset({"may", "march", "mar", "jan", "jun", "jul", "aug", "sep",
                                  "oct", "nov", "dec", "feb", "apr"})


def _resolve(kind: str, m: re.Match[str], published: Published | None) -> FoundDate | None:
    """Turn one regex match into a FoundDate (None where the match is not a date)."""
    phrase, start = m.group(0), m.start()
    if kind == "iso":
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
            return None
        return FoundDate(phrase, start, f"{_ym(y, mo)}-{d:02d}", "day", "text")
    if kind in ("mdy", "dmy"):
        y, mo, d = int(m["y"]), _month(m["mon"]), int(m["d"])
        if not 1 <= d <= calendar.monthrange(y, mo)[1]:
            return None
        return FoundDate(phrase, start, f"{_ym(y, mo)}-{d:02d}", "day", "text")
    if kind == "my":
        return FoundDate(phrase, start, _ym(int(m["y"]), _month(m["mon"])), "month", "text")
    if kind == "range":
        return FoundDate(phrase, start, m["y"], "year", "text",
                         f"period {m['y']}–{m['y2']} stated; dated to its start")
    if kind == "qual":
        return FoundDate(phrase, start, m["y"], "year", "text", f"the text says {phrase}")
    if kind == "year":
        return FoundDate(phrase, start, m["y"], "year", "text")
    offsets = {"last": -1, "previous": -1, "this": 0, "the current": 0, "next": 1}
    if published is None:
        return FoundDate(phrase, start, None, None, None,
                         f"'{phrase}' not resolved: no publication date (pass --published)")
    if kind == "relyear":
        year = published.year + offsets[m["rel"].lower()]
        return FoundDate(phrase, start, str(year), "year", "relative",
                         f"'{phrase}' resolved against publication date {published.date}")
    if kind == "mthis":
        year = published.year + offsets[m["rel"].lower()]
        return FoundDate(phrase, start, _ym(year, _month(m["mon"])), "month", "relative",
                         f"'{phrase}' resolved against publication date {published.date}")
    if kind in ("weekday", "today", "ago", "week"):
        return _resolve_relative_day(kind, m, published)
    month = _month(m["mon"])
    if kind in ("relmonth", "md") and m["mon"].lower().rstrip(".") in MONTH_WORD_AMBIGUOUS and \
            not m["mon"][0].isupper():
        return None
    if published.month is None:
        return FoundDate(phrase, start, None, None, None,
                         f"'{phrase}' not resolved: the publication date has no month")
    pre = (m.groupdict().get("pre") or "").lower()
    if pre == "next":
        year = published.year + (1 if month <= published.month else 0)
    elif pre == "this":
        year = published.year
    else:  # in, since, last, by, on, a bare day and month: the latest such month so far
        year = published.year - (1 if month > published.month else 0)
    if kind in ("dm", "md"):
        day = int(m["d"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        return FoundDate(phrase, start, f"{_ym(year, month)}-{day:02d}", "day", "relative",
                         f"'{phrase}' resolved against publication date {published.date}")
    return FoundDate(phrase, start, _ym(year, month), "month", "relative",
                     f"'{phrase}' resolved against publication date {published.date}")


def _relative(phrase: str, start: int, date: str, precision: str,
              published: Published) -> FoundDate:
    return FoundDate(phrase, start, date, precision, "relative",
                     f"'{phrase}' resolved against publication date {published.date}")


def _resolve_relative_day(kind: str, m: re.Match[str],
                          published: Published) -> FoundDate | None:
    """A weekday, today, 'N years ago' or a week, against the publication date: a day
    only where the publication date has one."""
    phrase, start = m.group(0), m.start()
    if kind == "ago":
        n = m["n"].lower()
        years = NUMBER_WORDS[n] if n in NUMBER_WORDS else int(n)
        return _relative(phrase, start, str(published.year - years), "year", published)
    if published.precision != "day":
        return FoundDate(phrase, start, None, None, None,
                         f"'{phrase}' not resolved: the publication date has no day")
    day = dt.date.fromisoformat(published.date)
    rel = (m.groupdict().get("rel") or "").lower()
    if kind == "today":
        when = day - dt.timedelta(days=1 if rel == "yesterday" else 0)
        return _relative(phrase, start, when.isoformat(), "day", published)
    if kind == "week":
        first = day - dt.timedelta(days=day.weekday() + (7 if rel == "last" else 0))
        last = first + dt.timedelta(days=6)
        if rel == "past":
            first, last = day - dt.timedelta(days=7), day
        if first.month != last.month:
            return FoundDate(phrase, start, None, None, None,
                             f"'{phrase}' spans two months; left open")
        return _relative(phrase, start, first.isoformat()[:7], "month", published)
    target = WEEKDAYS.index(m["wd"].lower())
    back = (day.weekday() - target) % 7
    if rel == "next":
        when = day + dt.timedelta(days=(target - day.weekday()) % 7 or 7)
    else:
        when = day - dt.timedelta(days=back or (7 if rel in ("last", "past") else 0))
    return _relative(phrase, start, when.isoformat(), "day", published)


def date_role(sentence: str, found: FoundDate, published: Published | None) -> str:
    """A date's role: 'planned' after a future or target word ("to be delivered in 2016",
    "by 2030"), after publication, or where a when-clause says it dates a plan ("goes back to
    2009, when Peru expressed interest"), 'since' where a year starts a period of years ("in
    service since 2003": a state, not an event) unless an ongoing transfer starts then
    ("has been supplying parts since 2013"), else 'event' ("talks advanced since October"
    date the talks)."""
    before = sentence[:found.start]
    if PLANNED_BEFORE_RE.search(before):
        return "planned"
    when = WHEN_AFTER_RE.match(sentence, found.start + len(found.phrase))
    if when and roles.cues()["plan"].search(when["clause"]):
        return "planned"
    if found.precision == "year" and SINCE_RE.search(before):
        transfer = roles.cues()["transfer"]
        if not any(transfer.match(m["verb"]) for m in ONGOING_RE.finditer(before)):
            return "since"
    if published is not None and found.date is not None and \
            found.date[:len(published.date)] > published.date[:len(found.date)]:
        return "planned"
    return "event"


def find_dates(sentence: str, published: Published | None) -> list[FoundDate]:
    """Every date in a sentence, in text order; overlapping matches keep the first pattern."""
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if kind == "year" and NAME_BEFORE_RE.search(sentence[:m.start()]):
                continue  # part of a name: "Defence and Security 2017", "Vision 2030"
            date = _resolve(kind, m, published)
            if date is not None:
                taken.append((m.start(), m.end()))
                found.append(replace(date, role=date_role(sentence, date, published)))
    return said_today(sentence, sorted(found, key=lambda d: d.start))


QUOTED_RE = re.compile(r"[\"“][^\"“”]*[\"”]")


def said_today(sentence: str, found: list[FoundDate]) -> list[FoundDate]:
    """'Today' inside a quotation is the day it was said: where the sentence dates the
    saying by a weekday outside the quotation ("... today," he said late Thursday), that
    day."""
    quotes = [(m.start(), m.end()) for m in QUOTED_RE.finditer(sentence)]

    def quoted(d: FoundDate) -> bool:
        return any(a <= d.start < b for a, b in quotes)

    said = [d for d in found if d.date and not quoted(d) and
            d.phrase.split()[-1].lower() in WEEKDAYS]
    if not said:
        return found
    return [replace(d, date=said[0].date, note=f"'{d.phrase}' in a quotation said on "
                    f"{said[0].phrase} ({said[0].date})")
            if d.date and quoted(d) and d.phrase.lower() in ("today", "tonight") else d
            for d in found]


PUBLISHED_LINE_RE = re.compile(
    r"^\s*(?:published|posted|updated|date)(?:\s+on)?\s*:?\s*(?P<rest>.{6,40})$", re.IGNORECASE
)


def published_in_text(text: str) -> Published | None:
    """A 'Published: 5 December 2025' style line of the article, if it has one."""
    for line in text.split("\n"):
        m = PUBLISHED_LINE_RE.match(line)
        if not m:
            continue
        dates = [d for d in find_dates(m["rest"], None) if d.precision == "day"]
        if dates and dates[0].date:
            return Published(dates[0].date, "day")
    return None


# --- countries and systems ----------------------------------------------------------------

def find_countries(sentence: str,
                   entries: tuple[CountryAliases, ...] | None = None) -> list[str]:
    """Canonical entity names mentioned in a sentence, in order of first mention."""
    return list(dict.fromkeys(m.country for m in roles.mentions(sentence, entries)))


# --- deals --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A SIPRI deal that may be the one an event speaks of, with a score in 0..1."""

    deal_id: int
    score: float
    supplier: str
    recipient: str
    designation: str
    order_year: int | None
    why: str
    local: bool = False  # SIPRI marks the deal as produced in the recipient (licence)


def newest_deals(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per known SIPRI deal id, from the newest release holding it."""
    known = deals[deals["deal_id_known"]] if "deal_id_known" in deals else deals[
        deals["deal_id"] > 0]
    ordered = known.sort_values("release", ascending=False)
    return ordered.drop_duplicates("deal_id").reset_index(drop=True)


def _years(row: Mapping[Any, Any]) -> tuple[int | None, int | None]:
    order = row.get("order_year")
    order_year = None if order is None or pd.isna(order) else int(order)
    years = row.get("delivery_years")
    delivered = [] if years is None else [int(y) for y in years]
    last = max(delivered) if delivered else None
    return order_year, last


@dataclass(frozen=True)
class DealContext:
    """What the article around a sentence tells about which deal it means: the systems the
    whole article names (normalised), the counts the sentence gives, whether it reports an
    order or contract, the latest year the article dates an event (for a sentence without a
    year in an article without a publication date), the sentence's first planned year, and
    whether it speaks of producing (building, assembling, a factory)."""

    article_systems: frozenset[str] = frozenset()
    numbers: frozenset[int] = frozenset()
    ordering: bool = False
    hint: int | None = None
    planned: int | None = None
    producing: bool = False


def produced_locally(row: Mapping[Any, Any]) -> bool:
    """SIPRI marks the deal as produced in the recipient country (under licence)."""
    value = row.get("local_production")
    return isinstance(value, bool | np.bool_) and bool(value)


def ended_before(row: Mapping[Any, Any], last: int | None, planned: int) -> bool:
    """The deal's deliveries ended well before a planned delivery year: none after `last`
    (the deal is not open, and no delivery in its release's last two years) and `last` more
    than a year before `planned`."""
    if last is None or row.get("open") is True or last + 1 >= planned:
        return False
    release = str(row.get("release") or "")
    return row.get("open") is False or (release[:4].isdigit() and last < int(release[:4]) - 2)


COUNT_RE = re.compile(r"(?<![\d$€£.,/-])\b(?P<n>\d{1,3}|" + "|".join(
    w for w in NUMBER_WORDS if w != "a") + r")\b(?![.,]\d|\s*%|\s*(?:bn|billion|million|m)\b)",
    re.IGNORECASE)
FOR_RE = re.compile(r"\bfor\s+(?P<what>[^;,]+)", re.IGNORECASE)


def counts(sentence: str) -> frozenset[int]:
    """The counts a sentence gives ("24 Rafales", "six aircraft"), years and sums aside."""
    result = set()
    for m in COUNT_RE.finditer(sentence):
        n = m["n"].lower()
        result.add(NUMBER_WORDS[n] if n in NUMBER_WORDS else int(n))
    return frozenset(result)


def platform_fit(comment: object, article_systems: frozenset[str], index: SystemIndex) -> int:
    """Whether a deal's SIPRI comment names the platform it is for ("For Rafale combat
    aircraft"): 1 where the article names that platform, -1 where it names none of the
    platforms the comment gives, 0 where the comment names none."""
    if not isinstance(comment, str):
        return 0
    names = [name for m in FOR_RE.finditer(comment)
             for name, _, _ in system_matches(m["what"], index)]
    if not names:
        return 0
    keys = {normalise_system(index.family(n)) for n in names}
    return 1 if keys & article_systems else -1


def year_distance(order_year: int | None, last: int | None, year: int | None,
                  ordering: bool) -> int:
    """How far a year lies from a deal: from its order year for an order or contract, else
    from its order-to-last-delivery span (0 inside it)."""
    if year is None or order_year is None:
        return 0
    if ordering:
        return abs(order_year - year)
    end = max(last or order_year, order_year)
    return 0 if order_year <= year <= end + 1 else min(abs(order_year - year), abs(year - end))


def deal_candidates(event_countries: Sequence[str], main_countries: Sequence[str],
                    event_systems: Sequence[str], year: int | None, deals: pd.DataFrame,
                    index: SystemIndex, published: Published | None = None,
                    context: DealContext = DealContext()) -> list[Candidate]:
    """Deals of the event's systems, scored: the system's own designation 0.6 (a deal of
    another variant of its family 0.5 where the pair has no deal of its own designation and
    one such, else 0.4); both sides among the sentence's parties 0.3 (among the parties and
    the article's main countries, or the recipient the only party and the build's only
    supplier of the system to it, 0.25; one side 0.1); the event year within order year
    - 1 to last delivery + 1 (or no year given) 0.1, outside it -0.1. A deal ordered more
    than a year after publication is no candidate (SIPRI may date an order a year after
    its announcement: the year after costs 0.05). Where several deals of one pair and
    system family would be linked, only the best fit is (`prefer_best`); for a sentence
    about producing, a deal SIPRI marks as produced under licence fits best."""
    if deals.empty or not event_systems:
        return []
    own = set().union(*(index.keys(s) for s in event_systems))
    kin = set().union(*(index.kin_keys(s) for s in event_systems))
    designations = deals["designation"].map(normalise_system)
    wanted = deals[designations.isin(kin)]
    parties, near = set(event_countries), set(event_countries) | set(main_countries)
    rows = list(zip(wanted.to_dict("records"), designations[wanted.index], strict=True))
    kin_pairs = Counter((r["supplier"], r["recipient"]) for r, k in rows if k not in own)
    own_pairs = {(r["supplier"], r["recipient"]) for r, k in rows if k in own}
    suppliers: dict[str, set[str]] = {}
    for r, _ in rows:
        suppliers.setdefault(r["recipient"], set()).add(r["supplier"])
    result: list[tuple[Candidate, tuple[Any, ...]]] = []
    for row, key in rows:
        sides = {row["supplier"], row["recipient"]}
        if not sides & near:
            continue
        order_year, last = _years(row)
        if published is not None and order_year is not None and \
                order_year > published.year + 1:
            continue
        pair = (row["supplier"], row["recipient"])
        alone = kin_pairs[pair] == 1 and pair not in own_pairs
        only = parties == {row["recipient"]} and len(suppliers[row["recipient"]]) == 1
        base = (0.6 if key in own else 0.5 if alone else 0.4) + (
            0.3 if sides <= parties else 0.25 if sides <= near or only else 0.1)
        score = base
        if year is None:
            fit = "no event year"
            score += 0.05
        elif order_year is not None and order_year - 1 <= year <= (last or order_year) + 1:
            fit = "event year fits order and deliveries"
            score += 0.1
        else:
            fit = "event year outside order and deliveries"
            score -= 0.1
        if published is not None and order_year == published.year + 1:
            score -= 0.05
            fit += "; ordered the year after publication"
        if context.planned is not None and ended_before(row, last, context.planned):
            score = min(score, LINK_SCORE - 0.05)
            fit += f"; deliveries ended {last}, long before the planned {context.planned}"
        if score < CANDIDATE_SCORE:
            continue
        why = (f"{row['supplier']} to {row['recipient']}: {row['designation']}"
               f" ordered {order_year if order_year is not None else 'unknown'}; {fit}")
        number = row.get("number_ordered")
        counted = number is not None and not pd.isna(number) and int(number) in context.numbers
        local = produced_locally(row)
        if local:
            why += "; produced under licence"
        rank = (base, context.producing and local,
                platform_fit(row.get("comments"), context.article_systems, index),
                counted, -year_distance(order_year, last, year, context.ordering), score)
        result.append((Candidate(int(row["deal_id"]), round(min(score, 1.0), 2),
                                 row["supplier"], row["recipient"], row["designation"],
                                 order_year, why, local), rank))
    return sorted(prefer_best(result, index), key=lambda c: (-c.score, c.deal_id))


def prefer_best(scored: Sequence[tuple[Candidate, tuple[Any, ...]]],
                index: SystemIndex) -> list[Candidate]:
    """Among the deals of one pair and system family that would be linked, keep the links
    of the best fit (score, the platform its comment names, the count, the years) and
    keep the others as candidates below the link score."""
    best: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    for c, rank in scored:
        slot = (c.supplier, c.recipient, index.family(c.designation))
        if c.score >= LINK_SCORE and rank > best.get(slot, ()):
            best[slot] = rank
    result = []
    for c, rank in scored:
        slot = (c.supplier, c.recipient, index.family(c.designation))
        if c.score >= LINK_SCORE and rank < best[slot]:
            c = replace(c, score=round(LINK_SCORE - 0.05, 2),
                        why=c.why + "; another deal of this pair and system fits better")
        result.append(c)
    return result


# --- proposals ----------------------------------------------------------------------------

@dataclass
class Proposal:
    """One proposed event: a sentence and what was found in it."""

    sentence: str
    dates: list[FoundDate]
    countries: list[str]
    systems: list[str]
    tags: list[str]
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def date(self) -> FoundDate | None:
        """The first resolved event date, else the first open one (which names the phrase);
        a planned or target date is never the event's."""
        own = [d for d in self.dates if d.role == "event"]
        resolved = [d for d in own if d.date is not None]
        return resolved[0] if resolved else (own[0] if own else None)

    @property
    def deal_ids(self) -> list[int]:
        return [c.deal_id for c in self.candidates if c.score >= LINK_SCORE]


def find_tags(sentence: str, rules: Mapping[str, re.Pattern[str]]) -> list[str]:
    """Tags whose words occur in the sentence."""
    return [tag for tag, pattern in rules.items() if pattern.search(sentence)]


def main_countries(found: Sequence[Sequence[str]], n: int = 2) -> list[str]:
    """The n countries named in the most sentences (ties: first mentioned first)."""
    counts = Counter(c for names in found for c in names)
    order = {c: i for i, c in enumerate(dict.fromkeys(c for names in found for c in names))}
    return sorted(counts, key=lambda c: (-counts[c], order[c]))[:n]


@dataclass(frozen=True)
class Reading:
    """What one sentence names: systems (with spans) and country mentions outside them."""

    sentence: str
    systems: list[tuple[str, int, int]]
    mentions: list[roles.Mention]


def read_sentences(text: str, index: SystemIndex) -> list[Reading]:
    """The article's sentences after cleaning, each with its systems and country mentions."""
    result: list[Reading] = []
    for sentence in sentences(split_joined(clean_text(text, furniture()))):
        named = system_matches(sentence, index)
        named = sorted(named + class_names(sentence, [(a, b) for _, a, b in named]),
                       key=lambda n: n[1])
        spans = [(start, end) for _, start, end in named]
        result.append(Reading(sentence, named, roles.mentions(sentence, taken=spans)))
    return result


def event_systems(reading: Reading) -> list[str]:
    """The systems of a sentence's event: those named before any context or plan cue."""
    rules = roles.cues()
    background = roles.context_spans(reading.sentence, rules)
    plan = roles.first_cue(reading.sentence, "plan", rules, background)
    limit = plan if plan is not None else len(reading.sentence)
    return list(dict.fromkeys(name for name, start, _ in reading.systems
                              if start < limit and not roles.in_context(start, background)))


ORDER_TAGS = frozenset({"agreement", "acquisition"})
# a transfer of what the sentence before named: "had already acquired this", "bought them",
# "aircraft of this type"
ANAPHOR_RE = re.compile(r"\b(?:acquired|bought|ordered|received|suppl(?:y|ying|ied)|"
                        r"deliver(?:ed|ing)?|purchased|procured|sold)\s+(?:this|these|it|them)"
                        r"\b|\bof\s+(?:this|that|the\s+same)\s+type\b", re.IGNORECASE)


def latest_year(dates: Sequence[Sequence[FoundDate]]) -> int | None:
    """The latest year the article dates an event in (no planned date, no period's start):
    the article is no older than that."""
    years = [int(d.date[:4]) for found in dates for d in found
             if d.date is not None and d.role == "event"]
    return max(years) if years else None


def propose(text: str, published: Published | None, deals: pd.DataFrame,
            index: SystemIndex) -> list[Proposal]:
    """Every sentence with a party or a system, and a date, a system or a tag word, becomes
    a proposal; a sentence with a system but no party takes the article's main countries; a
    transfer of "this" or "them" takes the systems of the sentence before.
    Deals are proposed only for sentences that are no report of a weapon's use; a sentence
    without a transfer cue links none, except, where it speaks of producing, the deals
    SIPRI marks as produced under licence."""
    rules = tag_rules()
    readings = read_sentences(text, index)
    named = {m.country for r in readings for m in r.mentions if m.how != "capital"}
    found_parties = [roles.parties(r.sentence, r.mentions, named) for r in readings]
    # making a system under licence is a transfer too (of its design): SIPRI counts it
    transfers = [roles.is_transfer(r.sentence) or bool(rules["production"].search(r.sentence))
                 for r in readings]
    main = main_countries([p for p, t in zip(found_parties, transfers, strict=True) if t])
    # a country named only outside transfer sentences is no party of the article's events
    made = [roles.origins(r.sentence, r.mentions, [(a, b) for _, a, b in r.systems])
            for r in readings]
    per_sentence = [p if t else [c for c in p if c in main or c in o]
                    for p, t, o in zip(found_parties, transfers, made, strict=True)]
    all_dates = [find_dates(r.sentence, published) for r in readings]
    article_systems = frozenset(normalise_system(index.family(name)) for r in readings
                                for name, _, _ in r.systems)
    hint = None if published is not None else latest_year(all_dates)
    proposals: list[Proposal] = []
    before: list[str] = []
    for reading, found, dates in zip(readings, per_sentence, all_dates, strict=True):
        sentence = reading.sentence
        systems_named = event_systems(reading) or (
            before if roles.is_transfer(sentence) and ANAPHOR_RE.search(sentence) else [])
        before = list(dict.fromkeys(name for name, _, _ in reading.systems))
        tags = find_tags(sentence, rules)
        if not (dates or systems_named or tags):
            continue
        if not found and not systems_named and not (dates and tags):
            continue
        actors = [m for m in reading.mentions if m.how != "capital"]
        people = found or (main if not actors else [])
        if not people:
            continue  # the sentence is about countries that are no parties
        proposal = Proposal(sentence, dates, people, systems_named, tags)
        first = proposal.date
        year = int(first.date[:4]) if first and first.date else (
            published.year if published else None)
        if not roles.is_use(sentence):
            planned = [int(d.date[:4]) for d in dates if d.role == "planned" and d.date]
            producing = "production" in tags
            context = DealContext(article_systems, counts(sentence),
                                  bool(ORDER_TAGS & set(tags)), hint,
                                  planned[0] if planned else None, producing)
            proposal.candidates = deal_candidates(found, main, systems_named, year, deals,
                                                  index, published, context)
            if not roles.is_transfer(sentence):  # producing it there is a licence's transfer
                proposal.candidates = [
                    c if producing and c.local else
                    replace(c, score=min(c.score, LINK_SCORE - 0.05))
                    for c in proposal.candidates]
        proposals.append(proposal)
    return proposals


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "article"


def _title(p: Proposal) -> str:
    """A title built from what was found (never copied from the text)."""
    what = ", ".join(p.systems) or ", ".join(p.tags[:2]) or "event"
    when = f" ({p.date.date})" if p.date and p.date.date else ""
    return f"{' – '.join(p.countries)}: {what}{when}"


def proposal_to_dict(p: Proposal, event_id: str) -> dict[str, Any]:
    """A proposal in the curated event form, plus its scored candidate deals."""
    d = p.date
    entry: dict[str, Any] = {
        "id": event_id,
        "date": d.date if d else None,
        "precision": d.precision if d else None,
    }
    if d is not None and d.date is not None:
        entry["date_basis"] = d.basis
        if d.note:
            entry["date_note"] = d.note
        if d.basis == "relative":
            entry["resolved_from"] = d.phrase
    elif d is not None and d.note:
        entry["date_note"] = d.note
    entry.update({
        "title": _title(p),
        "summary": p.sentence,
        "countries": p.countries,
        "systems": p.systems,
        "deal_ids": p.deal_ids,
        "tags": p.tags,
    })
    if p.candidates:
        entry["candidate_deals"] = [
            {"deal_id": c.deal_id, "score": c.score, "why": c.why} for c in p.candidates
        ]
    return entry


def document(article: str, proposals: Sequence[Proposal], published: Published | None,
             published_basis: str | None, outlet: str | None,
             url: str | None) -> dict[str, Any]:
    """The whole proposed events document for one article."""
    stem = _slug(Path(article).stem)
    source: dict[str, Any] = {"outlet": outlet, "title": None, "url": url,
                              "published": published.date if published else None}
    if published:
        source["published_precision"] = published.precision
        source["published_basis"] = published_basis
    else:
        source["published_note"] = "not known: pass --published YYYY-MM-DD"
    return {
        "article": Path(article).name,
        "source": source,
        "events": [proposal_to_dict(p, f"{stem}-{i + 1:02d}")
                   for i, p in enumerate(proposals)],
    }


HEADER = """\
# Events proposed by `armsdash events extract` for review, not curated yet.
# Before adding to data/events/: rewrite each title and summary in your own words (the
# summary holds the article's sentence as evidence), check every date and country, keep
# only the deal_ids you confirm, and drop candidate_deals.
"""


def to_yaml(doc: Mapping[str, Any]) -> str:
    """The document as YAML, with the review header."""
    body = yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=88)
    return HEADER + body


# --- command line -------------------------------------------------------------------------

def load_deals(build: Path) -> pd.DataFrame | None:
    """The build's deals table, or None where there is no build."""
    from etl.store import read_table

    if not (build / "deals.parquet").is_file():
        return None
    return newest_deals(read_table(build, "deals"))


EMPTY_DEALS = pd.DataFrame(columns=["deal_id", "supplier", "recipient", "designation",
                                    "order_year", "delivery_years", "release"])


def read_article(path: Path) -> str:
    """The article's text, UTF-8 (BOM dropped) or, failing that, cp1252."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExtractError(f"{path}: cannot read: {err.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract(path: Path, published_arg: str | None, outlet: str | None, url: str | None,
            build: Path) -> tuple[dict[str, Any], list[str]]:
    """Load the inputs, propose events, and return the document and notes for the user."""
    notes: list[str] = []
    text = read_article(path)
    if not text.strip():
        raise ExtractError(f"{path}: the article is empty")
    checked_url = None
    if url is not None:
        try:
            checked_url = check_url(url, "--url")
        except EventsFileError as err:
            raise ExtractError(str(err)) from None
    published, basis = None, None
    if published_arg:
        published, basis = parse_published(published_arg), "text"
    else:
        published = published_in_text(text)
        basis = "text" if published else None
    if published is None:
        notes.append(f"{path.name}: the text gives no publication date; relative dates stay "
                     "open. Pass --published YYYY-MM-DD to resolve them.")
    deals = load_deals(build)
    if deals is None:
        notes.append(f"no build at {build}: weapon systems matched by aliases only and no "
                     "SIPRI deals linked (run `armsdash build` or pass --build DIR)")
        deals = EMPTY_DEALS
    index = system_index(systems(), deals["designation"].unique())
    proposals = propose(text, published, deals, index)
    if not proposals:
        notes.append(f"{path.name}: no events found")
    return document(path.name, proposals, published, basis, outlet, checked_url), notes


def run_cli(args: argparse.Namespace) -> int:
    """`armsdash events extract`: print proposed events as YAML, notes on stderr."""
    from etl.errors import UserError

    try:
        doc, notes = extract(args.article, args.published, args.source, args.url, args.build)
    except ExtractError as err:
        raise UserError(str(err)) from None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    sys.stdout.write(to_yaml(doc))
    return 0
