"""NeighbourhoodExplorer: what a student sees, checked against the membership table read by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

from natokit import style
from natokit.explore_udcg import NeighbourhoodExplorer, naive_neighbourhood_png

DATA = Path(__file__).resolve().parents[1] / "data"
with open(DATA / "members.csv", encoding="utf-8", newline="") as f:
    JOINED = {r["iso3"]: int(r["accession_date"][:4]) for r in csv.DictReader(f)}
WESTERN = ("POL", "HUN", "SVK", "ROU")  # Ukraine's neighbours that are allies today


@pytest.fixture(scope="module")
def explorer():
    return NeighbourhoodExplorer(year=2022)


@pytest.mark.parametrize("year", [1998, 1999, 2003, 2004, 2024])
def test_each_year_colours_exactly_the_neighbours_that_had_joined(explorer, year):
    caption = explorer.set(year=year)
    allies = [c for c in WESTERN if JOINED[c] <= year]
    assert caption.startswith(f"End of {year}: {len(allies)} of Ukraine's 7 neighbours")
    for code in WESTERN:
        expected = style.COLORS["ally"] if code in allies else style.COLORS["land"]
        assert explorer.view.color_of(code) == to_hex(expected), (year, code)
    assert explorer.view.color_of("RUS") == to_hex(style.COLORS["adversary"])
    assert explorer.view.color_of("UKR") == to_hex(style.COLORS["partner"])
    assert f"{year}: {len(allies)} allies" in explorer.view.title


def test_the_caption_counts_the_contact_group_meetings_only_once_they_began(explorer):
    assert "Contact Group" not in explorer.set(year=2021)
    assert "Contact Group meetings in the kit's table by then:" in explorer.set(year=2022)


@pytest.mark.parametrize("bad", [1800, 2022.5, float("nan"), "2004", None, [2004]])
def test_wild_values_are_refused_visibly_and_change_nothing(explorer, bad):
    explorer.set(year=2004)
    before = explorer.caption_text
    message = explorer.set(year=bad)
    assert "nothing changed" in message and explorer.message_text == message
    assert explorer.caption_text == before and explorer.state() == {"year": 2004}


@pytest.mark.parametrize("bad", [1800, 2022.5, "2004"])
def test_the_constructor_refuses_out_of_range_years(bad):
    with pytest.raises(ValueError, match="Year"):
        NeighbourhoodExplorer(year=bad)


def test_the_static_face_shows_picture_alt_text_and_caption(explorer):
    explorer.set(year=2004)
    bundle = explorer._repr_mimebundle_()
    assert '<img src="data:image/png;base64,' in bundle["text/html"]
    assert "Romania" in bundle["text/plain"] or "ROU" in explorer.view.alt
    assert 'alt="Map of Ukraine and its land neighbours at the end of 2004' in bundle["text/html"]


def test_the_naive_path_draws_a_png_from_scratch():
    assert naive_neighbourhood_png(2004)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_legend_lists_only_groups_the_map_shows(explorer):
    explorer.set(year=1998)  # before Poland and Hungary joined: no allied neighbour
    assert "NATO ally" not in explorer.view.legend_labels()
    explorer.set(year=1999)
    assert explorer.view.legend_labels()[0] == "NATO ally"
    assert "Today's borders" in explorer.view.source
