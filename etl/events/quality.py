"""How well extraction finds what an article reports: precision and recall of countries,
weapon systems, linked SIPRI deals and event dates, per article and over all articles.

Two sources of truth, scored alike: the curated events of the seed articles
(`data/events/*.yaml`; an article's own events, not those it only also reports) and our
labels of the development articles (`benchmarks/labels/more.yaml`, schema below). Per
article the truth's sets are compared with what the extraction proposes: systems by
designation family (`etl.events.aliases.system_key`), deals as the links scoring at least the
link threshold, dates as the dates of proposed transfer events (a system named or a
transfer word) at the precision given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from etl.events.aliases import normalise_system, systems
from etl.events.extract import (
    Proposal,
    Published,
    SystemIndex,
    parse_published,
    propose,
    read_article,
    system_index,
)
from etl.events.model import Event, EventsFileError, check_date, date_text

KINDS = ("countries", "systems", "deals", "dates")
TRANSFER_TAGS = frozenset({"agreement", "acquisition", "delivery", "production", "exports"})
LABEL_KEYS = {"what", "date", "precision", "countries", "systems", "deal_ids"}


class LabelsFileError(ValueError):
    """A labels file does not match its schema; the message names file, article and field."""


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one kind of item."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Truth:
    """What one article reports: the sets scored, and the publication date an analyst
    would give the extraction (None where the page shows none)."""

    sets: Mapping[str, frozenset[str]]
    published: Published | None


def compare(expected: Iterable[str], found: Iterable[str]) -> Counts:
    """Counts of found against expected."""
    want, got = set(expected), set(found)
    return Counts(len(want & got), len(got - want), len(want - got))


def system_key(name: str, index: SystemIndex) -> str:
    """A system's group name under alias normalisation (its family where it has one)."""
    return normalise_system(index.family(index.names.get(normalise_system(name), name)))


def truth_sets(countries: Iterable[str], names: Iterable[str], deal_ids: Iterable[int],
               dates: Iterable[str | None], index: SystemIndex) -> dict[str, frozenset[str]]:
    """The scored sets from an article's countries, systems, deals and event dates."""
    return {
        "countries": frozenset(countries),
        "systems": frozenset(system_key(s, index) for s in names),
        "deals": frozenset(str(d) for d in deal_ids),
        "dates": frozenset(d for d in dates if d),
    }


def curated_truth(events: Sequence[Event], index: SystemIndex) -> dict[str, Truth]:
    """Truth per seed article from its curated events (publication date as curated)."""
    result: dict[str, Truth] = {}
    for name in sorted({ev.article for ev in events}):
        mine = [ev for ev in events if ev.article == name]
        published = next((parse_published(ev.source.published) for ev in mine
                          if ev.source.published), None)
        sets = truth_sets((c for ev in mine for c in ev.countries),
                          (s for ev in mine for s in ev.systems),
                          (d for ev in mine for d in ev.deal_ids),
                          (ev.date for ev in mine), index)
        result[name] = Truth(sets, published)
    return result


def _label_event(raw: object, where: str) -> dict[str, Any]:
    """One labelled event, checked."""
    if not isinstance(raw, Mapping) or set(raw) != LABEL_KEYS:
        fields = ", ".join(sorted(LABEL_KEYS))
        raise LabelsFileError(f"{where}: expected exactly the fields {fields}")
    try:
        date, _ = check_date(raw["date"], raw["precision"], where)
    except EventsFileError as err:
        raise LabelsFileError(str(err)) from None
    for key in ("countries", "systems"):
        if not isinstance(raw[key], list) or not all(isinstance(v, str) and v for v in raw[key]):
            raise LabelsFileError(f"{where}.{key}: expected a list of names")
    ids = raw["deal_ids"]
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool)
                                            and i > 0 for i in ids):
        raise LabelsFileError(f"{where}.deal_ids: expected a list of positive SIPRI deal ids")
    if not raw["countries"]:
        raise LabelsFileError(f"{where}.countries: an event has at least one party")
    return {**raw, "date": date}


def load_labels(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read a labels file: article file name -> its labelled events."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise LabelsFileError(f"{path}: cannot read: {err}") from None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("articles"), list):
        raise LabelsFileError(f"{path}: expected a mapping with a list 'articles'")
    result: dict[str, list[dict[str, Any]]] = {}
    for i, entry in enumerate(raw["articles"]):
        where = f"{path}: articles[{i}]"
        if not isinstance(entry, Mapping) or set(entry) != {"file", "events"}:
            raise LabelsFileError(f"{where}: expected exactly the fields events, file")
        name = entry["file"]
        if not isinstance(name, str) or name in result:
            raise LabelsFileError(f"{where}.file: missing or listed twice")
        events = entry["events"]
        if not isinstance(events, list) or not events:
            raise LabelsFileError(f"{where}.events: expected a non-empty list")
        result[name] = [_label_event(e, f"{where}.events[{j}]") for j, e in enumerate(events)]
    return result


def index_published(index_file: Path) -> dict[str, Published | None]:
    """Publication dates from an articles folder's index.yaml (null where the page shows
    none): what an analyst would give the extraction."""
    raw = yaml.safe_load(index_file.read_text(encoding="utf-8"))
    result: dict[str, Published | None] = {}
    for entry in raw["articles"]:
        value = date_text(entry.get("published"), f"{index_file}: {entry['file']}")
        result[entry["file"]] = parse_published(value) if value else None
    return result


def labels_truth(labels: Mapping[str, Sequence[Mapping[str, Any]]],
                 published: Mapping[str, Published | None],
                 index: SystemIndex) -> dict[str, Truth]:
    """Truth per labelled article."""
    return {
        name: Truth(truth_sets((c for ev in events for c in ev["countries"]),
                               (s for ev in events for s in ev["systems"]),
                               (d for ev in events for d in ev["deal_ids"]),
                               (ev["date"] for ev in events), index),
                    published.get(name))
        for name, events in labels.items()
    }


def is_transfer(p: Proposal) -> bool:
    """A proposal about a transfer: it names a system or carries a transfer word."""
    return bool(p.systems) or bool(TRANSFER_TAGS & set(p.tags))


def extracted_sets(proposals: Sequence[Proposal],
                   index: SystemIndex) -> dict[str, frozenset[str]]:
    """What the extraction proposes for one article."""
    return {
        "countries": frozenset(c for p in proposals for c in p.countries),
        "systems": frozenset(system_key(s, index) for p in proposals for s in p.systems),
        "deals": frozenset(str(d) for p in proposals for d in p.deal_ids),
        "dates": frozenset(p.date.date for p in proposals
                           if p.date and p.date.date and is_transfer(p)),
    }


def measure(truth: Mapping[str, Truth], articles_dir: Path,
            deals: pd.DataFrame) -> dict[str, dict[str, Counts]]:
    """Counts per article and kind, plus the total under the key 'all'."""
    index = system_index(systems(), deals["designation"].unique())
    result: dict[str, dict[str, Counts]] = {}
    for name, want in truth.items():
        text = read_article(articles_dir / name)
        got = extracted_sets(propose(text, want.published, deals, index), index)
        result[name] = {k: compare(want.sets[k], got[k]) for k in KINDS}
    result["all"] = {k: sum((result[n][k] for n in truth), Counts(0, 0, 0)) for k in KINDS}
    return result


def report(result: Mapping[str, Mapping[str, Counts]], title: str = "article") -> list[str]:
    """The measured figures as text lines."""
    lines = [f"{title:<40}" + "".join(f"{k:>22}" for k in KINDS),
             f"{'':<40}" + "".join(f"{'P     R   (tp/fp/fn)':>22}" for _ in KINDS)]
    for name, counts in result.items():
        cells = "".join(
            f"{c.precision:>6.2f}{c.recall:>6.2f} ({c.tp}/{c.fp}/{c.fn})".rjust(22)
            for c in (counts[k] for k in KINDS))
        lines.append(f"{name[:40]:<40}{cells}")
    return lines
