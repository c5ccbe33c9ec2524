"""The production server on a real build keeps answering while builds are swapped in:
a new build is picked up without a restart and without a failed request; a failing build
and a broken build put in place leave the previous data served. Each test runs twice: on
one server, and through Debian's nginx in front of two replicas sharing one build."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REQUIRE_REAL_DATA, skip_or_fail
from tests.support.servers import NGINX, free_port, nginx_in_front, wait_healthy

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RELEASE_A = "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv"
RELEASE_B = "trade-register-by-delivery-year_1995-2024_generated-2026-02-12_excel-resaved.csv"
VIEWS = ["/", "/?side=exports&country=Turkiye", "/world", "/about"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `armsdash ARGS` from the project root."""
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def load_test(url: str, summary: Path, users: int, duration: int) -> subprocess.Popen[bytes]:
    """`python -m benchmarks.load` against url in its own process; its summary to `summary`."""
    views = [arg for view in VIEWS for arg in ("--view", view)]
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load", "--url", url, "--users", str(users),
         "--duration", str(duration), "--think", "0.05", "0.3", *views, "--json", str(summary)],
        cwd=ROOT, stdout=subprocess.DEVNULL)


def healthz(port: int) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/healthz")
        res = conn.getresponse()
        return res.status, json.loads(res.read())
    finally:
        conn.close()


def manifest_id(build: Path) -> str:
    return str(json.loads((build / "manifest.json").read_text(encoding="utf-8"))["build_id"])


def start_server(build: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`armsdash serve` (gunicorn, 2 workers) on build, on a free port."""
    port = free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl.cli", "serve", "--build", str(build), "--host",
             "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
    return proc, port


@pytest.fixture(params=["direct", "nginx"])
def server(request: pytest.FixtureRequest, tmp_path: Path, sipri_dir: Path
           ) -> Iterator[tuple[int, Path]]:
    """A build of release A served by `armsdash serve` (gunicorn, 2 workers): directly, or
    by two replicas sharing the build behind Debian's nginx (`deploy/nginx.conf`); the
    port to ask and the build."""
    build = tmp_path / "build"
    done = cli("build", "--from", str(sipri_dir / RELEASE_A), "--out", str(build))
    assert done.returncode == 0, done.stderr
    replicas = 1 if request.param == "direct" else 2
    if replicas > 1 and not Path(NGINX).is_file():
        skip_or_fail(f"nginx not installed at {NGINX}", REQUIRE_REAL_DATA)
    logs = [tmp_path / f"server{i}.log" for i in range(replicas)]
    started = [start_server(build, log) for log in logs]
    try:
        for _proc, port in started:
            wait_healthy(port, timeout=120)
        with contextlib.ExitStack() as stack:
            port = started[0][1]
            if replicas > 1:
                port = stack.enter_context(nginx_in_front([p for _, p in started],
                                                          tmp_path / "nginx"))
            yield port, build
    finally:
        for proc, _port in started:
            proc.terminate()
            proc.wait(timeout=30)
    for log in logs:
        assert "Traceback" not in log.read_text(encoding="utf-8")


def test_builds_swap_in_without_a_failed_request(
    server: tuple[int, Path], sipri_dir: Path, tmp_path: Path
) -> None:
    port, build = server
    status, first = healthz(port)
    assert status == 200 and first["build_id"] == manifest_id(build)
    assert first["releases"] == ["2024-04-13"]

    summary = tmp_path / "load.json"
    load = load_test(f"http://127.0.0.1:{port}", summary, users=6, duration=40)
    time.sleep(5)

    # A new build (two releases) is swapped in under load.
    done = cli("build", "--from", str(sipri_dir / RELEASE_A), str(sipri_dir / RELEASE_B),
               "--out", str(build))
    assert done.returncode == 0, done.stderr
    new_id = manifest_id(build)
    assert new_id != first["build_id"]
    wait_all_serving(port, new_id)

    # A failing build: non-zero exit, one message, the build in place untouched.
    bad = tmp_path / "bad.csv"
    bad.write_text("this is not a SIPRI export\n1,2,3\n", encoding="utf-8")
    failed = cli("build", "--from", str(bad), "--out", str(build))
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
    assert manifest_id(build) == new_id

    # A broken build put in place by hand: the workers keep the data they have.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text(json.dumps({"build_id": "broken"}), encoding="utf-8")
    (broken / "deliveries.parquet").write_bytes(b"not parquet")
    good_target = os.readlink(build)
    swap_link(build, str(broken))
    time.sleep(4)
    assert all(healthz(port)[1]["build_id"] == new_id for _ in range(8))
    swap_link(build, good_target)

    load.wait(timeout=120)
    result = json.loads(summary.read_text(encoding="utf-8"))
    assert result["errors"] == 0, result["first_errors"]
    assert result["callback"]["n"] > 20

    seen = [healthz(port) for _ in range(20)]
    assert all(s == 200 and h["build_id"] == new_id for s, h in seen), seen
    assert seen[-1][1]["releases"] == ["2024-04-13", "2026-02-12"]
    print("requests during the swaps:", result["requests"], "errors:", result["errors"])


def wait_all_serving(port: int, build_id: str, timeout: float = 150) -> None:
    """Wait until every worker serves build_id: 12 answers in a row on fresh connections.

    A worker that no request reached since the swap still holds the older build; the
    broken-build step below must start only once each worker has the new one."""
    deadline = time.monotonic() + timeout
    streak = 0
    while streak < 12:
        assert time.monotonic() < deadline, f"workers never all served {build_id}"
        streak = streak + 1 if healthz(port)[1].get("build_id") == build_id else 0
        time.sleep(0.1)


def swap_link(link: Path, target: str) -> None:
    """Point the build symlink at target atomically, as `armsdash build` does."""
    tmp = link.with_name(link.name + ".swap")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def raw_request(port: int, method: str, path: str, body: bytes = b"",
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One request on its own connection: status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        res = conn.getresponse()
        return res.status, res.read()
    except (ConnectionResetError, BrokenPipeError):
        return 0, b""  # the server may close a connection it refused early
    finally:
        conn.close()


def test_production_server_refuses_hostile_requests_and_keeps_answering(
    server: tuple[int, Path]
) -> None:
    port, _build = server
    json_headers = {"Content-Type": "application/json"}
    status, body = raw_request(port, "POST", "/_dash-update-component", b"[" + b"1," * 1_500_000
                               + b"1]", json_headers)
    assert status in (0, 413), body[:200]
    status, body = raw_request(port, "GET", "/?country=" + "x" * 20_000)
    assert 400 <= status < 500 or status == 0
    status, body = raw_request(port, "POST", "/_dash-update-component", b"{not json",
                               json_headers)
    assert status == 400 and json.loads(body)["error"]
    status, body = raw_request(port, "GET", "/?country=Atlantis&years=2030-1900&top=-4")
    assert status == 200
    status, body = raw_request(port, "GET", "/")
    assert status == 200
    assert b"Traceback" not in body
    assert healthz(port)[0] == 200
