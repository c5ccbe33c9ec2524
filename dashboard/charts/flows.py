"""From a Dataset and a FlowView to the /flows view: the period's largest supplier →
recipient flows as a Sankey diagram, their table with links to each pair page, the CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.charts.country import years_text
from dashboard.charts.tables import scope_text_of
from dashboard.compute import export
from dashboard.compute import flows as fl
from dashboard.compute.export import slug
from dashboard.data import Dataset
from dashboard.figures import base as fig
from dashboard.figures import views as vf
from dashboard.state import pairstate as ps
from dashboard.state.flowstate import FlowView


def flow_rows(ds: Dataset, release: str) -> fl.FlowRows:
    """One release's flows as supplier → recipient arrays (made once per build)."""
    def make() -> fl.FlowRows:
        side = ds.sides[(release, "exports")]
        code = {n: i for i, n in enumerate(ds.names)}
        suppliers = np.array([code[c] for c in side.countries], dtype=np.int32)
        supplier = np.repeat(suppliers, np.diff(side.starts))
        return fl.FlowRows(supplier, side.partner, side.year.astype(np.int64) + side.first,
                           side.category, side.tiv)

    return ds.static.get(("flow-rows", release), make)


def flows_frame(ds: Dataset, view: FlowView) -> pd.DataFrame:
    """The view's largest flows, canonical names and display names (memoised per view)."""
    def make() -> pd.DataFrame:
        s = view.scope
        if (s.release, "exports") not in ds.sides:
            return fl.largest(fl.FlowRows(*(np.zeros(0, dtype=np.int64),) * 5), ds.names,
                              s.start, s.end, None, view.top)
        area = ds.areas.get(s.release, {}).get(view.area) if view.area else None
        frame = fl.largest(flow_rows(ds, s.release), ds.names, s.start, s.end,
                           ds.category_codes(s.categories), view.top, area, view.role)
        return frame.assign(supplier_name=frame["supplier"].map(ds.name),
                            recipient_name=frame["recipient"].map(ds.name))

    return ds.memo.get(("flows", view), make)


def world_shares(ds: Dataset, view: FlowView) -> bool:
    """Whether the flows' shares of the world can be shown: only from a release that
    covers the world (a one-supplier register's flows are not the world's)."""
    info = ds.releases.get(view.scope.release)
    return info is not None and info.world


def title(view: FlowView) -> str:
    """'The 25 largest arms flows, 2020–24 (SIPRI TIV, millions)'."""
    s = view.scope
    return (f"The {view.top} largest arms flows, supplier → recipient{area_text(view)}, "
            f"{years_text(s.start, s.end)}{scope_text_of(s.categories)} ({fig.TIV_UNITS})")


def area_text(view: FlowView) -> str:
    """' with the recipient in NATO' where the flows are narrowed to an area, else ''."""
    if not view.area:
        return ""
    end = {"supplier": "the supplier", "recipient": "the recipient",
           "both": "both supplier and recipient"}.get(view.role, "supplier or recipient")
    return f" with {end} in {view.area}"


def empty_reason(view: FlowView, frame: pd.DataFrame) -> str:
    """Why nothing is drawn, or ''."""
    if len(frame):
        return ""
    s = view.scope
    return (f"No deliveries{area_text(view)} in {years_text(s.start, s.end)}"
            f"{scope_text_of(s.categories)} in release {s.release}.")


def figure(ds: Dataset, view: FlowView) -> fig.Figure:
    """The Sankey diagram of the flows."""
    frame = flows_frame(ds, view)
    meta = fig.Meta(view.scope.release, ds.releases[view.scope.release].per_year_exact)
    reason = empty_reason(view, frame)
    if reason:
        return fig.empty_figure(title(view), reason, meta)
    shown = frame.assign(supplier=frame["supplier_name"], recipient=frame["recipient_name"])
    return vf.sankey_figure(shown, title(view), meta, ds.colours)


def pair_href(ds: Dataset, view: FlowView, supplier: str, recipient: str) -> str:
    """The pair page of a flow, in the view's release and categories from the flow's
    first year on, its deal grid narrowed to the flow's years (written directly: a table
    row's link needs no parse of the pair's own defaults)."""
    s = view.scope
    last = ds.releases[s.release].last_year
    return "/pair" + ps.serialise(ps.PairView(
        supplier, recipient, s.release, s.start, last,
        window=min(ps.DEFAULT_WINDOW, last - s.start + 1), categories=s.categories,
        deals=(s.start, s.end)))


def clicked_flow(frame: pd.DataFrame, click: object) -> int | None:
    """The row of the flow a click on the diagram names (a link's customdata), or None."""
    if not isinstance(click, dict) or not isinstance(click.get("points"), list):
        return None
    for point in click["points"][:1]:
        row = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(row, int) and not isinstance(row, bool) and 0 <= row < len(frame):
            return row
    return None


def csv_name(view: FlowView) -> str:
    """'flows_top-25_2020-2024_release-2026-02-12.csv'."""
    s = view.scope
    cats = "_" + "-".join(slug(c) for c in s.categories) if s.categories else ""
    area = f"_{view.role}-in-{slug(view.area)}" if view.area else ""
    return f"flows_top-{view.top}{area}_{s.start}-{s.end}{cats}_release-{s.release}.csv"


def csv_text(ds: Dataset, view: FlowView) -> str:
    """The flows drawn, saying in every row their years, categories and release."""
    frame = flows_frame(ds, view)
    s = view.scope
    out = pd.DataFrame({
        "rank": frame["rank"], "supplier": frame["supplier_name"],
        "recipient": frame["recipient_name"], "first_year": s.start, "last_year": s.end,
        "categories": "; ".join(s.categories) or "all",
        "area": view.area or "every country", "area_end": view.role if view.area else "",
        "tiv_millions": frame["tiv"],
        "share_of_world_percent": frame["share"],
        "units": "SIPRI TIV, millions (a volume, not money)", "release": s.release})
    if not world_shares(ds, view):
        out = out.drop(columns="share_of_world_percent")
    return export.csv_text(out)
