"""Several countries on one chart: each country's TIV on rolling `window`-year sums (or
annual values) and its % of the world total, year by year.

Only complete windows within the data are drawn (a 5-year sum ending in 1992 needs data
from 1988): a window reaching before the release's first year gives no point, never a
partial sum. The world total counts every entity, as SIPRI's shares do.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m


def rolled(matrix: np.ndarray, window: int) -> np.ndarray:
    """Rolling sums of `window` columns (each output column ends a window)."""
    cum = np.hstack([np.zeros((matrix.shape[0], 1)), np.cumsum(matrix, axis=1)])
    return cum[:, window:] - cum[:, :-window]


def country_series(grid: m.Grid, names: Sequence[str], first: int, start: int, end: int,
                   window: int, world_grid: m.Grid | None = None) -> pd.DataFrame:
    """name, year, first_year (of the window), tiv, world_tiv and share (% of the world:
    the sum of `world_grid`, by default of `grid`) of each name (a row of `grid`) at each
    year start..end with a complete window from `first`."""
    lo = max(start, first + window - 1)
    years = np.arange(lo, end + 1)
    if lo > end:
        return pd.DataFrame({"name": pd.Series(dtype="str"), "year": years,
                             "first_year": years, "tiv": [], "world_tiv": [], "share": []})
    tiv, _ = grid.span(lo - window + 1, end)
    sums = rolled(tiv, window)
    world = rolled((world_grid or grid).span(lo - window + 1, end)[0], window).sum(axis=0)
    row = {n: i for i, n in enumerate(grid.names)}
    mine = np.vstack([sums[row[n]] if n in row else np.zeros(len(years)) for n in names]
                     ) if names else np.zeros((0, len(years)))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(world > 0, mine / np.where(world > 0, world, 1.0) * 100, np.nan)
    k = len(years)
    return pd.DataFrame({
        "name": pd.Series(np.repeat(np.asarray(list(names), dtype=object), k), dtype="str"),
        "year": np.tile(years, len(names)),
        "first_year": np.tile(years - window + 1, len(names)),
        "tiv": mine.reshape(-1), "world_tiv": np.tile(world, len(names)),
        "share": share.reshape(-1)})
