"""One way to read a date, for the whole library.

Every function of natokit that takes a date (``geo.members_on``, ``geo.battlegroups_on``, the
explorers, the data validation) reads it with :func:`parse_date`, so the same inputs are accepted
everywhere and the same clear message comes back for everything else. A bare year such as
``2004`` is refused on purpose: ``pandas.Timestamp(2004)`` would silently read it as 2004
nanoseconds after 1970.

Examples
--------
>>> from natokit.dates import parse_date
>>> parse_date("2022-06-15")
Timestamp('2022-06-15 00:00:00')
>>> parse_date(2004)
Traceback (most recent call last):
...
ValueError: 2004 is not a date; write it as 'YYYY-MM-DD', e.g. '2022-06-15' (for a whole year, use '2004-12-31').
"""

from __future__ import annotations

import datetime
import re

import numpy as np
import pandas as pd

__all__ = ["ISO_DATE", "parse_date"]

#: The only text form of a date the kit accepts: four-digit year, two-digit month and day.
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def parse_date(value: object, what: str = "date") -> pd.Timestamp:
    """Read a date given as ``'YYYY-MM-DD'`` text, a ``datetime.date`` or a pandas Timestamp.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, numpy.datetime64 or pandas.Timestamp
        The date. Text must be exactly ``YYYY-MM-DD``; a time of day is dropped.
    what : str, default "date"
        What the date is, for the error message (e.g. ``"battlegroup date"``).

    Returns
    -------
    pandas.Timestamp
        Midnight of that day, without a time zone.

    Raises
    ------
    ValueError
        For anything else: numbers (a bare year is ambiguous), booleans, ``None``, ``NaT``,
        other text forms such as ``'16/06/2022'`` or ``'2022-6-16'``, and impossible days such
        as ``'2022-02-30'``. The message says what was given and how to write it.

    Examples
    --------
    >>> import datetime
    >>> parse_date(datetime.date(2023, 4, 4))
    Timestamp('2023-04-04 00:00:00')
    >>> parse_date("2022-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2022-02-30' is not a date; write it as 'YYYY-MM-DD', e.g. '2022-06-15'.
    >>> parse_date(None, what="meeting date")
    Traceback (most recent call last):
    ...
    ValueError: The meeting date is missing; write it as 'YYYY-MM-DD', e.g. '2022-06-15'.
    """
    form = "write it as 'YYYY-MM-DD', e.g. '2022-06-15'"
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        raise ValueError(f"The {what} is missing; {form}.")
    if isinstance(value, bool) or isinstance(value, int | float | np.integer | np.floating):
        hint = ""
        if isinstance(value, int | np.integer) and not isinstance(value, bool):
            hint = f" (for a whole year, use '{int(value)}-12-31')"
        raise ValueError(f"{value!r} is not a date; {form}{hint}.")
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.match(text):
            try:
                return pd.Timestamp(datetime.date.fromisoformat(text))
            except ValueError:
                pass
        raise ValueError(f"{value!r} is not a date; {form}.")
    if isinstance(value, pd.Timestamp | datetime.datetime | datetime.date | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT or pd.isna(stamp):
            raise ValueError(f"The {what} is missing; {form}.")
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        return stamp.normalize()
    raise ValueError(f"{value!r} (a {type(value).__name__}) is not a date; {form}.")
