"""Workarounds of Dash internals, in one place; each fails loudly (`DashInternalsMoved`)
if the internal it uses is not where it was (tested with Dash 4.4).

Dash checks in the browser that every id a callback names exists in the app (its
"validation layout": every page's layout). Each page's callbacks name only that page's
ids, and each page's layout emits all of them whatever its URL says (a test keeps it so),
so the check stays on. Three details make that cheap and reliable:

- Dash builds the validation layout on the first request, after marking that request as
  done, so a second request arriving meanwhile was served without it and the browser
  reported every page's ids as missing ("ID not found in layout"). The first request's
  set-up (Dash's `router_sync` before-request function) now runs under a lock: other
  requests wait for it.
- Dash sends the validation layout in every page view; the full layouts (every page's
  figures and tables) were about 0.5 MB. Only the components with an id, stripped of
  their content, are sent: what the check reads.
- Dash's page router raises on a path that is not text: such a path gets 'page not found'.
- Which page a path names is Dash's own matching (`page_of_path`), so the 404 status of
  unknown paths agrees with what the browser then shows.

The content security policy's script hashes count Dash's registered inline scripts
(`inline_scripts`).
"""

from __future__ import annotations

import copy
import functools
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from dash import Dash, html
from dash.development.base_component import Component

try:
    from dash._callback import GLOBAL_INLINE_SCRIPTS
except ImportError as err:  # pragma: no cover - only with a Dash that moved it
    raise ImportError("Dash internals moved: dash._callback.GLOBAL_INLINE_SCRIPTS (the inline "
                      "scripts the content security policy hashes) is gone") from err
try:
    from dash._pages import _path_to_page
except ImportError as err:  # pragma: no cover - only with a Dash that moved it
    raise ImportError("Dash internals moved: dash._pages._path_to_page (which page a path "
                      "names, for the 404 status of unknown paths) is gone") from err

LOG = logging.getLogger(__name__)
ROUTER = "_pages_content.children"
NOT_A_PAGE = "/not-a-page"
FIRST_REQUEST_SETUP = "router_sync"
# Props the browser's id check does not read: dropped from the validation layout.
HEAVY_PROPS = ("children", "figure", "options", "data", "marks", "value", "rowData",
               "columnDefs", "config", "style", "className")


class DashInternalsMoved(RuntimeError):
    """A Dash internal this module relies on is not where it was: update this module."""


def page_of_path(app: Dash, path: str) -> dict[str, Any] | None:
    """The registered page Dash's router shows for a request path (None: no page)."""
    page, _variables = _path_to_page(app.strip_relative_path(path) or "")
    return page or None


def inline_scripts(app: Dash) -> int:
    """How many inline scripts Dash has registered (the app's and the global ones)."""
    own = getattr(app, "_inline_scripts", None)
    if not isinstance(own, list):
        raise DashInternalsMoved("Dash internals moved: Dash._inline_scripts is not a list")
    return len(own) + len(GLOBAL_INLINE_SCRIPTS)


def settle_first_request(app: Dash) -> None:
    """Run Dash's first-request set-up of the pages under a lock (no request is served
    before it is complete), then guard the page router and lighten the validation
    layout."""
    funcs = app.server.before_request_funcs.setdefault(None, [])
    lock = threading.Lock()
    done = threading.Event()

    def settled(setup: Callable[[], Any]) -> Callable[[], None]:
        @functools.wraps(setup)
        def run() -> None:
            if done.is_set():
                return
            with lock:
                if done.is_set():
                    return
                setup()
                guard_router(app)
                lighten_validation(app)
                done.set()
        return run

    if not any(getattr(f, "__name__", "") == FIRST_REQUEST_SETUP for f in funcs):
        raise DashInternalsMoved(f"Dash internals moved: no before-request function named "
                                 f"{FIRST_REQUEST_SETUP!r} (the pages' first-request set-up)")
    funcs[:] = [settled(f) if getattr(f, "__name__", "") == FIRST_REQUEST_SETUP else f
                for f in funcs]


def guard_router(app: Dash) -> None:
    """Dash's page router raises on a path that is not text starting with '/' (only a
    hand-made request sends one): such a path shows the 'page not found' page."""
    routers = [spec for key, spec in app.callback_map.items() if ROUTER in key]
    if not routers or not all(callable(spec.get("callback")) for spec in routers):
        raise DashInternalsMoved(f"Dash internals moved: no page router callback "
                                 f"({ROUTER}) with a 'callback' in app.callback_map")
    for spec in routers:
        if not getattr(spec["callback"], "guarded", False):
            spec["callback"] = text_only_router(spec["callback"])


def text_only_router(route: Callable[..., Any]) -> Callable[..., Any]:
    """The router called with a valid path and query string (pathname, search, ...)."""
    @functools.wraps(route)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = list(args)
        if values and not (isinstance(values[0], str) and values[0].startswith("/")):
            values[0] = NOT_A_PAGE
        if len(values) > 1 and not isinstance(values[1], str):
            values[1] = ""
        return route(*values, **kwargs)

    guarded.guarded = True  # type: ignore[attr-defined]
    return guarded


def lighten_validation(app: Dash) -> None:
    """Replace Dash's validation layout (every page's full layout) by its components with
    an id, without their content; where a page could not be drawn (no build), there is
    nothing to check against and the check is left off."""
    full = app.validation_layout
    if not isinstance(full, Component):
        return
    light = validation_skeleton(full)
    missing = callback_ids(app) - {str(getattr(c, "id", "")) for c in light.children}
    if missing:
        LOG.warning("pages without their components (no build?): browser-side id check "
                    "off; missing %s", sorted(missing)[:5])
        app.config.suppress_callback_exceptions = True
        return
    app.validation_layout = light


def with_ids(tree: Component) -> Iterator[Component]:
    """Every component with an id in a layout, the root included."""
    if getattr(tree, "id", None) is not None:
        yield tree
    for child in tree._traverse():
        if isinstance(child, Component) and getattr(child, "id", None) is not None:
            yield child


def validation_skeleton(tree: Component) -> html.Div:
    """The components with an id of a layout, flat, with only their id and type."""
    out = []
    seen: set[str] = set()
    for component in with_ids(tree):
        key = str(getattr(component, "id", ""))
        if key in seen:
            continue
        seen.add(key)
        bare = copy.copy(component)
        for prop in HEAVY_PROPS:
            bare.__dict__.pop(prop, None)
        out.append(bare)
    return html.Div(out)


def callback_ids(app: Dash) -> set[str]:
    """The string ids every callback of the app names (inputs, states, outputs)."""
    named: set[str] = set()
    for key, spec in app.callback_map.items():
        for dep in [*spec.get("inputs", []), *spec.get("state", [])]:
            if isinstance(dep.get("id"), str):
                named.add(dep["id"])
        for part in key.strip(".").split("..."):
            cid = part.rsplit(".", 1)[0]
            if not cid.startswith("{"):
                named.add(cid)
    return named


def defer_script(app: Dash, namespace: str, filename: str) -> str:
    """Leave a component library's script out of every page (Dash still serves it, to a
    script that loads it when needed) and return its address, fingerprinted as Dash
    would have written it in the page (so browsers cache it as long)."""
    dist = getattr(sys.modules.get(namespace), "_js_dist", None)
    entry = next((e for e in dist or [] if isinstance(e, dict)
                  and e.get("relative_package_path") == filename), None)
    if entry is None:
        raise DashInternalsMoved(f"Dash internals moved: {namespace}._js_dist has no entry "
                                 f"for {filename!r}")
    entry["dynamic"] = True
    collect = getattr(app, "_collect_and_register_resources", None)
    urls = collect([{**entry, "dynamic": False}]) if callable(collect) else None
    if not (isinstance(urls, list) and len(urls) == 1 and isinstance(urls[0], str)):
        raise DashInternalsMoved("Dash internals moved: Dash._collect_and_register_resources "
                                 "does not give a script's address")
    return urls[0]
