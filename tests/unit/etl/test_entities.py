"""Entity mapping: the data files' schema, SIPRI's conventions, and the library's answers."""

from __future__ import annotations

from etl import entities
from etl.schema import ENTITY_KINDS


def test_override_file_is_well_formed() -> None:
    overrides = entities.load_overrides()
    assert overrides, "no overrides loaded"
    for ov in overrides.values():
        assert ov.reason, f"{ov.name}: every override needs a reason"
        assert ov.kind in ("", *ENTITY_KINDS), ov
        assert ov.iso3 is None or (len(ov.iso3) == 3 and ov.iso3.isupper()), ov
        if ov.canonical != ov.name:
            assert ov.canonical in overrides or ov.canonical in entities.load_iso_cache() \
                or entities.default_kind(ov.canonical) != "state", (
                    f"{ov.name} points to {ov.canonical}, which is mapped nowhere")
    for name in ("Soviet Union", "East Germany (GDR)", "Yugoslavia", "Czechoslovakia"):
        assert overrides[name].kind == "historical_state" and overrides[name].iso3 is None


def test_cache_rows_are_not_overridden() -> None:
    cache = entities.load_iso_cache()
    overlap = set(cache) & set(entities.load_overrides())
    assert not overlap, f"names both cached and overridden: {sorted(overlap)}"


def test_stored_answers_match_country_converter() -> None:
    cache = entities.load_iso_cache()
    live = entities.country_converter_lookup(sorted(cache))
    differ = {n: (cache[n], live[n]) for n in cache if cache[n] != live[n]}
    assert not differ, f"stale entity_iso3.csv (regenerate it): {differ}"


def test_default_kinds_follow_sipri_suffixes() -> None:
    assert entities.default_kind("NATO**") == "organisation"
    assert entities.default_kind("Hamas (Palestine)*") == "non_state_group"
    assert entities.default_kind("unknown rebel group*") == "non_state_group"
    assert entities.default_kind("unknown supplier(s)") == "unknown"
    assert entities.default_kind("Chile") == "state"


def test_display_name_only_adds_accents() -> None:
    assert entities.display_name("Turkiye", "Türkiye") == "Türkiye"
    assert entities.display_name("Cote d'Ivoire", "Côte d'Ivoire") == "Côte d'Ivoire"
    assert entities.display_name("eSwatini", "Eswatini") == "eSwatini"
    assert entities.display_name("Congo", "Congo Republic") == "Congo"


def test_resolve_merges_only_listed_aliases_and_reports_unmapped() -> None:
    res = entities.resolve(["UAE", "United Arab Emirates", "Soviet Union", "Russia",
                            "Atlantis", "NATO**"])
    rows = {r["name"]: r for r in res.rows}
    assert res.canonical["UAE"] == "United Arab Emirates"
    assert rows["Soviet Union"]["canonical"] == "Soviet Union"
    assert rows["Soviet Union"]["iso3"] is None and rows["Russia"]["iso3"] == "RUS"
    assert rows["NATO**"]["kind"] == "organisation" and rows["NATO**"]["iso3"] is None
    assert res.unmapped == ["Atlantis"]
    assert res.looked_up == ["Atlantis"]  # not stored: asked the library at build time
    assert rows["Atlantis"]["iso3"] is None  # reported, never dropped


def test_two_entities_sharing_an_iso_code_are_flagged() -> None:
    rows: list[dict[str, object]] = [
        {"canonical": "Czechia", "iso3": "CZE"}, {"canonical": "Czechoslovakia",
                                                  "iso3": "CZE"}]
    assert entities.check_unique_iso(rows) == ["ISO3 CZE is claimed by Czechia, Czechoslovakia"]
