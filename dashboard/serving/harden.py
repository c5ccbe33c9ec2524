"""Production hardening of a Dash app's Flask server.

`harden(app, status)` adds: security headers Dash tolerates (a content security policy
with hashes of Dash's own inline scripts), compression, long caching of fingerprinted
assets, caching of callback results keyed on the request and the build being served,
`/healthz`, refusal of oversized requests, and clean error messages instead of
tracebacks (malformed callback requests get 400, a callback that fails on its inputs
gets a clear message, anything else a plain 500 without details).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from dash import Dash, callback_context, set_props
from dash.exceptions import DependencyException, PreventUpdate
from flask import Flask, Response, request
from flask_caching import Cache
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from dashboard.serving.dash_internals import inline_scripts

LOG = logging.getLogger("armsdash.server")

MAX_REQUEST_BYTES = 1_000_000
CALLBACK_CACHE_ENTRIES = 256
CALLBACK_CACHE_MAX_BYTES = 1_000_000
ONE_YEAR = 31_536_000

MSG_BAD_CALLBACK = "This request is not a valid dashboard update"
MSG_CALLBACK_FAILED = (
    "This view could not be computed from the values given. "
    "Check the controls or open the page again."
)
MSG_INTERNAL = "Something went wrong on the server. The error has been logged."

StatusFn = Callable[[], Mapping[str, Any]]


class CallbackFailed(Exception):
    """A callback raised on its inputs; answered with a clear message, never a traceback."""


class BuildUnavailable(RuntimeError):
    """No readable build is in place."""


# ---------------------------------------------------------------- pure helpers


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The CSP header: same-origin everything; inline scripts only by hash; inline styles."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *dict.fromkeys(script_hashes)],
        # Plotly and the Dash components set styles inline (style elements and attributes).
        "style-src": ["'self'", "'unsafe-inline'"],
        # Plotly's image export and map textures use data: and blob: URLs.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def security_headers(csp: str | None) -> dict[str, str]:
    """Headers set on every response."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if csp:
        headers["Content-Security-Policy"] = csp
    return headers


def cache_control(path: str, query: Mapping[str, str], prefix: str = "/") -> str | None:
    """Cache-Control for a GET path: fingerprinted assets for a year, the rest revalidated."""
    suites = f"{prefix}_dash-component-suites/"
    assets = f"{prefix}assets/"
    if path.startswith(suites):
        name = path.rsplit("/", 1)[-1]
        if _fingerprinted(name):
            return f"public, max-age={ONE_YEAR}, immutable"
        return "public, no-cache"
    if path.startswith(assets):
        return f"public, max-age={ONE_YEAR}, immutable" if "m" in query else "public, no-cache"
    return "no-cache"


def _fingerprinted(name: str) -> bool:
    """Dash fingerprints component files as name.v1_2_3m1700000000.js."""
    from dash.fingerprint import check_fingerprint

    return bool(check_fingerprint(name)[1])


def callback_body_problem(body: object, callback_map: Mapping[str, Any]) -> str | None:
    """What is wrong with a callback request body, or None when it is well-formed."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "'output' must be a string"
    if output not in callback_map:
        return "'output' names no callback of this dashboard"
    for key in ("inputs", "state"):
        problem = _dependency_list_problem(body.get(key, []), key)
        if problem:
            return problem
    outputs = body.get("outputs", [])
    if not isinstance(outputs, dict | list):
        return "'outputs' must be an object or a list"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return _arity_problem(body, callback_map[output])


def _dependency_list_problem(items: object, key: str) -> str | None:
    """Each input or state is {id, property, value?} or, for pattern matching, a list of them."""
    if not isinstance(items, list):
        return f"'{key}' must be a list"
    for item in items:
        group = item if isinstance(item, list) else [item]
        for dep in group:
            if not isinstance(dep, dict) or "id" not in dep or "property" not in dep:
                return f"each entry of '{key}' must have an 'id' and a 'property'"
            if not isinstance(dep["id"], str | dict) or not isinstance(dep["property"], str):
                return f"'{key}' has an entry with a malformed 'id' or 'property'"
    return None


def _arity_problem(body: Mapping[str, Any], spec: Mapping[str, Any]) -> str | None:
    """The request must carry as many inputs and states as the callback declares."""
    declared_inputs = len(spec.get("inputs", []))
    declared_state = len(spec.get("state", []))
    if len(body.get("inputs", [])) != declared_inputs:
        return f"this callback takes {declared_inputs} input(s)"
    if len(body.get("state", [])) != declared_state:
        return f"this callback takes {declared_state} state value(s)"
    return None


def notice_among(outputs: object, notices: Collection[str]) -> str | None:
    """The first notice id among a callback's outputs ({id, property} or lists of them)."""
    flat = outputs if isinstance(outputs, list) else [outputs]
    for item in flat:
        group = item if isinstance(item, list) else [item]
        for out in group:
            if isinstance(out, dict) and out.get("id") in notices:
                return str(out["id"])
    return None


def callback_cache_key(build_id: str, body: Mapping[str, Any]) -> str:
    """Key of a cached callback answer: the build served and the request (callback, input
    and state values, what triggered it), whatever the order or spacing of its JSON."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = hashlib.sha256(canonical.encode("ascii")).hexdigest()
    return f"cb:{build_id}:{digest}"


def build_status(manifest: Mapping[str, Any], manifest_mtime: float, now: float) -> dict[str, Any]:
    """What /healthz reports about a build: its id, releases, when it was made and its age."""
    built_at = _parse_time(manifest.get("built_at") or manifest.get("created_at"))
    made = built_at if built_at is not None else manifest_mtime
    return {
        "build_id": str(manifest.get("build_id") or f"mtime-{int(manifest_mtime)}"),
        "releases": _releases(manifest.get("releases")),
        "built_at": datetime.fromtimestamp(made, UTC).isoformat(timespec="seconds"),
        "age_seconds": max(0, round(now - made)),
    }


def _parse_time(value: object) -> float | None:
    """An ISO date-time as epoch seconds (naive values are UTC), or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _releases(value: object) -> list[str]:
    """Release dates from the manifest, whether listed as strings or as records."""
    if isinstance(value, Mapping):
        return sorted(str(k) for k in value)
    if isinstance(value, list):
        out = [str(v.get("release")) if isinstance(v, Mapping) else str(v) for v in value]
        return sorted(out)
    return []


# ---------------------------------------------------------------- build status on disk


def served_status() -> Mapping[str, Any]:
    """The status of the build the dashboard is serving (reloaded when a new one lands)."""
    from dashboard import data

    dataset = data.current()
    return build_status(dataset.manifest, 0.0, time.time())


def router_body(output: str, pathname: str, search: str) -> dict[str, Any]:
    """The request Dash's browser renderer sends to render the page at pathname+search."""
    changed = ["_pages_location.pathname", "_pages_location.search"]
    return {
        "output": output,
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }


def warm(app: Dash, paths: Iterable[str]) -> int:
    """Render each page once through the app, so its answer is in the callback cache.

    Called before gunicorn forks, every worker starts with these pages ready. Returns how
    many rendered; a page that fails is left to be rendered (and reported) on demand.
    """
    client = app.server.test_client()
    client.get(app.config.routes_pathname_prefix)  # the first request sets up the router
    router = next((k for k in app.callback_map if "_pages_content.children" in k), None)
    if router is None:
        return 0
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    done = 0
    for path in paths:
        pathname, _, query = path.partition("?")
        body = router_body(router, pathname, f"?{query}" if query else "")
        done += client.post(endpoint, json=body).status_code == 200
    return done


# ---------------------------------------------------------------- wiring


def harden(
    app: Dash,
    status: StatusFn,
    *,
    csp: bool = True,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    callback_cache_entries: int = CALLBACK_CACHE_ENTRIES,
) -> Dash:
    """Harden app's Flask server in place and return app.

    `status()` gives the served build ({"build_id", "releases", "built_at", "age_seconds"});
    its build_id keys the callback cache so a new build never gets an old answer.
    Callback failures are answered by the app's `on_error=callback_error_handler(...)`.
    """
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    server.config["PROPAGATE_EXCEPTIONS"] = False
    _add_compression(server)
    _add_error_handlers(server)
    _add_callback_guard(app, status, callback_cache_entries)
    _add_healthz(app, status)
    _add_headers(app, csp)
    return app


def _add_compression(server: Flask) -> None:
    """Compress responses; compressed static files are kept so each is compressed once."""
    if "compress" in server.extensions:
        return
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    server.config["COMPRESS_CACHE_BACKEND"] = _StaticCompressCache
    server.config["COMPRESS_CACHE_KEY"] = _compress_cache_key
    Compress(server)


def _compress_cache_key(req: Any) -> str:
    """Static files are cached by full path; anything else gets a key the cache ignores."""
    path: str = req.full_path
    if req.method == "GET" and ("_dash-component-suites/" in path or "/assets/" in path):
        return "static:" + path
    return "nocache"


class _StaticCompressCache:
    """A small cache for compressed static files only (keys with the 'static:' prefix)."""

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key and len(self._items) < 256:
            self._items[key] = value


def _add_error_handlers(server: Flask) -> None:
    """HTTP errors and unexpected exceptions become a short message, never a traceback."""

    @server.errorhandler(HTTPException)
    def _http_error(err: HTTPException) -> Response:
        if err.code == 413:
            return _message(413, "The request is too large.")
        return _message(err.code or 500, err.description or err.name)

    @server.errorhandler(DependencyException)
    def _no_such_file(_err: DependencyException) -> Response:
        # A path under /_dash-component-suites/ that names no file of the app's packages:
        # a plain 404, logged by the access log only (no traceback per request).
        return _message(404, "No such file.")

    @server.errorhandler(CallbackFailed)
    def _callback_failed(_err: CallbackFailed) -> Response:
        return _message(422, MSG_CALLBACK_FAILED)

    @server.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response:
        LOG.error("unhandled error on %s %s", request.method, request.path, exc_info=err)
        return _message(500, MSG_INTERNAL)


def _message(code: int, text: str) -> Response:
    """A short JSON message for API paths, a small HTML page for browsers."""
    if "/_dash-" in request.path or request.path.endswith("/healthz") or (
            request.method != "GET"):
        body = json.dumps({"error": text, "status": code})
        return Response(body, status=code, mimetype="application/json")
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>armsdash</title>"
        f"<p>{html.escape(text)}</p><p><a href='/'>Back to the dashboard</a></p></html>"
    )
    return Response(page, status=code, mimetype="text/html")


def _add_callback_guard(
    app: Dash,
    status: StatusFn,
    entries: int,
) -> None:
    """Validate callback requests, answer repeated ones from a cache keyed on the build,
    (a callback's exception becomes a clear message through the app's `on_error`)."""
    server: Flask = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = server.view_functions[endpoint]
    cache = Cache(config={
        "CACHE_TYPE": "SimpleCache",
        "CACHE_THRESHOLD": entries,
        "CACHE_DEFAULT_TIMEOUT": 0,
    })
    cache.init_app(server)

    def guarded() -> Any:
        raw = request.get_data(cache=True)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return _message(400, f"{MSG_BAD_CALLBACK}: the body is not JSON.")
        problem = callback_body_problem(body, app.callback_map)
        if problem:
            return _message(400, f"{MSG_BAD_CALLBACK}: {problem}.")
        # The renderer adds a per-page `endId` token; only background-callback polls
        # (cacheKey, job) are answers that must not be reused.
        cacheable = not {"cacheKey", "job"} & set(request.args)
        build_id = _build_id(status)
        cacheable = cacheable and build_id is not None
        key = callback_cache_key(str(build_id), body) if cacheable else ""
        hit = cache.get(key) if cacheable else None
        if hit is not None:
            return Response(hit, mimetype="application/json")
        try:
            response = dispatch()
        except (CallbackFailed, HTTPException, PreventUpdate):
            raise
        except Exception as err:
            LOG.warning("malformed callback request for %s: %r", body.get("output"), err)
            return _message(400, f"{MSG_BAD_CALLBACK}: it does not match the callback.")
        if (cacheable and isinstance(response, Response) and _cacheable(response)
                and _build_id(status) == build_id):  # not if the data changed meanwhile
            cache.set(key, response.get_data())
        return response

    server.view_functions[endpoint] = guarded


def _build_id(status: StatusFn) -> str | None:
    """The id of the build served, or None when there is none."""
    try:
        return str(status()["build_id"])
    except Exception:
        return None


def _cacheable(response: Response) -> bool:
    """Only plain, successful, reasonably small answers are kept."""
    return (
        response.status_code == 200
        and "Set-Cookie" not in response.headers
        and (response.content_length or 0) <= CALLBACK_CACHE_MAX_BYTES
    )


def callback_error_handler(notices: Collection[str]) -> Callable[[Exception], None]:
    """Dash's `on_error` for the app: log a callback's exception; show the message in the
    `children` of the first of `notices` (component ids) among its outputs, or answer with
    a clear error (HTTP 422)."""
    notices = frozenset(notices)

    def on_error(err: Exception) -> None:
        LOG.error("callback failed", exc_info=err)
        target = notice_among(callback_context.outputs_list, notices)
        if target is None:
            raise CallbackFailed(MSG_CALLBACK_FAILED) from err
        set_props(target, {"children": MSG_CALLBACK_FAILED})

    return on_error


def _add_healthz(app: Dash, status: StatusFn) -> None:
    """GET /healthz: the build served (id, releases, made when, age) or 503 without one."""
    server: Flask = app.server

    def healthz() -> Response:
        try:
            info = dict(status())
        except Exception as err:
            LOG.error("health check failed", exc_info=err)
            return _json({"status": "unavailable", "error": "no readable build"}, 503)
        return _json({"status": "ok", **info}, 200)

    rule = app.config.routes_pathname_prefix + "healthz"
    server.add_url_rule(rule, endpoint="armsdash_healthz", view_func=healthz)


def _json(data: Mapping[str, Any], code: int) -> Response:
    """A JSON response with the given status."""
    return Response(json.dumps(data), status=code, mimetype="application/json")


def _add_headers(app: Dash, csp: bool) -> None:
    """Security headers on every response, cache headers on every GET."""
    server: Flask = app.server
    prefix = app.config.routes_pathname_prefix
    policy: dict[str, str | None] = {}

    @server.after_request
    def _headers(response: Response) -> Response:
        scripts = inline_scripts(app)
        if "csp" not in policy or policy.get("scripts") != str(scripts):
            # Hashes are taken again whenever Dash has registered more inline scripts
            # (e.g. the pages' title callback, added on the first request).
            policy["csp"] = content_security_policy(app.csp_hashes()) if csp else None
            policy["scripts"] = str(scripts)
        for name, value in security_headers(policy["csp"]).items():
            response.headers.setdefault(name, value)
        if request.method in ("GET", "HEAD") and response.status_code < 400:
            control = cache_control(request.path, request.args, prefix)
            if control:
                response.headers["Cache-Control"] = control
        else:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
