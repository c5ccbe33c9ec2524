"""Downloads say what they hold: figures as SIPRI publishes them, the view in every row,
file names from the view's facts."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from dashboard.compute import export


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_ranks_counts_years_and_ids_are_whole_and_tiv_has_two_decimals() -> None:
    frame = pd.DataFrame({
        "rank": [1.0, np.nan, 3.0], "rank_base": [2.0, 1.0, np.nan],
        "markets": [7.0, 8.0, 9.0], "order_year": [2021.0, np.nan, 2019.0],
        "deal_id": [-5, 101, 102], "number_ordered": [9.0, 3.0, np.nan],
        "tiv_millions": [0.1 + 0.2, 9.120000000000001, 21.599999999999998],
        "pair_tiv": [80.93999999999998, 0.0, 1.005], "share_percent": [12.34567, 0.5, 0.0],
        "is_open": [True, False, True]})
    rows = _rows(export.csv_text(export.published(frame)))
    assert [r["rank"] for r in rows] == ["1", "", "3"]
    assert [r["rank_base"] for r in rows] == ["2", "1", ""]
    assert [r["markets"] for r in rows] == ["7", "8", "9"]
    assert [r["order_year"] for r in rows] == ["2021", "", "2019"]
    assert [r["deal_id"] for r in rows] == ["-5", "101", "102"]
    assert [r["number_ordered"] for r in rows] == ["9", "3", ""]
    assert [r["tiv_millions"] for r in rows] == ["0.3", "9.12", "21.6"]
    assert [r["pair_tiv"] for r in rows][:2] == ["80.94", "0"]
    assert [r["share_percent"] for r in rows] == ["12.3457", "0.5", "0"]  # not a TIV
    assert [r["is_open"] for r in rows] == ["true", "false", "true"]


def test_every_row_says_what_the_file_holds() -> None:
    about = [("country", "Türkiye"), ("side", "exports"), ("years", "1995-2024"),
             ("categories", "all"), ("release", "2026-02-12")]
    frame = pd.DataFrame({"year": [2020, 2021], "recipient": ["Pakistan", "Qatar"],
                          "tiv": [1.5, 2.25]})
    rows = _rows(export.labelled_csv(frame, about))
    assert list(rows[0])[:5] == ["country", "side", "years", "categories", "release"]
    assert all(r["country"] == "Türkiye" and r["side"] == "exports"
               and r["years"] == "1995-2024" and r["release"] == "2026-02-12" for r in rows)
    assert [r["recipient"] for r in rows] == ["Pakistan", "Qatar"]
    assert _rows(export.labelled_csv(frame.iloc[:0], about)) == []
    with pytest.raises(ValueError, match="year"):
        export.labelled_csv(frame, [("year", "2020")])


@pytest.mark.parametrize(("parts", "name"), [
    (("annual-by-recipient", "exports", "Turkiye", "1995-2024", "", ""),
     "annual-by-recipient_exports_Turkiye_1995-2024_release-2026-02-12.csv"),
    (("world-map", "imports", "world", "2020-2024"),
     "world-map_imports_world_2020-2024_release-2026-02-12.csv"),
    (("pair", "Hamas (Palestine)*-to-Iran", "2023", "Air-defence systems"),
     "pair_Hamas--Palestine---to-Iran_2023_Air-defence-systems_release-2026-02-12.csv"),
])
def test_file_names_from_the_view(parts: tuple[str, ...], name: str) -> None:
    assert export.file_name(parts, "2026-02-12", "csv") == name
