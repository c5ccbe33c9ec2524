"""A polite HTTP client for SIPRI's backend: one request at a time, a User-Agent naming
the project, generous timeouts, retries with exponential backoff and jitter.

Timeouts, connection errors, 5xx, 408 and 429 are retried; any other 4xx is not (asking
again would get the same answer). What is left after the retries is raised as
`TransportError`; a 4xx as `Rejected`.

Everything is bounded: each read (`timeout`), each whole answer (`answer_seconds`, so
an answer trickling a byte a second ends), the whole run (`run_seconds`, retries and
pauses included), and an answer's size before and after gzip (`max_bytes`: a gzip bomb
is refused after `max_bytes` of output, never held whole). A `Retry-After` longer than
`max_wait` ends the run at once instead of asking again.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from etl import __version__

RETRY_STATUSES = frozenset({408, 429})
PROJECT = "armsdash"
CHUNK = 65536
MB = 1_000_000
FINAL_KINDS = frozenset({"too_large", "deadline", "busy"})  # asking again cannot help


def user_agent() -> str:
    """The User-Agent: the project, its version, and what it does with the backend."""
    try:
        version = metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        version = __version__
    return (f"{PROJECT}/{version} (open-source dashboard on the SIPRI Arms Transfers Database;"
            " bulk download at build time, one request at a time)")


@dataclass(frozen=True)
class Policy:
    """How patient and how gentle to be: timeout per request, attempts, backoff."""

    timeout: float = 120.0
    attempts: int = 4
    backoff: float = 5.0
    connect_backoff: float = 1.0
    max_backoff: float = 120.0
    jitter: float = 0.5
    pause: float = 1.0
    answer_seconds: float = 900.0
    run_seconds: float | None = 6 * 3600.0
    max_bytes: int = 1_000 * MB
    max_wait: float = 600.0

    def delay(self, attempt: int, rng: Callable[[], float] = random.random,
              kind: str = "status") -> float:
        """Seconds to wait before retry number `attempt` (1, 2, ...): doubling, capped,
        stretched by up to `jitter` of itself so that clients do not retry in step. Where
        no connection was made (offline, unknown host) the server saw nothing, and the
        shorter `connect_backoff` lets an offline user hear so soon."""
        first = self.connect_backoff if kind == "unreachable" else self.backoff
        base = min(first * 2 ** (attempt - 1), self.max_backoff)
        return base * (1 + self.jitter * rng())


class TransportError(Exception):
    """No usable answer after the retries. `kind`: "timeout", "status" (an HTTP error),
    "connection" (broken off during the exchange) or "unreachable" (no connection made:
    offline, unknown host, refused)."""

    def __init__(self, url: str, kind: str, detail: str, status: int | None = None,
                 attempts: int = 1, retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.kind = kind
        self.detail = detail
        self.status = status
        self.attempts = attempts
        self.retry_after = retry_after


class Rejected(TransportError):
    """The backend refused the request (4xx): not retried."""


@dataclass
class Client:
    """Requests to one backend, one at a time, with the retry policy."""

    base_url: str
    policy: Policy = field(default_factory=Policy)
    on_retry: Callable[[str], None] | None = None
    sleep: Callable[[float], None] = time.sleep
    _last: float = field(default=0.0, init=False)
    _deadline: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.policy.run_seconds is not None:
            self._deadline = time.monotonic() + self.policy.run_seconds

    def url(self, path: str) -> str:
        """The full URL of an endpoint path."""
        return self.base_url.rstrip("/") + path

    def get(self, path: str) -> bytes:
        """GET an endpoint; the body of a 2xx answer."""
        return self._with_retries(self.url(path), None)

    def post_json(self, path: str, payload: dict[str, Any]) -> bytes:
        """POST a JSON body to an endpoint; the body of a 2xx answer."""
        data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        return self._with_retries(self.url(path), data)

    def _with_retries(self, url: str, data: bytes | None) -> bytes:
        """Send until an answer comes or the attempts run out; raise TransportError then."""
        attempts = max(1, self.policy.attempts)
        for attempt in range(1, attempts + 1):
            self._pause()
            self._check_deadline(url, 0.0)
            try:
                return self._send(url, data)
            except Rejected:
                raise
            except TransportError as err:
                if err.kind in FINAL_KINDS:
                    raise
                asked = err.retry_after or 0.0
                if asked > self.policy.max_wait:
                    raise TransportError(url, "busy", f"{err.detail}; SIPRI asks to wait "
                                         f"{asked:.0f} s before asking again: try later",
                                         err.status, attempt, asked) from None
                if attempt == attempts:
                    err.attempts = attempt
                    raise
                wait = max(self.policy.delay(attempt, kind=err.kind), asked)
                self._check_deadline(url, wait)
                if self.on_retry is not None:
                    self.on_retry(f"{err.detail}; attempt {attempt} of {attempts}, "
                                  f"retrying in {wait:.0f} s")
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_deadline(self, url: str, wait: float) -> None:
        """Stop where the run would end past its time limit (after waiting `wait` s)."""
        if self._deadline is not None and time.monotonic() + wait > self._deadline:
            raise TransportError(url, "deadline", "the download ran out of its time limit "
                                 f"({self.policy.run_seconds:g} s for the whole run)")

    def _answer_deadline(self) -> float:
        """When the answer being read must be complete: its own limit or the run's."""
        end = time.monotonic() + self.policy.answer_seconds
        return min(end, self._deadline) if self._deadline is not None else end

    def _pause(self) -> None:
        """Leave at least `policy.pause` seconds between two requests."""
        gap = self.policy.pause - (time.monotonic() - self._last)
        if self._last and gap > 0:
            self.sleep(gap)
        self._last = time.monotonic()

    def _send(self, url: str, data: bytes | None) -> bytes:
        """One request; every failure becomes a TransportError saying what happened."""
        request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
        request.add_header("User-Agent", user_agent())
        request.add_header("Accept", "application/json")
        request.add_header("Accept-Encoding", "gzip")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        deadline = self._answer_deadline()
        try:
            with urllib.request.urlopen(request, timeout=self.policy.timeout) as answer:
                body = read_bounded(answer, url, deadline, self.policy.max_bytes)
                encoding = answer.headers.get("Content-Encoding", "")
            return _decompress(body, encoding, url, self.policy.max_bytes)
        except urllib.error.HTTPError as err:
            wait = retry_after(err.headers.get("Retry-After"))
            raise _status_error(url, err.code, _read_error_body(err), wait) from None
        except urllib.error.URLError as err:
            raise _reason_error(url, err.reason) from None
        except TimeoutError:
            raise TransportError(url, "timeout",
                                 f"no answer within {self.policy.timeout:g} s") from None
        except (http.client.HTTPException, ConnectionError, OSError) as err:
            raise TransportError(url, "connection", f"connection failed: {err!r}") from None


def read_bounded(answer: Any, url: str, deadline: float, limit: int) -> bytes:
    """An answer's body, read in pieces until `deadline` (monotonic) and `limit` bytes."""
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TransportError(url, "timeout", "the answer did not complete in time "
                                 f"({size:,} bytes had come)")
        chunk = answer.read1(CHUNK)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            raise _too_large(url, limit)
        parts.append(chunk)


def _too_large(url: str, limit: int) -> TransportError:
    return TransportError(url, "too_large", f"the answer is larger than {limit // MB:,} MB; "
                          "refused (an export is far smaller)")


def _decompress(body: bytes, encoding: str, url: str, limit: int = 1_000 * MB) -> bytes:
    """Undo a gzip Content-Encoding, stopping past `limit` bytes of output (a gzip bomb);
    a broken stream is a (retried) transport error."""
    if encoding.strip().lower() != "gzip" or not body:
        return body
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    parts: list[bytes] = []
    size = 0
    pending = body
    try:
        while pending and not inflate.eof:
            out = inflate.decompress(pending, CHUNK)
            size += len(out)
            if size > limit:
                raise _too_large(url, limit)
            parts.append(out)
            pending = inflate.unconsumed_tail
        if not inflate.eof:
            raise zlib.error("the stream ends early")
    except zlib.error as err:
        raise TransportError(url, "connection", f"broken gzip answer: {err}") from None
    return b"".join(parts)


def _status_error(url: str, status: int, body: str, wait: float | None = None
                  ) -> TransportError:
    """An HTTP error status: 4xx (but 408 and 429) is a rejection, the rest is retried."""
    detail = f"HTTP {status}" + (f": {body}" if body else "")
    if 400 <= status < 500 and status not in RETRY_STATUSES:
        return Rejected(url, "status", detail, status)
    return TransportError(url, "status", detail, status, retry_after=wait)


def retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header given in seconds; None otherwise."""
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    return seconds if seconds is not None and seconds >= 0 else None


def _reason_error(url: str, reason: object) -> TransportError:
    """A URLError's reason: a timeout while connecting, or no connection at all."""
    if isinstance(reason, TimeoutError):
        return TransportError(url, "timeout", "no answer (timed out while connecting)")
    if isinstance(reason, socket.gaierror):
        return TransportError(url, "unreachable", f"host name not resolved ({reason})")
    return TransportError(url, "unreachable", f"connection failed ({reason})")


def _read_error_body(err: urllib.error.HTTPError) -> str:
    """The first characters of an error answer, on one line, for the message."""
    try:
        body = err.read(65536)
        if (err.headers.get("Content-Encoding") or "").strip().lower() == "gzip":
            body = _decompress(body, "gzip", "", 1 * MB)
        text = body.decode("utf-8", "replace")
    except Exception:
        text = ""
    finally:
        err.close()
    return " ".join(text.split())[:200]
