"""Integration fixtures: the real build loaded once, as the dashboard serves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data import Dataset, load_dataset


@pytest.fixture(scope="session")
def dataset(real_build: Path) -> Dataset:
    """The Dataset of the real build (read-only; shared by the modules that read it)."""
    return load_dataset(real_build)
