"""Self-check questions with feedback that teaches without giving the answer away.

Five kinds of question, each with a plain-Python ``check(answer)`` that returns
:class:`Feedback` and a ``widget()`` for the notebook:

* :class:`Numeric` - a number within a tolerance (inclusive at its bound), with an optional unit;
* :class:`MultipleChoice` - one option, with an explanation of why each wrong option is wrong;
* :class:`ShortText` - a word or name, compared leniently (case, accents, qualifiers);
* :class:`Classify` - sort items (e.g. the letter's sentences) into categories;
* :class:`AnalyticTask` - a short written argument, checked by the student against a rubric.

Feedback rules (see CONTRIBUTING.md):

* Feedback never gives the answer away: no example value on an empty or wrong-type answer, and a
  first wrong number hears only "too high" or "too low"; from the second wrong try a coarse band
  ("within 10%") is added, never the value or the exact distance.
* A wrong option is explained (``why_wrong``); a wrongly sorted item is explained without naming
  its right category.
* Reasonable forms are accepted and wild ones refused with a clear message, never a traceback
  (rules in :func:`parse_number` and :class:`ShortText`).
* The widget user and the code user are spoken to in their own terms: "type a number in the box"
  in the widget, "replace None with a number and run the cell" in code.
* Every question shows a static face (question, options, an empty answer box and a collapsed
  hint; never the answer) where no kernel runs: nbconvert HTML, GitHub, slides.

Examples
--------
>>> from natokit.quiz import Numeric
>>> q = Numeric("How many allies does NATO have?", answer=32, tolerance=0, unit="allies")
>>> q.check(32).correct
True
>>> print(q.check(30).message)
Not quite: 30 allies is too low.
>>> print(q.check("thirty").message)
Please answer with a number written in digits (you gave the text 'thirty').
>>> print(q.check(None).message)
No answer yet: replace None with your answer and run the cell again.
"""

from __future__ import annotations

import html
import itertools
import math
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: ipywidgets is imported when a widget is built
    import ipywidgets

__all__ = [
    "Feedback",
    "Question",
    "Numeric",
    "MultipleChoice",
    "ShortText",
    "Classify",
    "AnalyticTask",
    "Reveal",
    "UNIT_ALIASES",
    "parse_number",
]

_MODEL_IDS = itertools.count(1)


def _vbox(children: list) -> ipywidgets.VBox:
    """A question's widget box, its model id counted per kernel (not random), so a notebook
    run again stores the same bytes."""
    import ipywidgets as widgets

    return widgets.VBox(children, model_id=f"natokit-quiz-{next(_MODEL_IDS)}")


#: Where an answer came from: typed in a widget, or written in a code cell.
_CODE, _WIDGET = "code", "widget"

_GREEN, _RED, _BLUE = "#009E73", "#D55E00", "#0072B2"


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    Attributes
    ----------
    correct : bool
        True only for a right answer (always False for an :class:`AnalyticTask`, which cannot
        be graded).
    message : str
        What was right or wrong, never the right answer itself.
    hint : str
        A nudge towards the answer (empty when correct).
    graded : bool
        False for self-assessment guidance (:class:`AnalyticTask`): shown with a pencil, not a
        cross.

    Examples
    --------
    >>> print(Feedback(False, "Not quite.", "Count the founders."))
    ✗ Not quite. Hint: Count the founders.
    >>> print(Feedback(False, "Compare with the rubric.", graded=False))
    ✎ Compare with the rubric.
    """

    correct: bool
    message: str
    hint: str = ""
    graded: bool = True

    @property
    def mark(self) -> str:
        """✓ for right, ✗ for wrong, ✎ for self-assessment."""
        if not self.graded:
            return "✎"
        return "✓" if self.correct else "✗"

    def __str__(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint and not self.correct else ""
        return f"{self.mark} {self.message}{hint}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        color = _BLUE if not self.graded else _GREEN if self.correct else _RED
        lines = html.escape(str(self)).replace("\n", "<br>")
        return f'<div style="color:{color};font-weight:600">{lines}</div>'


@dataclass(frozen=True)
class Reveal:
    """A block of text shown on request (a model answer), for print and for a notebook.

    Examples
    --------
    >>> print(Reveal("Model answer", "Denial, because ..."))
    Model answer
    Denial, because ...
    """

    title: str
    text: str

    def __str__(self) -> str:
        return f"{self.title}\n{self.text}"

    def _repr_html_(self) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.text.split("\n\n"))
        return (
            f'<div style="border-left:4px solid {_BLUE};padding:0.2em 0.8em">'
            f"<b>{html.escape(self.title)}</b>{body}</div>"
        )


def _shown(value: Any, limit: int = 40) -> str:
    """A short, safe repr of what the student gave, for messages."""
    text = value if isinstance(value, str) else repr(value)
    text = text.strip() if isinstance(value, str) else text
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text) if isinstance(value, str) else text


_KIND_NAMES = {
    "bool": "True or False",
    "int": "whole number",
    "float": "decimal number",
    "list": "list",
    "tuple": "tuple",
    "dict": "dictionary",
    "set": "set",
    "NoneType": "None",
    "ndarray": "NumPy array",
    "complex": "complex number",
}


def _is_bool(value: Any) -> bool:
    """True for Python and NumPy booleans (NumPy's are not ``bool`` instances)."""
    kind = type(value)
    return isinstance(value, bool) or (
        kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_")
    )


def _kind(value: Any) -> str:
    """A plain-language name for the type of ``value``, with its article."""
    if _is_bool(value):
        return "True or False"
    name = _KIND_NAMES.get(type(value).__name__)
    if name is None:
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            name = "complex number"
        elif isinstance(value, numbers.Integral):
            name = "whole number"
        elif isinstance(value, numbers.Number):
            name = "number"
        else:
            name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


class Question:
    """Base class: a question text, a hint and an explanation shown once answered correctly.

    Subclasses implement ``_check(answer, via)`` where ``via`` is ``"code"`` for
    :meth:`check` and ``"widget"`` for the Check button, so each user gets their own wording.
    Wrong tries are counted per question object (:attr:`wrong_tries`).
    """

    #: what the widget's answer box asks for, in the no-answer message
    _widget_action = "type your answer in the box"
    #: the label of the widget's check button
    _widget_button = "Check"

    def __init__(self, question: str, hint: str = "", explanation: str = ""):
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be a non-empty text")
        if not isinstance(hint, str) or not isinstance(explanation, str):
            raise ValueError("hint and explanation must be texts")
        self.question = question
        self.hint = hint
        self.explanation = explanation
        self.wrong_tries = 0
        self._widget = None

    # -- checking ---------------------------------------------------------------------------

    def check(self, answer: Any) -> Feedback:
        """Check an answer written in code; never raises, always returns :class:`Feedback`."""
        return self._safe_check(answer, _CODE)

    def _safe_check(self, answer: Any, via: str) -> Feedback:
        try:
            return self._check(answer, via)
        except Exception as error:  # a last resort: a widget must never show a traceback
            return Feedback(
                False,
                f"This answer could not be checked ({type(error).__name__}); please try "
                "another form.",
                self.hint,
            )

    def _check(self, answer: Any, via: str) -> Feedback:  # pragma: no cover - overridden
        raise NotImplementedError

    def _no_answer(self, via: str) -> Feedback:
        if via == _WIDGET:
            message = f"No answer yet: {self._widget_action}, then press {self._widget_button}."
        else:
            message = "No answer yet: replace None with your answer and run the cell again."
        return Feedback(False, message, self.hint)

    def _refuse(self, message: str) -> Feedback:
        """A wrong form (not a wrong answer): does not count as a try."""
        return Feedback(False, message, self.hint)

    def _right(self, message: str) -> Feedback:
        extra = f" {self.explanation}" if self.explanation else ""
        return Feedback(True, message + extra)

    def _wrong(self, message: str) -> Feedback:
        self.wrong_tries += 1
        return Feedback(False, message, self.hint)

    # -- widget ------------------------------------------------------------------------------

    def widget(self) -> ipywidgets.VBox:
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
            result.value = self._safe_check(self._widget_value(entry), _WIDGET)._repr_html_()

        button.on_click(on_click)
        box = _vbox(
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

    def _widget_value(self, entry) -> Any:
        return entry.value

    # -- static face -------------------------------------------------------------------------

    def _static_body_html(self) -> str:
        """The part between the question and the hint: options, items, an empty answer box."""
        return _empty_box_html()

    def _static_body_text(self) -> str:
        return "Answer: ______"

    def _static_extra_html(self) -> str:
        return ""

    def _repr_html_(self) -> str:
        hint = (
            f"<details><summary>Show a hint</summary><p>{html.escape(self.hint)}</p></details>"
            if self.hint
            else ""
        )
        return (
            '<div class="natokit-quiz-static" style="border:1px solid #bbb;border-radius:4px;'
            'padding:0.5em 0.8em;margin:0.4em 0">'
            f'<p style="margin:0.2em 0"><b>{html.escape(self.question)}</b></p>'
            f"{self._static_body_html()}{hint}{self._static_extra_html()}"
            '<p style="font-size:85%;color:#666;margin:0.3em 0">Self-check: run the notebook '
            "to check your answer here.</p></div>"
        )

    def __str__(self) -> str:
        lines = [f"Question: {self.question}", self._static_body_text()]
        if self.hint:
            lines.append("(A hint is available: run the notebook, or read .hint)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.question!r})"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The live widget for Jupyter, plus a static ``text/html`` face and readable text.

        Without a kernel (nbconvert, GitHub, slides) the widget view is dropped and the
        ``text/html`` face shows instead of a raw ``VBox(...)`` repr.
        """
        bundle: dict = {}
        try:
            self._widget = self.widget()
            bundle.update(self._widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        except Exception:  # no ipywidgets: the static face still reads well
            pass
        bundle["text/plain"] = str(self)
        bundle["text/html"] = self._repr_html_()
        return bundle


def _empty_box_html(width: str = "14em", height: str = "1.6em") -> str:
    return (
        f'<div role="img" aria-label="empty answer box" style="border:1px solid #888;'
        f'border-radius:3px;width:{width};height:{height};margin:0.3em 0;background:#fff"></div>'
    )


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007"), " ")
_NUMBER_TEXT = re.compile(r"^([-+]?)\s*([0-9](?:[0-9.,' ]*[0-9])?)(.*)$", re.DOTALL)
_SCIENTIFIC = re.compile(r"^[eE][-+]?[0-9]+")
_ORDINAL = re.compile(r"^(st|nd|rd|th|e|de|ste|ème|er)\b\.?", re.IGNORECASE)
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}

#: Spellings accepted for common units (lower case). A question may add its own.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "km": ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
    "min": ("min", "mins", "min.", "minute", "minutes", "minuut", "minuten"),
    "h": ("h", "hr", "hrs", "hour", "hours", "uur"),
    "%": ("%", "percent", "per cent", "procent"),
}


class _NumberProblem(ValueError):
    """A text that is not a plain number; the message is for the student."""


def _digits_value(digits: str) -> tuple[float, bool]:
    """Read digits with thousands separators and a decimal mark. Returns (value, regrouped).

    ``regrouped`` is True when a separator was read as a thousands separator, so the feedback
    can say how the text was read.
    """
    tokens = re.split(r"([.,' ])", digits)
    groups, seps = tokens[::2], tokens[1::2]
    if not seps:
        return float(digits), False
    if any(not g for g in groups):
        raise _NumberProblem("two separators in a row")

    def grouped(gs: list[str]) -> bool:
        # 1 340 / 12.345.678: a first group of 1-3 digits not starting with 0, then groups of 3
        return (
            1 <= len(gs[0]) <= 3 and not gs[0].startswith("0") and all(len(g) == 3 for g in gs[1:])
        )

    if len(set(seps)) == 1:
        sep = seps[0]
        if sep in " '" or len(seps) > 1:
            if not grouped(groups):
                raise _NumberProblem("groups of digits that are not thousands")
            return float("".join(groups)), True
        # a single . or , : thousands when followed by exactly three digits (Dutch "1.340",
        # English "1,340"), otherwise a decimal mark ("2,5", "65.0", "0.125")
        if grouped(groups):
            return float("".join(groups)), True
        return float(f"{groups[0]}.{groups[1]}"), False
    # mixed: the last separator is the decimal mark, all others one thousands separator
    decimal, grouping = seps[-1], set(seps[:-1])
    if decimal not in ".," or len(grouping) != 1 or decimal in grouping:
        raise _NumberProblem("separators that do not fit one number")
    if not grouped(groups[:-1]):
        raise _NumberProblem("groups of digits that are not thousands")
    return float("".join(groups[:-1]) + "." + groups[-1]), True


def parse_number(text: str, unit: str = "", aliases: Sequence[str] = ()) -> float:
    """Read a number typed by a student, with the kit's documented rules.

    Accepted: digits with an optional sign; a decimal comma or point (``"2,5"``, ``"2.5"``);
    thousands grouped by a space, an apostrophe, or a point or comma followed by exactly three
    digits (``"1 340"``, ``"1.340"`` as Dutch writes it, ``"1,340"``; so ``"1.340"`` is read as
    1340, not 1.34); a mixed form (``"1.340,5"``, ``"1,340.5"``); and, when ``unit`` is given, a
    unit after the number in any spelling of :data:`UNIT_ALIASES` or ``aliases``
    (``"18 min"``, ``"18 minutes"``).

    Refused with a ``ValueError`` whose message is meant for the student: NaN and infinity,
    scientific notation (``"3e5"``), ordinals (``"3rd"``), any unit on a unit-less question
    (``"3 km"``), a different unit, and text that is not one number.

    Examples
    --------
    >>> parse_number("1.340 km", unit="km"), parse_number("1,340"), parse_number("1 340")
    (1340.0, 1340.0, 1340.0)
    >>> parse_number("2,5"), parse_number("18 minutes", unit="min")
    (2.5, 18.0)
    >>> parse_number("3e5")
    Traceback (most recent call last):
    ...
    ValueError: Please write the number in plain digits; scientific notation such as '3e5' is not accepted here.
    >>> parse_number("3 km")
    Traceback (most recent call last):
    ...
    ValueError: This question asks for a plain number without a unit (you wrote 'km').
    """
    if not isinstance(text, str):
        raise ValueError(f"Please give the number as text, not {_kind(text)}.")
    value, _ = _parse_number(text, unit, tuple(aliases))
    return value


def _parse_number(text: str, unit: str, aliases: tuple[str, ...]) -> tuple[float, bool]:
    cleaned = text.translate(_SPACES).replace("\u2212", "-").strip()
    cleaned = re.sub(r"^([-+]?)\s*([.,])(?=[0-9])", r"\g<1>0\2", cleaned)  # ".5" -> "0.5"
    if cleaned.lower().replace(" ", "") in _NOT_FINITE:
        raise ValueError(
            f"{_shown(text)} is not a finite number: please answer with an ordinary number."
        )
    match = _NUMBER_TEXT.match(cleaned)
    if not match:
        raise ValueError(
            f"Please answer with a number written in digits (you gave the text {_shown(text)})."
        )
    sign, digits, rest = match.group(1), match.group(2), match.group(3).strip()
    if _SCIENTIFIC.match(rest):
        raise ValueError(
            "Please write the number in plain digits; scientific notation such as "
            f"{_shown(digits + rest[:4])} is not accepted here."
        )
    try:
        value, regrouped = _digits_value(digits)
    except _NumberProblem as problem:
        raise ValueError(
            f"Please answer with one number (you gave {_shown(text)}: {problem})."
        ) from None
    if rest:
        if not unit:
            if _ORDINAL.match(rest) and not rest[_ORDINAL.match(rest).end() :].strip():
                raise ValueError(
                    f"Please write just the number {digits}, without {_shown(rest)}: this "
                    "question asks for a plain number."
                )
            raise ValueError(
                f"This question asks for a plain number without a unit (you wrote {_shown(rest)})."
            )
        spellings = {unit.lower(), *(a.lower() for a in aliases)}
        spellings |= set(UNIT_ALIASES.get(unit.lower(), ()))
        said = " ".join(rest.lower().split())
        if said not in spellings and said.rstrip(".") not in spellings:
            raise ValueError(f"Please give the answer in {unit} (you wrote {_shown(rest)}).")
    value = -value if sign == "-" else value
    if not math.isfinite(value):
        raise ValueError(f"{_shown(text)} is too large to be an answer here.")
    return value, regrouped


class Numeric(Question):
    """A question whose answer is a number, accepted within a tolerance.

    Parameters
    ----------
    question : str
    answer : float
        The right answer, ideally computed from the kit's data.
    tolerance : float
        Absolute tolerance, in ``unit``; inclusive: an answer exactly ``tolerance`` away is
        right.
    unit : str
        Printed in the feedback. An answer such as ``"65 km"`` is accepted when the unit
        matches (spellings in :data:`UNIT_ALIASES` or ``unit_aliases``); on a question with no
        unit, any unit is refused.
    hint, explanation : str
    unit_aliases : sequence of str
        More spellings of the unit to accept (e.g. ``["planes"]`` for ``"aircraft"``).

    Notes
    -----
    Text answers are read with :func:`parse_number`. The first wrong number hears only "too
    high" or "too low"; from the second wrong try a coarse band is added ("within 10% of the
    answer"), never the value or the distance.

    Examples
    --------
    >>> q = Numeric("Width of the gap?", answer=65, tolerance=5, unit="km", hint="Use geo.")
    >>> print(q.check(80).message)
    Not quite: 80 km is too high.
    >>> print(q.check(80).message)
    Not quite: 80 km is too high, but within 25% of the answer.
    >>> print(q.check("63 miles").message)
    Please give the answer in km (you wrote 'miles').
    >>> q.check("70 km").correct, q.check(70.01).correct
    (True, False)
    >>> print(q.check(float("nan")).message)
    nan is not a finite number: please answer with an ordinary number.
    """

    _widget_action = "type a number in the box"

    def __init__(
        self,
        question: str,
        answer: float,
        tolerance: float = 0.0,
        unit: str = "",
        hint: str = "",
        explanation: str = "",
        unit_aliases: Sequence[str] = (),
    ):
        super().__init__(question, hint, explanation)
        for name, value in (("answer", answer), ("tolerance", tolerance)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"{name} must be a number, not {_kind(value)}")
            if not math.isfinite(float(value)):
                raise ValueError(f"{name} must be finite, not {value!r}")
        if tolerance < 0:
            raise ValueError("tolerance must be 0 or more")
        if not isinstance(unit, str):
            raise ValueError("unit must be a text ('' for none)")
        self.answer = float(answer)
        self.tolerance = float(tolerance)
        self.unit = unit
        self.unit_aliases = tuple(unit_aliases)
        if self.unit:
            self._widget_action = f"type a number (in {self.unit}) in the box"

    def _check(self, answer: Any, via: str) -> Feedback:
        if answer is None or (via == _WIDGET and isinstance(answer, str) and not answer.strip()):
            return self._no_answer(via)
        try:
            value, regrouped = self._as_number(answer, via)
        except ValueError as problem:
            return self._refuse(str(problem))
        unit = f" {self.unit}" if self.unit else ""
        shown = _fmt(value)
        read = f" (read from {answer.strip()!r})" if regrouped else ""
        off = value - self.answer
        # Inclusive at the bound, in decimal arithmetic on the numbers as written, so that
        # 0.4 against 0.3 +/- 0.1 is right although 0.4 - 0.3 > 0.1 in binary floating point.
        if abs(Decimal(str(value)) - Decimal(str(self.answer))) <= Decimal(str(self.tolerance)):
            return self._right(f"Correct: {shown}{unit}{read}.")
        direction = "too high" if off > 0 else "too low"
        nudge = self._band(value) if self.wrong_tries >= 1 else ""
        return self._wrong(f"Not quite: {shown}{unit}{read} is {direction}{nudge}.")

    def _band(self, value: float) -> str:
        """A coarse nudge for a second or later wrong try: how close, in broad bands."""
        if self.answer == 0:
            return ""
        relative = abs(value - self.answer) / abs(self.answer)
        for limit in (0.10, 0.25, 0.50):
            if relative <= limit:
                return f", but within {limit:.0%} of the answer"
        return ", and more than 50% away from the answer"

    def _as_number(self, answer: Any, via: str) -> tuple[float, bool]:
        if _is_bool(answer):
            raise ValueError("Please answer with a number, not True or False.")
        if isinstance(answer, numbers.Real):
            try:
                value = float(answer)
            except (OverflowError, ValueError):
                raise ValueError(f"{_shown(answer)} is too large to be an answer here.") from None
            if math.isnan(value):
                raise ValueError(
                    f"{_shown(answer)} is not a finite number: please answer with an ordinary number."
                )
            if math.isinf(value):
                raise ValueError(
                    f"{_shown(answer)} is not a finite number: please answer with an ordinary number."
                )
            return value, False
        if isinstance(answer, str):
            if not answer.strip():
                raise ValueError(
                    "Your answer is an empty text: put a number there instead of the quotes "
                    "and run the cell again."
                )
            try:
                return _parse_number(answer, self.unit, self.unit_aliases)
            except ValueError as problem:
                message = str(problem)
                if via == _WIDGET and message.startswith("Please answer with a number written"):
                    message = f"Type only a number in the box (you typed {_shown(answer)})."
                raise ValueError(message) from None
        raise ValueError(
            f"Please answer with a number, not {_kind(answer)}: replace it with one number "
            "and run the cell again."
        )

    def _input_widget(self, widgets):
        return widgets.Text(placeholder=f"a number{f' in {self.unit}' if self.unit else ''}")

    def _static_body_html(self) -> str:
        unit = f" <span>{html.escape(self.unit)}</span>" if self.unit else ""
        return f'<div style="display:flex;align-items:center;gap:0.4em">{_empty_box_html("8em")}{unit}</div>'

    def _static_body_text(self) -> str:
        return f"Answer: ______{f' {self.unit}' if self.unit else ''}"


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1 or value == 0 else f"{value:.2g}"


# --------------------------------------------------------------------------------------------
# Options and text
# --------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Lower case, no accents, hyphens as spaces, no surrounding punctuation or quotes."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.lower().replace("-", " ").replace("\u2019", "'")
    plain = plain.strip(" \t\n.!?;:'\"`()[]")
    words = plain.split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _lettered(texts: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs (letter, text): a, b, c ..."""
    return [(chr(ord("a") + i), text) for i, text in enumerate(texts)]


def _pick(answer: str, choices: Sequence[str]) -> str | None:
    """The choice an answer names: by its text first (leniently), else by its letter."""
    by_text = {_normalise(c): c for c in choices}
    if _normalise(answer) in by_text:
        return by_text[_normalise(answer)]
    key = answer.strip().lower().rstrip(")").strip()
    return dict(_lettered(choices)).get(key)


class MultipleChoice(Question):
    """Pick one option. Answer with the option's text or its letter (``"a"``, ``"b"``...).

    Parameters
    ----------
    question : str
    options : sequence of str
    answer : str
        One of the options.
    hint, explanation : str
    why_wrong : mapping of str to str
        For each wrong option, why it is wrong; shown when that option is picked (without
        naming the right one).

    Examples
    --------
    >>> q = MultipleChoice("Who leads the battlegroup in Lithuania?",
    ...                    ["Germany", "Canada", "United Kingdom"], answer="Germany",
    ...                    why_wrong={"Canada": "Canada leads the battlegroup in Latvia."})
    >>> q.check("a").correct
    True
    >>> print(q.check("Canada").message)
    Not quite: 'Canada' is not the answer. Canada leads the battlegroup in Latvia.
    >>> print(q.check("Spain").message)
    'Spain' is not one of the options: a) Germany, b) Canada, c) United Kingdom.
    """

    _widget_action = "choose an option"

    def __init__(
        self,
        question: str,
        options: Sequence[str],
        answer: str,
        hint: str = "",
        explanation: str = "",
        why_wrong: Mapping[str, str] | None = None,
    ):
        super().__init__(question, hint, explanation)
        if isinstance(options, str) or not all(isinstance(o, str) for o in options):
            raise ValueError("options must be a list of texts")
        if len(options) < 2 or len(set(map(_normalise, options))) != len(options):
            raise ValueError("give at least two options, all different")
        if answer not in options:
            raise ValueError(f"answer {answer!r} must be one of the options")
        why_wrong = dict(why_wrong or {})
        for option in why_wrong:
            if option not in options:
                raise ValueError(f"why_wrong names {option!r}, which is not an option")
            if option == answer:
                raise ValueError("why_wrong cannot explain the right answer")
        self.options = list(options)
        self.answer = answer
        self.why_wrong = why_wrong

    def _check(self, answer: Any, via: str) -> Feedback:
        if answer is None:
            return self._no_answer(via)
        if not isinstance(answer, str):
            return self._refuse(
                "Please answer with the text of an option or its letter (a, b, c ...), "
                f"not {_kind(answer)}."
            )
        if not answer.strip():
            return self._refuse(
                "Your answer is an empty text: put an option's letter or text between the "
                "quotes and run the cell again."
            )
        choice = self._find(answer)
        if choice is None:
            listed = ", ".join(f"{k}) {v}" for k, v in _lettered(self.options))
            return self._refuse(f"{_shown(answer)} is not one of the options: {listed}.")
        if choice == self.answer:
            return self._right(f"Correct: {choice}.")
        why = f" {self.why_wrong[choice]}" if choice in self.why_wrong else ""
        return self._wrong(f"Not quite: {_shown(choice)} is not the answer.{why}")

    def _find(self, answer: str) -> str | None:
        return _pick(answer, self.options)

    def _input_widget(self, widgets):
        return widgets.RadioButtons(
            options=self.options, value=None, layout={"width": "max-content"}
        )

    def _static_body_html(self) -> str:
        items = "".join(
            f'<li style="list-style:none">&#9711; {k}) {html.escape(o)}</li>'
            for k, o in _lettered(self.options)
        )
        return (
            '<ul aria-label="empty answer circles, one per option" '
            f'style="padding-left:0.5em;margin:0.3em 0">{items}</ul>'
        )

    def _static_body_text(self) -> str:
        return "\n".join(f"  {k}) {o}" for k, o in _lettered(self.options))


class ShortText(Question):
    """A short free-text answer (a name, a word), compared leniently with accepted answers.

    Normalisation rules, applied to the answer and to every accepted form alike: case,
    accents and hyphens are ignored ("siauliai" = "Šiauliai"), and so are surrounding spaces,
    quotes and punctuation, and a leading "the". A trailing qualifier after a comma or in
    brackets is accepted when it is one of ``qualifiers`` ("Madrid, Spain" or "Madrid (Spain)"
    for "Madrid" with ``qualifiers=["Spain"]``); any other addition is not, so "Madrid,
    Vilnius" does not pass. List other accepted forms in ``accepted``.

    Examples
    --------
    >>> q = ShortText("Which city hosted the 2022 summit?", accepted=["Madrid"],
    ...               qualifiers=["Spain", "Spanje"])
    >>> q.check("madrid").correct, q.check("Madrid, Spain").correct
    (True, True)
    >>> q.check("Madrid, Vilnius").correct
    False
    >>> print(q.check(42).message)
    Please answer with text in quotes, such as "...", not a whole number.
    """

    def __init__(
        self,
        question: str,
        accepted: Sequence[str],
        hint: str = "",
        explanation: str = "",
        qualifiers: Sequence[str] = (),
    ):
        super().__init__(question, hint, explanation)
        if (
            isinstance(accepted, str)
            or not accepted
            or not all(isinstance(a, str) for a in accepted)
        ):
            raise ValueError("give at least one accepted answer, as a list of texts")
        self.accepted = list(accepted)
        self.qualifiers = list(qualifiers)

    def _check(self, answer: Any, via: str) -> Feedback:
        if answer is None:
            return self._no_answer(via)
        if not isinstance(answer, str):
            return self._refuse(
                f'Please answer with text in quotes, such as "...", not {_kind(answer)}.'
            )
        if not answer.strip():
            if via == _WIDGET:
                return self._no_answer(via)
            return self._refuse(
                "Your answer is an empty text: write it between the quotes and run the cell again."
            )
        if self._matches(answer):
            return self._right(f"Correct: {answer.strip()}.")
        return self._wrong(f"Not quite: {_shown(answer)} is not what we are looking for.")

    def _matches(self, answer: str) -> bool:
        accepted = {_normalise(a) for a in self.accepted}
        said = _normalise(answer)
        if said in accepted:
            return True
        qualifiers = {_normalise(q) for q in self.qualifiers}
        match = re.match(r"^(.*?)\s*(?:,\s*(.+)|\((.+)\))$", answer.strip())
        if match and qualifiers:
            head, qualifier = match.group(1), match.group(2) or match.group(3)
            return _normalise(head) in accepted and _normalise(qualifier) in qualifiers
        return False


# --------------------------------------------------------------------------------------------
# Sorting items into categories
# --------------------------------------------------------------------------------------------


class Classify(Question):
    """Sort items (for example the letter's sentences) into categories.

    Parameters
    ----------
    question : str
    items : sequence of str, or mapping of key to str
        The texts to sort. A list gets the keys ``"1"``, ``"2"``, ...; a mapping keeps its keys
        (e.g. ``{"p04-3": "Voor Nederland is het ..."}``).
    categories : sequence of str
    answer : mapping of key to category
        The right category of every item.
    explanations : mapping of key to str
        Why an item belongs where it does, written without naming its category: shown when the
        item is sorted wrongly. (A text that names the right category is refused.)
    hint : str

    Notes
    -----
    ``check(mapping)`` takes ``{key: category}``; keys may be given as written or, for a list,
    as the item's number; a category by its text (any case) or letter. It counts the right
    ones and explains each wrong one without revealing where it belongs.

    Examples
    --------
    >>> q = Classify("NATO agenda or Dutch position?",
    ...     ["Ministers discuss the report.", "The Netherlands stresses fair burden sharing."],
    ...     ["NATO agenda", "Dutch position"],
    ...     answer={"1": "NATO agenda", "2": "Dutch position"},
    ...     explanations={"1": "It says what all ministers do.",
    ...                   "2": "It says what one ally argues."})
    >>> q.check({"1": "NATO agenda", "2": "Dutch position"}).correct
    True
    >>> print(q.check({1: "a", 2: "a"}).message)
    1 of 2 sorted right. Item 2 ('The Netherlands stresses fair burden sharing.') is not 'NATO agenda': It says what one ally argues.
    """

    _widget_action = "choose a category for every item"

    def __init__(
        self,
        question: str,
        items: Sequence[str] | Mapping[str, str],
        categories: Sequence[str],
        answer: Mapping[str, str],
        explanations: Mapping[str, str],
        hint: str = "",
        explanation: str = "",
    ):
        super().__init__(question, hint, explanation)
        if isinstance(items, Mapping):
            self.items = {str(k): v for k, v in items.items()}
        elif isinstance(items, str):
            raise ValueError("items must be a list of texts or a mapping key -> text")
        else:
            self.items = {str(i): v for i, v in enumerate(items, start=1)}
        if not self.items or not all(isinstance(v, str) and v.strip() for v in self.items.values()):
            raise ValueError("items must be non-empty texts")
        if isinstance(categories, str) or len(categories) < 2:
            raise ValueError("give at least two categories")
        if len(set(map(_normalise, categories))) != len(categories):
            raise ValueError("categories must all be different")
        self.categories = list(categories)
        answer = {str(k): v for k, v in answer.items()}
        explanations = {str(k): v for k, v in explanations.items()}
        if set(answer) != set(self.items):
            raise ValueError(
                f"answer must give a category for exactly the items {sorted(self.items)}"
            )
        for key, category in answer.items():
            if category not in self.categories:
                raise ValueError(f"answer for {key!r}: {category!r} is not a category")
        missing = set(self.items) - set(explanations)
        if missing:
            raise ValueError(f"explanations missing for items {sorted(missing)}")
        for key, text in explanations.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the explanation of item {key!r} must be a non-empty text")
            if re.search(rf"\b{re.escape(_normalise(answer[key]))}\b", _normalise(text)):
                raise ValueError(
                    f"the explanation of item {key!r} names its category {answer[key]!r}; "
                    "explain it without giving the category away"
                )
        self.answer = answer
        self.explanations = explanations

    def _key(self, key: Any) -> str | None:
        if isinstance(key, bool):
            return None
        if isinstance(key, numbers.Integral) or isinstance(key, str):
            text = str(key).strip()
            if text in self.items:
                return text
            for k, v in self.items.items():
                if isinstance(key, str) and _normalise(v) == _normalise(key):
                    return k
        return None

    def _category(self, value: Any) -> str | None:
        return _pick(value, self.categories) if isinstance(value, str) else None

    def _listed_categories(self) -> str:
        return ", ".join(f"{k}) {c}" for k, c in _lettered(self.categories))

    def _check(self, answer: Any, via: str) -> Feedback:
        if answer is None:
            return self._no_answer(via)
        if not isinstance(answer, Mapping):
            return self._refuse(
                "Please answer with a dictionary {item: category}, for example "
                f"{{'{next(iter(self.items))}': 'a'}}, not {_kind(answer)}."
            )
        chosen: dict[str, str] = {}
        problems = []
        for key, value in answer.items():
            item = self._key(key)
            if item is None:
                problems.append(f"{_shown(key)} is not one of the items ({', '.join(self.items)}).")
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            category = self._category(value)
            if category is None:
                problems.append(
                    f"For item {item}, {_shown(value)} is not a category: {self._listed_categories()}."
                )
                continue
            chosen[item] = category
        if problems:
            return self._refuse(" ".join(problems))
        if not chosen:
            if via == _WIDGET:
                return self._no_answer(via)
            return self._refuse(
                "No item is sorted yet: give a category for each item and run the cell again."
            )
        right = [k for k in self.items if chosen.get(k) == self.answer[k]]
        wrong = [k for k in self.items if k in chosen and chosen[k] != self.answer[k]]
        unsorted = [k for k in self.items if k not in chosen]
        if not wrong and not unsorted:
            return self._right(f"All {len(self.items)} sorted right.")
        parts = [f"{len(right)} of {len(self.items)} sorted right."]
        for k in wrong:
            parts.append(
                f"Item {k} ({_shown(self.items[k], 50)}) is not {_shown(chosen[k])}: "
                f"{self.explanations[k]}"
            )
        if unsorted:
            parts.append(f"Not sorted yet: {', '.join(unsorted)}.")
        message = " ".join(parts)
        return self._wrong(message) if wrong else self._refuse(message)

    def widget(self) -> ipywidgets.VBox:
        """One dropdown per item, a Check button and the feedback.

        Examples
        --------
        >>> q = Classify("?", ["x", "y"], ["A", "B"], {"1": "A", "2": "B"},
        ...              {"1": "first", "2": "second"})
        >>> box = q.widget()
        >>> len(box.entry)
        2
        """
        import ipywidgets as widgets

        dropdowns = {
            key: widgets.Dropdown(
                options=[("(choose)", None)] + [(c, c) for c in self.categories],
                value=None,
                layout={"width": "16em"},
            )
            for key in self.items
        }
        rows = [
            widgets.HBox(
                [dropdowns[key], widgets.HTML(f"<b>{html.escape(key)}</b>. {html.escape(text)}")]
            )
            for key, text in self.items.items()
        ]
        button = widgets.Button(description="Check", button_style="primary")
        result = widgets.HTML()

        def on_click(_):
            values = {k: d.value for k, d in dropdowns.items()}
            result.value = self._safe_check(values, _WIDGET)._repr_html_()

        button.on_click(on_click)
        box = _vbox([widgets.HTML(f"<b>{html.escape(self.question)}</b>"), *rows, button, result])
        box.add_class("natokit-quiz")
        box.check_button, box.entry, box.result = button, dropdowns, result
        return box

    def _static_body_html(self) -> str:
        cats = ", ".join(f"{k}) {html.escape(c)}" for k, c in _lettered(self.categories))
        # left-aligned explicitly: JupyterLab's table CSS right-aligns cells
        cell = "text-align:left;vertical-align:top;padding:0.2em 0.4em;"
        rows = "".join(
            f'<tr><td style="{cell}white-space:nowrap"><b>{html.escape(k)}</b></td>'
            f'<td style="{cell}">{html.escape(v)}</td>'
            f'<td style="{cell}">{_empty_box_html("9em")}</td></tr>'
            for k, v in self.items.items()
        )
        return (
            f'<p style="margin:0.2em 0">Categories: {cats}</p>'
            f'<table style="border-collapse:collapse">{rows}</table>'
        )

    def _static_body_text(self) -> str:
        cats = ", ".join(f"{k}) {c}" for k, c in _lettered(self.categories))
        items = "\n".join(f"  {k}. {v}  -> ______" for k, v in self.items.items())
        return f"Categories: {cats}\n{items}"


# --------------------------------------------------------------------------------------------
# Written analysis
# --------------------------------------------------------------------------------------------


class AnalyticTask(Question):
    """A short written argument, checked by the student against a rubric.

    natokit cannot grade prose. ``check(text)`` refuses an empty or too short answer; otherwise
    it returns self-assessment guidance (``graded=False``) that lists the rubric points to
    check one by one and offers the model answer (:meth:`show_model_answer`; in the widget a
    "Show a model answer" button, in static HTML a collapsed block).

    Parameters
    ----------
    question : str
    model_answer : str
    rubric : sequence of str
        What a good answer does, one point each.
    hint : str
    min_words : int
        Answers shorter than this are refused as too short (default 15).

    Examples
    --------
    >>> task = AnalyticTask("Is a tripwire deterrence by denial? Argue in a few sentences.",
    ...     model_answer="Mostly not: ...", rubric=["Defines denial", "Uses the letter"])
    >>> print(task.check("No.").message)
    Your answer has 1 word; write at least 15 words, then check again.
    >>> fb = task.check("A small force cannot stop an attack, but it makes sure that allies "
    ...                 "are involved from the first day, so the attacker faces punishment.")
    >>> fb.graded, fb.correct
    (False, False)
    >>> print(fb.message.splitlines()[0])
    natokit cannot grade a written answer. Check yours against the rubric, point by point:
    """

    _widget_action = "write your answer in the box"
    _widget_button = "Check against the rubric"

    def __init__(
        self,
        question: str,
        model_answer: str,
        rubric: Sequence[str],
        hint: str = "",
        min_words: int = 15,
    ):
        super().__init__(question, hint, "")
        if not isinstance(model_answer, str) or not model_answer.strip():
            raise ValueError("model_answer must be a non-empty text")
        if isinstance(rubric, str) or not rubric or not all(isinstance(r, str) for r in rubric):
            raise ValueError("rubric must be a list of texts, one point each")
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
            raise ValueError("min_words must be a whole number of 1 or more")
        self.model_answer = model_answer
        self.rubric = list(rubric)
        self.min_words = min_words

    def _check(self, answer: Any, via: str) -> Feedback:
        if answer is None:
            return self._no_answer(via)
        if not isinstance(answer, str):
            return self._refuse(
                f'Please write your answer as text between triple quotes ("""..."""), not '
                f"{_kind(answer)}."
            )
        words = len(re.findall(r"\w+", answer))
        if words == 0:
            if via == _WIDGET:
                return self._no_answer(via)
            return self._refuse(
                "Your answer is empty: write it between the quotes and run the cell again."
            )
        if words < self.min_words:
            plural = "word" if words == 1 else "words"
            return self._refuse(
                f"Your answer has {words} {plural}; write at least {self.min_words} words, "
                "then check again."
            )
        points = "\n".join(f"  [ ] {point}" for point in self.rubric)
        where = (
            "press 'Show a model answer'"
            if via == _WIDGET
            else "call .show_model_answer() on this task, e.g. task.show_model_answer()"
        )
        return Feedback(
            False,
            "natokit cannot grade a written answer. Check yours against the rubric, point by "
            f"point:\n{points}\nThen compare it with a model answer: {where}. A different "
            "answer can be just as good if it meets the rubric.",
            graded=False,
        )

    def show_model_answer(self) -> Reveal:
        """The model answer, to compare with after writing your own.

        Examples
        --------
        >>> t = AnalyticTask("Why?", "Because ...", ["Gives a reason"])
        >>> print(t.show_model_answer())
        Model answer
        Because ...
        """
        return Reveal("Model answer", self.model_answer)

    def _input_widget(self, widgets):
        return widgets.Textarea(
            placeholder="your answer (a few sentences)", layout={"width": "100%", "height": "8em"}
        )

    def widget(self) -> ipywidgets.VBox:
        """A text area with "Check against the rubric" and "Show a model answer" buttons.

        Examples
        --------
        >>> t = AnalyticTask("Why?", "Because ...", ["Gives a reason"])
        >>> [b.description for b in (t.widget().check_button, t.widget().model_button)]
        ['Check against the rubric', 'Show a model answer']
        """
        import ipywidgets as widgets

        entry = self._input_widget(widgets)
        check = widgets.Button(
            description=self._widget_button, button_style="primary", layout={"width": "auto"}
        )
        model = widgets.Button(description="Show a model answer", layout={"width": "auto"})
        result, shown = widgets.HTML(), widgets.HTML()

        def on_check(_):
            result.value = self._safe_check(entry.value, _WIDGET)._repr_html_()

        def on_model(_):
            shown.value = self.show_model_answer()._repr_html_()

        check.on_click(on_check)
        model.on_click(on_model)
        box = _vbox(
            [
                widgets.HTML(f"<b>{html.escape(self.question)}</b>"),
                entry,
                widgets.HBox([check, model]),
                result,
                shown,
            ]
        )
        box.add_class("natokit-quiz")
        box.check_button, box.model_button, box.entry, box.result = check, model, entry, result
        box.model_answer = shown
        return box

    def _static_body_html(self) -> str:
        rubric = "".join(f"<li>{html.escape(r)}</li>" for r in self.rubric)
        return (
            f"{_empty_box_html('100%', '5em')}"
            f'<p style="margin:0.2em 0">A good answer (rubric):</p><ul>{rubric}</ul>'
        )

    def _static_extra_html(self) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in self.model_answer.split("\n\n"))
        return f"<details><summary>Show a model answer</summary>{body}</details>"

    def _static_body_text(self) -> str:
        rubric = "\n".join(f"  - {r}" for r in self.rubric)
        return f"Answer: (a few sentences)\nA good answer (rubric):\n{rubric}"
