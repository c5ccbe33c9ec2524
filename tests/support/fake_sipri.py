"""A fake of SIPRI's backend API on 127.0.0.1, for the fetch tests.

It implements the contract documented in ../shared/sipri/README.md ("The backend API"):
`GET /trades/getMaxYear`, `GET /countries/getAllCountriesTrimmed`, and the POST endpoints
`/trades/trade-register-csv/` (classic register, or by delivery year with `exportOption`),
`/trades/import-export-csv/` (`{"bytes": base64}`) and `/trades/import-export-csv-str/`
(`{"result": text}`) for the TIV tables (by supplier with `orderbyseller`). Request bodies
are checked as the real backend expects them (`{"filters": [...], "logic": "AND"}`, every
filter with its six keys, known fields, year ranges with `contains`); a wrong body gets a
400. Answers are cut from fixture files in SIPRI's formats to the years asked for.

Tests steer it with `faults` (per kind of request, consumed in order: an HTTP status,
"html", "empty", "truncated", "cut_rows", "wrong_format", "slow", "trickle": the answer
one byte a second, "gzip_bomb": the gzipped `bomb` (see `gzip_bomb`), "newer_release": stamped
60 days later) and `too_large` (per kind, the widest year range answered; wider ones get
`too_large_status`). Every request is recorded in `requests`.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import gzip
import json
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PREFIX = "/api/p"
REGISTER = "/trades/trade-register-csv/"
TIV = "/trades/import-export-csv/"
TIV_STR = "/trades/import-export-csv-str/"
MAX_YEAR = "/trades/getMaxYear"
COUNTRIES = "/countries/getAllCountriesTrimmed"
FILTER_KEYS = {"field", "oldField", "condition", "value1", "value2", "listData"}
YEAR_FIELDS = {"Delivery year", "Order year", "Year range 1"}
FLAGS = {"opendeals": "", "exportOption": "", "orderbyseller": "", "DeliveryType": "delivered",
         "Status": "0"}
LIST_FIELDS = {"Supplier", "Recipient", "Weapon category"}
REGISTER_FIELDS = {"Delivery year", "Order year", "opendeals", "exportOption"} | LIST_FIELDS
TIV_FIELDS = {"Year range 1", "DeliveryType", "Status", "orderbyseller", "Supplier",
              "Recipient"}


class BadRequest(ValueError):
    """The body is not what the backend accepts."""


@dataclass(frozen=True)
class Seen:
    """One request the fake received."""

    method: str
    path: str
    kind: str
    body: Any
    headers: dict[str, str]


@dataclass
class Table:
    """A fixture file split into preamble, header and rows, with its encoding."""

    preamble: list[str]
    header: list[str]
    rows: list[list[str]]
    encoding: str

    def render(self, rows: list[list[str]], header: list[str] | None = None,
               title: str | None = None) -> bytes:
        """The file for these rows, as SIPRI writes it (LF, no quoting)."""
        pre = [title, *self.preamble[1:]] if title is not None else self.preamble
        lines = [*pre, ",".join(header or self.header), *(",".join(r) for r in rows)]
        return ("\n".join(lines) + "\n").encode(self.encoding)


def read_table(path: Path) -> Table:
    """Split a SIPRI export into preamble, header and rows."""
    data = path.read_bytes()
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252"), "cp1252"
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    for i, line in enumerate(lines):
        cells = next(csv.reader([line]), [""])
        if cells and cells[0] in ("SIPRI AT Database ID", "Recipient", "Exports by",
                                  "Supplier") and len(cells) > 3:
            rows = [next(csv.reader([x])) for x in lines[i + 1:] if x.strip()]
            return Table(lines[:i], cells, rows, encoding)
    raise ValueError(f"{path}: no header line")


def load_fixtures(folder: Path) -> dict[str, Table]:
    """The fixture files of a folder by kind: by_year, classic, tiv_imports, tiv_exports."""
    tables: dict[str, Table] = {}
    for path in sorted(folder.glob("*.csv")):
        table = read_table(path)
        first = table.header[0]
        if first == "SIPRI AT Database ID":
            kind = "by_year"
        elif first == "Recipient" and table.header[1] == "Supplier":
            kind = "classic"
        else:
            kind = "tiv_imports" if first == "Recipient" else "tiv_exports"
        tables[kind] = table
    return tables


def check_body(body: Any, allowed: set[str], required: set[str]) -> dict[str, dict[str, Any]]:
    """The filters of a well-formed body by field; BadRequest saying what is wrong."""
    if not isinstance(body, dict) or set(body) != {"filters", "logic"}:
        raise BadRequest("the body must be {'filters': [...], 'logic': ...}")
    if body["logic"] != "AND":
        raise BadRequest(f"logic {body['logic']!r}")
    if not isinstance(body["filters"], list):
        raise BadRequest("filters must be a list")
    found: dict[str, dict[str, Any]] = {}
    for item in body["filters"]:
        if not isinstance(item, dict) or set(item) != FILTER_KEYS:
            raise BadRequest(f"a filter must have exactly the keys {sorted(FILTER_KEYS)}")
        name = item["field"]
        if name not in allowed or name in found:
            raise BadRequest(f"unknown or repeated field {name!r}")
        if not isinstance(item["listData"], list) or item["oldField"] != "":
            raise BadRequest(f"{name}: listData must be a list and oldField ''")
        _check_filter(name, item)
        found[name] = item
    missing = required - set(found)
    if missing:
        raise BadRequest(f"missing filter(s) {sorted(missing)}")
    return found


def _check_filter(name: str, item: dict[str, Any]) -> None:
    """Year ranges are `contains` first..last; options carry their fixed values."""
    if name in YEAR_FIELDS:
        if item["condition"] != "contains":
            raise BadRequest(f"{name}: condition must be 'contains'")
        first, last = _year(item["value1"], name), _year(item["value2"], name)
        if first > last:
            raise BadRequest(f"{name}: {first} > {last}")
    elif name in FLAGS:
        if item["condition"] != "" or item["value1"] != FLAGS[name] or item["value2"] != "":
            raise BadRequest(f"{name}: unexpected condition or values")
    elif not item["listData"]:
        raise BadRequest(f"{name}: listData must hold entity ids")


def _year(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise BadRequest(f"{name}: {value!r} is not a year")
    return int(value)


def years(item: dict[str, Any]) -> tuple[int, int]:
    """A year filter's range."""
    return int(item["value1"]), int(item["value2"])


@dataclass
class FakeSipri:
    """The fake backend; use as a context manager, then `base_url`."""

    fixtures: Path
    max_year: int = 2025
    faults: dict[str, list[Any]] = field(default_factory=dict)
    too_large: dict[str, int] = field(default_factory=dict)
    too_large_status: int = 500
    slow_seconds: float = 1.0
    retry_after: str | None = None
    bomb: bytes = b""
    gzip: bool = True
    requests: list[Seen] = field(default_factory=list)
    tables: dict[str, Table] = field(init=False)
    _server: ThreadingHTTPServer | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.tables = load_fixtures(self.fixtures)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{PREFIX}"

    def __enter__(self) -> FakeSipri:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def kinds(self) -> list[str]:
        """The kinds of the requests received, in order."""
        return [seen.kind for seen in self.requests]

    def next_fault(self, kind: str) -> Any:
        """The next scripted fault for this kind of request, or None."""
        with self._lock:
            queue = self.faults.get(kind, [])
            return queue.pop(0) if queue else None

    def answer(self, method: str, path: str, body: Any) -> tuple[str, Any]:
        """(kind, what to send) for a request: bytes of a CSV, or a JSON-able value."""
        if method == "GET" and path == MAX_YEAR:
            return "max_year", self.max_year
        if method == "GET" and path == COUNTRIES:
            names = sorted({r[i] for t in ("by_year",) for r in self.tables[t].rows
                            for i in (1, 2)})
            return "countries", [{"EntityId": i + 1, "Name": n} for i, n in enumerate(names)]
        if method == "POST" and path == REGISTER:
            filters = check_body(body, REGISTER_FIELDS, {"Delivery year", "Order year"})
            if "exportOption" in filters:
                return "by_year", self._by_year(filters)
            return "classic", self._classic(filters)
        if method == "POST" and path in (TIV, TIV_STR):
            filters = check_body(body, TIV_FIELDS, {"Year range 1", "DeliveryType", "Status"})
            kind = "tiv_exports" if "orderbyseller" in filters else "tiv_imports"
            return kind, self._tiv(kind, filters)
        raise LookupError(path)

    def _by_year(self, filters: dict[str, dict[str, Any]]) -> bytes:
        table = self.tables["by_year"]
        first, last = years(filters["Delivery year"])
        o_first, o_last = years(filters["Order year"])
        col, order = table.header.index("Delivery year"), table.header.index("Order date")
        rows = [r for r in table.rows
                if first <= int(r[col]) <= last and o_first <= int(r[order]) <= o_last]
        return table.render(rows, title=_title(table, first, last))

    def _classic(self, filters: dict[str, dict[str, Any]]) -> bytes:
        table = self.tables["classic"]
        first, last = years(filters["Delivery year"])
        o_first, o_last = years(filters["Order year"])
        opendeals = "opendeals" in filters
        rows = []
        for row in table.rows:
            delivered = [int(y) for y in row[10].split(";") if y.strip()]
            in_range = any(first <= y <= last for y in delivered)
            if o_first <= int(row[2]) <= o_last and (in_range or (opendeals and not delivered)):
                rows.append(row)
        return table.render(rows, title=_title(table, first, last))

    def _tiv(self, kind: str, filters: dict[str, dict[str, Any]]) -> bytes:
        table = self.tables[kind]
        first, last = years(filters["Year range 1"])
        span = [c for c in table.header[1:] if c.isdigit()]
        if (first, last) == (int(span[0]), int(span[-1])):
            return table.render(table.rows)
        keep = [0] + [i for i, c in enumerate(table.header)
                      if c.isdigit() and first <= int(c) <= last]
        return table.render([[r[i] for i in keep] for r in table.rows],
                            header=[table.header[i] for i in keep])

    def span(self, kind: str, body: Any) -> int:
        """How many years a request covers on the field it can be split on."""
        field_name = {"by_year": "Delivery year", "classic": "Order year"}.get(kind,
                                                                               "Year range 1")
        item = next(f for f in body["filters"] if f["field"] == field_name)
        first, last = years(item)
        if kind == "classic" and first == 0:
            first = int(next(f for f in body["filters"]
                             if f["field"] == "Delivery year")["value1"])
        return last - first + 1


def _title(table: Table, first: int, last: int) -> str:
    """The title line naming the year range asked for, as SIPRI's answers do."""
    return ("Transfers of major conventional arms from All countries  to All countries . "
            f"Deals with deliveries made for the year range '{first}' to '{last}' ")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that gave up (timeouts) hang up on us: not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self._serve("GET", None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(400, b'{"error":"body is not JSON"}')
            return
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            self._send(415, b'{"error":"Content-Type must be application/json"}')
            return
        self._serve("POST", body)

    def _serve(self, method: str, body: Any) -> None:
        fake: FakeSipri = self.server.fake  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if not path.startswith(PREFIX):
            self._send(404, b"not found", "text/plain")
            return
        path = path[len(PREFIX):]
        try:
            kind, content = fake.answer(method, path, body)
        except BadRequest as err:
            fake.requests.append(Seen(method, path, "bad", body, dict(self.headers)))
            self._send(400, json.dumps({"error": str(err)}).encode())
            return
        except LookupError:
            self._send(404, b'{"error":"no such endpoint"}')
            return
        fake.requests.append(Seen(method, path, kind, body, dict(self.headers)))
        limit = fake.too_large.get(kind)
        if limit is not None and fake.span(kind, body) > limit:
            self._send(fake.too_large_status, b'{"error":"query too large"}')
            return
        fault = fake.next_fault(kind)
        if fault == "slow":
            time.sleep(fake.slow_seconds)
            fault = None
        if isinstance(fault, int):
            self._send(fault, b"<html><body>Service Unavailable</body></html>", "text/html",
                       fake.retry_after)
        elif fault == "html":
            self._send(200, b"<!DOCTYPE html><html><body>Maintenance</body></html>",
                       "text/html")
        elif fault == "empty":
            self._send(200, b"")
        elif fault == "trickle":
            self._trickle(_wrap(path, content) if isinstance(content, bytes) else b"[]")
        elif fault == "gzip_bomb":
            self._send_raw(200, fake.bomb)
        elif isinstance(content, bytes):
            self._send(200, _wrap(path, _spoil(content, fault, fake)))
        else:
            self._send(200, json.dumps(content).encode())

    def _trickle(self, body: bytes) -> None:
        """A whole, correct answer, one byte a second (until the client gives up)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(1.0)

    def _send_raw(self, status: int, gzipped: bytes) -> None:
        """A gzip-encoded body as given (the bomb)."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(gzipped)))
        self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(gzipped)

    def _send(self, status: int, body: bytes, ctype: str = "application/json",
              retry_after: str | None = None) -> None:
        fake: FakeSipri = self.server.fake  # type: ignore[attr-defined]
        gz = fake.gzip and "gzip" in self.headers.get("Accept-Encoding", "") and body
        if gz:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


def _wrap(path: str, csv_bytes: bytes | str) -> bytes:
    """The JSON answer carrying the file: base64 `bytes`, or `result` text for -str."""
    if isinstance(csv_bytes, str):
        return json.dumps({"bytes": csv_bytes}).encode()
    if path == TIV_STR:
        return json.dumps({"result": csv_bytes.decode("utf-8", "replace")}).encode()
    return json.dumps({"bytes": base64.b64encode(csv_bytes).decode("ascii")}).encode()


def _spoil(content: bytes, fault: Any, fake: FakeSipri) -> bytes | str:
    """Break a good answer the way a test asked for."""
    if fault == "truncated":
        encoded = base64.b64encode(content).decode("ascii")
        return encoded[: len(encoded) // 2 - 1]
    if fault == "cut_rows":
        return content[: int(len(content) * 0.8)]
    if fault == "newer_release":
        return re.sub(rb"Data generated: (\d+ \w+ \d{4})", later_stamp, content)
    if fault == "wrong_format":
        other = "tiv_imports" if "tiv_imports" in fake.tables else next(iter(fake.tables))
        table = fake.tables[other]
        return table.render(table.rows)
    return content


def gzip_bomb(size: int) -> bytes:
    """A gzip stream of `size` bytes of zeros, made without holding them: about a
    thousandth of its size."""
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"0" * 1_000_000
    parts = [pack.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, pack.flush()])


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"


def closed_port_url() -> str:
    """A loopback URL nobody listens on: connecting is refused, as when offline."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{PREFIX}"


def later_stamp(match: re.Match[bytes]) -> bytes:
    """A 'Data generated' date 60 days later: a newer release that is not in the future."""
    from datetime import datetime, timedelta

    day = datetime.strptime(match.group(1).decode(), "%d %b %Y") + timedelta(days=60)
    return b"Data generated: " + f"{day.day} {day:%b %Y}".encode()
