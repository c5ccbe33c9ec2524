"""Build versions on disk: each build is a folder under `.<out>-versions/`, complete once
its manifest.json is written (last); the manifest records each file's size and sha256,
so what a build holds can be checked against what it wrote. Light: no pandas, no arrow
(the unchanged-rebuild check runs on it).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
LOCK = ".lock"
CHUNK = 1 << 20


def versions_dir(out: Path) -> Path:
    """Where the build versions of `out` live: a hidden sibling folder."""
    return out.parent / f".{out.name}-versions"


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_facts(folder: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Size and sha256 of each named file of a build folder, for its manifest."""
    return {name: {"bytes": (folder / name).stat().st_size,
                   "sha256": file_sha256(folder / name)} for name in sorted(names)}


def damage(folder: Path, manifest: Mapping[str, Any], strict: bool = True) -> str | None:
    """What differs between a build folder's files and its manifest's record of them
    (missing, other size, other checksum), or None when every file is as written. A
    manifest recording no files (an older build) is damage only when strict."""
    files = manifest.get("files")
    if not isinstance(files, Mapping) or not files:
        return "its manifest records no file checksums (an older build)" if strict else None
    for name, facts in files.items():
        path = folder / str(name)
        try:
            size = path.stat().st_size
        except OSError:
            return f"{name} is missing"
        if not isinstance(facts, Mapping) or size != facts.get("bytes"):
            return f"{name} has {size:,} bytes, the manifest says {_facts(facts, 'bytes')}"
        if file_sha256(path) != facts.get("sha256"):
            return f"{name} does not match its checksum in the manifest"
    return None


def _facts(facts: object, key: str) -> str:
    value = facts.get(key) if isinstance(facts, Mapping) else None
    return f"{value:,}" if isinstance(value, int) else "nothing"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """A folder's manifest, or None where it has none or it is unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def complete_versions(versions: Path) -> list[Path]:
    """The version folders holding a manifest (complete builds), newest first."""
    if not versions.is_dir():
        return []
    found = [p for p in versions.iterdir()
             if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def good_versions(out: Path, strict: bool = True) -> Iterator[Path]:
    """Complete versions of `out` whose files match their manifest, newest first."""
    for folder in complete_versions(versions_dir(out)):
        manifest = read_manifest(folder)
        if manifest is not None and damage(folder, manifest, strict) is None:
            yield folder


def remove_leftovers(out: Path, keep: Iterable[Path] = ()) -> list[Path]:
    """Remove what a build killed mid-write left: version folders without a manifest and
    half-made symlinks beside `out`. Call with the versions lock held."""
    kept = {p.resolve() for p in keep}
    removed = []
    versions = versions_dir(out)
    if versions.is_dir():
        for path in versions.iterdir():
            if (path.is_dir() and not path.name.startswith(".")
                    and not (path / MANIFEST).is_file() and path.resolve() not in kept):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    for link in out.parent.glob(f".{out.name}.link-*"):
        if link.is_symlink():
            link.unlink(missing_ok=True)
            removed.append(link)
    return removed


@contextmanager
def versions_lock(out: Path) -> Iterator[None]:
    """One build at a time writes, publishes and prunes the versions of `out`."""
    versions_dir(out).mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent / f".{out.name}{LOCK}", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
