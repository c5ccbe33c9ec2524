"""Pure transforms on tiny inline frames: estimates, deal aggregation, matching, checks."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import classic_deals, reconcile, transforms
from etl.schema import DEALS, DELIVERIES, validate


def _classic(**over: object) -> pd.DataFrame:
    row: dict[str, object] = {
        "supplier": "Turkiye", "recipient": "Pakistan", "order_year": 2021,
        "order_year_uncertain": True, "number_ordered": 9.0, "number_ordered_uncertain": False,
        "number_delivered": 9.0, "number_delivered_uncertain": False,
        "designation": "FX-Drone", "description": "armed UAV", "status": "New",
        "comments": None, "delivery_years": [2022, 2023, 2024], "tiv_per_unit": 2.4,
        "tiv_order": 21.6, "tiv_delivered": 21.6,
    }
    row.update(over)
    frame = pd.DataFrame([row])
    frame["order_year"] = frame["order_year"].astype("Int32")
    for c in ("order_year_uncertain", "number_ordered_uncertain",
              "number_delivered_uncertain"):
        frame[c] = frame[c].astype("boolean")
    return frame


def _deal(classic: pd.DataFrame, deal_id: int | None = 1001,
          category: str = "Aircraft") -> pd.DataFrame:
    ids = pd.Series([deal_id] * len(classic), index=classic.index, dtype="Int64")
    cats = pd.Series([category] * len(classic), index=classic.index, dtype=object)
    return classic_deals.classic_deals(classic, "2025-06-01", ids, cats)


def test_estimate_spreads_tiv_and_units_equally() -> None:
    deals = _deal(_classic())
    est = classic_deals.estimate_deliveries(deals)
    validate(est, DELIVERIES)
    assert est["year"].tolist() == [2022, 2023, 2024]
    assert est["tiv"].tolist() == pytest.approx([7.2, 7.2, 7.2])
    assert est["units"].tolist() == pytest.approx([3.0, 3.0, 3.0])
    assert est["tiv_estimated"].all() and est["tiv"].sum() == pytest.approx(21.6)


def test_open_order_has_no_delivery_rows() -> None:
    deals = _deal(_classic(number_delivered=0.0, delivery_years=[], tiv_delivered=0.0))
    assert bool(deals["open"].iloc[0])
    assert classic_deals.estimate_deliveries(deals).empty


def test_open_flag() -> None:
    frame = pd.concat([
        _classic(number_delivered=3.0),                      # fewer than ordered
        _classic(),                                         # all delivered
        _classic(number_ordered=float("nan")),              # ordered unknown
    ], ignore_index=True)
    open_ = classic_deals.open_orders(frame)
    assert open_.tolist()[:2] == [True, False] and pd.isna(open_.iloc[2])


def test_classic_deals_validate_and_input_is_not_mutated() -> None:
    classic = _classic()
    before = classic.copy()
    deals = _deal(classic, deal_id=None)
    validate(deals, DEALS)
    assert deals["deal_id"].iloc[0] < 0 and not deals["deal_id_known"].iloc[0]
    pd.testing.assert_frame_equal(classic, before)


def test_synthetic_ids_are_stable_and_distinct_for_identical_rows() -> None:
    twice = pd.concat([_classic(), _classic()], ignore_index=True)
    a = classic_deals.synthetic_ids(twice)
    b = classic_deals.synthetic_ids(twice)
    assert a.tolist() == b.tolist() and a.nunique() == 2 and (a < 0).all()


def _ref(**over: object) -> pd.DataFrame:
    row: dict[str, object] = {
        "release": "2025-01-01", "deal_id": 1001, "supplier": "Turkiye",
        "recipient": "Pakistan", "designation": "FX-Drone", "description": "armed UAV",
        "order_year": 2021, "status": "New", "number_delivered": 5.0,
        "delivery_years": [2022, 2023], "category": "Aircraft",
    }
    row.update(over)
    frame = pd.DataFrame([row])
    frame["order_year"] = frame["order_year"].astype("Int32")
    return frame


def test_match_prefers_same_status_and_years() -> None:
    classic = pd.concat([_classic(status="Second hand", delivery_years=[1999]), _classic()],
                        ignore_index=True)
    ref = pd.concat([_ref(), _ref(deal_id=1002, status="Second hand",
                                   delivery_years=[1999])], ignore_index=True)
    ids, counts = classic_deals.match_ids(classic, ref)
    assert ids.tolist() == [1002, 1001] and counts["by_designation"] == 2


def test_match_by_description_when_designation_was_renamed() -> None:
    ids, counts = classic_deals.match_ids(_classic(designation="FX-Drone Mk2"), _ref())
    assert ids.tolist() == [1001] and counts["by_description"] == 1


def test_no_match_leaves_id_missing() -> None:
    ids, _ = classic_deals.match_ids(_classic(order_year=1999), _ref())
    assert ids.isna().all()


def test_reference_prefers_same_release_else_newest() -> None:
    deals = pd.concat([_ref(release="2024-01-01", designation="old"),
                       _ref(release="2025-01-01", designation="new"),
                       _ref(release="2023-01-01", designation="same")], ignore_index=True)
    assert classic_deals.reference_deals(deals, "2023-01-01")["designation"].item() == "same"
    assert classic_deals.reference_deals(deals, "2025-01-01")["designation"].item() == "new"


def test_category_lookup_needs_one_answer() -> None:
    classic = pd.concat([_classic(designation="X", description="gun"),
                         _classic(designation="Y", description="radar")], ignore_index=True)
    rows = pd.DataFrame({"designation": ["A", "B", "C"],
                         "description": ["gun", "radar", "radar"],
                         "category": ["Artillery", "Sensors", "Naval weapons"]})
    ids = pd.Series([pd.NA, pd.NA], dtype="Int64")
    cats, counts = classic_deals.categories(classic, ids, _ref().iloc[:0], rows)
    assert cats.tolist() == ["Artillery", "unknown"]
    assert counts["description"] == 1 and counts["unknown"] == 1


def _exact(rows: list[tuple[int, str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["deal_id", "supplier", "recipient", "year", "tiv"]) \
        .assign(release="2025-01-01")


def test_deals_from_deliveries_aggregates_years() -> None:
    base = {"release": "2025-01-01", "supplier": "China", "recipient": "Pakistan",
            "category": "Aircraft", "designation": "FX", "description": "jet",
            "status": "New", "order_year": 2019, "order_year_estimated": False,
            "units_estimated": True, "year_estimated": False, "tiv_per_unit": 2.0,
            "local_production": False, "tiv_estimated": False}
    d = pd.DataFrame([{**base, "deal_id": 7, "year": 2023, "units": 2.0, "tiv": 4.0,
                       "local_production": True},
                      {**base, "deal_id": 7, "year": 2021, "units": 1.0, "tiv": 2.0},
                      {**base, "deal_id": 8, "year": 2021, "units": 1.0, "tiv": 2.0,
                       "local_production": None}])
    d["order_year"] = d["order_year"].astype("Int32")
    d["year"] = d["year"].astype("int32")
    for c in ("order_year_estimated", "units_estimated", "year_estimated",
              "local_production"):
        d[c] = d[c].astype("boolean")
    deals = transforms.deals_from_deliveries(d[DELIVERIES.names])
    validate(deals, DEALS)
    row = deals.iloc[0]
    assert list(row["delivery_years"]) == [2021, 2023]
    assert row["number_delivered"] == 3.0 and row["tiv_delivered"] == 6.0
    assert pd.isna(row["open"]) and pd.isna(row["number_ordered"])
    assert bool(row["local_production"]) and row["local_production_source"] == "sipri"
    unflagged = deals.iloc[1]
    assert pd.isna(unflagged["local_production"])
    assert pd.isna(unflagged["local_production_source"])


def test_merge_same_release_drops_repeats_and_rejects_conflicts() -> None:
    a = pd.DataFrame({"k": [1, 2], "v": [1.0, 2.0]})
    assert len(transforms.merge_same_release([a, a], ("k",), "t")) == 2
    b = pd.DataFrame({"k": [2], "v": [3.0]})
    with pytest.raises(transforms.TransformError, match="disagree"):
        transforms.merge_same_release([a, b], ("k",), "t")


def _tiv(cells: list[tuple[str, int, float | None]], total: bool = False) -> pd.DataFrame:
    return pd.DataFrame([{"release": "2025-01-01", "side": "imports", "scope": "",
                          "country": c, "is_total": total, "year": y, "tiv": v}
                         for c, y, v in cells])


def test_reconcile_within_rounding_and_zero_versus_empty() -> None:
    rows = _exact([(1, "China", "Pakistan", 2022, 34.8), (2, "Iran", "Yemen", 2022, 0.2)])
    table = _tiv([("Pakistan", 2022, 35.0), ("Yemen", 2022, 0.0), ("Chad", 2022, None)])
    result = reconcile.compare_table(rows, table, "2025-01-01", "imports", "")
    assert result["ok"] and result["cells"] == 3


def test_reconcile_failure_names_the_cell() -> None:
    rows = _exact([(1, "China", "Pakistan", 2022, 34.0)])
    table = _tiv([("Pakistan", 2022, 35.0)])
    result = reconcile.compare_table(rows, table, "2025-01-01", "imports", "")
    assert not result["ok"]
    with pytest.raises(reconcile.ReconcileError, match=r"Pakistan.*2022.*'sipri': 35\.0"):
        reconcile.check([result])


def test_reconcile_scoped_partner_table() -> None:
    rows = _exact([(1, "China", "Pakistan", 2022, 5.2), (2, "China", "Iran", 2022, 9.0)])
    table = _tiv([("China", 2022, 5.0)]).assign(scope="Pakistan")
    assert reconcile.compare_table(rows, table, "r", "imports", "Pakistan")["ok"]


def test_category_by_earlier_description_wording() -> None:
    classic = _classic(designation="X", description="portable surface-to-air missile")
    rows = pd.DataFrame({"designation": ["A"], "description": ["portable SAM"],
                         "category": ["Missiles"]})
    ids = pd.Series([pd.NA], dtype="Int64")
    aliases = {"portable surface-to-air missile": "portable SAM"}
    cats, counts = classic_deals.categories(classic, ids, _ref().iloc[:0], rows, aliases)
    assert cats.tolist() == ["Missiles"] and counts["earlier_description"] == 1


@pytest.mark.parametrize(("values", "starts", "expected"), [
    ([1, 2, 3, 4, 5], [0, 2, 3], [[1, 2], [3], [4, 5]]),
    ([7], [0], [[7]]),
    ([], [], []),
])
def test_pieces_cut_a_sorted_list_at_each_start(values, starts, expected) -> None:
    assert transforms.pieces(values, starts) == expected
