"""Property-based tests: no answer, however wild, breaks a question's check().

Every public function in ``natokit.exercises.*`` that returns a :class:`natokit.quiz.Question`
is found by its return annotation (so a new notebook's module is covered without editing this
file), and so is one sample of each quiz class. Hypothesis feeds each ``check()`` wild values:
None, NaN, infinities, huge and negative numbers, booleans, lists, dicts, bytes, NumPy values,
unicode text and numbers written as text with units. Each must give a :class:`Feedback` with a
message, never an exception, and never through the last-resort "could not be checked" path.
The right answer, read from the question object, is accepted.

Examples per target: ``max_examples=100`` for ``check()`` and 40 for the widget path (the machine
is shared; run with ``--hypothesis-show-statistics`` to see the counts).
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re
import typing
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import natokit.exercises as exercises_package
from natokit import quiz
from natokit.quiz import (
    AnalyticTask,
    Classify,
    Feedback,
    MultipleChoice,
    Numeric,
    Question,
    ShortText,
)

CHECK_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
WIDGET_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SAFETY_NET = "This answer could not be checked"


# -- discovery ------------------------------------------------------------------------------------


def _returns_question(func, module) -> bool:
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Signature.empty:
        return False
    if isinstance(annotation, str):
        namespace = {**vars(quiz), **vars(module)}
        try:
            annotation = eval(annotation, namespace)  # noqa: S307 - our own annotations
        except Exception:
            return False
    candidates = typing.get_args(annotation) or (annotation,)
    return any(inspect.isclass(c) and issubclass(c, Question) for c in candidates)


def _exercise_modules():
    for info in pkgutil.iter_modules(exercises_package.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{exercises_package.__name__}.{info.name}")


def _public_functions(module):
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and func.__module__ == module.__name__:
            yield name, func


def discover() -> dict[str, typing.Callable[[], Question]]:
    """Every public exercise function that returns a Question, by 'module.function'."""
    found = {}
    for module in _exercise_modules():
        for name, func in _public_functions(module):
            if _returns_question(func, module):
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = func
    return found


EXERCISES = discover()


def _samples() -> dict[str, typing.Callable[[], Question]]:
    return {
        "quiz.Numeric": lambda: Numeric("Gap?", answer=65, tolerance=5, unit="km", hint="h"),
        "quiz.Numeric(unitless)": lambda: Numeric("Which meeting?", answer=3),
        "quiz.Numeric(decimal)": lambda: Numeric("Ratio?", answer=0.3, tolerance=0.1),
        "quiz.MultipleChoice": lambda: MultipleChoice(
            "Lead nation?", ["Germany", "Canada", "a"], answer="Canada", why_wrong={"a": "No."}
        ),
        "quiz.ShortText": lambda: ShortText("City?", accepted=["Madrid"], qualifiers=["Spain"]),
        "quiz.Classify": lambda: Classify(
            "Sort.",
            ["Ministers meet.", "The Netherlands argues."],
            ["agenda", "position"],
            {"1": "agenda", "2": "position"},
            {"1": "All take part.", "2": "One government speaks."},
        ),
        "quiz.AnalyticTask": lambda: AnalyticTask(
            "Argue.",
            "A tripwire deters by making escalation certain, not by stopping an attack at the "
            "border, and the letter's measures show both ideas at work.",
            ["Defines the terms", "Uses the letter"],
        ),
    }


TARGETS = {**EXERCISES, **_samples()}


def test_discovery_finds_every_notebooks_exercises():
    modules = {m.__name__.rsplit(".", 1)[-1] for m in _exercise_modules()}
    assert {"start_here", "eastern_flank", "air_policing"} <= modules
    for module in modules:
        assert any(key.startswith(f"{module}.") for key in EXERCISES), module
    assert len(EXERCISES) >= 13


def test_every_public_exercise_function_is_annotated_and_callable_without_arguments():
    # A function the discovery cannot see (no return annotation) or cannot call (required
    # arguments) would escape these properties.
    for module in _exercise_modules():
        for name, func in _public_functions(module):
            signature = inspect.signature(func)
            assert signature.return_annotation is not inspect.Signature.empty, (
                f"{module.__name__}.{name} has no return annotation"
            )
            if _returns_question(func, module):
                required = [
                    p
                    for p in signature.parameters.values()
                    if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                ]
                assert not required, f"{module.__name__}.{name} needs {required}"


# -- right answers, read from the question ----------------------------------------------------------


def _number_text(value: float) -> str:
    text = repr(value)
    return format(value, "f") if "e" in text else text


def right_answers(q: Question) -> list:
    if isinstance(q, Numeric):
        forms = [q.answer, _number_text(q.answer)]
        if q.unit:
            forms.append(f"{_number_text(q.answer)} {q.unit}")
        return forms
    if isinstance(q, MultipleChoice):
        letter = chr(ord("a") + q.options.index(q.answer))
        return [q.answer, letter, q.answer.upper()]
    if isinstance(q, ShortText):
        return list(q.accepted)
    if isinstance(q, Classify):
        return [dict(q.answer)]
    if isinstance(q, AnalyticTask):
        return [q.model_answer]
    raise AssertionError(f"no right-answer rule for {type(q).__name__}: add one here")


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_right_answer_is_accepted(target):
    q = TARGETS[target]()
    for answer in right_answers(q):
        feedback = q.check(answer)
        if isinstance(q, AnalyticTask):
            # cannot be graded: the model answer gets the rubric guidance, not a refusal
            assert not feedback.graded and "cannot grade" in feedback.message, target
        else:
            assert feedback.correct, (target, answer, feedback.message)


# -- wild values ---------------------------------------------------------------------------------------

UNITS = ["", "km", "min", "minutes", "rd", "th", "e5", "E-3", "%", "aircraft", "states", "km/h"]
SEPARATORS = ["", " ", "\u00a0", "\u202f"]

numbers_as_text = st.builds(
    lambda number, sep, unit: f"{number}{sep}{unit}",
    st.one_of(
        st.integers(min_value=-(10**6), max_value=10**6),
        st.floats(allow_nan=True, allow_infinity=True),
        st.from_regex(r"\A[-+]?[0-9]{1,4}([.,' ][0-9]{1,4}){0,3}\Z"),
        st.sampled_from(["nan", "NaN", "inf", "-Infinity", "1e308", "9" * 400, ".5", "3rd"]),
    ),
    st.sampled_from(SEPARATORS),
    st.sampled_from(UNITS),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.sampled_from(
        [
            np.nan,
            np.inf,
            np.float64(65.0),
            np.int64(-3),
            np.bool_(True),
            np.array([1, 2]),
            np.array(3.0),
            b"65 km",
            object(),
            Ellipsis,
            float,
        ]
    ),
)

texts = st.one_of(st.text(), st.text(max_size=3), numbers_as_text)

wild_values = st.one_of(
    scalars,
    texts,
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=4),
    st.tuples(st.integers()),
    st.dictionaries(
        st.one_of(st.text(max_size=6), st.integers(), st.booleans()),
        st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats()),
        max_size=4,
    ),
    st.sets(st.integers(), max_size=3),
)


def _near_misses(q: Question):
    """Values close to the right answer, where parsing and matching rules are tested hardest."""
    if isinstance(q, Numeric):
        return st.builds(
            lambda x, sep, unit: f"{x}{sep}{unit}",
            st.floats(q.answer - 3 * q.tolerance - 5, q.answer + 3 * q.tolerance + 5),
            st.sampled_from(SEPARATORS),
            st.sampled_from(["", q.unit, q.unit.upper(), "miles"]),
        )
    if isinstance(q, MultipleChoice):
        options = q.options + [chr(ord("a") + i) for i in range(len(q.options) + 2)]
        return st.builds(
            lambda o, pre, post: f"{pre}{o}{post}",
            st.sampled_from(options),
            st.sampled_from(["", " ", "'", "("]),
            st.sampled_from(["", ")", ".", "!", " ", "s"]),
        )
    if isinstance(q, ShortText):
        return st.builds(
            lambda a, extra: a + extra,
            st.sampled_from(q.accepted),
            st.sampled_from(["", ", Spain", " (x)", "-", ",", ", , ", "\u0301", "?"]),
        )
    if isinstance(q, Classify):
        keys = list(q.items) + [int(k) for k in q.items if k.isdigit()] + ["zz", 0, True]
        values = q.categories + ["a", "B)", "", None, 3, "unknown", ["x"]]
        return st.dictionaries(st.sampled_from(keys), st.sampled_from(values), max_size=6)
    if isinstance(q, AnalyticTask):
        return st.lists(st.sampled_from(["word", "denial", "\n", "...", "é"]), max_size=40).map(
            " ".join
        )
    return st.nothing()


def _assert_feedback(feedback, target, value):
    assert isinstance(feedback, Feedback), (target, value)
    assert isinstance(feedback.message, str) and feedback.message.strip(), (target, value)
    assert not feedback.message.startswith(SAFETY_NET), (target, value, feedback.message)
    assert str(feedback) and feedback._repr_html_()


def _numeric_oracle(q: Numeric, value, feedback):
    """A correct verdict on a plain number means it really lies within the tolerance."""
    if feedback.correct and isinstance(value, (int, float)) and not isinstance(value, bool):
        assert math.isfinite(value)
        assert abs(Decimal(repr(float(value))) - Decimal(repr(q.answer))) <= Decimal(
            repr(q.tolerance)
        )


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_check_survives_wild_values(target, record_property):
    q = TARGETS[target]()
    examples = []

    @CHECK_SETTINGS
    @given(value=st.one_of(wild_values, _near_misses(q)))
    def check(value):
        examples.append(value)
        feedback = q.check(value)
        _assert_feedback(feedback, target, value)
        if isinstance(q, Numeric):
            _numeric_oracle(q, value, feedback)
        if isinstance(q, AnalyticTask):
            assert not feedback.correct  # prose is never graded right by the machine

    check()
    record_property("hypothesis_examples", len(examples))
    print(f"{target}: {len(examples)} examples")
    assert len(examples) >= 50  # the property really ran on many values


@pytest.mark.parametrize(
    "target",
    sorted(
        key
        for key, make in TARGETS.items()
        if not isinstance(make(), (MultipleChoice, Classify))  # those widgets take no free text
    ),
)
def test_widget_path_survives_any_typed_text(target):
    q = TARGETS[target]()
    box = q.widget()

    @WIDGET_SETTINGS
    @given(text=texts)
    def typed(text):
        box.entry.value = text
        box.check_button.click()
        assert box.result.value and SAFETY_NET not in box.result.value, (target, text)
        assert "replace None" not in box.result.value  # the widget user has no None to replace

    typed()


def test_numeric_rules_hold_for_any_finite_number():
    q = Numeric("?", answer=65, tolerance=5, unit="km")

    @CHECK_SETTINGS
    @given(x=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
    def agree(x):
        feedback = q.check(x)
        inside = abs(Decimal(repr(x)) - Decimal(65)) <= Decimal(5)
        assert feedback.correct is inside
        if not inside:
            assert ("too high" in feedback.message) is (x > 65)
            # after the student's own number comes only a direction and a coarse band
            assert "65" not in feedback.message.split(" is too ", 1)[1]

    agree()


@pytest.mark.parametrize("value", [Fraction(131, 2), Decimal("65.5")])
def test_exact_number_types_are_read_or_refused_clearly(value):
    feedback = Numeric("?", answer=65, tolerance=1).check(value)
    _assert_feedback(feedback, "exact types", value)


# -- no giveaways in what a student sees before answering ----------------------------------------


def _answer_tokens(q: Question) -> list[str]:
    """How the right answer would be written, for a search in hints and static faces."""
    if isinstance(q, Numeric):
        return sorted({f"{q.answer:g}", f"{round(q.answer)}"})
    if isinstance(q, MultipleChoice):
        return [q.answer]
    if isinstance(q, ShortText):
        return list(q.accepted)
    return []


@pytest.mark.parametrize("target", sorted(EXERCISES))
def test_no_hint_or_static_face_gives_the_answer_away(target):
    q = EXERCISES[target]()
    face = q._repr_html_().replace(quiz.html.escape(q.question), "")
    if isinstance(q, MultipleChoice):
        # the options are listed, as they must be; the face must not single out the answer
        face = face.replace(quiz.html.escape(q.answer), "", 1)
    for token in _answer_tokens(q):
        pattern = rf"(?<![\w.]){re.escape(token)}(?![\w]|\.\d)"
        assert not re.search(pattern, q.hint, re.IGNORECASE), (target, "hint", token)
        assert not re.search(pattern, face.replace(quiz.html.escape(q.hint), ""), re.IGNORECASE), (
            target,
            "static face",
            token,
        )


@pytest.mark.parametrize(
    "target",
    sorted(
        k for k, f in EXERCISES.items() if f.__annotations__.get("return") in ("Numeric", Numeric)
    ),
)
def test_wrong_numbers_hear_a_direction_never_the_answer(target):
    q = EXERCISES[target]()
    shown = f"{q.answer:g}"

    @CHECK_SETTINGS
    @given(offset=st.floats(min_value=1.01, max_value=50))
    def wrong(offset):
        for value in (q.answer + q.tolerance * offset + 0.5, q.answer - q.tolerance * offset - 0.5):
            feedback = q.check(value)
            assert not feedback.correct
            assert shown not in feedback.message.split(" is too ", 1)[1]

    wrong()


@pytest.mark.parametrize(
    "target", sorted(k for k, f in EXERCISES.items() if isinstance(f(), MultipleChoice))
)
def test_every_wrong_option_of_an_exercise_is_explained(target):
    q = EXERCISES[target]()
    assert set(q.why_wrong) == set(q.options) - {q.answer}, target
    for option in q.why_wrong:
        assert q.why_wrong[option] in q.check(option).message
