"""Notebook 00's exercises accept right answers, refuse wrong ones and wrong types, and its
helpers print what the sources say. Expected values come from the sources (the letter, NATO's
record of the meeting, the NATO PA ratification table), not from the code under test."""

import json
import math
import re
from pathlib import Path

import nbformat
import pytest

import natokit
from natokit import letter
from natokit.exercises import start_here


def test_founders():
    q = start_here.founders()
    assert q.check(12).correct  # the twelve signatories of 4 April 1949
    assert not q.check(10).correct
    assert not q.check("twelve").correct
    assert not q.check(float("nan")).correct
    assert not q.check(math.inf).correct


def test_f35_count():
    q = start_here.f35_count()
    assert q.check("4").correct  # 'vier F-35 jachtvliegtuigen' (letter, p03)
    assert not q.check(2).correct
    assert not q.check(None).correct


def test_second_session_partners():
    q = start_here.second_session_partners()
    assert q.check("Moldova").correct  # p08 names the EU HR, Finland, Sweden, Georgia, Ukraine
    assert not q.check("Georgia").correct
    assert not q.check("Norway").correct


def test_udcg_date_accepts_reasonable_forms_of_15_june_2022():
    q = start_here.udcg_date()  # Austin convened the third UDCG at NATO HQ on 15 June 2022
    for form in ("2022-06-15", "15 June 2022", "June 15, 2022", "15 juni", "15-06-2022"):
        assert q.check(form).correct, form
    assert not q.check("2022-06-16").correct  # the letter's date of the meeting, not the UDCG's
    assert not q.check(3).correct  # a number is not a date


def test_udcg_date_hint_does_not_give_the_answer():
    q = start_here.udcg_date()
    text = q.question + " " + q.hint
    assert "15" not in text and "juni" not in text.lower()


def test_ministerial_has_the_two_days_nato_records():
    days = start_here.ministerial()
    assert [d.date().isoformat() for d in days["date"]] == ["2022-06-15", "2022-06-16"]
    assert days["source"].str.contains("nato.int").all()


def test_session_order_right_option_is_15_june():
    q = start_here.session_order()
    assert q.answer.startswith(
        "On the evening of 15 June"
    )  # opinions_196620: 'Tonight we will meet'
    assert q.check(q.answer).correct
    assert not q.check("On 16 June, after the Allies' own session").correct
    assert not q.check("The letter's date, 16 juni, is the only day").correct


def test_spring_2022_is_a_selection():
    rows = start_here.spring_2022()
    assert rows["date"].min().isoformat()[:10] == "2022-02-24"
    assert rows["date"].max().isoformat()[:10] == "2022-07-05"
    assert "Finland joins NATO" not in set(rows["title"])


def test_dutch_positions_quote_the_letter():
    table = start_here.dutch_positions()
    assert list(table["paragraph"]) == ["p04", "p05", "p06", "p09", "p11"]
    for pid, sentence in zip(table["paragraph"], table["dutch_position_nl"], strict=True):
        assert sentence in letter.quote(pid).text_nl
        assert "Nederland" in sentence


EXPECTED_SORT = {  # by hand, from the letter
    "SACEUR zal tijdens de werksessie": start_here.AGENDA,
    "Voor Nederland is het": start_here.DUTCH,
    "De Nederlandse inzet met vier F-35": start_here.PAST,
    "De SG NAVO zal een rapport": start_here.AGENDA,
    "Nederland onderstreept": start_here.DUTCH,
    "Daarnaast zullen de ministers": start_here.AGENDA,
    "Nederland zal zijn grote steun": start_here.DUTCH,
    "Op 23 mei vond de tweede": start_here.PAST,
}


def _by_hand(task):
    # keys are item numbers; each item reads "(pNN) sentence"
    return {
        key: cat
        for key, text in task.items.items()
        for start, cat in EXPECTED_SORT.items()
        if text.split(") ", 1)[1].startswith(start)
    }


def test_sentence_sort_right_and_wrong():
    task = start_here.sentence_sort()
    right = _by_hand(task)
    assert len(right) == 8
    assert task.check(right).correct
    letters = {start_here.AGENDA: "a", start_here.DUTCH: "b", start_here.PAST: "c"}
    assert task.check({int(k): letters[c] for k, c in right.items()}).correct  # numbers, letters
    wrong = dict(right)
    ended = next(k for k in wrong if "De Nederlandse inzet" in task.items[k])
    wrong[ended] = start_here.DUTCH  # the classic mistake: a Dutch subject
    feedback = task.check(wrong)
    assert not feedback.correct
    assert start_here.PAST not in feedback.message  # explains without naming the right category


def test_sentence_sort_refuses_wrong_types():
    task = start_here.sentence_sort()
    assert not task.check(None).correct
    assert not task.check("Dutch position").correct
    assert not task.check(42).correct


def test_claim_task_has_model_answer_and_rubric():
    task = start_here.claim_task()
    assert "15 and 16 June" in task.model_answer
    assert len(task.rubric) >= 3


def test_summit_city():
    q = start_here.summit_city()
    assert q.check("Madrid").correct
    assert q.check("Madrid, Spain").correct
    assert not q.check("Vilnius").correct
    assert not q.check(2022).correct


def test_ratification_rank_matches_nato_pa_table():
    r = start_here.ratification_rank()
    # NATO PA: CAN, ISL, NOR, DNK 5 Jul; EST, GBR 6 Jul; ALB 7 Jul; DEU 8 Jul; NLD, LUX 12 Jul
    assert r["date"].date().isoformat() == "2022-07-12"
    assert r["earlier"] == 8
    assert r["same_day"] == ["Luxembourg"]
    assert r["allies"] == 30


def test_ratification_rank_unknown_ally():
    with pytest.raises(ValueError, match="XXX"):
        start_here.ratification_rank("XXX")


def test_reference_list_numbers_and_refuses_unknown_keys():
    text = start_here.reference_list("nat1949", "madrid2022")
    assert text.startswith("[1] The North Atlantic Treaty")
    assert "\n[2] Madrid Summit Declaration" in text
    with pytest.raises(ValueError, match="nope"):
        start_here.reference_list("nope")


def test_ratification_summary_names_the_ally():
    text = start_here.ratification_summary()
    assert text.startswith("Netherlands: procedure completed on 12 July 2022")
    assert "8 of the other 29" in text


def test_positions_text_keeps_every_sentence():
    text = " ".join(start_here.positions_text(width=60).split())
    for sentence in start_here.dutch_positions()["dutch_position_nl"]:
        assert " ".join(sentence.split()) in text


# ---- notebook 00's own details (the rules for every notebook: test_notebook_anatomy.py) ------

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00_start_here.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_anatomy_is_in_order(nb):
    headings = [
        line.lstrip("#").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    wanted = [
        "What you will learn",
        "Time needed",
        "Prerequisites",
        "In the letter's own words",
        "NATO's agenda and the Dutch position",
        "Exercises",
        "Discussion questions for class",
        "Then and now",
        "Summary",
        "What's next",
        "References",
        "Data sources",
    ]
    positions = [headings.index(h) for h in wanted]
    assert positions == sorted(positions), headings


def test_each_exercise_is_its_own_subslide_with_a_widget_a_check_and_a_solution(nb):
    cells = nb.cells
    starts = [i for i, c in enumerate(cells) if c.source.startswith("**Exercise ")]
    assert len(starts) == 7
    for i in starts:
        assert cells[i].metadata["slideshow"]["slide_type"] == "subslide"
        widget, check, solution = cells[i + 1 : i + 4]
        assert widget.source.startswith("# NBVAL_IGNORE_OUTPUT")
        assert "answer = None" in check.source and ".check(answer)" in check.source
        assert solution.cell_type == "markdown" and solution.source.startswith("<details>")


def test_predict_first_is_not_answered_by_the_next_output(nb):
    cells = nb.cells
    prompts = [i for i, c in enumerate(cells) if "**Predict first.**" in c.source]
    assert len(prompts) == 2
    for i in prompts:
        following = next(c for c in cells[i + 1 :] if c.cell_type == "code")
        assert following.source.startswith("# NBVAL_IGNORE_OUTPUT")  # a question or explorer
        shown = json.dumps([o.get("data", {}).get("text/html", "") for o in following.outputs])
        assert "30 allies" not in shown and "Wed 15 June" not in shown


def test_links_to_the_next_notebooks_exist(nb):
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for target in re.findall(r"\]\((\d\d_[a-z_]+\.ipynb)\)", text):
        assert (NOTEBOOK.parent / target).exists(), target
    assert "01_eastern_flank.ipynb" in text and "02_air_policing.ipynb" in text


def test_references_cite_the_letter_as_the_parliamentary_paper(nb):
    assert any("letter.CITATION" in c.source and "reference_list" in c.source for c in _code(nb))


def test_corrected_dates_in_the_events_table():
    # NATO: the ministerial ran 15-16 June 2022 (opinions_196620, opinions_196623); the Madrid
    # Summit ran 29-30 June 2022, with the trilateral memorandum signed on the eve, 28 June.
    events = natokit.load("events")
    by_title = {
        t: d.date().isoformat() for t, d in zip(events["title"], events["date"], strict=True)
    }
    assert by_title["Madrid Summit opens (29-30 June 2022)"] == "2022-06-29"
    assert by_title["Eve of Madrid: Türkiye, Finland and Sweden sign a memorandum"] == "2022-06-28"
    assert (
        by_title[
            "Extraordinary summit: four new battlegroups (Bulgaria, Hungary, Romania, Slovakia)"
        ]
        == "2022-03-24"
    )
    meeting = events[events["topic"] == "meeting"]
    assert sorted(meeting["date"].dt.day) == [15, 16]
    assert (
        not events["title"]
        .str.contains("Madrid Summit opens")
        .loc[events["date"] == "2022-06-28"]
        .any()
    )
