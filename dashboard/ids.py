"""Every component id of the dashboard, in one place.

Pages import ids from here; no id is written as a string literal elsewhere. Ids of one
chart card are built with `chart_ids`, so every chart has the same set of parts.
"""

from __future__ import annotations

from dataclasses import dataclass

# Dash's own page router keeps the one dcc.Location of the app under this id.
LOCATION = "_pages_location"

NAVBAR = "navbar"
NAVBAR_TOGGLER = "navbar-toggler"
NAVBAR_COLLAPSE = "navbar-collapse"

# About page
ABOUT_RELEASES = "about-releases"
ABOUT_CITE = "about-cite"
WORLD_UNMAPPED = "world-unmapped"
WORLD_SHIFTS = "world-shifts"


@dataclass(frozen=True)
class ControlIds:
    """The ids of one page's view controls and of what every view page shows."""

    country: str
    side: str
    release: str
    years: str
    window: str
    period: str
    compare: str
    top: str
    categories: str
    highlight: str
    notice: str
    headline: str
    view: str
    url_sink: str
    settings: str
    settings_toggle: str
    asked: str  # the years and periods the user chose, kept across release switches


def controls(page: str) -> ControlIds:
    """The control ids of a page, prefixed with its name, e.g. 'country-side'."""
    names = ControlIds.__dataclass_fields__
    return ControlIds(**{n: f"{page}-{n.replace('_', '-')}" for n in names})


COUNTRY_CONTROLS = controls("country")
WORLD_CONTROLS = controls("world")


@dataclass(frozen=True)
class ChartIds:
    """The ids of one chart card: the graph, its data table, and the export buttons."""

    graph: str
    table: str
    csv: str
    download: str
    png: str
    svg: str
    image_sink: str
    details: str  # the folded table (a collapse that reports whether it is open)
    toggle: str  # the button that opens and folds it
    table_view: str  # the view the open table is to show (set only while it is open)


def chart_ids(key: str) -> ChartIds:
    """The ids of the chart card called `key`, e.g. 'country-annual'."""
    return ChartIds(
        graph=f"{key}-graph",
        table=f"{key}-table",
        csv=f"{key}-csv",
        download=f"{key}-download",
        png=f"{key}-png",
        svg=f"{key}-svg",
        image_sink=f"{key}-image-sink",
        details=f"{key}-details",
        toggle=f"{key}-table-toggle",
        table_view=f"{key}-table-view",
    )


ANNUAL = chart_ids("country-annual")
SHARES = chart_ids("country-shares")
CATEGORY = chart_ids("country-category")
COMPARE_CHART = chart_ids("country-compare")
CONCENTRATION = chart_ids("country-concentration")
LOCAL_PRODUCTION = chart_ids("country-local")
WORLD_MAP = chart_ids("world-map")
WORLD_TOP_CHART = chart_ids("world-top")
WORLD_RANK = chart_ids("world-rank")


@dataclass(frozen=True)
class EventIds:
    """The ids of a page's event settings (show, tags), its event panel and its list of
    undated events."""

    show: str
    tags: str
    panel: str
    undated: str
    close: str  # the panel's close button


def event_ids(page: str) -> EventIds:
    """The event ids of a page, e.g. 'country-events-show'."""
    return EventIds(show=f"{page}-events-show", tags=f"{page}-events-tags",
                    panel=f"{page}-events-panel", undated=f"{page}-events-undated",
                    close=f"{page}-events-close")


COUNTRY_EVENTS = event_ids("country")
WORLD_EVENTS = event_ids("world")
# World page: where a clicked country (map or bar) links to its country page
WORLD_LINK = "world-country-link"

# Events page
EVENTS_COUNTRY = "events-country"
EVENTS_TAGS = "events-tags"
EVENTS_LIST = "events-list"
EVENTS_NOTICE = "events-notice"
EVENTS_VIEW = "events-view"
EVENTS_URL_SINK = "events-url-sink"


# Pair page (supplier → recipient)
PAIR_CONTROLS = controls("pair")
PAIR_SUPPLIER = "pair-supplier"
PAIR_RECIPIENT = "pair-recipient"
PAIR_SWAP = "pair-swap"
PAIR_CATEGORY = chart_ids("pair-category")
PAIR_SHARE = chart_ids("pair-share")
PAIR_TIMELINE = chart_ids("pair-timeline")
PAIR_LINK = "country-pair-link"
COUNTRY_PERIODS_LINK = "country-periods-link"  # to /tables: partners by five-year period
PAIR_EVENTS = event_ids("pair")


@dataclass(frozen=True)
class GridIds:
    """The ids of one deal explorer: stores, controls, the grid and the open-orders card."""

    view: str
    query: str
    highlight: str
    refresh: str
    search: str
    clear: str
    csv: str
    summary: str
    grid: str
    pipeline: str


def grid_ids(key: str) -> GridIds:
    """The ids of the deal explorer called `key`, e.g. 'country-deals'."""
    return GridIds(**{f: f"{key}-{f}" for f in GridIds.__dataclass_fields__})


# Deal explorers; `highlight` is a store of SIPRI deal ids to mark in the grid.
COUNTRY_DEALS = grid_ids("country-deals")
PAIR_DEALS = grid_ids("pair-deals")


@dataclass(frozen=True)
class ViewIds:
    """The ids every view of tables, compare, flows and search has: its notice, headline,
    the view store and URL sink, the scope controls, the CSV button, table and graph."""

    notice: str
    headline: str
    view: str
    url_sink: str
    side: str
    release: str
    years: str
    categories: str
    csv: str
    download: str
    table: str
    graph: str


def view_ids(page: str) -> ViewIds:
    """The ids of a view page, e.g. 'tables-notice'."""
    return ViewIds(**{n: f"{page}-{n.replace('_', '-')}" for n in ViewIds.__dataclass_fields__})


# SIPRI-style TIV tables (/tables): the country (empty: every country) and the columns
TABLES = view_ids("tables")
TABLES_COUNTRY = "tables-country"
TABLES_BY = "tables-by"
TABLES_ROWS = "tables-rows"  # the world table's rows: countries or areas

# Several countries on one chart (/compare)
COMPARE = view_ids("compare")
COMPARE_COUNTRIES = "compare-countries"
COMPARE_MEASURE = "compare-measure"
COMPARE_WINDOW = "compare-window"

# The largest supplier → recipient flows (/flows): how many, and the clicked flow's link
FLOWS = view_ids("flows")
FLOWS_TOP = "flows-top"
FLOWS_LINK = "flows-pair-link"
FLOWS_AREA = "flows-area"  # a region or grouping the flows touch
FLOWS_ROLE = "flows-role"  # which end of a flow is in it

# Register search (/search): the search box and the filters beyond the scope's
SEARCH = view_ids("search")
SEARCH_QUERY = "search-query"
SEARCH_SUPPLIERS = "search-suppliers"
SEARCH_RECIPIENTS = "search-recipients"
SEARCH_STATUS = "search-status"
SEARCH_LOCAL = "search-local"
SEARCH_NOTE = "search-shown-note"

# Add-article page
ARTICLE_SECRET = "article-secret"
ARTICLE_OUTLET = "article-outlet"
ARTICLE_URL = "article-url"
ARTICLE_PUBLISHED = "article-published"
ARTICLE_TEXT = "article-text"
ARTICLE_UPLOAD = "article-upload"
ARTICLE_PROPOSE = "article-propose"
ARTICLE_GRID = "article-grid"
ARTICLE_SAVE = "article-save"
ARTICLE_NOTICE = "article-notice"
ARTICLE_FORM = "article-form"

# Fact sheet page
FACTSHEET_RELEASE = "factsheet-release"
FACTSHEET_PERIOD = "factsheet-period"
FACTSHEET_NOTICE = "factsheet-notice"
FACTSHEET_BODY = "factsheet-body"
FACTSHEET_VIEW = "factsheet-view"
FACTSHEET_URL_SINK = "factsheet-url-sink"
FACTSHEET_DOWNLOAD = "factsheet-download"
FACTSHEET_GRAPH = "factsheet-world-volume"
FACTSHEET_TABLES = ("key-facts", "world-volume", "exporters", "importers", "regions")
FACTSHEET_CSV = {key: f"factsheet-csv-{key}" for key in FACTSHEET_TABLES}

# Regions: a chosen area's members (country page), regions as a breakdown (world page)
MEMBERS_CHART = chart_ids("country-members")
COUNTRY_MEMBERS_WRAP = "country-members-wrap"
WORLD_REGIONS = chart_ids("world-regions")
WORLD_REGION_SHARES = chart_ids("world-region-shares")

# What changed between two releases (/changes)
CHANGES_OLD = "changes-from"
CHANGES_NEW = "changes-to"
CHANGES_SIDE = "changes-side"
CHANGES_SPAN = "changes-years"
CHANGES_BY = "changes-by"
CHANGES_NOTICE = "changes-notice"
CHANGES_BODY = "changes-body"
CHANGES_VIEW = "changes-view"
CHANGES_URL_SINK = "changes-url-sink"
