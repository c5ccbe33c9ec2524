"""`armsdash fetch`: download the newest release from SIPRI's backend, politely and
resumably, and keep every answer unchanged with its provenance.

load (getMaxYear, then each query of `sipri_api.plan`, split into year ranges where the
backend cannot answer in one go) → check (`answers.check_answer`, `answers.merge_parts`)
→ save (`raw_store`: staging folder, then `<raw>/sipri/<release date>/`).
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from etl.errors import UserError
from etl.fetch.answers import Answer, check_answer, merge_parts
from etl.fetch.client import Client, Policy, Rejected, TransportError, user_agent
from etl.fetch.progress import Progress
from etl.fetch.raw_store import (
    PROVENANCE,
    REQUEST_SUFFIX,
    SIPRI,
    Staging,
    StoreBusy,
    find_complete,
    json_bytes,
    locked,
    now_iso,
    open_staging,
    read_provenance,
    sha256,
    stored_releases,
    write_atomic,
)
from etl.fetch.sipri_api import (
    DEFAULT_BASE_URL,
    FIRST_YEAR,
    MAX_YEAR_PATH,
    Query,
    halves,
    plan,
    spans,
)
from etl.readers.api import decode_answer
from etl.readers.preamble import FormatError

BASE_URL_ENV = "ARMSDASH_SIPRI_URL"
SPLIT_STATUSES = frozenset({413})
OFFLINE_PATH = ("To build from SIPRI export files you downloaded instead "
                "(https://armstransfers.sipri.org), run: armsdash build --from PATH, "
                "or: ARMSDASH_FROM=PATH bash scripts/run.sh")


class FetchError(UserError):
    """The download failed; the message says where and why."""


class SipriUnreachable(FetchError):
    """SIPRI's backend could not be reached, or gave no answer after the retries."""


class BadAnswer(FetchError):
    """The backend answered something that is not the expected export."""


@dataclass(frozen=True)
class Options:
    """What to fetch from where, and how patiently."""

    base_url: str = DEFAULT_BASE_URL
    first_year: int = FIRST_YEAR
    max_span: int | None = None
    max_splits: int = 3
    policy: Policy = field(default_factory=Policy)
    force: bool = False


def resolve_base_url(given: str | None) -> str:
    """The backend URL: the option, else $ARMSDASH_SIPRI_URL, else SIPRI's own."""
    return given or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def fetch_latest(raw: Path, base_url: str | None = None, *, options: Options | None = None,
                 progress: Progress | None = None) -> Path:
    """Fetch the newest release into `<raw>/sipri/<release>/` (or find it stored); its path."""
    opts = replace(options or Options(), base_url=resolve_base_url(base_url))
    return fetch_release(raw, opts, progress or Progress())


def fetch_release(raw: Path, options: Options, progress: Progress) -> Path:
    """Ask for the latest year, fetch what is not stored yet, then move it into place."""
    root = raw / SIPRI
    client = Client(options.base_url, options.policy, on_retry=progress.log)
    try:
        with locked(root):
            max_year = read_max_year(client)
            queries = plan(options.first_year, max_year)
            key = {"base_url": options.base_url, "first_year": options.first_year,
                   "max_year": max_year}
            if not options.force:
                done = find_complete(root, key, [q.name for q in queries])
                if done is not None:
                    progress.log(f"release {done.name} (data to {max_year}) is already stored "
                                 f"in {done}; --force fetches it again")
                    return done
            staging = open_staging(root, key, fresh=options.force)
            staging.provenance["user_agent"] = user_agent()
            fetch_missing(client, queries, staging, options, progress, max_year)
            release = settle_release(client, queries, staging, options, progress, max_year)
            final = staging.finalize(root, release)
    except StoreBusy as err:
        raise FetchError(str(err)) from None
    progress.log(f"stored release {release} (data to {max_year}) in {final}")
    return final


def read_max_year(client: Client) -> int:
    """The latest year with data, from getMaxYear."""
    url = client.url(MAX_YEAR_PATH)
    try:
        body = client.get(MAX_YEAR_PATH)
    except TransportError as err:
        raise _failure(url, err) from None
    try:
        value = json.loads(body)
        year = int(value)
    except (ValueError, TypeError):
        raise BadAnswer(f"{url}: expected a year, the answer is {body[:80]!r}") from None
    if not FIRST_YEAR <= year <= 2100:
        raise BadAnswer(f"{url}: {year} is not a plausible latest year")
    return year


def fetch_missing(client: Client, queries: list[Query], staging: Staging, options: Options,
                  progress: Progress, max_year: int, again: frozenset[str] = frozenset()
                  ) -> None:
    """Fetch and store every query whose answer is not stored yet (or is in `again`)."""
    for index, query in enumerate(queries, start=1):
        if query.name not in again and staging.stored(query.name) is not None:
            progress.log(f"[{index}/{len(queries)}] {query.title}: already stored")
            continue
        files, record = fetch_query(client, query, options, progress, (index, len(queries)),
                                    max_year)
        staging.store(query.name, files, record)


def settle_release(client: Client, queries: list[Query], staging: Staging, options: Options,
                   progress: Progress, max_year: int) -> str:
    """The release date all answers share. Answers stamped on an older date (a run resumed
    on another day) are fetched again; then answers whose stamp differs from most others
    (one stamped a release the backend does not give again). Where they still differ, the
    odd answers are dropped from the staging folder, so a later run asks for them again
    instead of failing on them until --force."""
    dates: dict[str, str] = {}
    for attempt in (1, 2, 3):
        records = {q.name: staging.stored(q.name) or {} for q in queries}
        dates = {name: str(r.get("release")) for name, r in records.items()}
        if len(set(dates.values())) == 1:
            return next(iter(dates.values()))
        if attempt == 3:
            break
        newest, usual = max(dates.values()), most_common(list(dates.values()))
        keep = newest if attempt == 1 else usual
        stale = frozenset(name for name, date in dates.items() if date != keep)
        how = "before" if attempt == 1 else "other than"
        progress.log(f"answers stamped {how} {keep} are fetched again so that the release "
                     f"is one: {', '.join(sorted(stale))}")
        fetch_missing(client, queries, staging, options, progress, max_year, again=stale)
    usual = most_common(list(dates.values()))
    odd = sorted(name for name, date in dates.items() if date != usual)
    staging.forget(odd)
    raise BadAnswer("the answers carry different 'Data generated' dates "
                    f"{sorted(set(dates.values()))}; those not stamped {usual} "
                    f"({', '.join(odd)}) were dropped: run the fetch again")


def most_common(values: list[str]) -> str:
    """The value given most often; of equally common ones, the oldest (dates sort)."""
    return min(set(values), key=lambda v: (-values.count(v), v))


def fetch_query(client: Client, query: Query, options: Options, progress: Progress,
                step: tuple[int, int], max_year: int) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Fetch one query, in year ranges where needed; its files and provenance record."""
    ranges = spans(query.first, query.last, options.max_span if query.split_on else None)
    parts: list[tuple[Answer, dict[str, Any]]] = []
    for first, last in ranges:
        parts += fetch_range(client, query, first, last, options, progress, step, max_year, 0)
    if len(parts) == 1:
        answer, record = parts[0]
        if not answer.rows:
            raise BadAnswer(f"{record['url']}: the {query.title} holds no rows")
        return _single_files(query, answer, record)
    return _merged_files(query, parts)


def fetch_range(client: Client, query: Query, first: int, last: int, options: Options,
                progress: Progress, step: tuple[int, int], max_year: int, depth: int
                ) -> list[tuple[Answer, dict[str, Any]]]:
    """Fetch first..last; where the backend gives up on it, fetch its two halves instead."""
    url = client.url(query.path)
    body = query.body(first, last)
    source = f"{url} ({query.title} {first}-{last})"
    can_split = query.split_on is not None and first < last and depth < options.max_splits
    started = now_iso()
    try:
        with progress.step(step[0], step[1], f"{query.title} {first}-{last}"):
            raw = client.post_json(query.path, body)
    except TransportError as err:
        if not can_split or not _worth_splitting(err):
            raise _failure(source, err) from None
        (a, b), (c, d) = halves(first, last)
        progress.log(f"{query.title} {first}-{last}: {err.detail}; asking for {a}-{b} and "
                     f"{c}-{d} separately")
        return (fetch_range(client, query, a, b, options, progress, step, max_year, depth + 1)
                + fetch_range(client, query, c, d, options, progress, step, max_year,
                              depth + 1))
    try:
        answer = check_answer(decode_answer(raw, source), query, source, first, last, max_year)
    except FormatError as err:
        raise BadAnswer(f"unexpected answer from {err}") from None
    record = {"url": url, "method": "POST", "request": body, "fetched_at": started,
              "sha256": sha256(answer.data), "bytes": len(answer.data),
              "data_generated": answer.preamble.generated.isoformat(),
              "release": answer.preamble.release, "format": answer.preamble.format,
              "years": [first, last], "rows": len(answer.rows)}
    progress.log(f"{query.title} {first}-{last}: {len(answer.rows)} rows, "
                 f"{len(answer.data):,} bytes, release {answer.preamble.release}")
    return [(answer, record)]


def _worth_splitting(err: TransportError) -> bool:
    """A smaller request may pass where the backend timed out, failed (5xx) or found the
    request too large (413); not where it cannot be reached at all."""
    if isinstance(err, Rejected):
        return err.status in SPLIT_STATUSES
    if err.status == 429:  # too many requests: more, smaller ones would not help
        return False
    return err.kind in ("timeout", "status")


def _failure(source: str, err: TransportError) -> FetchError:
    """The error to show for a request that failed for good."""
    if isinstance(err, Rejected):
        return FetchError(f"{source}: SIPRI's backend refused the request ({err.detail}); "
                          "its API may have changed. " + OFFLINE_PATH)
    if err.kind == "too_large":
        return BadAnswer(f"{source}: {err.detail}. Nothing stored earlier was changed.")
    if err.kind in ("busy", "deadline"):
        return SipriUnreachable(f"{source}: {err.detail}. What was fetched so far is kept "
                                "and a later run resumes from it. " + OFFLINE_PATH)
    return _unreachable(source, err)


def _unreachable(url: str, err: TransportError) -> SipriUnreachable:
    """The one message for SIPRI offline, unknown host, or down after the retries."""
    tries = f" after {err.attempts} attempts" if err.attempts > 1 else ""
    return SipriUnreachable(f"SIPRI could not be reached ({url}: {err.detail}{tries}). "
                            "Nothing stored earlier was changed. " + OFFLINE_PATH)


def _single_files(query: Query, answer: Answer, record: dict[str, Any]
                  ) -> tuple[dict[str, bytes], dict[str, Any]]:
    """One answer for the whole range: the CSV and its request body, as they came."""
    stem = query.stem()
    record = {**record, "file": f"{stem}.csv", "request_file": f"{stem}{REQUEST_SUFFIX}"}
    return {record["file"]: answer.data,
            record["request_file"]: json_bytes(record["request"])}, record


def _merged_files(query: Query, parts: list[tuple[Answer, dict[str, Any]]]
                  ) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Answers for year ranges: each kept unchanged under parts/, and merged into one CSV."""
    try:
        merged = merge_parts([answer for answer, _ in parts], query)
    except FormatError as err:
        raise BadAnswer(f"merging the {query.title} parts: {err}") from None
    files: dict[str, bytes] = {}
    records = []
    for answer, record in parts:
        stem = f"parts/{query.stem(answer.first, answer.last)}"
        record = {**record, "file": f"{stem}.csv", "request_file": f"{stem}{REQUEST_SUFFIX}"}
        files[record["file"]] = answer.data
        files[record["request_file"]] = json_bytes(record["request"])
        records.append(record)
    first = records[0]
    merged_record = {
        "file": f"{query.stem()}.csv", "url": first["url"], "method": "POST",
        "fetched_at": first["fetched_at"], "sha256": sha256(merged), "bytes": len(merged),
        "data_generated": first["data_generated"], "release": first["release"],
        "format": first["format"], "years": [query.first, query.last],
        "rows": sum(r["rows"] for r in records),
        "merged_from": records,
        "note": "the answers under parts/ (unchanged) joined: the first one's preamble, "
                "titled with the whole year range, then every part's rows",
    }
    files[merged_record["file"]] = merged
    return files, merged_record


def options_from_args(args: argparse.Namespace) -> Options:
    """Options from the `fetch` subcommand's arguments."""
    policy = Policy()
    timeout = getattr(args, "timeout", None)
    attempts = getattr(args, "retries", None)
    if timeout is not None:
        policy = replace(policy, timeout=timeout)
    if attempts is not None:
        policy = replace(policy, attempts=attempts + 1)
    max_time = getattr(args, "max_time", None)
    if max_time is not None:
        policy = replace(policy, run_seconds=max_time)
    return Options(base_url=resolve_base_url(args.base_url), policy=policy,
                   max_span=getattr(args, "max_span", None), force=bool(args.force))


def run_cli(args: argparse.Namespace) -> int:
    """`armsdash fetch`: fetch the newest release and say where it is, then what it changed
    against the previous release stored (see `release_changes`)."""
    final = fetch_release(Path(args.out), options_from_args(args), Progress())
    print(final)
    from etl.build import changes_lines

    for line in changes_lines({"changes": release_changes(final)}):
        print(line)
    return 0


def release_changes(folder: Path) -> dict[str, Any] | None:
    """What a stored release changed against the newest release stored before it: built
    from both folders (aside, never touching a build in use) and kept in the release's
    provenance.json under `changes`; None where there is no earlier release, or where the
    two cannot be compared (a warning says why)."""
    prov = read_provenance(folder)
    if prov is None:
        return None
    if "changes" in prov:
        found: dict[str, Any] | None = prov["changes"]
        return found
    earlier = [f for f in stored_releases(folder.parent) if f.name < folder.name]
    if not earlier:
        return None
    import tempfile

    from etl.build import build

    with tempfile.TemporaryDirectory(prefix="armsdash-changes-") as tmp:
        try:
            record = build([earlier[-1], folder], Path(tmp) / "build").get("changes")
        except UserError as err:
            print(f"warning: cannot compare {folder.name} with {earlier[-1].name}: {err}")
            return None
    if record is not None and record.get("new") != folder.name:
        record = None  # the new release is not one compared on (not the whole world)
    write_atomic(folder / PROVENANCE, json_bytes({**prov, "changes": record}))
    return record
