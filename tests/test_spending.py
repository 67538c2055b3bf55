"""natokit.spending: checked against the CSV read with the csv module and counted by hand."""

from __future__ import annotations

import ast
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import spending_rows

from natokit import spending

ROOT = Path(__file__).resolve().parents[1]
PROPS = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


RAW = spending_rows()
EDITION_KEYS = sorted({r["edition"] for r in RAW})
YEARS_BY_EDITION = {e: sorted({r["year"] for r in RAW if r["edition"] == e}) for e in EDITION_KEYS}
ALL_YEARS = sorted({r["year"] for r in RAW})
CODES = sorted({r["iso3"] for r in RAW})
PAIRS = [(e, y) for e in EDITION_KEYS for y in YEARS_BY_EDITION[e]]


def _published_counts() -> dict[tuple[str, int], int]:
    """The published counts of allies at >= 2%, as tests/test_data.py asserts them.

    Read from that test's source (one place holds the published numbers), so a count added
    or corrected there is checked here too.
    """
    tree = ast.parse((ROOT / "tests" / "test_data.py").read_text(encoding="utf-8"))
    counts = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.FunctionDef) and "published_counts" in node.name):
            continue
        for check in ast.walk(node):
            if (
                isinstance(check, ast.Compare)
                and isinstance(check.left, ast.Call)
                and getattr(check.left.func, "id", "") == "count"
                and isinstance(check.ops[0], ast.Eq)
            ):
                edition, year = (a.value for a in check.left.args)
                counts[(edition, year)] = check.comparators[0].value
    return counts


# -- editions -------------------------------------------------------------------------------


def test_editions_are_named_as_nato_names_them():
    # The titles of the four publications, as data/README.md lists them.
    assert [(e.key, e.name) for e in spending.editions()] == [
        ("2022-06-27", "June 2022 edition (2014-2022)"),
        ("2023-07-07", "July 2023 edition (2014-2023)"),
        ("2024-06-17", "June 2024 edition (2014-2024)"),
        ("2025-08-28", "August 2025 edition (2014-2025)"),
    ]
    for e in spending.editions():
        assert e.years == tuple(YEARS_BY_EDITION[e.key])
        assert e.allies == len({r["iso3"] for r in RAW if r["edition"] == e.key})
        assert e.title == f"Defence Expenditure of NATO Countries ({e.covers[0]}-{e.covers[1]})"
        assert e.published == pd.Timestamp(e.key)


def test_an_edition_is_found_by_date_or_name_and_anything_else_is_refused():
    assert spending.edition("July 2023 edition (2014-2023)").key == "2023-07-07"
    assert spending.edition("2024-06-17").name == "June 2024 edition (2014-2024)"
    for bad in ("2021-06-14", "June 2022", None, 2022, float("nan"), ["2022-06-27"]):
        with pytest.raises(ValueError, match="the table has: 2022-06-27 .*2025-08-28"):
            spending.edition(bad)


# -- share ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("edition", "year"), PAIRS)
def test_share_is_the_csv_rows_of_that_edition_and_year_highest_first(edition, year):
    expected = [r for r in RAW if r["edition"] == edition and r["year"] == year]
    table = spending.share(edition, year)
    assert sorted(
        zip(table["iso3"], table["pct_gdp"], table["estimate"], table["confirmed"], strict=True)
    ) == (sorted((r["iso3"], r["pct"], r["estimate"], r["confirmed"]) for r in expected))
    assert list(table["pct_gdp"]) == sorted((r["pct"] for r in expected), reverse=True)
    assert list(table["at_or_above"]) == [p >= 2.0 for p in table["pct_gdp"]]


def test_share_of_june_2022_flags_the_three_unconfirmed_values():
    table = spending.share("2022-06-27", 2022).set_index("iso3")
    assert sorted(table.index[~table["confirmed"]]) == ["MKD", "MNE", "NLD"]
    assert table.loc["NLD", "pct_gdp"] == 1.65 and bool(table.loc["NLD", "estimate"])
    assert table.loc["NLD", "name"] == "Netherlands"


def test_share_refuses_unknown_editions_and_years_outside_the_edition_by_listing_them():
    with pytest.raises(ValueError, match="Unknown edition '2020-01-01'; the table has: 2022-06-27"):
        spending.share("2020-01-01", 2020)
    with pytest.raises(ValueError, match="Year 2022 is not in the July 2023 edition .* 2014, 2023"):
        spending.share("2023-07-07", 2022)
    for bad in (float("nan"), 2022.0, "2022", None, True, np.array([2022]), 2022.5):
        with pytest.raises(ValueError, match="Year must be a whole number"):
            spending.share("2025-08-28", bad)
    # A numpy integer is a whole number and is accepted.
    assert len(spending.share("2025-08-28", np.int64(2020))) == 31


# -- counts ---------------------------------------------------------------------------------


def test_counts_at_two_percent_match_the_published_counts_in_test_data():
    published = _published_counts()
    assert len(published) >= 6, "the published counts in tests/test_data.py were not found"
    counts = spending.count_at_or_above().set_index(["edition", "year"])["count"]
    for key, expected in published.items():
        assert counts.loc[key] == expected, key


def test_counts_match_a_hand_count_for_every_edition_year_and_threshold():
    for threshold in (2.0, 1.5, 3.0):
        table = spending.count_at_or_above(threshold)
        assert list(zip(table["edition"], table["year"], strict=True)) == PAIRS
        for row in table.itertuples():
            rows = [r for r in RAW if r["edition"] == row.edition and r["year"] == row.year]
            assert row.count == sum(r["pct"] >= threshold for r in rows)
            assert row.allies == len(rows)
            assert row.estimate == all(r["estimate"] for r in rows)
            assert row.unconfirmed == sum(not r["confirmed"] for r in rows)
    # The June 2022 edition: counted out of the 15 allies the kit has, and it says so.
    june = spending.count_at_or_above().set_index(["edition", "year"]).loc[("2022-06-27", 2022)]
    assert (june["allies"], june["unconfirmed"]) == (15, 3)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1, 101, "2", None, True])
def test_counts_refuse_a_threshold_that_is_not_a_percentage(bad):
    with pytest.raises(ValueError, match="threshold must be a number of per cent from 0 to 100"):
        spending.count_at_or_above(bad)


# -- revisions ------------------------------------------------------------------------------


def _by_edition(year: int) -> dict[str, dict[str, float]]:
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for r in RAW:
        if r["year"] == year:
            values[r["iso3"]][r["edition"]] = r["pct"]
    return values


@pytest.mark.parametrize("year", ALL_YEARS)
def test_revisions_give_each_ally_year_in_every_edition_and_the_change(year):
    values = _by_edition(year)
    result = spending.revisions(year)
    table = result.table.set_index("iso3")
    assert sorted(table.index) == sorted(values)
    for code, by_edition in values.items():
        for key in EDITION_KEYS:
            cell = table.loc[code, key] if key in table.columns else float("nan")
            assert (cell == by_edition[key]) if key in by_edition else math.isnan(cell)
        ordered = [by_edition[k] for k in EDITION_KEYS if k in by_edition]
        change = table.loc[code, "change"]
        if len(ordered) >= 2:
            assert change == pytest.approx(ordered[-1] - ordered[0], abs=1e-9)
        else:
            assert math.isnan(change)
    moves = {code: round(e[max(e)] - e[min(e)], 2) for code, e in values.items() if len(e) >= 2}
    if not moves:
        assert result.largest is None
        return
    size = max(abs(v) for v in moves.values())
    first = min(code for code, v in moves.items() if abs(v) == size)
    largest = result.largest
    assert (largest.iso3, largest.change) == (first, moves[first])
    assert largest.earliest_edition == min(values[first])
    assert largest.latest_edition == max(values[first])
    assert largest.latest_pct - largest.earliest_pct == pytest.approx(largest.change, abs=1e-9)


def test_the_largest_revision_of_2023_is_romania():
    # July 2023 edition: 2.44 (estimate); August 2025 edition: 1.60 (data/defence_spending.csv).
    largest = spending.revisions(2023).largest
    assert (largest.iso3, largest.earliest_pct, largest.latest_pct) == ("ROU", 2.44, 1.6)
    assert largest.change == -0.84


@pytest.mark.parametrize("bad", [2013, 2026, float("nan"), "2023", None, 2023.0])
def test_revisions_refuse_years_outside_the_data(bad):
    with pytest.raises(ValueError, match="Year"):
        spending.revisions(bad)


# -- path -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["NLD", "USA", "CAN", "MNE", "FIN"])
def test_path_is_every_row_of_one_ally_by_edition_and_year(code):
    expected = sorted(
        (r["edition"], r["year"], r["pct"], r["estimate"], r["confirmed"])
        for r in RAW
        if r["iso3"] == code
    )
    rows = spending.path(code)
    assert (
        list(
            zip(
                rows["edition"],
                rows["year"],
                rows["pct_gdp"],
                rows["estimate"],
                rows["confirmed"],
                strict=True,
            )
        )
        == expected
    )
    names = {e.key: e.name for e in spending.editions()}
    assert list(rows["edition_name"]) == [names[k] for k in rows["edition"]]


@pytest.mark.parametrize("bad", ["nld", "Netherlands", "ISL", "RUS", None, float("nan"), ["NLD"]])
def test_path_refuses_codes_without_rows_and_lists_the_codes(bad):
    with pytest.raises(ValueError, match="No spending figures for .*use an ISO3 code .*NLD"):
        spending.path(bad)


def test_allies_are_the_codes_in_the_csv():
    assert spending.allies() == CODES


# -- properties -----------------------------------------------------------------------------

wild = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(ALL_YEARS + EDITION_KEYS + CODES),
)


@PROPS
@given(edition=st.one_of(st.sampled_from(EDITION_KEYS), wild), year=wild)
def test_share_either_answers_from_the_csv_or_says_what_exists(edition, year):
    try:
        table = spending.share(edition, year)
    except ValueError as error:
        assert "the table has" in str(error) or "Year" in str(error)
        valid = (
            edition in EDITION_KEYS
            and isinstance(year, int)
            and not isinstance(year, bool)
            and year in YEARS_BY_EDITION[edition]
        )
        assert not valid
        return
    rows = [r for r in RAW if r["edition"] == edition and r["year"] == year]
    assert len(table) == len(rows) > 0


@PROPS
@given(threshold=st.floats(min_value=0, max_value=100), other=st.floats(min_value=0, max_value=100))
def test_counts_never_grow_with_the_threshold(threshold, other):
    low, high = sorted((threshold, other))
    at_low = spending.count_at_or_above(low)["count"].to_numpy()
    at_high = spending.count_at_or_above(high)["count"].to_numpy()
    assert (at_high <= at_low).all()
    hand = [
        sum(r["pct"] >= high for r in RAW if (r["edition"], r["year"]) == pair) for pair in PAIRS
    ]
    assert list(at_high) == hand


@PROPS
@given(threshold=wild)
def test_counts_refuse_or_answer_any_threshold(threshold):
    try:
        table = spending.count_at_or_above(threshold)
    except ValueError as error:
        assert "threshold must be" in str(error)
        return
    assert 0 <= float(threshold) <= 100 and not isinstance(threshold, bool)
    assert len(table) == len(PAIRS)


@PROPS
@given(year=wild)
def test_revisions_refuse_or_answer_any_year(year):
    try:
        result = spending.revisions(year)
    except ValueError as error:
        assert "Year" in str(error)
        assert not (isinstance(year, int) and not isinstance(year, bool) and year in ALL_YEARS)
        return
    assert result.year == year
    assert set(result.table["iso3"]) == set(_by_edition(year))


@PROPS
@given(code=wild)
def test_path_refuses_or_answers_any_code(code):
    try:
        rows = spending.path(code)
    except ValueError as error:
        assert "No spending figures" in str(error)
        assert code not in CODES
        return
    assert len(rows) == sum(r["iso3"] == code for r in RAW)


def test_share_and_path_are_kept_per_data_version_and_callers_get_their_own_copy():
    first = spending.share("2025-08-28", 2020)
    first.loc[0, "pct_gdp"] = -1.0  # a caller changing its table changes no one else's
    again = spending.share("2025-08-28", 2020)
    assert again.loc[0, "pct_gdp"] > 0 and again is not first
    nld = spending.path("NLD")
    nld["pct_gdp"] = 0.0
    assert (spending.path("NLD")["pct_gdp"] > 0).all()
    # Bounded: one table per (edition, year) and one per ally, for at most two data versions.
    assert set(spending._shares(spending.fingerprint("defence_spending"))) == set(PAIRS)
    assert set(spending._paths(spending.fingerprint("defence_spending"))) == set(CODES)
    assert spending._shares.cache_info().maxsize == spending._paths.cache_info().maxsize == 2


def test_a_changed_data_file_is_not_answered_from_the_kept_tables(monkeypatch):
    before = spending.share("2025-08-28", 2020)
    changed = spending._table().copy()
    at = (changed["iso3"] == "NLD") & (changed["year"] == 2020)
    changed.loc[at, "pct_gdp"] = 9.99
    # Another version of the file: a new fingerprint, and the table it gives.
    monkeypatch.setattr(spending, "_table", lambda: changed)
    monkeypatch.setattr(spending, "fingerprint", lambda name: ("edited", name))
    after = spending.share("2025-08-28", 2020).set_index("iso3")
    assert after.loc["NLD", "pct_gdp"] == 9.99
    assert before.set_index("iso3").loc["NLD", "pct_gdp"] != 9.99
