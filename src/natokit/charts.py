"""Charts that are not maps: spending over time against the 2% guideline, and dated timelines.

Examples
--------
>>> from natokit import charts
>>> chart = charts.spending_chart(["NLD", "POL"], edition="2025-08-28")
>>> chart.title
'Defence expenditure as % of GDP (NATO edition of 28 August 2025)'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.patheffects as path_effects
import pandas as pd
from matplotlib.lines import Line2D

from . import spending, style
from .data import load
from .figures import FigureView
from .geo import check_country
from .tables import format_date

__all__ = [
    "GUIDELINE_PCT",
    "spending_series",
    "spending_chart",
    "timeline",
]

GUIDELINE_PCT = 2.0  # the Wales 2014 pledge: move towards 2% of GDP within a decade


def _edition_label(edition: spending.Edition) -> str:
    # The day matters: NATO publishes several tables a year and revises its back-series in each.
    return f"NATO edition of {edition.published.day} {edition.published:%B %Y}"


def spending_series(iso3s: Sequence[str], edition: str) -> pd.DataFrame:
    """Spending rows of the given allies in one edition, sorted by ally and year.

    Raises ``ValueError`` for an unknown edition or an ally with no rows in it.

    Examples
    --------
    >>> rows = spending_series(["NLD"], "2025-08-28")
    >>> int(rows["year"].min())
    2014
    """
    found = spending.edition(edition)  # raises, listing the editions, for an unknown one
    table = load("defence_spending")
    rows = table[table["edition"] == found.published]
    for code in iso3s:
        check_country(code) if code not in ("USA", "CAN") else None
        if not (rows["iso3"] == code).any():
            raise ValueError(f"No spending figures for {code} in the {_edition_label(found)}")
    return rows[rows["iso3"].isin(list(iso3s))].sort_values(["iso3", "year"])


def spending_chart(iso3s: Sequence[str], edition: str, highlight: str | None = "NLD") -> FigureView:
    """Line chart of defence spending as % of GDP, with the 2% guideline as a dashed line.

    Estimates (the years the edition marks as estimates) are drawn as open markers on exactly
    those years, and the legend says so, so students see which points NATO will still revise.
    The ``highlight`` ally is drawn thicker, in the kit's highlight colour.

    Parameters
    ----------
    iso3s : sequence of ISO3 codes
        Allies to draw, each with rows in the edition.
    edition : str
        An edition's date or name (see :func:`natokit.spending.editions`).
    highlight : str, optional
        The ally to stand out (default the Netherlands); None for none.

    Examples
    --------
    >>> chart = spending_chart(["NLD"], "2025-08-28")
    >>> "2%" in chart.alt
    True
    >>> [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    ['Netherlands', 'Estimate (open marker)']
    """
    rows = spending_series(iso3s, edition)
    label = _edition_label(spending.edition(edition))
    names = _names()
    sizes = style.sizes()
    scale = sizes["scale"]
    width = sizes["width_in"]
    view = FigureView(
        title=f"Defence expenditure as % of GDP ({label})",
        source=f"Source: NATO, Defence Expenditure of NATO Countries, {label}; "
        "rows and URLs in data/defence_spending.csv",
        alt=f"Line chart of defence spending as a share of GDP for "
        f"{', '.join(names.get(c, c) for c in iso3s)}, with a dashed line at the 2% guideline; "
        "open markers are NATO estimates.",
        figsize=(width, width * style.ASPECT),
    )
    # Margins in inches, so titles, labels and the legend keep their room at any size.
    fig_w, fig_h = view.figure.get_size_inches()
    left, right = 0.75 * scale / fig_w, 2.3 * scale / fig_w
    bottom, top = 0.75 * scale / fig_h, 0.55 * scale / fig_h
    ax = view.figure.add_axes((left, bottom, 1 - left - right, 1 - bottom - top))
    others = iter(style.SERIES)
    for code in dict.fromkeys(iso3s):
        series = rows[rows["iso3"] == code]
        color = style.COLORS["highlight"] if code == highlight else next(others)
        ax.plot(
            series["year"],
            series["pct_gdp"],
            color=color,
            linewidth=(2.6 if code == highlight else 1.5) * scale,
            label=names.get(code, code),
            zorder=3 if code == highlight else 2,
        )
        estimates = series[series["estimate"]]
        ax.plot(
            estimates["year"],
            estimates["pct_gdp"],
            linestyle="none",
            marker="o",
            markersize=6 * scale,
            markerfacecolor="white",
            markeredgecolor=color,
            markeredgewidth=1.5 * scale,
            label="_estimates " + code,  # "_" keeps it out of the legend; found by tests
            zorder=5 if code == highlight else 4,
        )
    ax.axhline(
        GUIDELINE_PCT, color=style.COLORS["text"], linestyle="--", linewidth=1.0 * scale, zorder=1
    )
    ax.text(
        rows["year"].min(),
        GUIDELINE_PCT,
        " 2% guideline",
        va="bottom",
        fontsize=sizes["small"],
        # A white halo keeps the words readable where a country's line crosses them.
        path_effects=[path_effects.withStroke(linewidth=3 * scale, foreground="white")],
        zorder=5,
    )
    ax.set_ylabel("% of GDP")
    ax.set_ylim(0, max(4.0, float(rows["pct_gdp"].max()) + 0.3))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(width=0.8 * scale, length=3.5 * scale)
    ax.spines[["top", "right"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    if any(rows["estimate"]):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6 * scale,
                markerfacecolor="white",
                markeredgecolor=style.COLORS["text"],
                markeredgewidth=1.5 * scale,
            )
        )
        labels.append("Estimate (open marker)")
    ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=sizes["small"],
        frameon=False,
    )
    return view


def timeline(
    events: pd.DataFrame, title: str, source: str = "Sources: data/events.csv"
) -> FigureView:
    """A dated timeline: one row per event, each labelled with its date and title.

    Parameters
    ----------
    events : DataFrame
        With ``date`` (datetime) and ``title`` columns, e.g. ``natokit.load("events")``. An
        optional ``date_precision`` column (``day``/``month``/``year``) makes a label read
        "2005" or "Feb 2023" rather than a day the data does not know.
    title : str
        Figure title.
    source : str
        Source line under the chart.

    Examples
    --------
    >>> import natokit
    >>> chart = timeline(natokit.load("events").head(3), "First three events")
    >>> chart.alt.startswith("Timeline of 3 events from ")
    True
    >>> len(chart.figure.axes[0].texts)
    3
    """
    if events.empty:
        raise ValueError("timeline needs at least one event")
    events = events.sort_values("date").reset_index(drop=True)
    precisions = (
        events["date_precision"] if "date_precision" in events else pd.Series(["day"] * len(events))
    )
    when = [format_date(d, p) for d, p in zip(events["date"], precisions, strict=True)]
    sizes = style.sizes()
    width, scale = sizes["width_in"], sizes["scale"]
    # One row per event; rows and margins grow with the font in presentation mode.
    height = max(width * style.ASPECT, (0.32 * len(events) + 1.4) * scale)
    view = FigureView(
        title=title,
        source=source,
        alt=f"Timeline of {len(events)} events from {when[0]} to {when[-1]}: "
        + "; ".join(events["title"])
        + ".",
        figsize=(width, height),
    )
    # Margins in inches, so the title and the source line never touch the axis at any height.
    bottom, top = 0.6 * scale / height, 0.45 * scale / height
    ax = view.figure.add_axes((0.03, bottom, 0.94, 1.0 - bottom - top))
    # One row per event, top to bottom: never overlapping, whatever the spacing of dates.
    y = list(range(len(events), 0, -1))
    ax.hlines(y, events["date"].min(), events["date"], color=style.COLORS["land"], linewidth=scale)
    # Events carry no kit meaning (ally, adversary ...), so their markers are neutral ink.
    ax.plot(
        events["date"], y, "o", color=style.COLORS["text"], markersize=5 * scale, linestyle="none"
    )
    labels = [
        ax.annotate(
            f"{label}  {row_title}",
            (date, yi),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=sizes["small"],
        )
        for yi, date, label, row_title in zip(y, events["date"], when, events["title"], strict=True)
    ]
    ax.set_ylim(0.3, len(events) + 0.7)
    _fit_labels_right(view.figure, ax, events["date"], labels)
    # Wrapped labels need taller rows: grow the figure (margins stay in inches) until the
    # tallest label fits its row with a gap, so no label runs into the next one.
    lines = max(label.get_text().count("\n") + 1 for label in labels)
    row_in = (lines * 1.2 * sizes["small"] + 5 * scale) / 72
    rows_in = row_in * (len(events) + 0.4)  # the y axis spans len(events) + 0.4 rows
    if rows_in > height - (0.6 + 0.45) * scale:
        height = rows_in + (0.6 + 0.45) * scale
        view.figure.set_size_inches(width, height)
        bottom, top = 0.6 * scale / height, 0.45 * scale / height
        ax.set_position((0.03, bottom, 0.94, 1.0 - bottom - top))
    # The axis line and its ticks stop at the last event; the room to its right is for labels.
    start, end = ax.get_xlim()[0], mdates.date2num(events["date"].max() + pd.Timedelta(days=10))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ticks = [
        t
        for t in locator.tick_values(mdates.num2date(start), mdates.num2date(end))
        if start <= t <= end
    ]
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.spines["bottom"].set_bounds(start, end)
    ax.set_yticks([])
    ax.spines[["top", "right", "left"]].set_visible(False)
    return view


def _fit_labels_right(figure, ax, dates: pd.Series, labels) -> None:
    """Widen the date axis to the right until every label ending at a marker fits in the axes.

    A label wider than about half the axes is first wrapped onto two or more lines, so long
    event titles cannot push the timeline itself into a sliver.
    """
    x0 = mdates.date2num(dates.min() - (dates.max() - dates.min()) * 0.02 - pd.Timedelta(days=10))
    renderer = figure.canvas.get_renderer()
    axes_px = ax.get_window_extent(renderer).width
    for label in labels:
        width = label.get_window_extent(renderer).width
        if width > 0.55 * axes_px:
            text = label.get_text()
            label.set_text(textwrap.fill(text, width=int(len(text) * 0.55 * axes_px / width)))
    x1 = mdates.date2num(dates.max() + pd.Timedelta(days=10))
    for date, label in zip(dates, labels, strict=True):
        room = axes_px - label.get_window_extent(renderer).width - 12
        if room > 0:
            # The marker sits at fraction (d - x0) / (x1 - x0) of the axes; its label must end inside.
            x1 = max(x1, x0 + (mdates.date2num(date) - x0) * axes_px / room)
    ax.set_xlim(x0, x1)


def _names() -> dict[str, str]:
    members = load("members")
    return dict(zip(members["iso3"], members["name"], strict=True))
