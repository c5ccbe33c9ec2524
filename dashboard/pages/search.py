"""Register search page (/search): every deal of a release by designation (with the
weapon's aliases), description, category, supplier or recipient (any spelling), status,
licence or local production and comments, server-side; who bought what, the deals with
SIPRI's fields, a link to each pair page, and the CSV of every deal found."""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import search as sc
from dashboard.components import cards as ui
from dashboard.components import grids
from dashboard.components import viewparts as vp
from dashboard.data import Dataset
from dashboard.state import searchstate as ss

V = ids.SEARCH
STATUS_OPTIONS = [{"label": s.capitalize(), "value": s} for s in ss.STATUSES]
LOCAL_OPTIONS = [{"label": "any", "value": "any"},
                 {"label": "under licence or local only", "value": "yes"},
                 {"label": "none", "value": "no"}]
EXAMPLE = "TB2, Akıncı, Anka"
WHO_ROWS = 15
TIV_FORMAT = {"function": "params.value == null ? '' : d3.format(',.1f')(params.value)"}
# designation: SIPRI's 99.9% whole; TIV: each word of its header whole beside its icons
WIDTHS = {"designation": 230, "comments": 300, "tiv_delivered": 170, "local": 140}
COLUMN_DEFS: list[dict[str, Any]] = grids.pinned([
    {"field": "pair", "headerName": "", "cellRenderer": "markdown", "width": 90,
     "sortable": False, "filter": False},
    *[{"field": field, "headerName": header, "width": WIDTHS.get(field, 120),
       **({"valueFormatter": TIV_FORMAT, "type": "rightAligned", "sort": "desc"}
          if field == "tiv_delivered" else {}),
       **({"tooltipField": field} if field in ("comments", "designation") else {})}
      for field, header in sc.COLUMNS.items()]],
    left=("pair", "designation"), right=("tiv_delivered",))

dash.register_page(__name__, path="/search", name="Search", order=6,
                   title="armsdash: register search",
                   description="Search every deal of SIPRI's register")


def who_table(result: sc.SearchResult) -> Any:
    """Who bought: recipients of the deals found, with suppliers and TIV delivered."""
    if result.who.empty:
        return html.P("No deal found.", className="small text-muted")
    shown = result.who.head(WHO_ROWS)
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "recipient", "deals", "TIV delivered (millions)", "suppliers")]))
    body = html.Tbody([html.Tr([html.Td(str(r.recipient)), html.Td(str(r.deals)),
                                html.Td(f"{r.tiv_delivered:,.1f}"), html.Td(str(r.suppliers))])
                       for r in shown.itertuples(index=False)])
    more = len(result.who) - len(shown)
    note = [html.P(f"and {more} more recipients (in the CSV).", className="small text-muted")
            ] if more > 0 else []
    return html.Div([dbc.Table([html.Caption("Who bought them (recipients of the deals "
                                             "found, largest TIV delivered first)"),
                                head, body], size="sm", striped=True, className="small mb-1"),
                     *note], className="mb-3")


def grid_rows(ds: Dataset, view: ss.SearchView, result: sc.SearchResult
              ) -> list[dict[str, Any]]:
    """The first SHOWN_ROWS deals found as grid rows, each with a link to its pair page."""
    frame = result.deals.head(sc.SHOWN_ROWS)
    links = [f"[pair →]({href})" for href in sc.pair_links(
        ds, view, frame["supplier_key"].astype(str).tolist(),
        frame["recipient_key"].astype(str).tolist(), frame["deal_id"].tolist())]
    return vp.records(frame.drop(columns=["supplier_key", "recipient_key"]).assign(
        pair=links), decimals=2)


def shown_note(result: sc.SearchResult) -> str:
    """What the grid holds of the deals found."""
    if len(result.deals) > sc.SHOWN_ROWS:
        return (f"The {sc.SHOWN_ROWS} deals with the most TIV delivered of "
                f"{len(result.deals):,}; the CSV has all.")
    return "Every deal found; ? is SIPRI's uncertainty mark; TIV in millions (a volume)."


def render(ds: Dataset, view: ss.SearchView, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    result = sc.search_result(ds, view)
    return {"notice": vp.notice(notes), "headline": result.summary,
            "who": who_table(result), "rows": grid_rows(ds, view, result),
            "note": shown_note(result), "search": ss.serialise(view)}


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = ss.parse(query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    options = ds.entity_options.get(view.scope.release, [])
    controls = [
        vp.field("Search", dbc.Input(id=ids.SEARCH_QUERY, type="search", value=view.query,
                                     debounce=True, placeholder=EXAMPLE),
                 "Every word must match; commas separate alternatives. Weapon aliases "
                 "and any spelling of a country count (TB2, Akıncı, Turkey)."),
        *vp.scope_controls(V, ds, view.scope, with_side=False),
        vp.field("Suppliers", dcc.Dropdown(id=ids.SEARCH_SUPPLIERS, options=options,
                                           value=list(view.suppliers), multi=True,
                                           placeholder="any supplier")),
        vp.field("Recipients", dcc.Dropdown(id=ids.SEARCH_RECIPIENTS, options=options,
                                            value=list(view.recipients), multi=True,
                                            placeholder="any recipient")),
        vp.field("Status", dbc.Checklist(id=ids.SEARCH_STATUS, options=STATUS_OPTIONS,
                                         value=list(view.statuses)), "None ticked: all."),
        vp.field("Licence or local production", dbc.RadioItems(
            id=ids.SEARCH_LOCAL, options=LOCAL_OPTIONS, value=view.local),
            "SIPRI's local-production flag, or the build's reading of SIPRI's comments "
            "(classic register): the column says which."),
    ]
    main = [html.Div(vp.csv_button(V, "Download CSV (every deal found)"), className="mb-2"),
            html.Div(out["who"], id=V.graph),
            html.P(out["note"], id=ids.SEARCH_NOTE, className="small text-muted mb-1"),
            dag.AgGrid(id=V.table, rowData=out["rows"], columnDefs=COLUMN_DEFS,
                       defaultColDef=grids.default_col(sortable=True, filter=True),
                       dashGridOptions={"enableCellTextSelection": True,
                                        "suppressColumnVirtualisation": True,
                                        "tooltipShowDelay": 300},
                       className="ag-theme-quartz",
                       style={"height": "520px", "width": "100%"})]
    return vp.frame(V, out["search"], out["notice"], out["headline"], controls, main)


OUTPUTS = {**vp.view_outputs(V), "who": Output(V.graph, "children"),
           "rows": Output(V.table, "rowData"), "note": Output(ids.SEARCH_NOTE, "children"),
           "supplier_options": Output(ids.SEARCH_SUPPLIERS, "options"),
           "recipient_options": Output(ids.SEARCH_RECIPIENTS, "options")}
INPUTS = [Input(ids.SEARCH_QUERY, "value"), Input(V.release, "value"),
          Input(V.years, "value"), Input(V.categories, "value"),
          Input(ids.SEARCH_SUPPLIERS, "value"), Input(ids.SEARCH_RECIPIENTS, "value"),
          Input(ids.SEARCH_STATUS, "value"), Input(ids.SEARCH_LOCAL, "value")]


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(text: object, release: object, years: object, categories: object,
           suppliers: object, recipients: object, statuses: object, local: object
           ) -> dict[str, Any]:
    """Search again from the controls."""
    ds = data.current()
    query = vp.scope_query(None, release, years, categories,
                           release_changed=ctx.triggered_id == V.release)
    query.pop("side")
    query.update({"q": vp.text(text), "supplier": vp.texts(suppliers),
                  "recipient": vp.texts(recipients), "status": vp.texts(statuses),
                  "local": vp.text(local)})
    parsed = ss.parse(query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    options = ds.entity_options.get(view.scope.release, [])
    return {**vp.view_values(ds, view.scope, out["notice"], out["headline"], out["search"]),
            "who": out["who"], "rows": out["rows"], "note": out["note"],
            "supplier_options": options, "recipient_options": options}


def csv_file(ds: Dataset, search: str) -> tuple[str, str]:
    """The CSV of the view: every deal found."""
    view = ss.parse_search(search, ds.choices).view
    return sc.csv_name(view), sc.csv_text(ds, view)


vp.register_csv(V, csv_file)
