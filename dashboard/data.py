"""The build, loaded once, lazily, validated, read-only; reloaded when a new build lands.

`load_dataset` reads every table through `etl.store.read_table` (which validates it
against `etl.schema`), keeps only the columns the dashboard reads, and precomputes the
aggregates the pages need as numpy arrays (`SideFlows`: every country's flows of one
release and side, and a country × year × category cube of totals), so a request costs a
few array sums. Values derived for a request (a country's partner grid, a period's world
ranks, a pair's share and rank) are memoised per dataset in a small bounded memo; the deal
pages' tables (split per release, indexed by party, the deals of recent queries) belong to
its `deal_source`. Every per-build value hangs off the Dataset, so nothing of a replaced
build stays once it is no longer served. A `Loader` hands out
the current `Dataset`; at most once a second it stats the build folder (the symlink's
target and the manifest) and, when the manifest's build_id changed, loads the new build.
A build that fails to load never replaces the data being served.

Frames handed out are shared between requests: callers must not modify them (pandas'
copy-on-write makes accidental in-place changes copy instead of leaking).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.compute import changes, matching
from dashboard.compute import metrics as m
from dashboard.compute import regions as area_math
from dashboard.compute.deal_source import Memo, TablesSource
from dashboard.figures.base import Meta, colour_map
from dashboard.state import urlstate
from dashboard.state.urlstate import Choices, aliases_for
from etl import regions as geo
from etl.regions import Area
from etl.schema import SIDES, TABLES
from etl.store import MANIFEST, read_manifest, read_table
from etl.versions import damage, good_versions

LOG = logging.getLogger(__name__)
T = TypeVar("T")
CHECK_EVERY = 1.0
UNRANKED_KINDS = ("unknown",)
# The columns the dashboard reads (the deal grid, the pair page, the event panels); the
# others stay in the build but are not held in memory.
DELIVERY_COLUMNS = ("release", "deal_id", "supplier", "recipient", "year", "units", "tiv",
                    "local_production",
                    "category", "designation", "description", "status", "order_year",
                    "tiv_estimated")
DEAL_COLUMNS = ("release", "deal_id", "supplier", "recipient", "order_year",
                "order_year_uncertain", "number_ordered", "number_ordered_uncertain",
                "number_delivered", "number_delivered_uncertain", "designation",
                "description", "category", "status", "comments", "delivery_years",
                "tiv_per_unit", "tiv_order", "tiv_delivered", "open", "local_production",
                "local_production_source")


class DataError(RuntimeError):
    """No usable build: the message says where it was looked for and what was wrong."""


@dataclass(frozen=True)
class Release:
    """One SIPRI release in the build."""

    release: str
    generated_at: str
    first_year: int
    last_year: int
    formats: tuple[str, ...]
    per_year_exact: bool
    world: bool = True
    coverage: str = "all countries"

    @property
    def partial(self) -> bool:
        """A partial extract: fewer years than one of SIPRI's five-year periods."""
        return self.last_year - self.first_year + 1 < urlstate.DEFAULT_WINDOW

    @property
    def label(self) -> str:
        """'2026-02-12 (1995–2024, exact per year)'; '2025-02-10 (2000–2001 only, partial
        extract, exact per year)'; plus what a release covering part of the world covers."""
        how = "exact per year" if self.per_year_exact else "per year estimated"
        only = " only, partial extract" if self.partial else ""
        part = "" if self.world else f", only {self.coverage}"
        return f"{self.release} ({self.first_year}–{self.last_year}{only}, {how}{part})"


@dataclass(frozen=True)
class SideFlows:
    """One release and side as arrays: each country's flows (rows sorted by country, with
    `starts` offsets), and a country × year × category cube of country totals."""

    countries: tuple[str, ...]
    index: Mapping[str, int]
    first: int
    width: int
    starts: np.ndarray
    partner: np.ndarray  # entity codes
    year: np.ndarray  # years since `first`
    category: np.ndarray  # category codes
    tiv: np.ndarray
    cube: np.ndarray
    cube_present: np.ndarray

    def rows(self, country: str) -> slice:
        """The rows of a country (an empty slice if it has none)."""
        i = self.index.get(country)
        if i is None:
            return slice(0, 0)
        return slice(int(self.starts[i]), int(self.starts[i + 1]))


@dataclass(frozen=True, eq=False)
class Dataset:
    """The tables of one build and the aggregates computed from them once."""

    build_id: str
    manifest: Mapping[str, Any]
    deliveries: pd.DataFrame
    deals: pd.DataFrame
    entities: pd.DataFrame
    regional: pd.DataFrame  # SIPRI's regional TIV table (etl.schema.REGIONAL), all releases
    releases: Mapping[str, Release]
    display: Mapping[str, str]
    kinds: Mapping[str, str]
    iso3: Mapping[str, str]
    iso3_to_name: Mapping[str, str]
    colours: Mapping[str, str]  # by display name
    names: tuple[str, ...]  # every entity with deliveries (canonical), by code
    display_names: tuple[str, ...]  # distinct display names, by display code
    display_code: np.ndarray  # entity code -> display code
    categories: tuple[str, ...]  # by category code
    sides: Mapping[tuple[str, str], SideFlows]
    entity_options: Mapping[str, list[dict[str, str]]]  # per release, for dropdowns
    choices: Choices
    matcher: matching.Matcher  # every spelling of the entities present, weapon aliases
    deal_source: TablesSource  # the deal tables per release, indexed, for the deal pages
    # per release: SIPRI's regions, subregions and groupings by name, and each entity's
    # (region, subregion)
    areas: Mapping[str, Mapping[str, Area]] = field(default_factory=dict)
    regions: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo, repr=False)  # values of recent views
    static: Memo = field(default_factory=lambda: Memo(4096), repr=False)  # once per build

    def forget(self) -> None:
        """Forget the values of recent views (benchmarks measure cold requests with it)."""
        self.memo.clear()
        self.deal_source.forget()

    def name(self, canonical: str) -> str:
        """The display name of a canonical entity name."""
        return self.display.get(canonical, canonical)

    def area(self, release: str, name: str) -> Area | None:
        """The region, subregion or grouping of that name in a release, or None."""
        return self.areas.get(release, {}).get(name)

    def has_flows(self, release: str, side: str, country: str) -> bool:
        """Whether the country (or area) has any flows on this side in the release."""
        found = self.sides.get((release, side))
        if found is None:
            return False
        area = self.area(release, country)
        if area is not None:
            return len(area_math.member_rows(found, area)) > 0
        rows = found.rows(country)
        return rows.stop > rows.start

    def country_flows(self, release: str, side: str, country: str) -> pd.DataFrame:
        """Flows of one country: partner, year, category, tiv (empty frame if none)."""
        found = self.sides.get((release, side))
        if found is None or country not in found.index:
            return EMPTY_FLOWS
        rows = found.rows(country)
        return pd.DataFrame({
            "partner": pd.Series([self.names[c] for c in found.partner[rows]], dtype="str"),
            "year": found.year[rows].astype("int64") + found.first,
            "category": pd.Series([self.categories[c] for c in found.category[rows]],
                                  dtype="str"),
            "tiv": found.tiv[rows]})

    def category_codes(self, categories: Sequence[str]) -> np.ndarray | None:
        """Codes of the given categories; None for all."""
        if not categories:
            return None
        wanted = set(categories)
        return np.array([i for i, c in enumerate(self.categories) if c in wanted],
                        dtype=np.int16)

    def partner_grid(self, release: str, side: str, country: str,
                     categories: Sequence[str] = ()) -> m.Grid:
        """TIV by partner (display name) and year of a country in the categories."""
        key = ("partners", release, side, country, tuple(categories))
        return self.memo.get(key, lambda: self._flow_grid(release, side, country,
                                                          categories, by_partner=True))

    def category_grid(self, release: str, side: str, country: str,
                      categories: Sequence[str] = ()) -> m.Grid:
        """TIV by armament category and year of a country (in the categories)."""
        key = ("categories", release, side, country, tuple(categories))
        return self.memo.get(key, lambda: self._flow_grid(release, side, country,
                                                          categories, by_partner=False))

    def _flow_grid(self, release: str, side: str, country: str, categories: Sequence[str],
                   by_partner: bool) -> m.Grid:
        flows = self.sides.get((release, side))
        if flows is None:
            return EMPTY_GRID
        area = self.area(release, country)
        if area is not None:
            labels = self.display_names if by_partner else self.categories
            return area_math.partner_grid(flows, area, labels, self.display_code,
                                          self.category_codes(categories),
                                          by_category=not by_partner)
        rows = flows.rows(country)
        year, cat, tiv = flows.year[rows], flows.category[rows], flows.tiv[rows]
        codes = self.category_codes(categories)
        keep = np.isin(cat, codes) if codes is not None else None
        if by_partner:
            key, labels = self.display_code[flows.partner[rows]], self.display_names
        else:
            key, labels = cat.astype(np.int64), self.categories
        if keep is not None:
            key, year, tiv = key[keep], year[keep], tiv[keep]
        used, inverse = np.unique(key, return_inverse=True)
        cell = inverse * flows.width + year
        size = len(used) * flows.width
        values = np.bincount(cell, weights=tiv, minlength=size)
        present = np.bincount(cell, minlength=size) > 0
        return m.Grid(tuple(labels[i] for i in used), flows.first,
                      values.reshape(len(used), flows.width),
                      present.reshape(len(used), flows.width))

    def world_grid(self, release: str, side: str, categories: Sequence[str] = ()) -> m.Grid:
        """TIV by country (canonical name) and year, summed over partners, in the categories."""
        def make() -> m.Grid:
            flows = self.sides[(release, side)]
            if not self.releases[release].world:  # never world figures from a part of it
                return m.Grid((), flows.first, np.zeros((0, flows.width)),
                              np.zeros((0, flows.width), dtype=bool))
            codes = self.category_codes(categories)
            cube = flows.cube if codes is None else flows.cube[:, :, codes]
            present = flows.cube_present if codes is None else flows.cube_present[:, :, codes]
            return m.Grid(flows.countries, flows.first, cube.sum(axis=2),
                          np.asarray(present.any(axis=2), dtype=bool))

        return self.memo.get(("world", release, side, tuple(categories)), make)

    def world_ranks(self, release: str, side: str, categories: Sequence[str],
                    start: int, end: int) -> pd.DataFrame:
        """Every country's sum, world share and rank in start..end (unknown parties
        unranked); memoised per period."""
        key = ("ranks", release, side, tuple(categories), start, end)
        return self.memo.get(key, lambda: m.grid_world_ranks(
            self.world_grid(release, side, categories), start, end,
            exclude=self.unranked()))

    def area_share(self, release: str, side: str, name: str, categories: Sequence[str],
                   start: int, end: int) -> tuple[float, float | None]:
        """An area's TIV and % of the world in start..end (share None where the world has
        none)."""
        area = self.area(release, name)
        grid = self.world_grid(release, side, categories)
        if area is None:
            return 0.0, None
        tiv = float(area_math.member_grid(grid, area).sums(start, end)[0].sum())
        world = float(grid.sums(start, end)[0].sum())
        return tiv, (tiv / world * 100 if world > 0 else None)

    def partners(self, release: str, side: str, country: str) -> list[tuple[str, str]]:
        """(display name, canonical name) of a country's partners, by display name."""
        def make() -> list[tuple[str, str]]:
            flows = self.sides.get((release, side))
            if flows is None:
                return []
            codes = np.unique(flows.partner[flows.rows(country)])
            return sorted({self.name(self.names[c]): self.names[c] for c in codes}.items())

        return self.memo.get(("partner-list", release, side, country), make)

    def flow_total(self, release: str, side: str, country: str, start: int, end: int,
                   partner: str | None = None) -> float | None:
        """A country's TIV on a side over start..end (with one partner, if given); None
        where the release does not cover those years."""
        info, flows = self.releases.get(release), self.sides.get((release, side))
        if info is None or flows is None or start < info.first_year or end > info.last_year:
            return None
        rows = flows.rows(country)
        year = flows.year[rows].astype(np.int64) + flows.first
        keep = (year >= start) & (year <= end)
        if partner is not None:
            code = int(np.searchsorted(self.names, partner))
            found = code < len(self.names) and self.names[code] == partner
            keep &= flows.partner[rows] == (code if found else -1)
        return float(flows.tiv[rows][keep].sum())

    def changes(self, old: str, new: str) -> changes.Changes:
        """What changed from release `old` to `new` over their common years, computed once
        per build on first use (ValueError where they share no year)."""
        def make() -> changes.Changes:
            spellings = self.manifest.get("spellings")
            return changes.compare(self.deliveries, self.deals, self.releases[old],
                                   self.releases[new], self.unranked(),
                                   spellings if isinstance(spellings, dict) else None)

        return self.static.get(("changes", old, new), make)

    def unranked(self) -> list[str]:
        """Entities left out of rankings (unknown parties); they still count in totals."""
        return [name for name, kind in self.kinds.items() if kind in UNRANKED_KINDS]


EMPTY_FLOWS = pd.DataFrame({
    "partner": pd.Series(dtype="str"), "year": pd.Series(dtype="int64"),
    "category": pd.Series(dtype="str"), "tiv": pd.Series(dtype="float64")})
EMPTY_GRID = m.Grid((), 0, np.zeros((0, 1)), np.zeros((0, 1), dtype=bool))


def default_release(releases: Mapping[str, Release]) -> str:
    """The newest release covering the world with exact per-year values, else the newest
    covering the world, else the newest release."""
    for wanted in ((True, True), (True, False), (False, False)):
        fits = sorted(r for r, i in releases.items()
                      if (i.world or not wanted[0]) and (i.per_year_exact or not wanted[1]))
        if fits:
            return fits[-1]
    return sorted(releases)[-1]


def side_flows(deliveries: pd.DataFrame, names: Sequence[str], categories: Sequence[str],
               releases: Mapping[str, Release]) -> dict[tuple[str, str], SideFlows]:
    """Per release and side: country, partner, year, category, tiv summed over deals, as
    arrays sorted by country, and the country × year × category cube of totals."""
    base = deliveries[["release", "supplier", "recipient", "year", "category", "tiv"]]
    summed = base.groupby(["release", "supplier", "recipient", "year", "category"],
                          as_index=False, observed=True, sort=False).agg(tiv=("tiv", "sum"))
    entity = {name: i for i, name in enumerate(names)}
    cat_code = {c: i for i, c in enumerate(categories)}
    out: dict[tuple[str, str], SideFlows] = {}
    for release, rows in summed.groupby("release", sort=True, observed=True):
        info = releases.get(str(release))
        years = rows["year"].to_numpy(dtype=np.int64)
        first = min(int(years.min()), info.first_year if info else int(years.min()))
        last = max(int(years.max()), info.last_year if info else int(years.max()))
        cats = rows["category"].map(cat_code).to_numpy(dtype=np.int16)
        tiv = rows["tiv"].to_numpy(dtype=float)
        for side in SIDES:
            country_col, partner_col = (("recipient", "supplier") if side == "imports"
                                        else ("supplier", "recipient"))
            country = rows[country_col].map(entity).to_numpy(dtype=np.int32)
            partner = rows[partner_col].map(entity).to_numpy(dtype=np.int32)
            out[(str(release), side)] = _side(names, country, partner, years - first, cats,
                                              tiv, first, last - first + 1,
                                              len(categories))
    return out


def _side(names: Sequence[str], country: np.ndarray, partner: np.ndarray, year: np.ndarray,
          cat: np.ndarray, tiv: np.ndarray, first: int, width: int, n_cats: int
          ) -> SideFlows:
    """The arrays of one release and side (rows sorted by country, partner, year)."""
    order = np.lexsort((year, partner, country))
    country, partner, year, cat, tiv = (a[order] for a in (country, partner, year, cat, tiv))
    codes = np.unique(country)
    local = np.searchsorted(codes, country)
    starts = np.searchsorted(country, codes, side="left")
    starts = np.append(starts, len(country)).astype(np.int64)
    cell = (local * width + year) * n_cats + cat
    size = len(codes) * width * n_cats
    cube = np.bincount(cell, weights=tiv, minlength=size).reshape(len(codes), width, n_cats)
    present = (np.bincount(cell, minlength=size) > 0).reshape(len(codes), width, n_cats)
    countries = tuple(names[c] for c in codes)
    return SideFlows(countries=countries, index={c: i for i, c in enumerate(countries)},
                     first=first, width=width, starts=starts, partner=partner.astype(np.int32),
                     year=year.astype(np.int16), category=cat.astype(np.int16), tiv=tiv,
                     cube=cube, cube_present=present)


def drawn_together(ds_sides: Mapping[tuple[str, str], SideFlows], names: Sequence[str],
                   release: str, n: int = 8) -> list[tuple[list[str], float]]:
    """Names that share a chart in `release`, with how much that chart matters: the top
    12 countries of each side and each country's top n partners (weight: their total),
    over all years and over the latest five-year period."""
    groups: list[tuple[list[str], float]] = []
    for (rel, _), flows in ds_sides.items():
        if rel != release or not len(flows.tiv):
            continue
        last = int(flows.year.max())
        for recent in (True, False):
            keep = flows.year > last - 5 if recent else np.ones(len(flows.tiv), dtype=bool)
            world = flows.cube[:, max(last - 4, 0) if recent else 0:, :].sum(axis=(1, 2))
            order = m.rank_order(flows.countries, world)
            groups.append(([flows.countries[i] for i in order[:12]], float(world.sum())))
            for i, _country in enumerate(flows.countries):
                rows = slice(int(flows.starts[i]), int(flows.starts[i + 1]))
                partner = flows.partner[rows][keep[rows]]
                if not len(partner):
                    continue
                codes, inverse = np.unique(partner, return_inverse=True)
                sums = np.bincount(inverse, weights=flows.tiv[rows][keep[rows]])
                labels = [names[c] for c in codes]
                top = m.rank_order(labels, sums)[:n]
                groups.append(([labels[j] for j in top], float(sums.sum())))
    return groups


def prominence(deliveries: pd.DataFrame) -> list[str]:
    """Entities by total TIV as supplier plus recipient (all releases), ties by name."""
    sums = (deliveries.groupby("supplier", observed=True)["tiv"].sum()
            .add(deliveries.groupby("recipient", observed=True)["tiv"].sum(), fill_value=0))
    frame = pd.DataFrame({"name": sums.index.astype(str), "tiv": sums.to_numpy()})
    return list(frame.sort_values(["tiv", "name"], ascending=[False, True])["name"])


def entity_options(ds_sides: Mapping[tuple[str, str], SideFlows],
                   display: Mapping[str, str], matcher: matching.Matcher
                   ) -> dict[str, list[dict[str, str]]]:
    """Per release: every entity with deliveries (either side) as dropdown options, by
    display name; typing any of its spellings finds it (Turkey, UAE)."""
    present: dict[str, set[str]] = {}
    for (release, _), flows in ds_sides.items():
        present.setdefault(release, set()).update(flows.countries)
    return {release: [{"label": display.get(c, c), "value": c,
                       "search": matcher.option_search(c)}
                      for c in sorted(names, key=lambda c: display.get(c, c).casefold())]
            for release, names in present.items()}


def read_releases(frame: pd.DataFrame) -> dict[str, Release]:
    """The releases table as Release records keyed by release."""
    rows: list[dict[Any, Any]] = frame.to_dict("records")
    return {str(r["release"]): Release(str(r["release"]), str(r["generated_at"]),
                                       int(r["first_year"]), int(r["last_year"]),
                                       tuple(r["formats"]), bool(r["per_year_exact"]),
                                       bool(r["world"]), str(r["coverage"]))
            for r in rows}


def area_names(areas: Mapping[str, Mapping[str, Area]]) -> set[str]:
    """Every region, subregion and grouping name of any release."""
    return {name for found in areas.values() for name in found}


def make_matcher(entities: pd.DataFrame, present: set[str]) -> matching.Matcher:
    """The matcher of a build: entities with deliveries by every spelling the entities
    table and the article alias file know, and the weapon aliases."""
    names: dict[str, list[str]] = {}
    rows: list[dict[Any, Any]] = entities.to_dict("records")
    for row in rows:
        canonical = str(row["canonical"])
        if canonical not in present:
            continue
        spellings = [str(row["name"]), str(row["display_name"]),
                     *map(str, row["spellings"])]
        names.setdefault(canonical, []).extend(spellings)
    for name in sorted(present):
        names.setdefault(name, [])
    return matching.matcher_for(names)


def make_choices(matcher: matching.Matcher, releases: Mapping[str, Release],
                 categories: list[str], options: Mapping[str, list[dict[str, str]]],
                 areas: Iterable[str] = ()) -> Choices:
    """What a URL may name: entities with deliveries (by any spelling, and in which
    release), SIPRI's regions, subregions and groupings, releases, categories."""
    clash = sorted(set(matcher.keys.values()) & set(areas))
    if clash:
        raise DataError(f"area names are also entity names: {', '.join(clash)}")
    default = default_release(releases)
    return Choices(aliases=matcher.keys, areas=aliases_for({a: [] for a in areas}),
                   present={r: frozenset(o["value"] for o in opts)
                            for r, opts in options.items()},
                   releases={r: (i.first_year, i.last_year) for r, i in releases.items()},
                   default_release=default, categories=tuple(sorted(categories)),
                   partial={r: i.coverage for r, i in releases.items() if not i.world})


def read_optional_table(folder: Path, name: str, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """A table a build written before it existed lacks: read (validated) where the manifest
    lists it, else the table empty."""
    if name in manifest.get("tables", {}):
        return read_table(folder, name)
    return TABLES[name].empty()


def load_dataset(folder: Path) -> Dataset:
    """Read and validate a build folder and precompute its aggregates."""
    if not (folder / MANIFEST).is_file():
        raise DataError(f"no build at {folder}: {MANIFEST} is missing "
                        "(run `armsdash build --from PATH`)")
    manifest = read_manifest(folder)
    damaged = damage(folder, manifest, strict=False)
    if damaged:
        raise DataError(f"the build at {folder} is damaged: {damaged}")
    deliveries = read_table(folder, "deliveries")[list(DELIVERY_COLUMNS)]
    deals = read_table(folder, "deals")[list(DEAL_COLUMNS)]
    entities = read_table(folder, "entities")
    regional = read_optional_table(folder, "regional", manifest)
    releases = read_releases(read_table(folder, "releases"))
    if not releases:
        raise DataError(f"the build at {folder} holds no release")
    canon = entities[entities["name"] == entities["canonical"]]
    display = {str(k): str(v) for k, v in zip(canon["canonical"], canon["display_name"],
                                              strict=True)}
    kinds = {str(k): str(v) for k, v in zip(canon["canonical"], canon["kind"], strict=True)}
    iso3 = {str(k): str(v) for k, v in zip(canon["canonical"], canon["iso3"], strict=True)
            if isinstance(v, str) and v}
    names = tuple(sorted(set(deliveries["supplier"]) | set(deliveries["recipient"])))
    display_names = tuple(sorted({display.get(n, n) for n in names}))
    display_index = {d: i for i, d in enumerate(display_names)}
    categories = tuple(sorted(set(deliveries["category"])))
    sides = side_flows(deliveries, names, categories, releases)
    default = default_release(releases)
    places = geography(releases)
    matcher = make_matcher(entities, set(names))
    options = entity_options(sides, display, matcher)
    source = TablesSource(str(manifest.get("build_id", "")), deliveries, deals, display,
                          lambda release: Meta(release).source, matcher)
    return Dataset(
        build_id=str(manifest.get("build_id", "")),
        manifest=manifest, deliveries=deliveries, deals=deals, entities=entities,
        regional=regional,
        releases=releases, display=display, kinds=kinds, iso3=iso3,
        iso3_to_name={code: name for name, code in sorted(iso3.items())},
        colours=colour_map([display.get(n, n) for n in prominence(deliveries)],
                           [([display.get(n, n) for n in g], w) for g, w in
                            drawn_together(sides, names, default)]),
        names=names, display_names=display_names,
        display_code=np.array([display_index[display.get(n, n)] for n in names],
                              dtype=np.int32),
        categories=categories, sides=sides,
        entity_options=options,
        choices=replace(make_choices(matcher, releases, list(categories), options,
                                     area_names(places["areas"])),
                        first_active=source.first_year),
        matcher=matcher,
        deal_source=source,
        **places,
    )


def geography(releases: Mapping[str, Release]) -> dict[str, Any]:
    """Per release: its areas by name and each entity's (region, subregion), from the
    regions and groupings files (etl/data)."""
    table, groupings = geo.read_regions(), geo.read_groupings()
    areas = {r: geo.areas(table, groupings, r) for r in releases}
    regions = {r: {str(n): (str(a), str(b)) for n, a, b in
                   geo.regions_of(table, r).itertuples(index=False)} for r in releases}
    return {"areas": areas, "regions": regions}


def release_memory() -> None:
    """Hand memory freed after loading (parsing, validation) back to the system, and keep
    the loaded data out of the garbage collector's full passes (`gc.freeze`): they would
    walk every object of the build, a pause of tens of milliseconds in some request.
    Objects frozen before are unfrozen first, so a replaced build can still be freed."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Let the C library's allocator keep at most `arenas` memory arenas. By default each
    server thread may get its own (up to 8 per core), each holding on to memory its
    requests freed: 30-40 MB more per process after a browser session."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # -8: M_ARENA_MAX


def build_stamp(folder: Path) -> tuple[str, int]:
    """A cheap fingerprint of the build: the folder's resolved path and manifest mtime."""
    real = os.path.realpath(folder)
    try:
        return real, os.stat(os.path.join(real, MANIFEST)).st_mtime_ns
    except OSError:
        return real, -1


class Loader:
    """Hands out the current Dataset of one build folder; reloads when the build changes."""

    def __init__(self, folder: Path, check_every: float = CHECK_EVERY) -> None:
        self.folder = Path(folder)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._dataset: Dataset | None = None
        self._stamp: tuple[str, int] | None = None
        self._checked = 0.0

    def get(self) -> Dataset:
        """The current dataset; loads it on first use; raises DataError if none loads."""
        dataset = self._dataset
        now = time.monotonic()
        if dataset is not None and now - self._checked < self.check_every:
            return dataset
        if dataset is not None and not self._lock.acquire(blocking=False):
            return dataset  # another request is loading a new build: answer from this one
        if dataset is None:
            self._lock.acquire()
        try:
            if self._dataset is not None and now - self._checked < self.check_every:
                return self._dataset
            self._checked = now
            self._refresh()
            if self._dataset is None:
                raise DataError(f"no usable build at {self.folder}")
            return self._dataset
        finally:
            self._lock.release()

    def _refresh(self) -> None:
        stamp = build_stamp(self.folder)
        if self._dataset is not None and stamp == self._stamp:
            return
        try:
            manifest = read_manifest(self.folder)
            if (self._dataset is not None
                    and str(manifest.get("build_id", "")) == self._dataset.build_id):
                self._stamp = stamp
                return
            loaded = off_loop(load_dataset, Path(stamp[0]))
        except Exception as err:  # a broken build must never replace good data
            if self._dataset is None:
                loaded = self._fallback(Path(stamp[0]), err)
                self._dataset, self._stamp = loaded, stamp
                release_memory()
                return
            LOG.warning("keeping build %s: new build at %s failed to load: %s",
                        self._dataset.build_id, self.folder, err)
            self._stamp = stamp
            return
        self._dataset = loaded
        self._stamp = stamp
        release_memory()
        LOG.info("serving build %s from %s", loaded.build_id, stamp[0])


    def _fallback(self, broken: Path, err: Exception) -> Dataset:
        """The newest good version beside a build that does not load (logged), or
        DataError when there is none."""
        for folder in good_versions(self.folder, strict=False):
            if folder.resolve() == broken.resolve():
                continue
            try:
                loaded = load_dataset(folder)
            except Exception as other:
                LOG.warning("build version %s does not load either: %s", folder.name, other)
                continue
            LOG.warning("the build at %s does not load (%s): serving the newest good "
                        "version instead, %s", self.folder, err, loaded.build_id)
            return loaded
        raise DataError(f"cannot load the build at {self.folder}: {err}") from err


def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a thread of its own where the server's workers are gevent's, so the
    worker's other connections are answered meanwhile (from the build being replaced);
    elsewhere, here."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        import gevent

        def outcome() -> tuple[bool, Any]:
            # An exception is handed back, not raised in the pool (which would print it)
            try:
                return True, fn(*args)
            except Exception as err:
                return False, err

        done, value = gevent.get_hub().threadpool.apply(outcome)
        if not done:
            raise value
        result: T = value
        return result
    return fn(*args)


_LOADER: Loader | None = None


def configure(folder: Path) -> Loader:
    """Point the dashboard at a build folder (called once by create_app).

    Arrow's buffers (the tables' text columns) then come from the C library's allocator:
    Arrow's default pool (mimalloc) keeps 30-50 MB of freed loading buffers per process.
    """
    global _LOADER
    pa.set_memory_pool(pa.system_memory_pool())
    limit_malloc_arenas()
    _LOADER = Loader(folder)
    return _LOADER


def current() -> Dataset:
    """The dataset being served."""
    if _LOADER is None:
        raise DataError("the dashboard has no build folder configured")
    return _LOADER.get()
