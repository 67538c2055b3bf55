"""Explorers driven from code, exactly as a student's clicks drive them."""

import pandas as pd
import pytest
from pyproj import Geod

import natokit
from natokit import style
from natokit.explore import (
    BattlegroupExplorer,
    GlossaryExplorer,
    LetterExplorer,
    MembershipExplorer,
    ReachExplorer,
)


def test_membership_explorer_counts_and_shades_allies_per_year():
    explorer = MembershipExplorer(year=1949)
    assert explorer.caption_text.startswith("End of 1949: 12 allies.")
    assert explorer.view.color_of("NLD") == style.COLORS["new_member"].lower()
    assert explorer.view.color_of("POL") == style.COLORS["land"].lower()
    explorer.set(year=1999)
    assert (
        explorer.caption_text == "End of 1999: 19 allies. Joined in 1999: Czechia, Hungary, Poland."
    )
    assert explorer.view.color_of("POL") == style.COLORS["new_member"].lower()
    assert explorer.view.color_of("NLD") == style.COLORS["member"].lower()
    assert "19 NATO allies" in explorer.view.alt


def test_membership_explorer_matches_the_members_table_every_year():
    members = natokit.load("members")
    explorer = MembershipExplorer()
    for year in range(1949, 2025):
        expected = int((members["accession_date"].dt.year <= year).sum())
        assert explorer.set(year=year).startswith(f"End of {year}: {expected} allies")


def test_moving_the_slider_widget_updates_the_image_like_a_click():
    explorer = MembershipExplorer(year=2000)
    before = explorer.image.value
    explorer.controls["year"].value = 2004  # what the browser does
    assert explorer.image.value != before
    assert explorer.caption_text.startswith("End of 2004: 26 allies")


@pytest.mark.parametrize("bad", [1900, 3000, "2004", 2004.5, True])
def test_out_of_range_or_wrong_type_is_refused_visibly(bad):
    explorer = MembershipExplorer(year=2004)
    message = explorer.set(year=bad)
    assert "nothing changed" in message.lower()
    assert explorer.state() == {"year": 2004}
    assert "nothing changed" in explorer.message.value.lower()
    explorer.set(year=2009)
    assert explorer.message.value == ""  # the warning goes once the input is valid


def test_unknown_control_is_named():
    assert MembershipExplorer().set(month=3) == "Unknown control 'month'; this explorer has: year."


def test_explorer_widget_is_tagged_for_the_browser_tests():
    explorer = MembershipExplorer()
    assert "natokit-explorer" in explorer.widget._dom_classes
    assert explorer.image in explorer.widget.children


def test_letter_explorer_shows_the_chosen_paragraphs():
    explorer = LetterExplorer()
    explorer.set(choice="topic: accession")
    letter = natokit.load("letter")
    p09 = letter.set_index("paragraph_id").loc["p09", "text_nl"]
    assert "Finland en Zweden" in p09
    assert "toetreding van" in explorer.text.value
    assert explorer.caption_text == "Topic accession: 1 paragraph (p09)."
    assert explorer.set(choice="topic: nukes").startswith("'topic: nukes' is not a choice")


def test_glossary_explorer_filters_terms():
    explorer = GlossaryExplorer()
    everything = explorer.caption_text
    assert everything == f"All {len(natokit.load('glossary'))} terms."
    explorer.set(search="Quick Reaction")
    assert "QRA" in explorer.table.value
    assert "SACEUR" not in explorer.table.value
    assert explorer.set(search="zzzz") == "No term matches 'zzzz'; try a shorter word."


def test_battlegroup_explorer_steps_through_the_data():
    explorer = BattlegroupExplorer()
    groups = natokit.load("battlegroups")
    for label, value in explorer.controls["date"].options:
        when = pd.Timestamp(value)
        active = groups[
            (groups["framework_from"] <= when)
            & (groups["framework_to"].isna() | (groups["framework_to"] >= when))
        ]
        caption = explorer.set(date=value)
        assert caption.startswith(f"{label}: {len(active)} battlegroup")
        for host in active["host_iso3"]:
            assert explorer.view.color_of(host) == style.COLORS["host"].lower()
    assert "Slovakia led by Spain" in explorer.set(date="2024-07-01")


def test_reach_explorer_ring_and_capitals_agree_with_an_independent_geodesic():
    explorer = ReachExplorer(speed_kmh=600, base="Graf Ignatievo", minutes=20)
    assert explorer.radius_km == pytest.approx(200.0)
    capitals = natokit.load("capitals")
    base = natokit.load("air_policing").query("base == 'Graf Ignatievo'").iloc[0]
    _, _, metres = Geod(ellps="WGS84").inv(
        [base["lon"]] * len(capitals),
        [base["lat"]] * len(capitals),
        capitals["lon"],
        capitals["lat"],
    )
    inside = sorted(capitals.loc[metres <= 200_000, "capital"])
    for name in inside:
        assert name in explorer.caption_text
    outside = capitals.loc[metres > 200_000, "capital"]
    assert not any(f"{name} (" in explorer.caption_text for name in outside)


def test_reach_explorer_states_its_assumption_and_refuses_bad_speed():
    explorer = ReachExplorer(speed_kmh=600)
    assert "assumed" in explorer.view.title
    with pytest.raises(ValueError, match="speed_kmh"):
        ReachExplorer(speed_kmh="fast")
    assert "outside the range 1 to 30" in explorer.set(minutes=90)


def test_reach_explorer_colours_only_the_reached_part_of_other_countries():
    explorer = ReachExplorer(speed_kmh=600, base="Šiauliai", minutes=20)
    host = explorer.view.color_of("LTU")
    assert host == style.COLORS["host"].lower()
    # Latvia keeps the neutral land colour; only its part inside the ring is drawn on top.
    assert explorer.view.color_of("LVA") == style.COLORS["land"].lower()
    assert "reached" in explorer.view.layer_names()
    assert "Latvia" in explorer.caption_text
