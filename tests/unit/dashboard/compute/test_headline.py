"""The headline sentence: shares as SIPRI writes them, ranks, articles, change."""

from __future__ import annotations

from dashboard.compute.headline import Facts, headline, ordinal, percent, with_article

PAKISTAN = Facts(country="Pakistan", side="imports", period=(2020, 2024), tiv=5284.6,
                 world_share=4.556, rank=5,
                 partners=(("China", 81.14), ("Netherlands", 5.52), ("Türkiye", 3.76)),
                 base=(2015, 2019), base_tiv=3280.0, base_share=2.8, base_rank=11)


def test_the_pakistan_headline_reads_like_sipri() -> None:
    text = headline(PAKISTAN)
    assert text.startswith("In 2020–24 Pakistan received 4.6% of world arms imports "
                           "(5th largest). China supplied 81%, the Netherlands 5.5%, "
                           "Türkiye 3.8%.")
    assert "61% higher than in 2015–19" in text


def test_articles_and_sentence_starts() -> None:
    assert with_article("Netherlands") == "the Netherlands"
    assert with_article("United States", start=True) == "The United States"
    assert with_article("Türkiye", start=True) == "Türkiye"
    facts = Facts(country="United States", side="exports", period=(2020, 2024), tiv=1.0,
                  world_share=43.0, rank=1, partners=(("Netherlands", 12.0),))
    assert headline(facts) == ("In 2020–24 the United States accounted for 43% of world "
                               "arms exports (largest). The Netherlands received 12%.")


def test_percent_and_ordinals() -> None:
    assert [percent(v) for v in (81.14, 9.96, 5.52, 0.04)] == ["81%", "10%", "5.5%", "<0.1%"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_no_deliveries_says_so() -> None:
    facts = Facts(country="Iceland", side="imports", period=(2020, 2024), tiv=0.0,
                  world_share=None, rank=None, partners=())
    assert headline(facts) == "SIPRI records no arms imports for Iceland in 2020–24."


def test_lower_than_before_and_zero_before() -> None:
    lower = Facts(**{**PAKISTAN.__dict__, "tiv": 50.0, "base_tiv": 100.0})
    assert "50% lower than in 2015–19" in headline(lower)
    new = Facts(**{**PAKISTAN.__dict__, "base_tiv": 0.0})
    assert "SIPRI records no imports for it in 2015–19." in headline(new)


def test_category_scope_is_named() -> None:
    facts = Facts(**{**PAKISTAN.__dict__, "categories": ("Aircraft",)})
    assert "of world arms imports of Aircraft (5th largest)" in headline(facts)
