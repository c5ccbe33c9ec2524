"""A flow's link opens a valid pair view: the flow's release, categories and years, its
deal grid on the flow's years, nothing the pair page would have to replace."""

from __future__ import annotations

from typing import Any

from dashboard.charts import flows as fc
from dashboard.state import flowstate as fs
from dashboard.state import pairstate as ps


def test_a_flows_link_is_a_valid_pair_view(tiny_dataset: Any) -> None:
    view = fs.parse_search("?release=2026-02-12&years=2020-2022&cat=Aircraft",
                           tiny_dataset.choices).view
    href = fc.pair_href(tiny_dataset, view, "China", "Pakistan")
    path, _, search = href.partition("?")
    parsed = ps.parse_search(search, tiny_dataset.choices)
    assert path == "/pair" and parsed.notices == ()
    pair = parsed.view
    assert (pair.supplier, pair.recipient, pair.release) == ("China", "Pakistan", "2026-02-12")
    assert (pair.start, pair.end, pair.deals, pair.categories) == (
        2020, 2024, (2020, 2022), ("Aircraft",))
