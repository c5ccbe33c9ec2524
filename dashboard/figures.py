"""Pure figure builders: tidy frames in, Plotly figures out.

Every figure carries a title with its units, a source line naming the SIPRI release, a
visible note where per-year values are estimated, and the same colour for a country on
every chart. Every time chart takes `events` (markers drawn by `add_events`; none by
default) so event annotations need no change to the builders.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.metrics import OTHER

# Okabe–Ito and Paul Tol's "muted" colours: distinguishable with common colour-vision
# deficiencies. Grey is kept for "Other".
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#332288", "#999933", "#882255", "#44AA99", "#AA4499", "#F0E442",
)
OTHER_COLOUR = "#B0B0B0"
CATEGORY_COLOURS = {
    "Aircraft": "#0072B2", "Air-defence systems": "#E69F00", "Air defence systems": "#E69F00",
    "Anti-submarine warfare weapons": "#332288", "Armoured vehicles": "#009E73",
    "Artillery": "#D55E00", "Engines": "#999933", "Missiles": "#CC79A7",
    "Naval weapons": "#44AA99", "Satellites": "#882255", "Sensors": "#56B4E9",
    "Ships": "#AA4499", "Other": "#F0E442", "unknown": OTHER_COLOUR,
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
HEIGHT = 400
TIV_UNITS = "SIPRI TIV, millions"
EVENT_COLOUR = "#444444"


@dataclass(frozen=True)
class Meta:
    """What every figure must say about its data: the release and how exact it is."""

    release: str
    per_year_exact: bool = True

    @property
    def source(self) -> str:
        """The source line under every chart."""
        return (f"Source: SIPRI Arms Transfers Database, release {self.release}; "
                "our calculations.")

    @property
    def estimate_note(self) -> str:
        """The note shown where per-year values are estimated; '' where they are exact."""
        if self.per_year_exact:
            return ""
        return (f"Per-year values estimated: release {self.release} gives only the years "
                "of delivery of each deal, so the split across years is our estimate.")


@dataclass(frozen=True)
class EventMarker:
    """An event to mark on a time chart: where (decimal year), a label and hover text."""

    x: float
    label: str
    hover: str = ""
    id: str = ""


def colour_map(order: Sequence[str]) -> dict[str, str]:
    """A colour for every name: names in `order` (most prominent first) cycle the palette."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}


def colour_of(name: str, colours: Mapping[str, str]) -> str:
    """The name's colour; grey for Other; a stable palette pick for names not in the map."""
    if name == OTHER:
        return OTHER_COLOUR
    if name in colours:
        return colours[name]
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def base_layout(fig: go.Figure, title: str, meta: Meta, height: int = HEIGHT) -> go.Figure:
    """Title with units, source line, estimate note, fonts and margins shared by all charts."""
    note = meta.estimate_note
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15},
               "subtitle": {"text": note, "font": {"color": "#9a4d00", "size": 11}}},
        template="plotly_white",
        font={"family": FONT, "size": 12, "color": "#222"},
        height=height,
        margin={"l": 60, "r": 20, "t": 80 if note else 60, "b": 80},
        legend={"traceorder": "normal", "font": {"size": 11}},
        hoverlabel={"namelength": -1},
        separators=".,",
    )
    fig.add_annotation(text=meta.source, xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", yshift=-42, showarrow=False,
                       font={"size": 10, "color": "#555"}, name="source")
    return fig


def add_events(fig: go.Figure, events: Sequence[EventMarker] | None) -> go.Figure:
    """Mark events on a time chart as dotted lines with hover text; nothing if none."""
    if not events:
        return fig
    for event in events:
        fig.add_vline(x=event.x, line={"color": EVENT_COLOUR, "width": 1, "dash": "dot"})
    fig.add_trace(go.Scatter(
        x=[e.x for e in events], y=[1.0] * len(events), yaxis="y2", mode="markers",
        marker={"symbol": "triangle-down", "size": 10, "color": EVENT_COLOUR},
        text=[e.label for e in events], customdata=[e.id for e in events],
        hovertext=[e.hover or e.label for e in events], hoverinfo="text",
        name="Events", showlegend=False))
    fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1.05], "visible": False,
                              "fixedrange": True})
    return fig


def empty_figure(title: str, reason: str, meta: Meta) -> go.Figure:
    """A figure that says why there is nothing to draw."""
    fig = go.Figure()
    base_layout(fig, title, meta)
    fig.add_annotation(text=reason, xref="paper", yref="paper", x=0.5, y=0.5,
                       showarrow=False, font={"size": 14, "color": "#555"}, name="empty")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def annual_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                  colours: Mapping[str, str], highlight: Sequence[str] = (),
                  events: Sequence[EventMarker] | None = None) -> go.Figure:
    """Stacked annual bars of `tiv` by `by` (partners in frame order, Other last)."""
    fig = go.Figure()
    for name, rows in frame.groupby(by, sort=False):
        name = str(name)
        fig.add_trace(go.Bar(
            x=rows["year"], y=rows["tiv"], name=name,
            marker={"color": colour_of(name, colours),
                    "line": {"width": 1.5 if name in highlight else 0, "color": "#000"}},
            hovertemplate=f"{name}<br>%{{x}}: %{{y:,.0f}} TIV (millions)<extra></extra>"))
    base_layout(fig, title, meta)
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_xaxes(title_text=None, dtick=5 if frame["year"].nunique() > 12 else 1)
    fig.update_yaxes(title_text=TIV_UNITS, rangemode="tozero", tickformat=",")
    return add_events(fig, events)


def share_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                 colours: Mapping[str, str], window: int, flow: str,
                 events: Sequence[EventMarker] | None = None) -> go.Figure:
    """Stacked area of each partner's % share of rolling `window`-year sums."""
    fig = go.Figure()
    span = f"{window} years to" if window > 1 else "year"
    for name, rows in frame.groupby(by, sort=False):
        name = str(name)
        colour = colour_of(name, colours)
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["share"], name=name, mode="lines", stackgroup="one",
            line={"width": 0.5, "color": colour}, fillcolor=colour,
            customdata=rows[["tiv"]].to_numpy(),
            hovertemplate=(f"{name}<br>{span} %{{x}}: %{{y:.1f}}% of {flow} "
                           "(%{customdata[0]:,.0f} TIV)<extra></extra>")))
    base_layout(fig, title, meta)
    fig.update_xaxes(title_text=f"last year of the {window}-year period" if window > 1 else None)
    fig.update_yaxes(title_text=f"% of {flow}", range=[0, 100], ticksuffix="%")
    return add_events(fig, events)


def category_figure(frame: pd.DataFrame, title: str, meta: Meta,
                    events: Sequence[EventMarker] | None = None) -> go.Figure:
    """Stacked annual bars of `tiv` by armament category."""
    fig = go.Figure()
    for name, rows in frame.groupby("category", sort=False):
        name = str(name)
        fig.add_trace(go.Bar(
            x=rows["year"], y=rows["tiv"], name=name,
            marker={"color": CATEGORY_COLOURS.get(name, OTHER_COLOUR)},
            hovertemplate=f"{name}<br>%{{x}}: %{{y:,.0f}} TIV (millions)<extra></extra>"))
    base_layout(fig, title, meta)
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_xaxes(dtick=5 if frame["year"].nunique() > 12 else 1)
    fig.update_yaxes(title_text=TIV_UNITS, rangemode="tozero", tickformat=",")
    return add_events(fig, events)


def compare_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                   labels: tuple[str, str], colours: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of % shares in two periods, one pair of bars per partner."""
    fig = go.Figure()
    names = list(frame[by])[::-1]
    now, base = labels
    fig.add_trace(go.Bar(
        y=names, x=list(frame["share_base"])[::-1], orientation="h", name=base,
        marker={"color": "#BBBBBB"},
        hovertemplate=f"%{{y}}, {base}: %{{x:.1f}}%<extra></extra>"))
    fig.add_trace(go.Bar(
        y=names, x=list(frame["share"])[::-1], orientation="h", name=now,
        marker={"color": [colour_of(n, colours) for n in names]},
        hovertemplate=f"%{{y}}, {now}: %{{x:.1f}}%<extra></extra>"))
    base_layout(fig, title, meta)
    fig.update_layout(barmode="group", legend={"traceorder": "reversed"})
    fig.update_xaxes(title_text="% of the country's total", ticksuffix="%", rangemode="tozero")
    return fig


def map_figure(frame: pd.DataFrame, title: str, meta: Meta, flow: str) -> go.Figure:
    """World choropleth of period TIV by ISO3 code, with world share in the hover."""
    fig = go.Figure(go.Choropleth(
        locations=frame["iso3"], z=frame["tiv"], locationmode="ISO-3",
        text=frame["name"], customdata=frame[["share"]].to_numpy(),
        colorscale="Cividis", reversescale=True, marker={"line": {"width": 0.3,
                                                                    "color": "#fff"}},
        colorbar={"title": {"text": "TIV, millions"}, "thickness": 12},
        hovertemplate=("%{text}<br>%{z:,.0f} TIV (millions)<br>"
                       f"%{{customdata[0]:.1f}}% of world {flow}<extra></extra>")))
    base_layout(fig, title, meta, height=440)
    fig.update_geos(showframe=False, showcoastlines=False, projection_type="natural earth",
                    showcountries=True, countrycolor="#ddd", landcolor="#f3f3f3",
                    lataxis_range=[-58, 85])
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 70})
    return fig


def top_figure(frame: pd.DataFrame, title: str, meta: Meta, colours: Mapping[str, str],
               flow: str) -> go.Figure:
    """Horizontal bars of the largest countries' % of world `flow` in a period."""
    rows = frame.iloc[::-1]
    fig = go.Figure(go.Bar(
        y=rows["name"], x=rows["share"], orientation="h",
        marker={"color": [colour_of(c, colours) for c in rows["name"]]},
        customdata=rows[["tiv", "change_pp"]].to_numpy(),
        hovertemplate=("%{y}: %{x:.1f}% of world " + flow +
                       "<br>%{customdata[0]:,.0f} TIV (millions)"
                       "<br>change: %{customdata[1]:+.1f} points<extra></extra>")))
    base_layout(fig, title, meta, height=max(HEIGHT, 28 * len(frame) + 140))
    fig.update_xaxes(title_text=f"% of world {flow}", ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fig


def rank_figure(frame: pd.DataFrame, name: str, title: str, meta: Meta, colour: str,
                flow: str, events: Sequence[EventMarker] | None = None) -> go.Figure:
    """A country's world rank over time (1 at the top) on rolling period sums."""
    fig = go.Figure(go.Scatter(
        x=frame["year"], y=frame["rank"], mode="lines+markers", name=name,
        line={"color": colour, "width": 2.5}, marker={"size": 6},
        customdata=frame[["share"]].to_numpy(),
        hovertemplate=(f"{name}, period to %{{x}}: rank %{{y:.0f}} "
                       f"(%{{customdata[0]:.1f}}% of world {flow})<extra></extra>")))
    base_layout(fig, title, meta)
    worst = frame["rank"].max()
    top = 0.5
    bottom = float(worst) + 0.5 if pd.notna(worst) else 10.5
    fig.update_yaxes(title_text="rank (1 = largest)", range=[bottom, top], dtick=1 if
                     bottom < 16 else 5)
    fig.update_xaxes(title_text="last year of the period")
    fig.update_layout(showlegend=False)
    return add_events(fig, events)


def graph_config(filename: str) -> dict[str, object]:
    """dcc.Graph config: image export named after the chart, no Plotly logo or cloud link."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2,
                                 "height": HEIGHT, "width": 1000},
    }
