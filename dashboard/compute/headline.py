"""The headline sentence of a country view, written from the numbers.

"In 2020–24 Pakistan received 4.6% of world arms imports (5th largest). China supplied
81%, the Netherlands 5.5%, Türkiye 3.8%. Its imports were 61% higher than in 2015–19."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.compute.metrics import period_label

# Names that take "the" in running text (display names, as people read them).
WITH_ARTICLE = frozenset({
    "Bahamas", "Central African Republic", "Comoros", "Czech Republic",
    "Dominican Republic", "Gambia", "Maldives", "Marshall Islands", "Netherlands",
    "Philippines", "Solomon Islands", "Soviet Union", "UAE", "United Arab Emirates",
    "United Kingdom", "United States", "United Nations", "African Union",
    "European Union", "Holy See",
})


@dataclass(frozen=True)
class Facts:
    """The numbers a headline is written from; shares in %, TIV in millions."""

    country: str
    side: str
    period: tuple[int, int]
    tiv: float
    world_share: float | None
    rank: int | None
    partners: tuple[tuple[str, float], ...]
    base: tuple[int, int] | None = None
    base_tiv: float | None = None
    base_share: float | None = None
    base_rank: int | None = None
    categories: tuple[str, ...] = ()


def with_article(name: str, start: bool = False) -> str:
    """'the Netherlands' for names that take an article; capitalised at a sentence start."""
    bare = name.rstrip("*")
    text = f"the {name}" if bare in WITH_ARTICLE else name
    return text[:1].upper() + text[1:] if start else text


def percent(value: float) -> str:
    """A share as SIPRI writes it: '81%', '5.5%', '<0.1%'."""
    if value >= 9.95:
        return f"{value:.0f}%"
    if value < 0.05:
        return "<0.1%"
    return f"{value:.1f}%"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_phrase(rank: int | None) -> str:
    """'(largest)', '(5th largest)', or '' without a rank."""
    if rank is None:
        return ""
    return " (largest)" if rank == 1 else f" ({ordinal(rank)} largest)"


def partner_list(partners: Sequence[tuple[str, float]], verb: str) -> str:
    """'China supplied 81%, the Netherlands 5.5%, Türkiye 3.8%.'"""
    if not partners:
        return ""
    (first, share), *rest = partners
    parts = [f"{with_article(first, start=True)} {verb} {percent(share)}"]
    parts += [f"{with_article(name)} {percent(s)}" for name, s in rest]
    return ", ".join(parts) + "."


def headline(facts: Facts) -> str:
    """The headline sentence(s) for the facts of one country, side and period."""
    label = period_label(*facts.period)
    flow = "imports" if facts.side == "imports" else "exports"
    scope = f" of {', '.join(facts.categories)}" if facts.categories else ""
    who = with_article(facts.country)
    if facts.tiv <= 0:
        return f"SIPRI records no arms {flow}{scope} for {with_article(facts.country)} in {label}."
    verb = "received" if facts.side == "imports" else "accounted for"
    share = "" if facts.world_share is None else (
        f" {percent(facts.world_share)} of world arms {flow}{scope}{rank_phrase(facts.rank)}")
    first = f"In {label} {who} {verb}{share}." if share else (
        f"In {label} {who} {'imported' if facts.side == 'imports' else 'exported'} "
        f"arms{scope}.")
    partner_verb = "supplied" if facts.side == "imports" else "received"
    sentences = [first, partner_list(facts.partners, partner_verb), _change(facts, flow)]
    return " ".join(s for s in sentences if s)


def _change(facts: Facts, flow: str) -> str:
    """'Its imports were 61% higher than in 2015–19 (3.0% of the world, 8th).'"""
    if facts.base is None or facts.base_tiv is None:
        return ""
    label = period_label(*facts.base)
    if facts.base_tiv <= 0:
        return f"SIPRI records no {flow} for it in {label}."
    change = (facts.tiv - facts.base_tiv) / facts.base_tiv * 100
    if abs(change) < 0.5:
        how = "about the same as"
    else:
        how = f"{abs(change):.0f}% {'higher' if change > 0 else 'lower'} than"
    before = ""
    if facts.base_share is not None and facts.base_rank is not None:
        before = f" ({percent(facts.base_share)} of the world total, {ordinal(facts.base_rank)})"
    return f"Its {flow} were {how} in {label}{before}."


def world_headline(period: tuple[int, int], side: str, leaders: Sequence[tuple[str, float]],
                   categories: Sequence[str] = ()) -> str:
    """The world view's sentence from its largest countries' world shares (in %, largest
    first): 'In 2020–24 the United States supplied 43% of world arms exports, France 9.6%,
    Russia 7.8%.'"""
    label = period_label(*period)
    flow = "imports" if side == "imports" else "exports"
    scope = f" of {', '.join(categories)}" if categories else ""
    if not leaders:
        return f"SIPRI records no arms {flow}{scope} in {label}."
    verb = "received" if side == "imports" else "supplied"
    (first, share), *rest = leaders
    parts = [f"In {label} {with_article(first)} {verb} {percent(share)} of world arms "
             f"{flow}{scope}"]
    parts += [f"{with_article(name)} {percent(s)}" for name, s in rest]
    return ", ".join(parts) + "."
