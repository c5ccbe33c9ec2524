"""The register by delivery year: one row per deal and delivery year, with SIPRI's deal id.

As exported, as re-saved by a spreadsheet (CRLF, BOM, `;` line ends, quoted cells; the
preamble module undoes those) and as the backend's JSON answer (see `api`). Headers are
matched by meaning; optional columns may be absent, unknown extra columns are ignored
and listed in the manifest.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.readers.cells import (
    CellErrors,
    Parsed,
    RawColumns,
    body_rows,
    ends_truncated,
    match_header,
    parse_choice,
    parse_flag,
    parse_number,
    parse_text,
    parse_year,
    parsed_register,
    split_cells,
)
from etl.readers.preamble import FormatError, Preamble, read_preamble
from etl.schema import COUNT_MAX, STATUSES, TIV_MAX

FORMAT = "by_year"

FIELDS: dict[str, tuple[str, ...]] = {
    "deal_id": ("SIPRI AT Database ID", "sipriatdatabaseid", "atdatabaseid", "dealid"),
    "supplier": ("Supplier", "supplier", "seller"),
    "recipient": ("Recipient", "recipient", "buyer"),
    "designation": ("Designation", "designation", "weapondesignation"),
    "description": ("Description", "description", "weapondescription"),
    "category": ("Armament category", "armamentcategory", "weaponcategory", "category"),
    "order_year": ("Order date", "orderdate", "orderyear", "yearoforder"),
    "order_year_estimated": ("Order date is estimate", "orderdateisestimate",
                             "orderyearisestimate"),
    "units": ("Numbers delivered", "numbersdelivered", "numberdelivered"),
    "units_estimated": ("Numbers delivered is estimate", "numbersdeliveredisestimate",
                        "numberdeliveredisestimate"),
    "year": ("Delivery year", "deliveryyear", "yearofdelivery"),
    "year_estimated": ("Delivery year is estimate", "deliveryyearisestimate"),
    "status": ("Status", "status"),
    "sipri_estimate": ("SIPRI estimate", "sipriestimate"),
    "tiv_per_unit": ("TIV deal unit", "tivdealunit"),
    "tiv": ("TIV delivery values", "tivdeliveryvalues", "tivdeliveryvalue"),
    "local_production": ("Local production", "localproduction"),
}
REQUIRED = ("deal_id", "supplier", "recipient", "designation", "description", "category",
            "year", "status", "tiv")
TEXT = ("supplier", "recipient", "designation", "description", "category")
FLAGS = ("order_year_estimated", "units_estimated", "year_estimated", "local_production")
NUMBERS = ("units", "sipri_estimate", "tiv_per_unit")


def read(text: str, source: str, encoding: str = "utf-8") -> Parsed:
    """Parse a by-delivery-year export's text into rows; bad rows are rejected, not kept."""
    pre = read_preamble(text, source, encoding)
    return read_preamble_rows(pre, ends_truncated(text))


def read_preamble_rows(pre: Preamble, truncated_tail: bool) -> Parsed:
    """Parse the body of a decoded by-delivery-year export."""
    if pre.format != FORMAT:
        raise FormatError(f"{pre.source}: expected the register by delivery year, "
                          f"found the {pre.format} format")
    header = split_cells(pre.header)
    cols, unknown = match_header(header, FIELDS, REQUIRED, pre)
    body = body_rows(pre, len(header), truncated_tail)
    errors = body.errors(pre.source)
    frame = _parse(body.columns, cols, header, errors)
    return parsed_register(pre, FORMAT, frame, body, errors, unknown)


def _parse(raw: list[pa.Array], cols: dict[str, int], header: list[str],
           errors: CellErrors) -> pd.DataFrame:
    """Typed columns from the raw cells, without the rows that have a bad cell."""
    columns = RawColumns(raw, cols, header, FIELDS, len(errors.line_nos))
    cell, label = columns.cell, columns.label

    out: dict[str, object] = {}
    ids = pc.utf8_trim_whitespace(cell("deal_id"))
    ok_id = pc.match_substring_regex(ids, r"^\d+$")
    errors.add(pc.invert(ok_id), label("deal_id"), "not a deal id", ids)
    out["deal_id"] = pd.array(
        pc.cast(pc.if_else(ok_id, ids, pa.scalar(None, pa.string())), pa.int64()).to_pandas(),
        dtype="Int64")
    for name in TEXT:
        out[name] = parse_text(cell(name), label(name), errors)
    out["order_year"] = parse_year(cell("order_year"), label("order_year"), errors)
    out["year"] = parse_year(cell("year"), label("year"), errors, required=True)
    for name in FLAGS:
        out[name] = parse_flag(cell(name), label(name), errors)
    for name in NUMBERS:
        out[name] = parse_number(cell(name), label(name), errors,
                                 COUNT_MAX if name == "units" else TIV_MAX)
    out["tiv"] = parse_number(cell("tiv"), label("tiv"), errors, TIV_MAX, required=True)
    out["status"] = parse_choice(cell("status"), label("status"), errors, STATUSES)
    return errors.keep(out)
