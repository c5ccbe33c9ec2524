"""Gunicorn settings for `armsdash serve`."""

from __future__ import annotations

import resource
import socket
import time

import gevent
import pytest
from gevent import socket as gsocket

from dashboard.serving.gunicorn_app import (
    DashGunicorn,
    default_workers,
    gunicorn_options,
    port_problem,
    raise_open_files_limit,
)
from dashboard.serving.worker import oversized


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 8), (64, 8)])
def test_default_workers(cores: int, workers: int) -> None:
    assert default_workers(cores) == workers


def test_options_are_valid_gunicorn_settings() -> None:
    options = gunicorn_options("127.0.0.1", 8050, workers=3, timeout=90)
    app = DashGunicorn(lambda environ, start: [], options)
    assert app.cfg.workers == 3
    assert app.cfg.preload_app is True
    assert app.cfg.bind == ["127.0.0.1:8050"]
    assert app.cfg.timeout == 90


def test_ipv6_host_is_bracketed() -> None:
    assert gunicorn_options("::1", 8050)["bind"] == "[::1]:8050"


def test_unknown_setting_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        DashGunicorn(lambda environ, start: [], {"nope": 1})
    assert "unknown gunicorn setting: nope" in capsys.readouterr().err


def test_port_in_use_is_named() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        problem = port_problem("127.0.0.1", port)
    assert problem is not None and f"127.0.0.1:{port}" in problem
    assert port_problem("127.0.0.1", 0) is None


@pytest.mark.parametrize(("headers", "refused"), [
    ([("Content-Length", "1000001")], True),
    ([("CONTENT-LENGTH", "1000000")], False),
    ([("Host", "x")], False),
    ([("Content-Length", "-1")], True),
    ([("Content-Length", "12abc")], True),
    ([("Content-Length", " 20 ")], False),
])
def test_oversized_bodies_are_told_by_their_announced_length(
        headers: list[tuple[str, str]], refused: bool) -> None:
    assert oversized(headers, 1_000_000) is refused


def test_defaults_are_the_cooperative_worker_with_a_bound_on_request_heads() -> None:
    options = gunicorn_options("127.0.0.1", 8050)
    app = DashGunicorn(lambda environ, start: [], options)
    assert app.cfg.worker_class_str == "dashboard.serving.worker.Worker"
    assert app.cfg.worker_connections >= 2200
    assert 0 < app.cfg.keepalive <= 10


def test_open_files_limit_is_raised_but_never_past_the_hard_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        assert raise_open_files_limit(300) == 300
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == 300
        assert raise_open_files_limit(200) == 300  # never lowered
        if hard != resource.RLIM_INFINITY:
            assert raise_open_files_limit(hard + 10) == hard
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_refused_connection_is_closed_after_the_client_stops_sending() -> None:
    from dashboard.serving.worker import linger

    server, client = gsocket.socketpair()
    with server, client:
        client.sendall(b"x" * 5000)
        client.shutdown(socket.SHUT_WR)
        assert linger(server, seconds=2) == 5000
        assert client.recv(10) == b""  # the server's side is shut: the client sees the end


def test_lingering_is_bounded_in_time() -> None:
    from dashboard.serving.worker import linger

    server, client = gsocket.socketpair()
    with server, client:
        started = time.monotonic()
        assert linger(server, seconds=0.3) == 0  # the client never stops nor sends
        assert time.monotonic() - started < 2


class Trickle:
    """A request body arriving one byte every `pause` seconds."""

    def __init__(self, size: int, pause: float) -> None:
        self.left, self.pause = size, pause

    def read(self, size: int | None = None) -> bytes:
        out = b""
        while self.left and (size is None or len(out) < size):
            gevent.sleep(self.pause)
            out, self.left = out + b"x", self.left - 1
        return out

    def readline(self, size: int | None = None) -> bytes:
        return self.read(size)


def test_a_body_arriving_in_time_is_read_whole() -> None:
    from dashboard.serving.worker import DeadlineBody

    expired: list[bool] = []
    body = DeadlineBody(Trickle(20, 0.001), lambda: expired.append(True), seconds=5)
    assert body.read() == b"x" * 20 and body.read() == b""
    assert expired == []


@pytest.mark.parametrize("how", ["read", "readline", "iterate"])
def test_a_body_trickling_past_its_deadline_is_refused_408_and_closed(how: str) -> None:
    from werkzeug.exceptions import RequestTimeout

    from dashboard.serving.worker import DeadlineBody

    expired: list[bool] = []
    body = DeadlineBody(Trickle(10_000, 0.01), lambda: expired.append(True), seconds=0.3)
    started = time.monotonic()
    with pytest.raises(RequestTimeout, match=r"within 0\.3 seconds"):
        if how == "iterate":
            list(body)
        else:
            getattr(body, how)()
    assert time.monotonic() - started < 1.5
    assert expired == [True]
    with pytest.raises(RequestTimeout):  # and stays refused
        body.read(1)


def test_a_body_read_whole_reads_empty_after_its_deadline() -> None:
    from dashboard.serving.worker import DeadlineBody

    expired: list[bool] = []
    body = DeadlineBody(Trickle(3, 0.001), lambda: expired.append(True), seconds=0.2)
    assert body.read() == b"xxx"
    time.sleep(0.3)  # the response took long; gunicorn drains the body before the next request
    assert body.read(8192) == b"" and expired == []
