"""How concentrated a country's suppliers (or markets) are: the Herfindahl–Hirschman index.

On one period's TIV sums (SIPRI's five-year periods, or rolling five-year sums over time)
each partner's share s_i of the country's total is taken as a fraction, and
HHI = Σ s_i²: 1.0 when one partner supplies everything, 1/n for n equal partners. The bands
are those of the US merger guidelines (2010) on the same 0–1 scale: below 0.15
unconcentrated, 0.15 to 0.25 moderately, above 0.25 highly concentrated. Every partner
SIPRI names counts, `unknown supplier(s)` included (as SIPRI counts it in its shares).
The main partner is the largest (ties by name). Nothing here imports Dash.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m
from dashboard.compute.headline import percent, with_article

MODERATE = 0.15
HIGH = 0.25


@dataclass(frozen=True)
class Concentration:
    """One country's concentration in one period: HHI (0–1), its main partner and share (%)."""

    period: tuple[int, int]
    tiv: float
    hhi: float
    main: str
    main_share: float
    partners: int


def hhi(sums: np.ndarray) -> float:
    """Σ share² of the positive sums (NaN where they add up to nothing)."""
    values = np.asarray(sums, dtype=float)
    values = values[values > 0]
    total = float(values.sum())
    if total <= 0:
        return float("nan")
    return float(((values / total) ** 2).sum())


def level(value: float) -> str:
    """'highly', 'moderately' or 'not' (concentrated), by the merger-guideline bands."""
    if value > HIGH:
        return "highly"
    if value >= MODERATE:
        return "moderately"
    return "not"


def period_concentration(grid: m.Grid, start: int, end: int) -> Concentration | None:
    """The concentration of a partner grid over start..end; None without deliveries."""
    sums, _ = grid.sums(start, end)
    total = float(sums[sums > 0].sum())
    value, main, share, partners = period_of(grid.names, sums, total)
    if main is None:
        return None
    return Concentration((start, end), total, value, main, share, partners)


def history(grid: m.Grid, first: int, start: int, end: int, window: int) -> pd.DataFrame:
    """HHI, main partner and its % share on rolling `window`-year sums, by the period's last
    year start..end (complete windows from `first` only; no deliveries: NaN, no partner)."""
    lo = max(start, first + window - 1)
    years = np.arange(lo, end + 1, dtype=np.int64)
    if lo > end or not grid.names:
        return pd.DataFrame({"year": years, "hhi": np.nan, "main": None,
                             "main_share": np.nan, "partners": 0, "tiv": 0.0})
    tiv, _ = grid.span(lo - window + 1, end)
    rolled = m.rolling_sums(tiv, window)
    total = rolled.sum(axis=0)
    rows = [period_of(grid.names, rolled[:, j], float(total[j])) for j in range(len(years))]
    return pd.DataFrame({"year": years, "hhi": [r[0] for r in rows],
                         "main": pd.Series([r[1] for r in rows], dtype=object),
                         "main_share": [r[2] for r in rows],
                         "partners": [r[3] for r in rows], "tiv": total})


def period_of(names: tuple[str, ...], sums: np.ndarray, total: float
              ) -> tuple[float, str | None, float, int]:
    """(HHI, main partner, its % share, partners) of one period's sums."""
    if total <= 0:
        return float("nan"), None, float("nan"), 0
    top = m.rank_order(names, sums)[0]
    return hhi(sums), names[top], float(sums[top] / total * 100), int((sums > 0).sum())


def sentence(country: str, side: str, c: Concentration | None, scope: str = "") -> str:
    """'Pakistan's imports are highly concentrated: HHI 0.67, China 81% (2020–24).';
    `scope` (' (Aircraft)') follows the flow where categories are chosen."""
    if c is None:
        return ""
    flow = "imports" if side == "imports" else "exports"
    owner = f"{with_article(country, start=True)}'s {flow}{scope}"
    how = {"highly": "are highly concentrated", "moderately": "are moderately concentrated",
           "not": "are not concentrated"}[level(c.hhi)]
    main = f"{with_article(c.main)} {percent(c.main_share)}"
    if c.partners == 1:
        main = f"{with_article(c.main)} only"
    return (f"{owner} {how}: HHI {c.hhi:.2f}, {main} "
            f"({m.period_label(*c.period)}).")
