"""Compose a map's PNG frame from cached rasters, for explorers that must answer at once.

A full matplotlib render of a map redraws every country outline, every label and the legend,
then compresses the image: most of that is the same from one slider step to the next. The
:class:`FrameComposer` keeps what does not change between steps:

* a *label raster*: for every pixel, which country covers it (drawn once per view window);
* a *border layer*: the antialiased border lines, as pixel positions and opacities;
* one *sprite* per other artist (title, legend, markers, labels, rings), re-rendered only when
  that artist is new, its text changed, or the view window moved. (The map's layers and legend
  are replaced by new artists, never edited in place, so identity plus text is a safe key.)

A frame is then: country colours looked up per pixel, borders blended in, sprites composited in
drawing order, and a plain zlib PNG encoding. The result matches matplotlib's own render closely
(``tests/test_frames.py`` compares them pixel by pixel); the only visible difference is that
coastline pixels are not antialiased under the border line.

Examples
--------
>>> from natokit.maps import EuropeMap
>>> m = EuropeMap("baltic", title="Example")
>>> m.shade({"EST": "#0072B2"})
>>> FrameComposer(m).png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.spines import Spine
from matplotlib.text import Text


class FrameComposer:
    """Fast PNG frames of one :class:`~natokit.maps.EuropeMap`.

    Parameters
    ----------
    view : EuropeMap
        The map to render; the composer reads its figure, axes and country collection.

    Examples
    --------
    >>> from natokit.maps import EuropeMap
    >>> composer = FrameComposer(EuropeMap("baltic"))
    >>> composer.rgb().shape[2]
    3
    """

    def __init__(self, view):
        self.view = view
        self._view_key = None
        self._labels = None  # (H, W): country row + 1 per pixel, 0 where no country
        self._border = None  # flat pixel indices, opacity (0..255) and colour of the borders
        self._sprites: dict[int, tuple] = {}
        self._scratch = None  # one reusable renderer for drawing sprites

    # -- public ----------------------------------------------------------------------------

    def rgb(self) -> np.ndarray:
        """The current frame as an (H, W, 3) ``uint8`` array.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> frame = FrameComposer(EuropeMap("suwalki")).rgb()
        >>> frame.dtype.name
        'uint8'
        """
        figure = self.view.figure
        self.view.ax.apply_aspect()  # the axes box settles on draw; settle it the same way
        key = self._current_view_key()
        if key != self._view_key:
            self._rebuild_static()
            self._sprites.clear()
            self._scratch = None
            self._view_key = key
        # Country fills: row 0 of the lookup table is the background, row k+1 country k.
        lut = np.empty((len(self.view._facecolors) + 1, 3), dtype=np.uint8)
        lut[0] = _to_uint8(to_rgba(figure.get_facecolor())[:3])
        lut[1:] = _to_uint8(np.asarray(self.view._facecolors)[:, :3])
        frame = np.take(lut, self._labels, axis=0)  # 4x faster than lut[labels] here
        # Borders, blended with their antialiasing opacity (integer arithmetic, 0..255).
        pixels, alpha, colour = self._border
        flat = frame.reshape(-1, 3)
        under = flat[pixels].astype(np.uint16)
        flat[pixels] = ((under * (255 - alpha) + colour * alpha + 127) // 255).astype(np.uint8)
        for artist in self._overlay_artists():
            _composite(frame, self._sprite(artist))
        return frame

    def png(self) -> bytes:
        """The current frame, encoded as PNG.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> FrameComposer(EuropeMap("baltic")).png()[:4]
        b'\\x89PNG'
        """
        return encode_png(self.rgb())

    # -- static layers ---------------------------------------------------------------------

    def _current_view_key(self):
        figure, ax = self.view.figure, self.view.ax
        return (
            tuple(figure.get_size_inches()),
            figure.dpi,
            ax.get_xlim(),
            ax.get_ylim(),
            tuple(ax.get_position().bounds),
        )

    def _renderer(self) -> RendererAgg:
        width, height = self.view.figure.canvas.get_width_height(physical=True)
        return RendererAgg(width, height, self.view.figure.dpi)

    def _rebuild_static(self) -> None:
        countries = self.view._countries
        saved = (
            countries.get_facecolors().copy(),
            countries.get_edgecolors().copy(),
            countries.get_linewidths(),
        )
        try:
            # 1. Label raster: each country filled with a colour that encodes its row.
            rows = np.arange(len(saved[0]))
            codes = (
                np.column_stack([(rows + 1) // 256, (rows + 1) % 256, np.zeros_like(rows)]) / 255.0
            )
            countries.set_facecolors(np.column_stack([codes, np.ones(len(rows))]))
            countries.set_edgecolors("none")
            countries.set_antialiased(False)
            buffer = self._draw_alone(countries)
            # Row k of the country table is stored as k + 1; 0 means no country (background).
            labels = buffer[..., 0].astype(np.int32) * 256 + buffer[..., 1]
            labels[buffer[..., 3] == 0] = 0
            self._labels = labels.astype(np.uint16 if len(rows) >= 255 else np.uint8)
            # 2. Border layer: the outlines alone, antialiased as in the full render.
            countries.set_facecolors("none")
            countries.set_edgecolors(saved[1])
            countries.set_linewidths(saved[2])
            countries.set_antialiased(True)
            buffer = self._draw_alone(countries)
            alpha = buffer[..., 3].ravel()
            pixels = np.flatnonzero(alpha)
            colour = _to_uint8(to_rgba(saved[1][0])[:3]).astype(np.uint16)
            self._border = (pixels, alpha[pixels].astype(np.uint16)[:, None], colour)
        finally:
            countries.set_facecolors(saved[0])
            countries.set_edgecolors(saved[1])
            countries.set_linewidths(saved[2])
            countries.set_antialiased(True)

    def _draw_alone(self, artist) -> np.ndarray:
        renderer = self._renderer()
        artist.draw(renderer)
        return np.asarray(renderer.buffer_rgba()).copy()

    # -- sprites ---------------------------------------------------------------------------

    def _overlay_artists(self) -> list:
        ax, figure = self.view.ax, self.view.figure
        skip = (Spine, Axis)
        inside = [
            a
            for a in ax.get_children()
            if a is not self.view._countries
            and a is not ax.patch
            and not isinstance(a, skip)
            and a.get_visible()
            and not (isinstance(a, Text) and not a.get_text())
        ]
        on_figure = [
            t
            for t in [figure._suptitle, *figure.texts]
            if t is not None and t.get_visible() and t.get_text()
        ]
        artists = sorted(inside, key=lambda a: a.get_zorder()) + sorted(
            on_figure, key=lambda a: a.get_zorder()
        )
        # Forget sprites of artists that are gone (replaced layers, an old legend).
        present = {id(a) for a in artists}
        for gone in [k for k in self._sprites if k not in present]:
            del self._sprites[gone]
        return artists

    def _sprite(self, artist):
        key = _state_key(artist)
        cached = self._sprites.get(id(artist))
        if cached is not None and cached[0] is artist and cached[1] == key:
            return cached[2]
        if self._scratch is None:
            self._scratch = self._renderer()
        renderer = self._scratch
        renderer.clear()
        artist.draw(renderer)
        buffer = np.asarray(renderer.buffer_rgba())
        top, bottom, left, right = _search_window(artist, renderer, buffer.shape)
        alpha = buffer[top:bottom, left:right, 3]
        rows = np.flatnonzero(alpha.any(axis=1))
        if rows.size == 0:
            sprite = None
        else:
            cols = np.flatnonzero(alpha.any(axis=0))
            y0, y1 = top + rows[0], top + rows[-1] + 1
            x0, x1 = left + cols[0], left + cols[-1] + 1
            patch = buffer[y0:y1, x0:x1].astype(np.float32)
            sprite = (y0, x0, patch[..., :3], patch[..., 3:] / 255.0)
        self._sprites[id(artist)] = (artist, key, sprite)
        return sprite


def _composite(frame: np.ndarray, sprite) -> None:
    if sprite is None:
        return
    y0, x0, colour, alpha = sprite
    region = frame[y0 : y0 + colour.shape[0], x0 : x0 + colour.shape[1]]
    region[...] = (region * (1.0 - alpha) + colour * alpha + 0.5).astype(np.uint8)


def _search_window(artist, renderer, shape, pad: int = 8) -> tuple[int, int, int, int]:
    """Pixel rows and columns where an artist can have drawn: its extent plus a margin.

    The margin covers strokes drawn around text (label halos). Falls back to the whole image
    when the artist cannot tell its extent.
    """
    height, width = shape[:2]
    try:
        box = artist.get_window_extent(renderer)
        bounds = np.array([box.x0, box.x1, box.y0, box.y1])
    except (AttributeError, TypeError, ValueError, RuntimeError):
        return 0, height, 0, width
    if not np.all(np.isfinite(bounds)) or box.width <= 0 or box.height <= 0:
        return 0, height, 0, width
    top = int(np.clip(np.floor(height - box.y1) - pad, 0, height))
    bottom = int(np.clip(np.ceil(height - box.y0) + pad, 0, height))
    left = int(np.clip(np.floor(box.x0) - pad, 0, width))
    right = int(np.clip(np.ceil(box.x1) + pad, 0, width))
    return top, bottom, left, right


def _to_uint8(rgb) -> np.ndarray:
    return np.round(np.asarray(rgb, dtype=np.float64) * 255.0).astype(np.uint8)


def _state_key(artist):
    if isinstance(artist, Text):
        return (
            artist.get_text(),
            artist.get_position(),
            to_rgba(artist.get_color()),
            artist.get_fontsize(),
        )
    return None


def encode_png(rgb: np.ndarray, level: int = 1) -> bytes:
    """Encode an (H, W, 3) ``uint8`` image as PNG with zlib, without per-row filters.

    Flat map colours compress well without PNG's row filters, and zlib level 1 is several
    times faster than the encoders' defaults for a few per cent more bytes.

    Examples
    --------
    >>> import numpy as np
    >>> data = encode_png(np.zeros((2, 3, 3), dtype=np.uint8))
    >>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    height, width, _ = rgb.shape
    raw = np.zeros((height, width * 3 + 1), dtype=np.uint8)  # filter byte 0 on every row
    raw[:, 1:] = rgb.reshape(height, width * 3)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
        + chunk(b"IEND", b"")
    )
