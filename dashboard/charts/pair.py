"""From a Dataset and a PairView to the pair page's charts, headline and deal query.

Each chart function returns a `views.Chart` (title, the exact frame behind it for the CSV,
the figure or one that says why it is empty), like the country page's charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from dashboard.charts.country import Chart, named, rolling_note, span
from dashboard.compute import deals as d
from dashboard.compute import events as ev
from dashboard.compute import export
from dashboard.data import Dataset
from dashboard.figures import base as fig
from dashboard.figures import pair as pf
from dashboard.state.pairstate import PairView


def pair_rows(ds: Dataset, view: PairView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The deliveries and deals rows of the view's supplier and recipient in its release."""
    return ds.deal_source.pair_rows(view.release, view.supplier, view.recipient)


def meta(ds: Dataset, view: PairView) -> fig.Meta:
    """The source facts of every pair figure."""
    return fig.Meta(view.release, ds.releases[view.release].per_year_exact)


def years_text(start: int, end: int) -> str:
    """'1995–2024' or '2024'."""
    return str(start) if start == end else f"{start}–{end}"


def view_query(view: PairView) -> d.DealQuery:
    """The pair's deals in the view's years and categories."""
    return d.pair_query(view.release, view.supplier, view.recipient, (view.start, view.end),
                        view.categories)


def grid_query(ds: Dataset, view: PairView) -> d.DealQuery:
    """The grid's query: the view, narrowed to the URL's `deals` years and `dcat`
    category (a clicked bar's) if given."""
    query = view_query(view)
    if view.deals is not None:
        first, last = view.deals
        query = replace(query, first_year=first, last_year=last,
                        label=(f"{ds.name(view.supplier)} → {ds.name(view.recipient)}, "
                               f"{years_text(first, last)}"))
    if view.deals_category is not None:
        label = query.label or f"{ds.name(view.supplier)} → {ds.name(view.recipient)}"
        what = view.deals_category
        if view.deals is not None and view.deals[0] == view.deals[1]:  # one bar
            bars = d.by_year_and_category(pair_rows(ds, view)[0], view_query(view))
            tiv = bars.loc[(bars["year"] == view.deals[0])
                           & (bars["category"] == what), "tiv"].sum()
            what += f"; clicked bar: {tiv:,.1f} million TIV"
        query = replace(query, categories=(view.deals_category,), label=f"{label} ({what})")
    return query


def names(ds: Dataset, view: PairView) -> tuple[str, str]:
    """Display names of supplier and recipient."""
    return ds.name(view.supplier), ds.name(view.recipient)


def category_chart(ds: Dataset, view: PairView) -> Chart:
    """Deliveries per year by armament category."""
    deliveries, _ = pair_rows(ds, view)
    frame = d.by_year_and_category(deliveries, view_query(view))
    s, r = names(ds, view)
    figure = pf.category_figure(frame, s, r, (view.start, view.end), meta(ds, view),
                                events=ev.pair_markers(view))
    return Chart("pair-category", figure["layout"]["title"]["text"], frame, figure)


def share_and_rank(ds: Dataset, view: PairView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pair's share of the recipient's imports and rank, on the release's full years
    (memoised per build; read-only)."""
    info = ds.releases[view.release]
    source = ds.deal_source

    def make() -> tuple[pd.DataFrame, pd.DataFrame]:
        args = (view.release, view.supplier, view.recipient, info.first_year,
                info.last_year, view.window)
        return (d.pair_share(source.flows_to(view.release, view.recipient), *args),
                d.recipient_rank(source.flows_from(view.release, view.supplier), *args))

    key = ("pair-metrics", view.release, view.supplier, view.recipient, view.window)
    return ds.memo.get(key, make)


def share_chart(ds: Dataset, view: PairView) -> Chart:
    """Share of the recipient's imports and rank among the supplier's markets."""
    share, rank = share_and_rank(ds, view)
    inside: Callable[[pd.DataFrame], pd.DataFrame] = lambda f: f.loc[  # noqa: E731
        (f["year"] >= view.start) & (f["year"] <= view.end)]
    share, rank = inside(share), inside(rank)
    s, r = names(ds, view)
    figure = pf.share_rank_figure(share, rank, s, r, meta(ds, view), view.window,
                                  events=ev.pair_markers(view), years=(view.start, view.end))
    first = ds.releases[view.release].first_year
    fig.add_note(figure, rolling_note(view.start, view.end, view.window, first))
    frame = share.merge(rank[["year", "rank", "markets"]], on="year", how="outer")
    return Chart("pair-share", figure["layout"]["title"]["text"], frame, figure)


def timeline_chart(ds: Dataset, view: PairView) -> Chart:
    """Each deal from its order year through its deliveries; open orders dashed."""
    deliveries, deals = pair_rows(ds, view)
    shown, points, n_all = d.timeline(deliveries, deals, view_query(view))
    s, r = names(ds, view)
    open_known = ds.deal_source.index(view.release).open_known
    figure = pf.timeline_figure(shown, points, n_all, s, r, view.end, meta(ds, view),
                                open_known=open_known, events=ev.pair_markers(view),
                                years=(view.start, view.end))
    frame = shown[["deal_id", "designation", "description", "order_year", "last_year",
                   "tiv_in_view", "tiv_order", "is_open"]]
    return Chart("pair-timeline", figure["layout"]["title"]["text"], frame, figure)


def headline(ds: Dataset, view: PairView) -> str:
    """One sentence from the data for the latest complete period in the view."""
    s, r = names(ds, view)
    share, rank = share_and_rank(ds, view)
    share = share.loc[share["year"] <= view.end]
    if share.empty:
        return (f"Release {view.release} has no complete {view.window}-year period up to "
                f"{view.end}.")
    last = share.iloc[-1]
    period = str(last["period"])
    if last["pair_tiv"] <= 0:
        return f"SIPRI records no deliveries from {s} to {r} in {period}."
    ranked = rank.loc[rank["year"] == last["year"]]
    place = ""
    if not ranked.empty and pd.notna(ranked.iloc[0]["rank"]):
        place = (f"; {r} was {s}'s no. {int(ranked.iloc[0]['rank'])} market of "
                 f"{int(ranked.iloc[0]['markets'])}")
    share_text = (f"{last['share_pct']:.1f}% of {r}'s arms imports"
                  if pd.notna(last["share_pct"]) else f"deliveries to {r}")
    return (f"In {period} {s} supplied {last['pair_tiv']:,.0f} million TIV to {r}, "
            f"{share_text}{place} (release {view.release}).")


FILE_SUBJECTS = {"category": "pair-by-category", "share": "pair-share-and-rank",
                 "timeline": "pair-deals-timeline"}


def about(ds: Dataset, view: PairView, key: str) -> list[tuple[str, str]]:
    """What chart `key` of the pair view holds, as CSV columns: supplier, recipient,
    years, the rolling sums' length, categories, release."""
    rows = [("supplier", ds.name(view.supplier)), ("recipient", ds.name(view.recipient)),
            ("years", span((view.start, view.end)))]
    if key == "share":
        rows.append(("years_summed", str(view.window)))
    return [*rows, ("categories", "; ".join(view.categories) or "all"),
            ("release", view.release)]


def file_parts(view: PairView, key: str) -> list[str]:
    """The pieces of a pair chart's file name: subject, supplier-to-recipient, years, the
    rolling sums' length, categories."""
    return [FILE_SUBJECTS[key], f"{view.supplier}-to-{view.recipient}",
            span((view.start, view.end)),
            f"{view.window}-year-sums" if key == "share" else "",
            "-".join(export.slug(c) for c in view.categories)]


CHARTS: dict[str, Callable[[Dataset, PairView], Chart]] = {
    key: named(key, make, about, file_parts) for key, make in (
        ("category", category_chart), ("share", share_chart), ("timeline", timeline_chart))}
