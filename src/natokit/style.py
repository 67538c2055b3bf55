"""One colour-blind-safe palette with one meaning per colour, and a presentation mode.

The palette is Okabe & Ito's (2008), designed to stay distinguishable for the common forms of
colour-vision deficiency. Each colour carries one meaning in every notebook and explorer of the
kit (:data:`MEANINGS`): allies are always blue, adversaries always vermillion, and so on. A few
older names (``member``, ``russia`` ...) are synonyms of a meaning, never a second meaning.

Colour is never the only cue: maps also label the countries that matter
(:meth:`natokit.maps.EuropeMap.label_countries`), can hatch them
(:meth:`natokit.maps.EuropeMap.hatch_countries`), and give markers distinct shapes.

Examples
--------
>>> from natokit import style
>>> style.COLORS["ally"]
'#0072B2'
>>> style.COLORS["russia"] == style.COLORS["belarus"] == style.COLORS["adversary"]
True
>>> style.presentation_mode(True)
>>> style.is_presentation(), style.sizes()["scale"]
(True, 1.5)
>>> style.presentation_mode(False)
"""

from __future__ import annotations

import matplotlib as mpl

__all__ = [
    "OKABE_ITO",
    "MEANINGS",
    "SYNONYMS",
    "COLORS",
    "NEUTRALS",
    "SERIES",
    "ASPECT",
    "MARKERS",
    "HATCHES",
    "presentation_mode",
    "is_presentation",
    "sizes",
]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# One colour per meaning; no two meanings share a colour (tests/test_style.py checks it).
MEANINGS = {
    "ally": OKABE_ITO["blue"],  # a NATO ally (on the date the figure shows)
    "new_ally": OKABE_ITO["sky_blue"],  # joined in the period the figure is about
    "partner": OKABE_ITO["yellow"],  # candidates and partners: close to NATO, not allies
    "adversary": OKABE_ITO["vermillion"],  # Russia and Belarus
    "host": OKABE_ITO["bluish_green"],  # hosts a battlegroup or an Air Policing base
    "framework": OKABE_ITO["reddish_purple"],  # leads a battlegroup abroad
    "highlight": OKABE_ITO["orange"],  # what the figure is about: the Netherlands, a base
}

# Other names for a meaning, so a notebook can say what it means ("russia") in its own words.
SYNONYMS = {
    "member": "ally",
    "new_member": "new_ally",
    "candidate": "partner",
    "russia": "adversary",
    "belarus": "adversary",
    "netherlands": "highlight",
}

# Greys and black carry no meaning of their own: land, borders, sea, text, secondary text.
NEUTRALS = {
    "land": "#E6E6E6",
    "border": "#FFFFFF",
    "sea": "#FFFFFF",
    "text": "#222222",
    "muted": "#666666",
}

COLORS = {**MEANINGS, **{name: MEANINGS[meaning] for name, meaning in SYNONYMS.items()}, **NEUTRALS}

# Marker shapes and hatches that back up a colour, so a meaning never rests on colour alone.
MARKERS = {"base": "^", "battlegroup": "o", "capital": "s", "point": "o"}
HATCHES = {"adversary": "///", "partner": "..", "new_ally": "\\\\"}

# Order in which charts pick colours for series that have no semantic colour.
SERIES = [
    OKABE_ITO["blue"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["yellow"],
    OKABE_ITO["black"],
]

# Laptop: 9 x 5.1 in at 90 dpi (810 x 456 px, 16:9). Projector: 12 x 6.75 in at 110 dpi
# (1320 x 742 px), fonts, lines and markers 1.5 times larger so they read from the back row.
_NORMAL = {"base": 10.0, "title": 13.0, "small": 8.5, "dpi": 90, "width_in": 9.0, "scale": 1.0}
_PRESENTATION = {
    "base": 15.0,
    "title": 19.5,
    "small": 12.75,
    "dpi": 110,
    "width_in": 12.0,
    "scale": 1.5,
}
ASPECT = 9 / 16  # height / width of a default figure: landscape, like a projector and a laptop
_state = {"presentation": False}


def presentation_mode(on: bool = True) -> None:
    """Switch projector sizes on or off: larger fonts, lines, markers and figures.

    Figures created after the switch use the new sizes; existing figures keep theirs, so
    re-run the notebook after switching.

    Parameters
    ----------
    on : bool, default True
        True for presentation sizes, False for the normal notebook sizes.

    Raises
    ------
    TypeError
        If ``on`` is not a bool.

    Examples
    --------
    >>> from natokit import style
    >>> style.presentation_mode()
    >>> style.sizes()["base"] > 10
    True
    >>> style.presentation_mode(False)
    """
    if not isinstance(on, bool):
        raise TypeError(f"presentation_mode expects True or False, not {on!r}")
    _state["presentation"] = on
    mpl.rcParams["font.size"] = sizes()["base"]


def is_presentation() -> bool:
    """Return True when presentation mode is on.

    Examples
    --------
    >>> from natokit import style
    >>> style.is_presentation() in (True, False)
    True
    """
    return _state["presentation"]


def sizes() -> dict[str, float]:
    """Sizes in force now.

    ``base``, ``title``, ``small``: font sizes in points; ``dpi``; ``width_in``: default figure
    width in inches; ``scale``: factor for line widths and marker diameters (1 on a laptop).

    Examples
    --------
    >>> from natokit import style
    >>> sorted(style.sizes())
    ['base', 'dpi', 'scale', 'small', 'title', 'width_in']
    """
    return dict(_PRESENTATION if _state["presentation"] else _NORMAL)
