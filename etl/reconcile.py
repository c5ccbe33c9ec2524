"""Reconciliation: the deliveries table reproduces SIPRI's own TIV tables of a release.

Summing `tiv` by country and year over a release's exact per-year rows must give every
cell of SIPRI's TIV table of the same release within rounding (0.5): a `0` cell means
below 0.5, an empty cell means nothing delivered.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

TOLERANCE = 0.5


class ReconcileError(ValueError):
    """Our figures do not reproduce SIPRI's published table."""


def reconcile(deliveries: pd.DataFrame, tiv: pd.DataFrame,
              releases: pd.DataFrame) -> list[dict[str, object]]:
    """One result per TIV table whose release also has exact per-year deliveries."""
    exact = set(releases.loc[releases["per_year_exact"], "release"])
    results: list[dict[str, object]] = []
    if tiv.empty:
        return results
    for (release, side, scope), table in tiv.groupby(["release", "side", "scope"]):
        if release not in exact:
            continue
        rows = deliveries[deliveries["release"] == release]
        results.append(compare_table(rows, table, str(release), str(side), str(scope)))
    return results


def delivered_by_country(rows: pd.DataFrame, side: str, scope: str) -> pd.Series:
    """TIV delivered per (country, year) as a TIV table of this side and scope counts it."""
    own, partner = ("recipient", "supplier") if side == "imports" else ("supplier", "recipient")
    if scope:
        rows = rows[rows[own] == scope]
        own = partner
    return rows.groupby([own, "year"])["tiv"].sum()


def compare_table(rows: pd.DataFrame, table: pd.DataFrame, release: str, side: str,
                  scope: str) -> dict[str, object]:
    """Compare every country-year cell and the total row with our sums."""
    ours = delivered_by_country(rows, side, scope)
    years = sorted(set(table["year"]))
    first, last = int(rows["year"].min()), int(rows["year"].max())
    years = [y for y in years if first <= y <= last]
    countries = table[~table["is_total"] & table["year"].isin(years)]
    theirs = countries.set_index(["country", "year"])["tiv"]
    index = theirs.index.union(ours[ours.index.get_level_values(1).isin(years)].index)
    both = pd.DataFrame({"sipri": theirs.reindex(index), "ours": ours.reindex(index)})
    cells = _mismatches(both)
    totals = table[table["is_total"] & table["year"].isin(years)]
    world = ours.groupby(level=1).sum()
    total_both = pd.DataFrame({"sipri": totals.set_index("year")["tiv"],
                               "ours": world.reindex(totals["year"].tolist()).values})
    total_bad = _mismatches(total_both)
    return {
        "release": release, "side": side, "scope": scope,
        "years": [years[0], years[-1]] if years else [],
        "cells": len(both), "mismatches": len(cells),
        "max_abs_diff": round(float((both["ours"].fillna(0) - both["sipri"].fillna(0))
                                    .abs().max()), 4) if len(both) else 0.0,
        "total_mismatches": len(total_bad),
        "examples": cells[:5] + total_bad[:5],
        "ok": not cells and not total_bad,
    }


def _mismatches(both: pd.DataFrame) -> list[dict[str, object]]:
    """Cells where SIPRI's value and ours differ beyond rounding, or where one is empty."""
    sipri, ours = both["sipri"], both["ours"]
    none_both = sipri.isna() & ours.isna()
    diff = (sipri.fillna(0) - ours.fillna(0)).abs()
    bad = ~none_both & ((diff > TOLERANCE) | (sipri.isna() != ours.isna()))
    return [{"key": [str(k) for k in _label(i)],
             "sipri": None if pd.isna(s) else float(s),
             "ours": None if pd.isna(o) else round(float(o), 3)}
            for i, s, o in zip(both.index[bad], sipri[bad], ours[bad], strict=True)]


def check(results: list[dict[str, object]]) -> None:
    """Raise ReconcileError naming the first failing table and cells."""
    for r in results:
        if not r["ok"]:
            raise ReconcileError(
                f"release {r['release']} {r['side']} table"
                f"{' of ' + str(r['scope']) if r['scope'] else ''}: {r['mismatches']} cell(s) "
                f"and {r['total_mismatches']} total(s) differ from SIPRI's by more than "
                f"{TOLERANCE}, e.g. {r['examples'][:3]}"  # type: ignore[index]
            )


def internal_totals(frame: pd.DataFrame, keys: list[str], source: str,
                    what: str) -> list[dict[str, object]]:
    """Check one file's table against its own total rows: per group of `keys` and year,
    the members' cells add up to the total row within rounding (0.5 for each cell added
    and for the total). Groups without a total row are not checked. `frame` holds `keys`,
    is_total, year, tiv and line (the file's line of each row)."""
    if frame.empty:
        return []
    by = [*keys, "year"]
    members = frame[~frame["is_total"]].groupby(by)["tiv"].agg(["sum", "count"])
    totals = frame[frame["is_total"]].set_index(by)[["tiv", "line"]]
    both = totals.join(members, how="left")
    added = both["sum"].fillna(0.0)
    counted = both["count"].fillna(0)
    allowed = TOLERANCE * (counted + 1)
    bad = (added - both["tiv"].fillna(0.0)).abs() > allowed
    bad |= both["tiv"].isna() & (counted > 0)
    both = both.assign(bad=bad)
    counts = both.groupby(level=list(range(len(keys))))["bad"].agg(["size", "sum"])
    wrong = both[both["bad"]].reset_index()
    examples = {_label(group): [_total_example(r) for r in part.head(3).to_dict("records")]
                for group, part in wrong.groupby(keys)}
    return [{"source": source, "table": [str(k) for k in _label(group)], "what": what,
             "cells": int(cells), "mismatches": int(bad_cells),
             "examples": examples.get(_label(group), []), "ok": int(bad_cells) == 0}
            for group, cells, bad_cells in zip(counts.index, counts["size"], counts["sum"],
                                               strict=True)]


def _label(group: object) -> tuple[object, ...]:
    """A group key as a tuple, whether pandas gave one value or a tuple."""
    return group if isinstance(group, tuple) else (group,)


def _total_example(row: Mapping[Hashable, Any]) -> dict[str, object]:
    """One total that its rows do not add up to: line, year, the rows' sum, the total."""
    return {"line": int(row["line"]), "year": int(row["year"]),
            "members": None if pd.isna(row["sum"]) else round(float(row["sum"]), 3),
            "total": None if pd.isna(row["tiv"]) else float(row["tiv"])}


def check_internal(results: list[dict[str, object]]) -> None:
    """Raise ReconcileError naming the file, line and year of the first total that its
    rows do not add up to."""
    for r in results:
        if not r["ok"]:
            first = r["examples"][0]  # type: ignore[index]
            raise ReconcileError(
                f"{r['source']}: line {first['line']}: {r['what']} "
                f"{' / '.join(r['table'])!r} {first['year']}: the rows add up to "  # type: ignore[arg-type]
                f"{first['members']}, the total row says {first['total']} "
                f"({r['mismatches']} year(s) off by more than rounding)")
