"""Geographic computations against published figures and independent calculations."""

import csv
import datetime
import math

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from reference import active_on_each_day, haversine_km, vincenty_km

import natokit
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


# -- distances against an independent ellipsoid (Vincenty, tests/reference.py) -------------------

# Pairs of points (not facts): east-west at high latitude, where any flat-map shortcut fails.
PAIRS = [
    (4.9, 52.37, 24.75, 59.44),
    (0.0, 60.0, 20.0, 60.0),
    (-9.14, 38.72, 37.6, 55.75),
    (23.39, 55.89, 25.28, 54.69),
    (179.5, 60.0, -179.5, 60.3),
]


@pytest.mark.parametrize("pair", PAIRS)
def test_geodesic_distance_agrees_with_vincenty_to_a_metre(pair):
    assert geo.geodesic_distance_km(*pair) == pytest.approx(vincenty_km(*pair), abs=0.001)


def test_a_flat_map_distance_would_be_far_off_so_the_test_above_can_tell():
    # Sanity check of the check: degrees treated as a flat grid are 2x too long at 60°N.
    lon1, lat1, lon2, lat2 = PAIRS[1]
    flat = math.hypot(lon2 - lon1, lat2 - lat1) * 111.32
    assert flat > 1.9 * vincenty_km(lon1, lat1, lon2, lat2)


@pytest.mark.parametrize("lon, lat", [(24.0, 42.3), (24.0, 70.0), (179.8, 65.0), (-179.9, -50.0)])
def test_range_ring_vertices_lie_at_the_radius_by_vincenty(lon, lat):
    ring = geo.range_ring(lon, lat, 300)
    assert ring.is_valid
    for x, y in ring.exterior.coords:
        assert vincenty_km(lon, lat, x, y) == pytest.approx(300.0, abs=0.001)


def test_range_ring_across_the_antimeridian_stays_one_narrow_valid_polygon():
    ring = geo.range_ring(179.5, 60.0, 200)
    minx, _, maxx, _ = ring.bounds
    assert ring.is_valid
    assert minx < 180 < maxx  # continuous across 180°, not split
    assert maxx - minx < 10  # about 7.2° wide at 60°N, never globe-spanning


@pytest.mark.parametrize("lat, pole", [(88.0, "North Pole"), (-87.5, "South Pole")])
def test_range_ring_refuses_a_ring_around_a_pole(lat, pole):
    with pytest.raises(ValueError, match=pole):
        geo.range_ring(10.0, lat, 400)


def test_range_ring_close_to_a_pole_but_not_around_it_is_valid():
    ring = geo.range_ring(10.0, 85.0, 500)  # the pole is 557 km away
    assert ring.is_valid
    assert ring.bounds[3] < 90


def test_points_within_km_agrees_with_vincenty():
    capitals = natokit.load("capitals")
    lon, lat = geo.base_position("Šiauliai")
    inside = geo.points_within_km(lon, lat, 250, capitals)
    for row in capitals.itertuples():
        truth = vincenty_km(lon, lat, row.lon, row.lat)
        assert (row.capital in set(inside["capital"])) == (truth <= 250)
    for row in inside.itertuples():
        assert row.distance_km == pytest.approx(vincenty_km(lon, lat, row.lon, row.lat), abs=0.001)


# -- reach ------------------------------------------------------------------------------------


def test_reach_from_siauliai_in_20_minutes_at_600_kmh():
    lon, lat = geo.base_position("Šiauliai")
    result = geo.reach(lon, lat, 20, 600)
    assert result.radius_km == 200.0  # 600 km/h for a third of an hour
    assert {"LTU", "LVA"} <= set(result.countries)
    assert result.countries == sorted(result.countries)
    assert set(result.parts) == set(result.countries)
    # Capitals inside are exactly those within 200 km by an independent formula.
    capitals = natokit.load("capitals")
    expected = sorted(
        (vincenty_km(lon, lat, r.lon, r.lat), r.capital)
        for r in capitals.itertuples()
        if vincenty_km(lon, lat, r.lon, r.lat) <= 200
    )
    assert list(result.capitals["capital"]) == [name for _, name in expected]
    assert "Riga" in expected[0][1] and "Vilnius" in [n for _, n in expected]
    for x, y in result.ring.exterior.coords:
        assert vincenty_km(lon, lat, x, y) == pytest.approx(200.0, abs=0.001)


def test_reach_parts_lie_inside_the_ring_and_inside_their_country():
    result = geo.reach(24.2186, 59.2622, 10, 600)  # Ämari, 100 km
    ring = geo.to_europe(result.ring).buffer(1.0)
    for code, part in result.parts.items():
        assert part.difference(ring).area == pytest.approx(0.0, abs=1.0)
        assert part.difference(geo.country_geometry(code).buffer(1.0)).area == pytest.approx(
            0.0, abs=1.0
        )
    assert "EST" in result.countries and "RUS" not in result.countries


def test_reach_is_frozen():
    result = geo.reach(24.0, 56.0, 5, 600)
    with pytest.raises(AttributeError):
        result.radius_km = 1.0


@pytest.mark.parametrize(
    "minutes, speed, message",
    [
        (0, 600, "minutes must be more than 0"),
        (-5, 600, "minutes must be more than 0"),
        (10, 0, "speed_kmh must be more than 0"),
        (10, -600, "speed_kmh must be more than 0"),
        (float("nan"), 600, "minutes must be a finite number"),
        (10, float("inf"), "speed_kmh must be a finite number"),
        ("10", 600, "minutes must be a number"),
        (10, None, "speed_kmh must be a number"),
        (True, 600, "minutes must be a number"),
        (600, 600, "radius_km must be between 0.01 and 5000"),
    ],
)
def test_reach_refuses_bad_time_or_speed_with_a_clear_message(minutes, speed, message):
    with pytest.raises(ValueError, match=message):
        geo.reach(24.0, 56.0, minutes, speed)


def test_alignment_tells_allies_partners_and_adversaries_apart():
    kinds = geo.alignment(["EST", "RUS", "BLR", "UKR", "MDA", "USA"])
    assert kinds == {
        "EST": "ally",
        "RUS": "russia",
        "BLR": "belarus",
        "UKR": "other",
        "MDA": "other",
        "USA": "ally",
    }
    assert geo.alignment(["SWE"], "2024-03-06") == {"SWE": "other"}
    assert geo.alignment(["SWE"], "2024-03-07") == {"SWE": "ally"}
    with pytest.raises(ValueError, match="Unknown country"):
        geo.alignment(["Sweden"])


# -- one lookup for names and places ------------------------------------------------------------


def test_country_name_covers_the_basemap_and_allies_off_it():
    members = natokit.load("members")
    for code, name in zip(members["iso3"], members["name"], strict=True):
        assert geo.country_name(code) == name
    assert geo.country_name("UKR") == "Ukraine"
    with pytest.raises(ValueError, match="Unknown country"):
        geo.country_name("ZZZ")


def test_base_and_capital_positions_come_from_the_data():
    ap = natokit.load("air_policing").drop_duplicates("base").set_index("base")
    for base, row in ap.iterrows():
        assert geo.base_position(base) == (row["lon"], row["lat"])
    with pytest.raises(ValueError, match="Unknown base"):
        geo.base_position("Ramstein")
    with pytest.raises(ValueError, match="No capital"):
        geo.capital_position("USA")


# -- bad input: one table of refusals ---------------------------------------------------------


REFUSALS = [
    (lambda: geo.members_on(2004), "2004 is not a date.*2004-12-31"),
    (lambda: geo.members_on("2004"), "is not a date"),
    (lambda: geo.members_on(None), "membership date is missing"),
    (lambda: geo.members_on(float("nan")), "membership date is missing"),
    (lambda: geo.members_on("2022-02-30"), "is not a date"),
    (lambda: geo.battlegroups_on(2017), "is not a date"),
    (lambda: geo.battlegroups_on("1 March 2022"), "is not a date"),
    (lambda: geo.battlegroups_on(None), "battlegroup date is missing"),
    (lambda: geo.battlegroup_map(pd.NaT), "battlegroup date is missing"),
    (lambda: geo.border_length_km("FIN", "FIN"), "no border with itself"),
    (lambda: geo.border_length_km("FIN", None), "Unknown country None"),
    (lambda: geo.border_total_km(["FIN", "XYZ"], "RUS"), "Unknown country 'XYZ'"),
    (lambda: geo.border_total_km(["FIN", "RUS"], "RUS"), "no border with itself"),
    (lambda: geo.border_total_km("FIN", "RUS"), "must be a list of ISO3 codes"),
    (lambda: geo.border_total_km(5, "RUS"), "must be a list of ISO3 codes"),
    (lambda: geo.border_comparison([("FIN", "FIN")]), "no border with itself"),
    (lambda: geo.border_comparison([("NLD", "BEL")]), "No Natural Earth 1:10m length"),
    (lambda: geo.border_comparison(["FINRUS"]), "Each pair must be two ISO3 codes"),
    (lambda: geo.reach_km(10, 0), "speed_kmh must be more than 0"),
    (lambda: geo.reach_km(0, 600), "minutes must be more than 0"),
    (lambda: geo.range_ring(0, 0, -5), "radius_km must be between 0.01 and 5000"),
    (lambda: geo.range_ring(0, 0, float("nan")), "radius_km must be a finite number"),
    (lambda: geo.range_ring(200, 0, 100), "lon must be between -180 and 180"),
    (lambda: geo.range_ring(0, 0, 100, n_points=2), "n_points"),
    (lambda: geo.geodesic_distance_km(0, float("inf"), 1, 1), "lat must be a finite number"),
    (lambda: geo.membership_in_year(2004.0), "year must be a whole number"),
    (lambda: geo.membership_in_year("2004"), "year must be a whole number"),
]


@pytest.mark.parametrize("call, message", REFUSALS)
def test_geo_refuses_what_it_cannot_answer(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- membership in a year ---------------------------------------------------------------------


def test_membership_in_year_counts_from_the_accession_dates():
    with open(natokit.data.data_dir() / "members.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for year in (1949, 1982, 1999, 2004, 2023, 2024):
        result = geo.membership_in_year(year)
        assert result.count == sum(int(r["accession_date"][:4]) <= year for r in rows)
        assert set(result.joined) == {
            r["iso3"] for r in rows if int(r["accession_date"][:4]) == year
        }
        assert set(result.before) == {
            r["iso3"] for r in rows if int(r["accession_date"][:4]) < year
        }
    assert geo.membership_in_year(1948).count == 0


# -- battlegroups: dated rows only, steps exactly where the picture changes ---------------------


def _synthetic_groups():
    return pd.DataFrame(
        {
            "host_iso3": ["EST", "BGR", "BGR", "HUN", "SVK"],
            "framework_iso3": ["GBR", "BGR", "ITA", "HUN", "CZE"],
            "framework_from": pd.to_datetime(
                ["2017-03-17", "2022-03-01", "2022-10-17", "2022-01-01", "2022-03-01"]
            ),
            "framework_to": pd.to_datetime([None, "2022-10-16", None, None, "2024-06-30"]),
            "date_precision": ["day", "day", "day", "year", "month"],
            "established": [2017, 2022, 2022, 2022, 2022],
        }
    )


def test_battlegroup_steps_on_a_hand_made_table():
    steps = [f"{d:%Y-%m-%d}" for d in geo.battlegroup_steps(_synthetic_groups())]
    # Starts, and the day AFTER each end; never the year-only Hungarian row's 1 January.
    assert steps == ["2017-03-17", "2022-03-01", "2022-10-17", "2024-07-01"]


def test_battlegroups_on_the_last_and_first_day_of_a_framework():
    groups = _synthetic_groups()
    assert list(geo.battlegroups_on("2022-10-16", groups)["framework_iso3"]) == [
        "GBR",
        "BGR",
        "CZE",
    ]
    assert list(geo.battlegroups_on("2022-10-17", groups)["framework_iso3"]) == [
        "GBR",
        "ITA",
        "CZE",
    ]
    assert "CZE" in set(geo.battlegroups_on("2024-06-30", groups)["framework_iso3"])
    assert "CZE" not in set(geo.battlegroups_on("2024-07-01", groups)["framework_iso3"])


def test_year_only_rows_are_never_a_step_nor_an_on_date_answer():
    groups = _synthetic_groups()
    assert list(geo.undated_battlegroups(groups)["host_iso3"]) == ["HUN"]
    for day in pd.date_range("2021-12-31", "2025-01-01", freq="7D"):
        assert "HUN" not in set(geo.battlegroups_on(day, groups)["host_iso3"])


def test_real_steps_are_exactly_the_days_the_active_set_changes():
    # Independent: plain-Python dates from the CSV text, one check per day from 2016 to 2026.
    with open(natokit.data.data_dir() / "battlegroups.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["date_precision"] in ("day", "month")]
    starts = [datetime.date.fromisoformat(r["framework_from"]) for r in rows]
    ends = [
        datetime.date.fromisoformat(r["framework_to"]) if r["framework_to"] else None for r in rows
    ]
    days = [datetime.date(2016, 1, 1) + datetime.timedelta(days=i) for i in range(11 * 366)]
    active = active_on_each_day(starts, ends, days)
    changes = [days[i] for i in range(1, len(days)) if active[i] != active[i - 1]]
    steps = [d.date() for d in geo.battlegroup_steps()]
    assert steps == changes
    for day, expected in zip(days[::97], active[::97], strict=True):
        assert len(geo.battlegroups_on(day)) == len(expected)


def test_real_undated_rows_follow_the_precision_column():
    groups = natokit.load("battlegroups")
    undated = geo.undated_battlegroups()
    assert len(undated) == int((~groups["date_precision"].isin(["day", "month"])).sum())
    for row in undated.itertuples():
        for step in geo.battlegroup_steps():
            active = geo.battlegroups_on(step)
            assert not (
                (active["host_iso3"] == row.host_iso3)
                & (active["framework_iso3"] == row.framework_iso3)
            ).any()


def test_battlegroup_map_links_framework_capitals_to_bases():
    picture = geo.battlegroup_map("2024-07-01")
    capitals = natokit.load("capitals").set_index("iso3")
    svk = [link for link in picture.links if link.host_iso3 == "SVK"]
    assert len(svk) == 1
    link = svk[0]
    assert (link.framework_iso3, link.framework_name, link.host_name) == (
        "ESP",
        "Spain",
        "Slovakia",
    )
    assert (link.lon1, link.lat1) == (capitals.loc["ESP", "lon"], capitals.loc["ESP", "lat"])
    assert link.segment[2:] == (link.lon2, link.lat2)
    # No link for a host that leads its own battlegroup, none from off-map framework nations.
    assert all(link.framework_iso3 != link.host_iso3 for link in picture.links)
    assert all(link.framework_iso3 in capitals.index for link in picture.links)
    assert "USA" in picture.frameworks and "USA" not in {k.framework_iso3 for k in picture.links}
    assert ("Slovakia", "Spain") in picture.pairs
    assert len(picture.pairs) == len(picture.active) == len(picture.hosts)


# -- border lengths: kit basemap vs unsimplified source vs published ----------------------------


def _ne10m_rows():
    with open(natokit.data.data_dir() / "border_lengths_ne10m.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_ne10m_file_has_the_borders_the_notebooks_need():
    pairs = {frozenset((r["a_iso3"], r["b_iso3"])) for r in _ne10m_rows()}
    needed = [
        ("FIN", "RUS"), ("NOR", "RUS"), ("EST", "RUS"), ("LVA", "RUS"), ("LTU", "RUS"),
        ("POL", "RUS"), ("LVA", "BLR"), ("LTU", "BLR"), ("POL", "BLR"), ("POL", "LTU"),
        ("UKR", "POL"), ("UKR", "SVK"), ("UKR", "HUN"), ("UKR", "ROU"), ("UKR", "MDA"),
        ("UKR", "BLR"), ("UKR", "RUS"),
    ]  # fmt: skip
    assert all(frozenset(p) in pairs for p in needed)


def test_border_comparison_reads_the_source_lengths_and_costs_of_simplifying():
    table = geo.border_comparison()
    rows = _ne10m_rows()
    assert len(table) >= len(rows)
    by_pair = {(r["a_iso3"], r["b_iso3"]): float(r["ne10m_km"]) for r in rows}
    for row in table.itertuples():
        assert row.ne10m_km == by_pair[(row.a, row.b)]
        assert row.computed_km == pytest.approx(geo.border_length_km(row.a, row.b))
        assert row.simplification_pct == pytest.approx(100 * (row.computed_km / row.ne10m_km - 1))
        # Simplifying at 1.5 km shortens a border, by at most a few per cent.
        assert -5.0 < row.simplification_pct < 0.5
    fin = table[(table["a"] == "FIN") & (table["b"] == "RUS")].iloc[0]
    assert abs(fin["simplification_pct"]) < 0.5


def test_border_comparison_sets_computed_against_a_published_figure(monkeypatch):
    published = pd.DataFrame(
        {
            "a_iso3": ["RUS"],
            "b_iso3": ["FIN"],  # either order matches
            "published_km": [1340.0],
            "confirmed": [True],
            "note": [""],
            "source": ["test figure"],
            "via": [""],
        }
    )
    real_load = geo.load
    monkeypatch.setattr(
        geo, "load", lambda name: published.copy() if name == "border_lengths" else real_load(name)
    )
    table = geo.border_comparison([("FIN", "RUS"), ("NOR", "RUS")])
    fin, nor = table.iloc[0], table.iloc[1]
    assert fin["published_km"] == 1340.0 and fin["published_source"] == "test figure"
    assert fin["difference_pct"] == pytest.approx(100 * (fin["computed_km"] / 1340 - 1))
    assert fin["source_pct"] == pytest.approx(100 * (fin["ne10m_km"] / 1340 - 1))
    assert fin["source_pct"] < fin["simplification_pct"] < 0  # most of the loss is the source
    assert np.isnan(nor["published_km"]) and np.isnan(nor["difference_pct"])
    assert nor["published_source"] == ""


# -- property-based: wild values work or get a clear ValueError --------------------------------

WILD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.just(np.array([1.0, 2.0])),
    st.dates(),
)
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(lon=WILD | st.floats(-180, 180), lat=WILD | st.floats(-90, 90),
       minutes=WILD | st.floats(0.5, 60), speed=WILD | st.floats(50, 3000))  # fmt: skip
def test_reach_property_works_or_says_why(lon, lat, minutes, speed):
    try:
        result = geo.reach(lon, lat, minutes, speed)
    except ValueError as error:
        assert str(error)
        return
    assert 0 < result.radius_km <= geo.MAX_RING_KM
    assert result.ring.is_valid
    assert result.countries == sorted(result.parts)


@PROPS
@given(
    lon=st.floats(-180, 180),
    lat=st.floats(-90, 90),
    radius=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(1, 5000)),
)
def test_range_ring_property_is_valid_at_the_radius_or_refused(lon, lat, radius):
    try:
        ring = geo.range_ring(lon, lat, radius, n_points=32)
    except ValueError as error:
        assert str(error)
        return
    assert ring.is_valid
    minx, _, maxx, _ = ring.bounds
    assert maxx - minx < 360  # never wraps around the globe
    x, y = ring.exterior.coords[5]
    assert haversine_km(lon, lat, x, y) == pytest.approx(radius, rel=0.006)


@PROPS
@given(date=WILD | st.datetimes() | st.dates().map(str))
def test_date_functions_property_answer_or_refuse(date):
    for call in (geo.members_on, geo.battlegroups_on, geo.battlegroup_map):
        try:
            result = call(date)
        except ValueError as error:
            assert "date" in str(error)
            continue
        assert result is not None


@PROPS
@given(a=WILD | st.sampled_from(["FIN", "RUS", "POL", "NLD", "USA"]),
       b=WILD | st.sampled_from(["RUS", "BLR", "FIN", "Finland"]))  # fmt: skip
def test_border_functions_property_answer_or_refuse(a, b):
    try:
        km = geo.border_length_km(a, b)
    except ValueError as error:
        assert str(error)
    else:
        assert km >= 0 and a != b
    try:
        total = geo.border_total_km([a], b)
    except ValueError as error:
        assert str(error)
    else:
        assert total >= 0


@PROPS
@given(year=WILD | st.integers(1900, 2100))
def test_membership_in_year_property(year):
    try:
        result = geo.membership_in_year(year)
    except ValueError as error:
        assert "year" in str(error)
        return
    assert result.count == len(result.before) + len(result.joined)


@settings(max_examples=40, deadline=None)
@given(
    lon=st.floats(10, 35),
    lat=st.floats(40, 65),
    minutes=st.floats(0.5, 45),
    speed=st.floats(100, 2500),
)
def test_reach_property_on_sensible_input_is_consistent(lon, lat, minutes, speed):
    result = geo.reach(lon, lat, minutes, speed)
    assert result.radius_km == pytest.approx(minutes * speed / 60)
    assert (result.capitals["distance_km"] <= result.radius_km).all()
    for row in result.capitals.itertuples():
        assert vincenty_km(lon, lat, row.lon, row.lat) == pytest.approx(row.distance_km, abs=0.001)
    assert result.countries == sorted(result.parts)
    assert all(part.area > 0 for part in result.parts.values())


@settings(max_examples=40, deadline=None)
@given(pairs=st.one_of(WILD, st.lists(st.tuples(st.sampled_from(["FIN", "RUS", "X", "POL"]), st.sampled_from(["RUS", "BLR", "FIN"])), max_size=3)))  # fmt: skip
def test_border_comparison_property_answers_or_refuses(pairs):
    try:
        table = geo.border_comparison(pairs)
    except ValueError as error:
        assert str(error)
        return
    assert list(table.columns)[:4] == ["a", "b", "computed_km", "ne10m_km"]


def test_a_large_ring_reaching_libya_does_not_fail():
    # Found by hypothesis: Libya's outline folds onto itself in LAEA Europe unless repaired.
    assert all(geo.country_geometry(code).is_valid for code in geo.country_names())
    assert "LBY" in geo.reach(10.0, 40.0, 42.0, 1389.0).countries


@settings(max_examples=60, deadline=None)
@given(
    lon=st.floats(-10, 40),
    lat=st.floats(35, 70),
    radius=st.floats(0, 3000),
)
def test_points_within_km_is_the_plain_pandas_filter_and_sort(lon, lat, radius):
    capitals = natokit.load("capitals")
    _, _, metres = Geod(ellps="WGS84").inv(
        [lon] * len(capitals), [lat] * len(capitals), capitals["lon"], capitals["lat"]
    )
    plain = capitals.assign(distance_km=np.asarray(metres) / 1000.0)
    plain = plain[plain["distance_km"] <= radius].sort_values("distance_km")
    pd.testing.assert_frame_equal(geo.points_within_km(lon, lat, radius, capitals), plain)


def test_ring_overlap_is_each_country_cut_by_the_ring():
    ring = geo.range_ring(26.6, 44.4, 300)  # Fetești: five countries
    parts = geo.ring_overlap(ring)
    projected = geo.to_europe(ring)
    countries = geo._countries_projected()
    expected = {
        code: geom.intersection(projected)
        for code, geom in zip(countries.index, countries.geometry, strict=True)
        if geom.intersects(projected) and geom.intersection(projected).area > 0
    }
    assert list(parts) == sorted(expected) and len(parts) >= 4
    for code, part in parts.items():
        assert part.equals(expected[code])


def test_battlegroups_on_is_the_plain_pandas_filter_and_sort():
    groups = natokit.load("battlegroups")
    for day in pd.date_range("2016-06-01", "2026-12-31", freq="29D"):
        started = groups["framework_from"] <= day
        not_ended = groups["framework_to"].isna() | (groups["framework_to"] >= day)
        dated = groups["date_precision"].isin(geo.DATED_PRECISIONS)
        plain = (
            groups[dated & started & not_ended]
            .sort_values(["established", "host_iso3"])
            .reset_index(drop=True)
        )
        pd.testing.assert_frame_equal(geo.battlegroups_on(day, groups), plain)


def test_projection_pipelines_are_what_proj_chooses_for_the_two_systems():
    """The transformers written out as PROJ pipelines (no database lookup) give the points
    that ``Transformer.from_crs`` gives, both ways, across and beyond the kit's maps."""
    from pyproj import Transformer

    lon, lat = np.meshgrid(np.linspace(-35, 60, 40), np.linspace(25, 80, 40))
    lon, lat = lon.ravel(), lat.ravel()
    reference = Transformer.from_crs("EPSG:4326", geo.EUROPE_CRS, always_xy=True)
    x, y = geo.project(lon, lat)
    rx, ry = reference.transform(lon, lat)
    assert np.abs(x - rx).max() < 1e-6 and np.abs(y - ry).max() < 1e-6  # metres
    back = Transformer.from_crs(geo.EUROPE_CRS, "EPSG:4326", always_xy=True)
    blon, blat = geo._to_lonlat().transform(x, y)
    rlon, rlat = back.transform(x, y)
    assert np.abs(blon - rlon).max() < 1e-9 and np.abs(blat - rlat).max() < 1e-9  # degrees
    assert np.abs(blon - lon).max() < 1e-6 and np.abs(blat - lat).max() < 1e-6


def test_countries_are_projected_as_geopandas_would():
    from natokit.data import load

    raw = load("countries")
    ours = geo._countries_projected()
    theirs = raw.to_crs(geo.EUROPE_CRS).set_index("iso3")
    assert ours.crs == theirs.crs
    assert list(ours.index) == list(theirs.index)
    for code in ("NLD", "EST", "TUR", "ISL"):
        assert ours.geometry[code].equals_exact(theirs.geometry[code], tolerance=1e-6)
