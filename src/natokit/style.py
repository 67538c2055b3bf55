"""One colour-blind-safe palette and a presentation mode, shared by every map and chart.

The palette is Okabe & Ito's (2008), designed to stay distinguishable for the common forms of
colour-vision deficiency. Semantic names (``member``, ``candidate`` ...) keep the meaning of a
colour the same across notebooks.

Examples
--------
>>> from natokit import style
>>> style.COLORS["member"]
'#0072B2'
>>> style.presentation_mode(True)
>>> style.is_presentation()
True
>>> style.presentation_mode(False)
"""

from __future__ import annotations

import matplotlib as mpl

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

# What each colour means in the kit. Land and borders are neutral greys so the data stands out.
COLORS = {
    "member": OKABE_ITO["blue"],
    "new_member": OKABE_ITO["sky_blue"],
    "candidate": OKABE_ITO["orange"],
    "partner": OKABE_ITO["yellow"],
    "russia": OKABE_ITO["vermillion"],
    "belarus": OKABE_ITO["reddish_purple"],
    "host": OKABE_ITO["bluish_green"],
    "framework": OKABE_ITO["blue"],
    "highlight": OKABE_ITO["vermillion"],
    "netherlands": OKABE_ITO["orange"],
    "land": "#E6E6E6",
    "border": "#FFFFFF",
    "sea": "#FFFFFF",
    "text": "#222222",
    "muted": "#666666",
}

# Order in which charts pick colours for series that have no semantic colour.
SERIES = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["black"],
]

_NORMAL = {"base": 10.0, "title": 13.0, "small": 8.0, "dpi": 90, "width_in": 8.0}
_PRESENTATION = {"base": 15.0, "title": 19.0, "small": 12.0, "dpi": 110, "width_in": 10.0}
_state = {"presentation": False}


def presentation_mode(on: bool = True) -> None:
    """Switch larger fonts and figures on or off, for projectors in a classroom.

    Figures created after the switch use the new sizes; existing figures keep theirs.

    Parameters
    ----------
    on : bool, default True
        True for presentation sizes, False for the normal notebook sizes.

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
    """Font sizes (points), resolution (dpi) and default figure width (inches) in force now.

    Examples
    --------
    >>> from natokit import style
    >>> sorted(style.sizes())
    ['base', 'dpi', 'small', 'title', 'width_in']
    """
    return dict(_PRESENTATION if _state["presentation"] else _NORMAL)
