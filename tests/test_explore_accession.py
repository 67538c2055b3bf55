"""RatificationExplorer: what a student sees, checked against the ratification dates typed here."""

from __future__ import annotations

import pytest
from test_accession import LAST, SAME_DAY

from natokit import style
from natokit.explore_accession import (
    RatificationExplorer,
    naive_ratification_png,
    ratification_map,
)

ON_MAP_EXCEPT = {"CAN", "USA"}


def expected(candidate: str, day: str) -> tuple[set, set]:
    dates = {**SAME_DAY, **LAST[candidate]}
    done = {code for code, d in dates.items() if d <= day}
    return done, set(dates) - done


@pytest.fixture(scope="module")
def explorer():
    return RatificationExplorer("FIN")


@pytest.mark.parametrize(
    "candidate, day",
    [("FIN", "2022-07-05"), ("FIN", "2022-09-16"), ("FIN", "2023-03-28"), ("SWE", "2024-02-01")],
)
def test_each_ally_is_coloured_as_its_ratification_completes(explorer, candidate, day):
    caption = explorer.set(candidate=candidate, date=day)
    done, pending = expected(candidate, day)
    for code in done - ON_MAP_EXCEPT:
        assert explorer.view.color_of(code) == style.COLORS["ally"].lower(), code
    for code in pending - ON_MAP_EXCEPT:
        assert explorer.view.color_of(code) == style.COLORS["highlight"].lower(), code
    assert caption.split(":")[1].strip().startswith(f"{len(done)} of 30 allies")


def test_candidates_turn_from_partner_to_new_ally_on_their_accession_day(explorer):
    explorer.set(candidate="SWE", date="2023-04-03")
    assert explorer.view.color_of("FIN") == style.COLORS["partner"].lower()
    caption = explorer.set(date="2023-04-04")
    assert explorer.view.color_of("FIN") == style.COLORS["new_ally"].lower()
    assert explorer.view.color_of("SWE") == style.COLORS["partner"].lower()
    assert "Finland joined NATO on 4 April 2023 (today)" in caption
    caption = explorer.set(date="2024-03-07")
    assert explorer.view.color_of("SWE") == style.COLORS["new_ally"].lower()
    assert "Sweden joined NATO on 7 March 2024 (today)" in caption


def test_caption_names_the_last_ratifiers_and_the_unconfirmed_date(explorer):
    caption = explorer.set(candidate="SWE", date="2024-01-23")
    assert "Still to ratify: Hungary." in caption
    assert "Last to ratify: Türkiye (23 January 2024); Hungary (26 February 2024)." in caption
    assert "Date not confirmed for: Spain." in caption
    caption = explorer.set(candidate="FIN", date="2022-08-01")
    assert "Last to ratify: Hungary (27 March 2023); Türkiye (30 March 2023)." in caption
    assert "Spain" not in caption.split("Last")[0].split("Still")[0]


def test_the_few_allies_still_to_ratify_are_named_on_the_map(explorer):
    explorer.set(candidate="FIN", date="2023-03-28")
    names = sorted(t.get_text() for t in explorer.view.layer("country names"))
    assert names == ["Finland", "Sweden", "Türkiye"]
    assert "Türkiye" in explorer.view.alt and "orange" in explorer.view.alt


@pytest.mark.parametrize(
    "values, message",
    [
        ({"date": "2022-07-04"}, "not a choice for date"),
        ({"date": "2024-03-08"}, "not a choice for date"),
        ({"date": 2023}, "not a choice for date"),
        ({"candidate": "NOR"}, "not a choice for candidate"),
        ({"candidate": None}, "not a choice for candidate"),
        ({"colour": "red"}, "Unknown control 'colour'"),
    ],
)
def test_wild_values_are_refused_visibly_and_change_nothing(explorer, values, message):
    explorer.set(candidate="FIN", date="2022-07-12")
    before = explorer.state()
    reply = explorer.set(**values)
    assert message in reply and message in explorer.message_text
    assert 'role="alert"' in explorer.message.value
    assert explorer.state() == before


def test_constructor_refuses_out_of_range_values():
    with pytest.raises(ValueError, match="not a choice for date"):
        RatificationExplorer("FIN", "2021-01-01")
    with pytest.raises(ValueError, match="not a choice for candidate"):
        RatificationExplorer("Finland")


def test_key_days_include_every_completion_and_both_accessions():
    days = RatificationExplorer("FIN").key_days()
    assert days[0] == "2022-07-05" and "2023-03-30" in days and days[-1] == "2024-03-07"
    assert set(SAME_DAY.values()) <= set(days)


def test_naive_path_draws_the_same_picture():
    view = ratification_map("SWE", "2024-02-01")
    live = RatificationExplorer("SWE", "2024-02-01")
    assert view.title == live.view.title and view.alt == live.view.alt
    for code in ["HUN", "TUR", "FIN", "SWE", "NLD"]:
        assert view.color_of(code) == live.view.color_of(code)
    assert naive_ratification_png("SWE", "2024-02-01")[:4] == b"\x89PNG"


def test_snapshot_shows_the_picture_and_caption():
    live = RatificationExplorer("FIN", "2023-03-30")
    bundle = live._repr_mimebundle_()
    assert '<img src="data:image/png;base64,' in bundle["text/html"]
    assert "30 of 30 allies" in bundle["text/plain"]
    assert 'alt="Map of Europe on 30 March 2023' in bundle["text/html"]


def test_northern_flank_map_colours_old_and_new_allies_and_russia():
    from natokit.explore_accession import northern_flank_map

    m = northern_flank_map()
    assert m.color_of("FIN") == m.color_of("SWE") == style.COLORS["new_ally"].lower()
    assert m.color_of("NOR") == m.color_of("EST") == style.COLORS["ally"].lower()
    assert m.color_of("RUS") == style.COLORS["adversary"].lower()
    # Russia is hatched as well as coloured, and the legend shows the same hatch.
    assert m.layer("hatch")[0].get_hatch() == style.HATCHES["adversary"]
    assert "Russia, Belarus" in m.legend_labels()
    assert "Finland-Russia border" in m.alt and "1,340 km" in m.alt
    assert {"finnish border", "baltic"} <= set(m.layer_names())


def test_black_sea_map_names_the_littoral_allies_and_partners():
    from natokit.explore_accession import black_sea_map

    m = black_sea_map()
    assert m.title == "The Black Sea: 3 of its 6 littoral states are allies"
    for code in ["BGR", "ROU", "TUR"]:
        assert m.color_of(code) == style.COLORS["ally"].lower()
    for code in ["UKR", "GEO"]:
        assert m.color_of(code) == style.COLORS["partner"].lower()
    allies_text = m.alt.split("the allies ")[1].split(" in blue")[0]
    assert sorted(allies_text.replace(" and ", ", ").split(", ")) == [
        "Bulgaria",
        "Romania",
        "Türkiye",
    ]
    assert "Georgia" in m.alt and "Ukraine" in m.alt and "Moldova" in m.alt
    labels = sorted(t.get_text() for t in m.layer("country names"))
    assert labels == sorted(
        ["Bulgaria", "Georgia", "Moldova", "Romania", "Russia", "Türkiye", "Ukraine"]
    )


def test_kept_day_states_equal_the_library_result_and_callers_cannot_change_them():
    from natokit import accession
    from natokit.explore_accession import _Timeline

    timeline = _Timeline()
    days = ["2022-07-05", "2023-03-28", "2022-07-05", "2024-01-23", "2023-03-28"]
    for candidate in ("FIN", "SWE"):
        for day in days:  # each day asked twice: the second answer is the kept one
            kept = timeline.state(candidate, day)
            fresh = accession.ratification_state(candidate, day)
            assert (kept.ratified, kept.pending, kept.unconfirmed) == (
                fresh.ratified,
                fresh.pending,
                fresh.unconfirmed,
            )
            kept.pending.append("XXX")  # a caller's change stays with that caller
            assert "XXX" not in timeline.state(candidate, day).pending
    assert len(timeline._states) == 2 * len(set(days))
