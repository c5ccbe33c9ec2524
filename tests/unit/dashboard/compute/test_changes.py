"""Release-to-release changes on tiny inline tables (invented rows)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard.compute import changes as ch

OLD = ch.ReleaseFacts("2024-04-13", 2010, 2023)
NEW = ch.ReleaseFacts("2026-02-12", 2012, 2024)


def delivery(release: str, deal: int, year: int, tiv: float, supplier: str = "China",
             recipient: str = "Pakistan", units: float | None = 1.0,
             category: str = "Aircraft") -> dict[str, Any]:
    return {"release": release, "deal_id": deal, "supplier": supplier, "recipient": recipient,
            "year": year, "units": units, "tiv": tiv, "category": category,
            "designation": f"D{deal}", "description": "x", "status": "New",
            "order_year": 2010, "tiv_estimated": False}


def deal(release: str, deal_id: int, supplier: str = "China", recipient: str = "Pakistan",
         **kw: Any) -> dict[str, Any]:
    row = {"release": release, "deal_id": deal_id, "supplier": supplier,
           "recipient": recipient, "order_year": 2010, "number_ordered": np.nan,
           "designation": f"D{deal_id}", "description": "x", "category": "Aircraft",
           "status": "New", "tiv_per_unit": 10.0, "number_delivered": 1.0,
           "delivery_years": [2015]}
    row.update(kw)
    return row


def frames(deliveries: list[dict[str, Any]], deals: list[dict[str, Any]]
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(deliveries), pd.DataFrame(deals)


def test_spans_are_sipri_periods_inside_the_years_then_each_year() -> None:
    assert ch.spans(1995, 2023)[:5] == [(2015, 2019), (2010, 2014), (2005, 2009),
                                        (2000, 2004), (1995, 1999)]
    assert ch.spans(1995, 2023)[5] == (2023, 2023)
    assert len(ch.spans(1995, 2023)) == 5 + 29
    assert ch.spans(2000, 2001) == [(2001, 2001), (2000, 2000)]  # no whole period
    assert ch.spans(2016, 2024)[0] == (2020, 2024)


def test_common_years_and_none() -> None:
    assert ch.common_years(OLD, NEW) == (2012, 2023)
    apart = ch.ReleaseFacts("x", 1990, 1999)
    assert ch.common_years(apart, NEW) is None
    with pytest.raises(ValueError, match="share no year"):
        ch.compare(*frames([], []), apart, NEW)


def test_added_removed_revised_with_old_and_new_values() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames(
        [delivery(o, 1, 2015, 10.0), delivery(o, 2, 2016, 5.0), delivery(o, 4, 2017, 3.0),
         delivery(n, 1, 2015, 12.0, units=2.0), delivery(n, 3, 2018, 7.5),
         delivery(n, 4, 2017, 3.0)],
        [deal(o, 1), deal(o, 2), deal(o, 4), deal(n, 1, tiv_per_unit=6.0),
         deal(n, 3), deal(n, 4)])
    c = ch.compare(dl, de, OLD, NEW)
    kinds = dict(zip(c.deals["deal_id"], c.deals["kind"], strict=True))
    assert kinds == {1: "revised", 2: "removed", 3: "added"}  # deal 4 is unchanged
    one = c.fields[c.fields["deal_id"] == 1].set_index("field")
    assert one.loc["tiv_delivered", "old"] == "10" and one.loc["tiv_delivered", "new"] == "12"
    assert one.loc["number_delivered", "old"] == "1" and one.loc["number_delivered", "new"] == "2"
    assert one.loc["tiv_per_unit", "old"] == "10" and one.loc["tiv_per_unit", "new"] == "6"
    row = c.deals.set_index("deal_id").loc[1]
    assert (row["old"], row["new"], row["change"]) == (10.0, 12.0, 2.0)
    assert c.counts["with_id"]["revised"] == 1 and c.counts["with_id"]["added"] == 1


def test_only_common_years_are_compared() -> None:
    o, n = OLD.release, NEW.release
    # 2010 is only in the old release, 2024 only in the new one: neither counts
    dl, de = frames([delivery(o, 1, 2010, 50.0), delivery(o, 1, 2015, 10.0),
                     delivery(n, 1, 2015, 10.0), delivery(n, 1, 2024, 80.0)],
                    [deal(o, 1, delivery_years=[2010, 2015]),
                     deal(n, 1, delivery_years=[2015, 2024])])
    c = ch.compare(dl, de, OLD, NEW)
    assert c.deals.empty
    assert (c.first, c.last) == (2012, 2023)
    assert c.world["change"].abs().sum() == 0
    assert c.world.set_index("span").loc["2015", "old"] == 10.0


def test_a_release_with_no_delivery_in_the_common_years_is_compared() -> None:
    o, n = OLD.release, NEW.release
    # the new release's only delivery is in 2024, outside the common years 2012-2023: the
    # deal is still in it, with nothing delivered in the years compared
    dl, de = frames([delivery(o, 1, 2015, 10.0), delivery(n, 1, 2024, 80.0)],
                    [deal(o, 1), deal(n, 1, delivery_years=[2024])])
    c = ch.compare(dl, de, OLD, NEW)
    assert c.deals[["deal_id", "kind", "old", "new"]].to_dict("records") == [
        {"deal_id": 1, "kind": "revised", "old": 10.0, "new": 0.0}]
    assert c.world["new"].sum() == 0


def test_parts_add_up_exactly_to_the_world_change() -> None:
    rng = np.random.default_rng(7)
    o, n = OLD.release, NEW.release
    parties = ["China", "Russia", "France", "Pakistan", "India", "Egypt"]
    dls: list[dict[str, Any]] = []
    dealrows: list[dict[str, Any]] = []
    for i in range(1, 80):
        sup, rec = rng.choice(parties, 2, replace=False)
        for release in (o, n):
            if rng.random() < 0.15:
                continue  # only in one release
            years = sorted(set(rng.integers(2010, 2025, 3).tolist()))
            for y in years:
                dls.append(delivery(release, i, y, float(np.round(rng.random() * 90, 3)),
                                    str(sup), str(rec)))
            dealrows.append(deal(release, i, str(sup), str(rec), delivery_years=years))
    c = ch.compare(*frames(dls, dealrows), OLD, NEW)
    years = c.world[c.world["start"] == c.world["end"]]
    total = int(ch.micro(years["new"]).sum() - ch.micro(years["old"]).sum())
    assert int(c.deals["change_u"].sum()) == total
    for side in ch.SIDES:
        rows = c.countries[(c.countries["side"] == side)
                           & (c.countries["start"] == c.countries["end"])]
        assert int(rows["change_u"].sum()) == total
    # independent sum of the rows in the common years
    d = pd.DataFrame(dls)
    inside = d[d["year"].between(2012, 2023)]
    expected = inside.groupby("release")["tiv"].sum()
    assert years["old"].sum() == pytest.approx(expected[o], abs=1e-6)
    assert years["new"].sum() == pytest.approx(expected[n], abs=1e-6)


def test_country_movers_and_ranks() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames(
        [delivery(o, 1, 2015, 100.0, "China", "Pakistan"),
         delivery(o, 2, 2015, 50.0, "Russia", "India"),
         delivery(n, 1, 2015, 40.0, "China", "Pakistan"),
         delivery(n, 2, 2015, 60.0, "Russia", "India")],
        [deal(o, 1), deal(o, 2, "Russia", "India"), deal(n, 1), deal(n, 2, "Russia", "India")])
    c = ch.compare(dl, de, OLD, NEW)
    top = ch.movers(c, "imports", 2015, 2019, "change")
    assert list(top["country"]) == ["Pakistan", "India"]
    pak = top.iloc[0]
    assert (pak["old"], pak["new"], pak["pct"]) == (100.0, 40.0, -60.0)
    assert (pak["rank_old"], pak["rank_new"], pak["rank_change"]) == (1, 2, -1)
    rel = ch.movers(c, "imports", 2015, 2019, "pct")
    assert rel.iloc[0]["country"] == "Pakistan"  # -60% before India's +20%
    assert ch.revision(c, "imports", "Pakistan", 2015, 2019) == (100.0, 40.0)
    assert ch.revision(c, "imports", "Pakistan", 2005, 2009) is None  # not common years
    # any years: added up from the years, ranked among those sums
    odd = ch.movers(c, "imports", 2014, 2016).set_index("country")
    assert (odd.loc["Pakistan", "old"], odd.loc["Pakistan", "rank_new"]) == (100.0, 2)
    assert ch.revision(c, "imports", "India", 2013, 2017) == (50.0, 60.0)


def test_unknown_parties_are_counted_but_not_ranked() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames([delivery(o, 1, 2015, 9.0, "unknown supplier(s)", "Pakistan"),
                     delivery(n, 1, 2015, 9.0, "unknown supplier(s)", "Pakistan")],
                    [deal(o, 1, "unknown supplier(s)"), deal(n, 1, "unknown supplier(s)")])
    c = ch.compare(dl, de, OLD, NEW, unranked=["unknown supplier(s)"])
    row = c.countries[(c.countries["side"] == "exports") & (c.countries["span"] == "2015")]
    assert row["old"].iloc[0] == 9.0 and np.isnan(row["rank_old"].iloc[0])


def test_renames_are_listed_and_change_no_figure() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames([delivery(o, 1, 2015, 10.0, "Turkiye", category="Air-defence systems"),
                     delivery(n, 1, 2015, 10.0, "Turkiye", category="Air-defence systems")],
                    [deal(o, 1, "Turkiye", category="Air-defence systems"),
                     deal(n, 1, "Turkiye", category="Air-defence systems")])
    spellings = {o: {"entity": {"Turkey": "Turkiye"},
                     "category": {"Air defence systems": "Air-defence systems"}},
                 n: {"entity": {}, "category": {}}}
    c = ch.compare(dl, de, OLD, NEW, spellings=spellings)
    assert c.deals.empty and c.countries["change"].abs().sum() == 0
    assert sorted(zip(c.renames["kind"], c.renames["old"], c.renames["new"],
                      strict=True)) == [("category", "Air defence systems", "Air-defence systems"),
                                        ("entity", "Turkey", "Turkiye")]
    assert c.spellings_known
    assert not ch.compare(dl, de, OLD, NEW).spellings_known


def test_deals_without_sipri_id_are_paired_and_counted_apart() -> None:
    o, n = OLD.release, NEW.release
    classic = ch.ReleaseFacts(n, 2012, 2024, per_year_exact=False)
    dl, de = frames(
        [delivery(o, -5, 2015, 10.0), delivery(o, 7, 2016, 4.0),
         delivery(n, -5, 2015, 11.0),  # same hashed id
         delivery(n, -9, 2016, 4.0)],  # no id; matches deal 7 by the build's rules
        [deal(o, -5), deal(o, 7, designation="Dx", delivery_years=[2016]),
         deal(n, -5), deal(n, -9, designation="Dx", delivery_years=[2016])])
    c = ch.compare(dl, de, OLD, classic)
    assert c.estimated == (n,)
    assert set(c.deals["deal_id"]) == {-5}  # 7 and -9 are one deal, unchanged
    assert not c.deals["known"].any()
    assert c.counts["without_id"]["paired"] == 2
    assert c.counts["without_id"]["revised"] == 1
    assert c.counts["with_id"]["revised"] == 0


def test_number_ordered_compared_only_where_both_give_it() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames([delivery(o, 1, 2015, 10.0), delivery(n, 1, 2015, 10.0)],
                    [deal(o, 1, number_ordered=np.nan), deal(n, 1, number_ordered=4.0)])
    assert ch.compare(dl, de, OLD, NEW).deals.empty


def test_summary_and_lines() -> None:
    o, n = OLD.release, NEW.release
    dl, de = frames([delivery(o, 1, 2015, 100.0), delivery(n, 1, 2015, 103.1)],
                    [deal(o, 1), deal(n, 1)])
    record = ch.summary(ch.compare(dl, de, OLD, NEW))
    assert record["world"] == {"old": 100.0, "new": 103.1, "pct": 3.1}
    assert record["deals"]["with_id"]["revised"] == 1
    lines = ch.summary_lines(record)
    assert lines[0].startswith("changes 2024-04-13 → 2026-02-12 over 2012–23")
    assert "(+3.1%)" in lines[0]
    assert any("Pakistan imports 2015–19: 100 → 103 (+3.1%)" in line for line in lines)


def test_newest_pair_takes_world_exact_releases_of_a_period() -> None:
    rel = [ch.ReleaseFacts("2024-04-13", 1990, 2023), ch.ReleaseFacts("2025-02-10", 2000, 2001),
           ch.ReleaseFacts("2026-02-12", 1995, 2024),
           ch.ReleaseFacts("2026-05-18", 1950, 2025, per_year_exact=False),
           ch.ReleaseFacts("2026-06-01", 1950, 2025, world=False)]
    assert ch.newest_pair(rel) == ("2024-04-13", "2026-02-12")
    assert ch.newest_pair(rel[:2]) is None


@pytest.mark.parametrize(("years", "text"), [
    ([], ""), ([2005], "2005"), ([2020, 2021], "2020, 2021"),
    ([1999, 2000, 2001, 2003, 2005, 2006, 2007, 2008], "1999–2001, 2003, 2005–2008"),
    ([2003, 2001, 2002, 2002], "2001–2003"),
])
def test_year_runs(years: list[int], text: str) -> None:
    assert ch.year_runs(years) == text


def test_revision_text_names_the_newest_and_the_change() -> None:
    older = ch.revision_text("Pakistan's imports", "2015–19", "2024-04-13", "2026-02-12",
                             4102.0, 4035.0)
    assert older == ("SIPRI's newest release (2026-02-12) revises Pakistan's imports in "
                     "2015–19 by −1.6% (4,102 → 4,035 million TIV).")
    newer = ch.revision_text("x", "2020–24", "2026-05-18", "2026-02-12", 100.0, 103.1)
    assert newer.startswith("Release 2026-02-12, the newest with exact per-year values, "
                            "differs on x in 2020–24 by +3.1%")
    assert "where this release has none" in ch.revision_text("x", "2020", "a", "b", 0, 5)
    assert "gives the same figure" in ch.revision_text("x", "2020", "a", "b", 5, 5)
