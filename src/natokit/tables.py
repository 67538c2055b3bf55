"""Readable tables of the datasets, for printing in notebooks: names instead of codes, dates no
more precise than the data knows them, and unconfirmed rows marked.

Examples
--------
>>> from natokit import tables
>>> tables.format_date("2005-01-01", "year")
'2005'
"""

from __future__ import annotations

import pandas as pd

from .data import load  # noqa: F401  (the examples below use it)
from .dates import parse_date
from .geo import country_name

__all__ = [
    "UNKNOWN_COUNT",
    "format_date",
    "deployments",
    "rotation_events",
    "battlegroups",
    "bases",
]

#: What a table prints for a number the data does not know (never a blank cell).
UNKNOWN_COUNT = "unknown"

_DATE_FORMAT = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def format_date(when: object, precision: str = "day") -> str:
    """A date written no more precisely than it is known (``day``, ``month`` or ``year``).

    Examples
    --------
    >>> format_date(pd.Timestamp("2022-04-06"))
    '06 Apr 2022'
    >>> format_date("2023-02-01", "month")
    'Feb 2023'
    """
    if precision not in _DATE_FORMAT:
        raise ValueError(f"precision must be one of {', '.join(_DATE_FORMAT)}, not {precision!r}")
    return f"{parse_date(when):{_DATE_FORMAT[precision]}}"


def _count(value: object) -> str:
    return UNKNOWN_COUNT if pd.isna(value) else str(int(value))


def deployments(rows: pd.DataFrame) -> pd.DataFrame:
    """``air_policing`` rows as a table to print: who flew what, where and when.

    Columns: base, contributor (name), aircraft, count ("unknown" when the data has no
    number), start (at the row's
    date precision), end ("end not in the data" when empty), confirmed ("UNCONFIRMED" for rows
    with ``confirmed == False``).

    Examples
    --------
    >>> ap = load("air_policing")
    >>> deployments(ap[ap["base"] == "Graf Ignatievo"]).iloc[0].tolist()
    ['Graf Ignatievo', 'Netherlands', 'F-35A', '4', '06 Apr 2022', '31 May 2022', 'yes']
    """
    return pd.DataFrame(
        {
            "base": rows["base"].to_numpy(),
            "contributor": [country_name(c) for c in rows["contributor_iso3"]],
            "aircraft": rows["aircraft_type"].to_numpy(),
            "count": [_count(n) for n in rows["aircraft_count"]],
            "start": [
                format_date(d, p)
                for d, p in zip(rows["start"], rows["date_precision"], strict=True)
            ],
            "end": ["end not in the data" if pd.isna(d) else format_date(d) for d in rows["end"]],
            "confirmed": ["yes" if bool(c) else "UNCONFIRMED" for c in rows["confirmed"]],
        }
    )


def rotation_events(rows: pd.DataFrame) -> pd.DataFrame:
    """``air_policing`` rows as events for :func:`natokit.charts.timeline`.

    One event per row: ``date`` is the start, ``title`` says what flew where;
    ``date_precision`` and ``source`` are carried over.

    Examples
    --------
    >>> ap = load("air_policing")
    >>> rotation_events(ap[ap["base"] == "Graf Ignatievo"])["title"].iloc[0]
    'F-35A ×4 at Graf Ignatievo (enhanced Air Policing)'
    """
    titles = [
        f"{r.aircraft_type}"
        + (f" ×{int(r.aircraft_count)}" if pd.notna(r.aircraft_count) else "")
        + f" at {r.base} ({r.mission})"
        for r in rows.itertuples()
    ]
    return pd.DataFrame(
        {
            "date": rows["start"].to_numpy(),
            "title": titles,
            "date_precision": rows["date_precision"].to_numpy(),
            "source": rows["source"].to_numpy(),
        }
    ).sort_values("date", ignore_index=True)


def battlegroups(rows: pd.DataFrame) -> pd.DataFrame:
    """``battlegroups`` rows as a table to print: host, framework nation, from, to, location.

    Examples
    --------
    >>> bg = load("battlegroups")
    >>> battlegroups(bg[bg["host_iso3"] == "SVK"])["framework nation"].tolist()
    ['Czechia', 'Spain']
    """
    table = pd.DataFrame(
        {
            "host": [country_name(c) for c in rows["host_iso3"]],
            "framework nation": [country_name(c) for c in rows["framework_iso3"]],
            "from": [
                format_date(d, p)
                for d, p in zip(rows["framework_from"], rows["date_precision"], strict=True)
            ],
            "to": ["(open)" if pd.isna(d) else format_date(d) for d in rows["framework_to"]],
            "location": rows["location"]
            .where(
                rows["coords_confirmed"].astype(bool), rows["location"] + " [approx. coordinates]"
            )
            .to_numpy(),
        }
    )
    table.loc[~rows["confirmed"].astype(bool).to_numpy(), "host"] += " [unconfirmed]"
    return table


def bases(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per Air Policing base in ``rows``: where it is, who flew from it, and when.

    Columns: base, lon, lat, host, missions (joined with "and"), contributors (ISO codes, in
    order of first appearance), years (start years, in row order).

    Examples
    --------
    >>> ap = load("air_policing")
    >>> row = bases(ap).set_index("base").loc["Graf Ignatievo"]
    >>> row["contributors"], row["years"]
    ('NLD', '2022')
    """
    return (
        rows.groupby("base", sort=False)
        .agg(
            lon=("lon", "first"),
            lat=("lat", "first"),
            host=("host_iso3", "first"),
            missions=("mission", lambda m: " and ".join(sorted(set(m)))),
            contributors=("contributor_iso3", lambda c: ", ".join(dict.fromkeys(c))),
            years=("start", lambda s: ", ".join(str(d.year) for d in s)),
        )
        .reset_index()
    )
