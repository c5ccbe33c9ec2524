"""Roles in a sentence: which countries are the parties of a transfer, and which are only
named as context, a place, or the user of a weapon.

Rules, each general (tests/unit/etl/events/test_roles.py holds a sentence for each):
- a country named after a context cue ("based on the Russian S-300", "against France's
  Dassault", "in service with ...") is context;
- three or more countries in one enumeration ("Indonesia, Iraq, Malaysia and Poland") are a
  list of other operators, context;
- a sentence about a country's own use of weapons ("air strikes in Libya") with no transfer
  cue has no parties;
- a sentence whose first transfer cue follows a plan cue ("France has shown interest in the
  acquisition", "considering ordering China's J-10") has no parties;
- a demonym or name after a compass word is a region ("the South American nation");
- a capital is a country only as an actor: never after "in", "at", "near", and only where
  the article names that country otherwise too;
- a span that names a weapon system is not a country ("Dakar" the submarine class);
- a firm stands for its country only as a party ("from Saab", "with Navantia") or as the
  maker right before a system ("the Embraer A-29B"), where a demonym also names the
  supplier ("the Russian Panzir") in any sentence.
The cue words are a data file, `data/cues.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from etl.events.aliases import DATA, CountryAliases, countries

CUES_FILE = DATA / "cues.yaml"
FIRMS_FILE = DATA / "firms.yaml"
CUE_KINDS = ("transfer", "use", "plan", "context")
FIRM_BEFORE_RE = re.compile(r"(?:^|\b(?:from|with|by|to|between|and)\s+)$", re.IGNORECASE)
ORIGIN_GAP_RE = re.compile(r"^[\s-]*(?:\w+[\s-]+){0,2}$")
PLACE_BEFORE_RE = re.compile(r"(?:\b(?:in|at|near|outside|from)\s+)$", re.IGNORECASE)
LIST_GAP_RE = re.compile(r"^(?=[^.;:]*(?:,|\band\b))(?:\W*\w+){0,8}\W*$")
REGION_BEFORE_RE = re.compile(r"\b(?:North|South|East|West|Central|Latin|Southeast|Northeast|"
                              r"Southwest|Northwest)[\s-]+$")


class CuesFileError(ValueError):
    """The cues file does not match its schema."""


@dataclass(frozen=True)
class Mention:
    """A country named in a sentence: canonical name, span, and how (name, demonym,
    capital, or firm: a producer standing for its country)."""

    country: str
    start: int
    end: int
    how: str


def parse_cues(path: Path) -> dict[str, re.Pattern[str]]:
    """Read and check the cues file: kind -> one pattern over its words."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CuesFileError(f"{path}: cannot read: {err}") from None
    if not isinstance(raw, Mapping) or set(raw) != set(CUE_KINDS):
        raise CuesFileError(f"{path}: expected exactly the fields {', '.join(CUE_KINDS)}")
    result: dict[str, re.Pattern[str]] = {}
    for kind in CUE_KINDS:
        words = raw[kind]
        if not isinstance(words, list) or not words or not all(
                isinstance(w, str) and w.strip() for w in words):
            raise CuesFileError(f"{path}: {kind}: expected a non-empty list of words")
        alternatives = "|".join(re.escape(w.lower()) for w in sorted(words, key=len,
                                                                     reverse=True))
        result[kind] = re.compile(rf"(?<![a-z])(?:{alternatives})", re.IGNORECASE)
    return result


@cache
def cues() -> dict[str, re.Pattern[str]]:
    """The project's cue words (read once)."""
    return parse_cues(CUES_FILE)


def parse_firms(path: Path) -> dict[str, str]:
    """Read and check the firms file: firm name -> country."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CuesFileError(f"{path}: cannot read: {err}") from None
    if not isinstance(raw, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and k and v for k, v in raw.items()):
        raise CuesFileError(f"{path}: expected a mapping of firm -> country")
    known = {c.canonical for c in countries()}
    unknown = sorted(v for v in raw.values() if v not in known)
    if unknown:
        raise CuesFileError(f"{path}: not a country of the alias file: {', '.join(unknown)}")
    return dict(raw)


@cache
def firms() -> tuple[tuple[str, str], ...]:
    """The project's firms (read once)."""
    return tuple(parse_firms(FIRMS_FILE).items())


@cache
def _country_pattern(entries: tuple[CountryAliases, ...]) -> tuple[re.Pattern[str],
                                                                    dict[str, tuple[str, str]]]:
    owner: dict[str, tuple[str, str]] = {firm: (country, "firm") for firm, country in firms()}
    for c in entries:
        for how, names in (("name", c.names), ("demonym", c.demonyms),
                           ("capital", c.capitals)):
            for alias in names:
                owner.setdefault(alias, (c.canonical, how))
    alternatives = "|".join(re.escape(a) for a in sorted(owner, key=len, reverse=True))
    # a name starts after a non-letter or a lowercase letter (a run-together join) and is
    # not followed by a lowercase letter (so India never matches inside Indiana)
    pattern = re.compile(rf"(?<![A-ZÀ-ÞĞŞİ0-9.])(?:{alternatives})(?![a-zß-ÿığş])")
    return pattern, owner


def mentions(sentence: str, entries: tuple[CountryAliases, ...] | None = None,
             taken: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Every country mention in a sentence, outside the spans already taken (systems)."""
    pattern, owner = _country_pattern(entries if entries is not None else countries())
    found: list[Mention] = []
    for m in pattern.finditer(sentence):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        country, how = owner[m.group(0)]
        found.append(Mention(country, m.start(), m.end(), how))
    return found


def first_cue(sentence: str, kind: str, rules: Mapping[str, re.Pattern[str]],
              skip: Sequence[tuple[int, int]] = ()) -> int | None:
    """Where the first cue of a kind starts in the sentence (outside the spans skipped),
    or None."""
    return next((m.start() for m in rules[kind].finditer(sentence)
                 if not in_context(m.start(), skip)), None)


OPENING_RE = re.compile(r"(?:^|:)\W*(?:\w+\W+){0,2}$")  # the cue opens the sentence


def context_spans(sentence: str, rules: Mapping[str, re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where a sentence speaks of background: from a context cue to the end of its clause
    (a semicolon or the sentence's end), or, where the cue opens the sentence ("Amid growing
    interest in X, India ..."), to the end of that opening phrase (its first comma)."""
    spans: list[tuple[int, int]] = []
    for m in rules["context"].finditer(sentence):
        if spans and m.start() < spans[-1][1]:
            continue
        comma = sentence.find(",", m.end())
        clause = sentence.find(";", m.end())
        if OPENING_RE.search(sentence[:m.start()]) and comma != -1:
            spans.append((m.start(), comma))
        elif clause != -1:
            spans.append((m.start(), clause))
        else:
            spans.append((m.start(), len(sentence)))
            break
    return spans


def in_context(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    """The position lies in one of the background spans."""
    return any(start <= position < end for start, end in spans)


def in_enumeration(sentence: str, found: Sequence[Mention]) -> set[int]:
    """Indexes of mentions that stand in a list of three or more countries."""
    runs: list[list[int]] = [[0]] if found else []
    for i in range(1, len(found)):
        gap = sentence[found[i - 1].end:found[i].start]
        if LIST_GAP_RE.match(gap):
            runs[-1].append(i)
        else:
            runs.append([i])
    return {i for run in runs if len({found[j].country for j in run}) >= 3 for i in run}


def parties(sentence: str, found: Sequence[Mention], named_elsewhere: Iterable[str],
            rules: Mapping[str, re.Pattern[str]] | None = None) -> list[str]:
    """The countries of a sentence that can be parties of its event, in order of mention."""
    rules = rules if rules is not None else cues()
    if rules["use"].search(sentence) and not rules["transfer"].search(sentence):
        return []
    background = context_spans(sentence, rules)
    plan = first_cue(sentence, "plan", rules, background)
    transfer = first_cue(sentence, "transfer", rules)
    if plan is not None and (transfer is None or plan < transfer):
        return []
    limit = plan if plan is not None else len(sentence)
    listed = in_enumeration(sentence, found)
    elsewhere = set(named_elsewhere)
    result: list[str] = []
    for i, m in enumerate(found):
        if m.start >= limit or in_context(m.start, background) or i in listed or \
                REGION_BEFORE_RE.search(sentence[:m.start]):
            continue
        if m.how == "capital" and (m.country not in elsewhere
                                   or PLACE_BEFORE_RE.search(sentence[:m.start])):
            continue
        if m.how == "firm" and not FIRM_BEFORE_RE.search(sentence[:m.start]):
            continue
        if m.country not in result:
            result.append(m.country)
    return result


def origins(sentence: str, found: Sequence[Mention],
            spans: Sequence[tuple[int, int]]) -> list[str]:
    """Countries named as a system's maker right before it ("the Russian Panzir", "the six
    Embraer A-29B"): the system's supplier."""
    result: list[str] = []
    for m in found:
        if m.how in ("demonym", "firm") and any(
                start >= m.end and ORIGIN_GAP_RE.match(sentence[m.end:start])
                for start, _ in spans):
            result.append(m.country)
    return list(dict.fromkeys(result))


FOR_FORCES_RE = re.compile(r"\bfor\s+(?:the\s+|its\s+|their\s+)?(?:[A-Z][\w-]*\s+){0,2}"
                           r"(?:navy|army|air force|armed forces|coast guard|marines)\b",
                           re.IGNORECASE)


def is_transfer(sentence: str, rules: Mapping[str, re.Pattern[str]] | None = None) -> bool:
    """The sentence carries a transfer cue, or says what is for a country's forces
    ("corvettes for the Pakistan Navy")."""
    return bool((rules if rules is not None else cues())["transfer"].search(sentence)) or \
        bool(FOR_FORCES_RE.search(sentence))


def is_use(sentence: str, rules: Mapping[str, re.Pattern[str]] | None = None) -> bool:
    """The sentence reports a use of weapons and no transfer."""
    rules = rules if rules is not None else cues()
    return bool(rules["use"].search(sentence)) and not rules["transfer"].search(sentence)
