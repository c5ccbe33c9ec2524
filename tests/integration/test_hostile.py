"""Hostile input against the real dashboard on a real build: every callback and every URL
parameter fuzzed (random, malformed, huge, unknown countries, wrong types). Never a 500,
always a clear message, and the server still answers afterwards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.serving.harden import router_body
from tests.support.dashclient import Dependency, Renderer, parse_dependencies, request_body

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

QUERY_KEYS = ("country", "side", "release", "years", "window", "period", "compare", "top",
              "cat", "hl", "events", "tag", "supplier", "recipient", "deals", "article")
PATHS = ("/", "/world", "/about", "/pair", "/events", "/factsheet", "/deals", "/nope",
         "/country/extra", "/_dash-layout")
NO_PAGE = ("/deals", "/nope", "/country/extra")  # answered 404 with the 'not found' page
UPDATE = "/_dash-update-component"
ROUTER = ".._pages_content.children..._pages_store.data.."
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY_TEXT = st.sampled_from([
    "", " ", "Atlantis", "pakistan", "PAKISTAN", "Soviet Union", "unknown supplier(s)",
    "NATO**", "Türkiye", "<script>alert(1)</script>", "'; DROP TABLE x;--", "../../etc/passwd",
    "%00", "\x00", "\ud7ff", "😀" * 50, "1950-2100", "2024-1950", "0000-9999", "-5", "1e308",
    "NaN", "null", "true", "[]", "{}", "x" * 5000,
])
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), NASTY_TEXT,
)
JSONISH = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)
QUERY_VALUE = st.one_of(st.text(max_size=30), NASTY_TEXT,
                        st.integers(min_value=-10**6, max_value=10**6).map(str))


def assert_clean(res: Any) -> None:
    """Never a 500; 4xx answers carry a JSON message; no traceback anywhere."""
    text = res.get_data(as_text=True)
    assert res.status_code < 500, (res.status_code, text[:500])
    assert "Traceback" not in text and 'File "' not in text
    if res.status_code >= 400:
        assert res.is_json and res.json["error"], text[:300]


@pytest.fixture(scope="module")
def app_client(real_build: Path) -> Iterator[FlaskClient]:
    from dashboard.app import create_app

    app = create_app(real_build)
    app.server.config["TESTING"] = False
    yield app.server.test_client()


@pytest.fixture(scope="module")
def deps(app_client: FlaskClient) -> list[Dependency]:
    res = app_client.get("/_dash-dependencies")
    assert res.status_code == 200
    kept, _skipped = parse_dependencies(res.json)
    assert kept
    return kept


def page_values(client: FlaskClient, deps: list[Dependency], path: str,
                search: str = "") -> Renderer:
    """A page loaded as the browser would, with every component's current values."""
    def post(body: dict[str, Any]) -> Any:
        res = client.post(UPDATE, json=body)
        assert_clean(res)
        return res.json if res.status_code == 200 else None

    renderer = Renderer(deps, post)
    renderer.load(client.get("/_dash-layout").json, path, search)
    return renderer


@pytest.fixture(scope="module")
def baselines(app_client: FlaskClient, deps: list[Dependency]) -> dict[str, dict[Any, Any]]:
    """Valid values of every input, from each page opened as a browser would."""
    out: dict[str, dict[Any, Any]] = {}
    for path in ("/", "/world", "/about", "/pair", "/events", "/factsheet"):
        renderer = page_values(app_client, deps, path)
        for dep in deps:
            if dep.output not in out and renderer.page.ready(dep):
                out[dep.output] = dict(renderer.page.values)
    return out


def fuzz_callback(client: FlaskClient, dep: Dependency, base: dict[Any, Any],
                  failures: dict[str, int]) -> None:
    """Post dep's callback with each input and state either valid or hostile."""

    @FUZZ
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        values = dict(base)
        for key in dep.inputs + dep.state:
            if key not in base or data.draw(st.booleans()):
                values[key] = data.draw(JSONISH)
        first = f"{dep.inputs[0][0]}.{dep.inputs[0][1]}"
        changed = [f"{k[0]}.{k[1]}" for k in dep.inputs if data.draw(st.booleans())]
        res = client.post(UPDATE, json=request_body(dep, values, changed or [first]))
        assert_clean(res)
        if res.status_code == 422:
            failures[dep.output] = failures.get(dep.output, 0) + 1

    fuzz()


def test_every_callback_survives_fuzzed_inputs(
    app_client: FlaskClient, deps: list[Dependency], baselines: dict[str, dict[Any, Any]]
) -> None:
    failures: dict[str, int] = {}
    for dep in deps:
        fuzz_callback(app_client, dep, baselines.get(dep.output, {}), failures)
    assert app_client.get("/healthz").status_code == 200
    # Every callback validates its inputs and answers with a message or no update: none
    # raises (which the server would turn into a 422).
    assert failures == {}, f"callbacks answering 422 on fuzzed input: {failures}"


@FUZZ
@given(path=st.sampled_from(PATHS),
       query=st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10)),
                                QUERY_VALUE), max_size=12))
def test_every_url_parameter_survives_fuzzing(
    app_client: FlaskClient, deps: list[Dependency], path: str,
    query: list[tuple[str, str]]
) -> None:
    search = "?" + urlencode(query, quote_via=quote)
    res = app_client.get(path + search)
    assert res.status_code == (404 if path in NO_PAGE else 200)
    assert "Traceback" not in res.get_data(as_text=True)
    if res.status_code == 200:
        assert_clean(res)
    # The page router and every initial callback, as the browser runs them for this URL.
    renderer = page_values(app_client, deps, path, search)
    assert renderer.page.types


@pytest.mark.parametrize("payload", [
    b"", b"null", b"\xff\xfe", b"{" * 100_000, json.dumps({"output": "x" * 100_000}).encode(),
    json.dumps({"output": "..a.b...c.d..", "inputs": [], "state": []}).encode(),
])
def test_malformed_callback_bodies(app_client: FlaskClient, payload: bytes) -> None:
    res = app_client.post(UPDATE, data=payload, content_type="application/json")
    assert_clean(res)
    assert res.status_code in (400, 413, 415)


def test_oversized_requests_are_refused(app_client: FlaskClient) -> None:
    res = app_client.post(UPDATE, data=b"[" + b"0," * 2_000_000 + b"0]",
                          content_type="application/json")
    assert res.status_code == 413
    assert app_client.get("/healthz").status_code == 200


def test_wrong_methods_and_types_are_clean(app_client: FlaskClient) -> None:
    for res in (app_client.put("/"), app_client.delete("/healthz"), app_client.put(UPDATE),
                app_client.post(UPDATE, data="a=b",
                                content_type="application/x-www-form-urlencoded")):
        assert_clean(res)
        assert 400 <= res.status_code < 500


@pytest.mark.parametrize(("path", "search", "said"), [
    ("/", "?country=Atlantis", "Atlantis"),
    ("/", "?country=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>"),
    ("/world", "?side=sideways", "sideways"),
])
def test_unknown_url_values_get_a_visible_notice(
    app_client: FlaskClient, path: str, search: str, said: str
) -> None:
    """The page still renders and says which value it could not use (as text, escaped by
    React, never as markup)."""
    res = app_client.post(UPDATE, json=router_body(ROUTER, path, search))
    assert res.status_code == 200
    texts = [str(v) for v in _strings(res.json)]
    assert any(said in t for t in texts), texts[:20]


def _strings(node: Any) -> Iterator[str]:
    """Every string in a JSON tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
