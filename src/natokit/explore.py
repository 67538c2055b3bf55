"""Small interactive explorers: controls -> a pure function -> a map or text update.

Every explorer can be driven from code with :meth:`Explorer.set`, which goes through the same
widgets a student clicks, so tests and benchmarks exercise exactly what students see. Values out of
range are refused with a visible message (in the widget, and as the return value), never a
traceback.

Examples
--------
>>> from natokit.explore import MembershipExplorer
>>> explorer = MembershipExplorer(year=1999)
>>> explorer.caption_text
'End of 1999: 19 allies. Joined in 1999: Czechia, Hungary, Poland.'
>>> explorer.set(year=1900)
'Year 1900 is outside the range 1949 to ...; nothing changed.'
"""

from __future__ import annotations

import datetime
import html
import numbers
from contextlib import contextmanager

import ipywidgets as widgets
import pandas as pd
import shapely

from . import geo, style, tables
from .data import load
from .letter import glossary, paragraphs, quote, sections, topics
from .maps import EuropeMap


class Explorer:
    """Base class: subclasses build ``self.controls`` and implement ``_update``.

    ``_update`` reads the controls' values, calls pure library functions, updates the figure
    (if any) and returns the caption text.
    """

    view = None  # a FigureView, for explorers that draw

    def __init__(self, controls: dict[str, widgets.ValueWidget]):
        self.controls = controls
        self.caption = widgets.HTML()
        self.message = widgets.HTML()
        self.image = (
            widgets.Image(
                format="png", layout={"width": "100%", "max_width": "820px", "height": "auto"}
            )
            if self.view
            else None
        )
        parts = [widgets.HBox(list(controls.values()), layout={"flex_flow": "row wrap"})]
        if self.image is not None:
            parts.append(self.image)
        parts += [self.caption, self.message]
        self.widget = widgets.VBox(parts)
        self.widget.add_class("natokit-explorer")
        self._holding = False
        self.caption_text = ""
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self._refresh()

    # -- driving from code -----------------------------------------------------------------

    def set(self, **values) -> str:
        """Move controls as a student would, then return the caption (or why nothing changed).

        Unknown control names and out-of-range values are refused: the message is shown in the
        widget and returned, and the explorer keeps its previous state.

        Examples
        --------
        >>> explorer = MembershipExplorer(year=1949)
        >>> explorer.set(year=2004).startswith("End of 2004: 26 allies")
        True
        >>> explorer.set(colour="red")
        "Unknown control 'colour'; this explorer has: year."
        """
        for name, value in values.items():
            problem = self._problem(name, value)
            if problem:
                self.message.value = (
                    f'<span role="alert" style="color:#D55E00">{html.escape(problem)}</span>'
                )
                return problem
        with self._hold():
            for name, value in values.items():
                self.controls[name].value = value
        self._refresh()
        return self.caption_text

    def state(self) -> dict:
        """Current value of every control.

        Examples
        --------
        >>> MembershipExplorer(year=1982).state()
        {'year': 1982}
        """
        return {name: control.value for name, control in self.controls.items()}

    def _problem(self, name: str, value) -> str:
        if name not in self.controls:
            return f"Unknown control {name!r}; this explorer has: {', '.join(self.controls)}."
        control = self.controls[name]
        label = name.replace("_", " ").capitalize()
        if isinstance(control, widgets.IntSlider | widgets.FloatSlider):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                return f"{label} must be a number, not {value!r}; nothing changed."
            if isinstance(control, widgets.IntSlider) and value != int(value):
                return f"{label} must be a whole number, not {value}; nothing changed."
            if not control.min <= value <= control.max:
                return f"{label} {value} is outside the range {control.min} to {control.max}; nothing changed."
        elif hasattr(control, "options"):
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
            if value not in values:
                shown = ", ".join(str(v) for v in values[:12]) + (
                    " ..." if len(values) > 12 else ""
                )
                return f"{value!r} is not a choice for {name}; choose one of: {shown}. Nothing changed."
        elif isinstance(control, widgets.Text) and not isinstance(value, str):
            return f"{label} must be text, not {value!r}; nothing changed."
        return ""

    # -- plumbing --------------------------------------------------------------------------

    @contextmanager
    def _hold(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def _on_change(self, _change) -> None:
        if not self._holding:
            self._refresh()

    def _refresh(self) -> None:
        self.message.value = ""
        self.caption_text = self._update()
        self.caption.value = f"<p>{html.escape(self.caption_text)}</p>"
        if self.image is not None:
            self.image.value = self.view.to_png()

    def _update(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class MembershipExplorer(Explorer):
    """NATO on a date: a year slider from 1949 to this year; the map shades the allies.

    Membership is counted at the end of the chosen year (accession on or before 31 December).
    Canada and the United States, founders in 1949, lie off the map; the source line says so.

    Parameters
    ----------
    year : int
        Starting year.

    Examples
    --------
    >>> explorer = MembershipExplorer(year=2023)
    >>> explorer.view.color_of("FIN") == explorer.view.color_of("SWE")
    False
    """

    def __init__(self, year: int = 1949):
        self.members = load("members")
        first = int(self.members["accession_date"].dt.year.min())
        last = max(datetime.date.today().year, int(self.members["accession_date"].dt.year.max()))
        self.view = EuropeMap(
            "europe",
            source="Source: data/members.csv (accession dates, NATO). Canada and the United States "
            "(founders, 1949) lie off this map.",
        )
        slider = widgets.IntSlider(
            value=min(max(year, first), last),
            min=first,
            max=last,
            description="Year",
            continuous_update=False,
        )
        super().__init__({"year": slider})

    def _update(self) -> str:
        year = self.controls["year"].value
        members = geo.members_on(f"{year}-12-31", self.members)
        joined = members[members["accession_date"].dt.year == year]
        before = members[members["accession_date"].dt.year < year]
        # Year-free legend labels (the year is in the title), so the legend is drawn only once.
        groups = {
            "Allies before that year": list(before["iso3"]),
            "Joined that year": list(joined["iso3"]),
        }
        colors = {
            "Allies before that year": style.COLORS["member"],
            "Joined that year": style.COLORS["new_member"],
        }
        self.view.shade_groups(groups, colors)
        self.view.set_title(f"NATO at the end of {year}: {len(members)} allies")
        names = ", ".join(sorted(joined["name"]))
        self.view.alt = (
            f"Map of Europe with the {len(members)} NATO allies at the end of {year} shaded"
            + (f"; {names} joined that year." if names else ".")
        )
        caption = f"End of {year}: {len(members)} allies."
        return caption + (f" Joined in {year}: {names}." if names else "")


class LetterExplorer(Explorer):
    """Read the letter by section or topic: the Dutch original beside the English summary.

    Examples
    --------
    >>> explorer = LetterExplorer()
    >>> explorer.set(choice="topic: air_policing")
    'Topic air_policing: 1 paragraph (p03).'
    """

    def __init__(self, choice: str | None = None):
        options = [f"section: {s}" for s in sections()] + [f"topic: {t}" for t in topics()]
        dropdown = widgets.Dropdown(
            options=options,
            value=choice or options[0],
            description="Show",
            layout={"width": "32em"},
        )
        self.text = widgets.HTML()
        super().__init__({"choice": dropdown})
        self.widget.children = (*self.widget.children[:1], self.text, *self.widget.children[1:])

    def _update(self) -> str:
        kind, _, value = self.controls["choice"].value.partition(": ")
        rows = paragraphs(section=value) if kind == "section" else paragraphs(topic=value)
        ids = list(rows["paragraph_id"])
        self.text.value = "".join(quote(pid)._repr_html_() for pid in ids)
        noun = "paragraph" if len(ids) == 1 else "paragraphs"
        return f"{kind.capitalize()} {value}: {len(ids)} {noun} ({', '.join(ids)})."


class GlossaryExplorer(Explorer):
    """Search the glossary of the letter's terms, in Dutch or English.

    Examples
    --------
    >>> GlossaryExplorer().set(search="Quick Reaction")
    "1 term matches 'Quick Reaction'."
    """

    def __init__(self, search: str = ""):
        box = widgets.Text(
            value=search, description="Search", placeholder="e.g. QRA, posture, oostflank"
        )
        self.table = widgets.HTML()
        super().__init__({"search": box})
        self.widget.children = (*self.widget.children[:1], self.table, *self.widget.children[1:])

    def _update(self) -> str:
        term = self.controls["search"].value
        rows = glossary(term)
        body = "".join(
            f"<tr><td><b>{html.escape(r.term)}</b>{'<br><small>' + html.escape(r.expansion) + '</small>' if r.expansion else ''}</td>"
            f"<td>{html.escape(r.nl)}</td><td>{html.escape(r.en)}</td><td>{html.escape(r.explanation_en)}</td></tr>"
            for r in rows.itertuples()
        )
        self.table.value = (
            '<table style="border-collapse:collapse;font-size:90%"><thead><tr><th>Term</th><th>Dutch</th>'
            f"<th>English</th><th>Explanation</th></tr></thead><tbody>{body}</tbody></table>"
        )
        if not term.strip():
            return f"All {len(rows)} terms."
        noun = "term matches" if len(rows) == 1 else "terms match"
        return (
            f"{len(rows)} {noun} {term!r}."
            if len(rows)
            else f"No term matches {term!r}; try a shorter word."
        )


def _month(ts: pd.Timestamp) -> str:
    return f"{ts:%B %Y}"


class BattlegroupExplorer(Explorer):
    """The multinational battlegroups through time, with lines from framework nations to hosts.

    The steps are the dates in ``data/battlegroups.csv`` on which a battlegroup was set up or
    changed its framework nation.

    Examples
    --------
    >>> explorer = BattlegroupExplorer()
    >>> explorer.caption_text.split(":")[0]
    'February 2017'
    """

    def __init__(self, date: str | None = None):
        self.groups = load("battlegroups")
        self.capitals = load("capitals").set_index("iso3")
        self.names = dict(zip(load("members")["iso3"], load("members")["name"], strict=True))
        steps = geo.battlegroup_steps(self.groups)
        options = [(_month(d), d.strftime("%Y-%m-%d")) for d in steps]
        self.view = EuropeMap(
            "flank_and_allies",
            source="Source: data/battlegroups.csv (NATO, SHAPE and national sources per row). "
            "Canada and the United States lie off this map: no line is drawn from them.",
        )
        slider = widgets.SelectionSlider(
            options=options,
            value=date or options[0][1],
            description="Date",
            continuous_update=False,
            layout={"width": "34em"},
        )
        super().__init__({"date": slider})

    def _update(self) -> str:
        date = self.controls["date"].value
        active = geo.battlegroups_on(date, self.groups)
        hosts, frameworks = (
            list(active["host_iso3"]),
            sorted(set(active["framework_iso3"]) - set(active["host_iso3"])),
        )
        on_map = [c for c in frameworks if c in geo.country_names()]
        self.view.shade_groups(
            {"Host nation": hosts, "Framework nation": on_map},
            {"Host nation": style.COLORS["host"], "Framework nation": style.COLORS["framework"]},
        )
        self.view.add_points(
            "bases",
            active["lon"],
            active["lat"],
            labels=[loc.split(" (")[0] for loc in active["location"]],
            color=style.COLORS["highlight"],
            size=30,
        )
        segments = [
            (self.capitals.loc[f, "lon"], self.capitals.loc[f, "lat"], lon, lat)
            for f, h, lon, lat in zip(
                active["framework_iso3"],
                active["host_iso3"],
                active["lon"],
                active["lat"],
                strict=True,
            )
            if f != h and f in self.capitals.index
        ]
        self.view.add_lines(
            "links", segments, color=style.COLORS["framework"], linewidth=1.2, linestyle="-"
        )
        when = pd.Timestamp(date)
        self.view.set_title(f"Multinational battlegroups, {_month(when)}: {len(active)}")
        pairs = "; ".join(
            f"{self.names.get(h, h)} led by {self.names.get(f, f)}"
            for h, f in zip(active["host_iso3"], active["framework_iso3"], strict=True)
        )
        self.view.alt = (
            f"Map of the eastern flank with {len(active)} battlegroups in {_month(when)}: {pairs}."
        )
        self._active = active
        noun = "battlegroup" if len(active) == 1 else "battlegroups"
        return f"{_month(when)}: {len(active)} {noun}. {pairs}."

    def rows(self) -> pd.DataFrame:
        """The battlegroups on the map now, as a table to print (see :func:`natokit.tables.battlegroups`).

        Examples
        --------
        >>> explorer = BattlegroupExplorer(date="2024-07-01")
        >>> explorer.rows().set_index("host").loc["Slovakia", "framework nation"]
        'Spain'
        """
        return tables.battlegroups(self._active)


class ReachExplorer(Explorer):
    """How far a fighter gets from an Air Policing base in a given number of minutes.

    The speed is a teaching assumption, stated on the map, not a claim about any aircraft: the
    point is the geometry (a geodesic ring) and the time a crossing takes, not performance data.

    Parameters
    ----------
    speed_kmh : float
        Assumed average speed after take-off, in km/h.
    base : str, optional
        Starting base (a ``base`` from ``data/air_policing.csv``).
    minutes : int
        Starting number of minutes.

    Examples
    --------
    >>> explorer = ReachExplorer(speed_kmh=600, base="Ämari", minutes=10)
    >>> explorer.radius_km
    100.0
    """

    def __init__(self, speed_kmh: float = 600.0, base: str | None = None, minutes: int = 10):
        if (
            isinstance(speed_kmh, bool)
            or not isinstance(speed_kmh, numbers.Real)
            or not 0 < speed_kmh <= 3000
        ):
            raise ValueError(f"speed_kmh must be a number between 0 and 3000, not {speed_kmh!r}")
        self.speed_kmh = float(speed_kmh)
        bases = load("air_policing").drop_duplicates("base")[["base", "host_iso3", "lon", "lat"]]
        self.bases = bases.set_index("base")
        self.capitals = load("capitals")
        self.view = EuropeMap(
            "eastern_flank",
            source="Sources: data/air_policing.csv (bases), data/capitals.csv (GeoNames).",
        )
        base_menu = widgets.Dropdown(
            options=sorted(self.bases.index),
            value=base or sorted(self.bases.index)[0],
            description="Base",
        )
        minutes_slider = widgets.IntSlider(
            value=minutes, min=1, max=30, description="Minutes", continuous_update=False
        )
        self.radius_km = 0.0
        super().__init__({"base": base_menu, "minutes": minutes_slider})

    def _update(self) -> str:
        base, minutes = self.controls["base"].value, self.controls["minutes"].value
        lon, lat = float(self.bases.loc[base, "lon"]), float(self.bases.loc[base, "lat"])
        self.radius_km = geo.reach_km(minutes, self.speed_kmh)
        ring = geo.range_ring(lon, lat, self.radius_km)
        host = self.bases.loc[base, "host_iso3"]
        overlap = geo.ring_overlap(ring)
        reached = [c for c in overlap if c != host]
        capitals = geo.points_within_km(lon, lat, self.radius_km, self.capitals)
        self.view.shade({host: style.COLORS["host"]})
        # Only the part of each other country inside the ring is coloured, not the whole country.
        if reached:
            # One piece per country, outlined like the basemap's borders, so borders stay visible.
            pieces = [
                p
                for c in reached
                for p in shapely.get_parts(overlap[c])
                if p.geom_type == "Polygon"
            ]
            self.view.add_shape(
                "reached",
                shapely.MultiPolygon(pieces),
                edgecolor=style.COLORS["border"],
                facecolor=style.COLORS["partner"],
                alpha=0.85,
                linestyle="-",
                linewidth=0.6,
                projected=True,
            )
        else:
            self.view.clear("reached")
        self.view.add_shape("ring", ring, edgecolor=style.COLORS["highlight"])
        # Zoom so the ring fills the view; a fixed window made short reaches unreadably small.
        self.view.zoom_to(lon, lat, max(1.4 * self.radius_km, 250.0))
        self.view.add_points(
            "base",
            [lon],
            [lat],
            labels=[base],
            color=style.COLORS["highlight"],
            marker="^",
            size=60,
        )
        self.view.add_points(
            "capitals",
            capitals["lon"],
            capitals["lat"],
            labels=list(capitals["capital"]),
            color=style.COLORS["text"],
            size=18,
        )
        self.view.set_legend(
            [
                ("Host country", style.COLORS["host"], "patch"),
                ("Other countries, part within reach", style.COLORS["partner"], "patch"),
                (f"Reach in {minutes} min", style.COLORS["highlight"], "dashed"),
            ]
        )
        self.view.set_title(
            f"From {base}: {minutes} min at an assumed {self.speed_kmh:g} km/h = {self.radius_km:.0f} km"
        )
        names = geo.country_names()
        caps = (
            ", ".join(f"{r.capital} ({r.distance_km:.0f} km)" for r in capitals.itertuples())
            or "none"
        )
        others = ", ".join(names[c] for c in reached) or "none"
        self.view.alt = (
            f"Map with a {self.radius_km:.0f} km ring around {base}. Capitals inside: {caps}."
        )
        return (
            f"{base}, {minutes} min at {self.speed_kmh:g} km/h (assumed): {self.radius_km:.0f} km. "
            f"Capitals inside: {caps}. Other countries the ring reaches: {others}."
        )
