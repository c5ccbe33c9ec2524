"""The labels file's schema: the project's labels load; a bad file names file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.events.quality import LabelsFileError, compare, load_labels

LABELS = Path(__file__).resolve().parents[4] / "benchmarks" / "labels" / "more.yaml"

GOOD_EVENT = ("{what: an order, date: 2019-05, precision: month, countries: [Aland, Boria],"
              " systems: [X-1], deal_ids: [12]}")


def write(tmp_path: Path, events: str, file: str = "a.txt") -> Path:
    path = tmp_path / "labels.yaml"
    path.write_text(f"articles:\n  - file: {file}\n    events:\n      - {events}\n",
                    encoding="utf-8")
    return path


def test_project_labels_load_with_24_articles() -> None:
    labels = load_labels(LABELS)
    assert len(labels) == 24
    assert all(events for events in labels.values())


def test_a_good_event_loads(tmp_path: Path) -> None:
    [event] = load_labels(write(tmp_path, GOOD_EVENT))["a.txt"]
    assert event["date"] == "2019-05" and event["deal_ids"] == [12]


@pytest.mark.parametrize(("bad", "names"), [
    (GOOD_EVENT.replace("precision: month", "precision: day"), "events[0].date"),
    (GOOD_EVENT.replace("deal_ids: [12]", "deal_ids: [-3]"), "events[0].deal_ids"),
    (GOOD_EVENT.replace("countries: [Aland, Boria]", "countries: []"), "events[0].countries"),
    (GOOD_EVENT.replace("what: an order, ", ""), "expected exactly the fields"),
])
def test_a_bad_event_is_named(tmp_path: Path, bad: str, names: str) -> None:
    with pytest.raises(LabelsFileError, match=r"articles\[0\]") as err:
        load_labels(write(tmp_path, bad))
    assert names in str(err.value)


def test_compare_counts_hits_misses_and_extras() -> None:
    counts = compare({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 1)
    assert counts.precision == 0.5 and counts.recall == pytest.approx(2 / 3)
