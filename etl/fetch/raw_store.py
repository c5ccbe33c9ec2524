"""Where fetched answers are kept: `<raw>/sipri/<release date>/`, unchanged, with provenance.

A download goes into `<raw>/sipri/.staging/` first: every file is written aside and
renamed into place, and an answer counts as stored only once `provenance.json` lists it
with a matching sha256. An interrupted download resumes from there. When every answer is
in, the staging folder is renamed to the release folder in one step, so a release folder
is always complete.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SIPRI = "sipri"
STAGING = ".staging"
PROVENANCE = "provenance.json"
REQUEST_SUFFIX = ".request.json"
LOCK = ".lock"
SOURCE = "SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers"
TERMS = ("SIPRI's data: non-commercial use, credit 'SIPRI Arms Transfers Database'; "
         "calculations derived from it are not SIPRI's own.")


class StoreBusy(RuntimeError):
    """Another download is writing into the same folder."""


def is_fetch_metadata(path: Path) -> bool:
    """provenance.json and the request bodies kept beside the answers: not exports."""
    return path.name == PROVENANCE or path.name.endswith(REQUEST_SUFFIX)


def now_iso() -> str:
    """The current UTC time, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sha256(data: bytes) -> str:
    """Hex sha256 of the bytes."""
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def json_bytes(value: object) -> bytes:
    """Readable, stable JSON."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold `<root>/.lock` so that two downloads never write the same folder."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"another download is writing into {root}") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def file_matches(folder: Path, record: dict[str, Any]) -> bool:
    """The file a record names is there with the recorded sha256."""
    path = folder / str(record.get("file", ""))
    return path.is_file() and sha256(path.read_bytes()) == record.get("sha256")


def read_provenance(folder: Path) -> dict[str, Any] | None:
    """A folder's provenance.json, or None where absent or unreadable."""
    try:
        data = json.loads((folder / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def find_complete(root: Path, key: dict[str, Any], names: list[str]) -> Path | None:
    """The newest complete release folder fetched with the same key (backend, years)."""
    found = []
    for folder in sorted(root.glob("[0-9]*")):
        prov = read_provenance(folder)
        if not prov or not prov.get("complete"):
            continue
        if any(prov.get(k) != v for k, v in key.items()):
            continue
        answers = prov.get("answers", {})
        if all(n in answers and file_matches(folder, answers[n]) for n in names):
            found.append(folder)
    return found[-1] if found else None


def stored_releases(root: Path) -> list[Path]:
    """Complete release folders, oldest first."""
    return [f for f in sorted(root.glob("[0-9]*"))
            if (prov := read_provenance(f)) is not None and prov.get("complete")]


@dataclass
class Staging:
    """The folder a download is written into before it becomes a release folder."""

    folder: Path
    provenance: dict[str, Any]

    def stored(self, name: str) -> dict[str, Any] | None:
        """The record of a stored answer whose file is intact, else None."""
        record = self.provenance.get("answers", {}).get(name)
        if record is None or not file_matches(self.folder, record):
            return None
        return dict(record)

    def store(self, name: str, files: dict[str, bytes], record: dict[str, Any]) -> None:
        """Write an answer's files, then list it in provenance.json (which commits it)."""
        for rel, data in files.items():
            write_atomic(self.folder / rel, data)
        self.provenance.setdefault("answers", {})[name] = record
        write_atomic(self.folder / PROVENANCE, json_bytes(self.provenance))

    def forget(self, names: Iterable[str]) -> None:
        """Drop answers from provenance.json (committed): a resume fetches them again."""
        answers = self.provenance.setdefault("answers", {})
        for name in names:
            answers.pop(name, None)
        write_atomic(self.folder / PROVENANCE, json_bytes(self.provenance))

    def finalize(self, root: Path, release: str) -> Path:
        """Mark the download complete and rename it to `<root>/<release>`; a release folder
        already there (a forced fetch again) is replaced only once the new one is in."""
        self.provenance.update(release=release, completed_at=now_iso(), complete=True)
        write_atomic(self.folder / PROVENANCE, json_bytes(self.provenance))
        target = root / release
        old = root / f".replaced-{release}"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(self.folder, target)
        shutil.rmtree(old, ignore_errors=True)
        return target


def open_staging(root: Path, key: dict[str, Any], fresh: bool) -> Staging:
    """The staging folder for a download with this key; started afresh where `fresh`, where
    it holds another download (another backend or year range), or where unreadable."""
    folder = root / STAGING
    prov = read_provenance(folder)
    if fresh or prov is None or any(prov.get(k) != v for k, v in key.items()):
        if folder.exists():
            shutil.rmtree(folder)
        prov = {"source": SOURCE, "terms": TERMS, **key, "started_at": now_iso(),
                "complete": False, "answers": {}}
        folder.mkdir(parents=True)
        write_atomic(folder / PROVENANCE, json_bytes(prov))
    for tmp in folder.rglob(".*.tmp"):
        tmp.unlink()
    return Staging(folder, prov)
