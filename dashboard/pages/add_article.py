"""Add article: paste an article's text or upload a .txt or .html page, give its outlet, URL
and publication date (proposed from the page where it shows one), review the proposed
events (title, summary, date and precision, countries, systems, linked deals, with the
candidate deals and their scores) and save them as the article's curated events file.

Writing is for editors only: the page saves nothing unless an editor secret is configured
(`ARMSDASH_EDITOR_SECRET`, at least 12 characters) and the request carries it and comes
from this site (its Origin). The secret is typed into the page, never kept in a cookie, so
another site cannot make a browser send it. Saved files go to the events folder
(`ARMSDASH_EVENTS`, default data/events); every worker reads that folder's current state
on its next request, so saved events show at once on every chart.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.components import grids
from dashboard.compute import articles as A
from dashboard.compute import events as E
from etl.events.model import events_folder
from etl.events.store import StoreError, merge_sources, save_article

dash.register_page(__name__, path="/add-article", name="Add article", order=6,
                   title="armsdash: add an article",
                   description="Propose, review and save the events an article reports")

SECRET_ENV = "ARMSDASH_EDITOR_SECRET"
MIN_SECRET = 12
COLUMNS = [
    {"field": "keep", "editable": True, "cellDataType": "boolean", "width": 80},
    {"field": "title", "editable": True, "minWidth": 220, "wrapText": True,
     "autoHeight": True},
    {"field": "summary", "editable": True, "minWidth": 220, "wrapText": True,
     "autoHeight": True,
     "headerTooltip": "In your own words; the article's text is never saved"},
    {"field": "date", "editable": True, "width": 120, "cellDataType": "text"},
    {"field": "precision", "editable": True, "width": 110, "cellDataType": "text",
     "cellEditor": "agSelectCellEditor",
     "cellEditorParams": {"values": ["", "day", "month", "year"]}},
    {"field": "countries", "editable": True},
    {"field": "systems", "editable": True},
    {"field": "deal_ids", "headerName": "linked deals", "editable": True},
    {"field": "tags", "editable": True},
    {"field": "same_as", "headerName": "same as event", "editable": True},
    {"field": "candidates", "headerName": "candidate deals (score)", "minWidth": 260,
     "tooltipField": "candidates"},
    {"field": "evidence", "headerName": "sentence (not saved)", "minWidth": 260,
     "tooltipField": "evidence"},
]


def editor_secret() -> str | None:
    """The configured editor secret, or None where writing is off."""
    secret = os.environ.get(SECRET_ENV, "")
    return secret if len(secret) >= MIN_SECRET else None


def _dataset() -> Any:
    from dashboard import data

    return data.current()


def layout(**_query: Any) -> Any:
    """The page; the form is hidden (but present) while writing is off."""
    on = editor_secret() is not None
    off_note = [] if on else [dbc.Alert(
        "Adding articles is off: no editor secret is configured on this server.",
        color="secondary", className="small")]
    form = html.Div(id=ids.ARTICLE_FORM, hidden=not on, children=[
        dbc.Form(dbc.Row([
            dbc.Col(dbc.Input(id=ids.ARTICLE_SECRET, type="password", maxLength=200,
                              placeholder="editor secret", autoComplete="off"), md=3),
            dbc.Col(dbc.Input(id=ids.ARTICLE_OUTLET, maxLength=200, placeholder="outlet"),
                    md=3),
            dbc.Col(dbc.Input(id=ids.ARTICLE_URL, type="url", maxLength=500,
                              placeholder="https://..."), md=4),
            dbc.Col(dbc.Input(id=ids.ARTICLE_PUBLISHED, maxLength=10,
                              placeholder="published YYYY-MM-DD"), md=2),
        ], className="g-2 mb-2"), prevent_default_on_submit=True),
        dcc.Upload(id=ids.ARTICLE_UPLOAD, max_size=A.MAX_UPLOAD_BYTES, accept=".txt,.html,.htm",
                   children=html.Div("Drop or choose a .txt or .html file (at most 200 kB)"),
                   className="border rounded p-2 mb-2 small text-muted"),
        dcc.Textarea(id=ids.ARTICLE_TEXT, maxLength=A.MAX_TEXT_CHARS,
                     placeholder="or paste the article's text",
                     style={"width": "100%", "height": "10rem"}),
        dbc.Button("Propose events", id=ids.ARTICLE_PROPOSE, className="my-2 me-2"),
        dbc.Button("Save reviewed events", id=ids.ARTICLE_SAVE, color="success",
                   className="my-2"),
        dag.AgGrid(id=ids.ARTICLE_GRID, rowData=[],
                   columnDefs=grids.pinned(COLUMNS, left=("keep", "title")),
                   defaultColDef=grids.default_col(),
                   dashGridOptions={"singleClickEdit": True, "tooltipShowDelay": 300,
                                    "stopEditingWhenCellsLoseFocus": True,
                                    "domLayout": "autoHeight"},
                   style={"height": None}),
    ])
    return dbc.Container([
        html.H4("Add an article"),
        html.P("The proposed events are a starting point: check each date, country and deal, "
               "write the summary in your own words, and keep only what the article reports. "
               "The article's text is not saved.", className="small"),
        *off_note,
        html.Div(id=ids.ARTICLE_NOTICE),
        form,
    ], fluid=True, className="py-3")


def notice(message: str, ok: bool) -> Any:
    """One line of feedback (Dash renders it escaped)."""
    return dbc.Alert(message, color="success" if ok else "warning", className="small py-2")


@dash.callback(Output(ids.ARTICLE_TEXT, "value"), Output(ids.ARTICLE_PUBLISHED, "value"),
               Output(ids.ARTICLE_NOTICE, "children", allow_duplicate=True),
               Input(ids.ARTICLE_UPLOAD, "contents"), State(ids.ARTICLE_UPLOAD, "filename"),
               State(ids.ARTICLE_PUBLISHED, "value"), prevent_initial_call=True)
def upload(contents: object, filename: object, published: object) -> tuple[Any, Any, Any]:
    """Read an uploaded file into the text box; propose the page's own date if it has one."""
    if not isinstance(contents, str) or not isinstance(filename, str):
        return dash.no_update, dash.no_update, notice("upload: no file read", False)
    try:
        got = A.read_upload(contents, filename)
    except A.ArticleError as err:
        return dash.no_update, dash.no_update, notice(str(err), False)
    date = published if published else (got.published or "")
    note = (f"Read {filename}; publication date {got.published} proposed from the page."
            if got.published and not published else f"Read {filename}.")
    return got.text[:A.MAX_TEXT_CHARS], date, notice(note, True)


@dash.callback(Output(ids.ARTICLE_GRID, "rowData"),
               Output(ids.ARTICLE_NOTICE, "children", allow_duplicate=True),
               Input(ids.ARTICLE_PROPOSE, "n_clicks"), State(ids.ARTICLE_TEXT, "value"),
               State(ids.ARTICLE_PUBLISHED, "value"), prevent_initial_call=True)
def proposals(_clicks: object, text: object, published: object) -> tuple[Any, Any]:
    """Propose events for the text against the served build's deals."""
    if editor_secret() is None:
        return [], notice("Adding articles is off on this server.", False)
    if not isinstance(text, str) or not text.strip():
        return [], notice("article text: paste a text or upload a file first", False)
    try:
        when = A.checked_published(published)
        ds = _dataset()
        deals, index = ds.static.get(("article-deals",), lambda: _deals_and_index(ds))
        rows = A.review_rows(text, when, deals, index, E.catalogue().events)
    except A.ArticleError as err:
        return [], notice(str(err), False)
    basis = "" if when else " No publication date: relative dates stay open."
    return rows, notice(f"{len(rows)} proposed events.{basis}", True)


def _deals_and_index(ds: Any) -> Any:
    from etl.events.aliases import systems
    from etl.events.extract import newest_deals, system_index

    deals = newest_deals(ds.deals)
    return deals, system_index(systems(), deals["designation"].unique())


def same_site() -> bool:
    """The request comes from a page of this site (its Origin, else its Referer)."""
    from flask import request

    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(origin) and origin.rstrip("/").startswith(request.host_url.rstrip("/"))


@dash.callback(Output(ids.ARTICLE_NOTICE, "children"), Input(ids.ARTICLE_SAVE, "n_clicks"),
               State(ids.ARTICLE_SECRET, "value"), State(ids.ARTICLE_GRID, "rowData"),
               State(ids.ARTICLE_OUTLET, "value"), State(ids.ARTICLE_URL, "value"),
               State(ids.ARTICLE_PUBLISHED, "value"), prevent_initial_call=True)
def save(_clicks: object, secret: object, rows: object, outlet: object, url: object,
         published: object) -> Any:
    """Check the editor, validate the reviewed rows and write the article's events file."""
    configured = editor_secret()
    if configured is None:
        return notice("Adding articles is off on this server.", False)
    if not isinstance(secret, str) or not hmac.compare_digest(secret.encode(),
                                                              configured.encode()):
        return notice("editor secret: not accepted; nothing saved", False)
    if not same_site():
        return notice("request from another site: nothing saved", False)
    if not isinstance(rows, list) or not rows:
        return notice("no proposed events to save: propose events first", False)
    try:
        text_fields = [v if isinstance(v, str) and v.strip() else None for v in (outlet, url)]
        doc, same = A.to_document(rows, text_fields[0], text_fields[1],
                                  A.checked_published(published), dt.date.today())
        folder = events_folder()
        path = save_article(folder, doc)
        merge_sources(folder, [event_id for event_id, _ in same], doc["article"])
    except (A.ArticleError, StoreError) as err:
        return notice(str(err), False)
    count = len(doc["events"])
    return notice(f"Saved {count} event{'s' if count != 1 else ''} as {path.name}"
                  + (f"; added as a source of {len(same)} existing events" if same else "")
                  + ".", True)
