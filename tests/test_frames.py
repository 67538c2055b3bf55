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
