"""The smaller things an analyst reads on the pages, in real headless Chromium on the real
build: the world page says its figures in a sentence (reconciled with SIPRI's fact sheet
for 2020–24) and its map's colour bar says it is on a log scale."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
# SIPRI fact sheet "Trends in international arms transfers, 2024" (March 2025): shares of
# world exports and imports in 2020–24.
EXPORTERS = "the United States supplied 43% of world arms exports, France 9.6%, Russia 7.8%"
IMPORTERS = "Ukraine received 8.8% of world arms imports, India 8.3%"


def test_world_page_says_its_figures_in_a_sentence(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    for side, sentence in (("exports", EXPORTERS), ("imports", IMPORTERS)):
        page.goto(live_url + f"/world?side={side}&release={RELEASE}&period=2024")
        wait_drawn(page, 3)
        headline = page.inner_text(f"#{ids.WORLD_CONTROLS.headline}")
        assert headline.startswith(f"In 2020–24 {sentence}"), headline
        assert f"release {RELEASE}" in headline
        bar = page.evaluate("(id) => document.getElementById(id).querySelector('.colorbar')"
                            ".textContent", ids.WORLD_MAP.graph)
        assert "log scale" in bar and "1,000" in bar
    assert console == [], "\n".join(console)
