"""The classic trade register: one row per deal, no deal id, no armament category.

cp1252, LF, no quoting. Each of the three columns headed by a single space holds `?` or
nothing and marks the column before it (year of order, number ordered, number
delivered) as uncertain. `Year(s) of delivery` is a `; `-separated list; open orders
have 0 delivered and no years. Some exports head the delivered column `Deliveries in
the Year Range`; headers are matched by meaning. Identical rows are kept: SIPRI lists
separate deals with identical fields (their ids differ in the by-delivery-year format).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.readers.cells import (
    CellErrors,
    Parsed,
    RawColumns,
    as_bool,
    body_rows,
    ends_truncated,
    match_header,
    norm_header,
    out_of_range,
    parse_choice,
    parse_number,
    parse_text,
    parse_year,
    parsed_register,
    split_cells,
)
from etl.readers.preamble import FormatError, Preamble, read_preamble
from etl.schema import COUNT_MAX, STATUSES, TIV_MAX, YEAR_RANGE

FORMAT = "classic"
FIELDS: dict[str, tuple[str, ...]] = {
    "recipient": ("Recipient", "recipient", "buyer"),
    "supplier": ("Supplier", "supplier", "seller"),
    "order_year": ("Year of order", "yearoforder", "orderyear", "orderdate"),
    "number_ordered": ("Number ordered", "numberordered", "numbersordered"),
    "designation": ("Weapon designation", "weapondesignation", "designation"),
    "description": ("Weapon description", "weapondescription", "description"),
    "number_delivered": ("Number delivered", "numberdelivered", "numbersdelivered",
                         "deliveriesintheyearrange", "delivered"),
    "delivery_years": ("Year(s) of delivery", "yearsofdelivery", "yearofdelivery",
                       "deliveryyears", "yearsofdeliveries"),
    "status": ("status", "status"),
    "comments": ("Comments", "comments", "comment"),
    "tiv_per_unit": ("SIPRI TIV per unit", "sipritivperunit", "tivperunit"),
    "tiv_order": ("SIPRI TIV for total order", "sipritivfortotalorder", "tivfortotalorder"),
    "tiv_delivered": ("SIPRI TIV of delivered weapons", "sipritivofdeliveredweapons",
                      "tivofdeliveredweapons", "tivdelivered"),
}
REQUIRED = ("recipient", "supplier", "order_year", "designation", "description",
            "number_delivered", "delivery_years", "status", "tiv_delivered")
UNCERTAIN = ("order_year", "number_ordered", "number_delivered")
YEARS = re.compile(r"^\d{4}(\s*;\s*\d{4})*$")


def read(text: str, source: str, encoding: str = "cp1252") -> Parsed:
    """Parse a classic trade register's text into one row per deal."""
    pre = read_preamble(text, source, encoding)
    return read_preamble_rows(pre, ends_truncated(text))


def header_map(header: list[str], pre: Preamble) -> tuple[dict[str, int], list[str]]:
    """Known fields' columns, with each blank-headed column as `<previous>_uncertain`."""
    named = {i: c for i, c in enumerate(header) if norm_header(c)}
    cols, unknown = match_header(list(named.values()), FIELDS, REQUIRED, pre)
    positions = list(named)
    cols = {name: positions[i] for name, i in cols.items()}
    by_index = {i: name for name, i in cols.items()}
    for i, cell in enumerate(header):
        if norm_header(cell) or i == 0:
            continue
        before = by_index.get(i - 1)
        if before in UNCERTAIN:
            cols[f"{before}_uncertain"] = i
        else:
            unknown.append(cell)
    return cols, unknown


def read_preamble_rows(pre: Preamble, truncated_tail: bool) -> Parsed:
    """Parse the body of a decoded classic register."""
    if pre.format != FORMAT:
        raise FormatError(f"{pre.source}: expected the classic trade register, found the "
                          f"{pre.format} format")
    header = split_cells(pre.header)
    cols, unknown = header_map(header, pre)
    body = body_rows(pre, len(header), truncated_tail, reject_duplicates=False,
                     stitch=cols.get("comments"))
    errors = body.errors(pre.source)
    frame = _parse(body.columns, cols, header, errors)
    return parsed_register(pre, FORMAT, frame, body, errors, unknown)


def _parse(raw: list[pa.Array], cols: dict[str, int], header: list[str],
           errors: CellErrors) -> pd.DataFrame:
    """Typed columns from the raw cells, without the rows that have a bad cell."""
    n = len(errors.line_nos)
    columns = RawColumns(raw, cols, header, FIELDS, n)
    cell, label = columns.cell, columns.label

    out: dict[str, object] = {}
    for name in ("recipient", "supplier", "designation", "description"):
        out[name] = parse_text(cell(name), label(name), errors)
    comments = parse_text(cell("comments"), label("comments"), errors, required=False)
    out["comments"] = [c or None for c in comments]
    out["order_year"] = parse_year(cell("order_year"), label("order_year"), errors)
    for name in ("number_ordered", "tiv_per_unit", "tiv_order"):
        out[name] = parse_number(cell(name), label(name), errors,
                                 COUNT_MAX if name == "number_ordered" else TIV_MAX)
    out["number_delivered"] = parse_number(cell("number_delivered"),
                                           label("number_delivered"), errors, COUNT_MAX,
                                           required=True)
    out["tiv_delivered"] = parse_number(cell("tiv_delivered"), label("tiv_delivered"), errors,
                                        TIV_MAX)
    for name in UNCERTAIN:
        key = f"{name}_uncertain"
        marks = pc.utf8_trim_whitespace(cell(key))
        question = as_bool(pc.equal(marks, "?"))
        errors.add(~question & ~as_bool(pc.equal(marks, "")),
                   f"{label(name)} (uncertainty)", "expected '?' or empty", marks)
        out[key] = pd.arrays.BooleanArray(question, np.full(n, key not in cols))
    years = pc.utf8_trim_whitespace(cell("delivery_years"))
    good = pc.or_(pc.match_substring_regex(years, YEARS.pattern), pc.equal(years, ""))
    errors.add(pc.invert(good), label("delivery_years"), "expected years separated by ';'",
               years)
    listed = pc.if_else(pc.and_(good, pc.not_equal(years, "")),
                        pc.replace_substring(years, ";", " "), pa.scalar(None, pa.string()))
    listed_years = pc.cast(pc.utf8_split_whitespace(listed), pa.list_(pa.int32()))
    far = out_of_range(pc.list_flatten(listed_years))
    rows = np.asarray(pc.list_parent_indices(listed_years).to_numpy(zero_copy_only=False))
    errors.add(np.isin(np.arange(n), rows[far]), label("delivery_years"),
               f"year outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}", years)
    split = listed_years.to_pylist()
    out["delivery_years"] = pd.Series([ys or [] for ys in split], dtype=object)
    out["status"] = parse_choice(cell("status"), label("status"), errors, STATUSES)
    return errors.keep(out)
