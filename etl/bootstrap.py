"""Make sure a build exists before serving: build from given files, keep a present build,
or fetch the newest release from SIPRI and build it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from etl.store import MANIFEST


def has_build(build: Path) -> bool:
    """A build folder is usable once its manifest is in place (written last)."""
    return (build / MANIFEST).is_file()


def ensure_build(build: Path, sources: Sequence[Path] | None = None,
                 base_url: str | None = None, raw: Path = Path("data/raw")) -> Path:
    """Build from `sources` if given (never the network); else keep an existing build;
    else fetch the newest release into `raw` and build from it."""
    from etl.build import build as run_build

    if sources:
        run_build(list(sources), build)
        return build
    if has_build(build):
        return build
    from etl.fetch import fetch_latest

    release_dir = fetch_latest(raw, base_url=base_url)
    run_build([release_dir], build)
    return build
