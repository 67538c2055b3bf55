"""The accession of Finland and Sweden: ratifications day by day, and what changed on the map.

Pure logic, nothing is drawn (the explorer in :mod:`natokit.explore_accession` and the figures
below only draw what these functions return):

* **Ratifications.** ``data/ratifications.csv`` holds, for each of the 30 allies that signed
  the accession protocols on 5 July 2022 and for each candidate, the day its parliamentary
  procedure ended (the NATO Parliamentary Assembly's definition: "the date of the end of the
  parliamentary procedures"; a signature by a head of state or a deposit in Washington may
  follow). :func:`ratification_state` says who had ratified on a given day, who had not, and
  whether the candidate had joined; :func:`last_ratifiers` names the last allies to approve;
  :func:`accession_day` reads the day each candidate joined from ``data/members.csv``.
* **The land border with Russia**, before and after Finland joined
  (:func:`russia_border_change`), measured on the kit's basemap with
  :func:`natokit.geo.border_length_km` and set against the published lengths in
  ``data/border_lengths.csv``.
* **Coastlines held by allies**, on the Baltic and the Black Sea (:func:`coastline_table`,
  :func:`coast_held_by_allies`), measured on the basemap inside a sea polygon the kit defines
  (:data:`SEAS`; the method and its limits are in :func:`coastline_km`).

Examples
--------
>>> from natokit import accession
>>> state = accession.ratification_state("FIN", "2022-07-12")
>>> "NLD" in state.ratified, "HUN" in state.pending, state.joined
(True, True, False)
>>> [code for code, _ in accession.last_ratifiers("SWE", 2)]
['TUR', 'HUN']
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box

from . import geo
from .data import fingerprint, load
from .dates import parse_date

__all__ = [
    "CANDIDATES",
    "SIGNED",
    "SEAS",
    "Sea",
    "RatificationState",
    "BorderChange",
    "BORDER_COLUMNS",
    "accession_day",
    "check_candidate",
    "coast_held_by_allies",
    "coastline_km",
    "coastline_table",
    "last_ratifiers",
    "ratification_days",
    "ratification_state",
    "race_summary",
    "ratifications",
    "russia_border_change",
    "russia_border_table",
]

#: The two candidates, by ISO3 code.
CANDIDATES: dict[str, str] = {"FIN": "Finland", "SWE": "Sweden"}
#: The day the allies signed both accession protocols (NATO, topics_49212; data/events.csv).
SIGNED = "2022-07-05"


def check_candidate(candidate: object) -> str:
    """``candidate`` if it is ``"FIN"`` or ``"SWE"``, else a ``ValueError`` that helps.

    Examples
    --------
    >>> check_candidate("SWE")
    'SWE'
    >>> check_candidate("Sweden")
    Traceback (most recent call last):
    ...
    ValueError: Unknown candidate 'Sweden'; use 'FIN' (Finland) or 'SWE' (Sweden).
    """
    if isinstance(candidate, str) and candidate in CANDIDATES:
        return candidate
    text = repr(candidate) if len(repr(candidate)) <= 40 else repr(candidate)[:37] + "..."
    raise ValueError(f"Unknown candidate {text}; use 'FIN' (Finland) or 'SWE' (Sweden).")


# -- ratifications ---------------------------------------------------------------------------


def ratifications(candidate: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``data/ratifications.csv`` for one candidate, in the order they completed.

    Ties (several allies on one day) are broken by ISO3 code, so the order is stable.

    Examples
    --------
    >>> rows = ratifications("FIN")
    >>> len(rows), rows.iloc[0]["completed_on"].strftime("%Y-%m-%d")
    (30, '2022-07-05')
    """
    check_candidate(candidate)
    table = load("ratifications") if table is None else table
    if "candidate_iso3" in table and set(table["candidate_iso3"]) == {candidate}:
        return table  # already one candidate's rows, in order
    rows = table[table["candidate_iso3"] == candidate]
    return rows.sort_values(["completed_on", "iso3"]).reset_index(drop=True)


def accession_day(candidate: str) -> pd.Timestamp:
    """The day a candidate became an ally, from ``data/members.csv``.

    Examples
    --------
    >>> accession_day("FIN").strftime("%d %B %Y")
    '04 April 2023'
    """
    check_candidate(candidate)
    members = load("members").set_index("iso3")
    return pd.Timestamp(members.loc[candidate, "accession_date"])


def ratification_days() -> list[pd.Timestamp]:
    """Every day from the signature of the protocols to the later accession (Sweden's).

    Examples
    --------
    >>> days = ratification_days()
    >>> days[0].strftime("%Y-%m-%d"), days[-1].strftime("%Y-%m-%d")
    ('2022-07-05', '2024-03-07')
    """
    last = max(accession_day(code) for code in CANDIDATES)
    return list(pd.date_range(SIGNED, last, freq="D"))


@dataclass(frozen=True, eq=False)
class RatificationState:
    """Where one candidate's protocol stood on one day: the result of :func:`ratification_state`.

    Attributes
    ----------
    candidate : str
    date : pandas.Timestamp
    ratified : list of str
        Allies whose procedure had ended on or before ``date``, in the order they finished.
    pending : list of str
        Signatories whose procedure had not ended yet, sorted by code.
    undated : list of str
        Signatories whose end date is known only to the month or year: the kit cannot say on
        which side of ``date`` they fall, so they are in neither list (none in the shipped data).
    unconfirmed : list of str
        Allies in ``ratified`` whose row has ``confirmed=false``.
    accession : pandas.Timestamp
        The day the candidate joined (``data/members.csv``).
    rows : pandas.DataFrame
        The candidate's rows of ``data/ratifications.csv``.
    """

    candidate: str
    date: pd.Timestamp
    ratified: list[str]
    pending: list[str]
    unconfirmed: list[str]
    undated: list[str]
    accession: pd.Timestamp
    rows: pd.DataFrame = field(repr=False)

    @property
    def joined(self) -> bool:
        """True on and after the candidate's accession day."""
        return bool(self.date >= self.accession)

    @property
    def total(self) -> int:
        """Number of allies that had to ratify (the signatories of 5 July 2022)."""
        return len(self.ratified) + len(self.pending) + len(self.undated)


def ratification_state(
    candidate: str,
    date: object,
    table: pd.DataFrame | None = None,
    joins: dict[str, pd.Timestamp] | None = None,
) -> RatificationState:
    """Who had ratified a candidate's accession protocol on ``date``.

    Parameters
    ----------
    candidate : {"FIN", "SWE"}
    date : str or date-like
        ``YYYY-MM-DD`` or a date object; a bare year is refused.
    table : DataFrame, optional
        ``data/ratifications.csv``; loaded when not given.
    joins : dict of str to Timestamp, optional
        Accession days by candidate (:func:`accession_day`); read when not given.

    Raises
    ------
    ValueError
        For an unknown candidate or an unreadable date.

    Examples
    --------
    >>> state = ratification_state("SWE", "2024-01-23")
    >>> len(state.ratified), state.pending
    (29, ['HUN'])
    >>> ratification_state("SWE", 2024)
    Traceback (most recent call last):
    ...
    ValueError: 2024 is not a date; write it as 'YYYY-MM-DD', ...
    """
    check_candidate(candidate)
    when = parse_date(date, what="ratification date")
    rows = ratifications(candidate, table)
    # Only a date known to the day says whether a procedure had ended on a given day.
    dated = rows["date_precision"] == "day"
    done = rows[dated & (rows["completed_on"] <= when)]
    undated = sorted(rows.loc[~dated, "iso3"])
    pending = sorted(set(rows["iso3"]) - set(done["iso3"]) - set(undated))
    return RatificationState(
        candidate=candidate,
        date=when,
        ratified=list(done["iso3"]),
        pending=pending,
        unconfirmed=list(done.loc[~done["confirmed"].astype(bool), "iso3"]),
        undated=undated,
        accession=joins[candidate] if joins else accession_day(candidate),
        rows=rows,
    )


def last_ratifiers(candidate: str, n: int = 2) -> list[tuple[str, pd.Timestamp]]:
    """The ``n`` allies that completed their procedure last, latest last, with their days.

    Examples
    --------
    >>> [(code, day.strftime("%Y-%m-%d")) for code, day in last_ratifiers("FIN")]
    [('HUN', '2023-03-27'), ('TUR', '2023-03-30')]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 30:
        raise ValueError(f"n must be a whole number from 1 to 30, not {n!r}")
    rows = ratifications(candidate).tail(int(n))
    return [
        (code, pd.Timestamp(day))
        for code, day in zip(rows["iso3"], rows["completed_on"], strict=True)
    ]


def race_summary(candidate: str) -> str:
    """One line on a protocol's ratifications: the first day and the last two allies.

    Examples
    --------
    >>> race_summary("SWE")
    'Sweden: first 5 July 2022; last two: Türkiye 23 January 2024, Hungary 26 February 2024'
    """
    rows = ratifications(candidate)
    first = rows["completed_on"].min()
    last = ", ".join(
        f"{geo.country_name(code)} {day.day} {day:%B %Y}" for code, day in last_ratifiers(candidate)
    )
    return f"{CANDIDATES[candidate]}: first {first.day} {first:%B %Y}; last two: {last}"


# -- the land border with Russia ---------------------------------------------------------------


@dataclass(frozen=True)
class BorderChange:
    """The allies' land border with Russia on two days: the result of :func:`russia_border_change`.

    Lengths in km; ``computed`` on the kit's basemap, ``published`` the sum of the published
    lengths (``data/border_lengths.csv``) of the same borders.
    """

    before: pd.Timestamp
    after: pd.Timestamp
    computed_before: float
    computed_after: float
    published_before: float
    published_after: float
    allies_before: tuple[str, ...]
    allies_after: tuple[str, ...]

    @property
    def computed_factor(self) -> float:
        """How many times longer the border is after than before, on the basemap."""
        return self.computed_after / self.computed_before

    @property
    def published_factor(self) -> float:
        """The same factor from the published lengths."""
        return self.published_after / self.published_before

    def summary(self) -> str:
        """Three lines: the totals before and after, and the growth, measured both ways.

        Examples
        --------
        >>> print(russia_border_change().summary().splitlines()[-1])
        Growth: x2.16 on the map, x2.01 published
        """
        return "\n".join(
            [
                f"Before: {self.computed_before:,.0f} km on the map, "
                f"{self.published_before:,.0f} km published",
                f"After:  {self.computed_after:,.0f} km on the map, "
                f"{self.published_after:,.0f} km published",
                f"Growth: x{self.computed_factor:.2f} on the map, "
                f"x{self.published_factor:.2f} published",
            ]
        )


def _published_km(a: str, b: str, published: pd.DataFrame) -> tuple[float, bool, str]:
    """One published length for a border: a confirmed figure first, then the first listed."""
    rows = published[
        ((published["a_iso3"] == a) & (published["b_iso3"] == b))
        | ((published["a_iso3"] == b) & (published["b_iso3"] == a))
    ]
    if rows.empty:
        return float("nan"), False, ""
    rows = rows.sort_values("confirmed", ascending=False, kind="stable")
    row = rows.iloc[0]
    return float(row["published_km"]), bool(row["confirmed"]), str(row["source"])


#: The columns of :func:`russia_border_table` a notebook prints.
BORDER_COLUMNS = [
    "name",
    "computed_km",
    "ne10m_km",
    "published_km",
    "published_confirmed",
    "difference_pct",
]


def russia_border_table(date: object) -> pd.DataFrame:
    """The allies that border Russia on ``date``, each border computed and published.

    Columns: ``iso3``, ``name``, ``computed_km`` (on the basemap), ``ne10m_km`` (on the
    unsimplified Natural Earth 1:10m source), ``published_km``, ``published_confirmed``,
    ``difference_pct`` (computed against published, ``100 * (computed / published - 1)``).

    Examples
    --------
    >>> table = russia_border_table("2023-04-04")
    >>> sorted(table["iso3"])
    ['EST', 'FIN', 'LTU', 'LVA', 'NOR', 'POL']
    """
    allies = geo.members_on(date)["iso3"]
    russia = geo.country_geometry("RUS")
    shapely.prepare(russia)
    # A quick touch test first: measuring a border costs more than testing that there is one.
    codes = [
        c
        for c in allies
        if c not in geo.EXTRA_CODES
        and russia.intersects(geo.country_geometry(c))
        and geo.border_length_km(c, "RUS") > 0
    ]
    compared = geo.border_comparison([(code, "RUS") for code in codes])
    published = load("border_lengths")
    rows = []
    for code in codes:
        km, confirmed, _ = _published_km(code, "RUS", published)
        first = compared[compared["a"] == code].iloc[0]
        rows.append(
            {
                "iso3": code,
                "name": geo.country_name(code),
                "computed_km": float(first["computed_km"]),
                "ne10m_km": float(first["ne10m_km"]),
                "published_km": km,
                "published_confirmed": confirmed,
                "difference_pct": 100.0 * (float(first["computed_km"]) / km - 1.0),
            }
        )
    return pd.DataFrame(rows).sort_values("iso3").reset_index(drop=True)


def russia_border_change(
    before: object = "2023-04-03", after: object = "2023-04-04"
) -> BorderChange:
    """The allies' land border with Russia on two days, computed and published.

    By default the day before and the day of Finland's accession. Sweden has no land border
    with Russia, so its accession changes nothing here.

    Examples
    --------
    >>> change = russia_border_change()
    >>> change.allies_after[-1], round(change.published_after - change.published_before)
    ('FIN', 1340)
    """
    then, now = russia_border_table(before), russia_border_table(after)
    added = [c for c in now["iso3"] if c not in set(then["iso3"])]
    return BorderChange(
        before=parse_date(before, what="date"),
        after=parse_date(after, what="date"),
        computed_before=float(then["computed_km"].sum()),
        computed_after=float(now["computed_km"].sum()),
        published_before=float(then["published_km"].sum()),
        published_after=float(now["published_km"].sum()),
        allies_before=tuple(then["iso3"]),
        allies_after=tuple([c for c in now["iso3"] if c not in added] + added),
    )


# -- coastlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sea:
    """A sea as the kit draws it: a polygon in longitude/latitude and why it has that shape."""

    name: str
    polygon: Polygon
    limits: str


def _baltic() -> Polygon:
    # The Baltic proper with the Gulfs of Bothnia, Finland and Riga and the Danish straits up to
    # 56.1 N (the Øresund's northern entrance). West of 9.3 E (Jutland's North Sea coast) and
    # north of 56.1 N west of 13 E (Kattegat, Skagerrak, Norway) are left out.
    return Polygon(
        [
            (9.3, 54.2),
            (10.4, 53.8),
            (31.0, 53.8),
            (31.0, 66.5),
            (16.5, 66.5),
            (13.0, 60.0),
            (13.0, 56.1),
            (9.3, 56.1),
        ]
    )


def _black_sea() -> Polygon:
    # 27.3-42.5 E, 40.5-47.0 N, without the Sea of Marmara (south of 41.15 N and west of
    # 30.1 E) and without the Sea of Azov and the Sivash (north of 45.25 N and east of 33.7 E).
    outer = box(27.3, 40.5, 42.5, 47.0)
    marmara = box(27.3, 40.5, 30.1, 41.15)
    azov = box(33.7, 45.25, 42.5, 47.0)
    return outer.difference(marmara).difference(azov)


#: The seas the kit measures coastlines on. Their limits are the kit's own, drawn to leave out
#: neighbouring seas; they are not the limits of the International Hydrographic Organization.
SEAS: dict[str, Sea] = {
    "baltic": Sea(
        "Baltic Sea",
        _baltic(),
        "the Baltic proper, the Gulfs of Bothnia, Finland and Riga and the Danish straits "
        "south of 56.1°N; without the Kattegat, the Skagerrak and the North Sea",
    ),
    "black_sea": Sea(
        "Black Sea",
        _black_sea(),
        "the Black Sea north of the Bosporus (41.15°N); without the Sea of Marmara and "
        "without the Sea of Azov and the Sivash (north of 45.25°N, east of 33.7°E)",
    ),
}


def _check_sea(sea: object) -> Sea:
    if isinstance(sea, str) and sea in SEAS:
        return SEAS[sea]
    raise ValueError(f"Unknown sea {sea!r}; choose one of: {', '.join(SEAS)}")


@lru_cache(maxsize=4)
def _coasts_cached(_key: tuple, sea: str) -> dict[str, float]:
    countries = geo._countries_projected()
    # Densify the sea's edges before projecting, so they stay true lines on the LAEA map.
    water = geo.to_europe(shapely.segmentize(SEAS[sea].polygon, 0.05))
    shapely.prepare(water)
    reach = water.buffer(1000.0)
    near = countries[countries.geometry.intersects(reach)]
    codes, shapes = list(near.index), list(near.geometry)
    tree = shapely.STRtree(shapes)
    out = {}
    for i, code in enumerate(codes):
        # Cut the outline (clipped to the sea first: Russia's is long) into its segments.
        boxed = shapely.clip_by_rect(shapes[i].boundary, *reach.bounds)
        outline = boxed.intersection(reach)
        parts = [p for p in shapely.get_parts(outline) if p.geom_type == "LineString"]
        if not parts:
            continue
        starts, ends = [], []
        for part in parts:
            xy = shapely.get_coordinates(part)
            starts.append(xy[:-1])
            ends.append(xy[1:])
        a, b = np.concatenate(starts), np.concatenate(ends)
        segments = shapely.linestrings(np.stack([a, b], axis=1))
        # Only segments that reach into the sea can be coast on it (a prepared test is fast).
        wet = shapely.intersects(water, segments)
        segments, middle = segments[wet], shapely.points((a[wet] + b[wet]) / 2)
        # A segment is a land border when another country lies within 50 m of its middle
        # (the basemap is a coverage: shared borders are identical); the rest is coast.
        hits = tree.query(middle, predicate="dwithin", distance=50.0)
        shared = np.zeros(len(segments), dtype=bool)
        shared[hits[0][hits[1] != i]] = True
        coast = segments[~shared]
        inside = shapely.within(coast, water)
        km = float(shapely.length(coast[inside]).sum())
        km += float(shapely.length(shapely.intersection(coast[~inside], water)).sum())
        km /= 1000.0
        if km > 0:
            out[code] = km
    return out


def coastline_km(iso3: str, sea: str = "baltic") -> float:
    """Length in km of a country's coastline on a sea, measured on the kit's basemap.

    Method: the country's outline on the basemap (LAEA Europe, metres), minus every stretch it
    shares with another country (its land borders), cut to the sea's polygon (:data:`SEAS`).
    Islands count (Gotland, Åland, Bornholm, Saaremaa ...).

    Limits: a coastline has no true length (the finer the map, the longer it gets), and the
    basemap is Natural Earth 1:10m simplified to 1.5 km, which cuts off small bays, skerries
    and most of the Finnish and Swedish archipelagos. Read the kilometres as lengths *on this
    map*; the shares of a sea's coast (:func:`coastline_table`) are sturdier than the
    kilometres, but they too favour smooth coasts over ragged ones. The sea polygons are the
    kit's own choice; moving a limit moves the numbers.

    Examples
    --------
    >>> coastline_km("SWE") > coastline_km("LTU") > 0
    True
    >>> coastline_km("NLD")
    0.0
    >>> coastline_km("SWE", "arctic")
    Traceback (most recent call last):
    ...
    ValueError: Unknown sea 'arctic'; choose one of: baltic, black_sea
    """
    _check_sea(sea)
    geo.check_country(iso3)
    return _coasts_cached(fingerprint("countries"), sea).get(iso3, 0.0)


def coastline_table(sea: str = "baltic", date: object = None) -> pd.DataFrame:
    """Every country with a coast on a sea: km on the basemap, share, and ally or not.

    Parameters
    ----------
    sea : {"baltic", "black_sea"}
    date : date-like, optional
        Membership on this day (:func:`natokit.geo.alignment`); the latest when not given.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``name``, ``coast_km``, ``share_pct`` (of the sea's coast on the
        basemap), ``ally`` (bool on ``date``); the longest coast first.

    Examples
    --------
    >>> table = coastline_table("black_sea", "2022-06-15")
    >>> sorted(table["iso3"])
    ['BGR', 'GEO', 'ROU', 'RUS', 'TUR', 'UKR']
    >>> sorted(table.loc[table["ally"], "iso3"])
    ['BGR', 'ROU', 'TUR']
    """
    _check_sea(sea)
    coasts = _coasts_cached(fingerprint("countries"), sea)
    codes = sorted(coasts)
    sides = geo.alignment(codes, date)
    total = sum(coasts.values())
    table = pd.DataFrame(
        {
            "iso3": codes,
            "name": [geo.country_name(c) for c in codes],
            "coast_km": [coasts[c] for c in codes],
            "share_pct": [100.0 * coasts[c] / total for c in codes],
            "ally": [sides[c] == "ally" for c in codes],
        }
    )
    return table.sort_values(["coast_km", "iso3"], ascending=[False, True]).reset_index(drop=True)


def coast_held_by_allies(sea: str = "baltic", dates: Iterable[object] = ()) -> pd.DataFrame:
    """The share of a sea's coast (on the basemap) held by allies on each of several days.

    Examples
    --------
    >>> table = coast_held_by_allies("baltic", ["2022-06-15", "2024-03-07"])
    >>> bool(table["allied_pct"].iloc[1] > table["allied_pct"].iloc[0])
    True
    """
    if isinstance(dates, str) or not isinstance(dates, Iterable):
        raise ValueError(f"dates must be a list of dates such as ['2022-06-15'], not {dates!r}")
    rows = []
    for date in dates:
        table = coastline_table(sea, date)
        allied = table.loc[table["ally"], "coast_km"].sum()
        rows.append(
            {
                "date": parse_date(date, what="date").strftime("%Y-%m-%d"),
                "allies": int(table["ally"].sum()),
                "littoral_states": len(table),
                "allied_km": float(allied),
                "total_km": float(table["coast_km"].sum()),
                "allied_pct": float(100.0 * allied / table["coast_km"].sum()),
            }
        )
    return pd.DataFrame(rows)
