"""From parsed export files to the five tables and the manifest's report.

Wiring only: which transform runs on which release's rows. The logic lives in
`etl.transforms`, `etl.entities`, `etl.classic` and `etl.reconcile`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from etl import classic_deals, entities, reconcile, transforms
from etl.readers import coverage
from etl.readers.cells import Parsed
from etl.schema import (
    DEALS,
    DELIVERIES,
    REGIONAL,
    TIV_TABLES,
    UNKNOWN_CATEGORY,
    TableSchema,
)

DATA = Path(__file__).resolve().parent / "data"
CATEGORY_ALIASES = DATA / "category_aliases.csv"
DESCRIPTION_ALIASES = DATA / "description_aliases.csv"
LOCAL_PRODUCTION_RULES = DATA / "local_production_rules.csv"
COMMENT_NAMES = DATA / "comment_names.csv"


@dataclass
class Result:
    """The tables of a build and what the manifest reports about them."""

    tables: dict[str, pd.DataFrame]
    report: dict[str, Any]


def load_category_aliases(path: Path = CATEGORY_ALIASES) -> dict[str, str]:
    """Old category spelling -> SIPRI's newest."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["name"]: r["canonical"] for r in csv.DictReader(fh)}


def load_description_aliases(path: Path = DESCRIPTION_ALIASES) -> dict[str, str]:
    """Classic-register weapon description -> its wording in by-delivery-year exports."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["name"]: r["same_as"] for r in csv.DictReader(fh)}


def load_local_production_rules(path: Path = LOCAL_PRODUCTION_RULES,
                                ) -> list[classic_deals.CommentRule]:
    """The comment rules for local production, in the order they are tried."""
    rules = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for r in reader:
            upper = classic_deals.uppercase_in(r["pattern"])
            if upper:
                raise transforms.TransformError(
                    f"{path}: line {reader.line_num}: rule {r['rule']}: patterns are matched "
                    f"against lowercased comments; write {upper!r} in lower case")
            rules.append(classic_deals.CommentRule(r["rule"], r["verdict"] == "yes",
                                                   r["pattern"]))
    return rules


def names_in_comments(rows: list[dict[str, object]],
                      path: Path = COMMENT_NAMES) -> dict[str, list[str]]:
    """Canonical entity -> every name SIPRI's comments may call it by: its spellings, its
    display name and the abbreviations of `etl/data/comment_names.csv`."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        canon = str(row["canonical"])
        out[canon].update([str(row["name"]), canon, str(row["display_name"])])
        out[canon].update(str(s) for s in row["spellings"])  # type: ignore[attr-defined]
    with path.open(encoding="utf-8", newline="") as fh:
        for alias in csv.DictReader(fh):
            out[alias["canonical"]].add(alias["name"])
    return {k: sorted(v) for k, v in out.items()}


def raw_names(parsed: list[Parsed]) -> set[str]:
    """Every supplier, recipient and TIV table country name in the inputs."""
    names: set[str] = set()
    for p in parsed:
        f = p.frame
        if p.format in ("by_year", "classic"):
            names.update(f["supplier"].unique())
            names.update(f["recipient"].unique())
        elif p.format == "tiv_table":
            names.update(f.loc[~f["is_total"], "country"].unique())
            names.update(s for s in f["scope"].unique() if s)
        elif p.format == "regional":
            names.update(f.loc[~f["is_total"], "supplier"].unique())
    return {str(n) for n in names}


TABLE_ROWS = {"tiv_table": (["side", "scope"], "country"), "regional": (["region"], "supplier")}


def check_side_by_side(parsed: list[Parsed], mapping: dict[str, str]) -> None:
    """Two rows of one SIPRI table are two entities: raise TransformError naming the file
    and lines where the name map would merge two rows of one table into one name."""
    for p in parsed:
        if p.format not in TABLE_ROWS or p.frame.empty:
            continue
        keys, name = TABLE_ROWS[p.format]
        rows = p.frame.loc[~p.frame["is_total"], [*keys, name, "line"]].drop_duplicates(
            [*keys, name])
        rows = rows.assign(canonical=[mapping.get(n, n) for n in rows[name]])
        merged = rows[rows.duplicated([*keys, "canonical"], keep=False)]
        if not merged.empty:
            first = merged[merged["canonical"] == merged["canonical"].iloc[0]].head(2)
            (a, line_a), (b, line_b) = zip(first[name], first["line"], strict=True)
            raise transforms.TransformError(
                f"{p.source}: lines {line_a} and {line_b}: {a!r} and {b!r} are two rows of "
                f"one SIPRI table, but the name map makes both {merged['canonical'].iloc[0]!r}"
                "; two rows of one table are two entities (see etl/data/entity_overrides.csv)")


def check_accounting(parsed: list[Parsed]) -> list[dict[str, Any]]:
    """Rows read = rows kept + rows rejected, for every file."""
    out = []
    for p in parsed:
        ok = p.rows_read == p.rows_kept + len(p.rejects)
        if not ok:
            raise transforms.TransformError(
                f"{p.source}: {p.rows_read} rows read but {p.rows_kept} kept and "
                f"{len(p.rejects)} rejected"
            )
        out.append({"source": p.source, "read": p.rows_read, "kept": p.rows_kept,
                    "rejected": len(p.rejects), "ok": ok})
    return out


def assemble(parsed: list[Parsed]) -> Result:
    """Build all tables from the parsed files and report on the checks."""
    accounting = check_accounting(parsed)
    resolution = entities.resolve(raw_names(parsed))
    iso_problems = entities.check_unique_iso(resolution.rows)
    if iso_problems:
        raise transforms.TransformError("entity mapping: " + "; ".join(iso_problems))
    mapping = resolution.canonical
    check_side_by_side(parsed, mapping)
    aliases = load_category_aliases()
    by_release: dict[str, list[Parsed]] = defaultdict(list)
    for p in parsed:
        by_release[p.release].append(p)

    exact: dict[str, pd.DataFrame] = {}
    tiv_parts: list[pd.DataFrame] = []
    regional_parts: list[pd.DataFrame] = []
    facts: dict[str, dict[str, object]] = {}
    for release, files in sorted(by_release.items()):
        parts = [transforms.deliveries_from_by_year(_canonical(p.frame, mapping, aliases),
                                                    release)
                 for p in files if p.format == "by_year"]
        if parts:
            exact[release] = transforms.merge_same_release(parts, DELIVERIES.key, "deliveries")
        tiv = [transforms.tiv_tables(p.frame, release, mapping)
               for p in files if p.format == "tiv_table"]
        if tiv:
            tiv_parts.append(transforms.merge_same_release(tiv, TIV_TABLES.key, "tiv_tables"))
        regional = [transforms.regional_table(p.frame, release, mapping)
                    for p in files if p.format == "regional"]
        if regional:
            regional_parts.append(transforms.merge_same_release(regional, REGIONAL.key,
                                                                "regional"))
        facts[release] = {
            "generated_at": max(p.generated_at for p in files),
            "formats": sorted({p.format for p in files}),
            "per_year_exact": bool(parts),
            **release_coverage(files),
        }
    exact_deals = {r: transforms.deals_from_deliveries(d) for r, d in exact.items()}
    all_exact = _concat(list(exact.values()), DELIVERIES)
    all_exact_deals = _concat(list(exact_deals.values()), DEALS)

    deliveries_parts: list[pd.DataFrame] = list(exact.values())
    deals_parts: list[pd.DataFrame] = []
    matching: dict[str, Any] = {}
    category_report: dict[str, Any] = {}
    local_report: dict[str, Any] = {}
    rules = load_local_production_rules()
    names_of = names_in_comments(resolution.rows)
    for release, files in sorted(by_release.items()):
        classic = [p for p in files if p.format == "classic"]
        if len(classic) > 1:
            raise transforms.TransformError(
                f"release {release}: {len(classic)} classic registers given "
                f"({', '.join(p.source for p in classic)}); give one per release")
        if not classic:
            if release in exact_deals:
                deals_parts.append(exact_deals[release])
            continue
        frame = transforms.canonical_names(classic[0].frame, ("supplier", "recipient"),
                                           mapping)
        ref = classic_deals.reference_deals(all_exact_deals, release)
        ids, counts = classic_deals.match_ids(frame, ref)
        category, cat_counts = classic_deals.categories(frame, ids, ref, all_exact,
                                                        load_description_aliases())
        local = classic_deals.local_production_from_comments(frame, rules, names_of)
        deals = classic_deals.classic_deals(frame, release, ids, category, local)
        if release in exact_deals:
            deals = classic_deals.sipri_flag_where_given(deals, exact_deals[release])
        local_report[release] = {
            "from_comments": int((deals["local_production_source"] == "comments").sum()),
            "locally_produced_from_comments": int(
                deals.loc[deals["local_production_source"] == "comments",
                          "local_production"].sum()),
            "measured_against_sipri_flag": classic_deals.local_production_report(deals, ref)}
        first = int(all_exact["year"].min()) if len(all_exact) else None
        last = int(all_exact["year"].max()) if len(all_exact) else None
        matching[release] = classic_deals.match_report(ids, counts, frame, first, last)
        unknown_tiv = deals.loc[deals["category"] == UNKNOWN_CATEGORY, "tiv_delivered"].sum()
        total_tiv = deals["tiv_delivered"].sum()
        category_report[release] = {
            **cat_counts,
            "unknown_tiv_share": round(float(unknown_tiv / total_tiv), 4) if total_tiv else 0.0}
        if release in exact_deals:
            by_year_deals = exact_deals[release]
            rest = by_year_deals[~by_year_deals["deal_id"].isin(deals["deal_id"])]
            deals_parts.append(pd.concat([deals, rest], ignore_index=True))
        else:
            deals_parts.append(deals)
            deliveries_parts.append(classic_deals.estimate_deliveries(deals))

    deliveries = _concat(deliveries_parts, DELIVERIES)
    deals = _concat(deals_parts, DEALS)
    tiv_tables = _concat(tiv_parts, TIV_TABLES)
    regional_table = _concat(regional_parts, REGIONAL)
    release_rows: dict[str, dict[str, object]] = {}
    for release, f in facts.items():
        years = transforms.release_years(deliveries, tiv_tables, release, regional_table)
        if years is None:
            raise transforms.TransformError(f"release {release}: no delivery years in any file")
        release_rows[release] = {**f, "first_year": years[0], "last_year": years[1]}
    releases = transforms.releases_table(release_rows)
    results = reconcile.reconcile(deliveries, tiv_tables, releases)
    reconcile.check(results)
    internal = internal_totals(parsed)
    reconcile.check_internal(internal)
    tables = {
        "deliveries": deliveries.sort_values(["release", "deal_id", "year"],
                                             ignore_index=True),
        "deals": deals.sort_values(["release", "deal_id"], ignore_index=True),
        "entities": resolution.frame(),
        "tiv_tables": tiv_tables,
        "regional": regional_table,
        "releases": releases,
    }
    report = {
        "deal_id_matching": matching,
        "categories": category_report,
        "local_production": local_report,
        "releases": [_release_report(r, deliveries) for r in releases.to_dict("records")],
        "row_accounting": accounting,
        "reconciliation": results,
        "internal_totals": internal,
        "spellings": release_spellings(by_release, mapping, aliases),
        "entities": {"names": len(resolution.rows),
                     "looked_up_with_country_converter": resolution.looked_up,
                     "unmapped": resolution.unmapped},
    }
    return Result(tables, report)


def release_spellings(by_release: dict[str, list[Parsed]], mapping: dict[str, str],
                      aliases: dict[str, str]) -> dict[str, dict[str, dict[str, str]]]:
    """Per release: SIPRI's spellings that the build renamed (entity and category -> the
    canonical name), so two releases' names can be compared (Turkey -> Turkiye)."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for release, files in sorted(by_release.items()):
        names = raw_names(files)
        cats = {str(c) for p in files if "category" in p.frame.columns
                for c in p.frame["category"].dropna().unique()}
        out[release] = {
            "entity": {n: mapping[n] for n in sorted(names) if mapping.get(n, n) != n},
            "category": {c: aliases[c] for c in sorted(cats) if aliases.get(c, c) != c}}
    return out


def release_coverage(files: list[Parsed]) -> dict[str, object]:
    """A release's `world` flag and what it covers, from its files' coverage."""
    world, text = coverage.of_release([(p.format, p.coverage) for p in files])
    return {"world": world, "coverage": text}


def internal_totals(parsed: list[Parsed]) -> list[dict[str, Any]]:
    """Each regional table checked against its own 'Regional total' rows, each TIV table
    against its own total row."""
    out: list[dict[str, Any]] = []
    for p in parsed:
        if p.format == "regional":
            out += reconcile.internal_totals(p.frame, ["region"], p.source, "region")
        elif p.format == "tiv_table":
            out += reconcile.internal_totals(p.frame, ["side", "scope"], p.source,
                                             "TIV table (side / scope)")
    return out


def _canonical(frame: pd.DataFrame, mapping: dict[str, str],
               aliases: dict[str, str]) -> pd.DataFrame:
    """Canonical supplier, recipient and category names."""
    named = transforms.canonical_names(frame, ("supplier", "recipient"), mapping)
    return transforms.canonical_categories(named, aliases)


def _release_report(row: dict[Any, Any], deliveries: pd.DataFrame) -> dict[str, Any]:
    """A release's facts plus its share of TIV whose per-year split is estimated."""
    rows = deliveries[deliveries["release"] == row["release"]]
    total = float(rows["tiv"].sum())
    est = float(rows.loc[rows["tiv_estimated"], "tiv"].sum())
    return {**row, "formats": list(row["formats"]),
            "estimated_tiv_share": round(est / total, 4) if total else 0.0}


def _concat(parts: list[pd.DataFrame], schema: TableSchema) -> pd.DataFrame:
    """Concatenate table parts, or an empty table with the schema's columns and types."""
    if not parts:
        return schema.empty()
    return pd.concat(parts, ignore_index=True)[schema.names]

