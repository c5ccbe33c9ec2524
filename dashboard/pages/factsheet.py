"""Fact sheet page (`/factsheet?release=R&period=LAST_YEAR`): SIPRI's yearly "Trends in
international arms transfers" for any five-year period of any release covering the
world, every number from the data, naming its release and linking to the view that
shows it; a print stylesheet (assets/factsheet.css) and a CSV of every table."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.components import cards as ui
from dashboard.components import markdown
from dashboard.components.markdown import md, md_link
from dashboard.compute import factsheet as fs
from dashboard.compute import metrics as m
from dashboard.compute.headline import percent, with_article
from dashboard.data import Dataset
from dashboard.figures import base as fig
from dashboard.figures.factsheet import world_volume_figure
from dashboard.state import factsheetstate as state

dash.register_page(__name__, path="/factsheet", name="Fact sheet", order=6,
                   title="armsdash: trends in international arms transfers",
                   description="SIPRI's yearly fact sheet for any five-year period")

CSV_LABELS = {"key-facts": "Key facts", "world-volume": "World volume",
              "exporters": "Exporters", "importers": "Importers", "regions": "Regions"}


def share_text(value: float | None) -> str:
    """A share as SIPRI prints it, '–' where there is none."""
    return "–" if value is None or value != value else percent(value).removesuffix("%")


def change_text(value: object) -> str:
    """A % change with its sign: '+155', '−20', '–' where there is none."""
    if not isinstance(value, float | int) or value != value:
        return "–"
    rounded = f"{abs(value):.0f}" if abs(value) >= 9.95 else f"{abs(value):.1f}"
    return ("+" if value > 0 else "−" if value < 0 else "") + rounded


def country_href(view: state.SheetView, name: str, side: str, first: int) -> str:
    """The country page of an entity (or area) in the sheet's release and periods."""
    rest = {"side": side, "release": view.release, "period": str(view.period)}
    if view.period - 5 >= first + 4:
        rest["compare"] = str(view.period - 5)
    return _href(name, urlencode(rest))


@functools.lru_cache(maxsize=4096)
def _href(name: str, rest: str) -> str:
    """'/?country=NAME&' + rest (quoting each name once)."""
    return "/?" + urlencode({"country": name}) + "&" + rest


def world_href(view: state.SheetView, side: str) -> str:
    """The world page in the sheet's release, period and side."""
    return "/world?" + urlencode({"side": side, "release": view.release,
                                  "period": str(view.period)})


def party_list(ds: Dataset, view: state.SheetView, items: Sequence[tuple[str, float]],
               side: str, first: int) -> list[Any]:
    """'the USA (43%), France (9.6%), ...' with each name linking to its country page."""
    out: list[Any] = []
    for i, (name, share) in enumerate(items):
        if i:
            out.append(", " if i < len(items) - 1 else " and ")
        out += [dcc.Link(with_article(ds.name(name)),
                         href=country_href(view, name, side, first)),
                f" ({percent(share)})"]
    return out


def key_facts(ds: Dataset, view: state.SheetView, sheet: fs.FactSheet, first: int) -> Any:
    """The key facts: world volume and its change, the five largest on each side, the
    numbers of supplier and recipient states, the armed groups among recipients."""
    per = sheet.periods
    w = sheet.world
    change = [f"The volume of international transfers of major arms in {per.label} was "]
    if w["change_before"] is not None and per.before:
        sign = "higher" if w["change_before"] >= 0 else "lower"
        change.append(f"{change_text(abs(w['change_before'])).lstrip('+')}% {sign} than in "
                      f"{m.period_label(*per.before)}")
        if w["change_earlier"] is not None and per.earlier:
            sign2 = "higher" if w["change_earlier"] >= 0 else "lower"
            change.append(f" and {change_text(abs(w['change_earlier'])).lstrip('+')}% "
                          f"{sign2} than in {m.period_label(*per.earlier)}")
        change.append(".")
    else:
        change = [f"Release {view.release} holds no five-year period before {per.label}: "
                  "no change can be given."]
    total = f" ({w['now']:,.0f} million TIV in {per.label})."
    top_ex = sum(s for _, s in sheet.top_exporters)
    top_im = sum(s for _, s in sheet.top_importers)
    groups = [ds.name(g) for g in sheet.armed_groups]
    items = [
        html.Li([*change, dcc.Link(total, href=world_href(view, "exports"))]),
        html.Li(["The five largest exporters were ",
                 *party_list(ds, view, sheet.top_exporters, "exports", first),
                 f": together {percent(top_ex)} of world exports."]),
        html.Li(["The five largest importers were ",
                 *party_list(ds, view, sheet.top_importers, "imports", first),
                 f": together {percent(top_im)} of world imports."]),
        html.Li([dcc.Link(f"{sheet.supplier_states} states",
                          href=world_href(view, "exports")),
                 " exported major arms and ",
                 dcc.Link(f"{sheet.recipient_states} states",
                          href=world_href(view, "imports")),
                 f" imported them in {per.label}."]),
        html.Li([f"{len(groups)} non-state armed group{'s' if len(groups) != 1 else ''} "
                 "received major arms" + (": " if groups else "."),
                 *[part for i, g in enumerate(sheet.armed_groups) for part in (
                     ", " if i else "", dcc.Link(ds.name(g),
                                                 href=country_href(view, g, "imports",
                                                                   first)))],
                 "." if groups else ""]),
    ]
    return section("key-facts", "Key facts", html.Ul(items, className="key-facts"))


def section(key: str, title: str, *children: Any) -> html.Section:
    """A fact sheet section with its heading."""
    return html.Section([html.H2(title, className="h5 mt-4"), *children],
                        id=f"factsheet-{key}", className="factsheet-section")


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str,
             key: str, text_columns: Sequence[int]) -> Any:
    """A fact sheet table as one Markdown block (see `components.markdown`)."""
    return markdown.md_table(header, rows, caption, f"factsheet-{key}-table", text_columns)


def partners_md(ds: Dataset, view: state.SheetView, partners: object, side: str,
                first: int) -> str:
    """'India (28), Qatar (9.7), Greece (8.3)' with links to the partners' pages."""
    items = partners if isinstance(partners, list) else []
    return ", ".join(f"{md_link(ds.name(n), country_href(view, n, side, first))} "
                     f"({share_text(s)})" for n, s in items)


def party_table(ds: Dataset, view: state.SheetView, sheet: fs.FactSheet, side: str,
                first: int) -> Any:
    """The largest exporters (importers) as SIPRI tabulates them."""
    frame = sheet.exporters if side == "exports" else sheet.importers
    per = sheet.periods
    before = per.before_label or "before"
    other = "imports" if side == "exports" else "exports"
    partner_word = "clients" if side == "exports" else "suppliers"
    regions = [c for c in frame.columns if str(c).startswith("to ")]
    header = ["Rank", "State", f"Share of world {side} % {per.label}", before,
              f"Change in volume % from {before}",
              f"Main {partner_word} (share of {side} %)",
              f"{'Recipient' if side == 'exports' else 'Supplier'} states",
              *[f"% {c}" for c in regions]]
    rows = [[str(r["rank"]),
             md_link(ds.name(str(r["name"])), country_href(view, str(r["name"]), side, first)),
             share_text(float(r["share"])), share_text(float(r["share_before"])),
             change_text(r["change"]), partners_md(ds, view, r["partners"], other, first),
             str(r["partner_states"]), *[share_text(float(r[c])) for c in regions]]
            for r in frame.to_dict("records")]
    caption = (f"The {len(frame)} largest {side[:-1]}ers of major arms, {per.label}, and "
               f"their main {partner_word}; shares of five-year sums of SIPRI TIV, release "
               f"{view.release}.")
    return section(side, f"Largest {side[:-1]}ers, {per.label}",
                   md_table(header, rows, caption, side, text_columns=(1, 5)))


def region_table(ds: Dataset, view: state.SheetView, sheet: fs.FactSheet,
                 first: int) -> Any:
    """Imports by region and subregion, with main importers and their main supplier."""
    per = sheet.periods
    before = per.before_label or "before"
    header = ["Region / subregion", f"Share of world imports % {per.label}", before,
              f"Change in volume % from {before}",
              "Main importers (share of the area's imports %) and their main supplier"]
    rows = []
    for r in sheet.regions.to_dict("records"):
        importers = []
        for who, part, main in r["importers"]:
            text = (f"{md_link(ds.name(who), country_href(view, who, 'imports', first))} "
                    f"({share_text(part)})")
            if main:
                text += (f" from {md(with_article(ds.name(main[0][0])))} "
                         f"({share_text(main[0][1])})")
            importers.append(text)
        area = md_link(str(r["area"]), country_href(view, str(r["area"]), "imports", first))
        rows.append([area if r["kind"] == "subregion" else f"**{area}**",
                     share_text(float(r["share"])), share_text(float(r["share_before"])),
                     change_text(r["change"]), "; ".join(importers)])
    caption = (f"Imports of major arms by SIPRI region and subregion (subregions under "
               f"their region), {per.label}; release {view.release}. Organisations and "
               "unknown recipients are in no region.")
    return section("regions", f"Imports by region, {per.label}",
                   md_table(header, rows, caption, "regions", text_columns=(0, 4)))


def body(ds: Dataset, view: state.SheetView) -> list[Any]:
    """The whole fact sheet of a view."""
    info = ds.releases[view.release]
    sheet = fs.fact_sheet(ds, view.release, view.period)
    meta = fig.Meta(view.release, info.per_year_exact)
    first = info.first_year
    config: Any = fig.graph_config(f"world_volume_{view.release}")
    figure = world_volume_figure(
        sheet.annual, f"Volume of international transfers of major arms, "
        f"{m.period_label(first, view.period)}", meta, view.years)
    return [
        html.H1(f"Trends in international arms transfers, {sheet.periods.label}",
                className="h3"),
        html.P([f"SIPRI Arms Transfers Database, release {view.release} (data generated "
                f"{info.generated_at[:10]}, deliveries {info.first_year}–{info.last_year})"
                "; our calculations, laid out as SIPRI's yearly fact sheet. Figures are "
                "SIPRI trend-indicator values (TIV): a volume of transfers, not money. "
                "Shares are of five-year sums."], className="small text-body-secondary",
               id="factsheet-source"),
        *([dbc.Alert(meta.estimate_note, color="warning", className="small py-2")]
          if not info.per_year_exact else []),
        key_facts(ds, view, sheet, first),
        section("world-volume", "World volume",
                dcc.Graph(id=ids.FACTSHEET_GRAPH, figure=figure, config=config)),
        party_table(ds, view, sheet, "exports", first),
        party_table(ds, view, sheet, "imports", first),
        region_table(ds, view, sheet, first),
    ]


def parsed_view(ds: Dataset, query: dict[str, Any]) -> tuple[state.SheetView, tuple[str, ...]]:
    """The view a query describes in this build, and its notices."""
    return state.parse(query, fs.eligible_releases(ds), ds.choices.default_release)


def period_options(ds: Dataset, release: str) -> list[dict[str, Any]]:
    """Every five-year period of a release, newest first."""
    first, last = fs.eligible_releases(ds)[release]
    return [{"label": m.period_label(end - 4, end), "value": end}
            for end in range(last, first + 3, -1)]


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    if not fs.eligible_releases(ds):
        return ui.error_layout("No release in this build covers the whole world over five "
                               "years: a fact sheet cannot be made.")
    view, notes = parsed_view(ds, query)
    releases = [{"label": ds.releases[r].label, "value": r}
                for r in sorted(fs.eligible_releases(ds), reverse=True)]
    controls = dbc.Row([
        dbc.Col([dbc.Label("Release", html_for=ids.FACTSHEET_RELEASE, className="small"),
                 dcc.Dropdown(id=ids.FACTSHEET_RELEASE, options=releases,
                              value=view.release, clearable=False)], md=5),
        dbc.Col([dbc.Label("Five-year period", html_for=ids.FACTSHEET_PERIOD,
                           className="small"),
                 dcc.Dropdown(id=ids.FACTSHEET_PERIOD,
                              options=period_options(ds, view.release),
                              value=view.period, clearable=False)], md=3),
        dbc.Col([html.Div("CSV of each table", className="small mb-1"),
                 dbc.ButtonGroup([dbc.Button(CSV_LABELS[k], id=ids.FACTSHEET_CSV[k],
                                             size="sm", color="secondary", outline=True)
                                  for k in ids.FACTSHEET_TABLES], size="sm")], md=4),
    ], className="g-2 mb-2 factsheet-controls d-print-none")
    return dbc.Container([
        dcc.Store(id=ids.FACTSHEET_VIEW, data=state.serialise(view)),
        dcc.Store(id=ids.FACTSHEET_URL_SINK), dcc.Download(id=ids.FACTSHEET_DOWNLOAD),
        controls,
        html.Div(ui.notices(notes), id=ids.FACTSHEET_NOTICE, role="status"),
        html.Div(body(ds, view), id=ids.FACTSHEET_BODY),
    ], fluid=True, className="py-3 factsheet")


@dash.callback(Output(ids.FACTSHEET_NOTICE, "children"), Output(ids.FACTSHEET_BODY, "children"),
               Output(ids.FACTSHEET_PERIOD, "options"), Output(ids.FACTSHEET_PERIOD, "value"),
               Output(ids.FACTSHEET_VIEW, "data"),
               Input(ids.FACTSHEET_RELEASE, "value"), Input(ids.FACTSHEET_PERIOD, "value"),
               prevent_initial_call=True)
def update(release: object, period: object) -> tuple[Any, ...]:
    """Re-render the fact sheet for the chosen release and period."""
    ds = data.current()
    query: dict[str, Any] = {"release": release if isinstance(release, str) else ""}
    if ctx.triggered_id != ids.FACTSHEET_RELEASE and isinstance(period, int | str):
        query["period"] = str(period)
    view, notes = parsed_view(ds, query)
    return (ui.notices(notes), body(ds, view), period_options(ds, view.release),
            view.period, state.serialise(view))


@dash.callback(Output(ids.FACTSHEET_DOWNLOAD, "data"),
               *[Input(ids.FACTSHEET_CSV[k], "n_clicks") for k in ids.FACTSHEET_TABLES],
               State(ids.FACTSHEET_VIEW, "data"), prevent_initial_call=True)
def download(*args: object) -> object:
    """The CSV of the table whose button was pressed, for the view shown."""
    ds = data.current()
    search = args[-1] if isinstance(args[-1], str) else ""
    key = next((k for k, cid in ids.FACTSHEET_CSV.items() if cid == ctx.triggered_id), None)
    if key is None:
        return dash.no_update
    raw = parse_qs(search.lstrip("?"))
    view, _ = parsed_view(ds, {k: v[0] for k, v in raw.items()})
    sheet = fs.fact_sheet(ds, view.release, view.period)
    frame = fs.csv_frames(sheet, ds.name)[key]
    label = sheet.periods.label.replace("–", "-")
    return dcc.send_string(fs.csv_text(frame, view.release),
                           f"factsheet_{key}_{label}_{view.release}.csv")


ui.register_url_sync(ids.FACTSHEET_VIEW, ids.FACTSHEET_URL_SINK)
