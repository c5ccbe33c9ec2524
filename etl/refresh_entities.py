"""`python -m etl.refresh_entities PATH ...`: store country_converter's answers for every
entity name in the given exports in `etl/data/entity_iso3.csv` (run after adding exports
with new names; review the diff). Apart from `etl.entities` so that nothing the build
imports imports the build."""

from __future__ import annotations

import sys
from pathlib import Path

from etl.assemble import raw_names
from etl.build import discover
from etl.entities import ISO_CACHE, refresh_cache
from etl.readers.load import read_export


def main(argv: list[str] | None = None) -> int:
    """Read the exports, store the answers for their names, say how many."""
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    names = raw_names([read_export(p) for p in discover(paths)])
    print(f"{refresh_cache(names)} names stored in {ISO_CACHE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
