"""Packaging hook (the rest is in pyproject.toml): the curated events in data/events/ ship
inside the wheel as etl/events/curated/, so an installed armsdash has them."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

EVENTS = Path(__file__).resolve().parent / "data" / "events"


class BuildWithEvents(build_py):
    """build_py, then the curated events copied next to the events package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads data/events/ itself
        files = sorted(EVENTS.glob("*.yaml"))
        if not files:
            raise SystemExit(f"no curated events in {EVENTS}: the wheel would ship none")
        target = Path(self.build_lib) / "etl" / "events" / "curated"
        target.mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildWithEvents})
