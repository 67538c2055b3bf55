"""Exercises of notebook 04 (Finland and Sweden): a right, a wrong and a wrong-type answer each.

The right answers are typed from the sources (the NATO PA timeline, NATO's accession dates, the
published border lengths, the Arctic Council's member list), not computed by the code under test.
"""

from __future__ import annotations

from natokit.exercises import finland_sweden
from natokit.quiz import AnalyticTask, Classify


def test_allies_before_the_netherlands():
    q = finland_sweden.allies_before_the_netherlands()
    # Before 12 July 2022: CAN, ISL, NOR, DNK (5 Jul), EST, GBR (6), ALB (7), DEU (8).
    assert q.check(8).correct and q.check("8").correct
    wrong = q.check(9)  # counting Luxembourg, which finished the same day
    assert not wrong.correct and "too high" in wrong.message
    assert "number" in q.check("eight-ish").message


def test_days_to_finlands_accession():
    q = finland_sweden.days_to_finlands_accession()
    # 5 July 2022 to 4 April 2023: 26 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 + 4 = 273 days.
    assert q.check(273).correct and q.check("273 days").correct and q.check(274).correct
    assert not q.check(365).correct
    assert "km" in q.check("273 km").message or not q.check("273 km").correct
    assert not q.check([273]).correct


def test_ratified_is_not_joined_asks_for_article_10s_last_step():
    q = finland_sweden.ratified_is_not_joined()
    # Hungary ended its procedure on 26 February 2024 (Budapest Times; The Independent), Sweden
    # joined on 7 March 2024 (NATO); Article 10: a state becomes a Party by depositing its
    # instrument of accession with the US government (data/references.csv, nat1949_art10).
    assert "26 February 2024" in q.question and "7 March 2024" in q.question
    assert "Hungary" in q.question
    assert q.check("b").correct and "deposit" in q.answer
    for wrong in ("a", "c", "d"):
        feedback = q.check(wrong)
        assert not feedback.correct and "deposit" not in feedback.message
    assert not q.check(None).correct


def test_border_growth():
    q = finland_sweden.border_growth()
    before = 197.7 + 338 + 283.6 + 297 + 210  # NOR, EST, LVA, LTU, POL (data/border_lengths)
    right = (before + 1340) / before
    assert q.check(round(right, 2)).correct
    assert q.check(str(round(right, 2)).replace(".", ",")).correct  # a decimal comma
    assert not q.check(1.5).correct and "too low" in q.check(1.5).message
    assert not q.check("double").correct


def test_black_sea_and_arctic_allies():
    black = finland_sweden.black_sea_allies()
    # Bulgaria 6.5 + Romania 9.0 + Türkiye 29.4 percent of the coast, as notebook 04 prints
    # accession.coastline_table("black_sea") (shares of 4,894.6 km measured on the basemap)
    assert black.check(44.9).correct and black.check("44,9 %").correct
    assert not black.check(3).correct  # the count of allied states is not the share
    assert not black.check(94.5).correct  # the Baltic's share after Sweden joined
    arctic = finland_sweden.arctic_allies()
    assert arctic.check(7).correct  # all eight Arctic Council states but Russia
    assert not arctic.check(8).correct and "too high" in arctic.check(8).message
    assert not arctic.check("seven").correct


def test_letter_voices_sorts_seven_sentences():
    task = finland_sweden.letter_voices()
    assert isinstance(task, Classify) and len(task.items) == 7
    agenda, meaning, dutch = task.categories
    right = {
        "p08.1": agenda,
        "p08.2": meaning,
        "p09.1": agenda,
        "p09.2": agenda,
        "p09.3": dutch,
        "p09.4": dutch,
        "p09.5": agenda,
    }
    assert task.check(right).correct
    wrong = dict(right, **{"p09.4": agenda})
    result = task.check(wrong)
    assert not result.correct and "6 of 7" in result.message
    assert "Nederland" in task.items["p09.3"]
    assert not task.check("all agenda").correct


def test_why_they_joined_has_a_model_answer_and_rubric():
    task = finland_sweden.why_they_joined()
    assert isinstance(task, AnalyticTask) and 3 <= len(task.rubric) <= 5
    for fact in ["24 February 2022", "11 May 2022", "28 June 2022", "4 April 2023", "7 March 2024"]:
        assert fact in task.model_answer
    assert task.check(None).message


def test_constants_point_at_rows_that_exist():
    import natokit

    refs = set(natokit.load("references")["key"])
    assert set(finland_sweden.REFERENCES) <= refs
    terms = set(natokit.load("glossary")["term"])
    assert set(finland_sweden.GLOSSARY_TERMS) <= terms
    assert len(finland_sweden.DISCUSSION) in (3, 4)
    assert len(finland_sweden.ARCTIC_STATES) == 8
