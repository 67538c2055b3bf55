"""An explorer for notebook 05: Ukraine's neighbourhood, year by year.

:class:`NeighbourhoodExplorer` moves a year slider and shades, on one map drawn once, which of
Ukraine's land neighbours were NATO allies at the end of that year
(:func:`natokit.ukraine.neighbourhood`); the caption gives the length of Ukraine's land border
with allies against its whole land border, both measured on the kit's basemap, and how many
Contact Group meetings the kit's table holds by then. A step only recolours the countries and redraws
the title and legend, so the frame is composed from cached rasters (:mod:`natokit.frames`).

For comparison (issue 11), :func:`naive_neighbourhood_png` draws the same picture from scratch:
a new map, the same shading and labels, rendered in full by matplotlib.

Examples
--------
>>> explorer = NeighbourhoodExplorer(year=2004)
>>> explorer.caption_text[:45]
"End of 2004: 4 of Ukraine's 7 neighbours are "
>>> explorer.set(year=1800)
'Year 1800 is outside the range 1949 to ...; nothing changed.'
"""

from __future__ import annotations

import datetime
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from . import geo, style, ukraine
from .data import load
from .explore import Explorer
from .maps import EuropeMap

__all__ = ["NeighbourhoodExplorer", "naive_neighbourhood_png"]

_SOURCE = (
    "Sources: data/members.csv (NATO accession dates), data/udcg_meetings.csv; land borders "
    "measured on the kit's basemap (Natural Earth), shorter than published lengths. Today's "
    "borders are drawn for every year."
)


def _last_year() -> int:
    members = load("members")
    return max(datetime.date.today().year, int(members["accession_date"].dt.year.max()))


def _draw(view: EuropeMap, year: int, tables: dict | None = None) -> str:
    """Shade ``view`` for the end of ``year``; set its title and alt text; return the caption."""
    n = ukraine.neighbourhood(f"{year}-12-31", **(tables or {}))
    ukraine.draw_neighbourhood(view, n)
    view.set_title(f"Ukraine's neighbours at the end of {year}: {len(n.allies)} allies")
    view.alt = (
        f"Map of Ukraine and its land neighbours at the end of {year}. NATO allies: "
        f"{ukraine._names(n.allies)}; Russia and Belarus in the colour the kit gives "
        f"adversaries (their standing since 2022, drawn for every year); other neighbours: "
        f"{ukraine._names(n.others)}."
    )
    return ukraine.neighbourhood_caption(n, f"End of {year}")


class NeighbourhoodExplorer(Explorer):
    """Which of Ukraine's neighbours are allies, year by year, with their share of the border.

    Membership is counted at the end of the chosen year. Ukraine's neighbours are the countries
    that share a land border with it on the basemap (:func:`natokit.ukraine.neighbours`).

    Parameters
    ----------
    year : int
        Starting year, from 1949 (NATO's founding in ``data/members.csv``) to this year.

    Raises
    ------
    ValueError
        For a year outside that range or not a whole number.

    Examples
    --------
    >>> explorer = NeighbourhoodExplorer(year=2022)
    >>> explorer.set(year=1999).split(" (")[0]
    "End of 1999: 2 of Ukraine's 7 neighbours are NATO allies"
    >>> NeighbourhoodExplorer(year=2022.5)
    Traceback (most recent call last):
    ...
    ValueError: Year must be a whole number, not 2022.5.
    """

    def __init__(self, year: int = 2022):
        first = int(load("members")["accession_date"].dt.year.min())
        slider = widgets.IntSlider(
            value=first, min=first, max=_last_year(), description="Year", continuous_update=False
        )
        slider.value = int(self._checked(slider, "year", year))
        # Loaded once: a step only filters them.
        self._tables = {
            "members": load("members"),
            "meeting_dates": ukraine.meetings()["date"],
        }
        self.view = EuropeMap(ukraine.WINDOW, source=_SOURCE)
        super().__init__({"year": slider})

    def _update(self) -> str:
        return _draw(self.view, self.controls["year"].value, self._tables)


def naive_neighbourhood_png(year: int) -> bytes:
    """The explorer's picture for ``year`` re-plotted from scratch, the way the kit avoids.

    Every call projects the basemap again, plots every country with GeoPandas on a new
    figure, writes the names, title, legend and source line, and renders it all with
    matplotlib: no cached rasters, no artists kept between years. The benchmark compares it
    with a step of :class:`NeighbourhoodExplorer`.

    Examples
    --------
    >>> naive_neighbourhood_png(2004)[:4]
    b'\\x89PNG'
    """
    n = ukraine.neighbourhood(f"{year}-12-31")
    countries = load("countries").to_crs(geo.EUROPE_CRS)
    colors = {code: style.COLORS["ally"] for code in n.allies}
    colors.update({code: style.COLORS["adversary"] for code in n.adversaries})
    colors[ukraine.UKRAINE] = style.COLORS["partner"]
    fill = [colors.get(code, style.COLORS["land"]) for code in countries["iso3"]]
    sizes = style.sizes()
    fig, ax = plt.subplots(figsize=(sizes["width_in"], sizes["width_in"] * style.ASPECT))
    fig.set_dpi(sizes["dpi"])
    countries.plot(ax=ax, color=fill, edgecolor=style.COLORS["border"], linewidth=0.6)
    ax.set_aspect("equal", adjustable="datalim")
    x0, y0 = geo.project(ukraine.WINDOW[0], ukraine.WINDOW[2])
    x1, y1 = geo.project(ukraine.WINDOW[1], ukraine.WINDOW[3])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    named = countries[countries["iso3"].isin((ukraine.UKRAINE, *ukraine.neighbours()))]
    for code, point in zip(named["iso3"], named.representative_point(), strict=True):
        ax.annotate(geo.country_name(code), (point.x, point.y), ha="center", fontweight="bold")
    ax.legend(
        handles=[Patch(color=c, label=label) for label, c, _ in ukraine.legend_entries(n)],
        loc="lower left",
    )
    fig.suptitle(f"Ukraine's neighbours at the end of {year}: {len(n.allies)} allies")
    fig.text(0.01, 0.01, _SOURCE, fontsize=sizes["small"])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
