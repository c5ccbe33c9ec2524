"""Make sure a build exists before serving: build from given files, keep a present build,
or fetch the newest release from SIPRI and build it.

- `sources` given (`--from PATH`, `ARMSDASH_FROM`): build from those files; the network is
  never touched (the build skips itself when the files and the tool are unchanged).
- a build present: start at once, no network.
- neither: fetch the newest release (progress on stderr) and build it. Where SIPRI cannot
  be reached but a release was fetched before, that release is built, with a note;
  otherwise the message says how to build from downloaded export files instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from etl.fetch.progress import Progress
from etl.store import MANIFEST

DEFAULT_RAW = Path("data/raw")


def has_build(build: Path) -> bool:
    """A build folder is usable once its manifest is in place (written last)."""
    return (build / MANIFEST).is_file()


def ensure_build(build: Path, sources: Sequence[Path] | None = None,
                 base_url: str | None = None, raw: Path = DEFAULT_RAW,
                 progress: Progress | None = None) -> Path:
    """Build from `sources` if given (never the network); else keep an existing build;
    else fetch the newest release into `raw` and build from it."""
    from etl.build import build as run_build

    if sources:
        run_build(list(sources), build)
        return build
    if has_build(build):
        return build
    release_dir = fetch_or_stored(raw, base_url, progress)
    run_build([release_dir], build)
    return build


def fetch_or_stored(raw: Path, base_url: str | None, progress: Progress | None = None
                    ) -> Path:
    """The newest release from SIPRI; where SIPRI cannot be reached, the newest one
    fetched before (said on stderr); else the SipriUnreachable error."""
    from etl.fetch.raw_store import SIPRI, stored_releases
    from etl.fetch.run import SipriUnreachable, fetch_latest

    say = progress or Progress(prefix="armsdash")
    say.log(f"no build yet: fetching the newest release from SIPRI into {raw / SIPRI} "
            "(a few minutes; answers take about 30 s each)")
    try:
        return fetch_latest(raw, base_url, progress=say)
    except SipriUnreachable as err:
        stored = stored_releases(raw / SIPRI)
        if not stored:
            raise
        say.log(f"{err}\nBuilding the release fetched before instead: {stored[-1]}")
        return stored[-1]
