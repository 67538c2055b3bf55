"""Self-check questions give feedback, hints and friendly messages for wrong answer types."""

import pytest

from natokit.quiz import Feedback, MultipleChoice, Numeric, ShortText


def test_numeric_within_tolerance_and_how_far_off():
    q = Numeric("Gap?", answer=65, tolerance=5, unit="km", hint="Use natokit.geo.")
    assert q.check(61).correct and q.check("69 km").correct and q.check("65,0").correct
    wrong = q.check(90)
    assert not wrong.correct
    assert wrong.message == "Not quite: 90 km is too high."
    assert wrong.hint == "Use natokit.geo."
    assert q.check(10).message.startswith("Not quite: 10 km is too low")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("sixty", "Please answer with a number written in digits (you gave the text 'sixty')."),
        (None, "No answer yet: replace None with your answer and run the cell again."),
        (True, "Please answer with a number, not True or False."),
        ("65 miles", "Please give the answer in km (you wrote 'miles')."),
        (
            [65],
            "Please answer with a number, not a list: replace it with one number and run the "
            "cell again.",
        ),
    ],
)
def test_numeric_wrong_types_get_friendly_messages(answer, expected):
    feedback = Numeric("Gap?", answer=65, tolerance=5, unit="km").check(answer)
    assert not feedback.correct
    assert feedback.message == expected


def test_multiple_choice_by_text_letter_and_case():
    q = MultipleChoice(
        "Lead nation in Lithuania?", ["Germany", "Canada"], answer="Germany", hint="Rukla."
    )
    assert (
        q.check("Germany").correct
        and q.check("a").correct
        and q.check("A)").correct
        and q.check("germany").correct
    )
    assert not q.check("b").correct
    assert "not one of the options" in q.check("Spain").message
    assert "not a whole number" in q.check(1).message


def test_multiple_choice_answer_must_be_an_option():
    with pytest.raises(ValueError):
        MultipleChoice("?", ["a", "b"], answer="c")


def test_short_text_ignores_case_accents_and_hyphens():
    q = ShortText("Base?", accepted=["Šiauliai"])
    assert q.check("siauliai").correct
    assert q.check("  ŠIAULIAI ").correct
    assert not q.check("Riga").correct
    assert q.check("").message.startswith("Your answer is an empty text")
    assert q.check(3.5).message == "Please answer with text, not a float."


def test_explanation_shown_only_when_right_hint_only_when_wrong():
    q = Numeric(
        "?", answer=4, unit="aircraft", hint="Read p03.", explanation="The letter says four."
    )
    right, wrong = q.check(4), q.check(2)
    assert "The letter says four." in right.message and "Hint" not in str(right)
    assert str(wrong).endswith("Hint: Read p03.")


def test_feedback_renders_html():
    assert "✓ Correct" in Feedback(True, "Correct")._repr_html_()


def test_widget_check_button_shows_feedback():
    q = ShortText("Capital of Estonia?", accepted=["Tallinn"])
    box = q.widget()
    box.entry.value = "tallinn"
    box.check_button.click()
    assert "Correct" in box.result.value
    box.entry.value = "Riga"
    box.check_button.click()
    assert "Not quite" in box.result.value
