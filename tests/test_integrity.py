"""Cross-dataset integrity: the tables agree with each other and with their retrieval date.

Each test names the rows that break its rule, so the data can be fixed by hand. The rules:
every code resolves; who hosted, led, contributed or ratified was an ally on that date;
ratifications fall between the protocols' signature and the candidate's accession; UDCG meetings
are numbered in date order; spending rows are for allies, one per ally, year and edition; no
fact is dated after the data were retrieved.
"""

from __future__ import annotations

import pandas as pd
import pytest

from natokit.data import DATASETS, EXTRA_CODES, load

# The day the sourced tables were gathered (data/README.md, "retrieved" column).
RETRIEVED = pd.Timestamp("2026-11-28")


def lines(frame: pd.DataFrame) -> list[int]:
    """File line numbers of rows (line 1 is the header; no shipped cell spans lines)."""
    return [int(i) + 2 for i in frame.index]


@pytest.fixture(scope="module")
def accession() -> dict[str, pd.Timestamp]:
    members = load("members")
    return dict(zip(members["iso3"], members["accession_date"], strict=True))


def not_allies(frame, code_column, date_column, accession):
    """Rows whose ``code_column`` was not an ally on ``date_column``."""
    joined = frame[code_column].map(accession)
    bad = frame[joined.isna() | (joined > frame[date_column])]
    return [
        f"line {line}: {row[code_column]} on {row[date_column]:%Y-%m-%d}"
        for line, (_, row) in zip(lines(bad), bad.iterrows(), strict=True)
    ]


@pytest.mark.parametrize(
    "name", sorted(n for n in DATASETS if any(c.kind == "iso3" for c in DATASETS[n].columns))
)
def test_every_code_resolves_to_a_country(name):
    names = dict(zip(load("countries")["iso3"], load("countries")["name"], strict=True))
    names.update(EXTRA_CODES)
    table = load(name)
    unresolved = [
        f"{column.name}={code}"
        for column in DATASETS[name].columns
        if column.kind == "iso3"
        for code in table[column.name]
        if code and code not in names
    ]
    assert not unresolved, f"{DATASETS[name].filename}: {unresolved}"


def test_battlegroup_hosts_and_framework_nations_were_allies(accession):
    groups = load("battlegroups")
    bad = not_allies(groups, "host_iso3", "framework_from", accession)
    bad += not_allies(groups, "framework_iso3", "framework_from", accession)
    assert not bad, f"battlegroups.csv, not an ally then: {bad}"


def test_air_policing_hosts_and_contributors_were_allies(accession):
    policing = load("air_policing")
    bad = not_allies(policing, "host_iso3", "start", accession)
    bad += not_allies(policing, "contributor_iso3", "start", accession)
    assert not bad, f"air_policing.csv, not an ally then: {bad}"


def test_ratifying_states_were_allies(accession):
    bad = not_allies(load("ratifications"), "iso3", "completed_on", accession)
    assert not bad, f"ratifications.csv, not an ally then: {bad}"


def test_ratifications_fall_between_signature_and_accession(accession):
    events = load("events")
    signed = events[
        events["title"].str.contains("protocol", case=False)
        & events["title"].str.contains("signed", case=False)
    ]
    assert len(signed) == 1, "events.csv needs one row for the signature of the protocols"
    signature = signed["date"].iloc[0]
    table = load("ratifications")
    until = table["candidate_iso3"].map(accession)
    outside = table[(table["completed_on"] < signature) | (table["completed_on"] > until)]
    bad = [
        f"line {line}: {row.iso3} for {row.candidate_iso3} on {row.completed_on:%Y-%m-%d}"
        for line, row in zip(lines(outside), outside.itertuples(), strict=True)
    ]
    assert not bad, f"ratifications.csv, outside {signature:%Y-%m-%d}..accession: {bad}"


def test_the_signature_is_the_fifth_of_july_2022():
    # NATO, "Relations with Finland"/"Sweden" (topics_49212): protocols signed 5 July 2022.
    events = load("events")
    signed = events[events["title"].str.contains("protocols", case=False)]
    assert pd.Timestamp("2022-07-05") in set(signed["date"])


def test_udcg_meetings_are_numbered_in_date_order():
    meetings = load("udcg_meetings").sort_values("number")
    later = meetings["date"].diff().dt.days.iloc[1:]
    wrong = meetings.iloc[1:][later.to_numpy() <= 0]
    bad = [
        f"line {line}: no. {row.number} on {row.date:%Y-%m-%d}"
        for line, row in zip(lines(wrong), wrong.itertuples(), strict=True)
    ]
    assert not bad, f"udcg_meetings.csv, not after the meeting numbered before it: {bad}"


def test_spending_rows_are_for_allies_at_the_edition(accession):
    bad = not_allies(load("defence_spending"), "iso3", "edition", accession)
    assert not bad, f"defence_spending.csv, not an ally at the edition: {bad}"


def test_spending_has_one_row_per_ally_year_and_edition():
    spending = load("defence_spending")
    counts = spending.groupby(["iso3", "year", "edition"]).size()
    assert (counts == 1).all(), counts[counts > 1]


def test_spending_years_do_not_come_after_their_edition():
    spending = load("defence_spending")
    wrong = spending[spending["year"] > spending["edition"].dt.year]
    assert wrong.empty, f"defence_spending.csv lines {lines(wrong)}"


@pytest.mark.parametrize(
    "name", sorted(n for n in DATASETS if any(c.kind == "date" for c in DATASETS[n].columns))
)
def test_no_fact_is_dated_after_the_retrieval_date(name):
    table = load(name)
    bad = [
        f"line {line}, {column.name}={day:%Y-%m-%d}"
        for column in DATASETS[name].columns
        if column.kind == "date"
        for line, day in zip(lines(table), table[column.name], strict=True)
        if pd.notna(day) and day > RETRIEVED
    ]
    assert not bad, f"{DATASETS[name].filename}: {bad}"
