"""EuropeMap draws the basemap once and updates artists in place."""

import re

import pytest
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_hex

from natokit import maps, style
from natokit.figures import FigureView
from natokit.geo import range_ring
from natokit.maps import EuropeMap


def _collections(m):
    return [c for c in m.ax.collections if isinstance(c, PatchCollection)]


def test_updates_never_replot_the_basemap():
    m = EuropeMap()
    basemap = _collections(m)
    assert len(basemap) == 1
    for _ in range(3):
        m.shade({"NLD": style.COLORS["member"]})
        m.add_points("bases", [24.0, 23.4], [56.0, 55.9], labels=["a", "b"])
        m.add_shape("ring", range_ring(24.0, 56.0, 200))
        m.to_png()
    assert _collections(m) == basemap  # the same single object, never re-created
    # Layers are replaced, not piled up: one scatter, two labels, two ring patches at most.
    assert len(m.ax.texts) == 2
    assert len(m.ax.patches) <= 2


def test_shade_colours_only_the_given_countries():
    m = EuropeMap()
    m.shade({"POL": "#E69F00"})
    assert m.color_of("POL") == "#e69f00"
    assert m.color_of("DEU") == m.color_of("FRA") != "#e69f00"
    m.shade({"FIN": "#0072B2"})
    assert m.color_of("POL") == m.color_of("DEU")  # previous shading cleared


def test_allies_off_the_map_are_accepted_silently():
    m = EuropeMap()
    m.shade({"USA": "#0072B2", "CAN": "#0072B2", "NLD": "#0072B2"})
    assert m.color_of("NLD") == "#0072b2"


def test_unknown_country_gets_a_clear_message():
    m = EuropeMap()
    with pytest.raises(ValueError, match=r"Unknown country 'Holland'"):
        m.shade({"Holland": "#000000"})


def test_shading_changes_the_rendered_image():
    m = EuropeMap("baltic")
    before = m.to_png()
    m.shade({"LTU": "#D55E00"})
    assert m.to_png() != before


def test_legend_title_source_and_alt_text_are_set():
    m = EuropeMap(title="Allies", source="Source: test", alt="A map of allies")
    m.shade_groups(
        {"Allies": ["NLD", "BEL"], "Others": ["FIN"]}, {"Allies": "#0072B2", "Others": "#E69F00"}
    )
    assert m.legend_labels() == ["Allies", "Others"]
    assert m.title == "Allies"
    assert m.source == "Source: test"
    html = m._repr_html_()
    assert re.search(
        r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="A map of allies"', html
    )


def test_alt_text_is_escaped():
    view = FigureView(alt='a "quoted" <b>alt</b>')
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in view._repr_html_()


def test_named_extent_sets_the_view_window():
    europe, baltic = EuropeMap("europe"), EuropeMap("baltic")
    width = lambda m: m.ax.get_xlim()[1] - m.ax.get_xlim()[0]  # noqa: E731
    assert width(baltic) < width(europe) / 2


def test_map_is_not_stretched():
    m = EuropeMap("suwalki")
    m.figure.canvas.draw()
    box = m.ax.get_window_extent()
    x0, x1 = m.ax.get_xlim()
    y0, y1 = m.ax.get_ylim()
    # Same metres per pixel horizontally and vertically.
    assert (x1 - x0) / box.width == pytest.approx((y1 - y0) / box.height, rel=0.02)


def test_presentation_mode_enlarges_new_figures():
    normal = EuropeMap().figure.get_size_inches()[0]
    style.presentation_mode(True)
    try:
        big = EuropeMap().figure.get_size_inches()[0]
    finally:
        style.presentation_mode(False)
    assert big > normal


def test_presentation_mode_refuses_non_bool():
    with pytest.raises(TypeError):
        style.presentation_mode("yes")


# ---- every drawing parameter reaches the picture ---------------------------------------------

import io  # noqa: E402

import numpy as np  # noqa: E402
import shapely  # noqa: E402
import shapely.affinity  # noqa: E402
import shapely.geometry  # noqa: E402
from PIL import Image  # noqa: E402
from pyproj import Transformer  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from natokit import geo  # noqa: E402

_RING = range_ring(24.0, 56.0, 150)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _draw(method, kwargs):
    m = EuropeMap("baltic")
    m.shade({c: style.COLORS["ally"] for c in ("EST", "LVA", "LTU")})  # a halo shows on colour
    if method == "add_points":
        m.add_points("layer", [24.0, 25.0], [56.0, 57.0], **kwargs)
    elif method == "add_lines":
        m.add_lines("layer", [(21.0, 55.0, 27.0, 58.5)], **kwargs)
    elif method == "add_shape":
        m.add_shape("layer", _RING, **kwargs)
    elif method == "hatch_countries":
        m.hatch_countries(["LVA"], **kwargs)
    return _pixels(m.to_png(exact=True))


@pytest.mark.parametrize(
    ("method", "name", "a", "b"),
    [
        ("add_points", "color", "#0072B2", "#D55E00"),
        ("add_points", "marker", "o", "^"),
        ("add_points", "size", 20, 200),
        ("add_points", "edgecolor", "white", "black"),
        ("add_points", "linewidth", 0.5, 3.0),
        ("add_points", "alpha", 1.0, 0.3),
        ("add_lines", "color", "#0072B2", "#D55E00"),
        ("add_lines", "linewidth", 1.0, 4.0),
        ("add_lines", "linestyle", "-", ":"),
        ("add_lines", "alpha", 1.0, 0.3),
        ("add_lines", "halo", True, False),
        ("add_shape", "edgecolor", "#0072B2", "#D55E00"),
        ("add_shape", "facecolor", "none", "#009E73"),
        ("add_shape", "alpha", 0.15, 0.8),
        ("add_shape", "linestyle", "-", "--"),
        ("add_shape", "linewidth", 1.0, 4.0),
        ("add_shape", "hatch", None, "xx"),
        ("hatch_countries", "hatch", "///", "..."),
        ("hatch_countries", "color", "#222222", "#D55E00"),
        ("hatch_countries", "alpha", 0.3, 1.0),
    ],
)
def test_every_drawing_parameter_changes_the_picture(method, name, a, b):
    fill = {"facecolor": "#009E73"} if method == "add_shape" and name == "alpha" else {}
    first, second = _draw(method, {name: a, **fill}), _draw(method, {name: b, **fill})
    changed = np.abs(first - second).max(axis=2) > 30
    assert changed.sum() > 15, f"{method}({name}=...) made no visible difference"


def test_sizes_and_widths_are_the_ones_asked_for():
    m = EuropeMap("baltic")
    m.add_points("p", [24.0], [56.0], size=55, linewidth=1.7, color="#009E73", marker="s")
    (points,) = m.layer("p")
    assert points.get_sizes().tolist() == [55.0]
    assert points.get_linewidths().tolist() == [1.7]
    assert points.get_facecolors()[0].tolist() == [0.0, 0x9E / 255, 0x73 / 255, 1.0]
    m.add_lines("l", [(21.0, 55.0, 27.0, 58.5)], linewidth=2.2, linestyle="--", color="#000000")
    (line,) = m.layer("l")
    assert (line.get_linewidth(), line.get_linestyle(), line.get_color()) == (2.2, "--", "#000000")
    m.add_shape("s", _RING, linewidth=2.5, linestyle=":", edgecolor="#D55E00")
    assert m.layer("s")[-1].get_linewidth() == 2.5


def test_points_and_labels_must_pair_up():
    m = EuropeMap("baltic")
    with pytest.raises(ValueError, match="2 labels for 1 points"):
        m.add_points("p", [24.0], [56.0], labels=["a", "b"])
    with pytest.raises(ValueError, match="differ in length"):
        m.add_points("p", [24.0, 25.0], [56.0])


def test_drawing_keywords_are_matplotlibs_and_old_ones_are_gone():
    m = EuropeMap("baltic")
    with pytest.raises(TypeError):
        m.add_lines("l", [(21.0, 55.0, 27.0, 58.5)], width=2)
    with pytest.raises(TypeError):
        m.add_lines("l", [(21.0, 55.0, 27.0, 58.5)], style_="-")


# ---- landscape, never stretched, zoom that keeps the aspect ----------------------------------


def _metres_per_pixel(m):
    """Horizontal and vertical metres per pixel of the map axes as laid out on the figure."""
    box = m.ax.get_position()
    width, height = m.figure.get_size_inches() * m.figure.dpi
    x0, x1 = m.ax.get_xlim()
    y0, y1 = m.ax.get_ylim()
    return (x1 - x0) / (box.width * width), (y1 - y0) / (box.height * height)


@pytest.mark.parametrize("extent", ["europe", "eastern_flank", "baltic", "suwalki", "nordic"])
def test_maps_are_landscape_and_show_at_least_their_extent(extent):
    m = EuropeMap(extent)
    width, height = m.figure.get_size_inches()
    assert width / height == pytest.approx(16 / 9)
    horizontal, vertical = _metres_per_pixel(m)
    assert horizontal == pytest.approx(vertical, rel=1e-6)  # before any draw: not stretched
    # The window holds the extent's corners (projected here with pyproj, not natokit.geo).
    lon0, lon1, lat0, lat1 = __import__("natokit.maps").maps.EXTENTS[extent]
    to_laea = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    xs, ys = to_laea.transform([lon0, lon1, lon0, lon1], [lat0, lat0, lat1, lat1])
    x0, x1 = m.ax.get_xlim()
    y0, y1 = m.ax.get_ylim()
    assert x0 <= min(xs) + 1 and max(xs) - 1 <= x1
    assert y0 <= min(ys) + 1 and max(ys) - 1 <= y1
    m.figure.canvas.draw()  # and matplotlib's own layout agrees
    assert m.ax.get_xlim() == pytest.approx((x0, x1))


@pytest.mark.parametrize("figsize", [(9.0, 5.0625), (6.0, 6.0), (5.0, 8.0)])
def test_zoom_respects_the_axes_aspect(figsize):
    m = EuropeMap("eastern_flank", figsize=figsize)
    m.zoom_to(24.7, 42.3, 300)
    # A zoomed view uses the figure's whole width (the home view may have narrowed the axes).
    assert m.ax.get_position(original=True).width == pytest.approx(1.0)
    # Read before any draw: the window zoom_to sets must already be the window drawn.
    horizontal, vertical = _metres_per_pixel(m)
    assert horizontal == pytest.approx(vertical, rel=1e-9)
    y0, y1 = m.ax.get_ylim()
    assert y1 - y0 == pytest.approx(600_000)
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True).transform(24.7, 42.3)
    assert np.mean(m.ax.get_xlim()) == pytest.approx(x) and np.mean((y0, y1)) == pytest.approx(y)
    m.figure.canvas.draw()
    assert m.ax.get_ylim() == pytest.approx((y0, y1))  # matplotlib kept it: no stretch needed


def test_zoom_refuses_a_nonsense_height():
    with pytest.raises(ValueError, match="positive number"):
        EuropeMap().zoom_to(24.7, 42.3, float("nan"))


# ---- labels, hatches and legend keys that match the map --------------------------------------


def test_country_names_sit_inside_their_countries():
    m = EuropeMap("suwalki")
    m.label_countries(["LTU", "POL", "BLR", "RUS"], names={"RUS": "Kaliningrad (Russia)"})
    texts = {t.get_text(): t.xy for t in m.layer("country names")}
    assert set(texts) == {"Lithuania", "Poland", "Belarus", "Kaliningrad (Russia)"}
    for code, text in [("LTU", "Lithuania"), ("BLR", "Belarus"), ("RUS", "Kaliningrad (Russia)")]:
        assert geo.country_geometry(code).contains(Point(texts[text]))
    # ... and inside the window, so none is cut off.
    x0, x1 = m.ax.get_xlim()
    y0, y1 = m.ax.get_ylim()
    assert all(x0 < x < x1 and y0 < y < y1 for x, y in texts.values())


def test_country_labels_have_a_halo_and_skip_countries_out_of_view():
    m = EuropeMap("baltic")
    m.label_countries(["EST", "PRT"])
    (label,) = m.layer("country names")
    assert label.get_text() == "Estonia" and label.get_path_effects()


def test_hatched_group_appears_in_map_and_legend():
    m = EuropeMap("suwalki")
    m.shade_groups(
        {"Allies": ["LTU", "POL"], "Adversaries": ["RUS", "BLR"]},
        {"Allies": style.COLORS["ally"], "Adversaries": style.COLORS["adversary"]},
        hatches={"Adversaries": "///"},
    )
    (hatch,) = m.layer("hatch Adversaries")
    assert hatch.get_hatch() == "///"
    inside = shapely.unary_union([geo.country_geometry("BLR")]).representative_point()
    assert hatch.get_path().contains_point((inside.x, inside.y))
    patches = m.legend.get_patches()
    assert [p.get_hatch() for p in patches] == [None, "///"]


def test_legend_marker_entries_use_the_marker_shape():
    m = EuropeMap()
    m.set_legend(
        [
            ("Base", "#E69F00", "marker", "^"),
            ("Capital", "#222222", "marker", "s"),
            ("Battlegroup", "#222222", "marker"),
            ("Ring", "#E69F00", "dashed"),
        ]
    )
    lines = m.legend.get_lines()
    assert [ln.get_marker() for ln in lines[:3]] == ["^", "s", "o"]
    assert lines[3].get_linestyle() == "--"


@pytest.mark.parametrize("entry", [("A", "#000", "point"), ("A", "#000", "line", "^")])
def test_legend_refuses_unknown_kinds_and_stray_details(entry):
    with pytest.raises(ValueError, match="legend|detail"):
        EuropeMap().set_legend([entry])


def test_framework_lines_keep_a_contrasting_halo():
    m = EuropeMap("flank_and_allies")
    m.shade({"DEU": style.COLORS["framework"]})
    m.add_lines("links", [(13.4, 52.5, 23.9, 54.9)], color=style.COLORS["framework"])
    (line,) = m.layer("links")
    frame = _pixels(m.to_png(exact=True))
    # Sample pixels along the line inside Germany: the white halo must show beside the line.
    xs, ys = line.get_xdata(), line.get_ydata()
    transform = m.ax.transData
    near_berlin = transform.transform((xs[2], ys[2]))
    height = frame.shape[0]
    col, row = int(round(near_berlin[0])), int(round(height - near_berlin[1]))
    window = frame[row - 6 : row + 7, col - 6 : col + 7]
    assert (window.min(axis=2) > 240).any(), "no white halo next to the line"


# ---- presentation mode scales what is drawn ---------------------------------------------------


def _marker_width_px(presentation: bool) -> int:
    style.presentation_mode(presentation)
    try:
        m = EuropeMap("baltic")
        m.add_points("p", [24.0], [56.0], size=400, color="#D55E00", edgecolor="#D55E00")
        frame = _pixels(m.to_png(exact=True))
    finally:
        style.presentation_mode(False)
    marker = np.abs(frame - np.array([0xD5, 0x5E, 0x00])).max(axis=2) < 60
    columns = np.flatnonzero(marker.any(axis=0))
    return int(columns[-1] - columns[0] + 1)


def test_presentation_mode_scales_markers_for_the_back_row():
    normal, big = _marker_width_px(False), _marker_width_px(True)
    # A marker of 400 pt^2 is 20 pt across: 25 px at 90 dpi. Presentation mode scales the
    # diameter by 1.5 and renders at 110 dpi: 20 x 1.5 pt = 45.8 px.
    assert normal == pytest.approx(20 / 72 * 90, abs=2)
    assert big == pytest.approx(20 * 1.5 / 72 * 110, abs=2)


def test_presentation_mode_enlarges_titles_and_labels():
    m = EuropeMap(title="T")
    style.presentation_mode(True)
    try:
        big = EuropeMap(title="T")
    finally:
        style.presentation_mode(False)
    assert big.title_artist.get_fontsize() >= 1.4 * m.title_artist.get_fontsize()
    assert big.figure.get_size_inches()[0] > m.figure.get_size_inches()[0]


def test_switching_the_data_folder_redraws_from_the_new_basemap(data_copy):
    import json

    original = EuropeMap("nordic")
    row = original.country_codes().index("ISL")
    before = original.countries.get_paths()[row].vertices.copy()
    # Move Iceland one degree east in a private copy of the data, then switch to it.
    path = data_copy / "countries.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = [f for f in collection["features"] if f["properties"]["iso3"] == "ISL"]
    shifted = shapely.affinity.translate(shapely.geometry.shape(feature["geometry"]), xoff=1.0)
    feature["geometry"] = shapely.geometry.mapping(shifted)
    path.write_text(json.dumps(collection), encoding="utf-8")
    moved = EuropeMap("nordic")
    after = moved.countries.get_paths()[moved.country_codes().index("ISL")].vertices
    assert after[:, 0].mean() > before[:, 0].mean() + 30_000  # a degree at 65 N is about 47 km


# ---- a bases map in one call -----------------------------------------------------------------

import pandas as pd  # noqa: E402

from natokit.maps import bases_map  # noqa: E402

BASES = pd.DataFrame(
    {
        "base": ["North", "South", "East"],
        "lon": [24.0, 26.1, 27.9],
        "lat": [59.3, 44.4, 44.4],
        "host": ["EST", "ROU", "ROU"],
        "kind": ["first", "second", "second"],
    }
)


def test_bases_map_marks_each_base_with_its_category_and_a_matching_key():
    colors = {"first": "#0072B2", "second": "#E69F00", "unused": "#CC79A7"}
    m = bases_map(BASES, "eastern_flank", category="kind", colors=colors, marker="^", size=70)
    for row in BASES.itertuples():
        (points, label) = m.layer(f"base {row.base}")
        assert points.get_sizes().tolist() == [70.0]
        assert to_hex(points.get_facecolors()[0]) == colors[row.kind].lower()
        assert label.get_text() == row.base
    assert m.color_of("EST") == m.color_of("ROU") == style.COLORS["host"].lower()
    assert m.legend_labels() == ["Host country", "first", "second"]  # unused kinds left out
    keys = m.legend.get_lines()
    assert [k.get_marker() for k in keys] == ["^", "^"]
    assert [k.get_color() for k in keys] == ["#0072B2", "#E69F00"]
    assert "North; South; East" in m.alt


def test_bases_map_refuses_a_category_without_colour_and_missing_columns():
    with pytest.raises(ValueError, match=r"no colour for the categories \['second'\]"):
        bases_map(BASES, category="kind", colors={"first": "#0072B2"})
    with pytest.raises(ValueError, match="columns"):
        bases_map(BASES.drop(columns="host"))


def test_a_label_moves_left_only_when_a_close_neighbour_lies_to_its_east():
    # Tata (18.3E) and Lešť (19.4E) are about 110 km apart; Tapa is over 1,000 km from both.
    offsets = maps.label_offsets_clear_of_neighbours([18.3, 19.4, 25.9], [47.6, 48.4, 59.2])
    assert offsets == [(-6.0, 4.0), (6.0, 4.0), (6.0, 4.0)]
    # Farther apart than the threshold: both labels stay on the right.
    assert maps.label_offsets_clear_of_neighbours([18.3, 19.4], [47.6, 48.4], within_km=50) == [
        (6.0, 4.0),
        (6.0, 4.0),
    ]


def test_per_point_label_offsets_put_a_negative_offset_label_left_of_its_point():
    m = EuropeMap("eastern_flank")
    m.add_points(
        "towns", [18.3, 19.4], [47.6, 48.4], labels=["W", "E"], label_offset=[(-6, 4), (6, 4)]
    )
    west, east = [a for a in m.layer("towns") if hasattr(a, "get_text")]
    assert (west.get_horizontalalignment(), east.get_horizontalalignment()) == ("right", "left")
    with pytest.raises(ValueError, match="3 label offsets for 2 points"):
        m.add_points(
            "towns", [18.3, 19.4], [47.6, 48.4], labels=["W", "E"], label_offset=[(1, 1)] * 3
        )


def test_lines_drawn_again_keep_their_artists_and_their_order():
    m = EuropeMap("flank_and_allies")
    a, b, c = (13.4, 52.5, 23.9, 54.9), (-0.1, 51.5, 25.9, 59.2), (2.35, 48.86, 26.1, 44.4)
    m.add_lines("links", [a, b])
    first = m.layer("links")
    m.add_lines("links", [c, a, b])  # a and b drawn again, c new and first
    now = m.layer("links")
    assert now[1] is first[0] and now[2] is first[1] and now[0] not in first
    drawn = [x for x in m.ax.get_children() if x in now]
    assert drawn == now  # matplotlib draws them in the order given
    m.add_lines("links", [b])
    assert m.layer("links") == [first[1]] and first[0].axes is None  # a removed from the map
    fresh = EuropeMap("flank_and_allies")
    fresh.add_lines("links", [b])
    assert np.array_equal(m._composer.rgb(), fresh._composer.rgb())


def test_points_drawn_elsewhere_move_the_layer_s_markers_as_a_new_scatter_would_draw_them():
    m = EuropeMap("flank_and_allies")
    m.add_points("bases", [24.0, 25.6], [56.0, 58.4], labels=["A", "B"], marker="D")
    markers = m.layer("bases")[0]
    m.add_lines("links", [(13.4, 52.5, 24.0, 56.0)])
    m.add_points(
        "bases", [24.0, 19.3, 26.1], [56.0, 48.4, 44.4], labels=["A", "C", "D"], marker="D"
    )
    assert m.layer("bases")[0] is markers  # moved, not made again
    assert m.ax.get_children().index(markers) > m.ax.get_children().index(m.layer("links")[0])
    fresh = EuropeMap("flank_and_allies")
    fresh.add_lines("links", [(13.4, 52.5, 24.0, 56.0)])
    fresh.add_points(
        "bases", [24.0, 19.3, 26.1], [56.0, 48.4, 44.4], labels=["A", "C", "D"], marker="D"
    )
    assert np.array_equal(m._composer.rgb(), fresh._composer.rgb())
    assert np.array_equal(_pixels(m.to_png(exact=True)), _pixels(fresh.to_png(exact=True)))
    m.add_points("bases", [24.0], [56.0], labels=["A"], marker="o")  # another look: a new one
    assert m.layer("bases")[0] is not markers and markers.axes is None


def test_prepared_names_and_titles_are_composited_when_shown_not_drawn(monkeypatch):
    from natokit import frames

    where = dict(lons=[24.0, 19.3], lats=[56.0, 48.4], labels=["Ādaži", "Lešť"])
    offsets = [(6, 4), (-6, 4)]
    m = EuropeMap("flank_and_allies", title="Now")
    before = m.to_png()
    m.prepare_labels(**where, label_offset=offsets)
    m.prepare_title("Later: 2 bases")
    assert m.layer_names() == [] and m.title == "Now" and m.to_png() == before
    m.add_points("bases", where["lons"], where["lats"], where["labels"], label_offset=offsets)
    m.set_title("Later: 2 bases")
    drawn = []
    for label in m.layer("bases")[1:]:
        label.draw = lambda renderer, label=label: drawn.append(label.get_text())
    composed = frames._plain_text_sprite

    def composing(artist, renderer):  # a plain text (the title) composed from its glyphs
        sprite = composed(artist, renderer)
        if sprite is not frames._NOT_PLAIN:
            drawn.append(artist.get_text())
        return sprite

    monkeypatch.setattr(frames, "_plain_text_sprite", composing)
    shown = m.to_png()
    assert drawn == []  # the names and the title were kept, not drawn again
    monkeypatch.undo()
    fresh = EuropeMap("flank_and_allies", title="Later: 2 bases")
    fresh.add_points("bases", where["lons"], where["lats"], where["labels"], label_offset=offsets)
    assert np.array_equal(_pixels(shown), _pixels(fresh.to_png()))
    assert np.abs(_pixels(shown) - _pixels(fresh.to_png(exact=True))).mean() < 1.0


def test_points_with_no_point_make_no_marker_artist():
    m = EuropeMap("baltic")
    m.add_points("none", [], [], labels=[])
    assert m.layer("none") == []
    m.add_points("one", [24.1], [56.9], labels=["Riga"])
    assert len(m.layer("one")) == 2  # the marker and its label


def test_a_name_placed_again_lands_where_it_was_placed_the_first_time():
    from natokit.maps import _name_spot

    _name_spot.cache_clear()
    first = EuropeMap("suwalki")
    first.label_countries(["LTU", "POL"])
    spots = {t.get_text(): t.xy for t in first.layer("country names")}
    assert _name_spot.cache_info().misses == 2
    again = EuropeMap("suwalki")  # a new map, same window: the places are found, not computed
    again.label_countries(["POL", "LTU"], layer="other")
    assert {t.get_text(): t.xy for t in again.layer("other")} == spots
    assert _name_spot.cache_info().hits == 2
    assert _name_spot.cache_info().maxsize is not None  # bounded
    zoomed = EuropeMap("suwalki")
    zoomed.zoom_to(23.9, 54.9, 90)  # another window: placed again, inside it
    zoomed.label_countries(["LTU"])
    (label,) = zoomed.layer("country names")
    x0, x1 = zoomed.ax.get_xlim()
    assert x0 < label.xy[0] < x1 and label.xy != spots["Lithuania"]


def test_labels_of_a_map_share_one_halo():
    m = EuropeMap("baltic")
    m.add_points("towns", [24.1, 24.75], [56.9, 59.4], labels=["Riga", "Tallinn"])
    m.label_countries(["EST", "LVA"])
    labels = [a for a in m.layer("towns") + m.layer("country names") if hasattr(a, "get_text")]
    assert len(labels) == 4
    assert all(a.get_path_effects() is labels[0].get_path_effects() for a in labels)


def test_a_label_shown_again_in_another_layer_reuses_its_picture():
    m = EuropeMap("europe")
    m.label_countries(["AUT", "IRL"], layer="names a")
    before = m.to_png()
    for label in m.layer("names a"):
        label.set_visible(False)
    m.label_countries(["AUT", "IRL"], layer="names b")  # new artists, the same labels
    drawn = []
    for label in m.layer("names b"):
        label.draw = lambda renderer, label=label: drawn.append(label.get_text())
    assert m.to_png() == before  # the same picture ...
    assert drawn == []  # ... composed from the pictures kept for the first labels


def test_prepared_views_are_not_rasterised_again_and_the_view_shown_is_kept():
    m = EuropeMap("eastern_flank")
    shown = (m.ax.get_xlim(), m.ax.get_ylim(), m.ax.get_position(original=True).bounds)
    m.prepare_views([(24.7, 42.3, 250), (23.4, 55.9, 300)])
    assert (m.ax.get_xlim(), m.ax.get_ylim(), m.ax.get_position(original=True).bounds) == shown
    composer = m._composer
    rebuilt = []
    original = composer._rebuild_static
    composer._rebuild_static = lambda: (rebuilt.append(1), original())[1]
    m.zoom_to(23.4, 55.9, 300)
    prepared = m.to_png()
    assert rebuilt == []
    fresh = EuropeMap("eastern_flank")
    fresh.zoom_to(23.4, 55.9, 300)
    assert prepared == fresh.to_png()  # the same picture as a map that never prepared


@pytest.mark.parametrize(
    ("marker", "size", "width"),
    [("o", 30, 0.8), ("^", 60, 0.8), ("s", 18, 2.0), ("*", 160, 0.8), ("D", 90, 1.5)],
)
def test_markers_say_where_they_draw(marker, size, width):
    from matplotlib.backends.backend_agg import RendererAgg

    m = EuropeMap("baltic")
    m.add_points(
        "p", [21.0, 24.1, 27.9], [54.2, 56.9, 59.3], marker=marker, size=size, linewidth=width
    )
    (markers,) = m.layer("p")
    width_px, height_px = m.figure.canvas.get_width_height()
    renderer = RendererAgg(width_px, height_px, m.figure.dpi)
    markers.draw(renderer)
    alpha = np.asarray(renderer.buffer_rgba())[..., 3]
    rows, cols = np.nonzero(alpha)
    box = markers.get_window_extent(renderer)
    # Every drawn pixel lies in the box (rows count from the top), within antialiasing's pixel.
    assert cols.min() >= np.floor(box.x0) - 1 and cols.max() <= np.ceil(box.x1) + 1
    assert height_px - rows.max() - 1 >= np.floor(box.y0) - 1
    assert height_px - rows.min() <= np.ceil(box.y1) + 1
    assert box.width < width_px / 2  # a box around the markers, not the whole map
    m.shade({"LVA": "#0072B2"})
    fast = np.asarray(m._composer.rgb(), dtype=int)
    exact = np.asarray(m.rgb(), dtype=int)
    assert np.abs(fast - exact).mean() < 2.0
