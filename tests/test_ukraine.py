"""natokit.ukraine: the neighbourhood, the meetings, hubs and coalitions, checked against the CSVs
read by hand here and against geography fixed independently of the code."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_hex

from natokit import geo, style, ukraine

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


MEETINGS = read("udcg_meetings.csv")
NE10M = read("border_lengths_ne10m.csv")
MEMBERS = {r["iso3"]: r["accession_date"] for r in read("members.csv")}

# Ukraine's seven land neighbours, from any atlas (and the UKR pairs of the ne10m table).
NEIGHBOURS = {"RUS", "BLR", "MDA", "ROU", "POL", "HUN", "SVK"}


def ne10m_km(code: str) -> float:
    for r in NE10M:
        if {r["a_iso3"], r["b_iso3"]} == {"UKR", code}:
            return float(r["ne10m_km"])
    raise KeyError(code)


def test_the_neighbours_are_the_seven_countries_of_the_atlas():
    assert set(ukraine.neighbours()) == NEIGHBOURS
    assert NEIGHBOURS == {r["b_iso3"] for r in NE10M if r["a_iso3"] == "UKR"}


def test_neighbours_are_ordered_by_border_length_as_the_unsimplified_source_orders_them():
    by_source = sorted(NEIGHBOURS, key=ne10m_km, reverse=True)
    assert list(ukraine.neighbours()) == by_source


@pytest.mark.parametrize(
    "date, allies",
    [
        ("1999-03-11", set()),  # the day before Poland and Hungary joined
        ("1999-03-12", {"POL", "HUN"}),
        ("2004-03-28", {"POL", "HUN"}),
        ("2004-03-29", {"POL", "HUN", "SVK", "ROU"}),
        ("2022-06-15", {"POL", "HUN", "SVK", "ROU"}),
    ],
)
def test_allied_neighbours_follow_the_accession_dates(date, allies):
    n = ukraine.neighbourhood(date)
    assert set(n.allies) == allies
    # Cross-check with the members table read by hand.
    assert allies == {c for c in NEIGHBOURS if MEMBERS.get(c, "9999") <= date}
    assert set(n.adversaries) == {"RUS", "BLR"}
    assert set(n.others) == NEIGHBOURS - allies - {"RUS", "BLR"}


def test_border_lengths_agree_with_the_unsimplified_source_within_the_simplification_cost():
    n = ukraine.neighbourhood("2022-06-15")
    for code in NEIGHBOURS:
        # The kit's simplification costs at most 3.5% (geo.border_length_km's docstring).
        assert n.border_km[code] == pytest.approx(ne10m_km(code), rel=0.04)
    allied = sum(ne10m_km(c) for c in ("POL", "HUN", "SVK", "ROU"))
    assert n.allied_km == pytest.approx(allied, rel=0.04)
    assert n.total_km == pytest.approx(sum(ne10m_km(c) for c in NEIGHBOURS), rel=0.04)


def test_meetings_held_by_a_date_are_counted_from_the_rows():
    for day in ("2022-06-15", "2023-12-31", "2026-11-28"):
        expected = sum(r["date"] <= day for r in MEETINGS)
        assert ukraine.neighbourhood(day).meetings_held == expected
    assert ukraine.neighbourhood("2022-06-15").meetings_held == 3  # the letter: "derde keer"
    assert ukraine.neighbourhood("2022-04-25").meetings_held == 0


def test_the_caption_names_the_allies_and_both_lengths():
    n = ukraine.neighbourhood("2022-06-15")
    text = ukraine.neighbourhood_caption(n, "15 Jun 2022")
    assert text.startswith("15 Jun 2022: 4 of Ukraine's 7 neighbours are NATO allies")
    for name in ("Poland", "Hungary", "Slovakia", "Romania"):
        assert name in text
    assert f"{n.allied_km:,.0f} km of {n.total_km:,.0f} km" in text
    assert "meetings in the kit's table by then: 3" in text
    before = ukraine.neighbourhood_caption(ukraine.neighbourhood("1998-12-31"), "1998")
    assert "(none)" in before and "meeting" not in before


def test_the_map_colours_each_group_by_its_meaning_and_names_every_country():
    m = ukraine.neighbourhood_map("2022-06-15")
    for code in ("POL", "HUN", "SVK", "ROU"):
        assert m.color_of(code) == to_hex(style.COLORS["ally"])
    assert m.color_of("RUS") == m.color_of("BLR") == to_hex(style.COLORS["adversary"])
    assert m.color_of("UKR") == to_hex(style.COLORS["partner"])
    assert m.color_of("MDA") == to_hex(style.COLORS["land"])
    labels = {t.get_text() for t in m.layer("country names")}
    assert {"Ukraine", "Poland", "Russia", "Belarus", "Moldova"} <= labels
    assert "Hub or command named by the sources" in m.legend_labels()
    assert "Rzeszów-Jasionka" in m.alt and "4 allied neighbours" in m.title


def test_border_table_sets_computed_beside_every_published_row():
    table = ukraine.border_table("2022-06-15")
    published = read("border_lengths.csv")
    ukr_rows = [r for r in published if "UKR" in (r["a_iso3"], r["b_iso3"])]
    # One row per published figure, plus one for each neighbour without any (Romania).
    assert len(table) == len(ukr_rows) + 1
    assert table.loc[table["neighbour"] == "Hungary", "published_km"].tolist() == [140.0, 103.0]
    assert table.loc[table["neighbour"] == "Romania", "published_km"].isna().all()
    assert set(table.loc[table["ally"] == "yes", "neighbour"]) == {
        "Poland",
        "Hungary",
        "Slovakia",
        "Romania",
    }
    poland = table[table["neighbour"] == "Poland"].iloc[0]
    # Against the Polish Border Guard's 535.18 km (border_lengths.csv), to the rounding.
    assert abs(poland["difference_pct"] - 100 * (poland["computed_km"] / 535.18 - 1)) <= 1


def test_meetings_table_has_every_row_and_marks_the_unconfirmed():
    table = ukraine.meetings_table()
    assert table["no."].tolist() == sorted(int(r["number"]) for r in MEETINGS)
    assert (table["confirmed"] == "unconfirmed").sum() == sum(
        r["confirmed"] == "false" for r in MEETINGS
    )
    third = table[table["no."] == 3].iloc[0]
    assert (third["date"], third["place"], third["format"]) == (
        "15 Jun 2022",
        "NATO HQ Brussels",
        "in person",
    )
    no_place = sum(not r["place"] for r in MEETINGS)
    assert (table["place"] == "not stated").sum() == no_place > 0


def test_meeting_on_and_meetings_by():
    assert int(ukraine.meeting_on("2022-04-26")["number"]) == 1
    assert ukraine.meeting_on("2022-04-27") is None
    assert ukraine.meetings_by("2022-05-23")["number"].tolist() == [1, 2]


def test_chairs_reads_codes_as_names_and_says_when_there_are_none():
    assert ukraine.chairs(pd.Series({"chair": "USA"})) == "United States"
    assert ukraine.chairs(pd.Series({"chair": ["GBR", "DEU"]})) == "United Kingdom and Germany"
    assert ukraine.chairs(pd.Series({"chair": float("nan")})) == "not in the data"


def test_meetings_chart_names_the_gaps_in_the_numbering():
    numbers = {int(r["number"]) for r in MEETINGS}
    missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
    chart = ukraine.meetings_chart()
    gap = ", ".join(map(str, missing))
    assert f"Meetings without a sourced row: {gap}." in chart.source
    assert f"Numbers without a row: {gap}." in chart.alt
    ax = chart.figure.axes[0]
    assert sorted(t.get_text() for t in ax.texts if t.get_text().isdigit()) == sorted(
        str(n) for n in numbers
    )
    width, height = chart.figure.get_size_inches()
    assert width > height


def test_hubs_lie_in_their_countries_and_say_their_coordinates_are_approximate():
    table = ukraine.hubs()
    assert "Rzeszów-Jasionka" in set(table["name"])
    for r in table.itertuples():
        point = shapely.Point(*geo.project(r.lon, r.lat))
        assert geo.country_geometry(r.iso3).contains(point), r.name
        assert not r.coords_confirmed and "GeoNames" in r.note


def test_coalitions_name_their_leads_and_are_dated_no_later_than_the_retrieval():
    raw = read("coalitions.csv")
    table = ukraine.coalitions_table()
    assert len(table) == len(raw)
    assert all(r["first_reported"] <= "2026-11-28" for r in raw)
    it = table.set_index("coalition").loc["IT Coalition"]
    assert it["leads"] == "Estonia and Luxembourg" and it["first reported"] == "19 Sep 2023"
    dates = [r["first_reported"] for r in raw]
    assert [format_day(d) for d in sorted(dates)] == list(table["first reported"])
    assert (table["confirmed"] == "unconfirmed").sum() == sum(
        r["confirmed"] == "false" for r in raw
    )


def format_day(iso: str) -> str:
    return pd.Timestamp(iso).strftime("%d %b %Y")


def test_the_table_names_each_meetings_chair_from_its_codes():
    table = ukraine.meetings_table().set_index("no.")
    names = {"USA": "United States", "GBR": "United Kingdom", "DEU": "Germany"}
    for r in MEETINGS:
        expected = " and ".join(names[c] for c in r["chair"].split(";"))
        assert table.loc[int(r["number"]), "chair"] == expected
    # Austin chaired his last meeting on 9 Jan 2025; the UK chaired the next (rows 25 and 26).
    assert table.loc[25, "chair"] == "United States" and table.loc[26, "chair"] == "United Kingdom"


def test_the_chart_marks_who_chaired_by_marker_shape():
    chart = ukraine.meetings_chart()
    ax = chart.figure.axes[0]
    by_chair = {"USA": 0, "other": 0}
    for r in MEETINGS:
        by_chair["USA" if r["chair"] == "USA" else "other"] += 1
    counts = [len(c.get_offsets()) for c in ax.collections]
    # Two shapes, each drawn filled and open: circles first (US), then squares.
    assert sum(counts[:2]) == by_chair["USA"] and sum(counts[2:]) == by_chair["other"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["chaired by the United States", "chaired by the UK (and Germany)"]
