"""natokit.accession: ratifications per day, the border with Russia, coastlines held by allies.

Expected values come from the sources, typed here by hand (the NATO Parliamentary Assembly's
timeline and the national reports in facts.md, section 3; the published border lengths), or are
recomputed another way straight from the basemap file with geopandas.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from natokit import accession

DATA = Path(__file__).resolve().parents[1] / "data"

# End of each parliamentary procedure, typed from the NATO PA timeline (facts.md, section 3),
# the same for both protocols except Hungary and Türkiye.
SAME_DAY = {
    "CAN": "2022-07-05",
    "ISL": "2022-07-05",
    "NOR": "2022-07-05",
    "DNK": "2022-07-05",
    "EST": "2022-07-06",
    "GBR": "2022-07-06",
    "ALB": "2022-07-07",
    "DEU": "2022-07-08",
    "NLD": "2022-07-12",
    "LUX": "2022-07-12",
    "BGR": "2022-07-13",
    "LVA": "2022-07-14",
    "SVN": "2022-07-14",
    "HRV": "2022-07-15",
    "POL": "2022-07-20",
    "LTU": "2022-07-20",
    "BEL": "2022-07-20",
    "ROU": "2022-07-21",
    "MKD": "2022-07-27",
    "MNE": "2022-07-28",
    "FRA": "2022-08-02",
    "ITA": "2022-08-03",
    "USA": "2022-08-03",
    "CZE": "2022-08-27",
    "GRC": "2022-09-15",
    "PRT": "2022-09-16",
    "ESP": "2022-09-21",  # Senate vote (Euronews); the Congress voted on 15 September
    "SVK": "2022-09-27",  # National Council vote (TASR)
}
LAST = {
    "FIN": {"HUN": "2023-03-27", "TUR": "2023-03-30"},
    "SWE": {"TUR": "2024-01-23", "HUN": "2024-02-26"},
}


def test_every_ratification_date_matches_the_sources():
    with open(DATA / "ratifications.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 60
    for row in rows:
        expected = {**SAME_DAY, **LAST[row["candidate_iso3"]]}[row["iso3"]]
        assert row["completed_on"] == expected, row["iso3"]
        assert row["date_precision"] == "day"
        assert row["source"].strip()
    # Spain's end date rests on a report of the Senate vote, not on the NATO PA page.
    spain = [r for r in rows if r["iso3"] == "ESP"]
    assert {r["confirmed"] for r in spain} == {"false"}


def test_the_netherlands_had_ratified_on_12_july_2022():
    state = accession.ratification_state("FIN", "2022-07-12")
    done = [c for c, d in SAME_DAY.items() if d <= "2022-07-12"]
    assert sorted(state.ratified) == sorted(done) and len(done) == 10
    assert "NLD" in state.ratified
    assert not accession.ratification_state("FIN", "2022-07-11").ratified.count("NLD")


def test_after_portugals_vote_26_allies_had_ended_their_procedure():
    # The Atlantic Council counted 27 after Portugal's vote of 16 September 2022. The kit counts
    # 26 because it ends Spain's procedure with the Senate vote (21 September); counting the
    # Congress vote (15 September) instead gives 27.
    state = accession.ratification_state("SWE", "2022-09-16")
    assert len(state.ratified) == 26
    assert sorted(state.pending) == ["ESP", "HUN", "SVK", "TUR"]


@pytest.mark.parametrize("candidate", ["FIN", "SWE"])
def test_last_ratifiers_and_the_day_before_and_after(candidate):
    last = LAST[candidate]
    got = [(c, d.strftime("%Y-%m-%d")) for c, d in accession.last_ratifiers(candidate, 2)]
    assert got == sorted(last.items(), key=lambda item: item[1])
    final_code, final_day = got[-1]
    before = accession.ratification_state(candidate, pd.Timestamp(final_day) - pd.Timedelta("1D"))
    assert before.pending == [final_code]
    assert accession.ratification_state(candidate, final_day).pending == []


def test_accession_days_and_joined_flag():
    # NATO (topics_49212): Finland 4 April 2023, Sweden 7 March 2024.
    assert accession.accession_day("FIN") == pd.Timestamp("2023-04-04")
    assert accession.accession_day("SWE") == pd.Timestamp("2024-03-07")
    assert not accession.ratification_state("FIN", "2023-04-03").joined
    assert accession.ratification_state("FIN", "2023-04-04").joined
    days = accession.ratification_days()
    assert len(days) == (pd.Timestamp("2024-03-07") - pd.Timestamp("2022-07-05")).days + 1


@pytest.mark.parametrize("bad", ["Finland", "NOR", None, 3, ["FIN"]])
def test_unknown_candidates_are_refused_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="use 'FIN'"):
        accession.ratification_state(bad, "2022-07-12")


@pytest.mark.parametrize("bad", [2023, "2023", "12 July", float("nan")])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        accession.ratification_state("FIN", bad)


@pytest.mark.parametrize("bad", [0, 31, 1.5, True, "2"])
def test_last_ratifiers_refuses_a_bad_count(bad):
    with pytest.raises(ValueError, match="whole number"):
        accession.last_ratifiers("FIN", bad)


# -- the border with Russia ------------------------------------------------------------------


def _planar_border_km(a: str, b: str) -> float:
    countries = gpd.read_file(DATA / "countries.geojson").to_crs("EPSG:3035").set_index("iso3")
    shared = countries.loc[a, "geometry"].boundary.intersection(
        countries.loc[b, "geometry"].boundary
    )
    return shapely.length(shared) / 1000


def test_border_before_and_after_finland_against_published_lengths():
    change = accession.russia_border_change()
    # Published lengths (data/border_lengths.csv): Norway 197.7 (survey), Estonia 338 (PBGB),
    # Latvia 283.6 (MFA), Lithuania 297 (Interior Ministry), Poland 210; Finland 1,340.
    assert change.published_before == pytest.approx(197.7 + 338 + 283.6 + 297 + 210)
    assert change.published_after == pytest.approx(197.7 + 338 + 283.6 + 297 + 210 + 1340)
    assert set(change.allies_before) == {"NOR", "EST", "LVA", "LTU", "POL"}
    assert change.allies_after[-1] == "FIN"
    finland = _planar_border_km("FIN", "RUS")
    assert change.computed_after - change.computed_before == pytest.approx(finland, rel=1e-6)
    # The basemap is shorter than the surveys, and Finland roughly doubles the border.
    assert change.computed_after < change.published_after
    assert 1.9 < change.published_factor < 2.1
    assert 1.9 < change.computed_factor < 2.3


def test_sweden_changes_nothing_on_the_land_border():
    before = accession.russia_border_change("2024-03-06", "2024-03-07")
    assert before.computed_after == pytest.approx(before.computed_before)


def test_border_table_rows_name_each_ally_once():
    table = accession.russia_border_table("2023-04-04")
    assert list(table["iso3"]) == sorted(["EST", "FIN", "LTU", "LVA", "NOR", "POL"])
    finland = table.set_index("iso3").loc["FIN"]
    assert finland["published_km"] == 1340
    assert finland["difference_pct"] == pytest.approx(100 * (finland["computed_km"] / 1340 - 1))


# -- coastlines ------------------------------------------------------------------------------


def _coast_by_difference_km(code: str, sea: str) -> float:
    """Another way: the outline minus the other countries' (buffered) outlines, in the sea."""
    countries = gpd.read_file(DATA / "countries.geojson").to_crs("EPSG:3035").set_index("iso3")
    water = (
        gpd.GeoSeries([shapely.segmentize(accession.SEAS[sea].polygon, 0.05)], crs="EPSG:4326")
        .to_crs("EPSG:3035")
        .iloc[0]
    )
    zone = water.buffer(1000)
    own = countries.loc[code, "geometry"].boundary.intersection(zone)
    others = shapely.union_all(
        [g.boundary.intersection(zone) for c, g in countries.geometry.items() if c != code]
    )
    return shapely.length(own.difference(others.buffer(50)).intersection(water)) / 1000


@pytest.mark.parametrize("code, sea", [("LTU", "baltic"), ("EST", "baltic"), ("BGR", "black_sea")])
def test_coastline_agrees_with_an_independent_difference(code, sea):
    assert accession.coastline_km(code, sea) == pytest.approx(
        _coast_by_difference_km(code, sea), rel=0.01
    )


def test_littoral_states_are_the_nine_and_the_six():
    baltic = set(accession.coastline_table("baltic")["iso3"])
    assert baltic == {"DNK", "DEU", "POL", "RUS", "LTU", "LVA", "EST", "FIN", "SWE"}
    black = accession.coastline_table("black_sea", "2024-03-07")
    assert set(black["iso3"]) == {"BGR", "ROU", "UKR", "RUS", "GEO", "TUR"}
    assert set(black.loc[black["ally"], "iso3"]) == {"BGR", "ROU", "TUR"}
    assert black["share_pct"].sum() == pytest.approx(100)


def test_allied_share_of_the_baltic_coast_grows_with_each_accession():
    table = accession.coast_held_by_allies("baltic", ["2022-06-15", "2023-04-04", "2024-03-07"])
    assert list(table["allies"]) == [6, 7, 8]
    coasts = accession.coastline_table("baltic").set_index("iso3")["coast_km"]
    before = coasts.drop(["FIN", "SWE", "RUS"]).sum()
    assert table["allied_km"].iloc[0] == pytest.approx(before)
    assert table["allied_km"].iloc[1] == pytest.approx(before + coasts["FIN"])
    # After Sweden, Russia holds the rest of the coast.
    assert table["allied_pct"].iloc[2] == pytest.approx(100 * (1 - coasts["RUS"] / coasts.sum()))


def test_no_coast_and_bad_sea():
    assert accession.coastline_km("CZE") == 0.0
    with pytest.raises(ValueError, match="Unknown sea"):
        accession.coastline_table("north_sea")
    with pytest.raises(ValueError, match="list of dates"):
        accession.coast_held_by_allies("baltic", "2022-06-15")


def test_a_date_known_only_to_the_month_is_on_neither_side_of_a_day():
    import natokit

    table = natokit.load("ratifications")
    table.loc[(table["iso3"] == "NLD"), "date_precision"] = "month"
    state = accession.ratification_state("FIN", "2022-08-01", table)
    assert state.undated == ["NLD"]
    assert "NLD" not in state.ratified and "NLD" not in state.pending
    assert state.total == 30
