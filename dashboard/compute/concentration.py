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


# --- every country at once: main-partner shifts between two periods ---------------------


def period_partners(country: np.ndarray, partner: np.ndarray, year: np.ndarray,
                    tiv: np.ndarray, start: int, end: int) -> pd.DataFrame:
    """Each country's positive TIV by partner over start..end (codes as given)."""
    keep = (year >= start) & (year <= end)
    frame = pd.DataFrame({"country": country[keep], "partner": partner[keep],
                          "tiv": tiv[keep]})
    sums = frame.groupby(["country", "partner"], as_index=False, sort=True)["tiv"].sum()
    return sums[sums["tiv"] > 0].reset_index(drop=True)


def main_partners(sums: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Per country of `period_partners`: total TIV, HHI, main partner (largest, ties by
    name) and its % share."""
    if sums.empty:
        return pd.DataFrame({"country": pd.Series(dtype=np.int64), "tiv": [], "hhi": [],
                             "main": pd.Series(dtype=object), "share": []})
    total = sums.groupby("country")["tiv"].transform("sum")
    part = sums.assign(share=sums["tiv"] / total, name=[names[p] for p in sums["partner"]])
    hhi_of = (part["share"] ** 2).groupby(part["country"]).sum()
    top = part.sort_values(["country", "tiv", "name"], ascending=[True, False, True])
    top = top.drop_duplicates("country").set_index("country")
    return pd.DataFrame({"country": hhi_of.index.to_numpy(),
                         "tiv": sums.groupby("country")["tiv"].sum().to_numpy(),
                         "hhi": hhi_of.to_numpy(),
                         "main": top["name"].reindex(hhi_of.index).to_numpy(dtype=object),
                         "share": top["share"].reindex(hhi_of.index).to_numpy() * 100})


def largest_moves(now: pd.DataFrame, base: pd.DataFrame, names: tuple[str, ...]
                  ) -> pd.DataFrame:
    """Per country in both periods: the partner whose % share changed most (in points;
    a partner absent from a period has 0% there), ties by name."""
    def shares(sums: pd.DataFrame) -> pd.Series:
        total = sums.groupby("country")["tiv"].transform("sum")
        return (sums["tiv"] / total * 100).set_axis(
            pd.MultiIndex.from_arrays([sums["country"], sums["partner"]]))
    both = set(now["country"]) & set(base["country"])
    a, b = shares(now), shares(base)
    joined = pd.concat([a.rename("now"), b.rename("base")], axis=1).fillna(0.0)
    joined = joined[joined.index.get_level_values(0).isin(list(both))]
    if joined.empty:
        return pd.DataFrame({"country": pd.Series(dtype=np.int64),
                             "mover": pd.Series(dtype=object), "change_pp": []})
    joined = joined.assign(change_pp=joined["now"] - joined["base"]).reset_index()
    joined.columns = ["country", "partner", "now", "base", "change_pp"]
    joined["name"] = [names[p] for p in joined["partner"]]
    joined["size"] = joined["change_pp"].abs()
    top = joined.sort_values(["country", "size", "name"], ascending=[True, False, True])
    top = top.drop_duplicates("country")
    return pd.DataFrame({"country": top["country"].to_numpy(),
                         "mover": top["name"].to_numpy(dtype=object),
                         "change_pp": top["change_pp"].to_numpy()})


def shifts(now: pd.DataFrame, base: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Every country with deliveries in both periods: its main partner then and now (and
    whether it changed), HHI then and now, and its largest change in a partner's share."""
    a = main_partners(now, names)
    b = main_partners(base, names).add_suffix("_base").rename(
        columns={"country_base": "country"})
    out = a.merge(b, on="country", how="inner").merge(largest_moves(now, base, names),
                                                      on="country", how="left")
    return out.assign(changed=out["main"] != out["main_base"])
