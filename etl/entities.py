"""SIPRI's names for suppliers and recipients: canonical name, display name, ISO code, kind.

Two data files drive it (`etl/data/`): `entity_overrides.csv`, SIPRI-specific decisions
with a reason each (renamed entities pointing to SIPRI's newest spelling, historical
states that must never be merged into successors, names without an ISO code), and
`entity_iso3.csv`, the answers of the country_converter library for every other name
seen, kept so that a build need not import it. A name in neither is looked up with
country_converter at build time and reported; a name it cannot map is reported as
unmapped, never dropped.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
OVERRIDES = DATA / "entity_overrides.csv"
ISO_CACHE = DATA / "entity_iso3.csv"
OVERRIDE_COLUMNS = ("name", "canonical", "display_name", "iso3", "kind", "reason")
CACHE_COLUMNS = ("name", "iso3", "short_name")


@dataclass(frozen=True)
class Override:
    """A SIPRI-specific decision about one name."""

    name: str
    canonical: str
    display_name: str
    iso3: str | None
    kind: str
    reason: str


@dataclass
class Resolution:
    """The entities table's rows and what the build reports about the mapping."""

    rows: list[dict[str, object]]
    canonical: dict[str, str]
    looked_up: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The entities table."""
        import pandas as pd

        from etl.schema import ENTITIES

        return pd.DataFrame(self.rows, columns=ENTITIES.names)


def load_overrides(path: Path = OVERRIDES) -> dict[str, Override]:
    """The override table, keyed by SIPRI name."""
    rows = _read_csv(path, OVERRIDE_COLUMNS)
    return {
        r["name"]: Override(r["name"], r["canonical"] or r["name"], r["display_name"],
                            r["iso3"] or None, r["kind"], r["reason"])
        for r in rows
    }


def load_iso_cache(path: Path = ISO_CACHE) -> dict[str, tuple[str | None, str | None]]:
    """country_converter's stored answers: name -> (ISO3 or None, its short name or None)."""
    return {r["name"]: (r["iso3"] or None, r["short_name"] or None)
            for r in _read_csv(path, CACHE_COLUMNS)}


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a small UTF-8 data file, checking its header."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{path.name}: header must be {','.join(columns)}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def default_kind(name: str) -> str:
    """SIPRI's naming convention: '**' organisation, '*' non-state group, 'unknown ...'."""
    if name.endswith("**"):
        return "organisation"
    if name.endswith("*"):
        return "non_state_group"
    if name.lower().startswith("unknown"):
        return "unknown"
    return "state"


def strip_accents(text: str) -> str:
    """'Türkiye' -> 'Turkiye'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def display_name(canonical: str, library_name: str | None) -> str:
    """The library's spelling where it only adds accents to SIPRI's (Türkiye), else SIPRI's."""
    if library_name and library_name != canonical and strip_accents(library_name) == canonical:
        return library_name
    return canonical


def country_converter_lookup(names: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Ask country_converter for ISO3 and short name; (None, None) where it finds none."""
    if not names:
        return {}
    conv = _converter()
    iso = conv.convert(names, to="ISO3", not_found=None)
    short = conv.convert(names, to="name_short", not_found=None)
    iso_list = iso if isinstance(iso, list) else [iso]
    short_list = short if isinstance(short, list) else [short]
    out: dict[str, tuple[str | None, str | None]] = {}
    for name, code, nice in zip(names, iso_list, short_list, strict=True):
        found = isinstance(code, str) and len(code) == 3 and code.isupper() and code != name
        out[name] = (code, str(nice)) if found else (None, None)
    return out


def _converter() -> Any:
    """A CountryConverter whose table keeps Namibia's 'NA' as text under pandas 3."""
    import logging

    import country_converter as coco
    import pandas as pd
    from pandas._libs.parsers import STR_NA_VALUES

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    data = Path(coco.__file__).resolve().parent / "country_data.tsv"
    table = pd.read_csv(data, sep="\t", encoding="utf-8", dtype=str, keep_default_na=False,
                        na_values=sorted(STR_NA_VALUES - {"NA"}))
    return coco.CountryConverter(country_data=table)


def resolve(names: Iterable[str], overrides: dict[str, Override] | None = None,
            cache: dict[str, tuple[str | None, str | None]] | None = None) -> Resolution:
    """Map every raw name to its canonical entity and build the entities table rows."""
    overrides = load_overrides() if overrides is None else overrides
    cache = load_iso_cache() if cache is None else cache
    seen = sorted({n for n in names if n})
    canonical = {n: overrides[n].canonical if n in overrides else n for n in seen}
    targets = sorted(set(canonical.values()))
    missing = [c for c in targets
               if c not in overrides and c not in cache and default_kind(c) == "state"]
    live = country_converter_lookup(missing)
    spellings: dict[str, set[str]] = {c: set() for c in targets}
    for raw, canon in canonical.items():
        spellings[canon].add(raw)
    rows: list[dict[str, object]] = []
    unmapped: list[str] = []
    info: dict[str, tuple[str, str | None, str]] = {}
    for canon in targets:
        display, iso3, kind = _describe(canon, overrides, cache, live)
        if kind == "state" and iso3 is None and canon not in overrides:
            unmapped.append(canon)
        info[canon] = (display, iso3, kind)
    for raw in seen:
        canon = canonical[raw]
        display, iso3, kind = info[canon]
        others = sorted((spellings[canon] | {canon, display}) - {raw})
        rows.append({"name": raw, "canonical": canon, "display_name": display, "iso3": iso3,
                     "kind": kind, "spellings": others})
    return Resolution(rows, canonical, looked_up=sorted(live), unmapped=unmapped)


def _describe(canon: str, overrides: dict[str, Override],
              cache: dict[str, tuple[str | None, str | None]],
              live: dict[str, tuple[str | None, str | None]]) -> tuple[str, str | None, str]:
    """(display name, ISO3, kind) of one canonical name."""
    if canon in overrides:
        ov = overrides[canon]
        return ov.display_name or canon, ov.iso3, ov.kind or default_kind(canon)
    kind = default_kind(canon)
    if kind != "state":
        return canon, None, kind
    iso3, short = cache.get(canon) or live.get(canon) or (None, None)
    return display_name(canon, short), iso3, kind


def check_unique_iso(rows: list[dict[str, object]]) -> list[str]:
    """Problems: two canonical entities sharing one ISO3 (a merge or a wrong mapping)."""
    owners: dict[object, set[object]] = {}
    for row in rows:
        if row["iso3"]:
            owners.setdefault(row["iso3"], set()).add(row["canonical"])
    return [f"ISO3 {code} is claimed by {', '.join(sorted(map(str, names)))}"
            for code, names in sorted(owners.items(), key=lambda kv: str(kv[0]))
            if len(names) > 1]


def refresh_cache(names: Iterable[str], path: Path = ISO_CACHE) -> int:
    """Rewrite the stored country_converter answers for all state names not overridden."""
    overrides = load_overrides()
    canon = {overrides[n].canonical if n in overrides else n for n in names}
    wanted = sorted(c for c in canon if c not in overrides and default_kind(c) == "state")
    answers = country_converter_lookup(wanted)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(CACHE_COLUMNS)
        for name in wanted:
            iso3, short = answers[name]
            writer.writerow([name, iso3 or "", short or ""])
    return len(wanted)
