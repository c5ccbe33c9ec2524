"""A hostile or broken backend (the fake SIPRI on 127.0.0.1) never makes `armsdash fetch`
run unbounded: an answer trickling a byte a second ends, a whole run has a time limit, a
gzip bomb is refused after a bounded size, an answer stamped with a newer release does
not poison the staging folder, and a long Retry-After ends the run without one more
request."""

from __future__ import annotations

import io
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from etl.fetch.client import Policy
from etl.fetch.progress import Progress
from etl.fetch.raw_store import PROVENANCE
from etl.fetch.run import BadAnswer, Options, SipriUnreachable, fetch_release
from tests.support.fake_sipri import FIXTURES, FakeSipri, gzip_bomb

FAST = Policy(timeout=5.0, attempts=3, backoff=0.001, connect_backoff=0.001, max_backoff=0.01,
              jitter=0.5, pause=0.0)


@pytest.fixture
def fake() -> FakeSipri:
    with FakeSipri(FIXTURES) as server:
        yield server


def fetch(fake: FakeSipri, raw: Path, policy: Policy = FAST, **over: object
          ) -> tuple[Path, str]:
    log = io.StringIO()
    options = replace(Options(base_url=fake.base_url, policy=policy), **over)  # type: ignore[arg-type]
    return fetch_release(raw, options, Progress(log, tty=False)), log.getvalue()


def test_an_answer_trickling_a_byte_a_second_is_cut_off(fake: FakeSipri, tmp_path: Path
                                                         ) -> None:
    fake.faults = {"tiv_imports": ["trickle"]}
    started = time.monotonic()
    folder, log = fetch(fake, tmp_path, replace(FAST, answer_seconds=2.0))
    assert time.monotonic() - started < 20
    assert "the answer did not complete in time" in log
    assert (folder / PROVENANCE).is_file()  # asked again, the answer came whole


def test_a_whole_run_has_a_time_limit(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"classic": ["trickle"] * 50}
    started = time.monotonic()
    with pytest.raises(SipriUnreachable, match="time limit") as caught:
        fetch(fake, tmp_path, replace(FAST, answer_seconds=2.0, run_seconds=5.0))
    assert time.monotonic() - started < 15
    assert "\n" not in str(caught.value)
    assert not list((tmp_path / "sipri").glob("2*"))


def test_a_gzip_bomb_is_refused_in_bounded_memory(fake: FakeSipri, tmp_path: Path) -> None:
    import resource

    fake.faults = {"by_year": ["gzip_bomb"]}
    fake.bomb = gzip_bomb(500_000_000)  # 500 MB of zeros in about 500 kB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(BadAnswer, match="larger than 20 MB") as caught:
        fetch(fake, tmp_path, replace(FAST, max_bytes=20_000_000))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100, grown_mb  # never the whole decompressed answer
    assert "\n" not in str(caught.value)
    assert fake.kinds().count("by_year") == 1  # a bomb is not asked for again


def test_an_answer_stamped_newer_is_asked_again_in_the_same_run(fake: FakeSipri,
                                                                 tmp_path: Path) -> None:
    fake.faults = {"tiv_imports": ["newer_release"]}
    folder, log = fetch(fake, tmp_path)
    assert folder.name == "2026-03-14"
    assert "other than 2026-03-14 are fetched again" in log
    prov = json.loads((folder / PROVENANCE).read_text())
    assert {a["release"] for a in prov["answers"].values()} == {"2026-03-14"}


def test_a_newer_stamp_never_poisons_later_resumes(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"tiv_imports": ["newer_release"] * 3}
    with pytest.raises(BadAnswer, match=r"dropped: run the fetch again"):
        fetch(fake, tmp_path)
    fake.faults = {}
    fake.requests.clear()
    folder, _log = fetch(fake, tmp_path)  # a healthy backend, no --force
    assert folder.name == "2026-03-14"
    assert fake.kinds() == ["max_year", "tiv_imports"]  # only the dropped answer again


def test_a_long_retry_after_ends_the_run_without_another_request(fake: FakeSipri,
                                                                  tmp_path: Path) -> None:
    fake.faults = {"classic": [429]}
    fake.retry_after = "3600"
    started = time.monotonic()
    with pytest.raises(SipriUnreachable, match="asks to wait 3600 s") as caught:
        fetch(fake, tmp_path, replace(FAST, max_wait=600.0))
    assert time.monotonic() - started < 10
    assert fake.kinds().count("classic") == 1  # no retry, no split into year ranges
    assert "\n" not in str(caught.value)


def test_repeated_429s_are_never_split_into_more_requests(fake: FakeSipri,
                                                          tmp_path: Path) -> None:
    fake.faults = {"classic": [429] * 10}
    fake.retry_after = "0"
    with pytest.raises(SipriUnreachable, match="HTTP 429"):
        fetch(fake, tmp_path)
    assert fake.kinds().count("classic") == FAST.attempts
