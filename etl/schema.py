"""Table schemas: each table declared once, checked where it is written and where it is read.

A schema lists its columns (Arrow type, nullability, allowed values or range) and its
primary key. `validate` raises `SchemaError` naming the table and the column that failed;
`to_arrow` gives the pyarrow schema used for the Parquet file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

STATUSES = ("New", "Second hand", "Second hand but modernized")
ENTITY_KINDS = ("state", "historical_state", "non_state_group", "organisation", "unknown")
SIDES = ("imports", "exports")
UNKNOWN_CATEGORY = "unknown"
FORMATS = ("classic", "by_year", "tiv_table")
LOCAL_PRODUCTION_SOURCES = ("sipri", "comments")
YEAR_RANGE = (1900, 2100)
TIV_MAX = 1e6  # millions of TIV in one deal or delivery row
TABLE_TIV_MAX = 1e7  # millions of TIV in one cell of SIPRI's TIV tables
COUNT_MAX = 1e9  # numbers of items
SIPRI_REGIONS = ("Africa", "Americas", "Asia and Oceania", "Europe", "Middle East")


class SchemaError(ValueError):
    """A table does not match its declared schema."""


@dataclass(frozen=True)
class Column:
    """One column: name, Arrow type, nullability and optional allowed values or range."""

    name: str
    type: pa.DataType
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    range: tuple[float, float] | None = None
    doc: str = ""


@dataclass(frozen=True)
class TableSchema:
    """A table's columns and primary key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def to_arrow(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    def empty(self) -> pd.DataFrame:
        """The table with no rows, its columns typed as declared (a list column stays a
        list column, so it writes as the declared Parquet type)."""
        return self.to_arrow().empty_table().to_pandas()


def _c(name: str, type_: pa.DataType, doc: str, **kw: object) -> Column:
    return Column(name, type_, doc=doc, **kw)  # type: ignore[arg-type]


STR = pa.string()
BOOL = pa.bool_()
F64 = pa.float64()
I32 = pa.int32()
I64 = pa.int64()

RELEASE = _c("release", STR, "ISO date of the export's 'Data generated' stamp")

DELIVERIES = TableSchema(
    name="deliveries",
    doc="One row per deal and delivery year, per release.",
    key=("release", "deal_id", "year"),
    columns=(
        RELEASE,
        _c("deal_id", I64, "SIPRI AT Database ID; negative where SIPRI gave none (see deals)"),
        _c("supplier", STR, "canonical entity name (see entities)"),
        _c("recipient", STR, "canonical entity name (see entities)"),
        _c("year", I32, "delivery year", range=YEAR_RANGE),
        _c("units", F64, "numbers delivered in the year", nullable=True, range=(0, COUNT_MAX)),
        _c("tiv", F64, "TIV delivered in the year, millions (volume, never money)",
           range=(0, TIV_MAX)),
        _c("category", STR, "SIPRI armament category, or 'unknown'"),
        _c("designation", STR, "weapon designation"),
        _c("description", STR, "weapon description"),
        _c("status", STR, "new or second hand", allowed=STATUSES),
        _c("order_year", I32, "year of order", nullable=True, range=YEAR_RANGE),
        _c("order_year_estimated", BOOL, "SIPRI marks the order year as estimate",
           nullable=True),
        _c("units_estimated", BOOL, "SIPRI marks the number delivered as estimate",
           nullable=True),
        _c("year_estimated", BOOL, "SIPRI marks the delivery year as estimate", nullable=True),
        _c("tiv_per_unit", F64, "TIV of one unit after the second-hand factor", nullable=True,
           range=(0, TIV_MAX)),
        _c("local_production", BOOL, "produced under licence in the recipient", nullable=True),
        _c("tiv_estimated", BOOL, "true where the per-year split is our estimate"),
    ),
)

DEALS = TableSchema(
    name="deals",
    doc="One row per deal, per release.",
    key=("release", "deal_id"),
    columns=(
        RELEASE,
        _c("deal_id", I64, "SIPRI AT Database ID; negative where none was found"),
        _c("deal_id_known", BOOL, "deal_id is SIPRI's own id (given or matched)"),
        _c("supplier", STR, "canonical entity name"),
        _c("recipient", STR, "canonical entity name"),
        _c("order_year", I32, "year of order", nullable=True, range=YEAR_RANGE),
        _c("order_year_uncertain", BOOL, "'?' mark on the year of order", nullable=True),
        _c("number_ordered", F64, "number ordered; empty where not yet available",
           nullable=True, range=(0, COUNT_MAX)),
        _c("number_ordered_uncertain", BOOL, "'?' mark on the number ordered", nullable=True),
        _c("number_delivered", F64, "number delivered", nullable=True, range=(0, COUNT_MAX)),
        _c("number_delivered_uncertain", BOOL, "'?' mark on the number delivered",
           nullable=True),
        _c("designation", STR, "weapon designation"),
        _c("description", STR, "weapon description"),
        _c("category", STR, "SIPRI armament category, or 'unknown'"),
        _c("status", STR, "new or second hand", allowed=STATUSES),
        _c("comments", STR, "SIPRI's comments", nullable=True),
        _c("delivery_years", pa.list_(I32), "years with deliveries"),
        _c("tiv_per_unit", F64, "TIV per unit, millions", nullable=True, range=(0, TIV_MAX)),
        _c("tiv_order", F64, "TIV for the total order, millions", nullable=True,
           range=(0, TIV_MAX)),
        _c("tiv_delivered", F64, "TIV of delivered weapons, millions", nullable=True,
           range=(0, TIV_MAX)),
        _c("open", BOOL, "ordered and not yet fully delivered; empty where unknown",
           nullable=True),
        _c("local_production", BOOL, "produced or assembled (partly) in the recipient, under "
           "licence or in co-production; empty where unknown", nullable=True),
        _c("local_production_source", STR, "'sipri': SIPRI's Local production flag; "
           "'comments': derived from SIPRI's comments by etl/data/local_production_rules.csv",
           nullable=True, allowed=LOCAL_PRODUCTION_SOURCES),
        _c("source_format", STR, "the export format the row came from", allowed=FORMATS),
    ),
)

ENTITIES = TableSchema(
    name="entities",
    doc="Every SIPRI name seen, with its canonical name, ISO code and kind.",
    key=("name",),
    columns=(
        _c("name", STR, "the name as SIPRI wrote it in some release"),
        _c("canonical", STR, "the name used in the tables (SIPRI's newest spelling)"),
        _c("display_name", STR, "name shown to people, e.g. Türkiye"),
        _c("iso3", STR, "ISO 3166 alpha-3 where one exists", nullable=True),
        _c("kind", STR, "kind of entity", allowed=ENTITY_KINDS),
        _c("spellings", pa.list_(STR), "other known spellings, for search and matching"),
    ),
)

TABLE_YEAR = _c("year", I32, "delivery year", range=YEAR_RANGE)
TABLE_TIV = _c("tiv", F64, "millions; 0 means below 0.5, empty means none", nullable=True,
               range=(0, TABLE_TIV_MAX))

TIV_TABLES = TableSchema(
    name="tiv_tables",
    doc="SIPRI's published TIV tables, long form; totals kept apart by is_total.",
    key=("release", "side", "scope", "country", "year"),
    columns=(
        RELEASE,
        _c("side", STR, "imports (by recipient) or exports (by supplier)", allowed=SIDES),
        _c("scope", STR, "country the table is restricted to, '' for all countries"),
        _c("country", STR, "canonical entity name, or the total row's label"),
        _c("is_total", BOOL, "a total row, not a country"),
        TABLE_YEAR,
        TABLE_TIV,
    ),
)

REGIONAL = TableSchema(
    name="regional",
    doc="SIPRI's regional TIV table, long form: imports of each region, subregion or "
        "grouping by supplier; the region's total kept apart by is_total.",
    key=("release", "region", "supplier", "year"),
    columns=(
        RELEASE,
        _c("region", STR, "SIPRI region, subregion or grouping as SIPRI names it"),
        _c("supplier", STR, "canonical entity name, or 'Regional total'"),
        _c("is_total", BOOL, "the region's 'Regional total' row, not a supplier"),
        TABLE_YEAR,
        TABLE_TIV,
    ),
)

RELEASES = TableSchema(
    name="releases",
    doc="One row per SIPRI release in the build.",
    key=("release",),
    columns=(
        RELEASE,
        _c("generated_at", STR, "the full 'Data generated' stamp, ISO date-time"),
        _c("first_year", I32, "first delivery year covered", range=YEAR_RANGE),
        _c("last_year", I32, "last delivery year with data", range=YEAR_RANGE),
        _c("formats", pa.list_(STR), "export formats given for this release"),
        _c("per_year_exact", BOOL, "per-year values come from the by-delivery-year format"),
        _c("world", BOOL, "the release covers every supplier and recipient (world figures)"),
        _c("coverage", STR, "what it covers: 'all countries', or e.g. 'transfers from "
           "Turkiye to all countries' (from the files' first preamble lines)"),
    ),
)

REGIONS = TableSchema(
    name="regions",
    doc="SIPRI's region and subregion of each entity (etl/data/regions.csv); a row with a "
        "from_release applies to that release and later ones.",
    key=("name", "from_release"),
    columns=(
        _c("name", STR, "canonical entity name"),
        _c("region", STR, "SIPRI region", allowed=SIPRI_REGIONS),
        _c("subregion", STR, "SIPRI subregion; empty where SIPRI counts none"),
        _c("from_release", STR, "first release the row applies to; empty for all"),
        _c("reason", STR, "why, where SIPRI's choice is not the obvious one"),
    ),
)

GROUPINGS = TableSchema(
    name="groupings",
    doc="Members of SIPRI's groupings by year (etl/data/groupings.csv), as SIPRI's "
        "regional table counts them.",
    key=("grouping", "member", "first_year"),
    columns=(
        _c("grouping", STR, "SIPRI's name of the grouping, e.g. NATO, EC/EU"),
        _c("member", STR, "canonical entity name"),
        _c("first_year", I32, "first year counted", range=YEAR_RANGE),
        _c("last_year", I32, "last year counted; empty while a member", nullable=True,
           range=YEAR_RANGE),
        _c("note", STR, "where SIPRI's count differs from the treaty dates, and why"),
    ),
)

TABLES: dict[str, TableSchema] = {
    t.name: t for t in (DELIVERIES, DEALS, ENTITIES, TIV_TABLES, REGIONAL, RELEASES)
}


def validate(df: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Check columns, nulls, allowed values, ranges and the primary key; return df unchanged."""
    missing = [n for n in schema.names if n not in df.columns]
    if missing:
        raise SchemaError(f"{schema.name}: missing column(s) {', '.join(missing)}")
    extra = [n for n in df.columns if n not in schema.names]
    if extra:
        raise SchemaError(f"{schema.name}: unexpected column(s) {', '.join(map(str, extra))}")
    for col in schema.columns:
        _check_column(df[col.name], col, schema.name)
    dup = df.duplicated(list(schema.key), keep=False)
    if dup.any():
        first = df.loc[dup, list(schema.key)].head(3).to_dict("records")
        raise SchemaError(
            f"{schema.name}: {int(dup.sum())} rows share a key {schema.key}, e.g. {first}"
        )
    return df


def _check_column(values: pd.Series, col: Column, table: str) -> None:
    nulls = values.isna()
    if not col.nullable and nulls.any():
        raise SchemaError(f"{table}.{col.name}: {int(nulls.sum())} empty value(s)")
    present = values[~nulls]
    if col.allowed is not None:
        bad = sorted({str(v) for v in present.unique()} - set(col.allowed))
        if bad:
            raise SchemaError(f"{table}.{col.name}: value(s) not allowed: {_few(bad)}")
    if col.range is not None and len(present):
        low, high = col.range
        nums = pd.to_numeric(present, errors="coerce")
        if nums.isna().any():
            raise SchemaError(f"{table}.{col.name}: non-numeric value(s)")
        out = present[(nums < low) | (nums > high)]
        if len(out):
            raise SchemaError(
                f"{table}.{col.name}: value(s) outside {low}..{high}: {_few(out.tolist())}"
            )


def _few(values: Iterable[object], n: int = 5) -> str:
    items = list(values)
    shown = ", ".join(map(repr, items[:n]))
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")
