"""One rule for matching what analysts type to what SIPRI writes.

Case, accents (Türkiye, Akıncı), punctuation (TB-2, U.A.E.), former names and other
spellings of an entity (Turkey, UAE: the entities table and the article alias file
`etl/events/data/countries.yaml`) and weapon-system aliases (TB2, Mushshak:
`etl/events/data/systems.yaml`) are folded the same way wherever a name is looked up:
the URL, the country dropdowns and the deal search.

    m = matcher_for({"Turkiye": ["Türkiye"]})
    m.country("turkey")                      # 'Turkiye'
    contains_all(m.haystack(deals, cols, named), "TB2 turkey")  # a row mask

Pure: no Dash; the only data read are the project's own alias files.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SEPARATORS = re.compile(r"[\s,;:/|()\[\]{}]+")
DROPPED = re.compile(r"[^\w ]|_")
ASCII_SEPARATORS = r"[ ,;:/|()\[\]{}]+"  # SEPARATORS and DROPPED on printable ASCII text,
ASCII_DROPPED = r"[^a-z0-9 ]"  # once lower-cased: pyarrow's kernels, not Python's re
NOT_PRINTABLE_ASCII = r"[^\x20-\x7e]"  # text with these takes the one-by-one path
TURKISH = str.maketrans({"ı": "i", "İ": "I"})  # NFKD does not decompose the dotless i


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation inside words: 'Akıncı' -> 'akinci',
    'TB-2' -> 'tb2', "Côte d'Ivoire" -> 'cote divoire'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(TURKISH))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(DROPPED.sub("", SEPARATORS.sub(" ", plain)).split())


def fold_all(values: pd.Series) -> pd.Series:
    """`fold` of every value (missing values as ''), vectorised: printable ASCII text
    (nearly all of SIPRI's) by string kernels, the rest one by one."""
    text = values.fillna("").astype("str")
    out = (text.str.lower().str.replace(ASCII_SEPARATORS, " ", regex=True)
           .str.replace(ASCII_DROPPED, "", regex=True).str.replace(" +", " ", regex=True)
           .str.strip())
    other = text.str.contains(NOT_PRINTABLE_ASCII, regex=True).to_numpy(dtype=bool)
    if not other.any():
        return out
    folded = out.to_numpy(dtype=object)
    folded[other] = [fold(str(v)) for v in text.to_numpy(dtype=object)[other]]
    return pd.Series(folded, index=out.index, dtype="str")


def key(text: str) -> str:
    """The lookup key of a name: folded, without spaces ('U.A.E.' and 'uae' -> 'uae')."""
    return fold(text).replace(" ", "")


def words(query: str) -> list[str]:
    """The folded words of a search; a row matches when it contains every one."""
    return fold(query).split()


def country_keys(names: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Map the key of every spelling to its canonical name; a canonical name's own key
    wins over another entity's spelling, otherwise the first spelling listed wins."""
    out: dict[str, str] = {}
    for canonical, spellings in names.items():
        for spelling in spellings:
            if key(spelling):
                out.setdefault(key(spelling), canonical)
    for canonical in names:
        out[key(canonical)] = canonical
    return out


def system_groups(groups: Iterable[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Map the key of every spelling of a weapon system to all its folded spellings."""
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        folded = tuple(dict.fromkeys(fold(s) for s in group if key(s)))
        for spelling in group:
            if key(spelling):
                out.setdefault(key(spelling), folded)
    return out


@dataclass(frozen=True)
class Matcher:
    """Entities by every spelling and weapon systems by every alias, under one folding."""

    spellings: Mapping[str, tuple[str, ...]]  # canonical -> its names, canonical first
    systems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    keys: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", country_keys(self.spellings))

    def country(self, text: str) -> str | None:
        """The canonical name for any spelling of an entity (any case, accents or
        punctuation), or None."""
        return self.keys.get(key(text))

    def option_search(self, canonical: str) -> str:
        """The search text of a dropdown option: every spelling, as written and folded."""
        names = self.spellings.get(canonical, (canonical,))
        return " ".join(dict.fromkeys([*names, *map(fold, names)]))

    def others(self, value: str) -> str:
        """The other spellings of the entity or weapon system a value names, folded
        ('UAE' -> 'united arab emirates'), or ''."""
        found = self.keys.get(key(value))
        names = [fold(n) for n in self.spellings.get(found, ())] if found else []
        names += self.systems.get(key(value), ())
        return " ".join(n for n in dict.fromkeys(names) if n != fold(value))

    def haystack(self, frame: pd.DataFrame, columns: Sequence[str],
                 named: Sequence[str] = ()) -> pd.Series:
        """Per row, the folded text of `columns`, each word after a space; values of the
        `named` columns (parties, systems) are followed by their other spellings. Each
        distinct value is done once."""
        hay = pd.Series("", index=frame.index, dtype="str")
        for col in columns:
            if col not in frame:
                continue
            codes, distinct = pd.factorize(frame[col].astype("str").fillna(""))
            text = fold_all(pd.Series(distinct, dtype="str")).to_numpy(dtype=object)
            if col in named:
                keys = [t.replace(" ", "") for t in text]
                for i, (value, k) in enumerate(zip(distinct, keys, strict=True)):
                    if k in self.keys or k in self.systems:
                        text[i] = f"{text[i]} {self.others(str(value))}".rstrip()
            if len(text):
                hay = hay + " " + text[codes]
        return hay


ASCII_DIGITS = frozenset("0123456789")


def starts_word(word: str, token: str) -> bool:
    """The rule for one word of a search and one word of SIPRI's text: the text's word
    starts with it ('anka' for 'ankas', not 'lanka'), and a word ending in a digit ends
    there ('tb2' for 'tb2', not 'tb20')."""
    if not token.startswith(word):
        return False
    return not (word[-1].isdigit() and token[len(word):len(word) + 1] in ASCII_DIGITS)


@dataclass(frozen=True)
class WordIndex:
    """The words of a haystack: its distinct words sorted, and per word of each row the
    row and the word's place in that order (searched without rescanning the text)."""

    size: int  # rows of the haystack
    vocabulary: np.ndarray  # distinct words, sorted by code point (object array of str)
    rank: np.ndarray  # per word occurrence, its place in `vocabulary`
    row: np.ndarray  # per word occurrence, its row

    def matching(self, word: str) -> np.ndarray:
        """Rows with a word that `word` starts (by `starts_word`)."""
        lo = int(np.searchsorted(self.vocabulary, word, "left"))
        after = word[:-1] + chr(min(ord(word[-1]) + 1, sys.maxunicode))
        hi = int(np.searchsorted(self.vocabulary, after, "left"))
        chosen = np.zeros(len(self.vocabulary), dtype=bool)
        chosen[lo:hi] = [starts_word(word, str(t)) for t in self.vocabulary[lo:hi]]
        mask = np.zeros(self.size, dtype=bool)
        mask[self.row[chosen[self.rank]]] = True
        return mask

    def contains_all(self, query: str) -> np.ndarray:
        """Rows holding a match for each folded word of the query (all rows if none)."""
        mask = np.ones(self.size, dtype=bool)
        for word in words(query):
            mask &= self.matching(word)
        return mask


def word_index(hay: pd.Series) -> WordIndex:
    """The WordIndex of a haystack (folded text, words separated by spaces)."""
    lists = pc.split_pattern(pa.array(hay.fillna(""), pa.string()), " ")
    flat = pc.list_flatten(lists)
    parent = pc.list_parent_indices(lists).to_numpy()
    encoded = pc.dictionary_encode(flat).combine_chunks() if isinstance(
        flat, pa.ChunkedArray) else pc.dictionary_encode(flat)
    order = pc.array_sort_indices(encoded.dictionary).to_numpy()
    place = np.empty(len(order), dtype=np.int64)
    place[order] = np.arange(len(order))
    vocabulary = np.asarray(encoded.dictionary.take(pa.array(order)).to_pylist(), dtype=object)
    return WordIndex(len(hay), vocabulary, place[encoded.indices.to_numpy()], parent)


def contains_all(hay: pd.Series, query: str) -> np.ndarray:
    """Rows of a haystack with a word starting with each folded word of the query, by
    `starts_word` ('anka' finds Anka-S, not Sri Lanka; 'tb2' is not 'tb20'). All rows if
    the query has no words."""
    if not words(query):
        return np.ones(len(hay), dtype=bool)
    return word_index(hay).contains_all(query)


def article_names() -> dict[str, tuple[str, ...]]:
    """Names of entities in the article alias file (Turkey for Turkiye), canonical first."""
    from etl.events.aliases import countries

    return {c.canonical: c.names for c in countries()}


def weapon_aliases() -> list[tuple[str, ...]]:
    """The weapon-system alias groups: designation first, then its other spellings."""
    from etl.events.aliases import systems

    return [s.all for s in systems()]


def matcher_for(names: Mapping[str, Sequence[str]],
                extra: Mapping[str, Sequence[str]] | None = None,
                systems: Iterable[Sequence[str]] | None = None) -> Matcher:
    """A matcher over entities and their spellings (e.g. from the entities table), with
    the names of `extra` (default: the article alias file) for the entities present and
    the weapon aliases `systems` (default: the project's alias file)."""
    extra = article_names() if extra is None else extra
    systems = weapon_aliases() if systems is None else systems
    spellings = {c: tuple(dict.fromkeys([c, *s, *extra.get(c, ())]))
                 for c, s in names.items()}
    return Matcher(spellings, system_groups(systems))
