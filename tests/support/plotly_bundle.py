"""The partial Plotly bundle the dashboard serves from its assets, as its banner describes
it (scripts/plotly_bundle.sh writes the banner from the same list it bundles)."""

from __future__ import annotations

import re
from pathlib import Path

BUNDLE = Path(__file__).resolve().parents[2] / "dashboard" / "assets" / "plotly-partial.min.js"
BANNER = re.compile(r"/\* plotly\.js (?P<version>\S+) .*partial bundle: (?P<traces>[a-z ]+) \*/")


def banner(path: Path = BUNDLE) -> tuple[str, frozenset[str]]:
    """The plotly.js version and the trace types a bundle's banner names."""
    with path.open(encoding="utf-8") as f:
        first = f.readline()
    found = BANNER.match(first)
    if found is None:
        raise ValueError(f"{path}: no partial bundle banner on its first line")
    return found["version"], frozenset(found["traces"].split())
