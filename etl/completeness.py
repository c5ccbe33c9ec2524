"""Is a register whole? A classic register cut exactly at a line end reads as a valid,
shorter file; these checks say so where it shows.

- SIPRI sorts a classic register by recipient, A to Z (case-insensitive; within one
  recipient the rows are in no order: checked on the real 2026-05-18 register, 29,916
  rows, 255 recipients, not one step backwards). Rows out of that order, or a register
  of all countries that ends before the end of the alphabet, are warnings.
- The same release built before from more rows of the same format: a warning.
- A TIV table of the same release names a recipient with deliveries in the register's
  years that the register does not have at all: unambiguous, the build fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

# SIPRI's world registers end with the recipients at the end of the alphabet (Yemen,
# Zambia, Zimbabwe in every release seen); one ending before "Y" stops early.
LAST_RECIPIENT_FROM = "y"
TIV_FLOOR = 0.5  # a TIV table's 0 means below 0.5: only larger totals must be present


class IncompleteRegister(ValueError):
    """A register lacks deals that SIPRI's own table of the same release shows."""


def order_problem(recipients: Sequence[str], lines: Sequence[int]) -> str | None:
    """Where the rows leave SIPRI's recipient order (A to Z), or None."""
    keys = [r.casefold() for r in recipients]
    for i in range(1, len(keys)):
        if keys[i] < keys[i - 1]:
            return (f"rows are not in SIPRI's order by recipient from line {lines[i]} "
                    f"({recipients[i]!r} after {recipients[i - 1]!r})")
    return None


def early_end(recipients: Sequence[str]) -> str | None:
    """A register of all countries that ends before the end of the alphabet, or None."""
    if not recipients:
        return None
    last = recipients[-1]
    if last.casefold() < LAST_RECIPIENT_FROM:
        return (f"it ends with recipient {last!r}, but SIPRI's registers of all countries "
                "run to the end of the alphabet (Zimbabwe): the file may be cut")
    return None


def shrunk(source: Mapping[str, Any], previous: Sequence[Mapping[str, Any]]) -> str | None:
    """A build before held the same release in the same format from more rows, or None."""
    before = [int(p.get("rows_read") or 0) for p in previous
              if p.get("release") == source.get("release")
              and p.get("format") == source.get("format")]
    now = int(source.get("rows_read") or 0)
    if before and max(before) > now:
        return (f"{now:,} rows, but the same release ({source['release']}, "
                f"{source['format']}) was built before from {max(before):,}: the file may be "
                "cut")
    return None


def register_warnings(source: Mapping[str, Any], frame: pd.DataFrame, world: bool,
                      previous: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every warning about one classic register (as read), each naming its file."""
    if source.get("format") != "classic" or frame.empty:
        return []
    recipients = frame["recipient"].astype(str).tolist()
    lines = frame["line"].astype(int).tolist() if "line" in frame else list(range(len(frame)))
    found = [order_problem(recipients, lines), early_end(recipients) if world else None,
             shrunk(source, previous)]
    return [f"{source['path']}: {text}" for text in found if text]


def missing_recipients(deliveries: pd.DataFrame, tiv_tables: pd.DataFrame, release: str,
                       years: tuple[int, int]) -> list[str]:
    """Recipients SIPRI's imports table of `release` shows with deliveries in `years` that
    the release's deliveries do not have at all."""
    table = tiv_tables[(tiv_tables["release"] == release) & (tiv_tables["side"] == "imports")
                       & (tiv_tables["scope"] == "") & ~tiv_tables["is_total"]
                       & tiv_tables["year"].between(*years)]
    if table.empty:
        return []
    totals = table.groupby("country")["tiv"].sum()
    have = set(deliveries.loc[deliveries["release"] == release, "recipient"])
    return sorted(str(c) for c, tiv in totals.items() if tiv > TIV_FLOOR and c not in have)


def check_against_tables(deliveries: pd.DataFrame, tiv_tables: pd.DataFrame,
                         classic: Mapping[str, tuple[str, tuple[int, int]]]) -> None:
    """Raise IncompleteRegister where a classic register (path -> release, years) lacks
    recipients its release's imports table shows."""
    for path, (release, years) in classic.items():
        missing = missing_recipients(deliveries, tiv_tables, release, years)
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more"
                                              if len(missing) > 5 else "")
            raise IncompleteRegister(
                f"{path}: SIPRI's imports table of release {release} shows deliveries to "
                f"{len(missing)} recipient(s) this register does not have ({shown}): the "
                "file is incomplete (cut?); export it again")
