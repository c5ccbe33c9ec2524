"""The schema checker: each failure names the table and the column."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.schema import RELEASES, SchemaError, validate


def _releases(**over: object) -> pd.DataFrame:
    row = {
        "release": "2026-02-12",
        "generated_at": "2026-02-12T12:26:12",
        "first_year": 1995,
        "last_year": 2024,
        "formats": ["by_year"],
        "per_year_exact": True,
        "world": True,
        "coverage": "all countries",
    }
    row.update(over)
    return pd.DataFrame([row])


def test_valid_table_passes() -> None:
    df = _releases()
    assert validate(df, RELEASES) is df


def test_missing_column_is_named() -> None:
    with pytest.raises(SchemaError, match=r"releases: missing column\(s\) last_year"):
        validate(_releases().drop(columns="last_year"), RELEASES)


def test_unknown_column_is_named() -> None:
    with pytest.raises(SchemaError, match=r"unexpected column.*bogus"):
        validate(_releases(bogus=1), RELEASES)


def test_null_in_required_column_is_named() -> None:
    with pytest.raises(SchemaError, match=r"releases\.release: 1 empty"):
        validate(_releases(release=None), RELEASES)


def test_out_of_range_is_named() -> None:
    with pytest.raises(SchemaError, match=r"releases\.first_year: value\(s\) outside"):
        validate(_releases(first_year=1066), RELEASES)


def test_duplicate_key_is_reported() -> None:
    df = pd.concat([_releases(), _releases()], ignore_index=True)
    with pytest.raises(SchemaError, match="share a key"):
        validate(df, RELEASES)
