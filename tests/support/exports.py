"""Export files the tests derive from the fixtures (written to temporary folders)."""

from __future__ import annotations

from pathlib import Path

TURKIYE_ONLY = ("Transfers of major conventional arms from Turkiye to All countries. Deals "
                "with deliveries made for the year range '2021' to '2024'")


def one_supplier(fixtures_dir: Path, folder: Path, supplier: str = "Turkiye") -> Path:
    """The by-year fixture cut to one supplier's rows, its first line saying so."""
    lines = (fixtures_dir / "sipri" / "by_year.csv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    rows = [r for r in lines[header + 1:] if r.split(",")[1] == supplier]
    assert rows, "the fixture has rows of this supplier"
    path = folder / "one-supplier.csv"
    path.write_text("\n".join([TURKIYE_ONLY, *lines[1:header + 1], *rows]) + "\n",
                    encoding="utf-8")
    return path
