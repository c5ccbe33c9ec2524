"""Writing events files: validated, atomic, never over a file, another article's report of
an existing event recorded as a source of that event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from etl.events.model import load_events
from etl.events.store import (
    StoreError,
    add_source,
    article_name,
    save_article,
    slug,
    write_atomic,
)


def document(article: str = "2024-04-17-example-org-a.txt", event_id: str = "a-01",
             **event: Any) -> dict[str, Any]:
    ev = {"id": event_id, "date": "2024-04-16", "precision": "day", "date_basis": "text",
          "title": "Aland sells jets to Boria", "summary": "Aland sold six used jets.",
          "countries": ["Aland", "Boria"], "systems": ["X-1"], "deal_ids": [12],
          "tags": ["delivery"], **event}
    return {"article": article,
            "source": {"outlet": "Example", "title": None, "url": "https://example.org/a",
                       "published": "2024-04-17", "published_precision": "day",
                       "published_basis": "text"},
            "events": [ev]}


def test_saved_file_loads_with_the_same_schema(tmp_path: Path) -> None:
    path = save_article(tmp_path, document())
    assert path.name == "2024-04-17-example-org-a.yaml"
    [ev] = load_events(tmp_path).events
    assert ev.id == "a-01" and ev.deal_ids == (12,)
    assert not list(tmp_path.glob(".tmp-*"))


@pytest.mark.parametrize(("change", "names"), [
    ({"precision": "month"}, "events[0].date"),
    ({"deal_ids": [0]}, "events[0].deal_ids[0]"),
    ({"countries": []}, "events[0].countries"),
])
def test_an_invalid_document_is_not_written(tmp_path: Path, change: dict[str, Any],
                                            names: str) -> None:
    with pytest.raises(StoreError, match=names.replace("[", r"\[").replace("]", r"\]")):
        save_article(tmp_path, document(**change))
    assert list(tmp_path.iterdir()) == []


def test_a_bad_url_is_refused(tmp_path: Path) -> None:
    doc = document()
    doc["source"]["url"] = "javascript:alert(1)"
    with pytest.raises(StoreError, match="only http"):
        save_article(tmp_path, doc)


def test_never_over_an_existing_file_nor_a_used_id(tmp_path: Path) -> None:
    save_article(tmp_path, document())
    with pytest.raises(StoreError, match="exists already"):
        save_article(tmp_path, document())
    with pytest.raises(StoreError, match="'a-01' is already used"):
        save_article(tmp_path, document(article="2024-04-18-other.txt"))


def test_the_same_event_from_another_article_becomes_a_source(tmp_path: Path) -> None:
    save_article(tmp_path, document())
    add_source(tmp_path, "a-01", "2024-04-20-other.txt")
    add_source(tmp_path, "a-01", "2024-04-20-other.txt")  # twice: still one source
    [ev] = load_events(tmp_path).events
    assert ev.also_in == ("2024-04-20-other.txt",)
    with pytest.raises(StoreError, match="no event 'zz-01'"):
        add_source(tmp_path, "zz-01", "x.txt")
    with pytest.raises(StoreError, match="this article's own"):
        add_source(tmp_path, "a-01", "2024-04-17-example-org-a.txt")


def test_an_article_with_no_own_event_is_valid(tmp_path: Path) -> None:
    doc = document()
    doc["events"] = []
    save_article(tmp_path, doc)
    assert load_events(tmp_path).errors == []


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    write_atomic(path, "a: 1\n")
    write_atomic(path, "a: 2\n")
    assert yaml.safe_load(path.read_text()) == {"a": 2}


def test_names_and_slugs() -> None:
    assert slug("Egypt signs for 24 Rafale!") == "egypt-signs-for-24-rafale"
    assert article_name("Example", "https://example.org/x/y", "2024-04-17") == \
        "2024-04-17-example-org-x-y.txt"
    assert article_name(None, None, None) == "undated-article.txt"
