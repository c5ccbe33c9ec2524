"""The fact sheet's figure: world volume per year (bars) and its five-year moving average
(line), as SIPRI draws it in every fact sheet."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.base import AXIS, TIV_UNITS, Figure, Meta, figure, values

BAR_COLOUR = "#4C78A8"
LINE_COLOUR = "#D55E00"


def world_volume_figure(frame: pd.DataFrame, title: str, meta: Meta,
                        period: tuple[int, int]) -> Figure:
    """Bars of the world total per year and the line of the average of the five years
    ending in each year; the fact sheet's period shaded."""
    data = [
        {"type": "bar", "x": values(frame["year"]), "y": values(frame["tiv"]),
         "name": "Annual total", "marker": {"color": BAR_COLOUR},
         "hovertemplate": "%{x}: %{y:,.0f} TIV (millions)<extra></extra>"},
        {"type": "scatter", "mode": "lines", "x": values(frame["year"]),
         "y": values(frame["moving_average"]), "name": "Five-year moving average",
         "line": {"color": LINE_COLOUR, "width": 3},
         "hovertemplate": "average of the 5 years to %{x}: %{y:,.0f}<extra></extra>"},
    ]
    fig = figure(data, title, meta, bargap=0.2,
                 xaxis={**AXIS, "dtick": 5 if len(frame) > 12 else 1},
                 yaxis={"title": {"text": TIV_UNITS}, "rangemode": "tozero",
                        "tickformat": ","},
                 legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right",
                         "yanchor": "bottom"})
    fig["layout"]["shapes"] = [{"type": "rect", "xref": "x", "yref": "paper",
                                "x0": period[0] - 0.5, "x1": period[1] + 0.5, "y0": 0,
                                "y1": 1, "fillcolor": "#000", "opacity": 0.06,
                                "line": {"width": 0}, "layer": "below"}]
    return fig
