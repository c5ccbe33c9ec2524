"""Fixtures for the dashboard unit tests: the tiny build and its dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.dashboard.tiny_build import write_build


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def tiny_dataset(tiny_build: Path):  # type: ignore[no-untyped-def]
    from dashboard.data import load_dataset

    return load_dataset(tiny_build)
