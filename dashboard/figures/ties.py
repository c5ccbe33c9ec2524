"""Figures of defence-industrial ties: supplier concentration and local production.

Plotly figure dicts from the frames of `dashboard.compute.concentration` and
`dashboard.compute.local`; nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.compute.concentration import HIGH, MODERATE
from dashboard.compute.local import REST, UNKNOWN
from dashboard.figures.base import (
    AXIS,
    TIV_UNITS,
    EventMarker,
    Figure,
    Meta,
    _series,
    _year_axis,
    add_events,
    chart_colours,
    figure,
    values,
)

HHI_COLOUR = "#1f3b73"
SHARE_COLOUR = "#c26a00"
IMPORTED_COLOUR = "#B0B0B0"
UNKNOWN_COLOUR = "#E2E2E2"


def _band(y: float, text: str) -> tuple[dict[str, object], dict[str, object]]:
    """A dotted line across the plot at HHI `y`, labelled at its right end."""
    line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
            "line": {"color": "#999", "width": 1, "dash": "dot"}, "layer": "below"}
    label = {"text": text, "xref": "paper", "x": 1, "xanchor": "right", "yref": "y", "y": y,
             "yanchor": "bottom", "showarrow": False, "font": {"size": 10, "color": "#666"}}
    return line, label


def concentration_figure(frame: pd.DataFrame, title: str, meta: Meta, partner: str,
                         window: int) -> Figure:
    """HHI (left axis, 0–1) and the main partner's % share (right axis) by the last year
    of each rolling period; the hover names the main partner."""
    span = f"{window} years to" if window > 1 else "year"
    main = values(frame["main"].fillna("—"))
    data = [
        {"type": "scatter", "x": values(frame["year"]), "y": values(frame["hhi"]),
         "name": "HHI (0–1)", "mode": "lines+markers", "yaxis": "y",
         "line": {"color": HHI_COLOUR, "width": 2.5}, "marker": {"size": 5},
         "customdata": [[m, p] for m, p in zip(main, values(frame["partners"]), strict=True)],
         "hovertemplate": (f"{span} %{{x}}: HHI %{{y:.2f}} over %{{customdata[1]}} "
                           f"{partner}s<extra></extra>")},
        {"type": "scatter", "x": values(frame["year"]), "y": values(frame["main_share"]),
         "name": f"main {partner}'s share (%)", "mode": "lines", "yaxis": "y2",
         "line": {"color": SHARE_COLOUR, "width": 1.5, "dash": "dash"},
         "customdata": main,
         "hovertemplate": (f"{span} %{{x}}: main {partner} %{{customdata}}, "
                           "%{y:.0f}%<extra></extra>")},
    ]
    shapes, notes = zip(_band(HIGH, f"highly concentrated > {HIGH}"),
                        _band(MODERATE, f"moderately > {MODERATE}"), strict=True)
    fig = figure(data, title, meta,
                 xaxis=_year_axis(frame, title={"text": f"last year of the {window}-year "
                                                        "period" if window > 1 else ""}),
                 yaxis={"title": {"text": "HHI (0–1)"}, "range": [0, 1.02]},
                 yaxis2={**AXIS, "title": {"text": f"main {partner}'s share"},
                         "overlaying": "y", "side": "right", "range": [0, 102],
                         "ticksuffix": "%", "showgrid": False},
                 legend={"x": 1.08, "xanchor": "left"},
                 shapes=list(shapes), hovermode="x unified")
    fig["layout"]["annotations"] = [*fig["layout"]["annotations"], *notes]
    return fig


def local_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                 colours: Mapping[str, str], flow: str,
                 events: Sequence[EventMarker] | None = None) -> Figure:
    """Annual TIV produced or assembled in the recipient by partner, stacked, then what was
    not (grey); each year's local % share in the hover."""
    data = []
    series = list(_series(frame, by))
    palette = chart_colours([n for n, _ in series if n not in (REST, UNKNOWN)], colours)
    palette.update({REST: IMPORTED_COLOUR, UNKNOWN: UNKNOWN_COLOUR})
    for name, rows in series:
        label = name if name in (REST, UNKNOWN) else f"{name} (produced locally)"
        data.append({
            "type": "bar", "x": values(rows["year"]), "y": values(rows["tiv"]),
            "name": label, "marker": {"color": palette[name]},
            "customdata": values(rows["local_share"]),
            "hovertemplate": (f"{label}<br>%{{x}}: %{{y:,.0f}} TIV (millions); "
                              f"%{{customdata:.0f}}% of the year's {flow} produced locally"
                              "<extra></extra>")})
    fig = figure(data, title, meta, barmode="stack", bargap=0.15,
                 xaxis=_year_axis(frame),
                 yaxis={"title": {"text": TIV_UNITS}, "rangemode": "tozero",
                        "tickformat": ","})
    return add_events(fig, events)
