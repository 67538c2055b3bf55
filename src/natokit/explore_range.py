"""Explorers of notebook 06: published missile ranges, and NATO and the EU on a date.

Both follow the kit's explorer shape (:class:`natokit.explore.Explorer`): controls feed a pure
function of :mod:`natokit.ranges`, the map (:class:`natokit.maps.EuropeMap`) is drawn once and
updated in place, and each step's picture is composed by the fast frame path
(:mod:`natokit.frames`). :func:`range_map_naive` and :func:`nato_eu_map_naive` draw the same
pictures from scratch, the slow way, for the benchmarks.

Examples
--------
>>> from natokit.explore_range import NatoEuExplorer
>>> explorer = NatoEuExplorer(date="2022-06-15")
>>> explorer.caption_text.split(".")[0]
'15 June 2022: 21 states are in both NATO and the EU'
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
import shapely

from . import geo, ranges, style
from .data import load
from .dates import parse_date
from .explore import Explorer, date_slider, day_text
from .maps import OFF_MAP, EuropeMap, label_offsets_clear_of_neighbours

__all__ = [
    "NatoEuExplorer",
    "RangeExplorer",
    "nato_eu_map_naive",
    "range_map_naive",
]

_NON_EU_HATCH = "//"  # white lines on an ally: in NATO, not in the EU
_LAUNCH_MARKER = "*"
_MAX_LABELS = 8  # more capital names than this crowd the map; the caption lists them all


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%B %Y}"


def _names(codes: list[str]) -> str:
    names = geo.country_names()  # one lookup for all: country_name() checks the data each call
    return ", ".join(names.get(c) or geo.country_name(c) for c in codes) or "none"


# -- ranges ------------------------------------------------------------------------------------


def _the(area: str) -> str:
    """'the Kaliningrad exclave', but 'Belarus': an area's name inside a sentence."""
    return area if area == "Belarus" else f"the {area}"


def _range_label(row) -> str:
    return f"{row.system}: {row.range_km:g} km"


class RangeExplorer(Explorer):
    """Published missile ranges as geodesic rings around a launch area, with the allied capitals.

    The ranges come from ``data/missile_ranges.csv``: figures their sources publish (a maximum
    range, or for one row only a distance flown), shown as such, not claims of the kit. The
    chosen range is drawn in orange, the others dotted; the allied capitals inside the chosen
    ring are marked and listed in the caption. The launch area is a point computed from the
    basemap (:func:`natokit.ranges.launch_point`), not a launcher's position.

    Parameters
    ----------
    system : str, optional
        A ``system`` of the table; the shortest range when not given.
    area : str
        One of :data:`natokit.ranges.LAUNCH_AREAS`.

    Raises
    ------
    ValueError
        For a system or area that is not a choice.

    Examples
    --------
    >>> explorer = RangeExplorer()
    >>> explorer.caption_text.split(":")[0]
    'Iskander-M (SS-26 Stone), 500 km from the centre of the Kaliningrad exclave'
    >>> explorer.set(area="Mars")
    "'Mars' is not a choice for area; choose one of: Kaliningrad exclave, Belarus; nothing changed."
    """

    def __init__(self, system: str | None = None, area: str = "Kaliningrad exclave"):
        self.table = load("missile_ranges").sort_values("range_km").reset_index(drop=True)
        systems = widgets.Dropdown(
            options=[(_range_label(r), r.system) for r in self.table.itertuples()],
            description="Range",
            layout={"width": "26em"},
        )
        if system is not None:
            systems.value = self._checked(systems, "system", system)
        areas = widgets.Dropdown(options=list(ranges.LAUNCH_AREAS), description="From")
        areas.value = self._checked(areas, "area", area)
        unconfirmed = ", ".join(self.table.loc[~self.table["confirmed"], "system"]) or "none"
        self.view = EuropeMap(
            "europe",
            source="Ranges: data/missile_ranges.csv, figures as their sources publish them, not "
            f"claims of the kit (not confirmed: {unconfirmed}). Capitals: data/capitals.csv "
            "(GeoNames); allies: data/members.csv.",
        )
        self.view.set_legend(_RANGE_LEGEND)  # the same at every step: drawn once
        self.result: ranges.RangeReach | None = None
        self._area = None
        self._computed: dict[str, dict[str, ranges.RangeReach]] = {}
        super().__init__({"system": systems, "area": areas})

    def _prepare(self) -> Iterator[None]:
        """Once the explorer is shown: at the area shown, every system's title, chosen ring and
        capitals drawn (hidden), and every area's picture at the system shown (the other
        area's window rasterised, its rings, capitals and layers drawn); about 150 ms in all,
        a part per system and per area. The first change of system or area then only
        composites or shows what is ready."""
        area = self.controls["area"].value
        for system, result in self._computed[area].items():
            self.view.prepare_title(_range_title(system, area, result))
            for kind in ("ring chosen", "capitals"):
                for artist in self.view.layer(f"{area}|{kind} {system}"):
                    self.view.prepare_picture(artist)
            yield
        for name in ranges.LAUNCH_AREAS:
            if name != area:
                self._prepare_state({"area": name})
                yield

    def _draw_area(self, area: str) -> None:
        """Show one launch area: its layers are drawn on the first visit, then shown or hidden.

        Every layer of an area is named ``"<area>|<what>"``; the rings and capitals of each
        system exist in every area, so switching areas (or systems) only toggles visibility.
        """
        launch = "BLR" if area == "Belarus" else "RUS"
        allies = set(geo.members_on(ranges.retrieval_date())["iso3"])
        colors = {code: style.COLORS["ally"] for code in allies}
        colors[launch] = style.COLORS["adversary"]
        self.view.shade(colors)
        self._prepare_area(area)
        self._rings = self._computed[area]
        for name in self.view.layer_names():
            if "|" in name:
                for artist in self.view.layer(name):
                    artist.set_visible(name.startswith(f"{area}|"))
        lon, lat = ranges.launch_point(area)
        # One window per area, wide enough for the longest ring: a step between systems then
        # keeps the window, so the fast frame path reuses its rasters.
        self.view.zoom_to(lon, lat, self._window_km())
        self._area = area

    def _prepare_area(self, area: str) -> None:
        """Compute an area's rings and capitals and draw its layers, once (pure results)."""
        if area in self._computed:
            return
        self._computed[area] = {
            row.system: ranges.range_reach(row.system, area, self.table)
            for row in self.table.itertuples()
        }
        self._draw_layers(area, "BLR" if area == "Belarus" else "RUS")
        for name in self.view.layer_names():
            if name.startswith(f"{area}|") and area != self._area:
                for artist in self.view.layer(name):
                    artist.set_visible(False)

    def _window_km(self) -> float:
        """Half height of every area's window: wide enough for the longest ring."""
        return max(1.1 * float(self.table["range_km"].max()), 420.0)

    def _draw_layers(self, area: str, launch: str) -> None:
        self.view.hatch_countries([launch], style.HATCHES["adversary"], layer=f"{area}|hatch")
        for system, ring in self._computed[area].items():
            self.view.add_shape(
                f"{area}|ring chosen {system}",
                ring.ring,
                edgecolor=style.COLORS["highlight"],
                facecolor=style.COLORS["highlight"],
                alpha=0.10,
                linestyle="--",
                linewidth=2.4,
            )
            self.view.add_shape(
                f"{area}|ring other {system}",
                ring.ring,
                edgecolor=style.COLORS["text"],
                linestyle="-",
                linewidth=0.8,
            )
            caps = ring.capitals
            labels = list(caps["capital"]) if len(caps) <= _MAX_LABELS else None
            self.view.add_points(
                f"{area}|capitals {system}",
                caps["lon"],
                caps["lat"],
                labels=labels,
                color=style.COLORS["text"],
                marker=style.MARKERS["capital"],
                size=22,
                label_offset=label_offsets_clear_of_neighbours(caps["lon"], caps["lat"])
                if labels
                else (6, 4),
            )
        lon, lat = ranges.launch_point(area)
        self.view.add_points(
            f"{area}|launch",
            [lon],
            [lat],
            color=style.COLORS["highlight"],
            marker=_LAUNCH_MARKER,
            size=160,
            edgecolor=style.COLORS["text"],
        )

    def _update(self) -> str:
        system, area = self.controls["system"].value, self.controls["area"].value
        if area != self._area:
            self._draw_area(area)
        result = self._rings[system]
        self.result = result
        # Each ring exists in both styles, with its capitals; a step only switches which show.
        for name in self._rings:
            for kind, shown in (
                ("ring chosen", name == system),
                ("ring other", name != system),
                ("capitals", name == system),
            ):
                for artist in self.view.layer(f"{area}|{kind} {name}"):
                    artist.set_visible(shown)
        caps = result.capitals
        self.view.set_title(_range_title(system, area, result))
        names = ", ".join(f"{r.capital} ({r.distance_km:.0f} km)" for r in caps.itertuples())
        self.view.alt = (
            f"Map of Europe with geodesic rings of the published ranges in the kit's table "
            f"around the centre of {_the(area)}; the {result.range_km:g} km ring of {system} is "
            f"highlighted. Allied capitals inside it: {names or 'none'}."
        )
        return (
            f"{system}, {result.range_km:g} km from the centre of {_the(area)}: "
            f"{len(caps)} allied capital{'s' if len(caps) != 1 else ''} inside"
            + (f": {names}." if names else ".")
            + f" The figure is a {result.figure}"
            + (", from more than one source." if result.confirmed else ", not confirmed.")
        )


def _range_title(system: str, area: str, result: ranges.RangeReach) -> str:
    flags = ("published maximum" if result.figure == "maximum range" else result.figure) + (
        "" if result.confirmed else ", unconfirmed"
    )
    short = system.split(" (")[0]
    # The area's short name keeps the longest title on one line in presentation mode.
    place = area.removesuffix(" exclave")
    return f"{short}: {result.range_km:g} km ({flags}) from {place}"


_RANGE_LEGEND = [
    ("Allies today", style.COLORS["ally"], "patch"),
    (
        "Country of the launch area",
        style.COLORS["adversary"],
        "patch",
        style.HATCHES["adversary"],
    ),
    ("Chosen published range", style.COLORS["highlight"], "dashed"),
    ("Other ranges in the table", style.COLORS["text"], "line"),
    ("Centre of the launch area", style.COLORS["highlight"], "marker", _LAUNCH_MARKER),
    ("Allied capital inside the ring", style.COLORS["text"], "marker", style.MARKERS["capital"]),
]


def range_map_naive(system: str, area: str = "Kaliningrad exclave") -> bytes:
    """The range map drawn from scratch, the slow way: a new figure and a full re-plot.

    Draws what a :class:`RangeExplorer` step shows (allies, the launch country, the chosen
    ring, the capitals inside) with ``GeoDataFrame.plot`` on a new figure, and returns the PNG.
    For the benchmarks only; explorers never draw like this.

    Examples
    --------
    >>> range_map_naive("Iskander-M (SS-26 Stone)")[:4]
    b'\\x89PNG'
    """
    result = ranges.range_reach(system, area)
    countries = load("countries").to_crs(geo.EUROPE_CRS)
    allies = set(geo.members_on(ranges.retrieval_date())["iso3"])
    launch = "BLR" if area == "Belarus" else "RUS"
    colors = [
        style.COLORS["adversary"]
        if c == launch
        else style.COLORS["ally"]
        if c in allies
        else style.COLORS["land"]
        for c in countries["iso3"]
    ]
    fig, ax = plt.subplots(figsize=(9, 5.1), dpi=90)
    countries.plot(ax=ax, color=colors, edgecolor="white", linewidth=0.6)
    ring = geo.to_europe(result.ring)
    ax.plot(*ring.exterior.xy, color=style.COLORS["highlight"], linestyle="--")
    x, y = geo.project(result.capitals["lon"].to_numpy(), result.capitals["lat"].to_numpy())
    ax.scatter(x, y, marker="s", color=style.COLORS["text"])
    cx, cy = geo.project(result.lon, result.lat)
    half = max(1.1 * float(load("missile_ranges")["range_km"].max()), 420.0) * 1000
    ax.set_xlim(cx - half * 16 / 9, cx + half * 16 / 9)
    ax.set_ylim(cy - half, cy + half)
    ax.set_axis_off()
    ax.set_title(f"{system}: {result.range_km:g} km")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


# -- NATO and the EU ---------------------------------------------------------------------------

_BOTH = "In NATO and the EU"
_NATO_ONLY = "NATO only"
_EU_ONLY = "EU only"


class NatoEuExplorer(Explorer):
    """NATO and the EU on a date: which states are in both, in NATO only, in the EU only.

    Colour says NATO (blue: an ally; yellow: not an ally); white hatching marks the allies
    outside the EU, and the EU members outside NATO are named on the map, so no group rests on
    colour alone. The steps run from the ministerial of 15 June 2022 to the
    data's retrieval date, with every accession in between (:func:`natokit.ranges.nato_eu_steps`);
    the EU table holds today's 27 member states, who were the EU's members throughout.

    Parameters
    ----------
    date : str, optional
        One of the steps (``"YYYY-MM-DD"``); the first when not given.

    Raises
    ------
    ValueError
        For a date that is not a step.

    Examples
    --------
    >>> explorer = NatoEuExplorer()
    >>> explorer.set(date="2024-03-07").split(".")[0]
    '7 March 2024: 23 states are in both NATO and the EU'
    >>> explorer.set(date="2023-01-01").startswith("'2023-01-01' is not a choice for date")
    True
    """

    def __init__(self, date: str | None = None):
        steps = ranges.nato_eu_steps()
        last = steps[-1]
        slider = date_slider(steps, lambda d: _day(d) + (" (data retrieved)" if d == last else ""))
        if date is not None:
            slider.value = self._checked(slider, "date", day_text(date))
        self.view = EuropeMap(
            "europe",
            source="Sources: data/members.csv (NATO accession dates), data/eu_members.csv (EU "
            "accession dates). Canada and the United States (NATO only) lie off this map.",
        )
        self.view.set_legend(
            [
                (_BOTH, style.COLORS["ally"], "patch"),
                (_NATO_ONLY, style.COLORS["ally"], "patch", _NON_EU_HATCH),
                (_EU_ONLY, style.COLORS["partner"], "patch"),
            ],
            title="Blue: NATO ally\nHatched: not in the EU",
        )
        # Beside the map, right of its frame: inside it the key would cover Nordic allies.
        self.view.legend.set_bbox_to_anchor((1.0, 1.0), transform=self.view.ax.transAxes)
        # The key's hatch in white, as on the map (the legend draws hatches in grey).
        for patch in self.view.legend.get_patches():
            if patch.get_hatch():
                patch.set_hatchcolor("white")
                patch.set_hatch_linewidth(1.2 * self.view.scale)
        self.result: ranges.NatoEu | None = None
        self._on_day: dict[str, ranges.NatoEu] = {}  # each date's groups, looked up once
        super().__init__({"date": slider})

    def _prepare(self) -> Iterator[None]:
        """Every date's title drawn and its EU-only names placed and drawn, once (four dates,
        about 90 ms in all, a part each): a date shown for the first time then only shades
        and composites."""
        for _, value in self.controls["date"].options:
            when = parse_date(value)
            result = self._groups_on(value)
            self.view.prepare_title(_nato_eu_title(when, result))
            for artist in self.view.layer(self._names_layer(result)):
                self.view.prepare_picture(artist)
            yield

    def _groups_on(self, value: str) -> ranges.NatoEu:
        found = self._on_day.get(value)
        if found is None:
            found = self._on_day[value] = ranges.nato_eu_on(parse_date(value))
        return found

    def _names_layer(self, result: ranges.NatoEu) -> str:
        """The layer of the names of the EU-only states of ``result``, placed when first
        needed (placing names is slow), hidden until a step shows it."""
        wanted = "names " + ",".join(c for c in result.eu_only if c not in OFF_MAP)
        if not self.view.layer(wanted):
            self.view.label_countries(wanted[6:].split(","), layer=wanted)
            for artist in self.view.layer(wanted):
                artist.set_visible(False)
        return wanted

    def _update(self) -> str:
        when = parse_date(self.controls["date"].value)
        result = self._groups_on(self.controls["date"].value)
        self.result = result
        colors = {c: style.COLORS["ally"] for c in result.both + result.nato_only}
        colors.update({c: style.COLORS["partner"] for c in result.eu_only})
        self.view.shade(colors)
        hatched = [c for c in result.nato_only if c not in OFF_MAP]
        if hatched != getattr(self, "_hatched", None):  # the same set at every step since 2020
            self.view.hatch_countries(
                hatched, _NON_EU_HATCH, color="white", alpha=0.9, layer="not in the EU"
            )
            self._hatched = hatched
        # Placing names is slow: each set of names is placed once, then shown or hidden.
        wanted = self._names_layer(result)
        for name in self.view.layer_names():
            if name.startswith("names "):
                for artist in self.view.layer(name):
                    artist.set_visible(name == wanted)
        n = result.counts()
        self.view.set_title(_nato_eu_title(when, result))
        self.view.alt = (
            f"Map of Europe on {_day(when)}: states in both NATO and the EU shaded blue; NATO "
            f"only in blue with white hatching ({_names(result.nato_only)}); EU only in yellow "
            f"and named ({_names(result.eu_only)})."
        )
        return (
            f"{_day(when)}: {n['both']} states are in both NATO and the EU. NATO only "
            f"({n['nato_only']}): {_names(result.nato_only)}. EU only ({n['eu_only']}): "
            f"{_names(result.eu_only)}."
        )


def _nato_eu_title(when, result: ranges.NatoEu) -> str:
    n = result.counts()
    return (
        f"NATO and the EU on {_day(when)}: {n['both']} in both, {n['nato_only']} NATO "
        f"only, {n['eu_only']} EU only"
    )


def nato_eu_map_naive(date: str) -> bytes:
    """The NATO-EU map drawn from scratch, the slow way (for the benchmarks).

    Examples
    --------
    >>> nato_eu_map_naive("2022-06-15")[:4]
    b'\\x89PNG'
    """
    result = ranges.nato_eu_on(date)
    countries = load("countries").to_crs(geo.EUROPE_CRS)
    group = {c: "both" for c in result.both}
    group.update({c: "nato" for c in result.nato_only})
    group.update({c: "eu" for c in result.eu_only})
    fill = {
        "both": style.COLORS["ally"],
        "nato": style.COLORS["ally"],
        "eu": style.COLORS["partner"],
    }
    colors = [fill.get(group.get(c, ""), style.COLORS["land"]) for c in countries["iso3"]]
    fig, ax = plt.subplots(figsize=(9, 5.1), dpi=90)
    countries.plot(ax=ax, color=colors, edgecolor="white", linewidth=0.6)
    outside = countries[countries["iso3"].isin(result.nato_only)]
    outside.plot(ax=ax, facecolor="none", hatch=_NON_EU_HATCH, edgecolor="white", linewidth=0)
    x0, y0, x1, y1 = geo.to_europe(shapely.box(-12.0, 34.0, 45.0, 71.0).segmentize(1.0)).bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    ax.set_title(f"NATO and the EU on {date}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()
