"""Figures of one supplier → recipient pair: categories per year, share and rank, deal timeline.

Builders take the tidy frames of `dashboard.deals` and return plotly figures. Every figure
has a title saying what is shown, its units (SIPRI TIV is a volume, never money), the
source line naming the SIPRI release, and a visible note where per-year values are
estimated. An empty input gives a figure that says why it is empty.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

TIV_UNITS = "SIPRI TIV, millions"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# Paul Tol's colour-blind-safe "muted" and "light" schemes, one colour per SIPRI category.
CATEGORY_COLOURS: dict[str, str] = {
    "Aircraft": "#332288",
    "Air-defence systems": "#88CCEE",
    "Air defence systems": "#88CCEE",
    "Anti-submarine warfare weapons": "#44AA99",
    "Armoured vehicles": "#117733",
    "Artillery": "#999933",
    "Engines": "#DDCC77",
    "Missiles": "#CC6677",
    "Naval weapons": "#882255",
    "Satellites": "#AA4499",
    "Sensors": "#EE8866",
    "Ships": "#77AADD",
    "Other": "#BBBBBB",
    "unknown": "#DDDDDD",
}
DELIVERED_COLOUR = "#332288"
OPEN_COLOUR = "#CC6677"
ORDER_COLOUR = "#555555"
LINE_COLOUR = "#117733"


def category_colour(category: str) -> str:
    """The fixed colour of a SIPRI armament category (grey for anything unlisted)."""
    return CATEGORY_COLOURS.get(category, "#BBBBBB")


def _years_label(years: tuple[int, int]) -> str:
    first, last = years
    return str(first) if first == last else f"{first}–{last}"


def _finish(fig: go.Figure, title: str, source_line: str, note: str | None,
            height: int = 420) -> go.Figure:
    """Title, source line (and estimate note) under the plot, shared layout."""
    lines = [source_line] + ([note] if note else [])
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 70 + 16 * len(lines)},
        legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
        hovermode="closest",
    )
    fig.add_annotation(
        text="<br>".join(lines), showarrow=False, xref="paper", yref="paper", x=0,
        y=0, yshift=-(56 + 16 * len(lines)), xanchor="left", yanchor="top",
        align="left", font={"size": 11, "color": "#555"},
        name="source",
    )
    return fig


def _empty(fig: go.Figure, message: str) -> go.Figure:
    """Write why a figure has nothing to show across its plot area."""
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5,
                       y=0.5, font={"size": 14, "color": "#555"}, name="empty")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def category_figure(by_cat: pd.DataFrame, supplier: str, recipient: str,
                    years: tuple[int, int], source_line: str,
                    note: str | None = None) -> go.Figure:
    """Stacked bars of TIV per delivery year by armament category for the pair."""
    span = _years_label(years)
    title = (f"Deliveries from {supplier} to {recipient} by armament category, {span}"
             f" ({TIV_UNITS})")
    fig = go.Figure()
    if by_cat.empty or float(by_cat["tiv"].sum()) == 0:
        _empty(fig, f"No deliveries from {supplier} to {recipient} in {span}")
        return _finish(fig, title, source_line, note)
    totals = by_cat.groupby("category")["tiv"].sum().sort_values(ascending=False)
    for category in totals.index:
        rows = by_cat.loc[by_cat["category"] == category]
        fig.add_bar(
            x=rows["year"], y=rows["tiv"], name=category,
            marker_color=category_colour(category),
            customdata=[[category]] * len(rows),
            hovertemplate=("%{x}: %{y:,.1f} million TIV<br>%{customdata[0]}"
                           "<extra></extra>"),
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="Delivery year", range=[years[0] - 0.5, years[1] + 0.5],
                     dtick=_dtick(years))
    fig.update_yaxes(title=TIV_UNITS, rangemode="tozero")
    return _finish(fig, title, source_line, note)


def _dtick(years: tuple[int, int]) -> int:
    span = years[1] - years[0]
    return 1 if span <= 12 else 2 if span <= 25 else 5


def share_rank_figure(share: pd.DataFrame, rank: pd.DataFrame, supplier: str,
                      recipient: str, source_line: str, note: str | None = None,
                      window: int = 5) -> go.Figure:
    """Two panels over five-year periods: supplier's share of the recipient's imports, and
    the recipient's rank among the supplier's markets."""
    title = (f"{supplier}'s share of {recipient}'s arms imports and {recipient}'s rank among "
             f"{supplier}'s markets ({window}-year sums)")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                        subplot_titles=(f"% of {recipient}'s imports",
                                        f"Rank among {supplier}'s markets (1 = largest)"))
    has_share = not share.empty and share["share_pct"].fillna(0).gt(0).any()
    has_rank = not rank.empty and rank["rank"].notna().any()
    if not has_share and not has_rank:
        fig = go.Figure()
        _empty(fig, f"No deliveries from {supplier} to {recipient} in this release")
        return _finish(fig, title, source_line, note, height=460)
    fig.add_scatter(
        x=share["year"], y=share["share_pct"], mode="lines+markers", name="Share",
        line={"color": LINE_COLOUR}, marker={"size": 4},
        customdata=share[["period", "pair_tiv", "recipient_tiv"]].to_numpy(),
        hovertemplate=("%{customdata[0]}: %{y:.1f}% of imports<br>"
                       "%{customdata[1]:,.1f} of %{customdata[2]:,.1f} million TIV"
                       "<extra></extra>"),
        row=1, col=1,
    )
    fig.add_scatter(
        x=rank["year"], y=rank["rank"], mode="lines+markers", name="Rank",
        line={"color": DELIVERED_COLOUR, "shape": "hv"}, marker={"size": 4},
        customdata=rank[["period", "markets"]].to_numpy(),
        hovertemplate=("%{customdata[0]}: rank %{y} of %{customdata[1]} markets"
                       "<extra></extra>"),
        row=2, col=1,
    )
    fig.update_yaxes(title_text="% of imports", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="rank", autorange="reversed", row=2, col=1)
    fig.update_xaxes(title_text=f"Last year of the {window}-year period", row=2, col=1)
    fig.update_layout(showlegend=False)
    return _finish(fig, title, source_line, note, height=520)


def deal_labels(shown: pd.DataFrame) -> list[str]:
    """Unique y labels: designation, with the order year (then the deal id) where repeated."""
    base = shown["designation"].astype(str).tolist()
    labels = []
    for name, year in zip(base, shown["order_year"], strict=True):
        label = name
        if base.count(name) > 1:
            label = f"{name} (ordered {year if pd.notna(year) else '?'})"
        labels.append(label)
    return [lab if labels.count(lab) == 1 else f"{lab} #{d}"
            for lab, d in zip(labels, shown["deal_id"], strict=True)]


def timeline_figure(shown: pd.DataFrame, points: pd.DataFrame, n_all: int, supplier: str,
                    recipient: str, last_year: int, source_line: str,
                    note: str | None = None, open_known: bool = True) -> go.Figure:
    """Each deal from its order year through its delivery years, deliveries sized by TIV;
    open orders drawn dashed up to the release's last year."""
    title = f"Deals from {supplier} to {recipient}: order year and deliveries ({TIV_UNITS})"
    fig = go.Figure()
    if shown.empty:
        _empty(fig, f"No deals from {supplier} to {recipient} in this release")
        return _finish(fig, title, source_line, note)
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
        if is_open and start is not None:
            open_x += [end, last_year, None]
            open_y += [label, label, None]
    fig.add_scatter(x=closed_x, y=closed_y, mode="lines", name="From order to last delivery",
                    line={"color": "#999", "width": 2}, hoverinfo="skip")
    if open_x:
        fig.add_scatter(x=open_x, y=open_y, mode="lines", name="Open order: still to come",
                        line={"color": OPEN_COLOUR, "width": 2, "dash": "dash"},
                        hoverinfo="skip")
    _order_markers(fig, shown, labels)
    _delivery_markers(fig, points, shown, labels)
    if not open_known:
        note = "; ".join(x for x in (note, "This release carries no order data: open orders "
                                           "are not shown") if x)
    if n_all > len(shown):
        note = "; ".join(x for x in (note, f"The {len(shown)} largest of {n_all} deals "
                                           "shown") if x)
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=[labels[i] for i in shown["deal_id"]][::-1],
                     automargin=True, title=None)
    fig.update_xaxes(title="Year", dtick=_dtick((int(pd.Series(closed_x).min()), last_year))
                     if any(x is not None for x in closed_x) else None)
    return _finish(fig, title, source_line, note, height=180 + 24 * len(shown))


def _year(value: object) -> float | None:
    """A year as a float, or None where it is missing."""
    if value is None or value is pd.NA:
        return None
    year = float(value)  # type: ignore[arg-type]
    return None if math.isnan(year) else year


def _order_markers(fig: go.Figure, shown: pd.DataFrame, labels: dict[int, str]) -> None:
    """Order years: grey diamonds, open orders outlined in the open colour."""
    known = shown.loc[shown["order_year"].notna()]
    if known.empty:
        return
    custom = known[["designation", "description", "number_ordered", "tiv_order"]].astype(
        object).where(known[["designation", "description", "number_ordered",
                             "tiv_order"]].notna(), "?").to_numpy()
    fig.add_scatter(
        x=known["order_year"].astype(float), y=[labels[i] for i in known["deal_id"]],
        mode="markers", name="Order year",
        marker={"symbol": "diamond", "size": 9, "color": ORDER_COLOUR,
                "line": {"width": 2, "color": [OPEN_COLOUR if o else ORDER_COLOUR
                                               for o in known["is_open"]]}},
        customdata=custom,
        hovertemplate=("Ordered %{x}: %{customdata[0]} (%{customdata[1]})<br>"
                       "number ordered %{customdata[2]}, order %{customdata[3]} million TIV"
                       "<extra></extra>"),
    )


def _delivery_markers(fig: go.Figure, points: pd.DataFrame, shown: pd.DataFrame,
                      labels: dict[int, str]) -> None:
    """Delivery years: circles whose area follows the TIV delivered in that year."""
    if points.empty:
        return
    biggest = max(float(points["tiv"].max()), 1e-9)
    sizes = [6 + 28 * math.sqrt(max(float(t), 0.0) / biggest) for t in points["tiv"]]
    names = shown.set_index("deal_id")["designation"]
    fig.add_scatter(
        x=points["year"], y=[labels[i] for i in points["deal_id"]], mode="markers",
        name="Delivery (area = TIV in the year)",
        marker={"size": sizes, "color": DELIVERED_COLOUR, "opacity": 0.75,
                "line": {"width": 0}},
        customdata=list(zip(points["deal_id"].map(names), points["tiv"], strict=True)),
        hovertemplate="%{x}: %{customdata[0]}, %{customdata[1]:,.1f} million TIV"
                      "<extra></extra>",
    )
