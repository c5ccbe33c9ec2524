"""Pure figure builders: tidy frames in, Plotly figures out.

Figures are plain dicts in Plotly's JSON form (what Dash sends to the browser): building
them skips plotly.py's validation, which costs tens of milliseconds per chart. Every
figure carries a title with its units, a source line naming the SIPRI release, a
visible note where per-year values are estimated, and the same colour for a country on
every chart. Every time chart takes `events` (markers drawn by `add_events`; none by
default) so event annotations need no change to the builders.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.compute.metrics import OTHER

# Colours of countries. The rule: a country keeps one colour on every chart (`colour_map`,
# made at load: the main partners of each country and the largest countries get distinct
# colours), and no two names share a colour within one chart (`chart_colours`: a name
# whose colour a larger name of the same chart already has takes the first free colour
# there). Any two colours of the palette, and each and the grey of "Other", are at least
# 17 apart in CIEDE2000 (about where colours stop reading as shades of one another), so
# series side by side differ clearly in whatever order a chart draws them (Okabe–Ito's
# sky blue beside Paul Tol's cyan was 8, his teal beside Okabe–Ito's bluish green 9.6).
# Chosen from the Okabe–Ito, Paul Tol and Tableau colour-blind-aware palettes by a
# max–min search; strongest first, each far from those before it, the pale ones last (they
# go to the least prominent names). Only charts of more than 16 countries use the lighter
# and darker tints of them.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#EE3377", "#332288", "#9C755F",
    "#56B4E9", "#882255", "#999933", "#CC3311", "#7570B3", "#EE7733",
    "#008695", "#B07AA1", "#FFAABB", "#EEDD88",
)
OTHER_COLOUR = "#B0B0B0"
# Armament categories take palette colours too (one each: any two differ clearly).
CATEGORY_COLOURS = {
    "Aircraft": "#0072B2", "Air-defence systems": "#E69F00", "Air defence systems": "#E69F00",
    "Armoured vehicles": "#009E73", "Missiles": "#EE3377",
    "Anti-submarine warfare weapons": "#332288", "Engines": "#9C755F", "Sensors": "#56B4E9",
    "Satellites": "#882255", "Other": "#999933", "Artillery": "#CC3311", "Ships": "#7570B3",
    "Naval weapons": "#008695", "unknown": OTHER_COLOUR,
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
HEIGHT = 400
TIV_UNITS = "SIPRI TIV, millions"
EVENT_COLOUR = "#444444"
LANE_ROW = 0.05  # height of one row of the event lane, as a fraction of the plot's height
LANE_MARGIN = 0.04  # between the plot and the lane
EVENT_GAP = 0.025  # events closer than this share of the x range take separate rows
AXIS = {"gridcolor": "#e5e5e5", "linecolor": "#999", "zerolinecolor": "#ccc",
        "automargin": True, "ticks": "outside", "tickcolor": "#999"}

Figure = dict[str, Any]


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


def colour_map(order: Sequence[str],
               together: Iterable[tuple[Sequence[str], float]] = ()) -> dict[str, str]:
    """One colour per name. Groups of names drawn together (a country's main partners),
    most important group first, get distinct colours where the palette allows; names in
    no group follow in `order`, taking the least used colour."""
    colours: dict[str, str] = {}
    use = dict.fromkeys(PALETTE, 0)

    def pick(name: str, avoid: set[str]) -> None:
        free = [c for c in PALETTE if c not in avoid] or list(PALETTE)
        colours[name] = min(free, key=lambda c: (use[c], PALETTE.index(c)))
        use[colours[name]] += 1

    ranked_groups = sorted(together, key=lambda g: (-g[1], list(g[0])))
    # The most prominent names first, so they get the strongest, distinct colours.
    for group, _ in [(list(order[:len(PALETTE)]), 0.0), *ranked_groups]:
        taken = {colours[n] for n in group if n in colours}
        for name in group:
            if name not in colours:
                pick(name, taken)
                taken.add(colours[name])
    for name in order:
        if name not in colours:
            pick(name, set())
    return colours


def _mix(colour: str, towards: int, amount: float) -> str:
    """A colour moved `amount` of the way towards white (255) or black (0)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (towards - c) * amount):02X}" for c in rgb)


EXTRA_COLOURS = tuple(dict.fromkeys(
    [_mix(c, 255, 0.5) for c in PALETTE] + [_mix(c, 0, 0.45) for c in PALETTE]))


def chart_colours(names: Iterable[str], colours: Mapping[str, str]) -> dict[str, str]:
    """Distinct colours for the names of one chart (or page), most important first: each
    keeps its own colour (`colour_of`) unless a name before it took that colour; such a
    name takes the first palette colour still free that no later name owns (else the
    first free one), so the first 16 names always have palette colours. "Other" is grey."""
    order = list(dict.fromkeys(names))
    own = {name: colour_of(name, colours) for name in order}
    wanted = Counter(own[name] for name in order if name != OTHER)
    out: dict[str, str] = {}
    used = {OTHER_COLOUR}
    for name in order:
        if name == OTHER:
            out[name] = OTHER_COLOUR
            continue
        wanted[own[name]] -= 1
        colour = own[name]
        if colour in used:
            free = ([c for c in PALETTE if c not in used]
                    or [c for c in EXTRA_COLOURS if c not in used] or ["#000000"])
            colour = next((c for c in free if not wanted[c]), free[0])
        out[name] = colour
        used.add(colour)
    return out


def colour_of(name: str, colours: Mapping[str, str]) -> str:
    """The name's colour; grey for Other; a stable palette pick for names not in the map."""
    if name == OTHER:
        return OTHER_COLOUR
    if name in colours:
        return colours[name]
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def values(series: pd.Series | np.ndarray | Sequence[Any]) -> list[Any]:
    """JSON-ready values: numpy scalars to Python, NaN to None (a gap)."""
    arr = np.asarray(series, dtype=object)
    return [None if isinstance(v, float) and v != v else
            (v.item() if isinstance(v, np.generic) else v) for v in arr]


def figure(data: list[dict[str, Any]], title: str, meta: Meta, height: int = HEIGHT,
           **layout: Any) -> Figure:
    """A figure with the title (with units), source line, estimate note and common style."""
    note = meta.estimate_note
    base: dict[str, Any] = {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15},
                  "subtitle": {"text": note, "font": {"color": "#9a4d00", "size": 11}}},
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "paper_bgcolor": "#fff", "plot_bgcolor": "#fff",
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 80 if note else 60, "b": 100},
        "legend": {"traceorder": "normal", "font": {"size": 11}},
        "hoverlabel": {"namelength": -1}, "hovermode": "closest",
        "separators": ".,",
        "xaxis": dict(AXIS), "yaxis": dict(AXIS),
        "annotations": [{"text": meta.source, "xref": "paper", "yref": "paper", "x": 0,
                         "y": 0, "xanchor": "left", "yanchor": "top", "yshift": -68,
                         "showarrow": False, "font": {"size": 10, "color": "#555"},
                         "name": "source"}],
    }
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return {"data": data, "layout": base}


def add_note(fig: Figure, note: str) -> Figure:
    """Append a note under the figure, to its source line (nothing for an empty note)."""
    if not note:
        return fig
    for ann in fig["layout"]["annotations"]:
        if ann.get("name") == "source":
            ann["text"] = ann["text"] + "<br>" + note
    margin = fig["layout"].get("margin", {})
    fig["layout"]["margin"] = {**margin, "b": max(int(margin.get("b", 100)), 120)}
    return fig


def with_file_name(fig: Figure, name: str) -> Figure:
    """The figure carrying the name its PNG and SVG downloads get (layout.meta.filename,
    read by the image buttons), so the name follows the view the figure shows."""
    layout = fig["layout"]
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    return {**fig, "layout": {**layout, "meta": {**meta, "filename": name}}}


def lane_rows(xs: Sequence[float], gap: float) -> list[int]:
    """The row of each event in the event lane: the lowest row whose last event lies at
    least `gap` before it, so no marker covers another."""
    rows = [0] * len(xs)
    last: list[float] = []
    for i in sorted(range(len(xs)), key=lambda i: (xs[i], i)):
        free = [r for r, x in enumerate(last) if xs[i] - x >= gap]
        rows[i] = free[0] if free else len(last)
        last[rows[i]:rows[i] + 1] = [xs[i]]
    return rows


def clusters(xs: Sequence[float], gap: float) -> list[int]:
    """A cluster number for each event: events less than `gap` apart (in a chain) share
    one."""
    out = [0] * len(xs)
    number, previous = -1, None
    for i in sorted(range(len(xs)), key=lambda i: (xs[i], i)):
        if previous is None or xs[i] - previous >= gap:
            number += 1
        out[i], previous = number, xs[i]
    return out


def _x_span(fig: Figure, xs: Sequence[float]) -> float:
    """The width of a time chart's x range in years (its data and the events)."""
    found = [float(x) for t in fig["data"] for x in (t.get("x") or [])
             if isinstance(x, int | float) and not isinstance(x, bool)]
    found += list(xs)
    return max(found) - min(found) if found else 1.0


def _squeeze_plot(layout: dict[str, Any], top: float) -> None:
    """Fit every y axis of the plot below `top` (paper fraction), keeping their order."""
    layout.setdefault("yaxis", {})
    for key, axis in list(layout.items()):
        if key.startswith("yaxis") and isinstance(axis, dict) and "overlaying" not in axis:
            low, high = axis.get("domain", [0.0, 1.0])
            axis["domain"] = [round(low * top, 4), round(high * top, 4)]


def add_events(fig: Figure, events: Sequence[EventMarker] | None) -> Figure:
    """Mark events on a time chart: a dotted line at each date and a clickable marker in a
    lane of its own above the plot (never on a bar). Events too close to tell apart take
    rows of the lane, and each one's hover lists every event of its cluster."""
    if not events:
        return fig
    layout = fig["layout"]
    xs = [e.x for e in events]
    gap = max(_x_span(fig, xs) * EVENT_GAP, 0.05)
    rows, groups = lane_rows(xs, gap), clusters(xs, gap)
    n = max(rows) + 1
    top = 1 - LANE_ROW * n - LANE_MARGIN
    _squeeze_plot(layout, top)
    layout["shapes"] = [*layout.get("shapes", []), *[
        {"type": "line", "xref": "x", "yref": "paper", "x0": e.x, "x1": e.x, "y0": 0,
         "y1": 1, "line": {"color": EVENT_COLOUR, "width": 1, "dash": "dot"}}
        for e in events]]
    members: dict[int, list[str]] = {}
    for e, g in zip(events, groups, strict=True):
        members.setdefault(g, []).append(e.label)
    hover = [(e.hover or e.label) + (
        f"<br><br>{len(members[g])} events here: " + "; ".join(members[g])
        if len(members[g]) > 1 else "") for e, g in zip(events, groups, strict=True)]
    fig["data"].append({
        "type": "scatter", "x": xs, "y": rows, "yaxis": "y2", "mode": "markers",
        "name": "Events", "showlegend": False,
        "marker": {"symbol": "triangle-down", "size": 11, "color": EVENT_COLOUR},
        "text": [e.label for e in events], "customdata": [e.id for e in events],
        "hovertext": hover, "hoverinfo": "text"})
    layout["yaxis2"] = {"domain": [top + LANE_MARGIN / 2, 1], "anchor": "x",
                        "range": [n - 0.4, -0.6], "visible": False, "fixedrange": True}
    return fig


def empty_figure(title: str, reason: str, meta: Meta) -> Figure:
    """A figure that says why there is nothing to draw."""
    fig = figure([], title, meta, xaxis={"visible": False}, yaxis={"visible": False})
    fig["layout"]["annotations"].append(
        {"text": reason, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
         "showarrow": False, "font": {"size": 14, "color": "#555"}, "name": "empty"})
    return fig


def _series(frame: pd.DataFrame, by: str) -> Iterable[tuple[str, dict[str, np.ndarray]]]:
    """(name, its rows as column arrays) of each value of `by`, in the frame's order."""
    codes, names = pd.factorize(frame[by])
    columns = {c: frame[c].to_numpy() for c in frame.columns if c != by}
    for i, name in enumerate(names):
        rows = np.flatnonzero(codes == i)
        yield str(name), {c: values[rows] for c, values in columns.items()}


def _year_axis(frame: pd.DataFrame, **extra: Any) -> dict[str, Any]:
    return {"dtick": 5 if frame["year"].nunique() > 12 else 1, **extra}


def outline(heights: Sequence[Any] | np.ndarray, width: float) -> float | list[float]:
    """A bar trace's outline width: `width`, but none on bars of zero (or no) height, where
    an outline would draw a line for nothing."""
    if not width:
        return 0
    return [width if isinstance(h, int | float) and h == h and h > 0 else 0
            for h in values(heights)]


def rank_ticks(worst: float) -> list[int]:
    """Rank axis ticks that always label 1 (the largest): every rank up to 15, beyond that 1
    and multiples of a round step (5, 10, 20, 50, ...) up to the worst rank shown."""
    worst = max(int(worst), 1)
    if worst <= 15:
        return list(range(1, worst + 1))
    step = next(s for s in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
                if worst / s <= 8)
    return [1, *range(step, worst + 1, step)]


def annual_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                  colours: Mapping[str, str], highlight: Sequence[str] = (),
                  events: Sequence[EventMarker] | None = None) -> Figure:
    """Stacked annual bars of `tiv` by `by` (series in frame order, Other last)."""
    data = []
    series = list(_series(frame, by))
    palette = chart_colours([name for name, _ in series], colours)
    for name, rows in series:
        data.append({
            "type": "bar", "x": values(rows["year"]), "y": values(rows["tiv"]), "name": name,
            "marker": {"color": palette[name],
                       "line": {"width": outline(rows["tiv"], 1.5 if name in highlight
                                                 else 0), "color": "#000"}},
            "hovertemplate": f"{name}<br>%{{x}}: %{{y:,.0f}} TIV (millions)<extra></extra>"})
    return _stacked_bars(data, frame, title, meta, events)


def _stacked_bars(data: list[dict[str, Any]], frame: pd.DataFrame, title: str, meta: Meta,
                  events: Sequence[EventMarker] | None) -> Figure:
    """Annual stacked bars in SIPRI TIV on the frame's years, with event markers."""
    fig = figure(data, title, meta, barmode="stack", bargap=0.15, showlegend=True,
                 xaxis=_year_axis(frame),
                 yaxis={"title": {"text": TIV_UNITS}, "rangemode": "tozero",
                        "tickformat": ","})
    return add_events(fig, events)


def defined_runs(years: Sequence[int], defined: Sequence[bool]) -> list[list[int]]:
    """The years in runs of consecutive years where a value is defined (a year missing
    from `years` or undefined ends a run)."""
    out: list[list[int]] = []
    previous: int | None = None
    for year, ok in sorted(zip(years, defined, strict=True)):
        if not ok:
            previous = None
            continue
        if previous is None or year != previous + 1:
            out.append([])
        out[-1].append(year)
        previous = year
    return out


def share_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                 colours: Mapping[str, str], window: int, flow: str,
                 events: Sequence[EventMarker] | None = None) -> Figure:
    """Stacked area of each partner's % share of rolling `window`-year sums. A share is
    undefined where a period has no deliveries at all: there the area has a gap (each run
    of defined years is a stack of its own; Plotly's stacks fill a missing point with 0),
    and a run of one year is a stacked column."""
    span = f"{window} years to" if window > 1 else "year"
    years = sorted({int(y) for y in frame["year"]})
    share_of = frame.groupby("year")["share"].count()
    defined = [bool(share_of.get(y, 0)) for y in years]
    runs = defined_runs(years, defined)
    legend = max(range(len(runs)), key=lambda k: len(runs[k]), default=0)
    data = []
    series = list(_series(frame, by))
    palette = chart_colours([name for name, _ in series], colours)
    for name, rows in series:
        colour = palette[name]
        for k, run in enumerate(runs):
            keep = np.isin(rows["year"], run)
            trace = {
                "x": values(rows["year"][keep]), "y": values(rows["share"][keep]),
                "name": name, "legendgroup": name, "showlegend": k == legend,
                "customdata": values(rows["tiv"][keep]),
                "hovertemplate": (f"{name}<br>{span} %{{x}}: %{{y:.1f}}% of {flow} "
                                  "(%{customdata:,.0f} TIV)<extra></extra>")}
            if len(run) > 1:
                trace.update(type="scatter", mode="lines", stackgroup=f"run{k}",
                             line={"width": 0.5, "color": colour}, fillcolor=colour)
            else:  # one year between gaps: a stacked column, as wide as a year's bar
                trace.update(type="bar", width=0.6, marker={"color": colour})
            data.append(trace)
    xtitle = f"last year of the {window}-year period" if window > 1 else ""
    xaxis = _year_axis(frame, title={"text": xtitle})
    if years and not (defined[0] and defined[-1]):  # gaps at either end stay in view
        xs = [*years, *(e.x for e in events or ())]
        pad = 0.5 if any(len(r) == 1 for r in runs) else 0.0  # a column's half width
        xaxis["range"] = [min(xs) - pad, max(xs) + pad]
    fig = figure(data, title, meta, showlegend=True, xaxis=xaxis, barmode="stack",
                 yaxis={"title": {"text": f"% of {flow}"}, "range": [0, 100],
                        "ticksuffix": "%"})
    return add_events(add_note(fig, gap_note(years, defined, window, flow)), events)


def gap_note(years: Sequence[int], defined: Sequence[bool], window: int, flow: str) -> str:
    """The note under a share chart naming the periods without any deliveries (where
    the chart has a gap: a share of nothing is undefined, not 0%); '' where none."""
    empty = defined_runs(years, [not d for d in defined])
    if not empty:
        return ""
    spans = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in empty)
    periods = f"{window}-year periods ending in" if window > 1 else "years"
    return f"Gaps: no {flow} at all in the {periods} {spans}, so no shares there."


def category_figure(frame: pd.DataFrame, title: str, meta: Meta,
                    events: Sequence[EventMarker] | None = None) -> Figure:
    """Stacked annual bars of `tiv` by armament category."""
    data = []
    for name, rows in _series(frame, "category"):
        data.append({
            "type": "bar", "x": values(rows["year"]), "y": values(rows["tiv"]), "name": name,
            "marker": {"color": CATEGORY_COLOURS.get(name, OTHER_COLOUR)},
            "hovertemplate": f"{name}<br>%{{x}}: %{{y:,.0f}} TIV (millions)<extra></extra>"})
    return _stacked_bars(data, frame, title, meta, events)


def compare_figure(frame: pd.DataFrame, by: str, title: str, meta: Meta,
                   labels: tuple[str, str], colours: Mapping[str, str],
                   whole: str = "the country's total") -> Figure:
    """Horizontal bars of % shares in two periods, one pair of bars per partner."""
    names = values(frame[by])[::-1]
    palette = chart_colours([str(n) for n in values(frame[by])], colours)
    now, base = labels
    data = [
        {"type": "bar", "orientation": "h", "y": names, "name": base, "showlegend": False,
         "x": values(frame["share_base"])[::-1], "marker": {"color": "#BBBBBB"},
         "hovertemplate": f"%{{y}}, {base}: %{{x:.1f}}%<extra></extra>"},
        {"type": "bar", "orientation": "h", "y": names, "name": now, "showlegend": False,
         "x": values(frame["share"])[::-1],
         "marker": {"color": [palette[str(n)] for n in names]},
         "hovertemplate": f"%{{y}}, {now}: %{{x:.1f}}%<extra></extra>"},
    ]
    return figure(data, title, meta, height=max(HEIGHT, 30 * len(names) + 160),
                  barmode="group",
                  xaxis={"title": {"text": f"% of {whole}: coloured {now}, "
                                           f"grey {base}"}, "ticksuffix": "%",
                         "rangemode": "tozero"})


def map_figure(frame: pd.DataFrame, title: str, meta: Meta, flow: str) -> Figure:
    """World choropleth of period TIV by ISO3 code on a log scale (a linear one paints
    every country but the largest alike), with TIV and world share in the hover."""
    tiv = frame["tiv"].to_numpy(dtype=float)
    z, ticks = log_scale(tiv)
    data = [{
        "type": "choropleth", "locationmode": "ISO-3", "locations": values(frame["iso3"]),
        "z": z, "text": values(frame["name"]), "zmin": ticks[0], "zmax": ticks[-1],
        "customdata": [list(r) for r in zip(values(tiv), values(frame["share"]),
                                            strict=True)],
        "colorscale": "Cividis", "reversescale": True,
        "marker": {"line": {"width": 0.3, "color": "#fff"}},
        "colorbar": {"title": {"text": "TIV, millions<br>(log scale)"}, "thickness": 12,
                     "tickmode": "array", "tickvals": ticks,
                     "ticktext": [f"{10 ** t:,.0f}" if t >= 0 else f"{10 ** t:g}"
                                  for t in ticks]},
        "hovertemplate": ("%{text}<br>%{customdata[0]:,.0f} TIV (millions)<br>"
                          f"%{{customdata[1]:.1f}}% of world {flow}<extra></extra>")}]
    fig = figure(data, title, meta, height=440,
                  margin={"l": 10, "r": 10, "t": 60, "b": 40},
                  geo={"showframe": False, "showcoastlines": False,
                       "projection": {"type": "natural earth"}, "showcountries": True,
                       "countrycolor": "#ddd", "landcolor": "#f3f3f3", "showland": True,
                       "lataxis": {"range": [-58, 85]}})
    fig["layout"]["annotations"][0]["yshift"] = -8
    return fig


def log_scale(tiv: np.ndarray) -> tuple[list[float | None], list[int]]:
    """Colour values on a log10 scale (None where there is no positive TIV) and the whole
    powers of ten the colour bar labels, spanning them (at least two)."""
    positive = tiv[tiv > 0]
    z: list[float | None] = [float(np.log10(v)) if v > 0 else None for v in tiv]
    if not len(positive):
        return z, [0, 1]
    low = int(np.floor(np.log10(positive.min())))
    high = max(int(np.ceil(np.log10(positive.max()))), low + 1)
    return z, list(range(low, high + 1))


def top_figure(frame: pd.DataFrame, title: str, meta: Meta, colours: Mapping[str, str],
               flow: str) -> Figure:
    """Horizontal bars of the largest countries' % of world `flow` in a period."""
    rows = frame.iloc[::-1]
    palette = chart_colours([str(c) for c in frame["name"]], colours)
    data = [{
        "type": "bar", "orientation": "h", "y": values(rows["name"]),
        "x": values(rows["share"]),
        "marker": {"color": [palette[str(c)] for c in rows["name"]]},
        "customdata": [list(r) for r in zip(values(rows["tiv"]), values(rows["change_pp"]),
                                            strict=True)],
        "hovertemplate": ("%{y}: %{x:.1f}% of world " + flow +
                          "<br>%{customdata[0]:,.0f} TIV (millions)"
                          "<br>change: %{customdata[1]:+.1f} points<extra></extra>")}]
    return figure(data, title, meta, height=max(HEIGHT, 28 * len(frame) + 140),
                  showlegend=False,
                  xaxis={"title": {"text": f"% of world {flow}"}, "ticksuffix": "%",
                         "rangemode": "tozero"})


def rank_figure(frame: pd.DataFrame, name: str, title: str, meta: Meta, colour: str,
                flow: str, events: Sequence[EventMarker] | None = None) -> Figure:
    """A country's world rank over time (1 at the top) on rolling period sums."""
    data = [{
        "type": "scatter", "x": values(frame["year"]), "y": values(frame["rank"]),
        "mode": "lines+markers", "name": name, "line": {"color": colour, "width": 2.5},
        "marker": {"size": 6}, "customdata": values(frame["share"]),
        "hovertemplate": (f"{name}, period to %{{x}}: rank %{{y:.0f}} "
                          f"(%{{customdata:.1f}}% of world {flow})<extra></extra>")}]
    worst = frame["rank"].max()
    bottom = float(worst) + 0.5 if pd.notna(worst) else 10.5
    fig = figure(data, title, meta, showlegend=False,
                 xaxis=_year_axis(frame, title={"text": "last year of the period"}),
                 yaxis={"title": {"text": "rank (1 = largest)"}, "range": [bottom, 0.5],
                        "tickmode": "array", "tickvals": rank_ticks(bottom - 0.5)})
    return add_events(fig, events)


def graph_config(filename: str) -> dict[str, object]:
    """dcc.Graph config: image export named after the chart, no Plotly logo or cloud link."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2,
                                 "height": HEIGHT, "width": 1000},
    }
