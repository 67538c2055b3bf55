"""RatificationExplorer: the accession protocols of Finland and Sweden, day by day.

A day slider runs from the signature of the protocols (5 July 2022) to Sweden's accession
(7 March 2024); a menu chooses the candidate. The map colours each ally once its parliamentary
procedure has ended (:func:`natokit.accession.ratification_state`), names the allies still to
ratify, and shows the candidate as a partner until its accession day and as an ally from then
on. The caption names the last ratifiers and both accession days.

A step changes the countries' colours, the title and a few labels, then composes the PNG from
cached rasters (:mod:`natokit.frames`, through :meth:`natokit.maps.EuropeMap.to_png`), so it
costs tens of milliseconds. :func:`ratification_map` draws the same picture from scratch, and
:func:`naive_ratification_png` renders it in full with matplotlib: the naive path that the
benchmarks compare the explorer with.

Examples
--------
>>> from natokit.explore_accession import RatificationExplorer
>>> explorer = RatificationExplorer(candidate="FIN", date="2022-07-05")
>>> print(explorer.caption_text.split(".")[0])
5 July 2022: 4 of 30 allies have ratified Finland's accession protocol
>>> explorer.set(date="2021-01-01")
"'2021-01-01' is not a choice for date; choose one of: ...; nothing changed."
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd
import shapely
import shapely.ops

from . import accession, geo, style
from .data import load
from .explore import Explorer, date_slider, day_text
from .maps import OFF_MAP, EuropeMap

__all__ = [
    "RatificationExplorer",
    "black_sea_map",
    "naive_ratification_png",
    "northern_flank_map",
    "paint",
    "ratification_map",
]

_RATIFIED = "Ratified"
_PENDING = "Not yet ratified"
_CANDIDATE = "Candidates"
_NEW = "New allies"
#: Europe with the Atlantic to the west, where the legend sits clear of any ally.
_EXTENT = (-26.0, 45.0, 34.0, 71.0)
#: Label the allies still to ratify on the map when there are at most this many.
_MAX_PENDING_LABELS = 6
_SOURCE = (
    "Sources: data/ratifications.csv (end of each parliamentary procedure, NATO Parliamentary "
    "Assembly and national sources per row), data/members.csv. Canada and the United States "
    "lie off this map."
)


def _day(when: pd.Timestamp) -> str:
    return f"{when.day} {when:%B %Y}"


class _Timeline:
    """The tables a step needs, read once: ratifications, accession days, names.

    A step then filters two small tables in memory instead of loading and validating files.
    """

    def __init__(self):
        table = load("ratifications")
        self.rows = {c: accession.ratifications(c, table) for c in accession.CANDIDATES}
        self.joins = {c: accession.accession_day(c) for c in accession.CANDIDATES}
        self.last = {c: accession.last_ratifiers(c, 2) for c in accession.CANDIDATES}
        codes = set(table["iso3"]) | set(accession.CANDIDATES)
        self.names = {code: geo.country_name(code) for code in codes}
        self._states: dict[tuple, accession.RatificationState] = {}

    #: Days whose state is kept (two candidates, about 600 days each on the slider).
    STATES_KEPT = 1500

    def state(self, candidate: str, date: object) -> accession.RatificationState:
        """The day's state (a pure result, kept: a slider moved back does not filter again);
        each caller gets its own lists."""
        key = (candidate, str(date))
        found = self._states.get(key)
        if found is None:
            found = accession.ratification_state(candidate, date, self.rows[candidate], self.joins)
            if len(self._states) >= self.STATES_KEPT:
                del self._states[next(iter(self._states))]
            self._states[key] = found
        return dataclasses.replace(
            found,
            ratified=list(found.ratified),
            pending=list(found.pending),
            undated=list(found.undated),
            unconfirmed=list(found.unconfirmed),
        )

    def list(self, codes) -> str:
        return ", ".join(self.names[code] for code in codes)


def paint(view: EuropeMap, candidate: str, date: object, timeline: _Timeline | None = None) -> str:
    """Draw one day's picture on ``view`` and return the caption (the explorer's ``_update``).

    Examples
    --------
    >>> m = EuropeMap("europe")
    >>> paint(m, "SWE", "2024-02-26").startswith("26 February 2024: 30 of 30 allies")
    True
    >>> m.color_of("HUN") == style.COLORS["ally"].lower()
    True
    """
    timeline = timeline or _Timeline()
    state = timeline.state(candidate, date)
    when = state.date
    joined = [c for c in accession.CANDIDATES if timeline.joins[c] <= when]
    waiting = [c for c in accession.CANDIDATES if c not in joined]
    groups = {
        _RATIFIED: state.ratified,
        _PENDING: state.pending,
        _CANDIDATE: waiting,
        _NEW: joined,
    }
    colors = {
        _RATIFIED: style.COLORS["ally"],
        _PENDING: style.COLORS["highlight"],
        _CANDIDATE: style.COLORS["partner"],
        _NEW: style.COLORS["new_ally"],
    }
    shown = {label: codes for label, codes in groups.items() if codes}
    name = accession.CANDIDATES[candidate]
    view.shade({code: colors[label] for label, codes in shown.items() for code in codes})
    # The legend sits over the Atlantic, west of Ireland, clear of every ally.
    view.set_legend(
        [(label, colors[label], "patch") for label in shown],
        title="Accession protocol",
        loc="center left",
    )
    # Name the candidates and, when few are left, the allies still to ratify: the map is
    # read by its labels as well as by its colours.
    labelled = list(accession.CANDIDATES)
    if len(state.pending) <= _MAX_PENDING_LABELS:
        labelled += [c for c in state.pending if c not in OFF_MAP]
    view.label_countries(labelled, at={c: _label_spot(c) for c in labelled})
    view.set_title(
        f"{name}'s accession protocol, {_day(when)}: {len(state.ratified)} of {state.total} "
        "allies have ratified"
    )
    view.alt = (
        f"Map of Europe on {_day(when)}: the {len(state.ratified)} allies that had ratified "
        f"{name}'s accession protocol in blue, the {len(state.pending)} still to ratify in orange"
        + (f" ({timeline.list(state.pending)})" if state.pending else "")
        + f"; {name} {'an ally' if candidate in joined else 'a candidate'}."
    )
    caption = (
        f"{_day(when)}: {len(state.ratified)} of {state.total} allies have ratified {name}'s "
        "accession protocol."
    )
    if state.pending:
        caption += f" Still to ratify: {timeline.list(state.pending)}."
    caption += " Last to ratify: " + "; ".join(
        f"{timeline.names[code]} ({_day(day)})" for code, day in timeline.last[candidate]
    )
    caption += "."
    if state.unconfirmed:
        caption += f" Date not confirmed for: {timeline.list(state.unconfirmed)}."
    if state.undated:
        caption += (
            f" Not shown, end known only to the month or year: {timeline.list(state.undated)}."
        )
    others = [c for c in accession.CANDIDATES if c != candidate]
    for code in [candidate, *others]:
        day = timeline.joins[code]
        verb = "joined" if day <= when else "joins"
        today = " (today)" if day == when else ""
        caption += f" {accession.CANDIDATES[code]} {verb} NATO on {_day(day)}{today}."
    return caption


@lru_cache(maxsize=64)
def _label_spot(code: str) -> tuple[float, float]:
    """Where a country's name goes: deep inside its largest part (computed once per country)."""
    parts = shapely.get_parts(geo.country_geometry(code))
    largest = max(parts, key=lambda p: p.area)
    spot = shapely.ops.polylabel(largest, tolerance=max(largest.length / 500, 100.0))
    point = geo.to_lonlat(spot)
    return (point.x, point.y)


def ratification_map(candidate: str = "FIN", date: object = accession.SIGNED) -> EuropeMap:
    """The explorer's picture for one day, drawn on a new map (no explorer, no widgets).

    Examples
    --------
    >>> m = ratification_map("FIN", "2023-04-04")
    >>> m.title.startswith("Finland's accession protocol, 4 April 2023: 30 of 30")
    True
    """
    view = EuropeMap(_EXTENT, source=_SOURCE)
    paint(view, candidate, date)
    return view


def naive_ratification_png(candidate: str = "FIN", date: object = accession.SIGNED) -> bytes:
    """The naive way to show a step: build the whole map again and render it with matplotlib.

    The benchmarks time this against :meth:`RatificationExplorer.set`.

    Examples
    --------
    >>> naive_ratification_png("SWE", "2023-01-01")[:4]
    b'\\x89PNG'
    """
    return ratification_map(candidate, date).to_png(exact=True)


class RatificationExplorer(Explorer):
    """Day by day from the signature of the protocols to Sweden's accession, for either candidate.

    Parameters
    ----------
    candidate : {"FIN", "SWE"}
        Whose protocol to follow.
    date : str, optional
        ``YYYY-MM-DD``, from 5 July 2022 to 7 March 2024; the signature day when not given.

    Raises
    ------
    ValueError
        For another candidate or a day outside that range.

    Examples
    --------
    >>> explorer = RatificationExplorer("SWE", "2023-04-04")
    >>> explorer.set(candidate="FIN").split(":")[0]
    '4 April 2023'
    >>> RatificationExplorer("NOR")
    Traceback (most recent call last):
    ...
    ValueError: 'NOR' is not a choice for candidate; choose one of: FIN, SWE.
    """

    def __init__(self, candidate: str = "FIN", date: str | None = None):
        days = accession.ratification_days()
        slider = date_slider(days, lambda d: f"{d.day} {d:%b %Y}", "Day", "40em")
        menu = widgets.ToggleButtons(
            options=[(name, code) for code, name in accession.CANDIDATES.items()],
            description="Protocol",
        )
        menu.value = self._checked(menu, "candidate", candidate)
        if date is not None:
            slider.value = self._checked(slider, "date", day_text(date))
        self.view = EuropeMap(_EXTENT, source=_SOURCE)
        self._timeline = _Timeline()
        super().__init__({"candidate": menu, "date": slider})

    def _update(self) -> str:
        candidate, date = self.controls["candidate"].value, self.controls["date"].value
        return paint(self.view, candidate, date, self._timeline)

    @property
    def state_now(self) -> accession.RatificationState:
        """Where the chosen protocol stands on the chosen day.

        Examples
        --------
        >>> RatificationExplorer("FIN", "2023-03-28").state_now.pending
        ['TUR']
        """
        candidate, date = self.controls["candidate"].value, self.controls["date"].value
        return self._timeline.state(candidate, date)

    def key_days(self) -> list[str]:
        """The days on which something changed for the chosen candidate, to step through.

        Examples
        --------
        >>> RatificationExplorer("SWE").key_days()[-2:]
        ['2024-02-26', '2024-03-07']
        """
        candidate = self.controls["candidate"].value
        rows = self._timeline.rows[candidate]
        days = {accession.SIGNED, *rows["completed_on"].dt.strftime("%Y-%m-%d")}
        days |= {accession.accession_day(c).strftime("%Y-%m-%d") for c in accession.CANDIDATES}
        return sorted(days)


# -- figures of notebook 04 ------------------------------------------------------------------


def _border_band(a: str, b: str, half_width_m: float) -> shapely.Geometry:
    """The border two countries share, as a narrow band (LAEA metres) that draws as a line."""
    shared = geo.country_geometry(a).boundary.intersection(geo.country_geometry(b).boundary)
    return shared.buffer(half_width_m, cap_style="flat")


def northern_flank_map() -> EuropeMap:
    """The northern flank after both accessions: allies old and new, Russia, the border Finland
    added, and the Baltic Sea as the kit measures its coast.

    Examples
    --------
    >>> m = northern_flank_map()
    >>> m.legend_labels()[:2]
    ['Allies before 2023', 'Finland, Sweden (joined 2023/24)']
    """
    colors = style.COLORS
    change = accession.russia_border_change()
    coast = accession.coast_held_by_allies("baltic", ["2022-06-15", "2024-03-07"])
    before, after = coast["allied_pct"]
    old = [c for c in geo.members_on("2023-04-03")["iso3"] if c not in OFF_MAP]
    view = EuropeMap(
        "nordic",
        title=f"Northern flank: border with Russia ×{change.published_factor:.0f}, "
        f"Baltic coast {after:.0f}% allied",
        source="Sources: data/members.csv; border lengths published (data/border_lengths.csv); "
        "coast measured on the kit's basemap inside the kit's Baltic limits (dashed).",
        alt=(
            "Map of northern Europe: the allies before April 2023 in blue, Finland and Sweden "
            "in light blue, Russia and Belarus hatched in vermillion; the Finland-Russia border "
            f"drawn in black ({1340:,} km published); a dashed line marks the Baltic Sea as the "
            f"kit measures it, whose coast was {before:.0f}% allied in June 2022 and "
            f"{after:.0f}% after Sweden joined."
        ),
    )
    shading = {code: colors["ally"] for code in old}
    shading.update({"FIN": colors["new_ally"], "SWE": colors["new_ally"]})
    shading.update({"RUS": colors["adversary"], "BLR": colors["adversary"]})
    view.shade(shading)
    view.hatch_countries(["RUS", "BLR"], hatch=style.HATCHES["adversary"])
    view.add_shape(
        "finnish border",
        _border_band("FIN", "RUS", 5000.0),
        facecolor=colors["text"],
        alpha=1.0,
        edgecolor="none",
        projected=True,
    )
    view.add_shape(
        "baltic",
        shapely.segmentize(accession.SEAS["baltic"].polygon, 0.5),
        edgecolor=colors["text"],
        linestyle="--",
        linewidth=1.2,
    )
    view.label_countries(["FIN", "SWE", "NOR", "EST", "LVA", "LTU", "RUS", "DNK", "POL"])
    view.set_legend(
        [
            ("Allies before 2023", colors["ally"], "patch"),
            ("Finland, Sweden (joined 2023/24)", colors["new_ally"], "patch"),
            ("Russia, Belarus", colors["adversary"], "patch", style.HATCHES["adversary"]),
            ("Finland-Russia border", colors["text"], "line"),
            ("Baltic Sea (kit's limits)", colors["text"], "dashed"),
        ],
        loc="center left",
    )
    return view


def black_sea_map() -> EuropeMap:
    """The Black Sea's littoral states today: allies, partners, Russia.

    Examples
    --------
    >>> m = black_sea_map()
    >>> m.title
    'The Black Sea: 3 of its 6 littoral states are allies'
    """
    colors = style.COLORS
    table = accession.coastline_table("black_sea")
    allies = list(table.loc[table["ally"], "iso3"])
    partners = [c for c in table["iso3"] if c not in allies and c != "RUS"]
    view = EuropeMap(
        "black_sea",
        title=f"The Black Sea: {len(allies)} of its {len(table)} littoral states are allies",
        source="Sources: data/members.csv; littoral states and coast shares measured on the "
        "kit's basemap inside the kit's Black Sea limits (dashed). Crimea is drawn as Ukraine "
        "(internationally recognised borders).",
        alt=(
            f"Map of the Black Sea region: the allies {_listed(allies)} in blue, the partners "
            f"{_listed(partners)} and, inland, Moldova hatched in yellow, Russia hatched in "
            "vermillion; a dashed "
            "line marks the sea as the kit measures it."
        ),
    )
    shading = {code: colors["ally"] for code in allies}
    shading.update({code: colors["partner"] for code in [*partners, "MDA"]})
    shading["RUS"] = colors["adversary"]
    view.shade(shading)
    view.hatch_countries([*partners, "MDA"], hatch=style.HATCHES["partner"], layer="partners")
    view.hatch_countries(["RUS"], hatch=style.HATCHES["adversary"], layer="russia")
    view.add_shape(
        "black sea",
        shapely.segmentize(accession.SEAS["black_sea"].polygon, 0.5),
        edgecolor=colors["text"],
        linestyle="--",
        linewidth=1.2,
    )
    view.label_countries([*table["iso3"], "MDA"])
    view.set_legend(
        [
            ("Allies", colors["ally"], "patch"),
            ("Partners (Ukraine, Georgia, Moldova)", colors["partner"], "patch", "..."),
            ("Russia", colors["adversary"], "patch", style.HATCHES["adversary"]),
            ("Black Sea, the kit's limits", colors["text"], "dashed"),
        ],
        loc="upper left",
    )
    return view


def _listed(codes) -> str:
    names = [geo.country_name(code) for code in codes]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
