"""Country and weapon-system aliases for reading articles: data files with a declared schema.

`countries.yaml`: canonical SIPRI entity name -> names, demonyms and capitals.
`systems.yaml`: a system's designation (SIPRI's where SIPRI lists it) -> other spellings.
Both are read with `yaml.safe_load` and checked; an error names the file and the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = DATA / "countries.yaml"
SYSTEMS_FILE = DATA / "systems.yaml"
COUNTRY_KEYS = ("canonical", "names", "demonyms", "capitals")
SYSTEM_KEYS = ("designation", "aliases")


class AliasFileError(ValueError):
    """An alias file does not match its schema; the message names file and entry."""


@dataclass(frozen=True)
class CountryAliases:
    """How articles refer to one entity."""

    canonical: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.names, *self.demonyms, *self.capitals)


@dataclass(frozen=True)
class SystemAliases:
    """A weapon system's designation and the other ways it is written."""

    designation: str
    aliases: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.designation, *self.aliases)


def normalise_system(text: str) -> str:
    """Fold case and accents and drop everything but letters and digits: 'TB-2' -> 'tb2'."""
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AliasFileError(f"{where}: expected a list of non-empty names")
    return tuple(v.strip() for v in value)


def _entries(path: Path, keys: tuple[str, ...]) -> list[Mapping[str, object]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise AliasFileError(f"{path}: cannot read: {err}") from None
    if not isinstance(raw, list):
        raise AliasFileError(f"{path}: expected a list of entries")
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or set(entry) != set(keys):
            raise AliasFileError(f"{path}: entry {i + 1}: expected exactly the fields "
                                 f"{', '.join(keys)}")
    return raw


def parse_countries(path: Path) -> tuple[CountryAliases, ...]:
    """Read and check a countries alias file; canonical names and aliases are unique."""
    result: list[CountryAliases] = []
    owner: dict[str, str] = {}
    for i, entry in enumerate(_entries(path, COUNTRY_KEYS)):
        where = f"{path}: entry {i + 1}"
        canonical = entry["canonical"]
        if not isinstance(canonical, str) or not canonical.strip():
            raise AliasFileError(f"{where}.canonical: expected a name")
        item = CountryAliases(canonical, *(_strings(entry[k], f"{where}.{k}")
                                           for k in COUNTRY_KEYS[1:]))
        if any(c.canonical == canonical for c in result):
            raise AliasFileError(f"{where}.canonical: {canonical!r} listed twice")
        for alias in item.all:
            if alias in owner and owner[alias] != canonical:
                raise AliasFileError(f"{where}: {alias!r} already names {owner[alias]}")
            owner[alias] = canonical
        result.append(item)
    return tuple(result)


def parse_systems(path: Path) -> tuple[SystemAliases, ...]:
    """Read and check a systems alias file; no spelling may name two systems."""
    result: list[SystemAliases] = []
    owner: dict[str, str] = {}
    for i, entry in enumerate(_entries(path, SYSTEM_KEYS)):
        where = f"{path}: entry {i + 1}"
        designation = entry["designation"]
        if not isinstance(designation, str) or not designation.strip():
            raise AliasFileError(f"{where}.designation: expected a name")
        item = SystemAliases(designation, _strings(entry["aliases"], f"{where}.aliases"))
        for alias in item.all:
            key = normalise_system(alias)
            if not key:
                raise AliasFileError(f"{where}: {alias!r} has no letters or digits")
            if key in owner and owner[key] != designation:
                raise AliasFileError(f"{where}: {alias!r} already names {owner[key]}")
            owner[key] = designation
        result.append(item)
    return tuple(result)


@cache
def countries() -> tuple[CountryAliases, ...]:
    """The project's country aliases (read once)."""
    return parse_countries(COUNTRIES_FILE)


@cache
def systems() -> tuple[SystemAliases, ...]:
    """The project's weapon-system aliases (read once)."""
    return parse_systems(SYSTEMS_FILE)


def canonical_names() -> frozenset[str]:
    """Every canonical entity name the alias file knows."""
    return frozenset(c.canonical for c in countries())
