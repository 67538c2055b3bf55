"""Exercises of notebook 01 (eastern flank): a right, a wrong and a wrong-type answer each.

The right answers are written independently of the library's code: a published figure, a
haversine computed here from coordinates typed from their sources, or a planar distance
measured straight on the basemap file.
"""

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from reference import haversine_km

from natokit.exercises import eastern_flank
from natokit.geo import shortest_distance_km

BASEMAP = Path(__file__).resolve().parents[1] / "data" / "countries.geojson"


def test_suwalki_gap_matches_published_width():
    # "As the crow flies, the distance between the two points is 65km" (RTÉ, 21 Sep 2025).
    from natokit import geo

    gap = shortest_distance_km("BLR", geo.part_touching("RUS", "POL"))
    assert abs(gap - 65) <= 5


def test_nearest_points_lonlat_lie_near_the_suwalki_gap():
    from natokit import geo

    (lon1, lat1), (lon2, lat2) = geo.nearest_points_lonlat("BLR", geo.part_touching("RUS", "POL"))
    # Both ends lie in the area between Belarus and Kaliningrad (around 22-24 E, 53.5-55 N).
    assert 22 < lon1 < 24.5 and 53.5 < lat1 < 55
    assert 22 < lon2 < 24.5 and 53.5 < lat2 < 55


def _kaliningrad_to_mainland_planar_km():
    countries = gpd.read_file(BASEMAP).to_crs("EPSG:3035").set_index("iso3")
    russia = shapely.get_parts(countries.loc["RUS", "geometry"])
    kaliningrad = [p for p in russia if p.intersects(countries.loc["POL", "geometry"])][0]
    mainland = max(russia, key=lambda p: p.area)
    return kaliningrad.distance(mainland) / 1000


def test_kaliningrad_to_mainland():
    q = eastern_flank.kaliningrad_to_mainland()
    right = _kaliningrad_to_mainland_planar_km()  # LAEA scale error is under ~1%
    assert q.check(round(right)).correct
    assert q.check(f"{round(right)} km").correct
    wrong = q.check(65)  # the Suwałki gap, a likely mix-up
    assert not wrong.correct and "too low" in wrong.message and wrong.hint
    typed = q.check("far")
    assert not typed.correct and "Please answer with a number" in typed.message


def test_battlegroup_distance():
    q = eastern_flank.battlegroup_distance()
    # Rukla 55.0528 N, 24.3778 E; Bemowo Piskie 53.7333 N, 22.05 E (en.wikipedia, facts.md §4).
    right = haversine_km(24.3778, 55.0528, 22.05, 53.7333)
    assert q.check(round(right, 1)).correct
    assert not q.check(right + 30).correct
    assert "too high" in q.check(right + 30).message
    typed = q.check([right])
    assert not typed.correct and "not a list" in typed.message


def test_letter_measures():
    q = eastern_flank.letter_measures()
    # p03: NRF, SACEUR's plans, Air Policing, extra units to the eastern flank; no troops in Ukraine.
    assert q.check("Sending NATO combat troops into Ukraine").correct
    assert not q.check("More Air Policing activity in NATO airspace").correct
    assert not q.check(4).correct
    assert "not one of the options" in q.check("f").message


@pytest.mark.parametrize("answer, correct", [("denial", True), ("b", False), ("Punishment", False)])
def test_deterrence_by_denial(answer, correct):
    assert eastern_flank.deterrence_by_denial().check(answer).correct is correct


def test_deterrence_by_denial_wrong_type():
    fb = eastern_flank.deterrence_by_denial().check(3)
    assert not fb.correct and "Please answer with the text of an option" in fb.message


# --- Article 5, the letter's voices and the battlegroup claim (issue 6) ---------------------

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "references.csv"


def _citations() -> str:
    import csv

    with open(REFERENCES, encoding="utf-8") as f:
        return " ".join(row["citation"] for row in csv.DictReader(f))


def test_article5_is_not_automatic():
    q = eastern_flank.article5()
    # The treaty: each Party assists "by taking forthwith ... such action as it deems necessary,
    # including the use of armed force" (Article 5); so the option with "deems necessary" is right.
    right = next(o for o in q.options if "deems necessary" in o)
    assert q.check(right).correct
    automatic = next(o for o in q.options if "automatically" in o)
    wrong = q.check(automatic)
    assert not wrong.correct
    assert right not in wrong.message  # says why it is wrong without giving the answer away
    assert not q.check(5).correct  # wrong type


def _category_by_reading(sentence: str, categories: list[str]) -> str:
    """Sort a sentence by its verbs, independently of the exercise's own answer table."""
    agenda, report, dutch = categories
    if "Voor Nederland" in sentence or sentence.startswith("NAVO moet"):
        return dutch
    if "heb gemeld" in sentence or "geëindigd" in sentence:
        return report
    assert any(v in sentence for v in ("spreken", "toelichten", "balans op")), sentence
    return agenda


def test_letter_voices_accepts_a_reading_by_the_verbs():
    task = eastern_flank.letter_voices()
    by_reading = {k: _category_by_reading(v, task.categories) for k, v in task.items.items()}
    assert task.check(by_reading).correct
    # The two sentences in which the Netherlands speaks are both in the Dutch category.
    assert sum(c == task.categories[2] for c in by_reading.values()) == 2


def test_letter_voices_explains_a_wrong_sort_without_the_category():
    task = eastern_flank.letter_voices()
    answer = {k: _category_by_reading(v, task.categories) for k, v in task.items.items()}
    answer["p04.3"] = task.categories[0]  # "Voor Nederland is het van belang" sorted as agenda
    fb = task.check(answer)
    assert not fb.correct
    assert "7 of 8" in fb.message
    assert task.categories[2] not in fb.message
    assert not task.check(["p04.3"]).correct  # wrong type: a list, not a dict


def test_battlegroup_claim_model_answer_quotes_its_sources():
    task = eastern_flank.battlegroup_claim()
    citations = _citations()
    for quoted in (
        "underpinned by a viable reinforcement strategy",
        "where and when required",
        "such action as it deems necessary",
    ):
        assert quoted in task.model_answer and quoted in citations
    words = len(task.model_answer.split())
    assert 150 <= words <= 300  # the question asks for 150-250 words; the model keeps near it
    assert len(task.rubric) >= 4
    short = task.check("It cannot.")
    assert not short.correct and "words" in short.message
    assert not task.check(1000).correct  # wrong type


def test_discussion_questions_are_questions():
    assert len(eastern_flank.DISCUSSION) >= 3
    assert all("?" in q for q in eastern_flank.DISCUSSION)


# --- the notebook's figures and tables ---------------------------------------------------------


def test_flank_map_marks_every_battlegroup_on_the_date():
    from natokit import geo

    m = eastern_flank.flank_map("2022-06-15")
    dots = m.layer("battlegroups")[0]
    # The data: eight battlegroups in place on 15 June 2022 (four from 2017, four from 2022).
    assert len(dots.get_offsets()) == len(geo.battlegroups_on("2022-06-15")) == 8
    assert m.legend_labels()[-1] == "Battlegroup"


def test_suwalki_map_title_carries_the_published_width():
    m = eastern_flank.suwalki_map()
    width = int(m.title.split(": ")[1].split(" km")[0])
    assert abs(width - 65) <= 5  # "about 65 km" as the crow flies (see test above)


def test_border_summary_reports_both_ranges():
    import pandas as pd

    table = pd.DataFrame({"simplification_pct": [-0.3, -2.6], "source_pct": [-8.6, -32.5]})
    text = eastern_flank.border_summary(table)
    assert "-2.6% and -0.3%" in text and "-32% to -9%" in text
    empty = pd.DataFrame({"simplification_pct": [-1.0], "source_pct": [float("nan")]})
    assert "No published length" in eastern_flank.border_summary(empty)


def test_references_and_terms_exist():
    import natokit

    assert set(eastern_flank.REFERENCES) <= set(natokit.load("references")["key"])
    assert set(eastern_flank.GLOSSARY_TERMS) <= set(natokit.load("glossary")["term"])
