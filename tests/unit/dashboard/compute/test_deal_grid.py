"""The grid's server side: filter and sort models, paging, CSV and the summary line."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard.compute import deal_grid as g
from dashboard.compute import deals as d
from tests.unit.dashboard.deal_frames import R, pakistan


def filtered(df: pd.DataFrame, model: dict) -> pd.DataFrame:
    """Rows matching AG Grid's filter model."""
    return df.loc[g.filter_mask(df, model)]


def sorted_rows(df: pd.DataFrame, sort_model: list) -> pd.DataFrame:
    """Rows in AG Grid's sort order."""
    return df.iloc[g.sort_order(df, sort_model)]


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    dl, dd = pakistan()
    return d.deals_in_view(dl, dd, d.country_query(R, "Pakistan", "imports"))


def test_text_filter_is_case_insensitive(rows) -> None:
    model = {"designation": {"filterType": "text", "type": "contains", "filter": "BAYR"}}
    assert filtered(rows, model)["deal_id"].tolist() == [2]


def test_number_filters_and_combined_conditions(rows) -> None:
    gt = {"tiv_in_view": {"filterType": "number", "type": "greaterThan", "filter": 20}}
    assert sorted(filtered(rows, gt)["deal_id"]) == [1, 2, 4]
    either = {"category": {"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "equals", "filter": "ships"},
        {"filterType": "text", "type": "equals", "filter": "sensors"}]}}
    assert sorted(filtered(rows, either)["deal_id"]) == [4, 5, 6]
    in_range = {"tiv_in_view": {"filterType": "number", "type": "inRange", "filter": 10,
                                "filterTo": 25}}
    assert sorted(filtered(rows, in_range)["deal_id"]) == [2, 3, 5]


def test_blank_filter(rows) -> None:
    blank = {"comments": {"filterType": "text", "type": "blank"}}
    assert 3 not in set(filtered(rows, blank)["deal_id"])
    assert filtered(rows, {"comments": {"filterType": "text",
                                                    "type": "notBlank"}})["deal_id"].tolist() \
        == [3]


@pytest.mark.parametrize(("model", "message"), [
    ({"bogus": {"filterType": "text", "type": "contains", "filter": "x"}}, "bogus"),
    ({"designation": {"filterType": "text", "type": "sounds", "filter": "x"}}, "sounds"),
    ({"tiv_in_view": {"filterType": "number", "type": "equals", "filter": "x"}}, "'x'"),
    ({"tiv_in_view": {"filterType": "date", "type": "equals", "filter": 1}}, "date"),
])
def test_bad_filter_is_named(rows, model, message) -> None:
    with pytest.raises(g.GridRequestError, match=message):
        filtered(rows, model)


def test_sort_model(rows) -> None:
    asc = sorted_rows(rows, [{"colId": "designation", "sort": "asc"}])
    assert asc["designation"].tolist()[:2] == ["Akinci", "Bayraktar TB-2"]
    by_cat = sorted_rows(rows, [{"colId": "category", "sort": "desc"},
                                       {"colId": "tiv_in_view", "sort": "asc"}])
    assert by_cat["deal_id"].tolist()[:3] == [4, 6, 5]
    with pytest.raises(g.GridRequestError, match="nope"):
        sorted_rows(rows, [{"colId": "nope", "sort": "asc"}])
    with pytest.raises(g.GridRequestError, match="direction"):
        sorted_rows(rows, [{"colId": "deal_id", "sort": "up"}])


def test_block_pages_and_is_json(rows) -> None:
    resp = g.block(rows, 2, 4, highlight=[rows["deal_id"].iloc[2]])
    assert resp["rowCount"] == len(rows)
    assert len(resp["rowData"]) == 2
    assert resp["rowData"][0]["highlight"] is True
    assert resp["rowData"][1]["highlight"] is False
    json.dumps(resp, allow_nan=False)  # no NaN, no numpy types
    unknown_units = next(r for r in g.records(rows) if r["deal_id"] == 4)
    assert unknown_units["units_in_view"] is None


def test_block_clamps_the_range(rows) -> None:
    assert g.block(rows, -5, 2)["rowData"][0]["deal_id"] == rows["deal_id"].iloc[0]
    assert g.block(rows, 3, 1)["rowData"] == []
    assert len(g.block(rows, 0, 10**9)["rowData"]) == len(rows)


def test_csv_holds_the_shown_rows_with_sipri_names(rows) -> None:
    text = g.csv_text(rows.head(2), "Source: SIPRI Arms Transfers Database, 2026-02-12")
    lines = text.splitlines()
    assert lines[0].startswith("# Source: SIPRI Arms Transfers Database")
    assert "not money" in lines[1]
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert len(table) == 2
    assert "SIPRI TIV delivered in view" in table.columns
    assert table["SIPRI TIV delivered in view"].sum() == pytest.approx(
        rows.head(2)["tiv_in_view"].sum())


def test_csv_gives_tiv_as_sipri_publishes_it_and_whole_ids(rows) -> None:
    noisy = rows.head(2).assign(tiv_delivered=[9.120000000000001, 21.599999999999998],
                                tiv_in_view=[0.1 + 0.2, 80.93999999999998])
    text = g.csv_text(noisy, "Source: SIPRI Arms Transfers Database, 2026-02-12")
    assert "9.12," in text and "21.6," in text and "0.3," in text and "80.94," in text
    assert "0000000" not in text and "9999999" not in text
    table = pd.read_csv(io.StringIO(text), comment="#", dtype=str)
    assert all(v.lstrip("-").isdigit() for v in table["SIPRI AT Database ID"])
    assert all(v.isdigit() for v in table["Year of order"].dropna())


def test_column_defs_cover_sipri_fields_and_mark_uncertainty() -> None:
    defs = {c["field"]: c for c in g.column_defs()}
    for field in ("designation", "description", "category", "number_ordered",
                  "number_delivered", "order_year", "delivery_years", "status", "comments",
                  "tiv_per_unit", "tiv_order", "tiv_delivered", "release"):
        assert field in defs
    assert "number_ordered_uncertain" in defs["number_ordered"]["valueFormatter"]["function"]
    assert "$" not in json.dumps(defs)


def test_describe_and_summary() -> None:
    view = d.country_query(R, "Pakistan", "imports", (2000, 2024))
    q = d.bar_query(view, "imports", 2023, d.OTHER, ["China", "Turkiye"])
    assert g.describe(q) == "suppliers other than China, Turkiye → Pakistan, 2023"
    assert g.describe(d.pair_query(R, "Turkiye", "Pakistan", (2000, 2024), ["Ships"])) == \
        "Turkiye → Pakistan, 2000–2024 (Ships)"
    frame = pd.DataFrame({"tiv_in_view": [9.6, 9.0, 205.0]})
    assert g.summary(frame, "Türkiye → Pakistan, 2023") == (
        "Türkiye → Pakistan, 2023: 3 deals, 223.6 million TIV delivered in view (SIPRI TIV)")
