"""The build, loaded once, lazily, validated, read-only; reloaded when a new build lands.

`load_dataset` reads every table through `etl.store.read_table` (which validates it
against `etl.schema`) and precomputes the aggregates the pages need. A `Loader` hands out
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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from dashboard.figures import colour_map
from dashboard.urlstate import Choices, aliases_for
from etl.schema import SIDES
from etl.store import MANIFEST, read_manifest, read_table

LOG = logging.getLogger(__name__)
CHECK_EVERY = 1.0
UNRANKED_KINDS = ("unknown",)


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

    @property
    def label(self) -> str:
        """'2026-02-12 (1995–2024, exact per year)'."""
        how = "exact per year" if self.per_year_exact else "per year estimated"
        return f"{self.release} ({self.first_year}–{self.last_year}, {how})"


@dataclass(frozen=True)
class Dataset:
    """The tables of one build and the aggregates computed from them once."""

    build_id: str
    manifest: Mapping[str, Any]
    deliveries: pd.DataFrame
    deals: pd.DataFrame
    entities: pd.DataFrame
    releases: Mapping[str, Release]
    display: Mapping[str, str]
    kinds: Mapping[str, str]
    iso3: Mapping[str, str]
    colours: Mapping[str, str]  # by display name
    flows: Mapping[tuple[str, str], pd.DataFrame]
    by_country: Mapping[tuple[str, str, str], pd.DataFrame]
    totals: Mapping[tuple[str, str], pd.DataFrame]
    choices: Choices

    def name(self, canonical: str) -> str:
        """The display name of a canonical entity name."""
        return self.display.get(canonical, canonical)

    def country_flows(self, release: str, side: str, country: str) -> pd.DataFrame:
        """Flows of one country: partner, year, category, tiv (empty frame if none)."""
        found = self.by_country.get((release, side, country))
        if found is None:
            return EMPTY_FLOWS
        return found

    def unranked(self) -> list[str]:
        """Entities left out of rankings (unknown parties); they still count in totals."""
        return [name for name, kind in self.kinds.items() if kind in UNRANKED_KINDS]


EMPTY_FLOWS = pd.DataFrame({
    "partner": pd.Series(dtype="str"), "year": pd.Series(dtype="int64"),
    "category": pd.Series(dtype="str"), "tiv": pd.Series(dtype="float64")})


def default_release(releases: Mapping[str, Release]) -> str:
    """The newest release with exact per-year values, else the newest release."""
    exact = sorted(r for r, info in releases.items() if info.per_year_exact)
    return exact[-1] if exact else sorted(releases)[-1]


def flows_by_side(deliveries: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """Per release and side: country, partner, year, category, tiv summed over deals."""
    base = deliveries[["release", "supplier", "recipient", "year", "category", "tiv"]]
    summed = base.groupby(["release", "supplier", "recipient", "year", "category"],
                          as_index=False, observed=True).agg(tiv=("tiv", "sum"))
    summed["year"] = summed["year"].astype("int64")
    out: dict[tuple[str, str], pd.DataFrame] = {}
    for side in SIDES:
        country, partner = ("recipient", "supplier") if side == "imports" else (
            "supplier", "recipient")
        renamed = summed.rename(columns={country: "country", partner: "partner"})
        for release, rows in renamed.groupby("release", sort=True):
            out[(str(release), side)] = rows.drop(columns="release").reset_index(drop=True)
    return out


def split_by_country(flows: Mapping[tuple[str, str], pd.DataFrame]
                     ) -> dict[tuple[str, str, str], pd.DataFrame]:
    """One small frame (partner, year, category, tiv) per release, side and country."""
    out: dict[tuple[str, str, str], pd.DataFrame] = {}
    for (release, side), frame in flows.items():
        for country, rows in frame.groupby("country", sort=False):
            out[(release, side, str(country))] = rows.drop(columns="country").reset_index(
                drop=True)
    return out


def country_totals(flows: Mapping[tuple[str, str], pd.DataFrame]
                   ) -> dict[tuple[str, str], pd.DataFrame]:
    """Per release and side: country, year, category, tiv summed over partners."""
    return {key: frame.groupby(["country", "year", "category"], as_index=False).agg(
        tiv=("tiv", "sum")) for key, frame in flows.items()}


def drawn_together(flows: Mapping[tuple[str, str], pd.DataFrame], release: str,
                   n: int = 8) -> list[tuple[list[str], float]]:
    """Names that share a chart in `release`, with how much that chart matters: the top
    12 countries of each side and each country's top n partners (weight: their total),
    over all years and over the latest five-year period."""
    groups: list[tuple[list[str], float]] = []
    for (rel, _), whole in flows.items():
        if rel != release:
            continue
        last = int(whole["year"].max()) if len(whole) else 0
        for frame in (whole[whole["year"] > last - 5], whole):
            world = frame.groupby("country")["tiv"].sum().sort_values(ascending=False)
            groups.append((list(world.index[:12]), float(world.sum())))
            sums = frame.groupby(["country", "partner"], as_index=False).agg(
                tiv=("tiv", "sum")).sort_values(["country", "tiv", "partner"],
                                                ascending=[True, False, True])
            for _, rows in sums.groupby("country", sort=False):
                groups.append((list(rows["partner"].head(n)), float(rows["tiv"].sum())))
    return groups


def prominence(deliveries: pd.DataFrame) -> list[str]:
    """Entities by total TIV as supplier plus recipient (all releases), ties by name."""
    sums = (deliveries.groupby("supplier")["tiv"].sum()
            .add(deliveries.groupby("recipient")["tiv"].sum(), fill_value=0))
    frame = pd.DataFrame({"name": sums.index.astype(str), "tiv": sums.to_numpy()})
    return list(frame.sort_values(["tiv", "name"], ascending=[False, True])["name"])


def read_releases(frame: pd.DataFrame) -> dict[str, Release]:
    """The releases table as Release records keyed by release."""
    rows: list[dict[Any, Any]] = frame.to_dict("records")
    return {str(r["release"]): Release(str(r["release"]), str(r["generated_at"]),
                                       int(r["first_year"]), int(r["last_year"]),
                                       tuple(r["formats"]), bool(r["per_year_exact"]))
            for r in rows}


def make_choices(entities: pd.DataFrame, releases: Mapping[str, Release],
                 categories: list[str], present: set[str]) -> Choices:
    """What a URL may name: entities with deliveries (by any spelling), releases, categories."""
    names: dict[str, list[str]] = {}
    rows: list[dict[Any, Any]] = entities.to_dict("records")
    for row in rows:
        canonical = str(row["canonical"])
        if canonical not in present:
            continue
        spellings = [str(row["name"]), str(row["display_name"]),
                     *map(str, row["spellings"])]
        names.setdefault(canonical, []).extend(spellings)
    for name in present:
        names.setdefault(name, [])
    default = default_release(releases)
    return Choices(aliases=aliases_for(names),
                   releases={r: (i.first_year, i.last_year) for r, i in releases.items()},
                   default_release=default, categories=tuple(sorted(categories)))


def load_dataset(folder: Path) -> Dataset:
    """Read and validate a build folder and precompute its aggregates."""
    if not (folder / MANIFEST).is_file():
        raise DataError(f"no build at {folder}: {MANIFEST} is missing "
                        "(run `armsdash build --from PATH`)")
    manifest = read_manifest(folder)
    deliveries = read_table(folder, "deliveries")
    deals = read_table(folder, "deals")
    entities = read_table(folder, "entities")
    releases = read_releases(read_table(folder, "releases"))
    if not releases:
        raise DataError(f"the build at {folder} holds no release")
    canon = entities[entities["name"] == entities["canonical"]]
    display = dict(zip(canon["canonical"], canon["display_name"], strict=True))
    kinds = dict(zip(canon["canonical"], canon["kind"], strict=True))
    iso3 = {str(k): str(v) for k, v in zip(canon["canonical"], canon["iso3"], strict=True)
            if isinstance(v, str) and v}
    flows = flows_by_side(deliveries)
    present = set(deliveries["supplier"]) | set(deliveries["recipient"])
    return Dataset(
        build_id=str(manifest.get("build_id", "")),
        manifest=manifest, deliveries=deliveries, deals=deals, entities=entities,
        releases=releases, display=display, kinds=kinds, iso3=iso3,
        colours=colour_map([display.get(n, n) for n in prominence(deliveries)],
                           [([display.get(n, n) for n in g], w) for g, w in
                            drawn_together(flows, default_release(releases))]),
        flows=flows, by_country=split_by_country(flows), totals=country_totals(flows),
        choices=make_choices(entities, releases,
                             sorted(set(deliveries["category"])), present),
    )


def release_memory() -> None:
    """Hand memory freed after loading (parsing, validation) back to the system."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


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
        with self._lock:
            if self._dataset is not None and now - self._checked < self.check_every:
                return self._dataset
            self._checked = now
            self._refresh()
            if self._dataset is None:
                raise DataError(f"no usable build at {self.folder}")
            return self._dataset

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
            loaded = load_dataset(Path(stamp[0]))
        except Exception as err:  # a broken build must never replace good data
            if self._dataset is None:
                raise DataError(f"cannot load the build at {self.folder}: {err}") from err
            LOG.warning("keeping build %s: new build at %s failed to load: %s",
                        self._dataset.build_id, self.folder, err)
            self._stamp = stamp
            return
        self._dataset = loaded
        self._stamp = stamp
        release_memory()
        LOG.info("serving build %s from %s", loaded.build_id, stamp[0])


_LOADER: Loader | None = None


def configure(folder: Path) -> Loader:
    """Point the dashboard at a build folder (called once by create_app)."""
    global _LOADER
    _LOADER = Loader(folder)
    return _LOADER


def current() -> Dataset:
    """The dataset being served."""
    if _LOADER is None:
        raise DataError("the dashboard has no build folder configured")
    return _LOADER.get()
