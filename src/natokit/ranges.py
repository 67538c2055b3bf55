"""Pure computations for notebook 06: missile range rings and NATO and the EU on a date.

Two questions, each answered from the kit's rows, never from memory:

* **What lies within a published range?** :func:`range_reach` draws a geodesic ring (with
  :func:`natokit.geo.range_ring`, the same ring as the Air Policing reach) of a range from
  ``data/missile_ranges.csv`` around a launch area, and lists the allied capitals inside
  (``data/capitals.csv``, allies from ``data/members.csv``). The ranges are the figures their
  sources publish, not claims of the kit; a row's ``figure`` says whether it is a published
  maximum or only a distance flown, and ``confirmed`` whether more than one source backs it.
* **Who is in NATO, the EU, or both?** :func:`nato_eu_on` sorts the states on a date.

A launch area is a geometric point computed from the basemap (the centre of the Kaliningrad
exclave, the centre of Belarus): a place to measure from, not a claim about where any launcher
stands.

Examples
--------
>>> from natokit import ranges
>>> ranges.nato_eu_on("2022-06-15").counts()
{'both': 21, 'nato_only': 9, 'eu_only': 6}
>>> lon, lat = ranges.launch_point("Kaliningrad exclave")
>>> round(lon, 1), round(lat, 1)
(21.4, 54.7)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import shapely
from shapely.geometry import Polygon

from . import geo
from .data import DATASETS, load
from .dates import parse_date

__all__ = [
    "LAUNCH_AREAS",
    "NatoEu",
    "RangeReach",
    "capitals_in_range",
    "launch_point",
    "nato_eu_on",
    "nato_eu_steps",
    "range_reach",
    "retrieval_date",
]

#: Launch areas the kit measures from, each a point computed from the basemap.
LAUNCH_AREAS = ("Kaliningrad exclave", "Belarus")


@lru_cache(maxsize=4)
def _launch_point(area: str) -> tuple[float, float]:
    if area == "Belarus":
        shape = geo.country_geometry("BLR")
    else:
        # The exclave is the part of Russia's outline that lies wholly west of 23.5°E.
        parts = [
            p
            for p in shapely.get_parts(geo.country_geometry("RUS"))
            if geo.to_lonlat(p).bounds[2] < 23.5
        ]
        shape = max(parts, key=lambda p: p.area)
    centre = geo.to_lonlat(shape.centroid)  # centroid in the equal-area projection
    return round(centre.x, 4), round(centre.y, 4)


def launch_point(area: str = "Kaliningrad exclave") -> tuple[float, float]:
    """Longitude and latitude of a launch area's centre, computed from the basemap.

    Parameters
    ----------
    area : str
        One of :data:`LAUNCH_AREAS`.

    Raises
    ------
    ValueError
        For an area the kit does not know.

    Examples
    --------
    >>> lon, lat = launch_point("Belarus")
    >>> 27 < lon < 29, 53 < lat < 54
    (True, True)
    >>> launch_point("Moon")
    Traceback (most recent call last):
    ...
    ValueError: Unknown launch area 'Moon'; choose one of: Kaliningrad exclave, Belarus.
    """
    if not isinstance(area, str) or area not in LAUNCH_AREAS:
        raise ValueError(f"Unknown launch area {area!r}; choose one of: {', '.join(LAUNCH_AREAS)}.")
    return _launch_point(area)


def retrieval_date() -> pd.Timestamp:
    """The day the kit's membership tables were retrieved: "today" for the data.

    Examples
    --------
    >>> retrieval_date().year >= 2025
    True
    """
    return parse_date(DATASETS["eu_members"].retrieved)


# -- range rings ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RangeReach:
    """One published range drawn around a launch area, and the allied capitals inside it.

    Attributes
    ----------
    area, system : str
    lon, lat, range_km : float
    figure : str
        ``"maximum range"`` or ``"distance flown"`` (from the row).
    confirmed : bool
    ring : shapely Polygon
        The geodesic ring, in longitude/latitude.
    capitals : DataFrame
        Allied capitals inside, nearest first, with ``distance_km``.
    """

    area: str
    system: str
    lon: float
    lat: float
    range_km: float
    figure: str
    confirmed: bool
    ring: Polygon
    capitals: pd.DataFrame


def _row(system: str, table: pd.DataFrame) -> pd.Series:
    rows = table[table["system"] == system]
    if rows.empty:
        known = ", ".join(table["system"])
        raise ValueError(f"Unknown system {system!r}; the table holds: {known}.")
    return rows.iloc[0]


def _allied_capitals(date: object = None) -> pd.DataFrame:
    when = retrieval_date() if date is None else date
    allies = set(geo.members_on(when)["iso3"])
    capitals = load("capitals")
    return capitals[capitals["iso3"].isin(allies)]


def range_reach(
    system: str,
    area: str = "Kaliningrad exclave",
    table: pd.DataFrame | None = None,
    date: object = None,
) -> RangeReach:
    """A published range as a geodesic ring around a launch area, with the allied capitals in it.

    Parameters
    ----------
    system : str
        A ``system`` of ``data/missile_ranges.csv``.
    area : str
        One of :data:`LAUNCH_AREAS`.
    table : DataFrame, optional
        The ranges; ``load("missile_ranges")`` when not given.
    date : str, optional
        Allies on this date (``YYYY-MM-DD``); the data's retrieval date when not given.

    Raises
    ------
    ValueError
        For an unknown system or area.

    Examples
    --------
    >>> r = range_reach("Iskander-M (SS-26 Stone)")
    >>> r.range_km, r.capitals["capital"].iloc[0]
    (500.0, 'Vilnius')
    """
    table = load("missile_ranges") if table is None else table
    row = _row(system, table)
    lon, lat = launch_point(area)
    radius = float(row["range_km"])
    return RangeReach(
        area=area,
        system=system,
        lon=lon,
        lat=lat,
        range_km=radius,
        figure=str(row["figure"]),
        confirmed=bool(row["confirmed"]),
        ring=geo.range_ring(lon, lat, radius),
        capitals=geo.points_within_km(lon, lat, radius, _allied_capitals(date)).reset_index(
            drop=True
        ),
    )


def capitals_in_range(
    area: str = "Kaliningrad exclave", table: pd.DataFrame | None = None, date: object = None
) -> pd.DataFrame:
    """One row per system: its range, how sure it is, and the allied capitals inside its ring.

    Examples
    --------
    >>> t = capitals_in_range()
    >>> list(t.columns)
    ['system', 'range_km', 'figure', 'confirmed', 'allied_capitals', 'capitals']
    >>> bool(t["allied_capitals"].is_monotonic_increasing)
    True
    """
    table = load("missile_ranges") if table is None else table
    rows = []
    for system in table.sort_values("range_km")["system"]:
        r = range_reach(system, area, table, date)
        rows.append(
            {
                "system": system,
                "range_km": r.range_km,
                "figure": r.figure,
                "confirmed": r.confirmed,
                "allied_capitals": len(r.capitals),
                "capitals": ", ".join(r.capitals["capital"]),
            }
        )
    return pd.DataFrame(rows)


# -- NATO and the EU -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NatoEu:
    """States in NATO and in the EU on a date, sorted three ways (ISO3 codes, sorted).

    Examples
    --------
    >>> n = nato_eu_on("2024-03-07")
    >>> "SWE" in n.both, "NOR" in n.nato_only, "AUT" in n.eu_only
    (True, True, True)
    """

    date: pd.Timestamp
    both: list[str]
    nato_only: list[str]
    eu_only: list[str]

    def counts(self) -> dict[str, int]:
        """How many states in each group.

        Examples
        --------
        >>> nato_eu_on("2026-01-01").counts()["both"]
        23
        """
        return {
            "both": len(self.both),
            "nato_only": len(self.nato_only),
            "eu_only": len(self.eu_only),
        }


def nato_eu_on(
    date: object, members: pd.DataFrame | None = None, eu: pd.DataFrame | None = None
) -> NatoEu:
    """Sort the states into NATO and EU, NATO only, EU only, on a date (``YYYY-MM-DD``).

    A state counts from its accession date on (``data/members.csv``,
    ``data/eu_members.csv``). The EU table holds today's 27 member states only, so the answer
    is right for dates on which those were the EU's members.

    Raises
    ------
    ValueError
        For a value that is not a ``YYYY-MM-DD`` date.

    Examples
    --------
    >>> nato_eu_on("2022-06-15").eu_only
    ['AUT', 'CYP', 'FIN', 'IRL', 'MLT', 'SWE']
    """
    when = parse_date(date, what="date")
    nato = set(geo.members_on(when, members)["iso3"])
    eu_table = load("eu_members") if eu is None else eu
    in_eu = set(eu_table.loc[eu_table["accession_date"] <= when, "iso3"])
    return NatoEu(
        date=when,
        both=sorted(nato & in_eu),
        nato_only=sorted(nato - in_eu),
        eu_only=sorted(in_eu - nato),
    )


def nato_eu_steps(start: object = "2022-06-15") -> list[pd.Timestamp]:
    """Dates from ``start`` to the retrieval date on which the picture changes, with both ends.

    Examples
    --------
    >>> [d.strftime("%Y-%m-%d") for d in nato_eu_steps()][:3]
    ['2022-06-15', '2023-04-04', '2024-03-07']
    """
    first, last = parse_date(start, what="start"), retrieval_date()
    changes = pd.concat([load("members")["accession_date"], load("eu_members")["accession_date"]])
    inside = changes[(changes > first) & (changes < last)]
    return sorted({first, last, *inside})
