"""Exercises for notebook 02, "Guarding the airspace: Air Policing".

Every answer that is a number is computed from the kit's data with :mod:`natokit.geo`, so the
question and the map in the notebook can never disagree. The cruise speed used in the reach
questions is a *teaching assumption* (:data:`ASSUMED_SPEED_KMH`), not a claim about any aircraft.

The module also holds small helpers the notebook needs: :func:`base_position` and
:func:`capital_position` look up coordinates, and :func:`degree_circle` draws the *wrong* kind of
range ring (a circle in degrees) so students can see why :func:`natokit.geo.range_ring` is
geodesic.

Examples
--------
>>> from natokit.exercises import air_policing
>>> air_policing.what_is_air_policing().check("a").correct
True
>>> air_policing.ASSUMED_SPEED_KMH
600
"""

from __future__ import annotations

from shapely.geometry import Point, Polygon

from .. import geo
from ..data import load
from ..quiz import MultipleChoice, Numeric

__all__ = [
    "ASSUMED_SPEED_KMH",
    "base_position",
    "capital_position",
    "degree_circle",
    "what_is_air_policing",
    "distance_to_sofia",
    "minutes_to_vilnius",
    "why_geodesic",
]

#: A round cruise speed in km/h for the reach explorer and exercises. A teaching assumption to
#: make the geometry concrete, NOT the performance of any aircraft.
ASSUMED_SPEED_KMH = 600


def base_position(base: str) -> tuple[float, float]:
    """Longitude and latitude of an Air Policing base, from ``data/air_policing.csv``.

    Examples
    --------
    >>> lon, lat = base_position("Graf Ignatievo")
    >>> round(lat)
    42
    """
    bases = load("air_policing").drop_duplicates("base").set_index("base")
    if base not in bases.index:
        raise ValueError(f"Unknown base {base!r}; the data has: {', '.join(sorted(bases.index))}")
    return float(bases.loc[base, "lon"]), float(bases.loc[base, "lat"])


def capital_position(iso3: str) -> tuple[float, float]:
    """Longitude and latitude of a country's capital, from ``data/capitals.csv``.

    Examples
    --------
    >>> lon, lat = capital_position("BGR")
    >>> round(lon)
    23
    """
    capitals = load("capitals").set_index("iso3")
    if iso3 not in capitals.index:
        raise ValueError(f"No capital for {iso3!r} in data/capitals.csv")
    return float(capitals.loc[iso3, "lon"]), float(capitals.loc[iso3, "lat"])


def degree_circle(lon: float, lat: float, radius_km: float, n_points: int = 181) -> Polygon:
    """The WRONG range ring, for comparison: a circle of constant radius in degrees.

    The radius is converted with 1 degree = 111.32 km (true for latitude, and for longitude
    only at the equator). On the ground this shape is squashed east-west away from the equator;
    use :func:`natokit.geo.range_ring` for real work.

    Examples
    --------
    >>> west, south, east, north = degree_circle(24.0, 60.0, 111.32).bounds
    >>> round(east - west, 3), round(north - south, 3)
    (2.0, 2.0)
    """
    return Point(lon, lat).buffer(radius_km / 111.32, quad_segs=max(4, n_points // 4))


def what_is_air_policing() -> MultipleChoice:
    """Concept check: what kind of mission Air Policing is.

    Examples
    --------
    >>> what_is_air_policing().check("a").correct
    True
    """
    return MultipleChoice(
        "Which description of NATO Air Policing is right?",
        [
            "A peacetime mission under NATO command: fighters on alert guard allied airspace, "
            "also for allies without enough fighters of their own",
            "A national task: every ally guards only its own airspace with its own fighters",
            "A wartime mission to attack targets in a country that threatens an ally",
            "An EU mission that only EU member states take part in",
        ],
        answer="A peacetime mission under NATO command: fighters on alert guard allied airspace, "
        "also for allies without enough fighters of their own",
        hint="Read the glossary entries for 'Air Policing' and 'QRA'. Who guards the airspace "
        "of an ally without fighter jets?",
        explanation="Air Policing is collective: allies take turns to deploy fighters on Quick "
        "Reaction Alert, under NATO command, in peacetime.",
    )


def distance_to_sofia() -> Numeric:
    """Compute: the geodesic distance from Graf Ignatievo to Sofia, in km.

    Examples
    --------
    >>> q = distance_to_sofia()
    >>> q.check(q.answer).correct
    True
    """
    lon, lat = base_position("Graf Ignatievo")
    answer = geo.geodesic_distance_km(lon, lat, *capital_position("BGR"))
    return Numeric(
        "How far is it, in a straight line along the Earth, from Graf Ignatievo air base to "
        "Sofia, the capital of Bulgaria? Compute it with natokit (in km).",
        answer=round(answer, 1),
        tolerance=10,
        unit="km",
        hint="Get the base from natokit.load('air_policing') and Sofia from "
        "natokit.load('capitals') (iso3 'BGR'), then use geo.geodesic_distance_km(lon1, lat1, "
        "lon2, lat2).",
        explanation="The Dutch F-35s were stationed a short flight from the Bulgarian capital.",
    )


def minutes_to_vilnius(speed_kmh: float = ASSUMED_SPEED_KMH) -> Numeric:
    """Compute: minutes from Šiauliai to Vilnius at an assumed cruise speed.

    Examples
    --------
    >>> q = minutes_to_vilnius()
    >>> 17 < q.answer < 19
    True
    """
    lon, lat = base_position("Šiauliai")
    distance = geo.geodesic_distance_km(lon, lat, *capital_position("LTU"))
    minutes = distance / speed_kmh * 60.0
    return Numeric(
        f"A fighter scrambles from Šiauliai air base (Lithuania). At an assumed average speed "
        f"of {speed_kmh:g} km/h (a teaching assumption), how many minutes does it need to reach "
        f"Vilnius? Round to whole minutes.",
        answer=round(minutes, 1),
        tolerance=1,
        unit="min",
        hint="First the geodesic distance Šiauliai–Vilnius with geo.geodesic_distance_km, then "
        f"minutes = distance / {speed_kmh:g} × 60. Or move the reach explorer until Vilnius "
        "falls inside the ring.",
        explanation="At that assumed speed the capital is a matter of minutes away, which is "
        "why QRA fighters must be ready to take off at short notice.",
    )


def why_geodesic() -> MultipleChoice:
    """Concept check: why the reach ring is geodesic and not a circle in degrees.

    Examples
    --------
    >>> why_geodesic().check("b").correct
    True
    """
    return MultipleChoice(
        "Why does natokit draw the reach ring as a geodesic circle instead of a circle in "
        "degrees of longitude and latitude?",
        [
            "Because a geodesic circle is quicker to compute",
            "Because a degree of longitude gets shorter towards the poles, so a circle in "
            "degrees is too narrow east-west on the ground",
            "Because fighters always fly along lines of latitude",
            "There is no difference at the latitude of the Baltic states",
        ],
        answer="Because a degree of longitude gets shorter towards the poles, so a circle in "
        "degrees is too narrow east-west on the ground",
        hint="Compare the east-west and north-south extent, in degrees, of geo.range_ring "
        "around Ämari.",
        explanation="Near Ämari a degree of longitude is about half a degree of latitude on the "
        "ground, so the geodesic ring spans about twice as many degrees east-west.",
    )
