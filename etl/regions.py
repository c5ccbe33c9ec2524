"""SIPRI's regions, subregions and groupings: the two data files, read and checked, and who
belongs to which area in a release and a year.

`etl/data/regions.csv` gives each entity's SIPRI region and subregion (SIPRI's own
definitions, which differ from the UN's: Egypt is in the Middle East, Mexico in Central
America and the Caribbean, Western Sahara in Sub-Saharan Africa); a row with a
`from_release` replaces the entity's earlier row from that release on, since SIPRI
redraws its regions now and then. `etl/data/groupings.csv` gives each grouping's members
with the years SIPRI's regional table counts them (NATO and EU enlargements, members
that left), a note saying where that differs from the treaty dates. Organisations count
in a grouping where SIPRI counts them (NATO's own acquisitions in NATO); unknown
recipients are in no area. Both files were checked against SIPRI's regional table of the
2024-04-13 release, cell by cell (tests/integration/test_regions_realdata.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.errors import UserError
from etl.schema import GROUPINGS, REGIONS, YEAR_RANGE, SchemaError, TableSchema, validate

DATA = Path(__file__).resolve().parent / "data"
REGIONS_FILE = DATA / "regions.csv"
GROUPINGS_FILE = DATA / "groupings.csv"
AREA_KINDS = ("region", "subregion", "grouping")
OPEN_END = YEAR_RANGE[1]


@dataclass(frozen=True)
class Member:
    """One entity's membership of an area: the years it counts in (inclusive)."""

    name: str
    first_year: int = YEAR_RANGE[0]
    last_year: int = OPEN_END

    def counts_in(self, year: int) -> bool:
        """Whether the member counts in the area in this year."""
        return self.first_year <= year <= self.last_year


@dataclass(frozen=True)
class Area:
    """A SIPRI region, subregion or grouping, and its members."""

    name: str
    kind: str
    members: tuple[Member, ...]
    parent: str = ""  # a subregion's region

    def names(self, year: int | None = None) -> list[str]:
        """The members (in a year, or in any year), sorted."""
        return sorted({m.name for m in self.members if year is None or m.counts_in(year)})


def read_regions(path: Path = REGIONS_FILE) -> pd.DataFrame:
    """The regions file, checked against its schema."""
    return _read(path, REGIONS, ints=())


def read_groupings(path: Path = GROUPINGS_FILE) -> pd.DataFrame:
    """The groupings file, checked against its schema (a member may not overlap itself)."""
    frame = _read(path, GROUPINGS, ints=("first_year", "last_year"))
    ends = frame["last_year"].fillna(OPEN_END)
    bad = frame[ends < frame["first_year"]]
    if len(bad):
        row = bad.iloc[0]
        raise UserError(f"{path.name}: {row['grouping']} {row['member']}: last_year "
                        f"{row['last_year']} before first_year {row['first_year']}")
    for (grouping, member), rows in frame.assign(end=ends).groupby(["grouping", "member"]):
        spans = rows.sort_values("first_year")
        if (spans["first_year"].to_numpy()[1:] <= spans["end"].to_numpy()[:-1]).any():
            raise UserError(f"{path.name}: {grouping} {member}: membership years overlap")
    return frame


def _read(path: Path, schema: TableSchema, ints: Iterable[str]) -> pd.DataFrame:
    """A small data file as text columns (ints where asked), validated; one clear error."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise UserError(f"{path.name}: unreadable ({err})") from err
    for column in ints:
        if column not in frame.columns:
            continue
        text = frame[column].str.strip()
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
        unreadable = numbers.isna() & (text != "")
        if unreadable.any():
            line = int(unreadable.to_numpy().argmax()) + 2
            raise UserError(f"{path.name} line {line}: {column} {text[unreadable].iloc[0]!r} "
                            "is not a year")
        frame[column] = numbers.astype("Int32")
    try:
        return validate(frame, schema)
    except SchemaError as err:
        raise UserError(f"{path.name}: {err}") from err


def regions_of(regions: pd.DataFrame, release: str) -> pd.DataFrame:
    """name, region, subregion as they apply to a release (the latest row at or before it)."""
    applies = regions[(regions["from_release"] == "") | (regions["from_release"] <= release)]
    latest = applies.sort_values("from_release").drop_duplicates("name", keep="last")
    return latest[["name", "region", "subregion"]].sort_values("name").reset_index(drop=True)


def areas(regions: pd.DataFrame, groupings: pd.DataFrame, release: str) -> dict[str, Area]:
    """Every region, subregion and grouping of a release, by name (a subregion named like
    its region, SIPRI's 'Middle East', is the region)."""
    table = regions_of(regions, release)
    out: dict[str, Area] = {}
    for name, rows in table.groupby("region", sort=True):
        out[str(name)] = Area(str(name), "region", _whole(rows["name"]))
    for key, rows in table[table["subregion"] != ""].groupby(["region", "subregion"],
                                                             sort=True):
        parent, sub = str(key[0]), str(key[1])
        if sub != parent:
            out[sub] = Area(sub, "subregion", _whole(rows["name"]), parent)
    for grouping, rows in groupings.groupby("grouping", sort=True):
        out[str(grouping)] = Area(str(grouping), "grouping", tuple(
            Member(str(member), int(first), OPEN_END if pd.isna(last) else int(last))
            for member, first, last in zip(rows["member"], rows["first_year"],
                                           rows["last_year"], strict=True)))
    return out


def _whole(names: Iterable[str]) -> tuple[Member, ...]:
    """Members for all years."""
    return tuple(Member(str(n)) for n in sorted(names))


def unplaced(regions: pd.DataFrame, names: Iterable[str], kinds: Mapping[str, str],
             release: str) -> list[str]:
    """States and armed groups with no region in a release (organisations and unknown
    parties are in none by design)."""
    placed = set(regions_of(regions, release)["name"])
    return sorted(n for n in names if n not in placed
                  and kinds.get(n) in ("state", "historical_state", "non_state_group"))


def unknown_members(regions: pd.DataFrame, groupings: pd.DataFrame,
                    known: Iterable[str]) -> list[str]:
    """Names in the data files that are no entity SIPRI has ever used (a typo)."""
    seen = set(known)
    named = set(regions["name"]) | set(groupings["member"])
    return sorted(named - seen)
