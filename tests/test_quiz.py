"""Self-check questions teach without giving the answer away, accept reasonable forms, refuse
wild ones with a clear message, speak to widget and code users in their own terms, and show a
static face where no kernel runs."""

import math

import numpy as np
import pytest

from natokit.quiz import (
    AnalyticTask,
    Classify,
    Feedback,
    MultipleChoice,
    Numeric,
    ShortText,
    parse_number,
)


def gap() -> Numeric:
    return Numeric("Width of the gap?", answer=65, tolerance=5, unit="km", hint="Use natokit.geo.")


# -- tolerance: inclusive at its bound, nothing beyond it ---------------------------------------


@pytest.mark.parametrize(
    ("given", "correct"),
    [(70, True), (60, True), ("70 km", True), (70.01, False), (59.99, False), (75, False)],
)
def test_tolerance_is_inclusive_at_its_bound_and_ends_there(given, correct):
    # 65 +/- 5: exactly 70 and 60 are right (an exclusive bound would refuse them); 70.01 and
    # 59.99 are wrong (a doubled tolerance would accept them, and 75).
    assert gap().check(given).correct is correct


@pytest.mark.parametrize(("given", "correct"), [(0.4, True), (0.2, True), (0.41, False)])
def test_decimal_bounds_hold_despite_binary_rounding(given, correct):
    # 0.4 - 0.3 is 0.10000000000000003 in binary floating point; as written it is 0.1.
    assert Numeric("?", answer=0.3, tolerance=0.1).check(given).correct is correct


def test_zero_tolerance_accepts_only_the_exact_value():
    q = Numeric("How many?", answer=4, unit="aircraft")
    assert q.check(4).correct and q.check("4 aircraft").correct and q.check(4.0).correct
    assert not q.check(4.001).correct and not q.check(3.999).correct


# -- wrong numbers: direction first, a coarse band later, never the value ------------------------


def test_first_wrong_try_says_only_too_high_or_too_low():
    assert gap().check(90).message == "Not quite: 90 km is too high."
    assert gap().check(10).message == "Not quite: 10 km is too low."
    assert gap().check(90).hint == "Use natokit.geo."


def test_later_wrong_tries_add_a_coarse_band_never_the_value_or_distance():
    q = gap()
    q.check(90)
    # 72 is 7 km off: 11% of 65, so "within 25%"; 100 is 54% off
    assert q.check(72).message == "Not quite: 72 km is too high, but within 25% of the answer."
    assert q.check(100).message.endswith("more than 50% away from the answer.")
    assert q.check(58).message == "Not quite: 58 km is too low, but within 25% of the answer."
    assert q.check(61).correct
    for wrong in (90, 10, 72, 100, 58):
        message = q.check(wrong).message
        assert "65" not in message and f"{abs(wrong - 65)} km" not in message


def test_a_refused_form_does_not_count_as_a_wrong_try():
    q = gap()
    q.check("far")
    q.check(None)
    assert q.wrong_tries == 0
    assert q.check(90).message == "Not quite: 90 km is too high."


@pytest.mark.parametrize("given", [None, "", "   ", "sixty", [65], {}, True, object(), "65 miles"])
def test_no_answer_and_wrong_types_never_show_the_answer(given):
    feedback = gap().check(given)
    assert not feedback.correct
    assert "65" not in feedback.message.replace("'65 miles'", "")


# -- code user and widget user ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "No answer yet: replace None with your answer and run the cell again."),
        ("sixty", "Please answer with a number written in digits (you gave the text 'sixty')."),
        (True, "Please answer with a number, not True or False."),
        ("65 miles", "Please give the answer in km (you wrote 'miles')."),
        (
            [65],
            "Please answer with a number, not a list: replace it with one number and run the "
            "cell again.",
        ),
    ],
)
def test_code_users_hear_about_cells_and_none(given, expected):
    assert gap().check(given).message == expected


def test_widget_users_hear_about_the_box():
    box = gap().widget()
    box.check_button.click()
    assert "No answer yet: type a number (in km) in the box, then press Check." in box.result.value
    box.entry.value = "sixty"
    box.check_button.click()
    assert "Type only a number in the box (you typed &#x27;sixty&#x27;)." in box.result.value
    assert "None" not in box.result.value and "cell" not in box.result.value
    box.entry.value = "66 km"
    box.check_button.click()
    assert "Correct" in box.result.value


def test_multiple_choice_widget_asks_to_choose_an_option():
    q = MultipleChoice("Lead nation in Lithuania?", ["Germany", "Canada"], answer="Germany")
    box = q.widget()
    box.check_button.click()
    assert "No answer yet: choose an option, then press Check." in box.result.value
    box.entry.value = "Germany"
    box.check_button.click()
    assert "Correct" in box.result.value


# -- reasonable forms in, wild forms out ---------------------------------------------------------


@pytest.mark.parametrize(
    "given", ["1,340 km", "1.340 km", "1 340 km", "1\u00a0340 km", "1340km", "1.340,0 km", 1340]
)
def test_thousands_as_english_and_dutch_write_them(given):
    assert Numeric("Length?", answer=1340, unit="km").check(given).correct


def test_feedback_says_how_a_grouped_number_was_read():
    message = Numeric("Length?", answer=1000, unit="km").check("1.340 km").message
    assert message == "Not quite: 1340 km (read from '1.340 km') is too high."


@pytest.mark.parametrize(
    ("text", "value"),
    [("2,5", 2.5), ("2.5", 2.5), ("65,0", 65.0), ("0.125", 0.125), (".5", 0.5), ("-3", -3.0)],
)
def test_decimal_comma_and_point(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("given", ["18", "18 min", "18 minutes", "18 min.", "18 minuten", "18min"])
def test_units_in_their_usual_spellings(given):
    assert Numeric("Minutes?", answer=18, tolerance=1, unit="min").check(given).correct


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("nan", "not a finite number"),
        ("NaN", "not a finite number"),
        (float("nan"), "not a finite number"),
        (np.nan, "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        (float("inf"), "not a finite number"),
        (10**400, "too large"),
        ("9" * 400, "too large"),
        ("3e5", "scientific notation"),
        ("3E-2", "scientific notation"),
        ("3rd", "without 'rd'"),
        ("3 km", "plain number without a unit"),
        ("12 34", "one number"),
        ("1.2.3", "one number"),
        (np.bool_(True), "not True or False"),
        (3 + 0j, "not a complex"),
    ],
)
def test_wild_forms_are_refused_with_a_clear_message(given, fragment):
    feedback = Numeric("Which meeting?", answer=3).check(given)
    assert not feedback.correct
    assert fragment in feedback.message


def test_3e5_3rd_and_3_km_are_not_graded_correct_on_a_unit_less_question():
    q = Numeric("Which meeting?", answer=3)
    assert q.check(3).correct and q.check("3").correct
    assert not any(q.check(text).correct for text in ("3e0", "3rd", "3 km", "3 meetings"))


def test_numeric_constructor_refuses_bad_settings():
    for bad in ({"tolerance": -1}, {"tolerance": math.nan}, {"answer": "65"}, {"answer": True}):
        with pytest.raises(ValueError):
            Numeric("?", **{"answer": 65, **bad})


# -- options: letters, texts, and why a wrong one is wrong ---------------------------------------


def test_multiple_choice_by_text_letter_and_case():
    q = MultipleChoice(
        "Lead nation in Lithuania?", ["Germany", "Canada"], answer="Germany", hint="Rukla."
    )
    assert all(q.check(a).correct for a in ("Germany", "a", "A)", "germany", " Germany. "))
    assert not q.check("b").correct
    assert "not one of the options" in q.check("Spain").message
    assert "not a whole number" in q.check(1).message


def test_a_wrong_option_is_explained_without_naming_the_right_one():
    q = MultipleChoice(
        "Which kind of deterrence?",
        ["denial", "punishment", "reassurance"],
        answer="denial",
        why_wrong={"punishment": "Punishment threatens costs after an attack succeeds."},
    )
    feedback = q.check("b")
    assert feedback.message == (
        "Not quite: 'punishment' is not the answer. Punishment threatens costs after an "
        "attack succeeds."
    )
    assert "denial" not in feedback.message
    assert q.check("c").message == "Not quite: 'reassurance' is not the answer."


def test_why_wrong_must_name_wrong_options():
    with pytest.raises(ValueError, match="not an option"):
        MultipleChoice("?", ["a", "b"], answer="a", why_wrong={"c": "..."})
    with pytest.raises(ValueError, match="right answer"):
        MultipleChoice("?", ["a", "b"], answer="a", why_wrong={"a": "..."})
    with pytest.raises(ValueError):
        MultipleChoice("?", ["a", "b"], answer="c")


# -- short text -----------------------------------------------------------------------------------


def test_short_text_ignores_case_accents_hyphens_and_punctuation():
    q = ShortText("Base?", accepted=["Šiauliai"])
    assert q.check("siauliai").correct and q.check("  ŠIAULIAI ").correct
    assert q.check('"Siauliai."').correct
    assert not q.check("Riga").correct
    assert q.check("").message.startswith("Your answer is an empty text")
    assert q.check(3.5).message == (
        'Please answer with text in quotes, such as "...", not a decimal number.'
    )


def test_short_text_accepts_listed_qualifiers_and_nothing_else():
    q = ShortText("Summit city?", accepted=["Madrid"], qualifiers=["Spain", "Spanje"])
    for given in ("Madrid, Spain", "madrid (Spain)", "Madrid, Spanje", "Madrid"):
        assert q.check(given).correct, given
    for given in ("Madrid, Vilnius", "Vilnius, Spain", "Madrid Spain Vilnius"):
        assert not q.check(given).correct, given


# -- classify ---------------------------------------------------------------------------------------


def sorting() -> Classify:
    return Classify(
        "NATO agenda or Dutch position?",
        {
            "s1": "Ministers discuss the Comprehensive Report.",
            "s2": "The Netherlands stresses fair burden sharing.",
            "s3": "The Netherlands will strongly support both accessions.",
        },
        ["NATO agenda", "Dutch position"],
        answer={"s1": "NATO agenda", "s2": "Dutch position", "s3": "Dutch position"},
        explanations={
            "s1": "Every ally's minister takes part in this discussion.",
            "s2": "One government says what it stresses.",
            "s3": "One government says what it will do.",
        },
        hint="Who is the subject of the sentence?",
    )


def test_classify_counts_and_explains_each_wrong_item_without_its_category():
    q = sorting()
    assert q.check({"s1": "NATO agenda", "s2": "Dutch position", "s3": "b"}).correct
    feedback = q.check({"s1": "b", "s2": "a", "s3": "Dutch position"})
    assert not feedback.correct
    assert feedback.message.startswith("1 of 3 sorted right.")
    assert "Every ally's minister takes part" in feedback.message
    assert "One government says what it stresses." in feedback.message
    # the wrong choice is named; the right category of a wrong item is not
    assert (
        "is not 'Dutch position'" in feedback.message and "is not 'NATO agenda'" in feedback.message
    )
    assert (
        feedback.message.count("NATO agenda") == 1 and feedback.message.count("Dutch position") == 1
    )


def test_classify_reports_unsorted_unknown_items_and_categories():
    q = sorting()
    partial = q.check({"s1": "NATO agenda"})
    assert not partial.correct and "Not sorted yet: s2, s3." in partial.message
    assert "'s9' is not one of the items" in q.check({"s9": "a"}).message
    assert "'weather' is not a category" in q.check({"s1": "weather"}).message
    assert "Please answer with a dictionary" in q.check(["NATO agenda"]).message
    assert q.check(None).message.startswith("No answer yet: replace None")


def test_classify_list_items_are_numbered_and_keys_may_be_ints():
    q = Classify("?", ["x", "y"], ["A", "B"], {"1": "A", "2": "B"}, {"1": "one", "2": "two"})
    assert q.check({1: "A", 2: "b"}).correct


def test_classify_refuses_an_explanation_that_names_the_category():
    with pytest.raises(ValueError, match="names its category"):
        Classify(
            "?",
            ["x", "y"],
            ["NATO agenda", "Dutch position"],
            {"1": "NATO agenda", "2": "Dutch position"},
            {"1": "This is on the NATO agenda.", "2": "fine"},
        )


def test_classify_widget_has_one_dropdown_per_item():
    q = sorting()
    box = q.widget()
    assert sorted(box.entry) == ["s1", "s2", "s3"]
    box.check_button.click()
    assert "No answer yet: choose a category for every item, then press Check." in box.result.value
    box.entry["s1"].value, box.entry["s2"].value = "NATO agenda", "Dutch position"
    box.entry["s3"].value = "Dutch position"
    box.check_button.click()
    assert "All 3 sorted right." in box.result.value


# -- analytic task ----------------------------------------------------------------------------------


def task() -> AnalyticTask:
    return AnalyticTask(
        "Is the battlegroup in Lithuania deterrence by denial or by punishment?",
        model_answer="Mainly punishment: a battalion cannot stop an invasion ...",
        rubric=["Defines denial and punishment", "Uses the size of the force", "Cites the letter"],
        hint="Could a battalion hold the line?",
    )


def test_analytic_task_refuses_empty_and_short_answers():
    assert task().check("").message.startswith("Your answer is empty")
    assert task().check("Punishment.").message == (
        "Your answer has 1 word; write at least 15 words, then check again."
    )
    assert "not a whole number" in task().check(42).message


def test_analytic_task_guides_self_assessment_honestly_and_offers_the_model_answer():
    text = " ".join(["A battalion cannot stop an army, but it makes sure allies fight."] * 2)
    feedback = task().check(text)
    assert feedback.graded is False and feedback.correct is False
    assert str(feedback).startswith("✎ natokit cannot grade a written answer.")
    for point in task().rubric:
        assert f"[ ] {point}" in feedback.message
    assert "show_model_answer()" in feedback.message
    assert "Mainly punishment" not in feedback.message
    assert "Mainly punishment" in str(task().show_model_answer())


def test_analytic_task_widget_has_rubric_and_model_answer_buttons():
    box = task().widget()
    assert box.check_button.description == "Check against the rubric"
    assert box.model_button.description == "Show a model answer"
    assert box.model_answer.value == ""
    box.model_button.click()
    assert "Mainly punishment" in box.model_answer.value
    box.check_button.click()
    assert (
        "No answer yet: write your answer in the box, then press Check against the rubric."
        in box.result.value
    )
    box.entry.value = "too short"
    box.check_button.click()
    assert "write at least 15 words" in box.result.value


# -- static faces -------------------------------------------------------------------------------------


ALL_KINDS = {
    "numeric": gap,
    "choice": lambda: MultipleChoice(
        "Lead nation in Lithuania?", ["Germany", "Canada"], answer="Canada", hint="Rukla."
    ),
    "text": lambda: ShortText("Summit city?", accepted=["Madrid"], hint="Read p01."),
    "classify": sorting,
    "analytic": task,
}


@pytest.mark.parametrize("kind", sorted(ALL_KINDS))
def test_every_question_has_a_static_face_without_the_answer(kind):
    q = ALL_KINDS[kind]()
    bundle = q._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page, plain = bundle["text/html"], bundle["text/plain"]
    assert q.question.replace("'", "&#x27;") in page
    assert "<details><summary>Show a hint</summary>" in page
    assert 'aria-label="empty answer' in page
    assert not plain.startswith("VBox(") and plain.startswith(f"Question: {q.question}")
    assert q.hint not in plain  # the hint stays folded away


def test_static_faces_list_options_and_items_but_not_the_answer():
    choice = ALL_KINDS["choice"]()._repr_html_()
    assert "a) Germany" in choice and "b) Canada" in choice
    assert choice.count("Canada") == 1  # listed as an option, never marked as the answer
    assert "Correct" not in choice
    numeric = gap()._repr_html_()
    assert "65" not in numeric
    text = ALL_KINDS["text"]()._repr_html_()
    assert "Madrid" not in text
    classify = sorting()._repr_html_()
    assert "Ministers discuss the Comprehensive Report." in classify
    assert "every ally" not in classify.lower()  # explanations stay hidden
    analytic = task()._repr_html_()
    assert "<details><summary>Show a model answer</summary>" in analytic
    assert analytic.index("Mainly punishment") > analytic.index("Show a model answer")


def test_nbconvert_html_shows_the_static_face_not_a_widget_repr():
    # A saved notebook without widget state, as on GitHub or in CI: nbconvert must pick text/html.
    import nbformat
    from nbconvert import HTMLExporter

    q = gap()
    bundle = q._repr_mimebundle_()
    cell = nbformat.v4.new_code_cell("q")
    cell.outputs = [nbformat.v4.new_output("execute_result", data=bundle, execution_count=1)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    body, _ = HTMLExporter().from_notebook_node(notebook)
    assert "Width of the gap?" in body and "Show a hint" in body
    assert "VBox(" not in body


# -- feedback object -----------------------------------------------------------------------------------


def test_feedback_renders_marks_and_html():
    assert "✓ Correct" in Feedback(True, "Correct")._repr_html_()
    assert str(Feedback(False, "No.", "Look again.")) == "✗ No. Hint: Look again."
    assert str(Feedback(False, "Check the rubric.", graded=False)) == "✎ Check the rubric."


def test_explanation_shown_only_when_right_hint_only_when_wrong():
    q = Numeric(
        "?", answer=4, unit="aircraft", hint="Read p03.", explanation="The letter says four."
    )
    right, wrong = q.check(4), q.check(2)
    assert "The letter says four." in right.message and "Hint" not in str(right)
    assert str(wrong).endswith("Hint: Read p03.")


def test_an_option_named_like_a_letter_is_found_by_its_text_first():
    q = MultipleChoice("Which?", ["b", "x"], answer="x")
    assert not q.check("b").correct  # the option "b", not the second option
    assert q.check("x").correct and q.check("B)").correct is False
