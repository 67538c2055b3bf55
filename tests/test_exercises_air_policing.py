"""Exercises of notebook 02 (Air Policing): each accepts a right answer and refuses a wrong one.

The right answers are written here independently of the code that computes them: from a
published figure or a hand calculation, not copied from the function's result.
"""

import math

import pandas as pd
import pytest

from natokit.exercises import air_policing as ex


def _haversine_km(lon1, lat1, lon2, lat2, radius_km=6371.0):
    """Great-circle distance on a sphere: an independent check of the library's geodesics."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius_km * math.asin(math.sqrt(a))


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
    by_hand = _haversine_km(23.395, 55.894, 25.280, 54.687) / 600 * 60
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


def test_rotation_events_keep_precision_and_sources():
    import natokit

    ap = natokit.load("air_policing")
    dutch = ap[ap["contributor_iso3"] == "NLD"]
    events = ex.rotation_events(dutch)
    assert list(events.columns) == ["date", "title", "date_precision", "source"]
    assert len(events) == len(dutch)
    assert events["date"].is_monotonic_increasing
    bulgaria = events[events["title"].str.contains("Graf Ignatievo")].iloc[0]
    assert bulgaria["date"] == pd.Timestamp("2022-04-06")
    assert bulgaria["title"] == "F-35A ×4 at Graf Ignatievo (enhanced Air Policing)"
    assert events.iloc[0]["date_precision"] == "year"  # the 2005 rotation: year only


def test_degree_circle_is_wrong_where_range_ring_is_right():
    from natokit import geo

    lon, lat = ex.base_position("Ämari")
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


def test_unknown_base_is_refused_helpfully():
    with pytest.raises(ValueError, match="Graf Ignatievo"):
        ex.base_position("Graf")


def test_rotations_timeline_shows_dates_at_their_precision():
    import natokit

    ap = natokit.load("air_policing")
    events = ex.rotation_events(ap[ap["contributor_iso3"] == "NLD"])
    view = ex.rotations_timeline(events, "Dutch rotations", "Source: test")
    labels = [t.get_text() for t in view.figure.axes[0].texts]
    assert labels[0].startswith("2005  F-16")  # year precision: no invented day or month
    assert any(label.startswith("06 Apr 2022  F-35A ×4 at Graf Ignatievo") for label in labels)
    assert any(label.startswith("Feb 2023  F-35A ×8 at Malbork") for label in labels)
    assert "from 2005 to" in view.alt


def test_deployment_table_marks_open_ends_and_unconfirmed_rows():
    import natokit

    ap = natokit.load("air_policing")
    table = ex.deployment_table(ap)
    assert list(table.columns) == [
        "base",
        "contributor",
        "aircraft",
        "count",
        "start",
        "end",
        "confirmed",
    ]
    assert (table["end"] == "end not in the data").sum() == ap["end"].isna().sum()
    edited = ap.copy()
    edited.loc[edited.index[0], "confirmed"] = False
    assert ex.deployment_table(edited)["confirmed"].iloc[0] == "UNCONFIRMED"
    assert table["start"].iloc[0] == "2005"  # year precision
