"""Pure transforms for the classic register: deal ids, categories, estimated per-year rows.

The classic register has neither SIPRI's deal id nor the armament category. Both come
from by-delivery-year rows (any release; ids are stable): a classic deal is matched to
an id by supplier, recipient, designation and order year, ties broken by status,
delivery years and numbers; then by weapon description instead of designation. Deals
left unmatched get a stable negative id. Categories come from the matched deal, else
from the (designation, description) pair, else from the description, else from the
description's earlier wording (`etl/data/description_aliases.csv`: 'SAM' became
'surface-to-air missile' in 2026), else from the designation alone, each only where
the by-delivery-year data gives exactly one category; otherwise 'unknown'.

The one estimate rule: a classic-only release's TIV delivered and number delivered are
spread equally over the deal's listed delivery years (flagged `tiv_estimated`).

Local production: the classic register has no `Local production` flag, so a classic
deal's is derived from its comments by the rules in `etl/data/local_production_rules.csv`
(marked `local_production_source` = 'comments'). A comment is split into clauses at `;`;
in each clause the first rule that matches decides it; a deal is locally produced when one
clause says so. `{recipient}` in a pattern stands for every name of the deal's recipient
(SIPRI's spellings and the abbreviations of `etl/data/comment_names.csv`), `{country}`
for every other entity's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from etl.schema import DEALS, DELIVERIES, UNKNOWN_CATEGORY

DEAL_KEY = ("supplier", "recipient", "designation", "order_year")
ALT_KEY = ("supplier", "recipient", "description", "order_year")


def reference_deals(deals: pd.DataFrame, release: str) -> pd.DataFrame:
    """One row per known deal id from by-delivery-year deals, taken from `release` where
    that release has it, else from the newest release that has it."""
    if deals.empty:
        return deals.copy()
    ranked = deals.assign(_same=deals["release"] == release)
    ranked = ranked.sort_values(["deal_id", "_same", "release"], ascending=[True, False, False])
    return ranked.drop_duplicates("deal_id").drop(columns="_same").reset_index(drop=True)


def match_ids(classic: pd.DataFrame, ref: pd.DataFrame) -> tuple[pd.Series, dict[str, int]]:
    """SIPRI deal id for each classic row (missing where none matched) and pass counts."""
    ids = pd.Series(pd.NA, index=classic.index, dtype="Int64")
    counts = {"by_designation": 0, "by_description": 0}
    if ref.empty or classic.empty:
        return ids, counts
    taken: set[int] = set()
    for key, name, strict in ((DEAL_KEY, "by_designation", False),
                              (ALT_KEY, "by_description", True)):
        todo = classic[ids.isna()]
        pairs = candidate_pairs(todo, ref[~ref["deal_id"].isin(taken)], key)
        if strict:
            pairs = pairs[pairs["status_eq"] & pairs["years_subset"]]
        assigned = greedy_assign(pairs)
        if assigned:
            rows, found = zip(*assigned, strict=True)
            ids.loc[list(rows)] = list(found)
            taken.update(found)
        counts[name] = len(assigned)
    return ids, counts


def candidate_pairs(classic: pd.DataFrame, ref: pd.DataFrame,
                    key: tuple[str, ...]) -> pd.DataFrame:
    """Every (classic row, reference id) pair sharing `key`, with a similarity score."""
    left = classic[[*key, "status", "number_delivered"]].copy()
    left["_idx"] = classic.index
    left["order_year"] = left["order_year"].astype("Int64")
    right = ref[[*key, "deal_id", "status", "number_delivered"]].copy()
    right["order_year"] = right["order_year"].astype("Int64")
    pairs = left.merge(right, on=list(key), suffixes=("", "_ref"))
    if pairs.empty:
        return pairs.assign(score=[], status_eq=[], years_subset=[])
    c_years = dict(zip(classic.index, classic["delivery_years"].tolist(), strict=True))
    r_years = dict(zip(ref["deal_id"].tolist(), ref["delivery_years"].tolist(), strict=True))
    years_c = [frozenset(c_years[i]) for i in pairs["_idx"].tolist()]
    years_r = [frozenset(r_years[i]) for i in pairs["deal_id"].tolist()]
    pairs["status_eq"] = pairs["status"] == pairs["status_ref"]
    pairs["years_subset"] = [r <= c for r, c in zip(years_r, years_c, strict=True)]
    years_eq = pd.Series([r == c for r, c in zip(years_r, years_c, strict=True)],
                         index=pairs.index)
    units_eq = (pairs["number_delivered"] == pairs["number_delivered_ref"]).fillna(False)
    pairs["score"] = (4 * pairs["status_eq"].astype(int) + 2 * pairs["years_subset"].astype(int)
                      + years_eq.astype(int) + units_eq.astype(int))
    return pairs


def greedy_assign(pairs: pd.DataFrame) -> list[tuple[Any, int]]:
    """Best-scoring pairs first, each classic row and each id used at most once."""
    if pairs.empty:
        return []
    ordered = pairs.sort_values(["score", "_idx", "deal_id"], ascending=[False, True, True])
    used_rows: set[Any] = set()
    used_ids: set[int] = set()
    out = []
    for idx, deal_id in zip(ordered["_idx"].tolist(), ordered["deal_id"].tolist(), strict=True):
        if idx in used_rows or deal_id in used_ids:
            continue
        used_rows.add(idx)
        used_ids.add(int(deal_id))
        out.append((idx, int(deal_id)))
    return out


def synthetic_ids(classic: pd.DataFrame) -> pd.Series:
    """Stable negative ids from each deal's fields (and its rank among identical rows)."""
    fields = ["supplier", "recipient", "designation", "description", "order_year",
              "number_ordered", "status"]
    parts = pd.DataFrame({f: [str(v) for v in classic[f].tolist()] for f in fields},
                         index=classic.index, dtype=object)
    rank = parts.groupby(fields, sort=False, dropna=False).cumcount()
    return synthetic_ids_of(parts.assign(rank=rank.astype("int64")))


def synthetic_ids_of(parts: pd.DataFrame) -> pd.Series:
    """Negative ids from pandas' fixed-key SipHash of each row, kept within 52 bits."""
    hashed = pd.util.hash_pandas_object(parts, index=False).to_numpy(dtype="uint64")
    return pd.Series(-(hashed >> np.uint64(12)).astype("int64") - 1, index=parts.index,
                     dtype="int64")


def unique_lookup(ref_rows: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Category per key where all by-delivery-year rows with that key agree."""
    n = ref_rows.groupby(key)["category"].nunique()
    first = ref_rows.groupby(key)["category"].first()
    return first[n == 1].rename("category").reset_index()


def categories(classic: pd.DataFrame, ids: pd.Series, ref: pd.DataFrame,
               ref_rows: pd.DataFrame, description_aliases: Mapping[str, str] | None = None,
               ) -> tuple[pd.Series, dict[str, int]]:
    """Category per classic deal and how many came from each lookup step."""
    aliases = description_aliases or {}
    classic = classic.assign(described_as=[aliases.get(d, d) for d in
                                           classic["description"].tolist()])
    ref_rows = ref_rows[["designation", "description", "category"]].drop_duplicates()
    ref_rows = ref_rows.assign(described_as=ref_rows["description"])
    out = pd.Series(pd.NA, index=classic.index, dtype=object)
    counts = {"matched_deal": 0, "designation_and_description": 0, "description": 0,
              "earlier_description": 0, "designation": 0, UNKNOWN_CATEGORY: 0}
    if not ref.empty:
        by_id = ref.set_index("deal_id")["category"]
        known = ids.notna()
        out[known] = ids[known].astype("int64").map(by_id).values
        counts["matched_deal"] = int(out.notna().sum())
    if not ref_rows.empty:
        for name, key in (("designation_and_description", ["designation", "description"]),
                          ("description", ["description"]),
                          ("earlier_description", ["described_as"]),
                          ("designation", ["designation"])):
            todo = out.isna()
            look = classic.loc[todo, key].merge(unique_lookup(ref_rows, key), on=key,
                                                how="left")
            out[todo] = look["category"].values
            counts[name] = int(out.notna().sum()) - sum(counts.values())
    missing = out.isna()
    counts[UNKNOWN_CATEGORY] = int(missing.sum())
    out[missing] = UNKNOWN_CATEGORY
    return out, counts


@dataclass(frozen=True)
class CommentRule:
    """One row of the local-production rules: a pattern and what a clause matching it says.
    Patterns are matched against lowercased comments (faster than case-insensitive
    matching), so they are written in lower case (`uppercase_in`)."""

    rule: str
    verdict: bool
    pattern: str


def uppercase_in(pattern: str) -> str:
    """The upper-case letters of a pattern outside its escapes (\\W, \\S, \\B ...), which
    could never match a lowercased comment."""
    return "".join(c for c in re.sub(r"\\.", "", pattern) if c != c.lower())


def _alternation(names: Iterable[str]) -> str:
    """A regex matching any of `names` as whole words (longest first)."""
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)


PLACEHOLDERS = ("{recipient}", "{country}")


def compile_rules(rules: Sequence[CommentRule], names: Iterable[str],
                  ) -> list[tuple[CommentRule, re.Pattern[str]]]:
    """Each rule's pattern compiled once, its placeholder standing for any entity's name
    (captured as `place`, which `comment_rule` then checks against the recipient)."""
    place = f"(?P<place>{_alternation(n.lower() for n in names) or '(?!)'})"
    out = []
    for r in rules:
        text = r.pattern
        for holder in PLACEHOLDERS:
            text = text.replace(holder, place)
        out.append((r, re.compile(text)))
    return out


def _says(rule: CommentRule, match: re.Match[str], recipient: set[str]) -> bool:
    """A match counts where its place (if the rule names one) is the recipient for
    `{recipient}`, another country for `{country}`."""
    if "{recipient}" in rule.pattern:
        return match["place"].lower() in recipient
    if "{country}" in rule.pattern:
        return match["place"].lower() not in recipient
    return True


def clause_rule(clause: str, compiled: Sequence[tuple[CommentRule, re.Pattern[str]]],
                own: set[str]) -> CommentRule | None:
    """The first rule that matches one clause (recipient names lowercased in `own`)."""
    clause = clause.lower()
    for rule, pattern in compiled:
        match = pattern.search(clause)
        if match is not None and _says(rule, match, own):
            return rule
    return None


def comment_rule(comment: str | None, compiled: Sequence[tuple[CommentRule, re.Pattern[str]]],
                 recipient: Iterable[str]) -> str | None:
    """The rule that finds local production in a comment, or None where none does."""
    if not isinstance(comment, str) or not comment.strip():
        return None
    own = {n.lower() for n in recipient}
    for clause in comment.split(";"):
        rule = clause_rule(clause, compiled, own)
        if rule is not None and rule.verdict:
            return rule.rule
    return None


def could_say_yes(rules: Sequence[CommentRule]) -> re.Pattern[str]:
    """One pattern that matches every comment some rule with verdict yes matches (its
    places standing for any text), so comments it misses need no rule tried: a comment
    says local production only where a yes rule matches one of its clauses."""
    texts = []
    for r in rules:
        if r.verdict:
            text = r.pattern
            for holder in PLACEHOLDERS:
                text = text.replace(holder, ".+?")
            texts.append(f"(?:{text})")
    return re.compile("|".join(texts) or "(?!)")


def local_production_from_comments(deals: pd.DataFrame, rules: Sequence[CommentRule],
                                   names_of: Mapping[str, Sequence[str]]) -> pd.Series:
    """Per deal: does its comment say it is produced or assembled in its recipient (each
    comment and recipient read once: a deal is in several releases)."""
    compiled = compile_rules(rules, {n for names in names_of.values() for n in names})
    maybe = could_say_yes(rules)
    comments = [c if isinstance(c, str) else None for c in deals["comments"].tolist()]
    pairs = list(zip(comments, deals["recipient"].tolist(), strict=True))
    hits = {c for c in set(comments) if c is not None and maybe.search(c.lower()) is not None}
    found = {(c, r) for c, r in set(pairs) if c in hits
             and comment_rule(c, compiled, names_of.get(str(r), [str(r)])) is not None}
    return pd.Series([pair in found for pair in pairs], index=deals.index, dtype="boolean")


def sipri_flag_where_given(deals: pd.DataFrame, by_year: pd.DataFrame) -> pd.DataFrame:
    """Classic deals of a release that also has the by-delivery-year register take SIPRI's
    own flag for the deals both hold."""
    flag = by_year.dropna(subset=["local_production"]).set_index("deal_id")["local_production"]
    given = deals["deal_id"].isin(flag.index) & deals["deal_id_known"]
    if not given.any():
        return deals
    out = deals.copy()
    out.loc[given, "local_production"] = deals.loc[given, "deal_id"].map(flag).to_numpy()
    out.loc[given, "local_production_source"] = "sipri"
    return out


def local_production_report(deals: pd.DataFrame, ref: pd.DataFrame) -> dict[str, Any]:
    """The comment rules measured against SIPRI's flag on the deals both formats hold:
    precision and recall of 'locally produced'."""
    derived = deals[(deals["local_production_source"] == "comments") & deals["deal_id_known"]]
    truth = ref.dropna(subset=["local_production"]).set_index("deal_id")["local_production"]
    both = derived[derived["deal_id"].isin(truth.index)]
    said = both["local_production"].astype(bool).to_numpy()
    flag = both["deal_id"].map(truth).astype(bool).to_numpy()
    tp, fp, fn = int((said & flag).sum()), int((said & ~flag).sum()), int((~said & flag).sum())
    return {"deals_compared": len(both), "flagged_by_sipri": int(flag.sum()),
            "true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None}


def open_orders(classic: pd.DataFrame) -> pd.Series:
    """Not yet fully delivered: fewer delivered than ordered, or nothing delivered yet;
    unknown where the number ordered is empty and something was delivered."""
    nothing = (classic["number_delivered"].fillna(0) == 0) | (
        classic["delivery_years"].map(len) == 0)
    fewer = classic["number_delivered"] < classic["number_ordered"]
    out = pd.Series(pd.array(np.where(nothing | fewer.fillna(False), True, False),
                             dtype="boolean"), index=classic.index)
    out[~nothing & classic["number_ordered"].isna()] = pd.NA
    return out


def classic_deals(classic: pd.DataFrame, release: str, ids: pd.Series,
                  category: pd.Series, local: pd.Series | None = None) -> pd.DataFrame:
    """The deals table rows of one release's classic register; `local` is the
    local-production value derived from the comments."""
    known = ids.notna()
    deal_id = ids.astype("Int64").where(known, synthetic_ids(classic)).astype("int64")
    out = pd.DataFrame({
        "release": release,
        "deal_id": deal_id,
        "deal_id_known": known.astype(bool),
        "supplier": classic["supplier"].astype(object),
        "recipient": classic["recipient"].astype(object),
        "order_year": classic["order_year"].astype("Int32"),
        "order_year_uncertain": classic["order_year_uncertain"].astype("boolean"),
        "number_ordered": classic["number_ordered"].astype("float64"),
        "number_ordered_uncertain": classic["number_ordered_uncertain"].astype("boolean"),
        "number_delivered": classic["number_delivered"].astype("float64"),
        "number_delivered_uncertain": classic["number_delivered_uncertain"].astype("boolean"),
        "designation": classic["designation"].astype(object),
        "description": classic["description"].astype(object),
        "category": category.astype(object),
        "status": classic["status"].astype(object),
        "comments": classic["comments"].astype(object).where(classic["comments"].notna(),
                                                             None),
        "delivery_years": classic["delivery_years"].map(lambda ys: sorted(set(ys))),
        "tiv_per_unit": classic["tiv_per_unit"].astype("float64"),
        "tiv_order": classic["tiv_order"].astype("float64"),
        "tiv_delivered": classic["tiv_delivered"].astype("float64"),
        "open": open_orders(classic),
        "local_production": (local if local is not None else
                             pd.Series(pd.NA, index=classic.index)).astype("boolean"),
        "local_production_source": None if local is None else "comments",
        "source_format": "classic",
    })
    return out[DEALS.names].reset_index(drop=True)


def estimate_deliveries(deals: pd.DataFrame) -> pd.DataFrame:
    """Per-year rows from classic deals: TIV and units delivered spread equally over the
    listed delivery years (the one estimate rule), flagged tiv_estimated."""
    has = deals[deals["delivery_years"].map(len) > 0]
    exploded = has.explode("delivery_years")
    n = has["delivery_years"].map(len).reindex(exploded.index)
    out = pd.DataFrame({
        "release": exploded["release"],
        "deal_id": exploded["deal_id"].astype("int64"),
        "supplier": exploded["supplier"],
        "recipient": exploded["recipient"],
        "year": exploded["delivery_years"].astype("int32"),
        "units": (exploded["number_delivered"] / n).astype("float64"),
        "tiv": (exploded["tiv_delivered"].fillna(0) / n).astype("float64"),
        "category": exploded["category"],
        "designation": exploded["designation"],
        "description": exploded["description"],
        "status": exploded["status"],
        "order_year": exploded["order_year"].astype("Int32"),
        "order_year_estimated": exploded["order_year_uncertain"].astype("boolean"),
        "units_estimated": exploded["number_delivered_uncertain"].astype("boolean"),
        "year_estimated": pd.array([pd.NA] * len(exploded), dtype="boolean"),
        "tiv_per_unit": exploded["tiv_per_unit"].astype("float64"),
        "local_production": exploded["local_production"].astype("boolean"),
        "tiv_estimated": True,
    })
    return out[DELIVERIES.names].reset_index(drop=True)


def match_report(ids: pd.Series, counts: dict[str, int], classic: pd.DataFrame,
                 ref_first: int | None, ref_last: int | None) -> dict[str, Any]:
    """Match rates: of all classic deals, and of those with a delivery in the years the
    by-delivery-year data covers (only those can be in it)."""
    total = len(classic)
    matched = int(ids.notna().sum())
    if ref_first is None or ref_last is None:
        in_range = pd.Series(False, index=classic.index)
    else:
        in_range = pd.Series([any(ref_first <= y <= ref_last for y in ys)
                              for ys in classic["delivery_years"].tolist()],
                             index=classic.index)
    matchable = int(in_range.sum())
    matched_in_range = int((ids.notna() & in_range).sum())
    return {
        "deals": total, "matched": matched, **counts,
        "rate": round(matched / total, 4) if total else 0.0,
        "deals_with_deliveries_in_reference_years": matchable,
        "reference_years": [ref_first, ref_last],
        "rate_in_reference_years": round(matched_in_range / matchable, 4) if matchable else 0.0,
    }
