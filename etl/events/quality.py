"""How well extraction finds what the curated events record: precision and recall of
countries, weapon systems and linked SIPRI deals, per article and over all articles.

Compared per article: the set the article's curated file records (its own events; events
it only also reports, listed in another file's also_in, often carry systems named by the
other article) against the set the extraction proposes (systems compared under
alias normalisation, deals as the links scoring at least the link threshold).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.events.aliases import normalise_system, systems
from etl.events.extract import (
    Proposal,
    Published,
    parse_published,
    propose,
    read_article,
    system_index,
)
from etl.events.model import Event

KINDS = ("countries", "systems", "deals")


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


def compare(expected: set[str], found: set[str]) -> Counts:
    """Counts of found against expected."""
    return Counts(len(expected & found), len(found - expected), len(expected - found))


def _system_key(name: str) -> str:
    """A system's group name under alias normalisation."""
    index = system_index(systems())
    key = normalise_system(name)
    return index.names.get(key, key)


def curated_sets(events: Iterable[Event], article: str) -> dict[str, set[str]]:
    """What the curated events record for one article."""
    mine = [ev for ev in events if ev.article == article]
    return {
        "countries": {c for ev in mine for c in ev.countries},
        "systems": {_system_key(s) for ev in mine for s in ev.systems},
        "deals": {str(d) for ev in mine for d in ev.deal_ids},
    }


def extracted_sets(proposals: Sequence[Proposal]) -> dict[str, set[str]]:
    """What the extraction proposes for one article."""
    return {
        "countries": {c for p in proposals for c in p.countries},
        "systems": {_system_key(s) for p in proposals for s in p.systems},
        "deals": {str(d) for p in proposals for d in p.deal_ids},
    }


def article_published(events: Iterable[Event], article: str) -> Published | None:
    """The publication date the curated file gives the article (an analyst's --published)."""
    for ev in events:
        if ev.article == article and ev.source.published:
            return parse_published(ev.source.published)
    return None


def measure(events: Sequence[Event], articles_dir: Path,
            deals: pd.DataFrame) -> dict[str, dict[str, Counts]]:
    """Counts per article and kind, plus the total under the key 'all'."""
    index = system_index(systems(), deals["designation"].unique())
    names = sorted({ev.article for ev in events})
    result: dict[str, dict[str, Counts]] = {}
    for name in names:
        text = read_article(articles_dir / name)
        proposals = propose(text, article_published(events, name), deals, index)
        want, got = curated_sets(events, name), extracted_sets(proposals)
        result[name] = {k: compare(want[k], got[k]) for k in KINDS}
    result["all"] = {k: sum((result[n][k] for n in names), Counts(0, 0, 0)) for k in KINDS}
    return result


def report(result: Mapping[str, Mapping[str, Counts]]) -> list[str]:
    """The measured figures as text lines."""
    lines = [f"{'article':<28}" + "".join(f"{k:>22}" for k in KINDS),
             f"{'':<28}" + "".join(f"{'P     R   (tp/fp/fn)':>22}" for _ in KINDS)]
    for name, counts in result.items():
        cells = "".join(
            f"{c.precision:>6.2f}{c.recall:>6.2f} ({c.tp}/{c.fp}/{c.fn})".rjust(22)
            for c in (counts[k] for k in KINDS))
        lines.append(f"{name:<28}{cells}")
    return lines
