"""Exercises of notebook 05 (Ukraine Defense Contact Group): right, wrong and wrong-type answers.

The right answers are found here independently of the code under test: from the letter, from an
atlas, from the accession dates, or from the unsimplified Natural Earth lengths read by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from natokit import letter
from natokit.exercises import ukraine_support as ex

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_letter_meeting_is_the_third_and_falls_on_15_june_2022():
    assert "voor de derde keer" in letter.quote("p02").text_nl
    row = next(r for r in read("udcg_meetings.csv") if r["number"] == str(ex.LETTER_MEETING))
    assert row["date"] == "2022-06-15"  # DoD News: third meeting, NATO HQ, 15 June 2022


def test_not_a_nato_body():
    q = ex.not_a_nato_body()
    assert q.check("b").correct
    wrong = q.check("a")
    assert not wrong.correct and q.answer not in wrong.message
    assert not q.check(2).correct  # wrong type: a number, not an option
    assert not q.check(None).correct


def test_legal_basis_is_article_51_not_article_5():
    q = ex.legal_basis()
    assert "artikel 51 van het VN-Handvest" in letter.quote("p10").text_nl
    assert q.check("a").correct
    article5 = q.check("b")
    assert not article5.correct and "Article 5" in article5.message
    assert not q.check(["a"]).correct  # wrong type


def test_an_attack_on_the_hub_in_poland_is_an_article_5_case():
    q = ex.attack_on_the_hub()
    # The hub is in Poland (logistics_hubs.csv), an ally since 12 March 1999 (members.csv).
    hubs = {r["name"]: r["iso3"] for r in read("logistics_hubs.csv")}
    members = {r["iso3"]: r["accession_date"] for r in read("members.csv")}
    assert hubs["Rzeszów-Jasionka"] == "POL" and members["POL"] <= "2022-06-15"
    assert "Poland" in q.question
    assert q.check("b").correct
    article51 = q.check("a")
    assert not article51.correct and "ally" in article51.message
    automatic = q.check("d")
    assert not automatic.correct and "means" in automatic.message
    assert not q.check("c").correct
    assert not q.check(2).correct  # a number is not a letter
    assert "such action as it deems necessary" in q.explanation


def test_allied_border_share_matches_the_unsimplified_source():
    q = ex.allied_border_share()
    km = {
        r["b_iso3"]: float(r["ne10m_km"])
        for r in read("border_lengths_ne10m.csv")
        if r["a_iso3"] == "UKR"
    }
    share = 100 * sum(km[c] for c in ("POL", "HUN", "SVK", "ROU")) / sum(km.values())
    assert share == pytest.approx(25.3, abs=0.1)  # 1,112.9 of 4,394.6 km
    assert q.check(round(share)).correct
    assert q.check(f"{round(share)} %").correct
    assert not q.check(50).correct
    assert not q.check(10).correct
    assert not q.check("a quarter").correct  # wrong type


def test_ally_or_partner_by_the_accession_dates_and_the_letter():
    task = ex.ally_or_partner()
    ally, partner, neither = task.categories
    names = task.items
    by_hand = {
        "Poland": ally,  # 1999
        "Romania": ally,  # 2004
        "Ukraine": partner,  # a guest of the second session (p08)
        "Finland": partner,  # joined 4 April 2023, after the ministerial
        "Georgia": partner,
        "Belarus": neither,  # NATO: partnership suspended
    }
    answer = {k: by_hand[v] for k, v in names.items()}
    assert task.check(answer).correct
    finland = next(k for k, v in names.items() if v == "Finland")
    fb = task.check(dict(answer, **{finland: ally}))
    assert not fb.correct and "Finland" in fb.message and partner not in fb.message
    assert not task.check("1: a").correct  # wrong type


def test_dutch_ideas_task_has_a_model_answer_and_rubric_drawn_from_the_data():
    task = ex.dutch_ideas_then_and_now()
    assert 3 <= len(task.rubric) <= 5
    coalitions = {r["name"] for r in read("coalitions.csv")}
    assert "IT Coalition" in coalitions and "IT coalition" in task.model_answer
    for idea in ("backfill", "industry", "modernisation"):
        assert idea in task.question and idea.lower() in task.model_answer.lower()
    assert not task.check("Yes.").correct
    assert not task.check(42).correct


def test_discussion_questions_are_questions_and_references_exist():
    assert 3 <= len(ex.DISCUSSION) <= 4
    assert all(q.rstrip().endswith("?") for q in ex.DISCUSSION)
    keys = {r["key"] for r in read("references.csv")}
    assert set(ex.REFERENCES) <= keys
    terms = {r["term"] for r in read("glossary.csv")}
    assert set(ex.GLOSSARY_TERMS) <= terms
