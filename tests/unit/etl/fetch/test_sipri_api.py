"""Request bodies and the download plan, as the backend's public clients send them."""

from __future__ import annotations

from etl.fetch.sipri_api import halves, plan, register_body, spans, tiv_body


def _fields(body: dict) -> list[tuple[str, str, object, object]]:
    return [(f["field"], f["condition"], f["value1"], f["value2"]) for f in body["filters"]]


def test_register_by_year_body() -> None:
    body = register_body(2000, 2001, by_year=True)
    assert body["logic"] == "AND"
    assert _fields(body) == [("Delivery year", "contains", 2000, 2001),
                             ("Order year", "contains", 0, 2001),
                             ("opendeals", "", "", ""), ("exportOption", "", "", "")]
    assert all(f["oldField"] == "" and f["listData"] == [] for f in body["filters"])


def test_tiv_bodies_by_recipient_and_by_supplier() -> None:
    imports = tiv_body(1950, 2025, by_supplier=False)
    assert _fields(imports) == [("Year range 1", "contains", 1950, 2025),
                                ("DeliveryType", "", "delivered", ""), ("Status", "", "0", "")]
    exports = tiv_body(1950, 2025, by_supplier=True)
    assert _fields(exports)[-1] == ("orderbyseller", "", "", "")


def test_plan_covers_four_answers_for_all_years() -> None:
    queries = plan(1950, 2025)
    assert [q.format for q in queries] == ["by_year", "classic", "tiv_table", "tiv_table"]
    assert [q.stem() for q in queries] == [
        "trade-register-by-delivery-year_1950-2025", "trade-register_1950-2025",
        "tiv-imports_1950-2025", "tiv-exports_1950-2025"]


def test_by_year_splits_on_delivery_year_classic_on_order_year() -> None:
    by_year, classic, imports, _ = plan(1950, 2025)
    assert _fields(by_year.body(1988, 2006))[:2] == [("Delivery year", "contains", 1988, 2006),
                                                     ("Order year", "contains", 0, 2025)]
    # the classic register keeps every delivery year so that each deal is whole
    assert _fields(classic.body(1950, 1987))[:2] == [("Delivery year", "contains", 1950, 2025),
                                                     ("Order year", "contains", 0, 1987)]
    assert _fields(classic.body(1988, 2025))[1] == ("Order year", "contains", 1988, 2025)
    assert imports.split_on is None


def test_spans_and_halves() -> None:
    assert spans(1950, 2025, None) == [(1950, 2025)]
    assert spans(1950, 2025, 100) == [(1950, 2025)]
    assert spans(1950, 2025, 30) == [(1950, 1979), (1980, 2009), (2010, 2025)]
    assert halves(1950, 2025) == [(1950, 1987), (1988, 2025)]
    assert halves(2000, 2001) == [(2000, 2000), (2001, 2001)]
    assert halves(2000, 2000) == [(2000, 2000)]
