"""The view controls shared by the country and world pages: building them from a View,
and turning their values back into a query that `urlstate.parse` validates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard.compute import metrics as m
from dashboard.compute.regions import area_options
from dashboard.data import Dataset
from dashboard.ids import ControlIds
from dashboard.state import queryvalues as qv
from dashboard.state.urlstate import TOP_RANGE, WINDOW_RANGE, View


@dataclass(frozen=True)
class ControlProps:
    """Control properties that depend on the view: year bounds, period and partner lists."""

    years_min: int
    years_max: int
    years_marks: dict[int, str]
    period_options: list[dict[str, object]]
    compare_options: list[dict[str, object]]
    highlight_options: list[dict[str, str]]


def control_props(ds: Dataset, view: View) -> ControlProps:
    """Bounds and option lists of the controls for this view's release, window and country."""
    info = ds.releases[view.release]
    first, last = info.first_year, info.last_year
    marks = {first: str(first), last: str(last)}
    ends = range(last, first + view.window - 2, -1)
    periods = [{"label": m.period_label(e - view.window + 1, e), "value": e} for e in ends]
    partners = ds.partners(view.release, view.side, view.country)
    return ControlProps(
        years_min=first, years_max=last, years_marks=dict(sorted(marks.items())),
        period_options=periods,
        compare_options=[o for o in periods if o["value"] != view.period],
        highlight_options=[{"label": n, "value": p} for n, p in partners],
    )


def view_outputs(cids: ControlIds) -> dict[str, Output]:
    """The control properties a page's callback writes back from the view, by name."""
    return {
        "years_min": Output(cids.years, "min"), "years_max": Output(cids.years, "max"),
        "years_marks": Output(cids.years, "marks"), "years": Output(cids.years, "value"),
        "period_options": Output(cids.period, "options"),
        "period": Output(cids.period, "value"),
        "compare_options": Output(cids.compare, "options"),
        "compare": Output(cids.compare, "value"), "window": Output(cids.window, "value"),
        "top": Output(cids.top, "value"), "country": Output(cids.country, "value"),
    }


def view_values(props: ControlProps, view: View) -> dict[str, Any]:
    """The values of `view_outputs` for a view: its validated settings and their bounds."""
    return {
        "years_min": props.years_min, "years_max": props.years_max,
        "years_marks": props.years_marks, "years": [view.start, view.end],
        "period_options": props.period_options, "period": view.period,
        "compare_options": props.compare_options, "compare": view.compare,
        "window": view.window, "top": view.top, "country": view.country,
    }


def country_options(ds: Dataset, view: View) -> list[dict[str, str]]:
    """Every entity with deliveries in the view's release, then its areas."""
    return release_country_options(ds, view.release)


def release_country_options(ds: Dataset, release: str) -> list[dict[str, str]]:
    """Every entity with deliveries in the release, by display name (made at load), then
    its regions, subregions and groupings."""
    return [*ds.entity_options.get(release, []), *area_options(ds.areas.get(release, {}))]


def with_new_release(shown: str, release: str, options: Callable[[], Any]) -> Any:
    """A release's list of options as a callback's output: sent only where the release is
    another than the one shown (the dropdown re-indexes every new list for its search),
    else left as it is."""
    return options() if release != shown else dash.no_update


def release_options(ds: Dataset) -> list[dict[str, str]]:
    """Every release in the build, newest first, labelled with coverage and exactness."""
    return [{"label": ds.releases[r].label, "value": r}
            for r in sorted(ds.releases, reverse=True)]


def query_from_controls(country: object, side: object, release: object, years: object,
                        window: object, period: object, compare: object, top: object,
                        categories: object, highlight: object, reset: Sequence[str] = ()
                        ) -> dict[str, object]:
    """Control values as the query mapping `urlstate.parse` reads; `reset` names keys
    to drop so they take their defaults (e.g. period after a release change). Values of
    the wrong type (a hand-made request) become text that `parse` reports, or nothing."""
    query: dict[str, object] = {
        "country": _text(country), "side": _text(side), "release": _text(release),
        "years": years_text(years),
        "window": _text(window), "period": _text(period), "compare": _text(compare),
        "top": _text(top), "cat": texts(categories), "hl": texts(highlight),
    }
    for key in reset:
        query.pop(key, None)
    return query


ASKED = ("years", "window", "period", "compare")
DEPENDS = {"window": ("period", "compare"), "period": ("compare",)}


def asked_from_query(query: Mapping[str, object]) -> dict[str, str]:
    """The settings a URL asks for (years, window, period, compare), as text."""
    return {k: v for k in ASKED if isinstance(v := query.get(k), str) and v}


def keep_asked(cids: ControlIds, query: dict[str, object], asked: object, trigger: object,
               keys: Sequence[str] = ASKED) -> dict[str, str]:
    """Put the user's own settings into a controls query and return them for the page's
    store: a setting takes its control's value when that control triggered, else the
    value chosen before, so a release switch keeps years and periods where still valid
    (the parser clips and announces the rest) and a later switch brings them back."""
    by_control = {getattr(cids, k): k for k in keys}
    key = by_control.get(str(trigger))
    before = asked if isinstance(asked, Mapping) else {k: query.get(k) for k in keys}
    kept = qv.kept_settings({k: v for k, v in before.items() if k in keys}, query, key,
                            DEPENDS.get(key or "", ()))
    for k in keys:
        if k in kept:
            query[k] = kept[k]
        else:
            query.pop(k, None)
    return kept


def shown_country(search: object) -> str:
    """The country of the view shown (its query string), for a country dropdown that
    emptied itself (its value missing from a release's options): the parser then says
    why that country is not shown."""
    if not isinstance(search, str):
        return ""
    found = parse_qs(search.lstrip("?")).get("country")
    return found[0] if found else ""


def texts(value: object) -> list[str]:
    """The strings of a list value (a multi-select's value); [] for anything else."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []


def years_text(value: object) -> str:
    """'FIRST-LAST' from a range slider's [first, last]; '' for anything else."""
    if (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return f"{value[0]}-{value[1]}"
    return ""


def _text(value: object) -> str:
    return "" if value is None else str(value)[:200]


def panel(cids: ControlIds, ds: Dataset, view: View, props: ControlProps,
          with_highlight: bool = True) -> dbc.Card:
    """The controls card: country, side, release, years, periods, top N, categories."""

    def field(label: str, control: Any, help_text: str = "") -> html.Div:
        extra = [dbc.FormText(help_text)] if help_text else []
        return html.Div([dbc.Label(label, className="fw-semibold small mb-1"), control,
                         *extra], className="mb-3")

    rows: list[Any] = [
        field("Country", dcc.Dropdown(
            id=cids.country, options=country_options(ds, view), value=view.country,
            clearable=False, searchable=True)),
        field("Flow", dbc.RadioItems(
            id=cids.side, value=view.side, inline=True,
            options=[{"label": "Imports (suppliers)", "value": "imports"},
                     {"label": "Exports (recipients)", "value": "exports"}])),
        field("SIPRI release", dcc.Dropdown(
            id=cids.release, options=release_options(ds), value=view.release,
            clearable=False, searchable=False)),
        field("Years", dcc.RangeSlider(
            id=cids.years, min=props.years_min, max=props.years_max, step=1,
            value=[view.start, view.end], marks=props.years_marks,
            allowCross=False)),
        field("Years per period", dcc.Dropdown(
            id=cids.window, value=view.window, clearable=False, searchable=False,
            options=[{"label": f"{w} years" if w > 1 else "1 year", "value": w}
                     for w in range(WINDOW_RANGE[0], WINDOW_RANGE[1] + 1)]),
            "SIPRI compares five-year periods."),
        field("Period", dcc.Dropdown(
            id=cids.period, options=props.period_options, value=view.period,
            clearable=False)),
        field("Compared with", dcc.Dropdown(
            id=cids.compare, options=props.compare_options, value=view.compare,
            clearable=True, placeholder="no comparison")),
        field("Partners shown", dbc.Input(
            id=cids.top, type="number", min=TOP_RANGE[0], max=TOP_RANGE[1], step=1,
            value=view.top, debounce=True), "The rest are summed as “Other”."),
        field("Armament categories", dcc.Dropdown(
            id=cids.categories, options=list(ds.choices.categories),
            value=list(view.categories), multi=True, placeholder="all categories")),
    ]
    if with_highlight:
        rows.append(field("Highlighted partners", dcc.Dropdown(
            id=cids.highlight, options=props.highlight_options,
            value=list(view.highlight), multi=True, placeholder="none"),
            "Always shown, outlined."))
    else:
        rows.append(dcc.Store(id=cids.highlight, data=list(view.highlight)))
    return dbc.Card(dbc.CardBody(rows), className="mb-3 shadow-sm controls")


def settings_column(cids: ControlIds, children: list[Any]) -> dbc.Col:
    """A page's view settings beside its charts; on a narrow screen folded behind a
    button (shown only there) so the first chart is near the top."""
    return dbc.Col([
        dbc.Button("⚙ View settings", id=cids.settings_toggle, n_clicks=0, size="sm",
                   color="secondary", outline=True, className="d-md-none w-100 mb-2",
                   title="Show or hide the view settings"),
        html.Div(children, id=cids.settings, className="view-settings"),
    ], lg=3, md=4)


def register_settings_toggle(cids: ControlIds) -> None:
    """The button opens and closes the settings (in the browser, no request)."""
    dash.clientside_callback(
        ClientsideFunction("armsdash", "toggleSettings"), Output(cids.settings, "className"),
        Input(cids.settings_toggle, "n_clicks"), State(cids.settings, "className"),
        prevent_initial_call=True)
