"""Run the dashboard under gunicorn: several workers forked from one process that has
already loaded the data (`preload_app`), so workers share it and start at once.

The workers are gevent's: each connection is a greenlet, so idle keep-alive connections
and clients that send their request slowly cost a little memory each instead of a
thread (gunicorn's threaded worker gave each one a thread for up to 5 s: 100 idle
sockets stalled it). A request's line and headers must arrive within `keepalive`
seconds (gunicorn's gevent worker bounds each request's head by it); the worker class
(`dashboard.serving.worker`) bounds the body in size and time.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from typing import Any

from gunicorn.app.base import BaseApplication

WSGIApp = Callable[..., Any]

MAX_DEFAULT_WORKERS = 8
WORKER_CONNECTIONS = 4000  # per worker: one alone can hold a whole flood
HEAD_SECONDS = 5


def default_workers(cores: int | None = None) -> int:
    """Gunicorn's rule of thumb, 2 x cores + 1, capped so a big host does not copy the data
    into dozens of processes."""
    n = cores if cores is not None else (os.cpu_count() or 1)
    return max(2, min(2 * n + 1, MAX_DEFAULT_WORKERS))


def gunicorn_options(host: str, port: int, workers: int | None = None,
                     **extra: Any) -> dict[str, Any]:
    """Gunicorn settings for serving the dashboard; `extra` overrides any of them."""
    options: dict[str, Any] = {
        "bind": f"{_bracket(host)}:{port}",
        "workers": workers or default_workers(),
        "worker_class": "dashboard.serving.worker.Worker",
        "worker_connections": WORKER_CONNECTIONS,
        "preload_app": True,
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": HEAD_SECONDS,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "armsdash",
        # One host may run several instances; the control socket path would be shared.
        "control_socket_disable": True,
    }
    options.update(extra)
    return options


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit on open files towards wanted (never above the
    hard limit); the workers inherit it. Returns the limit in force."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in use, not permitted), or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as err:
            return f"cannot listen on {host}:{port}: {err.strerror or err}"
    return None


def _bracket(host: str) -> str:
    """IPv6 literals are written in brackets in a bind address."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class DashGunicorn(BaseApplication):
    """Gunicorn serving an already-built WSGI app (the data is loaded before workers fork)."""

    def __init__(self, application: WSGIApp, options: Mapping[str, Any]) -> None:
        self.application = application
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        """Apply our settings; unknown names are a programming error."""
        for key, value in self.options.items():
            if key not in self.cfg.settings:
                raise ValueError(f"unknown gunicorn setting: {key}")
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        """The WSGI app, built once in the master process."""
        return self.application


def preload(app: Any) -> int:
    """Load the data and render each page's default view once, before the workers fork,
    so every worker starts with both in memory. Returns the number of pages rendered.
    (Dash's in-browser id check stays on: `dashboard.app` sends it a light validation
    layout, the components with an id only.)
    """
    import dash

    from dashboard import data
    from dashboard.serving.harden import warm

    data.current()
    return warm(app, [page["path"] for page in dash.page_registry.values()])


def run_gunicorn(application: WSGIApp, options: Mapping[str, Any]) -> None:
    """Serve `application` with gunicorn until stopped (Ctrl-C or SIGTERM)."""
    raise_open_files_limit(int(options.get("worker_connections", WORKER_CONNECTIONS)) + 256)
    DashGunicorn(application, options).run()
