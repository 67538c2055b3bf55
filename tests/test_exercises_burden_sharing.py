"""Notebook 03's exercises accept right answers and refuse wrong ones and wrong types.

Expected values come from the sources: the defence-spending CSV read with the csv module
(tests/reference.py), the commitments CSV read the same way, the letter's text and NATO's
texts as data/references.csv quotes them; never from the code under test.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from reference import spending_rows

from natokit import letter, spending
from natokit.exercises import burden_sharing

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_burden_sharing.ipynb"
RAW = spending_rows()


def _commitment_rows() -> dict[str, dict[str, str]]:
    with open(ROOT / "data" / "commitments.csv", newline="", encoding="utf-8") as handle:
        return {r["key"]: r for r in csv.DictReader(handle)}


def _count(edition: str, year: int) -> int:
    return sum(1 for r in RAW if r["edition"] == edition and r["year"] == year and r["pct"] >= 2)


# -- the data behind the exercises ----------------------------------------------------------------


def test_commitments_are_the_rows_of_the_csv_with_their_types():
    rows = _commitment_rows()
    table = spending.commitments().set_index("key")
    assert sorted(table.index) == sorted(rows)
    for key, row in rows.items():
        assert table.loc[key, "pct"] == float(row["pct"])
        assert bool(table.loc[key, "floor"]) == (row["floor"] == "true")
        year = table.loc[key, "target_year"]
        assert (str(int(year)) if not _missing(year) else "") == row["target_year"]
        assert table.loc[key, "source"].strip()


def _missing(value) -> bool:
    try:
        return bool(value is None or math.isnan(value))
    except TypeError:
        return value is None or str(value) == "<NA>"


def test_the_hague_parts_add_up_to_the_commitment_and_its_target_is_2035():
    # The Hague Summit Declaration, 25 June 2025: 5% by 2035, at least 3.5% core, up to 1.5%.
    rows = _commitment_rows()
    parts = [r for r in rows.values() if r["part_of"] == "hague2025"]
    assert sorted(float(r["pct"]) for r in parts) == [1.5, 3.5]
    assert rows["hague2025"]["pct"] == "5" and rows["hague2025"]["target_year"] == "2035"
    assert rows["hague2025_core"]["floor"] == "true"
    assert rows["vilnius2023"]["floor"] == "true" and rows["vilnius2023"]["target_year"] == ""
    assert all(rows[r["part_of"]] for r in rows.values() if r["part_of"])


def test_the_largest_revision_over_all_years_is_found_by_hand():
    moves = {}
    for r in RAW:
        moves.setdefault((r["year"], r["iso3"]), {})[r["edition"]] = r["pct"]
    changes = {key: round(e[max(e)] - e[min(e)], 2) for key, e in moves.items() if len(e) >= 2}
    size = max(abs(v) for v in changes.values())
    year, code = min(k for k, v in changes.items() if abs(v) == size)
    found = spending.largest_revision()
    assert (found.year, found.iso3, found.change) == (year, code, changes[(year, code)])
    assert (year, code) == (2023, "ROU")  # 2.44 (July 2023, estimate) -> 1.60 (August 2025)


# -- tables ---------------------------------------------------------------------------------------


def test_counts_table_has_every_edition_and_year_with_hand_counts():
    table = burden_sharing.counts_table()
    for edition in spending.editions():
        years = {r["year"] for r in RAW if r["edition"] == edition.key}
        for year in table.index:
            cell = table.loc[year, edition.name]
            if year in years:
                assert cell.startswith(f"{_count(edition.key, year)} of "), (edition.key, year)
            else:
                assert cell == ""
    assert table.loc[2014, "August 2025 edition (2014-2025)"] == "3 of 31"  # GR, UK, US


def test_nld_by_edition_is_the_csv_from_2022_on():
    expected = sorted(
        (r["year"], r["edition"], r["pct"]) for r in RAW if r["iso3"] == "NLD" and r["year"] >= 2022
    )
    rows = burden_sharing.nld_by_edition()
    assert [(y, p) for y, _, p in expected] == list(zip(rows["year"], rows["pct_gdp"], strict=True))
    assert list(rows["at_or_above"]) == [p >= 2 for _, _, p in expected]


def test_nld_summary_flags_the_unconfirmed_2022_estimate_and_the_missing_2025():
    text = burden_sharing.nld_summary()
    first = text.splitlines()[0]
    assert first.startswith("2022  June 2022 edition") and "1.65%" in first
    assert "NOT confirmed" in first
    assert "No value in the kit for: 2025" in text


def test_pledges_text_names_each_summit_and_says_at_least_and_up_to():
    text = burden_sharing.pledges_text()
    assert "Wales, 5 September 2014: 2% of GDP, by 2024" in text
    assert "Vilnius, 11 July 2023: at least 2% of GDP, every year" in text
    assert "part: at least 3.5% of GDP, by 2035" in text
    assert "part: up to 1.5% of GDP, by 2035" in text


def test_positions_quote_the_letter_and_say_where_it_is_silent():
    text = " ".join(burden_sharing.positions_text(width=60).split())
    assert "Nederland onderstreept het belang van een eerlijke lastenverdeling" in text
    assert text.count("the letter states no Dutch position") == 2


# -- self-checks ----------------------------------------------------------------------------------


def _iso3_at(edition: str, year: int, at_or_above: bool) -> set[str]:
    rows = [r for r in RAW if r["edition"] == edition and r["year"] == year]
    return {r["iso3"] for r in rows if (r["pct"] >= 2) == at_or_above}


def test_wales_decade_counts_the_allies_that_moved_to_two_percent():
    q = burden_sharing.wales_decade()
    reached = _iso3_at("2025-08-28", 2014, False) & _iso3_at("2025-08-28", 2024, True)
    assert q.check(len(reached)).correct
    # By hand from the August 2025 edition: 18 allies at 2% in 2024 (estimates), all three of
    # 2014's (United States, Greece, United Kingdom) among them, so 15 moved up.
    assert q.check("15 allies").correct
    assert not q.check(18).correct  # every ally at 2% in 2024, not only those that moved
    assert not q.check(3).correct
    assert not q.check("fifteen").correct
    assert not q.check(None).correct
    assert not q.check(float("nan")).correct
    assert "15" not in q.question and "15" not in q.hint


def test_wales_decade_in_another_edition():
    q = burden_sharing.wales_decade("2024-06-17")
    reached = _iso3_at("2024-06-17", 2014, False) & _iso3_at("2024-06-17", 2024, True)
    assert q.check(len(reached)).correct and len(reached) > 0


def test_wales_equipment_is_a_share_of_defence_expenditure():
    q = burden_sharing.wales_equipment()
    assert q.check("b").correct
    assert "defence expenditure" in q.answer and "20%" in q.answer
    assert not q.check("a").correct  # 20% of GDP
    assert not q.check(20).correct
    assert not q.check(None).correct


def test_common_funding_is_the_nsip_option():
    q = burden_sharing.common_funding()
    assert q.check("c").correct
    assert "NATO Security Investment Programme" in q.answer
    for wrong in ("a", "b", "d"):
        feedback = q.check(wrong)
        assert not feedback.correct and "Security Investment" not in feedback.message
    assert not q.check(["c"]).correct


def test_largest_revision_ally_accepts_romania_with_or_without_the_year():
    q = burden_sharing.largest_revision_ally()
    for form in ("Romania", "romania", "Romania, 2023", "Romania (2023)", "ROU", "Romania in 2023"):
        assert q.check(form).correct, form
    assert not q.check("Montenegro").correct  # the largest revision of 2022 only
    assert not q.check("Romania, 2022").correct
    assert not q.check(2023).correct
    assert "Romania" not in q.question + q.hint


# -- analytic tasks -------------------------------------------------------------------------------

EXPECTED_SORT = {  # by hand, from the letter (p06, p07)
    "De ministers van Defensie buigen": burden_sharing.AGENDA,
    "De SG NAVO zal een rapport": burden_sharing.AGENDA,
    "Dit rapport zal vervolgens": burden_sharing.AGENDA,
    "Nederland onderstreept": burden_sharing.DUTCH,
    "Nederland voldoet in 2024": burden_sharing.CLAIM,
    "De structurele verhoging": burden_sharing.CLAIM,
    "Na 2025 komt Nederland": burden_sharing.CLAIM,
    "Dit gedeelte van de werksessie": burden_sharing.AGENDA,
}


def test_letter_sort_right_wrong_and_wrong_types():
    task = burden_sharing.letter_sort()
    right = {
        key: cat
        for key, text in task.items.items()
        for start, cat in EXPECTED_SORT.items()
        if text.startswith(start)
    }
    assert len(right) == 8
    for text in task.items.values():
        assert text in letter.quote("p06").text_nl or text in letter.quote("p07").text_nl
    assert task.check(right).correct
    letters = dict(zip(task.categories, "abc", strict=True))
    assert task.check({k: letters[c] for k, c in right.items()}).correct
    wrong = dict(right)
    key = next(k for k in wrong if task.items[k].startswith("Nederland voldoet"))
    wrong[key] = burden_sharing.DUTCH  # the classic mistake: 'Nederland' as the subject
    feedback = task.check(wrong)
    assert not feedback.correct and burden_sharing.CLAIM not in feedback.message
    assert not task.check(None).correct
    assert not task.check("a").correct


def test_nld_claim_task_quotes_the_editions_values():
    task = burden_sharing.nld_claim_task()
    # NL 2024: 2.05 (June 2024 edition), 2.00 (August 2025 edition); no 2025 value in the kit
    for text in ("2.05%", "2.00%", "June 2024 edition", "August 2025 edition", "no figure"):
        assert text in task.model_answer, text
    assert 3 <= len(task.rubric) <= 5


def test_revision_task_names_romania_2023_and_both_values():
    task = burden_sharing.revision_task()
    for text in ("Romania 2023", "2.44%", "1.60%", "-0.84", "estimate"):
        assert text in task.model_answer, text
    assert 3 <= len(task.rubric) <= 5


def test_references_and_glossary_terms_exist():
    import natokit

    keys = set(natokit.load("references")["key"])
    assert set(burden_sharing.REFERENCES) <= keys
    terms = set(natokit.load("glossary")["term"])
    assert set(burden_sharing.GLOSSARY_TERMS) <= terms


# -- notebook 03's own details (the rules for every notebook: test_notebook_anatomy.py) ------------


@pytest.fixture(scope="module")
def nb():
    if not NOTEBOOK.exists():
        pytest.skip("notebook 03 not written yet")
    return nbformat.read(NOTEBOOK, as_version=4)


def test_each_exercise_is_its_own_subslide_with_a_widget_a_check_and_a_solution(nb):
    cells = nb.cells
    starts = [i for i, c in enumerate(cells) if re.match(r"### (Exercise|Task) \d", c.source)]
    assert len(starts) >= 6
    for i in starts:
        assert cells[i].metadata["slideshow"]["slide_type"] == "subslide"
        widget, check = cells[i + 1 : i + 3]
        assert widget.source.startswith("# NBVAL_IGNORE_OUTPUT")
        assert "answer = None" in check.source and ".check(answer)" in check.source


def test_the_letter_paragraphs_p06_and_p07_are_quoted(nb):
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert 'letter.quote("p06")' in code and 'letter.quote("p07")' in code


def test_every_printed_spending_number_names_its_edition(nb):
    # A cell that prints a percentage with two decimals names an edition in the same output.
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(
            output.get("text", "") or json.dumps(output.get("data", {}).get("text/plain", ""))
            for output in cell.get("outputs", [])
        )
        if re.search(r"\b\d\.\d\d%", text):
            assert "edition" in text, text[:300]


def test_the_transcription_caveat_is_said(nb):
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "transcription" in text and "confirmed" in text
