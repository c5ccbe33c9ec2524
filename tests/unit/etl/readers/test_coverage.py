"""What an export covers, read from its first preamble line (lines written here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.readers.coverage import Coverage, from_first_line, of_release, of_table

HEAD = "Transfers of major conventional arms from "


@pytest.mark.parametrize(("line", "suppliers", "recipients", "years", "what"), [
    (HEAD + "All countries  to All countries . Deals with deliveries made for the year "
     "range 'Not specified' to 'Not specified' ", "All countries", "All countries", None,
     "deliveries"),
    (HEAD + "All countries to All countries. Deals with deliveries or orders made for year "
     "range '1990' to '2023' ", "All countries", "All countries", (1990, 2023),
     "deliveries or orders"),
    (HEAD + "Turkiye to All countries. Deals with deliveries made for the year range '2000' "
     "to '2001'", "Turkiye", "All countries", (2000, 2001), "deliveries"),
    (HEAD + "All countries to Trinidad and Tobago.", "All countries", "Trinidad and Tobago",
     None, ""),
    ('"' + HEAD + "All countries to St. Kitts and Nevis. Deals with deliveries made for the "
     "year range '2010' to '2012'\",,,", "All countries", "St. Kitts and Nevis",
     (2010, 2012), "deliveries"),
])
def test_first_line(line: str, suppliers: str, recipients: str,
                    years: tuple[int, int] | None, what: str) -> None:
    cov = from_first_line(line)
    assert cov == Coverage(suppliers, recipients, years, what)


def test_a_line_stating_no_coverage() -> None:
    assert from_first_line("Volume of transfers of major arms") is None
    assert from_first_line("") is None


def test_world_and_description() -> None:
    assert Coverage().world and Coverage().describe() == "all countries"
    one = Coverage(suppliers="Turkiye")
    assert not one.world
    assert one.describe() == "transfers from Turkiye to all countries"
    assert Coverage(recipients="Pakistan").describe() == (
        "transfers from all countries to Pakistan")
    assert Coverage(suppliers="all  COUNTRIES").world
    record = Coverage(suppliers="Turkiye", years=(2000, 2001)).record()
    assert record["world"] is False and record["years"] == [2000, 2001]


def test_table_coverage_from_its_scope() -> None:
    assert of_table("imports", "").world
    assert of_table("exports", "China") == Coverage(suppliers="China")
    assert of_table("imports", "India") == Coverage(recipients="India")


def test_release_coverage_registers_decide() -> None:
    world, turk = Coverage(), Coverage(suppliers="Turkiye")
    assert of_release([("classic", turk), ("tiv_table", world)]) == (
        False, "transfers from Turkiye to all countries")
    assert of_release([("classic", turk), ("by_year", world)]) == (True, "all countries")
    assert of_release([("tiv_table", world)]) == (True, "all countries")
    assert of_release([("by_year", turk), ("by_year", Coverage(recipients="Chad"))]) == (
        False, "transfers from Turkiye to all countries; transfers from all countries to Chad")


NAME = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z]?[a-z.'-]{1,8}){0,3}", fullmatch=True).filter(
    lambda n: " to " not in f" {n.lower()} " and not n.endswith("."))


@settings(max_examples=80, deadline=None)
@given(suppliers=NAME, recipients=NAME, years=st.one_of(st.none(), st.tuples(
    st.integers(1950, 2030), st.integers(1950, 2030))), what=st.sampled_from(
    ["deliveries", "deliveries or orders"]), quoted=st.booleans())
def test_round_trip(suppliers: str, recipients: str, years: tuple[int, int] | None,
                    what: str, quoted: bool) -> None:
    a, b = (f"{years[0]}", f"{years[1]}") if years else ("Not specified", "Not specified")
    line = (f"{HEAD}{suppliers} to {recipients}. Deals with {what} made for the year range "
            f"'{a}' to '{b}' ")
    if quoted:
        line = f'"{line}";'
    assert from_first_line(line) == Coverage(suppliers, recipients, years, what)
