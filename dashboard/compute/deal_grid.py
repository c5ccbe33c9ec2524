"""The deal grid's server side: AG Grid filter and sort models, paging, CSV, the summary line.

The grid uses AG Grid's infinite row model: the browser asks for blocks of rows with its
sort and filter model, and these pure functions answer on the server, so the grid stays
responsive with every deal of a release. The CSV holds exactly the rows the grid shows
(the view, the free-text search and the column filters), in the grid's sort order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard.compute.deals import GRID_COLUMNS, TIV_DECIMALS, DealQuery, grid_total
from dashboard.compute.export import published

MAX_BLOCK = 1000


class GridRequestError(ValueError):
    """A grid request names an unknown column or filter; the message names it."""


# (field, header, kind, width) — kind: text, number, tiv, year, flag
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("designation", "Designation", "text", 230),  # SIPRI's 99.9% (25 characters) whole
    ("description", "Description", "text", 170),
    ("category", "Category", "text", 150),
    ("supplier", "Supplier", "text", 120),
    ("recipient", "Recipient", "text", 120),
    ("number_ordered", "No. ordered", "number", 105),
    ("number_delivered", "No. delivered", "number", 125),
    ("order_year", "Order year", "year", 95),
    ("delivery_years", "Delivery years", "text", 150),
    ("years_in_view", "Years in view", "text", 115),
    ("tiv_in_view", "TIV in view", "tiv", 120),
    ("status", "Status", "text", 110),
    ("comments", "Comments", "text", 260),
    ("tiv_per_unit", "TIV per unit", "tiv", 95),
    ("tiv_order", "TIV of order", "tiv", 95),
    ("tiv_delivered", "TIV delivered", "tiv", 125),
    ("open", "Open order", "flag", 90),
    ("local", "Local production", "text", 130),
    ("deal_id", "SIPRI deal ID", "number", 100),
    ("release", "Release", "text", 100),
)
UNCERTAIN = {
    "number_ordered": "number_ordered_uncertain",
    "number_delivered": "number_delivered_uncertain",
    "order_year": "order_year_uncertain",
}
TEXT_TYPES = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith",
              "blank", "notBlank")
NUMBER_TYPES = ("equals", "notEqual", "greaterThan", "greaterThanOrEqual", "lessThan",
                "lessThanOrEqual", "inRange", "blank", "notBlank")


def _formatter(field: str, kind: str) -> dict[str, str] | None:
    """A JS value formatter: '?' after uncertain values, one decimal for TIV."""
    if kind == "tiv":
        return {"function": "params.value == null ? '' : d3.format(',.1f')(params.value)"}
    if kind == "flag":
        return {"function": "params.value == null ? 'unknown' : (params.value ? 'yes' : 'no')"}
    flag = UNCERTAIN.get(field)
    if flag is None:
        return None
    return {"function": (f"params.value == null ? '' : params.value + "
                         f"(params.data && params.data.{flag} ? ' ?' : '')")}


def column_defs() -> list[dict[str, Any]]:
    """AG Grid column definitions: server-side sort and filter on every SIPRI field."""
    defs = []
    for field, header, kind, width in COLUMNS:
        col: dict[str, Any] = {
            "field": field, "headerName": header, "width": width, "sortable": True,
            "filter": "agTextColumnFilter" if kind == "text" else "agNumberColumnFilter",
        }
        if kind in ("number", "tiv", "year"):
            col["type"] = "rightAligned"
        fmt = _formatter(field, kind)
        if fmt:
            col["valueFormatter"] = fmt
        if kind == "flag":
            col["filter"] = False
        if field in ("comments", "designation"):
            col["tooltipField"] = field
        if field == "tiv_in_view":
            col["headerTooltip"] = "SIPRI TIV, millions, delivered in the years of the view"
            col["sort"] = "desc"
        defs.append(col)
    return defs


def _condition(values: pd.Series, cond: Mapping[str, Any], column: str) -> np.ndarray:
    """One filter condition as a boolean mask."""
    kind = cond.get("filterType", "text")
    op = cond.get("type", "contains")
    if op == "blank":
        return np.asarray(values.isna() | (values.astype(str).str.strip() == ""))
    if op == "notBlank":
        return ~_condition(values, {**cond, "type": "blank"}, column)
    if kind == "text":
        if op not in TEXT_TYPES:
            raise GridRequestError(f"filter on {column!r}: unknown text filter {op!r}")
        needle = str(cond.get("filter") or "").lower()
        hay = values.fillna("").astype(str).str.lower()
        result = {
            "contains": lambda: hay.str.contains(needle, regex=False),
            "notContains": lambda: ~hay.str.contains(needle, regex=False),
            "equals": lambda: hay == needle,
            "notEqual": lambda: hay != needle,
            "startsWith": lambda: hay.str.startswith(needle),
            "endsWith": lambda: hay.str.endswith(needle),
        }[op]()
        return np.asarray(result, dtype=bool)
    if kind == "number":
        if op not in NUMBER_TYPES:
            raise GridRequestError(f"filter on {column!r}: unknown number filter {op!r}")
        nums = pd.to_numeric(values, errors="coerce").astype(float)
        x = _number(cond.get("filter"), column)
        compare = {
            "equals": lambda: nums == x,
            "notEqual": lambda: nums != x,
            "greaterThan": lambda: nums > x,
            "greaterThanOrEqual": lambda: nums >= x,
            "lessThan": lambda: nums < x,
            "lessThanOrEqual": lambda: nums <= x,
            "inRange": lambda: (nums >= x) & (nums <= _number(cond.get("filterTo"), column)),
        }[op]()
        return np.asarray(compare.fillna(False), dtype=bool)
    raise GridRequestError(f"filter on {column!r}: unsupported filter type {kind!r}")


def _number(value: Any, column: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise GridRequestError(f"filter on {column!r}: {value!r} is not a number") from None


def filter_mask(df: pd.DataFrame, model: Mapping[str, Any] | None) -> np.ndarray:
    """Which rows match AG Grid's filter model (text and number filters, AND/OR)."""
    mask = np.ones(len(df), dtype=bool)
    for column, spec in (model or {}).items():
        if column not in df.columns or column not in GRID_COLUMNS:
            raise GridRequestError(f"filter on unknown column {column!r}")
        values = df[column]
        conditions = spec.get("conditions")
        if conditions:
            parts = [_condition(values, c, column) for c in conditions]
            if spec.get("operator", "AND") == "OR":
                mask &= np.logical_or.reduce(parts)
            else:
                mask &= np.logical_and.reduce(parts)
        else:
            mask &= _condition(values, spec, column)
    return mask


def sort_order(df: pd.DataFrame, sort_model: Sequence[Mapping[str, Any]] | None,
               positions: np.ndarray | None = None) -> np.ndarray:
    """Row positions (of `positions`, default all) in AG Grid's sort order.

    Several columns, text case-insensitive, empty values last, ties by deal id; only the
    sort columns are touched, so ordering every deal of a release stays cheap.
    """
    rows = np.arange(len(df)) if positions is None else positions
    if not sort_model:
        return rows
    cols, ascending = [], []
    for item in sort_model:
        col = item.get("colId")
        if col not in df.columns or col not in GRID_COLUMNS:
            raise GridRequestError(f"sort on unknown column {col!r}")
        if item.get("sort") not in ("asc", "desc"):
            raise GridRequestError(f"sort on {col!r}: direction must be 'asc' or 'desc'")
        cols.append(str(col))
        ascending.append(item["sort"] == "asc")
    if "deal_id" not in cols:
        cols.append("deal_id")
        ascending.append(True)
    keys = df[list(dict.fromkeys(cols))].iloc[rows].reset_index(drop=True)
    ordered = keys.sort_values(cols, ascending=ascending, na_position="last", kind="stable",
                               key=_sort_key)
    return rows[ordered.index.to_numpy()]


def _sort_key(values: pd.Series) -> pd.Series:
    """Text sorts case-insensitively; numbers as numbers."""
    if values.dtype == object or str(values.dtype).startswith("str"):
        return values.str.lower()
    return values


def _json_value(value: Any) -> Any:
    """A cell as JSON: None for missing, plain Python numbers and booleans."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def records(df: pd.DataFrame, highlight: Sequence[int] = ()) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts, with `highlight` true for the given deal ids."""
    marked = set(highlight)
    out = []
    for row in df.to_dict("records"):
        rec = {str(k): _json_value(v) for k, v in row.items()}
        rec["highlight"] = rec.get("deal_id") in marked
        out.append(rec)
    return out


def check_request(request: object) -> dict[str, Any]:
    """A grid block request (getRowsRequest) in the shape AG Grid sends, or a
    GridRequestError naming the part that is not (a hand-made request)."""
    if not isinstance(request, Mapping):
        raise GridRequestError("the request must be an object")
    for key in ("startRow", "endRow"):
        value = request.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise GridRequestError(f"{key!r} must be a row number")
    filters = request.get("filterModel") or {}
    if not isinstance(filters, Mapping) or not all(
            isinstance(spec, Mapping) and all(isinstance(c, Mapping)
                                              for c in spec.get("conditions") or [])
            for spec in filters.values()):
        raise GridRequestError("'filterModel' must map columns to filters")
    sort = request.get("sortModel") or []
    if not isinstance(sort, list) or not all(isinstance(item, Mapping) for item in sort):
        raise GridRequestError("'sortModel' must be a list of columns")
    return dict(request)


def block_range(start: int | None, end: int | None) -> tuple[int, int]:
    """A requested block [start, end), clamped: never negative, at most MAX_BLOCK rows."""
    first = max(int(start or 0), 0)
    last = min(max(int(end if end is not None else first + 100), first), first + MAX_BLOCK)
    return first, last


def block(df: pd.DataFrame, start: int | None, end: int | None,
          highlight: Sequence[int] = ()) -> dict[str, Any]:
    """The getRowsResponse for rows [start, end): rowData and the total rowCount."""
    first, last = block_range(start, end)
    return {"rowData": records(df.iloc[first:last], highlight), "rowCount": len(df)}


CSV_HEADERS = (
    ("release", "Release"), ("deal_id", "SIPRI AT Database ID"), ("supplier", "Supplier"),
    ("recipient", "Recipient"), ("designation", "Designation"),
    ("description", "Description"), ("category", "Armament category"),
    ("order_year", "Year of order"), ("order_year_uncertain", "Year of order uncertain"),
    ("number_ordered", "Number ordered"),
    ("number_ordered_uncertain", "Number ordered uncertain"),
    ("number_delivered", "Number delivered"),
    ("number_delivered_uncertain", "Number delivered uncertain"),
    ("delivery_years", "Year(s) of delivery"), ("status", "Status"),
    ("comments", "Comments"), ("tiv_per_unit", "SIPRI TIV per unit"),
    ("tiv_order", "SIPRI TIV for total order"),
    ("tiv_delivered", "SIPRI TIV of delivered weapons"),
    ("years_in_view", "Delivery years in view"), ("units_in_view", "Units delivered in view"),
    ("tiv_in_view", "SIPRI TIV delivered in view"),
    ("tiv_estimated", "Per-year TIV estimated"), ("open", "Open order"),
    ("local", "Local production (licence, assembly, co-production in the recipient)"),
)


def csv_text(df: pd.DataFrame, source_line: str) -> str:
    """The shown rows as CSV with SIPRI's field names, preceded by the source line; TIV to
    SIPRI's two decimals, ids, years and numbers whole."""
    out = published(df[[c for c, _ in CSV_HEADERS]]).rename(columns=dict(CSV_HEADERS))
    header = f"# {source_line}\n# TIV values are SIPRI trend-indicator values in millions " \
             "(a volume of transfers, not money)\n"
    return header + out.to_csv(index=False, lineterminator="\n")


def describe(q: DealQuery, name: Callable[[str], str] = str) -> str:
    """A short text of what a query covers, e.g. 'Türkiye → Pakistan, 2023'."""
    def names(items: Sequence[str]) -> str:
        return ", ".join(name(i) for i in items)

    who = names(q.suppliers) or "all suppliers"
    if q.exclude_suppliers:
        who = "suppliers other than " + names(q.exclude_suppliers)
    to = names(q.recipients) or "all recipients"
    if q.exclude_recipients:
        to = "recipients other than " + names(q.exclude_recipients)
    text = f"{who} → {to}"
    if q.first_year is not None or q.last_year is not None:
        first = q.first_year if q.first_year is not None else "…"
        last = q.last_year if q.last_year is not None else "…"
        text += f", {first}" if first == last else f", {first}–{last}"
    if q.categories:
        text += f" ({', '.join(q.categories)})"
    if q.search.strip():
        text += f", matching “{q.search.strip()}”"
    return text


def summary_line(n: int, total: float, label: str) -> str:
    """The line above the grid: what is shown, how many deals and their TIV total."""
    noun = "deal" if n == 1 else "deals"
    return (f"{label}: {n:,} {noun}, {round(total, TIV_DECIMALS):,.1f} million TIV delivered "
            "in view (SIPRI TIV)")


def summary(rows: pd.DataFrame, label: str) -> str:
    """The summary line of grid rows."""
    return summary_line(len(rows), grid_total(rows), label)
