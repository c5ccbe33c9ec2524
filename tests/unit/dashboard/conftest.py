"""Fixtures for the dashboard unit tests: the tiny build, its dataset and the app serving
it (a Flask test client, one app a test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.unit.dashboard.tiny_build import write_build


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def tiny_dataset(tiny_build: Path):  # type: ignore[no-untyped-def]
    from dashboard.data import load_dataset

    return load_dataset(tiny_build)


@pytest.fixture(scope="module")
def client(tiny_build: Path) -> Iterator[FlaskClient]:
    from dashboard.app import create_app

    app = create_app(tiny_build)
    app.server.config["TESTING"] = False
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    yield client
