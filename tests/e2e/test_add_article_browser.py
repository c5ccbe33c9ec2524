"""An editor's steps on the add-article page in a real browser: a wrong secret saves
nothing; with the secret, a pasted article is proposed, the row reviewed (summary written),
saved, and the event is listed on the events page at once, with its linked SIPRI deal.
The server writes to a copy of the events folder; the article's text is not saved."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import dashboard_server, screenshot, server_logs

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

SECRET = "correct horse battery staple"
# written for this test; Denmark's F-16C deal with Ukraine (66885) is in the real build
TEXT = ("Ukraine received F-16C fighter jets from Denmark on Tuesday, the ministry said.\n"
        "Officials in Kyiv welcomed the aircraft at a quiet ceremony near the border.\n")


@pytest.fixture(scope="module")
def editor(real_build: Path, tmp_path_factory: pytest.TempPathFactory,
           pytestconfig: pytest.Config) -> Iterator[tuple[str, Path]]:
    """A dashboard with an editor secret, writing to a copy of the events folder."""
    folder = tmp_path_factory.mktemp("events") / "events"
    shutil.copytree(ROOT / "data" / "events", folder)
    log = folder.parent / "server.log"
    server_logs(pytestconfig).append(log)
    with dashboard_server(real_build, log, ARMSDASH_EVENTS=str(folder),
                          ARMSDASH_EDITOR_SECRET=SECRET) as url:
        yield url, folder


def fill_form(page: Any, secret: str) -> None:
    page.fill("#article-secret", secret)
    page.fill("#article-outlet", "Test Outlet")
    page.fill("#article-url", "https://example.org/ukraine-f16")
    page.fill("#article-published", "2024-04-17")
    page.fill("#article-text", TEXT)
    page.click("#article-propose")
    page.wait_for_selector("#article-grid .ag-row[row-index='0']")


def test_editor_proposes_reviews_and_saves(editor: tuple[str, Path],
                                           browser_page: tuple[Any, list[str]]) -> None:
    url, folder = editor
    page, console = browser_page
    before = sorted(p.name for p in folder.glob("*.yaml"))
    page.goto(url + "/add-article")
    fill_form(page, "wrong secret")
    grid = page.inner_text("#article-grid")
    assert "66885" in grid and "Denmark" in grid and "2024-04-16" in grid
    page.click("#article-save")
    page.wait_for_selector("#article-notice .alert-warning:has-text('not accepted')")
    assert sorted(p.name for p in folder.glob("*.yaml")) == before

    page.fill("#article-secret", SECRET)
    row = page.locator("#article-grid .ag-center-cols-container .ag-row[row-index='0']")
    row.locator("[col-id='summary']").click()
    page.keyboard.type("Denmark delivered F-16C fighters to Ukraine.")
    page.keyboard.press("Enter")
    page.click("#article-save")
    page.wait_for_selector("#article-notice .alert-success:has-text('event as')")
    notice = page.inner_text("#article-notice")
    assert "Saved 1 event as" in notice
    [new] = sorted(set(p.name for p in folder.glob("*.yaml")) - set(before))
    saved = (folder / new).read_text(encoding="utf-8")
    assert "66885" in saved and "quiet ceremony" not in saved and "ministry said" not in saved
    screenshot(page, "add-article-saved")

    page.goto(url + "/events?country=Ukraine")
    page.wait_for_selector("#events-list :text('Denmark delivered F-16C fighters')")
    listed = page.inner_text("#events-list")
    assert "Test Outlet" in listed or "example.org" in listed or "Ukraine" in listed
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_without_a_secret_the_page_says_writing_is_off(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/add-article")
    page.wait_for_selector("text=Adding articles is off")
    assert not page.is_visible("#article-save")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


# written for the test: one event reported by three articles, two of them only reporting it
REPORTED = {
    "950_fixture_first.yaml": """\
article: 950_fixture_first.txt
source: {outlet: First Gazette, title: Drones arrive, url: "https://example.org/first",
         published: 2021-06-01, published_precision: day, published_basis: text}
events:
  - id: fixture-tb2-reports
    date: 2021-06
    precision: month
    date_basis: text
    title: "Fixture: TB2 drones reach Pakistan"
    summary: Written for the tests.
    countries: [Turkiye, Pakistan]
    systems: [Bayraktar TB-2]
    deal_ids: [65816]
    tags: [drones]
    also_in: [951_fixture_second.txt, 952_fixture_third.txt]
""",
    "951_fixture_second.yaml": """\
article: 951_fixture_second.txt
source: {outlet: Second Post, title: "Pakistan's new drones", url: "https://example.org/second",
         published: 2021-06-03, published_precision: day, published_basis: text}
events: []
""",
    "952_fixture_third.yaml": """\
article: 952_fixture_third.txt
source: {outlet: Third Wire, title: null, url: null, published: null,
         published_note: not stated}
events: []
""",
}


def test_an_event_reported_by_several_articles_lists_every_source(
        editor: tuple[str, Path], browser_page: tuple[Any, list[str]]) -> None:
    url, folder = editor
    page, console = browser_page
    for name, text in REPORTED.items():
        (folder / name).write_text(text, encoding="utf-8")
    try:
        page.goto(url + "/pair?supplier=Turkiye&recipient=Pakistan&release=2026-05-18"
                        "&event=fixture-tb2-reports")
        page.wait_for_selector("#pair-events-panel .event-also-in")
        panel = page.inner_text("#pair-events-panel")
        assert "TB2 drones reach Pakistan" in panel
        assert "First Gazette, “Drones arrive”, published 2021-06-01" in panel
        assert "Also reported in (2):" in panel
        assert "Second Post, “Pakistan's new drones”, published 2021-06-03" in panel
        assert "Third Wire · no link known" in panel
        links = page.locator("#pair-events-panel .event-also-in a")
        assert links.count() == 1
        assert links.first.get_attribute("href") == "https://example.org/second"
        assert page.locator("#pair-events-panel .event-source a").first.get_attribute(
            "href") == "https://example.org/first"
        screenshot(page, "event-also-in")
    finally:
        for name in REPORTED:
            (folder / name).unlink()
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))
