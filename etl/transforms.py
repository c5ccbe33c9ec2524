"""Pure transforms from parsed export rows to the declared tables.

Each function takes frames and returns a new frame; none reads files or mutates its
input. Per-year values of a release come from that release's by-delivery-year rows
exactly; only a release given as the classic register alone gets estimated per-year
values, by one rule (`etl.classic_deals.estimate_deliveries`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from etl.schema import DEALS, DELIVERIES, REGIONAL, RELEASES, TIV_TABLES


class TransformError(ValueError):
    """Inputs that cannot be combined (e.g. two files of one release disagreeing)."""


def canonical_names(df: pd.DataFrame, columns: tuple[str, ...],
                    mapping: Mapping[str, str]) -> pd.DataFrame:
    """Replace raw SIPRI names in `columns` by their canonical entity names."""
    out = df.copy()
    for col in columns:
        out[col] = pd.Series([mapping.get(n, n) for n in out[col].tolist()], index=out.index,
                             dtype=object)
    return out


def canonical_categories(df: pd.DataFrame, aliases: Mapping[str, str]) -> pd.DataFrame:
    """Rename old category spellings to SIPRI's newest (e.g. 'Air defence systems')."""
    out = df.copy()
    out["category"] = pd.Series([aliases.get(c, c) for c in out["category"].tolist()],
                                index=out.index, dtype=object)
    return out


def deliveries_from_by_year(frame: pd.DataFrame, release: str) -> pd.DataFrame:
    """The deliveries table from parsed by-delivery-year rows of one release."""
    out = pd.DataFrame({
        "release": release,
        "deal_id": frame["deal_id"].astype("int64"),
        "supplier": frame["supplier"].astype(object),
        "recipient": frame["recipient"].astype(object),
        "year": frame["year"].astype("int32"),
        "units": frame["units"].astype("float64"),
        "tiv": frame["tiv"].astype("float64"),
        "category": frame["category"].astype(object),
        "designation": frame["designation"].astype(object),
        "description": frame["description"].astype(object),
        "status": frame["status"].astype(object),
        "order_year": frame["order_year"].astype("Int32"),
        "order_year_estimated": frame["order_year_estimated"].astype("boolean"),
        "units_estimated": frame["units_estimated"].astype("boolean"),
        "year_estimated": frame["year_estimated"].astype("boolean"),
        "tiv_per_unit": frame["tiv_per_unit"].astype("float64"),
        "local_production": frame["local_production"].astype("boolean"),
        "tiv_estimated": False,
    })
    return out[DELIVERIES.names]


def merge_same_release(parts: list[pd.DataFrame], key: tuple[str, ...],
                       what: str) -> pd.DataFrame:
    """Concatenate tables of one release from several files; identical repeats of a key
    are dropped, conflicting ones raise TransformError."""
    if not parts:
        return pd.DataFrame()
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    both = pd.concat(parts, ignore_index=True)
    hashable = both.assign(**{c: both[c].map(_hashable) for c in both.columns
                              if both[c].dtype == object})
    unique = both[~hashable.duplicated()]
    clash = unique.duplicated(list(key), keep=False)
    if clash.any():
        sample = unique.loc[clash, list(key)].head(3).to_dict("records")
        raise TransformError(f"{what}: files of the same release disagree on {sample}")
    return unique.reset_index(drop=True)


def pieces(values: list[Any], starts: list[int]) -> list[list[Any]]:
    """`values` cut at each of `starts` (ascending positions, the first 0): each piece runs
    to the next start (a group's rows of a sorted table, as plain lists: faster than
    numpy's split)."""
    if not starts:
        return []
    return [values[a:b] for a, b in zip(starts, [*starts[1:], len(values)], strict=True)]


def _hashable(value: object) -> object:
    """A list cell (delivery years) as a tuple, so rows can be compared; others as they are."""
    return tuple(value) if isinstance(value, list | np.ndarray) else value


def deals_from_deliveries(deliveries: pd.DataFrame) -> pd.DataFrame:
    """One deal row per (release, deal_id) aggregated from exact per-year rows; fields the
    by-delivery-year format does not carry (ordered, comments, open) stay empty."""
    if deliveries.empty:
        return pd.DataFrame(columns=DEALS.names)
    d = deliveries.sort_values(["release", "deal_id", "year"], ignore_index=True)
    starts = np.flatnonzero(~d.duplicated(["release", "deal_id"]).to_numpy())
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(d))))
    g = d.groupby(group, sort=False)
    years = pieces(d["year"].astype("int64").tolist(), starts.tolist())
    first = d.iloc[starts].reset_index(drop=True)
    flag = g["local_production"].max().astype("boolean")
    out = pd.DataFrame({
        "release": first["release"],
        "deal_id": first["deal_id"],
        "deal_id_known": True,
        "supplier": first["supplier"],
        "recipient": first["recipient"],
        "order_year": first["order_year"].astype("Int32"),
        "order_year_uncertain": g["order_year_estimated"].max().astype("boolean"),
        "number_ordered": np.nan,
        "number_ordered_uncertain": pd.array([pd.NA] * len(first), dtype="boolean"),
        "number_delivered": g["units"].sum(min_count=1),
        "number_delivered_uncertain": g["units_estimated"].max().astype("boolean"),
        "designation": first["designation"],
        "description": first["description"],
        "category": first["category"],
        "status": first["status"],
        "comments": None,
        "delivery_years": pd.Series(years, index=first.index, dtype=object),
        "tiv_per_unit": first["tiv_per_unit"],
        "tiv_order": np.nan,
        "tiv_delivered": g["tiv"].sum(),
        "open": pd.array([pd.NA] * len(first), dtype="boolean"),
        "local_production": flag,
        "local_production_source": flag.isna().map({True: None, False: "sipri"}),
        "source_format": "by_year",
    }, index=first.index)
    return out[DEALS.names]


def tiv_tables(frame: pd.DataFrame, release: str, mapping: Mapping[str, str]) -> pd.DataFrame:
    """SIPRI's TIV table rows in long form with canonical country and scope names."""
    def canon(n: str) -> str:
        return mapping.get(n, n)

    out = pd.DataFrame({
        "release": release,
        "side": frame["side"].astype(object),
        "scope": frame["scope"].map(lambda s: canon(s) if s else "").astype(object),
        "country": [n if t else canon(n) for n, t in
                    zip(frame["country"].tolist(), frame["is_total"].tolist(), strict=True)],
        "is_total": frame["is_total"].astype(bool),
        "year": frame["year"].astype("int32"),
        "tiv": frame["tiv"].astype("float64"),
    })
    return out[TIV_TABLES.names]


def regional_table(frame: pd.DataFrame, release: str,
                   mapping: Mapping[str, str]) -> pd.DataFrame:
    """SIPRI's regional table rows in long form with canonical supplier names."""
    out = pd.DataFrame({
        "release": release,
        "region": frame["region"].astype(object),
        "supplier": [n if t else mapping.get(n, n) for n, t in
                     zip(frame["supplier"].tolist(), frame["is_total"].tolist(), strict=True)],
        "is_total": frame["is_total"].astype(bool),
        "year": frame["year"].astype("int32"),
        "tiv": frame["tiv"].astype("float64"),
    })
    return out[REGIONAL.names]


def releases_table(releases: Mapping[str, dict[str, object]]) -> pd.DataFrame:
    """One row per release from the per-release facts gathered while building."""
    rows = [{"release": r, **facts} for r, facts in sorted(releases.items())]
    return pd.DataFrame(rows, columns=RELEASES.names)


def release_years(deliveries: pd.DataFrame, tiv: pd.DataFrame, release: str,
                  regional: pd.DataFrame | None = None) -> tuple[int, int] | None:
    """First and last delivery year with data in a release (deliveries, else TIV tables,
    else the regional table)."""
    years = deliveries.loc[deliveries["release"] == release, "year"]
    for table in (tiv, regional):
        if years.empty and table is not None and not table.empty:
            sub = table[(table["release"] == release) & table["tiv"].notna()]
            years = sub["year"]
    if years.empty:
        return None
    return int(years.min()), int(years.max())
