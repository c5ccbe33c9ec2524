"""Readers on small fixture files written in SIPRI's formats (invented rows)."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from etl.readers.api import decode_api_answer
from etl.readers.load import parse_export
from etl.readers.preamble import FormatError


def _bytes(fixtures_dir: Path, name: str) -> bytes:
    return (fixtures_dir / "sipri" / name).read_bytes()


def test_by_year_rows_and_types(fixtures_dir: Path) -> None:
    p = parse_export(_bytes(fixtures_dir, "by_year.csv"), "by_year.csv")
    assert (p.format, p.release, p.rows_read, p.rows_kept, p.rejects) == (
        "by_year", "2025-01-01", 9, 9, [])
    row = p.frame.iloc[0]
    assert row["deal_id"] == 1001 and row["year"] == 2022 and row["tiv"] == 4.8
    assert bool(row["order_year_estimated"]) is True
    radar = p.frame[p.frame["deal_id"] == 1003].iloc[0]
    assert pd.isna(radar["year_estimated"])
    assert radar["status"] == "Second hand" and bool(radar["local_production"])


def test_by_year_resaved_by_spreadsheet_reads_the_same(fixtures_dir: Path) -> None:
    raw = _bytes(fixtures_dir, "by_year.csv").decode("utf-8")
    resaved = "\ufeff" + "".join(line + ";\r\n" for line in raw.splitlines())
    a = parse_export(raw.encode("utf-8"), "a")
    b = parse_export(resaved.encode("utf-8"), "b")
    assert b.rejects == []
    assert a.frame.drop(columns="line").equals(b.frame.drop(columns="line"))


def test_by_year_quoted_cells(fixtures_dir: Path) -> None:
    raw = _bytes(fixtures_dir, "by_year.csv").decode("utf-8")
    quoted = raw.replace("FX-Gun,towed gun", '"FX-Gun","towed gun, 155mm"')
    p = parse_export(quoted.encode("utf-8"), "q")
    assert "towed gun, 155mm" in set(p.frame["description"])


@pytest.mark.parametrize("key", ["bytes", "result"])
def test_backend_json_answer(fixtures_dir: Path, key: str) -> None:
    raw = _bytes(fixtures_dir, "by_year.csv")
    value = base64.b64encode(raw).decode() if key == "bytes" else raw.decode("utf-8")
    p = parse_export(json.dumps({key: value}).encode(), "answer.json")
    assert p.rows_kept == 9 and p.release == "2025-01-01"


def test_backend_answer_without_csv_is_named() -> None:
    with pytest.raises(FormatError, match=r"answer\.json: .*no 'bytes' or 'result'"):
        decode_api_answer('{"error": "busy"}', "answer.json")
    with pytest.raises(FormatError, match=r"answer\.json: field 'bytes' is not valid base64"):
        decode_api_answer('{"bytes": "***"}', "answer.json")


def test_tiv_table_zero_versus_empty_and_totals(fixtures_dir: Path) -> None:
    p = parse_export(_bytes(fixtures_dir, "tiv_imports.csv"), "tiv.csv")
    f = p.frame
    assert set(f["side"]) == {"imports"} and set(f["scope"]) == {""}
    assert sorted(set(f["year"])) == [2022, 2023]  # 2021 and 2024 hold no value: unpublished
    houthi = f[(f["country"] == "Houthi rebels (Yemen)*") & (f["year"] == 2022)]["tiv"].item()
    assert houthi == 0.0
    unknown = f[(f["country"] == "unknown recipient(s)") & (f["year"] == 2023)]["tiv"].item()
    assert math.isnan(unknown)
    totals = f[f["is_total"]]
    assert set(totals["country"]) == {"Total world import"}
    assert p.rows_read == 4 and p.rows_kept == 4


def test_tiv_table_scoped_partner_table() -> None:
    text = ("Volume of transfers\nData generated: 1 Jan 2025 10:00:00 AM\n\n"
            "Supplier,2022,2023,2022-2023\nChina,5,6,11\nTotal exports to Pakistan,5,6,11\n")
    p = parse_export(text.encode(), "partners.csv")
    assert set(p.frame["side"]) == {"imports"} and set(p.frame["scope"]) == {"Pakistan"}


def test_tiv_table_exports_by() -> None:
    text = ("Volume of transfers\nData generated: 1 Jan 2025 10:00:00 AM\n\n"
            "Exports by,2022,2022-2022\nChina,5,5\n")
    assert set(parse_export(text.encode(), "x.csv").frame["side"]) == {"exports"}


def test_classic_register(fixtures_dir: Path) -> None:
    p = parse_export(_bytes(fixtures_dir, "classic.csv"), "classic.csv")
    f = p.frame
    assert (p.format, p.encoding, p.rows_read, p.rows_kept) == ("classic", "cp1252", 8, 8)
    drone = f.iloc[0]
    assert drone["delivery_years"] == [2022, 2023, 2024]
    assert bool(drone["order_year_uncertain"]) and bool(drone["number_ordered_uncertain"])
    assert bool(drone["number_delivered_uncertain"])
    assert "Wärtsilä" in f.iloc[1]["comments"]
    sub = f[f["designation"] == "FX-Sub"].iloc[0]
    assert sub["delivery_years"] == [] and sub["number_delivered"] == 0
    assert len(f[f["designation"] == "FX-Gun"]) == 2  # identical rows are separate deals


def test_classic_header_variant_deliveries_in_year_range(fixtures_dir: Path) -> None:
    raw = _bytes(fixtures_dir, "classic.csv").decode("cp1252")
    variant = raw.replace(",Number delivered, ,", ",Deliveries in the Year Range, ,")
    p = parse_export(variant.encode("cp1252"), "variant.csv")
    assert p.rows_kept == 8 and p.frame["number_delivered"].sum() == 37
