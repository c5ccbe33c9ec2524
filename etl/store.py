"""Parquet input and output of the declared tables; every write and every read is validated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.schema import TABLES, TableSchema, validate

MANIFEST = "manifest.json"


def write_table(df: pd.DataFrame, schema: TableSchema, folder: Path) -> Path:
    """Validate df against schema and write it as folder/<table>.parquet."""
    validate(df, schema)
    table = pa.Table.from_pandas(df[schema.names], schema=schema.to_arrow(), preserve_index=False)
    path = folder / f"{schema.name}.parquet"
    pq.write_table(table, path)
    return path


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read folder/<name>.parquet and validate it against its declared schema."""
    schema = TABLES[name]
    table = pq.read_table(folder / f"{name}.parquet", schema=schema.to_arrow())
    return validate(table.to_pandas(), schema)


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read the build's manifest.json."""
    data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return data
