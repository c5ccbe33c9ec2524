"""The deal tables of one build, per release: split once, indexed by party, and the deals
behind recent queries memoised. The loaded `Dataset` owns one (`Dataset.deal_source`), so
every per-build value goes when the build is replaced."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd

from dashboard.compute import deals as d
from dashboard.compute import matching

T = TypeVar("T")
MEMO_SIZE = 512
ROWS_MEMO_SIZE = 32  # frames of whole views: fewer than the small values of `Memo`
NO_ROWS = np.zeros(0, dtype=np.int64)


class Memo:
    """A small bounded memo of values derived from read-only data (thread-safe; a race
    computes a value twice, never a wrong one)."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for key, made (once) by make()."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                found: T = self._items[key]
                return found
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value (benchmarks measure cold requests with it)."""
        with self._lock:
            self._items.clear()


@dataclass(frozen=True)
class PairIndex:
    """Row positions of one release's tables by party, made once per release, so a pair
    view slices its few rows instead of filtering the whole release."""

    deliveries: Mapping[tuple[str, str], np.ndarray]
    deals: Mapping[tuple[str, str], np.ndarray]
    flows_to: Mapping[str, np.ndarray]
    flows_from: Mapping[str, np.ndarray]
    open_known: bool


class DealSource(Protocol):
    """What the deal explorer needs from the loaded build."""

    build_id: str
    matcher: matching.Matcher | None

    def tables(self, release: str) -> d.ReleaseDeals: ...
    def rows(self, query: d.DealQuery) -> pd.DataFrame: ...
    def name(self, canonical: str) -> str: ...
    def source_line(self, release: str) -> str: ...
    def order_releases(self) -> list[str]: ...
    def has_release(self, release: str) -> bool: ...


def positions(frame: pd.DataFrame, keys: list[str]) -> dict[Any, np.ndarray]:
    """Row positions of each value (tuple for several keys) of `keys`."""
    if frame.empty:
        return {}
    groups = frame.groupby(keys if len(keys) > 1 else keys[0], sort=False,
                           observed=True).indices
    return {k: np.asarray(v, dtype=np.int64) for k, v in groups.items()}


class TablesSource:
    """A DealSource over a build's tables; each release is split, prepared and indexed on
    first use (a race only computes it twice), the deals of recent queries memoised."""

    def __init__(self, build_id: str, deliveries: pd.DataFrame, deals: pd.DataFrame,
                 display: Mapping[str, str], source_line: Callable[[str], str],
                 matcher: matching.Matcher | None = None) -> None:
        self.build_id = build_id
        self.matcher = matcher
        self._deliveries = deliveries
        self._deals = deals
        self._display = dict(display)
        self._source_line = source_line
        self._split: dict[str, d.ReleaseDeals] = {}
        self._indexes: dict[str, PairIndex] = {}
        self._rows = Memo(ROWS_MEMO_SIZE)
        self._orders = sorted(str(r) for r in deals.loc[deals["open"].notna(), "release"]
                              .unique())
        self._releases = frozenset(str(r) for r in deliveries["release"].unique()) | frozenset(
            str(r) for r in deals["release"].unique())

    def tables(self, release: str) -> d.ReleaseDeals:
        """One release's tables (computed once)."""
        found = self._split.get(release)
        if found is None:
            found = d.split_release(self._deliveries, self._deals, release)
            shown = found.deals.assign(  # the grid shows display names (e.g. Türkiye)
                supplier=found.deals["supplier"].map(self.name),
                recipient=found.deals["recipient"].map(self.name))
            found = replace(found, deals=shown)
            self._split[release] = found
        return found

    def index(self, release: str) -> PairIndex:
        """The PairIndex of a release (made once)."""
        found = self._indexes.get(release)
        if found is None:
            tables = self.tables(release)
            pair = ["supplier", "recipient"]
            found = PairIndex(
                deliveries=positions(tables.deliveries, pair),
                deals=positions(tables.raw_deals, pair),
                flows_to=positions(tables.flows, ["recipient"]),
                flows_from=positions(tables.flows, ["supplier"]),
                open_known=d.has_order_data(tables.raw_deals, release))
            self._indexes[release] = found
        return found

    def pair_rows(self, release: str, supplier: str, recipient: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The deliveries and deals rows of one supplier and recipient in a release."""
        tables, index = self.tables(release), self.index(release)
        pair = (supplier, recipient)
        return (tables.deliveries.iloc[index.deliveries.get(pair, NO_ROWS)],
                tables.raw_deals.iloc[index.deals.get(pair, NO_ROWS)])

    def first_year(self, release: str, supplier: str, recipient: str) -> int | None:
        """The year the pair is first active in a release (its first delivery or order),
        or None where it has neither."""
        deliveries, deals = self.pair_rows(release, supplier, recipient)
        years = [*deliveries["year"].dropna().tolist(), *deals["order_year"].dropna().tolist()]
        return int(min(years)) if years else None

    def flows_to(self, release: str, recipient: str) -> pd.DataFrame:
        """The release's yearly flows into a recipient."""
        return self.tables(release).flows.iloc[
            self.index(release).flows_to.get(recipient, NO_ROWS)]

    def flows_from(self, release: str, supplier: str) -> pd.DataFrame:
        """The release's yearly flows out of a supplier."""
        return self.tables(release).flows.iloc[
            self.index(release).flows_from.get(supplier, NO_ROWS)]

    def rows(self, query: d.DealQuery) -> pd.DataFrame:
        """The deals behind a query (memoised; frames are read-only)."""
        def make() -> pd.DataFrame:
            tables = self.tables(query.release)
            return d.deals_in_view(tables.deliveries, tables.deals, query, self.matcher)
        return self._rows.get(query, make)

    def forget(self) -> None:
        """Forget the memoised rows (benchmarks measure cold calls with it)."""
        self._rows.clear()

    def name(self, canonical: str) -> str:
        """The display name of an entity."""
        return self._display.get(canonical, canonical)

    def source_line(self, release: str) -> str:
        """The source line naming the release."""
        return self._source_line(release)

    def order_releases(self) -> list[str]:
        """Releases whose deals say which are open (those with order data)."""
        return list(self._orders)

    def has_release(self, release: str) -> bool:
        """Whether the build holds the release's deals or deliveries."""
        return release in self._releases
