"""EuropeMap: draw the basemap once, then update only what changes.

The countries are one :class:`~matplotlib.collections.PatchCollection` (one patch per country),
built from geometries projected once per process. Shading countries changes that collection's
face colours; markers, labels, lines and rings live in named layers that are replaced as a
whole. An interactive step therefore costs one artist update plus one PNG render, never a
re-plot of the basemap (see ``benchmarks/``).

Examples
--------
>>> from natokit.maps import EuropeMap
>>> m = EuropeMap(title="Two allies", source="Source: natokit example", alt="NLD and FIN shaded")
>>> m.shade({"NLD": "#0072B2", "FIN": "#0072B2"})
>>> m.to_png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import matplotlib.patheffects as path_effects
import numpy as np
import shapely
from matplotlib.collections import PatchCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from pyproj import Geod

from . import geo, style
from .data import EXTRA_CODES
from .figures import FigureView
from .frames import FrameComposer

# Display windows in degrees (lon_min, lon_max, lat_min, lat_max): framing, not data.
EXTENTS = {
    "europe": (-12.0, 45.0, 34.0, 71.0),
    "eastern_flank": (8.0, 42.0, 40.0, 66.0),
    "flank_and_allies": (-9.0, 40.0, 37.0, 64.0),
    "baltic": (14.0, 32.0, 52.5, 60.5),
    "suwalki": (19.5, 27.5, 52.8, 56.6),
    "nordic": (4.0, 42.0, 54.0, 71.5),
    "black_sea": (18.0, 42.0, 40.0, 50.0),
}
_GEOD = Geod(ellps="WGS84")
OFF_MAP = frozenset(EXTRA_CODES)


@lru_cache(maxsize=8)
def _basemap_paths(tolerance_m: int = 0) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """Country codes and matplotlib paths in LAEA Europe metres, computed once per tolerance.

    Detail finer than half a pixel cannot be seen, so a wide map drops it (as a coverage, so
    neighbours keep one shared border) and draws faster. Lengths and distances in
    :mod:`natokit.geo` always use the full basemap.
    """
    countries = geo._countries_projected()
    geometries = countries.geometry.values
    if tolerance_m > 0:
        geometries = shapely.coverage_simplify(geometries, tolerance_m)
    return tuple(countries.index), tuple(_geometry_to_path(g) for g in geometries)


def _display_tolerance_m(x0: float, x1: float, width_in: float, dpi: float) -> int:
    metres_per_pixel = (x1 - x0) / (width_in * dpi)
    tolerance = int(round(0.5 * metres_per_pixel, -2))  # rounded so similar maps share a cache
    return tolerance if tolerance >= 2000 else 0


def _geometry_to_path(geometry) -> Path:
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            ring_codes[-1] = Path.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
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


class EuropeMap(FigureView):
    """A map of Europe in the LAEA projection that updates in place.

    Parameters
    ----------
    extent : str or (lon_min, lon_max, lat_min, lat_max)
        A name from ``EXTENTS`` (``"europe"``, ``"eastern_flank"``, ``"baltic"``,
        ``"suwalki"``, ``"nordic"``, ``"black_sea"``, ``"flank_and_allies"``) or a window in degrees.
    title, source, alt : str
        See :class:`natokit.figures.FigureView`.
    figsize : (float, float), optional
        Inches.

    Examples
    --------
    >>> m = EuropeMap("baltic", title="The Baltic states")
    >>> m.shade({"EST": "#0072B2", "LVA": "#0072B2", "LTU": "#0072B2"})
    >>> m.color_of("EST")
    '#0072b2'
    """

    def __init__(self, extent="europe", title="", source="", alt="", figsize=None):
        x0, x1, y0, y1 = _extent_xy(extent)
        if figsize is None:
            width = style.sizes()["width_in"]
            # Keep the map's own aspect ratio so it is never stretched.
            figsize = (width, max(3.0, min(width * 1.3, width * (y1 - y0) / (x1 - x0) + 1.0)))
        super().__init__(title=title, source=source, alt=alt, figsize=figsize)
        self.ax = self.figure.add_axes((0.0, 0.05, 1.0, 0.87))
        self.ax.set_axis_off()
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self._home = (x0, x1, y0, y1)
        self.ax.set_aspect("equal", adjustable="box")
        self.figure.set_facecolor(style.COLORS["sea"])
        codes, paths = _basemap_paths(_display_tolerance_m(x0, x1, figsize[0], self._sizes["dpi"]))
        self._index = {code: i for i, code in enumerate(codes)}
        self._land = np.array(_rgba(style.COLORS["land"]))
        self._facecolors = np.tile(self._land, (len(codes), 1))
        self._countries = PatchCollection(
            [PathPatch(p) for p in paths],
            facecolors=self._facecolors,
            edgecolors=style.COLORS["border"],
            linewidths=0.6,
            zorder=1,
        )
        self.ax.add_collection(self._countries)
        self._layers: dict[str, list] = {}
        self._legend = None
        self._legend_entries = None
        self.extent = extent
        self._composer = FrameComposer(self)

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

        Only the view window changes (no re-plot); the width follows the axes' shape, so the
        map is never stretched.

        Examples
        --------
        >>> m = EuropeMap("eastern_flank")
        >>> m.zoom_to(24.7, 42.3, 300)
        >>> round((m.ax.get_ylim()[1] - m.ax.get_ylim()[0]) / 1000)
        600
        """
        x0, x1 = self._home[:2]
        y0, y1 = self._home[2:]
        aspect = (x1 - x0) / (y1 - y0)
        x, y = geo.project(lon, lat)
        half = half_height_km * 1000.0
        self.ax.set_xlim(x - half * aspect, x + half * aspect)
        self.ax.set_ylim(y - half, y + half)

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
            self._land if default is None else _rgba(default), (len(self._index), 1)
        )
        for row, color in zip(rows, drawable.values(), strict=True):
            facecolors[row] = _rgba(color)
        self._facecolors = facecolors
        self._countries.set_facecolors(facecolors)

    def shade_groups(
        self,
        groups: Mapping[str, Iterable[str]],
        colors: Mapping[str, str],
        title: str | None = None,
    ) -> None:
        """Colour countries by group and show the groups in the legend.

        Parameters
        ----------
        groups : mapping of label to ISO3 codes
        colors : mapping of label to colour
        title : str, optional
            Legend title.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.shade_groups({"Allies": ["NLD"], "Candidates": ["FIN"]},
        ...                {"Allies": "#0072B2", "Candidates": "#E69F00"})
        >>> m.legend_labels()
        ['Allies', 'Candidates']
        """
        mapping = {}
        for label, codes in groups.items():
            for code in codes:
                mapping[code] = colors[label]
        self.shade(mapping)
        self.set_legend([(label, colors[label], "patch") for label in groups], title=title)

    def color_of(self, iso3: str) -> str:
        """Current fill colour of a country as ``#rrggbb``.

        Examples
        --------
        >>> EuropeMap().color_of("NLD") == EuropeMap().color_of("BEL")
        True
        """
        r, g, b, _ = self._facecolors[self._row(iso3)]
        return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"

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
        for artist in self._layers.pop(layer, []):
            artist.remove()

    def layer_names(self) -> list[str]:
        """Names of the layers that hold artists now.

        Examples
        --------
        >>> EuropeMap().layer_names()
        []
        """
        return sorted(self._layers)

    def add_points(
        self,
        layer: str,
        lons: Sequence[float],
        lats: Sequence[float],
        labels: Sequence[str] | None = None,
        color: str = style.COLORS["highlight"],
        marker: str = "o",
        size: float = 40,
        label_offset: tuple[float, float] = (6, 4),
    ) -> None:
        """Draw markers (and optional labels) in a layer, replacing what the layer held.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_points("towns", [4.9, 24.1], [52.4, 56.9], labels=["A", "B"])
        >>> m.layer_names()
        ['towns']
        """
        self.clear(layer)
        x, y = geo.project(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        artists = [
            self.ax.scatter(
                x, y, s=size, c=color, marker=marker, edgecolors="white", linewidths=0.8, zorder=4
            )
        ]
        halo = [path_effects.withStroke(linewidth=3, foreground="white")]
        for xi, yi, text in zip(np.atleast_1d(x), np.atleast_1d(y), labels or [], strict=False):
            artists.append(
                self.ax.annotate(
                    text,
                    (xi, yi),
                    xytext=label_offset,
                    textcoords="offset points",
                    fontsize=self._sizes["small"],
                    color=style.COLORS["text"],
                    path_effects=halo,
                    zorder=5,
                    annotation_clip=True,
                )
            )
        self._layers[layer] = artists

    def add_lines(
        self,
        layer: str,
        segments: Iterable[tuple[float, float, float, float]],
        color: str = style.COLORS["framework"],
        width: float = 1.4,
        style_: str = "-",
    ) -> None:
        """Draw great-circle lines ``(lon1, lat1, lon2, lat2)`` in a layer, replacing it.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.add_lines("links", [(-0.1, 51.5, 25.9, 59.2)])
        >>> m.layer_names()
        ['links']
        """
        self.clear(layer)
        artists = []
        for lon1, lat1, lon2, lat2 in segments:
            between = _GEOD.npts(lon1, lat1, lon2, lat2, 30)
            lons = [lon1, *[p[0] for p in between], lon2]
            lats = [lat1, *[p[1] for p in between], lat2]
            x, y = geo.project(lons, lats)
            (line,) = self.ax.plot(
                x, y, color=color, linewidth=width, linestyle=style_, zorder=3, alpha=0.9
            )
            artists.append(line)
        self._layers[layer] = artists

    def add_shape(
        self,
        layer: str,
        polygon,
        edgecolor: str = style.COLORS["highlight"],
        facecolor: str = "none",
        alpha: float = 0.15,
        linestyle: str = "--",
        projected: bool = False,
        linewidth: float = 1.6,
    ) -> None:
        """Draw a polygon (e.g. a range ring) in a layer, replacing what the layer held.

        The polygon is in longitude/latitude, or in LAEA Europe metres with ``projected=True``
        (e.g. a piece cut from :func:`natokit.geo.country_geometry`).

        Examples
        --------
        >>> from natokit.geo import range_ring
        >>> m = EuropeMap()
        >>> m.add_shape("ring", range_ring(24.7, 42.3, 300))
        >>> m.layer_names()
        ['ring']
        """
        self.clear(layer)
        path = _geometry_to_path(polygon if projected else geo.to_europe(polygon))
        artists = []
        if facecolor != "none":
            artists.append(
                self.ax.add_patch(
                    PathPatch(path, facecolor=facecolor, edgecolor="none", alpha=alpha, zorder=2)
                )
            )
        artists.append(
            self.ax.add_patch(
                PathPatch(
                    path,
                    facecolor="none",
                    edgecolor=edgecolor,
                    linewidth=linewidth,
                    linestyle=linestyle,
                    zorder=3,
                )
            )
        )
        self._layers[layer] = artists

    # -- legend ----------------------------------------------------------------------------

    def set_legend(
        self,
        entries: Sequence[tuple[str, str, str]],
        title: str | None = None,
        loc: str = "upper left",
    ) -> None:
        """Replace the legend; each entry is ``(label, colour, kind)``, kind in patch/point/line.

        Examples
        --------
        >>> m = EuropeMap()
        >>> m.set_legend([("Allies", "#0072B2", "patch"), ("Bases", "#D55E00", "point")])
        >>> m.legend_labels()
        ['Allies', 'Bases']
        """
        if self._legend is not None and self._legend_entries == (list(entries), title, loc):
            return  # unchanged: keep the artist, so fast frames reuse its cached image
        if self._legend is not None:
            self._legend.remove()
        self._legend_entries = (list(entries), title, loc)
        handles = [_legend_handle(label, color, kind) for label, color, kind in entries]
        self._legend = self.ax.legend(
            handles=handles,
            title=title,
            loc=loc,
            fontsize=self._sizes["small"],
            title_fontsize=self._sizes["small"],
            framealpha=0.92,
        )

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


def _legend_handle(label: str, color: str, kind: str):
    if kind == "patch":
        return Patch(facecolor=color, edgecolor="none", label=label)
    if kind == "point":
        return Line2D(
            [], [], marker="o", linestyle="none", color=color, markeredgecolor="white", label=label
        )
    if kind == "line":
        return Line2D([], [], color=color, label=label)
    if kind == "dashed":
        return Line2D([], [], color=color, linestyle="--", label=label)
    raise ValueError(f"legend kind must be patch, point, line or dashed, not {kind!r}")


def _rgba(color: str):
    from matplotlib.colors import to_rgba

    return to_rgba(color)
