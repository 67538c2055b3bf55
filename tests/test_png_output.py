"""Pictures stored in notebooks are small and byte-stable; every explorer's fast path shows the
same picture as its naive path (the one the benchmark times it against)."""

import base64
import io
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from natokit import charts
from natokit.explore import MembershipExplorer, ReachExplorer
from natokit.figures import FigureView, compact_png
from natokit.maps import EuropeMap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import explorers as bench  # noqa: E402  (benchmarks/explorers.py)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _stored_png(html_text: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', html_text)
    assert match, html_text[:200]
    return base64.b64decode(match.group(1))


def _a_map() -> EuropeMap:
    m = EuropeMap("baltic", title="Same map", source="Source: test", alt="Three states")
    m.shade({"EST": "#0072B2", "LVA": "#0072B2", "LTU": "#E69F00"})
    m.add_points("bases", [23.8, 23.4], [59.3, 55.9], labels=["Ämari", "Šiauliai"])
    return m


def test_the_same_figure_drawn_twice_gives_the_same_bytes():
    first, second = _a_map(), _a_map()  # two separate figures, built the same way
    assert _stored_png(first._repr_html_()) == _stored_png(second._repr_html_())
    chart = charts.spending_chart(["NLD", "POL"], edition="2025-08-28")
    again = charts.spending_chart(["NLD", "POL"], edition="2025-08-28")
    assert chart._repr_html_() == again._repr_html_()


def test_a_changed_figure_gives_other_bytes():
    m = _a_map()
    before = _stored_png(m._repr_html_())
    m.shade({"LTU": "#0072B2"})
    assert _stored_png(m._repr_html_()) != before


def test_stored_pictures_are_palette_pngs_without_metadata_and_smaller():
    m = _a_map()
    stored = _stored_png(m._repr_html_())
    image = Image.open(io.BytesIO(stored))
    assert image.mode == "P"  # a palette of at most 256 colours
    assert not image.text and "Software" not in image.info  # no text chunks, no versions
    assert len(stored) < len(m.to_png(exact=True)) / 2
    # Quantisation keeps the picture: each pixel within a few levels of the full render.
    assert np.abs(_pixels(stored) - _pixels(m.to_png(exact=True))).mean() < 1.5


def test_compact_png_keeps_few_colours_exactly():
    picture = np.zeros((10, 12, 3), dtype=np.uint8)
    picture[2:8, 3:9] = (213, 94, 0)  # Okabe-Ito vermillion, exactly
    assert np.array_equal(_pixels(compact_png(picture)), picture)
    assert compact_png(picture) == compact_png(compact_png(picture))


def test_explorer_snapshots_are_byte_stable_and_keep_alt_text():
    first, second = MembershipExplorer(year=2004), MembershipExplorer(year=2004)
    page = first.snapshot_html()
    assert _stored_png(page) == _stored_png(second.snapshot_html())
    assert 'alt="Map of Europe with the 26 NATO allies' in page


def test_figure_view_repr_keeps_alt_text():
    view = FigureView(title="T", source="S", alt="An empty plot")
    assert 'alt="An empty plot"' in view._repr_html_()


def _assert_same_picture(fast: bytes, naive: bytes) -> None:
    """As tests/test_frames.py: equal but for coastline antialiasing under the borders."""
    a, b = _pixels(fast), _pixels(naive)
    assert a.shape == b.shape
    assert np.abs(a - b).mean() < 2.0
    assert (np.abs(a - b).max(axis=2) > 40).mean() < 0.02


EXPLORERS = bench.discover()


def _explorer_class(spec):
    module, name = spec.split(":")
    return getattr(__import__(module, fromlist=[name]), name)


@pytest.mark.parametrize("spec", EXPLORERS)
def test_every_explorer_shows_the_same_picture_as_its_naive_path(spec):
    explorer = _explorer_class(spec)()
    initial = explorer.state()
    for control, steps in explorer.benchmark_steps(limit=4).items():
        explorer.set(**initial)
        explorer.set(**steps[-1])
        assert not explorer.message_text, f"{control}: {explorer.message_text}"
        fast, naive = explorer.pictures(), explorer.naive_pictures()
        if not fast:  # a text explorer: the rebuilt page shows the same text
            assert explorer.caption_text and naive[0].decode() == explorer.snapshot_html()
            continue
        assert len(fast) == len(naive)
        for shown, drawn in zip(fast, naive, strict=True):
            _assert_same_picture(shown, drawn)


def test_the_benchmark_finds_the_explorers_and_reports_memory():
    assert "natokit.explore:ReachExplorer" in EXPLORERS
    assert "natokit.explore_spending:SpendingExplorer" in EXPLORERS
    result = bench.measure("natokit.explore:MembershipExplorer", memory_steps=60)
    assert result["construct_ms"] > 0 and result["prepare_ms"] >= 0
    year = result["controls"]["year"]
    assert year["steps"] > 10 and year["refused"] == 0
    assert 0 < year["median_ms"] <= year["p95_ms"] <= year["max_ms"]
    assert year["naive_median_ms"] > 0 and year["ratio"] > 0
    assert set(result["memory"]["rss_mb"]) == {"0", "60"}
    assert result["memory"]["growth_mb"] == pytest.approx(
        result["memory"]["rss_mb"]["60"] - result["memory"]["rss_mb"]["0"], abs=0.11
    )


def test_the_reach_explorer_zooming_back_and_forth_reuses_its_cached_windows():
    explorer = ReachExplorer(base="Ämari", minutes=25)
    composer = explorer.view._composer
    explorer.set(minutes=26)
    explorer.set(minutes=25)
    layers = composer._labels
    explorer.set(minutes=26)
    explorer.set(minutes=25)
    assert composer._labels is layers  # found again, not rasterised again
