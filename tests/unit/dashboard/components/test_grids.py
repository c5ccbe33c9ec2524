"""The grid rule: key columns pinned at the left in their order, measures at the right,
nothing else pinned, headers wrapping."""

from __future__ import annotations

from dashboard.components import grids


def test_key_columns_pinned_left_in_order_and_measures_right() -> None:
    cols = [{"field": "a"}, {"field": "tiv"}, {"field": "name", "pinned": "left"},
            {"field": "rank"}, {"field": "old", "pinned": "right"}]
    out = grids.pinned(cols, left=("rank", "name"), right=("tiv",))
    assert [(c["field"], c.get("pinned")) for c in out] == [
        ("rank", "left"), ("name", "left"), ("a", None), ("tiv", "right"), ("old", None)]
    assert cols[2]["pinned"] == "left" and "pinned" not in cols[3]  # input unchanged


def test_every_grid_header_wraps() -> None:
    col = grids.default_col(sortable=True)
    assert col["wrapHeaderText"] and col["autoHeaderHeight"] and col["sortable"]
