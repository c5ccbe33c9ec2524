"""`armsdash diff OLD NEW`: what SIPRI revised between two releases of a build.

load (the build's tables and manifest) -> compare (`dashboard.compute.changes`, pure) ->
print: the summary, world totals by period and year, the countries that moved most, the
deals added, removed and revised with their old and new values, and the renames.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from etl.errors import UserError

WORLD_HEADER = f"{'span':>9} {'old':>12} {'new':>12} {'change':>10} {'%':>7}"


def release_facts(frame: Any) -> dict[str, Any]:
    """The releases table as comparison facts keyed by release."""
    from dashboard.compute.changes import ReleaseFacts

    return {str(r["release"]): ReleaseFacts(str(r["release"]), int(r["first_year"]),
                                            int(r["last_year"]), bool(r["per_year_exact"]),
                                            bool(r["world"]))
            for r in frame.to_dict("records")}


def unranked(entities: Any) -> list[str]:
    """Unknown parties: counted in totals, never ranked."""
    rows = entities[(entities["name"] == entities["canonical"]) & (entities["kind"] == "unknown")]
    return sorted(map(str, rows["canonical"]))


def compare_tables(tables: Mapping[str, Any], old: str, new: str,
                   spellings: Mapping[str, Any] | None) -> Any:
    """The changes from `old` to `new` among a build's tables (UserError where either is
    not in the build or they share no year)."""
    from dashboard.compute.changes import compare

    facts = release_facts(tables["releases"])
    missing = [r for r in (old, new) if r not in facts]
    if missing:
        raise UserError(f"release {missing[0]} is not in this build (it holds "
                        f"{', '.join(sorted(facts))})")
    try:
        return compare(tables["deliveries"], tables["deals"], facts[old], facts[new],
                       unranked(tables["entities"]), spellings)
    except ValueError as err:
        raise UserError(str(err)) from None


def newest_summary(tables: Mapping[str, Any], spellings: Mapping[str, Any]
                   ) -> dict[str, Any] | None:
    """The summary of what the newest release changed against the previous newest (both
    covering the world with exact per-year values), or None where there are not two."""
    from dashboard.compute.changes import newest_pair, summary

    facts = release_facts(tables["releases"])
    pair = newest_pair(facts.values())
    if pair is None:
        return None
    return summary(compare_tables(tables, pair[0], pair[1], spellings))


def report_lines(changes: Any, top: int) -> list[str]:
    """The printed report of a comparison."""
    from dashboard.compute import changes as ch

    lines = ch.summary_lines(ch.summary(changes))
    if not changes.both_world:
        lines.append("note: a release compared covers only part of the world; totals are "
                     "of what it covers, and no ranks are given")
    lines += ["", f"world totals (SIPRI TIV, millions; a volume, never money), "
              f"{changes.old.release} → {changes.new.release}:", WORLD_HEADER]
    for r in changes.world.itertuples():
        lines.append(f"{r.span:>9} {r.old:>12,.1f} {r.new:>12,.1f} {r.change:>+10,.1f} "
                     f"{_pct(r.pct):>7}")
    periods = [s for s in ch.spans(changes.first, changes.last) if s[0] != s[1]]
    if periods:
        label = ch.period_label(*periods[0])
        for side in ch.SIDES:
            for by, what in (("change", "absolute"), ("pct", "relative")):
                lines += ["", f"{side} {label}, largest {what} changes:"]
                for r in ch.movers(changes, side, *periods[0], by, top).itertuples():
                    lines.append(f"  {r.country:<36} {r.old:>10,.1f} → {r.new:>10,.1f} "
                                 f"{r.change:>+9,.1f} {_pct(r.pct):>7}  rank "
                                 f"{_rank(r.rank_old)} → {_rank(r.rank_new)}")
    lines += ["", "deals (TIV delivered in the common years):"]
    fields = changes.fields.groupby("deal_id")
    for r in changes.deals.head(top).itertuples():
        tag = "" if r.known else " (no SIPRI id)"
        lines.append(f"  {r.kind:<8} {r.deal_id}{tag} {r.supplier} → {r.recipient}, "
                     f"{r.designation}: {r.old:,.1f} → {r.new:,.1f}")
        if r.kind == ch.REVISED:
            for f in fields.get_group(r.deal_id).itertuples():
                lines.append(f"           {f.field}: {f.old or '(none)'} → {f.new or '(none)'}")
    if not changes.spellings_known:
        lines.append("renames: this build does not record the spellings of each release "
                     "(rebuild it to list them)")
    for r in changes.renames.itertuples():
        lines.append(f"renamed {r.kind}: {r.old} → {r.new} (not a change of figures)")
    return lines


def _pct(value: Any) -> str:
    """'+3.1%', or '' where there is no old value."""
    return "" if value != value else f"{value:+.1f}%"


def _rank(value: Any) -> str:
    """A rank, or '-' for none."""
    return "-" if value != value else str(int(value))


def run_cli(args: argparse.Namespace) -> int:
    """`armsdash diff OLD NEW`: print what changed between two releases of a build."""
    from etl.store import read_manifest, read_table

    folder: Path = args.build
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError):
        raise UserError(f"{folder}: no build here (run `armsdash build --from PATH`)") from None
    tables = {name: read_table(folder, name)
              for name in ("deliveries", "deals", "entities", "releases")}
    changes = compare_tables(tables, args.old, args.new, manifest.get("spellings"))
    for line in report_lines(changes, args.top):
        print(line)
    return 0
