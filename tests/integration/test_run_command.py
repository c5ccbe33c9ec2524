"""The run command on a machine with no build: `armsdash serve` fetches from (the fake)
SIPRI with progress, builds, and serves; with a build present it starts without asking
SIPRI; offline it prints the one message and exits non-zero."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.fake_sipri import FIXTURES, FakeSipri, closed_port_url
from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def serve(cwd: Path, base_url: str, port: int) -> subprocess.Popen[str]:
    """`armsdash serve` in `cwd` (data/ lives there), against the given backend."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARMSDASH_SIPRI_URL": base_url}
    return subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "serve", "--port", str(port)],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_page(proc: subprocess.Popen[str], port: int, limit: float = 90.0) -> int:
    """The status of the dashboard's first page once it answers."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"serve exited {proc.returncode}: {err[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                return int(page.status)
        except OSError:
            time.sleep(0.3)
    pytest.fail("the dashboard did not answer in time")


def stop(proc: subprocess.Popen[str]) -> str:
    """Stop the server; its stderr."""
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


@pytest.mark.slow
def test_no_build_fetches_builds_and_serves_then_restarts_without_sipri(tmp_path: Path
                                                                         ) -> None:
    with FakeSipri(FIXTURES) as fake:
        port = free_port()
        proc = serve(tmp_path, fake.base_url, port)
        try:
            assert wait_for_page(proc, port) == 200
        finally:
            err = stop(proc)
        assert fake.kinds() == ["max_year", "by_year", "classic", "tiv_imports",
                                "tiv_exports"]
        assert "no build yet: fetching the newest release from SIPRI" in err
        assert "[4/4] TIV table by supplier" in err
        assert (tmp_path / "data" / "raw" / "sipri" / "2026-03-14" / "provenance.json").is_file()
        assert (tmp_path / "data" / "build" / "manifest.json").is_file()

    port = free_port()  # SIPRI gone: a present build starts at once
    proc = serve(tmp_path, closed_port_url(), port)
    try:
        assert wait_for_page(proc, port) == 200
    finally:
        err = stop(proc)
    assert "fetching" not in err


@pytest.mark.slow
def test_offline_with_no_build_exits_with_the_message(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARMSDASH_SIPRI_URL": closed_port_url()}
    done = subprocess.run([sys.executable, "-m", "etl.cli", "serve", "--port",
                           str(free_port())], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "armsdash serve: error: SIPRI could not be reached" in done.stderr
    assert "ARMSDASH_FROM=PATH bash scripts/run.sh" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "build").exists()
