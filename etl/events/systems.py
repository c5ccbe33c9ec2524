"""Weapon systems in prose: designation families built from the build's designations, with
normalised spellings, plus the alias file.

A SIPRI designation is read into the spellings an article may use: the designation without
SIPRI's markers (a trailing " -"), calibres ("155mm") and role words ("SAMS", "Naval");
each of its "/" alternatives; its code part and its name part ("T-84 Oplot" -> "T-84",
"Oplot"). Its family is the designation without the variant suffix ("F-16C Block-50" ->
"F-16", "Gripen-E" -> "Gripen", "Akash-1" -> "Akash"). A spelling is looked for only where it
is distinctive: it has a digit or two capitals (an acronym), or it is a name that is not a
common English word ("Rafale" yes, "Thunder" no); a spelling two families share is dropped.
Common-word names come only from the alias file (`data/systems.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from etl.events.aliases import (
    DATA,
    AliasFileError,
    SystemAliases,
    countries,
    normalise_system,
)

MAX_WINDOW = 4
MARKER_RE = re.compile(r"(?:\s+-+)+\s*$")
NOISE_RE = re.compile(r"\b(?:\d+(?:\.\d+)?mm|SAMS|SAM|Naval|Land|Block-?\d+(?:/\d+)?|"
                      r"Batch-?\d+|Tranche-?\d+|version|Mk-?\d+)\b", re.IGNORECASE)
# F-16C -> F-16, JAS-39C -> JAS-39, Type-035G -> Type-035, Su-30MKI -> Su-30
CODE_VARIANT_RE = re.compile(r"^(?P<base>[A-Za-z]+-?\d+)[A-Z]{1,3}\d?$")
# Gripen-E -> Gripen, Akash-1 -> Akash, Pantsyr-S1 -> Pantsyr, SCALP-EG -> SCALP
NAME_VARIANT_RE = re.compile(r"^(?P<base>[A-Za-z]{3,})-(?:[A-Z]{1,2}\d?|\d{1,2})$")
COMMON_RANK = 30000


@dataclass(frozen=True)
class SystemIndex:
    """Normalised spelling -> system name; system name -> its family; family -> the
    normalised designations it holds (for matching deals)."""

    names: Mapping[str, str]
    families: Mapping[str, str]
    members: Mapping[str, frozenset[str]]
    kin: Mapping[str, frozenset[str]]
    aliased: frozenset[str] = frozenset()

    def family(self, name: str) -> str:
        """The family of a system name (itself where it has none)."""
        return self.families.get(name, family(name))

    def kin_keys(self, name: str) -> frozenset[str]:
        """Normalised designations of the name's whole family."""
        return self.kin.get(self.family(name), frozenset()) | self.keys(name)

    def keys(self, name: str) -> frozenset[str]:
        """Normalised designations of the name's own group."""
        return self.members.get(name, frozenset({normalise_system(name)}))


def bare(designation: str) -> str:
    """The designation without SIPRI's markers, calibres and role words."""
    text = MARKER_RE.sub("", designation)
    text = NOISE_RE.sub(" ", text)
    return re.sub(r"\s{2,}", " ", text).strip(" -")


def family(designation: str) -> str:
    """The designation's family: its code, or its name, without the variant suffix."""
    first = bare(designation).split("/")[0].strip() or designation.strip()
    words = first.split(" ")
    head = words[0] if any(c.isdigit() for c in words[0]) or len(words) == 1 else first
    for pattern in (CODE_VARIANT_RE, NAME_VARIANT_RE):
        m = pattern.match(head)
        if m:
            return m["base"]
    return head


def spellings(designation: str) -> list[str]:
    """How an article may write the designation (most specific first)."""
    result = [MARKER_RE.sub("", designation).strip()]
    core = bare(designation)
    for alternative in [core, *core.split("/")]:
        alternative = alternative.strip()
        words = alternative.split(" ")
        result.append(alternative)
        if len(words) >= 2 and any(c.isdigit() for c in words[0]):
            result.extend([words[0], " ".join(words[1:])])
        elif len(words) >= 2 and words[0].isupper():
            result.append(" ".join(words[1:]))
            result.append(words[0])
        result.append(family(alternative))
    return [s for s in dict.fromkeys(result) if s]


def distinctive(spelling: str, rank: Callable[[str], int | None]) -> bool:
    """A spelling safe to look for in prose: a digit, an acronym, or an uncommon name."""
    key = normalise_system(spelling)
    if len(key) < 3 or not any(c.isalpha() for c in key) or key in generic_words():
        return False
    if any(c.isdigit() for c in spelling):
        return True
    words = spelling.split()
    if sum(c.isupper() for c in spelling) >= 2 and len(words) == 1:
        known = rank(spelling.lower())
        return known is None or known > COMMON_RANK or (spelling.isupper() and len(key) <= 5)
    if not spelling[0].isupper():
        return False
    return any((r := rank(w.lower())) is None or r > COMMON_RANK for w in words)


GENERIC_FILE = DATA / "generic_systems.yaml"


def parse_generic(path: Path) -> frozenset[str]:
    """Read and check the generic words file: a list of words, normalised."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise AliasFileError(f"{path}: cannot read: {err}") from None
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise AliasFileError(f"{path}: expected a list of words")
    return frozenset(normalise_system(w) for w in raw)


@cache
def generic_words() -> frozenset[str]:
    """Words that are never a system's name on their own (read once)."""
    return parse_generic(GENERIC_FILE)


@cache
def vocabulary() -> dict[str, int]:
    """English words by frequency rank (wordninja's word list, shipped in its package)."""
    import wordninja

    costs: dict[str, float] = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost
    return {word: rank for rank, word in enumerate(sorted(costs, key=costs.__getitem__))}


def word_rank(word: str) -> int | None:
    """A lowercase word's frequency rank in English, or None where it is not a word."""
    return vocabulary().get(word)


def system_index(aliases: Iterable[SystemAliases], designations: Iterable[str] = (),
                 rank: Callable[[str], int | None] = word_rank) -> SystemIndex:
    """Index the alias groups, then every distinctive spelling of the build's designations;
    a spelling several designations share names them together, under their common family."""
    names: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    families: dict[str, str] = {}
    places = {normalise_system(a) for c in countries() for a in c.all}
    for group in aliases:
        keys = {normalise_system(a) for a in group.all}
        members[group.designation] = keys
        families[group.designation] = family(group.designation)
        for key in keys:
            names[key] = group.designation
    shared: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    kin: dict[str, set[str]] = {}
    for designation in sorted(set(designations)):
        clean = MARKER_RE.sub("", designation).strip()
        kin.setdefault(family(clean), set()).add(normalise_system(clean))
        for spelling in spellings(clean) if clean else []:
            key = normalise_system(spelling)
            if key in names or key in places or not distinctive(spelling, rank):
                continue  # a country's name or capital ("Brasilia", "Dakar") is no system
            shared.setdefault(key, set()).add(clean)
            if spelling == clean or key not in shown:
                shown[key] = clean if spelling == clean else spelling
    aliased = set(names)
    for key, held in shared.items():
        name = shown[key]
        names[key] = name
        members.setdefault(name, set()).update(normalise_system(d) for d in held)
        fams = {family(d) for d in held}
        families.setdefault(name, fams.pop() if len(fams) == 1 else family(name))
    return SystemIndex(names, families, {k: frozenset(v) for k, v in members.items()},
                       {k: frozenset(v) for k, v in kin.items()}, frozenset(aliased))


TOKEN_RE = re.compile(r"\w[\w\-./]*\w|\w")


def system_matches(sentence: str, index: SystemIndex) -> list[tuple[str, int, int]]:
    """Systems named in a sentence with their spans: the longest window of up to four words
    that a spelling matches (a plural 's' allowed), starting with a capital or a digit."""
    tokens = list(TOKEN_RE.finditer(sentence))
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_WINDOW, len(tokens) - i), 0, -1):
            first = tokens[i].group(0)
            if not (first[0].isupper() or first[0].isdigit()):
                break
            key = normalise_system(" ".join(t.group(0) for t in tokens[i:i + n]))
            name = index.names.get(key) or (
                index.names.get(key[:-1]) if key.endswith("s") else None)
            after = tokens[i + n].group(0) if i + n < len(tokens) else ""
            spelled = not any(c.isdigit() for t in tokens[i:i + n] for c in t.group(0))
            if name and spelled and key not in index.aliased and after[:1].isupper() and \
                    sentence[tokens[i + n - 1].end():tokens[i + n].start()] == " ":
                name = None  # a name followed by a capitalised word: a person's or a firm's
            if name:
                found.append((name, tokens[i].start(), tokens[i + n - 1].end()))
                i += n - 1
                break
        i += 1
    return found


CLASS_NAME_RE = re.compile(
    r"[\"“](?P<a>[A-Z][\w-]{2,})[,.]?[\"”](?=\s+(?:series|class)\b)|"
    r"\b(?:called|named|dubbed)\s+[\"“](?P<b>[A-Z][\w-]{2,})[,.]?[\"”]")


def class_names(sentence: str, taken: Iterable[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """Names an article gives a class or series in quotes ('the "Dakar" series', 'will be
    called "Dakar"'), with their spans, outside the spans taken: systems, even where the
    name is a place's or SIPRI lists no such designation."""
    spans = list(taken)
    found = []
    for m in CLASS_NAME_RE.finditer(sentence):
        group = "a" if m["a"] else "b"
        start, end = m.start(group), m.end(group)
        if not any(start < b and a < end for a, b in spans):
            found.append((m[group], start, end))
    return found


def find_systems(sentence: str, index: SystemIndex) -> list[str]:
    """The systems a sentence names, in order of first mention."""
    return list(dict.fromkeys(name for name, _, _ in system_matches(sentence, index)))
