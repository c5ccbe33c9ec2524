"""The app's pages and Dash's browser-side id check: each page's layout emits every id its
callbacks name, whatever its URL says; the validation layout sent to the browser holds
every id, light; the page router answers a garbage path with 'page not found'."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.serving.harden import router_body

ROUTER = ".._pages_content.children..._pages_store.data.."
QUERIES = ("", "?country=Atlantis&years=1900-1910&window=99&cat=Nope&hl=x&events=maybe",
           "?country=India&side=exports&release=2026-05-18&top=3&events=off&tag=drones",
           "?supplier=Nowhere&recipient=Pakistan&deals=abc", "?country=" + "x" * 300,
           "?release=1999-01-01&period=1&compare=2",
           "?from=2026-05-18&to=nope&years=1-2&by=size&side=up",
           "?release=2026-05-18&period=2020&window=5")
PAGES = ("/", "/world", "/pair", "/events", "/add-article", "/about", "/factsheet",
         "/changes")


@pytest.fixture(scope="module")
def callbacks(client: FlaskClient) -> list[tuple[set[str], set[str]]]:
    """(input ids, every id) of each callback with plain string ids."""
    out = []
    for dep in client.get("/_dash-dependencies").json:
        named = [d["id"] for d in dep["inputs"] + dep["state"]]
        outputs = [p.rsplit(".", 1)[0] for p in dep["output"].strip(".").split("...")]
        if any(not isinstance(i, str) or i.startswith("{") for i in named + outputs):
            continue
        out.append(({d["id"] for d in dep["inputs"]}, set(named) | set(outputs)))
    return out


def ids_in(node: Any) -> Iterator[str]:
    """Every string component id in a layout's JSON."""
    if isinstance(node, list):
        for item in node:
            yield from ids_in(item)
    elif isinstance(node, dict) and "props" in node and "type" in node:
        props = node["props"] or {}
        if isinstance(props.get("id"), str):
            yield props["id"]
        for value in props.values():
            yield from ids_in(value)


def page_ids(client: FlaskClient, path: str, search: str) -> set[str]:
    res = client.post("/_dash-update-component", json=router_body(ROUTER, path, search))
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    return set(ids_in(res.json["response"]["_pages_content"]["children"]))


@pytest.mark.parametrize("path", PAGES)
def test_each_page_emits_every_id_its_callbacks_use_whatever_the_url(
        client: FlaskClient, callbacks: list[tuple[set[str], set[str]]], path: str) -> None:
    shell = {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy", "navbar"}
    seen = [page_ids(client, path, search) for search in QUERIES]
    assert all(ids == seen[0] for ids in seen), path
    here = seen[0] | shell
    for inputs, named in callbacks:
        if inputs & seen[0]:
            assert named <= here, (path, sorted(named - here))


def test_browser_id_check_is_on_with_a_light_validation_layout(client: FlaskClient) -> None:
    html = client.get("/world").get_data(as_text=True)
    start = html.index('<script id="_dash-config" type="application/json">')
    config = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
    assert config["suppress_callback_exceptions"] is False
    layout = json.dumps(config["validation_layout"])
    assert len(layout) < 60_000
    ids = set(ids_in(config["validation_layout"]))
    assert {"world-map-graph", "country-annual-graph", "pair-deals-grid",
            "world-events-show", "world-country-link"} <= ids


@pytest.mark.parametrize("pathname", [None, 3, "", "world", ["/"], {"a": 1}])
def test_router_answers_a_garbage_path_with_page_not_found(client: FlaskClient,
                                                           pathname: object) -> None:
    body = router_body(ROUTER, "/", "")
    body["inputs"][0]["value"] = pathname
    body["inputs"][1]["value"] = 5
    res = client.post("/_dash-update-component", json=body)
    assert res.status_code == 200
    assert "not found" in json.dumps(res.json).lower()


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/world", 200), ("/pair", 200), ("/events", 200), ("/about", 200),
    ("/world/", 200), ("/nope", 404), ("/world/extra", 404), ("/not-found-404", 404),
    ("/Pakistan", 404), ("/about.php", 404),
])
def test_unknown_paths_answer_404_with_the_app(client: FlaskClient, path: str,
                                               status: int) -> None:
    res = client.get(path)
    assert res.status_code == status
    assert "_dash-config" in res.get_data(as_text=True)  # the page shell, drawn by Dash


def test_missing_component_files_answer_404(client: FlaskClient) -> None:
    for path in ("/_dash-component-suites/dash/nope.js",
                 "/_dash-component-suites/not_a_package/x.js"):
        res = client.get(path)
        assert res.status_code == 404
        assert "Traceback" not in res.get_data(as_text=True)


def test_the_not_found_page_links_every_main_page_and_is_not_in_the_navbar(
        client: FlaskClient) -> None:
    res = client.post("/_dash-update-component", json=router_body(ROUTER, "/nope", ""))
    text = json.dumps(res.json)
    assert "Page not found" in text
    page = res.json["response"]["_pages_content"]["children"]
    links = list(hrefs(page))
    assert set(PAGES) <= set(links) and len(links) == len(set(links))
    navbar = client.get("/_dash-layout").json
    assert "not-found" not in json.dumps(navbar)
    assert sorted(hrefs(navbar)) == sorted((*links, "/"))  # the brand links home too


def hrefs(node: Any) -> Iterator[str]:
    """Every link target in a layout's JSON."""
    if isinstance(node, list):
        for item in node:
            yield from hrefs(item)
    elif isinstance(node, dict):
        props = node.get("props") or {}
        if isinstance(props.get("href"), str):
            yield props["href"]
        for value in props.values():
            yield from hrefs(value)
