"""`armsdash serve` with its default settings on a real build, abused over loopback:
2,000 idle connections plus 100 slow-head and 100 slow-body sockets (re-opened whenever
the server closes them) while 50 analysts work, with no failed analyst request; and the
answers to missing files, unknown pages, oversized requests and bodies trickling in (also
under plain gunicorn with the project's worker class)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import free_port, get, wait_healthy

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RELEASE_A = "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv"


@pytest.fixture(scope="module")
def served(sipri_dir: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[int, Path]]:
    """`armsdash serve` (default workers and settings) on release A; port and log file."""
    tmp = tmp_path_factory.mktemp("abuse")
    build = tmp / "build"
    done = subprocess.run([sys.executable, "-m", "etl.cli", "build", "--from",
                           str(sipri_dir / RELEASE_A), "--out", str(build)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    port = free_port()
    yield from running([sys.executable, "-m", "etl.cli", "serve", "--build", str(build),
                        "--host", "127.0.0.1", "--port", str(port)],
                       port, tmp / "server.log", {})


@pytest.fixture(scope="module")
def plain_gunicorn(served: tuple[int, Path], tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[tuple[int, Path]]:
    """Plain gunicorn on the same build, as the WSGI entry point's docstring runs it."""
    build = served[1].parent / "build"
    port = free_port()
    yield from running([sys.executable, "-m", "gunicorn", "--preload", "--workers", "1",
                        "--worker-class", "dashboard.serving.worker.Worker", "--keep-alive",
                        "5", "--bind", f"127.0.0.1:{port}", "dashboard.serving.wsgi:server"],
                       port, tmp_path_factory.mktemp("plain") / "server.log",
                       {"ARMSDASH_BUILD": str(build)})


def running(command: list[str], port: int, log_path: Path, env: dict[str, str]
            ) -> Iterator[tuple[int, Path]]:
    """Run a server until the caller is done with it: (port, log file) once it is healthy."""
    with log_path.open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **env})
        try:
            wait_healthy(port, timeout=60)
            yield port, log_path
        finally:
            proc.terminate()
            proc.wait(timeout=30)


SERVERS = ["served", "plain_gunicorn"]


def test_idle_and_slow_sockets_never_fail_an_analyst(served: tuple[int, Path],
                                                     tmp_path: Path) -> None:
    port, log = served
    started = time.monotonic()
    summary = tmp_path / "abuse.json"
    subprocess.run([sys.executable, "-m", "benchmarks.abuse", "--url",
                    f"http://127.0.0.1:{port}", "--idle", "2000", "--slow-head", "100",
                    "--slow-body", "100", "--users", "50", "--duration", "12", "--think",
                    "1", "4", "--json", str(summary)],
                   cwd=ROOT, capture_output=True, timeout=60, check=False)  # the bound
    elapsed = time.monotonic() - started
    result = json.loads(summary.read_text(encoding="utf-8"))
    print("analysts:", result["requests"], "requests,", result["errors"], "errors;",
          "abuse:", result["abuse"], f"{elapsed:.0f} s")
    assert result["abuse"]["peak_open"] == 2200
    assert result["abuse"]["failed_connects"] == 0
    assert result["errors"] == 0, result["first_errors"]
    assert result["callback"]["n"] >= 50 and result["page"]["n"] >= 50
    # The slow heads are cut off by the server (a head has HEAD_SECONDS to arrive).
    assert result["abuse"]["closed_by_server"].get("slow_head", 0) >= 100
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_missing_files_and_unknown_pages_answer_404_without_a_traceback(
        served: tuple[int, Path]) -> None:
    port, log = served
    before = log.stat().st_size
    for _ in range(50):
        status, body = get(port, "/_dash-component-suites/dash/nope.js")
        assert status == 404 and b"Traceback" not in body
    status, _ = get(port, "/_dash-component-suites/no_such_package/x.js")
    assert status == 404
    for path in ("/nope", "/world/extra", "/country/India"):
        status, body = get(port, path)
        assert status == 404, path
        assert b"_dash-renderer" in body or b"dash_renderer" in body  # the app's shell
    assert get(port, "/world")[0] == 200
    grown = log.read_text(encoding="utf-8")[before:]
    assert "Traceback" not in grown and len(grown) < 2_000


@pytest.mark.parametrize("server", SERVERS)
def test_an_oversized_request_is_refused_on_a_closed_connection(
        server: str, request: pytest.FixtureRequest) -> None:
    port, _log = request.getfixturevalue(server)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n"
                     + b"[" * 10_000)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 413")
    assert "connection: close" in head and "keep-alive" not in head
    body = answer.split(b"\r\n\r\n", 1)[1]
    assert json.loads(body)["status"] == 413


@pytest.mark.parametrize("server", SERVERS)
def test_a_body_trickling_in_is_cut_off_with_408_after_its_deadline(
        server: str, request: pytest.FixtureRequest) -> None:
    from dashboard.serving.worker import BODY_SECONDS

    port, _log = request.getfixturevalue(server)
    started = time.monotonic()
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=BODY_SECONDS + 10) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        sock.settimeout(0.5)
        while time.monotonic() - started < BODY_SECONDS + 8:
            try:
                sock.sendall(b"[")
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
    elapsed = time.monotonic() - started
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 408"), answer[:200]
    assert "connection: close" in head
    assert BODY_SECONDS - 1 < elapsed < BODY_SECONDS + 6
