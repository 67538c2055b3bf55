"""data/commitments.csv: NATO's spending pledges, validated by reading the file with csv alone.

Expected values are the summit texts as data/references.csv cites them: Wales (5 September
2014) 2% of GDP within a decade and 20% of defence expenditure on major equipment; Vilnius
(11 July 2023) at least 2% every year; The Hague (25 June 2025) 5% by 2035, at least 3.5% core
and up to 1.5% related.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from natokit import data, spending

FILE = Path(__file__).resolve().parents[1] / "data" / "commitments.csv"
COLUMNS = [
    "key",
    "summit",
    "date",
    "pledge",
    "pct",
    "of",
    "part_of",
    "floor",
    "target_year",
    "confirmed",
    "note",
    "source",
    "via",
]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(FILE, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_row_has_the_schema_s_types(rows):
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        dt.date.fromisoformat(r["date"])
        assert 0 < float(r["pct"]) <= 100
        assert r["of"] in ("GDP", "defence expenditure")
        assert r["floor"] in ("true", "false") and r["confirmed"] in ("true", "false")
        assert r["target_year"] == "" or 2014 <= int(r["target_year"]) <= 2100
        assert r["part_of"] == "" or r["part_of"] in keys


def test_every_row_is_sourced_and_cites_no_banned_site(rows):
    for r in rows:
        assert r["source"].strip(), r["key"]
        assert not data.banned_sites(r["source"]), r["key"]
        assert not data.banned_sites(r["via"], column="via"), r["key"]


def test_the_pledges_are_those_of_the_summit_texts(rows):
    by_key = {r["key"]: r for r in rows}
    wales, equipment = by_key["wales2014"], by_key["wales2014_equipment"]
    assert (wales["date"], wales["pct"], wales["of"]) == ("2014-09-05", "2", "GDP")
    assert (equipment["pct"], equipment["of"]) == ("20", "defence expenditure")
    vilnius = by_key["vilnius2023"]
    assert (vilnius["date"], vilnius["pct"], vilnius["floor"]) == ("2023-07-11", "2", "true")
    hague = by_key["hague2025"]
    assert (hague["date"], hague["pct"], hague["target_year"]) == ("2025-06-25", "5", "2035")
    parts = {r["key"]: r for r in rows if r["part_of"] == "hague2025"}
    assert sum(float(r["pct"]) for r in parts.values()) == float(hague["pct"])
    assert parts["hague2025_core"]["floor"] == "true"  # "at least 3.5%"
    assert parts["hague2025_related"]["floor"] == "false"  # "up to 1.5%"


def test_the_library_reads_the_same_rows(rows):
    table = spending.commitments()
    assert list(table["key"]) == [r["key"] for r in rows]
    assert list(table["pct"]) == [float(r["pct"]) for r in rows]
    assert [d.date().isoformat() for d in table["date"]] == [r["date"] for r in rows]
