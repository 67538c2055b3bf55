"""natokit.ranges and natokit.explore_range: range rings, NATO and the EU on a date, explorers.

Expected values are written here from the sources or by hand, not from the code under test: the
EU members outside NATO in 2022 and today are listed by hand (Austria, Cyprus, Finland, Ireland,
Malta, Sweden; Finland joined NATO on 4 April 2023, Sweden on 7 March 2024), distances use the
independent haversine of ``tests/reference.py`` over the CSV read with the ``csv`` module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import haversine_km

from natokit import geo, ranges, style
from natokit.explore_range import (
    NatoEuExplorer,
    RangeExplorer,
    nato_eu_map_naive,
    range_map_naive,
)

DATA = Path(__file__).resolve().parents[1] / "data"
# The EU's 27 members outside NATO, by hand.
EU_NOT_NATO_2022 = {"AUT", "CYP", "FIN", "IRL", "MLT", "SWE"}
EU_NOT_NATO_TODAY = {"AUT", "CYP", "IRL", "MLT"}
NATO_NOT_EU = {"ALB", "CAN", "GBR", "ISL", "MKD", "MNE", "NOR", "TUR", "USA"}
# Centre of the Kaliningrad exclave, read off a map by hand (about 21.4 E, 54.7 N).
KALININGRAD = (21.4, 54.7)


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# -- NATO and the EU ---------------------------------------------------------------------------


def test_nato_and_the_eu_at_the_ministerial_and_today():
    then = ranges.nato_eu_on("2022-06-15")
    assert set(then.eu_only) == EU_NOT_NATO_2022
    assert set(then.nato_only) == NATO_NOT_EU
    assert len(then.both) == 27 - len(EU_NOT_NATO_2022) == 21
    now = ranges.nato_eu_on("2026-11-28")
    assert set(now.eu_only) == EU_NOT_NATO_TODAY
    assert len(now.both) == 23
    assert {"FIN", "SWE"} <= set(now.both)


def test_finland_and_sweden_change_sides_on_their_accession_days():
    assert "FIN" in ranges.nato_eu_on("2023-04-03").eu_only
    assert "FIN" in ranges.nato_eu_on("2023-04-04").both
    assert "SWE" in ranges.nato_eu_on("2024-03-06").eu_only
    assert "SWE" in ranges.nato_eu_on("2024-03-07").both


def test_the_eu_table_has_the_27_and_their_accession_years():
    rows = {r["iso3"]: r["accession_date"] for r in _rows("eu_members.csv")}
    assert len(rows) == 27
    # Enlargement rounds as the European Parliament and Commission list them.
    by_hand = {"NLD": "1958", "DNK": "1973", "GRC": "1981", "ESP": "1986", "FIN": "1995"}
    by_hand |= {"POL": "2004", "ROU": "2007", "HRV": "2013"}
    for code, year in by_hand.items():
        assert rows[code].startswith(year), code
    assert "GBR" not in rows


def test_nato_eu_on_refuses_what_is_not_a_date():
    for bad in (2022, "June 2022", None, "2022-13-01"):
        with pytest.raises(ValueError, match="date"):
            ranges.nato_eu_on(bad)


def test_steps_are_the_meeting_the_accessions_and_the_retrieval_date():
    steps = [d.strftime("%Y-%m-%d") for d in ranges.nato_eu_steps()]
    assert steps == ["2022-06-15", "2023-04-04", "2024-03-07", "2026-11-28"]


# -- launch areas and rings --------------------------------------------------------------------


def test_launch_points_lie_inside_their_areas():
    lon, lat = ranges.launch_point("Kaliningrad exclave")
    assert lon == pytest.approx(KALININGRAD[0], abs=0.2)
    assert lat == pytest.approx(KALININGRAD[1], abs=0.2)
    from shapely.geometry import Point

    assert geo.country_geometry("RUS", projected=False).contains(Point(lon, lat))
    assert geo.country_geometry("BLR", projected=False).contains(
        Point(*ranges.launch_point("Belarus"))
    )
    with pytest.raises(ValueError, match="Unknown launch area"):
        ranges.launch_point(["Belarus"])


def test_range_ring_and_capitals_agree_with_an_independent_haversine(missile_table):
    allies = {r["iso3"] for r in _rows("members.csv")}
    capitals = [r for r in _rows("capitals.csv") if r["iso3"] in allies]
    lon, lat = ranges.launch_point("Kaliningrad exclave")
    for row in missile_table.itertuples():
        result = ranges.range_reach(row.system, table=missile_table)
        # Every vertex of the ring lies at the published range (haversine within 0.5%).
        for x, y in list(result.ring.exterior.coords)[::20]:
            assert haversine_km(lon, lat, x, y) == pytest.approx(row.range_km, rel=0.005)
        inside = {
            c["capital"]
            for c in capitals
            if haversine_km(lon, lat, float(c["lon"]), float(c["lat"])) < row.range_km * 0.995
        }
        assert inside <= set(result.capitals["capital"]), row.system
        assert len(result.capitals) - len(inside) <= 1  # at most one on the 0.5% margin


def test_the_iskander_range_holds_vilnius_warsaw_and_riga(missile_table):
    result = ranges.range_reach("Iskander-M (SS-26 Stone)", table=missile_table)
    # By hand: Vilnius about 250 km, Warsaw about 280 km, Riga about 300 km, Tallinn about
    # 560 km, Berlin about 540 km from the exclave's centre.
    assert set(result.capitals["capital"]) == {"Vilnius", "Warsaw", "Riga"}
    assert result.range_km == 500 and result.confirmed


def test_unknown_system_is_refused_with_the_choices(missile_table):
    with pytest.raises(ValueError, match="Unknown system 'Scud'.*Iskander"):
        ranges.range_reach("Scud", table=missile_table)


def test_capitals_in_range_grows_with_the_range(missile_table):
    table = ranges.capitals_in_range(table=missile_table)
    assert list(table["range_km"]) == sorted(missile_table["range_km"])
    counts = list(table["allied_capitals"])
    assert counts == sorted(counts) and counts[0] == 3


# -- explorers ---------------------------------------------------------------------------------


def _pixel(view, lon, lat):
    from io import BytesIO

    from PIL import Image

    image = np.asarray(Image.open(BytesIO(view.to_png())).convert("RGB"), dtype=float) / 255
    x, y = geo.project(lon, lat)
    px, py = view.ax.transData.transform((x, y))
    height = image.shape[0]
    return image[int(round(height - py)), int(round(px))]


def _close(seen, colour):
    from matplotlib.colors import to_rgb

    return np.abs(np.asarray(to_rgb(colour)) - seen).sum() < 0.15


def test_nato_eu_explorer_colours_finland_by_its_status_on_the_date():
    explorer = NatoEuExplorer()
    assert explorer.caption_text.startswith("15 June 2022: 21 states are in both")
    inland = (26.5, 65.0)  # northern Finland, clear of the country's label
    assert _close(_pixel(explorer.view, *inland), style.COLORS["partner"])
    caption = explorer.set(date="2023-04-04")
    assert "22 states are in both" in caption and "Finland" not in caption.split("EU only")[1]
    assert _close(_pixel(explorer.view, *inland), style.COLORS["ally"])


def test_a_prepared_nato_eu_explorer_places_and_draws_no_name_or_title_on_a_first_visit(
    monkeypatch, texts_drawn
):
    from natokit.maps import EuropeMap

    explorer = NatoEuExplorer()
    explorer.prepare()  # as a notebook does once the explorer is shown
    placed, looked_up = [], []
    place = EuropeMap.label_countries
    monkeypatch.setattr(
        EuropeMap, "label_countries", lambda self, *a, **k: (placed.append(a), place(self, *a, **k))
    )
    lookup = ranges.nato_eu_on
    monkeypatch.setattr(ranges, "nato_eu_on", lambda *a: (looked_up.append(a), lookup(*a))[1])
    drawn = texts_drawn(explorer)
    days = [value for _, value in explorer.controls["date"].options]
    shown = {}
    for day in days[1:]:  # every other date, shown for the first time
        explorer.set(date=day)
        shown[day] = _frame(explorer)
    assert placed == [] and looked_up == [] and drawn == []
    monkeypatch.undo()
    for day in days[1:]:
        assert np.array_equal(shown[day], _frame(NatoEuExplorer(date=day))), day


def test_nato_eu_explorer_refuses_dates_that_are_not_steps():
    explorer = NatoEuExplorer(date="2024-03-07")
    before = explorer.caption_text
    for bad in ("2023-01-01", 2023, float("nan"), None, ["2022-06-15"]):
        message = explorer.set(date=bad)
        assert "nothing changed" in message
        assert explorer.caption_text == before
    with pytest.raises(ValueError):
        NatoEuExplorer(date="1999-01-01")


def test_nato_eu_explorer_snapshot_has_picture_alt_text_and_caption():
    explorer = NatoEuExplorer(date="2026-11-28")
    html = explorer.snapshot_html()
    assert '<img src="data:image/png;base64,' in html
    assert "Austria, Cyprus, Ireland, Malta" in html
    assert "NATO only" in explorer.view.legend_labels()


def test_range_explorer_lists_the_capitals_and_says_how_sure(missile_table):
    explorer = RangeExplorer()
    assert "3 allied capitals inside" in explorer.caption_text
    assert "from more than one source" in explorer.caption_text
    caption = explorer.set(system="Kinzhal (Kh-47M2)")
    assert "not confirmed" in caption and "London" in caption
    caption = explorer.set(system="Kalibr (3M-14; SS-N-30A)")
    assert "distance flown" in caption
    assert "not claims of the kit" in explorer.view.source
    assert explorer.set(area="Belarus").startswith("Kalibr (3M-14; SS-N-30A), 1500 km from")


def test_range_explorer_colours_allies_and_the_launch_country_apart(missile_table):
    explorer = RangeExplorer(area="Belarus")
    assert _close(_pixel(explorer.view, 17.5, 51.5), style.COLORS["ally"])  # western Poland
    assert explorer.view.color_of("BLR") != explorer.view.color_of("POL")
    assert explorer.view.color_of("BLR") == explorer.view.color_of("BLR")
    labels = explorer.view.legend_labels()
    assert "Country of the launch area" in labels and "Chosen published range" in labels


def test_range_explorer_refuses_wild_values(missile_table):
    explorer = RangeExplorer()
    for name, bad in (("system", "Scud"), ("area", 3), ("area", None), ("colour", "red")):
        assert "nothing changed" in explorer.set(**{name: bad}) or "Unknown control" in (
            explorer.message_text
        )
    with pytest.raises(ValueError):
        RangeExplorer(area="Moscow")


def test_naive_pictures_are_pngs(missile_table):
    assert nato_eu_map_naive("2022-06-15")[:4] == b"\x89PNG"
    assert range_map_naive("Iskander-M (SS-26 Stone)")[:4] == b"\x89PNG"


@pytest.fixture
def missile_table():
    import natokit

    try:
        return natokit.load("missile_ranges")
    except (KeyError, ValueError) as error:  # pragma: no cover - until the dataset is registered
        pytest.fail(f"data/missile_ranges.csv does not load: {error}")


# -- property-based: set() never raises, whatever is thrown at it -----------------------------

WILD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.just(np.array([2022, 2023])),
    st.dates(),
)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
_MADE = {}


def _explorer(kind):
    if kind not in _MADE:  # one explorer per kind for all examples: building one costs a second
        _MADE[kind] = kind()
    return _MADE[kind]


def _set_never_raises(explorer, name, value):
    before = explorer.state()
    answer = explorer.set(**{name: value})
    assert isinstance(answer, str) and answer
    if answer == explorer.caption_text and not explorer.message_text:
        return  # accepted
    assert explorer.message_text == answer  # refused, and shown in the widget
    assert explorer.state() == before


@PROPS
@given(value=WILD | st.sampled_from(["2022-06-15", "2024-03-07", "2023-04-05", "2022"]))
def test_nato_eu_set_property(value):
    _set_never_raises(_explorer(NatoEuExplorer), "date", value)


@PROPS
@given(
    name=st.sampled_from(["system", "area", "range", ""]),
    value=WILD
    | st.sampled_from(["Belarus", "Kaliningrad exclave", "Kinzhal (Kh-47M2)", "Iskander-M"]),
)
def test_range_set_property(name, value):
    _set_never_raises(_explorer(RangeExplorer), name, value)


def test_range_explorer_prepares_the_other_launch_area_once_shown(missile_table, monkeypatch):
    from natokit import explore_range

    explorer = RangeExplorer(area="Kaliningrad exclave")
    assert set(explorer._computed) == {"Kaliningrad exclave"}  # the constructor: the area shown
    explorer.prepare()
    assert set(explorer._computed) == set(explore_range.ranges.LAUNCH_AREAS)
    computed = []
    reach = explore_range.ranges.range_reach
    monkeypatch.setattr(
        explore_range.ranges, "range_reach", lambda *a: (computed.append(a), reach(*a))[1]
    )
    caption = explorer.set(area="Belarus")
    assert computed == [] and caption.startswith(explorer.state()["system"])
    monkeypatch.undo()
    assert explorer.image.value == RangeExplorer(**explorer.state()).image.value


def test_a_prepared_range_explorer_draws_no_title_or_name_for_a_new_system(
    missile_table, monkeypatch, texts_drawn
):
    explorer = RangeExplorer(area="Kaliningrad exclave")
    explorer.prepare()  # as a notebook does once the explorer is shown
    drawn = texts_drawn(explorer)
    composer = explorer.view._composer
    rgb = composer.rgb
    monkeypatch.setattr(composer, "rgb", lambda: (drawn.append("a frame"), rgb())[1])
    explorer.set(area="Belarus")  # every area's picture at the system shown: kept
    assert drawn == []
    explorer.set(area="Kaliningrad exclave")
    systems = [value for _, value in explorer.controls["system"].options]
    shown = {}
    for system in systems:  # each system at the area shown: composited, nothing drawn
        explorer.set(system=system)
        shown[system] = _frame(explorer)
    assert [d for d in drawn if d != "a frame"] == []
    monkeypatch.undo()
    for system in systems:
        fresh = RangeExplorer(system=system, area="Kaliningrad exclave")
        assert np.array_equal(shown[system], _frame(fresh)), system


def _frame(explorer) -> np.ndarray:
    """The explorer's picture as an (H, W, 3) array."""
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"))
