"""SIPRI's regional TIV table: imports of each region, subregion or grouping by supplier.

The header's first two cells are empty, then year columns and summary columns
(`1990-2023`, `% of regional total`). Rows come in blocks: `REGION,Regional total,...`
opens a block, then `,SUPPLIER,...` rows list that region's suppliers. A supplier row
before any block, a region opened twice, or a supplier listed twice in one block is
rejected with its line. `0` means below 0.5, an empty cell means none; a year column
empty in every row is not yet published and is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.readers.cells import (
    CellErrors,
    Parsed,
    body_rows,
    parse_number,
    parsed_table,
    split_cells,
)
from etl.readers.coverage import Coverage
from etl.readers.preamble import SUMMARY, FormatError, Preamble
from etl.readers.tiv_table import year_columns
from etl.schema import TABLE_TIV_MAX

FORMAT = "regional"
TOTAL_LABEL = "Regional total"
COLUMNS = ("region", "supplier", "is_total", "year", "tiv", "line")


def read_preamble_rows(pre: Preamble, truncated_tail: bool) -> Parsed:
    """Parse the body of a decoded regional TIV table into long rows
    (region, supplier, is_total, year, tiv, line)."""
    if pre.format != FORMAT:
        raise FormatError(f"{pre.source}: expected the regional TIV table, found the "
                          f"{pre.format} format")
    header = split_cells(pre.header)
    years = year_columns(header, 2, pre)
    ignored = [c for i, c in enumerate(header[2:], 2) if i not in years
               and not SUMMARY.match(c.strip())]
    # The same supplier line recurs in several regions; duplicates within a block are
    # caught by `block_names`.
    body = body_rows(pre, len(header), truncated_tail, reject_duplicates=False)
    errors = body.errors(pre.source)
    regions, suppliers = block_names(body.columns[0].to_pylist(),
                                     body.columns[1].to_pylist(), errors, body.columns)
    values = {y: parse_number(body.columns[i], header[i].strip(), errors, TABLE_TIV_MAX)
              for i, y in years.items()}
    frame = _long(regions, suppliers, values, errors)
    return parsed_table(pre, FORMAT, frame, body, errors, ignored, Coverage())


def block_names(first: list[str], second: list[str], errors: CellErrors,
                raw: list[pa.Array]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's region (from the block it is in) and supplier ('Regional total' for the
    row opening a block); rows that break the block layout are recorded in `errors`."""
    n = len(first)
    regions = np.empty(n, dtype=object)
    suppliers = np.empty(n, dtype=object)
    problems: dict[str, np.ndarray] = {k: np.zeros(n, dtype=bool) for k in
                                       ("orphan", "opener", "twice", "region_twice", "empty")}
    current: str | None = None
    opened: set[str] = set()
    seen: set[str] = set()
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        region, supplier = a.strip(), b.strip()
        if region:
            problems["opener"][i] = supplier != TOTAL_LABEL
            problems["region_twice"][i] = region in opened
            opened.add(region)
            current, seen = region, set()
            regions[i], suppliers[i] = region, TOTAL_LABEL
            continue
        problems["orphan"][i] = current is None
        problems["empty"][i] = not supplier
        problems["twice"][i] = supplier in seen or supplier == TOTAL_LABEL
        seen.add(supplier)
        regions[i], suppliers[i] = current or "", supplier
    errors.add(problems["opener"], "second column",
               f"a row naming a region must be its {TOTAL_LABEL!r} row", raw[1])
    errors.add(problems["region_twice"], "first column", "region opened twice", raw[0])
    errors.add(problems["orphan"], "second column",
               "supplier row before any region's 'Regional total' row", raw[1])
    errors.add(problems["empty"], "second column", "empty supplier", raw[1])
    errors.add(problems["twice"], "second column", "supplier listed twice in one region",
               raw[1])
    return regions, suppliers


def _long(regions: np.ndarray, suppliers: np.ndarray, values: dict[int, np.ndarray],
          errors: CellErrors) -> pd.DataFrame:
    """One row per region, supplier and published year, without rejected rows."""
    keep = errors.keep_mask()
    lines = np.asarray(errors.line_nos, dtype="int64")[keep]
    published = [y for y, v in values.items() if (~np.isnan(v[keep])).any()]
    parts = [pd.DataFrame({"region": regions[keep], "supplier": suppliers[keep],
                           "year": np.int32(y), "tiv": values[y][keep], "line": lines})
             for y in published]
    if not parts:
        return pd.DataFrame({"region": pd.Series(dtype=object),
                             "supplier": pd.Series(dtype=object),
                             "is_total": pd.Series(dtype=bool),
                             "year": pd.Series(dtype="int32"),
                             "tiv": pd.Series(dtype="float64"),
                             "line": pd.Series(dtype="int64")})
    frame = pd.concat(parts, ignore_index=True)
    frame["is_total"] = (frame["supplier"] == TOTAL_LABEL).to_numpy()
    frame["year"] = frame["year"].astype("int32")
    return frame[list(COLUMNS)]
