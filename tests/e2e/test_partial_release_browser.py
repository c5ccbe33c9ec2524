"""An analyst opens a one-supplier register's release in the browser: every page says what
it covers, no world share or rank is shown, and the world page shows a world release."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from tests.conftest import ROOT
from tests.e2e.conftest import SERVER_CODE, free_port, screenshot, wait_drawn, wait_until_up
from tests.support.exports import one_supplier

pytestmark = pytest.mark.browser
COVERS = "Release 2025-01-01 covers only transfers from Turkiye to all countries"


@pytest.fixture(scope="module")
def partial_url(fixtures_dir: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[str]:
    """The dashboard on a build of a one-supplier register and a world register."""
    from etl.build import build

    folder = tmp_path_factory.mktemp("partial")
    out = folder / "build"
    build([one_supplier(fixtures_dir, folder), fixtures_dir / "sipri" / "classic.csv"], out)
    port, log = free_port(), folder / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-c", SERVER_CODE, str(out), str(port)],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=sink, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url + "/", proc, log)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_country_page_names_what_the_release_covers(
        partial_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(partial_url + "/?country=Pakistan&release=2025-01-01")
    wait_drawn(page, 3)
    notice = page.inner_text(f"#{ids.COUNTRY_CONTROLS.notice}")
    assert COVERS in notice and "world shares and ranks are not shown" in notice
    headline = page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}")
    assert headline.startswith("In 2022–23 Pakistan imported arms")
    assert "of world" not in headline and "%" not in headline
    screenshot(page, "country_partial_release")
    assert console == []


def test_world_page_shows_a_world_release_and_says_so(
        partial_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(partial_url + "/world?release=2025-01-01")
    wait_drawn(page, 2)
    notice = page.inner_text(f"#{ids.WORLD_CONTROLS.notice}")
    assert COVERS in notice and "the world page shows release 2025-06-01" in notice
    assert "release=2025-06-01" in page.evaluate("() => window.location.search") or (
        "2025-06-01" in page.inner_text(f"#{ids.WORLD_CONTROLS.release}"))
    assert console == []


def test_pair_page_names_what_the_release_covers(
        partial_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(partial_url + "/pair?supplier=Turkiye&recipient=Pakistan&release=2025-01-01")
    page.wait_for_selector(f"#{ids.PAIR_CONTROLS.notice}:has-text('covers only')",
                           timeout=15_000)
    assert COVERS in page.inner_text(f"#{ids.PAIR_CONTROLS.notice}")
    assert console == []


@pytest.mark.parametrize(("path", "cids"), [
    ("/tables?release=2025-01-01&side=imports", ids.TABLES),
    ("/tables?release=2025-01-01&side=exports&country=Turkiye", ids.TABLES),
    ("/compare?release=2025-01-01&country=Pakistan&country=Qatar&side=imports", ids.COMPARE),
    ("/flows?release=2025-01-01", ids.FLOWS),
])
def test_tables_compare_and_flows_say_what_the_release_covers_and_show_no_world_share(
        partial_url: str, browser_page: tuple[Any, list[str]], path: str, cids: Any) -> None:
    page, console = browser_page
    page.goto(partial_url + path)
    page.wait_for_selector(f"#{cids.notice}:has-text('covers only')", timeout=15_000)
    assert COVERS in page.inner_text(f"#{cids.notice}")
    shown = page.inner_text("main").replace(page.inner_text(f"#{cids.notice}"), "")
    if "has no world or regional table" in shown:  # the world table: no rows, said why
        assert "SIPRI records no arms" not in shown
        return
    for world_figure in ("of world", "world share", "World share", "% of world"):
        assert world_figure not in shown, (path, world_figure)
    assert console == []
