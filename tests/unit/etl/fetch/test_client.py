"""The client's politeness: User-Agent, backoff growth and jitter."""

from __future__ import annotations

import pytest

from etl.fetch.client import Policy, user_agent


def test_user_agent_names_the_project_and_version() -> None:
    agent = user_agent()
    assert agent.startswith("armsdash/0.")
    assert "SIPRI Arms Transfers Database" in agent


def test_backoff_doubles_is_capped_and_jittered() -> None:
    policy = Policy(backoff=5, max_backoff=30, jitter=0.5)
    assert [policy.delay(n, rng=lambda: 0.0) for n in (1, 2, 3, 4, 5)] == [5, 10, 20, 30, 30]
    assert policy.delay(1, rng=lambda: 1.0) == 7.5


def test_no_connection_at_all_is_retried_sooner() -> None:
    policy = Policy(backoff=5, connect_backoff=1, max_backoff=30, jitter=0.0)
    assert [policy.delay(n, kind="unreachable") for n in (1, 2, 3)] == [1, 2, 4]
    assert policy.delay(1, kind="timeout") == 5


def test_retry_after_header_in_seconds() -> None:
    from etl.fetch.client import retry_after

    assert retry_after("7") == 7.0
    assert retry_after(None) is None
    assert retry_after("Wed, 21 Oct 2026 07:28:00 GMT") is None
    assert retry_after("-1") is None


def test_decompression_stops_past_its_limit_and_names_it() -> None:
    import gzip as gz

    from etl.fetch.client import TransportError, _decompress

    body = gz.compress(b"a" * 3_000_000)
    assert _decompress(body, "gzip", "u", 3_000_000) == b"a" * 3_000_000
    with pytest.raises(TransportError, match="larger than 2 MB") as caught:
        _decompress(body, "gzip", "u", 2_000_000)
    assert caught.value.kind == "too_large"
    with pytest.raises(TransportError, match="broken gzip") as broken:
        _decompress(body[: len(body) // 2], "gzip", "u", 10_000_000)
    assert broken.value.kind == "connection"
    assert _decompress(b"plain", "", "u", 1) == b"plain"
