"""Load test: simulated analysts using the dashboard at once, against loopback only.

    python -m benchmarks.load [--users 50] [--duration 60] [--build data/build]
    python -m benchmarks.load --url http://127.0.0.1:8050   # a server already running

Without --url it starts `armsdash serve` (gunicorn, production settings) on a free
loopback port on the given build and stops it afterwards. Each analyst is a thread with
its own keep-alive connection that behaves as a person in a browser: opens a page (the
HTML; on the first visit the scripts and styles, later from the browser cache; the
layout and callback map; the callbacks a page load fires), then changes controls one at
a time (country, side, years, top N, categories, periods...), each change firing the real
`POST /_dash-update-component` requests the Dash renderer would send, with a pause
between actions. Bounded in users and time; it stops by itself. Prints errors and
latency percentiles per kind of request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.support.dashclient import NO_CHOICE, Renderer, decode, parse_dependencies
from tests.support.servers import free_port, wait_healthy

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ASSET_RE = re.compile(r'(?:src|href)="(/[^"]+\.(?:js|css)(?:\?[^"]*)?)"')
DEFAULT_VIEWS = ("/", "/?side=exports&country=Turkiye", "/world", "/about")
# Scripts dcc components load on demand, the first time such a component is drawn.
LAZY_CHUNKS = {
    "Graph": ("dash/dcc/async-graph.js", "plotly/package_data/plotly.min.js"),
    "Dropdown": ("dash/dcc/async-dropdown.js",),
    "RangeSlider": ("dash/dcc/async-slider.js",),
    "Slider": ("dash/dcc/async-slider.js",),
}


@dataclass
class Stats:
    """Every request's kind, latency and outcome; shared by the analyst threads."""

    samples: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    actions: int = 0

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.samples.append((kind, seconds))
            if error:
                self.errors.append(f"{kind}: {error}")


class Client:
    """One browser's keep-alive connection, timing every request."""

    def __init__(self, host: str, port: int, stats: Stats) -> None:
        self.host, self.port, self.stats = host, port, stats
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, kind: str, method: str, path: str,
                body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Accept-Encoding": "gzip", "User-Agent": "armsdash-load"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        error = None
        status, data = 0, b""
        try:
            try:
                status, data = self._send(method, path, body, headers)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection; a browser reconnects
                # and sends the request again, and so do we (once).
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                start = time.perf_counter()
                status, data = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as err:
            error = f"{path}: {type(err).__name__}: {err}"
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        elapsed = time.perf_counter() - start
        if error is None and status not in (200, 204, 304):
            error = f"{method} {path.split('?')[0]} -> HTTP {status}: {data[:200]!r}"
        self.stats.add(kind, elapsed, error)
        return status, data

    def _send(self, method: str, path: str, body: bytes | None,
              headers: dict[str, str]) -> tuple[int, bytes]:
        self.conn.request(method, path, body=body, headers=headers)
        res = self.conn.getresponse()
        data = res.read()
        if res.getheader("Content-Encoding") == "gzip":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        return res.status, data


class Analyst:
    """One simulated person: opens views and changes controls, with pauses."""

    def __init__(self, client: Client, rng: random.Random, views: list[str],
                 think: tuple[float, float]) -> None:
        self.client, self.rng, self.views, self.think = client, rng, views, think
        self.cached_assets = False
        self.loaded_chunks: set[str] = set()
        self.renderer: Renderer | None = None

    def post(self, body: dict[str, Any]) -> Any:
        name = str(body["output"]).strip(".").split(".")[0]
        status, data = self.client.request(
            f"callback {name}", "POST", "/_dash-update-component", json.dumps(body).encode())
        return decode(data) if status == 200 else None

    def open_view(self, view: str) -> None:
        """What a browser does on navigation to view."""
        status, html = self.client.request("page", "GET", view)
        if status != 200:
            return
        if not self.cached_assets:
            for asset in sorted(set(ASSET_RE.findall(html.decode("utf-8", "replace")))):
                self.client.request("static", "GET", asset)
            self.cached_assets = True
        _, layout = self.client.request("page", "GET", "/_dash-layout")
        _, deps = self.client.request("page", "GET", "/_dash-dependencies")
        if not layout or not deps:
            return
        parsed, _skipped = parse_dependencies(json.loads(deps))
        self.renderer = Renderer(parsed, self.post)
        path, _, query = view.partition("?")
        self.renderer.load(json.loads(layout), path, f"?{query}" if query else "")
        self.load_lazy_chunks()

    def load_lazy_chunks(self) -> None:
        """The on-demand scripts of the components on the page, once per browser."""
        assert self.renderer is not None
        kinds = {kind for kind, _props in self.renderer.page.types.values()}
        for kind in sorted(kinds):
            for chunk in LAZY_CHUNKS.get(kind, ()):
                if chunk not in self.loaded_chunks:
                    self.loaded_chunks.add(chunk)
                    self.client.request("static", "GET", f"/_dash-component-suites/{chunk}")

    def change_a_control(self) -> bool:
        """Pick a control on the page and give it a new value; False if there is none."""
        if self.renderer is None:
            return False
        controls = self.renderer.controls()
        if not controls:
            return False
        key = self.rng.choice(controls)
        value = self.renderer.choose(key, self.rng)
        if value is NO_CHOICE:
            return False
        self.renderer.change(key, value)
        return True

    def pause(self, deadline: float) -> None:
        time.sleep(max(0.0, min(self.rng.uniform(*self.think), deadline - time.time())))

    def run(self, deadline: float, stats: Stats) -> None:
        """Sessions of one view opened then a few controls changed, until the deadline."""
        try:
            self._sessions(deadline, stats)
        finally:
            self.client.conn.close()

    def _sessions(self, deadline: float, stats: Stats) -> None:
        while time.time() < deadline:
            self.open_view(self.rng.choice(self.views))
            with stats.lock:
                stats.actions += 1
            for _ in range(self.rng.randint(2, 6)):
                self.pause(deadline)
                if time.time() >= deadline or not self.change_a_control():
                    break
                with stats.lock:
                    stats.actions += 1
            self.pause(deadline)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(stats: Stats, seconds: float) -> dict[str, Any]:
    """Counts, errors and p50/p95/p99 in ms, overall and per kind of request."""
    out: dict[str, Any] = {"seconds": round(seconds, 1), "actions": stats.actions,
                           "requests": len(stats.samples), "errors": len(stats.errors)}
    kinds = sorted({k for k, _ in stats.samples})
    groups = sorted({k.split(" ")[0] for k in kinds})
    for kind in ["all", *groups, *[k for k in kinds if k not in groups]]:
        times = [s for k, s in stats.samples
                 if kind == "all" or k == kind or k.split(" ")[0] == kind]
        if not times:
            continue
        out[kind] = {
            "n": len(times),
            "per_s": round(len(times) / seconds, 1),
            "p50_ms": round(percentile(times, 50) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "p99_ms": round(percentile(times, 99) * 1000, 1),
            "mean_ms": round(statistics.fmean(times) * 1000, 1),
        }
    return out


def run_load(url: str, users: int, duration: float, think: tuple[float, float],
             views: list[str], seed: int = 0) -> dict[str, Any]:
    """Run `users` analysts for `duration` seconds against url; return the summary."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    if host not in LOOPBACK:
        raise SystemExit(f"load test refuses non-loopback host {host!r}")
    stats = Stats()
    start = time.time()
    deadline = start + duration
    threads = []
    for i in range(users):
        rng = random.Random(seed * 1000 + i)
        analyst = Analyst(Client(host, port, stats), rng, views, think)
        thread = threading.Thread(target=analyst.run, args=(deadline, stats), daemon=True)
        threads.append(thread)
        thread.start()
        # Analysts arrive over the first tenth of the run (at most 10 s), not all at once.
        time.sleep(min(10.0, duration / 10) / users)
    for thread in threads:
        thread.join(timeout=duration + 60)
    return summary(stats, time.time() - start) | {"first_errors": stats.errors[:10]}


@contextmanager
def served(build: Path, workers: int | None) -> Iterator[str]:
    """`armsdash serve` on a free loopback port for the duration of the block."""
    port = free_port()
    cmd = [sys.executable, "-m", "etl.cli", "serve", "--build", str(build),
           "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        wait_healthy(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="a running server on loopback (else one is started)")
    p.add_argument("--build", type=Path, default=Path("data/build"))
    p.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--duration", type=float, default=60.0, help="seconds")
    p.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0),
                   metavar=("MIN", "MAX"), help="pause between actions, seconds")
    p.add_argument("--view", action="append", dest="views", help="paths to open")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, help="also write the summary here")
    args = p.parse_args(argv)
    if args.users < 1 or args.users > 500 or not 0 < args.duration <= 600:
        p.error("--users must be 1..500 and --duration 0..600 s")
    views = args.views or list(DEFAULT_VIEWS)
    think = (float(args.think[0]), float(args.think[1]))
    result = on_server(args.url, args.build, args.workers, lambda url: run_load(
        url, args.users, args.duration, think, views, args.seed))
    return report(result, args.json)


def on_server(url: str | None, build: Path, workers: int | None,
              run: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """run(url) on the server at url, or on `armsdash serve` started on build for it."""
    if url:
        return run(url)
    with served(build, workers) as started:
        return run(started)


def report(result: dict[str, Any], path: Path | None) -> int:
    """Print the summary (and write it to path); the exit status: 1 if anything failed."""
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if path:
        path.write_text(text + "\n", encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
