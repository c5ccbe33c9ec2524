"""Local production in a country's flows: deliveries produced or assembled in the recipient.

A delivery counts as local where its deal's `local_production` is true (SIPRI's flag, or,
for a classic-only release, derived from SIPRI's comments: see `etl.classic_deals`). On
the imports side the partners are the licensors, on the exports side the licensees; what
was not produced locally is one more row, REST, and deliveries whose flag SIPRI left
empty are UNKNOWN (never counted as either). Nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m

REST = "not produced locally"
UNKNOWN = "flag not given"
EMPTY = pd.DataFrame({"partner": pd.Series(dtype=str), "year": pd.Series(dtype=np.int64),
                      "category": pd.Series(dtype=str), "tiv": pd.Series(dtype=float),
                      "local_production": pd.Series(dtype="boolean")})


def by_country(deliveries: pd.DataFrame, release: str, side: str,
               display: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """Every country's deliveries in a release, one frame each: partner (display name),
    year, category, tiv and local_production."""
    own, other = ("recipient", "supplier") if side == "imports" else ("supplier", "recipient")
    rows = deliveries[deliveries["release"] == release]
    names = [display.get(n, n) for n in rows[other].tolist()]
    frame = pd.DataFrame({"partner": pd.Series(names, index=rows.index, dtype=str),
                          "year": rows["year"].astype(np.int64),
                          "category": rows["category"].astype(str),
                          "tiv": rows["tiv"].astype(float),
                          "local_production": rows["local_production"].astype("boolean")})
    return {str(k): part.reset_index(drop=True)
            for k, part in frame.groupby(rows[own].to_numpy(), sort=False)}


def local_rows(countries: Mapping[str, pd.DataFrame], country: str,
               categories: Sequence[str]) -> pd.DataFrame:
    """One country's rows of `by_country`, in the categories."""
    rows = countries.get(country)
    if rows is None:
        return EMPTY
    return rows[rows["category"].isin(list(categories))] if categories else rows


def local_annual(rows: pd.DataFrame, by: str, start: int, end: int, n: int) -> pd.DataFrame:
    """Annual TIV produced locally by partner (top n, the rest as Other), then REST and
    UNKNOWN, with each year's local % share of the country's total."""
    years = np.arange(start, end + 1, dtype=np.int64)
    year = rows["year"].to_numpy(dtype=np.int64)
    inside = (year >= start) & (year <= end)
    flag = rows["local_production"].astype("boolean")
    is_local = flag.fillna(False).to_numpy(dtype=bool)[inside]
    unknown_rows = flag.isna().to_numpy(dtype=bool)[inside]
    tiv = rows["tiv"].to_numpy(dtype=float)[inside]
    at = year[inside] - start

    def per_year(mask: np.ndarray) -> np.ndarray:
        return np.bincount(at[mask], weights=tiv[mask], minlength=len(years))

    local = rows[inside][is_local].rename(columns={"partner": by})
    grid = m.grid_from_frame(local, by)
    frame = m.grid_annual(grid, by, start, end, n) if grid.names else empty_annual(by)
    total, unknown = per_year(np.ones(len(at), dtype=bool)), per_year(unknown_rows)
    local_tiv = per_year(is_local)
    extra = [pd.DataFrame({"year": years, by: REST, "tiv": total - local_tiv - unknown})]
    if unknown.sum() > 0:
        extra.append(pd.DataFrame({"year": years, by: UNKNOWN, "tiv": unknown}))
    out = pd.concat([frame, *extra], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, local_tiv / np.where(total > 0, total, 1) * 100, np.nan)
    return out.assign(local_share=share[out["year"].to_numpy(dtype=np.int64) - start])


def empty_annual(by: str) -> pd.DataFrame:
    """An annual frame with no rows."""
    return pd.DataFrame({"year": pd.Series(dtype=np.int64), by: pd.Series(dtype=str),
                         "tiv": pd.Series(dtype=float)})


def local_period(rows: pd.DataFrame, start: int, end: int) -> tuple[float, float]:
    """(TIV produced locally, the country's total TIV) over start..end."""
    part = rows[(rows["year"] >= start) & (rows["year"] <= end)]
    local = part.loc[part["local_production"].fillna(False).astype(bool), "tiv"].sum()
    return float(local), float(part["tiv"].sum())
