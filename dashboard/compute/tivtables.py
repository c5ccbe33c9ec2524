"""SIPRI-style TIV tables: every country (or every partner of one country) by year or by
fixed five-year period, with totals, shares and ranks, as SIPRI's own importer and
exporter tables.

Conventions, as SIPRI's tables: a cell is the TIV (millions) delivered in the column's
years; a cell with deliveries below 0.5 is shown as 0, a cell without deliveries is empty
(NaN here), never 0. Rows are every name with a delivery in the table's years, ordered by
their total, largest first, ties by name; shares are of the table's total (the world, or
the country's own total); ranks leave out the names in `exclude` (unknown parties), which
still count in every total. Fixed periods are the calendar five-year periods SIPRI's fact
sheets use (2000–04, 2005–09, ...), cut to the years asked for: a cut period is labelled
with the years it holds, never stretched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m

PERIOD_YEARS = 5


@dataclass(frozen=True)
class Column:
    """One column of a table: a year or a period (first and last year)."""

    start: int
    end: int

    @property
    def label(self) -> str:
        """'2023' or SIPRI's period label '2020–24'."""
        return m.period_label(self.start, self.end)

    @property
    def key(self) -> str:
        """A field name for the column: 'y2023' or 'p2020_2024'."""
        return f"y{self.start}" if self.start == self.end else f"p{self.start}_{self.end}"

    @property
    def years(self) -> int:
        """How many years the column holds."""
        return self.end - self.start + 1


def year_columns(start: int, end: int) -> list[Column]:
    """One column per year, start..end."""
    return [Column(y, y) for y in range(start, end + 1)]


def fixed_periods(start: int, end: int, width: int = PERIOD_YEARS) -> list[Column]:
    """Calendar periods of `width` years (first years divisible by `width`: 2000–04,
    2005–09, ...) covering start..end, the first and last cut to start and end."""
    out = []
    lo = start - start % width
    while lo <= end:
        out.append(Column(max(lo, start), min(lo + width - 1, end)))
        lo += width
    return out


def partial(columns: Sequence[Column], width: int = PERIOD_YEARS) -> list[Column]:
    """The periods holding fewer than `width` years (cut by the years asked for)."""
    return [c for c in columns if c.years < width]


@dataclass(frozen=True)
class Table:
    """A TIV table: names by column (NaN = no deliveries), each name's total, share and
    rank, each column's share and rank (per_column), and the column totals."""

    names: tuple[str, ...]
    columns: tuple[Column, ...]
    tiv: np.ndarray  # names × columns, NaN where the name has no delivery in the column
    total: np.ndarray
    share: np.ndarray  # % of the table's total over all its years
    rank: np.ndarray  # 1 = largest, NaN for names left out of ranking
    column_share: np.ndarray  # % of the column's total
    column_rank: np.ndarray
    column_total: np.ndarray

    @property
    def grand_total(self) -> float:
        """The table's total over all its years."""
        return float(self.column_total.sum())


def _ranks(names: Sequence[str], values: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """1-based ranks of each column's eligible rows by value (largest first, values equal
    to a millionth are ties, broken by name); NaN for the others. values: rows × columns."""
    rank = np.full(values.shape, np.nan)
    if not len(names):
        return rank
    by_name = np.argsort(np.argsort(np.asarray(names, dtype=str), kind="stable"))
    key = np.round(values, m.TIE_DECIMALS)
    for j in range(values.shape[1]):
        order = np.lexsort((by_name, -key[:, j]))
        order = order[eligible[order, j]]
        rank[order, j] = np.arange(1, len(order) + 1)
    return rank


def _shares(values: np.ndarray, total: np.ndarray) -> np.ndarray:
    """% of `total` (per column); NaN where the total is zero."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, values / np.where(total > 0, total, 1.0) * 100, np.nan)


def column_sums(grid: m.Grid, columns: Sequence[Column]) -> tuple[np.ndarray, np.ndarray]:
    """Each name's TIV in each column, and whether it has a row there (names × columns)."""
    lo, hi = min(c.start for c in columns), max(c.end for c in columns)
    tiv, present = grid.span(lo, hi)
    zeros = np.zeros((len(grid.names), 1))
    cum = np.hstack([zeros, np.cumsum(tiv, axis=1)])
    seen = np.hstack([zeros, np.cumsum(present, axis=1)])
    first = np.array([c.start - lo for c in columns])
    last = np.array([c.end - lo + 1 for c in columns])
    return cum[:, last] - cum[:, first], (seen[:, last] - seen[:, first]) > 0


def tiv_table(grid: m.Grid, columns: Sequence[Column], exclude: Iterable[str] = (),
              of: m.Grid | None = None) -> Table:
    """The table of a grid over the columns: rows with a delivery there, largest first.
    Shares and column totals are of the rows' own sums, or of the grid `of` (the world,
    for areas that overlap or leave entities out)."""
    if not columns:
        raise ValueError("a TIV table needs at least one column")
    tiv, present = column_sums(grid, columns)
    keep = np.flatnonzero(present.any(axis=1))
    total = tiv[keep].sum(axis=1)
    order = m.rank_order([grid.names[i] for i in keep], total)
    rows = keep[order]
    names = [grid.names[i] for i in rows]
    tiv, present, total = tiv[rows], present[rows], total[order]
    skip = set(exclude)
    ranked = ~np.array([n in skip for n in names], dtype=bool)
    column_total = tiv.sum(axis=0) if of is None else column_sums(of, columns)[0].sum(axis=0)
    return Table(
        names=tuple(names), columns=tuple(columns),
        tiv=np.where(present, tiv, np.nan), total=total,
        share=_shares(total, np.full(len(names), column_total.sum())),
        rank=_ranks(names, total[:, None], ranked[:, None])[:, 0],
        column_share=np.where(present, _shares(tiv, column_total[None, :]), np.nan),
        column_rank=_ranks(names, tiv, present & ranked[:, None]),
        column_total=column_total)


def wide_frame(table: Table, name_column: str, per_column: bool = False) -> pd.DataFrame:
    """One row per name: rank, name, each column's TIV (and share and rank if
    per_column), total, share; column keys as `Column.key` (+ '_share', '_rank')."""
    out: dict[str, object] = {"rank": table.rank,
                              name_column: pd.Series(table.names, dtype="str")}
    for j, col in enumerate(table.columns):
        out[col.key] = table.tiv[:, j]
        if per_column:
            out[f"{col.key}_share"] = table.column_share[:, j]
            out[f"{col.key}_rank"] = table.column_rank[:, j]
    out["total"] = table.total
    out["share"] = table.share
    return pd.DataFrame(out)


def long_frame(table: Table, name_column: str) -> pd.DataFrame:
    """One row per name and column with a delivery: first and last year, the column's
    label, TIV, share and rank in the column, and the name's total, share and rank."""
    n, k = table.tiv.shape
    cells = pd.DataFrame({
        name_column: pd.Series(np.repeat(np.asarray(table.names, dtype=object), k),
                               dtype="str"),
        "first_year": np.tile([c.start for c in table.columns], n),
        "last_year": np.tile([c.end for c in table.columns], n),
        "years": pd.Series(np.tile([c.label for c in table.columns], n), dtype="str"),
        "tiv": table.tiv.reshape(-1),
        "share": table.column_share.reshape(-1),
        "rank": table.column_rank.reshape(-1),
        "total_tiv": np.repeat(table.total, k),
        "total_share": np.repeat(table.share, k),
        "total_rank": np.repeat(table.rank, k),
    })
    cells = cells[cells["tiv"].notna()].reset_index(drop=True)
    return cells.astype({"rank": "Int64", "total_rank": "Int64"})


def totals_row(table: Table, label: str) -> dict[str, object]:
    """The bottom row: each column's total and the grand total (100%)."""
    row: dict[str, object] = {"name": label, "total": table.grand_total,
                              "share": 100.0 if table.grand_total > 0 else None}
    row.update({c.key: float(v) for c, v in zip(table.columns, table.column_total,
                                                strict=True)})
    return row


@dataclass(frozen=True)
class Shares:
    """The n largest names of a table (plus Other) with their TIV and % share of every
    column: what the table's stacked chart draws."""

    labels: tuple[str, ...]  # column labels
    names: tuple[str, ...]
    tiv: np.ndarray  # names × columns (0 where none)
    share: np.ndarray  # % of the column's total; NaN where the column has none


def top_shares(table: Table, n: int, other: bool = True) -> Shares:
    """The n largest ranked names by total, the rest summed as "Other" (unless `other`
    is False: rows that overlap, as groupings, have no rest)."""
    top = [i for i in range(len(table.names)) if not np.isnan(table.rank[i])][:n]
    rest = np.ones(len(table.names), dtype=bool)
    rest[top] = False
    tiv = np.nan_to_num(table.tiv)
    names = [table.names[i] for i in top]
    rows = tiv[top]
    rest_tiv = tiv[rest].sum(axis=0)
    if other and rest_tiv.sum() > 0:
        names.append(m.OTHER)
        rows = np.vstack([rows, rest_tiv[None, :]])
    return Shares(tuple(c.label for c in table.columns), tuple(names), rows,
                  _shares(rows, table.column_total[None, :]))
