"""Exercises of the notebooks, one module per notebook.

They live in the library rather than in the notebooks so every exercise's ``check()`` is unit
tested with right, wrong and wrong-type answers (``tests/test_exercises_*.py``), and fed wild
values by ``tests/test_exercises_properties.py``, which finds new modules by itself.

Examples
--------
>>> from natokit.exercises import start_here
>>> start_here.founders().check(12).correct
True
"""

__all__ = [
    "air_policing",
    "burden_sharing",
    "course_review",
    "eastern_flank",
    "finland_sweden",
    "long_term",
    "start_here",
    "ukraine_support",
]
