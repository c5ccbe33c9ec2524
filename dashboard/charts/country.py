"""From a Dataset and a View to the data and figure of each chart: what callbacks call.

Each chart function returns a `Chart`: its title, the exact frame behind it (what its CSV
download gives, with display names and explicit units), and its figure, or a figure that
says why it is empty. `event_markers` is the single place that supplies event markers to
the time charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd

from dashboard.compute import concentration as conc
from dashboard.compute import export, local
from dashboard.compute import metrics as m
from dashboard.compute import regions as area_math
from dashboard.compute.headline import Facts, headline, world_headline
from dashboard.data import Dataset
from dashboard.figures import base as fig
from dashboard.figures import ties
from dashboard.state.urlstate import View

CSV_UNITS = {"tiv": "tiv_millions", "share": "share_percent",
             "tiv_base": "tiv_millions_base", "share_base": "share_percent_base",
             "change_pp": "change_percentage_points"}


@dataclass(frozen=True)
class Chart:
    """One chart: title, the data behind it, the figure; `empty` says why nothing is drawn."""

    key: str
    title: str
    frame: pd.DataFrame
    figure: fig.Figure
    empty: str = ""
    # What the chart holds, in every row of its CSV: country, side, years, categories,
    # release (see `about`); and the name of its downloads without the extension.
    about: tuple[tuple[str, str], ...] = ()
    file_stem: str = "chart"

    def csv(self) -> str:
        """The chart's data as CSV: what it holds in every row, units in the column names,
        ranks whole and TIV to SIPRI's two decimals."""
        return export.labelled_csv(self.frame.rename(columns=CSV_UNITS), self.about)

    def file_name(self, ext: str) -> str:
        """The name of the chart's download in a format (csv, png, svg)."""
        return f"{self.file_stem}.{ext}"


def span(years: tuple[int, int]) -> str:
    """'1995-2024' or '2024' (for files and CSV rows)."""
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def described(chart: Chart, about: Sequence[tuple[str, str]], parts: Sequence[str],
              release: str) -> Chart:
    """The chart with what it holds (`about`, in its CSV rows) and its download name (from
    `parts` and the release, also carried by the figure for its images)."""
    name = export.file_name(parts, release, "x")[:-2]
    return replace(chart, about=tuple(about), file_stem=name,
                   figure=fig.with_file_name(chart.figure, name))


# Charts of every country at once (the world page's map and largest list).
WORLD_WIDE = ("map", "top", "regions", "region_shares")
TWO_PERIODS = ("compare", "top", "members", "region_shares")
ROLLING = ("shares", "rank", "concentration")


def file_subject(key: str, side: str) -> str:
    """What a chart's files are called before the view's facts, e.g. 'annual-by-recipient'."""
    partner, _, _ = roles(side)
    noun = "importers" if side == "imports" else "exporters"
    return {"annual": f"annual-by-{partner}", "shares": f"{partner}-shares",
            "category": "by-category", "compare": f"{partner}-shares-two-periods",
            "concentration": f"{partner}-concentration",
            "local": f"produced-locally-by-{partner}",
            "map": "world-map", "top": f"largest-{noun}", "rank": "world-rank",
            "members": "members-shares-two-periods", "regions": "by-sipri-region",
            "region_shares": "sipri-region-shares-two-periods"}[key]


def view_years(view: View, key: str) -> tuple[int, int]:
    """The years a chart of the view covers: the focus period for the period charts, else
    the view's years."""
    return view.period_years if key in TWO_PERIODS or key == "map" else (view.start, view.end)


def about(ds: Dataset, view: View, key: str) -> list[tuple[str, str]]:
    """What chart `key` of the view holds, as CSV columns: country (or world), side, years,
    the rolling sums' length, the period compared with, categories, release."""
    rows = [("country", "world" if key in WORLD_WIDE else ds.name(view.country)),
            ("side", view.side), ("years", span(view_years(view, key)))]
    if key in ROLLING:
        rows.append(("years_summed", str(view.window)))
    if key in TWO_PERIODS and view.compare_years is not None:
        rows.append(("compared_with", span(view.compare_years)))
    return [*rows, ("categories", "; ".join(view.categories) or "all"),
            ("release", view.release)]


def file_parts(view: View, key: str) -> list[str]:
    """The pieces of a chart's file name: subject, side, country (or world), years, the
    period compared with, the rolling sums' length, categories."""
    years = span(view_years(view, key))
    if key in TWO_PERIODS and view.compare_years is not None:
        years += "-vs-" + span(view.compare_years)
    return [file_subject(key, view.side), view.side,
            "world" if key in WORLD_WIDE else view.country, years,
            f"{view.window}-year-sums" if key in ROLLING else "",
            "-".join(export.slug(c) for c in view.categories)]


def event_markers(ds: Dataset, view: View, chart: str) -> list[fig.EventMarker] | None:
    """Event markers for a time chart of this view (the curated article events)."""
    from dashboard.compute.events import view_markers

    return view_markers(view, chart)


def meta(ds: Dataset, view: View) -> fig.Meta:
    """The source facts every figure of this view shows."""
    return fig.Meta(view.release, ds.releases[view.release].per_year_exact)


def roles(side: str) -> tuple[str, str, str]:
    """(partner column name, flow noun, partner noun) for a side."""
    if side == "imports":
        return "supplier", "imports", "suppliers"
    return "recipient", "exports", "recipients"


def scope_text(view: View) -> str:
    """' (Aircraft, Missiles)' when categories are filtered, else ''."""
    return f" ({', '.join(view.categories)})" if view.categories else ""


def years_text(start: int, end: int) -> str:
    """'1995–2024' or '2024'."""
    return str(start) if start == end else f"{start}–{end}"


def rolling_note(start: int, end: int, window: int, first: int) -> str:
    """What a chart of rolling `window`-year sums says when its first points also sum years
    before the view's first year (data from `first`); '' where none does."""
    if window <= 1:
        return ""
    lo, hi = max(start, first + window - 1), min(start + window - 2, end)
    if lo > hi:
        return ""
    return (f"Each point sums the {window} years up to it: the points for "
            f"{years_text(lo, hi)} also count years before {start}.")


def partner_grid(ds: Dataset, view: View) -> m.Grid:
    """The view's country flows in its categories: TIV by partner (display name) and year,
    computed once per view (memoised) whichever chart asks first."""
    return ds.partner_grid(view.release, view.side, view.country, view.categories)


def page_colours(ds: Dataset, view: View) -> dict[str, str]:
    """One colour per partner for every chart of the country page: each partner its own
    colour (`Dataset.colours`) where no larger partner in the view's years has it, else
    the first free one, so no two partners share a colour and each has the same on every
    chart of the page (memoised per view)."""
    def make() -> dict[str, str]:
        grid = partner_grid(ds, view)
        sums, _ = grid.sums(view.start, view.end)
        order = [grid.names[i] for i in m.rank_order(grid.names, sums)]
        return fig.chart_colours([ds.name(h) for h in view.highlight] + order, ds.colours)

    key = ("page-colours", view.release, view.side, view.country, view.categories,
           view.start, view.end, view.highlight)
    return ds.memo.get(key, make)


def empty_reason(ds: Dataset, view: View, grid: m.Grid, start: int, end: int) -> str:
    """Why a country chart has nothing to show, or '' if it has data in start..end."""
    name = ds.name(view.country)
    _, flow, _ = roles(view.side)
    if not ds.has_flows(view.release, view.side, view.country):
        return f"SIPRI records no arms {flow} for {name} in release {view.release}."
    if grid.sums(start, end)[0].sum() <= 0:
        return (f"No {flow} deliveries for {name} in {years_text(start, end)}"
                f"{scope_text(view)} in release {view.release}.")
    return ""


def annual_chart(ds: Dataset, view: View) -> Chart:
    """Annual TIV by partner: top N plus Other, stacked."""
    col, flow, partners = roles(view.side)
    name = ds.name(view.country)
    title = (f"{name}: arms {flow} by {partners[:-1]}, {years_text(view.start, view.end)}"
             f"{scope_text(view)} ({fig.TIV_UNITS})")
    grid = partner_grid(ds, view)
    reason = empty_reason(ds, view, grid, view.start, view.end)
    highlight = [ds.name(h) for h in view.highlight]
    frame = m.grid_annual(grid, col, view.start, view.end, view.top, highlight)
    if reason:
        return Chart("annual", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    figure = fig.annual_figure(frame, col, title, meta(ds, view), page_colours(ds, view), highlight,
                               events=event_markers(ds, view, "annual"))
    return Chart("annual", title, frame, figure)


def shares_chart(ds: Dataset, view: View) -> Chart:
    """Partner % shares of rolling `window`-year sums, stacked area."""
    col, flow, partners = roles(view.side)
    name = ds.name(view.country)
    span = f"rolling {view.window}-year sums" if view.window > 1 else "annual values"
    title = (f"{name}: {partners[:-1]} shares of arms {flow}, "
             f"{years_text(view.start, view.end)}, {span}{scope_text(view)} "
             f"(% of {flow})")
    first = ds.releases[view.release].first_year
    grid = partner_grid(ds, view)
    lo = max(view.start, first + view.window - 1)
    reason = empty_reason(ds, view, grid, view.start, view.end)
    if not reason and lo > view.end:
        reason = (f"The years {years_text(view.start, view.end)} hold no complete "
                  f"{view.window}-year period within release {view.release} "
                  f"(data from {first}).")
    highlight = [ds.name(h) for h in view.highlight]
    frame = m.grid_rolling_shares(grid, col, first, view.start, view.end, view.window,
                                  view.top, highlight)
    if reason:
        return Chart("shares", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    figure = fig.add_note(fig.share_figure(
        frame, col, title, meta(ds, view), page_colours(ds, view), view.window, flow,
        events=event_markers(ds, view, "shares")),
        rolling_note(view.start, view.end, view.window, first))
    return Chart("shares", title, frame, figure)


def category_chart(ds: Dataset, view: View) -> Chart:
    """Annual TIV by armament category, stacked."""
    _, flow, _ = roles(view.side)
    name = ds.name(view.country)
    title = (f"{name}: arms {flow} by armament category, {years_text(view.start, view.end)}"
             f" ({fig.TIV_UNITS})")
    reason = empty_reason(ds, view, partner_grid(ds, view), view.start, view.end)
    grid = ds.category_grid(view.release, view.side, view.country, view.categories)
    order = list(m.grid_period_table(grid, "category", view.start, view.end)["category"])
    frame = m.grid_rows(grid, "category", view.start, view.end, order)
    if reason:
        return Chart("category", title, frame,
                     fig.empty_figure(title, reason, meta(ds, view)), reason)
    figure = fig.category_figure(frame, title, meta(ds, view),
                                 events=event_markers(ds, view, "category"))
    return Chart("category", title, frame, figure)


def compare_table(ds: Dataset, view: View) -> pd.DataFrame:
    """Partner shares and ranks in the focus and comparison periods, with the change."""
    col, _, _ = roles(view.side)
    both = m.grid_compare(partner_grid(ds, view), col, view.period_years,
                          view.compare_years)
    rank = both["rank"].to_numpy(dtype=float)
    keep = (rank <= view.top) | np.isin(both[col].to_numpy(dtype=object),
                                         [ds.name(h) for h in view.highlight])
    if view.compare is not None:
        keep |= both["rank_base"].to_numpy(dtype=float) <= view.top
    return both[keep].reset_index(drop=True)


def compare_chart(ds: Dataset, view: View) -> Chart:
    """Partner % shares in two periods, side by side."""
    col, flow, partners = roles(view.side)
    name = ds.name(view.country)
    now = m.period_label(*view.period_years)
    base = m.period_label(*view.compare_years) if view.compare_years else "—"
    title = (f"{name}: {partners[:-1]} shares of arms {flow}, {now} and {base}"
             f"{scope_text(view)} (% of {flow})")
    frame = compare_table(ds, view)
    lo = min(view.period_years[0], (view.compare_years or view.period_years)[0])
    reason = empty_reason(ds, view, partner_grid(ds, view), lo,
                          max(view.period, view.compare or 0))
    if reason:
        return Chart("compare", title, frame,
                     fig.empty_figure(title, reason, meta(ds, view)), reason)
    figure = fig.compare_figure(frame, col, title, meta(ds, view), (now, base),
                                page_colours(ds, view))
    return Chart("compare", title, frame, figure)


def headline_facts(ds: Dataset, view: View) -> Facts:
    """The numbers behind the country headline: world share and rank, main partners, change."""
    if ds.area(view.release, view.country) is not None:
        return area_facts(ds, view)
    now = ds.world_ranks(view.release, view.side, view.categories, *view.period_years)
    mine = now[now["country"] == view.country]
    table = m.grid_period_table(partner_grid(ds, view), "partner", *view.period_years)
    top: list[dict[Any, Any]] = table.head(3).to_dict("records")
    # a release covering part of the world gives no world share, and no partner shares of
    # the country's whole imports or exports either
    partners = tuple((str(r["partner"]), float(r["share"])) for r in top
                     if r["tiv"] > 0) if ds.releases[view.release].world else ()
    facts = Facts(
        country=ds.name(view.country), side=view.side, period=view.period_years,
        tiv=float(table["tiv"].sum()),
        world_share=float(mine["share"].iloc[0]) if len(mine) else None,
        rank=_rank(mine), partners=partners, categories=view.categories)
    if view.compare_years is None:
        return facts
    before = ds.world_ranks(view.release, view.side, view.categories, *view.compare_years)
    old = before[before["country"] == view.country]
    base = m.grid_period_table(partner_grid(ds, view), "partner", *view.compare_years)
    return Facts(**{**facts.__dict__, "base": view.compare_years,
                    "base_tiv": float(base["tiv"].sum()),
                    "base_share": float(old["share"].iloc[0]) if len(old) else None,
                    "base_rank": _rank(old)})


def area_facts(ds: Dataset, view: View) -> Facts:
    """The headline numbers of a region, subregion or grouping: its members' share of the
    world (no rank: areas are not ranked among countries) and its main partners."""
    tiv, share = ds.area_share(view.release, view.side, view.country, view.categories,
                               *view.period_years)
    table = m.grid_period_table(partner_grid(ds, view), "partner", *view.period_years)
    top: list[dict[Any, Any]] = table.head(3).to_dict("records")
    facts = Facts(country=view.country, side=view.side, period=view.period_years, tiv=tiv,
                  world_share=share, rank=None,
                  partners=tuple((str(r["partner"]), float(r["share"])) for r in top
                                 if r["tiv"] > 0),
                  categories=view.categories)
    if view.compare_years is None:
        return facts
    base_tiv, base_share = ds.area_share(view.release, view.side, view.country,
                                         view.categories, *view.compare_years)
    return Facts(**{**facts.__dict__, "base": view.compare_years, "base_tiv": base_tiv,
                    "base_share": base_share, "base_rank": None})


def _rank(rows: pd.DataFrame) -> int | None:
    if len(rows) == 0 or pd.isna(rows["rank"].iloc[0]) or rows["tiv"].iloc[0] <= 0:
        return None
    return int(rows["rank"].iloc[0])


def country_headline(ds: Dataset, view: View) -> str:
    """The country page's headline sentences: shares and ranks, then concentration."""
    return " ".join(s for s in (headline(headline_facts(ds, view)),
                                concentration_sentence(ds, view)) if s)


def concentration_sentence(ds: Dataset, view: View) -> str:
    """'Pakistan's imports are highly concentrated: HHI 0.67, China 81% (2020–24).'; ''
    where the release covers part of the world (no shares of the whole imports)."""
    if not ds.releases[view.release].world:
        return ""
    c = conc.period_concentration(partner_grid(ds, view), *view.period_years)
    return conc.sentence(ds.name(view.country), view.side, c, scope_text(view))


def concentration_chart(ds: Dataset, view: View) -> Chart:
    """HHI of the country's partners and its main partner's share on rolling sums."""
    col, flow, partners = roles(view.side)
    name = ds.name(view.country)
    span = f"rolling {view.window}-year sums" if view.window > 1 else "annual values"
    title = (f"{name}: concentration of arms {flow} by {partners[:-1]}, {span}"
             f"{scope_text(view)} (HHI, 0–1)")
    first = ds.releases[view.release].first_year
    grid = partner_grid(ds, view)
    frame = conc.history(grid, first, view.start, view.end, view.window)
    reason = empty_reason(ds, view, grid, view.start, view.end)
    if not reason and not ds.releases[view.release].world:
        reason = (f"Release {view.release} covers {ds.releases[view.release].coverage}, "
                  f"not all of {name}'s {flow}: no concentration can be computed.")
    if not reason and frame["hhi"].notna().sum() == 0:
        reason = (f"The years {years_text(view.start, view.end)} hold no complete "
                  f"{view.window}-year period with {flow} within release {view.release}.")
    if reason:
        return Chart("concentration", title, frame,
                     fig.empty_figure(title, reason, meta(ds, view)), reason)
    figure = ties.concentration_figure(frame, title, meta(ds, view), col, view.window)
    return Chart("concentration", title, frame, figure)


def local_frame(ds: Dataset, view: View) -> pd.DataFrame:
    """The view's country (or area's members') deliveries with their local-production flag
    (split by country once per build)."""
    countries = ds.static.get(("local-by-country", view.release, view.side),
                              lambda: local.by_country(ds.deliveries, view.release, view.side,
                                                       ds.display))
    area = ds.area(view.release, view.country)
    if area is not None:
        members = ds.static.get(("local-by-area", view.release, view.side, area.name),
                                lambda: area_math.member_frames(countries, area))
        countries = {} if members is None else {view.country: members}
    return local.local_rows(countries, view.country, view.categories)


def local_chart(ds: Dataset, view: View) -> Chart:
    """Annual TIV produced locally (under licence, assembled, co-produced) by partner."""
    col, flow, partners = roles(view.side)
    name = ds.name(view.country)
    where = f"in {name}" if view.side == "imports" else "in the recipient"
    title = (f"{name}: arms {flow} produced or assembled {where}, by {partners[:-1]}, "
             f"{years_text(view.start, view.end)}{scope_text(view)} ({fig.TIV_UNITS})")
    if "by_year" not in ds.releases[view.release].formats:
        title += "; derived from SIPRI's comments"
    rows = local_frame(ds, view)
    frame = local.local_annual(rows, col, view.start, view.end, view.top)
    reason = empty_reason(ds, view, partner_grid(ds, view), view.start, view.end)
    if reason:
        return Chart("local", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    figure = ties.local_figure(frame, col, title, meta(ds, view), page_colours(ds, view), flow,
                               events=event_markers(ds, view, "local"))
    return Chart("local", title, frame, figure)


HEADLINE_LEADERS = 5  # countries the world view's sentence names


def shift_table(ds: Dataset, view: View) -> pd.DataFrame:
    """Every country's main partner in the comparison period and the focus period, HHI
    then and now, and its largest change in a partner's share (display names; once per
    build and view's release, side, categories and periods). Empty without a comparison
    period, or for a release covering part of the world."""
    base = view.compare_years
    if base is None or not ds.releases[view.release].world:
        none = np.zeros(0, dtype=np.int64)
        empty = conc.period_partners(none, none, none, none.astype(float), 0, 0)
        return conc.shifts(empty, empty, ()).assign(name=pd.Series(dtype=object))
    key = ("shifts", view.release, view.side, view.categories, view.period_years, base)
    return ds.static.get(key, lambda: _shift_table(ds, view, base))


def _shift_table(ds: Dataset, view: View, base: tuple[int, int]) -> pd.DataFrame:
    flows = ds.sides[(view.release, view.side)]
    country = np.repeat(np.arange(len(flows.countries)), np.diff(flows.starts))
    partner = ds.display_code[flows.partner].astype(np.int64)
    year = flows.year.astype(np.int64) + flows.first
    tiv = flows.tiv
    codes = ds.category_codes(view.categories)
    if codes is not None:
        keep = np.isin(flows.category, codes)
        country, partner, year, tiv = country[keep], partner[keep], year[keep], tiv[keep]
    now = conc.period_partners(country, partner, year, tiv, *view.period_years)
    then = conc.period_partners(country, partner, year, tiv, *base)
    out = conc.shifts(now, then, ds.display_names)
    canonical = [flows.countries[i] for i in out["country"]]
    return out.assign(country=canonical, name=[ds.name(c) for c in canonical])


def world_sentence(ds: Dataset, view: View) -> str:
    """The world view's headline: the largest importers' or exporters' world shares in its
    period (shared ranks in rank order)."""
    table = world_table(ds, view).dropna(subset=["rank"]).sort_values(["rank", "name"])
    leaders = [(str(r["name"]), float(r["share"]))
               for r in table.head(HEADLINE_LEADERS).to_dict("records")]
    return world_headline(view.period_years, view.side, leaders, view.categories)


def world_table(ds: Dataset, view: View) -> pd.DataFrame:
    """Every entity's period sum, world share, rank and change from the previous period
    (memoised: the map, the largest and the unmapped list of a view share it)."""
    key = ("world-table", view.release, view.side, view.categories, view.period_years,
           view.compare_years)
    return ds.memo.get(key, lambda: _world_table(ds, view))


def _world_table(ds: Dataset, view: View) -> pd.DataFrame:
    now = ds.world_ranks(view.release, view.side, view.categories, *view.period_years)
    if view.compare_years is not None:
        old = ds.world_ranks(view.release, view.side, view.categories,
                             *view.compare_years).rename(
            columns={"tiv": "tiv_base", "share": "share_base", "rank": "rank_base"})
        now = now.merge(old, on="country", how="left")
        now["change_pp"] = now["share"] - now["share_base"].fillna(0)
    else:
        now = now.assign(tiv_base=float("nan"), share_base=float("nan"),
                         rank_base=float("nan"), change_pp=float("nan"))
    now = now[now["tiv"] > 0]
    return now.assign(name=now["country"].map(ds.display).fillna(now["country"]),
                      iso3=now["country"].map(ds.iso3).fillna(""),
                      kind=now["country"].map(ds.kinds).fillna("state"))


def map_chart(ds: Dataset, view: View) -> Chart:
    """World map of the period's imports or exports, by ISO3 code."""
    _, flow, _ = roles(view.side)
    label = m.period_label(*view.period_years)
    title = f"Arms {flow} by country, {label}{scope_text(view)} ({fig.TIV_UNITS})"
    table = world_table(ds, view)
    mapped = table[table["iso3"] != ""][["name", "iso3", "tiv", "share", "rank"]]
    frame = mapped.reset_index(drop=True)
    if frame.empty:
        reason = f"No {flow} with a country code in {label} in release {view.release}."
        return Chart("map", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    return Chart("map", title, frame, fig.map_figure(frame, title, meta(ds, view), flow))


def unmapped_rows(ds: Dataset, view: View) -> pd.DataFrame:
    """Entities with no country code (historical states, groups, organisations, unknown)."""
    table = world_table(ds, view)
    rows = table[table["iso3"] == ""][["name", "kind", "tiv", "share"]]
    return rows.reset_index(drop=True)


def top_chart(ds: Dataset, view: View) -> Chart:
    """The largest importers or exporters in the period with their world shares."""
    _, flow, _ = roles(view.side)
    label = m.period_label(*view.period_years)
    noun = "importers" if view.side == "imports" else "exporters"
    title = f"Largest arms {noun}, {label}{scope_text(view)} (% of world {flow})"
    table = world_table(ds, view)
    ranked_rows = table.dropna(subset=["rank"]).sort_values("rank").head(view.top)
    frame = ranked_rows[["rank", "name", "tiv", "share", "rank_base", "share_base",
                         "change_pp"]].reset_index(drop=True)
    if frame.empty:
        reason = f"No {flow} in {label} in release {view.release}."
        return Chart("top", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    return Chart("top", title, frame,
                 fig.top_figure(frame, title, meta(ds, view), ds.colours, flow))


def rank_chart(ds: Dataset, view: View) -> Chart:
    """The view's country's world rank over time on rolling period sums."""
    _, flow, _ = roles(view.side)
    name = ds.name(view.country)
    noun = "importers" if view.side == "imports" else "exporters"
    title = (f"{name}: rank among arms {noun}, {years_text(view.start, view.end)}, "
             f"rolling {view.window}-year sums"
             f"{scope_text(view)} (rank, 1 = largest)")
    first = ds.releases[view.release].first_year
    frame = m.grid_rank_history(ds.world_grid(view.release, view.side, view.categories),
                                view.country, first, view.start, view.end, view.window,
                                exclude=ds.unranked())
    if ds.area(view.release, view.country) is not None:
        reason = (f"{name} is a SIPRI region, subregion or grouping: ranks are of "
                  "countries (its share of the world is in the headline and the regions "
                  "chart).")
        return Chart("rank", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    if frame["rank"].notna().sum() == 0:
        reason = (f"{name} has no arms {flow} in {years_text(view.start, view.end)}"
                  f" in release {view.release}.")
        return Chart("rank", title, frame, fig.empty_figure(title, reason, meta(ds, view)),
                     reason)
    figure = fig.add_note(fig.rank_figure(frame, name, title, meta(ds, view),
                                          fig.colour_of(name, ds.colours), flow,
                                          events=event_markers(ds, view, "rank")),
                          rolling_note(view.start, view.end, view.window, first))
    return Chart("rank", title, frame, figure)


NO_REGION = "No region (organisations, unknown)"


def members_chart(ds: Dataset, view: View) -> Chart:
    """A region's, subregion's or grouping's members: their % shares of its imports
    (exports) in the two periods (each member counted in its membership years)."""
    _, flow, _ = roles(view.side)
    now = m.period_label(*view.period_years)
    base = m.period_label(*view.compare_years) if view.compare_years else "—"
    area = ds.area(view.release, view.country)
    name = ds.name(view.country)
    title = f"{name}: members' shares of its arms {flow}, {now} and {base} (% of {name})"
    if area is None:
        frame = pd.DataFrame(columns=["member", "tiv", "share", "share_base", "change_pp"])
        reason = (f"{name} is a country: members' shares are shown for a SIPRI region, "
                  "subregion or grouping (choose one in the country list).")
        return Chart("members", title, frame, fig.empty_figure(title, reason,
                                                               meta(ds, view)), reason)
    grid = area_math.member_grid(ds.world_grid(view.release, view.side, view.categories),
                                 area)
    grid = m.Grid(tuple(ds.name(n) for n in grid.names), grid.first, grid.tiv, grid.present)
    both = m.grid_compare(grid, "member", view.period_years, view.compare_years)
    frame = both[(both["rank"] <= max(view.top, 15)) | (both["rank_base"] <= view.top)]
    frame = frame.reset_index(drop=True)
    if grid.sums(*view.period_years)[0].sum() <= 0:
        reason = f"No {flow} by {name}'s members in {now} in release {view.release}."
        return Chart("members", title, frame, fig.empty_figure(title, reason,
                                                               meta(ds, view)), reason)
    return Chart("members", title, frame, fig.compare_figure(
        frame, "member", title, meta(ds, view), (now, base), page_colours(ds, view),
        whole=name))


def region_grid(ds: Dataset, view: View) -> m.Grid:
    """World imports (exports) by SIPRI region per year, and what is in no region
    (memoised per release, side and categories)."""
    key = ("region-grid", view.release, view.side, view.categories)
    return ds.memo.get(key, lambda: _region_grid(ds, view))


def _region_grid(ds: Dataset, view: View) -> m.Grid:
    world = ds.world_grid(view.release, view.side, view.categories)
    found = [a for a in ds.areas.get(view.release, {}).values() if a.kind == "region"]
    regions = area_math.area_grid(world, sorted(found, key=lambda a: a.name))
    rest = world.tiv.sum(axis=0) - regions.tiv.sum(axis=0)
    return m.Grid((*regions.names, NO_REGION), regions.first,
                  np.vstack([regions.tiv, np.clip(rest, 0, None)]),
                  np.vstack([regions.present, rest > 1e-9]))


def regions_chart(ds: Dataset, view: View) -> Chart:
    """World imports (exports) by SIPRI region per year, stacked."""
    _, flow, _ = roles(view.side)
    title = (f"Arms {flow} by SIPRI region, {years_text(view.start, view.end)}"
             f"{scope_text(view)} ({fig.TIV_UNITS})")
    grid = region_grid(ds, view)
    frame = m.grid_rows(grid, "region", view.start, view.end, list(grid.names))
    if grid.sums(view.start, view.end)[0].sum() <= 0:
        reason = f"No {flow} in {years_text(view.start, view.end)} in release {view.release}."
        return Chart("regions", title, frame, fig.empty_figure(title, reason,
                                                               meta(ds, view)), reason)
    return Chart("regions", title, frame, fig.annual_figure(frame, "region", title,
                                                            meta(ds, view), {}))


def region_shares_chart(ds: Dataset, view: View) -> Chart:
    """Each SIPRI region's % of world imports (exports) in the two periods, with the
    change in volume."""
    _, flow, _ = roles(view.side)
    now = m.period_label(*view.period_years)
    base = m.period_label(*view.compare_years) if view.compare_years else "—"
    title = (f"SIPRI regions' shares of world arms {flow}, {now} and {base}"
             f"{scope_text(view)} (% of the world)")
    frame = m.grid_compare(region_grid(ds, view), "region", view.period_years,
                           view.compare_years)
    change = [m.change_percent(float(a), float(b)) if b == b else None
              for a, b in zip(frame["tiv"], frame["tiv_base"], strict=True)]
    frame = frame.assign(change_volume=pd.Series(change, dtype="float64"))
    if frame["tiv"].sum() <= 0:
        reason = f"No {flow} in {now} in release {view.release}."
        return Chart("region_shares", title, frame, fig.empty_figure(title, reason,
                                                                     meta(ds, view)), reason)
    return Chart("region_shares", title, frame, fig.compare_figure(
        frame, "region", title, meta(ds, view), (now, base), {}, whole="the world"))


class Released(Protocol):
    """A view of one release (a country, world or pair view)."""

    @property
    def release(self) -> str: ...


V = TypeVar("V", bound=Released)


def named(key: str, make: Callable[[Dataset, V], Chart],
          about_of: Callable[[Dataset, V, str], list[tuple[str, str]]],
          parts_of: Callable[[V, str], list[str]]) -> Callable[[Dataset, V], Chart]:
    """Chart `key` of a view, saying what it holds in its CSV rows (`about_of`) and its
    download names (`parts_of`)."""
    def chart(ds: Dataset, view: V) -> Chart:
        return described(make(ds, view), about_of(ds, view, key), parts_of(view, key),
                         view.release)
    chart.__doc__ = make.__doc__
    return chart


CHARTS: dict[str, Callable[[Dataset, View], Chart]] = {
    key: named(key, make, about, file_parts) for key, make in (
        ("annual", annual_chart), ("shares", shares_chart), ("category", category_chart),
        ("compare", compare_chart), ("concentration", concentration_chart),
        ("local", local_chart), ("map", map_chart), ("top", top_chart),
        ("rank", rank_chart), ("members", members_chart), ("regions", regions_chart),
        ("region_shares", region_shares_chart))}
COUNTRY_CHARTS: Sequence[str] = ("annual", "shares", "category", "compare", "concentration",
                                 "local")
WORLD_CHARTS: Sequence[str] = ("map", "top", "rank")
