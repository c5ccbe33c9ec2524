"""After `armsdash fetch` stores a new release: what it changed against the release stored
before it, printed and kept in its provenance.json (fake backend on loopback; the newer
release is the fixture with a later stamp and one deal's designation changed)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from etl.cli import main
from etl.fetch.client import Policy
from etl.fetch.raw_store import PROVENANCE
from tests.support.fake_sipri import FIXTURES, FakeSipri

OLD_STAMP, NEW_STAMP = "14 Mar 2026 10:15:00 AM", "14 Apr 2026 10:15:00 AM"


def newer_fixtures(folder: Path) -> Path:
    """The fetch fixtures stamped a month later, deal 70003's designation changed."""
    folder.mkdir()
    for path in FIXTURES.glob("*.csv"):
        data = path.read_bytes()
        encoding = "utf-8" if data.isascii() or _utf8(data) else "cp1252"
        text = data.decode(encoding).replace(OLD_STAMP, NEW_STAMP)
        text = text.replace(",Karel Doorman,", ",Karel Doorman-class,")
        (folder / path.name).write_bytes(text.encode(encoding))
    shutil.copy(FIXTURES / "README.md", folder / "README.md")
    return folder


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def fetch(url: str, raw: Path) -> int:
    return main(["fetch", "--out", str(raw), "--base-url", url])


def test_a_new_release_is_compared_with_the_one_stored_before(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("etl.fetch.run.Policy", lambda: replace(Policy(), pause=0.0))
    raw = tmp_path / "raw"
    with FakeSipri(FIXTURES) as fake:
        assert fetch(fake.base_url, raw) == 0
    first = capsys.readouterr().out
    assert "changes" not in first  # nothing stored before
    with FakeSipri(newer_fixtures(tmp_path / "newer")) as newer:
        assert fetch(newer.base_url, raw) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0] == str(raw / "sipri" / "2026-04-14")
        assert "changes 2026-03-14 → 2026-04-14 over" in out
        assert "deals with SIPRI id: 0 added, 0 removed, 1 revised" in out
        assert "armsdash diff 2026-03-14 2026-04-14" in out
        prov = json.loads((raw / "sipri" / "2026-04-14" / PROVENANCE).read_text())
        assert prov["changes"]["old"] == "2026-03-14"
        assert prov["changes"]["deals"]["with_id"]["revised"] == 1
        assert prov["complete"] is True and "answers" in prov  # the record is kept
        # asked again: the stored release and its summary, nothing fetched again
        newer.requests.clear()
        assert fetch(newer.base_url, raw) == 0
        assert newer.kinds() == ["max_year"]
        assert "1 revised" in capsys.readouterr().out
