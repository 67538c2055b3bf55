"""One meaning per colour, a colour-blind-safe palette, and a presentation mode that scales."""

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from natokit import style

# Okabe & Ito (2008), "Color Universal Design", the eight colours as published (not from the code).
PUBLISHED_OKABE_ITO = {
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
}


def _lab(hex_colour: str) -> np.ndarray:
    """CIELAB (D65) from sRGB, written out here so the test does not trust any library call."""
    rgb = np.array(to_rgb(hex_colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_every_meaning_has_its_own_colour():
    colours = {name: c.upper() for name, c in style.MEANINGS.items()}
    assert len(set(colours.values())) == len(colours), colours


def test_meanings_are_far_apart_in_perceived_colour():
    # Delta E 1976 above 25 is an obvious difference at a glance (2.3 is "just noticeable").
    for (a, ca), (b, cb) in itertools.combinations(style.MEANINGS.items(), 2):
        assert np.linalg.norm(_lab(ca) - _lab(cb)) > 25, (a, b)


def test_meanings_use_okabe_ito_and_are_not_neutral():
    assert {c.upper() for c in style.MEANINGS.values()} <= PUBLISHED_OKABE_ITO
    neutrals = {c.upper() for c in style.NEUTRALS.values()}
    assert not neutrals & {c.upper() for c in style.MEANINGS.values()}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ally", "adversary"),
        ("ally", "partner"),
        ("partner", "adversary"),
        ("ally", "framework"),  # framework lines must show over their own countries' neighbours
        ("highlight", "adversary"),  # a highlighted base is not a Russian one
        ("new_ally", "ally"),
        ("host", "ally"),
    ],
)
def test_categories_with_different_meanings_differ(a, b):
    assert style.COLORS[a].upper() != style.COLORS[b].upper()


def test_synonyms_are_the_same_meaning_not_a_second_one():
    for name, meaning in style.SYNONYMS.items():
        assert style.COLORS[name] == style.MEANINGS[meaning]
    # Russia and Belarus are one category on every map of the kit.
    assert style.COLORS["russia"] == style.COLORS["belarus"] == style.COLORS["adversary"]
    # Every colour in COLORS is a meaning, a synonym of one, or a neutral grey.
    assert set(style.COLORS) == set(style.MEANINGS) | set(style.SYNONYMS) | set(style.NEUTRALS)


def test_series_colours_never_use_the_highlight():
    # Charts draw the highlighted ally (the Netherlands) in the highlight colour, others from SERIES.
    assert style.COLORS["highlight"] not in style.SERIES


def test_presentation_mode_scales_every_size():
    normal = style.sizes()
    style.presentation_mode(True)
    try:
        big = style.sizes()
        assert style.is_presentation()
    finally:
        style.presentation_mode(False)
    assert not style.is_presentation()
    for key in ("base", "title", "small", "width_in", "scale"):
        assert big[key] > normal[key], key
    # Fonts grow by the same factor as lines and markers, so a figure keeps its proportions.
    assert big["small"] / normal["small"] == pytest.approx(big["scale"] / normal["scale"])


def test_default_figures_are_landscape():
    assert style.ASPECT == pytest.approx(9 / 16)


@pytest.mark.parametrize("value", ["yes", 1, None, 1.0])
def test_presentation_mode_refuses_non_bool(value):
    with pytest.raises(TypeError, match="True or False"):
        style.presentation_mode(value)
