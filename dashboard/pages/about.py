"""About page: what TIV is and is not, the five-year convention, the releases in the build,
SIPRI's attribution and terms, and how to cite a view."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import data, ids
from dashboard.components import cards as ui
from dashboard.data import Dataset

dash.register_page(__name__, path="/about", name="About", order=9,
                   title="armsdash: about the data",
                   description="What the numbers mean, the SIPRI releases, how to cite")

TIV_TEXT = """
**SIPRI's trend-indicator value (TIV)** measures the *volume* of transfers of major
conventional arms, in millions, from the known unit production costs of a core set of
weapons. It is **not** the financial value of the transfers, not a price and not sales
revenue: never read or quote it as money. Second-hand weapons count 40% of a new unit's
value, second-hand but modernized ones 66%. A TIV of 0 means a volume between 0 and 0.5
million; an empty value means no deliveries were identified.
"""

PERIOD_TEXT = """
Yearly deliveries jump with single large orders, so SIPRI compares countries over
**five-year periods** (for example 2020–24). Shares such as "China supplied 81% of
Pakistan's imports in 2020–24" are shares of those five-year sums. The latest complete
period ends at the release's last year with data. The period length can be changed in
the controls; the rolling share charts sum the period ending in each year.
"""

TERMS_TEXT = """
Data: **SIPRI Arms Transfers Database**, Stockholm International Peace Research Institute,
<https://www.sipri.org/databases/armstransfers>. SIPRI's terms allow non-commercial use
with that credit. The shares, sums and rankings shown here are **our calculations** on
SIPRI's data, not SIPRI's own publications. SIPRI revises past years in every release, so
every chart names the release (its "Data generated" date) it was computed from; releases
are never mixed in one chart. Historical states (such as the Soviet Union), non-state
armed groups (names ending in `*`), organisations (`**`) and unknown parties count in all
totals and shares.
"""

CITE_TEXT = """
Every view is a URL: copy it from the address bar (it holds the country, flow, release,
years, period and the other settings) and cite it with the release, for example:

> SIPRI Arms Transfers Database, release {release} (data generated {generated}); our
> calculations with armsdash, <URL of the view>, accessed DATE.

The CSV button of each chart downloads exactly the data drawn, with the release in
every row.
"""


def releases_table(ds: Dataset) -> Any:
    """The releases in the build: date, years covered, formats, exactness of yearly values."""
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Release", "Data generated", "Years with deliveries", "Export formats",
        "Per-year values")]))
    rows = []
    for release in sorted(ds.releases, reverse=True):
        info = ds.releases[release]
        how = ("exact (register by delivery year)" if info.per_year_exact else
               "estimated: the export lists only the years of delivery of each deal")
        rows.append(html.Tr([html.Td(release), html.Td(info.generated_at),
                             html.Td(f"{info.first_year}–{info.last_year}"),
                             html.Td(", ".join(info.formats)), html.Td(how)]))
    built = ds.manifest.get("built_at") or ds.manifest.get("created_at") or ""
    note = f"Build {ds.build_id}" + (f", made {built}" if built else "") + "."
    return html.Div([dbc.Table([head, html.Tbody(rows)], size="sm", striped=True,
                               className="small"),
                     html.P(note, className="small text-muted")], id=ids.ABOUT_RELEASES)


def layout(**kwargs: Any) -> Any:
    """The about page (query values are accepted and ignored)."""
    return ui.safe_layout(_layout)


def _layout() -> Any:
    ds = data.current()
    default = ds.choices.default_release
    cite = CITE_TEXT.format(release=default,
                            generated=ds.releases[default].generated_at[:10])
    return dbc.Container(dbc.Row(dbc.Col([
        html.H1("About the data", className="h3 mt-2"),
        html.H2("What TIV is, and is not", className="h5 mt-4"),
        dcc.Markdown(TIV_TEXT),
        html.H2("Five-year periods", className="h5 mt-4"),
        dcc.Markdown(PERIOD_TEXT),
        html.H2("Releases in this build", className="h5 mt-4"),
        releases_table(ds),
        html.H2("Source, attribution and terms", className="h5 mt-4"),
        dcc.Markdown(TERMS_TEXT),
        html.H2("How to cite a view", className="h5 mt-4"),
        dcc.Markdown(cite, id=ids.ABOUT_CITE),
    ], lg=9)), className="py-3")
