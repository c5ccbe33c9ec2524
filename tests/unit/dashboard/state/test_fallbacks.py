"""Nothing changes silently: an entity absent from a release is announced, and the years
and periods a user chose survive a release switch."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.components import controls
from dashboard.ids import controls as control_ids
from dashboard.state import pairstate as ps
from dashboard.state import queryvalues as qv
from dashboard.state.urlstate import Choices, aliases_for, parse

CHOICES = Choices(
    aliases=aliases_for({"Pakistan": [], "Turkiye": ["Türkiye"], "Soviet Union": ["USSR"],
                         "China": []}),
    releases={"2026-02-12": (1995, 2024), "2026-05-18": (1950, 2025),
              "2025-02-10": (2000, 2001)},
    default_release="2026-02-12",
    categories=("Aircraft",),
    present={"2026-02-12": frozenset({"Pakistan", "Turkiye", "China"}),
             "2026-05-18": frozenset({"Pakistan", "Turkiye", "China", "Soviet Union"}),
             "2025-02-10": frozenset({"Pakistan", "China"})},
)


@pytest.mark.parametrize(("query", "shown", "said"), [
    ({"country": "Soviet Union", "side": "exports"}, "Pakistan",
     "Soviet Union has no deliveries in release 2026-02-12 (1995–2024): showing Pakistan."),
    ({"country": "ussr", "release": "2026-05-18"}, "Soviet Union", None),
    ({"country": "Türkiye", "release": "2025-02-10"}, "Pakistan",
     "Turkiye has no deliveries in release 2025-02-10 (2000–2001): showing Pakistan."),
])
def test_a_country_absent_from_the_release_is_announced(query: dict[str, str], shown: str,
                                                        said: str | None) -> None:
    parsed = parse("country", query, CHOICES)
    assert parsed.view.country == shown
    assert (said in parsed.notices) if said else parsed.notices == ()


def test_pair_parties_absent_from_the_release_are_announced() -> None:
    parsed = ps.parse({"supplier": "Soviet Union", "recipient": "China"}, CHOICES)
    assert (parsed.view.supplier, parsed.view.recipient) == ("Turkiye", "China")
    assert any(n.startswith("Soviet Union has no deliveries in release 2026-02-12")
               for n in parsed.notices)


def test_a_partial_extract_is_named_when_it_shortens_periods() -> None:
    parsed = parse("country", {"release": "2025-02-10"}, CHOICES)
    assert parsed.view.window == 2
    assert any("(a partial extract) covers only 2000–2001" in n for n in parsed.notices)


C = control_ids("country")


def switch(query: dict[str, object], asked: object, trigger: str | None
           ) -> tuple[Any, dict[str, str]]:
    """One callback: the controls' query, the user's settings kept, the parsed view."""
    query = dict(query)
    kept = controls.keep_asked(C, query, asked, trigger)
    return parse("country", query, CHOICES), kept


def test_release_round_trip_keeps_years_window_and_period() -> None:
    chosen = {"country": "Pakistan", "release": "2026-02-12", "years": "2005-2020",
              "window": "5", "period": "2018", "compare": "2012"}
    asked = controls.asked_from_query(chosen)
    # to the two-year extract: everything clipped, each change announced
    parsed, asked = switch({**chosen, "release": "2025-02-10"}, asked, C.release)
    view = parsed.view
    assert (view.start, view.end, view.window, view.period) == (2000, 2001, 2, 2001)
    said = " ".join(parsed.notices)
    for part in ("Years 2005–2020", "periods shortened to 2", "Period 2018", "ending 2012"):
        assert part in said, said
    # the controls now show the clipped values; switching back restores the choice
    clipped = {"country": "Pakistan", "release": "2026-02-12", "years": "2000-2001",
               "window": "2", "period": "2001", "compare": ""}
    parsed, asked = switch(clipped, asked, C.release)
    view = parsed.view
    assert (view.start, view.end, view.window, view.period, view.compare) == (
        2005, 2020, 5, 2018, 2012)
    assert parsed.notices == ()


def test_a_control_change_replaces_its_setting_and_resets_what_depends_on_it() -> None:
    asked = {"years": "2005-2020", "window": "5", "period": "2018", "compare": "2012"}
    _, kept = switch({"window": "3", "period": "2018", "compare": "2012"}, asked, C.window)
    assert kept == {"years": "2005-2020", "window": "3"}
    _, kept = switch({"years": "1999-2010"}, asked, C.years)
    assert kept["years"] == "1999-2010" and kept["period"] == "2018"


def test_without_a_store_the_controls_are_the_choice() -> None:
    query: dict[str, object] = {"years": "2001-2010", "window": "4"}
    assert qv.kept_settings(None, query, None) == {}
    assert controls.keep_asked(C, dict(query), None, C.top) == {"years": "2001-2010",
                                                               "window": "4"}
