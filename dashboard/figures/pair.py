"""Figures of one supplier → recipient pair: categories per year, share and rank, deal timeline.

Plain Plotly dicts built with `dashboard.figures.base.figure`, so they carry the same title
style, units (SIPRI TIV is a volume, never money), source line naming the release and
estimate note as every other chart. An empty input gives a figure that says why. Every
chart takes `events`, the article-event markers drawn on it (`dashboard.figures.base.add_events`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.figures import base as fig
from dashboard.figures.base import TIV_UNITS, EventMarker, Figure, Meta, values

DELIVERED_COLOUR = "#0072B2"
OPEN_COLOUR = "#D55E00"
LOCAL_COLOUR = "#2a7f62"
ORDER_COLOUR = "#555555"
SHARE_COLOUR = "#009E73"
MAX_MARKER = 30
TIMELINE_MARGINS = 230  # the timeline's top (110 px: title, legend) and bottom (120 px) margins
TIMELINE_MIN_PLOT = 140  # px of plot, however few the deals: one deal stays readable


def years_label(years: tuple[int, int]) -> str:
    """'2000–2024' or '2024'."""
    first, last = years
    return str(first) if first == last else f"{first}–{last}"


def _dtick(first: int, last: int) -> int:
    span = last - first
    return 1 if span <= 12 else 2 if span <= 25 else 5


def category_title(supplier: str, recipient: str, years: tuple[int, int]) -> str:
    """Title of the pair's category chart, with units."""
    return (f"Arms deliveries from {supplier} to {recipient} by armament category, "
            f"{years_label(years)} ({TIV_UNITS})")


def category_figure(by_cat: pd.DataFrame, supplier: str, recipient: str,
                    years: tuple[int, int], meta: Meta,
                    events: Sequence[EventMarker] | None = None) -> Figure:
    """Stacked bars of TIV per delivery year by category, the largest category first."""
    title = category_title(supplier, recipient, years)
    if by_cat.empty or float(by_cat["tiv"].sum()) <= 0:
        return fig.empty_figure(title, f"No deliveries from {supplier} to {recipient} in "
                                f"{years_label(years)} in release {meta.release}.", meta)
    order = by_cat.groupby("category")["tiv"].sum().sort_values(ascending=False).index
    frame = by_cat.set_index("category").loc[list(order)].reset_index()
    out = fig.category_figure(frame, title, meta, events=within(events, years[0] - 0.5,
                                                                years[1] + 0.5))
    out["layout"]["xaxis"].update({"range": [years[0] - 0.5, years[1] + 0.5],
                                   "dtick": _dtick(*years)})
    return out


def share_title(supplier: str, recipient: str, window: int,
                years: tuple[int, int] | None = None) -> str:
    """Title of the share and rank chart, with units (and the years shown, if given)."""
    sums = f"rolling {window}-year sums" if window > 1 else "annual values"
    shown = f"{years_label(years)}, " if years else ""
    return (f"{supplier}'s share of {recipient}'s arms imports (%) and {recipient}'s rank "
            f"among {supplier}'s markets, {shown}{sums}")


def share_rank_figure(share: pd.DataFrame, rank: pd.DataFrame, supplier: str,
                      recipient: str, meta: Meta, window: int = 5,
                      events: Sequence[EventMarker] | None = None,
                      years: tuple[int, int] | None = None) -> Figure:
    """Two panels sharing the period axis: % share (top) and rank, 1 = largest (bottom)."""
    title = share_title(supplier, recipient, window, years)
    has_share = not share.empty and bool(share["share_pct"].fillna(0).gt(0).any())
    has_rank = not rank.empty and bool(rank["rank"].notna().any())
    if not has_share and not has_rank:
        return fig.empty_figure(title, f"No deliveries from {supplier} to {recipient} in "
                                "these years.", meta)
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines+markers", "name": f"% of {recipient}'s imports",
         "x": values(share["year"]), "y": values(share["share_pct"]),
         "connectgaps": False, "line": {"color": SHARE_COLOUR}, "marker": {"size": 5},
         "customdata": [[p, a, b] for p, a, b in zip(
             share["period"], values(share["pair_tiv"]), values(share["recipient_tiv"]),
             strict=True)],
         "hovertemplate": ("%{customdata[0]}: %{y:.1f}% of imports<br>%{customdata[1]:,.1f} "
                           "of %{customdata[2]:,.1f} million TIV<extra></extra>")},
        {"type": "scatter", "mode": "lines+markers", "yaxis": "y3",
         "name": f"Rank among {supplier}'s markets", "x": values(rank["year"]),
         "y": values(rank["rank"]), "line": {"color": DELIVERED_COLOUR, "shape": "hv"},
         "marker": {"size": 5},
         "customdata": [[p, n] for p, n in zip(rank["period"], values(rank["markets"]),
                                               strict=True)],
         "hovertemplate": ("%{customdata[0]}: no. %{y} of %{customdata[1]} markets"
                           "<extra></extra>")},
    ]
    xtitle = f"last year of the {window}-year period" if window > 1 else "year"
    out = fig.figure(
        data, title, meta, height=520,
        xaxis={"title": {"text": xtitle}, "anchor": "y3", "dtick": 5},
        yaxis={"title": {"text": f"% of {recipient}'s imports"}, "domain": [0.56, 1],
               "rangemode": "tozero", "ticksuffix": "%"},
        yaxis3={**fig.AXIS, "title": {"text": "rank (1 = largest)"}, "domain": [0, 0.44],
                "autorange": False, "anchor": "x", "tickmode": "array",
                "tickvals": fig.rank_ticks(_worst_rank(rank)),
                "range": [_worst_rank(rank) + 0.5, 0.5]},
        showlegend=False,
    )
    return fig.add_events(out, events)


def _worst_rank(rank: pd.DataFrame) -> float:
    """The largest rank shown (at least 3), for a rank axis that starts at 1."""
    worst = rank["rank"].max() if not rank.empty else None
    return max(float(worst), 3.0) if worst is not None and pd.notna(worst) else 3.0


def deal_labels(shown: pd.DataFrame) -> list[str]:
    """Unique y labels: designation, with the order year (then the deal id) where repeated."""
    base = [str(x).rstrip(" -") for x in shown["designation"]]
    labels = []
    for name, year in zip(base, shown["order_year"], strict=True):
        label = name
        if base.count(name) > 1:
            label = f"{name} (ordered {year if pd.notna(year) else '?'})"
        labels.append(label)
    return [lab if labels.count(lab) == 1 else f"{lab} #{d}"
            for lab, d in zip(labels, shown["deal_id"], strict=True)]


def _year(value: object) -> float | None:
    """A year as a float, or None where it is missing."""
    if value is None or value is pd.NA:
        return None
    year = float(value)  # type: ignore[arg-type]
    return None if math.isnan(year) else year


def timeline_title(supplier: str, recipient: str,
                   years: tuple[int, int] | None = None) -> str:
    """Title of the deal timeline, with units (and the years shown, if given); the legend
    says that a marker's area is the TIV delivered in the year."""
    shown = f", {years_label(years)}" if years else ""
    return f"Deals from {supplier} to {recipient}, order to deliveries{shown} ({TIV_UNITS})"


def timeline_figure(shown: pd.DataFrame, points: pd.DataFrame, n_all: int, supplier: str,
                    recipient: str, last_year: int, meta: Meta,
                    open_known: bool = True,
                    events: Sequence[EventMarker] | None = None,
                    years: tuple[int, int] | None = None) -> Figure:
    """Each deal from its order year through its delivery years, deliveries sized by TIV;
    open orders dashed from the last delivery (or the order) to the release's last year."""
    title = timeline_title(supplier, recipient, years)
    notes = []
    if not open_known:
        notes.append(f"Release {meta.release} carries no order data: open orders are not "
                     "shown.")
    if n_all > len(shown):
        notes.append(f"The {len(shown)} largest of {n_all} deals are shown.")
    if shown.empty:
        out = fig.empty_figure(title, f"No deals from {supplier} to {recipient} in these "
                               f"years in release {meta.release}.", meta)
        _add_notes(out, notes)
        return out
    labels = dict(zip(shown["deal_id"], deal_labels(shown), strict=True))
    closed_x: list[float | None] = []
    closed_y: list[str | None] = []
    open_x: list[float | None] = []
    open_y: list[str | None] = []
    for deal_id, order, last, is_open in zip(shown["deal_id"], shown["order_year"],
                                             shown["last_year"], shown["is_open"], strict=True):
        label = labels[deal_id]
        start = _year(order) if _year(order) is not None else _year(last)
        end = _year(last) if _year(last) is not None else start
        if start is not None and end is not None:
            closed_x += [start, end, None]
            closed_y += [label, label, None]
        if is_open and end is not None:
            open_x += [end, float(last_year) + 1, None]
            open_y += [label, label, None]
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines", "name": "From order to last delivery",
         "x": closed_x, "y": closed_y, "line": {"color": "#999", "width": 2},
         "hoverinfo": "skip"}]
    if open_x:
        data.append({"type": "scatter", "mode": "lines",
                     "name": f"Open order: still to come after {last_year}",
                     "x": open_x, "y": open_y, "hoverinfo": "skip",
                     "line": {"color": OPEN_COLOUR, "width": 2, "dash": "dash"}})
    data += _order_markers(shown, labels)
    data += _delivery_markers(points, shown, labels)
    data += _local_markers(shown, labels, recipient)
    drawn = [x for x in closed_x + open_x if x is not None]
    first = int(min(drawn)) if drawn else last_year
    order = [labels[i] for i in shown["deal_id"]][::-1]
    x_range = [first - 0.8, last_year + (1.8 if open_x else 0.8)]
    out = fig.figure(
        data, title, meta, height=TIMELINE_MARGINS + max(26 * len(shown), TIMELINE_MIN_PLOT),
        xaxis={"title": {"text": "year"}, "dtick": _dtick(first, last_year),
               "range": x_range},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
               "automargin": True, "showgrid": True},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        margin={"t": 110, "b": 120},
    )
    _add_notes(out, notes)
    return fig.add_events(out, within(events, x_range[0], last_year + 0.5))


def within(events: Sequence[EventMarker] | None, low: float, high: float
           ) -> list[EventMarker] | None:
    """The markers inside a chart's x range (a fixed range would hide the others)."""
    if not events:
        return None
    return [e for e in events if low <= e.x <= high] or None


def _add_notes(out: Figure, notes: list[str]) -> None:
    """Append notes to the source line under the figure."""
    fig.add_note(out, " ".join(notes))


def _order_markers(shown: pd.DataFrame, labels: dict[int, str]) -> list[dict[str, Any]]:
    """Order years as diamonds; open orders outlined in the open colour."""
    known = shown.loc[shown["order_year"].notna()]
    if known.empty:
        return []
    custom = [[str(des), str(desc), "?" if pd.isna(n) else f"{n:,.0f}",
               "?" if pd.isna(t) else f"{t:,.1f}"]
              for des, desc, n, t in zip(known["designation"], known["description"],
                                         known["number_ordered"], known["tiv_order"],
                                         strict=True)]
    return [{
        "type": "scatter", "mode": "markers", "name": "Order year",
        "x": values(known["order_year"].astype(float)),
        "y": [labels[i] for i in known["deal_id"]],
        "marker": {"symbol": "diamond", "size": 9, "color": ORDER_COLOUR,
                   "line": {"width": 2, "color": [OPEN_COLOUR if o else ORDER_COLOUR
                                                  for o in known["is_open"]]}},
        "customdata": custom,
        "hovertemplate": ("Ordered %{x}: %{customdata[0]} (%{customdata[1]})<br>number "
                          "ordered %{customdata[2]}, order %{customdata[3]} million TIV"
                          "<extra></extra>"),
    }]


def _local_markers(shown: pd.DataFrame, labels: dict[int, str],
                   recipient: str) -> list[dict[str, Any]]:
    """A star just before the start (order year) of each deal produced or assembled (partly)
    in the recipient: licensed production, assembly, co-production (SIPRI's flag, or its
    comments)."""
    if "local_production" not in shown:
        return []
    local = shown.loc[shown["local_production"].fillna(False).astype(bool)]
    if local.empty:
        return []
    starts = [_year(order) if _year(order) is not None else _year(last)
              for last, order in zip(local["last_year"], local["order_year"], strict=True)]
    sources = (local["local_production_source"].tolist()
               if "local_production_source" in local else [None] * len(local))
    how = ["from SIPRI's comments" if s == "comments" else "SIPRI's flag" for s in sources]
    return [{
        "type": "scatter", "mode": "markers",
        "name": f"Produced or assembled in {recipient} (licence, co-production)",
        "x": [None if e is None else e - 0.6 for e in starts],
        "y": [labels[i] for i in local["deal_id"]],
        "marker": {"symbol": "star", "size": 13, "color": LOCAL_COLOUR,
                   "line": {"width": 1, "color": "#fff"}},
        "customdata": [[str(d), h] for d, h in zip(local["designation"], how, strict=True)],
        "hovertemplate": (f"%{{customdata[0]}}: produced or assembled in {recipient} "
                          "(%{customdata[1]})<extra></extra>"),
    }]


def _delivery_markers(points: pd.DataFrame, shown: pd.DataFrame,
                      labels: dict[int, str]) -> list[dict[str, Any]]:
    """Delivery years as circles whose area follows the TIV delivered in that year."""
    if points.empty:
        return []
    biggest = max(float(points["tiv"].max()), 1e-9)
    sizes = [6 + (MAX_MARKER - 6) * math.sqrt(max(float(t), 0.0) / biggest)
             for t in points["tiv"]]
    names = shown.set_index("deal_id")["designation"]
    return [{
        "type": "scatter", "mode": "markers", "name": "Delivery (area = TIV in the year)",
        "x": values(points["year"]), "y": [labels[i] for i in points["deal_id"]],
        "marker": {"size": sizes, "color": DELIVERED_COLOUR, "opacity": 0.75},
        "customdata": [[str(names.get(i, "")), float(t)]
                       for i, t in zip(points["deal_id"], points["tiv"], strict=True)],
        "hovertemplate": ("%{x}: %{customdata[0]}, %{customdata[1]:,.1f} million TIV"
                          "<extra></extra>"),
    }]
