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

import pandas as pd

from etl.readers.cells import (
    CellErrors,
    Parsed,
    Reject,
    body_rows,
    ends_truncated,
    match_header,
    norm_header,
    parse_choice,
    parse_number,
    parse_text,
    parse_year,
    split_cells,
)
from etl.readers.preamble import FormatError, Preamble, read_preamble
from etl.schema import STATUSES

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
    rows, line_nos, rejects = body_rows(pre, len(header), truncated_tail,
                                        reject_duplicates=False)
    raw = pd.DataFrame(rows, columns=range(len(header)), dtype="string")
    frame, more = _parse(raw, cols, header, line_nos, pre)
    return Parsed(
        source=pre.source, format=FORMAT, release=pre.release,
        generated_at=pre.generated.isoformat(), frame=frame,
        rows_read=len(rows) + len(rejects), rows_kept=len(frame), rejects=rejects + more,
        ignored_columns=unknown, encoding=pre.encoding,
    )


def parse_years(cell: str) -> list[int]:
    """'2022; 2023; 2024' -> [2022, 2023, 2024]; '' -> []."""
    return [int(y) for y in cell.replace(" ", "").split(";") if y]


def _parse(raw: pd.DataFrame, cols: dict[str, int], header: list[str], line_nos: list[int],
           pre: Preamble) -> tuple[pd.DataFrame, list[Reject]]:
    """Typed columns from the raw cells; the rows with a bad cell are returned apart."""
    lines = pd.Series(line_nos, index=raw.index, dtype="int64")
    text = pd.Series([",".join(r) for r in raw.itertuples(index=False, name=None)],
                     index=raw.index, dtype="object") if len(raw) else pd.Series(dtype=object)
    errors = CellErrors(pre.source, lines, text)

    def cell(name: str) -> pd.Series:
        if name in cols:
            return raw[cols[name]].fillna("")
        return pd.Series("", index=raw.index, dtype="string")

    def label(name: str) -> str:
        return header[cols[name]] if name in cols else name

    out: dict[str, pd.Series] = {}
    for name in ("recipient", "supplier", "designation", "description"):
        out[name] = parse_text(cell(name), label(name), errors)
    comments = cell("comments").str.strip()
    out["comments"] = comments.where(comments != "")
    out["order_year"] = parse_year(cell("order_year"), label("order_year"), errors)
    for name in ("number_ordered", "tiv_per_unit", "tiv_order"):
        out[name] = parse_number(cell(name), label(name), errors)
    out["number_delivered"] = parse_number(cell("number_delivered"),
                                           label("number_delivered"), errors, required=True)
    out["tiv_delivered"] = parse_number(cell("tiv_delivered"), label("tiv_delivered"), errors)
    for name in UNCERTAIN:
        key = f"{name}_uncertain"
        marks = cell(key).str.strip()
        errors.add(~marks.isin(["?", ""]), f"{label(name)} (uncertainty)", "expected '?' "
                   "or empty", marks)
        out[key] = (marks == "?").astype("boolean") if key in cols else pd.Series(
            pd.NA, index=raw.index, dtype="boolean")
    years = cell("delivery_years").str.strip()
    errors.add(~years.str.match(YEARS) & (years != ""), label("delivery_years"),
               "expected years separated by ';'", years)
    out["delivery_years"] = years
    out["status"] = parse_choice(cell("status"), label("status"), errors, STATUSES)
    out["line"] = lines
    frame = errors.keep(pd.DataFrame(out)).reset_index(drop=True)
    frame["delivery_years"] = [parse_years(y) for y in frame["delivery_years"]]
    return frame, errors.rejects()
