"""Two rows of one SIPRI table are two entities: the name map never merges names that one
table lists side by side, on tables written here and on every real export."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import entities
from etl.assemble import TABLE_ROWS, raw_names
from etl.build import BuildError, build, discover
from etl.readers.load import read_export

TABLE = """Volume of transfers of major arms
Figures are in millions of SIPRI trend-indicator values (TIVs).

Source: SIPRI Arms Transfers Database (written for this test).
Data generated: 13 Apr 2024 8:20:07 AM

Recipient,1950,1951,1950-1951
Soviet Union,,5,5
Russia,3,,3
{a},1,,1
{b},,2,2
Total world import,4,7,11
"""


def test_a_name_map_merging_two_rows_of_one_table_fails_the_build(tmp_path: Path) -> None:
    path = tmp_path / "long-range.csv"
    path.write_text(TABLE.format(a="UAE", b="United Arab Emirates"), encoding="utf-8")
    with pytest.raises(BuildError, match=r"long-range\.csv: lines 10 and 11: 'UAE' and "
                                         r"'United Arab Emirates' are two rows of one SIPRI "
                                         r"table, but the name map makes both 'United Arab "
                                         r"Emirates'"):
        build([path], tmp_path / "build")


def test_historical_states_beside_their_successors_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "long-range.csv"
    path.write_text(TABLE.format(a="Czechoslovakia", b="Czechia"), encoding="utf-8")
    manifest = build([path], tmp_path / "build")
    assert manifest["tables"]["tiv_tables"] == 5 * 2


@pytest.mark.realdata
def test_no_override_or_stored_answer_merges_two_rows_of_a_real_table(sipri_dir: Path
                                                                       ) -> None:
    files = discover([sipri_dir]) + sorted((sipri_dir / "more").glob("*.csv"))
    parsed = [read_export(f) for f in files]
    mapping = entities.resolve(raw_names(parsed)).canonical
    overrides, stored = entities.load_overrides(), entities.load_iso_cache()
    checked = 0
    for p in parsed:
        if p.format not in TABLE_ROWS:
            continue
        keys, name = TABLE_ROWS[p.format]
        for _, table in p.frame[~p.frame["is_total"]].groupby(keys):
            names = sorted(set(table[name]))
            canon = {n: mapping.get(n, n) for n in names}
            assert len(set(canon.values())) == len(names), (p.source, canon)
            checked += len(names)
            # every name the data files speak of, seen in this table, is its own entity
            named = [n for n in names if n in overrides or n in stored]
            assert len({canon[n] for n in named}) == len(named)
    assert checked > 2000
