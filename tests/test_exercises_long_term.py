"""Exercises of notebook 06 (the long term), and the rows of data/missile_ranges.csv.

Right answers are written here from the sources or by hand, never copied from the functions:
the letter's "20 jaar vooruit" (p05), the EU members outside NATO listed by hand, the capitals
inside 500 km of Kaliningrad by an independent haversine.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from reference import haversine_km

from natokit.exercises import long_term as ex

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# -- data/missile_ranges.csv -------------------------------------------------------------------


def test_missile_rows_quote_their_figure_and_mark_what_is_unconfirmed():
    rows = _rows("missile_ranges.csv")
    assert len({r["system"] for r in rows}) == len(rows) >= 3  # one row per system
    for row in rows:
        km = int(float(row["range_km"]))
        # The note quotes the source's own figure, written as the source writes it.
        written = {f"{km}", f"{km:,}", f"{km:,}".replace(",", ".")}
        assert any(w in row["note"] for w in written), row["system"]
        assert row["source"].strip() and row["figure"] in ("maximum range", "distance flown")
        # A distance flown is never a confirmed maximum; a claim of the maker is unconfirmed.
        if row["figure"] == "distance flown" or "own claim" in row["note"]:
            assert row["confirmed"] == "false", row["system"]
    confirmed = [r for r in rows if r["confirmed"] == "true"]
    assert all(" ; " in r["source"] for r in confirmed)  # more than one source


def test_missile_ranges_load_through_the_library():
    import natokit

    table = natokit.load("missile_ranges")
    assert len(table) == len(_rows("missile_ranges.csv"))
    assert table["range_km"].max() <= 5000  # a ring must stay off the pole (geo.MAX_RING_KM)


# -- self-checks -------------------------------------------------------------------------------


def test_nwcc_years_is_the_letters_twenty():
    q = ex.nwcc_years()
    assert q.check(20).correct and q.check("20 years").correct and q.check("20 jaar").correct
    assert not q.check(10).correct and not q.check(40).correct
    assert not q.check("twenty-ish").correct and "number" in q.check("twenty-ish").message
    assert "20" not in q.question and "20" not in q.hint  # the answer is not given away


def test_what_is_a_strategic_concept():
    q = ex.what_is_a_strategic_concept()
    assert q.check("b").correct
    assert not q.check("a").correct and not q.check("c").correct
    assert not q.check(2).correct  # wrong type


def test_madrid_on_russia_uses_the_words_of_the_reference():
    q = ex.madrid_on_russia()
    citations = {r["key"]: r["citation"] for r in _rows("references.csv")}
    assert "the most significant and direct threat" in citations["sc2022"]
    assert "most significant and direct threat" in q.answer.lower()
    assert q.check("c").correct and not q.check("a").correct
    assert not q.check(None).correct


def test_the_outermost_capital_in_the_shortest_range_by_haversine():
    q = ex.capitals_in_the_shortest_range()
    allies = {r["iso3"] for r in _rows("members.csv")}
    centre = (28.0, 53.5)  # the centre of Belarus, by hand
    inside = [
        c["capital"]
        for c in _rows("capitals.csv")
        if c["iso3"] in allies and haversine_km(*centre, float(c["lon"]), float(c["lat"])) <= 500
    ]
    assert sorted(inside) == ["Riga", "Vilnius", "Warsaw"]  # Warsaw about 490 km away
    warsaw = next(c for c in _rows("capitals.csv") if c["capital"] == "Warsaw")
    margin = 500 - haversine_km(*centre, float(warsaw["lon"]), float(warsaw["lat"]))
    assert 5 < margin < 15  # about 10 km on a sphere from the hand-picked centre
    assert q.check(round(margin)).correct and q.check(f"{round(margin)} km").correct
    assert not q.check(500).correct and not q.check(490).correct
    assert not q.check(3).correct  # the count of capitals is not the answer
    assert not q.check("ten").correct
    assert "Iskander-M" in q.question and "Belarus" in q.question and "Warsaw" in q.explanation


def test_overlap_questions():
    eu = {r["iso3"]: r["accession_date"] for r in _rows("eu_members.csv")}
    nato = {r["iso3"]: r["accession_date"] for r in _rows("members.csv")}
    # By hand: 21 in both in June 2022; Finland (4 April 2023) makes 22.
    assert nato["FIN"] == "2023-04-04"
    assert len([c for c in eu if nato.get(c, "9999") <= "2023-04-04"]) == 22
    q5 = ex.overlap_when_finland_joined()
    assert q5.check(22).correct and not q5.check(21).correct and not q5.check(23).correct
    assert not q5.check("twenty-two").correct
    # Of the 23 in both today, all but Finland and Sweden joined NATO first.
    first = [c for c in eu if c in nato and nato[c] < eu[c]]
    assert sorted(set(eu) & set(nato) - set(first)) == ["FIN", "SWE"]
    q6 = ex.nato_first()
    assert q6.check(len(first)).correct and q6.check(21).correct
    assert not q6.check(23).correct and not q6.check([21]).correct


# -- analytic tasks ----------------------------------------------------------------------------


def test_horizons_by_reading_the_letter():
    task = ex.horizons()
    short, long_ = task.categories
    from natokit import letter

    p05 = " ".join(letter.sentences("p05"))
    assert "korte termijn" in p05 and "20 jaar vooruit" in p05
    by_reading = {
        k: long_ if ("Capstone" in v or "Warfare Development" in v) else short
        for k, v in task.items.items()
    }
    assert task.check(by_reading).correct
    flipped = dict(by_reading, **{"1": long_})
    feedback = task.check(flipped)
    assert not feedback.correct and short not in feedback.message
    assert not task.check("1: a").correct


def test_analytic_tasks_have_model_answers_and_rubrics_from_the_sources():
    citations = " ".join(r["citation"] for r in _rows("references.csv"))
    staying = ex.staying_power()
    for quoted in ("well over 300,000", "where and when required"):
        assert quoted in staying.question and quoted in citations
    assert "voortzettingsvermogen" in staying.model_answer.lower()
    assert 3 <= len(staying.rubric) <= 5 and not staying.check("Yes.").correct
    reading = ex.read_the_range_map()
    assert "distance flown" in reading.model_answer and 3 <= len(reading.rubric) <= 5


def test_discussion_and_references():
    keys = {r["key"] for r in _rows("references.csv")}
    assert set(ex.REFERENCES) <= keys
    terms = {r["term"] for r in _rows("glossary.csv")}
    assert set(ex.GLOSSARY_TERMS) <= terms
    assert 3 <= len(ex.DISCUSSION) <= 4
    assert all(re.search(r"\?", q) for q in ex.DISCUSSION)


@pytest.mark.parametrize("name", ex.__all__)
def test_every_public_name_exists(name):
    assert hasattr(ex, name)
