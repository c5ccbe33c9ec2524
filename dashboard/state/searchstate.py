"""The view a `/search` URL describes: parse a query string into a `SearchView`, serialise it.

Pure (see `dashboard.state.scope`); `parse(serialise(v)) == v`. Keys: `q` (the search:
words a deal must all hold, in its designation (with the weapon's aliases), description,
category, supplier or recipient (any spelling), status or comments; commas separate
alternatives: `q=TB2, Akıncı, Anka`), `release`, `years` (deals with a delivery in these
years, or ordered in them and not yet delivered; all years by default), `cat`
(repeated), `supplier` and `recipient` (repeated: any of them), `status` (repeated:
`new`, `second hand`, `second hand but modernized`) and `local` (`yes`: produced under
licence or locally only; `no`: none of those).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.state import queryvalues as qv
from dashboard.state import scope as sc
from dashboard.state.queryvalues import shown

MAX_QUERY = 200
MAX_PARTIES = 10
STATUSES = ("new", "second hand", "second hand but modernized")
LOCAL = ("any", "yes", "no")


@dataclass(frozen=True)
class SearchView:
    """A complete, valid /search view."""

    scope: sc.Scope  # the side is unused: a deal has a supplier and a recipient
    query: str = ""
    suppliers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    local: str = "any"

    @property
    def terms(self) -> tuple[str, ...]:
        """The alternatives of the search (comma- or semicolon-separated), each once."""
        parts = self.query.replace(";", ",").split(",")
        return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class ParsedSearch:
    """A parsed view and the notices about values replaced by defaults."""

    view: SearchView
    notices: tuple[str, ...] = ()


def parse_search(search: str, choices: sc.ViewChoices) -> ParsedSearch:
    """Parse a `?a=b` query string (leading '?' optional)."""
    return parse(sc.query_of(search), choices)


def parse(query: Mapping[str, object], choices: sc.ViewChoices) -> ParsedSearch:
    """Resolve query values into a valid SearchView with notices."""
    notes: list[str] = []
    scope = sc.parse_scope({k: v for k, v in query.items() if k != "side"}, choices, notes)
    text = " ".join((qv.one(query, "q", notes) or "").split())
    if len(text) > MAX_QUERY:
        notes.append(f"The search is cut to its first {MAX_QUERY} characters.")
        text = text[:MAX_QUERY].strip()
    suppliers = sc.names(qv.many(query, "supplier"), choices, "supplier", MAX_PARTIES, notes)
    recipients = sc.names(qv.many(query, "recipient"), choices, "recipient", MAX_PARTIES,
                          notes)
    statuses = _statuses(qv.many(query, "status"), notes)
    local = qv.enum(qv.one(query, "local", notes), LOCAL, "licence/local production", notes)
    view = SearchView(scope, text, suppliers, recipients, statuses, local)
    return ParsedSearch(view, tuple(notes))


def serialise(view: SearchView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs = [("q", view.query)] if view.query else []
    pairs += sc.scope_pairs(view.scope, with_side=False)
    pairs += [("supplier", s) for s in view.suppliers]
    pairs += [("recipient", r) for r in view.recipients]
    pairs += [("status", s) for s in view.statuses]
    if view.local != "any":
        pairs.append(("local", view.local))
    return "?" + urlencode(pairs)


def _statuses(values: list[str], notes: list[str]) -> tuple[str, ...]:
    wanted = {" ".join(v.lower().replace("-", " ").split()) for v in values if v.strip()}
    unknown = sorted(wanted - set(STATUSES))
    if unknown:
        notes.append(f"Unknown status {', '.join(shown(u) for u in unknown[:3])}: ignored.")
    picked = tuple(s for s in STATUSES if s in wanted)
    return () if len(picked) == len(STATUSES) else picked
