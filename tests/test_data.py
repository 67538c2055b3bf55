"""Datasets load, validate, and refuse broken files with a message naming file, line and column."""

import csv
import re

import pandas as pd
import pytest

import natokit
from natokit.data import DATASETS, available, load, source_list


def _rewrite(path, edit):
    """Read a CSV as rows of dicts, let ``edit`` change them, write it back."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows, fields = edit(rows, fields)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_loads_and_has_rows(name):
    table = load(name)
    assert len(table) > 0
    for column in DATASETS[name].columns:
        assert column.name in table.columns


@pytest.mark.parametrize(
    "name", [n for n in DATASETS if any(c.name == "source" for c in DATASETS[n].columns)]
)
def test_every_row_has_a_source(name):
    assert (load(name)["source"].str.strip() != "").all()


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


# -- broken copies: each message names the file, the line and the column -------------------


def test_missing_column_is_named(data_copy):
    _rewrite(
        data_copy / "members.csv",
        lambda rows, f: (
            [{k: v for k, v in r.items() if k != "source"} for r in rows],
            [c for c in f if c != "source"],
        ),
    )
    with pytest.raises(ValueError, match=r"members\.csv: column\(s\) 'source' missing"):
        load("members")


def test_bad_date_names_file_line_and_column(data_copy):
    def edit(rows, fields):
        rows[4]["accession_date"] = "1949-13-04"
        return rows, fields

    _rewrite(data_copy / "members.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"members\.csv, line 6, column 'accession_date': '1949-13-04' is not a date",
    ):
        load("members")


def test_out_of_range_share_of_gdp_is_refused(data_copy):
    def edit(rows, fields):
        rows[9]["pct_gdp"] = "12.5"
        return rows, fields

    _rewrite(data_copy / "defence_spending.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"defence_spending\.csv, line 11, column 'pct_gdp': 12\.5 is outside the allowed range \(0, 10\)",
    ):
        load("defence_spending")


def test_text_in_a_number_column_is_refused(data_copy):
    def edit(rows, fields):
        rows[0]["lat"] = "fifty-six"
        return rows, fields

    _rewrite(data_copy / "air_policing.csv", edit)
    with pytest.raises(
        ValueError, match=r"air_policing\.csv, line 2, column 'lat': 'fifty-six' is not a number"
    ):
        load("air_policing")


def test_latitude_out_of_range_is_refused(data_copy):
    def edit(rows, fields):
        rows[2]["lat"] = "95.0"
        return rows, fields

    _rewrite(data_copy / "battlegroups.csv", edit)
    with pytest.raises(
        ValueError, match=r"battlegroups\.csv, line 4, column 'lat': 95\.0 is outside"
    ):
        load("battlegroups")


def test_unknown_country_code_is_refused(data_copy):
    def edit(rows, fields):
        rows[3]["iso3"] = "XYZ"
        return rows, fields

    _rewrite(data_copy / "members.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"members\.csv, line 5, column 'iso3': 'XYZ' is not a known ISO 3166-1 alpha-3 code",
    ):
        load("members")


def test_empty_source_is_refused(data_copy):
    def edit(rows, fields):
        rows[7]["source"] = "  "
        return rows, fields

    _rewrite(data_copy / "udcg_meetings.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"udcg_meetings\.csv, line 9, column 'source': value is empty but required",
    ):
        load("udcg_meetings")


def test_bad_flag_is_refused(data_copy):
    def edit(rows, fields):
        rows[1]["confirmed"] = "yes"
        return rows, fields

    _rewrite(data_copy / "ratifications.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"ratifications\.csv, line 3, column 'confirmed': 'yes' is not true or false",
    ):
        load("ratifications")


def test_value_outside_choices_is_refused(data_copy):
    def edit(rows, fields):
        rows[0]["format"] = "carrier pigeon"
        return rows, fields

    _rewrite(data_copy / "udcg_meetings.csv", edit)
    with pytest.raises(
        ValueError,
        match=r"udcg_meetings\.csv, line 2, column 'format': 'carrier pigeon' is not one of",
    ):
        load("udcg_meetings")


def test_duplicate_key_names_both_lines(data_copy):
    def edit(rows, fields):
        rows.append(dict(rows[2]))
        return rows, fields

    _rewrite(data_copy / "members.csv", edit)
    with pytest.raises(
        ValueError, match=r"members\.csv: line 4 and line 34 repeat the key \(iso3=\w{3}\)"
    ):
        load("members")


def test_broken_basemap_feature_is_named(data_copy):
    path = data_copy / "countries.geojson"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"iso3":"NLD"', '"iso3":"nl"', 1), encoding="utf-8")
    with pytest.raises(
        ValueError,
        match=r"countries\.geojson, feature \d+, column 'iso3': 'nl' is not a 3-letter code",
    ):
        load("countries")


def test_an_edited_file_is_read_again(data_copy):
    assert len(load("members")) == 32

    def edit(rows, fields):
        return rows[:-1], fields

    _rewrite(data_copy / "members.csv", edit)
    assert len(load("members")) == 31


def test_path_argument_validates_a_given_file(tmp_path):
    broken = tmp_path / "my_members.csv"
    broken.write_text(
        "iso3,name,accession_date,source\nNLD,Netherlands,,somewhere\n", encoding="utf-8"
    )
    with pytest.raises(
        ValueError, match=r"my_members\.csv, line 2, column 'accession_date': value is empty"
    ):
        load("members", path=broken)


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
