"""Pure geographic computations: borders, distances, range rings, membership on a date.

Lengths and distances are computed where they are right, not where they are easy:

* border lengths in the equal-area LAEA Europe projection (EPSG:3035), whose scale error is below
  about 1% over the continent;
* distances between points on the WGS84 ellipsoid (geodesics), not in degrees;
* range rings as geodesic circles. A circle drawn in degrees is an ellipse on the ground (at 60°N a
  degree of longitude is half a degree of latitude), so it is never used.

Examples
--------
>>> from natokit import geo
>>> round(geo.geodesic_distance_km(4.9, 52.37, 4.9, 53.37))
111
>>> geo.members_on("1949-12-31")["iso3"].size
12
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .data import load

EUROPE_CRS = "EPSG:3035"  # ETRS89 / LAEA Europe: equal-area, for lengths and areas
_GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=1)
def _to_europe() -> Transformer:
    return Transformer.from_crs("EPSG:4326", EUROPE_CRS, always_xy=True)


def project(lon, lat):
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
    return Transformer.from_crs(EUROPE_CRS, "EPSG:4326", always_xy=True)


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


@lru_cache(maxsize=1)
def _countries_projected():
    return load("countries").to_crs(EUROPE_CRS).set_index("iso3")


def country_names() -> dict[str, str]:
    """Map ISO3 code to country name for every country on the basemap.

    Examples
    --------
    >>> country_names()["NLD"]
    'Netherlands'
    """
    countries = _countries_projected()
    return dict(zip(countries.index, countries["name"], strict=True))


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
    names = country_names()
    if isinstance(iso3, str) and iso3 in names:
        return iso3
    hint = ""
    if isinstance(iso3, str):
        by_name = {n.lower(): c for c, n in names.items()}
        if iso3.lower() in by_name:
            hint = f" Did you mean '{by_name[iso3.lower()]}'?"
        elif iso3.upper() in names:
            hint = f" Did you mean '{iso3.upper()}'?"
    raise ValueError(
        f"Unknown country {iso3!r}.{hint} Use ISO 3166-1 alpha-3 codes such as 'NLD' "
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


def border_length_km(a: str, b: str) -> float:
    """Length of the land border two countries share, in km.

    Measured on the kit's basemap in the LAEA Europe projection. The basemap is Natural Earth
    1:10m, simplified as a coverage: every bend smaller than the simplification tolerance is cut,
    and a border that winds along a river is measured as a smoother line. So the result is
    *shorter* than a surveyed figure: Finland–Russia comes out some 10% under the published
    1,340 km. Compare countries with each other on the same map rather than with surveyed lengths.

    Parameters
    ----------
    a, b : str
        ISO 3166-1 alpha-3 codes.

    Returns
    -------
    float
        0.0 when the two countries do not touch.

    Examples
    --------
    >>> border_length_km("FIN", "RUS") > 1000
    True
    >>> border_length_km("NLD", "FIN")
    0.0
    """
    geom_a, geom_b = country_geometry(a), country_geometry(b)
    shared = geom_a.boundary.intersection(geom_b.boundary)
    # Points where borders merely touch have no length; only line parts count.
    return float(shapely.length(shared)) / 1000.0


def border_total_km(countries, neighbour: str) -> float:
    """Total length of the land border a group of countries shares with one neighbour, in km.

    Countries that are not on the basemap (Canada, the United States) contribute nothing.
    The same resolution caveat as :func:`border_length_km` applies.

    Examples
    --------
    >>> border_total_km(["FIN", "EST"], "RUS") == border_length_km("FIN", "RUS") + border_length_km("EST", "RUS")
    True
    """
    on_map = country_names()
    return sum(
        border_length_km(code, neighbour)
        for code in countries
        if code in on_map and code != neighbour
    )


def geodesic_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two points along the WGS84 ellipsoid, in km.

    Examples
    --------
    >>> round(geodesic_distance_km(0, 0, 1, 0), 1)
    111.3
    """
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
    geom_a = country_geometry(a) if isinstance(a, str) else a
    geom_b = country_geometry(b) if isinstance(b, str) else b
    (lon1, lat1), (lon2, lat2) = nearest_points_lonlat(geom_a, geom_b)
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
    geom_a = country_geometry(a) if isinstance(a, str) else a
    geom_b = country_geometry(b) if isinstance(b, str) else b
    point_a, point_b = shapely.ops.nearest_points(geom_a, geom_b)
    back = _to_lonlat()
    return back.transform(point_a.x, point_a.y), back.transform(point_b.x, point_b.y)


def range_ring(lon: float, lat: float, radius_km: float, n_points: int = 181) -> Polygon:
    """A geodesic circle: every point ``radius_km`` from the centre along the ellipsoid.

    Returned in longitude/latitude; correct at high latitude, where a circle in degrees would
    be squashed.

    Parameters
    ----------
    lon, lat : float
        Centre in degrees.
    radius_km : float
        Radius in km, greater than 0 and under 5,000 (the ring must not reach a pole).
    n_points : int
        Number of vertices.

    Examples
    --------
    >>> ring = range_ring(24.0, 60.0, 100)
    >>> round(geodesic_distance_km(24.0, 60.0, *ring.exterior.coords[10]))
    100
    """
    if not 0 < radius_km < 5000:
        raise ValueError(f"radius_km must be between 0 and 5000 km, not {radius_km}")
    azimuths = np.linspace(0.0, 360.0, n_points, endpoint=False)
    lons, lats, _ = _GEOD.fwd(
        np.full(n_points, lon),
        np.full(n_points, lat),
        azimuths,
        np.full(n_points, radius_km * 1000.0),
    )
    return Polygon(zip(lons, lats, strict=True))


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
    _, _, metres = _GEOD.inv(
        np.full(len(points), lon),
        np.full(len(points), lat),
        points["lon"].to_numpy(),
        points["lat"].to_numpy(),
    )
    out = points.assign(distance_km=np.asarray(metres) / 1000.0)
    return out[out["distance_km"] <= radius_km].sort_values("distance_km")


def ring_overlap(ring: Polygon) -> dict[str, BaseGeometry]:
    """For each country a ring (in longitude/latitude) overlaps, the part inside it (LAEA metres).

    Examples
    --------
    >>> parts = ring_overlap(range_ring(24.75, 59.44, 50))
    >>> parts["EST"].area < country_geometry("EST").area
    True
    """
    projected = to_europe(ring)
    countries = _countries_projected()
    hits = countries[countries.intersects(projected)]
    parts = {
        code: geom.intersection(projected)
        for code, geom in zip(hits.index, hits.geometry, strict=True)
    }
    return {code: part for code, part in sorted(parts.items()) if part.area > 0}


def countries_reached(ring: Polygon) -> list[str]:
    """ISO3 codes of the countries a ring (in longitude/latitude) overlaps, sorted.

    Examples
    --------
    >>> "EST" in countries_reached(range_ring(24.75, 59.44, 50))
    True
    """
    return list(ring_overlap(ring))


def members_on(date, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """The allies that were members of NATO on a given date (accession on or before it).

    Parameters
    ----------
    date : str or datetime-like
        For example ``"2004-03-29"``.
    members : DataFrame, optional
        The ``members`` table; loaded when not given.

    Examples
    --------
    >>> len(members_on("2023-04-04"))
    31
    >>> len(members_on("2023-04-03"))
    30
    """
    try:
        when = pd.Timestamp(date)
    except (ValueError, TypeError):
        raise ValueError(
            f"{date!r} is not a date; write it as YYYY-MM-DD, e.g. '2004-03-29'"
        ) from None
    table = load("members") if members is None else members
    return table[table["accession_date"] <= when].sort_values(["accession_date", "iso3"])


def battlegroups_on(date, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """The battlegroup rows (host, framework nation) in force on a date.

    A row counts from ``framework_from`` up to and including ``framework_to`` (open-ended when
    empty).

    Examples
    --------
    >>> len(battlegroups_on("2017-12-31"))
    4
    >>> len(battlegroups_on("2023-06-01"))
    8
    """
    when = pd.Timestamp(date)
    table = load("battlegroups") if groups is None else groups
    started = table["framework_from"] <= when
    not_ended = table["framework_to"].isna() | (table["framework_to"] >= when)
    return (
        table[started & not_ended].sort_values(["established", "host_iso3"]).reset_index(drop=True)
    )


def battlegroup_steps(groups: pd.DataFrame | None = None) -> list[pd.Timestamp]:
    """Dates on which the set of battlegroups changed: each start, and the day after each end.

    Examples
    --------
    >>> steps = battlegroup_steps()
    >>> steps == sorted(steps)
    True
    """
    table = load("battlegroups") if groups is None else groups
    ends = table["framework_to"].dropna() + pd.Timedelta(days=1)
    return sorted(set(table["framework_from"]) | set(ends))


def reach_km(minutes: float, speed_kmh: float) -> float:
    """Distance covered in ``minutes`` at ``speed_kmh``.

    Examples
    --------
    >>> reach_km(15, 800)
    200.0
    """
    if minutes < 0 or speed_kmh <= 0:
        raise ValueError("minutes must be 0 or more and speed_kmh more than 0")
    return float(speed_kmh) * float(minutes) / 60.0
