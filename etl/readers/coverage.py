"""What an export covers: all countries, or one supplier's or recipient's transfers, and
which years, read from its first preamble line.

A register's first line says it: `Transfers of major conventional arms from Turkiye to All
countries. Deals with deliveries made for the year range '2000' to '2001'` (or `deliveries
or orders`, or `'Not specified'` years). A TIV table says it in its total rows
(`Total exports from X` is X's exports only); the regional table covers all countries.
A release covers the world when one of its registers does (else one of its tables).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ALL = "All countries"
FIRST_LINE = re.compile(
    r"Transfers of major conventional arms from\s+(?P<suppliers>.+?)\s+to\s+"
    r"(?P<recipients>.+?)\s*\.(?=\s*(?:Deals\b|[\";,]|$))"
    r"(?:\s*Deals with\s+(?P<what>.+?)\s+made\s+for\s+(?:the\s+)?"
    r"year range\s+'(?P<first>[^']*)'\s+to\s+'(?P<last>[^']*)')?", re.IGNORECASE)
REGISTERS = ("classic", "by_year")


@dataclass(frozen=True)
class Coverage:
    """Who an export covers (SIPRI's words, `All countries` for everyone), which years
    (None: not restricted), what (deliveries, or deliveries or orders) and whether the
    file stated it."""

    suppliers: str = ALL
    recipients: str = ALL
    years: tuple[int, int] | None = None
    what: str = ""
    stated: bool = True

    @property
    def world(self) -> bool:
        """True when every supplier and every recipient is covered."""
        return is_all(self.suppliers) and is_all(self.recipients)

    def describe(self) -> str:
        """'all countries', or e.g. 'transfers from Turkiye to all countries'."""
        if self.world:
            return "all countries"
        return f"transfers from {_who(self.suppliers)} to {_who(self.recipients)}"

    def record(self) -> dict[str, Any]:
        """The manifest's record of a file's coverage."""
        return {"suppliers": self.suppliers, "recipients": self.recipients,
                "years": list(self.years) if self.years else None, "what": self.what,
                "world": self.world, "stated": self.stated, "text": self.describe()}


def is_all(who: str) -> bool:
    """SIPRI's 'All countries' (any case and spacing)."""
    return " ".join(who.split()).casefold() == ALL.casefold()


def _who(who: str) -> str:
    """A party list for a sentence ('All countries' in lower case)."""
    return "all countries" if is_all(who) else " ".join(who.split())


def from_first_line(line: str) -> Coverage | None:
    """The coverage a register's first preamble line states, or None if it states none."""
    match = FIRST_LINE.search(line.strip().strip('"'))
    if match is None:
        return None
    return Coverage(suppliers=" ".join(match["suppliers"].split()),
                    recipients=" ".join(match["recipients"].split()),
                    years=_years(match["first"], match["last"]),
                    what=" ".join((match["what"] or "").split()).lower())


def _years(first: str | None, last: str | None) -> tuple[int, int] | None:
    """The year range stated, or None where it is 'Not specified' or absent."""
    if first and last and first.strip().isdigit() and last.strip().isdigit():
        return int(first), int(last)
    return None


def of_table(side: str, scope: str) -> Coverage:
    """A TIV table's coverage: all countries, or one country's exports or imports."""
    if not scope:
        return Coverage()
    if side == "exports":
        return Coverage(suppliers=scope)
    return Coverage(recipients=scope)


def of_release(files: Sequence[tuple[str, Coverage]]) -> tuple[bool, str]:
    """(covers the world, what it covers) of a release from its files' (format, coverage):
    the registers decide where there are any, else the tables."""
    registers = [c for fmt, c in files if fmt in REGISTERS]
    chosen = registers or [c for _, c in files]
    if any(c.world for c in chosen):
        return True, "all countries"
    return False, "; ".join(sorted({c.describe() for c in chosen}))
