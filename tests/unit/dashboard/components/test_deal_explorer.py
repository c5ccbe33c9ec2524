"""The explorer's callback bodies on inline frames: blocks, clicks, CSV link and route, pipeline."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from flask import Flask

from dashboard import ids
from dashboard.components import deal_explorer as ex
from dashboard.compute import deals as d
from dashboard.compute.deal_source import TablesSource
from tests.unit.dashboard.deal_frames import OLD, R, pakistan

DISPLAY = {"Turkiye": "Türkiye"}


@pytest.fixture
def source() -> TablesSource:
    dl, dd = pakistan()
    return TablesSource("b1", dl, dd, DISPLAY, lambda r: f"Source: SIPRI ATDB, release {r}")


def _bar_figure() -> dict:
    """What a stacked annual bar chart holds: one bar trace per partner, Other, an event."""
    return {"data": [{"type": "bar", "name": "China"}, {"type": "bar", "name": "Türkiye"},
                     {"type": "bar", "name": "Other"},
                     {"type": "scatter", "name": "Events", "yaxis": "y2"}]}


def _click(curve: int, x: object, y: float) -> dict:
    return {"points": [{"curveNumber": curve, "x": x, "y": y}]}


def test_grid_block_of_a_clicked_bar_totals_the_bar(source) -> None:
    view = d.country_query(R, "Pakistan", "imports", (2000, 2024)).to_dict()
    click = ex.click_point(_click(1, 2023, 223.6), _bar_figure())
    assert click == (2023, "Türkiye", ["China", "Türkiye", "Other"], 223.6)
    canonical = {"Türkiye": "Turkiye", "China": "China"}.get
    data = ex.selection_query(view, "graph", "clear", click, "imports", canonical,
                              name=lambda n: DISPLAY.get(n, n))
    resp, summary = ex.grid_block(source, {"startRow": 0, "endRow": 50}, data, "", [])
    assert resp["rowCount"] == 3
    assert {r["designation"] for r in resp["rowData"]} == {"Bayraktar TB-2", "Akinci",
                                                            "MilGem"}
    assert {r["supplier"] for r in resp["rowData"]} == {"Türkiye"}  # display names
    assert summary.startswith("Türkiye → Pakistan, 2023 (clicked bar: 223.6 million TIV): "
                              "3 deals, 223.6 million TIV")


def test_other_bar_excludes_the_named_partners(source) -> None:
    view = d.country_query(R, "Pakistan", "imports").to_dict()
    click = ex.click_point(_click(2, 2023, 12.4), _bar_figure())
    canonical = {"Türkiye": "Turkiye", "China": "China"}.get
    data = ex.selection_query(view, "graph", "clear", click, "imports", canonical)
    resp, summary = ex.grid_block(source, {"startRow": 0, "endRow": 50}, data, "", [])
    assert sorted(r["deal_id"] for r in resp["rowData"]) == [5, 6]
    assert "12.4 million TIV delivered" in summary


def test_area_click_selects_the_five_year_window(source) -> None:
    view = d.country_query(R, "Pakistan", "imports").to_dict()
    figure = {"data": [{"type": "scatter", "name": "Türkiye"}]}
    click = ex.click_point(_click(0, 2024, 10.0), figure)
    data = ex.selection_query(view, "graph", "clear", click, "imports",
                              {"Türkiye": "Turkiye"}.get, window=5)
    q = d.query_from_dict(data)
    assert (q.first_year, q.last_year, q.suppliers) == (2020, 2024, ("Turkiye",))


def test_clear_and_view_changes_give_the_whole_view(source) -> None:
    view = d.country_query(R, "Pakistan", "imports").to_dict()
    click = ex.click_point(_click(1, 2023, 1.0), _bar_figure())
    assert ex.selection_query(view, "clear", "clear", click, "imports", str) == view
    assert ex.selection_query(view, "view", "clear", None, "imports", str) == view
    assert ex.selection_query(None, "view", "clear", None, "imports", str) is None
    # an unknown partner name keeps the whole view rather than showing nothing
    assert ex.selection_query(view, "g", "clear", click, "imports", lambda n: None) == view


@pytest.mark.parametrize("click", [None, {}, {"points": []}, _click(3, 2023, 1.0),
                                   _click(9, 2023, 1.0), _click(0, "x", 1.0)])
def test_clicks_that_are_not_bars_are_ignored(click) -> None:
    assert ex.click_point(click, _bar_figure()) is None


def test_grid_block_filters_sorts_and_pages(source) -> None:
    view = d.country_query(R, "Pakistan", "imports").to_dict()
    request = {"startRow": 1, "endRow": 3, "sortModel": [{"colId": "designation",
                                                          "sort": "asc"}],
               "filterModel": {"category": {"filterType": "text", "type": "equals",
                                            "filter": "aircraft"}}}
    resp, summary = ex.grid_block(source, request, view, "", [3])
    assert resp["rowCount"] == 3  # JF-17, TB-2, Akinci
    assert [r["designation"] for r in resp["rowData"]] == ["Bayraktar TB-2", "JF-17"]
    assert [r["highlight"] for r in resp["rowData"]] == [False, False]
    assert "3 deals" in summary and f"{150.5 + 21.6 + 13.5:,.1f}" in summary


def test_grid_block_with_a_bad_filter_says_so(source) -> None:
    view = d.country_query(R, "Pakistan", "imports").to_dict()
    bad = {"startRow": 0, "endRow": 10, "filterModel": {"nope": {"type": "contains"}}}
    resp, summary = ex.grid_block(source, bad, view, "", [])
    assert resp == {"rowData": [], "rowCount": 0}
    assert "nope" in summary


def test_grid_block_without_a_view_is_empty(source) -> None:
    assert ex.grid_block(source, {"startRow": 0}, None, "", [])[0]["rowCount"] == 0


def test_csv_link_round_trips_to_the_rows_shown(source) -> None:
    view = d.pair_query(R, "Turkiye", "Pakistan").to_dict()
    request = {"filterModel": {"tiv_in_view": {"filterType": "number", "type": "lessThan",
                                               "filter": 100}},
               "sortModel": [{"colId": "tiv_in_view", "sort": "asc"}]}
    href = ex.csv_href(view, "armed", request)
    assert href.startswith(ex.CSV_PATH + "?")
    args = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    data, search, parsed = ex.csv_request(args)
    name, text = ex.grid_csv(source, data, search, parsed)
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert table["Designation"].tolist() == ["Akinci", "Bayraktar TB-2"]
    assert name.endswith(".csv") and "/" not in name


@pytest.mark.parametrize(("args", "message"), [
    ({"q": "{"}, "'q' is not valid JSON"),
    ({"q": "[]"}, "'q' must be a JSON dict"),
    ({"q": json.dumps({"release": R}), "sort": "{}"}, "'sort' must be a JSON list"),
    ({"q": json.dumps({"suppliers": ["A"]})}, "release"),
])
def test_csv_request_names_bad_parameters(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        ex.csv_request(args)


def test_csv_route_answers_csv_or_a_clear_400(source) -> None:
    server = Flask("t")
    ex.add_csv_route(server, lambda: source)
    ex.add_csv_route(server, lambda: source)  # idempotent
    client = server.test_client()
    href = ex.csv_href(d.pair_query(R, "Turkiye", "Pakistan").to_dict(), "", {})
    ok = client.get(href)
    assert ok.status_code == 200
    assert ok.mimetype == "text/csv"
    assert "attachment" in ok.headers["Content-Disposition"]
    body = ok.get_data(as_text=True)
    assert body.startswith("# Source: SIPRI ATDB, release 2026-02-12")
    assert "MilGem" in body
    bad = client.get(ex.CSV_PATH + "?q=%7B")
    assert bad.status_code == 400
    assert "Cannot export these deals" in bad.get_data(as_text=True)
    bad_filter = client.get(ex.csv_href(d.pair_query(R, "Turkiye", "Pakistan").to_dict(), "",
                                        {"filterModel": {"x": {}}}))
    assert bad_filter.status_code == 400


def test_pipeline_with_and_without_order_data(source) -> None:
    shown = ex.pipeline_view(source, d.country_query(R, "Pakistan", "imports"), "imports")
    text = json.dumps([c.to_plotly_json() for c in shown], default=str, ensure_ascii=False)
    assert "3 open orders" in text and "645.0 million TIV still to come" in text
    assert "Türkiye" in text and "Hisar" in text
    assert "release 2026-02-12" in text
    old = ex.pipeline_view(source, d.country_query(OLD, "Pakistan", "imports"), "imports")
    old_text = json.dumps([c.to_plotly_json() for c in old], default=str, ensure_ascii=False)
    assert "without orders" in old_text and f"Choose release {R}" in old_text


def test_pipeline_rows_mark_uncertain_numbers() -> None:
    _, dd = pakistan()
    opened = d.open_orders(dd, d.country_query(R, "Pakistan", "imports"))
    rows = {r["designation"].split(" (")[0]: r for r in ex.pipeline_rows(opened, str,
                                                                         "imports")}
    assert rows["MilGem"]["units_to_come"] == "3"
    assert rows["MilGem"]["tiv_to_come"] == "615.0"
    assert rows["J-35"]["units_to_come"] == "unknown"
    assert rows["J-35"]["ordered"] == ""
    assert rows["MilGem"]["comments"] == ""


def test_pipeline_shows_sipris_comment_on_each_open_order(source) -> None:
    shown = ex.pipeline_view(source, d.country_query(R, "Pakistan", "imports"), "imports")
    text = json.dumps([c.to_plotly_json() for c in shown], default=str, ensure_ascii=False)
    assert "SIPRI comment" in text and "Probably selected 2024 but not yet ordered" in text


def test_pair_href_only_for_one_pair() -> None:
    q = d.bar_query(d.country_query(R, "Pakistan", "imports"), "imports", 2023, "Turkiye")
    href = ex.open_in_pair_href(q.to_dict())
    assert href is not None and href.startswith("/pair?")
    args = parse_qs(urlsplit(href).query)
    assert args["supplier"] == ["Turkiye"] and args["deals"] == ["2023-2023"]
    other = d.bar_query(d.country_query(R, "Pakistan", "imports"), "imports", 2023, d.OTHER,
                        ["China"])
    assert ex.open_in_pair_href(other.to_dict()) is None


def test_grid_ids_are_unique() -> None:
    every = [getattr(grid, f) for grid in (ids.COUNTRY_DEALS, ids.PAIR_DEALS)
             for f in type(grid).__dataclass_fields__]
    assert len(every) == len(set(every))


def test_highlighted_deals_come_first_and_the_summary_names_them(source) -> None:
    view = d.pair_query(R, "Turkiye", "Pakistan").to_dict()
    request = {"startRow": 0, "endRow": 50,
               "sortModel": [{"colId": "tiv_in_view", "sort": "desc"}]}
    plain, _ = ex.grid_block(source, request, view, "", [])
    order = [r["deal_id"] for r in plain["rowData"]]
    assert order == [4, 2, 3]  # MilGem, TB-2, Akinci by TIV
    resp, summary = ex.grid_block(source, request, view, "", [3, 2, 77])
    rows = resp["rowData"]
    assert [r["deal_id"] for r in rows] == [2, 3, 4]  # highlighted first, in the grid's order
    assert [r["highlight"] for r in rows] == [True, True, False]
    assert resp["rowCount"] == 3
    assert summary.startswith(plain_summary := ex.grid_block(source, request, view, "", [])[1])
    assert summary[len(plain_summary):] == (
        ". Highlighted and shown first: deals 3, 2. Highlighted but not among the deals shown "
        "(other years, parties or filters): deal 77.")


def test_highlight_pinning_respects_filters_and_pages(source) -> None:
    view = d.pair_query(R, "Turkiye", "Pakistan").to_dict()
    request = {"startRow": 1, "endRow": 3, "filterModel": {
        "designation": {"filterType": "text", "type": "notContains", "filter": "akinci"}}}
    resp, summary = ex.grid_block(source, request, view, "", [3, 2])
    assert resp["rowCount"] == 2 and [r["deal_id"] for r in resp["rowData"]] == [4]
    assert "shown first: deal 2." in summary and "deals shown (other years, parties or " \
        "filters): deal 3." in summary


@pytest.mark.parametrize("store", [None, "65816", [True, 2.5, "3", [1], None], {"a": 1}])
def test_a_malformed_highlight_store_highlights_nothing(source, store: object) -> None:
    view = d.pair_query(R, "Turkiye", "Pakistan").to_dict()
    resp, summary = ex.grid_block(source, {"startRow": 0, "endRow": 50}, view, "", store)
    assert not any(r["highlight"] for r in resp["rowData"])
    assert "Highlighted" not in summary
    assert ex.deal_ids([2, 2, True, 3]) == [2, 3]


def test_grid_layout_starts_with_the_highlighted_deals() -> None:
    layout = ex.grid_layout(ids.PAIR_DEALS, highlight=(65816, 65859))
    stores = {c.id: getattr(c, "data", None) for c in layout.children if getattr(c, "id", None)
              and type(c).__name__ == "Store"}
    assert stores[ids.PAIR_DEALS.highlight] == [65816, 65859]


def test_a_view_of_a_release_no_longer_served_says_so_in_grid_and_csv(source) -> None:
    # a page opened before the build was replaced keeps a query of a release now gone
    gone = d.pair_query("2019-03-11", "Turkiye", "Pakistan").to_dict()
    server = Flask("t")
    ex.add_csv_route(server, lambda: source)
    answer = server.test_client().get(ex.csv_href(gone, "", {}))
    assert answer.status_code == 400
    assert "release 2019-03-11 is not in the build being served" in answer.get_data(
        as_text=True)
    with pytest.raises(d.DealQueryError, match="2019-03-11 is not in the build"):
        ex.grid_block(source, {"startRow": 0, "endRow": 10}, gone, "", [])
    assert ex.grid_block(source, {"startRow": 0, "endRow": 10},
                         d.pair_query(R, "Turkiye", "Pakistan").to_dict(), "", [])[0][
        "rowCount"] > 0
