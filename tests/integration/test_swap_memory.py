"""Live swaps do not grow a worker's memory: ten swaps of the build under a running
`armsdash serve` (each a new build of the real exports, alternately one release and two)
leave the worker within 10% of its memory after the first swap. One worker, so that the
fresh connections that must all see each new build are sure to reach it (with two, five
in a row can all reach one of them, and the other's memory is read before it loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.swap_memory import run

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


def test_memory_after_ten_swaps_stays_within_ten_percent_of_after_one(
        sipri_dir: Path) -> None:
    result = run(swaps=10, n_workers=1, rounds=5, sipri=sipri_dir)
    after = result["rss_mb_after_each_swap"]
    assert len(after) == 10 and all(len(workers) == 1 for workers in after)
    assert result["growth_percent"] <= 10, after
