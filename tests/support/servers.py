"""Local servers for tests and benchmarks: a free loopback port, waiting for /healthz, a
GET on a fresh connection, the development server of the dashboard on a build, Debian's
headless Chromium settings, and Debian's nginx in front of local servers."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# `python -c SERVER_CODE BUILD PORT`: the dashboard's development server on 127.0.0.1.
SERVER_CODE = """
import sys
from pathlib import Path
from dashboard.app import create_app
app = create_app(Path(sys.argv[1]))
app.run(host="127.0.0.1", port=int(sys.argv[2]), debug=False)
"""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(port: int, timeout: float = 180) -> dict[str, Any]:
    """Poll /healthz until it answers 200; return its JSON."""
    end = time.time() + timeout
    while time.time() < end:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            res = conn.getresponse()
            body = res.read()
            if res.status == 200:
                health: dict[str, Any] = json.loads(body)
                return health
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.5)
    raise RuntimeError(f"server on port {port} did not become healthy in {timeout} s")


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    """GET `path` from 127.0.0.1:`port` on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


NGINX = "/usr/sbin/nginx"


@contextmanager
def nginx_in_front(servers: list[int], runtime: Path) -> Iterator[int]:
    """Debian's nginx on a free loopback port with the project's configuration
    (`deploy/nginx.conf`) in front of the given local ports; its port."""
    from dashboard.serving.proxy import nginx_config, prepare_runtime

    port = free_port()
    prepare_runtime(runtime)
    conf = runtime / "nginx.conf"
    conf.write_text(nginx_config(f"127.0.0.1:{port}", [f"127.0.0.1:{p}" for p in servers],
                                 runtime), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(runtime), "-c", str(conf), "-e",
                             str(runtime / "error.log"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, timeout=30)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
