"""Local production in a country's flows: by partner and year, the rest, the share."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.compute import local


def rows(items: list[tuple[str, int, float, bool | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(items, columns=["partner", "year", "tiv", "local_production"])
    return frame.assign(category="Ships",
                        local_production=frame["local_production"].astype("boolean"))


def test_local_annual_splits_local_rest_and_unknown() -> None:
    frame = local.local_annual(rows([("China", 2020, 60.0, True), ("China", 2020, 20.0, False),
                                     ("Türkiye", 2021, 10.0, True), ("USA", 2021, 30.0, None)]),
                               "supplier", 2020, 2022, 5)
    cell = frame.set_index(["year", "supplier"])["tiv"]
    assert cell[(2020, "China")] == 60.0 and cell[(2020, local.REST)] == 20.0
    assert cell[(2021, "Türkiye")] == 10.0 and cell[(2021, local.UNKNOWN)] == 30.0
    assert cell[(2021, local.REST)] == 0.0
    share = frame.groupby("year")["local_share"].first()
    assert share[2020] == pytest.approx(75.0) and share[2021] == pytest.approx(25.0)
    assert math.isnan(share[2022])


def test_no_local_production_gives_only_the_rest() -> None:
    frame = local.local_annual(rows([("China", 2020, 5.0, False)]), "supplier", 2020, 2020, 5)
    assert frame["supplier"].tolist() == [local.REST]
    assert frame["local_share"].tolist() == [0.0]


def test_by_country_splits_a_release_by_side() -> None:
    deliveries = pd.DataFrame({
        "release": ["r1", "r1", "r2"], "supplier": ["China", "Turkiye", "China"],
        "recipient": ["Pakistan", "Pakistan", "Pakistan"], "year": [2020, 2021, 2020],
        "category": ["Ships", "Aircraft", "Ships"], "tiv": [1.0, 2.0, 3.0],
        "local_production": pd.array([True, False, True], dtype="boolean")})
    imports = local.by_country(deliveries, "r1", "imports", {"Turkiye": "Türkiye"})
    assert sorted(imports) == ["Pakistan"]
    assert imports["Pakistan"]["partner"].tolist() == ["China", "Türkiye"]
    exports = local.by_country(deliveries, "r1", "exports", {})
    assert exports["Turkiye"]["partner"].tolist() == ["Pakistan"]
    only_ships = local.local_rows(imports, "Pakistan", ("Ships",))
    assert only_ships["tiv"].tolist() == [1.0]
    assert local.local_rows(imports, "Chad", ()).empty
    assert local.local_period(imports["Pakistan"], 2020, 2021) == (1.0, 3.0)
