"""EuropeMap draws the basemap once and updates artists in place."""

import re

import pytest
from matplotlib.collections import PatchCollection

from natokit import style
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
