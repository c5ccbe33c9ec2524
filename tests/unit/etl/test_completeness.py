"""The register-completeness rules on inputs made here."""

from __future__ import annotations

import pytest

from etl.completeness import early_end, order_problem, shrunk


@pytest.mark.parametrize(("recipients", "problem_at"), [
    ([], None), (["Egypt"], None), (["algeria", "Algeria", "Egypt", "egypt"], None),
    (["Afghanistan", "ANC (South Africa)*", "Angola"], None),  # case-insensitive, as SIPRI
    (["Egypt", "Algeria"], 11), (["A", "B", "C", "B"], 13),
])
def test_the_recipient_order(recipients: list[str], problem_at: int | None) -> None:
    problem = order_problem(recipients, list(range(10, 10 + len(recipients))))
    assert (problem is None) == (problem_at is None)
    if problem_at is not None:
        assert f"from line {problem_at} " in str(problem)


@pytest.mark.parametrize(("last", "cut"), [("Zimbabwe", False), ("Yemen", False),
                                            ("zambia", False), ("Viet Nam", True),
                                            ("Algeria", True)])
def test_an_early_end_of_the_alphabet(last: str, cut: bool) -> None:
    assert (early_end(["Afghanistan", last]) is not None) is cut
    assert early_end([]) is None


def test_fewer_rows_than_before_only_for_the_same_release_and_format() -> None:
    now = {"release": "2030-06-01", "format": "classic", "rows_read": 90}
    assert shrunk(now, [{**now, "rows_read": 100}]) is not None
    assert shrunk(now, [{**now, "rows_read": 90}, {**now, "rows_read": 80}]) is None
    assert shrunk(now, [{**now, "rows_read": 100, "release": "2030-01-01"}]) is None
    assert shrunk(now, [{**now, "rows_read": 100, "format": "by_year"}]) is None
    assert shrunk(now, []) is None
