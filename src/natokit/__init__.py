"""natokit: helpers for a teaching kit on NATO deterrence policy.

The kit is built around one primary source, the Dutch Minister of Defence's letter to parliament
on the NATO Defence Ministers' meeting of 15-16 June 2022. The library loads the kit's sourced
datasets, computes distances and borders correctly, draws maps and charts, and runs small
explorers and self-check questions for the notebooks.

Examples
--------
>>> import natokit
>>> natokit.load("members")["iso3"].size
32
"""

from . import charts, geo, letter, quiz, style
from .data import available, load, source_list

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
