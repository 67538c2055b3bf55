"""natokit: helpers for a teaching kit on NATO deterrence policy.

The kit is built around one primary source, the Dutch Minister of Defence's letter to parliament
on the NATO Defence Ministers' meeting of 15-16 June 2022. The library loads the kit's sourced
datasets, computes distances and borders correctly, draws maps and charts, and runs small
explorers and self-check questions for the notebooks.

``import natokit`` is cheap: submodules (``natokit.geo``, ``natokit.charts`` ...) and the data
functions (``natokit.load`` ...) are imported the first time they are used (PEP 562), so a
notebook pays only for what it uses, and ``from natokit import geo`` works as always.

Examples
--------
>>> import natokit
>>> natokit.load("members")["iso3"].size
32
>>> natokit.geo.__name__
'natokit.geo'
"""

from __future__ import annotations

import importlib

__all__ = [
    "available",
    "load",
    "source_list",
    "charts",
    "geo",
    "letter",
    "quiz",
    "style",
    "__version__",
]
__version__ = "0.1.0"

# The public names that live in natokit.data.
_FROM_DATA = frozenset({"available", "load", "source_list"})


def __getattr__(name: str):
    """Import a submodule, or a function of natokit.data, on first use (PEP 562)."""
    if name in _FROM_DATA:
        value = getattr(importlib.import_module(".data", __name__), name)
    elif name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    else:
        try:
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise  # a submodule that exists but fails to import says why
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value  # next time a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
