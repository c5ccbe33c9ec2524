"""Pure computations on TIV flows: periods, sums, shares, top N with "Other", ranks.

Inputs are long frames with a `tiv` column (SIPRI TIV, millions). Nothing here mutates
its input. Conventions: SIPRI compares five-year periods (e.g. 2020–24) ending at the
release's last data year; shares are computed on period sums; ties are broken by name;
a zero total gives no share (NaN), never a division error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

OTHER = "Other"


def period_label(start: int, end: int) -> str:
    """SIPRI's label for a period: '2020–24', '1996–2000', or '2024' for one year."""
    if start == end:
        return str(start)
    if start // 100 == end // 100:
        return f"{start}–{end % 100:02d}"
    return f"{start}–{end}"


def period_bounds(end: int, window: int) -> tuple[int, int]:
    """First and last year of the `window`-year period ending in `end`."""
    return end - window + 1, end


def periods_ending(first: int, last: int, window: int) -> list[tuple[int, int]]:
    """Complete periods of `window` years within first..last, newest first, ending at last."""
    out = []
    end = last
    while end - window + 1 >= first:
        out.append((end - window + 1, end))
        end -= window
    return out


def in_years(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Rows with start <= year <= end."""
    return frame[(frame["year"] >= start) & (frame["year"] <= end)]


def in_categories(frame: pd.DataFrame, categories: Sequence[str]) -> pd.DataFrame:
    """Rows of the given categories; all rows where none are given."""
    if not categories:
        return frame
    return frame[frame["category"].isin(list(categories))]


def ranked(totals: pd.Series) -> pd.Series:
    """Order a name -> value series by value descending, ties by name ascending."""
    frame = pd.DataFrame({"name": totals.index.astype(str), "value": totals.to_numpy()})
    frame = frame.sort_values(["value", "name"], ascending=[False, True], kind="mergesort")
    return pd.Series(frame["value"].to_numpy(), index=frame["name"].to_numpy(),
                     name=totals.name)


def top_names(totals: pd.Series, n: int, include: Iterable[str] = ()) -> list[str]:
    """The n largest names with a positive total (ties by name), plus `include` if present."""
    order = ranked(totals[totals > 0])
    keep = list(order.index[:n])
    keep += [name for name in include if name in totals.index and name not in keep]
    return keep


def group_other(frame: pd.DataFrame, by: str, keep: Sequence[str],
                other: str = OTHER) -> pd.DataFrame:
    """Replace every `by` value outside `keep` with `other` and sum `tiv` again."""
    labels = frame[by].where(frame[by].isin(list(keep)), other)
    cols = [c for c in frame.columns if c not in (by, "tiv")]
    grouped = frame.assign(**{by: labels}).groupby([*cols, by], as_index=False, sort=False)
    return grouped.agg(tiv=("tiv", "sum"))


def _other_if_any(grouped: pd.DataFrame, by: str) -> list[str]:
    """['Other'] where the grouped rows hold a positive "Other" total, else []."""
    return [OTHER] if grouped.loc[grouped[by] == OTHER, "tiv"].sum() > 0 else []


def complete_years(frame: pd.DataFrame, by: str, start: int, end: int,
                   names: Sequence[str]) -> pd.DataFrame:
    """A year × name grid over start..end with `tiv` summed and 0 where nothing came."""
    years = range(start, end + 1)
    summed = frame.groupby(["year", by])["tiv"].sum()
    index = pd.MultiIndex.from_product([years, list(names)], names=["year", by])
    return summed.reindex(index, fill_value=0.0).reset_index()


def annual_by(frame: pd.DataFrame, by: str, start: int, end: int, n: int,
              include: Sequence[str] = ()) -> pd.DataFrame:
    """Annual TIV by `by` over start..end: top n (plus `include`), the rest as "Other"."""
    window = in_years(frame, start, end)
    totals = window.groupby(by)["tiv"].sum()
    keep = top_names(totals, n, include)
    grouped = group_other(window[["year", by, "tiv"]], by, keep)
    return complete_years(grouped, by, start, end, keep + _other_if_any(grouped, by))


def rolling_shares(frame: pd.DataFrame, by: str, first: int, start: int, end: int,
                   window: int, n: int, include: Sequence[str] = ()) -> pd.DataFrame:
    """Each name's % share of the rolling `window`-year sum ending in each year start..end.

    Only complete windows within the data (from `first`) are shown; the names kept are the
    top n over start..end. Years whose window total is zero get NaN (a gap), not 0%.
    """
    lo = max(start, first + window - 1)
    totals = in_years(frame, start, end).groupby(by)["tiv"].sum()
    keep = top_names(totals, n, include)
    source = in_years(frame, lo - window + 1, end)[["year", by, "tiv"]]
    grouped = group_other(source, by, keep)
    names = keep + _other_if_any(grouped, by)
    if lo > end or not names:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), by: pd.Series(dtype="str"),
                             "tiv": pd.Series(dtype="float64"),
                             "share": pd.Series(dtype="float64")})
    grid = complete_years(grouped, by, lo - window + 1, end, names)
    wide = grid.pivot(index="year", columns=by, values="tiv")[names]
    sums = wide.rolling(window).sum().loc[lo:end]
    total = sums.sum(axis=1)
    shares = sums.div(total.where(total > 0), axis=0) * 100
    out = pd.DataFrame({"tiv": sums.stack(), "share": shares.stack()})
    return out.reset_index()[["year", by, "tiv", "share"]]


def period_table(frame: pd.DataFrame, by: str, start: int, end: int) -> pd.DataFrame:
    """Sum, % share and rank (1 = largest, ties by name) of each name over start..end."""
    totals = ranked(in_years(frame, start, end).groupby(by)["tiv"].sum())
    total = float(totals.sum())
    share = totals / total * 100 if total > 0 else totals * np.nan
    return pd.DataFrame({by: totals.index, "tiv": totals.to_numpy(),
                         "share": share.to_numpy(),
                         "rank": np.arange(1, len(totals) + 1)})


def compare_periods(frame: pd.DataFrame, by: str, period: tuple[int, int],
                    base: tuple[int, int] | None) -> pd.DataFrame:
    """Shares and ranks in `period` and `base`, with the change in percentage points."""
    now = period_table(frame, by, *period)
    if base is None:
        return now.assign(tiv_base=np.nan, share_base=np.nan, rank_base=np.nan,
                          change_pp=np.nan)
    before = period_table(frame, by, *base).rename(
        columns={"tiv": "tiv_base", "share": "share_base", "rank": "rank_base"})
    both = now.merge(before, on=by, how="outer")
    both["change_pp"] = both["share"].fillna(0) - both["share_base"].fillna(0)
    both = both.sort_values(["tiv", by], ascending=[False, True], kind="mergesort",
                            na_position="last")
    return both.reset_index(drop=True)


def world_ranks(totals: pd.DataFrame, start: int, end: int,
                exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Each country's sum, % of the world total and rank over start..end.

    The world total counts every entity; `exclude` (e.g. unknown parties) are left out of
    the ranking only.
    """
    table = period_table(totals, "country", start, end)
    ranked_rows = table[~table["country"].isin(list(exclude))].copy()
    ranked_rows["rank"] = np.arange(1, len(ranked_rows) + 1)
    rest = table[table["country"].isin(list(exclude))].assign(rank=np.nan)
    return pd.concat([ranked_rows, rest], ignore_index=True)


def rank_history(totals: pd.DataFrame, country: str, first: int, start: int, end: int,
                 window: int, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """A country's rank and % world share on rolling `window`-year sums, year by year.

    Ranks count the countries with a larger sum, and equal sums with a name sorting
    first; `exclude` is left out of the ranking but not of the world total. Years where
    the country has no deliveries get no rank (NaN).
    """
    lo = max(start, first + window - 1)
    years = list(range(lo - window + 1, end + 1))
    wide = (totals.groupby(["country", "year"])["tiv"].sum().unstack("year")
            .reindex(columns=years, fill_value=0.0).fillna(0.0))
    rolled = wide.T.rolling(window).sum().T.loc[:, lo:end] if years else wide
    if lo > end or country not in rolled.index:
        out_years = list(range(lo, end + 1))
        return pd.DataFrame({"year": pd.Series(out_years, dtype="int64"),
                             "rank": np.nan, "share": np.nan, "tiv": 0.0})
    mine = rolled.loc[country]
    world = rolled.sum(axis=0)
    rivals = rolled.drop(index=[c for c in {country, *exclude} if c in rolled.index])
    names = rivals.index.to_numpy().astype(str)
    larger = (rivals > mine).sum(axis=0)
    tied_before = ((rivals == mine) & (names < country)[:, None]).sum(axis=0)
    present = np.asarray(mine > 0)
    rank = (1 + larger + tied_before).where(present)
    share = (mine / world.where(world > 0) * 100).where(present)
    return pd.DataFrame({"year": np.asarray(rolled.columns, dtype="int64"),
                         "rank": rank.to_numpy(dtype=float),
                         "share": share.to_numpy(dtype=float),
                         "tiv": mine.to_numpy(dtype=float)})


def change_percent(now: float, before: float) -> float | None:
    """Relative change in % from `before` to `now`; None where `before` is zero."""
    if before <= 0:
        return None
    return (now - before) / before * 100
