"""CSV text of a frame, written by pyarrow's CSV writer (several times faster than
pandas' for the tens of thousands of cells a table or search answer holds)."""

from __future__ import annotations

import io

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
