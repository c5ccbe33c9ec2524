"""From a Dataset and a SearchView to the /search view: the matching deals of a release
(display names, SIPRI's fields), who bought them, the summary line and the CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.charts.country import years_text
from dashboard.compute import export
from dashboard.compute import search as sr
from dashboard.compute.export import slug
from dashboard.data import Dataset
from dashboard.state import pairstate as ps
from dashboard.state.searchstate import SearchView

SHOWN_ROWS = 200
MAX_NAME = 120  # characters of a CSV's file name that name the search and its filters
LOCAL_WORDS = {"yes": "under licence or local production only",
               "no": "no licence or local production"}
NOTHING_ASKED = ("Type a search (e.g. TB2, Akıncı, Anka) or pick a filter: every deal of "
                 "the release is searched.")
COLUMNS = {"deal_id": "SIPRI deal id", "supplier": "supplier", "recipient": "recipient",
           "designation": "designation", "description": "description",
           "category": "category", "order_year": "order year",
           "number_ordered": "ordered", "number_delivered": "delivered",
           "delivery_years": "years of delivery", "status": "status",
           "tiv_delivered": "TIV delivered (millions)", "local": "licence/local",
           "comments": "comments"}


@dataclass(frozen=True)
class SearchResult:
    """The deals found (SIPRI's fields, display names), who bought them, the summary."""

    deals: pd.DataFrame
    who: pd.DataFrame
    summary: str


def index(ds: Dataset, release: str) -> sr.ReleaseIndex:
    """The search index of a release (made once per build)."""
    def make() -> sr.ReleaseIndex:
        deals = ds.deals[ds.deals["release"] == release]
        hay = ds.matcher.haystack(deals, sr.TEXT_COLUMNS, sr.NAMED)
        return sr.release_index(deals, hay)

    return ds.static.get(("search-index", release), make)


def _mark(value: object, uncertain: object) -> str:
    """A number or year with SIPRI's '?' where it is uncertain; '' where unknown."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = f"{value:.0f}" if isinstance(value, float | int) else str(value)
    return f"{text} ?" if uncertain is True else text


def table(ds: Dataset, release: str) -> pd.DataFrame:
    """Every deal of a release in SIPRI's fields (display names, '?' marks), in the
    display order, largest TIV delivered first (made once per build)."""
    def make() -> pd.DataFrame:
        idx = index(ds, release)
        deals = idx.deals.iloc[sr.display_order(idx.deals)]
        rows = deals.index.to_numpy()
        return pd.DataFrame({
            "deal_id": deals["deal_id"].to_numpy(),
            "supplier": deals["supplier"].map(ds.name).to_numpy(),
            "recipient": deals["recipient"].map(ds.name).to_numpy(),
            "designation": deals["designation"].to_numpy(),
            "description": deals["description"].to_numpy(),
            "category": deals["category"].to_numpy(),
            "order_year": _marked(deals, "order_year"),
            "number_ordered": _marked(deals, "number_ordered"),
            "number_delivered": _marked(deals, "number_delivered"),
            "delivery_years": ["; ".join(str(y) for y in (ys if ys is not None else []))
                               for ys in deals["delivery_years"]],
            "status": deals["status"].to_numpy(),
            "tiv_delivered": deals["tiv_delivered"].to_numpy(dtype=float),
            "local": sr.local_text(idx.local[rows], idx.not_local[rows],
                                deals["local_production_source"]),
            "comments": deals["comments"].fillna("").to_numpy(),
            "supplier_key": deals["supplier"].to_numpy(),
            "recipient_key": deals["recipient"].to_numpy()})

    return ds.static.get(("search-table", release), make)


def _no_deals() -> pd.DataFrame:
    """The shown columns with no rows (nothing asked yet)."""
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "tiv_delivered" else "str")
                         for c in [*COLUMNS, "supplier_key", "recipient_key"]})


def _marked(deals: pd.DataFrame, column: str) -> list[str]:
    """A number or year column with SIPRI's '?' where uncertain; '' where unknown."""
    return [_mark(v, u) for v, u in zip(deals[column], deals[f"{column}_uncertain"],
                                        strict=True)]


def search_result(ds: Dataset, view: SearchView) -> SearchResult:
    """The deals the view finds (memoised per view: page and CSV share it)."""
    return ds.memo.get(("search", view), lambda: _search_result(ds, view))


def _search_result(ds: Dataset, view: SearchView) -> SearchResult:
    s = view.scope
    first, last = ds.releases[s.release].first_year, ds.releases[s.release].last_year
    years = None if (s.start, s.end) == (first, last) else (s.start, s.end)
    if not (view.terms or view.suppliers or view.recipients or view.statuses
            or s.categories or years or view.local != "any"):
        empty = _no_deals()
        return SearchResult(empty, sr.who(empty), NOTHING_ASKED)
    idx = index(ds, s.release)
    rows = sr.matches(idx, view.terms, view.suppliers, view.recipients,
                      s.categories, view.statuses, years, view.local)
    deals = table(ds, s.release).iloc[np.sort(idx.rank[rows])]
    who = sr.who(deals)
    return SearchResult(deals, who, summary(view, deals, who, ds.name))


def _either(singular: str, plural: str, values: Sequence[str]) -> str:
    """'supplier Türkiye', 'suppliers China or Russia'."""
    return f"{singular if len(values) == 1 else plural} {' or '.join(values)}"


def filter_phrases(view: SearchView, name: Callable[[str], str]) -> list[str]:
    """Every filter the view applies besides the search and its years, in words, with
    display names: 'supplier Türkiye', 'recipients Pakistan or India', 'category Ships',
    'status second hand', 'under licence or local production only'."""
    parts = []
    if view.suppliers:
        parts.append(_either("supplier", "suppliers", [name(x) for x in view.suppliers]))
    if view.recipients:
        parts.append(_either("recipient", "recipients", [name(x) for x in view.recipients]))
    if view.scope.categories:
        parts.append(_either("category", "categories", view.scope.categories))
    if view.statuses:
        parts.append(_either("status", "statuses", view.statuses))
    if view.local != "any":
        parts.append(LOCAL_WORDS[view.local])
    return parts


def filter_values(view: SearchView, name: Callable[[str], str]) -> dict[str, str]:
    """Every filter of the view as the CSV's columns write it ('all' or 'any' where not
    used), with display names."""
    s = view.scope
    return {"filter_years": f"{s.start}-{s.end}",
            "filter_categories": "; ".join(s.categories) or "all",
            "filter_suppliers": "; ".join(name(x) for x in view.suppliers) or "all",
            "filter_recipients": "; ".join(name(x) for x in view.recipients) or "all",
            "filter_status": "; ".join(view.statuses) or "all",
            "filter_local": view.local}


def summary(view: SearchView, deals: pd.DataFrame, who: pd.DataFrame,
            name: Callable[[str], str] = str) -> str:
    """'7 deals match “TB2, Akıncı” (recipient Pakistan; category Aircraft) with deliveries
    (or orders) in 1995–2024 in SIPRI release 2026-02-12: 5 recipients, 123 TIV ...':
    the search and every filter (`name`: a party's display name)."""
    s = view.scope
    filters = filter_phrases(view, name)
    what = f"“{view.query}”" if view.query else "the filters"
    if filters:
        what += f" ({'; '.join(filters)})"
    years = f" with deliveries (or orders) in {years_text(s.start, s.end)}"
    if not len(deals):
        return f"No deal matches {what}{years} in SIPRI release {s.release}."
    tiv = float(np.nansum(deals["tiv_delivered"].to_numpy(dtype=float)))
    noun = "deal matches" if len(deals) == 1 else "deals match"
    return (f"{len(deals):,} {noun} {what}{years} in SIPRI release {s.release}: "
            f"{len(who)} recipient(s), {tiv:,.0f} TIV (millions) delivered.")


def pair_links(ds: Dataset, view: SearchView, suppliers: Sequence[str],
               recipients: Sequence[str], deals: Sequence[int]) -> list[str]:
    """Each deal's pair page (its supplier and recipient, the release's years), the deal
    highlighted in its grid; each pair's address is written once."""
    info = ds.releases[view.scope.release]
    window = min(ps.DEFAULT_WINDOW, info.last_year - info.first_year + 1)
    bases = {pair: "/pair" + ps.serialise(ps.PairView(
                 *pair, view.scope.release, info.first_year, info.last_year, window=window))
             for pair in dict.fromkeys(zip(suppliers, recipients, strict=True))}
    return [f"{bases[(s, r)]}&{urlencode([('deal', int(d))])}"
            for s, r, d in zip(suppliers, recipients, deals, strict=True)]


def csv_name(view: SearchView) -> str:
    """'search_TB2-Akinci-Anka_1995-2024_release-2026-02-12.csv', the filters after the
    search ('search_frigate_recipient-Pakistan_cat-Ships_1995-2024_...'), cut to a length
    a file system takes (the CSV's columns name every filter in full); 'all-deals' where
    neither is given."""
    s = view.scope
    parts = [slug(view.query)[:60]] if slug(view.query) else []
    parts += [f"{key}-{'-'.join(slug(v) for v in values)}" for key, values in (
        ("supplier", view.suppliers), ("recipient", view.recipients),
        ("cat", s.categories), ("status", view.statuses)) if values]
    if view.local != "any":
        parts.append(f"local-{view.local}")
    what = "_".join(parts) or "all-deals"
    if len(what) > MAX_NAME:
        what = what[:MAX_NAME].rstrip("-_") + "-etc"
    return f"search_{what}_{s.start}-{s.end}_release-{s.release}.csv"


def csv_text(ds: Dataset, view: SearchView) -> str:
    """Every deal found with SIPRI's fields, the search and filters in every row."""
    result = search_result(ds, view)
    s = view.scope
    out = result.deals.drop(columns=["supplier_key", "recipient_key"]).rename(
        columns={"tiv_delivered": "tiv_delivered_millions", "local": "licence_or_local"})
    out.insert(0, "search", view.query)
    out = out.assign(**filter_values(view, ds.name),
                     units="SIPRI TIV, millions (a volume, not money)", release=s.release)
    return export.csv_text(out)
