"""Pure geographic computations: borders, distances, range rings, membership on a date.

Lengths and distances are computed where they are right, not where they are easy:

* border lengths in the equal-area LAEA Europe projection (EPSG:3035), whose scale error is below
  about 1% over the continent;
* distances between points on the WGS84 ellipsoid (geodesics), not in degrees;
* range rings as geodesic circles. A circle drawn in degrees is an ellipse on the ground (at 60°N a
  degree of longitude is half a degree of latitude), so it is never used.

Every function here is pure (the same input gives the same answer, nothing is drawn) and refuses
input it cannot answer for with a ``ValueError`` that says what to write instead: unknown country
codes, a border of a country with itself, a bare year or an unreadable date, a speed of zero, a
range ring that would reach a pole. The explorers in :mod:`natokit.explore` only draw what the
functions below return (:func:`reach`, :func:`battlegroup_map`, :func:`membership_in_year`).

Examples
--------
>>> from natokit import geo
>>> round(geo.geodesic_distance_km(4.9, 52.37, 4.9, 53.37))
111
>>> geo.members_on("1949-12-31")["iso3"].size
12
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike
from pyproj import Geod, Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .data import EXTRA_CODES, fingerprint, load
from .dates import parse_date

__all__ = [
    "EUROPE_CRS",
    "MAX_RING_KM",
    "MIN_RING_KM",
    "DATED_PRECISIONS",
    "BattlegroupLink",
    "BattlegroupMap",
    "Membership",
    "Reach",
    "alignment",
    "base_position",
    "battlegroup_map",
    "battlegroup_steps",
    "battlegroups_on",
    "border_comparison",
    "border_length_km",
    "border_total_km",
    "capital_position",
    "check_country",
    "countries_reached",
    "country_geometry",
    "country_name",
    "country_names",
    "geodesic_distance_km",
    "members_on",
    "membership_in_year",
    "nearest_points_lonlat",
    "part_touching",
    "points_within_km",
    "project",
    "range_ring",
    "reach",
    "reach_km",
    "ring_overlap",
    "shortest_distance_km",
    "to_europe",
    "to_lonlat",
    "undated_battlegroups",
]

EUROPE_CRS = "EPSG:3035"  # ETRS89 / LAEA Europe: equal-area, for lengths and areas
#: Smallest range-ring radius, in km: below it a ring's vertices would round onto each other.
MIN_RING_KM = 0.01
#: Largest range-ring radius, in km: rings stay well inside a hemisphere and off the poles.
MAX_RING_KM = 5000.0
#: Date precisions precise enough for a slider step or an "on this date" answer.
DATED_PRECISIONS = ("day", "month")
_GEOD = Geod(ellps="WGS84")


# -- small input checks ----------------------------------------------------------------------


def _short(value: object, limit: int = 60) -> str:
    """``repr`` of a value, cut so a huge array or text does not flood a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number(value: object, name: str) -> float:
    """A finite real number, or a ``ValueError`` that names the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, not {_short(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {number}")
    return number


def _lon_lat(lon: object, lat: object) -> tuple[float, float]:
    lon_f, lat_f = _number(lon, "lon"), _number(lat, "lat")
    if not -180.0 <= lon_f <= 180.0:
        raise ValueError(f"lon must be between -180 and 180 degrees, not {lon_f}")
    if not -90.0 <= lat_f <= 90.0:
        raise ValueError(f"lat must be between -90 and 90 degrees, not {lat_f}")
    return lon_f, lat_f


# -- projections -----------------------------------------------------------------------------


#: EUROPE_CRS's projection, as PROJ defines EPSG:3035 (GRS80 ellipsoid, metres).
_LAEA_EUROPE = "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80"


# The transformations written out as PROJ pipelines: the operation PROJ chooses between
# EPSG:4326 and EPSG:3035 with longitude first (no datum shift between WGS 84 and ETRS89 at
# this scale), built without looking both systems up in PROJ's database, which takes about
# 60 ms per transformer: most of the projections' share of a notebook's first map.
# tests/test_geo.py compares them with ``Transformer.from_crs``.
@lru_cache(maxsize=1)
def _to_europe() -> Transformer:
    return Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {_LAEA_EUROPE}"
    )


def project(lon: ArrayLike, lat: ArrayLike) -> tuple:
    """Project longitude/latitude (degrees) to LAEA Europe metres.

    Examples
    --------
    >>> x, y = project(10.0, 52.0)
    >>> round(x), round(y)
    (4321000, 3210000)
    """
    return _to_europe().transform(lon, lat)


@lru_cache(maxsize=1)
def _to_lonlat() -> Transformer:
    return Transformer.from_pipeline(
        f"+proj=pipeline +step +inv {_LAEA_EUROPE} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )


def to_europe(geometry: BaseGeometry) -> BaseGeometry:
    """Reproject a longitude/latitude geometry to LAEA Europe metres.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(to_europe(Point(10.0, 52.0)).x)
    4321000
    """
    return shapely.transform(geometry, _to_europe().transform, interleaved=False)


def to_lonlat(geometry: BaseGeometry) -> BaseGeometry:
    """Reproject a LAEA Europe geometry back to longitude/latitude.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> round(to_lonlat(Point(4321000, 3210000)).x, 3)
    10.0
    """
    return shapely.transform(geometry, _to_lonlat().transform, interleaved=False)


# -- countries: one lookup each for names and geometries -----------------------------------------


def _countries_projected():
    # Caches here are keyed on data.fingerprint, so switching NATOKIT_DATA or editing a file
    # never serves stale results.
    return _countries_projected_cached(fingerprint("countries"))


@lru_cache(maxsize=2)
def _countries_projected_cached(_key: tuple):
    countries = load("countries")
    if countries.crs is None or countries.crs.to_epsg() != 4326:  # pragma: no cover - data check
        raise ValueError(f"data/countries.geojson must be in EPSG:4326, not {countries.crs}")
    countries = countries.set_geometry(
        to_europe(countries.geometry.values), crs=EUROPE_CRS
    ).set_index("iso3")
    # Far from the projection's centre (Libya) projecting can fold a ring onto itself; repair
    # such parts (polygons only) so intersections with a range ring never fail.
    geoms = countries.geometry.values
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        countries.loc[invalid, "geometry"] = repaired
    return countries


@lru_cache(maxsize=2)
def _names_cached(_key: tuple) -> dict[str, str]:
    countries = _countries_projected_cached(_key)
    return dict(zip(countries.index, countries["name"], strict=True))


def _names() -> dict[str, str]:
    return _names_cached(fingerprint("countries"))


@lru_cache(maxsize=2)
def _off_map_names_cached(_key: tuple) -> dict[str, str]:
    members = load("members")
    return {
        code: name
        for code, name in zip(members["iso3"], members["name"], strict=True)
        if code in EXTRA_CODES
    }


def _all_names() -> dict[str, str]:
    """Names of every country the kit knows (basemap and allies off it), fetched once per call."""
    return {**_names(), **_off_map_names_cached(fingerprint("members"))}


@lru_cache(maxsize=4)
def _positions_cached(_key: tuple, dataset: str, column: str) -> dict:
    table = load(dataset).drop_duplicates(column)
    return {
        key: (float(lon), float(lat))
        for key, lon, lat in zip(table[column], table["lon"], table["lat"], strict=True)
    }


def country_names() -> dict[str, str]:
    """Map ISO3 code to country name for every country on the basemap.

    Examples
    --------
    >>> country_names()["NLD"]
    'Netherlands'
    """
    return dict(_names())


def country_name(iso3: str) -> str:
    """The plain English name of a country code: the kit's one code -> name lookup.

    Covers every country on the basemap and the allies that lie off it (Canada, the United
    States, named as in ``data/members.csv``).

    Raises
    ------
    ValueError
        For a code the kit does not know (the message suggests the code for a name).

    Examples
    --------
    >>> country_name("CZE"), country_name("USA")
    ('Czechia', 'United States')
    >>> country_name("XXX")
    Traceback (most recent call last):
    ...
    ValueError: Unknown country 'XXX'. Use ISO 3166-1 alpha-3 codes such as 'NLD' ...
    """
    names = _names()
    if isinstance(iso3, str) and iso3 in names:
        return names[iso3]
    off_map = _off_map_names_cached(fingerprint("members"))
    if isinstance(iso3, str) and iso3 in off_map:
        return off_map[iso3]
    check_country(iso3)  # raises the helpful message
    raise AssertionError("unreachable")  # pragma: no cover


def check_country(iso3: str) -> str:
    """Return ``iso3`` if it is on the basemap, else raise a ``ValueError`` that helps.

    Examples
    --------
    >>> check_country("FIN")
    'FIN'
    >>> check_country("Finland")
    Traceback (most recent call last):
    ...
    ValueError: Unknown country 'Finland'. Did you mean 'FIN'? Use ISO 3166-1 alpha-3 codes ...
    """
    names = _names()
    if isinstance(iso3, str) and iso3 in names:
        return iso3
    hint = ""
    if isinstance(iso3, str):
        by_name = {n.lower(): c for c, n in names.items()}
        if iso3.lower() in by_name:
            hint = f" Did you mean '{by_name[iso3.lower()]}'?"
        elif iso3.upper() in names:
            hint = f" Did you mean '{iso3.upper()}'?"
        elif iso3 in EXTRA_CODES:
            hint = f" {EXTRA_CODES[iso3]}."
    raise ValueError(
        f"Unknown country {_short(iso3)}.{hint} Use ISO 3166-1 alpha-3 codes such as 'NLD' "
        f"(Netherlands) or 'FIN' (Finland); natokit.geo.country_names() lists them all."
    )


def country_geometry(iso3: str, projected: bool = True) -> BaseGeometry:
    """Geometry of one country, in LAEA Europe metres (default) or in longitude/latitude.

    Examples
    --------
    >>> country_geometry("NLD").area > 0
    True
    """
    geometry = _countries_projected().loc[check_country(iso3), "geometry"]
    return geometry if projected else to_lonlat(geometry)


# -- places: one lookup each for bases and capitals ---------------------------------------------


def base_position(base: str) -> tuple[float, float]:
    """Longitude and latitude of an Air Policing base, from ``data/air_policing.csv``.

    The kit's one base -> coordinates lookup.

    Examples
    --------
    >>> lon, lat = base_position("Graf Ignatievo")
    >>> round(lon, 1), round(lat, 1)
    (24.7, 42.3)
    >>> base_position("Atlantis")
    Traceback (most recent call last):
    ...
    ValueError: Unknown base 'Atlantis'; data/air_policing.csv has: ...
    """
    bases = _positions_cached(fingerprint("air_policing"), "air_policing", "base")
    if not isinstance(base, str) or base not in bases:
        raise ValueError(
            f"Unknown base {_short(base)}; data/air_policing.csv has: {', '.join(sorted(bases))}"
        )
    return bases[base]


def capital_position(iso3: str) -> tuple[float, float]:
    """Longitude and latitude of a country's capital, from ``data/capitals.csv``.

    Examples
    --------
    >>> lon, lat = capital_position("BGR")
    >>> round(lon, 1), round(lat, 1)
    (23.3, 42.7)
    """
    capitals = _positions_cached(fingerprint("capitals"), "capitals", "iso3")
    if not isinstance(iso3, str) or iso3 not in capitals:
        raise ValueError(f"No capital for {_short(iso3)} in data/capitals.csv")
    return capitals[iso3]


# -- borders ----------------------------------------------------------------------------------


def border_length_km(a: str, b: str) -> float:
    """Length of the land border two countries share, in km, on the kit's basemap.

    Measured in the LAEA Europe projection. The result is shorter than a surveyed figure, and
    by how much depends on the border, so do not read it as the border's real length. Two steps
    lose length, and the first loses most (measured with ``scripts/build_basemap.py``, see
    ``data/border_lengths_ne10m.csv``):

    * the source, Natural Earth 1:10m, already smooths every bend smaller than its scale:
      Finland-Russia measures 1,225 km on the unsimplified source against the published
      1,340 km (-8.6%); borders that follow winding rivers lose more;
    * the kit's coverage simplification (1.5 km tolerance) then costs from 0.04%
      (Poland-Russia) to 3.5% (Romania-Moldova), and 0.3% on Finland-Russia (1,221 km).

    Against the published lengths in ``data/border_lengths.csv`` (November 2026) the source
    falls short by 2% (Poland-Russia) to 34% (Ukraine-Russia), the simplification by at most
    3.5% more.

    :func:`border_comparison` shows all three figures side by side.

    Parameters
    ----------
    a, b : str
        ISO 3166-1 alpha-3 codes of two different countries on the basemap.

    Returns
    -------
    float
        0.0 when the two countries do not touch.

    Raises
    ------
    ValueError
        For an unknown code, or for a border of a country with itself.

    Examples
    --------
    >>> border_length_km("FIN", "RUS") > 1000
    True
    >>> border_length_km("NLD", "FIN")
    0.0
    >>> border_length_km("FIN", "FIN")
    Traceback (most recent call last):
    ...
    ValueError: A country has no border with itself ('FIN' twice); give two different codes.
    """
    geom_a, geom_b = country_geometry(a), country_geometry(b)
    if a == b:
        raise ValueError(
            f"A country has no border with itself ({a!r} twice); give two different codes."
        )
    shared = geom_a.boundary.intersection(geom_b.boundary)
    # Points where borders merely touch have no length; only line parts count.
    return float(shapely.length(shared)) / 1000.0


def border_total_km(countries: Iterable[str], neighbour: str) -> float:
    """Total length of the land border a group of countries shares with one neighbour, in km.

    Allies that lie off the basemap (Canada, the United States) contribute nothing. Any other
    unknown code is refused, and so is the neighbour itself in the group (a country has no
    border with itself). The caveats of :func:`border_length_km` apply.

    Examples
    --------
    >>> total = border_total_km(["FIN", "EST"], "RUS")
    >>> total == border_length_km("FIN", "RUS") + border_length_km("EST", "RUS")
    True
    >>> border_total_km(["FIN", "Narnia"], "RUS")
    Traceback (most recent call last):
    ...
    ValueError: Unknown country 'Narnia'. Use ISO 3166-1 alpha-3 codes ...
    """
    if isinstance(countries, str) or not isinstance(countries, Iterable):
        raise ValueError(
            f"countries must be a list of ISO3 codes such as ['FIN', 'EST'], not {_short(countries)}"
        )
    codes = list(countries)
    check_country(neighbour)
    for code in codes:
        if not (isinstance(code, str) and code in EXTRA_CODES):
            check_country(code)
    if neighbour in codes:
        raise ValueError(
            f"{neighbour!r} is both in the group and the neighbour; a country has no border "
            "with itself. Leave it out of the group."
        )
    return sum(border_length_km(code, neighbour) for code in codes if code not in EXTRA_CODES)


def border_comparison(pairs: Sequence[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Border lengths three ways: on the kit's basemap, on the unsimplified source, published.

    Parameters
    ----------
    pairs : sequence of (str, str), optional
        Borders to compare as ISO3 pairs; by default every pair in
        ``data/border_lengths_ne10m.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per pair (and per published figure, when there are several), columns:
        ``a``, ``b``; ``computed_km`` (on the kit's basemap); ``ne10m_km`` (on unsimplified
        Natural Earth 1:10m, from ``data/border_lengths_ne10m.csv``); ``simplification_pct``
        (what the kit's simplification costs, ``computed`` against ``ne10m``);
        ``published_km``, ``published_confirmed`` and ``published_source`` (from
        ``data/border_lengths.csv``, empty when no figure is recorded); ``source_pct`` (what the
        1:10m source loses, ``ne10m`` against ``published``) and ``difference_pct``
        (``computed`` against ``published``). Percentages are ``100 * (x / reference - 1)``.

    Raises
    ------
    ValueError
        For an unknown code, a pair of one country with itself, a pair the ne10m table does not
        hold (rebuild it with ``scripts/build_basemap.py``), or a pair that does not touch.

    Examples
    --------
    >>> table = border_comparison([("FIN", "RUS")])
    >>> row = table.iloc[0]
    >>> bool(abs(row["simplification_pct"]) < 0.5)
    True
    >>> bool(row["ne10m_km"] > row["computed_km"])  # simplifying only ever shortens it
    True
    """
    ne10m = load("border_lengths_ne10m")
    by_pair = {
        frozenset((a, b)): km
        for a, b, km in zip(ne10m["a_iso3"], ne10m["b_iso3"], ne10m["ne10m_km"], strict=True)
    }
    if pairs is None:
        pairs = list(zip(ne10m["a_iso3"], ne10m["b_iso3"], strict=True))
    if isinstance(pairs, str) or not isinstance(pairs, Iterable):
        raise ValueError(f"pairs must be a list of (a, b) ISO3 pairs, not {_short(pairs)}")
    published = load("border_lengths")
    rows = []
    for pair in pairs:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(
                f"Each pair must be two ISO3 codes such as ('FIN', 'RUS'), not {_short(pair)}"
            )
        a, b = pair
        computed = border_length_km(a, b)  # checks both codes and a != b
        key = frozenset((a, b))
        if key not in by_pair:
            raise ValueError(
                f"No Natural Earth 1:10m length for {a}-{b} in data/border_lengths_ne10m.csv; "
                "add the pair to scripts/build_basemap.py and rebuild."
            )
        if computed == 0.0:
            raise ValueError(f"{a} and {b} do not share a border on the basemap")
        ne_km = float(by_pair[key])
        match = published[
            ((published["a_iso3"] == a) & (published["b_iso3"] == b))
            | ((published["a_iso3"] == b) & (published["b_iso3"] == a))
        ]
        figures = (
            [(float(r.published_km), bool(r.confirmed), r.source) for r in match.itertuples()]
            if len(match)
            else [(np.nan, pd.NA, "")]
        )
        for published_km, confirmed, source in figures:
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "computed_km": computed,
                    "ne10m_km": ne_km,
                    "simplification_pct": 100.0 * (computed / ne_km - 1.0),
                    "published_km": published_km,
                    "published_confirmed": confirmed,
                    "published_source": source,
                    "source_pct": 100.0 * (ne_km / published_km - 1.0),
                    "difference_pct": 100.0 * (computed / published_km - 1.0),
                }
            )
    columns = [
        "a",
        "b",
        "computed_km",
        "ne10m_km",
        "simplification_pct",
        "published_km",
        "published_confirmed",
        "published_source",
        "source_pct",
        "difference_pct",
    ]
    return pd.DataFrame(rows, columns=columns)


# -- distances and rings ----------------------------------------------------------------------


def geodesic_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two points along the WGS84 ellipsoid, in km.

    Examples
    --------
    >>> round(geodesic_distance_km(0, 0, 1, 0), 1)
    111.3
    >>> geodesic_distance_km(0, 95, 1, 0)
    Traceback (most recent call last):
    ...
    ValueError: lat must be between -90 and 90 degrees, not 95.0
    """
    lon1, lat1 = _lon_lat(lon1, lat1)
    lon2, lat2 = _lon_lat(lon2, lat2)
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def part_touching(iso3: str, neighbour: str) -> BaseGeometry:
    """The part(s) of a country that touch a given neighbour, in LAEA Europe metres.

    Picks an exclave without hard-coding coordinates: Russia's only part that touches Poland is
    the Kaliningrad exclave.

    Examples
    --------
    >>> kaliningrad = part_touching("RUS", "POL")
    >>> kaliningrad.area < country_geometry("LTU").area
    True
    """
    other = country_geometry(neighbour)
    parts = [p for p in shapely.get_parts(country_geometry(iso3)) if p.intersects(other)]
    if not parts:
        raise ValueError(f"{iso3} does not touch {neighbour} on the basemap")
    return shapely.union_all(parts)


def shortest_distance_km(a: str | BaseGeometry, b: str | BaseGeometry) -> float:
    """Shortest distance between two countries (or projected geometries), in km.

    The two closest points are found in LAEA Europe, then measured along the ellipsoid.

    Examples
    --------
    >>> gap = shortest_distance_km("BLR", part_touching("RUS", "POL"))  # the Suwałki gap
    >>> 55 < gap < 75
    True
    """
    (lon1, lat1), (lon2, lat2) = nearest_points_lonlat(a, b)
    return geodesic_distance_km(lon1, lat1, lon2, lat2)


def nearest_points_lonlat(
    a: str | BaseGeometry, b: str | BaseGeometry
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The closest pair of points of two countries (or projected geometries), as (lon, lat).

    Examples
    --------
    >>> (lon1, lat1), (lon2, lat2) = nearest_points_lonlat("BLR", part_touching("RUS", "POL"))
    >>> lon1 > lon2  # Belarus lies east of Kaliningrad
    True
    """
    geom_a = a if isinstance(a, BaseGeometry) else country_geometry(a)
    geom_b = b if isinstance(b, BaseGeometry) else country_geometry(b)
    if geom_a.is_empty or geom_b.is_empty:
        raise ValueError("an empty geometry has no nearest point")
    point_a, point_b = shapely.ops.nearest_points(geom_a, geom_b)
    back = _to_lonlat()
    return back.transform(point_a.x, point_a.y), back.transform(point_b.x, point_b.y)


def range_ring(lon: float, lat: float, radius_km: float, n_points: int = 181) -> Polygon:
    """A geodesic circle: every point ``radius_km`` from the centre along the ellipsoid.

    Returned in longitude/latitude; correct at high latitude, where a circle in degrees would
    be squashed. Two cases a longitude/latitude polygon cannot hold are handled explicitly:

    * a ring that would enclose (or touch) a pole is refused with a ``ValueError``, since no
      simple polygon in longitude/latitude can draw it;
    * a ring that crosses the antimeridian (180°) keeps its longitudes continuous around the
      centre, so some lie beyond ±180° (e.g. 181°) instead of jumping across the globe; the
      polygon stays valid and as wide as the ring.

    Parameters
    ----------
    lon, lat : float
        Centre in degrees (-180..180, -90..90).
    radius_km : float
        Radius in km, from :data:`MIN_RING_KM` (10 m) to :data:`MAX_RING_KM`.
    n_points : int
        Number of vertices, 8 or more.

    Examples
    --------
    >>> ring = range_ring(24.0, 60.0, 100)
    >>> round(geodesic_distance_km(24.0, 60.0, *ring.exterior.coords[10]))
    100
    >>> max(x for x, _ in range_ring(179.5, 60.0, 100).exterior.coords) > 180
    True
    >>> range_ring(0.0, 88.0, 300)
    Traceback (most recent call last):
    ...
    ValueError: A 300 km ring around (0.0, 88.0) would reach the North Pole (223 km away); ...
    """
    lon, lat = _lon_lat(lon, lat)
    radius = _number(radius_km, "radius_km")
    if not MIN_RING_KM <= radius <= MAX_RING_KM:
        raise ValueError(
            f"radius_km must be between {MIN_RING_KM:g} and {MAX_RING_KM:g} km, not {radius}"
        )
    if isinstance(n_points, bool) or not isinstance(n_points, numbers.Integral) or n_points < 8:
        raise ValueError(f"n_points must be a whole number of 8 or more, not {_short(n_points)}")
    for pole_lat, pole in ((90.0, "North Pole"), (-90.0, "South Pole")):
        to_pole = _GEOD.inv(lon, lat, lon, pole_lat)[2] / 1000.0
        if to_pole <= radius:
            raise ValueError(
                f"A {radius:g} km ring around ({lon}, {lat}) would reach the {pole} "
                f"({to_pole:.0f} km away); a longitude/latitude polygon cannot enclose a pole. "
                "Use a smaller radius or a centre further from the pole."
            )
    azimuths = np.linspace(0.0, 360.0, int(n_points), endpoint=False)
    lons, lats, _ = _GEOD.fwd(
        np.full(int(n_points), lon),
        np.full(int(n_points), lat),
        azimuths,
        np.full(int(n_points), radius * 1000.0),
    )
    # Keep longitudes continuous around the centre: no jump of 360° at the antimeridian.
    lons = lon + (np.asarray(lons) - lon + 180.0) % 360.0 - 180.0
    return Polygon(np.column_stack([lons, lats]))  # an array: far faster than tuples


def points_within_km(
    lon: float, lat: float, radius_km: float, points: pd.DataFrame
) -> pd.DataFrame:
    """Rows of ``points`` (with ``lon``/``lat`` columns) within ``radius_km`` of a centre.

    Adds a ``distance_km`` column and sorts by it. The test is the exact geodesic distance, so
    it agrees with :func:`range_ring` drawn on a map.

    Examples
    --------
    >>> import pandas as pd
    >>> towns = pd.DataFrame({"name": ["a", "b"], "lon": [24.0, 30.0], "lat": [60.5, 60.0]})
    >>> points_within_km(24.0, 60.0, 100, towns)["name"].tolist()
    ['a']
    """
    lon, lat = _lon_lat(lon, lat)
    radius = _number(radius_km, "radius_km")
    if radius < 0:
        raise ValueError(f"radius_km must be 0 or more, not {radius}")
    _, _, metres = _GEOD.inv(
        np.full(len(points), lon),
        np.full(len(points), lat),
        points["lon"].to_numpy(dtype=float),
        points["lat"].to_numpy(dtype=float),
    )
    distance = np.asarray(metres, dtype=float).reshape(-1) / 1000.0
    inside = np.flatnonzero(distance <= radius)
    # The order pandas' sort_values("distance_km") gives (the same sort), without its overhead.
    order = inside[np.argsort(distance[inside], kind="quicksort")]
    return points.iloc[order].assign(distance_km=distance[order])


def ring_overlap(ring: Polygon) -> dict[str, BaseGeometry]:
    """For each country a ring (in longitude/latitude) overlaps, the part inside it (LAEA metres).

    Examples
    --------
    >>> parts = ring_overlap(range_ring(24.75, 59.44, 50))
    >>> parts["EST"].area < country_geometry("EST").area
    True
    """
    projected = to_europe(ring)
    codes, geometries = _country_arrays(fingerprint("countries"))
    hit = shapely.intersects(geometries, projected)  # prepared: a quick test per country
    parts = dict(zip(codes[hit], shapely.intersection(geometries[hit], projected), strict=True))
    return {str(code): part for code, part in sorted(parts.items()) if part.area > 0}


@lru_cache(maxsize=2)
def _country_arrays(_key: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Codes and prepared geometries (LAEA) of the basemap, as arrays for vectorised tests."""
    countries = _countries_projected_cached(_key)
    geometries = np.array(countries.geometry.values, dtype=object)
    shapely.prepare(geometries)
    return np.array(countries.index, dtype=object), geometries


def countries_reached(ring: Polygon) -> list[str]:
    """ISO3 codes of the countries a ring (in longitude/latitude) overlaps, sorted.

    Examples
    --------
    >>> "EST" in countries_reached(range_ring(24.75, 59.44, 50))
    True
    """
    return list(ring_overlap(ring))


def reach_km(minutes: float, speed_kmh: float) -> float:
    """Distance covered in ``minutes`` at ``speed_kmh``.

    Both must be finite numbers greater than 0.

    Examples
    --------
    >>> reach_km(15, 800)
    200.0
    >>> reach_km(10, 0)
    Traceback (most recent call last):
    ...
    ValueError: speed_kmh must be more than 0, not 0.0
    """
    minutes_f = _number(minutes, "minutes")
    speed = _number(speed_kmh, "speed_kmh")
    if minutes_f <= 0:
        raise ValueError(f"minutes must be more than 0, not {minutes_f}")
    if speed <= 0:
        raise ValueError(f"speed_kmh must be more than 0, not {speed}")
    return speed * minutes_f / 60.0


@dataclass(frozen=True, eq=False)
class Reach:
    """How far an aircraft gets from a point: the result of :func:`reach`.

    Attributes
    ----------
    lon, lat : float
        The starting point.
    minutes, speed_kmh : float
        The flight time and the assumed average speed.
    radius_km : float
        Distance covered.
    ring : shapely.Polygon
        The geodesic circle of that radius, in longitude/latitude.
    parts : dict of str to geometry
        For each country the ring overlaps, the part inside it (LAEA Europe metres).
    countries : list of str
        ISO3 codes of those countries, sorted (the country of the starting point included).
    capitals : pandas.DataFrame
        Capitals within ``radius_km``, nearest first, with a ``distance_km`` column.

    Examples
    --------
    >>> r = reach(24.0, 56.0, 6, 600)
    >>> r.radius_km, r.ring.is_valid
    (60.0, True)
    """

    lon: float
    lat: float
    minutes: float
    speed_kmh: float
    radius_km: float
    ring: Polygon
    parts: dict[str, BaseGeometry] = field(repr=False)
    countries: list[str]
    capitals: pd.DataFrame = field(repr=False)


def reach(
    lon: float,
    lat: float,
    minutes: float,
    speed_kmh: float,
    capitals: pd.DataFrame | None = None,
) -> Reach:
    """What lies within ``minutes`` of flight at ``speed_kmh`` from a point.

    Parameters
    ----------
    lon, lat : float
        Starting point in degrees.
    minutes : float
        Flight time, more than 0.
    speed_kmh : float
        Assumed average speed, more than 0. The radius ``minutes * speed_kmh / 60`` must not
        exceed :data:`MAX_RING_KM` nor reach a pole (see :func:`range_ring`).
    capitals : DataFrame, optional
        Points with ``lon``/``lat`` columns; ``data/capitals.csv`` when not given.

    Returns
    -------
    Reach

    Raises
    ------
    ValueError
        For a non-number, NaN, infinity, zero or negative time or speed, a point off the globe,
        or a radius a ring cannot have.

    Examples
    --------
    >>> r = reach(23.38, 55.89, 20, 600)  # from Šiauliai, 20 min at an assumed 600 km/h
    >>> r.radius_km
    200.0
    >>> "LVA" in r.countries, r.capitals["capital"].iloc[0]
    (True, 'Riga')
    """
    radius = reach_km(minutes, speed_kmh)
    ring = range_ring(lon, lat, radius)
    parts = ring_overlap(ring)
    table = load("capitals") if capitals is None else capitals
    return Reach(
        lon=float(lon),
        lat=float(lat),
        minutes=float(minutes),
        speed_kmh=float(speed_kmh),
        radius_km=radius,
        ring=ring,
        parts=parts,
        countries=sorted(parts),
        capitals=points_within_km(lon, lat, radius, table).reset_index(drop=True),
    )


def alignment(codes: Iterable[str], date: object = None) -> dict[str, str]:
    """Sort countries into ``"ally"``, ``"russia"``, ``"belarus"`` or ``"other"`` on a date.

    ``"other"`` covers every state that is not an ally (partners such as Ukraine, neutral
    states). Used to colour what a reach or a map shows by what each country is.

    Parameters
    ----------
    codes : iterable of str
        ISO3 codes on the basemap or allies off it.
    date : date-like, optional
        Membership on this date (see :func:`members_on`); the latest membership in
        ``data/members.csv`` when not given.

    Examples
    --------
    >>> alignment(["FIN", "RUS", "BLR", "UKR"])
    {'FIN': 'ally', 'RUS': 'russia', 'BLR': 'belarus', 'UKR': 'other'}
    >>> alignment(["FIN"], "2022-06-15")
    {'FIN': 'other'}
    """
    members = load("members")
    allies = set((members if date is None else members_on(date, members))["iso3"])
    known = _names()  # fetched once: a check per code would look up the data files each time
    out = {}
    for code in codes:
        if not (isinstance(code, str) and (code in EXTRA_CODES or code in known)):
            check_country(code)  # raises the helpful message
        if code == "RUS":
            out[code] = "russia"
        elif code == "BLR":
            out[code] = "belarus"
        else:
            out[code] = "ally" if code in allies else "other"
    return out


# -- membership ------------------------------------------------------------------------------


def members_on(date: object, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """The allies that were members of NATO on a given date (accession on or before it).

    Parameters
    ----------
    date : str or datetime-like
        ``"YYYY-MM-DD"`` text or a date object, read by :func:`natokit.dates.parse_date`. A bare
        year such as ``2004`` is refused (write ``"2004-12-31"`` for the end of that year).
    members : DataFrame, optional
        The ``members`` table; loaded when not given.

    Examples
    --------
    >>> len(members_on("2023-04-04"))
    31
    >>> len(members_on("2023-04-03"))
    30
    >>> members_on(2004)
    Traceback (most recent call last):
    ...
    ValueError: 2004 is not a date; write it as 'YYYY-MM-DD', e.g. '2022-06-15' (for a whole year, use '2004-12-31').
    """
    when = parse_date(date, what="membership date")
    table = load("members") if members is None else members
    return table[table["accession_date"] <= when].sort_values(["accession_date", "iso3"])


@dataclass(frozen=True, eq=False)
class Membership:
    """NATO at the end of one year: the result of :func:`membership_in_year`.

    Attributes
    ----------
    year : int
    members : pandas.DataFrame
        Rows of ``data/members.csv`` with accession on or before 31 December of ``year``.
    joined : list of str
        ISO3 codes of the allies that joined during ``year``, sorted by name.
    before : list of str
        ISO3 codes of the allies that were members before ``year``.

    Examples
    --------
    >>> membership_in_year(2023).joined
    ['FIN']
    """

    year: int
    members: pd.DataFrame = field(repr=False)
    joined: list[str]
    before: list[str]

    @property
    def count(self) -> int:
        """Number of allies at the end of the year."""
        return len(self.members)


def membership_in_year(year: int, members: pd.DataFrame | None = None) -> Membership:
    """Who was an ally at the end of ``year``, and who joined during it.

    Parameters
    ----------
    year : int
        A whole year from 1 to 9999. Years before 1949 have no allies.
    members : DataFrame, optional
        The ``members`` table; loaded when not given.

    Examples
    --------
    >>> m = membership_in_year(1999)
    >>> m.count, m.joined
    (19, ['CZE', 'HUN', 'POL'])
    >>> membership_in_year(1999.5)
    Traceback (most recent call last):
    ...
    ValueError: year must be a whole number such as 2004, not 1999.5
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral) or not 1 <= year <= 9999:
        raise ValueError(f"year must be a whole number such as 2004, not {_short(year)}")
    table = load("members") if members is None else members
    current = members_on(f"{int(year):04d}-12-31", table)
    years = current["accession_date"].dt.year
    joined = current[years == year].sort_values("name")
    return Membership(
        year=int(year),
        members=current,
        joined=list(joined["iso3"]),
        before=list(current.loc[years < year, "iso3"]),
    )


# -- battlegroups ----------------------------------------------------------------------------


def _dated(table: pd.DataFrame) -> pd.Series:
    """Rows whose start is known at least to the month."""
    return table["date_precision"].isin(DATED_PRECISIONS)


def undated_battlegroups(groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Battlegroup rows left out of date-driven views: their start is known only to the year.

    :func:`battlegroups_on` and :func:`battlegroup_steps` follow the ``date_precision``
    column: a start known only to the year would put a battlegroup on a made-up day (such as
    1 January), so such rows are listed here for a note instead.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"host_iso3": ["AAA", "BBB"], "date_precision": ["day", "year"]})
    >>> undated_battlegroups(rows)["host_iso3"].tolist()
    ['BBB']
    """
    table = load("battlegroups") if groups is None else groups
    return table[~_dated(table)].reset_index(drop=True)


def battlegroups_on(date: object, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """The battlegroup rows (host, framework nation) in force on a date.

    A row counts from ``framework_from`` up to and including ``framework_to`` (open-ended when
    empty). Rows whose start is known only to the year are left out (see
    :func:`undated_battlegroups`).

    Parameters
    ----------
    date : str or datetime-like
        Read by :func:`natokit.dates.parse_date` (``"YYYY-MM-DD"``; a bare year is refused).
    groups : DataFrame, optional
        The ``battlegroups`` table; loaded when not given.

    Examples
    --------
    >>> len(battlegroups_on("2017-12-31"))
    4
    >>> battlegroups_on("2017")
    Traceback (most recent call last):
    ...
    ValueError: '2017' is not a date; write it as 'YYYY-MM-DD', e.g. '2022-06-15'.
    """
    when = parse_date(date, what="battlegroup date")
    table = load("battlegroups") if groups is None else groups
    started = table["framework_from"] <= when
    not_ended = table["framework_to"].isna() | (table["framework_to"] >= when)
    rows = np.flatnonzero((_dated(table) & started & not_ended).to_numpy())
    established = table["established"].iloc[rows]
    if established.isna().any():  # pandas' own order for missing years (last)
        return table.iloc[rows].sort_values(["established", "host_iso3"]).reset_index(drop=True)
    # The order sort_values(["established", "host_iso3"]) gives (stable), without its overhead.
    keys = list(zip(established.tolist(), table["host_iso3"].iloc[rows].tolist(), strict=True))
    order = sorted(range(len(rows)), key=keys.__getitem__)
    return table.iloc[rows[order]].reset_index(drop=True)


def battlegroup_steps(groups: pd.DataFrame | None = None) -> list[pd.Timestamp]:
    """Dates on which the set of battlegroups changed: each start, and the day after each end.

    Only rows whose start is known at least to the month (see :func:`undated_battlegroups`).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({
    ...     "framework_from": pd.to_datetime(["2022-03-01", "2022-10-17", "2022-01-01"]),
    ...     "framework_to": pd.to_datetime(["2022-10-16", None, None]),
    ...     "date_precision": ["day", "day", "year"]})
    >>> [f"{d:%Y-%m-%d}" for d in battlegroup_steps(rows)]
    ['2022-03-01', '2022-10-17']
    """
    table = load("battlegroups") if groups is None else groups
    table = table[_dated(table)]
    ends = table["framework_to"].dropna() + pd.Timedelta(days=1)
    return sorted(pd.Timestamp(d) for d in set(table["framework_from"]) | set(ends))


class BattlegroupLink(NamedTuple):
    """One line on the battlegroup map: from a framework nation's capital to the base it leads.

    The capital is at ``(lon1, lat1)``, the base at ``(lon2, lat2)``.

    Examples
    --------
    >>> link = BattlegroupLink("ESP", "Spain", "SVK", "Slovakia", "Lešť", -3.7, 40.4, 19.3, 48.4)
    >>> link.segment
    (-3.7, 40.4, 19.3, 48.4)
    """

    framework_iso3: str
    framework_name: str
    host_iso3: str
    host_name: str
    location: str
    lon1: float
    lat1: float
    lon2: float
    lat2: float

    @property
    def segment(self) -> tuple[float, float, float, float]:
        """``(lon1, lat1, lon2, lat2)`` for :meth:`natokit.maps.EuropeMap.add_lines`."""
        return (self.lon1, self.lat1, self.lon2, self.lat2)


@dataclass(frozen=True, eq=False)
class BattlegroupMap:
    """The battlegroups on one date: the result of :func:`battlegroup_map`.

    Attributes
    ----------
    date : pandas.Timestamp
    active : pandas.DataFrame
        Rows of ``data/battlegroups.csv`` in force on ``date`` (see :func:`battlegroups_on`).
    hosts : list of str
        Host nations (ISO3), in row order.
    frameworks : list of str
        Framework nations that are not also hosts, sorted (Canada and the United States
        included, though they lie off the map).
    links : list of BattlegroupLink
        A line from each framework nation's capital to the base it leads, for framework nations
        that are not the host and have a capital in ``data/capitals.csv``.
    pairs : list of (str, str)
        ``(host name, framework name)`` per active row, in row order.
    undated : pandas.DataFrame
        Rows left out because their start is known only to the year.

    Examples
    --------
    >>> picture = battlegroup_map("2017-12-31")
    >>> sorted(picture.hosts), picture.frameworks
    (['EST', 'LTU', 'LVA', 'POL'], ['CAN', 'DEU', 'GBR', 'USA'])
    """

    date: pd.Timestamp
    active: pd.DataFrame = field(repr=False)
    hosts: list[str]
    frameworks: list[str]
    links: list[BattlegroupLink] = field(repr=False)
    pairs: list[tuple[str, str]]
    undated: pd.DataFrame = field(repr=False)


def battlegroup_map(
    date: object,
    groups: pd.DataFrame | None = None,
    capitals: pd.DataFrame | None = None,
) -> BattlegroupMap:
    """Everything the battlegroup map shows on a date: hosts, framework nations and their links.

    Examples
    --------
    >>> picture = battlegroup_map("2024-07-01")
    >>> ("Slovakia", "Spain") in picture.pairs
    True
    >>> link = [k for k in picture.links if k.host_iso3 == "SVK"][0]
    >>> link.framework_name, link.location.split(" ")[0]
    ('Spain', 'Lešť')
    """
    when = parse_date(date, what="battlegroup date")
    table = load("battlegroups") if groups is None else groups
    active = battlegroups_on(when, table)
    if capitals is None:  # positions looked up once per data version
        positions = _positions_cached(fingerprint("capitals"), "capitals", "iso3")
    else:
        positions = {
            code: (float(lon), float(lat))
            for code, lon, lat in zip(
                capitals["iso3"], capitals["lon"], capitals["lat"], strict=True
            )
        }
    names = _all_names()

    def name(code: str) -> str:
        return names[code] if code in names else country_name(code)  # raises for a bad code

    hosts = list(active["host_iso3"])
    frameworks = sorted(set(active["framework_iso3"]) - set(hosts))
    links = [
        BattlegroupLink(
            f,
            name(f),
            h,
            name(h),
            location,
            *positions[f],
            float(lon),
            float(lat),
        )
        for f, h, location, lon, lat in zip(
            active["framework_iso3"],
            active["host_iso3"],
            active["location"],
            active["lon"],
            active["lat"],
            strict=True,
        )
        if f != h and f in positions
    ]
    pairs = [
        (name(h), name(f))
        for h, f in zip(active["host_iso3"], active["framework_iso3"], strict=True)
    ]
    return BattlegroupMap(
        date=when,
        active=active,
        hosts=hosts,
        frameworks=frameworks,
        links=links,
        pairs=pairs,
        undated=undated_battlegroups(table),
    )
