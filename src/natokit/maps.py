"""EuropeMap: draw the basemap once, then update only what changes.

The countries are one :class:`~matplotlib.collections.PatchCollection` (one patch per country),
built from geometries projected once per process. Shading countries changes that collection's
face colours; markers, labels, lines and rings live in named layers that are replaced as a
whole. An interactive step therefore costs one artist update plus one PNG render, never a
re-plot of the basemap (see ``benchmarks/``).

Every drawing method takes matplotlib's keyword names: ``color`` (markers, lines),
``facecolor``/``edgecolor`` (areas), ``linewidth``, ``linestyle``, ``marker``, ``size`` (marker
area in points squared, as in :meth:`~matplotlib.axes.Axes.scatter`), ``alpha``, ``hatch``.
Sizes and widths are given for a laptop screen; presentation mode
(:func:`natokit.style.presentation_mode`) scales them for a projector.

Examples
--------
>>> from natokit.maps import EuropeMap
>>> m = EuropeMap(title="Two allies", source="Source: natokit example", alt="NLD and FIN shaded")
>>> m.shade({"NLD": "#0072B2", "FIN": "#0072B2"})
>>> m.to_png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import matplotlib.patheffects as path_effects
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib.collections import PatchCollection, PathCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.transforms import Bbox
from pyproj import Geod
from shapely.geometry import box as shapely_box
from shapely.geometry.base import BaseGeometry

from . import geo, style
from .data import EXTRA_CODES, fingerprint
from .figures import FigureView
from .frames import STATIC_CACHE_SIZE, FrameComposer

__all__ = [
    "EXTENTS",
    "OFF_MAP",
    "LEGEND_KINDS",
    "EuropeMap",
    "bases_map",
    "label_offsets_clear_of_neighbours",
]

# Display windows in degrees (lon_min, lon_max, lat_min, lat_max): framing, not data. A map
# always shows at least this window; on a wide figure it shows more on the sides.
EXTENTS = {
    "europe": (-12.0, 45.0, 34.0, 71.0),
    "eastern_flank": (8.0, 42.0, 40.0, 66.0),
    "flank_and_allies": (-9.0, 40.0, 37.0, 64.0),
    "baltic": (14.0, 32.0, 52.5, 60.5),
    "suwalki": (19.5, 27.5, 52.8, 56.6),
    "nordic": (4.0, 42.0, 54.0, 71.5),
    "black_sea": (18.0, 42.0, 40.0, 50.0),
}
OFF_MAP = frozenset(EXTRA_CODES)
LEGEND_KINDS = ("patch", "marker", "line", "dashed")
_GEOD = Geod(ellps="WGS84")
_HALO = "white"  # the contrasting stroke under lines and labels, against any country colour


@lru_cache(maxsize=8)
def _basemap_paths(
    data_key: tuple, tolerance_m: int = 0
) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """Country codes and matplotlib paths in LAEA Europe metres, once per basemap and tolerance.

    ``data_key`` is :func:`natokit.data.fingerprint` of the basemap, so a switch of data folder
    (``NATOKIT_DATA``) or an edited basemap is never drawn from the old cache.

    Detail finer than half a pixel cannot be seen, so a wide map drops it (as a coverage, so
    neighbours keep one shared border) and draws faster. Lengths and distances in
    :mod:`natokit.geo` always use the full basemap.
    """
    codes = tuple(geo.country_names())
    geometries = np.array([geo.country_geometry(code) for code in codes], dtype=object)
    if tolerance_m > 0:
        geometries = shapely.coverage_simplify(geometries, tolerance_m)
    return codes, tuple(_geometry_to_path(g) for g in geometries)


@lru_cache(maxsize=2)
def _basemap_coverage(data_key: tuple):
    """The area the basemap covers (its longitude/latitude box), in LAEA metres.

    ``data_key``: :func:`natokit.data.fingerprint` of the basemap (see :func:`_basemap_paths`).
    """
    codes = list(geo.country_names())
    bounds = shapely.bounds(
        np.array([geo.country_geometry(c, projected=False) for c in codes], dtype=object)
    )
    lon0, lat0 = bounds[:, :2].min(axis=0)
    lon1, lat1 = bounds[:, 2:].max(axis=0)
    return geo.to_europe(shapely_box(lon0, lat0, lon1, lat1).segmentize(0.5))


def _widen(low: float, high: float, wanted: float, fits) -> tuple[float, float]:
    """Grow ``[low, high]`` towards length ``wanted`` while ``fits(low, high)`` holds.

    Both ends move out together; when one is blocked the other goes on alone. The interval
    given is always kept, even if it does not fit.
    """
    extra = wanted - (high - low)
    if extra <= 0:
        return low, high

    def furthest(grow) -> float:  # largest share of ``extra`` in [0, 1] that still fits
        if fits(*grow(1.0)):
            return 1.0
        if not fits(*grow(0.0)):
            return 0.0
        good, bad = 0.0, 1.0
        for _ in range(20):  # bisection to a millionth of the extra width: far below a pixel
            middle = (good + bad) / 2
            good, bad = (middle, bad) if fits(*grow(middle)) else (good, middle)
        return good

    both = furthest(lambda t: (low - t * extra / 2, high + t * extra / 2))
    low, high = low - both * extra / 2, high + both * extra / 2
    rest = extra * (1 - both)
    if rest > 0:
        right = furthest(lambda t: (low, high + t * rest))
        high += right * rest
        left = furthest(lambda t: (low - t * rest * (1 - right), high))
        low -= left * rest * (1 - right)
    return low, high


def _display_tolerance_m(metres_per_pixel: float) -> int:
    tolerance = int(round(0.5 * metres_per_pixel, -2))  # rounded so similar maps share a cache
    return tolerance if tolerance >= 2000 else 0


@lru_cache(maxsize=1024)
def _name_spot(
    data_key: tuple,
    code: str,
    text: str,
    window: tuple[float, float, float, float],
    metres_per_point: float,
    font_size: float,
) -> tuple[float, float] | None:
    """Where a country's name goes in a view window (LAEA metres), or None if it fits nowhere.

    The point deepest inside the largest part of the country where the whole name fits,
    half a label (plus the halo) away from the window's edges. A pure function of its
    arguments, kept: placing a name is the slow part of labelling (``data_key``: the basemap's
    :func:`natokit.data.fingerprint`, so an edited basemap is placed again).
    """
    x0, x1, y0, y1 = window
    lines = text.split("\n")
    half_w = (0.6 * font_size * max(map(len, lines)) / 2 + 3) * metres_per_point
    half_h = (0.7 * font_size * len(lines) + 3) * metres_per_point
    if 2 * half_w >= x1 - x0 or 2 * half_h >= y1 - y0:
        return None
    box = shapely_box(x0 + half_w, y0 + half_h, x1 - half_w, y1 - half_h)
    visible = geo.country_geometry(code).intersection(box)
    parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    spot = shapely.ops.polylabel(largest, tolerance=max(largest.length / 500, 100.0))
    return spot.x, spot.y


class _Markers(PathCollection):
    """A scatter that can say where it draws: matplotlib gives a scatter no window extent.

    Its markers are sized in points around offsets in data coordinates, and
    ``Collection.get_window_extent`` returns an empty box for that, so the fast frame searched
    the whole image for a scatter's pixels (1.5-2 ms per new scatter). Drawing is unchanged.
    """

    def get_window_extent(self, renderer=None) -> Bbox:
        """The box of the marker centres, widened by the largest marker and its outline."""
        offsets = np.asarray(self.get_offsets(), dtype=float).reshape(-1, 2)
        paths = self.get_paths()
        if offsets.size == 0 or not paths:
            return Bbox.null()
        centres = self.get_offset_transform().transform(offsets)
        # Marker paths are in units of the marker's size: sqrt(size) points across.
        extent = max(float(np.abs(path.vertices).max(initial=0.0)) for path in paths)
        size = float(np.sqrt(np.max(self.get_sizes(), initial=0.0)))
        outline = float(np.max(self.get_linewidths(), initial=0.0)) / 2
        half = (extent * size + outline) * self.figure.dpi / 72.0
        (x0, y0), (x1, y1) = centres.min(axis=0) - half, centres.max(axis=0) + half
        return Bbox.from_extents(x0, y0, x1, y1)


def _geometry_to_path(geometry: BaseGeometry) -> Path:
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            ring_codes[-1] = Path.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return Path(np.zeros((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _extent_xy(extent) -> tuple[float, float, float, float]:
    lon_min, lon_max, lat_min, lat_max = EXTENTS[extent] if isinstance(extent, str) else extent
    # Sample the edges, because straight lines in degrees are curves in LAEA.
    lons = np.concatenate(
        [np.linspace(lon_min, lon_max, 20)] * 2 + [[lon_min] * 20, [lon_max] * 20]
    )
    lats = np.concatenate(
        [
            [lat_min] * 20,
            [lat_max] * 20,
            np.linspace(lat_min, lat_max, 20),
            np.linspace(lat_min, lat_max, 20),
        ]
    )
    x, y = geo.project(lons, lats)
    return float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))


def label_offsets_clear_of_neighbours(
    lons: Sequence[float],
    lats: Sequence[float],
    offset: tuple[float, float] = (6, 4),
    within_km: float = 150.0,
    rows_km: float | None = None,
) -> list[tuple[float, float]]:
    """Per-point label offsets that keep a label off a close neighbour to its east.

    Labels go to the right of their points; a point with another point less than ``within_km``
    away to its east gets its label on the left instead, so the two labels do not run into
    each other or into the neighbour's marker (Tata and Lešť, say, on the battlegroup map).

    Parameters
    ----------
    lons, lats : sequence of float
        The points, in degrees.
    offset : (float, float)
        The usual offset, in points (to the right and up).
    within_km : float
        How close (geodesic distance) a neighbour must be to move a label.
    rows_km : float, optional
        Only a neighbour less than this far north or south counts: on a zoomed-out map a
        point 80 km to the north-east has its name on another line (Helsinki, seen from
        Tallinn). Every close neighbour counts when not given.

    Returns
    -------
    list of (float, float)
        One offset per point, for :meth:`EuropeMap.add_points`.

    Examples
    --------
    >>> label_offsets_clear_of_neighbours([18.3, 19.4, 25.9], [47.6, 48.4, 59.2])
    [(-6.0, 4.0), (6.0, 4.0), (6.0, 4.0)]
    >>> tallinn, helsinki = (24.75, 59.44), (24.94, 60.17)
    >>> label_offsets_clear_of_neighbours(*zip(tallinn, helsinki), rows_km=40)[0]
    (6.0, 4.0)
    """
    lons_ = np.asarray(lons, dtype=float)
    lats_ = np.asarray(lats, dtype=float)
    dx, dy = float(abs(offset[0])), float(offset[1])
    out = []
    for i in range(lons_.size):
        others = np.arange(lons_.size) != i
        _, _, metres = _GEOD.inv(
            np.full(others.sum(), lons_[i]),
            np.full(others.sum(), lats_[i]),
            lons_[others],
            lats_[others],
        )
        close_east = (np.asarray(metres) / 1000.0 < within_km) & (lons_[others] > lons_[i])
        if rows_km is not None:  # a degree of latitude is about 111 km
            close_east &= np.abs(lats_[others] - lats_[i]) * 111.2 < rows_km
        out.append((-dx, dy) if close_east.any() else (dx, dy))
    return out


class EuropeMap(FigureView):
    """A map of Europe in the LAEA projection that updates in place.

    The figure is landscape (16:9) unless ``figsize`` says otherwise. The map is never
    stretched: one kilometre is as long across as it is up, and the window grows sideways (or
    up and down) beyond ``extent`` to fill the figure.

    Parameters
    ----------
    extent : str or (lon_min, lon_max, lat_min, lat_max)
        A name from ``EXTENTS`` (``"europe"``, ``"eastern_flank"``, ``"baltic"``,
        ``"suwalki"``, ``"nordic"``, ``"black_sea"``, ``"flank_and_allies"``) or a window in
        degrees; the map shows at least this window.
    title, source, alt : str
        See :class:`natokit.figures.FigureView`.
    figsize : (float, float), optional
        Inches; default the style's width at 16:9.

    Examples
    --------
    >>> m = EuropeMap("baltic", title="The Baltic states")
    >>> m.shade({"EST": "#0072B2", "LVA": "#0072B2", "LTU": "#0072B2"})
    >>> m.color_of("EST")
    '#0072b2'
    >>> width, height = m.figure.get_size_inches()
    >>> bool(width > height)
    True
    """

    #: Legends kept for when their entries come back (a few kilobytes of artists each).
    LEGENDS_KEPT = 8

    def __init__(
        self,
        extent: str | tuple[float, float, float, float] = "europe",
        title: str = "",
        source: str = "",
        alt: str = "",
        figsize: tuple[float, float] | None = None,
    ):
        if isinstance(extent, str) and extent not in EXTENTS:
            raise ValueError(f"Unknown extent {extent!r}; choose one of: {', '.join(EXTENTS)}")
        super().__init__(title=title, source=source, alt=alt, figsize=figsize)
        x0, x1, y0, y1 = _extent_xy(extent)
        self.ax = self.figure.add_axes(self._map_box())
        self.ax.set_axis_off()
        # Equal metres per pixel both ways; the window (not the axes) grows to keep it.
        self.ax.set_aspect("equal", adjustable="datalim")
        self._set_window(x0, x1, y0, y1)
        self.figure.set_facecolor(style.COLORS["sea"])
        codes, paths = _basemap_paths(
            fingerprint("countries"), _display_tolerance_m(self._metres_per_pixel())
        )
        self._index = {code: i for i, code in enumerate(codes)}
        self._land = np.array(to_rgba(style.COLORS["land"]))
        self._countries = PatchCollection(
            [PathPatch(p) for p in paths],
            facecolors=np.tile(self._land, (len(codes), 1)),
            edgecolors=style.COLORS["border"],
            linewidths=0.6 * self.scale,
            zorder=1,
        )
        self.ax.add_collection(self._countries, autolim=False)
        self._layers: dict[str, list] = {}
        # What each layer was drawn from: drawing the same again keeps the artists, so a fast
        # frame reuses their cached images (see _replace).
        self._specs: dict[str, tuple] = {}
        self._legend = None
        self._legend_entries = None
        self._legends: dict[tuple, Legend] = {}  # legends shown, by their entries (see set_legend)
        # One halo for every label: a label's cached picture is found again by what it shows,
        # and a new halo object per label would make each label look new (frames._state_key).
        self._halo = [path_effects.withStroke(linewidth=3 * self.scale, foreground=_HALO)]
        self.extent = extent
        self._composer = FrameComposer(self)

    # -- what other modules read -----------------------------------------------------------

    @property
    def countries(self) -> PatchCollection:
        """The basemap's country collection (one patch per country, fill = shading).

        Examples
        --------
        >>> len(EuropeMap().countries.get_paths()) == len(EuropeMap().country_codes())
        True
        """
        return self._countries

    def country_codes(self) -> list[str]:
        """ISO3 codes of the basemap's countries, in the order of :attr:`countries`.

        Examples
        --------
        >>> "NLD" in EuropeMap().country_codes()
        True
        """
        return list(self._index)

    @property
    def scale(self) -> float:
        """Factor applied to line widths and marker diameters (1.5 in presentation mode).

        Examples
        --------
        >>> EuropeMap().scale
        1.0
        """
        return float(self._sizes["scale"])

    def _map_box(self) -> tuple[float, float, float, float]:
        # Room in inches for the title above and two lines of source text below the map.
        width, height = self.figure.get_size_inches()
        top = (self._sizes["title"] * 1.9) / 72
        bottom = (self._sizes["small"] * 2 * 1.35) / 72 + 0.06
        return (0.0, bottom / height, 1.0, 1.0 - (top + bottom) / height)

    def _metres_per_pixel(self) -> float:
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        box = self.ax.get_position(original=True)  # without apply_aspect
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return max((x1 - x0) / (box.width * width), (y1 - y0) / (box.height * height))

    # -- rendering -------------------------------------------------------------------------

    def to_png(self, dpi: float | None = None, exact: bool = False) -> bytes:
        """Render the map to PNG bytes.

        By default a fast frame is composed from cached rasters (see :mod:`natokit.frames`),
        which is what explorers show at every step. ``exact=True``, or a ``dpi`` other than
        the figure's, renders the whole figure with matplotlib instead, e.g. for a saved file.

        Examples
        --------
        >>> m = EuropeMap("baltic")
        >>> m.to_png()[:4] == m.to_png(exact=True)[:4] == b"\\x89PNG"
        True
        """
        if exact or (dpi is not None and dpi != self.figure.dpi):
            return self._exact_png(dpi=dpi)
        return self._composer.png()

    def zoom_to(self, lon: float, lat: float, half_height_km: float) -> None:
        """Centre the view on a point, showing ``half_height_km`` above and below it.

        Only the view window changes (no re-plot). The map takes the figure's whole map area,
        and the window's width follows that area's shape, so the map is never stretched and
        the window set is the window drawn.

        Raises
        ------
        ValueError
            If ``half_height_km`` is not a positive finite number.

        Examples
        --------
        >>> m = EuropeMap("eastern_flank")
        >>> m.zoom_to(24.7, 42.3, 300)
        >>> round((m.ax.get_ylim()[1] - m.ax.get_ylim()[0]) / 1000)
        600
        """
        if not (isinstance(half_height_km, int | float) and 0 < half_height_km < np.inf):
            raise ValueError(f"half_height_km must be a positive number, not {half_height_km!r}")
        x, y = geo.project(lon, lat)
        half = half_height_km * 1000.0
        # A zoomed view uses the whole map area again, even if the home window had to narrow.
        self.ax.set_position(self._map_box())
        aspect = self._box_aspect()
        self.ax.set_xlim(x - half * aspect, x + half * aspect)
        self.ax.set_ylim(y - half, y + half)

    def prepare_views(self, views: Iterable[tuple[float, float, float]]) -> None:
        """Rasterise the basemap now for views the map will show later (see :meth:`zoom_to`).

        Each view is ``(lon, lat, half_height_km)``, as :meth:`zoom_to` takes it. A fast frame
        in a new view window rasterises every country's outline first (about 8 ms); a map that
        will jump between known windows (the reach explorer's bases) can do that once, when it
        is built, and keep them (at most :data:`natokit.frames.STATIC_CACHE_SIZE` windows). The
        view shown is left as it was. Call it before drawing layers: layers in data
        coordinates would be drawn in each window too.

        Examples
        --------
        >>> m = EuropeMap("eastern_flank")
        >>> before = m.ax.get_xlim()
        >>> m.prepare_views([(24.7, 42.3, 250), (23.4, 55.9, 250)])
        >>> m.ax.get_xlim() == before
        True
        """
        views = list(views)[:STATIC_CACHE_SIZE]
        shown = (self.ax.get_position(original=True), self.ax.get_xlim(), self.ax.get_ylim())
        try:
            for lon, lat, half_height_km in views:
                self.zoom_to(lon, lat, half_height_km)
                self._composer.rgb()  # keeps the window's static layers (frames.FrameComposer)
        finally:
            position, xlim, ylim = shown
            self.ax.set_position(position)
            self.ax.set_xlim(xlim)
            self.ax.set_ylim(ylim)

    def _box_aspect(self) -> float:
        """Width / height of the map's axes on the figure, in inches."""
        box = self.ax.get_position(original=True)  # without apply_aspect
        width, height = self.figure.get_size_inches()
        return (box.width * width) / (box.height * height)

    def _set_window(self, x0: float, x1: float, y0: float, y1: float) -> None:
        """Show at least this window, widened to the axes' shape as far as the basemap goes.

        Beyond the basemap's edge there is nothing to show (it would read as sea), so the
        window widens only while it stays inside the basemap; if that leaves it narrower than
        the axes, the axes narrow instead (centred), so the map is never stretched.
        """
        aspect = self._box_aspect()
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
        coverage = _basemap_coverage(fingerprint("countries"))

        def blank(a, b, c, d) -> float:  # share of a window beyond the basemap's edge
            window = shapely_box(a, c, b, d)
            return window.difference(coverage).area / window.area

        # Widen while the window shows no more blank than the extent asked for (or 2 %).
        allowed = max(blank(x0, x1, y0, y1), 0.02) + 1e-9
        if half_w / half_h < aspect:
            x0, x1 = _widen(
                x0, x1, 2 * half_h * aspect, lambda a, b: blank(a, b, y0, y1) <= allowed
            )
            cx, half_w = (x0 + x1) / 2, (x1 - x0) / 2
        else:
            y0, y1 = _widen(
                y0, y1, 2 * half_w / aspect, lambda a, b: blank(x0, x1, a, b) <= allowed
            )
            cy, half_h = (y0 + y1) / 2, (y1 - y0) / 2
        box = self.ax.get_position(original=True)  # without apply_aspect
        ratio = half_w / half_h
        if ratio < aspect * 0.999:  # narrower than the axes: narrow the axes, centred
            width = box.width * ratio / aspect
            self.ax.set_position((box.x0 + (box.width - width) / 2, box.y0, width, box.height))
        elif ratio > aspect * 1.001:
            height = box.height * aspect / ratio
            self.ax.set_position((box.x0, box.y0 + (box.height - height) / 2, box.width, height))
        self.ax.set_xlim(cx - half_w, cx + half_w)
        self.ax.set_ylim(cy - half_h, cy + half_h)

    # -- countries -------------------------------------------------------------------------

    def shade(self, colors: Mapping[str, str], default: str | None = None) -> None:
        """Colour countries; all others get ``default`` (the neutral land colour if None).

        Parameters
        ----------
        colors : mapping of ISO3 code to colour
        default : str, optional

        Raises
        ------
        ValueError
            For a code that is not on the basemap (the message says how to find codes).

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.shade({"POL": "#E69F00"})
        >>> m.color_of("POL"), m.color_of("DEU") == m.color_of("FRA")
        ('#e69f00', True)
        """
        # Allies off the map (Canada, the United States) are valid codes with nothing to colour.
        drawable = {code: color for code, color in colors.items() if code not in OFF_MAP}
        rows = [self._row(code) for code in drawable]
        facecolors = np.tile(
            self._land if default is None else to_rgba(default), (len(self._index), 1)
        )
        for row, color in zip(rows, drawable.values(), strict=True):
            facecolors[row] = to_rgba(color)
        self._countries.set_facecolors(facecolors)

    def shade_groups(
        self,
        groups: Mapping[str, Iterable[str]],
        colors: Mapping[str, str],
        title: str | None = None,
        hatches: Mapping[str, str] | None = None,
    ) -> None:
        """Colour countries by group and show the groups in the legend.

        Parameters
        ----------
        groups : mapping of label to ISO3 codes
        colors : mapping of label to colour
        title : str, optional
            Legend title.
        hatches : mapping of label to hatch pattern, optional
            Groups to hatch as well (see :meth:`hatch_countries`), so their meaning does not
            rest on colour alone; the legend shows the same hatch.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.shade_groups({"Allies": ["NLD"], "Adversaries": ["RUS", "BLR"]},
        ...                {"Allies": "#0072B2", "Adversaries": "#D55E00"},
        ...                hatches={"Adversaries": "///"})
        >>> m.legend_labels()
        ['Allies', 'Adversaries']
        >>> m.layer_names()
        ['hatch Adversaries']
        """
        hatches = dict(hatches or {})
        unknown = set(hatches) - set(groups)
        if unknown:
            raise ValueError(f"hatches for groups that are not in groups: {sorted(unknown)}")
        mapping = {}
        for label, codes in groups.items():
            for code in codes:
                mapping[code] = colors[label]
        self.shade(mapping)
        for name in [n for n in self._layers if n.startswith("hatch ")]:
            self.clear(name)
        for label, pattern in hatches.items():
            self.hatch_countries(groups[label], hatch=pattern, layer=f"hatch {label}")
        self.set_legend(
            [
                (label, colors[label], "patch", hatches[label])
                if label in hatches
                else (label, colors[label], "patch")
                for label in groups
            ],
            title=title,
        )

    def color_of(self, iso3: str) -> str:
        """Current fill colour of a country as ``#rrggbb``.

        Examples
        --------
        >>> EuropeMap().color_of("NLD") == EuropeMap().color_of("BEL")
        True
        """
        return to_hex(self._countries.get_facecolors()[self._row(iso3)])

    def _row(self, iso3: str) -> int:
        if iso3 not in self._index:
            geo.check_country(iso3)  # raises the helpful message
            raise ValueError(f"{iso3} is not drawn on this map")
        return self._index[iso3]

    # -- layers ----------------------------------------------------------------------------

    def clear(self, layer: str) -> None:
        """Remove everything drawn in a layer (no error if it is empty).

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_points("bases", [24.0], [56.0], labels=["A base"])
        >>> m.clear("bases")
        >>> m.layer_names()
        []
        """
        self._specs.pop(layer, None)
        for artist in self._layers.pop(layer, []):
            artist.remove()

    def _replace(self, layer: str, spec: tuple) -> dict | None:
        """Start redrawing ``layer`` from ``spec``; None when it already shows exactly that.

        Otherwise the layer's artists are removed, except its labels, which are returned keyed
        by what they show: a label that is drawn again is reused (see :meth:`_label`), so its
        cached image in the fast frame is reused too. Markers and lines are returned too, keyed
        by how they look (markers: moved to the new points) or where they run (lines). Pass the
        pool on, then call :meth:`_finish`.
        """
        if layer in self._layers and self._specs.get(layer) == spec:
            return None
        pool: dict = {}
        for artist in self._layers.pop(layer, []):
            key = getattr(artist, "_natokit_label_key", None)
            if key is not None and key not in pool:
                pool[key] = artist
            else:
                artist.remove()
        self._specs[layer] = spec
        return pool

    def _finish(self, layer: str, artists: list, pool: dict) -> None:
        for artist in pool.values():  # labels not drawn again
            artist.remove()
        self._layers[layer] = artists

    def layer_names(self) -> list[str]:
        """Names of the layers that hold artists now.

        Examples
        --------
        >>> EuropeMap().layer_names()
        []
        """
        return sorted(self._layers)

    def layer(self, name: str) -> list:
        """The matplotlib artists of a layer (a copy of the list), e.g. to inspect them.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_points("bases", [24.0], [56.0], size=50)
        >>> m.layer("bases")[0].get_sizes().tolist()
        [50.0]
        """
        return list(self._layers.get(name, []))

    def add_points(
        self,
        layer: str,
        lons: Sequence[float],
        lats: Sequence[float],
        labels: Sequence[str] | None = None,
        *,
        color: str = style.COLORS["highlight"],
        marker: str = "o",
        size: float = 40,
        edgecolor: str = "white",
        linewidth: float = 0.8,
        alpha: float = 1.0,
        label_offset: tuple[float, float] | Sequence[tuple[float, float]] = (6, 4),
    ) -> None:
        """Draw markers (and optional labels) in a layer, replacing what the layer held.

        Parameters
        ----------
        layer : str
            Name of the layer; drawing again in it replaces its contents.
        lons, lats : sequences of float
            Positions in degrees.
        labels : sequence of str, optional
            One text per point, drawn with a white halo.
        color, marker, size, edgecolor, linewidth, alpha
            As in :meth:`matplotlib.axes.Axes.scatter`: ``size`` is the marker area in points
            squared, ``edgecolor``/``linewidth`` the marker's outline. ``size=0`` draws labels only.
        label_offset : (float, float) or sequence of (float, float)
            Offset of the labels from their points, in points: one for all, or one per point
            (e.g. from :func:`label_offsets_clear_of_neighbours`). A label with a negative
            horizontal offset is right-aligned, so it sits to the left of its point.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_points("towns", [4.9, 24.1], [52.4, 56.9], labels=["A", "B"], marker="s")
        >>> m.layer_names()
        ['towns']
        """
        lons, lats = (
            np.atleast_1d(np.asarray(lons, dtype=float)),
            np.atleast_1d(np.asarray(lats, dtype=float)),
        )
        if lons.shape != lats.shape:
            self.clear(layer)
            raise ValueError(f"lons and lats differ in length: {lons.size} and {lats.size}")
        if labels is not None and len(labels) != lons.size:
            self.clear(layer)
            raise ValueError(f"{len(labels)} labels for {lons.size} points")
        offsets = np.asarray(label_offset, dtype=float).reshape(-1, 2)
        if len(offsets) == 1:
            offsets = np.repeat(offsets, lons.size, axis=0)
        elif len(offsets) != lons.size:
            self.clear(layer)
            raise ValueError(f"{len(offsets)} label offsets for {lons.size} points")
        spec = (
            lons.tobytes(),
            lats.tobytes(),
            None if labels is None else tuple(map(str, labels)),
            repr((color, marker, size, edgecolor, linewidth, alpha)),
            offsets.tobytes(),
        )
        pool = self._replace(layer, spec)
        if pool is None:
            return
        x, y = geo.project(lons, lats)
        artists = []
        if size > 0 and lons.size > 0:  # an empty scatter draws nothing: make none
            looks = ("markers", spec[3], self.scale)
            markers = pool.pop(looks, None)
            if markers is not None:
                # Markers that only moved (a date with other bases): the same scatter at the
                # new points, placed again after the layers before it, as a new one would be.
                # A new scatter costs about 0.7 ms; this, a twentieth of it.
                markers.remove()
                markers.set_offsets(np.column_stack([x, y]))
                self.ax.add_collection(markers, autolim=False)
            else:
                markers = self.ax.scatter(
                    x,
                    y,
                    s=size * self.scale**2,
                    c=[to_rgba(color)],
                    marker=marker,
                    edgecolors=edgecolor,
                    linewidths=linewidth * self.scale,
                    alpha=alpha,
                    zorder=6,  # above labels (5): a label never hides a marker
                )
                markers.__class__ = _Markers  # the same scatter, with a window extent (see there)
                markers._natokit_label_key = looks
            artists.append(markers)
        for text, xy, offset, ha in self._point_labels(x, y, labels or [], offsets):
            artists.append(self._label(text, xy, offset, ha=ha, pool=pool))
        self._finish(layer, artists, pool)

    def _point_labels(self, x, y, labels: Sequence[str], offsets: np.ndarray):
        """Text, point, offset (in points, scaled) and alignment of each point's label."""
        for xi, yi, text, (dx, dy) in zip(
            np.atleast_1d(x), np.atleast_1d(y), labels, offsets, strict=False
        ):
            yield text, (xi, yi), (dx * self.scale, dy * self.scale), "right" if dx < 0 else "left"

    def prepare_labels(
        self,
        lons: Sequence[float],
        lats: Sequence[float],
        labels: Sequence[str],
        label_offset: tuple[float, float] | Sequence[tuple[float, float]] = (6, 4),
    ) -> None:
        """Draw now the pictures of point labels that a later :meth:`add_points` will show.

        Arguments as :meth:`add_points`; nothing shown changes. When a later step labels
        these points so, the map's next frame finds the labels' pictures kept instead of
        laying out and drawing each name (about 3 ms a label): an explorer can prepare the
        names its other states show while the student reads (see ``Explorer.prepare``).

        Examples
        --------
        >>> m = EuropeMap("baltic")
        >>> m.prepare_labels([24.1], [56.9], ["Riga"])
        >>> m.layer_names()
        []
        """
        lons = np.atleast_1d(np.asarray(lons, dtype=float))
        lats = np.atleast_1d(np.asarray(lats, dtype=float))
        offsets = np.asarray(label_offset, dtype=float).reshape(-1, 2)
        if len(offsets) == 1:
            offsets = np.repeat(offsets, lons.size, axis=0)
        if not (lons.shape == lats.shape and len(labels) == lons.size == len(offsets)):
            raise ValueError("one label and one offset per point are needed")
        x, y = geo.project(lons, lats)
        for text, xy, offset, ha in self._point_labels(x, y, labels, offsets):
            label = self._label(text, xy, offset, ha=ha)
            try:
                self._composer.keep_picture(label)
            finally:
                label.remove()

    def prepare_title(self, title: str) -> None:
        """Draw now the picture of a title that a later state will show (see
        :meth:`prepare_labels`); the title shown does not change.

        Examples
        --------
        >>> m = EuropeMap("baltic", title="Now")
        >>> m.prepare_title("Later")
        >>> m.title
        'Now'
        """
        self.prepare_texts(self.title_artist, [title])

    def _label(self, text, xy, offset=(0, 0), ha="left", va="baseline", weight="normal", pool=None):
        key = (str(text), float(xy[0]), float(xy[1]), tuple(map(float, offset)), ha, va, weight)
        if pool and key in pool:
            return pool.pop(key)  # the same label as before: keep it (and its cached image)
        label = self.ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=self._sizes["small"],
            fontweight=weight,
            color=style.COLORS["text"],
            path_effects=self._halo,
            zorder=5,
            annotation_clip=True,
        )
        # Placed now as drawing would place it, so a fast frame finds the picture of the same
        # label shown before (its cache key holds the label's transform, set at draw otherwise).
        label.update_positions(self.figure.canvas.get_renderer())
        label._natokit_label_key = key
        return label

    def label_countries(
        self,
        codes: Iterable[str],
        names: Mapping[str, str] | None = None,
        at: Mapping[str, tuple[float, float]] | None = None,
        layer: str = "country names",
        weight: str = "bold",
    ) -> None:
        """Write country names inside their countries, with a white halo.

        Each name sits at the point deepest inside the largest part of the country where the
        whole name fits in the current view window (call it after :meth:`zoom_to`). A country
        with no such part gets no label.

        Parameters
        ----------
        codes : iterable of ISO3 codes
        names : mapping of ISO3 code to text, optional
            Replaces the basemap's name, e.g. ``{"RUS": "Russia"}``.
        at : mapping of ISO3 code to (lon, lat), optional
            Places a name there instead, e.g. on Kaliningrad rather than on Russia's largest
            part in view.
        layer : str
            Layer name; labelling again replaces the labels.
        weight : str
            Font weight.

        Examples
        --------
        >>> m = EuropeMap("suwalki")
        >>> m.label_countries(["LTU", "RUS"], names={"RUS": "Kaliningrad (Russia)"},
        ...                   at={"RUS": (21.0, 54.7)})
        >>> sorted(t.get_text() for t in m.layer("country names"))
        ['Kaliningrad (Russia)', 'Lithuania']
        """
        names, at = dict(names or {}), dict(at or {})
        base_names = geo.country_names()
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        metres_per_point = self._metres_per_pixel() * self.figure.dpi / 72
        codes = list(codes)
        for code in codes:  # refuse an unknown code before anything is removed
            if code not in OFF_MAP:
                geo.check_country(code)
        spec = (tuple(codes), repr(sorted(names.items())), repr(sorted(at.items())), weight)
        spec += (x0, x1, y0, y1, metres_per_point)  # placement depends on the window
        pool = self._replace(layer, spec)
        if pool is None:
            return
        artists = []
        for code in codes:
            if code in OFF_MAP:
                continue
            geo.check_country(code)
            text = names.get(code, base_names[code])
            if code in at:
                x, y = geo.project(*at[code])
            else:
                spot = _name_spot(
                    fingerprint("countries"),
                    code,
                    text,
                    (x0, x1, y0, y1),
                    metres_per_point,
                    self._sizes["small"],
                )
                if spot is None:
                    continue
                x, y = spot
            artists.append(
                self._label(text, (x, y), ha="center", va="center", weight=weight, pool=pool)
            )
        self._finish(layer, artists, pool)

    def hatch_countries(
        self,
        codes: Iterable[str],
        hatch: str = "///",
        *,
        color: str = style.COLORS["text"],
        alpha: float = 0.45,
        layer: str = "hatch",
    ) -> None:
        """Hatch countries over their fill, so a group is told apart without colour.

        Parameters
        ----------
        codes : iterable of ISO3 codes
        hatch : str
            A matplotlib hatch pattern (``"///"``, ``"..."``, ``"xx"`` ...).
        color, alpha
            Colour and opacity of the hatch lines.
        layer : str
            Layer name; hatching again in it replaces the hatch.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.hatch_countries(["RUS", "BLR"])
        >>> m.layer("hatch")[0].get_hatch()
        '///'
        """
        self.clear(layer)
        paths = [_geometry_to_path(geo.country_geometry(c)) for c in codes if c not in OFF_MAP]
        if not paths:
            return
        patch = PathPatch(
            Path.make_compound_path(*paths),
            facecolor="none",
            edgecolor="none",
            hatch=hatch,
            hatchcolor=color,
            linewidth=0,
            alpha=alpha,
            zorder=1.5,
        )
        patch.set_hatch_linewidth(0.8 * self.scale)
        self._layers[layer] = [self.ax.add_artist(patch)]  # no data-limit walk (see add_shape)

    def add_lines(
        self,
        layer: str,
        segments: Iterable[tuple[float, float, float, float]],
        *,
        color: str = style.COLORS["framework"],
        linewidth: float = 1.4,
        linestyle: str = "-",
        alpha: float = 1.0,
        halo: bool = True,
    ) -> None:
        """Draw great-circle lines ``(lon1, lat1, lon2, lat2)`` in a layer, replacing it.

        Parameters
        ----------
        layer : str
        segments : iterable of (lon1, lat1, lon2, lat2)
        color, linewidth, linestyle, alpha
            As in :meth:`matplotlib.axes.Axes.plot`.
        halo : bool
            Draw a white stroke under each line, so a line stays visible over a country of
            its own colour (a framework nation's line over that nation).

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_lines("links", [(-0.1, 51.5, 25.9, 59.2)], linewidth=2, linestyle="--")
        >>> m.layer("links")[0].get_linewidth()
        2.0
        """
        segments = [tuple(map(float, segment)) for segment in segments]
        looks = repr((color, linewidth, linestyle, alpha, halo))
        pool = self._replace(layer, (tuple(segments), looks))
        if pool is None:
            return
        effects = (
            [
                path_effects.Stroke(linewidth=(linewidth + 2.4) * self.scale, foreground=_HALO),
                path_effects.Normal(),
            ]
            if halo
            else []
        )
        artists = []
        for segment in segments:
            key = ("line", segment, looks)
            line = pool.pop(key, None)
            if line is not None:
                # Drawn before: keep the artist (and its cached image in fast frames), placed
                # again after the lines before it, so lines cross in the order given.
                line.remove()
            else:
                lon1, lat1, lon2, lat2 = segment
                between = _GEOD.npts(lon1, lat1, lon2, lat2, 30)
                lons = [lon1, *[p[0] for p in between], lon2]
                lats = [lat1, *[p[1] for p in between], lat2]
                x, y = geo.project(lons, lats)
                line = Line2D(
                    np.asarray(x, dtype=float),
                    np.asarray(y, dtype=float),
                    color=color,
                    linewidth=linewidth * self.scale,
                    linestyle=linestyle,
                    alpha=alpha,
                    zorder=3,
                    path_effects=effects,
                )
                line._natokit_label_key = key
            artists.append(self.ax.add_artist(line))
        self._finish(layer, artists, pool)

    def add_shape(
        self,
        layer: str,
        polygon: BaseGeometry,
        *,
        edgecolor: str = style.COLORS["highlight"],
        facecolor: str = "none",
        alpha: float = 0.15,
        linestyle: str = "--",
        linewidth: float = 1.6,
        hatch: str | None = None,
        projected: bool = False,
    ) -> None:
        """Draw a polygon (e.g. a range ring) in a layer, replacing what the layer held.

        Parameters
        ----------
        layer : str
        polygon : shapely Polygon or MultiPolygon
            In longitude/latitude, or in LAEA Europe metres with ``projected=True`` (e.g. a
            piece cut from :func:`natokit.geo.country_geometry`).
        edgecolor, linestyle, linewidth
            The outline (``edgecolor="none"`` for none).
        facecolor, alpha, hatch
            The fill (``facecolor="none"`` for none); ``alpha`` is the fill's opacity, the
            outline stays opaque so it reads over any colour.

        Examples
        --------
        >>> from natokit.geo import range_ring
        >>> m = EuropeMap()
        >>> m.add_shape("ring", range_ring(24.7, 42.3, 300), linewidth=2.5)
        >>> m.layer("ring")[-1].get_linewidth()
        2.5
        """
        spec = (
            shapely.to_wkb(polygon),
            repr((edgecolor, facecolor, alpha, linestyle, linewidth, hatch, projected)),
        )
        if self._replace(layer, spec) is None:
            return
        path = _geometry_to_path(polygon if projected else geo.to_europe(polygon))
        artists = []
        # add_artist, not add_patch: the window is set explicitly, and add_patch would walk
        # every curve of the outline to grow the data limits (most of a reach step's time).
        if facecolor != "none" or hatch:
            artists.append(
                self.ax.add_artist(
                    PathPatch(
                        path,
                        facecolor=facecolor,
                        edgecolor="none",
                        hatch=hatch,
                        alpha=alpha,
                        zorder=2,
                    )
                )
            )
        if edgecolor != "none":
            artists.append(
                self.ax.add_artist(
                    PathPatch(
                        path,
                        facecolor="none",
                        edgecolor=edgecolor,
                        linewidth=linewidth * self.scale,
                        linestyle=linestyle,
                        zorder=3,
                    )
                )
            )
        self._layers[layer] = artists

    def add_bases(
        self,
        bases: pd.DataFrame,
        *,
        category: str | Callable[[Any], str] | None = None,
        colors: Mapping[str, str] | None = None,
        label: str | Callable[[Any], str] = "base",
        marker: str = style.MARKERS["base"],
        size: float = 50,
        label_offsets: Mapping[str, tuple[float, float]] | None = None,
        host_label: str | None = "Host country",
        legend_loc: str = "upper left",
    ) -> None:
        """Draw a table of bases: hosts shaded, one marker per base, a legend that matches.

        Parameters
        ----------
        bases : DataFrame
            One row per base with ``base``, ``lon``, ``lat`` and ``host`` columns, e.g.
            :func:`natokit.tables.bases`.
        category : column name or function of a row, optional
            What a base's colour means (e.g. ``"missions"``); None draws every base in the
            highlight colour.
        colors : mapping of category to colour
            Required with ``category``; its order is the legend's order.
        label : column name or function of a row
            Each base's label, e.g. ``lambda b: f"{b.base} ({b.contributors})"``.
        marker, size
            Marker shape and area (points squared), the same in the legend.
        label_offsets : mapping of base name to (dx, dy) in points, optional
            For bases whose labels would collide.
        host_label : str or None
            Legend text for the shaded hosts; None for no shading.
        legend_loc : str

        Raises
        ------
        ValueError
            For missing columns or a category with no colour.

        Examples
        --------
        >>> import pandas as pd
        >>> bases = pd.DataFrame({"base": ["Ämari", "Šiauliai"], "lon": [23.8, 23.4],
        ...     "lat": [59.3, 55.9], "host": ["EST", "LTU"], "mission": ["BAP", "BAP"]})
        >>> m = EuropeMap("baltic")
        >>> m.add_bases(bases, category="mission", colors={"BAP": "#0072B2"})
        >>> m.legend_labels()
        ['Host country', 'BAP']
        """
        missing = {"base", "lon", "lat", "host"} - set(bases.columns)
        if missing:
            raise ValueError(f"bases needs the columns {sorted(missing)} (see tables.bases)")
        rows = list(bases.itertuples(index=False))
        if category is None:
            kinds = ["Air Policing base"] * len(rows)
            colors = {"Air Policing base": style.COLORS["highlight"]}
        else:
            if colors is None:
                raise ValueError("colors is required with category: {category value: colour}")
            pick = (lambda r: getattr(r, category)) if isinstance(category, str) else category
            kinds = [pick(r) for r in rows]
            unknown = sorted(set(kinds) - set(colors))
            if unknown:
                raise ValueError(f"no colour for the categories {unknown}; add them to colors")
        text = (lambda r: str(getattr(r, label))) if isinstance(label, str) else label
        offsets = dict(label_offsets or {})
        if host_label is not None:
            self.shade({r.host: style.COLORS["host"] for r in rows})
        for layer in [n for n in self._layers if n.startswith("base ")]:
            self.clear(layer)
        for row, kind in zip(rows, kinds, strict=True):
            self.add_points(
                f"base {row.base}",
                [row.lon],
                [row.lat],
                labels=[text(row)],
                color=colors[kind],
                marker=marker,
                size=size,
                label_offset=offsets.get(row.base, (6, 4)),
            )
        used = [k for k in colors if k in set(kinds)]
        entries = [(host_label, style.COLORS["host"], "patch")] if host_label is not None else []
        entries += [(k, colors[k], "marker", marker) for k in used]
        self.set_legend(entries, loc=legend_loc)

    # -- legend ----------------------------------------------------------------------------

    def set_legend(
        self,
        entries: Sequence[tuple],
        title: str | None = None,
        loc: str = "upper left",
        anchor: tuple[float, float] | None = None,
    ) -> None:
        """Replace the legend.

        Parameters
        ----------
        entries : sequence of ``(label, colour, kind)`` or ``(label, colour, kind, detail)``
            ``kind`` is one of ``LEGEND_KINDS``: ``"patch"`` (a filled box; ``detail`` = a
            hatch pattern), ``"marker"`` (``detail`` = the marker shape used on the map,
            default ``"o"``), ``"line"`` or ``"dashed"``. Use the same colour, marker and
            hatch as on the map, so the key matches what it explains.
        title : str, optional
        loc : str
            A matplotlib legend location.
        anchor : (x, y), optional
            Where ``loc`` is placed, as a fraction of the figure (default: the map's axes).

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.set_legend([("Allies", "#0072B2", "patch"), ("Bases", "#D55E00", "marker", "^")])
        >>> m.legend_labels()
        ['Allies', 'Bases']
        """
        key = _legend_key(entries, title, loc, anchor)
        if self._legend is not None and self._legend_entries == key:
            return  # unchanged: keep the artist, so fast frames reuse its cached image
        legend = self._legend_of(key)
        self.ax.legend_ = legend  # the axes draws one legend: this one
        self._legend_entries = key
        self._legend = legend

    def prepare_legend(
        self,
        entries: Sequence[tuple],
        title: str | None = None,
        loc: str = "upper left",
        anchor: tuple[float, float] | None = None,
    ) -> None:
        """Make a legend that a later state will show, and draw its picture now.

        Arguments as :meth:`set_legend`; the legend shown does not change. When
        :meth:`set_legend` later asks for the same legend, the map's next frame finds its
        picture kept instead of laying it out and drawing it (an explorer prepares, once it
        is shown, the few keys its other states show).

        Examples
        --------
        >>> m = EuropeMap(title="Two keys")
        >>> m.set_legend([("Allies", "#0072B2", "patch")])
        >>> m.prepare_legend([("Allies", "#0072B2", "patch"), ("Partners", "#E69F00", "patch")])
        >>> m.legend_labels()
        ['Allies']
        """
        self._composer.keep_picture(self._legend_of(_legend_key(entries, title, loc, anchor)))

    def prepare_picture(self, artist) -> None:
        """Draw a text, legend or layer that a later state shows, and keep its picture.

        The map shown does not change; the next frame that shows ``artist`` as it is now
        composites the kept picture (see ``FrameComposer.keep_picture``).

        Examples
        --------
        >>> m = EuropeMap(title="Now")
        >>> m.set_title("Later")
        >>> m.prepare_picture(m.title_artist)
        >>> m.set_title("Now")
        """
        self._composer.keep_picture(artist)

    def _legend_of(self, key: tuple) -> Legend:
        """The legend for ``key``: the one made before (already laid out, so a fast frame
        finds its picture again), else a new one. Kept for the latest ``LEGENDS_KEPT`` keys."""
        entries, title, loc, anchor = key
        handles = [self._legend_handle(*entry) for entry in entries]  # validate first
        legend = self._legends.pop(key, None)
        if legend is None:
            # Made as Axes.legend makes it, without showing it yet.
            legend = Legend(
                self.ax,
                handles,
                [h.get_label() for h in handles],
                title=title,
                loc=loc,
                fontsize=self._sizes["small"],
                title_fontsize=self._sizes["small"],
                framealpha=0.92,
                **({} if anchor is None else {"bbox_to_anchor": anchor}),
                **({} if anchor is None else {"bbox_transform": self.figure.transFigure}),
            )
            legend._remove_method = self.ax._remove_legend
        self._legends[key] = legend  # now the newest
        while len(self._legends) > self.LEGENDS_KEPT:
            del self._legends[next(iter(self._legends))]
        return legend

    def _legend_handle(self, label: str, color: str, kind: str, detail: str | None = None):
        scale = self.scale
        if kind == "patch":
            return Patch(
                facecolor=color,
                edgecolor=style.COLORS["muted"],
                hatch=detail,
                label=label,
                linewidth=0.4 * scale,
            )
        if kind == "marker":
            return Line2D(
                [],
                [],
                marker=detail or "o",
                markersize=7 * scale,
                linestyle="none",
                color=color,
                markeredgecolor="white",
                markeredgewidth=0.8 * scale,
                label=label,
            )
        if kind in ("line", "dashed"):
            if detail is not None:
                raise ValueError(f"a {kind!r} legend entry takes no detail, not {detail!r}")
            return Line2D(
                [],
                [],
                color=color,
                linewidth=1.6 * scale,
                linestyle="--" if kind == "dashed" else "-",
                label=label,
            )
        raise ValueError(f"legend kind must be one of {', '.join(LEGEND_KINDS)}, not {kind!r}")

    def legend_labels(self) -> list[str]:
        """Labels in the legend now.

        Examples
        --------
        >>> EuropeMap().legend_labels()
        []
        """
        if self._legend is None:
            return []
        return [t.get_text() for t in self._legend.get_texts()]

    @property
    def legend(self) -> Legend | None:
        """The matplotlib legend artist, or None.

        Examples
        --------
        >>> EuropeMap().legend is None
        True
        """
        return self._legend


def _legend_key(entries: Sequence[tuple], title, loc, anchor) -> tuple:
    """What tells one legend from another (``EuropeMap.set_legend``'s arguments, hashable)."""
    return (tuple(tuple(e) for e in entries), title, loc, anchor)


def bases_map(
    bases: pd.DataFrame,
    extent: str | tuple[float, float, float, float] = "eastern_flank",
    title: str = "",
    source: str = "",
    alt: str = "",
    **options,
) -> EuropeMap:
    """A map of bases in one call: :class:`EuropeMap` plus :meth:`EuropeMap.add_bases`.

    Parameters
    ----------
    bases : DataFrame
        See :meth:`EuropeMap.add_bases`.
    extent, title, source, alt
        See :class:`EuropeMap`. An empty ``alt`` gets one that lists every base and its label.
    **options
        Passed to :meth:`EuropeMap.add_bases` (``category``, ``colors``, ``label`` ...).

    Examples
    --------
    >>> import natokit
    >>> from natokit import tables
    >>> ap = natokit.load("air_policing")
    >>> m = bases_map(tables.bases(ap), (12.0, 34.0, 40.5, 60.5), title="Air Policing bases",
    ...               label=lambda b: f"{b.base} ({b.contributors})")
    >>> m.alt.startswith("Map with")
    True
    """
    view = EuropeMap(extent, title=title, source=source, alt=alt)
    view.add_bases(bases, **options)
    if not alt:
        label = options.get("label", "base")
        text = (lambda r: str(getattr(r, label))) if isinstance(label, str) else label
        listed = "; ".join(text(r) for r in bases.itertuples(index=False))
        view.alt = f"Map with {len(bases)} bases, host countries shaded: {listed}."
    return view
