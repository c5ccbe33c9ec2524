"""The hardened Flask server: headers, caching, health, clean errors, oversized requests."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from typing import Any

import pytest
from dash import Dash, Input, Output, dcc, html

from dashboard.serving.harden import (
    MSG_CALLBACK_FAILED,
    BuildUnavailable,
    build_status,
    cache_control,
    callback_body_problem,
    callback_cache_key,
    callback_error_handler,
    content_security_policy,
    harden,
    notice_among,
    router_body,
    warm,
)


class Status:
    """A stand-in for the served build's status, whose build_id a test can change."""

    def __init__(self) -> None:
        self.build_id = "b1"
        self.fail = False

    def __call__(self) -> Mapping[str, Any]:
        if self.fail:
            raise BuildUnavailable("no build")
        return {"build_id": self.build_id, "releases": ["2026-05-18"], "built_at": "x",
                "age_seconds": 5}


def make_app(status: Status, notice: bool = False) -> tuple[Dash, list[str]]:
    """A two-callback app: one echoes its input, one fails on 'boom'."""
    app = Dash(__name__, serve_locally=True,
               on_error=callback_error_handler(["notice"] if notice else []))
    calls: list[str] = []
    app.layout = html.Div([
        dcc.Input(id="inp", value="a"),
        html.Div(id="out"),
        html.Div(id="notice"),
        html.Div(id="out2"),
    ])

    @app.callback(Output("out", "children"), Input("inp", "value"))
    def echo(value: str) -> str:
        calls.append(value)
        return f"got {value}"

    @app.callback(Output("out2", "children"), Output("notice", "children"),
                  Input("inp", "value"))
    def fragile(value: str) -> tuple[str, str]:
        if value == "boom":
            raise ValueError("secret internal detail")
        return "fine", ""

    @app.server.route("/crash")
    def crash() -> str:
        raise RuntimeError("secret internal detail")

    harden(app, status, max_request_bytes=10_000)
    return app, calls


def body(output: str, value: object) -> dict[str, Any]:
    """A callback request as the Dash renderer sends it."""
    outs = [{"id": part.split(".")[0], "property": "children"}
            for part in output.strip(".").split("...")]
    return {
        "output": output,
        "outputs": outs if output.startswith("..") else outs[0],
        "inputs": [{"id": "inp", "property": "value", "value": value}],
        "changedPropIds": ["inp.value"],
        "state": [],
    }


FRAGILE = "..out2.children...notice.children.."


@pytest.fixture
def status() -> Status:
    return Status()


def test_index_has_security_headers_and_csp_hashes(status: Status) -> None:
    app, _ = make_app(status)
    res = app.server.test_client().get("/")
    assert res.status_code == 200
    csp = res.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'sha256-" in csp
    assert "'unsafe-eval'" not in csp
    assert "script-src 'self' 'sha256-" in csp
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["X-Frame-Options"] == "DENY"
    assert res.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert res.headers["Cache-Control"] == "no-cache"


def test_fingerprinted_component_files_cached_for_a_year(status: Status) -> None:
    app, _ = make_app(status)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    src = next(part.split('"')[0] for part in page.split('src="')[1:]
               if "_dash-component-suites" in part)
    res = client.get(src, headers={"Accept-Encoding": "gzip"})
    assert res.status_code == 200
    assert "max-age=31536000" in res.headers["Cache-Control"]
    assert "immutable" in res.headers["Cache-Control"]
    assert res.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(res.get_data())


def test_healthz_reports_build_and_503_without_one(status: Status) -> None:
    app, _ = make_app(status)
    client = app.server.test_client()
    res = client.get("/healthz")
    assert res.status_code == 200
    assert res.json == {"status": "ok", "build_id": "b1", "releases": ["2026-05-18"],
                        "built_at": "x", "age_seconds": 5}
    status.fail = True
    res = client.get("/healthz")
    assert res.status_code == 503
    assert res.json["status"] == "unavailable"


def test_callback_answers_are_cached_per_build(status: Status) -> None:
    app, calls = make_app(status)
    client = app.server.test_client()
    for n in range(3):
        res = client.post(f"/_dash-update-component?endId=token{n}",
                          json=body("out.children", "x"))
        assert res.status_code == 200
        assert res.json["response"]["out"]["children"] == "got x"
    assert calls == ["x"]
    status.build_id = "b2"
    client.post("/_dash-update-component", json=body("out.children", "x"))
    assert calls == ["x", "x"]
    client.post("/_dash-update-component", json=body("out.children", "y"))
    assert calls == ["x", "x", "y"]


@pytest.mark.parametrize("payload", [
    b"not json",
    b"[1, 2]",
    b'{"output": 5}',
    b'{"output": "nope.children", "inputs": []}',
    b'{"output": "out.children", "inputs": "x"}',
    b'{"output": "out.children", "inputs": [{"id": "inp"}]}',
    b'{"output": "out.children", "inputs": []}',
    b'{"output": "out.children", "inputs": [{"id": "inp", "property": "value"}],'
    b' "changedPropIds": [1]}',
    b'{"output": "out.children", "outputs": 3, "inputs": [{"id": "inp", "property": "value"}]}',
    b"[" * 5000 + b"]" * 5000,
    b'{"output": "out.children", "inputs": [{"id": "inp", "property": "value", "value": '
    + b"9" * 5000 + b"}]}",
])
def test_malformed_callback_requests_get_400_with_a_message(
    status: Status, payload: bytes
) -> None:
    app, _ = make_app(status)
    res = app.server.test_client().post(
        "/_dash-update-component", data=payload, content_type="application/json")
    assert res.status_code == 400
    assert res.json["error"].startswith("This request is not a valid dashboard update")
    assert "Traceback" not in res.get_data(as_text=True)


def test_failing_callback_gives_clear_message_not_traceback(status: Status) -> None:
    app, _ = make_app(status)
    client = app.server.test_client()
    res = client.post("/_dash-update-component", json=body(FRAGILE, "boom"))
    assert res.status_code == 422
    assert res.json["error"] == MSG_CALLBACK_FAILED
    assert "secret" not in res.get_data(as_text=True)
    assert client.post("/_dash-update-component",
                       json=body(FRAGILE, "ok")).status_code == 200


def test_failing_callback_with_notice_sets_the_notice(status: Status) -> None:
    app, _ = make_app(status, notice=True)
    res = app.server.test_client().post(
        "/_dash-update-component", json=body(FRAGILE, "boom"))
    assert res.status_code == 200
    assert res.json["sideUpdate"] == {"notice": {"children": MSG_CALLBACK_FAILED}}


def test_unexpected_error_is_a_plain_500_page(status: Status) -> None:
    app, _ = make_app(status)
    res = app.server.test_client().get("/crash")
    assert res.status_code == 500
    text = res.get_data(as_text=True)
    assert "secret" not in text and "Traceback" not in text
    assert "Something went wrong" in text


def test_oversized_request_is_refused_with_413(status: Status) -> None:
    app, _ = make_app(status)
    client = app.server.test_client()
    res = client.post("/_dash-update-component", json=body("out.children", "x" * 20_000))
    assert res.status_code == 413
    assert res.json["error"] == "The request is too large."
    assert client.get("/healthz").status_code == 200


def test_content_security_policy_lists_hashes_and_denies_framing() -> None:
    csp = content_security_policy(["'sha256-abc'"])
    assert "script-src 'self' 'sha256-abc';" in csp
    assert "object-src 'none'" in csp
    assert csp.endswith("frame-ancestors 'none'")


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m1700000000.js", {},
     "public, max-age=31536000, immutable"),
    ("/_dash-component-suites/dash/dcc/dash_core_components.js", {}, "public, no-cache"),
    ("/assets/style.css", {"m": "1700000000"}, "public, max-age=31536000, immutable"),
    ("/assets/style.css", {}, "public, no-cache"),
    ("/country", {"c": "x"}, "no-cache"),
])
def test_cache_control(path: str, query: dict[str, str], expected: str) -> None:
    assert cache_control(path, query) == expected


def test_callback_body_problem_accepts_pattern_matching_lists() -> None:
    cmap = {"o.children": {"inputs": [{}], "state": []}}
    good = {"output": "o.children", "outputs": [],
            "inputs": [[{"id": {"type": "x", "index": 1}, "property": "value"}]]}
    assert callback_body_problem(good, cmap) is None


def test_notice_among_outputs() -> None:
    outs = [{"id": "a", "property": "figure"}, [{"id": "n", "property": "children"}]]
    assert notice_among(outs, {"n"}) == "n"
    assert notice_among({"id": "a", "property": "x"}, {"n"}) is None


def test_cache_key_changes_with_build_and_body_not_with_key_order() -> None:
    bodies = [{"output": "o", "inputs": [1]}, {"output": "o", "inputs": [2]}]
    keys = {callback_cache_key(b, x) for b in ("a", "b") for x in bodies}
    assert len(keys) == 4
    assert callback_cache_key("a", {"inputs": [1], "output": "o"}) == callback_cache_key(
        "a", bodies[0])


def test_build_status_from_manifest() -> None:
    made = "2026-05-20T10:00:00+00:00"
    now = 1_779_271_200.0 + 90  # 2026-05-20T10:01:30Z
    got = build_status({"build_id": "abc", "releases": [{"release": "2026-05-18"}],
                        "built_at": made}, 0.0, now)
    assert got == {"build_id": "abc", "releases": ["2026-05-18"],
                   "built_at": "2026-05-20T10:00:00+00:00", "age_seconds": 90}


def test_build_status_falls_back_to_file_time() -> None:
    got = build_status({"releases": ["2024-04-13", "2026-05-18"]}, 1000.0, 1060.0)
    assert got["age_seconds"] == 60
    assert got["releases"] == ["2024-04-13", "2026-05-18"]
    assert got["build_id"] == "mtime-1000"


def test_warm_renders_pages_into_the_cache(status: Status) -> None:
    import dash

    app = Dash(__name__, use_pages=True, pages_folder="")
    rendered: list[str] = []

    def page(**_query: object) -> object:
        rendered.append("x")
        return html.P("hello")

    saved = dict(dash.page_registry)  # other tests may have registered the real pages
    dash.page_registry.clear()
    dash.register_page("warm_test", path="/", layout=page)
    try:
        app.layout = html.Div(dash.page_container)
        harden(app, status)
        assert warm(app, ["/", "/?a=1"]) == 2
        calls = len(rendered)
        client = app.server.test_client()
        res = client.post("/_dash-update-component",
                          json=router_body(".._pages_content.children..._pages_store.data..",
                                           "/", ""))
        assert res.status_code == 200 and "hello" in res.get_data(as_text=True)
        assert len(rendered) == calls
    finally:
        dash.page_registry.clear()
        dash.page_registry.update(saved)
