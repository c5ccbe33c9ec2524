"""What changed page (`/changes?from=OLD&to=NEW`): what SIPRI revised between two releases
of the build over their common years: world totals by period and year, the countries that
moved most (with their world ranks in both releases), the deals added, removed and revised
with old and new values, deals without SIPRI id counted apart, and the renames (never a
change of figures). Every row links to its views in both releases. The comparison is made
once per build (`Dataset.changes`); a request only lays out tables."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import data, ids
from dashboard.components import cards as ui
from dashboard.components.markdown import md, md_link, md_table
from dashboard.compute import changes as ch
from dashboard.compute import metrics as m
from dashboard.data import Dataset
from dashboard.state import changestate as state

dash.register_page(__name__, path="/changes", name="What changed", order=7,
                   title="armsdash: what SIPRI revised between releases",
                   description="What SIPRI revised between two releases, country by country "
                               "and deal by deal")

COUNTRY_ROWS = 25
DEAL_ROWS = 60
FIELD_NAMES = {"number_delivered": "number delivered", "delivery_years": "delivery years",
               "tiv_delivered": "TIV delivered", "tiv_per_unit": "TIV per unit",
               "order_year": "order year", "number_ordered": "number ordered"}


def default_pair(ds: Dataset) -> tuple[str, str] | None:
    """The releases compared when the URL names none: the previous and the newest covering
    the world with exact per-year values, else the two newest of the build."""
    pair = ch.newest_pair(ds.releases.values())
    if pair is not None:
        return pair
    names = sorted(ds.releases)
    for i in range(len(names) - 1, 0, -1):
        for j in range(i - 1, -1, -1):
            if state.common(release_years(ds), names[j], names[i]) is not None:
                return names[j], names[i]
    return None


def release_years(ds: Dataset) -> dict[str, tuple[int, int]]:
    """Release -> first and last delivery year."""
    return {r: (i.first_year, i.last_year) for r, i in ds.releases.items()}


def records(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as dicts."""
    rows: list[dict[str, Any]] = frame.to_dict("records")
    return rows


def number(value: float) -> str:
    """TIV millions as shown: '1,234.5'."""
    return f"{value:,.1f}"


def signed(value: float) -> str:
    """A change with its sign: '+12.3', '−4.0', '0.0'."""
    text = f"{abs(value):,.1f}"
    return ("+" if value > 0 and text != "0.0" else "−" if value < 0 and text != "0.0"
            else "") + text


def percent_text(value: float) -> str:
    """'+3.1%', '−100%', '–' where the old value is 0."""
    if value != value:
        return "–"
    text = f"{abs(value):.1f}" if abs(value) < 99.95 else f"{abs(value):.0f}"
    return ("+" if value > 0 else "−" if value < 0 else "") + text + "%"


def rank_text(old: float, new: float) -> str:
    """'7 → 9', '– → 12'."""
    def one(v: float) -> str:
        return "–" if v != v else str(int(v))
    return f"{one(old)} → {one(new)}"


def country_href(country: str, side: str, release: str, start: int, end: int) -> str:
    """The country page in a release, on the span as its focus period."""
    return "/?" + urlencode({"country": country, "side": side, "release": release,
                             "window": end - start + 1, "period": end})


def world_href(side: str, release: str, start: int, end: int) -> str:
    """The world page of a release, on the span."""
    return "/world?" + urlencode({"side": side, "release": release,
                                  "window": end - start + 1, "period": end})


def pair_href(supplier: str, recipient: str, release: str, deal: int | None = None) -> str:
    """The pair page in a release, with a deal highlighted in its grid."""
    query: dict[str, Any] = {"supplier": supplier, "recipient": recipient, "release": release}
    if deal is not None:
        query["deal"] = deal
    return "/pair?" + urlencode(query)


def both(old_href: str | None, new_href: str | None) -> str:
    """The links of a row to its views in the older and the newer release ('–' where a
    release has none)."""
    return " · ".join(md_link(label, h) if h else "–"
                      for label, h in (("older", old_href), ("newer", new_href)))


def summary(ds: Dataset, c: ch.Changes) -> Any:
    """The lead paragraph: world total, deals, renames."""
    years = c.world[c.world["start"] == c.world["end"]]
    old, new = float(years["old"].sum()), float(years["new"].sum())
    k, u = c.counts["with_id"], c.counts["without_id"]
    text = (f"Over {c.years_label}, the years both releases cover, release {c.new.release} "
            f"puts world transfers at {number(new)} million TIV against {number(old)} in "
            f"{c.old.release} ({signed(new - old)}, "
            f"{percent_text((new - old) / old * 100 if old else float('nan'))}). "
            f"Deals with SIPRI's id: {k['added']:,} added, {k['removed']:,} removed, "
            f"{k['revised']:,} revised.")
    if u["old"] or u["new"]:
        text += (f" Deals without SIPRI's id, counted apart: {u['paired']:,} paired by the "
                 f"build's matching rules, {u['added']:,} added, {u['removed']:,} removed, "
                 f"{u['revised']:,} revised.")
    return html.P(text, className="lead headline", id="changes-summary")


def notes_of(c: ch.Changes) -> list[str]:
    """What a reader must know about the comparison."""
    out = []
    for release in c.estimated:
        out.append(f"Release {release} gives per-year values estimated from the classic "
                   "register (each deal spread equally over its delivery years): its "
                   "yearly figures are not SIPRI's, and moved years are not revisions.")
    if not c.both_world:
        out.append("A release compared covers only part of the world: totals are of what "
                   "it covers, and no world ranks are given.")
    if not c.spellings_known:
        out.append("This build does not record how each release spelled its names: "
                   "renames cannot be listed (rebuild it).")
    return out


def world_table(c: ch.Changes, view: state.ChangesView) -> Any:
    """World totals by period and year."""
    rows = [[md(r["span"]), number(r["old"]), number(r["new"]), signed(r["change"]),
             percent_text(r["pct"]),
             both(world_href(view.side, view.old, r["start"], r["end"]),
                  world_href(view.side, view.new, r["start"], r["end"]))]
            for r in records(c.world)]
    return md_table(["years", c.old.release, c.new.release, "change", "%", "world view"],
                    rows, "World transfers (SIPRI TIV, millions; a volume, never money), "
                    "SIPRI's five-year periods, then each year", "changes-world-table", [0, 5])


def country_table(ds: Dataset, c: ch.Changes, view: state.ChangesView) -> Any:
    """The countries whose figures moved most in the span."""
    label = m.period_label(view.start, view.end)
    top = ch.movers(c, view.side, view.start, view.end, view.by, COUNTRY_ROWS)
    rows = [[md(ds.name(r["country"])), number(r["old"]), number(r["new"]),
             signed(r["change"]),
             percent_text(r["pct"]), rank_text(r["rank_old"], r["rank_new"]),
             both(country_href(r["country"], view.side, view.old, r["start"], r["end"]),
                  country_href(r["country"], view.side, view.new, r["start"], r["end"]))]
            for r in records(top)]
    how = "absolute" if view.by == "change" else "relative"
    return md_table(["country", c.old.release, c.new.release, "change", "%", "world rank",
                     "country view"], rows,
                    f"The {len(rows)} largest {how} changes of {view.side}, {label} (SIPRI "
                    "TIV, millions); rank among all importers or exporters of each release",
                    "changes-countries-table", [0, 5, 6])


def field_text(deal: int, fields: dict[int, list[str]]) -> str:
    """'number delivered 3 → 4; TIV delivered 7.2 → 9.6'."""
    return "; ".join(fields.get(deal, [])) or "–"


def deal_fields(c: ch.Changes, deals: list[int]) -> dict[int, list[str]]:
    """Each shown deal's changed fields, old → new."""
    rows = c.fields[c.fields["deal_id"].isin(deals)]
    out: dict[int, list[str]] = {}
    for r in records(rows):
        out.setdefault(int(r["deal_id"]), []).append(
            f"{FIELD_NAMES.get(str(r['field']), str(r['field']))} "
            f"{md(str(r['old']) or '(none)')} → {md(str(r['new']) or '(none)')}")
    return out


def deal_table(ds: Dataset, c: ch.Changes, view: state.ChangesView) -> Any:
    """The deals whose TIV in the common years moved most, and what changed in each."""
    top = c.deals.head(DEAL_ROWS)
    fields = deal_fields(c, [int(d) for d in top["deal_id"]])
    rows = []
    for r in records(top):
        deal = int(r["deal_id"])
        ident = str(deal) if r["known"] else f"{deal} (no SIPRI id)"
        sup, rec, kind = str(r["supplier"]), str(r["recipient"]), str(r["kind"])
        old = pair_href(sup, rec, view.old, deal) if kind != ch.ADDED else None
        new = pair_href(sup, rec, view.new, deal) if kind != ch.REMOVED else None
        rows.append([md(kind), md(ident), md(f"{ds.name(sup)} → {ds.name(rec)}"),
                     md(str(r["designation"])), number(r["old"]), number(r["new"]),
                     signed(r["change"]),
                     field_text(deal, fields), both(old, new)])
    return md_table(["", "deal", "supplier → recipient", "designation", c.old.release,
                     c.new.release, "change", "what changed (old → new)", "deals view"],
                    rows, f"The {len(rows)} deals whose TIV delivered in {c.years_label} "
                    f"changed most, of {len(c.deals):,} added, removed or revised (SIPRI TIV, "
                    "millions)", "changes-deals-table", [0, 1, 2, 3, 7, 8])


def renames(c: ch.Changes) -> Any:
    """The renamed entities and categories (not a change of figures)."""
    if c.renames.empty:
        return html.P("No entity or category renamed between the releases.", className="small")
    kinds = {"entity": "entity", "category": "armament category"}
    return html.Ul([html.Li(f"{kinds[r['kind']]}: {r['old']} → {r['new']}")
                    for r in records(c.renames)], className="small", id="changes-renames")


def section(key: str, title: str, *children: Any) -> html.Section:
    """A section with its heading."""
    return html.Section([html.H2(title, className="h5 mt-4"), *children],
                        id=f"changes-{key}")


def body(ds: Dataset, view: state.ChangesView) -> list[Any]:
    """The whole page body of a view."""
    c = ds.changes(view.old, view.new)
    head = html.H1(f"What SIPRI revised: release {view.old} → {view.new}", className="h3")
    source = html.P(f"SIPRI Arms Transfers Database, releases {view.old} and {view.new}, "
                    f"over the delivery years both cover ({c.years_label}); our "
                    "calculations. Figures are SIPRI trend-indicator values (TIV): a volume "
                    "of transfers, not money. Names are compared as the build's names, so "
                    "a rename changes no figure.", className="small text-body-secondary",
                    id="changes-source")
    alerts = [dbc.Alert(n, color="warning", className="small py-2") for n in notes_of(c)]
    return [head, source, *alerts, summary(ds, c),
            section("countries", "Countries whose figures moved most",
                    country_table(ds, c, view)),
            section("deals", "Deals added, removed and revised", deal_table(ds, c, view)),
            section("world", "World totals", world_table(c, view)),
            section("renames", "Renamed between the releases (not counted as changes)",
                    renames(c))]


def span_options(ds: Dataset, view: state.ChangesView) -> list[dict[str, Any]]:
    """The spans both releases cover: five-year periods, then years."""
    years = state.common(release_years(ds), view.old, view.new)
    assert years is not None
    offered = ch.spans(*years)
    if (view.start, view.end) not in offered:
        offered = [(view.start, view.end), *offered]
    return [{"label": m.period_label(a, b), "value": f"{a}-{b}"} for a, b in offered]


def parse(ds: Dataset, query: dict[str, Any]) -> tuple[state.ChangesView, tuple[str, ...]]:
    """The view a query describes in this build, and its notices."""
    pair = default_pair(ds)
    assert pair is not None
    return state.parse(query, release_years(ds), pair)


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    if default_pair(ds) is None:
        return ui.error_layout("This build holds no two releases sharing a delivery year: "
                               "there is nothing to compare.")
    view, notes = parse(ds, query)
    releases = [{"label": ds.releases[r].label, "value": r} for r in sorted(ds.releases,
                                                                           reverse=True)]

    def field(label: str, control: Any, width: int) -> Any:
        return dbc.Col([dbc.Label(label, html_for=control.id, className="small mb-1"),
                        control], md=width)

    controls = dbc.Row([
        field("Older release", dcc.Dropdown(id=ids.CHANGES_OLD, options=releases,
                                            value=view.old, clearable=False), 3),
        field("Newer release", dcc.Dropdown(id=ids.CHANGES_NEW, options=releases,
                                            value=view.new, clearable=False), 3),
        field("Countries by", dbc.RadioItems(
            id=ids.CHANGES_SIDE, value=view.side, inline=True,
            options=[{"label": s, "value": s} for s in state.SIDES]), 2),
        field("Years", dcc.Dropdown(id=ids.CHANGES_SPAN, options=span_options(ds, view),
                                    value=f"{view.start}-{view.end}", clearable=False), 2),
        field("Largest change", dbc.RadioItems(
            id=ids.CHANGES_BY, value=view.by, inline=True,
            options=[{"label": "absolute", "value": "change"},
                     {"label": "relative", "value": "pct"}]), 2),
    ], className="g-2 mb-2")
    return dbc.Container([
        dcc.Store(id=ids.CHANGES_VIEW, data=state.serialise(view)),
        dcc.Store(id=ids.CHANGES_URL_SINK), controls,
        html.Div(ui.notices(notes), id=ids.CHANGES_NOTICE, role="status"),
        html.Div(body(ds, view), id=ids.CHANGES_BODY),
    ], fluid=True, className="py-3")


@dash.callback(Output(ids.CHANGES_NOTICE, "children"), Output(ids.CHANGES_BODY, "children"),
               Output(ids.CHANGES_SPAN, "options"), Output(ids.CHANGES_SPAN, "value"),
               Output(ids.CHANGES_OLD, "value"), Output(ids.CHANGES_NEW, "value"),
               Output(ids.CHANGES_VIEW, "data"),
               Input(ids.CHANGES_OLD, "value"), Input(ids.CHANGES_NEW, "value"),
               Input(ids.CHANGES_SIDE, "value"), Input(ids.CHANGES_SPAN, "value"),
               Input(ids.CHANGES_BY, "value"), State(ids.CHANGES_VIEW, "data"),
               prevent_initial_call=True)
def update(old: object, new: object, side: object, span: object, by: object,
           _search: object) -> tuple[Any, ...]:
    """Re-render the page from the controls, written back in their validated form."""
    ds = data.current()
    query = {k: v for k, v in (("from", old), ("to", new), ("side", side), ("years", span),
                               ("by", by)) if isinstance(v, str)}
    view, notes = parse(ds, query)
    return (ui.notices(notes), body(ds, view), span_options(ds, view),
            f"{view.start}-{view.end}", view.old, view.new, state.serialise(view))


ui.register_url_sync(ids.CHANGES_VIEW, ids.CHANGES_URL_SINK)
