"""The register search's links: each deal opens its pair page with the deal highlighted,
the same address the pair page's own serialiser writes."""

from __future__ import annotations

from typing import Any

from dashboard.charts import search as sc
from dashboard.state import pairstate as ps
from dashboard.state import searchstate as ss


def test_each_deal_links_its_pair_with_the_deal_highlighted(tiny_dataset: Any) -> None:
    view = ss.parse_search("?q=x&release=2026-05-18", tiny_dataset.choices).view
    suppliers, recipients, deals = ["China", "Turkiye", "China"], ["Pakistan"] * 3, [7, 8, 9]
    links = sc.pair_links(tiny_dataset, view, suppliers, recipients, deals)
    for link, s, r, d in zip(links, suppliers, recipients, deals, strict=True):
        path, _, search = link.partition("?")
        assert path == "/pair"
        wanted = ps.PairView(s, r, "2026-05-18", 2016, 2025, window=5, highlight=(d,))
        assert "?" + search == ps.serialise(wanted)
        assert ps.parse_search(search, tiny_dataset.choices).view == wanted
