"""A share of a period without any deliveries is undefined: every share chart draws a gap
there (never a point of 0%) and its table leaves the cell empty, on the tiny build
(Pakistan imports nothing in 2018 and 2019; the world's ships move only in 2015, 2021
and 2022)."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.charts import compare as ccmp
from dashboard.charts import country as cc
from dashboard.compute import export
from dashboard.data import Dataset
from dashboard.state import comparestate as cs
from dashboard.state import urlstate


def test_country_shares_have_a_gap_where_nothing_was_delivered(tiny_dataset: Dataset
                                                               ) -> None:
    view = urlstate.parse("country", {"country": "Pakistan", "release": "2026-02-12",
                                      "years": "2016-2023", "window": "1"},
                          tiny_dataset.choices).view
    chart = cc.CHARTS["shares"](tiny_dataset, view)
    drawn = [t for t in chart.figure["data"] if t.get("stackgroup")]
    xs = {x for t in drawn for x in t["x"]}
    assert xs == {2016, 2017, 2020, 2021, 2022, 2023}
    assert len({t["stackgroup"] for t in drawn}) == 2  # 2016–2017 and 2020–2023
    source = chart.figure["layout"]["annotations"][0]["text"]
    assert "no imports at all in the years 2018–2019" in source
    assert chart.frame.loc[chart.frame["year"].isin([2018, 2019]), "share"].isna().all()
    table = export.wide(chart.frame, "year", "supplier", "share").set_index("year")
    assert table.loc[[2018, 2019]].isna().all().all()
    assert table.loc[2017].notna().all()


def test_compare_share_lines_break_where_the_world_moved_nothing(tiny_dataset: Dataset
                                                                 ) -> None:
    view = cs.parse({"country": ["Pakistan"], "release": "2026-02-12", "years": "2016-2024",
                     "cat": "Ships", "measure": "share", "window": "1"},
                    tiny_dataset.choices, tiny_dataset.areas).view
    result = ccmp.compare_result(tiny_dataset, view)
    line = ccmp.figure(tiny_dataset, view, result)["data"][0]
    assert line["connectgaps"] is False
    by_year = dict(zip(line["x"], line["y"], strict=True))
    assert by_year[2021] == 100.0 and by_year[2022] == 100.0
    assert all(by_year[y] is None for y in (2016, 2020, 2023, 2024))
    table = ccmp.table_frame(view, result).set_index("year")["Pakistan"]
    assert table[2021] == 100.0 and math.isnan(table[2016])


def test_wide_tables_keep_an_empty_cell_empty_and_a_zero_zero() -> None:
    long = pd.DataFrame({"year": [2001, 2001, 2000, 2000], "name": ["B", "A", "B", "A"],
                         "share": [float("nan"), float("nan"), 0.0, 100.0]})
    wide = export.wide(long, "year", "name", "share")
    assert list(wide.columns) == ["year", "B", "A"] and list(wide["year"]) == [2000, 2001]
    assert list(wide["B"].iloc[:1]) == [0.0] and wide.iloc[1, 1:].isna().all()
