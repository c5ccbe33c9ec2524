"""Pure computations on TIV flows: periods, sums, shares, top N with "Other", ranks.

Nothing here mutates its input. Conventions: SIPRI compares five-year periods (e.g.
2020–24) ending at the release's last data year; shares are computed on period sums;
ranks follow SIPRI: equal sums share a rank (1, 2, 2, 4), on every page (`shared_ranks`,
`rank_among`); lists of equal sums are ordered by name; a zero total gives no share
(NaN), never a division error. Rolling sums (a pair's share, world ranks over time) all
go through `rolling_sums`.

The work is done on a `Grid` (TIV by name and year as a numpy matrix, with where rows
exist): the dashboard keeps grids precomputed, so a request costs a few array sums;
`grid_from_frame` makes one from a long frame (`by`, `year`, `tiv` in SIPRI TIV millions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

OTHER = "Other"
TIE_DECIMALS = 6  # sums equal to a millionth of a TIV million are ties


def period_label(start: int, end: int) -> str:
    """SIPRI's label for a period: '2020–24', '1996–2000', or '2024' for one year."""
    if start == end:
        return str(start)
    if start // 100 == end // 100:
        return f"{start}–{end % 100:02d}"
    return f"{start}–{end}"


def ranked(totals: pd.Series) -> pd.Series:
    """Order a name -> value series by value descending, ties by name ascending."""
    frame = pd.DataFrame({"name": totals.index.astype(str), "value": totals.to_numpy()})
    frame = frame.sort_values(["value", "name"], ascending=[False, True], kind="mergesort")
    return pd.Series(frame["value"].to_numpy(), index=frame["name"].to_numpy(),
                     name=totals.name)


# --- grids: TIV by name and year as a matrix --------------------------------------------


@dataclass(frozen=True)
class Grid:
    """TIV (millions) by name (rows) and year (columns first, first + 1, ...), and where
    rows exist: a name with a row of 0 TIV in a year is present there but adds nothing."""

    names: tuple[str, ...]
    first: int
    tiv: np.ndarray
    present: np.ndarray

    @property
    def last(self) -> int:
        """The last year of the grid."""
        return self.first + self.tiv.shape[1] - 1

    def span(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """TIV and presence over start..end (years outside the grid: 0, absent)."""
        width = max(end - start + 1, 0)
        tiv = np.zeros((len(self.names), width))
        present = np.zeros((len(self.names), width), dtype=bool)
        lo, hi = max(start, self.first), min(end, self.last)
        if lo <= hi:
            tiv[:, lo - start:hi - start + 1] = self.tiv[:, lo - self.first:hi - self.first + 1]
            present[:, lo - start:hi - start + 1] = self.present[
                :, lo - self.first:hi - self.first + 1]
        return tiv, present

    def sums(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """Each name's sum over start..end, and whether it has a row there."""
        tiv, present = self.span(start, end)
        return tiv.sum(axis=1), np.asarray(present.any(axis=1), dtype=bool)


def grid_from_frame(frame: pd.DataFrame, by: str) -> Grid:
    """The grid of a long frame with `by`, `year` and `tiv` columns (names sorted)."""
    if frame.empty:
        return Grid((), 0, np.zeros((0, 0)), np.zeros((0, 0), dtype=bool))
    codes, names = pd.factorize(frame[by].astype(str), sort=True)
    years = frame["year"].to_numpy(dtype=np.int64)
    first = int(years.min())
    width = int(years.max()) - first + 1
    cell = codes * width + (years - first)
    size = len(names) * width
    tiv = np.bincount(cell, weights=frame["tiv"].to_numpy(dtype=float), minlength=size)
    present = np.bincount(cell, minlength=size) > 0
    return Grid(tuple(str(n) for n in names), first, tiv.reshape(len(names), width),
                present.reshape(len(names), width))


def rank_order(names: Sequence[str], values: np.ndarray) -> list[int]:
    """Positions of `names` by value descending, ties by name ascending. Values equal to
    TIE_DECIMALS are ties, whatever order their sums were added up in."""
    key = np.round(np.asarray(values, dtype=float), TIE_DECIMALS)
    return sorted(range(len(names)), key=lambda i: (-float(key[i]), names[i]))


def shared_ranks(values: np.ndarray) -> np.ndarray:
    """Each value's rank, 1 = largest; equal values (to TIE_DECIMALS) share the best rank,
    as SIPRI ranks them (1, 2, 2, 4)."""
    key = np.round(np.asarray(values, dtype=float), TIE_DECIMALS)
    descending = -np.sort(key)[::-1]
    return (1 + np.searchsorted(descending, -key, side="left")).astype(np.int64)


def rank_among(rivals: np.ndarray, mine: np.ndarray) -> np.ndarray:
    """The rank of `mine` among the rows of `rivals`, column by column: 1 + how many rivals
    are larger (to TIE_DECIMALS), so a tie shares the better rank; NaN where mine is 0."""
    me = np.round(np.asarray(mine, dtype=float), TIE_DECIMALS)
    larger = (np.round(rivals, TIE_DECIMALS) > me).sum(axis=0)
    return np.where(me > 0, 1 + larger, np.nan).astype(float)


def rolling_sums(matrix: np.ndarray, window: int) -> np.ndarray:
    """Sums of `window` consecutive columns of a names × years matrix, one column per
    complete window (none where there are fewer years than the window)."""
    count = matrix.shape[1] - window + 1
    out = np.zeros((matrix.shape[0], max(count, 0)))
    for shift in range(window if count > 0 else 0):
        out += matrix[:, shift:shift + count]
    return out


def grid_top(grid: Grid, start: int, end: int, n: int, include: Iterable[str] = ()
             ) -> list[int]:
    """Rows of the n largest names over start..end with a positive total (ties by name),
    plus the rows of `include` present there."""
    sums, present = grid.sums(start, end)
    positive = [i for i in rank_order(grid.names, sums) if sums[i] > 0]
    keep = positive[:n]
    row = {name: i for i, name in enumerate(grid.names)}
    for name in include:
        i = row.get(name)
        if i is not None and present[i] and i not in keep:
            keep.append(i)
    return keep


def _long(by: str, years: np.ndarray, names: Sequence[str], matrix: np.ndarray,
          **more: np.ndarray) -> pd.DataFrame:
    """A year-major long frame (year, by, tiv, ...) of a names × years matrix."""
    k = len(names)
    columns: dict[str, object] = {
        "year": np.repeat(years.astype(np.int64), k),
        by: pd.Series(np.tile(np.asarray(list(names), dtype=object), len(years)),
                      dtype="str"),
        "tiv": matrix.T.reshape(-1).astype(float)}
    columns.update({key: m.T.reshape(-1).astype(float) for key, m in more.items()})
    return pd.DataFrame(columns)


def _with_other(grid: Grid, keep: list[int], tiv: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The kept rows of a span, plus an "Other" row where the rest sums above zero."""
    names = [grid.names[i] for i in keep]
    rest = np.ones(len(grid.names), dtype=bool)
    rest[keep] = False
    other = tiv[rest].sum(axis=0)
    rows = tiv[keep] if keep else np.zeros((0, tiv.shape[1]))
    if other.sum() > 0:
        return [*names, OTHER], np.vstack([rows, other[None, :]])
    return names, rows


def grid_annual(grid: Grid, by: str, start: int, end: int, n: int,
                include: Sequence[str] = ()) -> pd.DataFrame:
    """Annual TIV over start..end: top n (plus `include`), the rest as "Other"."""
    keep = grid_top(grid, start, end, n, include)
    tiv, _ = grid.span(start, end)
    names, rows = _with_other(grid, keep, tiv)
    return _long(by, np.arange(start, end + 1), names, rows)


def grid_rows(grid: Grid, by: str, start: int, end: int, names: Sequence[str]
              ) -> pd.DataFrame:
    """A year × name frame over start..end for the given names (0 where none came)."""
    row = {name: i for i, name in enumerate(grid.names)}
    tiv, _ = grid.span(start, end)
    matrix = np.zeros((len(names), tiv.shape[1]))
    for j, name in enumerate(names):
        if name in row:
            matrix[j] = tiv[row[name]]
    return _long(by, np.arange(start, end + 1), names, matrix)


def grid_rolling_shares(grid: Grid, by: str, first: int, start: int, end: int, window: int,
                        n: int, include: Sequence[str] = ()) -> pd.DataFrame:
    """Each name's % share of the rolling `window`-year sum ending in each year start..end
    (complete windows from `first` only; top n over start..end; zero totals give NaN)."""
    lo = max(start, first + window - 1)
    if lo > end:
        return _long(by, np.arange(0), [], np.zeros((0, 0)), share=np.zeros((0, 0)))
    keep = grid_top(grid, start, end, n, include)
    tiv, _ = grid.span(lo - window + 1, end)
    names, rows = _with_other(grid, keep, tiv)
    if not names:
        return _long(by, np.arange(0), [], np.zeros((0, 0)), share=np.zeros((0, 0)))
    sums = rolling_sums(rows, window)
    total = sums.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total > 0, sums / np.where(total > 0, total, 1.0) * 100, np.nan)
    return _long(by, np.arange(lo, end + 1), names, sums, share=shares)


def grid_period_table(grid: Grid, by: str, start: int, end: int) -> pd.DataFrame:
    """Sum, % share and rank (1 = largest, ties share a rank; listed by name) of each name
    present in start..end."""
    order, values, share = _period(grid, start, end)
    return pd.DataFrame({by: pd.Series([grid.names[i] for i in order], dtype="str"),
                         "tiv": values, "share": share, "rank": shared_ranks(values)})


def _period(grid: Grid, start: int, end: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Rows present in start..end by size (ties by name), their sums and % shares."""
    sums, present = grid.sums(start, end)
    order = [i for i in rank_order(grid.names, sums) if present[i]]
    values = sums[order]
    total = float(values.sum())
    share = values / total * 100 if total > 0 else values * np.nan
    return order, values, share


def grid_compare(grid: Grid, by: str, period: tuple[int, int],
                 base: tuple[int, int] | None) -> pd.DataFrame:
    """Shares and ranks in `period` and `base`, with the change in percentage points; rows
    of the period by size, then names only in `base` by name."""
    order, tiv, share = _period(grid, *period)
    if base is None:
        nan = np.full(len(order), np.nan)
        return pd.DataFrame({by: pd.Series([grid.names[i] for i in order], dtype="str"),
                             "tiv": tiv, "share": share,
                             "rank": shared_ranks(tiv), "tiv_base": nan,
                             "share_base": nan, "rank_base": nan, "change_pp": nan})
    base_order, base_tiv, base_share = _period(grid, *base)
    seen = set(order)
    extra = sorted((i for i in base_order if i not in seen), key=lambda i: grid.names[i])
    rows = [*order, *extra]
    at = {row: k for k, row in enumerate(rows)}
    n = len(rows)

    def spread(positions: list[int], values: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        out[[at[i] for i in positions]] = values
        return out

    now_share = spread(order, share)
    then_share = spread(base_order, base_share)
    return pd.DataFrame({
        by: pd.Series([grid.names[i] for i in rows], dtype="str"),
        "tiv": spread(order, tiv), "share": now_share,
        "rank": spread(order, shared_ranks(tiv).astype(float)),
        "tiv_base": spread(base_order, base_tiv), "share_base": then_share,
        "rank_base": spread(base_order, shared_ranks(base_tiv).astype(float)),
        "change_pp": np.nan_to_num(now_share, nan=0.0) - np.nan_to_num(then_share, nan=0.0)})


def grid_world_ranks(grid: Grid, start: int, end: int,
                     exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Each country's sum, % of the world total and rank over start..end; `exclude` counts
    in the world total but is left out of the ranking (listed last, rank NaN)."""
    order, tiv, share = _period(grid, start, end)
    out = set(exclude)
    left_out = np.array([grid.names[i] in out for i in order], dtype=bool)
    ranked = np.flatnonzero(~left_out)
    rest = np.flatnonzero(left_out)
    rows = np.concatenate([ranked, rest]).astype(np.int64)
    rank = np.concatenate([shared_ranks(tiv[ranked]).astype(float),
                           np.full(len(rest), np.nan)])
    return pd.DataFrame({"country": pd.Series([grid.names[order[i]] for i in rows],
                                              dtype="str"),
                         "tiv": tiv[rows], "share": share[rows], "rank": rank})


def grid_rank_history(grid: Grid, country: str, first: int, start: int, end: int,
                      window: int, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """A country's rank and % world share on rolling `window`-year sums, year by year.

    Ranks count the countries with a larger sum (equal sums share a rank); `exclude` is
    left out of the ranking but not of the world total. Years where the country has no
    deliveries get no rank (NaN).
    """
    lo = max(start, first + window - 1)
    years = np.arange(lo, end + 1, dtype=np.int64)
    if lo > end or country not in grid.names:
        return pd.DataFrame({"year": years, "rank": np.nan, "share": np.nan, "tiv": 0.0})
    tiv, _ = grid.span(lo - window + 1, end)
    rolled = rolling_sums(tiv, window)
    me = grid.names.index(country)
    exact = rolled[me]
    world = rolled.sum(axis=0)
    left_out = set(exclude) | {country}
    rivals = np.array([name not in left_out for name in grid.names])
    rank = rank_among(rolled[rivals], exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(~np.isnan(rank) & (world > 0),
                         exact / np.where(world > 0, world, 1) * 100, np.nan)
    return pd.DataFrame({"year": years, "rank": rank, "share": share, "tiv": exact})


# --- the same on long frames ------------------------------------------------------------


def change_percent(now: float, before: float) -> float | None:
    """Relative change in % from `before` to `now`; None where `before` is zero."""
    if before <= 0:
        return None
    return (now - before) / before * 100
