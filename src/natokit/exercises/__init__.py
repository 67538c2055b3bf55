"""Self-check exercises of the notebooks, one module per notebook.

They live in the library rather than in the notebooks so every exercise's ``check()`` is unit
tested with a right and a wrong answer (``tests/test_exercises_*.py``).

Examples
--------
>>> from natokit.exercises import start_here
>>> start_here.founders().check(12).correct
True
"""
