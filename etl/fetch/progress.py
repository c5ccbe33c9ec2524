"""Progress of a long download on stderr: a live line on a terminal, plain log lines else."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Say what is being done, which step of how many, and the time elapsed."""

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None,
                 prefix: str = "armsdash fetch", tick: float = 0.5) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = tty if tty is not None else _isatty(self.stream)
        self.prefix = prefix
        self.tick = tick
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._live = ""

    def log(self, message: str) -> None:
        """One line of its own, above the live line on a terminal."""
        with self._lock:
            self._clear()
            self.stream.write(f"{self.prefix}: {message}\n")
            self._draw()
            self.stream.flush()

    @contextmanager
    def step(self, index: int, total: int, what: str) -> Iterator[None]:
        """Show `[index/total] what` with the elapsed time until the block ends."""
        label = f"[{index}/{total}] {what}"
        start = time.monotonic()
        if not self.tty:
            self.log(f"{label} ...")
            yield
            return
        stop = threading.Event()
        ticker = threading.Thread(target=self._tick, args=(label, start, stop), daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            with self._lock:
                self._clear()
                self._live = ""
                self.stream.flush()

    def _tick(self, label: str, start: float, stop: threading.Event) -> None:
        """Redraw the live line until stopped."""
        while True:
            with self._lock:
                self._clear()
                self._live = (f"{self.prefix}: {label} ... {_seconds(time.monotonic() - start)}"
                              f" (total {_seconds(time.monotonic() - self.started)})")
                self._draw()
                self.stream.flush()
            if stop.wait(self.tick):
                return

    def _clear(self) -> None:
        """Erase the live line (terminal only)."""
        if self.tty and self._live:
            self.stream.write("\r\x1b[K")

    def _draw(self) -> None:
        """Write the live line again (terminal only)."""
        if self.tty and self._live:
            self.stream.write(self._live)


def _seconds(value: float) -> str:
    """Elapsed time as '42 s' or '3 min 05 s'."""
    whole = int(value)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"


def _isatty(stream: TextIO) -> bool:
    """Whether the stream is a terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
