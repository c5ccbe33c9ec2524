"""`armsdash build`: SIPRI export files in, validated Parquet tables and a manifest out.

load (read and parse every file) -> transforms (canonical names, tables per release,
estimates, matching) -> checks (schemas, row accounting, reconciliation) -> save. The new
build is written into a fresh version folder beside the output, validated, its
manifest.json written last, and only then the output path is switched to it atomically
(a symlink replaced with os.replace); a failed build leaves the previous one untouched.

Rebuilding unchanged inputs with the same tool version is skipped on a fast path that
imports neither pandas nor pyarrow, once it has checked that every file of the build in
place still has the size and sha256 its manifest records (a damaged build is rebuilt,
with a warning). Only complete versions (with a manifest) count as versions when old
ones are pruned; what a build killed mid-write left is removed by the next build.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etl import __version__
from etl.errors import UserError
from etl.fetch.raw_store import is_fetch_metadata
from etl.versions import (
    complete_versions,
    damage,
    file_facts,
    remove_leftovers,
    versions_dir,
    versions_lock,
)

MANIFEST = "manifest.json"
REJECTS = "rejects.csv"
KEEP_VERSIONS = 3
SOURCE_SUFFIXES = (".csv", ".json", ".txt", ".tsv", ".xlsx", ".xls", ".ods")
PACKAGE = Path(__file__).resolve().parent
BUILD_MODULES = ("__init__", "assemble", "build", "classic_deals", "completeness", "diff",
                 "entities", "errors",
                 "fetch/__init__", "fetch/raw_store", "reconcile", "schema", "store", "transforms",
                 "versions")


# the comparison of the two newest releases the manifest keeps (`changes`)
CHANGES_MODULES = [PACKAGE.parent / "dashboard" / "compute" / f"{name}.py"
                   for name in ("changes", "metrics")]


class BuildError(UserError):
    """The build failed; the message names the file, line and column where it can."""


def tool_version() -> str:
    """The package version plus a digest of the code and data files the build runs on."""
    digest = hashlib.sha256()
    for path in build_files():
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def build_files() -> list[Path]:
    """The modules and data files that decide a build's output."""
    files = [PACKAGE / f"{name}.py" for name in BUILD_MODULES]
    files += sorted((PACKAGE / "readers").glob("*.py")) + sorted((PACKAGE / "data").glob("*.csv"))
    return [*files, *CHANGES_MODULES]


def discover(sources: Sequence[Path]) -> list[Path]:
    """The export files named, or found (non-recursively) in the folders named."""
    files: list[Path] = []
    for src in sources:
        if src.is_dir():
            found = sorted(p for p in src.iterdir()
                           if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                           and not p.name.startswith((".", "~$")) and not is_fetch_metadata(p))
            if not found:
                kinds = ", ".join(f"*{suffix}" for suffix in SOURCE_SUFFIXES)
                raise BuildError(f"{src}: no export files ({kinds}) in this folder")
            files.extend(found)
        elif src.is_file():
            files.append(src)
        else:
            raise BuildError(f"{src}: no such file or folder")
    unique = list(dict.fromkeys(files))
    return unique


def fingerprint(files: Sequence[Path]) -> list[dict[str, Any]]:
    """Path as given, sha256 and size of each input file."""
    out = []
    for path in files:
        data = path.read_bytes()
        out.append({"path": str(path), "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data)})
    return out


def current_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of the build at `out`, or None."""
    try:
        data: dict[str, Any] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def up_to_date(manifest: dict[str, Any] | None, prints: list[dict[str, Any]],
               tool: str) -> bool:
    """The existing build came from the same inputs (by checksum) and tool version."""
    if manifest is None or manifest.get("tool_version") != tool:
        return False
    have = sorted((s["sha256"], s["bytes"]) for s in manifest.get("sources", []))
    want = sorted((s["sha256"], s["bytes"]) for s in prints)
    return have == want


def build(sources: list[Path], out: Path) -> dict[str, Any]:
    """Build the tables from `sources` into `out` unless it is already up to date; return
    the manifest of the build now at `out`."""
    started = time.perf_counter()
    files = discover(sources)
    try:
        prints = fingerprint(files)
    except OSError as err:
        raise BuildError(f"{err.filename}: cannot read: {err.strerror}") from None
    tool = tool_version()
    existing = current_manifest(out)
    damaged = None
    if up_to_date(existing, prints, tool):
        assert existing is not None
        damaged = damage(out, existing)
        if damaged is None:
            return {**existing, "skipped": True}
    from etl.completeness import IncompleteRegister
    from etl.readers.preamble import FormatError
    from etl.reconcile import ReconcileError
    from etl.schema import SchemaError
    from etl.transforms import TransformError

    try:
        previous = (existing or {}).get("sources", [])
        manifest = _full_build(files, prints, tool, out, started, previous)
        return {**manifest, "rebuilt_because": damaged} if damaged else manifest
    except (FormatError, SchemaError, ReconcileError, TransformError,
            IncompleteRegister) as err:
        raise BuildError(str(err)) from None
    except OSError as err:
        raise BuildError(f"{err.filename or out}: {err.strerror or err}") from None


def _full_build(files: list[Path], prints: list[dict[str, Any]], tool: str, out: Path,
                started: float, previous: list[dict[str, Any]]) -> dict[str, Any]:
    """Read, transform, check, write aside, then swap in."""
    from etl.assemble import assemble
    from etl.readers.load import read_export

    with cycles_uncollected():
        parsed = [read_export(path) for path in files]
        result = assemble(parsed)
        result.report["warnings"] = completeness(parsed, prints, result.tables, previous)
        build_id = new_build_id(prints)
        versions = versions_dir(out)
        with versions_lock(out):
            remove_leftovers(out, keep=[out])
            target = versions / build_id
            target.mkdir()
            try:
                manifest = _save(result, parsed, prints, tool, build_id, target, started)
                publish(target, out)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            prune(versions, out)
    return manifest


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """Python's cycle collector paused: reading creates millions of short-lived objects
    and no reference cycles worth collecting, and each full collection would scan them
    all (measured: about 8% of the build's time; its peak memory the same)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _save(result: Any, parsed: list[Any], prints: list[dict[str, Any]], tool: str,
          build_id: str, target: Path, started: float) -> dict[str, Any]:
    """Write every table (validated), the rejects file, and manifest.json last."""
    from concurrent.futures import ThreadPoolExecutor

    from etl.schema import TABLES
    from etl.store import write_table

    with ThreadPoolExecutor(max_workers=2) as pool:  # Arrow encodes without the GIL
        done = [pool.submit(write_table, result.tables[name], schema, target)
                for name, schema in TABLES.items()]
        for future in done:
            future.result()
    write_rejects(parsed, target / REJECTS)
    written = [f"{name}.parquet" for name in TABLES] + [REJECTS]
    from etl.diff import newest_summary

    changes = newest_summary(result.tables, result.report.get("spellings", {}))
    manifest = {
        "build_id": build_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tool_version": tool,
        "sources": [{**p, **source_facts(x)} for p, x in zip(prints, parsed, strict=True)],
        "tables": {name: len(df) for name, df in result.tables.items()},
        "rejects_file": REJECTS,
        "rejected": {x.source: reject_summary(x) for x in parsed if x.rejects},
        **result.report,
        "changes": changes,
        "build_seconds": round(time.perf_counter() - started, 3),
        "files": file_facts(target, written),
    }
    tmp = target / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n",
                   encoding="utf-8")
    os.replace(tmp, target / MANIFEST)
    return manifest


def completeness(parsed: list[Any], prints: list[dict[str, Any]], tables: dict[str, Any],
                 previous: list[dict[str, Any]]) -> list[str]:
    """Warnings about registers that may be cut (`etl.completeness`); raises where a TIV
    table of the same release shows one is."""
    from etl.completeness import check_against_tables, register_warnings

    releases = tables["releases"].set_index("release")
    warnings: list[str] = []
    classic: dict[str, tuple[str, tuple[int, int]]] = {}
    for facts, x in zip(prints, parsed, strict=True):
        source = {**facts, **source_facts(x)}
        warnings += register_warnings(source, x.frame, all_countries(Path(facts["path"])),
                                      previous)
        if x.format == "classic" and x.release in releases.index:
            row = releases.loc[x.release]
            classic[facts["path"]] = (x.release, (int(row["first_year"]),
                                                  int(row["last_year"])))
    check_against_tables(tables["deliveries"], tables["tiv_tables"], classic)
    return warnings


def all_countries(path: Path) -> bool:
    """Whether an export's first line says it is of all suppliers and all recipients."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(2000).decode("utf-8", "replace")
    except OSError:
        return False
    words = " ".join(first.replace('"', " ").split()).casefold()
    return "from all countries to all countries" in words


def source_facts(parsed: Any) -> dict[str, Any]:
    """What the manifest records about one parsed file besides its checksum."""
    return {"format": parsed.format, "release": parsed.release,
            "generated_at": parsed.generated_at, "encoding": parsed.encoding,
            "rows_read": parsed.rows_read, "rows_kept": parsed.rows_kept,
            "rows_rejected": len(parsed.rejects),
            "ignored_columns": parsed.ignored_columns,
            "coverage": parsed.coverage.record(),
            "tables": parsed.tables, "repairs": parsed.repairs}


def reject_summary(parsed: Any) -> dict[str, Any]:
    """Count and first reasons of a file's rejected rows."""
    return {"count": len(parsed.rejects),
            "examples": [f"line {r.line}{', column ' + repr(r.column) if r.column else ''}: "
                         f"{r.reason}" for r in parsed.rejects[:5]]}


def write_rejects(parsed: list[Any], path: Path) -> None:
    """All rejected rows with file, line, column and reason."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "line", "column", "reason", "text"])
        for x in parsed:
            for r in x.rejects:
                writer.writerow([r.source, r.line, r.column, r.reason, r.text])


def new_build_id(prints: list[dict[str, Any]]) -> str:
    """A unique, sortable id: UTC time to the microsecond plus a digest of the inputs."""
    digest = hashlib.sha256("".join(sorted(p["sha256"] for p in prints)).encode())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{digest.hexdigest()[:8]}"


def publish(target: Path, out: Path) -> None:
    """Point `out` at `target` atomically; an older plain folder at `out` is moved aside."""
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    link = parent / f".{out.name}.link-{target.name}"
    os.symlink(os.path.relpath(target, parent), link)
    try:
        if out.is_dir() and not out.is_symlink():
            os.replace(out, versions_dir(out) / f"{target.name}-previous-folder")
        os.replace(link, out)
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def prune(versions: Path, out: Path, keep: int = KEEP_VERSIONS) -> list[Path]:
    """Remove all but the newest `keep` complete versions, never the one `out` points to
    (folders without a manifest are no versions: see `remove_leftovers`)."""
    current = out.resolve()
    olds = complete_versions(versions)[::-1]
    removed = []
    for path in olds[:-keep] if len(olds) > keep else []:
        if path.resolve() != current:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def run_cli(args: argparse.Namespace) -> int:
    """`armsdash build`: build and print a short summary."""
    manifest = build(list(args.sources), args.out)
    if manifest.get("rebuilt_because"):
        print(f"warning: {args.out}: the build in place was damaged "
              f"({manifest['rebuilt_because']}); rebuilt", file=sys.stderr)
    for warning in manifest.get("warnings", []) if not manifest.get("skipped") else []:
        print(f"warning: {warning}", file=sys.stderr)
    if manifest.get("skipped"):
        print(f"{args.out}: up to date (build {manifest['build_id']}); nothing to do")
        return 0
    for line in summary_lines(manifest) + changes_lines(manifest):
        print(line)
    for source, rej in manifest.get("rejected", {}).items():
        print(f"warning: {source}: {rej['count']} row(s) rejected, e.g. {rej['examples'][0]} "
              f"(see {args.out / REJECTS})", file=sys.stderr)
    return 0


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    """Human-readable lines about a build."""
    lines = [f"build {manifest['build_id']} ({manifest['tool_version']}), "
             f"{manifest.get('build_seconds', '?')} s"]
    for rel in manifest.get("releases", []):
        est = (" (per-year values estimated)" if "classic" in rel["formats"]
               and not rel["per_year_exact"] else "")
        part = ("" if rel.get("world", True) else
                f"; covers only {rel.get('coverage')}, not the world")
        lines.append(f"release {rel['release']}: deliveries {rel['first_year']}-"
                     f"{rel['last_year']}, formats {', '.join(rel['formats'])}{est}{part}")
    for source in manifest.get("sources", []):
        for repair in source.get("repairs") or []:
            where = ", ".join("-".join(map(str, x)) if isinstance(x, list) else str(x)
                              for x in repair["lines"][:10])
            more = " ..." if len(repair["lines"]) > 10 else ""
            lines.append(f"repaired: {source['path']}: {repair['count']} x {repair['kind']} "
                         f"(lines {where}{more})")
        empty = [t["line"] for t in source.get("tables") or [] if t["empty"]]
        if empty:
            lines.append(f"empty tables: {source['path']}: {len(empty)} table(s) without rows "
                         f"(headers on lines {', '.join(map(str, empty))})")
    tables = ", ".join(f"{k} {v}" for k, v in manifest.get("tables", {}).items())
    lines.append(f"rows: {tables}")
    return lines


def changes_lines(manifest: dict[str, Any]) -> list[str]:
    """What the newest release changed against the previous newest, as the manifest keeps
    it (nothing where the build holds fewer than two such releases)."""
    record = manifest.get("changes")
    if not record:
        return []
    from dashboard.compute.changes import summary_lines as lines

    return [*lines(record), f"  (all of it: armsdash diff {record['old']} {record['new']})"]


def info_cli(args: argparse.Namespace) -> int:
    """`armsdash info [DIR]`: releases, coverage years, rows, estimated share."""
    folder: Path = args.dir
    manifest = current_manifest(folder)
    if manifest is None:
        raise UserError(f"{folder}: no build here (no readable {MANIFEST})")
    for line in summary_lines(manifest):
        print(line)
    for rel in manifest.get("releases", []):
        share = rel.get("estimated_tiv_share")
        if share:
            print(f"release {rel['release']}: {share:.1%} of delivered TIV is an estimated "
                  "per-year split")
    for source, rej in manifest.get("rejected", {}).items():
        print(f"rejected: {source}: {rej['count']} row(s)")
    for warning in manifest.get("warnings", []):
        print(f"warning: {warning}")
    print(f"sources: {len(manifest.get('sources', []))} file(s); built "
          f"{manifest.get('created_at', '?')}")
    return 0
