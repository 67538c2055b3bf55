"""Geographic computations against published figures and independent calculations."""

import pytest
import shapely
from pyproj import Geod
from reference import haversine_km

from natokit import geo

WGS84 = Geod(ellps="WGS84")


def test_suwalki_gap_is_about_65_km():
    # Published: about 65 km as the crow flies between Belarus and the Kaliningrad exclave.
    gap = geo.shortest_distance_km("BLR", geo.part_touching("RUS", "POL"))
    assert 55 <= gap <= 75


def test_finland_russia_border_within_15_percent_of_published_1340_km():
    length = geo.border_length_km("FIN", "RUS")
    assert abs(length - 1340) / 1340 <= 0.15


def test_border_length_is_symmetric_and_zero_for_non_neighbours():
    assert geo.border_length_km("POL", "LTU") == pytest.approx(geo.border_length_km("LTU", "POL"))
    assert geo.border_length_km("NLD", "FIN") == 0.0
    assert geo.border_length_km("NOR", "RUS") > 0


def test_kaliningrad_is_the_only_russian_part_touching_poland():
    kaliningrad = geo.part_touching("RUS", "POL")
    assert len(shapely.get_parts(kaliningrad)) >= 1
    # Much smaller than Lithuania, and it touches Lithuania too.
    assert kaliningrad.area < geo.country_geometry("LTU").area
    assert kaliningrad.intersects(geo.country_geometry("LTU"))
    assert not kaliningrad.intersects(geo.country_geometry("BLR"))


def test_part_touching_refuses_countries_that_do_not_touch():
    with pytest.raises(ValueError, match="does not touch"):
        geo.part_touching("NLD", "FIN")


def test_geodesic_distance_matches_an_independent_haversine_within_half_a_percent():
    lon1, lat1, lon2, lat2 = 4.9, 52.37, 24.75, 59.44  # two points, not facts
    haversine = haversine_km(lon1, lat1, lon2, lat2)
    assert geo.geodesic_distance_km(lon1, lat1, lon2, lat2) == pytest.approx(haversine, rel=0.005)


@pytest.mark.parametrize("lat", [42.3, 59.3, 70.0])
def test_range_ring_points_are_all_at_the_radius(lat):
    ring = geo.range_ring(24.0, lat, 250)
    lons, lats = zip(*ring.exterior.coords, strict=True)
    _, _, metres = WGS84.inv([24.0] * len(lons), [lat] * len(lats), lons, lats)
    assert all(abs(m / 1000 - 250) < 0.01 for m in metres)


def test_range_ring_is_wider_in_degrees_than_tall_at_high_latitude():
    # A true circle at 70°N spans far more degrees of longitude than of latitude.
    minx, miny, maxx, maxy = geo.range_ring(24.0, 70.0, 200).bounds
    assert (maxx - minx) > 2.5 * (maxy - miny)


def test_range_ring_refuses_silly_radius():
    with pytest.raises(ValueError, match="radius_km"):
        geo.range_ring(0, 0, -5)


def test_points_within_km_uses_exact_distance():
    import pandas as pd

    points = pd.DataFrame(
        {
            "name": ["near", "edge", "far"],
            "lon": [24.0, 24.0, 24.0],
            "lat": [60.5, 60.0 + 99.0 / 111.4, 62.0],
        }
    )
    inside = geo.points_within_km(24.0, 60.0, 100, points)
    assert inside["name"].tolist() == ["near", "edge"]
    assert (inside["distance_km"] <= 100).all()


def test_countries_reached_by_a_ring_around_tallinn_area():
    reached = geo.countries_reached(geo.range_ring(24.75, 59.44, 120))
    assert "EST" in reached and "FIN" in reached
    assert "POL" not in reached


def test_members_on_dates():
    assert len(geo.members_on("1949-04-03")) == 0
    assert len(geo.members_on("1949-04-04")) == 12
    assert len(geo.members_on("2004-03-29")) == 26
    assert len(geo.members_on("2024-03-06")) == 31
    assert len(geo.members_on("2024-03-07")) == 32


def test_members_on_refuses_a_non_date():
    with pytest.raises(ValueError, match="is not a date"):
        geo.members_on("yesterday-ish")


def test_unknown_country_gets_a_helpful_message():
    with pytest.raises(ValueError, match=r"Unknown country 'Finland'\. Did you mean 'FIN'\?"):
        geo.country_geometry("Finland")
    with pytest.raises(ValueError, match=r"Did you mean 'NLD'\?"):
        geo.border_length_km("nld", "BEL")


def test_battlegroups_on_key_dates():
    assert len(geo.battlegroups_on("2016-12-31")) == 0
    assert sorted(geo.battlegroups_on("2018-01-01")["host_iso3"]) == ["EST", "LTU", "LVA", "POL"]
    later = geo.battlegroups_on("2024-07-01").set_index("host_iso3")
    assert len(later) == 8
    assert later.loc["SVK", "framework_iso3"] == "ESP"
    assert (
        geo.battlegroups_on("2024-06-30").set_index("host_iso3").loc["SVK", "framework_iso3"]
        == "CZE"
    )


def test_reach_km():
    assert geo.reach_km(30, 600) == 300
    with pytest.raises(ValueError):
        geo.reach_km(5, 0)


def test_ring_overlap_keeps_only_the_part_inside_the_ring():
    ring = geo.range_ring(23.4, 55.9, 200)
    parts = geo.ring_overlap(ring)
    projected_ring = geo.to_europe(ring)
    assert "LTU" in parts and "LVA" in parts
    for code, part in parts.items():
        assert part.area <= geo.country_geometry(code).area
        # Every piece lies inside the ring (up to rounding at its edge).
        assert part.difference(projected_ring.buffer(1.0)).area == pytest.approx(0.0, abs=1.0)
    assert parts["LVA"].area < geo.country_geometry("LVA").area  # Latvia is only partly reached


def test_border_total_adds_borders_and_skips_allies_off_the_map():
    total = geo.border_total_km(["FIN", "EST", "USA", "NLD"], "RUS")
    assert total == pytest.approx(
        geo.border_length_km("FIN", "RUS") + geo.border_length_km("EST", "RUS")
    )
    assert geo.border_total_km(["RUS"], "RUS") == 0.0
