"""Datasets load and validate; damaged copies of data/ never load silently.

The heart of this file is one table, ``CASES``: a dataset, a column, the value written into
that column of the first data row of a private copy of data/ (or a damage applied to the whole
file), and the message fragment the error must carry; ``None`` means the value must load. Each
case fails if the check it covers is removed or loosened (an open bound made closed, a strict
date form relaxed, ...). Then property-based tests throw wild names, wild paths and random
single-cell damage at :func:`natokit.data.load`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import natokit
from natokit.data import (
    DATASETS,
    LETTER_TOPICS,
    MANIFEST_FILE,
    available,
    data_dir,
    fingerprint,
    load,
    source_list,
    write_manifest,
)

REPO = Path(__file__).resolve().parents[1]
# The retrieval date of the sourced tables, from data/README.md ("retrieved" column).
RETRIEVED = "2026-11-28"


# -- helpers that damage a copy of data/ ------------------------------------------------------


def read_csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_manifest_rows(folder: Path, filename: str, count: int) -> None:
    header, rows = read_csv_rows(folder / MANIFEST_FILE)
    for row in rows:
        if row[0] == filename:
            row[1] = str(count)
    write_csv_rows(folder / MANIFEST_FILE, header, rows)


# A valid first row for tables that may still be empty (their header only), so a cell case can
# be applied to them; the manifest of the copy is told about the added row.
SEED_ROWS = {
    "border_lengths": {
        "a_iso3": "EST",
        "b_iso3": "RUS",
        "published_km": "294",
        "confirmed": "false",
        "note": "",
        "source": "test seed row",
        "via": "",
    },
    "border_lengths_ne10m": {
        "a_iso3": "EST",
        "b_iso3": "RUS",
        "ne10m_km": "290.5",
        "source": "test seed row",
    },
}


def set_cells(folder: Path, dataset: str, cells: dict[str, str]) -> int:
    """Write ``cells`` into the first data row of a dataset's copy; return that row's line."""
    path = folder / DATASETS[dataset].filename
    header, rows = read_csv_rows(path)
    if not rows:
        rows = [[SEED_ROWS[dataset][c] for c in header]]
        set_manifest_rows(folder, path.name, 1)
    for column, value in cells.items():
        rows[0][header.index(column)] = value
    write_csv_rows(path, header, rows)
    return 2  # line 1 is the header; no cell before the first row spans lines


def cut_rows(keep):
    def damage(folder, dataset):
        path = folder / DATASETS[dataset].filename
        header, rows = read_csv_rows(path)
        write_csv_rows(path, header, rows[: keep(len(rows))])

    return damage


def cut_mid_row(folder, dataset):
    path = folder / DATASETS[dataset].filename
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last_line_start = text.rindex("\n") + 1
    path.write_text(text[: last_line_start + 12] + "\n", encoding="utf-8")


def edit_header(change):
    def damage(folder, dataset):
        path = folder / DATASETS[dataset].filename
        header, rows = read_csv_rows(path)
        header, rows = change(header, rows)
        write_csv_rows(path, header, rows)

    return damage


def add_column(header, rows):
    return [*header, "comment"], [[*r, "x"] for r in rows]


def rename_column(old, new):
    return lambda header, rows: ([new if c == old else c for c in header], rows)


def swap_first_columns(header, rows):
    return [header[1], header[0], *header[2:]], [[r[1], r[0], *r[2:]] for r in rows]


def repeat_last_column_name(header, rows):
    return [*header[:-1], header[-2]], rows


def replace_text(text: str):
    def damage(folder, dataset):
        (folder / DATASETS[dataset].filename).write_text(text, encoding="utf-8")

    return damage


def write_bytes(data: bytes):
    def damage(folder, dataset):
        (folder / DATASETS[dataset].filename).write_bytes(data)

    return damage


def append_text(text: str):
    def damage(folder, dataset):
        with open(folder / DATASETS[dataset].filename, "a", encoding="utf-8") as handle:
            handle.write(text)

    return damage


def latin1_cell(folder, dataset):
    # "Citta" with a Latin-1 a-grave (one byte 0xE0), as a spreadsheet saving in Latin-1 writes.
    path = folder / DATASETS[dataset].filename
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",Citt\xe0 ", 1)
    path.write_bytes(b"\n".join(lines))


def add_spending_row(folder, dataset):
    # A valid new row (a year no edition has), added without regenerating the manifest.
    path = folder / DATASETS[dataset].filename
    header, rows = read_csv_rows(path)
    extra = list(rows[0])
    extra[header.index("year")] = "2099"
    write_csv_rows(path, header, [*rows, extra])


def make_folder(folder, dataset):
    path = folder / DATASETS[dataset].filename
    path.unlink()
    path.mkdir()


def drop_manifest(folder, dataset):
    (folder / MANIFEST_FILE).unlink()


def drop_manifest_row(folder, dataset):
    header, rows = read_csv_rows(folder / MANIFEST_FILE)
    rows = [r for r in rows if r[0] != DATASETS[dataset].filename]
    write_csv_rows(folder / MANIFEST_FILE, header, rows)


def edit_geojson(change):
    def damage(folder, dataset):
        path = folder / "countries.geojson"
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")

    return damage


def set_crs(name):
    def change(document):
        document["crs"] = {"type": "name", "properties": {"name": name}}

    return change


def feature_of(document, iso3):
    return next(f for f in document["features"] if f["properties"]["iso3"] == iso3)


def make_point(document):
    feature_of(document, "NLD")["geometry"] = {"type": "Point", "coordinates": [5.0, 52.0]}


def make_line(document):
    feature_of(document, "NLD")["geometry"] = {
        "type": "LineString",
        "coordinates": [[5.0, 52.0], [6.0, 53.0]],
    }


def delete_feature(iso3):
    def change(document):
        document["features"].remove(feature_of(document, iso3))

    return change


def project_feature(document):
    # Coordinates in metres, as a basemap saved in a projected CRS without saying so would have.
    geometry = feature_of(document, "NLD")["geometry"]
    geometry["coordinates"] = json.loads(
        re.sub(
            r"-?\d+\.\d+",
            lambda m: str(float(m.group()) * 1e5),
            json.dumps(geometry["coordinates"]),
        )
    )


def add_property(document):
    feature_of(document, "NLD")["properties"]["population"] = 17


def truncate_json(folder, dataset):
    path = folder / "countries.geojson"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")


def cell(dataset, column, value, expected, **also):
    """A cell case: write ``value`` (and ``also``) into row 1; expect ``expected`` or a load."""
    return pytest.param(
        dataset, column, value, expected, also, id=f"{dataset}.{column}={value!r}"[:80]
    )


def whole(dataset, label, damage, expected, load_as=None):
    """A file case: apply ``damage`` to the copy, expect an error matching ``expected``."""
    return pytest.param(
        load_as or dataset, label, damage, expected, {"_file": dataset}, id=f"{dataset}:{label}"
    )


# Expected fragments are written from the rule each case covers, not copied from the code.
DATE_FORM = "is not a date in YYYY-MM-DD form \\(e\\.g\\."
NO_SUCH_DAY = "no such day in the calendar"
SPACES = "has spaces or a line break before or after it"
NOT_FINITE = "is not a finite number"
OUTSIDE = "is outside the allowed range"

CASES = [
    # -- numeric ranges: just outside each end fails; exactly at a closed bound loads, exactly
    #    at an open bound fails; just inside an open bound loads
    cell("defence_spending", "pct_gdp", "0", OUTSIDE + r" \(0, 10\)"),
    cell("defence_spending", "pct_gdp", "0.0", OUTSIDE),
    cell("defence_spending", "pct_gdp", "-0.5", OUTSIDE),
    cell("defence_spending", "pct_gdp", "0.01", None),
    cell("defence_spending", "pct_gdp", "10", OUTSIDE + r" \(0, 10\)"),
    cell("defence_spending", "pct_gdp", "10.5", OUTSIDE),
    cell("defence_spending", "pct_gdp", "9.99", None),
    cell("defence_spending", "year", "2013", OUTSIDE + r" \[2014, 2100\]"),
    cell("defence_spending", "year", "2014", None),
    cell("defence_spending", "year", "2100", None),
    cell("defence_spending", "year", "2101", OUTSIDE),
    cell("battlegroups", "lat", "-90.0001", OUTSIDE + r" \[-90\.0, 90\.0\]"),
    cell("battlegroups", "lat", "-90", None),
    cell("battlegroups", "lat", "90", None),
    cell("battlegroups", "lat", "90.0001", OUTSIDE),
    cell("battlegroups", "lon", "-180.5", OUTSIDE + r" \[-180\.0, 180\.0\]"),
    cell("battlegroups", "lon", "-180", None),
    cell("battlegroups", "lon", "180", None),
    cell("battlegroups", "lon", "180.0001", OUTSIDE),
    cell("capitals", "lat", "95", OUTSIDE),
    cell("capitals", "lon", "-181", OUTSIDE),
    cell("air_policing", "lat", "-91", OUTSIDE),
    cell("air_policing", "lon", "181", OUTSIDE),
    cell("battlegroups", "established", "2015", OUTSIDE + r" \[2016, 2100\]"),
    cell("battlegroups", "established", "2016", None),
    cell("battlegroups", "established", "2100", None),
    cell("battlegroups", "established", "2101", OUTSIDE),
    cell("air_policing", "aircraft_count", "0", OUTSIDE + r" \[1, 100\]"),
    cell("air_policing", "aircraft_count", "1", None),
    cell("air_policing", "aircraft_count", "100", None),
    cell("air_policing", "aircraft_count", "101", OUTSIDE),
    cell("air_policing", "aircraft_count", "", None),  # optional: unknown count
    cell("udcg_meetings", "number", "0", OUTSIDE + r" \[1, 1000\]"),
    cell("udcg_meetings", "number", "1000", None),
    cell("udcg_meetings", "number", "1001", OUTSIDE),
    cell("border_lengths", "published_km", "0", OUTSIDE + r" \(0, 10000\]"),
    cell("border_lengths", "published_km", "0.1", None),
    cell("border_lengths", "published_km", "10000", None),
    cell("border_lengths", "published_km", "10000.1", OUTSIDE),
    cell("border_lengths_ne10m", "ne10m_km", "0", None),
    cell("border_lengths_ne10m", "ne10m_km", "-0.1", OUTSIDE + r" \[0, 10000\]"),
    cell("border_lengths_ne10m", "ne10m_km", "10000", None),
    cell("border_lengths_ne10m", "ne10m_km", "10000.5", OUTSIDE),
    cell("commitments", "pct", "0", OUTSIDE + r" \(0, 100\]"),
    cell("commitments", "pct", "0.1", None),
    cell("commitments", "pct", "100", None),
    cell("commitments", "pct", "100.5", OUTSIDE),
    cell("commitments", "target_year", "2013", OUTSIDE + r" \[2014, 2100\]"),
    cell("commitments", "target_year", "2101", OUTSIDE),
    cell("commitments", "target_year", "", None),  # optional: a pledge without a target year
    cell("missile_ranges", "range_km", "0", OUTSIDE + r" \(0, 5000\]"),
    cell("missile_ranges", "range_km", "5000", None),
    cell("missile_ranges", "range_km", "5000.1", OUTSIDE),
    cell("logistics_hubs", "lat", "91", OUTSIDE),
    cell("logistics_hubs", "lon", "-181", OUTSIDE),
    # -- nan and infinity in numeric and coordinate columns
    cell("defence_spending", "pct_gdp", "nan", NOT_FINITE),
    cell("defence_spending", "pct_gdp", "NaN", NOT_FINITE),
    cell("battlegroups", "lat", "inf", NOT_FINITE),
    cell("battlegroups", "lon", "-Infinity", NOT_FINITE),
    cell("capitals", "lat", "nan", NOT_FINITE),
    cell("air_policing", "lon", "NAN", NOT_FINITE),
    cell("air_policing", "aircraft_count", "nan", NOT_FINITE),
    cell("battlegroups", "established", "inf", NOT_FINITE),
    cell("defence_spending", "pct_gdp", "1e999", NOT_FINITE),
    # -- numbers in other forms
    cell("defence_spending", "pct_gdp", "1,5", "is not a number"),
    cell("defence_spending", "pct_gdp", "2 %", "is not a number"),
    cell("defence_spending", "pct_gdp", "2.0e0", None),
    cell("air_policing", "lat", "fifty-six", "is not a number"),
    cell("air_policing", "aircraft_count", "4.0", "is not an integer"),
    cell("air_policing", "aircraft_count", "1_0", "is not an integer"),
    cell("air_policing", "aircraft_count", "\u0664", "is not an integer"),  # Arabic-Indic 4
    cell("udcg_meetings", "number", "3rd", "is not an integer"),
    # -- every date form
    cell("members", "accession_date", "2022-6-1", DATE_FORM),
    cell("members", "accession_date", "2022-06-1", DATE_FORM),
    cell("members", "accession_date", "16/06/2022", DATE_FORM),
    cell("members", "accession_date", "2022/06/16", DATE_FORM),
    cell("members", "accession_date", "20220616", DATE_FORM),
    cell("members", "accession_date", "2022-06-15T00:00", DATE_FORM),
    cell("members", "accession_date", "2022-06-15 00:00:00", DATE_FORM),
    cell("members", "accession_date", "16 June 2022", DATE_FORM),
    cell("members", "accession_date", "2022-06", DATE_FORM),
    cell("members", "accession_date", "2022", DATE_FORM),
    cell("members", "accession_date", "+2022-06-15", DATE_FORM),
    cell(
        "members",
        "accession_date",
        "\uff12\uff10\uff12\uff12-\uff10\uff16-\uff11\uff15",
        "is not a date",
    ),
    cell("members", "accession_date", "2022-02-30", NO_SUCH_DAY),
    cell("members", "accession_date", "2022-13-01", NO_SUCH_DAY),
    cell("members", "accession_date", "2022-00-10", NO_SUCH_DAY),
    cell("members", "accession_date", "2023-02-29", NO_SUCH_DAY),
    cell("members", "accession_date", "2024-02-29", None),  # a leap day exists
    cell("members", "accession_date", " 2022-06-15", SPACES),
    cell("members", "accession_date", "2022-06-15 ", SPACES),
    cell("members", "accession_date", "2022-06-15\n", SPACES),
    cell("battlegroups", "framework_to", "2022-6-30", DATE_FORM),
    cell("udcg_meetings", "date", "15/06/2022", DATE_FORM),
    cell("defence_spending", "edition", "2025-08", DATE_FORM),
    # -- no date after the data's retrieval date (a closed bound: the day itself loads)
    cell("members", "accession_date", "2026-11-29", f"after the data's retrieval date {RETRIEVED}"),
    cell("members", "accession_date", RETRIEVED, None),
    cell("events", "date", "2030-01-01", "after the data's retrieval date"),
    cell("udcg_meetings", "date", "2027-01-01", "after the data's retrieval date"),
    cell("defence_spending", "edition", "2026-12-01", "after the data's retrieval date"),
    cell("ratifications", "completed_on", "2026-11-29", "after the data's retrieval date"),
    cell("eu_members", "accession_date", "2027-01-01", "after the data's retrieval date"),
    cell(
        "air_policing", "end", "2026-12-31", "after the data's retrieval date", start="2025-09-01"
    ),
    # -- an end date before its start (the same day loads)
    cell(
        "battlegroups",
        "framework_to",
        "2022-02-28",
        "is before 'framework_from' 2022-03-01",
        framework_from="2022-03-01",
    ),
    cell("battlegroups", "framework_to", "2022-03-01", None, framework_from="2022-03-01"),
    cell("air_policing", "end", "2022-03-31", "is before 'start' 2022-04-01", start="2022-04-01"),
    cell("air_policing", "end", "2022-04-01", None, start="2022-04-01"),
    # -- letter topics from LETTER_TOPICS only
    cell("letter", "topics", "meeting;nukes", "topic 'nukes' is not in the vocabulary"),
    cell("letter", "topics", "Meeting", "topic 'Meeting' is not in the vocabulary"),
    cell("letter", "topics", "meeting; udcg", "topic ' udcg' is not in the vocabulary"),
    cell("letter", "topics", "meeting;;udcg", "topic '' is not in the vocabulary"),
    cell("letter", "topics", "meeting,udcg", "is not in the vocabulary"),
    cell("letter", "topics", "udcg;udcg", "repeats a topic"),
    cell("letter", "topics", "udcg;meeting", None),
    cell("letter", "topics", ";".join(LETTER_TOPICS), None),
    # -- codes, flags, choices, empty and padded cells
    cell("members", "iso3", "XYZ", "'XYZ' is not a known ISO 3166-1 alpha-3 code"),
    cell("members", "iso3", "nld", "is not a known ISO 3166-1 alpha-3 code"),
    cell("battlegroups", "framework_iso3", "GER", "is not a known ISO 3166-1 alpha-3 code"),
    cell("ratifications", "candidate_iso3", "UKR", "'UKR' is not one of FIN, SWE"),
    cell("ratifications", "confirmed", "yes", "'yes' is not true or false"),
    cell("ratifications", "confirmed", "True", "'True' is not true or false"),
    cell("ratifications", "confirmed", "1", "is not true or false"),
    cell("udcg_meetings", "format", "carrier pigeon", "'carrier pigeon' is not one of"),
    cell("udcg_meetings", "source", "", "value is empty but required"),
    cell("udcg_meetings", "source", "  ", "value is empty but required"),
    cell("udcg_meetings", "note", " ", "holds only spaces"),
    cell("members", "name", "Belgium ", SPACES),
    cell("members", "name", "\tBelgium", SPACES),
    cell("members", "name", "Belgi\u00eb", None),
    # -- whole-file damage
    whole(
        "members",
        "cut at a row boundary",
        cut_rows(lambda n: n - 5),
        r"^members\.csv: 27 data rows, but manifest\.csv records 32; the file looks cut off",
    ),
    whole(
        "air_policing",
        "cut to its header",
        cut_rows(lambda n: 0),
        r"^air_policing\.csv: 0 data rows, but manifest\.csv records \d+",
    ),
    whole(
        "defence_spending",
        "a row added, manifest not updated",
        add_spending_row,
        r"^defence_spending\.csv: \d+ data rows, but manifest\.csv records \d+; the file looks longer than recorded\. .*run `python scripts/update_manifest\.py`",
    ),
    whole(
        "battlegroups",
        "cut in the middle of a row",
        cut_mid_row,
        r"^battlegroups\.csv, line \d+: \d+ fields where the header has 14",
    ),
    whole(
        "members",
        "an extra column",
        edit_header(add_column),
        r"^members\.csv, line 1 \(header\): column\(s\) 'comment' not in the schema",
    ),
    whole(
        "members",
        "a renamed column",
        edit_header(rename_column("accession_date", "joined")),
        r"^members\.csv, line 1 \(header\): column\(s\) 'accession_date' missing; column\(s\) 'joined' not in the schema",
    ),
    whole(
        "members",
        "a missing column",
        edit_header(lambda h, r: (h[:-1], [x[:-1] for x in r])),
        r"^members\.csv, line 1 \(header\): column\(s\) 'via' missing",
    ),
    whole(
        "members",
        "columns swapped",
        edit_header(swap_first_columns),
        r"^members\.csv, line 1 \(header\): columns in another order",
    ),
    whole(
        "members",
        "a column named twice",
        edit_header(repeat_last_column_name),
        r"^members\.csv, line 1 \(header\): column\(s\) 'via' missing",
    ),
    whole("members", "an empty file", replace_text(""), r"^members\.csv: the file is empty"),
    whole("members", "only blank lines", replace_text("\n\n"), r"^members\.csv: the file is empty"),
    whole(
        "members",
        "a blank line inside",
        append_text("\nNLD,x,2000-01-01,s,\n"),
        r"^members\.csv, line 34: the line is blank",
    ),
    whole(
        "members",
        "a stray quote",
        append_text('"NLD"x,Netherlands,1949-04-04,s,\n'),
        r"^members\.csv, line 34: not valid CSV",
    ),
    whole(
        "members",
        "a NUL byte",
        append_text("NLD,Nether\x00lands,1949-04-04,s,\n"),
        r"^members\.csv, line 34, column 'name': .*holds a control character \(U\+0000\)",
    ),
    whole("members", "not UTF-8", latin1_cell, r"^members\.csv, line 3: not UTF-8 text"),
    whole(
        "members",
        "a folder instead of the file",
        make_folder,
        r"^members: .*members\.csv is a folder, not a data file",
    ),
    whole(
        "members", "the manifest deleted", drop_manifest, r"manifest\.csv: the manifest is missing"
    ),
    whole(
        "members",
        "its manifest row deleted",
        drop_manifest_row,
        r"^manifest\.csv: no row for members\.csv",
    ),
    whole(
        "countries", "an empty basemap", replace_text(""), r"^countries\.geojson: the file is empty"
    ),
    whole(
        "countries",
        "a basemap nested too deeply",
        replace_text("[" * 200_000),
        r"^countries\.geojson: nested too deeply",
    ),
    whole(
        "countries",
        "a basemap cut short",
        truncate_json,
        r"^countries\.geojson, line \d+, column \d+: not valid JSON",
    ),
    whole(
        "countries",
        "a projected crs",
        edit_geojson(set_crs("urn:ogc:def:crs:EPSG::3035")),
        r"^countries\.geojson: 'crs' is .*EPSG::3035.* must be WGS84",
    ),
    whole(
        "countries",
        "a crs named CRS84",
        edit_geojson(set_crs("urn:ogc:def:crs:OGC:1.3:CRS84")),
        None,
    ),
    whole("countries", "a crs named EPSG:4326", edit_geojson(set_crs("EPSG:4326")), None),
    whole(
        "countries",
        "projected coordinates",
        edit_geojson(project_feature),
        r"^countries\.geojson, feature \d+ \(NLD\), column 'geometry': coordinates outside",
    ),
    whole(
        "countries",
        "a point feature",
        edit_geojson(make_point),
        r"^countries\.geojson, feature \d+ \(NLD\), column 'geometry': a Point, but every country must be a Polygon or MultiPolygon",
    ),
    whole(
        "countries",
        "a line feature",
        edit_geojson(make_line),
        r"a LineString, but every country must be a Polygon",
    ),
    whole(
        "countries",
        "an extra property",
        edit_geojson(add_property),
        r"^countries\.geojson, feature \d+: properties are .*population",
    ),
    whole(
        "countries",
        "a deleted feature",
        edit_geojson(delete_feature("NLD")),
        r"^countries\.geojson: no feature for NLD \(manifest\.csv lists 65 countries\)",
    ),
    # the same lost feature, noticed while loading a table that uses the code: the basemap is
    # blamed, not members.csv
    whole(
        "countries",
        "a deleted feature, seen from members",
        edit_geojson(delete_feature("NLD")),
        r"^countries\.geojson: no feature for NLD",
        load_as="members",
    ),
    whole(
        "countries",
        "a deleted feature, seen from spending",
        edit_geojson(delete_feature("EST")),
        r"^countries\.geojson: no feature for EST",
        load_as="defence_spending",
    ),
]


@pytest.mark.parametrize("dataset, column, value, expected, also", CASES)
def test_validation_table(data_copy, dataset, column, value, expected, also):
    if "_file" in also:
        value(data_copy, also["_file"])
        if expected is None:
            assert len(load(dataset)) > 0
            return
        with pytest.raises(ValueError, match=expected):
            load(dataset)
        return
    line = set_cells(data_copy, dataset, {**also, column: value})
    if expected is None:
        loaded = load(dataset).loc[0, column]
        _assert_loaded_as_written(loaded, value, DATASETS[dataset])
        return
    filename = re.escape(DATASETS[dataset].filename)
    with pytest.raises(
        ValueError, match=rf"^{filename}, line {line}, column '{column}': .*{expected}"
    ):
        load(dataset)


def _assert_loaded_as_written(loaded, text: str, spec) -> None:
    """A cell that loads holds the value written, read independently of the loader."""
    if text == "":
        assert pd.isna(loaded)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        assert loaded == pd.Timestamp(text)
    elif re.fullmatch(r"[-+0-9.eE]+", text):
        assert float(loaded) == float(text)
    elif text in ("true", "false"):
        assert bool(loaded) == (text == "true")
    else:
        assert loaded == text


def test_every_range_bound_is_in_the_table():
    """Both ends of every bounded column appear in CASES, so no range goes untested."""
    covered = {(p.values[0], p.values[1]) for p in CASES}
    for spec in DATASETS.values():
        for column in spec.columns:
            if column.low is not None or column.high is not None:
                assert (spec.name, column.name) in covered or column.name in ("lon", "lat"), (
                    spec.name,
                    column.name,
                )
    for name in ("battlegroups", "capitals", "air_policing"):
        assert {(name, "lon"), (name, "lat")} <= covered


def test_every_dated_dataset_has_a_retrieval_date():
    for spec in DATASETS.values():
        if any(c.kind == "date" for c in spec.columns):
            assert spec.retrieved == RETRIEVED, spec.name


def test_letter_topics_match_the_data_readme():
    # data/README.md lists the tags by hand; the vocabulary in the library must be the same.
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"fixed list \(([^)]*)\)", readme).group(1)
    assert set(LETTER_TOPICS) == {t.strip(" `") for t in listed.split(",")}


# -- paths that are not data files -------------------------------------------------------------


@pytest.mark.parametrize(
    "path, fragment",
    [
        ("/dev/null", "is not a regular file"),
        ("/", "is a folder, not a data file"),
        (".", "is a folder, not a data file"),
        ("", "is a folder, not a data file"),
        ("no/such/members.csv", "data file not found"),
        ("../x", "data file not found"),
        ("bad\x00name.csv", "cannot open"),
    ],
)
def test_a_path_that_is_not_a_data_file_is_refused(path, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        load("members", path=path)


@pytest.mark.parametrize("path", [3, 2.5, b"data/members.csv", ["members.csv"], object()])
def test_a_path_of_the_wrong_type_is_refused(path):
    with pytest.raises(ValueError, match=r"members: path must be a file path"):
        load("members", path=path)


def test_the_data_folder_given_as_a_path_is_refused(data_copy):
    with pytest.raises(ValueError, match=r"is a folder, not a data file"):
        load("members", path=data_copy)


def test_path_argument_validates_a_given_file(tmp_path):
    broken = tmp_path / "my_members.csv"
    broken.write_text(
        "iso3,name,accession_date,source,via\nNLD,Netherlands,,somewhere,\n", encoding="utf-8"
    )
    with pytest.raises(
        ValueError, match=r"my_members\.csv, line 2, column 'accession_date': value is empty"
    ):
        load("members", path=broken)


def test_path_argument_needs_no_manifest_for_a_file_of_ones_own(tmp_path):
    mine = tmp_path / "my_members.csv"
    mine.write_text(
        "iso3,name,accession_date,source,via\nNLD,Netherlands,1949-04-04,somewhere,\n",
        encoding="utf-8",
    )
    assert load("members", path=mine)["iso3"].tolist() == ["NLD"]


def test_line_numbers_count_lines_not_records(data_copy):
    """A cell spanning two lines shifts the line numbers of the rows below it."""
    path = data_copy / "members.csv"
    header, rows = read_csv_rows(path)
    rows[0][header.index("name")] = "Bel-\ngium"
    rows[3][header.index("accession_date")] = "1949-4-4"
    write_csv_rows(path, header, rows)
    with pytest.raises(ValueError, match=r"members\.csv, line 6, column 'accession_date'"):
        load("members")


def test_duplicate_key_names_both_lines(data_copy):
    path = data_copy / "members.csv"
    header, rows = read_csv_rows(path)
    write_csv_rows(path, header, [*rows, rows[2]])
    set_manifest_rows(data_copy, "members.csv", len(rows) + 1)
    with pytest.raises(
        ValueError, match=r"members\.csv: line 4 and line 34 repeat the key \(iso3=\w{3}\)"
    ):
        load("members")


# -- caches follow the files and the folder they came from -------------------------------------


def test_an_edited_file_is_read_again(data_copy):
    assert len(load("members")) == 32
    path = data_copy / "members.csv"
    header, rows = read_csv_rows(path)
    write_csv_rows(path, header, rows[:-1])
    write_manifest(data_copy)  # a deliberate edit
    assert len(load("members")) == 31


def test_an_edited_cell_is_read_again(data_copy):
    assert load("members").loc[0, "name"] == "Belgium"
    set_cells(data_copy, "members", {"name": "Belgique"})
    assert load("members").loc[0, "name"] == "Belgique"


def test_a_basemap_edit_reaches_tables_loaded_before(data_copy):
    assert "NLD" in set(load("members")["iso3"])
    edit_geojson(delete_feature("NLD"))(data_copy, "countries")
    with pytest.raises(ValueError, match=r"^countries\.geojson: no feature for NLD"):
        load("members")


def test_switching_the_data_folder_switches_basemap_and_codes(data_copy, tmp_path, monkeypatch):
    assert "NLD" in set(load("countries")["iso3"])
    assert "NLD" in set(load("members")["iso3"])
    # A second folder whose basemap lacks Luxembourg, with its own manifest.
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    edit_geojson(delete_feature("LUX"))(other, "countries")
    members = other / "members.csv"
    header, rows = read_csv_rows(members)
    write_csv_rows(members, header, [r for r in rows if r[0] != "LUX"])
    write_manifest(other)
    monkeypatch.setenv("NATOKIT_DATA", str(other))
    assert "LUX" not in set(load("countries")["iso3"])
    assert len(load("members")) == 31
    # A table that uses LUX is now refused, because the code list came from the new basemap.
    with pytest.raises(ValueError, match=r"eu_members\.csv, line \d+, column 'iso3': 'LUX'"):
        load("eu_members")
    monkeypatch.setenv("NATOKIT_DATA", str(data_copy))
    assert "LUX" in set(load("countries")["iso3"])
    assert len(load("eu_members")) == 27


def test_fingerprint_changes_with_the_folder_and_the_file(data_copy, tmp_path, monkeypatch):
    before = fingerprint("countries")
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    monkeypatch.setenv("NATOKIT_DATA", str(other))
    assert fingerprint("countries") != before
    monkeypatch.setenv("NATOKIT_DATA", str(data_copy))
    assert fingerprint("countries") == before
    path = data_copy / "countries.geojson"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint("countries") != before


def test_write_manifest_records_rows_and_codes(data_copy):
    path = data_copy / "capitals.csv"
    header, rows = read_csv_rows(path)
    write_csv_rows(path, header, rows[:10])
    changes = write_manifest(data_copy)
    assert changes == [f"capitals.csv: {len(rows)} -> 10 rows"]
    header, entries = read_csv_rows(data_copy / MANIFEST_FILE)
    by_file = {e[0]: e for e in entries}
    assert header == ["file", "rows", "codes"]
    assert by_file["capitals.csv"][1] == "10"
    assert set(by_file) == {d.filename for d in DATASETS.values()}
    document = json.loads((data_copy / "countries.geojson").read_text(encoding="utf-8"))
    codes = sorted(f["properties"]["iso3"] for f in document["features"])
    assert by_file["countries.geojson"][1:] == [str(len(codes)), ";".join(codes)]


def test_the_shipped_manifest_is_current():
    """data/manifest.csv matches the files; if this fails, run scripts/update_manifest.py."""
    header, entries = read_csv_rows(REPO / "data" / MANIFEST_FILE)
    for filename, rows, _codes in entries:
        if filename.endswith(".csv"):
            assert len(read_csv_rows(REPO / "data" / filename)[1]) == int(rows), filename


# -- the shipped data ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_loads_with_its_schema(name):
    table = load(name)
    assert [c for c in table.columns if c != "geometry"] == [c.name for c in DATASETS[name].columns]


@pytest.mark.parametrize(
    "name", sorted(n for n in DATASETS if n not in ("border_lengths", "border_lengths_ne10m"))
)
def test_every_dataset_has_rows(name):
    assert len(load(name)) > 0


def test_members_are_the_32_allies_with_founders_and_newest():
    members = load("members")
    assert len(members) == 32
    founders = members[members["accession_date"] == pd.Timestamp("1949-04-04")]
    assert set(founders["iso3"]) == {
        "BEL",
        "CAN",
        "DNK",
        "FRA",
        "ISL",
        "ITA",
        "LUX",
        "NLD",
        "NOR",
        "PRT",
        "GBR",
        "USA",
    }
    assert members.set_index("iso3").loc["FIN", "accession_date"] == pd.Timestamp("2023-04-04")
    assert members.set_index("iso3").loc["SWE", "accession_date"] == pd.Timestamp("2024-03-07")


def test_load_returns_a_copy_that_callers_may_change():
    first = load("members")
    first.loc[0, "name"] = "changed"
    assert load("members").loc[0, "name"] != "changed"


def test_allies_at_two_percent_match_published_counts_per_edition():
    spending = load("defence_spending")

    def count(edition, year):
        rows = spending[(spending["edition"] == pd.Timestamp(edition)) & (spending["year"] == year)]
        return int((rows["pct_gdp"] >= 2.0).sum())

    # Counts published by NATO and the press for each edition (shared/reference/facts.md §1).
    assert count("2025-08-28", 2014) == 3
    assert count("2025-08-28", 2022) == 7
    assert count("2025-08-28", 2023) == 10
    assert count("2025-08-28", 2024) == 18
    assert count("2023-07-07", 2023) == 11
    assert count("2024-06-17", 2024) == 23


def test_each_spending_edition_marks_its_latest_year_as_estimate():
    spending = load("defence_spending")
    for edition, rows in spending.groupby("edition"):
        latest = rows["year"].max()
        assert rows.loc[rows["year"] == latest, "estimate"].all(), edition
        assert not rows.loc[rows["year"] < latest - 1, "estimate"].any(), edition


def test_dutch_f35_deployment_matches_the_letter():
    ap = load("air_policing")
    row = ap[(ap["contributor_iso3"] == "NLD") & (ap["base"] == "Graf Ignatievo")].iloc[0]
    # The letter: four F-35s, ended on 31 May 2022, Quick Reaction Alert in April and May.
    assert row["aircraft_count"] == 4
    assert row["end"] == pd.Timestamp("2022-05-31")
    assert row["start"].month == 4
    assert "Quick Reaction Alert" in row["tasks"]


def test_ratifications_cover_thirty_allies_for_both_candidates():
    table = load("ratifications")
    assert table.groupby("candidate_iso3")["iso3"].nunique().to_dict() == {"FIN": 30, "SWE": 30}
    last = (
        table.sort_values("completed_on")
        .groupby("candidate_iso3")
        .tail(1)
        .set_index("candidate_iso3")
    )
    assert last.loc["FIN", "iso3"] == "TUR"
    assert last.loc["SWE", "iso3"] == "HUN"


def test_unknown_dataset_lists_the_available_ones():
    with pytest.raises(ValueError) as info:
        load("member")
    message = str(info.value)
    assert "Did you mean 'members'" in message
    for name in available():
        assert name in message


def test_source_list_splits_and_deduplicates():
    rows = load("air_policing")
    sources = source_list(rows, extra=["The letter"])
    assert sources[0] == "The letter"
    assert len(sources) == len(set(sources))
    every = {part.strip() for value in rows["source"] for part in value.split(" ; ")}
    assert every <= set(sources)
    assert re.match(r"^\[1\] The letter\n\[2\] ", str(sources))


def test_top_level_load_is_the_data_loader():
    assert natokit.load("members").equals(load("members"))


# -- property-based: wild names, wild paths, random single-cell damage -------------------------


# Examples per target (reported in the final note): names 300, paths 200, file content 150,
# cell damage 400.
def wild_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,  # a shared machine: no timing thresholds
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )


wild_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.sampled_from(["../x", "members ", "MEMBERS", "members.csv", "\u00fcber", "", "countries/"]),
)


@wild_settings(300)
@given(name=wild_values)
def test_wild_names_get_a_clear_message(name):
    try:
        table = load(name)
    except ValueError as exc:
        assert "Unknown dataset" in str(exc) and "Available:" in str(exc)
    else:
        assert name in DATASETS and isinstance(table, pd.DataFrame)


@wild_settings(200)
@given(
    path=st.one_of(
        wild_values,
        st.sampled_from(
            ["/dev/null", "/dev/zero", "/dev/urandom", "/proc/self/status", "/", "/tmp", "~"]
        ),
        st.text(alphabet="./\\~x-\u00e9\x00 ", max_size=12),
    )
)
def test_wild_paths_load_or_get_a_clear_message(path):
    try:
        table = load("members", path=path)
    except ValueError as exc:
        assert str(exc)  # every path problem is a ValueError with a message
    else:
        assert path is None and len(table) == 32


@wild_settings(150)
@given(
    name=st.sampled_from(sorted(DATASETS)),
    content=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200),
        st.lists(st.text(max_size=10), min_size=1, max_size=8).map(",".join),
    ),
    with_header=st.booleans(),
)
def test_random_file_content_loads_or_names_the_file(tmp_path_factory, name, content, with_header):
    folder = tmp_path_factory.mktemp("content")
    path = folder / f"random_{name}.txt"
    header = ",".join(c.name for c in DATASETS[name].columns) + "\n" if with_header else ""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path.write_bytes(header.encode("utf-8") + data)
    try:
        load(name, path=path)
    except ValueError as exc:
        event("refused")
        assert path.name in str(exc) or str(path) in str(exc)
    else:
        event("loaded")


@pytest.fixture(scope="module")
def pristine_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damage") / "data"
    shutil.copytree(data_dir(), folder)
    return folder


DAMAGEABLE = sorted(
    n
    for n in DATASETS
    if n != "countries" and n not in ("border_lengths", "border_lengths_ne10m", "references")
)

cell_text = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.just(""),
    st.sampled_from(
        [" 2022-06-15", "2022-02-30", "nan", "inf", "1e999", "true", "True", "XYZ", "NLD", "0"]
    ),
)


@wild_settings(400)
@given(data=st.data())
def test_random_single_cell_damage_loads_unchanged_or_names_the_file(pristine_copy, data):
    name = data.draw(st.sampled_from(DAMAGEABLE), label="dataset")
    path = pristine_copy / DATASETS[name].filename
    original_text = path.read_text(encoding="utf-8")
    header, rows = read_csv_rows(path)
    row = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(header), label="column")
    new = data.draw(cell_text, label="new cell")
    damaged = [list(r) for r in rows]
    damaged[row][header.index(column)] = new
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NATOKIT_DATA", str(pristine_copy))
        original = load(name)
        write_csv_rows(path, header, damaged)
        try:
            got = load(name)
        except ValueError as exc:
            event("refused")
            assert DATASETS[name].filename in str(exc)
        else:
            event("loaded")
            others = [c for c in original.columns if c != column]
            pd.testing.assert_frame_equal(got[others], original[others])
            kept = got[column].drop(index=row)
            pd.testing.assert_series_equal(kept, original[column].drop(index=row))
            _assert_cell_holds(got.loc[row, column], new)
        finally:
            path.write_text(original_text, encoding="utf-8")


def _assert_cell_holds(loaded, text: str) -> None:
    """The loaded cell is what was written: the same text, or the same number, date or flag."""
    if text == "":
        assert pd.isna(loaded) or loaded == ""
    elif isinstance(loaded, pd.Timestamp):
        assert loaded.strftime("%Y-%m-%d") == text
    elif isinstance(loaded, bool | np.bool_):
        assert str(bool(loaded)).lower() == text
    elif isinstance(loaded, float | int) or hasattr(loaded, "dtype"):
        assert math.isfinite(float(text)) and float(loaded) == float(text)
    else:
        assert loaded == text


def test_hypothesis_writes_outside_the_repository(pristine_copy):
    assert not str(pristine_copy).startswith(str(REPO)) and os.path.isdir(pristine_copy)


def test_source_list_renders_numbered_markdown_with_only_addresses_as_links():
    sources = natokit.data.SourceList(["https://www.nato.int/a", "Kamerbrief, p03"])
    assert sources._repr_markdown_() == "1. <https://www.nato.int/a>\n2. Kamerbrief, p03"
    assert str(sources) == "[1] https://www.nato.int/a\n[2] Kamerbrief, p03"
    # The plain-text face of a notebook output is one line (the Markdown holds the list).
    assert repr(sources) == "<2 sources: print() lists them>"
