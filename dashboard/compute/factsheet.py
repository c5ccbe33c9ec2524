"""SIPRI's yearly fact sheet ("Trends in international arms transfers") for any five-year
period of a release, computed from the Dataset's arrays.

Structure as SIPRI's: key facts (world volume against the two previous five-year
periods, the five largest exporters and importers and their combined shares, the number
of supplier and recipient states, the non-state armed groups among recipients); the
world volume per year and its five-year moving average; the largest exporters (25) and
importers (40) with their world shares in both periods, % change in volume, three main
partners with their share, the number of partner states, and for exporters the share
of their exports by destination region; imports by region and subregion with their main
importers and those importers' main suppliers. Shares are of five-year sums; unknown
parties count in every total but are not ranked; TIV is a volume, never money.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m
from dashboard.compute import regions as area_math
from etl.regions import Area
from etl.schema import SIPRI_REGIONS

if TYPE_CHECKING:
    from dashboard.data import Dataset, SideFlows

WINDOW = 5
TOP_EXPORTERS = 25
TOP_IMPORTERS = 40
MAIN_PARTNERS = 3
MAIN_IMPORTERS = 3
TOP_KEY = 5
NO_REGION = "no region"
RANKED_KINDS = ("state", "historical_state")


@dataclass(frozen=True)
class Periods:
    """The focus period and the two before it (None where the release does not reach)."""

    now: tuple[int, int]
    before: tuple[int, int] | None
    earlier: tuple[int, int] | None

    @property
    def label(self) -> str:
        """'2020–24'."""
        return m.period_label(*self.now)

    @property
    def before_label(self) -> str:
        """'2015–19' or '' where there is no previous period."""
        return m.period_label(*self.before) if self.before else ""


@dataclass(frozen=True)
class FactSheet:
    """Every number of the fact sheet of one release and period."""

    release: str
    periods: Periods
    world: dict[str, float | None]  # volume now/before/earlier, change_before, change_earlier
    top_exporters: list[tuple[str, float]]  # the five largest, with world share
    top_importers: list[tuple[str, float]]
    supplier_states: int
    recipient_states: int
    armed_groups: list[str]
    annual: pd.DataFrame  # year, tiv, moving_average
    exporters: pd.DataFrame
    importers: pd.DataFrame
    regions: pd.DataFrame


def periods_for(first: int, end: int, window: int = WINDOW) -> Periods:
    """The period ending in `end` and the two before it, where the release covers them."""
    def period(last: int) -> tuple[int, int] | None:
        return (last - window + 1, last) if last - window + 1 >= first else None

    now = period(end)
    if now is None:
        raise ValueError(f"a {window}-year period ending {end} starts before {first}")
    return Periods(now, period(end - window), period(end - 2 * window))


def fact_sheet(ds: Dataset, release: str, end: int) -> FactSheet:
    """The fact sheet of a release for the five-year period ending in `end` (memoised)."""
    return ds.memo.get(("factsheet", release, end), lambda: _fact_sheet(ds, release, end))


def _fact_sheet(ds: Dataset, release: str, end: int) -> FactSheet:
    info = ds.releases[release]
    per = periods_for(info.first_year, end)
    exports = ds.world_grid(release, "exports")
    imports = ds.world_grid(release, "imports")
    totals = world_by_year(exports)
    world = world_facts(totals, exports.first, per)
    ex_ranked = ranking(exports, per, ds.kinds)
    im_ranked = ranking(imports, per, ds.kinds)
    now_world = world["now"] or 0.0
    return FactSheet(
        release=release, periods=per, world=world,
        top_exporters=[(n, s) for n, _, s in ex_ranked[:TOP_KEY]],
        top_importers=[(n, s) for n, _, s in im_ranked[:TOP_KEY]],
        supplier_states=count_kind(exports, per.now, ds.kinds, "state"),
        recipient_states=count_kind(imports, per.now, ds.kinds, "state"),
        armed_groups=names_of_kind(imports, per.now, ds.kinds, "non_state_group"),
        annual=annual_frame(totals, exports.first, info.first_year, end),
        exporters=party_table(ds, release, "exports", ex_ranked[:TOP_EXPORTERS], per,
                              now_world, world["before"], with_regions=True),
        importers=party_table(ds, release, "imports", im_ranked[:TOP_IMPORTERS], per,
                              now_world, world["before"], with_regions=False),
        regions=region_table(ds, release, imports, per, now_world, world["before"]),
    )


def world_by_year(grid: m.Grid) -> np.ndarray:
    """The world total per year of a grid (all countries, known or not)."""
    total: np.ndarray = grid.tiv.sum(axis=0)
    return total


def period_sum(values: np.ndarray, first: int, span: tuple[int, int] | None) -> float | None:
    """Sum of a per-year series over a period; None where there is no period."""
    if span is None:
        return None
    lo, hi = span[0] - first, span[1] - first
    return float(values[max(lo, 0):max(hi + 1, 0)].sum())


def world_facts(totals: np.ndarray, first: int, per: Periods) -> dict[str, float | None]:
    """World volume in the three periods and the % change of the latest against each."""
    now = period_sum(totals, first, per.now) or 0.0
    before = period_sum(totals, first, per.before)
    earlier = period_sum(totals, first, per.earlier)
    return {"now": now, "before": before, "earlier": earlier,
            "change_before": None if before is None else m.change_percent(now, before),
            "change_earlier": None if earlier is None else m.change_percent(now, earlier)}


def ranking(grid: m.Grid, per: Periods, kinds: Mapping[str, str]
            ) -> list[tuple[str, float, float]]:
    """(name, TIV, world share %) of every state with a positive total in the period,
    largest first (ties by name); as in SIPRI's tables, organisations, armed groups and
    unknown parties count in the total but are not ranked."""
    sums, _ = grid.sums(*per.now)
    world = float(sums.sum())
    order = [i for i in m.rank_order(grid.names, sums)
             if sums[i] > 0 and kinds.get(grid.names[i]) in RANKED_KINDS]
    return [(grid.names[i], float(sums[i]), share(float(sums[i]), world)) for i in order]


def share(part: float, whole: float | None) -> float:
    """part as % of whole; NaN where the whole is zero or unknown."""
    return part / whole * 100 if whole else float("nan")


def count_kind(grid: m.Grid, span: tuple[int, int], kinds: Mapping[str, str],
               kind: str) -> int:
    """How many entities of a kind have a delivery (even of 0 TIV) in the period."""
    return len(names_of_kind(grid, span, kinds, kind))


def names_of_kind(grid: m.Grid, span: tuple[int, int], kinds: Mapping[str, str],
                  kind: str) -> list[str]:
    """The entities of a kind with a delivery (even of 0 TIV) in the period, by name."""
    _, present = grid.sums(*span)
    return sorted(n for n, p in zip(grid.names, present, strict=True)
                  if p and kinds.get(n) == kind)


def annual_frame(totals: np.ndarray, first: int, start: int, end: int) -> pd.DataFrame:
    """year, world TIV and its moving average over the WINDOW years ending in each year
    (empty for the first WINDOW - 1 years of the release)."""
    years = np.arange(start, end + 1)
    values = np.array([totals[y - first] if 0 <= y - first < len(totals) else 0.0
                       for y in years])
    csum = np.concatenate([[0.0], np.cumsum(values)])
    average = np.full(len(years), np.nan)
    if len(years) >= WINDOW:
        average[WINDOW - 1:] = (csum[WINDOW:] - csum[:-WINDOW]) / WINDOW
    return pd.DataFrame({"year": years, "tiv": values, "moving_average": average})


@dataclass(frozen=True)
class PeriodPartners:
    """Every country's TIV by partner in a period (countries of one release and side x
    every entity code), and where a delivery (even of 0 TIV) exists."""

    index: Mapping[str, int]
    tiv: np.ndarray
    present: np.ndarray

    def of(self, country: str) -> tuple[np.ndarray, np.ndarray]:
        """(entity codes, TIV) of a country's partners with a delivery in the period."""
        i = self.index.get(country)
        if i is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        codes = np.flatnonzero(self.present[i])
        return codes, self.tiv[i, codes]


def period_partners(flows: SideFlows | None, n_names: int, span: tuple[int, int]
                    ) -> PeriodPartners:
    """One pass over a side's flow rows: country x partner sums over the period."""
    if flows is None:
        return PeriodPartners({}, np.zeros((0, n_names)), np.zeros((0, n_names), dtype=bool))
    country = np.repeat(np.arange(len(flows.countries)), np.diff(flows.starts))
    years = flows.year.astype(np.int64) + flows.first
    keep = (years >= span[0]) & (years <= span[1])
    cell = country[keep] * n_names + flows.partner[keep]
    size = len(flows.countries) * n_names
    tiv = np.bincount(cell, weights=flows.tiv[keep], minlength=size)
    present = np.bincount(cell, minlength=size) > 0
    shape = (len(flows.countries), n_names)
    return PeriodPartners(flows.index, tiv.reshape(shape), present.reshape(shape))


def main_partners(ds: Dataset, codes: np.ndarray, tiv: np.ndarray, n: int,
                  unranked: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """The n largest partners (canonical name, % of the country's total), leaving out
    `unranked` (unknown parties: they count in the total)."""
    total = float(tiv.sum())
    pick = [i for i in range(len(codes)) if tiv[i] > 0 and ds.names[codes[i]] not in unranked]
    names = [ds.names[codes[i]] for i in pick]
    order = m.rank_order(names, tiv[pick])[:n]
    return [(names[j], share(float(tiv[pick[j]]), total)) for j in order]


def party_table(ds: Dataset, release: str, side: str, ranked: Sequence[tuple[str, float, float]],
                per: Periods, world_now: float, world_before: float | None,
                with_regions: bool) -> pd.DataFrame:
    """One row per ranked exporter (importer): rank, TIV and world share in both periods,
    % change in volume, main partners with their share, partner states, and for
    exporters the % of exports by destination region."""
    partners = period_partners(ds.sides.get((release, side)), len(ds.names), per.now)
    grid = ds.world_grid(release, side)
    index = {n: i for i, n in enumerate(grid.names)}
    before_sums = grid.sums(*per.before)[0] if per.before else None
    is_state = np.array([ds.kinds.get(n) == "state" for n in ds.names], dtype=bool)
    regions = ds.regions.get(release, {})
    region_code = np.array([area_math.region_of(regions, n) or NO_REGION for n in ds.names])
    unranked = frozenset(ds.unranked())
    rows: list[dict[str, object]] = []
    for rank, (name, tiv, now_share) in enumerate(ranked, start=1):
        before = float(before_sums[index[name]]) if before_sums is not None else None
        codes, sums = partners.of(name)
        row: dict[str, object] = {
            "rank": rank, "name": name, "tiv": tiv, "share": now_share,
            "tiv_before": before,
            "share_before": share(before, world_before) if before is not None
            else float("nan"),
            "change": m.change_percent(tiv, before) if before is not None else None,
            "partners": main_partners(ds, codes, sums, MAIN_PARTNERS, unranked),
            "partner_states": int(is_state[codes].sum()),
        }
        if with_regions:
            row.update(destination_shares(region_code[codes], sums))
        rows.append(row)
    return pd.DataFrame(rows)


def destination_shares(regions: np.ndarray, tiv: np.ndarray) -> dict[str, float]:
    """% of an exporter's exports to each SIPRI region (and to no region), given each
    partner's region."""
    total = float(tiv.sum())
    return {f"to {k}": share(float(tiv[regions == k].sum()), total)
            for k in (*SIPRI_REGIONS, NO_REGION)}


def region_table(ds: Dataset, release: str, imports: m.Grid, per: Periods,
                 world_now: float, world_before: float | None) -> pd.DataFrame:
    """Imports of every region and subregion: TIV and world share in both periods, %
    change, its main importers (share of the area's imports) and each one's main
    supplier (share of that importer's imports)."""
    partners = period_partners(ds.sides.get((release, "imports")), len(ds.names), per.now)
    unranked = frozenset(ds.unranked())
    rows: list[dict[str, object]] = []
    for area in region_order(ds.areas.get(release, {})):
        by_year = area_math.area_totals(imports, area)
        now = period_sum(by_year, imports.first, per.now) or 0.0
        before = period_sum(by_year, imports.first, per.before)
        members = area_math.member_grid(imports, area)
        main = ranking(members, per, ds.kinds)[:MAIN_IMPORTERS]
        importers = []
        for name, tiv, _ in main:
            codes, sums = partners.of(name)
            importers.append((name, share(tiv, now),
                              main_partners(ds, codes, sums, 1, unranked)))
        rows.append({
            "area": area.name, "kind": area.kind, "parent": area.parent, "tiv": now,
            "share": share(now, world_now), "tiv_before": before,
            "share_before": share(before, world_before) if before is not None
            else float("nan"),
            "change": m.change_percent(now, before) if before is not None else None,
            "importers": importers})
    return pd.DataFrame(rows)


def region_order(found: Mapping[str, Area]) -> list[Area]:
    """Each region followed by its subregions, in SIPRI's order (alphabetical)."""
    out: list[Area] = []
    for region in SIPRI_REGIONS:
        if region in found:
            out.append(found[region])
            out += sorted((a for a in found.values()
                           if a.kind == "subregion" and a.parent == region),
                          key=lambda a: a.name)
    return out


def eligible_releases(ds: Dataset) -> dict[str, tuple[int, int]]:
    """Releases a fact sheet can be made of (release -> first and last year): the world's
    flows (more than one supplier and more than one recipient, not one country's
    register) over at least one five-year period."""
    def make() -> dict[str, tuple[int, int]]:
        out = {}
        for release, info in sorted(ds.releases.items()):
            exports, imports = ds.sides.get((release, "exports")), ds.sides.get(
                (release, "imports"))
            world = (exports is not None and imports is not None
                     and len(exports.countries) > 1 and len(imports.countries) > 1)
            if world and info.last_year - info.first_year + 1 >= WINDOW:
                out[release] = (info.first_year, info.last_year)
        return out

    return ds.static.get(("factsheet-releases",), make)


def _partner_columns(partners: object, n: int, label: str,
                     name: Callable[[str], str]) -> dict[str, object]:
    """Flat columns 'client 1', 'client 1 share %', ... of a list of (name, share)."""
    items = list(partners) if isinstance(partners, list) else []
    out: dict[str, object] = {}
    for i in range(n):
        who, part = items[i] if i < len(items) else ("", float("nan"))
        out[f"{label} {i + 1}"] = name(who) if who else ""
        out[f"{label} {i + 1} share %"] = part
    return out


def csv_frames(sheet: FactSheet, name: Callable[[str], str]) -> dict[str, pd.DataFrame]:
    """Every table of the fact sheet as a flat frame (display names, units in the column
    names, the release in every row)."""
    now, before = sheet.periods.label, sheet.periods.before_label or "previous period"
    key = pd.DataFrame([
        {"fact": f"world volume {now}", "value": sheet.world["now"]},
        {"fact": f"world volume {before}", "value": sheet.world["before"]},
        {"fact": f"% change against {before}", "value": sheet.world["change_before"]},
        {"fact": "% change against the period before that",
         "value": sheet.world["change_earlier"]},
        *[{"fact": f"exporter {i + 1}: {name(n)} (% of world exports)", "value": s}
          for i, (n, s) in enumerate(sheet.top_exporters)],
        {"fact": "five largest exporters, combined % of world exports",
         "value": sum(s for _, s in sheet.top_exporters)},
        *[{"fact": f"importer {i + 1}: {name(n)} (% of world imports)", "value": s}
          for i, (n, s) in enumerate(sheet.top_importers)],
        {"fact": "five largest importers, combined % of world imports",
         "value": sum(s for _, s in sheet.top_importers)},
        {"fact": "supplier states", "value": sheet.supplier_states},
        {"fact": "recipient states", "value": sheet.recipient_states},
        {"fact": "non-state armed groups among recipients",
         "value": "; ".join(name(g) for g in sheet.armed_groups)},
    ])

    def parties(frame: pd.DataFrame, label: str, count: str) -> pd.DataFrame:
        rows = []
        for r in frame.to_dict("records"):
            row = {"rank": r["rank"], "name": name(str(r["name"])),
                   f"TIV millions {now}": r["tiv"], f"% of world {now}": r["share"],
                   f"TIV millions {before}": r["tiv_before"],
                   f"% of world {before}": r["share_before"], "% change": r["change"],
                   **_partner_columns(r["partners"], MAIN_PARTNERS, label, name),
                   count: r["partner_states"]}
            row.update({f"% {k}": v for k, v in r.items() if str(k).startswith("to ")})
            rows.append(row)
        return pd.DataFrame(rows)

    regions = []
    for r in sheet.regions.to_dict("records"):
        row = {"area": r["area"], "kind": r["kind"], "region": r["parent"] or r["area"],
               f"TIV millions {now}": r["tiv"], f"% of world {now}": r["share"],
               f"TIV millions {before}": r["tiv_before"],
               f"% of world {before}": r["share_before"], "% change": r["change"]}
        for i, (who, part, main) in enumerate(r["importers"], start=1):
            row[f"importer {i}"] = name(who)
            row[f"importer {i} % of area"] = part
            row[f"importer {i} main supplier"] = name(main[0][0]) if main else ""
            row[f"importer {i} main supplier %"] = main[0][1] if main else float("nan")
        regions.append(row)
    return {"key-facts": key, "world-volume": sheet.annual.rename(columns={
                "tiv": "TIV millions", "moving_average": "5-year moving average"}),
            "exporters": parties(sheet.exporters, "client", "recipient states"),
            "importers": parties(sheet.importers, "supplier", "supplier states"),
            "regions": pd.DataFrame(regions)}


def csv_text(frame: pd.DataFrame, release: str) -> str:
    """A table as CSV with the source line and the release in every row."""
    header = (f"# Source: SIPRI Arms Transfers Database, release {release}; our "
              "calculations. TIV: SIPRI trend-indicator values, millions (a volume, not "
              "money).\n")
    return header + frame.assign(release=release).to_csv(index=False, float_format="%.4f",
                                                         lineterminator="\n")
