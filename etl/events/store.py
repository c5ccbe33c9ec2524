"""Writing curated events files: an article's reviewed events saved as one YAML file in the
curated form, validated by the same schema the loader uses, written atomically (a temporary
file in the folder, then a rename), never over an existing file; and "the same event" from
another article recorded on the existing event (`also_in`), never as a second event.

The article's text is never written: only what the editor reviewed (title, summary in the
editor's words, date and precision, countries, systems, deal ids, tags) and the source.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from etl.events.model import EventsFileError, load_file, parse_document

SLUG_RE = re.compile(r"[^a-z0-9]+")
HEADER = ("# Events of one article, reviewed and saved by an editor in the dashboard's\n"
          "# \"Add article\" page (same schema as every file here: etl/events/model.py).\n")


class StoreError(ValueError):
    """An events file cannot be written; the message says why in one line."""


def slug(text: str, limit: int = 60) -> str:
    """A lowercase slug of a text ('Egypt signs for 24 Rafale' -> 'egypt-signs-for-24-rafale')."""
    return SLUG_RE.sub("-", text.lower()).strip("-")[:limit].strip("-") or "article"


def article_name(outlet: str | None, url: str | None, published: str | None) -> str:
    """The article's file name (it names the article; its text is never stored)."""
    base = slug(url.split("//", 1)[-1]) if url else slug(outlet or "article")
    return f"{slug(published or 'undated', 10)}-{base[:70]}.txt"


def dump(doc: Mapping[str, Any]) -> str:
    """A document as YAML text with the header."""
    return HEADER + yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=88)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename, so a
    reader sees the old file or the new one, never a half-written one."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_article(folder: Path, doc: Mapping[str, Any],
                 known_country: Callable[[str], bool] | None = None) -> Path:
    """Validate an article's document and write it as a new file in folder."""
    article = str(doc.get("article", ""))
    path = folder / f"{Path(article).stem}.yaml"
    try:
        parse_document(doc, path.name, known_country)
    except EventsFileError as err:
        raise StoreError(str(err)) from None
    if path.exists():
        raise StoreError(f"{path.name}: an events file for this article exists already")
    taken = {ev.id for p in folder.glob("*.yaml") for ev in _events_of(p)}
    clash = [ev["id"] for ev in doc["events"] if ev["id"] in taken]
    if clash:
        raise StoreError(f"event id {clash[0]!r} is already used")
    write_atomic(path, dump(doc))
    return path


def _events_of(path: Path) -> list[Any]:
    try:
        return load_file(path)
    except EventsFileError:
        return []


def add_source(folder: Path, event_id: str, article: str) -> Path:
    """Record that another article reports an existing event: its also_in gains the
    article (the file is rewritten atomically and validated again)."""
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        events = raw.get("events") if isinstance(raw, dict) else None
        for entry in events or []:
            if isinstance(entry, dict) and entry.get("id") == event_id:
                if raw.get("article") == article:
                    raise StoreError(f"{event_id}: the event is this article's own")
                also = list(entry.get("also_in") or [])
                if article not in also:
                    entry["also_in"] = [*also, article]
                try:
                    parse_document(raw, path.name)
                except EventsFileError as err:
                    raise StoreError(str(err)) from None
                write_atomic(path, dump(raw))
                return path
    raise StoreError(f"no event {event_id!r} to add the article to")


def merge_sources(folder: Path, same_as: Sequence[str], article: str) -> list[Path]:
    """add_source for each existing event the editor marked as the same."""
    return [add_source(folder, event_id, article) for event_id in dict.fromkeys(same_as)]
