"""A tiny build written to the table contract (invented rows, a test fixture only)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl.schema import DEALS, DELIVERIES, ENTITIES, RELEASES, TIV_TABLES
from etl.store import MANIFEST, write_table

ENTITIES_ROWS = [
    # name, canonical, display, iso3, kind
    ("Pakistan", "Pakistan", "Pakistan", "PAK", "state"),
    ("China", "China", "China", "CHN", "state"),
    ("Netherlands", "Netherlands", "Netherlands", "NLD", "state"),
    ("Turkiye", "Turkiye", "Türkiye", "TUR", "state"),
    ("Turkey", "Turkiye", "Türkiye", "TUR", "state"),
    ("India", "India", "India", "IND", "state"),
    ("Russia", "Russia", "Russia", "RUS", "state"),
    ("Soviet Union", "Soviet Union", "Soviet Union", None, "historical_state"),
    ("Hamas (Palestine)*", "Hamas (Palestine)*", "Hamas (Palestine)*", None,
     "non_state_group"),
    ("unknown supplier(s)", "unknown supplier(s)", "unknown supplier(s)", None, "unknown"),
]

# supplier, recipient, year, tiv, category
FLOWS = [
    ("China", "Pakistan", 2016, 300.0, "Aircraft"),
    ("China", "Pakistan", 2020, 500.0, "Aircraft"),
    ("China", "Pakistan", 2022, 300.0, "Ships"),
    ("Netherlands", "Pakistan", 2021, 60.0, "Ships"),
    ("Turkiye", "Pakistan", 2023, 40.0, "Aircraft"),
    ("Turkiye", "Pakistan", 2017, 20.0, "Aircraft"),
    ("unknown supplier(s)", "Pakistan", 2024, 0.0, "Other"),
    ("Russia", "India", 2018, 900.0, "Aircraft"),
    ("Russia", "India", 2021, 700.0, "Missiles"),
    ("China", "India", 2015, 0.0, "Sensors"),
    ("Soviet Union", "India", 2015, 10.0, "Ships"),
    ("unknown supplier(s)", "Hamas (Palestine)*", 2023, 5.0, "Missiles"),
    ("Turkiye", "Hamas (Palestine)*", 2022, 1.0, "Other"),
]

RELEASE_ROWS = [
    ("2026-02-12", "2026-02-12T12:26:12", 2015, 2024, ["by_year"], True),
    ("2026-05-18", "2026-05-18T14:29:20", 2016, 2025, ["classic"], False),
]


Flow = tuple[str, str, int, float, str]


def deliveries_frame(flows: list[Flow] = FLOWS) -> pd.DataFrame:
    rows = []
    for release, *_ in RELEASE_ROWS:
        for i, (sup, rec, year, tiv, cat) in enumerate(flows):
            if release == "2026-05-18" and year < 2016:
                continue
            rows.append({
                "release": release, "deal_id": i + 1, "supplier": sup, "recipient": rec,
                "year": year, "units": 1.0, "tiv": tiv, "category": cat,
                "designation": f"X-{i}", "description": "fixture item", "status": "New",
                "order_year": year - 1, "order_year_estimated": False,
                "units_estimated": False, "year_estimated": False, "tiv_per_unit": tiv,
                "local_production": False, "tiv_estimated": release == "2026-05-18",
            })
    return pd.DataFrame(rows).astype({"year": "int32", "order_year": "int32"})


def entities_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"name": n, "canonical": c, "display_name": d, "iso3": i, "kind": k,
         "spellings": [n] if n != c else []}
        for n, c, d, i, k in ENTITIES_ROWS])


def releases_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"release": r, "generated_at": g, "first_year": f, "last_year": last,
         "formats": fm, "per_year_exact": e, "world": True, "coverage": "all countries"}
        for r, g, f, last, fm, e in RELEASE_ROWS
    ]).astype({"first_year": "int32", "last_year": "int32"})


def empty_frame(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({n: pd.Series([], dtype="object") for n in names})


def write_build(folder: Path, build_id: str = "test-1", flows: list[Flow] = FLOWS) -> Path:
    """Write the tiny build (or one of other flows) and its manifest into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_table(deliveries_frame(flows), DELIVERIES, folder)
    write_table(empty_frame(DEALS.names), DEALS, folder)
    write_table(entities_frame(), ENTITIES, folder)
    write_table(empty_frame(TIV_TABLES.names), TIV_TABLES, folder)
    write_table(releases_frame(), RELEASES, folder)
    (folder / MANIFEST).write_text(json.dumps({"build_id": build_id}), encoding="utf-8")
    return folder
