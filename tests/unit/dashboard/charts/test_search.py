"""The register search's links: each deal opens its pair page with the deal highlighted,
the same address the pair page's own serialiser writes; its headline, CSV columns and CSV
name state every filter, on constructed combinations of them."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.charts import search as sc
from dashboard.state import pairstate as ps
from dashboard.state import scope as sps
from dashboard.state import searchstate as ss
from tests.unit.dashboard.state.viewchoices import CH


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


DISPLAY = {"Turkiye": "Türkiye"}
PARTIES = ["Turkiye", "Pakistan", "China", "Israel"]
NO_DEALS = pd.DataFrame({"tiv_delivered": pd.Series(dtype=float)})


def display(name: str) -> str:
    return DISPLAY.get(name, name)


@settings(max_examples=80, deadline=None)
@given(q=st.sampled_from(["", "TB2", "frigate, Anka"]),
       suppliers=st.lists(st.sampled_from(PARTIES), max_size=3, unique=True),
       recipients=st.lists(st.sampled_from(PARTIES), max_size=3, unique=True),
       cats=st.lists(st.sampled_from(CH.categories), max_size=2, unique=True),
       statuses=st.lists(st.sampled_from(ss.STATUSES[:2]), max_size=2, unique=True),
       local=st.sampled_from(ss.LOCAL), years=st.sampled_from(["", "2000-2010"]))
def test_the_headline_and_csv_name_every_filter_and_no_other(
        q: str, suppliers: list[str], recipients: list[str], cats: list[str],
        statuses: list[str], local: str, years: str) -> None:
    view = ss.parse({"q": q, "supplier": suppliers, "recipient": recipients, "cat": cats,
                     "status": statuses, "local": local, "years": years}, CH).view
    deals = pd.DataFrame({"tiv_delivered": [10.0, 2.5]})
    who = pd.DataFrame({"recipient": ["X"]})
    for text in (sc.summary(view, deals, who, display),
                 sc.summary(view, NO_DEALS, who, display)):
        named = text.split(" with deliveries")[0]  # the search and its filters
        for party, role in [*((p, "supplier") for p in suppliers),
                            *((p, "recipient") for p in recipients)]:
            assert display(party) in named and role in named, (party, text)
        for value in (*cats, *statuses):
            assert value in named, (value, text)
        assert (sc.LOCAL_WORDS.get(local, "") in named) if local != "any" else (
            "licence" not in named)
        for role, values in (("supplier", suppliers), ("recipient", recipients),
                             ("categor", cats), ("status", statuses)):
            assert (role in named) == bool(values), (role, text)
        assert ("“" in named) == bool(q) and (q in named)
        start, end = (2000, 2010) if years else (1995, 2024)
        assert f"with deliveries (or orders) in {start}–{end}" in text
        assert "in SIPRI release 2026-02-12" in text
    assert sc.summary(view, deals, who, display).startswith("2 deals match")
    values = sc.filter_values(view, display)
    assert values["filter_suppliers"] == ("; ".join(display(p) for p in suppliers) or "all")
    assert values["filter_recipients"] == ("; ".join(display(p) for p in recipients)
                                           or "all")
    assert values["filter_categories"] == ("; ".join(view.scope.categories) or "all")
    assert values["filter_status"] == ("; ".join(view.statuses) or "all")
    assert (values["filter_local"], values["filter_years"]) == (local, f"{start}-{end}")
    name = sc.csv_name(view)
    assert name.endswith(f"_{start}-{end}_release-2026-02-12.csv") and len(name) < 200
    if "-etc_" not in name:  # a long name is cut (test below); the columns hold all
        assert ("recipient-" in name) == bool(recipients) and ("cat-" in name) == bool(cats)
        assert ("local-" in name) == (local != "any")


def test_a_long_filter_list_cuts_the_file_name_not_the_columns() -> None:
    many = [f"Country {i}" for i in range(10)]
    view = ss.SearchView(sps.Scope("imports", "2026-02-12", 1995, 2024), "x" * 80,
                         tuple(many), tuple(many))
    name = sc.csv_name(view)
    assert len(name) <= len("search__1995-2024_release-2026-02-12.csv") + sc.MAX_NAME + 4
    assert "-etc_1995-2024" in name
    assert sc.filter_values(view, str)["filter_recipients"] == "; ".join(many)
