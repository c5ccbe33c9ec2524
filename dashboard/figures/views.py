"""Pure figure builders of the tables, compare and flows views (Plotly JSON dicts, like
`dashboard.figures.base`): every figure has a title with its units, the source line
naming the SIPRI release, and the estimate note where per-year values are estimated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard.compute.tivtables import Shares
from dashboard.figures import base as fig


def column_share_figure(shares: Shares, title: str, meta: fig.Meta,
                        colours: Mapping[str, str], of: str, stacked: bool = True
                        ) -> fig.Figure:
    """Bars of each name's % share of every column (a year or a period) of a TIV table,
    stacked (or side by side where the names overlap); names largest first, Other last."""
    palette = fig.chart_colours(shares.names, colours)
    labels = list(shares.labels)
    data = [{
        "type": "bar", "x": labels, "y": fig.values(np.round(shares.share[i], 2)),
        "name": name, "customdata": fig.values(np.round(shares.tiv[i], 1)),
        "marker": {"color": palette[name]},
        "hovertemplate": (f"{name}, %{{x}}: %{{y:.1f}}% of {of} "
                          "(%{customdata:,.0f} TIV)<extra></extra>")}
        for i, name in enumerate(shares.names)]
    yaxis: dict[str, Any] = {"title": {"text": axis_share_title(of)}, "ticksuffix": "%"}
    yaxis.update({"range": [0, 100]} if stacked else {"rangemode": "tozero"})
    return fig.figure(data, title, meta, barmode="stack" if stacked else "group",
                      bargap=0.2, xaxis={"type": "category", "title": {"text": ""}},
                      yaxis=yaxis)


AXIS_TITLE_CHARS = 32  # a longer axis title overruns the plot's height


def axis_share_title(of: str) -> str:
    """'% of world imports'; '% of the total' where that is too long for an axis (the
    chart's title names the total)."""
    text = f"% of {of}"
    return text if len(text) <= AXIS_TITLE_CHARS else "% of the total"


def lines_figure(frame: pd.DataFrame, value: str, title: str, meta: fig.Meta,
                 colours: Mapping[str, str], axis_title: str, hover_unit: str,
                 xtitle: str = "") -> fig.Figure:
    """One line per name over years (frame columns name, year and `value`): several
    countries on one chart; a missing value (a share of a period without deliveries) is
    a gap in the line."""
    names = list(dict.fromkeys(frame["name"]))
    palette = fig.chart_colours(names, colours)
    data = []
    for name in names:
        rows = frame[frame["name"] == name]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name,
            "x": fig.values(rows["year"]), "y": fig.values(rows[value]),
            "connectgaps": False,
            "line": {"color": palette[name], "width": 2.5}, "marker": {"size": 5},
            "hovertemplate": f"{name}, %{{x}}: %{{y:,.1f}} {hover_unit}<extra></extra>"})
    percent = value == "share"
    yaxis: dict[str, Any] = {"title": {"text": axis_title}, "rangemode": "tozero"}
    yaxis.update({"ticksuffix": "%"} if percent else {"tickformat": ","})
    return fig.figure(data, title, meta, xaxis={"title": {"text": xtitle}, "dtick": 5},
                      yaxis=yaxis, legend={"orientation": "h", "y": -0.18})


def sankey_figure(frame: pd.DataFrame, title: str, meta: fig.Meta,
                  colours: Mapping[str, str]) -> fig.Figure:
    """Suppliers (left) to recipients (right), link width = TIV (frame columns supplier,
    recipient, tiv, share); each link carries its row number for a click."""
    suppliers = list(dict.fromkeys(frame["supplier"]))
    recipients = list(dict.fromkeys(frame["recipient"]))
    labels = [*suppliers, *recipients]
    palette = fig.chart_colours(labels, colours)
    node_colours = [palette[n] for n in labels]
    source = [suppliers.index(s) for s in frame["supplier"]]
    target = [len(suppliers) + recipients.index(r) for r in frame["recipient"]]
    data = [{
        "type": "sankey", "arrangement": "snap", "valueformat": ",.0f",
        "node": {"label": labels, "color": node_colours, "pad": 12, "thickness": 14,
                 "line": {"width": 0},
                 "hovertemplate": "%{label}: %{value:,.0f} TIV (millions)<extra></extra>"},
        "link": {"source": source, "target": target, "value": fig.values(frame["tiv"]),
                 "customdata": list(range(len(frame))),
                 "color": [_fade(node_colours[s]) for s in source],
                 "hovertemplate": ("%{source.label} → %{target.label}: %{value:,.0f} TIV "
                                   "(millions); click to open the pair<extra></extra>")},
    }]
    height = max(fig.HEIGHT, 22 * max(len(suppliers), len(recipients)) + 140)
    return fig.figure(data, title, meta, height=height,
                      margin={"l": 10, "r": 10, "t": 60, "b": 90})


def _fade(colour: str) -> str:
    """A link colour: the node's colour, translucent."""
    if not colour.startswith("#") or len(colour) != 7:
        return "rgba(120,120,120,0.35)"
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},0.4)"
