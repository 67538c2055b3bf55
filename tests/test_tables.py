"""Readable tables print names, dates at their known precision, and flag unconfirmed rows."""

import pandas as pd
import pytest

import natokit
from natokit import charts, tables


def test_rotation_events_keep_precision_and_sources():
    ap = natokit.load("air_policing")
    dutch = ap[ap["contributor_iso3"] == "NLD"]
    events = tables.rotation_events(dutch)
    assert list(events.columns) == ["date", "title", "date_precision", "source"]
    assert len(events) == len(dutch)
    assert events["date"].is_monotonic_increasing
    bulgaria = events[events["title"].str.contains("Graf Ignatievo")].iloc[0]
    assert bulgaria["date"] == pd.Timestamp("2022-04-06")
    assert bulgaria["title"] == "F-35A ×4 at Graf Ignatievo (enhanced Air Policing)"
    assert events.iloc[0]["date_precision"] == "year"  # the 2005 rotation: year only


def test_rotation_timeline_shows_dates_at_their_precision():
    ap = natokit.load("air_policing")
    events = tables.rotation_events(ap[ap["contributor_iso3"] == "NLD"])
    view = charts.timeline(events, "Dutch rotations", "Source: test")
    labels = [t.get_text() for t in view.figure.axes[0].texts]
    assert labels[0].startswith("2005  F-16")  # year precision: no invented day or month
    assert any(label.startswith("06 Apr 2022  F-35A ×4 at Graf Ignatievo") for label in labels)
    # Each label is dated no more precisely than its row: "06 Apr 2022", "Feb 2023", "2005".
    shown = {"day": "{d.day:02d} {d:%b} {d.year}", "month": "{d:%b} {d.year}", "year": "{d.year}"}
    for label, date, precision in zip(
        labels, events["date"], events["date_precision"], strict=True
    ):
        assert label.startswith(shown[precision].format(d=date) + "  ")
    assert "from 2005 to" in view.alt


def test_deployments_table_marks_open_ends_and_unconfirmed_rows():
    ap = natokit.load("air_policing")
    table = tables.deployments(ap)
    assert list(table.columns) == [
        "base",
        "contributor",
        "aircraft",
        "count",
        "start",
        "end",
        "confirmed",
    ]
    assert (table["end"] == "end not in the data").sum() == ap["end"].isna().sum()
    edited = ap.copy()
    edited.loc[edited.index[0], "confirmed"] = False
    assert tables.deployments(edited)["confirmed"].iloc[0] == "UNCONFIRMED"
    assert table["start"].iloc[0] == "2005"  # year precision


def test_battlegroup_table_names_and_open_ends():
    bg = natokit.load("battlegroups")
    table = tables.battlegroups(bg)
    assert len(table) == len(bg)
    assert (table["to"] == "(open)").sum() == bg["framework_to"].isna().sum()
    assert set(table["host"].str.replace(" [unconfirmed]", "", regex=False)) >= {
        "Estonia",
        "Slovakia",
    }


def test_format_date_refuses_unknown_precision():
    with pytest.raises(ValueError, match="precision must be one of day, month, year"):
        tables.format_date("2022-01-01", "week")


def test_bases_summarise_each_base_once():
    ap = natokit.load("air_policing")
    summary = tables.bases(ap).set_index("base")
    assert sorted(summary.index) == sorted(ap["base"].unique())
    for base, rows in ap.groupby("base"):
        assert summary.loc[base, "contributors"].split(", ") == list(
            dict.fromkeys(rows["contributor_iso3"])
        )
        assert len(summary.loc[base, "years"].split(", ")) == len(rows)
    assert summary.loc["Mihail Kogălniceanu", "missions"] == "enhanced Air Policing"


def test_an_unknown_count_is_written_unknown_never_blank():
    ap = natokit.load("air_policing")
    edited = ap.iloc[:3].copy()
    edited["aircraft_count"] = pd.array([pd.NA, 4, pd.NA], dtype="Int64")
    counts = tables.deployments(edited)["count"].tolist()
    assert counts == ["unknown", "4", "unknown"]
    table = tables.deployments(ap)
    assert (table["count"] == "unknown").sum() == ap["aircraft_count"].isna().sum()
    assert not (table["count"].str.strip() == "").any()


def test_names_come_from_the_one_lookup_for_every_code():
    ap = natokit.load("air_policing")
    table = tables.deployments(ap)
    members = natokit.load("members").set_index("iso3")["name"]
    assert table["contributor"].tolist() == [members[c] for c in ap["contributor_iso3"]]


def test_format_date_refuses_a_bare_year():
    with pytest.raises(ValueError, match="is not a date"):
        tables.format_date(2005, "year")


def test_battlegroup_table_marks_unconfirmed_rows_and_approximate_places():
    # Two hand-made rows that differ only in the two flags: the marks follow the flags.
    rows = natokit.load("battlegroups").head(2).copy()
    rows["confirmed"] = [True, False]
    rows["coords_confirmed"] = [True, False]
    table = tables.battlegroups(rows)
    assert list(table.columns) == ["host", "framework nation", "from", "to", "location"]
    assert not table.loc[0, "host"].endswith("[unconfirmed]")
    assert table.loc[1, "host"].endswith(" [unconfirmed]")
    assert not table.loc[0, "location"].endswith("]")
    assert table.loc[1, "location"].endswith(" [approx. coordinates]")


def test_deployment_table_says_unconfirmed_in_words():
    rows = natokit.load("air_policing").head(2).copy()
    rows["confirmed"] = [True, False]
    assert list(tables.deployments(rows)["confirmed"]) == ["yes", "UNCONFIRMED"]
