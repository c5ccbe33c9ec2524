"""The country page's callback, asked as the browser asks it (Dash's update request on the
tiny build): a change of years or country sends the charts again but not the country list,
which the dropdown would re-index for search; a change of release sends the new release's
list (its entities differ)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard import ids

C = ids.COUNTRY_CONTROLS
OPTIONS = f"{C.country}.options"


@pytest.fixture(scope="module")
def client(tiny_build: Path) -> Iterator[FlaskClient]:
    from dashboard.app import create_app

    app = create_app(tiny_build)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    yield client


def country_update(client: FlaskClient, values: dict[str, Any],
                   changed: str) -> dict[str, dict[str, Any]]:
    """The response of the country page's main callback (the one writing the country list)
    to controls holding `values` (by "id.property"; the rest empty), `changed` being the
    one the analyst changed."""
    deps = client.get("/_dash-dependencies").json
    dep = next(d for d in deps if OPTIONS in d["output"])
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
               for part in dep["output"].strip(".").split("...")]

    def given(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "value": values.get(f"{item['id']}.{item['property']}")}
                for item in items]

    body = {"output": dep["output"], "outputs": outputs, "inputs": given(dep["inputs"]),
            "state": given(dep["state"]), "changedPropIds": [changed]}
    res = client.post("/_dash-update-component", json=body)
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    response: dict[str, dict[str, Any]] = res.json["response"]
    return response


def test_the_country_list_is_sent_only_with_another_release(client: FlaskClient) -> None:
    shown = "?country=India&release=2026-02-12"
    base = {f"{C.country}.value": "India", f"{C.release}.value": "2026-02-12",
            f"{C.view}.data": shown}
    years = country_update(client, {**base, f"{C.years}.value": [2018, 2024]},
                           f"{C.years}.value")
    assert "options" not in years.get(C.country, {})
    assert years[ids.ANNUAL.graph]["figure"]["data"]  # the charts are sent again
    country = country_update(client, {**base, f"{C.country}.value": "Pakistan"},
                             f"{C.country}.value")
    assert "options" not in country.get(C.country, {})
    release = country_update(client, {**base, f"{C.release}.value": "2026-05-18"},
                             f"{C.release}.value")
    values = [o["value"] for o in release[C.country]["options"]]
    assert "India" in values and "Pakistan" in values
