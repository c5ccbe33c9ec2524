"""Register search across a release's deals: the words of each alternative must all be
in a deal's text (designation with the weapon's aliases, description, category, supplier
and recipient by any spelling, status, comments), folded and matched by the project's one
rule (`dashboard.compute.matching`: case, accents, punctuation, other spellings, word
starts); then the filters: parties, categories, statuses, years, licence or local
production.

A deal is in the years when SIPRI lists a delivery in them, or when it has no delivery
yet and was ordered in them (an open order). Licence or local production: the deals
table's `local_production` (SIPRI's `Local production` flag where the register by
delivery year gives it, else derived from the comments by the ETL's rules; its
`local_production_source` says which); a deal where neither tells is in neither filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.compute import matching
from dashboard.compute.deals import NAMED_FIELDS, SEARCH_FIELDS

TEXT_COLUMNS = SEARCH_FIELDS  # the deal grid's search reads the same fields
NAMED = NAMED_FIELDS


@dataclass(frozen=True)
class ReleaseIndex:
    """One release's deals prepared for search (made once per build)."""

    deals: pd.DataFrame  # the release's rows of the deals table, index 0..n-1
    words: matching.WordIndex  # the folded words of each deal
    year_row: np.ndarray  # (deal row, delivery year) pairs
    year: np.ndarray
    local: np.ndarray  # produced (partly) in the recipient
    not_local: np.ndarray  # known not to be (neither: not known)
    rank: np.ndarray  # each deal's place in the display order (`display_order`)


def release_index(deals: pd.DataFrame, hay: pd.Series) -> ReleaseIndex:
    """The index of one release's deals (rows of the deals table)."""
    deals = deals.reset_index(drop=True)
    lengths = np.array([len(y) if y is not None else 0 for y in deals["delivery_years"]],
                       dtype=np.int64)
    years = (np.concatenate([np.asarray(y, dtype=np.int64) for y in deals["delivery_years"]
                             if y is not None and len(y)])
             if lengths.sum() else np.zeros(0, dtype=np.int64))
    flag = deals["local_production"].astype("boolean")
    local = flag.fillna(False).to_numpy(dtype=bool)
    not_local = (~flag).fillna(False).to_numpy(dtype=bool)
    rank = np.empty(len(deals), dtype=np.int64)
    rank[display_order(deals)] = np.arange(len(deals))
    return ReleaseIndex(deals, matching.word_index(hay.reset_index(drop=True)),
                        np.repeat(np.arange(len(deals)), lengths), years, local, not_local,
                        rank)


def local_text(local: np.ndarray, not_local: np.ndarray, source: pd.Series) -> np.ndarray:
    """'yes (SIPRI)', 'yes (comments)', 'no' or '' (not known) per deal."""
    how = np.where(source.fillna("").to_numpy(dtype=str) == "sipri", " (SIPRI)",
                   " (comments)")
    return np.where(local, np.char.add("yes", how), np.where(not_local, "no", ""))


def text_mask(found: matching.WordIndex, terms: Sequence[str]) -> np.ndarray:
    """Deals holding every word of at least one alternative (all deals if none)."""
    if not terms:
        return np.ones(found.size, dtype=bool)
    mask = np.zeros(found.size, dtype=bool)
    for term in terms:
        mask |= found.contains_all(term)
    return mask


def years_mask(index: ReleaseIndex, start: int, end: int) -> np.ndarray:
    """Deals with a delivery in start..end, or undelivered and ordered in start..end."""
    n = len(index.deals)
    inside = (index.year >= start) & (index.year <= end)
    delivered = np.bincount(index.year_row[inside], minlength=n) > 0
    none_yet = np.bincount(index.year_row, minlength=n) == 0
    order = index.deals["order_year"].to_numpy(dtype=float)
    ordered = none_yet & (order >= start) & (order <= end)
    return delivered | ordered


def matches(index: ReleaseIndex, terms: Sequence[str], suppliers: Sequence[str],
            recipients: Sequence[str], categories: Sequence[str], statuses: Sequence[str],
            years: tuple[int, int] | None, local: str) -> np.ndarray:
    """Row positions of the deals matching the search and every filter."""
    deals = index.deals
    mask = text_mask(index.words, terms)
    if suppliers:
        mask &= deals["supplier"].isin(list(suppliers)).to_numpy(dtype=bool)
    if recipients:
        mask &= deals["recipient"].isin(list(recipients)).to_numpy(dtype=bool)
    if categories:
        mask &= deals["category"].isin(list(categories)).to_numpy(dtype=bool)
    if statuses:
        mask &= deals["status"].str.lower().isin(list(statuses)).to_numpy(dtype=bool)
    if years is not None:
        mask &= years_mask(index, *years)
    if local != "any":
        mask &= index.local if local == "yes" else index.not_local
    return np.flatnonzero(mask)


def display_order(deals: pd.DataFrame) -> np.ndarray:
    """Row positions by TIV delivered (largest first), then supplier, recipient,
    designation and deal id."""
    tiv = deals["tiv_delivered"].fillna(0).to_numpy(dtype=float)
    return np.lexsort((deals["deal_id"].to_numpy(), deals["designation"].to_numpy(dtype=str),
                       deals["recipient"].to_numpy(dtype=str),
                       deals["supplier"].to_numpy(dtype=str), -tiv))


def who(deals: pd.DataFrame) -> pd.DataFrame:
    """Per recipient: deals, TIV delivered and its suppliers; largest TIV first."""
    codes, recipients = pd.factorize(deals["recipient"].astype("str"))
    supplier_codes, suppliers = pd.factorize(deals["supplier"].astype("str"))
    tiv = np.nan_to_num(deals["tiv_delivered"].to_numpy(dtype=float))
    count = np.bincount(codes, minlength=len(recipients))
    total = np.bincount(codes, weights=tiv, minlength=len(recipients))
    width = max(len(suppliers), 1)
    pairs = np.unique(codes.astype(np.int64) * width + supplier_codes)
    supplier_names = [str(n) for n in suppliers]
    lists: list[list[str]] = [[] for _ in recipients]
    for pair in pairs.tolist():
        lists[pair // width].append(supplier_names[pair % width])
    names = np.asarray(recipients, dtype=str)
    order = np.lexsort((names, -count, -total))
    return pd.DataFrame({
        "recipient": pd.Series(names[order], dtype="str"), "deals": count[order],
        "tiv_delivered": total[order],
        "suppliers": pd.Series([", ".join(sorted(lists[i])) for i in order], dtype="str")})
