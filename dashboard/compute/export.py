"""CSV text of a frame, written by pyarrow's CSV writer (several times faster than
pandas' for the tens of thousands of cells a table or search answer holds)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


def csv_text(frame: pd.DataFrame, decimals: int = 4) -> str:
    """The frame as CSV with a header; floats rounded, NaN and None as empty cells."""
    rounded = frame.copy()
    for col in rounded.columns:
        if pd.api.types.is_float_dtype(rounded[col]):
            rounded[col] = np.round(rounded[col].to_numpy(dtype=float), decimals)
    buffer = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pandas(rounded, preserve_index=False), buffer)
    return buffer.getvalue().decode("utf-8")


def wide(frame: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """A long frame pivoted for reading: one row per `index` (sorted), one column per
    series in the order they first appear; a cell with no value stays empty (NaN), never
    0 (a share of a period without deliveries is undefined)."""
    order = list(dict.fromkeys(frame[columns]))
    sums = frame.groupby([index, columns], sort=False)[values].sum(min_count=1)
    return sums.unstack(columns).sort_index()[order].rename_axis(
        columns=None).reset_index()


# SIPRI's registers give TIV (millions) to two decimals; sums of them are shown the same way.
TIV_DECIMALS = 2
# Columns holding counts, ranks, years or ids: written as whole numbers (empty where none).
WHOLE_RE = re.compile(r"(^|_)(rank|year|markets|deal_id|number)(_|$)")
TIV_RE = re.compile(r"(^|_)tiv(_|$)")


def slug(text: str) -> str:
    """A name for a file: letters and digits, the rest as dashes."""
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def file_name(parts: Sequence[str], release: str, ext: str) -> str:
    """A download's name from what it holds, e.g. parts ('annual-by-recipient', 'exports',
    'Turkiye', '1995-2024') -> 'annual-by-recipient_exports_Turkiye_1995-2024_release-
    2026-02-12.csv'; empty parts are left out."""
    named = "_".join(slug(p) for p in parts if p)
    return f"{named}_release-{release}.{ext}"


def published(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as SIPRI publishes such figures: TIV columns to two decimals, ranks,
    years, counts and ids as whole numbers (nullable, so a missing rank stays empty)."""
    out = frame.copy()
    for col in out.columns:
        name = str(col)
        if WHOLE_RE.search(name) and pd.api.types.is_numeric_dtype(out[col]) \
                and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype("float64").round().astype("Int64")
        elif TIV_RE.search(name) and pd.api.types.is_float_dtype(out[col]):
            out[col] = np.round(out[col].to_numpy(dtype=float), TIV_DECIMALS)
    return out


def labelled_csv(frame: pd.DataFrame, about: Sequence[tuple[str, str]]) -> str:
    """A chart's frame as CSV saying in every row what it holds (the `about` columns
    first: country, side, years, categories, release...), figures as SIPRI publishes."""
    head = pd.DataFrame({k: [v] * len(frame) for k, v in about}, index=frame.index)
    clash = set(head.columns) & {str(c) for c in frame.columns}
    if clash:
        raise ValueError(f"columns named twice: {sorted(clash)}")
    return csv_text(pd.concat([head, published(frame)], axis=1))
