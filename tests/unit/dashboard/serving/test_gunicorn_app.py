"""Gunicorn settings for `armsdash serve`."""

from __future__ import annotations

import socket

import pytest

from dashboard.serving.gunicorn_app import (
    DashGunicorn,
    default_workers,
    gunicorn_options,
    port_problem,
)


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
