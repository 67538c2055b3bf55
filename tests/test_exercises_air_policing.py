"""Exercises of notebook 02 (Air Policing): each accepts a right answer and refuses a wrong one.

The right answers are written here independently of the code that computes them: from a
published figure or a hand calculation, not copied from the function's result.
"""

import math

import pytest
from reference import haversine_km

from natokit.exercises import air_policing as ex


def test_what_is_air_policing():
    q = ex.what_is_air_policing()
    assert q.check("a").correct
    assert q.check(q.options[0]).correct
    wrong = q.check("b")
    assert not wrong.correct and wrong.hint
    assert not q.check(1).correct  # wrong type: a number, not an option
    assert "not one of the options" in q.check("z").message


def test_distance_to_sofia():
    q = ex.distance_to_sofia()
    # Defensie.nl (6 April 2022): the base lies "ongeveer 130 kilometer ten Zuidoosten van de
    # hoofdstad Sofia".
    assert q.check(130).correct
    assert q.check("130 km").correct
    assert not q.check(300).correct
    assert not q.check(60).correct
    wrong_type = q.check("far")
    assert not wrong_type.correct and "number" in wrong_type.message


def test_minutes_to_vilnius():
    q = ex.minutes_to_vilnius()
    # Haversine by hand: Šiauliai Air Base 55.894 N 23.395 E, Vilnius 54.687 N 25.280 E gives
    # about 180 km; at the assumed 600 km/h that is 180 / 600 * 60 = 18 minutes.
    by_hand = haversine_km(23.395, 55.894, 25.280, 54.687) / 600 * 60
    assert by_hand == pytest.approx(18, abs=0.5)
    assert q.check(18).correct
    assert q.check("18 min").correct
    assert not q.check(30).correct
    assert not q.check(5).correct
    assert "min" in q.check("18 hours").message
    assert not q.check(None).correct  # wrong type
    assert "600 km/h" in q.question and "assumption" in q.question


def test_minutes_scale_with_the_assumed_speed():
    # Twice the speed, half the time: the answer follows the stated assumption.
    assert ex.minutes_to_vilnius(1200).answer == pytest.approx(
        ex.minutes_to_vilnius().answer / 2, abs=0.1
    )


def test_why_geodesic():
    q = ex.why_geodesic()
    assert q.check("b").correct
    assert not q.check("d").correct
    assert not q.check(["b"]).correct  # wrong type


def test_degree_circle_is_wrong_where_range_ring_is_right():
    from natokit import geo

    lon, lat = geo.base_position("Ämari")
    ring = geo.range_ring(lon, lat, 100)
    naive = ex.degree_circle(lon, lat, 100)
    west, south, east, north = ring.bounds
    # At about 59 N, cos(latitude) is about 0.51: the true ring spans about twice the degrees
    # east-west that it spans north-south; the degree circle spans the same.
    assert (east - west) / (north - south) == pytest.approx(
        1 / math.cos(math.radians(lat)), rel=0.02
    )
    nw, ns, ne, nn = naive.bounds
    assert (ne - nw) == pytest.approx(nn - ns, rel=1e-6)


# --- Air Policing vs air defence; is it deterrence? (issue 6) -------------------------------


def test_what_is_air_policing_refuses_air_defence():
    q = ex.what_is_air_policing()
    defence = next(o for o in q.options if "missile attack" in o)
    fb = q.check(defence)
    assert not fb.correct and q.answer not in fb.message


def test_policing_or_defence_by_reading():
    task = ex.policing_or_defence()
    policing, defence = task.categories
    # An attack under way, or weapons to defeat one, is air defence; the rest is policing.
    by_reading = {
        k: defence if ("missile" in v or "air defence" in v) else policing
        for k, v in task.items.items()
    }
    assert task.check(by_reading).correct
    flipped = dict(by_reading, **{"1": defence})
    fb = task.check(flipped)
    assert not fb.correct and policing not in fb.message
    assert not task.check("1: a").correct  # wrong type


def test_air_policing_as_deterrence_quotes_its_sources():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "references.csv"
    with open(path, encoding="utf-8") as f:
        citations = " ".join(row["citation"] for row in csv.DictReader(f))
    task = ex.air_policing_as_deterrence()
    for quoted in ("for deterrence and reassurance", "is something entirely different"):
        assert quoted in task.model_answer and quoted in citations
    assert "assurance" in " ".join(task.rubric)
    assert not task.check("Yes.").correct


def test_discussion_questions_are_questions():
    assert len(ex.DISCUSSION) >= 3
    assert all(q.rstrip().endswith("?") for q in ex.DISCUSSION)


# --- the notebook's figures and tables ---------------------------------------------------------


def test_bases_map_draws_every_base_with_its_mission_marker():
    import natokit

    ap = natokit.load("air_policing")
    m = ex.bases_map(ap, "t (selected)", "s")
    lielvarde = m.layer("Lielvārde")[0]  # Baltic Air Policing base since March 2024 (AIRCOM)
    assert lielvarde.get_paths()  # drawn
    assert set(ap["base"]) <= set(m.layer_names())
    assert "Baltic Air Policing" in m.legend_labels()


def test_letter_checks_agree_and_catch_a_wrong_row():
    import natokit

    ap = natokit.load("air_policing")
    row = ap[(ap["contributor_iso3"] == "NLD") & (ap["base"] == "Graf Ignatievo")].iloc[0]
    checks = ex.letter_checks(row)
    assert checks["letter_says_so"].all() and checks["data_agrees"].all()
    wrong = row.copy()
    wrong["aircraft_count"] = 6  # the letter says "vier F-35"
    assert not ex.letter_checks(wrong).set_index("claim").loc["four F-35s", "data_agrees"]


def test_ring_map_returns_the_geodesic_ring():
    m, ring, circle = ex.ring_map("Ämari", minutes=20)
    # 20 minutes at 600 km/h = 200 km, written in the title
    assert "200 km" in m.title
    assert (ring.bounds[2] - ring.bounds[0]) > 1.8 * (circle.bounds[2] - circle.bounds[0])


def test_references_and_terms_exist():
    import natokit

    assert set(ex.REFERENCES) <= set(natokit.load("references")["key"])
    assert set(ex.GLOSSARY_TERMS) <= set(natokit.load("glossary")["term"])
