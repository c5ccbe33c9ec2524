"""What SIPRI revised between two releases of a build, over their common years.

Pure functions of the build's tables (no Dash). Like with like: only the delivery years
both releases cover are compared, and a release whose per-year values are estimated (the
classic register alone) is named in `Changes.estimated` so every view flags it.

Every TIV is added up in whole millionths of a TIV million (`micro`), so the parts add up
exactly: the world change is the sum of the countries' changes on each side, and the sum
of the changes of the deals added, removed and revised (those with SIPRI's id and, counted
apart, those without one).

Deals are compared by SIPRI's deal id. Deals without one (classic rows the build could not
match; their negative ids hash their fields) are paired by that id, then by the build's own
rules (`etl.classic_deals`: supplier, recipient, designation and order year, ties broken by
status, delivery years and numbers). Names are compared as the build's canonical names, so
a renamed entity or category (Turkey → Turkiye, "Air defence systems" → "Air-defence
systems") changes no figure; `renames` lists them from the spellings each release used
(recorded by the build in its manifest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from dashboard.compute.metrics import period_label, shared_ranks
from etl.classic_deals import match_ids
from etl.transforms import pieces

PERIOD = 5  # SIPRI's five-year periods, ending in 4 and 9 (2015–19, 2020–24)
MICRO = 1_000_000
SIDES = {"imports": "recipient", "exports": "supplier"}
# Deal fields compared, in the order they are shown; the last three are over the common
# years only.
DEAL_FIELDS = ("supplier", "recipient", "designation", "category", "status", "order_year",
               "number_ordered", "tiv_per_unit", "number_delivered", "delivery_years",
               "tiv_delivered")
NUMBERS = ("order_year", "number_ordered", "tiv_per_unit", "number_delivered", "tiv_delivered")
ONLY_WHERE_BOTH = ("number_ordered",)  # not given by every export format
ADDED, REMOVED, REVISED = "added", "removed", "revised"
DELIVERY_COLUMNS = ("deal_id", "supplier", "recipient", "year", "units", "tiv")


class ReleaseLike(Protocol):
    """What the comparison needs to know of a release (the Dataset's `Release` has it)."""

    @property
    def release(self) -> str: ...
    @property
    def first_year(self) -> int: ...
    @property
    def last_year(self) -> int: ...
    @property
    def per_year_exact(self) -> bool: ...
    @property
    def world(self) -> bool: ...


@dataclass(frozen=True)
class ReleaseFacts:
    """What the comparison needs to know of a release."""

    release: str
    first_year: int
    last_year: int
    per_year_exact: bool = True
    world: bool = True


@dataclass(frozen=True)
class Changes:
    """The changes from release `old` to release `new` over `first`..`last`."""

    old: ReleaseLike
    new: ReleaseLike
    first: int
    last: int
    world: pd.DataFrame  # span, start, end, old, new, change, pct
    countries: pd.DataFrame  # side, country, span, start, end, old, new, change, pct, ranks
    deals: pd.DataFrame  # deal_id, known, kind, supplier, recipient, designation, ...
    fields: pd.DataFrame  # deal_id, field, old, new (shown as text)
    renames: pd.DataFrame  # kind, old, new
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # known / unknown
    spellings_known: bool = True
    unranked: frozenset[str] = frozenset()

    @property
    def estimated(self) -> tuple[str, ...]:
        """The releases compared whose per-year values are estimates."""
        return tuple(r.release for r in (self.old, self.new) if not r.per_year_exact)

    @property
    def both_world(self) -> bool:
        """Whether both releases cover every supplier and recipient."""
        return self.old.world and self.new.world

    @property
    def years_label(self) -> str:
        """'1995–2023'."""
        return period_label(self.first, self.last) if self.first != self.last else str(
            self.first)


def micro(values: Any) -> np.ndarray:
    """TIV in millions as whole millionths (int64), the unit every sum here is made in."""
    return np.rint(np.asarray(values, dtype=float) * MICRO).astype(np.int64)


def millions(values: Any) -> np.ndarray:
    """Whole millionths back to millions."""
    return np.asarray(values, dtype=np.int64) / MICRO


def common_years(old: ReleaseLike, new: ReleaseLike) -> tuple[int, int] | None:
    """The delivery years both releases cover, or None."""
    first, last = max(old.first_year, new.first_year), min(old.last_year, new.last_year)
    return (first, last) if first <= last else None


def spans(first: int, last: int, period: int = PERIOD) -> list[tuple[int, int]]:
    """SIPRI's five-year periods lying wholly in first..last (ending in 4 and 9), newest
    first, then every year, newest first."""
    ends = [e for e in range(last, first + period - 2, -1) if e % period == 4 % period]
    periods = [(e - period + 1, e) for e in ends if e - period + 1 >= first]
    return periods + [(y, y) for y in range(last, first - 1, -1)]


def pct(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Relative change in %, NaN where the old value is 0."""
    old_f, new_f = np.asarray(old, dtype=float), np.asarray(new, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(old_f != 0, (new_f - old_f) / old_f * 100, np.nan)


def in_years(deliveries: pd.DataFrame, release: str, first: int, last: int) -> pd.DataFrame:
    """The release's delivery rows in first..last, with `tiv_u` in millionths."""
    keep = (deliveries["release"] == release) & deliveries["year"].between(first, last)
    rows = deliveries.loc[keep, list(DELIVERY_COLUMNS)]
    return rows.assign(tiv_u=micro(rows["tiv"]))


def world_table(old: pd.DataFrame, new: pd.DataFrame, span_list: Sequence[tuple[int, int]]
                ) -> pd.DataFrame:
    """World totals per span: old, new, change (millions), change in %."""
    by_old = old.groupby("year")["tiv_u"].sum()
    by_new = new.groupby("year")["tiv_u"].sum()
    o = np.array([int(by_old[(by_old.index >= a) & (by_old.index <= b)].sum())
                  for a, b in span_list], dtype=np.int64)
    n = np.array([int(by_new[(by_new.index >= a) & (by_new.index <= b)].sum())
                  for a, b in span_list], dtype=np.int64)
    return pd.DataFrame({"span": [period_label(a, b) for a, b in span_list],
                         "start": [a for a, _ in span_list], "end": [b for _, b in span_list],
                         "old": millions(o), "new": millions(n), "change": millions(n - o),
                         "pct": pct(o, n)})


def _matrix(rows: pd.DataFrame, col: str, names: Sequence[str], first: int,
            width: int) -> np.ndarray:
    """Millionths by country (`names` order) and year."""
    out = np.zeros((len(names), width), dtype=np.int64)
    if rows.empty:
        return out
    summed = rows.groupby([col, "year"], observed=True)["tiv_u"].sum()
    country = pd.Index(names).get_indexer(summed.index.get_level_values(0).astype(str))
    year = summed.index.get_level_values(1).to_numpy(dtype=np.int64) - first
    np.add.at(out, (country, year), summed.to_numpy(dtype=np.int64))
    return out


def _span_sums(matrix: np.ndarray, first: int, span_list: Sequence[tuple[int, int]]
               ) -> np.ndarray:
    """Country × span sums of a country × year matrix."""
    return np.stack([matrix[:, a - first:b - first + 1].sum(axis=1) for a, b in span_list],
                    axis=1) if span_list else np.zeros((len(matrix), 0), dtype=np.int64)


def _ranks(sums: np.ndarray, rankable: np.ndarray) -> np.ndarray:
    """Each country's world rank per span column (shared ranks; NaN for 0 or unranked)."""
    out = np.full(sums.shape, np.nan)
    for j in range(sums.shape[1]):
        column = sums[:, j]
        ranked = rankable & (column > 0)
        if ranked.any():
            out[ranked, j] = shared_ranks(column[ranked] / MICRO)
    return out


def country_table(old: pd.DataFrame, new: pd.DataFrame, span_list: Sequence[tuple[int, int]],
                  first: int, last: int, unranked: Iterable[str], world: bool
                  ) -> pd.DataFrame:
    """Per side, country and span: old, new, change, change in %, world ranks in both
    releases (only where both cover the world) and the change of rank (positive = up)."""
    skip = set(unranked)
    frames = []
    for side, col in SIDES.items():
        names = sorted(distinct(old[col]) | distinct(new[col]))
        width = last - first + 1
        o = _span_sums(_matrix(old, col, names, first, width), first, span_list)
        n = _span_sums(_matrix(new, col, names, first, width), first, span_list)
        rankable = np.array([c not in skip for c in names], dtype=bool)
        r_old = _ranks(o, rankable) if world else np.full(o.shape, np.nan)
        r_new = _ranks(n, rankable) if world else np.full(o.shape, np.nan)
        c, s = np.divmod(np.arange(o.size), o.shape[1]) if o.size else (np.array([], int),) * 2
        keep = (o.ravel() != 0) | (n.ravel() != 0)
        c, s = c[keep], s[keep]
        ov, nv = o.ravel()[keep], n.ravel()[keep]
        frames.append(pd.DataFrame({
            "side": side, "country": [names[i] for i in c],
            "span": [period_label(*span_list[j]) for j in s],
            "start": [span_list[j][0] for j in s], "end": [span_list[j][1] for j in s],
            "old": millions(ov), "new": millions(nv), "change": millions(nv - ov),
            "change_u": nv - ov, "pct": pct(ov, nv),
            "rank_old": r_old.ravel()[keep], "rank_new": r_new.ravel()[keep]}))
    out = pd.concat(frames, ignore_index=True)
    return out.assign(rank_change=out["rank_old"] - out["rank_new"])


def deal_facts(deals: pd.DataFrame, rows: pd.DataFrame, release: str) -> pd.DataFrame:
    """One row per deal of the release: its fields, and what was delivered in the years
    of `rows` (number, delivery years, TIV in millionths)."""
    own = deals.loc[deals["release"] == release, ["deal_id", *DEAL_FIELDS[:8], "description"]]
    grouped = rows.groupby("deal_id")
    per = pd.DataFrame({"tiv_u": grouped["tiv_u"].sum(),
                        "number_delivered": grouped["units"].sum(min_count=1)})
    years = rows[["deal_id", "year"]].drop_duplicates().sort_values(["deal_id", "year"])
    ids, starts = np.unique(years["deal_id"].to_numpy(), return_index=True)
    per["delivery_years"] = pd.Series(
        [tuple(p) for p in pieces(years["year"].astype(int).tolist(), starts.tolist())],
        index=ids, dtype=object)
    facts = own.set_index("deal_id").join(per, how="outer")
    facts["tiv_u"] = facts["tiv_u"].fillna(0).astype(np.int64)
    facts["delivery_years"] = [y if isinstance(y, tuple) else () for y in
                               facts["delivery_years"]]
    facts["in_deals"] = facts.index.isin(own["deal_id"])
    return facts


def pair_unknown(old: pd.DataFrame, new: pd.DataFrame) -> dict[int, int]:
    """New id -> old id for deals without SIPRI id (negative ids): the same (hashed) id,
    else the build's matching rules (supplier, recipient, designation and order year, ties
    by status, delivery years and numbers) against the other release's deals that have no
    counterpart by id."""
    old, new = old[old["in_deals"]], new[new["in_deals"]]
    same = set(old.index[old.index < 0]) & set(new.index[new.index < 0])
    pairs = {int(i): int(i) for i in same}
    new_free = new[(new.index < 0) & ~new.index.isin(same)]
    old_free = old[~old.index.isin(new.index)]
    for idx, old_id in _match(new_free, old_free):
        pairs[idx] = old_id
    old_free = old[(old.index < 0) & ~old.index.isin(same)
                   & ~old.index.isin(list(pairs.values()))]
    new_free = new[~new.index.isin(old.index) & ~new.index.isin(list(pairs))]
    for old_id, new_id in _match(old_free, new_free):
        pairs[new_id] = old_id
    return pairs


def _match(todo: pd.DataFrame, ref: pd.DataFrame) -> list[tuple[int, int]]:
    """(id in `todo`, id in `ref`) pairs by `etl.classic_deals.match_ids`, the build's own
    rules."""
    if todo.empty or ref.empty:
        return []
    left = todo.reset_index(names="_id")
    found, _ = match_ids(left, ref.reset_index(names="deal_id"))
    hit = found.notna()
    return [(int(i), int(j)) for i, j in zip(left.loc[hit, "_id"], found[hit], strict=True)]


def year_runs(years: Sequence[int]) -> str:
    """Years as read: '1999–2003, 2005, 2007, 2008' (runs of three or more joined)."""
    parts: list[str] = []
    run: list[int] = []
    for year in [*sorted(set(years)), 0]:
        if run and year == run[-1] + 1:
            run.append(year)
            continue
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts += [str(y) for y in run]
        run = [year]
    return ", ".join(parts)


def _text(value: Any) -> str:
    """A field value as shown: years joined, numbers without trailing zeros, '' for none."""
    if isinstance(value, tuple | list | np.ndarray):
        return year_runs([int(y) for y in value])
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    return str(value)


def _differs(field_name: str, a: pd.Series, b: pd.Series) -> np.ndarray:
    """Where a deal field differs between the releases (aligned series)."""
    if field_name in NUMBERS:
        fa, fb = a.astype(float).to_numpy(), b.astype(float).to_numpy()
        gone_a, gone_b = np.isnan(fa), np.isnan(fb)
        values = micro(np.nan_to_num(fa)) != micro(np.nan_to_num(fb))
        if field_name in ONLY_WHERE_BOTH:
            return np.asarray(values & ~gone_a & ~gone_b)
        return np.asarray((values & ~gone_a & ~gone_b) | (gone_a != gone_b))
    if field_name == "delivery_years":  # sorted tuples from `deal_facts`
        return np.asarray(a.to_numpy(dtype=object) != b.to_numpy(dtype=object), dtype=bool)
    return np.asarray(a.to_numpy(dtype=object, na_value="")
                      != b.to_numpy(dtype=object, na_value=""))


def _with_deliveries(facts: pd.DataFrame) -> np.ndarray:
    """The ids of the deals with a delivery in the years compared."""
    return facts.index.to_numpy(dtype=np.int64)[[bool(y) for y in facts["delivery_years"]]]


def deal_table(old: pd.DataFrame, new: pd.DataFrame, pairs: Mapping[int, int]
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deals added, removed and revised (with their changed fields, old and new values),
    among those with a delivery in the common years in either release. `known`: SIPRI's
    id on both sides (deals without one, or paired with one, are counted apart)."""
    new = new.set_axis([pairs.get(i, i) for i in new.index.tolist()])
    unknown = {old_id for new_id, old_id in pairs.items() if new_id < 0 or old_id < 0}
    delivered = pd.Index(np.union1d(_with_deliveries(old), _with_deliveries(new)),
                         dtype=np.int64)
    a = old.reindex(delivered).assign(tiv_delivered=lambda f: f["tiv_u"] / MICRO)
    b = new.reindex(delivered).assign(tiv_delivered=lambda f: f["tiv_u"] / MICRO)
    in_old = a["in_deals"].fillna(False).to_numpy(dtype=bool)
    in_new = b["in_deals"].fillna(False).to_numpy(dtype=bool)
    both = in_old & in_new
    changed = {f: _differs(f, a[f], b[f]) & both for f in DEAL_FIELDS}
    any_change = np.logical_or.reduce(list(changed.values()))
    kind = np.where(~in_old, ADDED, np.where(~in_new, REMOVED, REVISED))
    keep = ~both | any_change
    named = ["supplier", "recipient", "designation"]
    shown = b[named].where(pd.Series(in_new, index=delivered), a[named], axis=0)
    o_u = a["tiv_u"].fillna(0).to_numpy(dtype=np.int64)
    n_u = b["tiv_u"].fillna(0).to_numpy(dtype=np.int64)
    names = np.full(len(delivered), "", dtype=object)
    for i in np.flatnonzero(any_change):
        names[i] = ", ".join(f for f in DEAL_FIELDS if changed[f][i])
    ids = delivered.to_numpy(dtype=np.int64)
    out = pd.DataFrame({
        "deal_id": ids[keep], "known": ((ids >= 0) & ~np.isin(ids, list(unknown)))[keep],
        "kind": kind[keep],
        **{n: shown[n].to_numpy(dtype=object, na_value="")[keep].astype(str) for n in named},
        "old": o_u[keep] / MICRO, "new": n_u[keep] / MICRO, "change": (n_u - o_u)[keep] / MICRO,
        "change_u": (n_u - o_u)[keep], "fields": names[keep]})
    out = out.assign(size=out["change_u"].abs()).sort_values(
        ["size", "deal_id"], ascending=[False, True]).drop(columns="size")
    return out.reset_index(drop=True), field_changes(ids, a, b, changed)


def field_changes(ids: np.ndarray, a: pd.DataFrame, b: pd.DataFrame,
                  changed: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """One row per deal and field that changed: the old and new value as shown."""
    parts = [(f, hit) for f, hit in changed.items() if hit.any()]
    return pd.DataFrame({
        "deal_id": np.concatenate([ids[hit] for _, hit in parts] or [np.array([], np.int64)]),
        "field": [f for f, hit in parts for _ in range(int(hit.sum()))],
        "old": [_text(v) for f, hit in parts for v in a[f].to_numpy()[hit]],
        "new": [_text(v) for f, hit in parts for v in b[f].to_numpy()[hit]],
    }).sort_values("deal_id", kind="stable", ignore_index=True)


def deal_counts(deals: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame,
                pairs: Mapping[int, int]) -> dict[str, dict[str, int]]:
    """Per group (with SIPRI id / without): deals in each release, added, removed,
    revised, and (without id) how many were paired."""
    out: dict[str, dict[str, int]] = {}
    for group, known in (("with_id", True), ("without_id", False)):
        part = deals[deals["known"] == known]
        o_n = int(((old.index >= 0) == known).sum())
        n_n = int(((new.index >= 0) == known).sum())
        counts = {"old": o_n, "new": n_n,
                  **{k: int((part["kind"] == k).sum()) for k in (ADDED, REMOVED, REVISED)},
                  "change_u": int(part["change_u"].sum())}
        if not known:
            counts["paired"] = sum(1 for n, o in pairs.items() if n < 0 or o < 0)
        out[group] = counts
    return out


def rename_table(spellings: Mapping[str, Mapping[str, Mapping[str, str]]], old: str, new: str,
                 present: Mapping[str, Mapping[str, set[str]]]) -> pd.DataFrame:
    """Entities and categories SIPRI spelled differently in the two releases: kind, old
    spelling, new spelling, canonical name. `spellings[release][kind]` maps SIPRI's
    spelling to the canonical name where they differ; `present[release][kind]` holds the
    canonical names the release has."""
    rows = []
    for kind in ("entity", "category"):
        both = present.get(old, {}).get(kind, set()) & present.get(new, {}).get(kind, set())
        for canonical in sorted(both):
            was = _spelled(spellings.get(old, {}).get(kind, {}), canonical)
            now = _spelled(spellings.get(new, {}).get(kind, {}), canonical)
            if was != now:
                rows.append({"kind": kind, "old": " / ".join(was), "new": " / ".join(now),
                             "canonical": canonical})
    return pd.DataFrame(rows, columns=["kind", "old", "new", "canonical"])


def _spelled(mapping: Mapping[str, str], canonical: str) -> list[str]:
    """How a release spelled a canonical name (the name itself where nothing maps to it)."""
    return sorted(raw for raw, c in mapping.items() if c == canonical) or [canonical]


def distinct(column: pd.Series) -> set[str]:
    """A column's distinct values as text."""
    return {str(v) for v in column.unique()}


def present_names(deliveries: pd.DataFrame, releases: Iterable[str]
                  ) -> dict[str, dict[str, set[str]]]:
    """Per release: the canonical entities and categories its deliveries name."""
    out: dict[str, dict[str, set[str]]] = {}
    columns = deliveries[["release", "supplier", "recipient", "category"]]
    for release in releases:
        rows = columns[columns["release"] == release]
        out[release] = {
            "entity": distinct(rows["supplier"]) | distinct(rows["recipient"]),
            "category": distinct(rows["category"])}
    return out


def compare(deliveries: pd.DataFrame, deals: pd.DataFrame, old: ReleaseLike,
            new: ReleaseLike, unranked: Iterable[str] = (),
            spellings: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None
            ) -> Changes:
    """Everything that changed from `old` to `new` over their common years; raises
    ValueError where they share no year."""
    years = common_years(old, new)
    if years is None:
        raise ValueError(f"releases {old.release} ({old.first_year}–{old.last_year}) and "
                         f"{new.release} ({new.first_year}–{new.last_year}) share no year")
    first, last = years
    span_list = spans(first, last)
    rows_o = in_years(deliveries, old.release, first, last)
    rows_n = in_years(deliveries, new.release, first, last)
    facts_o = deal_facts(deals, rows_o, old.release)
    facts_n = deal_facts(deals, rows_n, new.release)
    pairs = pair_unknown(facts_o, facts_n)
    deal_rows, field_rows = deal_table(facts_o, facts_n, pairs)
    names = present_names(deliveries, (old.release, new.release))
    return Changes(
        old=old, new=new, first=first, last=last,
        world=world_table(rows_o, rows_n, span_list),
        countries=country_table(rows_o, rows_n, span_list, first, last, unranked,
                                old.world and new.world),
        deals=deal_rows, fields=field_rows,
        renames=rename_table(spellings or {}, old.release, new.release, names),
        counts=deal_counts(deal_rows, facts_o, facts_n, pairs),
        spellings_known=spellings is not None and old.release in spellings
        and new.release in spellings, unranked=frozenset(unranked))


def newest_pair(releases: Iterable[ReleaseLike]) -> tuple[str, str] | None:
    """(previous, newest) of the releases an update is compared on: covering the world,
    exact per year, at least one five-year period long; None where there are not two."""
    fit = sorted(r.release for r in releases if r.world and r.per_year_exact
                 and r.last_year - r.first_year + 1 >= PERIOD)
    return (fit[-2], fit[-1]) if len(fit) >= 2 else None


def span_rows(changes: Changes, side: str, start: int, end: int) -> pd.DataFrame:
    """Every country's row of a side over start..end: precomputed for SIPRI's periods and
    single years, else added up from the years (ranks computed among those sums)."""
    rows = changes.countries[changes.countries["side"] == side]
    found = rows[(rows["start"] == start) & (rows["end"] == end)]
    if not found.empty or start == end:
        return found
    years = rows[(rows["start"] == rows["end"]) & rows["start"].between(start, end)]
    o = pd.Series(micro(years["old"]), index=years.index).groupby(years["country"]).sum()
    n = pd.Series(micro(years["new"]), index=years.index).groupby(years["country"]).sum()
    names = list(o.index.astype(str))
    ov, nv = o.to_numpy(dtype=np.int64), n.to_numpy(dtype=np.int64)
    rankable = np.array([c not in changes.unranked for c in names], dtype=bool)
    world = changes.both_world
    r_old = _ranks(ov[:, None], rankable)[:, 0] if world else np.full(len(ov), np.nan)
    r_new = _ranks(nv[:, None], rankable)[:, 0] if world else np.full(len(nv), np.nan)
    return pd.DataFrame({"side": side, "country": names, "span": period_label(start, end),
                         "start": start, "end": end, "old": millions(ov), "new": millions(nv),
                         "change": millions(nv - ov), "change_u": nv - ov, "pct": pct(ov, nv),
                         "rank_old": r_old, "rank_new": r_new, "rank_change": r_old - r_new})


def movers(changes: Changes, side: str, start: int, end: int, by: str = "change",
           n: int = 20) -> pd.DataFrame:
    """The countries whose figures moved most over start..end: by absolute change
    (`change`) or relative change (`pct`, countries with an old value only), largest
    first."""
    rows = span_rows(changes, side, start, end)
    if by == "pct":
        rows = rows[rows["pct"].notna()]
    size = rows[by].abs()
    order = np.lexsort((rows["country"].to_numpy(), -size.to_numpy()))
    return rows.iloc[order[:n]].reset_index(drop=True)


def revision(changes: Changes, side: str, country: str, start: int, end: int
             ) -> tuple[float, float] | None:
    """(old, new) of one country's side over start..end, if both releases hold those years."""
    if start < changes.first or end > changes.last:
        return None
    rows = span_rows(changes, side, start, end)
    rows = rows[rows["country"] == country]
    if rows.empty:
        return None
    return float(rows["old"].iloc[0]), float(rows["new"].iloc[0])


def revision_text(what: str, span: str, shown: str, newest: str, old: float, new: float
                  ) -> str:
    """The one-line note on a view of release `shown` about the newest release's figure:
    "SIPRI's newest release (2026-02-12) revises Pakistan's imports in 2015–19 by +3.1%".
    A newest release older than the one shown (a newer one with estimated per-year values)
    is named as the newest with exact per-year values."""
    who = (f"SIPRI's newest release ({newest})" if newest > shown else
           f"Release {newest}, the newest with exact per-year values,")
    if micro(old) == micro(new):
        return f"{who} gives the same figure for {what} in {span}."
    if old == 0:
        return (f"{who} records {new:,.0f} million TIV for {what} in {span}, where this "
                "release has none.")
    change = float(pct(np.array([old]), np.array([new]))[0])
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    verb = "revises" if newest > shown else "differs on"
    return (f"{who} {verb} {what} in {span} by {sign}{abs(change):.1f}% ({old:,.0f} → "
            f"{new:,.0f} million TIV).")


def changes_query(old: str, new: str, side: str, start: int, end: int) -> dict[str, str]:
    """The query of the changes view of two releases (older first) on a span."""
    pair = sorted((old, new))
    years = f"{start}-{end}" if start != end else str(start)
    return {"from": pair[0], "to": pair[1], "side": side, "years": years}


def summary(changes: Changes, n: int = 3) -> dict[str, Any]:
    """The short record of a comparison the build keeps in its manifest."""
    whole = [s for s in spans(changes.first, changes.last) if s[0] != s[1]]
    world = changes.world
    total_o = float(world.loc[world["start"] == world["end"], "old"].sum())
    total_n = float(world.loc[world["start"] == world["end"], "new"].sum())
    top = []
    if whole:
        label = period_label(*whole[0])
        for side in SIDES:
            for _, r in movers(changes, side, *whole[0], "change", n).iterrows():
                top.append({"side": side, "country": r["country"], "span": label,
                            "old": round(float(r["old"]), 3), "new": round(float(r["new"]), 3),
                            "pct": None if np.isnan(r["pct"]) else round(float(r["pct"]), 2)})
    return {"old": changes.old.release, "new": changes.new.release,
            "years": [changes.first, changes.last], "estimated": list(changes.estimated),
            "world": {"old": round(total_o, 3), "new": round(total_n, 3),
                      "pct": round(float(pct(np.array([total_o]), np.array([total_n]))[0]), 2)
                      if total_o else None},
            "deals": {g: {k: v for k, v in c.items() if k != "change_u"}
                      for g, c in changes.counts.items()},
            "largest": top,
            "renames": [f"{r.old} → {r.new}" for r in changes.renames.itertuples()]}


def summary_lines(record: Mapping[str, Any]) -> list[str]:
    """The summary as printed by `armsdash build` and `armsdash diff`."""
    years = record["years"]
    head = (f"changes {record['old']} → {record['new']} over "
            f"{period_label(years[0], years[1])}")
    if record["estimated"]:
        head += f" (per-year values of {', '.join(record['estimated'])} estimated)"
    w = record["world"]
    change = f" ({w['pct']:+.1f}%)" if w["pct"] is not None else ""
    lines = [f"{head}: world total {w['old']:,.0f} → {w['new']:,.0f} TIV millions{change}"]
    k = record["deals"].get("with_id", {})
    lines.append(f"  deals with SIPRI id: {k.get(ADDED, 0)} added, {k.get(REMOVED, 0)} "
                 f"removed, {k.get(REVISED, 0)} revised")
    u = record["deals"].get("without_id", {})
    if u.get("old") or u.get("new"):
        lines.append(f"  deals without SIPRI id (counted apart): {u.get('paired', 0)} paired, "
                     f"{u.get(ADDED, 0)} added, {u.get(REMOVED, 0)} removed, "
                     f"{u.get(REVISED, 0)} revised")
    for r in record["largest"]:
        rel = f" ({r['pct']:+.1f}%)" if r["pct"] is not None else ""
        lines.append(f"  {r['country']} {r['side']} {r['span']}: {r['old']:,.0f} → "
                     f"{r['new']:,.0f}{rel}")
    if record["renames"]:
        lines.append(f"  renamed (not counted as changes): {'; '.join(record['renames'])}")
    return lines
