"""The one rule every AG Grid of the app follows, so none cuts off what it shows at 1440 px:
headers wrap onto more lines rather than being cut; a grid whose columns do not fit its
width scrolls sideways between pinned key columns, what a row is at the left (a deal's
designation, a country's rank and name) and its measure at the right (TIV), so both stay
in view whichever columns are scrolled to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def default_col(**more: Any) -> dict[str, Any]:
    """The default column of every grid: resizable, its header wrapping (never cut)."""
    return {"resizable": True, "wrapHeaderText": True, "autoHeaderHeight": True, **more}


def pinned(columns: Iterable[dict[str, Any]], left: Sequence[str] = (),
           right: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The columns with the key fields `left` pinned at the left (in that order, before
    the rest) and the measures `right` pinned at the right."""
    cols = [dict(c) for c in columns]
    for col in cols:
        if col.get("field") in left:
            col["pinned"] = "left"
        elif col.get("field") in right:
            col["pinned"] = "right"
        elif col.get("pinned") in ("left", "right"):
            del col["pinned"]
    rank = {field: i for i, field in enumerate(left)}
    return sorted(cols, key=lambda c: rank.get(str(c.get("field")), len(rank)))
