"""The wheel carries the app: built from the source tree, installed (not editable) into a
fresh virtual environment, it serves the world page with its map (the topojson asset) and
an article event marker (the curated events shipped in the package) drawn in Chromium.

The fresh environment gets the wheel only; its dependencies are the test environment's own
packages (a path file), so the check takes seconds and reads nothing from the checkout."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from tests.conftest import ROOT
from tests.e2e.conftest import dashboard_server, screenshot, server_logs, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

# What a source distribution holds: the packaging files, the packages and the events.
SOURCE = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "etl", "dashboard",
          "data/events"]
WORLD = "/world?country=Pakistan&release=2026-05-18&years=2010-2025"
TIMEOUT = 300


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail with its output if it fails."""
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"{cmd[:4]}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done.stdout


def copy_source(target: Path) -> Path:
    """The files a wheel is built from, copied out of the checkout."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in SOURCE:
        src, dst = ROOT / name, target / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=skip)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return target


def clean_env() -> dict[str, str]:
    """The environment without anything that points Python or the app at the checkout."""
    drop = {"PYTHONPATH", "ARMSDASH_EVENTS", "VIRTUAL_ENV"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh virtual environment with the wheel installed (not editable)."""
    work = tmp_path_factory.mktemp("wheel")
    source = copy_source(work / "source")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(work / "dist"), str(source)], cwd=work)
    wheel = next((work / "dist").glob("armsdash-*.whl"))
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        cwd=work)
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=work).strip()
    (Path(purelib) / "_armsdash_test_deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def wheel_url(installed: Path, real_build: Path, tmp_path_factory: pytest.TempPathFactory,
              pytestconfig: pytest.Config) -> Iterator[str]:
    """The installed app's server on the real build, started outside the checkout."""
    cwd = tmp_path_factory.mktemp("wheel-run")
    log = cwd / "server.log"
    server_logs(pytestconfig).append(log)
    with dashboard_server(real_build, log, python=installed, cwd=cwd, env=clean_env()) as url:
        yield url


def test_the_wheel_holds_the_app_and_reads_nothing_from_the_checkout(installed: Path,
                                                                     tmp_path: Path) -> None:
    where = run([str(installed), "-c", "import dashboard, etl.events.model as m; "
                 "print(dashboard.__file__); print(m.events_folder())"],
                cwd=tmp_path, env=clean_env()).split()
    venv = installed.parents[1]
    assert all(Path(p).is_relative_to(venv) for p in where), where
    assert Path(where[1]).name == "curated"
    shipped = sorted(p.name for p in Path(where[1]).glob("*.yaml"))
    assert shipped == sorted(p.name for p in (ROOT / "data" / "events").glob("*.yaml"))
    assets = Path(where[0]).parent / "assets"
    assert (assets / "topojson" / "world_110m.json").stat().st_size > 100_000


def test_the_installed_world_page_draws_its_map_and_an_event_marker(
        wheel_url: str, browser_page: tuple[Any, list[str]]) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, console = browser_page
    page.goto(wheel_url + WORLD)
    wait_drawn(page, 3)
    shapes = f"#{ids.WORLD_MAP.graph} .choroplethlocation"
    # the map's country shapes come from a file of their own, fetched once the map is drawn
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("s => document.querySelectorAll(s).length > 100", arg=shapes,
                               timeout=30_000)
    countries = page.locator(shapes).count()
    assert countries > 100, f"the map drew {countries} countries"
    markers = page.evaluate("""(id) => {
        const g = document.getElementById(id).querySelector('.js-plotly-plot');
        const t = g.data.find(d => d.name === 'Events');
        return t ? t.customdata : []; }""", ids.WORLD_RANK.graph)
    assert "pk-acquires-bayraktar-tb2-2021" in markers
    drawn = page.locator(f"#{ids.WORLD_RANK.graph} .scatterlayer .trace .point").count()
    assert drawn >= len(markers) > 0
    screenshot(page, "world_from_wheel")
    assert console == [], "\n".join(console)
