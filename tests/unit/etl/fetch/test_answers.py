"""Checking answers and merging answers for year ranges, with the seam checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from etl.fetch.answers import SeamError, check_answer, merge_parts
from etl.fetch.sipri_api import plan
from etl.readers.preamble import FormatError

BY_YEAR, CLASSIC, IMPORTS, EXPORTS = plan(1950, 2025)
PRE = ("Transfers of major conventional arms from All countries  to All countries . Deals "
       "with deliveries made for the year range '{a}' to '{b}' \nSource: SIPRI\n"
       "Data generated: {stamp}\n")
HEAD = ("SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
        "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
        "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
        "TIV delivery values,Local production\n")
CLASSIC_HEAD = ("Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"
                "Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,"
                "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n")
STAMP = "14 Mar 2026 10:15:00 AM"


def row(deal: int, year: int, supplier: str = "France") -> str:
    return (f"{deal},{supplier},India,Rafale,FGA aircraft,Aircraft,2016,No,2,No,{year},No,New,"
            "60,60,120,No\n")


def by_year(a: int, b: int, *rows: str, stamp: str = STAMP, encoding: str = "utf-8") -> bytes:
    return (PRE.format(a=a, b=b, stamp=stamp) + HEAD + "".join(rows)).encode(encoding)


def check(data: bytes, a: int = 1950, b: int = 2025, query=BY_YEAR):  # type: ignore[no-untyped-def]
    return check_answer(data, query, "src", a, b, 2025)


def test_a_good_answer_passes() -> None:
    answer = check(by_year(1950, 2025, row(1, 2020), row(1, 2021)))
    assert answer.preamble.release == "2026-03-14" and len(answer.rows) == 2


def test_wrong_format_is_named() -> None:
    with pytest.raises(FormatError, match="src: expected SIPRI's classic format"):
        check(by_year(1950, 2025, row(1, 2020)), query=CLASSIC)


def test_no_release_stamp_is_an_error() -> None:
    data = by_year(1950, 2025, row(1, 2020)).replace(b"Data generated", b"Generated")
    with pytest.raises(FormatError, match=r"src: .*'Data generated:'"):
        check(data)


def test_a_row_cut_short_is_an_error_naming_the_line() -> None:
    data = by_year(1950, 2025, row(1, 2020), "2,France,India,Rafale,FGA")
    with pytest.raises(FormatError, match="src: line 6: 5 cells where the header has 17"):
        check(data)


def test_a_year_outside_the_range_asked_for_is_an_error() -> None:
    with pytest.raises(SeamError, match="src: line 5: Delivery year '1987' is outside"):
        check(by_year(1988, 2025, row(1, 1987)), 1988, 2025)


def test_tiv_table_side_and_total_row_are_checked() -> None:
    table = ("Volume\nData generated: " + STAMP + "\n\nRecipient,2024,2025\nIndia,5,3\n"
             "Total world import,5,3\n").encode()
    assert len(check(table, query=IMPORTS).rows) == 2
    with pytest.raises(FormatError, match="expected the TIV table of exports"):
        check(table, query=EXPORTS)
    with pytest.raises(FormatError, match="no 'Total' row"):
        check(table.replace(b"Total world import,5,3\n", b""), query=IMPORTS)


def test_merge_joins_parts_with_the_whole_range_in_the_title() -> None:
    a = check(by_year(1950, 1987, row(1, 1960)), 1950, 1987)
    b = check(by_year(1988, 2025, row(1, 2020), row(2, 2021)), 1988, 2025)
    merged = merge_parts([a, b], BY_YEAR).decode()
    lines = merged.splitlines()
    assert "year range '1950' to '2025'" in lines[0]
    assert lines[-3:] == [row(1, 1960).strip(), row(1, 2020).strip(), row(2, 2021).strip()]
    assert lines[1:4] == ["Source: SIPRI", f"Data generated: {STAMP}", HEAD.strip()]


def test_merge_finds_a_deal_year_in_two_parts() -> None:
    """check_answer already refuses rows outside a part's range; merge checks again."""
    a = replace(check(by_year(1950, 2025, row(7, 2000))), last=1999)
    b = check(by_year(2000, 2025, row(7, 2000)), 2000, 2025)
    with pytest.raises(SeamError, match="deal 7 delivery year 2000 is in the answers for both"):
        merge_parts([a, b], BY_YEAR)


def test_merge_refuses_a_gap_between_parts() -> None:
    a = check(by_year(1950, 1980, row(1, 1960)), 1950, 1980)
    b = check(by_year(1990, 2025, row(1, 2020)), 1990, 2025)
    with pytest.raises(SeamError, match="1950-1980 and 1990-2025 leave a gap"):
        merge_parts([a, b], BY_YEAR)


def test_merge_refuses_parts_of_different_releases() -> None:
    a = check(by_year(1950, 1987, row(1, 1960)), 1950, 1987)
    b = check(by_year(1988, 2025, row(1, 2020), stamp="15 Mar 2026 12:01:00 AM"), 1988, 2025)
    with pytest.raises(SeamError, match="different releases"):
        merge_parts([a, b], BY_YEAR)


def test_merge_keeps_cp1252_where_a_part_has_it() -> None:
    a = check(by_year(1950, 1987, row(1, 1960)), 1950, 1987)
    b = check(by_year(1988, 2025, row(2, 2020, "Wärtsilä"), encoding="cp1252"), 1988, 2025)
    assert "Wärtsilä".encode("cp1252") in merge_parts([a, b], BY_YEAR)


def test_classic_parts_split_on_order_year() -> None:
    deal = "India,France,{y},,36,,Rafale,FGA aircraft,36,,2020; 2021,New,,60,2160,2160\n"

    def classic(*years: int) -> bytes:
        return (PRE.format(a=1950, b=2025, stamp=STAMP) + CLASSIC_HEAD
                + "".join(deal.format(y=y) for y in years)).encode()

    first = check(classic(1944, 1987), 1950, 1987, CLASSIC)  # older orders go in the first
    second = check(classic(2016), 1988, 2025, CLASSIC)
    assert merge_parts([first, second], CLASSIC).count(b"Rafale") == 3
    with pytest.raises(SeamError, match="Year of order '2016' is outside the years asked for "
                                        r"\(0-1987\)"):
        check(classic(2016), 1950, 1987, CLASSIC)
