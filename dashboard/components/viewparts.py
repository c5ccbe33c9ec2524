"""Layout pieces of the tables, compare, flows and search pages: the scope controls
(side, release, years, categories), the CSV button, the page frame, and the CSV
download callback every one of them has."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import data
from dashboard.components import cards as ui
from dashboard.components.controls import release_options
from dashboard.data import Dataset
from dashboard.ids import ViewIds
from dashboard.state.scope import Scope


def field(label: str, control: Any, help_text: str = "") -> html.Div:
    """A labelled control."""
    extra = [dbc.FormText(help_text)] if help_text else []
    return html.Div([dbc.Label(label, className="fw-semibold small mb-1"), control, *extra],
                    className="mb-3")


def year_bounds(ds: Dataset, release: str) -> tuple[int, int, dict[int, str]]:
    """First and last year of a release and the slider's marks."""
    info = ds.releases[release]
    return info.first_year, info.last_year, {info.first_year: str(info.first_year),
                                             info.last_year: str(info.last_year)}


def view_outputs(cids: ViewIds) -> dict[str, Output]:
    """The outputs every view page's callback writes, by name: the notice, the headline,
    the years slider's bounds and value, and the view (the URL's query string)."""
    return {"notice": Output(cids.notice, "children"),
            "headline": Output(cids.headline, "children"),
            "years_min": Output(cids.years, "min"), "years_max": Output(cids.years, "max"),
            "years_marks": Output(cids.years, "marks"),
            "years": Output(cids.years, "value"), "search": Output(cids.view, "data")}


def view_values(ds: Dataset, scope: Scope, notice: Any, headline: Any, search: str
                ) -> dict[str, Any]:
    """The values of `view_outputs` for a view of this scope."""
    first, last, marks = year_bounds(ds, scope.release)
    return {"notice": notice, "headline": headline, "years_min": first, "years_max": last,
            "years_marks": marks, "years": [scope.start, scope.end], "search": search}


def scope_controls(cids: ViewIds, ds: Dataset, scope: Scope, with_side: bool = True,
                   side_labels: tuple[str, str] = ("Imports", "Exports")) -> list[Any]:
    """Side, release, years and categories of a view, set to the scope."""
    first, last, marks = year_bounds(ds, scope.release)
    side = field("Flow", dbc.RadioItems(
        id=cids.side, value=scope.side, inline=True,
        options=[{"label": side_labels[0], "value": "imports"},
                 {"label": side_labels[1], "value": "exports"}]))
    rows: list[Any] = [side] if with_side else [dcc.Store(id=cids.side, data=scope.side)]
    return [*rows,
            field("SIPRI release", dcc.Dropdown(
                id=cids.release, options=release_options(ds), value=scope.release,
                clearable=False, searchable=False)),
            field("Years", dcc.RangeSlider(
                id=cids.years, min=first, max=last, step=1, value=[scope.start, scope.end],
                marks=marks, allowCross=False, tooltip={"placement": "bottom"})),
            field("Armament categories", dcc.Dropdown(
                id=cids.categories, options=list(ds.choices.categories),
                value=list(scope.categories), multi=True, placeholder="all categories"))]


def csv_button(cids: ViewIds, label: str = "Download CSV") -> Any:
    """The CSV button and its download sink."""
    return html.Span([
        dbc.Button(label, id=cids.csv, size="sm", color="primary", outline=True,
                   title="Download exactly this view's data as CSV"),
        dcc.Download(id=cids.download)])


def frame(cids: ViewIds, search: str, notice: Any, headline: str,
          controls: list[Any], main: list[Any]) -> dbc.Container:
    """The page: view store and URL sink, notice, headline, controls beside the view."""
    return dbc.Container([
        dcc.Store(id=cids.view, data=search), dcc.Store(id=cids.url_sink),
        html.Div(notice, id=cids.notice, role="status"),
        html.P(headline, id=cids.headline, className="lead headline mb-3"),
        dbc.Row([  # on a phone the view comes first, its controls after it
            dbc.Col(dbc.Card(dbc.CardBody(controls), className="mb-3 shadow-sm controls"),
                    lg=3, md=4, className="order-2 order-md-1"),
            dbc.Col(main, lg=9, md=8, className="order-1 order-md-2"),
        ]),
    ], fluid=True, className="py-3")


def years_value(value: object) -> str:
    """'FIRST-LAST' from a range slider's value; '' for anything else."""
    if (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return f"{value[0]}-{value[1]}"
    return ""


def text(value: object) -> str:
    """A control's value as query text ('' for nothing or a non-scalar)."""
    return value[:200] if isinstance(value, str) else (
        str(value) if isinstance(value, int | float) and not isinstance(value, bool) else "")


def texts(value: object) -> list[str]:
    """The strings of a multi-select's value."""
    return [v for v in value if isinstance(v, str)][:50] if isinstance(value, list) else []


def scope_query(side: object, release: object, years: object, categories: object,
                release_changed: bool) -> dict[str, object]:
    """Scope control values as query values; the years are dropped when the release
    changed (they take the new release's coverage)."""
    query: dict[str, object] = {"side": text(side), "release": text(release),
                                "cat": texts(categories)}
    if not release_changed:
        query["years"] = years_value(years)
    return query


def notice(notes: Sequence[str], caveats: Sequence[str] = ()) -> list[Any]:
    """The page's notice: values in the address that were not used (a warning), and
    caveats about what is shown (an information line each)."""
    return [*ui.notices(notes),
            *[dbc.Alert(c, color="info", className="py-2 small mb-2") for c in caveats]]


def records(frame: pd.DataFrame, decimals: int = 4) -> list[dict[str, Any]]:
    """A frame's rows as grid records: numbers rounded, NaN as None (an empty cell)."""
    columns = list(frame.columns)
    values = []
    for col in columns:
        series = frame[col]
        if pd.api.types.is_float_dtype(series):
            arr = np.round(series.to_numpy(dtype=float), decimals)
            values.append([None if v != v else v for v in arr.tolist()])
        else:
            values.append(series.tolist())
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def register_csv(cids: ViewIds, make: Callable[[Dataset, str], tuple[str, str]]) -> None:
    """The CSV button sends make(dataset, view query string) = (file name, CSV text)."""

    @dash.callback(Output(cids.download, "data"), Input(cids.csv, "n_clicks"),
                   State(cids.view, "data"), prevent_initial_call=True)
    def download(n_clicks: object, search: object) -> object:
        """The CSV of exactly the view in the store."""
        if not n_clicks:
            return dash.no_update
        name, body = make(data.current(), search if isinstance(search, str) else "")
        return dcc.send_string(body, name)

    ui.register_url_sync(cids.view, cids.url_sink)
