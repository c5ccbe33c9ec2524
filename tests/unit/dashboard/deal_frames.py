"""Tiny inline `deliveries` and `deals` frames for the deal tests (invented rows, fixtures only)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from etl.schema import DEALS, DELIVERIES, validate

R = "2026-02-12"
OLD = "2024-04-13"


def delivery(deal_id: int, supplier: str, recipient: str, year: int, tiv: float,
             **over: Any) -> dict[str, Any]:
    """One deliveries row with plausible defaults."""
    row: dict[str, Any] = {
        "release": R, "deal_id": deal_id, "supplier": supplier, "recipient": recipient,
        "year": year, "units": 1.0, "tiv": tiv, "category": "Aircraft",
        "designation": f"D{deal_id}", "description": "thing", "status": "New",
        "order_year": 2020, "order_year_estimated": False, "units_estimated": False,
        "year_estimated": False, "tiv_per_unit": tiv, "local_production": False,
        "tiv_estimated": False,
    }
    row.update(over)
    return row


def deal(deal_id: int, supplier: str, recipient: str, years: list[int], **over: Any
         ) -> dict[str, Any]:
    """One deals row with plausible defaults."""
    row: dict[str, Any] = {
        "release": R, "deal_id": deal_id, "deal_id_known": True, "supplier": supplier,
        "recipient": recipient, "order_year": 2020, "order_year_uncertain": False,
        "number_ordered": float(len(years)), "number_ordered_uncertain": False,
        "number_delivered": float(len(years)), "number_delivered_uncertain": False,
        "designation": f"D{deal_id}", "description": "thing", "category": "Aircraft",
        "status": "New", "comments": None, "delivery_years": years, "tiv_per_unit": 1.0,
        "tiv_order": float(len(years)), "tiv_delivered": float(len(years)), "open": False,
        "source_format": "classic",
    }
    row.update(over)
    return row


def frame(rows: list[dict[str, Any]], table: str) -> pd.DataFrame:
    """A frame of rows typed and validated exactly as `etl.store.read_table` gives it."""
    schema = DELIVERIES if table == "deliveries" else DEALS
    df = pd.DataFrame(rows, columns=schema.names)
    arrow = pa.Table.from_pandas(df, schema=schema.to_arrow(), preserve_index=False)
    return validate(arrow.to_pandas(), schema)


def pakistan() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pakistan's imports and a few neighbours, in two releases."""
    dl = [
        delivery(1, "China", "Pakistan", 2022, 100.0, designation="JF-17"),
        delivery(1, "China", "Pakistan", 2023, 50.5, designation="JF-17"),
        delivery(2, "Turkiye", "Pakistan", 2022, 4.8, units=2.0, designation="Bayraktar TB-2",
                 description="armed UAV"),
        delivery(2, "Turkiye", "Pakistan", 2023, 9.6, units=4.0, designation="Bayraktar TB-2",
                 description="armed UAV"),
        delivery(2, "Turkiye", "Pakistan", 2024, 7.2, units=3.0, designation="Bayraktar TB-2",
                 description="armed UAV"),
        delivery(3, "Turkiye", "Pakistan", 2023, 9.0, units=2.0, designation="Akinci",
                 description="armed UAV"),
        delivery(3, "Turkiye", "Pakistan", 2024, 4.5, units=1.0, designation="Akinci",
                 description="armed UAV"),
        delivery(4, "Turkiye", "Pakistan", 2023, 205.0, designation="MilGem",
                 description="frigate", category="Ships", units=None),
        delivery(5, "Netherlands", "Pakistan", 2023, 12.3, category="Sensors"),
        delivery(6, "Sweden", "Pakistan", 2023, 0.1, category="Sensors"),
        delivery(7, "Turkiye", "Azerbaijan", 2023, 30.0),
        delivery(9, "Turkiye", "Pakistan", 2023, 999.0, release=OLD),
    ]
    dd = [
        deal(1, "China", "Pakistan", [2022, 2023], designation="JF-17"),
        deal(2, "Turkiye", "Pakistan", [2022, 2023, 2024], designation="Bayraktar TB-2",
             description="armed UAV", number_ordered=9.0, number_ordered_uncertain=True,
             number_delivered=9.0, tiv_per_unit=2.4, tiv_order=21.6, tiv_delivered=21.6),
        deal(3, "Turkiye", "Pakistan", [2023, 2024], designation="Akinci",
             description="armed UAV", comments="Incl for navy"),
        deal(4, "Turkiye", "Pakistan", [2023], designation="MilGem", description="frigate",
             category="Ships", number_ordered=4.0, number_delivered=1.0, tiv_per_unit=205.0,
             tiv_order=820.0, tiv_delivered=205.0, open=True, order_year=2018),
        deal(5, "Netherlands", "Pakistan", [2023], category="Sensors"),
        deal(6, "Sweden", "Pakistan", [2023], category="Sensors"),
        deal(7, "Turkiye", "Azerbaijan", [2023]),
        deal(11, "China", "Pakistan", [], designation="J-35", number_ordered=None,
             number_delivered=0.0, tiv_order=0.0, tiv_delivered=0.0, open=True,
             order_year=2025),
        deal(12, "Turkiye", "Pakistan", [], designation="Hisar", category="Air-defence systems",
             number_ordered=10.0, number_delivered=0.0, tiv_per_unit=3.0, tiv_order=30.0,
             tiv_delivered=0.0, open=True, order_year=2024,
             comments="Probably selected 2024 but not yet ordered"),
        deal(9, "Turkiye", "Pakistan", [2023], release=OLD, open=None,
             source_format="by_year"),
    ]
    return frame(dl, "deliveries"), frame(dd, "deals")
