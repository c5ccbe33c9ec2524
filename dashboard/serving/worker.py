"""The gunicorn worker of `armsdash serve`: gevent's, with bounds on what a client sends.

- A request announcing a body over the size limit is answered 413 with
  `Connection: close`; closing the socket at once, with the body still arriving, would
  make the kernel reset the connection, and the client could lose the answer. So the
  worker first says it is done sending, then reads and drops what still comes, for a
  bounded time and size, and only then closes (what nginx calls a lingering close).
- A body must arrive within BODY_SECONDS of the request's head: a client trickling it
  byte by byte is answered 408 on a closed connection instead of holding its greenlet
  for as long as it likes.

Both live in the worker class, so plain `gunicorn --worker-class
dashboard.serving.worker.Worker` gets them as `armsdash serve` does.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import gevent
from gunicorn.workers.ggevent import GeventWorker
from werkzeug.exceptions import RequestTimeout

from dashboard.serving.harden import MAX_REQUEST_BYTES

LINGER_SECONDS = 2.0
LINGER_BYTES = 2_000_000
BODY_SECONDS = 10.0  # a callback's body is a few kB: 10 s is a very slow line's worth
ALREADY_HERE_SECONDS = 0.001  # past the deadline, a read may still return what is here
REFUSED = "armsdash_refused"  # set on a gunicorn request refused for its size


class Worker(GeventWorker):
    """Gunicorn's gevent worker: oversized requests refused and closed gently, bodies
    bounded in time."""

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        if oversized(req.headers, MAX_REQUEST_BYTES):
            req.force_close()
            setattr(req, REFUSED, True)
        req.body = DeadlineBody(req.body, req.force_close, BODY_SECONDS)
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except StopIteration:
            if getattr(req, REFUSED, False):
                linger(sock)
            raise


def oversized(headers: list[tuple[str, str]], limit: int) -> bool:
    """Whether the request's Content-Length is over limit bytes (or not a number)."""
    for name, value in headers:
        if name.upper() == "CONTENT-LENGTH":
            return not value.strip().isdigit() or int(value) > limit
    return False


class DeadlineBody:
    """A request body that must have arrived `seconds` after this is made: a read past
    that calls `on_expiry` (to close the connection) and raises 408 Request Timeout."""

    def __init__(self, body: Any, on_expiry: Callable[[], None], seconds: float) -> None:
        self._body = body
        self._on_expiry = on_expiry
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    def read(self, size: int | None = None) -> bytes:
        return self._within(self._body.read, size)

    def readline(self, size: int | None = None) -> bytes:
        return self._within(self._body.readline, size)

    def readlines(self, hint: int | None = None) -> list[bytes]:
        return self._within(self._body.readlines, hint)

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def _within(self, read: Callable[[Any], Any], arg: Any) -> Any:
        """read(arg), given until the deadline. What has already arrived (the end of a body
        read whole, which gunicorn reads again before the connection's next request) is
        returned at any time."""
        result = None
        left = self._deadline - time.monotonic()
        with gevent.Timeout(max(left, ALREADY_HERE_SECONDS), False):
            result = read(arg)
        if result is None:
            self._on_expiry()
            raise RequestTimeout(f"The request's body did not arrive within "
                                 f"{self._seconds:g} seconds.")
        return result


def linger(sock: socket.socket, seconds: float = LINGER_SECONDS,
           limit: int = LINGER_BYTES) -> int:
    """Shut the sending side, then read and drop what the client still sends (at most
    `limit` bytes, `seconds` long) so the answer is not lost to a reset. Bytes dropped."""
    dropped = 0
    try:
        sock.shutdown(socket.SHUT_WR)
        with gevent.Timeout(seconds, False):
            while dropped < limit:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                dropped += len(chunk)
    except OSError:
        pass
    return dropped
