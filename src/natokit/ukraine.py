"""Supporting Ukraine: the Contact Group's meetings, Ukraine's neighbourhood, hubs and coalitions.

Everything here is computed from the kit's sourced tables: the Ukraine Defense Contact Group's
meetings (``data/udcg_meetings.csv``), NATO membership (``data/members.csv``), the basemap's land
borders (set against published lengths in ``data/border_lengths.csv`` by
:func:`natokit.geo.border_comparison`), the logistics hubs the sources name
(``data/logistics_hubs.csv``) and the capability coalitions that grew out of the group
(``data/coalitions.csv``).

Ukraine's land neighbours are not typed in: :func:`neighbours` finds every country that shares a
border with Ukraine on the basemap, so the list and the map can never disagree.

Examples
--------
>>> from natokit import ukraine
>>> ukraine.neighbours()
('RUS', 'MDA', 'BLR', 'ROU', 'POL', 'HUN', 'SVK')
>>> ukraine.neighbourhood("2022-06-15").allies
('ROU', 'POL', 'HUN', 'SVK')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D

from . import geo, style
from .data import fingerprint, load
from .dates import parse_date
from .figures import FigureView
from .maps import EuropeMap
from .tables import format_date

__all__ = [
    "UKRAINE",
    "WINDOW",
    "ADVERSARIES",
    "neighbours",
    "Neighbourhood",
    "neighbourhood",
    "neighbourhood_caption",
    "draw_neighbourhood",
    "legend_entries",
    "neighbourhood_map",
    "border_table",
    "meetings",
    "meetings_by",
    "meeting_on",
    "chairs",
    "meetings_table",
    "meetings_chart",
    "hubs",
    "coalitions",
    "coalitions_table",
]

#: Ukraine's code on the basemap.
UKRAINE = "UKR"
#: The map window around Ukraine and its neighbours (lon_min, lon_max, lat_min, lat_max).
WINDOW = (14.0, 41.0, 43.5, 55.5)
#: Neighbours coloured as adversaries in the kit (style.MEANINGS): Russia and Belarus.
ADVERSARIES = ("RUS", "BLR")
_FORMATS = ("in person", "hybrid", "virtual")


# -- the neighbourhood -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _neighbours_cached(_key: tuple) -> tuple[str, ...]:
    lengths = {}
    for code in geo.country_names():
        if code != UKRAINE:
            km = geo.border_length_km(UKRAINE, code)
            if km > 0:
                lengths[code] = km
    return tuple(sorted(lengths, key=lengths.get, reverse=True))


@lru_cache(maxsize=4)
def _border_km_cached(_key: tuple) -> dict[str, float]:
    # Measured once per basemap: a slider step must not redo the geometry.
    return {c: geo.border_length_km(UKRAINE, c) for c in _neighbours_cached(_key)}


def neighbours() -> tuple[str, ...]:
    """Ukraine's land neighbours on the kit's basemap, longest shared border first.

    Computed, not typed in: every country whose outline shares a line with Ukraine's.

    Examples
    --------
    >>> len(neighbours())
    7
    """
    return _neighbours_cached(fingerprint("countries"))


@dataclass(frozen=True)
class Neighbourhood:
    """Ukraine's neighbours on one date, sorted by what they were then.

    Attributes
    ----------
    date : pandas.Timestamp
    allies : tuple of str
        Neighbours that were NATO allies on that date (longest border first).
    adversaries : tuple of str
        Russia and Belarus.
    others : tuple of str
        Every other neighbour (Moldova, and allies-to-be before they joined).
    border_km : dict of str to float
        Each neighbour's land border with Ukraine, measured on the kit's basemap.
    meetings_held : int
        Contact Group meetings in ``data/udcg_meetings.csv`` on or before the date.
    """

    date: pd.Timestamp
    allies: tuple[str, ...]
    adversaries: tuple[str, ...]
    others: tuple[str, ...]
    border_km: dict
    meetings_held: int

    @property
    def allied_km(self) -> float:
        """Length of Ukraine's land border with allied neighbours on the basemap, in km."""
        return sum(self.border_km[c] for c in self.allies)

    @property
    def total_km(self) -> float:
        """Length of all Ukraine's land borders on the basemap, in km."""
        return sum(self.border_km.values())


def neighbourhood(
    date: object,
    members: pd.DataFrame | None = None,
    meeting_dates: pd.Series | None = None,
) -> Neighbourhood:
    """Which of Ukraine's neighbours were allies on a date, and how long their borders are.

    Parameters
    ----------
    date : str or date-like
        ``"YYYY-MM-DD"``; membership counts from the day of accession
        (:func:`natokit.geo.members_on`).
    members, meeting_dates : optional
        The ``members`` table and the meetings' ``date`` column, for callers that ask for many
        dates (an explorer loads them once); loaded when not given.

    Examples
    --------
    >>> n = neighbourhood("2003-12-31")
    >>> n.allies, n.adversaries
    (('POL', 'HUN'), ('RUS', 'BLR'))
    >>> neighbourhood("2022-06-15").meetings_held
    3
    """
    when = parse_date(date, what="neighbourhood date")
    codes = neighbours()
    allies_then = set(geo.members_on(when, members)["iso3"])
    dates = meetings()["date"] if meeting_dates is None else meeting_dates
    return Neighbourhood(
        date=when,
        allies=tuple(c for c in codes if c in allies_then),
        adversaries=tuple(c for c in codes if c in ADVERSARIES),
        others=tuple(c for c in codes if c not in allies_then and c not in ADVERSARIES),
        border_km=dict(_border_km_cached(fingerprint("countries"))),
        meetings_held=int((dates <= when).sum()),
    )


def _names(codes) -> str:
    return ", ".join(geo.country_name(c) for c in codes) or "none"


def neighbourhood_caption(n: Neighbourhood, when: str) -> str:
    """One sentence on a :class:`Neighbourhood`, for a caption or a print-out.

    Examples
    --------
    >>> neighbourhood_caption(neighbourhood("1998-12-31"), "End of 1998")[:44]
    "End of 1998: 0 of Ukraine's 7 neighbours are"
    """
    count = len(neighbours())
    text = (
        f"{when}: {len(n.allies)} of Ukraine's {count} neighbours are NATO allies "
        f"({_names(n.allies)}); their land border with Ukraine measures "
        f"{n.allied_km:,.0f} km of {n.total_km:,.0f} km on the kit's basemap."
    )
    if n.meetings_held:
        noun = "meeting" if n.meetings_held == 1 else "meetings"
        text += f" Contact Group {noun} in the kit's table by then: {n.meetings_held}."
    return text


def draw_neighbourhood(view: EuropeMap, n: Neighbourhood) -> None:
    """Shade Ukraine and its neighbours on ``view`` for a :class:`Neighbourhood`.

    Allies blue, Ukraine in the partner colour (a NATO partner in the letter), Russia and
    Belarus as adversaries, other
    neighbours left neutral; every country named on the map, so colour is never the only cue.
    Used by :func:`neighbourhood_map` and :class:`natokit.explore_udcg.NeighbourhoodExplorer`.

    Examples
    --------
    >>> m = EuropeMap(WINDOW)
    >>> draw_neighbourhood(m, neighbourhood("2022-06-15"))
    >>> m.color_of("POL") == style.COLORS["ally"].lower(), m.legend_labels()[0]
    (True, 'NATO ally')
    """
    colors = {code: style.COLORS["ally"] for code in n.allies}
    colors.update({code: style.COLORS["adversary"] for code in n.adversaries})
    colors[UKRAINE] = style.COLORS["partner"]
    view.shade(colors)
    view.label_countries((UKRAINE, *neighbours()))
    view.set_legend(legend_entries(n), loc="lower left")


def neighbourhood_map(date: object = "2022-06-15", with_hubs: bool = True) -> EuropeMap:
    """A static map of Ukraine's neighbourhood on a date, with the logistics hubs named.

    Examples
    --------
    >>> m = neighbourhood_map("2022-06-15")
    >>> "Rzeszów-Jasionka" in m.alt
    True
    """
    n = neighbourhood(date)
    when = format_date(n.date)
    view = EuropeMap(
        WINDOW,
        title=f"Ukraine's neighbourhood on {when}: {len(n.allies)} allied neighbours",
        source="Sources: data/members.csv (NATO accession dates); land borders from the kit's "
        "basemap (Natural Earth); hubs: data/logistics_hubs.csv (places named by the sources; "
        "markers at the nearby city).",
    )
    draw_neighbourhood(view, n)
    alt = (
        f"Map of Ukraine and its {len(neighbours())} land neighbours on {when}: allies "
        f"{_names(n.allies)}; Russia and Belarus marked as adversaries; other neighbours "
        f"{_names(n.others)}."
    )
    if with_hubs:
        table = hubs()
        view.add_points(
            "hubs",
            table["lon"],
            table["lat"],
            labels=list(table["name"]),
            color=style.COLORS["highlight"],
            marker=style.MARKERS["base"],
            size=70,
        )
        legend = [*legend_entries(n)]
        legend.append(
            (
                "Hub or command named by the sources",
                style.COLORS["highlight"],
                "marker",
                style.MARKERS["base"],
            )
        )
        view.set_legend(legend, loc="lower left")
        alt += " Triangles mark " + "; ".join(table["name"]) + "."
    view.alt = alt
    return view


def legend_entries(n: Neighbourhood) -> list[tuple[str, str, str]]:
    """The legend of a neighbourhood map: ``(label, colour, kind)`` for the groups it shows.

    A group with no country on the map (no allies before 1999) gets no entry.

    Examples
    --------
    >>> [label for label, _, _ in legend_entries(neighbourhood("2022-06-15"))]
    ['NATO ally', 'Ukraine', 'Russia and Belarus', 'Other neighbour']
    >>> [label for label, _, _ in legend_entries(neighbourhood("1998-12-31"))][0]
    'Ukraine'
    """
    entries = [("NATO ally", style.COLORS["ally"], "patch")] if n.allies else []
    entries += [
        ("Ukraine", style.COLORS["partner"], "patch"),
        ("Russia and Belarus", style.COLORS["adversary"], "patch"),
    ]
    if n.others:
        entries.append(("Other neighbour", style.COLORS["land"], "patch"))
    return entries


def border_table(date: object = None) -> pd.DataFrame:
    """Ukraine's land borders: computed on the basemap beside the published lengths.

    Parameters
    ----------
    date : date-like, optional
        Mark which neighbours were allies on this date; today's membership when not given.

    Returns
    -------
    DataFrame
        One row per neighbour and published figure: ``neighbour``, ``ally`` (yes/no),
        ``computed_km``, ``published_km`` (empty where ``data/border_lengths.csv`` has none),
        ``difference_pct``, ``published_confirmed``.

    Examples
    --------
    >>> t = border_table("2022-06-15")
    >>> bool(t.loc[t["neighbour"] == "Romania", "published_km"].isna().all())
    True
    """
    pairs = [(UKRAINE, code) for code in neighbours()]
    table = geo.border_comparison(pairs)
    allies = set((load("members") if date is None else geo.members_on(parse_date(date)))["iso3"])
    return pd.DataFrame(
        {
            "neighbour": [geo.country_name(c) for c in table["b"]],
            "ally": ["yes" if c in allies else "no" for c in table["b"]],
            "computed_km": table["computed_km"].round(0),
            "published_km": table["published_km"],
            "difference_pct": table["difference_pct"].round(0),
            "published_confirmed": [
                "" if pd.isna(p) else ("yes" if c else "unconfirmed")
                for p, c in zip(table["published_km"], table["published_confirmed"], strict=True)
            ],
        }
    )


# -- the Contact Group's meetings --------------------------------------------------------------


def meetings() -> pd.DataFrame:
    """The Contact Group's meetings, in order of their number.

    Examples
    --------
    >>> table = meetings()
    >>> int(table.iloc[0]["number"]), table.iloc[0]["place"]
    (1, 'Ramstein Air Base')
    """
    return load("udcg_meetings").sort_values("number").reset_index(drop=True)


def meetings_by(date: object) -> pd.DataFrame:
    """The meetings held on or before a date.

    Examples
    --------
    >>> meetings_by("2022-06-15")["number"].tolist()
    [1, 2, 3]
    """
    table = meetings()
    return table[table["date"] <= parse_date(date, what="meeting date")]


def meeting_on(date: object) -> pd.Series | None:
    """The meeting held on a date, or None.

    Examples
    --------
    >>> int(meeting_on("2022-06-15")["number"])
    3
    >>> meeting_on("2022-06-16") is None
    True
    """
    table = meetings()
    hits = table[table["date"] == parse_date(date, what="meeting date")]
    return None if hits.empty else hits.iloc[0]


def chairs(row: pd.Series) -> str:
    """Who chaired a meeting, by country name, from the row's ``chair`` codes.

    Returns ``"not in the data"`` where the table has no chair for the row.

    Examples
    --------
    >>> chairs(pd.Series({"chair": "GBR;DEU"}))
    'United Kingdom and Germany'
    >>> chairs(pd.Series({"number": 1}))
    'not in the data'
    """
    codes = row.get("chair")
    if codes is None or (not isinstance(codes, list | tuple) and pd.isna(codes)):
        return "not in the data"
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(";") if c.strip()]
    return " and ".join(geo.country_name(c) for c in codes) or "not in the data"


def _stated(value: object) -> str:
    return "not stated" if value is None or pd.isna(value) or not str(value).strip() else str(value)


def meetings_table(rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The meetings as a table to print: number, date, place, format, chair, participants.

    Unconfirmed rows say so; a missing place or participant count says ``not stated``.

    Examples
    --------
    >>> meetings_table().iloc[2][["date", "place"]].tolist()
    ['15 Jun 2022', 'NATO HQ Brussels']
    """
    rows = meetings() if rows is None else rows
    return pd.DataFrame(
        {
            "no.": rows["number"].astype(int),
            "date": [
                format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "place": [_stated(v) for v in rows["place"]],
            "format": rows["format"],
            "chair": [chairs(r) for _, r in rows.iterrows()],
            "participants": [_stated(v) for v in rows["participants"]],
            "confirmed": ["yes" if c else "unconfirmed" for c in rows["confirmed"]],
        }
    ).reset_index(drop=True)


def meetings_chart(rows: pd.DataFrame | None = None, mark: object = "2022-06-15") -> FigureView:
    """The meetings on a time line, one lane per format, each marker labelled with its number.

    Circles are meetings chaired by the United States, squares those chaired by the United
    Kingdom (from 2025 with Germany); filled markers are confirmed rows, open markers
    unconfirmed ones; a dashed line marks the
    letter's meeting (``mark``). Gaps in the numbering (meetings the sources do not give) are
    named in the alt text and the source line.

    Examples
    --------
    >>> chart = meetings_chart()
    >>> chart.alt.startswith("Time line of ")
    True
    """
    rows = meetings() if rows is None else rows
    sizes = style.sizes()
    scale, ink = sizes["scale"], style.COLORS["text"]
    missing = sorted(set(range(1, int(rows["number"].max()) + 1)) - set(rows["number"]))
    gap = ", ".join(map(str, missing)) or "none"
    view = FigureView(
        title=f"The Ukraine Defense Contact Group's meetings in the kit's data ({len(rows)})",
        source="Source: data/udcg_meetings.csv (DoD, NATO, ministries and news, per row). "
        f"Meetings without a sourced row: {gap}.",
        alt=f"Time line of {len(rows)} Contact Group meetings from "
        f"{format_date(rows['date'].min())} to {format_date(rows['date'].max())}, in three "
        "lanes: in person, hybrid and virtual; circles were chaired by the United States, "
        "squares by the United Kingdom (with Germany); open markers are unconfirmed rows. "
        f"Numbers without a row: {gap}.",
    )
    ax = view.figure.add_axes((0.12, 0.17, 0.85, 0.68))
    lanes = {fmt: i for i, fmt in enumerate(reversed(_FORMATS))}
    chaired_by_us = rows["chair"].fillna("").astype(str).str.strip().eq("USA")
    # Marker shape = who chaired; fill = confirmed or not: meaning never rests on colour.
    for us, marker in ((True, "o"), (False, "s")):
        for confirmed, face in ((True, style.COLORS["text"]), (False, "white")):
            part = rows[(chaired_by_us == us) & (rows["confirmed"] == confirmed)]
            ax.scatter(
                part["date"],
                part["format"].map(lanes),
                s=40 * scale**2,
                marker=marker,
                facecolors=face,
                edgecolors=style.COLORS["text"],
                linewidths=1.0 * scale,
                zorder=3,
            )
    handles = [
        Line2D(
            [],
            [],
            marker=m,
            linestyle="none",
            markersize=6 * scale,
            markeredgecolor=ink,
            markerfacecolor=face,
            label=label,
        )
        for m, face, label in (
            ("o", ink, "chaired by the United States"),
            ("s", ink, "chaired by the UK (and Germany)"),
            ("o", "white", "open: unconfirmed row"),
        )
    ]
    for r in rows.itertuples():
        # Alternate label heights so numbers of meetings a few weeks apart never overlap.
        dy = 9 if int(r.number) % 2 else -15
        ax.annotate(
            str(int(r.number)),
            (r.date, lanes[r.format]),
            xytext=(0, dy),
            textcoords="offset points",
            ha="center",
            fontsize=sizes["small"],
        )
    when = parse_date(mark)
    ax.axvline(when, color=style.COLORS["highlight"], linestyle="--", linewidth=1.2 * scale)
    ax.annotate(
        "the letter's meeting",
        (when, len(_FORMATS) - 0.45),
        xytext=(4, 0),
        textcoords="offset points",
        color=style.COLORS["text"],
        fontsize=sizes["small"],
        va="center",
    )
    ax.set_yticks(list(lanes.values()), list(lanes.keys()), fontsize=sizes["base"])
    ax.set_ylim(-0.7, len(_FORMATS) - 0.3)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.tick_params(labelsize=sizes["small"])
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        fontsize=sizes["small"],
        frameon=False,
        ncols=3,
    )
    return view


# -- hubs and coalitions -----------------------------------------------------------------------


def hubs() -> pd.DataFrame:
    """The logistics and coordination hubs that the sources name (``data/logistics_hubs.csv``).

    Examples
    --------
    >>> "Rzeszów-Jasionka" in set(hubs()["name"])
    True
    """
    return load("logistics_hubs")


def coalitions() -> pd.DataFrame:
    """The capability coalitions in the kit's data, earliest report first.

    Examples
    --------
    >>> coalitions().iloc[0]["name"]
    'IT Coalition'
    """
    return load("coalitions").sort_values(["first_reported", "name"]).reset_index(drop=True)


def coalitions_table(rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The coalitions as a table to print, leads by name, unconfirmed rows marked.

    Examples
    --------
    >>> t = coalitions_table()
    >>> t.set_index("coalition").loc["IT Coalition", "leads"]
    'Estonia and Luxembourg'
    """
    rows = coalitions() if rows is None else rows
    return pd.DataFrame(
        {
            "coalition": rows["name"],
            "capability": rows["capability"],
            "leads": [chairs(pd.Series({"chair": c})) for c in rows["leads"]],
            "first reported": [
                format_date(d, p)
                for d, p in zip(rows["first_reported"], rows["date_precision"], strict=True)
            ],
            "confirmed": ["yes" if c else "unconfirmed" for c in rows["confirmed"]],
        }
    )
