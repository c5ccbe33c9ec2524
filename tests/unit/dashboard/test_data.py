"""Loading the build: validated, read-only, reloaded when a new build lands, and a
failed build never replaces good data. Views on the tiny build."""

from __future__ import annotations

import gc
import json
import os
import shutil
import weakref
from pathlib import Path

import pytest

from dashboard.charts import country as country_charts
from dashboard.charts import pair as pair_charts
from dashboard.data import DataError, Dataset, Loader, load_dataset
from dashboard.state.pairstate import parse as pair_parse
from dashboard.state.urlstate import parse
from etl.schema import DELIVERIES
from etl.store import MANIFEST, write_table
from tests.unit.dashboard.tiny_build import deliveries_frame, write_build


def test_load_validates_and_precomputes(tiny_dataset: Dataset) -> None:
    ds = tiny_dataset
    assert ds.choices.default_release == "2026-02-12"
    assert ds.choices.country("turkey") == "Turkiye"
    assert ds.name("Turkiye") == "Türkiye"
    flows = ds.country_flows("2026-02-12", "imports", "Pakistan")
    assert flows["tiv"].sum() == pytest.approx(1220.0)
    assert ds.country_flows("2026-02-12", "imports", "Nowhere").empty


def test_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"manifest\.json is missing"):
        load_dataset(tmp_path)


def test_loader_swaps_builds_and_keeps_good_data(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_build(versions / "a", "build-a")
    write_build(versions / "b", "build-b")
    link = tmp_path / "build"
    os.symlink(versions / "a", link)
    loader = Loader(link, check_every=0)
    assert loader.get().build_id == "build-a"
    tmp = tmp_path / "build.tmp"
    os.symlink(versions / "b", tmp)
    os.replace(tmp, link)
    assert loader.get().build_id == "build-b"
    broken = versions / "c"
    shutil.copytree(versions / "b", broken)
    (broken / "deliveries.parquet").write_bytes(b"not parquet")
    (broken / MANIFEST).write_text(json.dumps({"build_id": "build-c"}), encoding="utf-8")
    os.symlink(broken, tmp)
    os.replace(tmp, link)
    assert loader.get().build_id == "build-b"


def test_first_load_failure_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        Loader(tmp_path / "absent").get()


def test_country_views_on_the_tiny_build(tiny_dataset: Dataset) -> None:
    view = parse("country", {}, tiny_dataset.choices).view
    text = country_charts.country_headline(tiny_dataset, view)
    # 2020–24: Pakistan 900 of 1606 world imports; China 800 of Pakistan's 900.
    assert text.startswith("In 2020–24 Pakistan received 56% of world arms imports "
                           "(largest). China supplied 89%, the Netherlands 6.7%, Türkiye "
                           "4.4%.")
    annual = country_charts.annual_chart(tiny_dataset, view)
    assert annual.empty == "" and set(annual.frame["supplier"]) == {
        "China", "Netherlands", "Türkiye"}
    assert annual.frame["tiv"].sum() == pytest.approx(1220.0)
    assert "release" in country_charts.CHARTS["annual"](tiny_dataset, view).csv().splitlines()[0]


def test_empty_states_say_why(tiny_dataset: Dataset) -> None:
    nothing = parse("country", {"country": "Hamas (Palestine)*", "side": "exports"},
                    tiny_dataset.choices).view
    chart = country_charts.annual_chart(tiny_dataset, nothing)
    assert "records no arms exports" in chart.empty
    quiet = parse("country", {"years": "2018-2019", "cat": "Ships"},
                  tiny_dataset.choices).view
    assert "No imports deliveries for Pakistan in 2018–2019 (Ships)" in country_charts.annual_chart(
        tiny_dataset, quiet).empty


def test_estimated_release_is_flagged_on_charts(tiny_dataset: Dataset) -> None:
    view = parse("country", {"release": "2026-05-18"}, tiny_dataset.choices).view
    chart = country_charts.shares_chart(tiny_dataset, view)
    assert "estimated" in chart.figure["layout"]["title"]["subtitle"]["text"]


def test_world_view_lists_entities_without_codes(tiny_dataset: Dataset) -> None:
    view = parse("world", {"years": "2015-2024"}, tiny_dataset.choices).view
    rows = country_charts.unmapped_rows(tiny_dataset, view)
    assert "Hamas (Palestine)*" in set(rows["name"])
    top = country_charts.top_chart(tiny_dataset, view).frame
    assert list(top["name"][:2]) == ["Pakistan", "India"]


def _pair_answers(ds: Dataset) -> tuple[float, float, float]:
    """The pair page's share and category charts and pair rows of China → Pakistan."""
    view = pair_parse({"supplier": "China", "recipient": "Pakistan"}, ds.choices).view
    share = pair_charts.share_chart(ds, view).frame
    categories = pair_charts.category_chart(ds, view).frame
    deliveries, _ = pair_charts.pair_rows(ds, view)
    return (float(share["pair_tiv"].max()), float(categories["tiv"].sum()),
            float(deliveries["tiv"].sum()))


def test_nothing_of_a_replaced_build_survives_the_swap(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_build(versions / "a", "build-a")
    doubled = write_build(versions / "b", "build-b")
    write_table(deliveries_frame().assign(tiv=lambda f: f["tiv"] * 2), DELIVERIES, doubled)
    link = tmp_path / "build"
    os.symlink(versions / "a", link)
    loader = Loader(link, check_every=0)
    first = loader.get()
    before = _pair_answers(first)  # fills every per-build memo and index of build a
    assert before[0] > 0
    gone = [weakref.ref(first), weakref.ref(first.deal_source)]
    tmp = tmp_path / "build.tmp"
    os.symlink(versions / "b", tmp)
    os.replace(tmp, link)
    second = loader.get()
    assert second.build_id == "build-b" and second.deal_source is not first.deal_source
    assert _pair_answers(second) == pytest.approx(tuple(2 * v for v in before))
    del first
    gc.unfreeze()  # the loader freezes what it loads; a frozen object is never collected
    gc.collect()
    assert [ref() for ref in gone] == [None, None], "something still holds the replaced build"


def test_a_pairs_default_years_start_at_its_first_delivery(tiny_dataset: Dataset) -> None:
    from dashboard.state import pairstate

    # The tiny build: China first delivers to Pakistan in 2016, Türkiye in 2017; the
    # release 2026-02-12 covers 2015-2024.
    assert tiny_dataset.choices.pair_first_year("2026-02-12", "China", "Pakistan") == 2016
    assert tiny_dataset.choices.pair_first_year("2026-02-12", "Pakistan", "China") is None
    view = pairstate.parse({"supplier": "Turkiye", "recipient": "Pakistan",
                            "release": "2026-02-12"}, tiny_dataset.choices).view
    assert (view.start, view.end) == (2017, 2024)
