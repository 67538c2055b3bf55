"""Explorers driven from code, exactly as a student's clicks drive them."""

import base64
import datetime
import html
import io
import re

import matplotlib.colors
import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.transforms import Bbox
from PIL import Image
from pyproj import Geod
from traitlets import TraitError

import natokit
from natokit import geo, style
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


def test_membership_legend_names_only_the_colours_the_map_shows():
    explorer = MembershipExplorer(year=1949)  # founders only: nobody was an ally before
    assert explorer.view.legend_labels() == ["Joined that year"]
    explorer.set(year=1950)  # nobody joined in 1950
    assert explorer.view.legend_labels() == ["Allies before that year"]
    explorer.set(year=1952)  # Greece and Turkey
    assert explorer.view.legend_labels() == ["Allies before that year", "Joined that year"]


@pytest.mark.parametrize("presentation", [False, True])
def test_membership_country_names_do_not_overlap(presentation):
    # 1949 labels ten founders around the North Sea; at projector size the United Kingdom's
    # name once ran into the Netherlands'.
    previous = style.is_presentation()
    style.presentation_mode(presentation)
    try:
        explorer = MembershipExplorer(year=1949)
        renderer = explorer.view.figure.canvas.get_renderer()
        boxes = {
            t.get_text(): t.get_window_extent(renderer)
            for t in explorer.view.layer("country names")
        }
    finally:
        style.presentation_mode(previous)
    assert len(boxes) == 10
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            # A text's box includes room for descenders: stacked names (Belgium over
            # Luxembourg) may share a pixel or two of it, not a line of text.
            shared = Bbox.intersection(boxes[a], boxes[b])
            assert shared is None or min(shared.width, shared.height) <= 2, (a, b)


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


_GLOSSARY_EXPLORER = None


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.sampled_from(["", " ", "sac", "QRA ", "oost", "Reaction", "posture", "x", "NATO"]),
        st.text(alphabet="aeioulnrstAEIOU -", max_size=5),
    )
)
def test_glossary_explorer_lists_exactly_the_terms_the_library_search_finds(term):
    # The explorer filters rows it prepared once; natokit.letter.glossary searches the table's
    # columns with pandas. Both must find the same terms, in the same order.
    global _GLOSSARY_EXPLORER
    if _GLOSSARY_EXPLORER is None:
        _GLOSSARY_EXPLORER = GlossaryExplorer()
    explorer = _GLOSSARY_EXPLORER
    explorer.set(search=term)
    shown = re.findall(r"<tr><td><b>(.*?)</b>", explorer.table.value)
    expected = [html.escape(t) for t in natokit.letter.glossary(term)["term"]]
    assert shown == expected
    assert str(len(expected)) in explorer.caption_text or not expected


def test_a_state_seen_before_shows_its_kept_picture_and_the_kept_pictures_are_bounded():
    explorer = MembershipExplorer(year=1999)
    drawn = []
    render = explorer.view.to_png
    explorer.view.to_png = lambda *a, **k: drawn.append(explorer.state()) or render(*a, **k)
    explorer.set(year=2004)
    explorer.set(year=1999)  # back: kept, not drawn
    assert drawn == [{"year": 2004}]
    # The kept picture is the one a new explorer in that state draws.
    assert explorer.image.value == MembershipExplorer(year=1999).image.value
    explorer.forget_pictures()
    explorer.set(year=2004)
    assert drawn[-1] == {"year": 2004}
    for year in range(1949, 1949 + explorer.PICTURES_KEPT + 20):
        explorer.set(year=year)
    assert len(explorer._pictures) == explorer.PICTURES_KEPT
    explorer.set(year=1949)  # the oldest was dropped: drawn again
    assert drawn[-1] == {"year": 1949}


def test_reach_names_of_base_and_capitals_do_not_run_into_each_other():
    # Ämari lies 40 km west of Tallinn: written to the right, its name ran into Tallinn's.
    from matplotlib.text import Text

    explorer = ReachExplorer()
    slider = explorer.controls["minutes"]
    for base in [o[1] if isinstance(o, tuple) else o for o in explorer.controls["base"].options]:
        for minutes in sorted({slider.min, *range(10, slider.max, 10), slider.max}):
            explorer.set(base=base, minutes=minutes)
            renderer = explorer.view.figure.canvas.get_renderer()
            boxes = [
                (a.get_text(), a.get_window_extent(renderer))
                for layer in ("base", "capitals")
                for a in explorer.view.layer(layer)
                if isinstance(a, Text) and a.get_visible() and a.get_text()
            ]
            for i, (a, box_a) in enumerate(boxes):
                for b, box_b in boxes[i + 1 :]:
                    shared = Bbox.intersection(box_a, box_b)
                    assert shared is None or min(shared.width, shared.height) <= 2, (
                        base,
                        minutes,
                        a,
                        b,
                    )


def test_battlegroup_explorer_steps_through_the_data():
    explorer = BattlegroupExplorer()
    groups = natokit.load("battlegroups")
    groups = groups[groups["date_precision"].isin(["day", "month"])]  # year-only rows: a note
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
    assert "reached ally" in explorer.view.layer_names()
    assert "Latvia" in explorer.caption_text


# -- the reach explorer colours what it reaches by what it is ------------------------------------


def _pixel_colour(explorer, x, y):
    """Median colour of a 7x7 patch of the current frame around a LAEA point (x, y)."""
    image = matplotlib.image.imread(io.BytesIO(explorer.image.value))[:, :, :3]
    px, py = explorer.view.ax.transData.transform((x, y))
    row, col = int(round(image.shape[0] - py)), int(round(px))
    patch = image[row - 3 : row + 4, col - 3 : col + 4].reshape(-1, 3)
    return np.median(patch, axis=0)


def _blend(colour, alpha=0.85):
    fill = np.array(matplotlib.colors.to_rgb(colour))
    land = np.array(matplotlib.colors.to_rgb(style.COLORS["land"]))
    return alpha * fill + (1 - alpha) * land


def test_reach_explorer_colours_allies_and_russia_differently():
    explorer = ReachExplorer(speed_kmh=600, base="Šiauliai", minutes=20)
    result = explorer.result
    assert {"LVA", "RUS"} <= set(result.countries)  # Kaliningrad lies within 200 km
    candidates = {
        "ally": _blend(style.COLORS["ally"]),
        "not ally": _blend(style.COLORS["partner"]),
        "adversary": _blend(style.COLORS["adversary"]),
        "land": _blend(style.COLORS["land"], 1.0),
    }
    assert len({tuple(np.round(c, 3)) for c in candidates.values()}) == 4

    def nearest(code):
        point = result.parts[code].representative_point()
        seen = _pixel_colour(explorer, point.x, point.y)
        return min(candidates, key=lambda k: np.abs(candidates[k] - seen).sum())

    assert nearest("LVA") == "ally"
    assert nearest("RUS") == "adversary"
    assert "allies: Latvia" in explorer.caption_text
    assert "Russia and Belarus: " in explorer.caption_text
    assert "Russia" in explorer.caption_text.split("Russia and Belarus: ")[1]
    labels = explorer.view.legend_labels()
    assert (
        "Allies, part within reach" in labels and "Russia and Belarus, part within reach" in labels
    )
    assert "Air Policing base" in labels and "Capital" in labels


def test_reach_explorer_colours_a_partner_apart_from_allies():
    explorer = ReachExplorer(speed_kmh=600, base="Mihail Kogălniceanu", minutes=30)
    result = explorer.result
    assert "UKR" in result.countries or "MDA" in result.countries
    code = "UKR" if "UKR" in result.countries else "MDA"
    point = result.parts[code].representative_point()
    seen = _pixel_colour(explorer, point.x, point.y)
    partner, ally = _blend(style.COLORS["partner"]), _blend(style.COLORS["ally"])
    assert np.abs(seen - partner).sum() < np.abs(seen - ally).sum()
    assert "reached other" in explorer.view.layer_names()


# -- constructors refuse out-of-range arguments with a clear ValueError ------------------------

CONSTRUCTOR_REFUSALS = [
    (lambda: MembershipExplorer(year=1800), "Year 1800 is outside the range 1949 to"),
    (lambda: MembershipExplorer(year=2004.5), "Year must be a whole number"),
    (lambda: MembershipExplorer(year="2004"), "Year must be a number"),
    (lambda: MembershipExplorer(year=float("nan")), "Year must be a finite number"),
    (lambda: MembershipExplorer(year=None), "Year must be a number"),
    (lambda: LetterExplorer(choice="topic: nukes"), "is not a choice for choice"),
    (lambda: LetterExplorer(choice=["topic: accession"]), "is not a choice for choice"),
    (lambda: GlossaryExplorer(search=5), "Search must be text"),
    (lambda: BattlegroupExplorer(date="2019-01-01"), "is not a choice for date"),
    (lambda: BattlegroupExplorer(date=2017), "is not a date"),
    (lambda: ReachExplorer(speed_kmh=0), "speed_kmh must be a number more than 0"),
    (lambda: ReachExplorer(speed_kmh=float("nan")), "speed_kmh must be a number"),
    (lambda: ReachExplorer(speed_kmh=float("inf")), "speed_kmh must be a number"),
    (lambda: ReachExplorer(base="Ramstein"), "'Ramstein' is not a choice for base"),
    (lambda: ReachExplorer(minutes=0), "Minutes 0 is outside the range 1 to 30"),
    (lambda: ReachExplorer(minutes=2.5), "Minutes must be a whole number"),
]


@pytest.mark.parametrize("make, message", CONSTRUCTOR_REFUSALS)
def test_constructor_refuses_out_of_range_arguments(make, message):
    with pytest.raises(ValueError, match=message) as caught:
        make()
    assert not isinstance(caught.value, TraitError)


def test_battlegroup_explorer_accepts_a_date_object_for_a_step():
    explorer = BattlegroupExplorer(date=datetime.date(2024, 7, 1))
    assert explorer.state() == {"date": "2024-07-01"}


# -- year-only battlegroup rows become a note, never a step ------------------------------------


def test_undated_rows_are_named_in_a_note_from_their_year_on():
    groups = pd.DataFrame(
        {
            "host_iso3": ["EST", "HUN"],
            "framework_iso3": ["GBR", "HUN"],
            "framework_from": pd.to_datetime(["2017-03-17", "2022-01-01"]),
            "framework_to": pd.to_datetime([None, None]),
            "date_precision": ["day", "year"],
            "established": [2017, 2022],
            "location": ["Tapa", "Tata"],
            "lon": [25.95, 18.32],
            "lat": [59.25, 47.65],
        }
    )
    early = BattlegroupExplorer._undated_note(geo.battlegroup_map("2017-03-17", groups))
    late = BattlegroupExplorer._undated_note(geo.battlegroup_map("2022-06-01", groups))
    assert early == ""
    assert late == " Not shown, start known only to the year: Hungary (led by Hungary, 2022)."
    assert geo.battlegroup_map("2022-06-01", groups).hosts == ["EST"]


# -- static views: what nbconvert and GitHub show ------------------------------------------------


def test_repr_mimebundle_adds_a_snapshot_of_the_current_picture_and_caption():
    explorer = MembershipExplorer(year=2004)
    explorer.set(year=2023)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the live widget stays
    assert bundle["text/plain"] == explorer.caption_text  # not the widget's VBox(...) repr
    page = bundle["text/html"]
    assert html.escape(explorer.caption_text) in page
    assert "End of 2023: 31 allies" in page
    match = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', page)
    assert match, page[:200]
    # The CURRENT picture, stored as a compact palette PNG: the same pixels within quantisation.
    stored, live = (
        np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)
        for data in (base64.b64decode(match.group(1)), explorer.image.value)
    )
    assert stored.shape == live.shape
    assert np.abs(stored - live).mean() < 1.5
    assert len(base64.b64decode(match.group(1))) < len(explorer.image.value)
    assert html.unescape(match.group(2)) == explorer.view.alt
    assert "VBox(" not in page


def test_text_explorers_put_their_text_in_the_snapshot():
    letter = LetterExplorer(choice="topic: accession")
    page = letter._repr_mimebundle_()["text/html"]
    assert "toetreding van" in page and "<img" not in page
    glossary = GlossaryExplorer(search="SACEUR")
    assert "Supreme Allied Commander Europe" in glossary._repr_mimebundle_()["text/html"]


def test_nbconvert_html_shows_the_snapshot_not_a_raw_widget_repr():
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")
    explorer = BattlegroupExplorer(date="2024-07-01")
    bundle = explorer._repr_mimebundle_()
    cell = nbformat.v4.new_code_cell("BattlegroupExplorer()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    body, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    assert "Slovakia led by Spain" in body
    assert 'alt="Map of the eastern flank' in body
    assert "VBox(children" not in body


# -- property-based: set() never raises, whatever a student or a script throws at it ---------------

WILD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.just(np.array([2004, 2005])),
    st.just(np.float64("nan")),
    st.dates(),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
_EXPLORERS = {}


def _explorer(kind):
    # One explorer per kind for all examples: building one costs a second.
    if kind not in _EXPLORERS:
        _EXPLORERS[kind] = kind()
    return _EXPLORERS[kind]


def _set_never_raises(explorer, name, value):
    before = explorer.state()
    answer = explorer.set(**{name: value})
    assert isinstance(answer, str) and answer
    if answer == explorer.caption_text and not explorer.message_text:
        return  # accepted
    assert explorer.message_text == answer  # refused: shown in the widget as well
    assert explorer.state() == before  # and nothing changed


@PROPS
@given(value=WILD | st.integers(1940, 2030))
def test_membership_set_property(value):
    _set_never_raises(_explorer(MembershipExplorer), "year", value)


@PROPS
@given(value=WILD | st.sampled_from(["topic: accession", "topic: air_policing", "section: x"]))
def test_letter_set_property(value):
    _set_never_raises(_explorer(LetterExplorer), "choice", value)


@PROPS
@given(value=WILD | st.text(alphabet=st.characters(), max_size=40))
def test_glossary_set_property(value):
    _set_never_raises(_explorer(GlossaryExplorer), "search", value)


@PROPS
@given(value=WILD | st.sampled_from(["2017-02-07", "2024-07-01", "2024-06-30", "2017"]))
def test_battlegroup_set_property(value):
    _set_never_raises(_explorer(BattlegroupExplorer), "date", value)


@PROPS
@given(
    name=st.sampled_from(["base", "minutes", "speed", "Base", ""]),
    value=WILD | st.integers(-5, 40) | st.sampled_from(["Ämari", "Šiauliai", "Malbork"]),
)
def test_reach_set_property(name, value):
    _set_never_raises(_explorer(ReachExplorer), name, value)


def test_membership_explorer_names_newcomers_and_keys_only_colours_shown():
    explorer = MembershipExplorer(year=2004)
    labels = sorted(t.get_text() for t in explorer.view.layer("country names"))
    members = natokit.load("members")
    joined = members[members["accession_date"].dt.year == 2004]
    assert labels == sorted(joined["name"])  # the seven of 2004, by name
    assert explorer.view.legend_labels() == ["Allies before that year", "Joined that year"]
    explorer.set(year=2005)  # nobody joined in 2005
    assert "country names" not in explorer.view.layer_names()
    assert explorer.view.legend_labels() == ["Allies before that year"]


def test_explorer_image_is_as_wide_as_its_figure():
    explorer = MembershipExplorer(year=2004)
    figure = explorer.view.figure
    width = round(figure.get_size_inches()[0] * figure.dpi)
    assert explorer.image.layout.max_width == f"{width}px"
    assert f"max-width:{width}px" in explorer.snapshot_html()


# -- the reach and battlegroup explorers keep what a step needs --------------------------------


def _frame(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))


def test_reach_map_zooms_in_levels_that_always_show_the_whole_ring():
    from natokit.explore import reach_zoom_km

    levels = {reach_zoom_km(r) for r in np.linspace(1, 1500, 3000)}
    assert min(levels) == 250.0 and len(levels) < 20  # a few fixed levels, not one per radius
    for radius in np.linspace(1, 1500, 3000):
        half = reach_zoom_km(radius)
        assert half >= 1.4 * radius  # the ring and a margin fit
        assert half < max(1.4 * radius, 250.0) * 1.25 + 1e-9  # never more than one level out
    explorer = ReachExplorer(speed_kmh=600, base="Šiauliai", minutes=5)
    for minutes in range(1, 31):
        explorer.set(minutes=minutes)
        x0, x1 = explorer.view.ax.get_xlim()
        y0, y1 = explorer.view.ax.get_ylim()
        ring = geo.to_europe(explorer.result.ring)
        rx0, ry0, rx1, ry1 = ring.bounds
        assert x0 < rx0 and rx1 < x1 and y0 < ry0 and ry1 < y1, minutes


def test_reach_minutes_in_one_zoom_level_reuse_the_borders_and_labels_of_the_map():
    # From 4 minutes (40 km) on, Tallinn (36 km away) is in the ring and Ämari's name stays
    # on the left of its marker.
    explorer = ReachExplorer(speed_kmh=600, base="Ämari", minutes=4)
    composer = explorer.view._composer
    layers = composer._labels
    base_label = explorer.view.layer("base")[-1]
    for minutes in (5, 7, 12):  # 50 to 120 km: all in the 250 km level
        explorer.set(minutes=minutes)
        assert composer._labels is layers  # not rasterised again
        assert explorer.view.layer("base")[-1] is base_label  # its cached image reused
    explorer.set(minutes=30)  # 300 km: a wider level
    assert composer._labels is not layers


@pytest.mark.parametrize(
    ("make", "walk"),
    [
        (
            lambda: ReachExplorer(speed_kmh=600, base="Ämari", minutes=10),
            [{"minutes": 20}, {"base": "Malbork"}, {"minutes": 3}, {"base": "Ämari"}],
        ),
        (
            lambda: BattlegroupExplorer(),
            [{"date": "2022-03-01"}, {"date": "2024-07-01"}, {"date": "2017-06-19"}],
        ),
    ],
)
def test_a_state_revisited_shows_what_a_fresh_explorer_shows_there(make, walk):
    explorer = make()
    for step in walk + walk[::-1] + walk:  # each state left and found again, kept scenes used
        caption = explorer.set(**step)
        explorer.forget_pictures()  # redraw from the kept scenes and layers, not kept PNGs
        explorer.set(**{k: v for k, v in explorer.state().items() if k in step})
        fresh = make()
        fresh.set(**explorer.state())
        assert caption == fresh.caption_text and explorer.view.alt == fresh.view.alt
        assert explorer.view.title == fresh.view.title
        assert np.array_equal(_frame(explorer), _frame(fresh)), step
    assert len(explorer._scenes) <= len(walk) + 1  # one small scene per state seen


def test_a_prepared_battlegroup_explorer_draws_no_name_or_title_on_a_first_visit(monkeypatch):
    from matplotlib.text import Annotation

    from natokit import frames

    explorer = BattlegroupExplorer()
    days = [day for _, day in explorer.controls["date"].options]
    explorer.prepare()  # as a notebook does once the explorer is shown
    assert list(explorer._scenes) == days  # every date's scene made
    looked_up, drawn = [], []
    original = geo.battlegroup_map
    monkeypatch.setattr(geo, "battlegroup_map", lambda *a: (looked_up.append(a), original(*a))[1])
    drawing = Annotation.draw
    monkeypatch.setattr(
        Annotation, "draw", lambda self, r: (drawn.append(self.get_text()), drawing(self, r))[1]
    )
    composed = frames._plain_text_sprite

    def composing(artist, renderer):  # a title composed from its glyphs
        sprite = composed(artist, renderer)
        if sprite is not frames._NOT_PLAIN:
            drawn.append(artist.get_text())
        return sprite

    monkeypatch.setattr(frames, "_plain_text_sprite", composing)
    shown = []
    for day in days[1:]:  # every other date, shown for the first time
        explorer.set(date=day)
        shown.append(_frame(explorer))
    assert looked_up == [] and drawn == []  # nothing looked up, no name or title drawn
    monkeypatch.undo()
    for day, frame in zip(days[1:], shown, strict=True):
        assert np.array_equal(frame, _frame(BattlegroupExplorer(date=day))), day


def test_battlegroup_naive_pictures_make_only_their_own_date_s_scene(monkeypatch):
    explorer = BattlegroupExplorer(date="2022-05-01")
    made = []
    original = BattlegroupExplorer._scene
    monkeypatch.setattr(
        BattlegroupExplorer, "_scene", lambda self, day: (made.append(day), original(self, day))[1]
    )
    explorer.naive_pictures()
    assert made == ["2022-05-01"]  # as a naive re-plot would: the benchmark's baseline is honest


def test_reach_scenes_are_bounded_by_the_bases_and_minutes():
    explorer = ReachExplorer(speed_kmh=600)
    bases = explorer.controls["base"].options
    for base in bases[:2]:
        for minutes in range(1, 31):
            explorer.set(base=base, minutes=minutes)
    assert len(explorer._scenes) == 2 * 30
    explorer.set(base=bases[0], minutes=30)
    assert len(explorer._scenes) == 2 * 30  # found again, not added


def test_reach_explorer_prepares_each_base_not_when_the_base_changes():
    explorer = ReachExplorer(speed_kmh=600, base="Ämari", minutes=10)
    explorer.prepare()
    composer = explorer.view._composer
    rebuilt, drawn = [], []
    original, compose = composer._rebuild_static, composer.rgb
    composer._rebuild_static = lambda: (rebuilt.append(explorer.state()), original())[1]
    composer.rgb = lambda: (drawn.append(explorer.state()), compose())[1]
    for base in explorer.controls["base"].options:
        assert explorer.set(base=base) == ReachExplorer(speed_kmh=600, base=base).caption_text
        assert explorer.image.value == ReachExplorer(speed_kmh=600, base=base).image.value
    assert rebuilt == [] and drawn == []  # every base's picture at 10 minutes was prepared
    explorer.set(minutes=30)  # another zoom level: rasterised when first shown
    assert len(rebuilt) == 1
    fresh = ReachExplorer(speed_kmh=600, base=explorer.state()["base"], minutes=30)
    assert np.array_equal(_frame(explorer), _frame(fresh))


def test_reach_explorer_prepares_every_minute_at_the_base_shown(monkeypatch, texts_drawn):
    explorer = ReachExplorer(speed_kmh=600, base="Šiauliai", minutes=10)
    explorer.prepare()
    composer = explorer.view._composer
    computed, rebuilt = [], []
    reach = geo.reach
    monkeypatch.setattr(geo, "reach", lambda *a: (computed.append(a[2]), reach(*a))[1])
    rebuild = composer._rebuild_static
    monkeypatch.setattr(composer, "_rebuild_static", lambda: (rebuilt.append(1), rebuild())[1])
    drawn = texts_drawn(explorer)
    shown = {}
    for minutes in (1, 11, 17, 18, 23, 29, 30):  # four zoom levels, each first shown here
        explorer.set(minutes=minutes)
        shown[minutes] = _frame(explorer)
    # No ring cut out, no view window rasterised, no title drawn: all prepared (the names of
    # capitals a longer ring reaches are drawn when first shown).
    titled = [text for text in drawn if text.startswith("From Šiauliai")]
    assert computed == [] and rebuilt == [] and titled == []
    explorer.set(base="Ämari", minutes=12)  # another base: computed when first shown
    assert computed == [12]
    monkeypatch.undo()
    for minutes in (1, 18, 30):
        fresh = ReachExplorer(speed_kmh=600, base="Šiauliai", minutes=minutes)
        assert np.array_equal(shown[minutes], _frame(fresh)), minutes


def test_battlegroup_captions_name_the_undated_rows_as_the_picture_does():
    explorer = BattlegroupExplorer()
    groups = pd.concat(
        [
            natokit.load("battlegroups"),
            pd.DataFrame(  # a row whose start is known only to the year
                {
                    "host_iso3": ["HUN"],
                    "framework_iso3": ["HUN"],
                    "framework_from": pd.to_datetime(["2022-01-01"]),
                    "framework_to": pd.to_datetime([None]),
                    "date_precision": ["year"],
                    "established": pd.array([2022], dtype="Int64"),
                    "location": ["Tata"],
                    "lon": [18.32],
                    "lat": [47.65],
                }
            ),
        ],
        ignore_index=True,
    )
    explorer.groups = groups  # as if the data held that row (names are looked up once)
    explorer._scenes.clear()
    explorer._undated = None
    notes = []
    for _, day in explorer.controls["date"].options:
        caption = explorer.set(date=day)
        note = BattlegroupExplorer._undated_note(geo.battlegroup_map(day, groups))
        assert caption.endswith(note)
        notes.append(note)
    assert notes[0] == "" and "Hungary (led by Hungary, 2022)" in notes[-1]


def test_membership_explorer_prepares_every_year_and_shows_what_a_fresh_one_shows(
    monkeypatch, texts_drawn
):
    explorer = MembershipExplorer(year=1949)
    explorer.prepare()
    looked_up = []
    lookup = geo.membership_in_year
    monkeypatch.setattr(
        geo, "membership_in_year", lambda *a: (looked_up.append(a[0]), lookup(*a))[1]
    )
    drawn = texts_drawn(explorer)
    for year in (1952, 1982, 1999, 2004, 2023, 2024):
        assert explorer.set(year=year).startswith(f"End of {year}: ")
    titled = [text for text in drawn if text.startswith("NATO at the end of")]
    assert looked_up == [] and titled == []  # looked up and titled when prepared
    monkeypatch.undo()
    for year in (1999, 2024):
        explorer.set(year=year)
        assert explorer.image.value == MembershipExplorer(year=year).image.value
        assert (
            explorer.view.title
            == f"NATO at the end of {year}: {geo.membership_in_year(year).count} allies"
        )
