"""The deals behind a view: selection, grid rows, open orders and pair metrics.

Pure functions over the `deliveries` and `deals` tables (see `etl.schema`). A view is a
`DealQuery`: release, suppliers and/or recipients (or everyone but some), a year range,
categories and free text. The TIV of a selection is always the sum of the `deliveries`
rows it covers, so the grid's total equals the chart value it was opened from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from dashboard.compute import matching
from dashboard.compute.metrics import grid_from_frame, rank_among, rolling_sums

OTHER = "Other"
WINDOW = 5
TIV_DECIMALS = 6
SEARCH_FIELDS = ("designation", "description", "comments", "supplier", "recipient",
                 "category", "status")
NAMED_FIELDS = ("supplier", "recipient", "designation")  # searched by any spelling too
PLAIN = matching.Matcher({})  # folding only, where no build's names are at hand
GRID_COLUMNS = (
    "deal_id", "supplier", "recipient", "designation", "description", "category",
    "number_ordered", "number_ordered_uncertain", "number_delivered",
    "number_delivered_uncertain", "order_year", "order_year_uncertain", "delivery_years",
    "years_in_view", "units_in_view", "status", "comments", "tiv_per_unit", "tiv_order",
    "tiv_delivered", "tiv_in_view", "tiv_estimated", "open", "local", "release",
)
LOCAL_FIELDS = ("local_production", "local_production_source")
FROM_COMMENTS = " (from SIPRI's comments)"


class DealQueryError(ValueError):
    """A deal query (from a URL or a store) is malformed; the message names the field."""


@dataclass(frozen=True)
class DealQuery:
    """Which deals a view shows: release, parties, years, categories and free text.

    Empty `suppliers`/`recipients` mean any; `exclude_*` remove parties (the "Other"
    bar is a country's partners minus the named ones). Years are inclusive; None is open.
    """

    release: str
    suppliers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    exclude_suppliers: tuple[str, ...] = ()
    exclude_recipients: tuple[str, ...] = ()
    first_year: int | None = None
    last_year: int | None = None
    categories: tuple[str, ...] = ()
    search: str = ""
    label: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for a dcc.Store)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def query_from_dict(data: Mapping[str, Any]) -> DealQuery:
    """Rebuild a DealQuery from `to_dict` output; raise DealQueryError naming a bad field."""
    if not isinstance(data, Mapping):
        raise DealQueryError("deal query: expected a mapping")
    release = data.get("release")
    if not isinstance(release, str) or not release:
        raise DealQueryError("deal query: 'release' must be a non-empty string")
    names: dict[str, tuple[str, ...]] = {}
    for key in ("suppliers", "recipients", "exclude_suppliers", "exclude_recipients",
                "categories"):
        value = data.get(key) or []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise DealQueryError(f"deal query: {key!r} must be a list of names")
        names[key] = tuple(value)
    years: dict[str, int | None] = {}
    for key in ("first_year", "last_year"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise DealQueryError(f"deal query: {key!r} must be a year or empty")
        years[key] = value
    search = data.get("search") or ""
    label = data.get("label") or ""
    if not isinstance(search, str) or not isinstance(label, str):
        raise DealQueryError("deal query: 'search' and 'label' must be text")
    return DealQuery(
        release=release, suppliers=names["suppliers"], recipients=names["recipients"],
        exclude_suppliers=names["exclude_suppliers"],
        exclude_recipients=names["exclude_recipients"], first_year=years["first_year"],
        last_year=years["last_year"], categories=names["categories"], search=search,
        label=label)


def country_query(release: str, country: str, side: str, years: tuple[int, int] | None = None,
                  categories: Sequence[str] = ()) -> DealQuery:
    """The deals of one country's imports (as recipient) or exports (as supplier)."""
    if side not in ("imports", "exports"):
        raise DealQueryError(f"side must be 'imports' or 'exports', not {side!r}")
    first, last = years if years else (None, None)
    party = {"recipients": (country,)} if side == "imports" else {"suppliers": (country,)}
    return DealQuery(release=release, first_year=first, last_year=last,
                     categories=tuple(categories), **party)  # type: ignore[arg-type]


def pair_query(release: str, supplier: str, recipient: str,
               years: tuple[int, int] | None = None, categories: Sequence[str] = ()) -> DealQuery:
    """The deals from one supplier to one recipient."""
    first, last = years if years else (None, None)
    return DealQuery(release=release, suppliers=(supplier,), recipients=(recipient,),
                     first_year=first, last_year=last, categories=tuple(categories))


def bar_query(view: DealQuery, side: str, year: int, partner: str,
              shown_partners: Iterable[str] = (), other_label: str = OTHER) -> DealQuery:
    """Narrow a country view to one clicked bar: a year and a partner, or 'Other'.

    'Other' is every partner except the named ones shown beside it (`shown_partners`).
    """
    if side not in ("imports", "exports"):
        raise DealQueryError(f"side must be 'imports' or 'exports', not {side!r}")
    partner_key = "suppliers" if side == "imports" else "recipients"
    if partner == other_label:
        named = tuple(sorted(p for p in shown_partners if p != other_label))
        changes: dict[str, Any] = {f"exclude_{partner_key}": named}
    else:
        changes = {partner_key: (partner,)}
    return replace(view, first_year=year, last_year=year, **changes)


def _mask(df: pd.DataFrame, q: DealQuery, year_col: str | None) -> np.ndarray:
    """Rows of a deliveries- or deals-shaped frame that match the query's parties."""
    m = (df["release"] == q.release).to_numpy()
    if q.suppliers:
        m = m & df["supplier"].isin(q.suppliers).to_numpy()
    if q.recipients:
        m = m & df["recipient"].isin(q.recipients).to_numpy()
    if q.exclude_suppliers:
        m = m & ~df["supplier"].isin(q.exclude_suppliers).to_numpy()
    if q.exclude_recipients:
        m = m & ~df["recipient"].isin(q.exclude_recipients).to_numpy()
    if q.categories:
        m = m & df["category"].isin(q.categories).to_numpy()
    if year_col is not None:
        years = df[year_col]
        if q.first_year is not None:
            m = m & (years >= q.first_year).to_numpy()
        if q.last_year is not None:
            m = m & (years <= q.last_year).to_numpy()
    return m


def select_deliveries(deliveries: pd.DataFrame, q: DealQuery,
                      columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The deliveries rows (deal × year) a query covers; free text is not applied here."""
    mask = _mask(deliveries, q, "year")
    return deliveries.loc[mask, list(columns)] if columns else deliveries.loc[mask]


def total_tiv(deliveries: pd.DataFrame, q: DealQuery) -> float:
    """TIV delivered in the view (millions), the sum a chart of the same view shows."""
    return round(float(select_deliveries(deliveries, q)["tiv"].sum()), TIV_DECIMALS)


def prepare_deals(deals: pd.DataFrame, release: str | None = None) -> pd.DataFrame:
    """Deals with their delivery years as text.

    Given a release, only its deals, indexed by deal_id: the fast input of `deals_in_view`.
    """
    if release is not None:
        deals = release_rows(deals, release).set_index("deal_id")
    out = deals.copy(deep=False)  # new columns only; the rest is shared (copy-on-write)
    out["delivery_years_text"] = [_years_text(ys) for ys in deals["delivery_years"]]
    return out


def _release_deals(deals: pd.DataFrame, release: str) -> pd.DataFrame:
    """One release's deals indexed by deal_id (as given, if `prepare_deals` did it)."""
    if deals.index.name == "deal_id":
        return deals
    return deals.loc[(deals["release"] == release).to_numpy()].set_index("deal_id")


DETAIL_FIELDS = ("supplier", "recipient", "designation", "description", "category", "status",
                 "order_year")


def deals_in_view(deliveries: pd.DataFrame, deals: pd.DataFrame, q: DealQuery,
                  matcher: matching.Matcher | None = None) -> pd.DataFrame:
    """One row per deal with deliveries in the view, SIPRI's deal fields and TIV in view.

    `tiv_in_view` sums the deal's deliveries rows in the view, so the column's total
    equals the view's chart value. `deals` is the deals table, or (faster) one release's
    deals from `prepare_deals(deals, release)`. The free text is matched by `matcher`
    (the build's spellings and weapon aliases; folding only without one).
    """
    rows = select_deliveries(deliveries, q, ["deal_id", "year", "tiv", "units",
                                             "tiv_estimated"])
    grouped = rows.groupby("deal_id", sort=False)
    agg = pd.DataFrame({
        "tiv_in_view": grouped["tiv"].sum(),
        "units_in_view": grouped["units"].sum().where(grouped["units"].count() > 0),
        "first_in_view": grouped["year"].min(),
        "last_in_view": grouped["year"].max(),
        "tiv_estimated": grouped["tiv_estimated"].any(),
    })
    agg.index.name = "deal_id"
    agg = agg.reset_index().sort_values(["tiv_in_view", "deal_id"], ascending=[False, True],
                                        ignore_index=True)
    agg["years_in_view"] = _year_span_text(agg["first_in_view"], agg["last_in_view"])
    detail = _release_deals(deals, q.release)
    if matching.words(q.search):
        detail = _search(detail.loc[detail.index.intersection(pd.Index(agg["deal_id"]))], q.search,
                         matcher)
        agg = agg.loc[agg["deal_id"].isin(detail.index).to_numpy()]
    wanted = [c for c in (*GRID_COLUMNS, "delivery_years_text", *LOCAL_FIELDS)
              if c in detail.columns and c not in agg.columns and c != "release"]
    out = agg.join(detail[wanted], on="deal_id")
    unknown = pd.Series(pd.NA, index=out.index, dtype="object")
    out["local"] = local_text(out.get("local_production", unknown),
                              out.get("local_production_source", unknown))
    missing = out["designation"].isna()
    if missing.any():  # a delivery without its deal row: take the fields the row carries
        own = select_deliveries(deliveries, q).groupby("deal_id")[list(DETAIL_FIELDS)].first()
        for col in DETAIL_FIELDS:
            out.loc[missing, col] = out.loc[missing, "deal_id"].map(own[col])
        out = _search(out, q.search, matcher)
    out["release"] = q.release
    if "delivery_years_text" in out:
        out["delivery_years"] = out["delivery_years_text"].fillna("")
    else:
        out["delivery_years"] = [_years_text(ys) for ys in out["delivery_years"]]
    return out[list(GRID_COLUMNS)].reset_index(drop=True)


def local_text(flag: pd.Series, source: pd.Series) -> list[str]:
    """The deal grid's local-production cell: 'yes' or 'no', marked where derived from
    SIPRI's comments; '' where unknown."""
    out = []
    for value, where in zip(flag.astype("boolean").tolist(), source.tolist(), strict=True):
        if value is None or value is pd.NA:
            out.append("")
        else:
            out.append(("yes" if value else "no") + (FROM_COMMENTS if where == "comments"
                                                       else ""))
    return out


def _years_text(years: object) -> str:
    """SIPRI's way of listing delivery years: '2022; 2023; 2024'."""
    if isinstance(years, list | tuple | np.ndarray):
        return "; ".join(str(int(y)) for y in years)
    return ""


def _year_span_text(first: pd.Series, last: pd.Series) -> pd.Series:
    """'2023' or '2022–2024' for each pair of years."""
    a = first.astype("int64").astype(str).to_numpy(dtype=object)
    b = last.astype("int64").astype(str).to_numpy(dtype=object)
    same = (first.to_numpy() == last.to_numpy())
    return pd.Series(np.where(same, a, a + "–" + b), index=first.index, dtype=object)


def _search(df: pd.DataFrame, text: str, matcher: matching.Matcher | None = None
            ) -> pd.DataFrame:
    """Rows whose text fields hold every word of `text`, by the matcher's rule (parties
    and systems by any of their spellings)."""
    if not matching.words(text) or df.empty:
        return df
    hay = (matcher or PLAIN).haystack(df, SEARCH_FIELDS, NAMED_FIELDS)
    return df.loc[matching.contains_all(hay, text)]


@dataclass(frozen=True)
class ReleaseDeals:
    """One release's deliveries and its prepared deals (indexed by deal_id), split once."""

    release: str
    deliveries: pd.DataFrame
    deals: pd.DataFrame
    raw_deals: pd.DataFrame
    flows: pd.DataFrame  # release, supplier, recipient, year, tiv: summed over deals


def release_rows(frame: pd.DataFrame, release: str) -> pd.DataFrame:
    """One release's rows, renumbered from 0: a slice sharing the frame's memory where
    the release's rows are contiguous (tables are stored sorted by release), else a copy."""
    positions = np.flatnonzero((frame["release"] == release).to_numpy())
    if len(positions) and positions[-1] - positions[0] + 1 == len(positions):
        rows = frame.iloc[int(positions[0]):int(positions[-1]) + 1]
    else:
        rows = frame.iloc[positions]
    return rows.reset_index(drop=True)


def split_release(deliveries: pd.DataFrame, deals: pd.DataFrame, release: str
                  ) -> ReleaseDeals:
    """The tables of one release, ready for fast selections."""
    dl = release_rows(deliveries, release)
    raw = release_rows(deals, release)
    return ReleaseDeals(release, dl, prepare_deals(raw, release), raw, pair_flows(dl))


def pair_flows(deliveries: pd.DataFrame) -> pd.DataFrame:
    """TIV per release, supplier, recipient and year: the input of the pair metrics."""
    keys = ["release", "supplier", "recipient", "year"]
    return deliveries.groupby(keys, sort=False)["tiv"].sum().reset_index()


def grid_total(rows: pd.DataFrame) -> float:
    """The TIV total of grid rows (millions), rounded like `total_tiv`."""
    return round(float(rows["tiv_in_view"].sum()), TIV_DECIMALS)


# --- open orders -------------------------------------------------------------------------


def has_order_data(deals: pd.DataFrame, release: str) -> bool:
    """True where the release says which deals are open (classic registers carry orders)."""
    return bool(deals.loc[deals["release"] == release, "open"].notna().any())


def open_orders(deals: pd.DataFrame, q: DealQuery,
                matcher: matching.Matcher | None = None) -> pd.DataFrame:
    """Open deals (ordered, not or not fully delivered) of the view's parties and categories.

    Years do not restrict the pipeline: it is what is on order as of the release.
    `units_to_come` and `tiv_to_come` are empty where SIPRI gives no number ordered.
    """
    q_all_years = replace(q, first_year=None, last_year=None)
    m = _mask(deals, q_all_years, None) & deals["open"].fillna(False).astype(bool).to_numpy()
    out = deals.loc[m].copy()
    ordered_known = out["number_ordered"].notna()
    units = (out["number_ordered"] - out["number_delivered"].fillna(0)).clip(lower=0)
    out["units_to_come"] = units.where(ordered_known)
    tiv = (out["tiv_order"] - out["tiv_delivered"].fillna(0)).clip(lower=0)
    out["tiv_to_come"] = tiv.where(ordered_known & out["tiv_order"].notna())
    out = _search(out, q.search, matcher)
    return out.sort_values(["tiv_to_come", "order_year", "deal_id"],
                           ascending=[False, False, True], na_position="last",
                           ignore_index=True)


@dataclass(frozen=True)
class Pipeline:
    """What is on order: open deals, units and TIV still to come."""

    deals: int
    units_to_come: float
    tiv_to_come: float
    deals_without_size: int

    def sentence(self) -> str:
        """One line of text, e.g. '3 open orders: 14 units and 512.0 TIV still to come'."""
        if self.deals == 0:
            return "No open orders in this release."
        noun = "open order" if self.deals == 1 else "open orders"
        text = (f"{self.deals} {noun}: {_fmt_units(self.units_to_come)} units and "
                f"{self.tiv_to_come:,.1f} million TIV still to come")
        if self.deals_without_size:
            text += (f" (plus {self.deals_without_size} deal(s) whose number ordered "
                     "SIPRI does not give)")
        return text + "."


def _fmt_units(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def pipeline(open_df: pd.DataFrame) -> Pipeline:
    """Totals of `open_orders` output; deals without a number ordered are counted apart."""
    sized = open_df["units_to_come"].notna()
    return Pipeline(
        deals=len(open_df),
        units_to_come=float(open_df.loc[sized, "units_to_come"].sum()),
        tiv_to_come=round(float(open_df["tiv_to_come"].sum()), TIV_DECIMALS),
        deals_without_size=int((~sized).sum()),
    )



def _rolling_by(rows: pd.DataFrame, by: str, first_year: int, last_year: int, window: int
                ) -> tuple[list[str], np.ndarray]:
    """(names of `by`, their rolling `window`-year TIV sums over first..last)."""
    grid = grid_from_frame(rows, by)
    tiv, _ = grid.span(first_year, last_year)
    return list(grid.names), rolling_sums(tiv, window)


def pair_share(deliveries: pd.DataFrame, release: str, supplier: str, recipient: str,
               first_year: int, last_year: int, window: int = WINDOW) -> pd.DataFrame:
    """Supplier's share of the recipient's imports on rolling `window`-year sums.

    One row per complete window inside the release's years [first_year, last_year]:
    columns year (window end), period ('2020–2024'), pair_tiv, recipient_tiv, share_pct
    (empty where the recipient imported nothing in the window).
    """
    rel = deliveries.loc[(deliveries["release"] == release).to_numpy()
                         & (deliveries["recipient"] == recipient).to_numpy()]
    names, sums = _rolling_by(rel, "supplier", first_year, last_year, window)
    total = sums.sum(axis=0)
    pair = sums[names.index(supplier)] if supplier in names else np.zeros(sums.shape[1])
    ends = np.arange(first_year + window - 1, first_year + window - 1 + sums.shape[1])
    out = pd.DataFrame({"year": ends.astype(int), "pair_tiv": pair, "recipient_tiv": total})
    out.insert(1, "period", _periods(out["year"], window))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_pct"] = np.where(total > 0, pair / np.where(total > 0, total, 1) * 100,
                                    np.nan)
    return out


def _periods(ends: pd.Series, window: int) -> list[str]:
    return [f"{int(y) - window + 1}–{int(y)}" for y in ends]


def recipient_rank(deliveries: pd.DataFrame, release: str, supplier: str, recipient: str,
                   first_year: int, last_year: int, window: int = WINDOW) -> pd.DataFrame:
    """The recipient's rank among the supplier's markets on rolling `window`-year sums.

    One row per complete window: year, period, rank (1 = largest; ties share the best
    rank; empty where the recipient received nothing), markets (recipients with TIV > 0).
    """
    rows = deliveries.loc[(deliveries["release"] == release).to_numpy()
                          & (deliveries["supplier"] == supplier).to_numpy()]
    names, sums = _rolling_by(rows, "recipient", first_year, last_year, window)
    mine = sums[names.index(recipient)] if recipient in names else np.zeros(sums.shape[1])
    rivals = [i for i, name in enumerate(names) if name != recipient]
    ends = np.arange(first_year + window - 1, first_year + window - 1 + sums.shape[1])
    out = pd.DataFrame({
        "year": ends.astype(int),
        "rank": rank_among(sums[rivals], mine),
        "markets": (sums > 0).sum(axis=0).astype(np.int64),
        "pair_tiv": mine,
    })
    out.insert(1, "period", _periods(out["year"], window))
    return out.reset_index(drop=True)


# --- pair charts' data -------------------------------------------------------------------


def by_year_and_category(deliveries: pd.DataFrame, q: DealQuery) -> pd.DataFrame:
    """TIV per delivery year and category for the view (long form: year, category, tiv)."""
    rows = select_deliveries(deliveries, q)
    out = rows.groupby(["year", "category"])["tiv"].sum().reset_index()
    return out.sort_values(["year", "category"], ignore_index=True)


def timeline(deliveries: pd.DataFrame, deals: pd.DataFrame, q: DealQuery,
             limit: int = 40) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The deals of a view for a timeline: (deals, delivery points, number of deals in all).

    Deals with deliveries in the view plus the open orders of its parties, largest TIV
    first, at most `limit`. Points are (deal_id, year, tiv) delivery rows in the view.
    """
    points = select_deliveries(deliveries, q, ["deal_id", "year", "tiv"])
    delivered_ids = set(points["deal_id"].tolist())
    opened = open_orders(deals, q) if has_order_data(deals, q.release) else deals.iloc[0:0]
    ids = delivered_ids | set(opened["deal_id"].tolist())
    rel = deals.loc[(deals["release"] == q.release).to_numpy()
                    & deals["deal_id"].isin(ids).to_numpy()].copy()
    in_view = points.groupby("deal_id")["tiv"].sum()
    rel["tiv_in_view"] = rel["deal_id"].map(in_view).fillna(0.0)
    rel["size_tiv"] = np.maximum(rel["tiv_in_view"], rel["tiv_order"].fillna(0.0))
    rel["last_year"] = [max(ys) if ys is not None and len(ys) else None
                        for ys in rel["delivery_years"]]
    rel["is_open"] = rel["open"].fillna(False).astype(bool)
    rel = rel.sort_values(["size_tiv", "deal_id"], ascending=[False, True])
    n_all = len(rel)
    shown = rel.head(limit).sort_values(["order_year", "deal_id"], na_position="first",
                                        ignore_index=True)
    keep = points.loc[points["deal_id"].isin(shown["deal_id"])].reset_index(drop=True)
    return shown, keep, n_all
