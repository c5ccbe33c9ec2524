"""The gunicorn worker of `armsdash serve`: gevent's, closing refused connections gently.

A request refused before its body was read (413: it announced more than the size limit)
is answered with `Connection: close`; closing the socket at once, with the body still
arriving, would make the kernel reset the connection, and the client could lose the
answer. So the worker first says it is done sending, then reads and drops what still
comes, for a bounded time and size, and only then closes (what nginx calls a lingering
close).
"""

from __future__ import annotations

import socket
from typing import Any

import gevent
from gunicorn.workers.ggevent import GeventWorker

LINGER_SECONDS = 2.0
LINGER_BYTES = 2_000_000
REFUSED = "armsdash_refused"  # set on a gunicorn request by the pre_request hook


class Worker(GeventWorker):
    """Gunicorn's gevent worker with a lingering close after a refused request."""

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except StopIteration:
            if getattr(req, REFUSED, False):
                linger(sock)
            raise


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
