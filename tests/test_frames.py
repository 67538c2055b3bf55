"""Fast frames show the same map as matplotlib's full render, and follow every change."""

import io

import numpy as np
import pytest
from PIL import Image

from natokit import style
from natokit.explore import BattlegroupExplorer, MembershipExplorer, ReachExplorer
from natokit.frames import encode_png
from natokit.geo import range_ring
from natokit.maps import EuropeMap


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def assert_same_picture(view):
    """The fast frame and matplotlib's exact render agree almost everywhere.

    Allowed: coastline pixels that the fast path does not antialias under the border line.
    """
    fast, exact = _pixels(view.to_png()), _pixels(view.to_png(exact=True))
    assert fast.shape == exact.shape
    off = np.abs(fast - exact).max(axis=2)
    assert np.abs(fast - exact).mean() < 2.0
    assert (off > 40).mean() < 0.02
    # Band by band too, so a stale title or label (a few per cent of the picture) shows up:
    # measured, correct frames stay under 5.1 per band and a stale title reaches 17.
    diff = np.abs(fast - exact).mean(axis=2)
    for top in range(0, fast.shape[0], 24):
        assert diff[top : top + 24].mean() < 9.0, f"rows {top}-{top + 24} differ"


@pytest.mark.parametrize(
    ("explorer", "setting"),
    [
        (MembershipExplorer, {"year": 1999}),
        (MembershipExplorer, {"year": 2024}),
        (BattlegroupExplorer, {"date": "2024-07-01"}),
        (ReachExplorer, {"base": "Ämari", "minutes": 12}),
        (ReachExplorer, {"base": "Graf Ignatievo", "minutes": 25}),
    ],
)
def test_explorer_frames_match_the_full_render(explorer, setting):
    ex = explorer()
    ex.set(**setting)
    assert_same_picture(ex.view)


def test_title_change_after_an_exact_render_is_not_missed():
    m = EuropeMap("baltic", title="First title")
    m.to_png()
    m.to_png(exact=True)  # a full render in between must not hide the next change
    m.set_title("A much longer second title")
    assert_same_picture(m)


def test_shading_changes_only_follow_the_map():
    m = EuropeMap("baltic")
    before = _pixels(m.to_png())
    m.shade({"LTU": style.COLORS["highlight"]})
    after = _pixels(m.to_png())
    changed = np.abs(after - before).max(axis=2) > 0
    assert changed.any()
    assert_same_picture(m)


def test_layers_added_replaced_and_cleared():
    m = EuropeMap("baltic")
    empty = _pixels(m.to_png())
    m.add_points("bases", [23.4, 24.2], [55.9, 59.3], labels=["Šiauliai", "Ämari"])
    m.add_shape("ring", range_ring(23.4, 55.9, 150), facecolor=style.COLORS["highlight"])
    assert_same_picture(m)
    m.clear("bases")
    m.clear("ring")
    assert np.array_equal(_pixels(m.to_png()), empty)


def test_zoom_rebuilds_the_cached_layers():
    m = EuropeMap("eastern_flank")
    m.to_png()
    m.zoom_to(24.7, 42.3, 250)
    assert_same_picture(m)


def test_encode_png_round_trips():
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, size=(17, 23, 3), dtype=np.uint8)
    assert np.array_equal(_pixels(encode_png(image)), image)


# ---- the frame cache notices every change to what it draws -----------------------------------

from matplotlib.path import Path  # noqa: E402

from natokit.frames import FrameComposer  # noqa: E402


def _drawn_map():
    m = EuropeMap("baltic", title="Cache test", source="Source: test")
    m.shade({"LTU": style.COLORS["ally"], "LVA": style.COLORS["host"]})
    m.add_points("bases", [23.4, 24.2], [55.9, 59.3], labels=["Šiauliai", "Ämari"], size=60)
    m.add_lines("links", [(18.0, 54.0, 26.0, 58.0)], linewidth=2)
    m.add_shape("ring", range_ring(23.4, 55.9, 150), facecolor=style.COLORS["highlight"])
    m.set_legend([("Host", style.COLORS["host"], "patch"), ("Base", "#E69F00", "marker")])
    return m


def _scatter(m):
    return m.layer("bases")[0]


def _label(m):
    return m.layer("bases")[1]


def _line(m):
    return m.layer("links")[0]


def _ring(m):
    return m.layer("ring")[-1]


def _fill(m):
    return m.layer("ring")[0]


# Each change uses matplotlib's own setters on an artist already drawn and cached.
CHANGES = {
    "points: offsets": lambda m: _scatter(m).set_offsets(_scatter(m).get_offsets() + 40_000),
    "points: sizes": lambda m: _scatter(m).set_sizes([300.0]),
    "points: facecolors": lambda m: _scatter(m).set_facecolor("#009E73"),
    "points: edgecolors": lambda m: _scatter(m).set_edgecolor("#000000"),
    "points: linewidths": lambda m: _scatter(m).set_linewidth(4.0),
    "points: marker path": lambda m: _scatter(m).set_paths([Path.unit_regular_polygon(3)]),
    "points: hidden": lambda m: _scatter(m).set_visible(False),
    "points: alpha": lambda m: _scatter(m).set_alpha(0.2),
    "label: text": lambda m: _label(m).set_text("Another base"),
    "label: colour": lambda m: _label(m).set_color("#D55E00"),
    "label: size": lambda m: _label(m).set_fontsize(16),
    "label: anchor point": lambda m: setattr(
        _label(m), "xy", (_label(m).xy[0] + 60_000, _label(m).xy[1])
    ),
    "label: offset": lambda m: _label(m).set_position((30, 20)),
    "label: weight": lambda m: _label(m).set_fontweight("bold"),
    "line: data": lambda m: _line(m).set_ydata(_line(m).get_ydata() + 50_000),
    "line: colour": lambda m: _line(m).set_color("#D55E00"),
    "line: width": lambda m: _line(m).set_linewidth(5.0),
    "line: style": lambda m: _line(m).set_linestyle(":"),
    "line: hidden": lambda m: _line(m).set_visible(False),
    "ring: edge colour": lambda m: _ring(m).set_edgecolor("#0072B2"),
    "ring: width": lambda m: _ring(m).set_linewidth(5.0),
    "ring: style": lambda m: _ring(m).set_linestyle("-"),
    "ring: path": lambda m: _ring(m).set_path(Path(_ring(m).get_path().vertices + 30_000)),
    "fill: colour": lambda m: _fill(m).set_facecolor("#0072B2"),
    "fill: hatch": lambda m: _fill(m).set_hatch("xx"),
    "legend: location": lambda m: m.legend.set_loc("lower right"),
    "legend: text": lambda m: m.legend.get_texts()[0].set_text("Host nation (renamed)"),
    "title: colour": lambda m: m.title_artist.set_color("#D55E00"),
    "source: size": lambda m: m.source_artist.set_fontsize(14),
    "countries: fill": lambda m: m.countries.set_facecolor("#56B4E9"),
    "countries: border colour": lambda m: m.countries.set_edgecolor("#000000"),
    "countries: border width": lambda m: m.countries.set_linewidth(2.5),
    "countries: hidden": lambda m: m.countries.set_visible(False),
    "countries: translucent": lambda m: m.countries.set_alpha(0.3),
    "view: limits": lambda m: m.ax.set_xlim(
        m.ax.get_xlim()[0] + 100_000, m.ax.get_xlim()[1] + 100_000
    ),
    "figure: background": lambda m: m.figure.set_facecolor("#FFFFE0"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_fast_frame_follows_every_change(change):
    m = _drawn_map()
    before = _pixels(m.to_png())  # fills the cache
    CHANGES[change](m)
    after = _pixels(m.to_png())
    assert np.abs(after - before).max(axis=2).astype(bool).sum() > 10, "the frame did not change"
    # The cached frame is exactly what a composer without any cache draws now ...
    fresh = FrameComposer(m).rgb().astype(int)
    assert np.array_equal(after, fresh), "a stale cached sprite or layer was reused"
    # ... and both match matplotlib's full render.
    assert_same_picture(m)


def test_unchanged_artists_are_not_drawn_again():
    m = _drawn_map()
    m.to_png()
    calls = []
    scatter = _scatter(m)
    draw = scatter.draw
    scatter.draw = lambda renderer: (calls.append(1), draw(renderer))[1]
    m.set_title("A new title")  # another artist changes; the markers do not
    m.to_png()
    assert calls == [], "the cached markers were drawn again"
    scatter.set_sizes([200.0])
    m.to_png()
    assert calls == [1]


def test_presentation_mode_frames_match_the_full_render():
    style.presentation_mode(True)
    try:
        ex = BattlegroupExplorer()
        ex.set(date="2024-07-01")
        m = _drawn_map()
    finally:
        style.presentation_mode(False)
    assert_same_picture(ex.view)
    assert_same_picture(m)


def test_a_zoom_keeps_the_legend_and_title_sprites_but_redraws_data():
    m = _drawn_map()
    m.to_png()
    calls = {"legend": 0, "title": 0, "points": 0}

    def count(artist, name):
        draw = artist.draw
        artist.draw = lambda renderer: (calls.__setitem__(name, calls[name] + 1), draw(renderer))[1]

    count(m.legend, "legend")
    count(m.title_artist, "title")
    count(_scatter(m), "points")
    m.ax.set_xlim(m.ax.get_xlim()[0] + 50_000, m.ax.get_xlim()[1] + 50_000)
    m.ax.set_ylim(m.ax.get_ylim()[0] + 50_000, m.ax.get_ylim()[1] + 50_000)
    frame = _pixels(m.to_png())
    assert calls == {"legend": 0, "title": 0, "points": 1}
    assert np.array_equal(frame, FrameComposer(m).rgb().astype(int))


# ---- text drawn from kept lines and glyphs: Agg's pixels, in bounded tables -----------------

from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from natokit import frames  # noqa: E402

TEXTS = [
    ({"s": "Defence spending, % of GDP, 2024: June 2024 edition", "fontsize": 15}, {}),
    ({"s": "2.44", "fontsize": 8.1}, {}),
    ({"s": "Türkiye, Šiauliai, Ämari", "fontsize": 11, "fontweight": "bold"}, {}),
    ({"s": "Source: NATO\nread through secondary transcriptions", "fontsize": 9}, {}),
    ({"s": "Right-aligned, grey", "ha": "right", "color": "#6E6E6E", "alpha": 0.7}, {}),
    ({"s": "Serif italic AVAWAY", "family": "serif", "style": "italic", "fontsize": 13}, {}),
    ({"s": "Centred, not antialiased", "ha": "center", "antialiased": False}, {}),
]


def _text_pixels(renderer_class, x, y, options):
    figure = Figure(figsize=(4, 1.2), dpi=100)
    text = figure.text(x, y, **options)
    width, height = figure.canvas.get_width_height(physical=True)
    renderer = renderer_class(width, height, figure.dpi)
    text.draw(renderer)
    return np.asarray(renderer.buffer_rgba()).astype(int)


@pytest.mark.parametrize("options", [t[0] for t in TEXTS], ids=lambda o: o["s"][:20])
@pytest.mark.parametrize("x", [0.5, 0.50123, 0.5077])  # whole pixels and two 1/64 phases
def test_kept_text_is_drawn_as_agg_draws_it(options, x):
    plain = _text_pixels(RendererAgg, x, 0.4, options)
    assert plain[..., 3].any()
    for _ in range(2):  # drawn, then drawn again from the kept line
        kept = _text_pixels(frames.TextCachingRenderer, x, 0.4, options)
        off = np.abs(kept - plain)
        # Only where two glyphs overlap is their coverage added in one step (one level).
        assert off.max() <= 1
        assert (off.max(axis=2) > 0).sum() <= 4


def test_kept_text_follows_a_new_string_and_a_new_phase():
    first = _text_pixels(frames.TextCachingRenderer, 0.3, 0.4, {"s": "2.44"})
    other = _text_pixels(frames.TextCachingRenderer, 0.3, 0.4, {"s": "2.45"})
    moved = _text_pixels(frames.TextCachingRenderer, 0.3013, 0.4, {"s": "2.44"})
    assert not np.array_equal(first, other) and not np.array_equal(first, moved)
    assert np.array_equal(moved, _text_pixels(RendererAgg, 0.3013, 0.4, {"s": "2.44"}))


def test_rotated_and_mathematical_text_is_left_to_matplotlib():
    for options in ({"s": "rotated", "rotation": 30}, {"s": r"$\alpha^2$"}):
        kept = _text_pixels(frames.TextCachingRenderer, 0.5, 0.4, options)
        assert np.array_equal(kept, _text_pixels(RendererAgg, 0.5, 0.4, options))


def test_kept_text_tables_stay_within_their_bounds(monkeypatch):
    lines = frames._TextLines()
    monkeypatch.setattr(frames, "_TEXT_LINES", lines)
    monkeypatch.setattr(lines, "LAYOUTS", 5)
    monkeypatch.setattr(lines, "GLYPHS", 40)
    monkeypatch.setattr(lines, "LINE_BYTES", 4000)
    for i in range(30):
        drawn = _text_pixels(frames.TextCachingRenderer, 0.1 + i / 997, 0.4, {"s": f"Step {i}"})
        assert drawn[..., 3].any()
    assert len(lines.layouts) <= 5 and len(lines.glyphs) <= 40
    assert lines.line_bytes <= 4000
    assert lines.line_bytes == sum(frames._line_bytes(v) for v in lines.lines.values())


def test_plain_texts_are_composed_as_matplotlib_draws_them():
    """Every text of the spending explorer's three figures: the sprite composed from kept
    lines is the sprite drawn by matplotlib, pixel for pixel (boxes, path effects and
    rotated texts are left to matplotlib)."""
    from natokit.explore_spending import SpendingExplorer

    explorer = SpendingExplorer(edition="2022-06-27", year=2022, allies=("NLD", "POL"))
    composed = 0
    for view in (explorer.view, explorer.bars, explorer.lines):
        width, height = view.figure.canvas.get_width_height(physical=True)
        renderer = frames.TextCachingRenderer(width, height, view.figure.dpi)
        view.ax.apply_aspect()
        for text in view.figure.findobj(frames.Text):
            if not frames._drawn(text):
                continue
            sprite = frames._plain_text_sprite(text, renderer)
            if sprite is frames._NOT_PLAIN:  # path effects, or cut (a tick label off the axis)
                continue
            drawn = frames._render_sprite(text, renderer)
            composed += 1
            for mine, theirs in zip(sprite, drawn, strict=True):
                assert np.array_equal(mine, theirs), text.get_text()
    assert composed > 60  # titles, sources, names, values, legend and axis texts


def test_a_clipped_text_cut_by_its_clip_box_is_left_to_matplotlib():
    figure = Figure(figsize=(3, 2), dpi=100)
    ax = figure.add_axes((0.1, 0.1, 0.8, 0.8))
    inside, cut = ax.text(0.5, 0.5, "inside"), ax.text(0.97, 0.5, "cut at the edge")
    for text in (inside, cut):
        text.set_clip_on(True)
    renderer = frames.TextCachingRenderer(300, 200, 100)
    assert frames._plain_text_sprite(cut, renderer) is frames._NOT_PLAIN
    sprite = frames._plain_text_sprite(inside, renderer)
    drawn = frames._render_sprite(inside, renderer)
    assert all(np.array_equal(a, b) for a, b in zip(sprite, drawn, strict=True))


@pytest.mark.parametrize(
    ("edition", "year"), [("2022-06-27", 2022), ("2025-08-28", 2020), ("2025-08-28", 2024)]
)
def test_separate_patches_draw_each_hatch_once_with_the_same_pixels(edition, year):
    """The spending explorer's bars (plain, estimate-hatched, both hatches), drawn bar by bar
    by matplotlib and as one group whose hatches are drawn once: the same pixels."""
    from natokit.explore_spending import SpendingExplorer

    bars = SpendingExplorer(edition=edition, year=year).bars
    shown = [bar for bar in bars.bars if bar.get_visible()]
    width, height = bars.figure.canvas.get_width_height(physical=True)
    one_by_one = RendererAgg(width, height, bars.figure.dpi)
    for bar in shown:
        bar.draw(one_by_one)
    together = RendererAgg(width, height, bars.figure.dpi)
    frames._draw_separate_patches(frames.SeparatePatches(shown), together)
    expected = np.asarray(one_by_one.buffer_rgba())
    assert expected[..., 3].any()
    assert np.array_equal(np.asarray(together.buffer_rgba()), expected)


def test_kept_measures_are_agg_measures_and_follow_a_font_changed_in_place(monkeypatch):
    from matplotlib.font_manager import FontProperties

    lines = frames._TextLines()
    monkeypatch.setattr(frames, "_TEXT_LINES", lines)
    prop = FontProperties(size=9)
    single = [options for options, _ in TEXTS if "\n" not in options["s"]]  # what Agg measures
    for options in single:
        prop.set_size(options.get("fontsize", 10))
        prop.set_weight(options.get("fontweight", "normal"))
        for dpi in (100, 150):
            plain = RendererAgg(10, 10, dpi).get_text_width_height_descent(
                options["s"], prop, False
            )
            # Measured by one renderer, then read back by another (a second figure).
            for _ in range(2):
                renderer = frames.TextCachingRenderer(10, 10, dpi)
                kept = renderer.get_text_width_height_descent(options["s"], prop, False)
                assert kept == plain
    assert len(lines.measured) == 2 * len(
        {(o.get("fontsize"), o.get("fontweight"), o["s"]) for o in single}
    )
    prop.set_size(30)  # the same FontProperties object, now larger: measured anew
    big = frames.TextCachingRenderer(10, 10, 100).get_text_width_height_descent("2.44", prop, False)
    assert big == RendererAgg(10, 10, 100).get_text_width_height_descent("2.44", prop, False)
    assert big[0] > 20


def test_a_legend_shown_again_is_the_same_artist_and_not_drawn_again():
    m = EuropeMap("baltic", title="Legends")
    first = [("Allies", "#0072B2", "patch")]
    second = [("Allies", "#0072B2", "patch"), ("Estimate", "white", "patch", "///")]
    m.set_legend(first)
    one, legend_one = _pixels(m.to_png()), m.legend
    m.set_legend(second)
    two = _pixels(m.to_png())
    assert m.legend is not legend_one and m.ax.get_legend() is m.legend
    assert not np.array_equal(one, two)
    draws = []
    draw = legend_one.draw
    legend_one.draw = lambda renderer: (draws.append(1), draw(renderer))[1]
    m.set_legend(first)
    assert m.legend is legend_one and m.ax.get_legend() is legend_one
    assert m.legend_labels() == ["Allies"]
    again = _pixels(m.to_png())
    assert draws == [], "the kept legend's picture was not found again"
    assert np.array_equal(again, one)
    assert_same_picture(m)


def test_kept_legends_are_bounded(monkeypatch):
    monkeypatch.setattr(EuropeMap, "LEGENDS_KEPT", 2)
    m = EuropeMap("baltic")
    for i in range(5):
        m.set_legend([(f"Entry {i}", "#0072B2", "patch")])
        assert m.legend_labels() == [f"Entry {i}"]
    assert len(m._legends) == 2


def test_a_step_repaints_only_the_countries_it_shades_with_the_pixels_of_a_fresh_frame():
    from natokit.frames import FrameComposer

    m = EuropeMap("baltic", title="Shading steps")
    composer = m._composer
    steps = [
        {"LTU": style.COLORS["ally"]},
        {"LTU": style.COLORS["ally"], "LVA": style.COLORS["host"], "RUS": "#444444"},
        {"LVA": style.COLORS["ally"]},  # Lithuania and Russia back to land, Latvia again
        {},
        {"EST": style.COLORS["partner"], "FIN": style.COLORS["partner"]},
    ]
    for colors in steps:
        m.shade(colors)
        frame = composer.rgb()
        assert np.array_equal(frame, FrameComposer(m).rgb()), colors
    m.figure.set_facecolor("#DDEEFF")  # the sea: every background pixel
    assert np.array_equal(composer.rgb(), FrameComposer(m).rgb())
    assert composer._base is not None and composer._base.frame is not None


def test_a_sprite_composites_the_same_on_a_frame_that_is_a_view_of_a_larger_one():
    rng = np.random.default_rng(7)
    picture = rng.integers(0, 256, (6, 8, 4), dtype=np.uint8)
    picture[..., 3] = rng.choice([0, 90, 255], (6, 8))
    sprite = frames._covered(picture, 0, 6, 0, 8)
    assert sprite is not None
    contiguous = rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)
    wider = np.zeros((6, 12, 3), dtype=np.uint8)
    wider[:, 2:10] = contiguous
    view = wider[:, 2:10]  # not contiguous: a flat view of it would be a copy
    assert not view.flags.c_contiguous
    frames._composite(contiguous, sprite)
    frames._composite(view, sprite)
    assert np.array_equal(view, contiguous)
    opaque = picture[..., 3] == 255
    assert np.array_equal(contiguous[opaque], picture[..., :3][opaque])  # copied as they are
    assert np.array_equal(wider[:, :2], np.zeros((6, 2, 3), dtype=np.uint8))  # nothing outside
