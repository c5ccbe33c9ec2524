"""Connection abuse against a server on loopback, while analysts work (`benchmarks.load`).

    python -m benchmarks.abuse [--idle 2000] [--slow-head 100] [--slow-body 100]
        [--users 50] [--duration 30] [--build data/build | --url http://127.0.0.1:PORT]

Three kinds of hostile sockets are kept open for the whole run; one the server closes is
opened again at once, so the numbers hold at every moment:

- idle: connected, never sends a byte;
- slow head: sends a request line and headers one byte a second, never ending them;
- slow body: sends a complete head announcing a 64 kB JSON body for a callback, then
  the body one byte a second.

Meanwhile `--users` analysts use the dashboard as in `benchmarks.load`; the run fails
(exit 1) if any analyst request failed. Prints the analysts' summary and how often the
server closed each kind of socket.
"""

from __future__ import annotations

import argparse
import selectors
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.load import DEFAULT_VIEWS, LOOPBACK, on_server, report, run_load

SLOW_HEAD = (b"GET /world HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n"
             + b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 40) for i in range(200)))
BODY_BYTES = 65_536
SLOW_BODY = (b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % BODY_BYTES)
KINDS = ("idle", "slow_head", "slow_body")


@dataclass
class Hostile:
    """One hostile socket: its kind and how much of its script it has sent."""

    kind: str
    sock: socket.socket
    sent: int = 0


@dataclass
class Abuse:
    """Keeps the hostile sockets open (re-opening those the server closes) in a thread."""

    host: str
    port: int
    counts: dict[str, int]
    tick: float = 1.0
    opened: Counter[str] = field(default_factory=Counter)
    closed_by_server: Counter[str] = field(default_factory=Counter)
    failed_connects: int = 0
    peak_open: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Open every socket, then once a tick send the next byte of each slow one."""
        selector = selectors.DefaultSelector()
        live: dict[int, Hostile] = {}
        try:
            while not self._stop.is_set():
                self._top_up(selector, live)
                self.peak_open = max(self.peak_open, len(live))
                deadline = time.monotonic() + self.tick
                while not self._stop.is_set() and time.monotonic() < deadline:
                    for key, _ in selector.select(timeout=0.1):
                        self._on_readable(selector, live, key.fd)
                for fd, hostile in list(live.items()):
                    if hostile.kind != "idle" and not self._send_byte(hostile):
                        self._drop(selector, live, fd)
        finally:
            for hostile in live.values():
                hostile.sock.close()
            selector.close()

    def _top_up(self, selector: selectors.BaseSelector, live: dict[int, Hostile]) -> None:
        """Open sockets until each kind has its count."""
        have = Counter(h.kind for h in live.values())
        for kind in KINDS:
            for _ in range(self.counts.get(kind, 0) - have[kind]):
                try:
                    sock = socket.create_connection((self.host, self.port), timeout=5)
                except OSError:
                    self.failed_connects += 1
                    continue
                sock.setblocking(False)
                hostile = Hostile(kind, sock)
                if kind == "slow_body":
                    sock.sendall(SLOW_BODY)
                live[sock.fileno()] = hostile
                selector.register(sock, selectors.EVENT_READ)
                self.opened[kind] += 1

    def _on_readable(self, selector: selectors.BaseSelector, live: dict[int, Hostile],
                     fd: int) -> None:
        """The server answered or closed: either way this socket is done."""
        hostile = live.get(fd)
        if hostile is None:
            return
        try:
            data = hostile.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            self.closed_by_server[hostile.kind] += 1
            self._drop(selector, live, fd)

    def _send_byte(self, hostile: Hostile) -> bool:
        """The next byte of a slow socket's script; False when the socket is gone."""
        script = SLOW_HEAD if hostile.kind == "slow_head" else b"["
        byte = script[hostile.sent % len(script):][:1]
        try:
            hostile.sock.send(byte)
        except OSError:
            self.closed_by_server[hostile.kind] += 1
            return False
        hostile.sent += 1
        return True

    def _drop(self, selector: selectors.BaseSelector, live: dict[int, Hostile],
              fd: int) -> None:
        hostile = live.pop(fd)
        selector.unregister(hostile.sock)
        hostile.sock.close()

    def stop(self) -> None:
        self._stop.set()

    def report(self) -> dict[str, Any]:
        """Sockets opened and closed by the server, per kind."""
        return {"opened": dict(self.opened), "closed_by_server": dict(self.closed_by_server),
                "failed_connects": self.failed_connects, "peak_open": self.peak_open}


@contextmanager
def abused(url: str, idle: int, slow_head: int, slow_body: int,
           settle: float = 3.0) -> Iterator[Abuse]:
    """The hostile sockets held open against url for the duration of the block."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    if host not in LOOPBACK:
        raise SystemExit(f"abuse refuses non-loopback host {host!r}")
    abuse = Abuse(host, port, {"idle": idle, "slow_head": slow_head, "slow_body": slow_body})
    thread = threading.Thread(target=abuse.run, daemon=True)
    thread.start()
    time.sleep(settle)  # every socket open before the analysts arrive
    try:
        yield abuse
    finally:
        abuse.stop()
        thread.join(timeout=10)


def run_abuse(url: str, idle: int, slow_head: int, slow_body: int, users: int,
              duration: float, think: tuple[float, float]) -> dict[str, Any]:
    """Analysts for `duration` seconds while the hostile sockets are held; the summary."""
    with abused(url, idle, slow_head, slow_body) as abuse:
        result = run_load(url, users, duration, think, list(DEFAULT_VIEWS))
        return result | {"abuse": abuse.report()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.abuse", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="a running server on loopback (else one is started)")
    p.add_argument("--build", type=Path, default=Path("data/build"))
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--idle", type=int, default=2000)
    p.add_argument("--slow-head", type=int, default=100)
    p.add_argument("--slow-body", type=int, default=100)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=30.0)
    p.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"))
    p.add_argument("--json", type=Path, help="also write the summary here")
    args = p.parse_args(argv)
    think = (float(args.think[0]), float(args.think[1]))
    counts = (args.idle, args.slow_head, args.slow_body)
    result = on_server(args.url, args.build, args.workers, lambda url: run_abuse(
        url, *counts, args.users, args.duration, think))
    return report(result, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
