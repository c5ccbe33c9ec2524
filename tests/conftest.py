"""Shared fixtures: where the real SIPRI exports are, and the small fixture files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are judged by their examples, not by their speed: on a loaded 2-core
# machine one example can take longer than Hypothesis's default 200 ms deadline.
settings.register_profile("armsdash", deadline=None)
settings.load_profile("armsdash")

ROOT = Path(__file__).resolve().parents[1]
SHARED_SIPRI = ROOT.parent / "shared" / "sipri"
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


REQUIRE_REAL_DATA = os.environ.get("ARMSDASH_REQUIRE_REAL_DATA") == "1"
REQUIRE_BROWSER = os.environ.get("ARMSDASH_REQUIRE_BROWSER") == "1"


def skip_or_fail(reason: str, required: bool) -> None:
    """Skip a test whose input is absent, or fail it where CI requires that input."""
    if required:
        pytest.fail(f"required for this run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sipri_dir() -> Path:
    """The folder of real SIPRI exports; tests that need it skip where it is absent."""
    if not SHARED_SIPRI.is_dir():
        skip_or_fail(f"real SIPRI exports not found at {SHARED_SIPRI}", REQUIRE_REAL_DATA)
    return SHARED_SIPRI


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """The folder of real articles; tests that need it skip where it is absent."""
    if not SHARED_ARTICLES.is_dir():
        skip_or_fail(f"articles not found at {SHARED_ARTICLES}", REQUIRE_REAL_DATA)
    return SHARED_ARTICLES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def real_build(sipri_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of every real SIPRI export, made once per session and shared by every test
    that reads it (tests never write into it)."""
    from etl.build import build

    out = tmp_path_factory.mktemp("real-build") / "build"
    build([sipri_dir], out)
    return out
