"""The course review of notebook 06: one question per notebook, a sorting task and a memo.

Expected values come from the sources or are counted by hand: 30 allies in June 2022 (NATO's
list before Finland and Sweden), 32 after Sweden joined on 7 March 2024, 23 states in both NATO
and the EU today (27 EU members minus Austria, Cyprus, Ireland and Malta).
"""

from __future__ import annotations

import csv
from pathlib import Path

from natokit.exercises import course_review as ex

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_quiz_has_one_question_per_notebook_in_order():
    assert len(ex.QUIZ) == 7
    prefixes = [make().question[:4] for _, make in ex.QUIZ]
    assert prefixes == [f"({n:02d})" for n in range(7)]


def test_allies_at_the_meeting():
    joined = [r for r in _rows("members.csv") if r["accession_date"] <= "2022-06-15"]
    assert len(joined) == 30
    q = ex.allies_at_the_meeting()
    assert q.check(30).correct and not q.check(32).correct and not q.check("thirty").correct


def test_allies_on_the_retrieval_date():
    q = ex.allies_on_the_retrieval_date()
    assert q.check(32).correct and not q.check(30).correct and not q.check(None).correct


def test_overlap_today():
    eu = {r["iso3"] for r in _rows("eu_members.csv")}
    assert len(eu - {"AUT", "CYP", "IRL", "MLT"}) == 23
    q = ex.overlap_today()
    assert q.check(23).correct and not q.check(21).correct and not q.check([23]).correct


def test_multiple_choice_questions_accept_the_right_letter_only():
    right = {
        ex.article_5: "b",
        ex.air_policing_or_air_defence: "a",
        ex.why_name_the_edition: "c",
        ex.udcg_not_nato: "b",
    }
    for make, letter in right.items():
        q = make()
        assert q.check(letter).correct, make.__name__
        wrong = next(o for o in "abcd"[: len(q.options)] if o != letter)
        feedback = q.check(wrong)
        assert not feedback.correct and q.answer not in feedback.message
        assert not q.check(1).correct


def test_article_5_quotes_the_treaty_row():
    citation = next(r["citation"] for r in _rows("references.csv") if r["key"] == "nat1949")
    assert "such action as it deems necessary" in citation
    assert "such action as it deems necessary" in ex.article_5().answer


def test_udcg_answer_rests_on_the_letter():
    from natokit import letter

    p10 = " ".join(letter.sentences("p10"))
    assert "meer dan veertig" in p10 and "artikel 51" in p10
    assert "more than forty" in ex.udcg_not_nato().answer


def test_which_notebook_sorts_by_paragraph():
    task = ex.which_notebook()
    burden, partners, ukraine, long_term = task.categories
    by_hand = {"1": burden, "2": burden, "3": partners, "4": ukraine, "5": long_term}
    by_hand["6"] = long_term
    assert task.check(by_hand).correct
    wrong = dict(by_hand, **{"4": partners})
    feedback = task.check(wrong)
    assert not feedback.correct and ukraine not in feedback.message
    assert not task.check(["a"]).correct
    assert "Finland" in task.items["3"] and "artikel 51" in task.items["4"]


def test_memo_has_a_model_answer_and_a_rubric():
    task = ex.memo_to_the_minister()
    assert len(task.rubric) == 5
    assert "voortzettingsvermogen" in task.model_answer.lower() or (
        "staying power" in task.model_answer.lower()
    )
    # The model answer's numbers are the kit's: 30 allies then (members.csv), 21 and 23 in both.
    for number in ("30 allies", "21", "23", "2%"):
        assert number in task.model_answer
    # No hindsight as fact: the Strategic Concept's wording (29 June) was not known on 20 June.
    assert "most significant and direct threat" not in task.model_answer
    assert not task.check("Back everything.").correct
    assert not task.check(None).correct
