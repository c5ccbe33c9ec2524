"""The run command's bootstrap: build from files without the network, start at once on a
present build, or fetch from (the fake) SIPRI and build; and fetch-then-build gives the
same tables as building from the same files directly."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from etl.bootstrap import ensure_build, has_build
from etl.build import build
from etl.fetch.client import Policy
from etl.fetch.progress import Progress
from etl.fetch.run import Options, SipriUnreachable, fetch_release
from etl.schema import TABLES
from etl.store import read_table
from tests.support.fake_sipri import FIXTURES, FakeSipri, closed_port_url

FAST = Policy(timeout=5.0, attempts=2, backoff=0.001, connect_backoff=0.001, max_backoff=0.01,
              pause=0.0)


@pytest.fixture(autouse=True)
def fast_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bootstrap fetches with default options: make their retries instant."""
    monkeypatch.setattr("etl.fetch.run.Options", lambda **kw: Options(**{"policy": FAST, **kw}))


@pytest.fixture
def fake() -> FakeSipri:
    with FakeSipri(FIXTURES) as server:
        yield server


def quiet() -> Progress:
    return Progress(io.StringIO(), tty=False)


def tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table of a build, rows in key order."""
    out = {}
    for name, schema in TABLES.items():
        df = read_table(folder, name)
        out[name] = df.sort_values(list(schema.key)).reset_index(drop=True)
    return out


def assert_same_tables(a: Path, b: Path) -> None:
    left, right = tables(a), tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_no_build_fetches_then_builds(fake: FakeSipri, tmp_path: Path) -> None:
    out = ensure_build(tmp_path / "build", base_url=fake.base_url, raw=tmp_path / "raw",
                       progress=quiet())
    assert has_build(out)
    assert fake.kinds() == ["max_year", "by_year", "classic", "tiv_imports", "tiv_exports"]
    releases = read_table(out, "releases")
    assert releases["release"].tolist() == ["2026-03-14"]


def test_a_present_build_starts_at_once_without_the_network(fake: FakeSipri,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([FIXTURES], out)
    assert ensure_build(out, base_url=fake.base_url, raw=tmp_path / "raw") == out
    assert fake.requests == []


def test_from_files_never_touches_the_network(fake: FakeSipri, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSDASH_SIPRI_URL", fake.base_url)
    out = ensure_build(tmp_path / "build", [FIXTURES], raw=tmp_path / "raw")
    assert has_build(out) and fake.requests == []
    assert not (tmp_path / "raw").exists()


def test_offline_without_any_release_says_how_to_build_from_files(tmp_path: Path) -> None:
    with pytest.raises(SipriUnreachable, match=r"armsdash build --from PATH.*ARMSDASH_FROM"):
        ensure_build(tmp_path / "build", base_url=closed_port_url(), raw=tmp_path / "raw",
                     progress=quiet())
    assert not has_build(tmp_path / "build")


def test_offline_with_a_release_fetched_before_builds_that(fake: FakeSipri,
                                                           tmp_path: Path) -> None:
    fetch_release(tmp_path / "raw", Options(base_url=fake.base_url, policy=FAST), quiet())
    log = io.StringIO()
    out = ensure_build(tmp_path / "build", base_url=closed_port_url(), raw=tmp_path / "raw",
                       progress=Progress(log, tty=False))
    assert has_build(out)
    assert "SIPRI could not be reached" in log.getvalue()
    assert "release fetched before instead" in log.getvalue()


@pytest.mark.parametrize("split", [False, True])
def test_fetch_then_build_equals_building_the_same_files(fake: FakeSipri, tmp_path: Path,
                                                         split: bool) -> None:
    if split:  # the registers come in year ranges and are merged
        fake.too_large = {"by_year": 20, "classic": 30}
    release = fetch_release(tmp_path / "raw", Options(base_url=fake.base_url, policy=FAST),
                            quiet())
    build([release], tmp_path / "fetched")
    build([FIXTURES], tmp_path / "direct")
    assert_same_tables(tmp_path / "fetched", tmp_path / "direct")
    assert len(read_table(tmp_path / "fetched", "deliveries")) == 19
