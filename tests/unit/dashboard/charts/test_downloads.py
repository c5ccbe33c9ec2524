"""Every chart's CSV says in every row which country (or world), side, years, categories
and release it holds, and its files are named after them, on the tiny build."""

from __future__ import annotations

import csv
import io

from dashboard.charts import country as cc
from dashboard.charts import pair as pc
from dashboard.data import Dataset
from dashboard.state import pairstate, urlstate

COUNTRY_KEYS = ("annual", "shares", "category", "compare")
WORLD_KEYS = ("map", "top", "rank")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _view(ds: Dataset, page: str, **query: str) -> urlstate.View:
    return urlstate.parse(page, query, ds.choices).view


def test_country_charts_name_country_side_years_and_release(tiny_dataset: Dataset) -> None:
    view = _view(tiny_dataset, "country", country="Pakistan", side="imports",
                 release="2026-02-12", years="2016-2024", cat="Aircraft")
    for key in COUNTRY_KEYS:
        chart = cc.CHARTS[key](tiny_dataset, view)
        rows = _rows(chart.csv())
        assert rows, key
        assert {r["country"] for r in rows} == {"Pakistan"}, key
        assert {r["side"] for r in rows} == {"imports"}, key
        assert {r["release"] for r in rows} == {"2026-02-12"}, key
        assert {r["categories"] for r in rows} == {"Aircraft"}, key
        name = chart.file_name("csv")
        assert "_imports_Pakistan_" in name and name.endswith(
            "_Aircraft_release-2026-02-12.csv"), name
        assert chart.figure["layout"]["meta"]["filename"] + ".csv" == name
    assert {r["years"] for r in _rows(cc.CHARTS["annual"](tiny_dataset, view).csv())} == {
        "2016-2024"}
    shares = _rows(cc.CHARTS["shares"](tiny_dataset, view).csv())
    assert {r["years_summed"] for r in shares} == {str(view.window)}
    compare = _rows(cc.CHARTS["compare"](tiny_dataset, view).csv())
    assert {(r["years"], r["compared_with"]) for r in compare} == {("2020-2024", "2015-2019")}
    assert all(r["rank"].isdigit() for r in compare)  # ranks are whole numbers
    names = {cc.CHARTS[k](tiny_dataset, view).file_name("csv") for k in COUNTRY_KEYS}
    assert len(names) == len(COUNTRY_KEYS)


def test_world_imports_and_exports_download_under_different_names(
        tiny_dataset: Dataset) -> None:
    names: dict[str, set[str]] = {}
    for side in ("imports", "exports"):
        view = _view(tiny_dataset, "world", country="Pakistan", side=side)
        for key in WORLD_KEYS:
            chart = cc.CHARTS[key](tiny_dataset, view)
            rows = _rows(chart.csv())
            assert {r["side"] for r in rows} <= {side}, (key, side)
            assert {r["country"] for r in rows} <= {
                "Pakistan" if key == "rank" else "world"}, key
            names.setdefault(side, set()).update(
                chart.file_name(ext) for ext in ("csv", "png"))
        top = _rows(cc.CHARTS["top"](tiny_dataset, view).csv())
        assert top and all(r["rank"].isdigit() for r in top)
    assert len(names["imports"]) == len(names["exports"]) == 2 * len(WORLD_KEYS)
    assert not names["imports"] & names["exports"]
    assert any(n.startswith("largest-importers_imports_world_") for n in names["imports"])


def test_pair_charts_name_both_countries_years_and_release(tiny_dataset: Dataset) -> None:
    view = pairstate.parse({"supplier": "China", "recipient": "Pakistan",
                            "release": "2026-02-12", "years": "2016-2024"},
                           tiny_dataset.choices).view
    for key, make in pc.CHARTS.items():
        chart = make(tiny_dataset, view)
        rows = _rows(chart.csv())
        assert rows or key == "timeline", key  # the tiny build has no deals table
        facts = {(r["supplier"], r["recipient"], r["years"], r["release"]) for r in rows}
        assert facts <= {("China", "Pakistan", "2016-2024", "2026-02-12")}, key
        assert chart.file_name("svg").endswith(
            "_China-to-Pakistan_2016-2024" + ("_5-year-sums" if key == "share" else "")
            + "_release-2026-02-12.svg"), key
    share = _rows(pc.CHARTS["share"](tiny_dataset, view).csv())
    assert all(r["rank"] == "" or r["rank"].isdigit() for r in share)


def test_rolling_points_that_sum_excluded_years_are_announced() -> None:
    note = cc.rolling_note(2010, 2024, 5, 1995)
    assert "points for 2010–2013 also count years before 2010" in note
    assert cc.rolling_note(1995, 2024, 5, 1995) == ""  # no year before the data
    # the first point drawn is 1999 (1995-99): it and 2000 reach back before 1997
    assert "points for 1999–2000 also count years before 1997" in cc.rolling_note(
        1997, 2024, 5, 1995)
    assert "points for 1999–2000" in cc.rolling_note(1999, 2024, 3, 1995)
    assert "points for 2024 also" in cc.rolling_note(2024, 2024, 5, 1995)
    assert cc.rolling_note(2010, 2024, 1, 1995) == ""  # annual values sum nothing


def test_the_shares_chart_says_so_under_the_figure(tiny_dataset: Dataset) -> None:
    def source_line(years: str) -> str:
        view = _view(tiny_dataset, "country", country="Pakistan", side="imports",
                     release="2026-02-12", years=years, window="3")
        out = cc.CHARTS["shares"](tiny_dataset, view).figure
        return next(a["text"] for a in out["layout"]["annotations"]
                    if a.get("name") == "source")

    assert "points for 2020–2021 also count years before 2020" in source_line("2020-2024")
    assert "also count" not in source_line("2015-2024")
