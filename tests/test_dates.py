"""natokit.dates: the one date parser of the library."""

import datetime

import numpy as np
import pandas as pd
import pytest

from natokit.dates import ISO_DATE, parse_date


@pytest.mark.parametrize(
    "value",
    [
        "2022-06-15",
        " 2022-06-15 ",  # typed input with stray spaces is still the same day
        datetime.date(2022, 6, 15),
        datetime.datetime(2022, 6, 15, 18, 30),  # the time of day is dropped
        np.datetime64("2022-06-15"),
        pd.Timestamp("2022-06-15 23:59"),
        pd.Timestamp("2022-06-15 10:00", tz="Europe/Brussels"),
    ],
)
def test_accepted_forms_give_midnight_of_the_day(value):
    assert parse_date(value) == pd.Timestamp(2022, 6, 15)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (2004, "for a whole year, use '2004-12-31'"),  # pd.Timestamp(2004) would be 1970 + 2004 ns
        (np.int64(2004), "for a whole year"),
        (2004.0, "is not a date"),
        (True, "is not a date"),
        (None, "is missing"),
        (float("nan"), "is missing"),
        (pd.NaT, "is missing"),
        ("2022-6-15", "is not a date"),
        ("15/06/2022", "is not a date"),
        ("2022-06-15T00:00", "is not a date"),
        ("2022-02-30", "is not a date"),
        ("２０２２-06-15", "is not a date"),  # full-width digits are not ASCII digits
        ("2022-06-15\n2023", "is not a date"),
        ([2022, 6, 15], "is not a date"),
    ],
)
def test_everything_else_is_refused_with_the_form_to_use(value, fragment):
    with pytest.raises(ValueError) as info:
        parse_date(value)
    assert fragment in str(info.value)
    assert "YYYY-MM-DD" in str(info.value)


def test_the_message_names_what_the_date_is():
    with pytest.raises(ValueError, match="The meeting date is missing"):
        parse_date(None, what="meeting date")


@pytest.mark.parametrize(
    ("text", "matches"),
    [("2022-06-15", True), ("2022-06-15\n", False), ("2022-06-150", False), ("x2022-06-15", False)],
)
def test_iso_date_pattern_is_anchored_at_both_ends(text, matches):
    assert bool(ISO_DATE.match(text)) is matches
