"""Defence spending as a share of GDP, edition by edition: pure computations on one table.

NATO publishes *Defence Expenditure of NATO Countries* once a year and revises the whole
back-series in each edition, so every number here is tied to the edition it comes from
(``natokit.load("defence_spending")``). The functions return small tables or frozen result
objects and never draw; :class:`natokit.explore_spending.SpendingExplorer` draws them.

Every value in the table is a secondary transcription of NATO's figures; ``confirmed`` is False
where the transcription rests on one weak copy (see ``data/README.md``). Show both flags.

Examples
--------
>>> from natokit import spending
>>> [e.name for e in spending.editions()][0]
'June 2022 edition (2014-2022)'
>>> table = spending.share("2024-06-17", 2024)
>>> len(table), bool(table["estimate"].all())
(31, True)
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .data import fingerprint, load
from .geo import country_name

__all__ = [
    "GUIDELINE_PCT",
    "Edition",
    "Revision",
    "Revisions",
    "editions",
    "edition",
    "allies",
    "share",
    "count_at_or_above",
    "revisions",
    "largest_revision",
    "path",
    "commitments",
]

GUIDELINE_PCT = 2.0  # the Wales pledge of 2014: move towards 2% of GDP within a decade

# NATO's title names the years the edition covers, e.g. "(2014-2022)".
_TITLE = re.compile(r"Defence Expenditure of NATO Countries \((\d{4})-(\d{4})\)")


@dataclass(frozen=True)
class Edition:
    """One NATO edition of the spending figures.

    Attributes
    ----------
    key : str
        Publication date, ``YYYY-MM-DD`` (the ``edition`` column of the table).
    name : str
        How NATO names it, with the years its title covers, e.g.
        ``'June 2022 edition (2014-2022)'``.
    title : str
        The publication's title, e.g. ``'Defence Expenditure of NATO Countries (2014-2022)'``.
    published : pandas.Timestamp
        The publication date.
    covers : (int, int)
        First and last year the publication covers, from its title.
    years : tuple of int
        The years the kit's table holds for this edition (often fewer than the title covers).
    allies : int
        How many allies have at least one value in this edition.

    Examples
    --------
    >>> e = edition("2023-07-07")
    >>> e.name, e.covers, e.years
    ('July 2023 edition (2014-2023)', (2014, 2023), (2014, 2023))
    """

    key: str
    name: str
    title: str
    published: pd.Timestamp
    covers: tuple[int, int]
    years: tuple[int, ...]
    allies: int


@dataclass(frozen=True)
class Revision:
    """The same ally-year in its earliest and its latest edition.

    Examples
    --------
    >>> r = revisions(2014).largest
    >>> round(r.change, 2) == round(r.latest_pct - r.earliest_pct, 2)
    True
    """

    iso3: str
    name: str
    year: int
    earliest_edition: str
    earliest_pct: float
    latest_edition: str
    latest_pct: float
    change: float


@dataclass(frozen=True)
class Revisions:
    """One year as each edition gives it.

    Attributes
    ----------
    year : int
    table : DataFrame
        One row per ally with a value in at least one edition: ``iso3``, ``name``, one column
        per edition key (``pct_gdp`` in that edition, NaN where it has none), ``change``
        (latest minus earliest edition's value; NaN when only one edition has the ally-year),
        sorted by the size of the change, largest first.
    largest : Revision or None
        The ally-year whose value moved most between its earliest and latest edition (ties go
        to the first code alphabetically); None when no ally-year is in two editions.

    Examples
    --------
    >>> revisions(2019).largest is None
    True
    """

    year: int
    table: pd.DataFrame
    largest: Revision | None


def _table() -> pd.DataFrame:
    return load("defence_spending")


def _edition_name(published: pd.Timestamp, first: int, last: int) -> str:
    return f"{published:%B %Y} edition ({first}-{last})"


def editions() -> list[Edition]:
    """The editions in the spending table, oldest first.

    Examples
    --------
    >>> [e.key for e in editions()]
    ['2022-06-27', '2023-07-07', '2024-06-17', '2025-08-28']
    >>> editions()[-1].title
    'Defence Expenditure of NATO Countries (2014-2025)'
    """
    return list(_editions(fingerprint("defence_spending")))


@lru_cache(maxsize=4)
def _editions(_key: object) -> tuple[Edition, ...]:
    # Cached per version of the data file (its fingerprint), so an explorer step stays cheap.
    table = _table()
    result = []
    for published, rows in table.groupby("edition"):
        published = pd.Timestamp(published)
        years = tuple(sorted(int(y) for y in rows["year"].unique()))
        match = _TITLE.search(" ".join(rows["source"].unique()))
        first, last = (int(match[1]), int(match[2])) if match else (years[0], years[-1])
        result.append(
            Edition(
                key=f"{published:%Y-%m-%d}",
                name=_edition_name(published, first, last),
                title=f"Defence Expenditure of NATO Countries ({first}-{last})",
                published=published,
                covers=(first, last),
                years=years,
                allies=int(rows["iso3"].nunique()),
            )
        )
    return tuple(result)


def edition(which: str) -> Edition:
    """Look up an edition by its date (``'2025-08-28'``) or its name.

    Raises
    ------
    ValueError
        For anything else; the message lists the editions.

    Examples
    --------
    >>> edition("June 2022 edition (2014-2022)").key
    '2022-06-27'
    >>> edition("2021-06-14")
    Traceback (most recent call last):
    ...
    ValueError: Unknown edition '2021-06-14'; the table has: 2022-06-27 (June 2022 edition ...
    """
    known = editions()
    if isinstance(which, str):
        for e in known:
            if which.strip() in (e.key, e.name):
                return e
    listed = "; ".join(f"{e.key} ({e.name})" for e in known)
    raise ValueError(f"Unknown edition {_short(which)}; the table has: {listed}")


def allies() -> list[str]:
    """ISO3 codes of every ally with a value in any edition, alphabetical.

    Examples
    --------
    >>> codes = allies()
    >>> "NLD" in codes and "USA" in codes and "ISL" not in codes
    True
    """
    return sorted(_table()["iso3"].unique())


def _short(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


def _year(value: object, years: list[int] | tuple[int, ...], where: str) -> int:
    """``value`` as a year in ``years``, else a ValueError naming the years there are."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"Year must be a whole number such as 2022, not {_short(value)}")
    year = int(value)
    if year not in years:
        shown = ", ".join(str(y) for y in years)
        raise ValueError(f"Year {year} is not in {where}; it has: {shown}")
    return year


def _ally(value: object) -> str:
    codes = allies()
    if not isinstance(value, str) or value not in codes:
        raise ValueError(
            f"No spending figures for {_short(value)}; use an ISO3 code of an ally in the "
            f"table: {', '.join(codes)}"
        )
    return value


def share(edition_key: str, year: int) -> pd.DataFrame:
    """Every ally's spending in one year as one edition gives it, highest first.

    Parameters
    ----------
    edition_key : str
        An edition's date or name (see :func:`editions`).
    year : int
        A year that edition holds (``Edition.years``).

    Returns
    -------
    DataFrame
        ``iso3``, ``name``, ``pct_gdp``, ``estimate``, ``confirmed``, ``at_or_above``
        (``pct_gdp >= 2``), sorted by ``pct_gdp`` (highest first), then by code.

    Raises
    ------
    ValueError
        For an unknown edition or a year outside it; the message lists what exists.

    Examples
    --------
    >>> top = share("2025-08-28", 2014).iloc[0]
    >>> top["iso3"], bool(top["estimate"])
    ('USA', False)
    >>> share("2022-06-27", 2014)
    Traceback (most recent call last):
    ...
    ValueError: Year 2014 is not in the June 2022 edition (2014-2022); it has: 2022
    """
    chosen = edition(edition_key)
    year = _year(year, chosen.years, f"the {chosen.name}")
    # A copy of the kept table: a caller may change what it gets back.
    return _shares(fingerprint("defence_spending"))[(chosen.key, year)].copy()


@lru_cache(maxsize=2)
def _shares(_data: object) -> dict[tuple[str, int], pd.DataFrame]:
    """Every (edition key, year) table, built in one pass; kept per version of the data file
    (its fingerprint, as _editions), so an explorer step never builds one."""
    table = _table()
    names = {code: country_name(code) for code in table["iso3"].unique()}
    keys = {e.published: e.key for e in editions()}
    result = {}
    for (published, year), rows in table.groupby(["edition", "year"]):
        frame = pd.DataFrame(
            {
                "iso3": rows["iso3"].astype(str).to_numpy(),
                "name": [names[c] for c in rows["iso3"]],
                "pct_gdp": rows["pct_gdp"].astype(float).to_numpy(),
                "estimate": rows["estimate"].astype(bool).to_numpy(),
                "confirmed": rows["confirmed"].astype(bool).to_numpy(),
            }
        )
        frame["at_or_above"] = frame["pct_gdp"] >= GUIDELINE_PCT
        frame = frame.sort_values(["pct_gdp", "iso3"], ascending=[False, True])
        result[(keys[pd.Timestamp(published)], int(year))] = frame.reset_index(drop=True)
    return result


def count_at_or_above(threshold: float = GUIDELINE_PCT) -> pd.DataFrame:
    """How many allies spend at least ``threshold`` % of GDP, per edition and year.

    Returns
    -------
    DataFrame
        ``edition`` (key), ``edition_name``, ``year``, ``count``, ``allies`` (allies with a
        value in that edition and year: the count is out of these, not out of all allies),
        ``estimate`` (the year is that edition's estimate), ``unconfirmed`` (values in it that
        are not confirmed), sorted by edition and year.

    Raises
    ------
    ValueError
        If ``threshold`` is not a finite number between 0 and 100.

    Examples
    --------
    >>> counts = count_at_or_above().set_index(["edition", "year"])
    >>> int(counts.loc[("2024-06-17", 2024), "count"])
    23
    >>> int(counts.loc[("2022-06-27", 2022), "allies"])
    15
    """
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, numbers.Real)
        or not math.isfinite(float(threshold))
        or not 0 <= float(threshold) <= 100
    ):
        raise ValueError(
            f"threshold must be a number of per cent from 0 to 100, not {_short(threshold)}"
        )
    names = {e.published: e for e in editions()}
    table = _table()
    rows = []
    for (published, year), group in table.groupby(["edition", "year"]):
        chosen = names[pd.Timestamp(published)]
        rows.append(
            {
                "edition": chosen.key,
                "edition_name": chosen.name,
                "year": int(year),
                "count": int((group["pct_gdp"] >= float(threshold)).sum()),
                "allies": int(len(group)),
                "estimate": bool(group["estimate"].all()),
                "unconfirmed": int((~group["confirmed"].astype(bool)).sum()),
            }
        )
    return pd.DataFrame(rows).sort_values(["edition", "year"]).reset_index(drop=True)


def revisions(year: int) -> Revisions:
    """The same year in every edition that holds it, and the largest revision.

    Examples
    --------
    >>> r = revisions(2022)
    >>> list(r.table.columns)
    ['iso3', 'name', '2022-06-27', '2025-08-28', 'change']
    >>> r.largest.earliest_edition, r.largest.latest_edition
    ('2022-06-27', '2025-08-28')
    >>> revisions(2030)
    Traceback (most recent call last):
    ...
    ValueError: Year 2030 is not in any edition; it has: 2014, 2015, ...
    """
    table = _table()
    years = sorted(int(y) for y in table["year"].unique())
    year = _year(year, years, "any edition")
    rows = table[table["year"] == year]
    keys = {e.published: e.key for e in editions()}
    wide = rows.assign(edition=rows["edition"].map(lambda d: keys[pd.Timestamp(d)])).pivot(
        index="iso3", columns="edition", values="pct_gdp"
    )
    columns = [k for k in keys.values() if k in wide.columns]
    wide = wide[columns].astype(float)
    wide.columns.name = None
    firsts = wide.apply(lambda r: r.dropna().iloc[0], axis=1)
    lasts = wide.apply(lambda r: r.dropna().iloc[-1], axis=1)
    counts = wide.notna().sum(axis=1)
    # Values have two decimals; rounding keeps float noise (-0.030000000000000027) out.
    change = (lasts - firsts).round(2).where(counts >= 2)
    result = wide.reset_index()
    result.insert(1, "name", [country_name(c) for c in result["iso3"]])
    result["change"] = change.to_numpy()
    order = result.assign(size=result["change"].abs()).sort_values(
        ["size", "iso3"], ascending=[False, True], na_position="last"
    )
    result = result.loc[order.index].reset_index(drop=True)
    largest = None
    if result["change"].notna().any():
        top = result.iloc[0]
        values = top[columns].dropna()
        largest = Revision(
            iso3=str(top["iso3"]),
            name=str(top["name"]),
            year=year,
            earliest_edition=str(values.index[0]),
            earliest_pct=float(values.iloc[0]),
            latest_edition=str(values.index[-1]),
            latest_pct=float(values.iloc[-1]),
            change=float(top["change"]),
        )
    return Revisions(year=year, table=result, largest=largest)


def path(iso3: str) -> pd.DataFrame:
    """One ally's values over the years, in every edition that has it.

    Returns
    -------
    DataFrame
        ``edition`` (key), ``edition_name``, ``year``, ``pct_gdp``, ``estimate``,
        ``confirmed``, sorted by edition and year.

    Raises
    ------
    ValueError
        For a code with no spending rows (the message lists the codes there are).

    Examples
    --------
    >>> nld = path("NLD")
    >>> nld[nld["edition"] == "2023-07-07"]["year"].tolist()
    [2014, 2023]
    >>> path("Netherlands")
    Traceback (most recent call last):
    ...
    ValueError: No spending figures for 'Netherlands'; use an ISO3 code of an ally ...
    """
    code = _ally(iso3)
    return _paths(fingerprint("defence_spending"))[code].copy()


@lru_cache(maxsize=2)
def _paths(_data: object) -> dict[str, pd.DataFrame]:
    """Every ally's rows by edition and year, built in one pass (kept as _shares)."""
    table = _table().sort_values(["iso3", "edition", "year"])
    named = {e.published: e for e in editions()}
    result = {}
    for code, rows in table.groupby("iso3"):
        editions_of = [named[pd.Timestamp(d)] for d in rows["edition"]]
        result[str(code)] = pd.DataFrame(
            {
                "edition": [e.key for e in editions_of],
                "edition_name": [e.name for e in editions_of],
                "year": rows["year"].astype(int).to_numpy(),
                "pct_gdp": rows["pct_gdp"].astype(float).to_numpy(),
                "estimate": rows["estimate"].astype(bool).to_numpy(),
                "confirmed": rows["confirmed"].astype(bool).to_numpy(),
            }
        )
    return result


def largest_revision() -> Revision:
    """The ally-year whose value moved most between its earliest and its latest edition.

    Every year in the table is compared (:func:`revisions`); ties go to the earlier year.

    Examples
    --------
    >>> r = largest_revision()
    >>> abs(r.change) >= abs(revisions(2022).largest.change)
    True
    """
    found = [
        r.largest for y in sorted(set(_table()["year"].astype(int))) if (r := revisions(y)).largest
    ]
    # max() keeps the first of equal sizes, and the years are in order.
    return max(found, key=lambda r: abs(r.change))


def commitments() -> pd.DataFrame:
    """NATO's spending pledges and their parts: Wales 2014, Vilnius 2023, The Hague 2025.

    One row per pledge or part (``part_of`` names the pledge a part belongs to): ``pct`` is a
    share of ``of`` (GDP, or defence expenditure for Wales's 20% on major equipment),
    ``floor`` says "at least", ``target_year`` is empty for an annual, open-ended pledge.

    Examples
    --------
    >>> table = commitments().set_index("key")
    >>> float(table.loc["hague2025", "pct"]), int(table.loc["hague2025", "target_year"])
    (5.0, 2035)
    >>> parts = table[table["part_of"] == "hague2025"]["pct"]
    >>> float(parts.sum())
    5.0
    """
    return load("commitments")
