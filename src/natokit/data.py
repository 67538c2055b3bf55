"""Load the kit's datasets, validated against their schemas.

Every table lives in ``data/`` as tidy CSV with a ``source`` column, and the basemap as
``data/countries.geojson``. :func:`load` reads a dataset, checks it (columns, types, ranges,
country codes, unique keys) and returns a fresh copy of a cached table. A broken file raises a
``ValueError`` that names the file, the line and the column, so it can be fixed by hand.

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

import datetime
import importlib.resources
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["Column", "Dataset", "DATASETS", "available", "data_dir", "load", "source_list"]


@dataclass(frozen=True)
class Column:
    """One column of a dataset's schema.

    Parameters
    ----------
    name : str
        Column name in the file's header.
    kind : {"text", "int", "float", "date", "bool", "iso3", "iso3_list"}
        How the value is parsed and checked. ``iso3`` must be a known country code;
        ``iso3_list`` is several codes separated by ``;``.
    required : bool, default True
        When True an empty cell is an error.
    low, high : float, optional
        Inclusive bounds for numbers (``low_open``/``high_open`` make them exclusive).
    choices : tuple of str, optional
        The only values allowed.

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

    Examples
    --------
    >>> DATASETS["members"].filename
    'members.csv'
    """

    name: str
    filename: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default_factory=tuple)


def _source() -> Column:
    return Column("source", "text")


def _via() -> Column:
    # The copy actually read, where the original publication (in `source`) was not readable.
    return Column("via", "text", required=False)


def _confirmed() -> Column:
    return Column("confirmed", "bool")


def _note() -> Column:
    return Column("note", "text", required=False)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PRECISION = Column("date_precision", "text", choices=("day", "month", "year"))
_LON = ("lon", -180.0, 180.0)
_LAT = ("lat", -90.0, 90.0)


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
                _confirmed(),
                _note(),
                _source(),
                _via(),
            ),
            key=("number",),
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
        ),
        Dataset(
            "events",
            "events.csv",
            "A dated timeline of the events around the meeting, from the invasion to later "
            "summits.",
            (
                Column("date", "date"),
                Column("title"),
                Column("topic", choices=("war", "meeting", "summit", "accession", "udcg")),
                _confirmed(),
                _source(),
                _via(),
            ),
            key=("date", "title"),
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
        ),
        Dataset(
            "letter",
            "letter.csv",
            "The letter of June 2022, paragraph by paragraph: Dutch text, an English summary "
            "written for the kit, and topic tags.",
            (
                Column("paragraph_id"),
                Column("section"),
                Column("text_nl"),
                Column("summary_en"),
                Column("topics"),
            ),
            key=("paragraph_id",),
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
            "countries",
            "countries.geojson",
            "Basemap: Natural Earth admin-0 countries, clipped to Europe and simplified.",
            (Column("iso3"), Column("name")),
            key=("iso3",),
        ),
    ]
}

# Codes that are valid but lie outside the European basemap, or are not ISO codes at all.
EXTRA_CODES = {
    "USA": "United States (outside the basemap)",
    "CAN": "Canada (outside the basemap)",
}


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
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "countries.geojson").exists():
        return checkout
    return Path(str(importlib.resources.files("natokit") / "_data"))


def load(name: str, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load a dataset by name, validated, as a fresh DataFrame (GeoDataFrame for the basemap).

    Parameters
    ----------
    name : str
        One of :func:`available`.
    path : path-like, optional
        Read this file instead of the shipped one, with the same schema (for checking an edited
        copy).

    Returns
    -------
    pandas.DataFrame
        Dates as ``datetime64``, integers as nullable ``Int64``, flags as ``bool``. A copy: a
        caller may change it without affecting other callers.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the available ones) or a file that breaks its
        schema (the message names the file, the line and the column).

    Examples
    --------
    >>> spending = load("defence_spending")
    >>> bool(spending["pct_gdp"].between(0, 10).all())
    True
    >>> load("member")
    Traceback (most recent call last):
    ...
    ValueError: Unknown dataset 'member'. Did you mean 'members'? Available: ...
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(_unknown_name_message(name))
    file = Path(path) if path is not None else data_dir() / DATASETS[name].filename
    if not file.exists():
        raise ValueError(f"{name}: data file not found: {file}")
    stat = file.stat()
    return _load_cached(name, str(file.resolve()), stat.st_mtime_ns, stat.st_size).copy()


def _unknown_name_message(name: object) -> str:
    import difflib

    names = available()
    close = difflib.get_close_matches(str(name), names, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"Unknown dataset {name!r}.{hint} Available: {', '.join(names)}."


@lru_cache(maxsize=64)
def _load_cached(name: str, file: str, _mtime: int, _size: int) -> pd.DataFrame:
    # mtime and size are part of the cache key, so an edited file is read again.
    if name == "countries":
        return _read_basemap(Path(file))
    return _read_table(DATASETS[name], Path(file))


def _read_basemap(file: Path):
    import geopandas as gpd

    try:
        frame = gpd.read_file(file)
    except Exception as exc:  # pyogrio raises several types for an unreadable file
        raise ValueError(f"{file.name}: cannot be read as GeoJSON ({exc})") from exc
    for column in ("iso3", "name"):
        if column not in frame.columns:
            raise ValueError(f"{file.name}: column '{column}' is missing")
    for i, row in enumerate(frame.itertuples(index=False)):
        where = f"{file.name}, feature {i + 1}"
        if not (isinstance(row.iso3, str) and len(row.iso3) == 3 and row.iso3.isupper()):
            raise ValueError(f"{where}, column 'iso3': {row.iso3!r} is not a 3-letter code")
        if row.geometry is None or row.geometry.is_empty or not row.geometry.is_valid:
            raise ValueError(f"{where} ({row.iso3}), column 'geometry': empty or invalid")
    _check_unique(frame, ("iso3",), file.name, first_line=1, unit="feature")
    return frame


def _read_table(spec: Dataset, file: Path) -> pd.DataFrame:
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{file.name}: not a readable UTF-8 CSV file ({exc})") from exc
    missing = [c.name for c in spec.columns if c.name not in raw.columns]
    if missing:
        raise ValueError(
            f"{file.name}: column(s) {', '.join(repr(m) for m in missing)} missing; the header "
            f"must have: {', '.join(c.name for c in spec.columns)}"
        )
    known = _known_codes() if any(c.kind.startswith("iso3") for c in spec.columns) else set()
    out = raw.copy()
    for column in spec.columns:
        out[column.name] = _parse_column(raw[column.name], column, file.name, known)
    _check_unique(out, spec.key, file.name, first_line=2, unit="line")
    return out


def _parse_column(values: pd.Series, col: Column, filename: str, known: set[str]) -> pd.Series:
    parsed = []
    for i, text in enumerate(values):
        where = f"{filename}, line {i + 2}, column '{col.name}'"  # line 1 is the header
        text = text.strip()
        if text == "":
            if col.required:
                raise ValueError(f"{where}: value is empty but required")
            parsed.append(None)
            continue
        parsed.append(_parse_value(text, col, where, known))
    return _as_series(parsed, col.kind, values.index)


def _parse_value(text: str, col: Column, where: str, known: set[str]):
    kind = col.kind
    if col.choices is not None and text not in col.choices:
        raise ValueError(f"{where}: {text!r} is not one of {', '.join(col.choices)}")
    if kind in ("text",):
        return text
    if kind == "iso3":
        _check_code(text, where, known)
        return text
    if kind == "iso3_list":
        for code in text.split(";"):
            _check_code(code.strip(), where, known)
        return text
    if kind == "bool":
        if text.lower() not in ("true", "false"):
            raise ValueError(f"{where}: {text!r} is not true or false")
        return text.lower() == "true"
    if kind == "date":
        try:
            if not _ISO_DATE.match(text):
                raise ValueError(text)
            return pd.Timestamp(datetime.date.fromisoformat(text))
        except ValueError:
            raise ValueError(f"{where}: {text!r} is not a date in YYYY-MM-DD form") from None
    if kind in ("int", "float"):
        try:
            number = int(text) if kind == "int" else float(text)
        except ValueError:
            raise ValueError(
                f"{where}: {text!r} is not a{'n integer' if kind == 'int' else ' number'}"
            ) from None
        _check_range(number, col, where)
        return number
    raise AssertionError(f"unknown column kind {kind!r}")  # a schema bug, not a data error


def _check_code(code: str, where: str, known: set[str]) -> None:
    if code not in known:
        raise ValueError(
            f"{where}: {code!r} is not a known ISO 3166-1 alpha-3 code (not in the basemap "
            f"and not one of the documented exceptions {', '.join(sorted(EXTRA_CODES))})"
        )


def _check_range(number: float, col: Column, where: str) -> None:
    too_low = col.low is not None and (number <= col.low if col.low_open else number < col.low)
    too_high = col.high is not None and (number >= col.high if col.high_open else number > col.high)
    if too_low or too_high:
        left = "(" if col.low_open else "["
        right = ")" if col.high_open else "]"
        raise ValueError(
            f"{where}: {number} is outside the allowed range {left}{col.low}, {col.high}{right}"
        )


def _as_series(parsed: list, kind: str, index) -> pd.Series:
    if kind == "int":
        return pd.Series(parsed, index=index, dtype="Int64")
    if kind == "float":
        return pd.Series([float("nan") if v is None else v for v in parsed], index=index)
    if kind == "date":
        return pd.to_datetime(pd.Series(parsed, index=index, dtype="object"))
    if kind == "bool":
        return pd.Series(parsed, index=index, dtype="boolean")
    return pd.Series(["" if v is None else v for v in parsed], index=index, dtype="object")


def _check_unique(
    frame: pd.DataFrame, key: tuple[str, ...], filename: str, first_line: int, unit: str
) -> None:
    if not key:
        return
    duplicated = frame.duplicated(list(key), keep=False)
    if duplicated.any():
        rows = [int(i) for i in frame.index[duplicated]]
        values = ", ".join(f"{k}={frame.iloc[rows[0]][k]!s}" for k in key)
        lines = " and ".join(f"{unit} {r + first_line}" for r in rows[:2])
        raise ValueError(
            f"{filename}: {lines} repeat the key ({values}); column(s) "
            f"{', '.join(repr(k) for k in key)} must be unique"
        )


@lru_cache(maxsize=1)
def _known_codes_cached(basemap_file: str) -> frozenset[str]:
    return frozenset(_read_basemap(Path(basemap_file))["iso3"])


def _known_codes() -> set[str]:
    basemap = data_dir() / "countries.geojson"
    return set(_known_codes_cached(str(basemap))) | set(EXTRA_CODES)


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
        return str(self)

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
