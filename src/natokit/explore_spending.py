"""The spending explorer of notebook 03: NATO's defence-expenditure tables, edition by edition.

:class:`SpendingExplorer` chooses an edition of NATO's figures, a year of that edition and the
allies to follow, and shows three pictures built from :mod:`natokit.spending`: a map of the allies
in classes centred on the 2% guideline, the allies ranked in a bar chart, and the chosen allies
over the years. The map is composed from cached rasters (:mod:`natokit.frames`), the charts from
a background drawn once and sprites of what moves (:class:`natokit.frames.ChartComposer`).

Examples
--------
>>> from natokit.explore_spending import SpendingExplorer
>>> explorer = SpendingExplorer(edition="2023-07-07", year=2023)
>>> explorer.caption_text.split(":")[0]
'July 2023 edition (2014-2023), 2023 (estimates)'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.patheffects as path_effects
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory
from traitlets import TraitError

from . import geo, spending, style
from .data import load
from .explore import _NAIVE_BUILD, Explorer, _check_value, _choices, _short
from .figures import FigureView, compact_png
from .frames import ChartComposer, SeparatePatches
from .maps import OFF_MAP, EuropeMap

__all__ = ["SpendingExplorer", "SPENDING_CLASSES", "spending_class"]


# Classes of % of GDP, centred on NATO's 2% guideline: oranges below it, purples at or above it
# (ColorBrewer PuOr's oranges and Purples, scales that readers with the common colour-vision
# deficiencies see the same way); darker means further from 2%. The palest purple is a step
# darker than PuOr's, so it stays apart from the grey of countries without a value on a
# projector. Each: (lower bound, label, colour).
SPENDING_CLASSES = (
    (float("-inf"), "under 1.5%", "#E08214"),
    (1.5, "1.5 to <2%", "#FDB863"),
    (2.0, "2 to <2.5%", "#BCBDDC"),
    (2.5, "2.5 to <3%", "#9E9AC8"),
    (3.0, "3% or more", "#6A51A3"),
)
#: Fill of an ally that has values in other editions but none in the one shown.
NO_VALUE_COLOR = "#BDBDBD"
#: Hatches that mark a value's flags, so they never rest on colour alone.
ESTIMATE_HATCH = "///"
UNCONFIRMED_HATCH = "\\\\\\"


def spending_class(pct_gdp: float) -> tuple[str, str]:
    """The (label, colour) of the class a share of GDP falls in (see ``SPENDING_CLASSES``).

    Examples
    --------
    >>> spending_class(2.0)[0], spending_class(1.99)[0]
    ('2 to <2.5%', '1.5 to <2%')
    """
    label, color = SPENDING_CLASSES[0][1:]
    for lower, name, fill in SPENDING_CLASSES:
        if pct_gdp >= lower:
            label, color = name, fill
    return label, color


def _flag_hatch(estimate: bool, confirmed: bool) -> str:
    return (ESTIMATE_HATCH if estimate else "") + ("" if confirmed else UNCONFIRMED_HATCH)


def _flags(estimate: bool, confirmed: bool) -> str:
    words = (["estimate"] if estimate else []) + ([] if confirmed else ["not confirmed"])
    return f" ({', '.join(words)})" if words else ""


class SpendingExplorer(Explorer):
    """Defence spending as % of GDP by ally, in the NATO edition and year chosen.

    Three pictures, all from :mod:`natokit.spending`: a map of the allies in classes centred
    on the 2% guideline (the United States and Canada in boxes beside the map), the allies
    ranked in a bar chart with the 2% line, and the chosen allies over the years of that
    edition. Estimates and values whose transcription is not confirmed are hatched, not told
    by colour alone, and every figure names the edition. Changing the edition changes the
    years on offer (an edition holds only some years); the year stays if the new edition has
    it, else it moves to that edition's latest year.

    Parameters
    ----------
    edition : str, optional
        An edition's date or name (:func:`natokit.spending.editions`); the latest when not given.
    year : int, optional
        A year of that edition; its latest year when not given.
    allies : str or sequence of str
        ISO3 codes of the allies to follow over time (default the Netherlands).

    Raises
    ------
    ValueError
        For an edition, year or ally that the table does not have (the message lists them).

    Examples
    --------
    >>> explorer = SpendingExplorer(edition="2023-07-07", year=2023)
    >>> explorer.caption_text.split(":")[0]
    'July 2023 edition (2014-2023), 2023 (estimates)'
    >>> explorer.set(edition="2022-06-27", year=2022).startswith("June 2022 edition")
    True
    >>> explorer.set(year=2014)
    '2014 is not a choice for year; choose one of: 2022; nothing changed.'
    """

    #: Three pictures per state (map, bars, lines): as many states as other explorers keep.
    PICTURES_KEPT = 3 * Explorer.PICTURES_KEPT
    #: Editions and years whose texts and rows are kept (the table has fewer than this).
    PLANS_KEPT = 64

    def __init__(
        self,
        edition: str | None = None,
        year: int | None = None,
        allies: str | Sequence[str] = ("NLD",),
    ):
        known = spending.editions()
        menu = widgets.Dropdown(
            options=[(e.name, e.key) for e in known],
            value=known[-1].key,
            description="Edition",
            layout={"width": "26em"},
        )
        if edition is not None:
            menu.value = self._checked(menu, "edition", _edition_key(edition))
        chosen = spending.edition(menu.value)
        years = widgets.Dropdown(
            options=list(chosen.years),
            value=chosen.years[-1],
            description="Year",
            layout={"width": "12em"},
        )
        if year is not None:
            years.value = self._checked(years, "year", year)
        codes = spending.allies()
        picker = widgets.SelectMultiple(
            options=sorted((geo.country_name(c), c) for c in codes),
            description="Allies",
            rows=5,
        )
        problem = _allies_problem(picker, allies)
        if problem:
            raise ValueError(problem + ".")
        picker.value = _as_codes(allies)
        self.result: pd.DataFrame | None = None
        self._plans: dict[tuple, _YearPlan] = {}
        self._map_shows: tuple | None = None  # the edition and year the map was drawn for
        self.view = EuropeMap("europe")
        self.bars = _RankedBars(len(codes))
        self.lines = _SpendingLines()
        self._extra = [self.bars, self.lines]
        self._extra_images = [
            widgets.Image(
                format="png",
                layout={
                    "width": "100%",
                    "max_width": f"{round(v.figure.get_size_inches()[0] * v.figure.dpi)}px",
                    "height": "auto",
                },
            )
            for v in self._extra
        ]
        self._off_map = _OffMapPanel(self.view)
        super().__init__({"edition": menu, "year": years, "allies": picker})
        # The ranked bars and the lines come after the map, before the caption.
        children = list(self.widget.children)
        at = children.index(self.image) + 1
        self.widget.children = children[:at] + self._extra_images + children[at:]

    def _prepare(self) -> Iterator[None]:
        """What the other editions and years show, drawn once, so that a first visit to an
        edition or year composites kept pictures: the map keys (five in the table, about
        20 ms each), every value the bars can print (under two hundred, about 0.5 ms each),
        the titles and sources of every edition and year, the values beside the map and the
        hatch layers of every flagged ally (about 0.6 s in all). Then the pictures of every
        edition and year with the allies shown (sixteen states, about 60 ms each): the
        editions at the year the menu would show, the years of the edition shown, the rest.
        A part is one key, one kind of text or one state: 20-60 ms on this machine."""
        for flags in sorted(_map_keys_of_the_table()):
            self.view.prepare_legend(*_map_key(*flags))
            yield
        values = sorted(set(load("defence_spending")["pct_gdp"].dropna()))
        for at in range(0, len(values), _VALUES_PER_PART):
            self.bars.prepare_values(values[at : at + _VALUES_PER_PART])
            yield
        plans = [
            (chosen, self._plan(chosen, year))
            for chosen in spending.editions()
            for year in chosen.years
        ]
        yield
        view, bars, lines = self.view, self.bars, self.lines
        view.prepare_texts(view.title_artist, [_map_title(p.when, p.short) for _, p in plans])
        yield
        view.prepare_texts(view.source_artist, [view.wrapped_source(p.source) for _, p in plans])
        yield
        bars.prepare_texts(bars.title_artist, [_bars_title(p) for _, p in plans])
        yield
        bars.prepare_texts(
            bars.source_artist, [bars.wrapped_source(_bars_source(p)) for _, p in plans]
        )
        yield
        lines.prepare_texts(lines.title_artist, [_lines_title(p.short) for _, p in plans])
        yield
        lines.prepare_texts(
            lines.source_artist,
            [lines.wrapped_source(_lines_source(c, p.source)) for c, p in plans],
        )
        yield
        for code, text in self._off_map.values.items():
            shown = [_off_map_value(r.pct_gdp) for _, p in plans for r in p.rows if r.iso3 == code]
            view.prepare_texts(text, shown + [_off_map_value(None)])
            yield
        for flag, pattern, flagged in (
            ("estimate", ESTIMATE_HATCH, lambda t: t["estimate"]),
            ("unconfirmed", UNCONFIRMED_HATCH, lambda t: ~t["confirmed"]),
        ):
            codes = {c for _, p in plans for c in p.table.loc[flagged(p.table), "iso3"]}
            for layer in self._hatch_layers(flag, pattern, sorted(codes)):
                layer.set_visible(False)
                view.prepare_picture(layer)
            yield
        for state in _editions_and_years_from(self.state()):
            if state.items() <= self.state().items():
                continue  # shown now: its pictures are kept
            self._prepare_state(state)
            yield

    def _apply_state(self, state: dict) -> None:
        """Put values into the controls without a step; an edition first, with its years."""
        with self._hold():
            if "edition" in state:
                self.controls["edition"].value = state["edition"]
                self._sync_years(spending.edition(state["edition"]))
            for name, value in state.items():
                if name != "edition":
                    self.controls[name].value = value

    # -- driving from code -------------------------------------------------------------------

    def set(self, **values) -> str:
        """Move controls as a student would; an edition and a year may change together.

        A year is checked against the edition being chosen in the same call, so
        ``set(edition="2022-06-27", year=2022)`` works from any edition.

        Examples
        --------
        >>> explorer = SpendingExplorer()
        >>> explorer.set(allies=["NLD", "XXX"])
        "Unknown ally code 'XXX'; choose from: ALB, BEL, ...; nothing changed."
        >>> explorer.set(allies="POL").startswith("August 2025 edition")
        True
        """
        values = dict(values)
        if "edition" in values:
            values["edition"] = _edition_key(values["edition"])
        for name, value in values.items():
            if name == "year" and "edition" in values:
                continue  # checked below, against the edition being chosen
            problem = self._problem(name, value)
            if problem:
                return self._warn(problem)
        if "allies" in values:
            values["allies"] = _as_codes(values["allies"])
        if "edition" not in values:
            return super().set(**values)
        chosen = spending.edition(values["edition"])
        if "year" in values:
            probe = widgets.Dropdown(options=list(chosen.years))
            problem = _check_value(probe, "year", values["year"])
            if problem:
                return self._warn(f"{problem} (in the {chosen.name}); nothing changed.")
        before = self.state()
        try:
            self._apply_state({**values, "edition": chosen.key})
            self._refresh()
        except (ValueError, TypeError, KeyError, TraitError) as error:
            self._apply_state(before)
            self._refresh()
            return self._warn(f"Could not show {_short(values)}: {error}")
        return self.caption_text

    def _problem(self, name: str, value: object) -> str:
        if name == "allies":
            problem = _allies_problem(self.controls["allies"], value)
            return f"{problem}; nothing changed." if problem else ""
        return super()._problem(name, value)

    def _sync_years(self, chosen: spending.Edition) -> None:
        """Offer the years of the chosen edition, keeping the year where the edition has it."""
        control = self.controls["year"]
        years = list(chosen.years)
        if list(control.options) == years:
            return
        keep = control.value if control.value in years else years[-1]
        with self._hold():
            control.options = years
            control.value = keep

    # -- static view and rendering -------------------------------------------------------------

    def snapshot_html(self) -> str:
        """Static HTML: the map, the ranked bars and the lines (each with alt text), the caption.

        Examples
        --------
        >>> page = SpendingExplorer().snapshot_html()
        >>> page.count('<img src="data:image/png;base64,')
        3
        """
        page = super().snapshot_html()
        extra = "".join(
            f'<img src="data:image/png;base64,{base64.b64encode(compact_png(image.value)).decode("ascii")}" '
            f'alt="{html.escape(view.alt, quote=True)}" style="width:100%;height:auto">'
            for view, image in zip(self._extra, self._extra_images, strict=True)
        )
        at = page.index("<p>")
        return page[:at] + extra + page[at:]

    def _refresh(self) -> None:
        super()._refresh()
        if _NAIVE_BUILD.get():
            return  # a throwaway explorer of naive_pictures: it renders its figures in full
        for view, image in zip(self._extra, self._extra_images, strict=True):
            image.value = self._png(view)

    def _views(self) -> list:
        return [self.view, *self._extra]

    def _picture_key(self, view) -> tuple:
        """What each picture shows depends on: the map on the edition and year alone, each chart
        on what it was last drawn from (the bars not on allies without a bar, the lines not on
        the year but for its source line), so a step keeps the pictures it does not change.

        Examples
        --------
        >>> explorer = SpendingExplorer(edition="2025-08-28", year=2020, allies=("NLD", "USA"))
        >>> explorer._picture_key(explorer.view)
        ('2025-08-28', 2020)
        >>> explorer._picture_key(explorer.lines)[:2]
        ('2025-08-28', ('NLD', 'USA'))
        """
        if view is self.view:
            return (self.controls["edition"].value, int(self.controls["year"].value))
        if view in self._extra:
            return view.drawn_from
        return super()._picture_key(view)

    def _update(self) -> str:
        chosen = spending.edition(self.controls["edition"].value)
        self._sync_years(chosen)
        year = int(self.controls["year"].value)
        codes = list(self.controls["allies"].value)
        plan = self._plan(chosen, year)
        self.result = plan.table.copy()  # the caller's to change
        if self._map_shows != (chosen.key, year):  # the map does not show the allies chosen
            self._draw_map(chosen, plan.when, plan.table, plan.missing, plan.source, plan.short)
            self._map_shows = (chosen.key, year)
        self.bars.draw(chosen, plan, codes)
        self.lines.draw(chosen, codes, plan.source, plan.short)
        return self._caption(chosen, plan, codes)

    def _plan(self, chosen: spending.Edition, year: int) -> _YearPlan:
        """What the pictures and caption of one edition and year show, worked out once."""
        key = (spending.fingerprint("defence_spending"), chosen.key, year)
        plan = self._plans.pop(key, None)
        if plan is None:
            plan = _YearPlan.of(chosen, year)
        self._plans[key] = plan  # now the newest
        while len(self._plans) > self.PLANS_KEPT:
            del self._plans[next(iter(self._plans))]
        return plan

    def _draw_map(self, chosen, when, table, missing, source, short) -> None:
        colors = {r.iso3: spending_class(r.pct_gdp)[1] for r in table.itertuples()}
        colors.update({code: NO_VALUE_COLOR for code in missing})
        self.view.shade(colors)
        self._hatch("estimate", ESTIMATE_HATCH, table.loc[table["estimate"], "iso3"])
        self._hatch("unconfirmed", UNCONFIRMED_HATCH, table.loc[~table["confirmed"], "iso3"])
        self._off_map.show(table)
        flags = (bool(missing), bool(table["estimate"].any()), not table["confirmed"].all())
        self.view.set_legend(*_map_key(*flags))
        self.view.set_title(_map_title(when, short))
        self.view.set_source(source)
        counts = {label: 0 for _, label, _ in SPENDING_CLASSES}
        for pct in table["pct_gdp"]:
            counts[spending_class(pct)[0]] += 1
        spread = "; ".join(f"{label}: {n}" for label, n in counts.items() if n)
        self.view.alt = (
            f"Map of Europe shading {len(table)} allies by defence spending as a share of GDP in "
            f"{when}, {chosen.name}, in classes centred on 2% ({spread}); the United States and "
            "Canada in boxes beside the map; estimates and unconfirmed values hatched."
        )

    def _hatch(self, flag: str, pattern: str, codes) -> None:
        """Hatch exactly ``codes`` for a flag: one layer per country, drawn once, then toggled.

        Adding a hatch patch costs far more than showing or hiding it (matplotlib walks its
        outline to update the data limits), so a step only switches visibility.
        """
        wanted = {c for c in codes if c not in OFF_MAP}
        self._hatch_layers(flag, pattern, wanted)
        prefix = f"hatch {flag} "
        for name in self.view.layer_names():
            if name.startswith(prefix):
                for artist in self.view.layer(name):
                    artist.set_visible(name[len(prefix) :] in wanted)

    def _hatch_layers(self, flag: str, pattern: str, codes) -> list:
        """Make the hatch layers of ``codes`` that do not exist yet; their artists."""
        made = []
        for code in codes:
            if code not in OFF_MAP and not self.view.layer(f"hatch {flag} {code}"):
                self.view.hatch_countries([code], pattern, layer=f"hatch {flag} {code}")
                made += self.view.layer(f"hatch {flag} {code}")
        return made

    def hatched(self, flag: str) -> list[str]:
        """ISO3 codes hatched on the map now for ``"estimate"`` or ``"unconfirmed"``.

        Examples
        --------
        >>> SpendingExplorer(edition="2022-06-27", year=2022).hatched("unconfirmed")
        ['MKD', 'MNE', 'NLD']
        """
        prefix = f"hatch {flag} "
        return sorted(
            name[len(prefix) :]
            for name in self.view.layer_names()
            if name.startswith(prefix) and any(a.get_visible() for a in self.view.layer(name))
        )

    @staticmethod
    def _caption(chosen, plan: _YearPlan, codes) -> str:
        table, when = plan.table, plan.when
        at_or_above = int(table["at_or_above"].sum())
        top, bottom = plan.rows[0], plan.rows[-1]
        parts = [
            f"{chosen.name}, {when}: {at_or_above} of {len(table)} allies with a value spend 2% "
            f"of GDP or more. Highest: {top.name} {top.pct_gdp:.2f}%; lowest: "
            f"{bottom.name} {bottom.pct_gdp:.2f}%."
        ]
        by_code = {r.iso3: r for r in plan.rows}
        chosen_values = [
            f"{by_code[c].name} {by_code[c].pct_gdp:.2f}%"
            + _flags(by_code[c].estimate, by_code[c].confirmed)
            if c in by_code
            else f"{geo.country_name(c)}: no value"
            for c in codes
        ]
        if chosen_values:
            parts.append("Chosen: " + "; ".join(chosen_values) + ".")
        if plan.unconfirmed:
            parts.append(f"Transcription not confirmed: {', '.join(plan.unconfirmed)}.")
        if plan.missing:
            noun = "ally has" if len(plan.missing) == 1 else "allies have"
            parts.append(f"{len(plan.missing)} {noun} no value in this edition and year.")
        return " ".join(parts)


# The texts of the three pictures, built in one place: what a step shows and what the
# explorer prepares (SpendingExplorer._prepare) are then the same strings.


def _map_title(when: str, short: str) -> str:
    return f"Defence spending, % of GDP, {when}: {short}"


def _bars_title(plan: _YearPlan) -> str:
    return f"Allies ranked, % of GDP, {plan.when}: {plan.short}"


def _bars_source(plan: _YearPlan) -> str:
    flags = []
    if plan.table["estimate"].any():
        flags.append(f"hatched {ESTIMATE_HATCH} = NATO estimate")
    if not plan.table["confirmed"].all():
        flags.append(f"hatched {UNCONFIRMED_HATCH[0]} = transcription not confirmed")
    # The note on a line of its own: the source under it is the map's, wrapped the same.
    return (f"Bars: {'; '.join(flags)}; bold = allies chosen.\n" if flags else "") + plan.source


def _lines_title(short: str) -> str:
    return f"Chosen allies, % of GDP over time: {short}"


def _lines_source(chosen: spending.Edition, source: str) -> str:
    return f"The kit's table holds {_years_text(chosen.years)} of this edition.\n{source}"


def _off_map_value(pct: float | None) -> str:
    return "no value" if pct is None else f"{pct:.2f}%"


def _map_key(missing: bool, estimates: bool, unconfirmed: bool) -> tuple:
    """The map's legend (``EuropeMap.set_legend`` arguments): the classes, then the flags
    that the edition and year shown have. Beside the map, against the figure's right edge."""
    entries = [(label, color, "patch") for _, label, color in SPENDING_CLASSES]
    if missing:
        entries.append(("No value", NO_VALUE_COLOR, "patch"))
    if estimates:
        entries.append(("Estimate", "white", "patch", ESTIMATE_HATCH))
    if unconfirmed:
        entries.append(("Not confirmed", "white", "patch", UNCONFIRMED_HATCH))
    return entries, "% of GDP\n(guideline 2%)", "upper right", (0.995, 0.93)


def _map_keys_of_the_table() -> set[tuple[bool, bool, bool]]:
    """Which flags (an ally without a value, estimates, unconfirmed values) each edition and
    year of the table has: the map keys its states show (five in the kit's table)."""
    table = load("defence_spending")
    allies = len(spending.allies())
    keys = set()
    for _, rows in table.groupby(["edition", "year"]):
        keys.add(
            (
                rows["iso3"].nunique() < allies,
                bool(rows["estimate"].any()),
                not bool(rows["confirmed"].all()),
            )
        )
    return keys


@dataclass(frozen=True)
class _YearPlan:
    """One edition and year as the explorer shows it: the table, its rows and the texts."""

    table: pd.DataFrame
    rows: tuple  # the table's rows (named tuples), highest first
    when: str
    short: str
    unconfirmed: tuple[str, ...]
    missing: tuple[str, ...]
    source: str

    @classmethod
    def of(cls, chosen: spending.Edition, year: int) -> _YearPlan:
        table = spending.share(chosen.key, year)
        estimates = bool(table["estimate"].all())
        when = f"{year} (estimates)" if estimates else f"{year}"
        # Titles name the edition by month (short enough for a projector); sources in full.
        short = f"{chosen.published:%B %Y} edition"
        unconfirmed = tuple(table.loc[~table["confirmed"], "name"])
        shown = set(table["iso3"])
        missing = tuple(c for c in spending.allies() if c not in shown)
        published = f"{chosen.published.day} {chosen.published:%B %Y}"
        source = (
            f"Source: NATO, {chosen.title}, published {published} (the {short}), read "
            "through secondary "
            "transcriptions (data/defence_spending.csv). "
            + (
                f"Transcription not confirmed: {', '.join(unconfirmed)}."
                if unconfirmed
                else "No value shown is flagged unconfirmed."
            )
        )
        rows = tuple(table.itertuples())
        return cls(table, rows, when, short, unconfirmed, missing, source)


#: Values drawn in one part of the preparation (about 0.5 ms each).
_VALUES_PER_PART = 50


def _editions_and_years_from(shown: dict) -> list[dict]:
    """Every edition and year, in the order a student is likely to visit them from ``shown``:
    each edition at the year its menu would show (the year shown where the edition has it,
    else its latest), then the other years of the edition shown, nearest first, then the rest.

    Examples
    --------
    >>> states = _editions_and_years_from({"edition": "2025-08-28", "year": 2020})
    >>> [(s["edition"][:4], s["year"]) for s in states[:6]]
    [('2022', 2022), ('2023', 2023), ('2024', 2024), ('2025', 2020), ('2025', 2021), ('2025', 2019)]
    >>> len(states) == sum(len(e.years) for e in spending.editions())
    True
    """
    year = int(shown["year"])
    editions = spending.editions()
    here = spending.edition(shown["edition"])
    states = [(e.key, year if year in e.years else e.years[-1]) for e in editions]
    states += [(here.key, y) for y in sorted(here.years, key=lambda y: (abs(y - year), -y))]
    states += [(e.key, y) for e in editions for y in e.years]
    return [{"edition": key, "year": y} for key, y in dict.fromkeys(states)]


def _years_text(years: Sequence[int]) -> str:
    """``2014, 2023`` or ``2014-2024`` (runs of consecutive years joined by a dash)."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _edition_key(value: object) -> object:
    """An edition's date for its name (menus hold dates); anything else unchanged."""
    if isinstance(value, str):
        for e in spending.editions():
            if value.strip() == e.name:
                return e.key
    return value


def _as_codes(value: object) -> tuple:
    return (value,) if isinstance(value, str) else tuple(value)


def _allies_problem(control: widgets.SelectMultiple, value: object) -> str:
    """Why ``value`` cannot be the chosen allies (empty when it can)."""
    codes = _choices(control)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return f"Allies must be ISO3 codes such as 'NLD', or a list of them, not {_short(value)}"
    unknown = [v for v in value if v not in codes]
    if unknown:
        noun = "code" if len(unknown) == 1 else "codes"
        shown = ", ".join(_short(v) for v in unknown[:5])
        return f"Unknown ally {noun} {shown}; choose from: {', '.join(codes)}"
    return ""


class _OffMapPanel:
    """Boxes for the United States and Canada beside the map, filled like the countries."""

    def __init__(self, view: EuropeMap):
        self.view = view
        sizes, figure = view.sizes, view.figure
        left = 0.015
        self.header = view.ax.text(
            left,
            0.86,
            "Allies off the map",
            transform=figure.transFigure,
            fontsize=sizes["small"],
            fontweight="bold",
            color=style.COLORS["text"],
            zorder=6,
        )
        self.boxes, self.values = {}, {}
        for i, code in enumerate(("USA", "CAN")):
            y = 0.66 - i * 0.26
            self.boxes[code] = view.ax.add_patch(
                Rectangle(
                    (left, y),
                    0.16,
                    0.12,
                    transform=figure.transFigure,
                    clip_on=False,
                    edgecolor=style.COLORS["muted"],
                    linewidth=0.6 * view.scale,
                    zorder=6,
                )
            )
            view.ax.text(
                left,
                y + 0.135,
                geo.country_name(code),
                transform=figure.transFigure,
                fontsize=sizes["small"],
                color=style.COLORS["text"],
                zorder=6,
            )
            self.values[code] = view.ax.text(
                left + 0.08,
                y + 0.06,
                "",
                transform=figure.transFigure,
                ha="center",
                va="center",
                fontsize=sizes["base"],
                fontweight="bold",
                color=style.COLORS["text"],
                zorder=7,
                path_effects=[
                    path_effects.withStroke(linewidth=3 * view.scale, foreground="white")
                ],
            )

    def show(self, table: pd.DataFrame) -> None:
        rows = table.set_index("iso3")
        for code, box in self.boxes.items():
            if code in rows.index:
                row = rows.loc[code]
                box.set_facecolor(spending_class(row["pct_gdp"])[1])
                box.set_hatch(_flag_hatch(row["estimate"], row["confirmed"]) or None)
                self.values[code].set_text(_off_map_value(row["pct_gdp"]))
            else:
                box.set_facecolor(NO_VALUE_COLOR)
                box.set_hatch(None)
                self.values[code].set_text(_off_map_value(None))


class _FastChart(FigureView):
    """A chart whose step PNG is composed: a fixed background drawn once, the moving artists
    (bars, lines, texts, the title and source) as cached sprites (:class:`frames.ChartComposer`).

    The axes limits are the same for every step (set from the whole table), so the background
    (axes, ticks, reference line) never has to be drawn again.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._composer = ChartComposer(self.figure, self.moving, self._background_key)
        #: What the chart was last drawn from: its picture is a function of this key.
        self.drawn_from: tuple | None = None

    def moving(self) -> list:  # pragma: no cover - overridden
        raise NotImplementedError

    def _background_key(self) -> tuple:
        return (self.ax.get_xlim(), self.ax.get_ylim(), tuple(self.ax.get_position().bounds))

    def to_png(self, dpi: float | None = None) -> bytes:
        if dpi is not None and dpi != self.figure.dpi:
            return super().to_png(dpi)
        return self._composer.png()

    def prepare_picture(self, text) -> None:
        """Draw a text as a later step shows it and keep its picture (the chart does not
        change; see ``frames.ChartComposer.keep_picture``)."""
        self._composer.keep_picture(text)


class _RankedBars(_FastChart):
    """All allies ranked by % of GDP, bars coloured by class, hatched by flags, a 2% line."""

    def __init__(self, most: int):
        sizes = style.sizes()
        width, scale = sizes["width_in"], sizes["scale"]
        height = width * style.ASPECT * 1.3  # room for one readable row per ally
        super().__init__(figsize=(width, height))
        left, right = 1.45 * scale / width, 0.3 * scale / width
        bottom, top = 1.1 * scale / height, 0.5 * scale / height
        self.ax = self.figure.add_axes((left, bottom, 1 - left - right, 1 - bottom - top))
        # Rows a whole number of pixels apart, so a name that moves to another row is the same
        # picture shifted (see frames.ChartComposer); the same limits for every step.
        rows_px = self.ax.get_position().height * self.figure.get_figheight() * self.figure.dpi
        pitch = max(1, int(rows_px // (most + 0.7)))
        self.ax.set_ylim(-1.2 + rows_px / pitch, -1.2)
        self.ax.set_xlim(0, _most_pct() + 0.5)
        positions = list(range(most))
        self.bars = self.ax.barh(
            positions, [0.0] * most, height=0.72, edgecolor=style.COLORS["muted"], linewidth=0.4
        )
        for bar in self.bars:
            bar.set_zorder(3)  # over the axes' spines, as in the composed frame
        self.labels = [
            self.ax.text(
                0,
                y,
                "",
                va="center",
                fontsize=sizes["small"] * 0.9,
                zorder=4,
            )
            for y in positions
        ]
        # Names as plain texts at the left of the rows (not tick labels, which matplotlib only
        # places while drawing the axis).
        names_at = blended_transform_factory(self.ax.transAxes, self.ax.transData)
        self.names = [
            self.ax.text(
                -0.012,
                y,
                "",
                transform=names_at,
                ha="right",
                va="center",
                fontsize=sizes["small"] * 0.9,
                zorder=4,
            )
            for y in positions
        ]
        # Behind the bars and their values, so a value near 2% stays readable.
        self.ax.axvline(
            spending.GUIDELINE_PCT,
            color=style.COLORS["text"],
            linestyle="--",
            linewidth=scale,
            zorder=0.5,
        )
        self.guide = self.ax.text(
            spending.GUIDELINE_PCT,
            -0.9,
            " 2% guideline",
            fontsize=sizes["small"],
            va="bottom",
            color=style.COLORS["text"],
        )
        self.ax.set_xlabel("% of GDP")
        self.ax.spines[["top", "right"]].set_visible(False)
        self.ax.set_yticks([])

    def moving(self) -> list:
        # The bars change together at every step: one picture, not one per bar (they do not
        # overlap: each hatch is drawn once for all the bars that have it).
        return [
            SeparatePatches(self.bars),
            *self.labels,
            *self.names,
            self.title_artist,
            self.source_artist,
        ]

    @staticmethod
    def _place_value(label, pct: float, row: int, to_pixels, to_data) -> None:
        """A bar's value just past its end, starting on a whole pixel: a value's picture is
        then the same on every row and at every length of bar, shifted."""
        px, py = to_pixels.transform((pct + 0.04, row))
        label.set_position((to_data.transform((round(px), py))[0], row))
        label.set_text(_value_label_of(pct))

    def prepare_values(self, values) -> None:
        """Draw now, once each, the values that later steps will print on the bars.

        The first visit to an edition or year then shifts kept pictures of its values into
        place instead of laying out and drawing some twenty new numbers (see
        ``frames.ChartComposer.keep_picture``). The bars shown do not change.
        """
        label = self.labels[0]
        saved = (label.get_text(), label.get_position(), label.get_visible())
        to_pixels, to_data = self.ax.transData, self.ax.transData.inverted()
        label.set_visible(True)
        try:
            for text, pct in {_value_label_of(v): v for v in values}.items():
                if text != saved[0]:
                    self._place_value(label, pct, 0, to_pixels, to_data)
                    self._composer.keep_picture(label)
        finally:
            label.set_text(saved[0])
            label.set_position(saved[1])
            label.set_visible(saved[2])

    def draw(self, chosen, plan: _YearPlan, codes) -> None:
        # Chosen allies without a bar in this table change nothing here.
        by_code = {r.iso3 for r in plan.rows}
        bold = tuple(sorted(c for c in set(codes) if c in by_code))
        key = (chosen.key, plan.when, bold, plan.source)
        if key == self.drawn_from:
            return
        before = self.drawn_from
        if before is not None and (key[0], key[1], key[3]) == (before[0], before[1], before[3]):
            # Only other allies chosen: their names change weight, nothing else does.
            for row, name in zip(plan.rows, self.names, strict=False):
                name.set_fontweight("bold" if row.iso3 in bold else "normal")
            self.drawn_from = key
            return
        self.drawn_from = key
        rows, when = plan.rows, plan.when
        n = len(rows)
        to_pixels, to_data = self.ax.transData, self.ax.transData.inverted()
        for i, (bar, label, name) in enumerate(
            zip(self.bars, self.labels, self.names, strict=True)
        ):
            if i >= n:
                for artist in (bar, label, name):
                    artist.set_visible(False)
                continue
            row = rows[i]
            bar.set_visible(True)
            bar.set_width(row.pct_gdp)
            bar.set_facecolor(spending_class(row.pct_gdp)[1])
            bar.set_hatch(_flag_hatch(row.estimate, row.confirmed) or None)
            label.set_visible(True)
            self._place_value(label, row.pct_gdp, i, to_pixels, to_data)
            name.set_visible(True)
            name.set_text(row.name)
            name.set_fontweight("bold" if row.iso3 in bold else "normal")
        self.set_title(_bars_title(plan))
        self.set_source(_bars_source(plan))
        self.alt = (
            f"Bar chart of {n} allies ranked by defence spending as % of GDP in {when}, "
            f"{chosen.name}, with a dashed line at 2%: "
            + ", ".join(f"{r.name} {r.pct_gdp:.2f}" for r in rows)
            + "."
        )


def _value_label_of(pct: float) -> str:
    return f"{pct:.2f}"


def _most_pct() -> float:
    """The highest share of GDP in the whole table (at least 4%): one scale for every step."""
    return max(4.0, float(load("defence_spending")["pct_gdp"].max()))


def _all_years() -> tuple[int, int]:
    """First and last year any edition covers: one time axis for every edition."""
    covers = [e.covers for e in spending.editions()]
    return min(c[0] for c in covers), max(c[1] for c in covers)


class _SpendingLines(_FastChart):
    """The chosen allies over the years of one edition, with the 2% line."""

    MOST = 8  # allies drawn at most (more would not be told apart)
    SERIES_KEPT = 64  # (edition, ally) lines kept as artists, shown again when chosen again
    LEGENDS_KEPT = 16  # legends kept by the lines they explain

    def __init__(self):
        sizes = style.sizes()
        width, scale = sizes["width_in"], sizes["scale"]
        height = width * style.ASPECT
        super().__init__(figsize=(width, height))
        left, right = 0.75 * scale / width, 2.3 * scale / width
        bottom, top = 0.75 * scale / height, 0.55 * scale / height
        self.ax = self.figure.add_axes((left, bottom, 1 - left - right, 1 - bottom - top))
        self.ax.axhline(
            spending.GUIDELINE_PCT, color=style.COLORS["text"], linestyle="--", linewidth=scale
        )
        self.ax.set_ylabel("% of GDP")
        self.ax.spines[["top", "right"]].set_visible(False)
        self.ax.xaxis.get_major_locator().set_params(integer=True)
        first, last = _all_years()
        self.ax.set_xlim(first - 0.5, last + 0.5)
        self.ax.set_ylim(0, _most_pct() + 0.5)
        self._drawn: list = []
        self._series: dict[tuple, _Series] = {}
        self._legends: dict[tuple, object] = {}
        self._scale = scale
        self._small = sizes["small"]

    def moving(self) -> list:
        legend = self.ax.get_legend()
        return [*self._drawn, *([legend] if legend else []), self.title_artist, self.source_artist]

    def draw(self, chosen, codes, source, short) -> None:
        key = (chosen.key, tuple(codes[: self.MOST]), source)
        if key == self.drawn_from:
            return
        before, self.drawn_from = self.drawn_from, key
        self.set_source(_lines_source(chosen, source))
        if before is not None and before[:2] == key[:2]:
            return  # the same lines: only the source line (another year's flags) changes
        for artist in self._drawn:
            artist.set_visible(False)  # kept for when the ally is chosen again
        self._drawn = []
        self.ax.legend_ = None  # a kept legend comes back below, or a new one is made
        others = iter(style.SERIES * 3)
        described, handles = [], []
        for code in codes[: self.MOST]:
            color = style.COLORS["highlight"] if code == "NLD" else next(others)
            series = self._series_of(chosen, code)
            described.append(series.described)
            if series.line is None:
                continue
            series.line.set_color(color)
            series.line.set_visible(True)
            self._drawn.append(series.line)
            handles.append(series.line)
            if series.flagged is not None:
                series.flagged.set_edgecolor(color)
                series.flagged.set_visible(True)
                self._drawn.append(series.flagged)
        # The limits stay as set in __init__ (the whole table): the background is drawn once.
        if self._drawn:
            self._show_legend(handles)
        self.set_title(_lines_title(short))
        self.alt = (
            f"Line chart of defence spending as % of GDP in the {chosen.name}, dashed line at "
            f"2%: " + ("; ".join(described) if described else "no ally chosen") + "."
        )

    def _show_legend(self, handles: list) -> None:
        """The legend of these lines: the one made before for the same lines (already laid
        out, so its picture is found again), else a new one."""
        key = tuple((h.get_label(), h.get_color(), h.get_linewidth()) for h in handles)
        legend = self._legends.pop(key, None)
        if legend is None:
            flagged = Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8 * self._scale,
                markerfacecolor="white",
                markeredgecolor=style.COLORS["text"],
            )
            legend = self.ax.legend(
                [*handles, flagged],
                [h.get_label() for h in handles] + ["Estimate or not confirmed"],
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                fontsize=self._small,
                frameon=False,
            )
        self.ax.legend_ = legend
        self._legends[key] = legend  # now the newest
        while len(self._legends) > self.LEGENDS_KEPT:
            del self._legends[next(iter(self._legends))]

    def _series_of(self, chosen, code: str) -> _Series:
        """One ally's line (and flagged points) in one edition: plotted once, then shown again.

        Kept for the latest ``SERIES_KEPT`` pairs; an older pair's artists are removed.
        """
        key = (chosen.key, code)
        series = self._series.pop(key, None)
        if series is None:
            series = self._plot(chosen, code)
        self._series[key] = series  # now the newest
        while len(self._series) > self.SERIES_KEPT:
            old = self._series.pop(next(iter(self._series)))
            for artist in (old.line, old.flagged):
                if artist is not None:
                    artist.remove()
                    if artist in self._drawn:  # pragma: no cover - only a tiny SERIES_KEPT
                        self._drawn.remove(artist)
        return series

    def _plot(self, chosen, code: str) -> _Series:
        rows = spending.path(code)
        rows = rows[rows["edition"] == chosen.key].set_index("year")
        name = geo.country_name(code)
        if rows.empty:
            return _Series(None, None, f"{name}: no value in this edition")
        first, last = chosen.covers
        years = list(range(first, last + 1))
        # Missing years stay gaps (NaN), never a line across years the edition lacks.
        values = rows["pct_gdp"].reindex(years)
        width = (2.6 if code == "NLD" else 1.6) * self._scale
        (line,) = self.ax.plot(
            years,
            values,
            linewidth=width,
            label=name,
            marker="o",
            markersize=4 * self._scale,
            visible=False,
        )
        flagged = rows[rows["estimate"] | ~rows["confirmed"]]
        points = None
        if not flagged.empty:
            points = self.ax.scatter(
                flagged.index,
                flagged["pct_gdp"],
                s=(8 * self._scale) ** 2,
                facecolor="white",
                linewidth=1.5 * self._scale,
                zorder=4,
                visible=False,
            )
        described = f"{name} " + ", ".join(f"{y}: {v:.2f}" for y, v in rows["pct_gdp"].items())
        return _Series(line, points, described)


@dataclass
class _Series:
    """An ally's artists in one edition's line chart, and how the alt text describes them."""

    line: Line2D | None
    flagged: object | None  # the PathCollection of estimates and unconfirmed values
    described: str
