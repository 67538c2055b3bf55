"""Load the kit's datasets, validated against their schemas.

Every table lives in ``data/`` as tidy CSV with a ``source`` column, and the basemap as
``data/countries.geojson``. :func:`load` reads a dataset, checks it and returns a fresh copy of a
cached table. A damaged file never loads silently: it raises a ``ValueError`` that names the
file (and the line and column where there is one) and says what to do.

What is checked
---------------
- the path: an existing regular file (not a folder or a device), not empty, UTF-8;
- the header: exactly the schema's columns, in order (no extra, renamed or missing column);
- every cell: no spaces around it; numbers finite and inside their range (open or closed
  bounds); dates strictly ``YYYY-MM-DD`` (the one rule of :func:`natokit.dates.parse_date`) and
  not after the dataset's retrieval date; country codes on the basemap; flags ``true``/``false``;
  choices and letter topics (:data:`LETTER_TOPICS`) from their vocabulary;
- every row: as many fields as the header; an end date not before its start; a unique key;
- the file as a whole: as many data rows as ``data/manifest.csv`` records, so a file cut off at
  a row boundary (or down to its header) is caught;
- the basemap: WGS84 longitude/latitude, one (Multi)Polygon feature per country, exactly the
  country codes the manifest lists, so a lost feature is blamed on ``countries.geojson`` and not
  on the table that uses the code.

After a deliberate edit that adds or removes rows, regenerate the manifest from the repository
root with ``python scripts/update_manifest.py`` (or call :func:`write_manifest`).

Caches are keyed on each file's identity and modification time and on the folder it came from,
so an edited file, or a switch of ``NATOKIT_DATA`` mid-session, is read again. Modules that keep
derived data (a projected basemap, say) can key their own caches on :func:`fingerprint`.

Examples
--------
>>> import natokit
>>> members = natokit.load("members")
>>> len(members)
32
>>> "source" in members.columns
True
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .dates import ISO_DATE, parse_date

__all__ = [
    "BANNED_SOURCE_SITES",
    "Column",
    "DATASETS",
    "Dataset",
    "EXTRA_CODES",
    "LETTER_TOPICS",
    "MANIFEST_FILE",
    "SourceList",
    "available",
    "banned_sites",
    "data_dir",
    "fingerprint",
    "load",
    "source_list",
    "write_manifest",
]

#: The tags a paragraph of ``letter.csv`` may carry in ``topics`` (separated by ``;``).
LETTER_TOPICS: tuple[str, ...] = (
    "meeting",
    "madrid",
    "deterrence",
    "air_policing",
    "posture",
    "ddr",
    "nato_eu",
    "burden_sharing",
    "partners",
    "accession",
    "udcg",
)

#: The file in the data folder that records each file's row count and the basemap's codes.
MANIFEST_FILE = "manifest.csv"
_MANIFEST_HEADER = ["file", "rows", "codes"]
_MANIFEST_COMMAND = "python scripts/update_manifest.py"


@dataclass(frozen=True)
class Column:
    """One column of a dataset's schema.

    Parameters
    ----------
    name : str
        Column name in the file's header.
    kind : {"text", "int", "float", "date", "bool", "iso3", "iso3_list", "tags"}
        How the value is parsed and checked. ``iso3`` must be a known country code;
        ``iso3_list`` is several codes separated by ``;``; ``tags`` is several words separated
        by ``;``, each one of ``choices``.
    required : bool, default True
        When True an empty cell is an error.
    low, high : float, optional
        Inclusive bounds for numbers (``low_open``/``high_open`` make them exclusive).
    choices : tuple of str, optional
        The only values allowed (for ``tags``: the only words allowed).

    Examples
    --------
    >>> Column("pct_gdp", "float", low=0, high=10, low_open=True, high_open=True).kind
    'float'
    """

    name: str
    kind: str = "text"
    required: bool = True
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Dataset:
    """A dataset of the kit: its file, what it holds, its schema and its unique key.

    Parameters
    ----------
    name, filename, description : str
        Registry name, file in the data folder, one-line description.
    columns : tuple of Column
        The schema; the file's header must list exactly these names, in this order.
    key : tuple of str
        Columns whose combination is unique.
    retrieved : str, optional
        ``YYYY-MM-DD`` on which the data were gathered (see ``data/README.md``); no date in the
        table may come after it.
    spans : tuple of (str, str)
        ``(start, end)`` column pairs: where both are given, the end may not precede the start.

    Examples
    --------
    >>> DATASETS["members"].filename
    'members.csv'
    >>> DATASETS["battlegroups"].spans
    (('framework_from', 'framework_to'),)
    """

    name: str
    filename: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default_factory=tuple)
    retrieved: str | None = None
    spans: tuple[tuple[str, str], ...] = ()


def _source() -> Column:
    return Column("source", "text")


def _via() -> Column:
    # The copy actually read, where the original publication (in `source`) was not readable.
    return Column("via", "text", required=False)


def _confirmed() -> Column:
    return Column("confirmed", "bool")


def _note() -> Column:
    return Column("note", "text", required=False)


_PRECISION = Column("date_precision", "text", choices=("day", "month", "year"))
_LON = ("lon", -180.0, 180.0)
_LAT = ("lat", -90.0, 90.0)
# The day the sourced tables were gathered (data/README.md, column "retrieved").
_RETRIEVED = "2026-11-28"


def _coord(spec: tuple[str, float, float], required: bool = True) -> Column:
    name, low, high = spec
    return Column(name, "float", required=required, low=low, high=high)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset(
            "members",
            "members.csv",
            "The 32 NATO allies and the date each joined.",
            (
                Column("iso3", "iso3"),
                Column("name"),
                Column("accession_date", "date"),
                _source(),
                _via(),
            ),
            key=("iso3",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "ratifications",
            "ratifications.csv",
            "Per ally, the end of its parliamentary procedure for the Finland and Sweden "
            "accession protocols (NATO Parliamentary Assembly timeline).",
            (
                Column("iso3", "iso3"),
                Column("candidate_iso3", "iso3", choices=("FIN", "SWE")),
                Column("completed_on", "date"),
                _PRECISION,
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("iso3", "candidate_iso3"),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "battlegroups",
            "battlegroups.csv",
            "The eight multinational battlegroups on the eastern flank, one row per "
            "framework-nation period.",
            (
                Column("host_iso3", "iso3"),
                Column("framework_iso3", "iso3"),
                Column("framework_from", "date"),
                Column("framework_to", "date", required=False),
                _PRECISION,
                Column("established", "int", low=2016, high=2100),
                Column("location"),
                _coord(_LON),
                _coord(_LAT),
                Column("coords_confirmed", "bool"),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("host_iso3", "framework_iso3", "framework_from"),
            retrieved=_RETRIEVED,
            spans=(("framework_from", "framework_to"),),
        ),
        Dataset(
            "air_policing",
            "air_policing.csv",
            "Air Policing deployments (Baltic and enhanced Air Policing): base, contributor, "
            "aircraft and dates, including every Dutch rotation found.",
            (
                Column("mission", choices=("Baltic Air Policing", "enhanced Air Policing")),
                Column("base"),
                Column("host_iso3", "iso3"),
                _coord(_LON),
                _coord(_LAT),
                Column("contributor_iso3", "iso3"),
                Column("aircraft_type"),
                Column("aircraft_count", "int", required=False, low=1, high=100),
                Column("start", "date"),
                Column("end", "date", required=False),
                _PRECISION,
                Column("tasks", required=False),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("base", "contributor_iso3", "start"),
            retrieved=_RETRIEVED,
            spans=(("start", "end"),),
        ),
        Dataset(
            "defence_spending",
            "defence_spending.csv",
            "Defence expenditure as a share of GDP per ally and year, from named NATO editions.",
            (
                Column("iso3", "iso3"),
                Column("year", "int", low=2014, high=2100),
                Column("pct_gdp", "float", low=0, high=10, low_open=True, high_open=True),
                Column("edition", "date"),
                Column("estimate", "bool"),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("iso3", "year", "edition"),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "udcg_meetings",
            "udcg_meetings.csv",
            "Meetings of the Ukraine Defense Contact Group (Ramstein format).",
            (
                Column("number", "int", low=1, high=1000),
                Column("date", "date"),
                _PRECISION,
                Column("place", required=False),
                Column("format", choices=("in person", "virtual", "hybrid")),
                Column("participants", required=False),
                # The country (or countries) whose defence minister chaired the meeting.
                Column("chair", "iso3_list", required=False),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("number",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "eu_members",
            "eu_members.csv",
            "The EU member states and the date each joined, for the NATO-EU overlap.",
            (
                Column("iso3", "iso3"),
                Column("name"),
                Column("accession_date", "date"),
                _source(),
                _via(),
            ),
            key=("iso3",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "events",
            "events.csv",
            "A dated timeline of the events around the meeting, from the invasion to later "
            "summits.",
            (
                Column("date", "date"),
                Column("title"),
                Column(
                    "topic",
                    # "meeting" is the ministerial of June 2022 itself, nothing else.
                    choices=("war", "meeting", "summit", "accession", "udcg", "posture", "nato_eu"),
                ),
                _confirmed(),
                _source(),
                _via(),
            ),
            key=("date", "title"),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "capitals",
            "capitals.csv",
            "Capital cities with coordinates, for distance and reach exercises.",
            (
                Column("iso3", "iso3"),
                Column("capital"),
                _coord(_LON),
                _coord(_LAT),
                _source(),
                _via(),
            ),
            key=("iso3",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "letter",
            "letter.csv",
            "The letter of June 2022, paragraph by paragraph: Dutch text, an English summary "
            "and an English working translation written for the kit, and topic tags.",
            (
                Column("paragraph_id"),
                Column("section"),
                Column("text_nl"),
                Column("summary_en"),
                # The kit's own English working translation (not an official one).
                Column("translation_en"),
                Column("topics", "tags", choices=LETTER_TOPICS),
            ),
            key=("paragraph_id",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "glossary",
            "glossary.csv",
            "The letter's terms and acronyms in Dutch and English, with an explanation.",
            (
                Column("term"),
                Column("expansion", required=False),
                Column("nl"),
                Column("en"),
                Column("explanation_en"),
                _source(),
                _via(),
            ),
            key=("term",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "border_lengths",
            "border_lengths.csv",
            "Published lengths of land borders between allies and Russia or Belarus (and "
            "other borders the notebooks measure), to set against the lengths computed on the "
            "kit's basemap.",
            (
                Column("a_iso3", "iso3"),
                Column("b_iso3", "iso3"),
                Column("published_km", "float", low=0, high=10000, low_open=True),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("a_iso3", "b_iso3", "source"),
        ),
        Dataset(
            "border_lengths_ne10m",
            "border_lengths_ne10m.csv",
            "Border lengths computed on the unsimplified Natural Earth 1:10m countries, written "
            "by scripts/build_basemap.py, to show how much the kit's simplification costs.",
            (
                Column("a_iso3", "iso3"),
                Column("b_iso3", "iso3"),
                Column("ne10m_km", "float", low=0, high=10000),
                _source(),
            ),
            key=("a_iso3", "b_iso3"),
        ),
        Dataset(
            "references",
            "references.csv",
            "The documents and literature the notebooks cite for concepts: NATO's texts, "
            "official declarations and the deterrence literature.",
            (
                Column("key"),
                Column("kind", choices=("treaty", "nato_text", "official", "letter", "literature")),
                Column("citation"),
                _source(),
                _via(),
            ),
            key=("key",),
        ),
        Dataset(
            "commitments",
            "commitments.csv",
            "NATO's defence-spending pledges (Wales 2014, Vilnius 2023, The Hague 2025) and "
            "their parts.",
            (
                Column("key"),
                Column("summit"),
                Column("date", "date"),
                Column("pledge"),
                Column("pct", "float", low=0, high=100, low_open=True),
                Column("of", choices=("GDP", "defence expenditure")),
                # The key of the pledge this row is a part of (The Hague's 3.5% + 1.5%).
                Column("part_of", required=False),
                Column("floor", "bool"),
                Column("target_year", "int", required=False, low=2014, high=2100),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("key",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "missile_ranges",
            "missile_ranges.csv",
            "Published maximum ranges of Russian missile systems, as their sources state them "
            "(not claims of the kit).",
            (
                Column("system"),
                Column("range_km", "float", low=0, high=5000, low_open=True),
                Column("figure", choices=("maximum range", "distance flown")),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("system",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "logistics_hubs",
            "logistics_hubs.csv",
            "Logistics hubs for aid to Ukraine that official sources name, with coordinates.",
            (
                Column("name"),
                Column("iso3", "iso3"),
                _coord(_LON),
                _coord(_LAT),
                Column("coords_confirmed", "bool"),
                Column("role"),
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("name",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "coalitions",
            "coalitions.csv",
            "Capability coalitions for Ukraine that grew out of the Ukraine Defense Contact "
            "Group, with their leads and the earliest day a source reports them.",
            (
                Column("name"),
                Column("capability"),
                Column("leads", "iso3_list"),
                # The earliest day the kit's sources report the coalition, not a founding date.
                Column("first_reported", "date"),
                _PRECISION,
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("name",),
            retrieved=_RETRIEVED,
        ),
        Dataset(
            "countries",
            "countries.geojson",
            "Basemap: Natural Earth admin-0 countries, clipped to Europe and simplified.",
            (Column("iso3"), Column("name")),
            key=("iso3",),
            retrieved=_RETRIEVED,
        ),
    ]
}

# Codes that are valid but lie outside the European basemap, or are not ISO codes at all.
EXTRA_CODES = {
    "USA": "United States (outside the basemap)",
    "CAN": "Canada (outside the basemap)",
}

# -- the source rule --------------------------------------------------------------------------

#: Sites that are never the ``source`` of a fact (the kit's source rule, CONTRIBUTING.md), by
#: kind. A fragment matches a cell where it starts a word, host name or host label, so
#: ``"rt.com"`` matches ``https://www.rt.com/...`` but not ``https://www.art.com``. State media
#: may not even be ``via``; the other kinds may be ``via`` (the copy read), never ``source``.
#: Wikipedia is not a source either, only a pointer to one, so it may appear in ``via`` only.
BANNED_SOURCE_SITES: dict[str, str] = {
    **dict.fromkeys(
        (
            "tass.",
            "sputnik",
            "ria.ru",
            "rt.com",
            "pravda.com.ua",
            "qazinform",
            "vovworld",
            "ukrinform",
            "uatv",
        ),
        "state medium",
    ),
    **dict.fromkeys(("blogspot.", "wordpress.com", "medium.com"), "blog"),
    **dict.fromkeys(
        (
            "worddisk",
            "wikiwand",
            "kiwix",
            "wikisort",
            "friendlywiki",
            "sagapedia",
            "lexicals",
            "infogalactic",
            "pinocchiopedia",
            "everything.explained.today",
            "wikisum",
            "luke.lol",
            "alchetron",
            "dbpedia",
        ),
        "wiki mirror",
    ),
    "wikipedia.org": "Wikipedia (a pointer to sources, not a source)",
    **dict.fromkeys(
        (
            "welingelichtekringen",
            "exbulletin",
            "multimetro",
            "gayaone",
            "menafn",
            "bitfinance",
            "hedgeaccordingly",
            "grafitify",
            "upday",
            "cuu.coron.tech",
            "particle.news",
            "bigscoots-temp",
            "t-room.us",
            "pensioner.site",
            "silkway.news",
            "socialbites.ca",
            "militaryleak",
            "antibellum",
            "news-front",
            "uawire",
            "censor.net",
            "newsable.asianetnews",
            "ipfs",
            "crypto",
            "bitcoin",
        ),
        "aggregator, IPFS or crypto site",
    ),
}

_BANNED_PATTERNS = {
    fragment: re.compile(r"(?<![a-z0-9])" + re.escape(fragment)) for fragment in BANNED_SOURCE_SITES
}


def banned_sites(cell: str, column: str = "source") -> list[str]:
    """The banned sites (fragments of :data:`BANNED_SOURCE_SITES`) that a cell cites.

    Parameters
    ----------
    cell : str
        A ``source`` or ``via`` cell (several sources are separated by ``" ; "``).
    column : {"source", "via"}
        In ``via`` only state media are banned: other copies may be named as what was read.

    Returns
    -------
    list of str
        The fragments found, in the order of :data:`BANNED_SOURCE_SITES`; empty if none.

    Examples
    --------
    >>> banned_sites("https://www.nato.int/cps/en/natohq/topics_49212.htm")
    []
    >>> banned_sites("https://tass.com/world/1 ; https://en.wikipedia.org/wiki/NATO")
    ['tass.', 'wikipedia.org']
    >>> banned_sites("https://en.wikipedia.org/wiki/NATO", column="via")
    []
    """
    if column not in ("source", "via"):
        raise ValueError(f"column must be 'source' or 'via', not {column!r}")
    text = str(cell).lower()
    return [
        fragment
        for fragment, pattern in _BANNED_PATTERNS.items()
        if (column == "source" or BANNED_SOURCE_SITES[fragment] == "state medium")
        and pattern.search(text)
    ]


# -- where the files are ----------------------------------------------------------------------


def available() -> list[str]:
    """Names of all datasets, sorted.

    Examples
    --------
    >>> "members" in available()
    True
    """
    return sorted(DATASETS)


def data_dir() -> Path:
    """Folder that holds the data files.

    Looked up in this order: the ``NATOKIT_DATA`` environment variable; ``data/`` beside
    ``src/`` (a source checkout or editable install, Binder included); the copy shipped inside
    the installed package (a plain ``pip install .``).

    Examples
    --------
    >>> (data_dir() / "members.csv").exists()
    True
    """
    env = os.environ.get("NATOKIT_DATA")
    if env:
        return Path(env)
    return _installed_data_dir()


@functools.cache
def _installed_data_dir() -> Path:
    # Found once per session: a step of an explorer asks for the folder several times, and
    # resolving the path and checking the disk each time cost about 0.2 ms.
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "countries.geojson").exists():
        return checkout
    import importlib.resources

    return Path(str(importlib.resources.files("natokit") / "_data"))


def _stamp(file: Path, label: str) -> tuple:
    """Identity and version of a regular file, or a ValueError that says what is wrong."""
    try:
        info = file.stat()
    except FileNotFoundError:
        raise ValueError(
            f"{label}: data file not found: {file}. Check the name, the path or NATOKIT_DATA."
        ) from None
    except (OSError, ValueError) as exc:  # permission denied, a NUL byte in the path, ...
        raise ValueError(f"{label}: cannot open {file} ({exc}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise ValueError(f"{label}: {file} is a folder, not a data file; give the file's path.")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(
            f"{label}: {file} is not a regular file (a device, pipe or socket?); give the path "
            "of a data file."
        )
    if info.st_size == 0:
        raise ValueError(
            f"{file.name}: the file is empty; restore it from git (git checkout -- {file.name}) "
            "or from the shipped data."
        )
    where = "" if file.is_absolute() else os.getcwd()  # a relative path depends on it
    return (_resolved(str(file), where), info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=256)
def _resolved(path: str, cwd: str) -> str:
    # Resolving walks every folder of the path; explorers ask for fingerprints at every step.
    # The device and inode beside it still change whenever the file itself is replaced.
    return str(Path(cwd, path).resolve())


def _optional_stamp(file: Path) -> tuple | None:
    return _stamp(file, file.name) if os.path.lexists(file) else None


def fingerprint(name: str) -> tuple:
    """A hashable key that changes whenever what :func:`load` would return for ``name`` may.

    It combines the data folder (``NATOKIT_DATA`` included), the file's identity, modification
    time and size, the manifest's, and the basemap's (which decides the known codes). Modules
    that cache data derived from a dataset should include it in their cache key, so a switch of
    data folder or an edit is never answered from the old cache.

    Examples
    --------
    >>> fingerprint("members") == fingerprint("members")
    True
    >>> fingerprint("members") != fingerprint("capitals")
    True
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(_unknown_name_message(name))
    folder = data_dir()
    file = folder / DATASETS[name].filename
    return (
        name,
        _stamp(file, name),
        _optional_stamp(folder / MANIFEST_FILE),
        _stamp(folder / DATASETS["countries"].filename, "countries"),
    )


# -- load -------------------------------------------------------------------------------------


def load(name: str, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load a dataset by name, validated, as a fresh DataFrame (GeoDataFrame for the basemap).

    Parameters
    ----------
    name : str
        One of :func:`available`.
    path : str or path-like, optional
        Read this file instead of the shipped one, with the same schema (for checking an edited
        copy). Its row count is checked when a ``manifest.csv`` beside it lists the file.

    Returns
    -------
    pandas.DataFrame
        Dates as ``datetime64``, integers as nullable ``Int64``, flags as ``boolean``. A copy: a
        caller may change it without affecting other callers.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the available ones), a path that is not a data
        file, or a file that breaks its schema (the message names the file, and the line and
        column where there is one, and says what to do).

    Examples
    --------
    >>> spending = load("defence_spending")
    >>> bool(spending["pct_gdp"].between(0, 10).all())
    True
    >>> load("member")
    Traceback (most recent call last):
    ...
    ValueError: Unknown dataset 'member'. Did you mean 'members'? Available: ...
    >>> load("members", path="/dev/null")
    Traceback (most recent call last):
    ...
    ValueError: members: /dev/null is not a regular file (a device, pipe or socket?); ...
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(_unknown_name_message(name))
    folder = data_dir()
    if path is None:
        file = folder / DATASETS[name].filename
        manifest_required = True
    else:
        if not isinstance(path, str | os.PathLike):
            raise ValueError(
                f"{name}: path must be a file path (str or pathlib.Path), not "
                f"{type(path).__name__} {path!r}."
            )
        try:
            file = Path(os.fspath(path))
        except TypeError as exc:  # a PathLike whose __fspath__ returns bytes or nonsense
            raise ValueError(f"{name}: path {path!r} is not a usable file path ({exc}).") from None
        manifest_required = False
    file_stamp = _stamp(file, name)
    manifest = file.parent / MANIFEST_FILE
    manifest_stamp = _optional_stamp(manifest)
    if manifest_stamp is None and manifest_required:
        raise ValueError(
            f"{manifest}: the manifest is missing, so a file cut short cannot be noticed. Run "
            f"`{_MANIFEST_COMMAND}` from the repository root to write it."
        )
    basemap_stamp = None
    if name != "countries" and any(c.kind.startswith("iso3") for c in DATASETS[name].columns):
        basemap = folder / DATASETS["countries"].filename
        basemap_stamp = _stamp(basemap, "countries")
    table = _load_cached(name, file_stamp, manifest_stamp, basemap_stamp)
    return table.copy()


def _unknown_name_message(name: object) -> str:
    import difflib

    names = available()
    close = difflib.get_close_matches(str(name), names, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"Unknown dataset {name!r}.{hint} Available: {', '.join(names)}."


@lru_cache(maxsize=64)
def _load_cached(
    name: str, file_stamp: tuple, manifest_stamp: tuple | None, basemap_stamp: tuple | None
) -> pd.DataFrame:
    # Every stamp holds path, inode, mtime and size: an edited file, a switched data folder or a
    # changed manifest or basemap is a new key, so it is read and checked again.
    file = Path(file_stamp[0])
    expected = _manifest_entry(manifest_stamp, file.name)
    if name == "countries":
        return _read_basemap(file, expected)
    known = _known_codes(basemap_stamp) if basemap_stamp is not None else frozenset()
    return _read_table(DATASETS[name], file, known, expected)


# -- the manifest -----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _read_manifest(manifest_stamp: tuple) -> dict[str, tuple[int, tuple[str, ...]]]:
    file = Path(manifest_stamp[0])
    header, records = _read_records(file)
    redo = f"Run `{_MANIFEST_COMMAND}` from the repository root to rewrite it."
    if header != _MANIFEST_HEADER:
        raise ValueError(
            f"{file.name}, line 1: header must be {','.join(_MANIFEST_HEADER)}. {redo}"
        )
    entries: dict[str, tuple[int, tuple[str, ...]]] = {}
    for line, (filename, rows, codes) in records:
        if not re.fullmatch(r"[0-9]+", rows):
            raise ValueError(f"{file.name}, line {line}, column 'rows': {rows!r} is not a count.")
        entries[filename] = (int(rows), tuple(c for c in codes.split(";") if c))
    return entries


def _manifest_entry(manifest_stamp: tuple | None, filename: str):
    if manifest_stamp is None:
        return None
    entries = _read_manifest(manifest_stamp)
    if filename not in entries:
        if any(d.filename == filename for d in DATASETS.values()):
            raise ValueError(
                f"{MANIFEST_FILE}: no row for {filename}; run `{_MANIFEST_COMMAND}` from the "
                "repository root."
            )
        return None  # a file of the user's own, beside a manifest that does not know it
    return entries[filename]


def _count_rows(file: Path) -> tuple[int, tuple[str, ...]]:
    if file.suffix == ".geojson":
        try:
            features = json.loads(_read_text(file))["features"]
            codes = sorted(str(f["properties"]["iso3"]) for f in features)
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{file.name}: cannot count its features ({exc})") from None
        return len(features), tuple(codes)
    _header, records = _read_records(file)
    return len(records), ()


def write_manifest(folder: str | os.PathLike | None = None) -> list[str]:
    """Write ``manifest.csv`` from the files as they are now: row counts and basemap codes.

    Run it after a deliberate edit that adds or removes rows (from the repository root:
    ``python scripts/update_manifest.py``). The manifest then lets :func:`load` notice a file
    cut short or a basemap feature lost by accident.

    Parameters
    ----------
    folder : path-like, optional
        The data folder; :func:`data_dir` by default.

    Returns
    -------
    list of str
        One line per file whose entry changed, e.g. ``'members.csv: 31 -> 32 rows'``.

    Examples
    --------
    >>> import shutil, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     copy = shutil.copytree(data_dir(), Path(tmp) / "data")
    ...     changes = write_manifest(copy)
    >>> changes
    []
    """
    folder = Path(folder) if folder is not None else data_dir()
    target = folder / MANIFEST_FILE
    old = _read_manifest(_stamp(target, MANIFEST_FILE)) if target.exists() else {}
    rows = []
    changes = []
    for spec in sorted(DATASETS.values(), key=lambda d: d.filename):
        count, codes = _count_rows(folder / spec.filename)
        rows.append([spec.filename, str(count), ";".join(codes)])
        before = old.get(spec.filename)
        if before is None:
            changes.append(f"{spec.filename}: new entry, {count} rows")
        elif before[0] != count:
            changes.append(f"{spec.filename}: {before[0]} -> {count} rows")
        elif before[1] != codes:
            changes.append(f"{spec.filename}: codes changed to {len(codes)} countries")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_MANIFEST_HEADER)
    writer.writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return changes


def _check_count(file: Path, count: int, expected) -> None:
    if expected is None or expected[0] == count:
        return
    hint = "cut off" if count < expected[0] else "longer than recorded"
    raise ValueError(
        f"{file.name}: {count} data rows, but {MANIFEST_FILE} records {expected[0]}; the file "
        f"looks {hint}. Restore it from git if that was an accident; after a deliberate edit, "
        f"run `{_MANIFEST_COMMAND}` from the repository root."
    )


# -- reading CSV ------------------------------------------------------------------------------


def _read_text(file: Path) -> str:
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"{file.name}, line {line}: not UTF-8 text ({exc.reason} at byte {exc.start}); save "
            "the file as UTF-8."
        ) from None
    except OSError as exc:
        raise ValueError(f"{file.name}: cannot be read ({exc}).") from None
    if text.strip() == "":
        raise ValueError(
            f"{file.name}: the file is empty (it holds no header); restore it from git."
        )
    return text


def _read_records(file: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data records, each with the line it starts on."""
    text = _read_text(file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValueError(
                f"{file.name}, line {reader.line_num}: not valid CSV ({exc}); check the quotes."
            ) from None
        if not fields:
            raise ValueError(f"{file.name}, line {line}: the line is blank; remove it.")
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise ValueError(
                f"{file.name}, line {line}: {len(fields)} fields where the header has "
                f"{len(header)}; a comma too many or too few, a cell with a comma that needs "
                "quotes, or a line cut off."
            )
        records.append((line, fields))
    assert header is not None  # _read_text refused a file without any text
    return header, records


def _check_header(spec: Dataset, header: list[str], filename: str) -> None:
    expected = [c.name for c in spec.columns]
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    problems = []
    if missing:
        problems.append(f"column(s) {', '.join(repr(m) for m in missing)} missing")
    if unknown:
        problems.append(f"column(s) {', '.join(repr(u) for u in unknown)} not in the schema")
    if not problems:
        twice = sorted({c for c in header if header.count(c) > 1})
        problems.append(
            f"column(s) {', '.join(repr(t) for t in twice)} repeated"
            if twice
            else "columns in another order"
        )
    raise ValueError(
        f"{filename}, line 1 (header): {'; '.join(problems)}. The header must read exactly: "
        f"{','.join(expected)} (a new column needs a schema change in natokit/data.py first)."
    )


def _read_table(
    spec: Dataset, file: Path, known: frozenset[str], expected: tuple | None
) -> pd.DataFrame:
    header, records = _read_records(file)
    _check_header(spec, header, file.name)
    lines = [line for line, _ in records]
    index = pd.RangeIndex(len(records))
    out = {}
    for j, column in enumerate(spec.columns):
        cells = [fields[j] for _, fields in records]
        out[column.name] = _parse_column(cells, lines, column, file.name, known, spec, index)
    frame = pd.DataFrame(out, index=index)
    _check_spans(frame, spec, file.name, lines)
    _check_unique(frame, spec.key, file.name, lines, unit="line")
    _check_count(file, len(records), expected)
    return frame


def _parse_column(
    cells: list[str],
    lines: list[int],
    col: Column,
    filename: str,
    known: frozenset[str],
    spec: Dataset,
    index: pd.RangeIndex,
) -> pd.Series:
    parsed = []
    for text, line in zip(cells, lines, strict=True):
        where = f"{filename}, line {line}, column '{col.name}'"
        if text.strip() == "":
            if col.required:
                raise ValueError(f"{where}: value is empty but required; fill it in.")
            if text:
                raise ValueError(f"{where}: the cell holds only spaces; leave it truly empty.")
            parsed.append(None)
            continue
        if text != text.strip():
            raise ValueError(
                f"{where}: {text!r} has spaces or a line break before or after it; remove them."
            )
        control = _CONTROL.search(text)
        if control:
            raise ValueError(
                f"{where}: the cell holds a control character (U+{ord(control.group()):04X}); "
                "remove it (only line breaks may stand inside a quoted cell)."
            )
        parsed.append(_parse_value(text, col, where, known, spec))
    return _as_series(parsed, col.kind, index)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # C0/C1 controls except a line break
_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def _parse_value(text: str, col: Column, where: str, known: frozenset[str], spec: Dataset) -> Any:
    kind = col.kind
    if col.choices is not None and kind != "tags" and text not in col.choices:
        raise ValueError(
            f"{where}: {text!r} is not one of {', '.join(col.choices)}; use one of these "
            "(a new value needs a schema change in natokit/data.py)"
        )
    if kind == "text":
        return text
    if kind == "iso3":
        _check_code(text, where, known)
        return text
    if kind == "iso3_list":
        for code in text.split(";"):
            _check_code(code.strip(), where, known)
        return text
    if kind == "tags":
        _check_tags(text, col, where)
        return text
    if kind == "bool":
        if text not in ("true", "false"):
            raise ValueError(f"{where}: {text!r} is not true or false (write it in lower case)")
        return text == "true"
    if kind == "date":
        return _parse_cell_date(text, where, spec)
    if kind in ("int", "float"):
        if _NOT_FINITE.fullmatch(text):
            raise ValueError(
                f"{where}: {text!r} is not a finite number; write the value, or leave the cell "
                "empty where the column allows an unknown value."
            )
        if not (_INT if kind == "int" else _FLOAT).fullmatch(text):
            raise ValueError(
                f"{where}: {text!r} is not a{'n integer' if kind == 'int' else ' number'} "
                "(digits, a point for decimals, no units or thousands separators)"
            )
        number = int(text) if kind == "int" else float(text)
        if not math.isfinite(number):  # e.g. 1e999
            raise ValueError(f"{where}: {text!r} is not a finite number.")
        _check_range(number, col, where)
        return number
    raise AssertionError(f"unknown column kind {kind!r}")  # a schema bug, not a data error


def _parse_cell_date(text: str, where: str, spec: Dataset) -> pd.Timestamp:
    # One rule for dates in the whole library: natokit.dates (ISO_DATE, then a real calendar day).
    if not ISO_DATE.match(text):
        raise ValueError(
            f"{where}: {text!r} is not a date in YYYY-MM-DD form (e.g. 2022-06-15, with "
            "two-digit month and day)"
        )
    try:
        day = parse_date(text)
    except ValueError:
        raise ValueError(
            f"{where}: {text!r} is not a date in YYYY-MM-DD form: no such day in the calendar"
        ) from None
    if spec.retrieved is not None and day > parse_date(spec.retrieved):
        raise ValueError(
            f"{where}: {text} is after the data's retrieval date {spec.retrieved}; no fact can "
            "be dated after its source was read. Correct the date, or, if the data were "
            f"re-checked since, update `retrieved` of '{spec.name}' in natokit/data.py."
        )
    return day


def _check_tags(text: str, col: Column, where: str) -> None:
    tags = text.split(";")
    allowed = col.choices or ()
    for tag in tags:
        if tag not in allowed:
            raise ValueError(
                f"{where}: topic {tag!r} is not in the vocabulary; use tags from "
                f"{', '.join(allowed)}, separated by ';' without spaces"
            )
    if len(set(tags)) != len(tags):
        raise ValueError(f"{where}: {text!r} repeats a topic; list each once")


def _check_code(code: str, where: str, known: frozenset[str]) -> None:
    if code not in known and code not in EXTRA_CODES:
        raise ValueError(
            f"{where}: {code!r} is not a known ISO 3166-1 alpha-3 code (not in the basemap "
            f"and not one of the documented exceptions {', '.join(sorted(EXTRA_CODES))}); write "
            "the country's three capital letters, e.g. NLD for the Netherlands"
        )


def _check_range(number: float, col: Column, where: str) -> None:
    too_low = col.low is not None and (number <= col.low if col.low_open else number < col.low)
    too_high = col.high is not None and (number >= col.high if col.high_open else number > col.high)
    if too_low or too_high:
        left = "(" if col.low_open else "["
        right = ")" if col.high_open else "]"
        raise ValueError(
            f"{where}: {number} is outside the allowed range {left}{col.low}, {col.high}{right}; "
            "correct the value (and check its unit)"
        )


def _as_series(parsed: list, kind: str, index: pd.RangeIndex) -> pd.Series:
    if kind == "int":
        return pd.Series(parsed, index=index, dtype="Int64")
    if kind == "float":
        return pd.Series([float("nan") if v is None else v for v in parsed], index=index)
    if kind == "date":
        return pd.to_datetime(pd.Series(parsed, index=index, dtype="object"))
    if kind == "bool":
        return pd.Series(parsed, index=index, dtype="boolean")
    return pd.Series(["" if v is None else v for v in parsed], index=index, dtype="object")


def _check_spans(frame: pd.DataFrame, spec: Dataset, filename: str, lines: list[int]) -> None:
    for start, end in spec.spans:
        reversed_ = frame[end].notna() & frame[start].notna() & (frame[end] < frame[start])
        if reversed_.any():
            i = int(reversed_.to_numpy().nonzero()[0][0])
            raise ValueError(
                f"{filename}, line {lines[i]}, column '{end}': {frame[end].iloc[i]:%Y-%m-%d} is "
                f"before '{start}' {frame[start].iloc[i]:%Y-%m-%d}; an end cannot precede its "
                "start (swapped dates?)."
            )


def _check_unique(
    frame: pd.DataFrame, key: tuple[str, ...], filename: str, lines: list[int], unit: str
) -> None:
    if not key:
        return
    duplicated = frame.duplicated(list(key), keep=False)
    if duplicated.any():
        rows = [int(i) for i in duplicated.to_numpy().nonzero()[0]]
        values = ", ".join(f"{k}={frame.iloc[rows[0]][k]!s}" for k in key)
        where = " and ".join(f"{unit} {lines[r]}" for r in rows[:2])
        raise ValueError(
            f"{filename}: {where} repeat the key ({values}); column(s) "
            f"{', '.join(repr(k) for k in key)} must be unique; remove or correct one of them"
        )


# -- reading the basemap ----------------------------------------------------------------------

# Names under which a GeoJSON `crs` member may declare WGS84 longitude/latitude.
_WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "ogc:crs84",
    "crs84",
    "epsg:4326",
    "urn:ogc:def:crs:epsg::4326",
    "urn:ogc:def:crs:epsg:6.6:4326",
}


def _known_codes(basemap_stamp: tuple) -> frozenset[str]:
    # The codes come from the fully checked basemap, so a lost feature is reported against
    # countries.geojson, never against the table that uses the code.
    folder = Path(basemap_stamp[0]).parent
    manifest_stamp = _optional_stamp(folder / MANIFEST_FILE)
    basemap = _load_cached("countries", basemap_stamp, manifest_stamp, None)
    return frozenset(basemap["iso3"])


def _read_basemap(file: Path, expected: tuple | None):
    text = _read_text(file)
    # Parsing and checking 65 countries takes a while; the same bytes (a copy of data/ in
    # another folder, say) give the same frame, so it is kept by content.
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = (file.name, digest)
    if key not in _BASEMAPS:
        if len(_BASEMAPS) >= 4:
            _BASEMAPS.pop(next(iter(_BASEMAPS)))
        _BASEMAPS[key] = _parse_basemap(file, text)
    frame = _BASEMAPS[key]
    if expected is not None:
        _check_basemap_codes(file.name, set(frame["iso3"]), set(expected[1]))
    return frame


_BASEMAPS: dict[tuple[str, str], Any] = {}


def _parse_basemap(file: Path, text: str):
    import geopandas as gpd
    from shapely.geometry import shape

    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{file.name}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
            "rebuild it with scripts/build_basemap.py or restore it from git."
        ) from None
    except RecursionError:
        raise ValueError(
            f"{file.name}: nested too deeply to be a basemap; restore it from git."
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValueError(f"{file.name}: not a GeoJSON FeatureCollection; restore it from git.")
    _check_crs(document.get("crs", None), file.name)
    features = document.get("features")
    if not isinstance(features, list):
        raise ValueError(f"{file.name}: 'features' is not a list; restore it from git.")
    codes, names, geometries = [], [], []
    for i, feature in enumerate(features, start=1):
        where = f"{file.name}, feature {i}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise ValueError(f"{where}: not a GeoJSON Feature with properties")
        if sorted(props) != ["iso3", "name"]:
            raise ValueError(
                f"{where}: properties are {sorted(props)}; they must be exactly iso3 and name"
            )
        code, name = props["iso3"], props["name"]
        if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
            raise ValueError(f"{where}, column 'iso3': {code!r} is not a 3-letter code")
        where = f"{where} ({code})"
        if not (isinstance(name, str) and name.strip() == name and name):
            raise ValueError(f"{where}, column 'name': {name!r} is not a country name")
        geometries.append(_feature_geometry(feature.get("geometry"), where, shape))
        codes.append(code)
        names.append(name)
    frame = gpd.GeoDataFrame({"iso3": codes, "name": names}, geometry=geometries, crs="EPSG:4326")
    _check_unique(frame, ("iso3",), file.name, list(range(1, len(frame) + 1)), unit="feature")
    return frame


def _check_crs(crs: object, filename: str) -> None:
    if crs is None:
        return  # RFC 7946: GeoJSON without `crs` is WGS84 longitude/latitude
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not (isinstance(name, str) and name.lower() in _WGS84_NAMES):
        raise ValueError(
            f"{filename}: 'crs' is {json.dumps(crs)}, but the basemap must be WGS84 "
            "longitude/latitude (EPSG:4326 / OGC:CRS84). Reproject it, or rebuild it with "
            "scripts/build_basemap.py."
        )


def _feature_geometry(geometry: object, where: str, shape):
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(
            f"{where}, column 'geometry': a {kind or 'missing geometry'}, but every country "
            "must be a Polygon or MultiPolygon; rebuild the basemap with scripts/build_basemap.py."
        )
    try:
        polygon = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValueError(f"{where}, column 'geometry': unreadable coordinates ({exc})") from None
    if polygon.is_empty or not polygon.is_valid:
        raise ValueError(f"{where}, column 'geometry': empty or invalid")
    west, south, east, north = polygon.bounds
    finite = all(math.isfinite(v) for v in (west, south, east, north))
    if not finite or west < -180 or east > 180 or south < -90 or north > 90:
        raise ValueError(
            f"{where}, column 'geometry': coordinates outside longitude/latitude range; the "
            "basemap must be WGS84 degrees, not projected."
        )
    return polygon


def _check_basemap_codes(filename: str, found: set[str], expected: set[str]) -> None:
    lost, new = sorted(expected - found), sorted(found - expected)
    if lost or new:
        parts = []
        if lost:
            parts.append(f"no feature for {', '.join(lost)}")
        if new:
            parts.append(f"feature(s) {', '.join(new)} not in the manifest")
        raise ValueError(
            f"{filename}: {'; '.join(parts)} ({MANIFEST_FILE} lists {len(expected)} countries). "
            "Restore the basemap from git or rebuild it with scripts/build_basemap.py; after a "
            f"deliberate change, run `{_MANIFEST_COMMAND}` from the repository root."
        )


# -- sources of a notebook --------------------------------------------------------------------


class SourceList(list):
    """A numbered list of sources that renders as Markdown in a notebook and as text elsewhere.

    Examples
    --------
    >>> print(SourceList(["https://example.org/a", "Letter, p01"]))
    [1] https://example.org/a
    [2] Letter, p01
    """

    def __str__(self) -> str:
        return "\n".join(f"[{i}] {s}" for i, s in enumerate(self, start=1))

    def __repr__(self) -> str:
        # One line: a notebook shows the Markdown; stored twice in full, the list would double
        # every notebook's sources. print() still lists them all.
        noun = "source" if len(self) == 1 else "sources"
        return f"<{len(self)} {noun}: print() lists them>"

    def _repr_markdown_(self) -> str:
        return "\n".join(f"{i}. {_linkify(s)}" for i, s in enumerate(self, start=1))


def _linkify(source: str) -> str:
    parts = [p.strip() for p in source.split(" ; ")]
    return " ; ".join(f"<{p}>" if p.startswith("http") else p for p in parts)


def source_list(*frames: pd.DataFrame, extra: Iterable[str] = ()) -> SourceList:
    """Collect the distinct sources behind the rows a notebook used, in first-seen order.

    Parameters
    ----------
    *frames : pandas.DataFrame
        Tables (or filtered parts of them) with a ``source`` column.
    extra : iterable of str
        Further references, e.g. the letter itself, put first.

    Returns
    -------
    SourceList
        A list of str that prints numbered and renders as a Markdown list.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"source": ["u1", "u2 ; u3", "u1"]})
    >>> list(source_list(a, extra=["The letter"]))
    ['The letter', 'u1', 'u2', 'u3']
    """
    seen: dict[str, None] = {s: None for s in extra}
    for frame in frames:
        if "source" not in frame.columns:
            raise ValueError("source_list needs tables with a 'source' column")
        for value in frame["source"]:
            for part in str(value).split(" ; "):
                part = part.strip()
                if part:
                    seen.setdefault(part, None)
    return SourceList(seen)
