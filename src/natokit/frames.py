"""Compose a map's PNG frame from cached rasters, for explorers that must answer at once.

A full matplotlib render of a map redraws every country outline, every label and the legend,
then compresses the image: most of that is the same from one slider step to the next. The
:class:`FrameComposer` keeps what does not change between steps:

* a *label raster*: for every pixel, which country covers it (drawn once per view window);
* a *border layer*: the antialiased border lines, as pixel positions and opacities;
* one *sprite* per other artist (title, legend, markers, labels, rings), re-rendered only when
  its *state key* changes: every property that changes its pixels (text, colours, positions,
  offsets, sizes, widths, styles, paths, transforms, visibility, path effects ...), and, for
  everything in data coordinates, the view window (a new window rebuilds every layer).

A frame is then: country colours looked up per pixel, borders blended in, sprites composited in
drawing order, and a plain zlib PNG encoding. The result matches matplotlib's own render closely
(``tests/test_frames.py`` compares them pixel by pixel); the only visible difference is that
coastline pixels are not antialiased under the border line. A figure the fast path cannot
reproduce (translucent or hatched countries, borders of several colours, a second axes, an
artist under the countries, axes drawn with ticks) is rendered by matplotlib in full instead.

The composer reads only public interfaces: the view's ``figure``, ``ax`` and ``countries``
(see :class:`natokit.maps.EuropeMap`), and matplotlib's public getters.

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
from collections import OrderedDict
from typing import Protocol

try:  # ISA-L's deflate: the same zlib stream, about six times faster at level 1 (benchmarks/)
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - a platform without an isal wheel: plain zlib
    _deflate = zlib

import matplotlib as mpl
import numpy as np
from matplotlib import ft2font
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import GraphicsContextBase
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.collections import Collection, PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.spines import Spine
from matplotlib.text import Annotation, Text
from matplotlib.transforms import IdentityTransform

__all__ = [
    "MapLike",
    "FrameComposer",
    "ChartComposer",
    "TextCachingRenderer",
    "SeparatePatches",
    "encode_png",
    "STATIC_CACHE_SIZE",
]

#: View windows whose static layers (label raster, borders) a composer keeps, about 0.5 MB each.
STATIC_CACHE_SIZE = 16


class MapLike(Protocol):
    """What a :class:`FrameComposer` needs from a view: a figure, its map axes, the countries.

    Examples
    --------
    >>> from natokit.maps import EuropeMap
    >>> view: MapLike = EuropeMap("baltic")
    >>> view.countries in view.ax.collections
    True
    """

    figure: Figure
    ax: Axes

    @property
    def countries(self) -> PatchCollection:
        """The country collection: one patch per country, its fill the country's colour.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> len(EuropeMap("baltic").countries.get_paths()) > 40
        True
        """
        ...


class FrameComposer:
    """Fast PNG frames of one map view (e.g. a :class:`~natokit.maps.EuropeMap`).

    Parameters
    ----------
    view : MapLike
        The map to render; the composer reads its ``figure``, ``ax`` and ``countries``.

    Examples
    --------
    >>> from natokit.maps import EuropeMap
    >>> composer = FrameComposer(EuropeMap("baltic"))
    >>> composer.rgb().shape[2]
    3
    """

    def __init__(self, view: MapLike):
        self.view = view
        self._view_key = None
        self._labels = None  # (H, W): country row + 1 per pixel, 0 where no country
        self._border = None  # flat pixel indices, opacity (0..255) and colour of the borders
        self._sprites: dict[int, tuple] = {}
        # Static layers of recent view windows, newest last: a slider that zooms back and forth
        # (the reach explorer) finds its windows here instead of rasterising Europe again.
        self._static: dict[tuple, tuple] = {}
        self._scratch = None  # one reusable renderer, for sprites and static layers alike
        self._seen_texts = _TextSprites()  # texts by what they show: a title seen before
        self._base: _Base | None = None  # the last frame's fills and borders
        self.fast = True  # whether the last frame came from the fast path

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
        figure, countries = self.view.figure, self.view.countries
        self.view.ax.apply_aspect()  # the axes box settles on draw; settle it the same way
        overlays = self._overlay_artists()
        self.fast = self._fast_path_can_draw(overlays)
        if not self.fast:
            return self._full_render()
        key = self._current_view_key()
        if key != self._view_key:
            if self._view_key is None or key[:2] != self._view_key[:2]:
                # A new pixel grid (size, dpi): no sprite or static layer fits it. A new view
                # window alone keeps them: sprites of artists in data coordinates carry the
                # window in their key, so only those are drawn again (a legend or title is kept).
                self._sprites.clear()
                self._static.clear()
                self._seen_texts.clear()
                self._scratch = None
            cached = self._static.pop(key, None)
            if cached is None:
                self._rebuild_static()
            else:
                self._labels, self._border = cached
            self._static[key] = (self._labels, self._border)
            while len(self._static) > STATIC_CACHE_SIZE:
                del self._static[next(iter(self._static))]
            self._view_key = key
        # Country fills: row 0 of the lookup table is the background, row k+1 country k.
        fills = np.asarray(countries.get_facecolors())[:, :3]
        lut = np.empty((len(countries.get_paths()) + 1, 3), dtype=np.uint8)
        lut[0] = _to_uint8(to_rgba(figure.get_facecolor())[:3])
        lut[1:] = _to_uint8(fills)  # one row broadcasts to every country
        frame = self._base_frame(lut)
        # Forget sprites of artists that are gone (replaced layers, an old legend); a hidden
        # artist keeps its sprite, for when it is shown again (a hatch toggled per step).
        present = {id(a) for a in self.view.ax.get_children()}
        present.update(id(a) for a in figure.get_children())
        for gone in [k for k in self._sprites if k not in present]:
            del self._sprites[gone]
        for artist in overlays:
            _composite(frame, self._sprite(artist))
        return frame

    def _base_frame(self, lut: np.ndarray) -> np.ndarray:
        """Country fills with the borders blended in: the last frame's, with only the countries
        whose fill changed painted again (a step shades a few countries; a lookup of every
        pixel costs about 1 ms, a copy a twentieth of it)."""
        last = self._base
        if (
            last is None
            or last.labels is not self._labels
            or last.border is not self._border
            or last.lut.shape != lut.shape
        ):
            frame = np.take(lut, self._labels, axis=0)  # 4x faster than lut[labels] here
            # Borders, blended with their antialiasing opacity (integer arithmetic, 0..255).
            pixels, alpha, colour = self._border
            flat = frame.reshape(-1, 3)
            under = flat[pixels].astype(np.uint16)
            flat[pixels] = ((under * (255 - alpha) + colour * alpha + 127) // 255).astype(np.uint8)
            self._base = _Base(self._labels, lut, frame.copy(), self._border, self.view.countries)
            return frame
        changed = np.flatnonzero((last.lut != lut).any(axis=1))
        for row in changed:
            if row == 0:  # the background (sea): everywhere
                last.frame[self._labels == 0] = lut[0]
                continue
            top, bottom, left, right = last.box(row)
            if bottom > top and right > left:
                inside = last.frame[top:bottom, left:right]
                inside[self._labels[top:bottom, left:right] == row] = lut[row]
        if changed.size:
            pixels, alpha, colour = self._border
            again = np.flatnonzero(np.isin(last.border_rows, changed))
            under = lut[last.border_rows[again]].astype(np.uint16)
            last.frame.reshape(-1, 3)[pixels[again]] = (
                (under * (255 - alpha[again]) + colour * alpha[again] + 127) // 255
            ).astype(np.uint8)
            last.lut = lut
        return last.frame.copy()

    def png(self) -> bytes:
        """The current frame, encoded as PNG.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> FrameComposer(EuropeMap("baltic")).png()[:4]
        b'\\x89PNG'
        """
        return encode_png(self.rgb())

    def keep_picture(self, artist) -> None:
        """Draw a text or legend that is not shown yet, and keep its picture for when it is.

        The picture is kept by the artist's state (see ``_TextSprites``): the frame that
        shows the artist later only composites it. Kept until the pixel grid changes.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> view = EuropeMap("baltic")
        >>> composer = FrameComposer(view)
        >>> frame = composer.rgb()
        >>> later = view.ax.text(0.5, 0.5, "Shown later", transform=view.ax.transAxes)
        >>> later.set_visible(False)
        >>> composer.keep_picture(later)
        >>> len(composer._seen_texts._entries) > 0
        True
        """
        if self._view_key is None:
            self.rgb()  # the pixel grid is settled by a first frame
        visible = artist.get_visible()
        artist.set_visible(True)
        try:
            self._sprite(artist)
        finally:
            artist.set_visible(visible)

    # -- when the fast path applies --------------------------------------------------------

    def _fast_path_can_draw(self, overlays: list) -> bool:
        figure, ax, countries = self.view.figure, self.view.ax, self.view.countries
        fills = np.asarray(countries.get_facecolors())
        edges = np.asarray(countries.get_edgecolors())
        return (
            figure.axes == [ax]
            and not ax.axison
            and countries.axes is ax
            and countries.get_visible()
            and countries.get_alpha() is None
            and not countries.get_hatch()
            and fills.shape[0] in (1, len(countries.get_paths()))
            and bool(np.all(fills[:, 3] == 1.0))
            and edges.shape[0] >= 1
            and bool(np.all(edges == edges[0]))
            and to_rgba(figure.get_facecolor())[3] == 1.0
            and all(a.get_zorder() > countries.get_zorder() for a in overlays if a.axes is ax)
        )

    def _full_render(self) -> np.ndarray:
        canvas = self.view.figure.canvas
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    # -- static layers ---------------------------------------------------------------------

    def _current_view_key(self):
        figure, ax, countries = self.view.figure, self.view.ax, self.view.countries
        return (
            tuple(figure.get_size_inches()),
            figure.dpi,
            ax.get_xlim(),
            ax.get_ylim(),
            tuple(ax.get_position().bounds),
            # The outlines and shapes of the countries (fills are looked up at every frame).
            tuple(id(p) for p in countries.get_paths()),
            np.asarray(countries.get_edgecolors()).tobytes(),
            tuple(np.atleast_1d(countries.get_linewidths())),
            str(countries.get_linestyles()),
            tuple(np.atleast_1d(countries.get_antialiased())),
            _matrix(countries.get_transform()),
            countries.get_clip_on(),
        )

    def _renderer(self) -> RendererAgg:
        width, height = self.view.figure.canvas.get_width_height(physical=True)
        return TextCachingRenderer(width, height, self.view.figure.dpi)

    def _rebuild_static(self) -> None:
        countries = self.view.countries
        saved = (
            countries.get_facecolors().copy(),
            countries.get_edgecolors().copy(),
            countries.get_linewidths(),
            countries.get_antialiased(),
        )
        try:
            # 1. Label raster: each country filled with a colour that encodes its row.
            rows = np.arange(len(countries.get_paths()))
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
            countries.set_antialiased(saved[3])
            buffer = self._draw_alone(countries)
            alpha = buffer[..., 3].ravel()
            pixels = np.flatnonzero(alpha)
            colour = _to_uint8(to_rgba(saved[1][0])[:3]).astype(np.uint16)
            self._border = (pixels, alpha[pixels].astype(np.uint16)[:, None], colour)
        finally:
            countries.set_facecolors(saved[0])
            countries.set_edgecolors(saved[1])
            countries.set_linewidths(saved[2])
            countries.set_antialiased(saved[3])

    def _draw_alone(self, artist) -> np.ndarray:
        # The scratch renderer, cleared: a new full-size renderer per window would make the
        # allocator hold on to memory at every zoom (about 0.1 MB per step, never returned).
        if self._scratch is None:
            self._scratch = self._renderer()
        self._scratch.clear()
        artist.draw(self._scratch)
        return np.asarray(self._scratch.buffer_rgba()).copy()

    # -- sprites ---------------------------------------------------------------------------

    def _overlay_artists(self) -> list:
        """Everything matplotlib would draw over the countries, in its drawing order."""
        ax, figure, countries = self.view.ax, self.view.figure, self.view.countries
        inside = [
            a
            for a in ax.get_children()
            if a is not countries
            and a is not ax.patch
            and not isinstance(a, Spine | Axis)
            and _drawn(a)
        ]
        on_figure = [
            a
            for a in figure.get_children()
            if a is not figure.patch and not isinstance(a, Axes) and _drawn(a)
        ]
        # matplotlib draws the axes (zorder 0) before figure texts, each list by zorder.
        return sorted(inside, key=lambda a: a.get_zorder()) + sorted(
            on_figure, key=lambda a: a.get_zorder()
        )

    def _sprite(self, artist):
        if self._scratch is None:
            self._scratch = self._renderer()
        renderer = self._scratch
        key = _state_key(artist, renderer)
        cached = self._sprites.get(id(artist))
        if cached is not None and cached[0] is artist and cached[1] == key:
            return cached[2]
        seen = self._seen_texts.get(artist, key)
        if seen is not None:
            self._sprites[id(artist)] = (artist, key, seen[0])
            return seen[0]
        sprite = _plain_text_sprite(artist, renderer)
        if sprite is not _NOT_PLAIN:
            self._sprites[id(artist)] = (artist, key, sprite)
            self._seen_texts.put(artist, key, sprite)
            return sprite
        renderer.clear()
        artist.draw(renderer)
        # Drawing can settle a layout (a legend's boxes): key the state as it is now drawn.
        key = _state_key(artist, renderer)
        buffer = np.asarray(renderer.buffer_rgba())
        window = _search_window(artist, renderer, buffer.shape)
        # Only the pixels the artist covers (outlines and text cover few of their box),
        # blended in integers: far cheaper than the whole box in floating point.
        sprite = _covered(buffer, *window)
        self._sprites[id(artist)] = (artist, key, sprite)
        self._seen_texts.put(artist, key, sprite)
        return sprite


class ChartComposer:
    """Fast PNG frames of a chart whose moving parts are plain artists over a fixed background.

    The figure is drawn once by matplotlib with the moving artists hidden (the *background*:
    axes, ticks, reference lines, source line), again only when ``background_key()`` changes;
    each moving artist (bars, texts, a title) is a sprite composited on top in drawing order,
    re-rendered only when its state changes. A text that only moved by whole pixels (a name on
    another row of a chart whose rows are a whole number of pixels apart) is shifted, not drawn
    again: matplotlib draws text at whole-pixel offsets, so the pixels are the same.

    The moving artists must be drawn above everything in the background (a higher zorder),
    as matplotlib would draw them.

    Parameters
    ----------
    figure : Figure
    moving : callable returning a list of artists
        The artists that change between steps; a list inside the list is a group drawn as one
        picture (thirty bars that change together: one draw instead of thirty).
    background_key : callable returning a hashable
        Everything the background depends on (limits, source text ...).

    Examples
    --------
    >>> from natokit.figures import FigureView
    >>> view = FigureView(title="A title")
    >>> composer = ChartComposer(view.figure, lambda: [view.title_artist], lambda: ())
    >>> composer.rgb().shape[2]
    3
    """

    def __init__(self, figure: Figure, moving, background_key):
        self.figure, self.moving, self.background_key = figure, moving, background_key
        self._key = None
        self._background = None
        self._sprites: dict[int, tuple] = {}
        self._texts: dict[tuple, tuple] = {}  # shiftable text sprites, by what they show
        self._seen_texts = _TextSprites()
        self._scratch = None

    def rgb(self) -> np.ndarray:
        """The current frame as an (H, W, 3) ``uint8`` array (see the class docstring)."""
        canvas = self.figure.canvas
        items = self.moving()
        flat = [a for item in items for a in (item if isinstance(item, list) else [item])]
        artists = [
            type(item)(a for a in item if _drawn(a)) if isinstance(item, list) else item
            for item in items
            if (isinstance(item, list) and any(_drawn(a) for a in item))
            or (not isinstance(item, list) and _drawn(item))
        ]
        size = (canvas.get_width_height(physical=True), self.figure.dpi)
        key = (size, self.background_key())
        if key != self._key:
            if self._key is None or self._key[0] != size:
                self._sprites.clear()
                self._texts.clear()
                self._seen_texts.clear()
                self._scratch = None
            shown = [(a, a.get_visible()) for a in flat]
            try:
                for artist, _ in shown:
                    artist.set_visible(False)
                canvas.draw()
                self._background = np.asarray(canvas.buffer_rgba())[..., :3].copy()
            finally:
                for artist, visible in shown:
                    artist.set_visible(visible)
            self._key = key
        if self._scratch is None:
            width, height = size[0]
            self._scratch = TextCachingRenderer(width, height, self.figure.dpi)
        frame = self._background.copy()
        present = {_item_id(a) for a in artists}
        for gone in [k for k in self._sprites if k not in present]:
            del self._sprites[gone]
        for artist in sorted(artists, key=_item_zorder):
            _composite(frame, self._sprite(artist))
        return frame

    def png(self) -> bytes:
        """The current frame, encoded as PNG (see :func:`encode_png`)."""
        return encode_png(self.rgb())

    def keep_picture(self, text: Text) -> None:
        """Draw a text as it is now and keep its picture for a later frame that shows it.

        A later frame finds it by what the text shows, also at another place a whole number
        of pixels away (a value that a later step puts on another row). For texts only.

        Examples
        --------
        >>> from natokit.figures import FigureView
        >>> view = FigureView(title="A chart")
        >>> composer = ChartComposer(view.figure, lambda: [view.title_artist], lambda: ())
        >>> view.set_title("A title shown later")
        >>> composer.keep_picture(view.title_artist)
        >>> len(composer._texts)
        1
        """
        if not isinstance(text, Text):
            raise TypeError(f"keep_picture keeps texts, not {type(text).__name__}")
        if self._key is None:
            self.rgb()  # the pixel grid is settled by a first frame
        self._sprite(text)

    def _sprite(self, artist):
        renderer = self._scratch
        if isinstance(artist, list):
            key = tuple(_state_key(a, renderer) for a in artist)
        else:
            key = _state_key(artist, renderer)
        cached = self._sprites.get(_item_id(artist))
        if cached is not None and cached[1] == key:
            return cached[2]
        if not isinstance(artist, list):
            seen = self._seen_texts.get(artist, key)
            if seen is not None:
                self._sprites[id(artist)] = (artist, key, seen[0])
                return seen[0]
        shift = None if isinstance(artist, list) else _text_anchor(artist)
        sprite = None
        if shift is not None:
            (fx, fy), (ix, iy), text_key = shift
            found = self._texts.get((text_key, fx, fy))
            if found is not None:
                (ox, oy), stored = found
                sprite = _shifted(stored, ix - ox, oy - iy, renderer)  # rows grow downwards
        if sprite is None:
            sprite = _plain_text_sprite(artist, renderer)
            if sprite is _NOT_PLAIN:
                sprite = _render_sprite(artist, renderer)
                if isinstance(artist, Legend):
                    # Drawing lays a new legend out: key it as drawn, as the next step sees it.
                    key = _state_key(artist, renderer)
            if shift is not None:
                self._texts[(text_key, fx, fy)] = ((ix, iy), sprite)
        self._sprites[_item_id(artist)] = (artist, key, sprite)
        if not isinstance(artist, list):
            self._seen_texts.put(artist, key, sprite)
        return sprite


#: matplotlib draws text glyph by glyph through these (3.11 on); without them, no text cache.
_GLYPH_API = all(
    hasattr(ft2font.FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform")
) and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")


class _TextLines:
    """What drawing a line of text needs, kept: layouts, glyph images and whole lines.

    matplotlib's Agg renderer lays a line out (HarfBuzz shaping), then renders every glyph with
    FreeType at its position to 1/64 pixel and blends it in: most of a text sprite's cost, for
    glyphs drawn a thousand times before. A glyph's image depends only on the font, size, glyph
    and the fraction of its position (a whole-pixel shift moves the same image), so a line is
    the same image at the same fractions: kept by what it shows and those fractions, and glyphs
    by theirs, in three bounded least-recently-used tables shared by every renderer.
    """

    LAYOUTS = 4096  # lines of text laid out
    GLYPHS = 16384  # glyph images (about 150 bytes each)
    LINE_BYTES = 12 * 2**20  # whole-line images, by their size in bytes

    def __init__(self):
        self.layouts: OrderedDict = OrderedDict()
        self.measured: OrderedDict = OrderedDict()
        self.glyphs: OrderedDict = OrderedDict()
        self.lines: OrderedDict = OrderedDict()
        self.line_bytes = 0

    def clear(self) -> None:
        self.layouts.clear()
        self.measured.clear()
        self.glyphs.clear()
        self.lines.clear()
        self.line_bytes = 0

    def metrics(self, renderer: RendererAgg, s: str, prop) -> tuple[float, float, float]:
        """Width, height and descent of a line as Agg measures it, kept by font and text.

        matplotlib keeps these per renderer; kept here, a text measured for one figure (an
        edition's source line under three charts) is not measured again for the next.
        """
        key = (_font_key(prop, renderer.dpi, None, None), s)
        found = _lru_get(self.measured, key)
        if found is None:
            found = RendererAgg.get_text_width_height_descent(renderer, s, prop, False)
            _lru_put(self.measured, key, found, self.LAYOUTS)
        return found

    def line(self, renderer: RendererAgg, antialiased: bool, x, y, s: str, prop, mtext):
        """One line of text as Agg draws it at (x, y): (coverage, left, top), or None if blank.

        ``left`` and ``top`` are where its top-left pixel goes (FreeType's y is upwards).
        """
        features = mtext.get_fontfeatures() if hasattr(mtext, "get_fontfeatures") else None
        language = mtext.get_language() if hasattr(mtext, "get_language") else None
        flags = get_hinting_flag()
        size = prop.get_size_in_points()
        font_key = _font_key(prop, renderer.dpi, features, language)
        antialiased = bool(antialiased)
        # Where the line starts, in 1/64 pixel (as Agg places each glyph).
        x64, y64 = round(0x40 * x), round(0x40 * (renderer.height - y))
        line_key = (font_key, s, x64 & 63, y64 & 63, antialiased)
        found = _lru_get(self.lines, line_key)
        if found is None:
            layout = _lru_get(self.layouts, (font_key, s))
            if layout is None:
                font = renderer._prepare_font(prop)
                items = font._layout(s, flags=flags, features=features, language=language)
                layout = tuple(
                    (item.ft_object, item.glyph_index, round(0x40 * item.x), round(0x40 * item.y))
                    for item in items
                )
                _lru_put(self.layouts, (font_key, s), layout, self.LAYOUTS)
            found = self._merge(layout, size, renderer.dpi, flags, antialiased, x64 & 63, y64 & 63)
            self.line_bytes += _line_bytes(found)
            self.lines[line_key] = found
            while self.line_bytes > self.LINE_BYTES and len(self.lines) > 1:
                _, dropped = self.lines.popitem(last=False)
                self.line_bytes -= _line_bytes(dropped)
        if found[0] is None:
            return None
        alpha, left, top = found
        return alpha, left + (x64 >> 6), top + (y64 >> 6)

    def _merge(self, layout, size, dpi, flags, antialiased, fx, fy):
        """One alpha image of a line's glyphs, relative to the whole pixel where it starts."""
        placed = []
        for font, index, dx, dy in layout:
            gx, gy = fx + dx, fy + dy
            image, left, top = self._glyph(font, index, size, dpi, flags, antialiased, gx, gy)
            if image.size:
                placed.append((image, left + (gx >> 6), top + (gy >> 6)))
        if not placed:
            return None, 0, 0
        left = min(p[1] for p in placed)
        top = max(p[2] for p in placed)
        right = max(p[1] + p[0].shape[1] for p in placed)
        bottom = min(p[2] - p[0].shape[0] for p in placed)
        merged = np.zeros((top - bottom, right - left), dtype=np.uint16)
        for image, gleft, gtop in placed:
            rows, cols = image.shape
            r0, c0 = top - gtop, gleft - left
            under = merged[r0 : r0 + rows, c0 : c0 + cols]
            # Where glyphs overlap, coverage adds up as Agg's blending of one over the other.
            under += image - (under * image + 127) // 255
        return merged.astype(np.uint8), left, top

    def _glyph(self, font, index, size, dpi, flags, antialiased, gx, gy):
        key = (font.fname, id(font), index, size, dpi, flags, antialiased, gx & 63, gy & 63)
        found = _lru_get(self.glyphs, key)
        if found is None:
            font.set_size(size, dpi)
            font._set_transform([[0x10000, 0], [0, 0x10000]], [gx & 63, gy & 63])
            mode = ft2font.RenderMode.NORMAL if antialiased else ft2font.RenderMode.MONO
            bitmap = font._render_glyph(index, flags, mode)
            image = np.array(bitmap.buffer, dtype=np.uint16)
            if not antialiased:
                image *= 0xFF
            found = (image, bitmap.left, bitmap.top)
            _lru_put(self.glyphs, key, found, self.GLYPHS)
        return found


def _font_key(prop, dpi: float, features, language) -> tuple:
    """What a line's layout and glyphs depend on besides its text, as values (a text's
    FontProperties change in place, so they cannot be the key themselves)."""
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_file(),
        prop.get_math_fontfamily(),
        prop.get_size_in_points(),
        dpi,
        get_hinting_flag(),
        None if features is None else tuple(features),
        language,
        mpl.rcParams["text.hinting_factor"],
        mpl.rcParams["text.kerning_factor"],
        tuple(mpl.rcParams["font.sans-serif"]),
        tuple(mpl.rcParams["font.family"]),
    )


class _Base:
    """The last base frame of a view window: what it was drawn from, and each row's box."""

    def __init__(self, labels: np.ndarray, lut: np.ndarray, frame: np.ndarray, border, countries):
        self.labels, self.lut, self.frame, self.border = labels, lut, frame, border
        self.border_rows = labels.ravel()[border[0]]  # the country under each border pixel
        self._countries = countries
        self._boxes: dict[int, tuple] = {}

    def box(self, row: int) -> tuple[int, int, int, int]:
        """Pixel rows and columns that hold a row's pixels: its outline's extent, a margin
        around it (the raster holds the pixels whose centres the outline covers)."""
        found = self._boxes.get(row)
        if found is None:
            height, width = self.labels.shape
            path = self._countries.get_paths()[row - 1]
            box = path.get_extents(self._countries.get_transform())
            found = (
                int(np.clip(np.floor(height - box.y1) - 2, 0, height)),
                int(np.clip(np.ceil(height - box.y0) + 2, 0, height)),
                int(np.clip(np.floor(box.x0) - 2, 0, width)),
                int(np.clip(np.ceil(box.x1) + 2, 0, width)),
            )
            self._boxes[row] = found
        return found


def _lru_get(table: OrderedDict, key):
    found = table.get(key)
    if found is not None:
        table.move_to_end(key)
    return found


def _lru_put(table: OrderedDict, key, value, most: int) -> None:
    table[key] = value
    while len(table) > most:
        table.popitem(last=False)


def _line_bytes(entry) -> int:
    return 64 + (0 if entry[0] is None else entry[0].nbytes)


_TEXT_LINES = _TextLines()


class TextCachingRenderer(RendererAgg):
    """An Agg renderer that draws plain horizontal text from kept line and glyph images.

    The pixels are Agg's own (the same FreeType glyph images, blended by the same
    ``draw_text_image``); only where two glyphs of one line overlap is their coverage added
    in one step instead of two (a difference of at most a level or two in a few pixels).
    Mathematical and rotated text, and a matplotlib without the glyph interfaces, are drawn
    by matplotlib as usual. A line's measures (width, height, descent) are Agg's, kept by font
    and text for every renderer, so a text measured for one figure is not measured again.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure = Figure(figsize=(2, 1), dpi=100)
    >>> text = figure.text(0.1, 0.5, "NATO 2.44")
    >>> renderer = TextCachingRenderer(200, 100, 100)
    >>> text.draw(renderer)
    >>> int(np.asarray(renderer.buffer_rgba())[..., 3].max())
    255
    """

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath or not _GLYPH_API:
            return super().get_text_width_height_descent(s, prop, ismath)
        return _TEXT_LINES.metrics(self, s, prop)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or angle != 0 or not _GLYPH_API or not s:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        line = _TEXT_LINES.line(self, gc.get_antialiased(), x, y, s, prop, mtext)
        if line is None:
            return None
        alpha, left, top = line
        # As Agg's own glyph loop: y downwards, at the image's bottom row.
        self._renderer.draw_text_image(alpha, left, int(self.height) - top + alpha.shape[0], 0, gc)
        return None


#: Returned by _plain_text_sprite for a text it cannot compose (matplotlib draws it).
_NOT_PLAIN = object()
_COVERAGE_LUTS: dict[tuple, np.ndarray] = {}


def _coverage_lut(rgba: tuple, alpha, antialiased: bool) -> np.ndarray:
    """(256, 4): the RGBA Agg leaves on a clear canvas for each glyph coverage, in a colour.

    Found by letting Agg draw a ramp of all 256 coverages with that colour, so it is Agg's
    own arithmetic (an opaque colour's full coverage, for one, gives 254).
    """
    key = (rgba, alpha, antialiased)
    lut = _COVERAGE_LUTS.get(key)
    if lut is None:
        renderer = RendererAgg(256, 1, 72)
        gc = renderer.new_gc()
        gc.set_foreground(rgba, isRGBA=True)
        gc.set_alpha(alpha)
        gc.set_antialiased(antialiased)
        ramp = np.arange(256, dtype=np.uint8)[None, :]
        renderer._renderer.draw_text_image(ramp, 0, 1, 0, gc)
        gc.restore()
        lut = np.asarray(renderer.buffer_rgba())[0].copy()
        if len(_COVERAGE_LUTS) >= 256:  # colours are few; bounded all the same
            _COVERAGE_LUTS.clear()
        _COVERAGE_LUTS[key] = lut
    return lut


def _plain_text_sprite(artist, renderer):
    """The sprite of a plain text, composed from kept line images without drawing it.

    Agg draws a text line as one coverage image in one colour, so on a clear canvas each
    pixel is a function of its coverage (:func:`_coverage_lut`). The text is placed as
    ``Text.draw`` places it (its layout, transform, lines). Returns ``_NOT_PLAIN`` for what
    this does not cover (boxes, rotation, path effects, mathematics, wrapping, clipping that
    cuts it, matplotlib without the glyph interfaces): matplotlib draws those.
    """
    if not (_GLYPH_API and isinstance(renderer, TextCachingRenderer)) or type(artist) is not Text:
        return _NOT_PLAIN
    if (
        artist.get_bbox_patch() is not None
        or artist.get_rotation() != 0
        or artist.get_path_effects()
        or artist.get_wrap()
        or artist.get_usetex()
    ):
        return _NOT_PLAIN
    height, width = int(renderer.height), int(renderer.width)
    try:
        _, info, _ = artist._get_layout(renderer)
        posx, posy = artist.get_transform().transform(artist.get_unitless_position())
        lines = []
        for item in info:
            line, (dx, dy) = item[0], item[-1]
            clean, ismath = artist._preprocess_math(line)
            if ismath:
                return _NOT_PLAIN
            lines.append((clean, posx + dx, renderer.height - (posy + dy)))
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - another matplotlib
        return _NOT_PLAIN
    if not (np.isfinite(posx) and np.isfinite(posy)):
        return _NOT_PLAIN
    antialiased = bool(getattr(artist, "_antialiased", mpl.rcParams["text.antialiased"]))
    prop = artist.get_fontproperties()
    mtext = artist if len(info) == 1 else None
    placed = []
    for clean, x, y in lines:
        if clean:
            found = _TEXT_LINES.line(renderer, antialiased, x, y, clean, prop, mtext)
            if found is not None:
                coverage, left, top = found
                placed.append((coverage, height - top, left))  # rows counted downwards
    if not placed:
        return None
    row0 = min(p[1] for p in placed)
    col0 = min(p[2] for p in placed)
    row1 = max(p[1] + p[0].shape[0] for p in placed)
    col1 = max(p[2] + p[0].shape[1] for p in placed)
    if row0 < 0 or col0 < 0 or row1 > height or col1 > width:
        return _NOT_PLAIN  # cut by the canvas edge
    if artist.get_clip_on() and not _inside_clip(artist, height, (row0, row1, col0, col1)):
        return _NOT_PLAIN
    if len(placed) == 1:
        merged = placed[0][0]
    else:
        merged = np.zeros((row1 - row0, col1 - col0), dtype=np.uint16)
        for coverage, row, col in placed:
            under = merged[row - row0 : row - row0 + coverage.shape[0], col - col0 :][
                :, : coverage.shape[1]
            ]
            under += coverage - (under * coverage + 127) // 255
        merged = merged.astype(np.uint8)
    lut = _coverage_lut(to_rgba(artist.get_color()), artist.get_alpha(), antialiased)
    ys, xs = np.nonzero(merged)
    drawn = lut[merged[ys, xs]]
    keep = drawn[:, 3] > 0
    pixels = (ys[keep] + row0) * width + (xs[keep] + col0)
    return _make_sprite(pixels, drawn[keep, 3], drawn[keep, :3])


def _inside_clip(artist, height: int, rows_cols) -> bool:
    """Whether a clipped text's pixels all lie inside its clip box and (rectangular) clip path,
    by a pixel: then clipping changes none of them."""
    row0, row1, col0, col1 = rows_cols
    box = artist.get_clip_box()
    if box is not None:
        # Agg's clip rectangle: the box rounded to whole pixels.
        left, right = np.floor(box.x0 + 0.5), np.floor(box.x1 + 0.5)
        top, bottom = np.floor(height - box.y1 + 0.5), np.floor(height - box.y0 + 0.5)
        if not (col0 >= left + 1 and col1 <= right - 1 and row0 >= top + 1 and row1 <= bottom - 1):
            return False
    clip = artist.get_clip_path()
    if clip is not None:
        path, affine = clip.get_transformed_path_and_affine()
        corners = affine.transform(path.vertices)
        xs, ys = np.unique(corners[:, 0].round(6)), np.unique(corners[:, 1].round(6))
        if len(xs) != 2 or len(ys) != 2:  # only an upright rectangle is checked here
            return False
        if not (
            col0 >= xs[0] + 1
            and col1 <= xs[1] - 1
            and row0 >= height - ys[1] + 1
            and row1 <= height - ys[0] - 1
        ):
            return False
    return True


class SeparatePatches(list):
    """A group of patches that do not overlap (a bar chart's bars), for :class:`ChartComposer`.

    Drawn as matplotlib draws them, but each hatch pattern once for the whole group instead of
    once a patch: Agg draws a patch's fill, then its hatch, then its edge, and renders the hatch
    tile again for every patch (about 0.4 ms a bar). Since the patches do not overlap, all
    fills, then each hatch over the union of its patches, then all edges give the same pixels
    (``tests/test_frames.py`` compares them).
    """


#: A hatch's line width is part of the graphics context (matplotlib 3.10 on).
_GC_HATCH_WIDTH = hasattr(GraphicsContextBase, "get_hatch_linewidth")


class _Recorder:
    """Stands in for a renderer while patches draw: keeps their draw_path calls."""

    def __init__(self, renderer):
        self._renderer = renderer
        self.calls: list = []

    def draw_path(self, gc, path, transform, rgbFace=None):
        kept = self._renderer.new_gc()
        kept.copy_properties(gc)
        self.calls.append((kept, path, transform, rgbFace))

    def __getattr__(self, name):
        return getattr(self._renderer, name)


def _draw_separate_patches(patches, renderer) -> None:
    if not _GC_HATCH_WIDTH or any(
        p.get_path_effects() or p.get_sketch_params() is not None for p in patches
    ):
        for patch in patches:  # pragma: no cover - another matplotlib, or effects
            patch.draw(renderer)
        return
    recorder = _Recorder(renderer)
    for patch in patches:
        patch.draw(recorder)
    # An edge too faint to change a pixel, yet drawn: Agg snaps a path by its edge's width
    # unless the edge colour is fully transparent.
    clear = (0.0, 0.0, 0.0, 1e-9)
    hatches: dict[tuple, list] = {}
    for gc, path, transform, face in recorder.calls:
        hatch, edge = gc.get_hatch(), gc.get_rgb()
        if hatch:
            clip_path = gc.get_clip_path()[0]
            clip_box = gc.get_clip_rectangle()
            key = (
                hatch,
                tuple(gc.get_hatch_color()),
                gc.get_hatch_linewidth(),
                gc.get_linewidth(),
                gc.get_snap(),
                gc.get_antialiased(),
                gc.get_alpha(),
                gc.get_forced_alpha(),
                None if clip_box is None else tuple(clip_box.bounds),
                None if clip_path is None else id(clip_path),
            )
            hatches.setdefault(key, []).append((gc, transform.transform_path(path)))
        # 1. The fill alone: no hatch, an invisible edge of the same width.
        gc.set_hatch(None)
        gc.set_foreground(clear, isRGBA=True)
        renderer.draw_path(gc, path, transform, face)
        gc.set_foreground(edge, isRGBA=True)
    for (hatch, *_), members in hatches.items():  # 2. each hatch once, over all its patches
        gc = renderer.new_gc()
        gc.copy_properties(members[0][0])
        gc.set_foreground(clear, isRGBA=True)
        gc.set_hatch(hatch)
        union = Path.make_compound_path(*(path for _, path in members))
        renderer.draw_path(gc, union, IdentityTransform(), None)
        gc.restore()
    for gc, path, transform, _ in recorder.calls:  # 3. the edges, over fills and hatches
        renderer.draw_path(gc, path, transform, None)
        gc.restore()


class _TextSprites:
    """Pictures of texts and legends by their whole state (text, font, colour, place ...),
    newest last.

    A text that shows again what a text showed before (a title of a year seen before, a value
    in a box) reuses that picture, and so does a legend shown again (a map's key that comes
    back with an edition): the state key holds everything that changes the pixels. A legend
    is keyed as laid out by its last draw. Texts are small, so many are kept; legends are
    larger (up to a few hundred kilobytes), so only a few.
    """

    SIZE = 512
    LEGENDS = 16

    def __init__(self):
        self._entries: dict[tuple, tuple] = {}
        self._legends: dict[tuple, tuple] = {}

    def _table(self, artist):
        if isinstance(artist, Text):
            return self._entries, self.SIZE
        if isinstance(artist, Legend):
            return self._legends, self.LEGENDS
        return None, 0

    def get(self, artist, key):
        table, _ = self._table(artist)
        if table is None:
            return None
        found = table.pop(key, None)
        if found is not None:
            table[key] = found  # now the newest
        return found

    def put(self, artist, key, sprite) -> None:
        table, most = self._table(artist)
        if table is not None:
            table[key] = (sprite,)
            while len(table) > most:
                del table[next(iter(table))]

    def clear(self) -> None:
        self._entries.clear()
        self._legends.clear()


def _item_id(item) -> object:
    return tuple(id(a) for a in item) if isinstance(item, list) else id(item)


def _item_zorder(item) -> float:
    return max(a.get_zorder() for a in item) if isinstance(item, list) else item.get_zorder()


def _text_anchor(artist):
    """For a plain text: the fraction and whole part of its anchor in pixels, and what it shows.

    None for anything else (an annotation, a text with a box, a rotated text).
    """
    if type(artist) is not Text or artist.get_bbox_patch() is not None:
        return None
    if artist.get_rotation() % 360 != 0:
        return None
    x, y = artist.get_transform().transform(artist.get_unitless_position())
    if not (np.isfinite(x) and np.isfinite(y)):
        return None
    ix, iy = int(np.floor(x)), int(np.floor(y))
    fx, fy = round(x - ix, 6), round(y - iy, 6)
    # A hair below a whole pixel is that pixel (Agg places text to 1/64 pixel): one key for
    # both, so a value placed on a whole pixel finds its picture whatever the rounding noise.
    if fx == 1.0:
        fx, ix = 0.0, ix + 1
    if fy == 1.0:
        fy, iy = 0.0, iy + 1
    what = (
        artist.get_text(),
        to_rgba(artist.get_color()),
        artist.get_fontsize(),
        str(artist.get_fontweight()),
        artist.get_fontstyle(),
        tuple(artist.get_fontfamily()),
        artist.get_horizontalalignment(),
        artist.get_verticalalignment(),
        artist.get_linespacing(),
        artist.get_alpha(),
        tuple(id(effect) for effect in artist.get_path_effects() or ()),
        artist.get_clip_on() and artist.get_clip_box() is not None,
    )
    return (fx, fy), (ix, iy), what


def _render_sprite(artist, renderer):
    """Draw one artist (or a group) alone; its covered pixels: flat index, transparency, colour."""
    renderer.clear()
    buffer = np.asarray(renderer.buffer_rgba())
    if isinstance(artist, list):
        if isinstance(artist, SeparatePatches):
            _draw_separate_patches(artist, renderer)
        else:
            for member in artist:
                member.draw(renderer)
        axes = {id(m.axes): m.axes for m in artist if m.axes is not None}
        if len(axes) == 1:  # a group inside one axes (bars): search only there
            top, bottom, left, right = _search_window(next(iter(axes.values())), None, buffer.shape)
        else:
            top, bottom, left, right = 0, buffer.shape[0], 0, buffer.shape[1]
    else:
        artist.draw(renderer)
        top, bottom, left, right = _search_window(artist, renderer, buffer.shape)
    return _covered(buffer, top, bottom, left, right)


def _covered(buffer: np.ndarray, top: int, bottom: int, left: int, right: int):
    """The sprite of what a window of an RGBA buffer covers (alpha > 0), or None.

    Read as 32-bit words (one compare finds the covered pixels, one gather reads them):
    several times faster than indexing the channels for a large group such as the bars.
    """
    if bottom <= top or right <= left:
        return None
    words = np.ascontiguousarray(buffer[top:bottom, left:right]).view(np.uint32)
    words = words.reshape(bottom - top, right - left)
    # Alpha is the fourth byte: the high byte of a little-endian word.
    found = np.flatnonzero(words >= 1 << 24 if np.little_endian else words & 0xFF)
    if found.size == 0:
        return None
    values = words.ravel()[found].view(np.uint8).reshape(-1, 4)
    rows, cols = np.divmod(found, right - left)
    pixels = (rows + top) * buffer.shape[1] + (cols + left)
    return _make_sprite(pixels, values[:, 3], values[:, :3])


def _make_sprite(pixels: np.ndarray, opacity: np.ndarray, rgb: np.ndarray) -> tuple:
    """A sprite: its opaque pixels (flat index, colour), then the others with what blends them.

    Opaque pixels (a bar's inside, most of a line) are copied, not blended: several times
    cheaper, and the same result (``(under * 0 + colour * 255 + 127) // 255 == colour``).
    """
    solid = opacity == 255
    blend = ~solid
    alpha = opacity[blend].astype(np.uint16)[:, None]
    return (
        pixels[solid],
        np.ascontiguousarray(rgb[solid], dtype=np.uint8),
        pixels[blend],
        255 - alpha,
        rgb[blend].astype(np.uint16) * alpha + 127,
    )


def _shifted(sprite, dx: int, dy: int, renderer):
    """A sprite moved by whole pixels (``dy`` rows down), cut to the frame."""
    if sprite is None:
        return None
    width, height = int(renderer.width), int(renderer.height)
    moved = []
    for pixels in (sprite[0], sprite[2]):
        rows, cols = pixels // width + dy, pixels % width + dx
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        if not inside.all():
            return None  # cut by the edge: draw it instead
        moved.append(rows * width + cols)
    return (moved[0], sprite[1], moved[1], sprite[3], sprite[4])


def _drawn(artist: Artist) -> bool:
    if not artist.get_visible():
        return False
    return not (isinstance(artist, Text) and not artist.get_text())


#: One pixel (three bytes) as one item: numpy gathers and scatters whole pixels by a flat index
#: two to three times faster than rows of an (N, 3) array.
_PIXEL = np.dtype("V3")


def _composite(frame: np.ndarray, sprite) -> None:
    """Copy a sprite's opaque pixels, blend the others: (under * (255 - a) + colour * a + 127)
    // 255 per pixel."""
    if sprite is None:
        return
    solid, solid_rgb, pixels, transparency, colour = sprite
    if not frame.flags.c_contiguous:  # a view into a larger picture: a flat view would copy
        packed = np.ascontiguousarray(frame)
        _composite(packed, sprite)
        frame[...] = packed
        return
    whole = frame.reshape(-1).view(_PIXEL)  # a view: writes land in the frame
    if solid.size:
        whole[solid] = np.ascontiguousarray(solid_rgb).reshape(-1).view(_PIXEL)
    if pixels.size:
        under = whole[pixels].view(np.uint8).reshape(-1, 3)
        blended = ((under * transparency + colour) // 255).astype(np.uint8)
        whole[pixels] = blended.reshape(-1).view(_PIXEL)


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


def _matrix(transform) -> bytes:
    try:
        return transform.get_affine().get_matrix().tobytes()
    except (AttributeError, NotImplementedError, ValueError):  # pragma: no cover - exotic
        return repr(transform).encode()


def _rgba_bytes(colors) -> bytes:
    return np.asarray(colors, dtype=float).tobytes()


def _path_bytes(path) -> bytes:
    codes = path.codes
    return path.vertices.tobytes() + (b"" if codes is None else codes.tobytes())


# Annotation coordinate systems that do not move with the view window.
_NON_DATA_COORDS = frozenset(
    {
        "figure points",
        "figure pixels",
        "figure fraction",
        "subfigure points",
        "subfigure pixels",
        "subfigure fraction",
        "axes points",
        "axes pixels",
        "axes fraction",
        "offset points",
        "offset pixels",
        "offset fontsize",
    }
)


def _state_key(artist: Artist, renderer=None) -> tuple:
    """Everything about an artist that changes its pixels, as a comparable tuple.

    Built from matplotlib's public getters, recursively over the artist's children (a legend's
    texts, handles and frame). Path effects are compared by identity: set new ones to change them.
    """
    key: list = [
        type(artist).__name__,
        artist.get_visible(),
        artist.get_alpha(),
        artist.get_zorder(),
        artist.get_clip_on(),
        None if artist.get_clip_box() is None else tuple(artist.get_clip_box().bounds),
        id(artist.get_clip_path()),
        tuple(id(effect) for effect in artist.get_path_effects() or ()),
        _matrix(artist.get_transform()) if artist.is_transform_set() else None,
    ]
    if isinstance(artist, Text):
        key += [
            artist.get_text(),
            tuple(artist.get_position()),
            to_rgba(artist.get_color()),
            artist.get_fontsize(),
            str(artist.get_fontweight()),
            artist.get_fontstyle(),
            tuple(artist.get_fontfamily()),
            artist.get_rotation(),
            artist.get_horizontalalignment(),
            artist.get_verticalalignment(),
            artist.get_linespacing(),
            artist.get_wrap(),
        ]
        if artist.get_bbox_patch() is not None:
            key.append(_state_key(artist.get_bbox_patch(), renderer))
        if isinstance(artist, Annotation):
            key += [tuple(artist.xy), str(artist.xycoords), str(artist.anncoords)]
            coords = {str(artist.xycoords), str(artist.anncoords)}
            if artist.axes is not None and not coords <= _NON_DATA_COORDS:
                # Placed in data coordinates at draw time: the view window moves it.
                key.append(_matrix(artist.axes.transData))
            if artist.arrow_patch is not None:
                key.append(_state_key(artist.arrow_patch, renderer))
    elif isinstance(artist, Line2D):
        key += [
            np.asarray(artist.get_xydata()).tobytes(),
            to_rgba(artist.get_color()),
            artist.get_linewidth(),
            str(artist.get_linestyle()),
            str(artist.get_marker()),
            artist.get_markersize(),
            str(artist.get_markerfacecolor()),
            str(artist.get_markeredgecolor()),
            artist.get_markeredgewidth(),
            artist.get_fillstyle(),
            artist.get_drawstyle(),
            artist.get_antialiased(),
            str(artist.get_markevery()),
            artist.get_solid_capstyle(),
            artist.get_dash_capstyle(),
        ]
    elif isinstance(artist, Collection):
        key += [
            b"".join(_path_bytes(p) for p in artist.get_paths()),
            np.asarray(artist.get_transforms()).tobytes(),
            np.asarray(artist.get_offsets()).tobytes(),
            _matrix(artist.get_offset_transform()),
            _rgba_bytes(artist.get_facecolors()),
            _rgba_bytes(artist.get_edgecolors()),
            tuple(np.atleast_1d(artist.get_linewidths())),
            str(artist.get_linestyles()),
            artist.get_hatch(),
            tuple(np.atleast_1d(artist.get_antialiased())),
            None if artist.get_array() is None else np.asarray(artist.get_array()).tobytes(),
            artist.get_clim() if artist.get_array() is not None else None,
        ]
        if hasattr(artist, "get_sizes"):
            key.append(np.asarray(artist.get_sizes()).tobytes())
    elif isinstance(artist, Patch):
        key += [
            _path_bytes(artist.get_path()),
            to_rgba(artist.get_facecolor()),
            to_rgba(artist.get_edgecolor()),
            artist.get_linewidth(),
            str(artist.get_linestyle()),
            artist.get_hatch(),
            to_rgba(artist.get_hatchcolor()) if artist.get_hatch() else None,
            artist.get_hatch_linewidth(),
            artist.get_fill(),
            artist.get_antialiased(),
            artist.get_capstyle(),
            artist.get_joinstyle(),
        ]
    if isinstance(artist, Legend) and renderer is not None:
        # Where the box lands: its location and anchor box (its size follows from the
        # children below). For "best", which looks at the data, the laid-out extent itself
        # (a full layout: several milliseconds a legend).
        loc = getattr(artist, "_loc", None)
        if loc in (None, 0, "best"):
            key.append(tuple(artist.get_window_extent(renderer).bounds))
        else:
            key += [loc, tuple(artist.get_bbox_to_anchor().bounds)]
    key.append(tuple(_state_key(child, renderer) for child in artist.get_children()))
    return tuple(key)


def encode_png(rgb: np.ndarray, level: int = 1) -> bytes:
    """Encode an (H, W, 3) ``uint8`` image as PNG, without per-row filters.

    Flat map colours compress well without PNG's row filters, and deflate level 1 is several
    times faster than the encoders' defaults for a few per cent more bytes. The deflate is
    ISA-L's (package ``isal``) where installed: a standard zlib stream, written about six
    times faster than by zlib itself (0.8 against 4.9 ms for a map frame); zlib otherwise.

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
        + chunk(b"IDAT", _deflate.compress(raw.tobytes(), level))
        + chunk(b"IEND", b"")
    )
