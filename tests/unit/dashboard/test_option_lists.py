"""The country and pair pages' callbacks, asked as the browser asks them (Dash's update
request on the tiny build): a change of years, country or supplier sends the charts again
but not the lists of countries or parties, which each dropdown would re-index for search;
a change of release sends the new release's lists (their entities differ)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from dashboard import ids
from tests.support.dashclient import parse_dependencies, request_body

C = ids.COUNTRY_CONTROLS
OPTIONS = f"{C.country}.options"


def update(client: FlaskClient, values: dict[str, Any], changed: str,
           writes: str = OPTIONS) -> dict[str, dict[str, Any]]:
    """The response of the page's main callback (the one writing `writes`) to controls
    holding `values` (by "id.property"; the rest empty), `changed` being the one the
    analyst changed."""
    deps, _skipped = parse_dependencies(client.get("/_dash-dependencies").json)
    dep = next(d for d in deps if tuple(writes.rsplit(".", 1)) in d.outputs)
    given = {tuple(key.rsplit(".", 1)): value for key, value in values.items()}
    res = client.post("/_dash-update-component", json=request_body(dep, given, [changed]))
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    response: dict[str, dict[str, Any]] = res.json["response"]
    return response


def test_the_country_list_is_sent_only_with_another_release(client: FlaskClient) -> None:
    shown = "?country=India&release=2026-02-12"
    base = {f"{C.country}.value": "India", f"{C.release}.value": "2026-02-12",
            f"{C.view}.data": shown}
    years = update(client, {**base, f"{C.years}.value": [2018, 2024]},
                           f"{C.years}.value")
    assert "options" not in years.get(C.country, {})
    assert years[ids.ANNUAL.graph]["figure"]["data"]  # the charts are sent again
    country = update(client, {**base, f"{C.country}.value": "Pakistan"},
                             f"{C.country}.value")
    assert "options" not in country.get(C.country, {})
    release = update(client, {**base, f"{C.release}.value": "2026-05-18"},
                             f"{C.release}.value")
    values = [o["value"] for o in release[C.country]["options"]]
    assert "India" in values and "Pakistan" in values


def test_the_party_lists_are_sent_only_with_another_release(client: FlaskClient) -> None:
    P = ids.PAIR_CONTROLS
    parties = (ids.PAIR_SUPPLIER, ids.PAIR_RECIPIENT)
    base = {f"{ids.PAIR_SUPPLIER}.value": "Russia", f"{ids.PAIR_RECIPIENT}.value": "India",
            f"{P.release}.value": "2026-02-12",
            f"{P.view}.data": "?supplier=Russia&recipient=India&release=2026-02-12"}
    writes = f"{ids.PAIR_SUPPLIER}.options"
    for changed, value in ((f"{P.years}.value", [2018, 2024]),
                           (f"{ids.PAIR_SUPPLIER}.value", "China")):
        answer = update(client, {**base, changed: value}, changed, writes)
        assert all("options" not in answer.get(party, {}) for party in parties), changed
        assert answer[ids.PAIR_SUPPLIER]["value"]  # the view is written back
    release = update(client, {**base, f"{P.release}.value": "2026-05-18"},
                     f"{P.release}.value", writes)
    for party in parties:
        assert {"India", "Russia"} <= {o["value"] for o in release[party]["options"]}
