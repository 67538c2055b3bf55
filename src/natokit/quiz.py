"""Self-check questions with feedback: numeric (tolerance and unit), multiple choice, short text.

Each question has a plain-Python ``check(answer)`` that returns :class:`Feedback`, and a
``widget()`` for the notebook. A wrong *type* of answer (text where a number is expected, an
option that does not exist) gets a friendly message, never a traceback.

Examples
--------
>>> from natokit.quiz import Numeric
>>> q = Numeric("How many allies does NATO have?", answer=32, tolerance=0, unit="allies")
>>> q.check(32).correct
True
>>> print(q.check(30).message)
Not quite: 30 allies is 2 allies too low.
>>> print(q.check("thirty").message)
Please answer with a number, such as 32 (you gave the text 'thirty').
"""

from __future__ import annotations

import html
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    Attributes
    ----------
    correct : bool
    message : str
        What was right or wrong, and by how much.
    hint : str
        A nudge towards the answer (empty when correct).

    Examples
    --------
    >>> print(Feedback(False, "Not quite.", "Count the founders."))
    ✗ Not quite. Hint: Count the founders.
    """

    correct: bool
    message: str
    hint: str = ""

    def __str__(self) -> str:
        mark = "✓" if self.correct else "✗"
        hint = f" Hint: {self.hint}" if self.hint and not self.correct else ""
        return f"{mark} {self.message}{hint}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        color = "#009E73" if self.correct else "#D55E00"
        return f'<div style="color:{color};font-weight:600">{html.escape(str(self))}</div>'


class Question:
    """Base class: a question text, a hint and an explanation shown once answered correctly."""

    def __init__(self, question: str, hint: str = "", explanation: str = ""):
        self.question = question
        self.hint = hint
        self.explanation = explanation

    def check(self, answer) -> Feedback:  # pragma: no cover - overridden
        raise NotImplementedError

    def _no_answer(self) -> Feedback:
        return Feedback(
            False, "No answer yet: replace None with your answer and run the cell again.", self.hint
        )

    def _right(self, message: str) -> Feedback:
        extra = f" {self.explanation}" if self.explanation else ""
        return Feedback(True, message + extra)

    def _wrong(self, message: str) -> Feedback:
        return Feedback(False, message, self.hint)

    def widget(self):
        """An ipywidgets form: the question, an input, a Check button and the feedback.

        Examples
        --------
        >>> from natokit.quiz import ShortText
        >>> box = ShortText("Capital of Estonia?", accepted=["Tallinn"]).widget()
        >>> type(box).__name__
        'VBox'
        """
        import ipywidgets as widgets

        entry = self._input_widget(widgets)
        button = widgets.Button(description="Check", button_style="primary")
        result = widgets.HTML()

        def on_click(_):
            result.value = self.check(entry.value)._repr_html_()

        button.on_click(on_click)
        box = widgets.VBox(
            [
                widgets.HTML(f"<b>{html.escape(self.question)}</b>"),
                widgets.HBox([entry, button]),
                result,
            ]
        )
        box.add_class("natokit-quiz")
        box.check_button, box.entry, box.result = button, entry, result
        return box

    def _input_widget(self, widgets):
        return widgets.Text(placeholder="your answer")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget())


_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s].*)?$")


class Numeric(Question):
    """A question whose answer is a number, accepted within a tolerance.

    Parameters
    ----------
    question : str
    answer : float
    tolerance : float
        Absolute tolerance, in ``unit``.
    unit : str
        Printed in the feedback; an answer such as ``"65 km"`` is accepted when the unit matches.
    hint, explanation : str

    Examples
    --------
    >>> q = Numeric("Width of the gap?", answer=65, tolerance=5, unit="km", hint="Use geo.")
    >>> q.check("63 km").correct
    True
    >>> print(q.check(80).message)
    Not quite: 80 km is 15 km too high.
    >>> print(q.check("63 miles").message)
    Please give the answer in km (you wrote 'miles').
    """

    def __init__(
        self,
        question,
        answer: float,
        tolerance: float = 0.0,
        unit: str = "",
        hint="",
        explanation="",
    ):
        super().__init__(question, hint, explanation)
        if tolerance < 0:
            raise ValueError("tolerance must be 0 or more")
        self.answer = float(answer)
        self.tolerance = float(tolerance)
        self.unit = unit

    def check(self, answer) -> Feedback:
        """Check an answer; see the class docstring."""
        if answer is None:
            return self._no_answer()
        value, problem = self._as_number(answer)
        if problem:
            return Feedback(False, problem, self.hint)
        unit = f" {self.unit}" if self.unit else ""
        shown = _fmt(value)
        off = value - self.answer
        if abs(off) <= self.tolerance + 1e-9:
            return self._right(f"Correct: {shown}{unit}.")
        direction = "high" if off > 0 else "low"
        return self._wrong(f"Not quite: {shown}{unit} is {_fmt(abs(off))}{unit} too {direction}.")

    def _as_number(self, answer):
        if isinstance(answer, bool):
            return None, "Please answer with a number, not True or False."
        if isinstance(answer, numbers.Real):
            return float(answer), ""
        if isinstance(answer, str):
            match = _NUMBER.match(answer)
            if not match:
                example = _fmt(self.answer)
                return (
                    None,
                    f"Please answer with a number, such as {example} (you gave the text {answer!r}).",
                )
            number, unit = match.group(1).replace(",", "."), (match.group(2) or "").strip()
            if unit and self.unit and unit.lower() != self.unit.lower():
                return None, f"Please give the answer in {self.unit} (you wrote {unit!r})."
            return float(number), ""
        return None, f"Please answer with a number, not a {type(answer).__name__}."

    def _input_widget(self, widgets):
        return widgets.Text(placeholder=f"a number{f' in {self.unit}' if self.unit else ''}")


class MultipleChoice(Question):
    """Pick one option. Answer with the option's text or its letter (``"a"``, ``"b"``...).

    Examples
    --------
    >>> q = MultipleChoice("Who leads the battlegroup in Lithuania?",
    ...                    ["Germany", "Canada", "United Kingdom"], answer="Germany")
    >>> q.check("a").correct
    True
    >>> print(q.check("Canada").message)
    Not quite: 'Canada' is not the answer.
    >>> print(q.check("Spain").message)
    'Spain' is not one of the options: a) Germany, b) Canada, c) United Kingdom.
    """

    def __init__(self, question, options: Sequence[str], answer: str, hint="", explanation=""):
        super().__init__(question, hint, explanation)
        if answer not in options:
            raise ValueError(f"answer {answer!r} must be one of the options")
        self.options = list(options)
        self.answer = answer

    def _letters(self) -> dict[str, str]:
        return {chr(ord("a") + i): option for i, option in enumerate(self.options)}

    def check(self, answer) -> Feedback:
        """Check an answer; see the class docstring."""
        if answer is None:
            return self._no_answer()
        if not isinstance(answer, str):
            return Feedback(
                False,
                f"Please answer with the text of an option or its letter, not a {type(answer).__name__}.",
                self.hint,
            )
        choice = self._letters().get(answer.strip().lower().rstrip(")"), answer.strip())
        by_lower = {o.lower(): o for o in self.options}
        choice = by_lower.get(choice.lower(), choice)
        if choice not in self.options:
            listed = ", ".join(f"{k}) {v}" for k, v in self._letters().items())
            return Feedback(False, f"{answer!r} is not one of the options: {listed}.", self.hint)
        if choice == self.answer:
            return self._right(f"Correct: {choice}.")
        return self._wrong(f"Not quite: {choice!r} is not the answer.")

    def _input_widget(self, widgets):
        return widgets.RadioButtons(
            options=self.options, value=None, layout={"width": "max-content"}
        )


class ShortText(Question):
    """A short free-text answer, compared case- and accent-insensitively with accepted answers.

    Examples
    --------
    >>> q = ShortText("Which Bulgarian air base hosted the Dutch F-35s?", accepted=["Graf Ignatievo"])
    >>> q.check("graf ignatievo").correct
    True
    >>> q.check(42).message
    'Please answer with text, not a int.'
    """

    def __init__(self, question, accepted: Sequence[str], hint="", explanation=""):
        super().__init__(question, hint, explanation)
        if not accepted:
            raise ValueError("give at least one accepted answer")
        self.accepted = list(accepted)

    def check(self, answer) -> Feedback:
        """Check an answer; see the class docstring."""
        if answer is None:
            return self._no_answer()
        if not isinstance(answer, str):
            return Feedback(
                False, f"Please answer with text, not a {type(answer).__name__}.", self.hint
            )
        if not answer.strip():
            return Feedback(False, "Please type an answer first.", self.hint)
        if _normalise(answer) in {_normalise(a) for a in self.accepted}:
            return self._right(f"Correct: {answer.strip()}.")
        return self._wrong(f"Not quite: {answer.strip()!r} is not what we are looking for.")


def _normalise(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("-", " ").split())


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1 or value == 0 else f"{value:.2g}"
