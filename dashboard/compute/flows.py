"""The largest supplier → recipient flows of a period, on the Dataset's arrays.

A flow is the TIV (millions) a supplier delivered to a recipient in the period's years
(in the chosen categories); its share is of the world total of the period, which counts
every flow, unknown parties included. Ties are broken by supplier, then recipient name.
Flows can be narrowed to those with an end in a region or grouping (the supplier, the
recipient, either or both a member in the year of each delivery).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m
from dashboard.compute.regions import member_mask
from etl.regions import Area


@dataclass(frozen=True)
class FlowRows:
    """Delivery rows as arrays: supplier and recipient codes, year, category code, TIV."""

    supplier: np.ndarray
    recipient: np.ndarray
    year: np.ndarray
    category: np.ndarray
    tiv: np.ndarray


def in_area(rows: FlowRows, keep: np.ndarray, names: Sequence[str], area: Area,
            role: str) -> np.ndarray:
    """The kept rows whose supplier, recipient, either or both (`role`) count in the
    area in the delivery's year."""
    at = np.flatnonzero(keep)
    year = rows.year[at]
    supplier = member_mask(rows.supplier[at], year, names, area)
    recipient = member_mask(rows.recipient[at], year, names, area)
    chosen = {"supplier": supplier, "recipient": recipient, "both": supplier & recipient
              }.get(role, supplier | recipient)
    out = np.zeros(len(keep), dtype=bool)
    out[at[chosen]] = True
    return out


def largest(rows: FlowRows, names: Sequence[str], start: int, end: int,
            categories: np.ndarray | None, n: int, area: Area | None = None,
            role: str = "either") -> pd.DataFrame:
    """rank, supplier, recipient, tiv and share (% of the world in start..end, every
    flow counted) of the n largest flows with a positive TIV, of those with an end in
    `area` if given; `names` maps codes to names, in name order (so a pair's code
    orders ties by supplier, then recipient name)."""
    keep = (rows.year >= start) & (rows.year <= end)
    if categories is not None:
        keep &= np.isin(rows.category, categories)
    world = float(rows.tiv[keep].sum())
    if area is not None:
        keep = in_area(rows, keep, names, area, role)
    width = len(names)
    pair = rows.supplier[keep].astype(np.int64) * width + rows.recipient[keep]
    codes, inverse = np.unique(pair, return_inverse=True)
    sums = np.bincount(inverse, weights=rows.tiv[keep], minlength=len(codes))
    positive = np.flatnonzero(sums > 0)
    key = np.round(sums[positive], m.TIE_DECIMALS)
    top = positive[np.lexsort((codes[positive], -key))[:n]]
    return pd.DataFrame({
        "rank": np.arange(1, len(top) + 1),
        "supplier": pd.Series([names[c // width] for c in codes[top]], dtype="str"),
        "recipient": pd.Series([names[c % width] for c in codes[top]], dtype="str"),
        "tiv": sums[top],
        "share": sums[top] / world * 100 if world > 0 else np.full(len(top), np.nan)})
