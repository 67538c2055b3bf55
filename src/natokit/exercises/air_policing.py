"""Exercises for notebook 02, "Guarding the airspace: Air Policing".

Every answer that is a number is computed from the kit's data with :mod:`natokit.geo`, so the
question and the map in the notebook can never disagree. The cruise speed used in the reach
questions is a *teaching assumption* (:data:`ASSUMED_SPEED_KMH`), not a claim about any aircraft.

Analytic tasks: sort situations into Air Policing and air defence
(:func:`policing_or_defence`) and argue whether Air Policing is deterrence, and of which kind
(:func:`air_policing_as_deterrence`). :data:`DISCUSSION` holds questions for class.

Coordinates come from the kit's one lookup, :func:`natokit.geo.base_position` and
:func:`natokit.geo.capital_position`. :func:`degree_circle` draws the *wrong* kind of
range ring (a circle in degrees) so students can see why :func:`natokit.geo.range_ring` is
geodesic.

Examples
--------
>>> from natokit.exercises import air_policing
>>> air_policing.what_is_air_policing().check("a").correct
True
>>> air_policing.ASSUMED_SPEED_KMH
600
"""

from __future__ import annotations

import pandas as pd
from shapely.geometry import Point, Polygon

from .. import geo, letter, style, tables
from ..data import load
from ..maps import EuropeMap
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "ASSUMED_SPEED_KMH",
    "degree_circle",
    "what_is_air_policing",
    "distance_to_sofia",
    "minutes_to_vilnius",
    "why_geodesic",
    "policing_or_defence",
    "air_policing_as_deterrence",
    "DISCUSSION",
    "REFERENCES",
    "GLOSSARY_TERMS",
    "MISSION_MARKERS",
    "bases_map",
    "bulgaria_map",
    "ring_map",
    "letter_checks",
]

#: Keys of ``data/references.csv`` that notebook 02 cites.
REFERENCES = [
    "letter",
    "nato_airpolicing",
    "aircom_ap",
    "shape_ap",
    "siegmann_afmag",
    "snyder1961",
    "schelling1966",
]

#: Glossary terms notebook 02 defines.
GLOSSARY_TERMS = [
    "Air Policing",
    "QRA",
    "luchtverdediging",
    "Baltic Air Policing",
    "enhanced Air Policing",
]

#: One marker shape per mission, so the maps never rely on colour alone.
MISSION_MARKERS = {"Baltic Air Policing": "^", "enhanced Air Policing": "s"}

# Bases that lie close together get their labels moved apart (offsets in points).
_LABEL_OFFSETS = {"Fetești": (-30, -16), "Šiauliai": (6, -14)}
_FLANK_WINDOW = (12.0, 34.0, 40.5, 60.5)

#: Questions for a class discussion after notebook 02 (no single right answer).
DISCUSSION = (
    "NATO calls Air Policing a tool for 'deterrence and reassurance'. Whom does it reassure, "
    "and what exactly would it deter? Would the Baltic states feel less safe without it?",
    "The letter reports the Dutch F-35 deployment to Bulgaria as ended 'zoals voorzien' (as "
    "foreseen). What does a short, scheduled rotation signal to an ally and to an adversary, "
    "compared with a permanent presence?",
    "The Netherlands asks allies to guarantee 'voortzettingsvermogen' (staying power). How do "
    "rotations of four to eight aircraft, from many allies in turn, square with that wish?",
    "In September 2025 fighters on enhanced Air Policing in Poland engaged drones that entered "
    "Polish airspace. Where does Air Policing end and air defence begin?",
)

#: A round cruise speed in km/h for the reach explorer and exercises. A teaching assumption to
#: make the geometry concrete, NOT the performance of any aircraft.
ASSUMED_SPEED_KMH = 600


def degree_circle(lon: float, lat: float, radius_km: float, n_points: int = 181) -> Polygon:
    """The WRONG range ring, for comparison: a circle of constant radius in degrees.

    The radius is converted with 1 degree = 111.32 km (true for latitude, and for longitude
    only at the equator). On the ground this shape is squashed east-west away from the equator;
    use :func:`natokit.geo.range_ring` for real work.

    Examples
    --------
    >>> west, south, east, north = degree_circle(24.0, 60.0, 111.32).bounds
    >>> round(east - west, 3), round(north - south, 3)
    (2.0, 2.0)
    """
    return Point(lon, lat).buffer(radius_km / 111.32, quad_segs=max(4, n_points // 4))


def what_is_air_policing() -> MultipleChoice:
    """Concept check: what kind of mission Air Policing is.

    Examples
    --------
    >>> what_is_air_policing().check("a").correct
    True
    """
    options = [
        "A peacetime mission under NATO command: fighters on alert guard allied airspace, "
        "also for allies without enough fighters of their own",
        "A national task: every ally guards only its own airspace with its own fighters",
        "NATO's defence against an air and missile attack on the Baltic states",
        "A wartime mission to attack targets in a country that threatens an ally",
        "An EU mission that only EU member states take part in",
    ]
    return MultipleChoice(
        "Which description of NATO Air Policing is right?",
        options,
        answer=options[0],
        why_wrong={
            options[1]: "Some allies have no fighter jets at all; think of who guards their sky.",
            options[2]: "Air Policing is the peacetime part of NATO's air and missile defence "
            "system; defeating an actual attack is a different job.",
            options[3]: "Attacking targets is not what fighters on alert are for.",
            options[4]: "Look at who commands the mission: the letter and AIRCOM speak of NATO.",
        },
        hint="Read the glossary entries for 'Air Policing' and 'QRA'. Who guards the airspace "
        "of an ally without fighter jets, and is that a wartime task?",
        explanation="Air Policing is collective: allies take turns to deploy fighters on Quick "
        "Reaction Alert, under NATO command, in peacetime. It is part of NATO's integrated air "
        "and missile defence system, but defending against an air or missile attack is air "
        "defence, a different task.",
    )


def distance_to_sofia() -> Numeric:
    """Compute: the geodesic distance from Graf Ignatievo to Sofia, in km.

    Examples
    --------
    >>> q = distance_to_sofia()
    >>> q.check(q.answer).correct
    True
    """
    lon, lat = geo.base_position("Graf Ignatievo")
    answer = geo.geodesic_distance_km(lon, lat, *geo.capital_position("BGR"))
    return Numeric(
        "How far is it, in a straight line along the Earth, from Graf Ignatievo air base to "
        "Sofia, the capital of Bulgaria? Compute it with natokit (in km).",
        answer=round(answer, 1),
        tolerance=10,
        unit="km",
        hint="Get the base from natokit.load('air_policing') and Sofia from "
        "natokit.load('capitals') (iso3 'BGR'), then use geo.geodesic_distance_km(lon1, lat1, "
        "lon2, lat2).",
        explanation="The Dutch F-35s were stationed a short flight from the Bulgarian capital.",
    )


def minutes_to_vilnius(speed_kmh: float = ASSUMED_SPEED_KMH) -> Numeric:
    """Compute: minutes from Šiauliai to Vilnius at an assumed cruise speed.

    Examples
    --------
    >>> q = minutes_to_vilnius()
    >>> 17 < q.answer < 19
    True
    """
    lon, lat = geo.base_position("Šiauliai")
    distance = geo.geodesic_distance_km(lon, lat, *geo.capital_position("LTU"))
    minutes = distance / speed_kmh * 60.0
    return Numeric(
        f"A fighter scrambles from Šiauliai air base (Lithuania). At an assumed average speed "
        f"of {speed_kmh:g} km/h (a teaching assumption), how many minutes does it need to reach "
        f"Vilnius? Round to whole minutes.",
        answer=round(minutes, 1),
        tolerance=1,
        unit="min",
        hint="First the geodesic distance Šiauliai–Vilnius with geo.geodesic_distance_km, then "
        f"minutes = distance / {speed_kmh:g} × 60. Or move the reach explorer until Vilnius "
        "falls inside the ring.",
        explanation="At that assumed speed the capital is a matter of minutes away, which is "
        "why QRA fighters must be ready to take off at short notice.",
    )


def why_geodesic() -> MultipleChoice:
    """Concept check: why the reach ring is geodesic and not a circle in degrees.

    Examples
    --------
    >>> why_geodesic().check("b").correct
    True
    """
    options = [
        "Because a geodesic circle is quicker to compute",
        "Because a degree of longitude gets shorter towards the poles, so a circle in "
        "degrees is too narrow east-west on the ground",
        "Because fighters always fly along lines of latitude",
        "There is no difference at the latitude of the Baltic states",
    ]
    return MultipleChoice(
        "Why does natokit draw the reach ring as a geodesic circle instead of a circle in "
        "degrees of longitude and latitude?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "It is slower, not quicker: the kit walks the ellipsoid point by point.",
            options[2]: "A reach ring assumes a fighter can fly in any direction.",
            options[3]: "Compare the two shapes' east-west extent around Ämari: the "
            "difference is largest in the north.",
        },
        hint="Compare the east-west and north-south extent, in degrees, of geo.range_ring "
        "around Ämari.",
        explanation="Near Ämari a degree of longitude is about half a degree of latitude on the "
        "ground, so the geodesic ring spans about twice as many degrees east-west.",
    )


_POLICING = "Air Policing (peacetime: identify, escort, assist)"
_DEFENCE = "air defence (defeat an air or missile attack)"


def policing_or_defence() -> Classify:
    """Analytic task: is each situation a job for Air Policing or for air defence?

    Examples
    --------
    >>> task = policing_or_defence()
    >>> sorted(set(task.answer.values())) == sorted(task.categories)
    True
    """
    situations = {
        "A military transport aircraft flies along the Estonian border with its transponder "
        "off and no flight plan": (
            _POLICING,
            "An unidentified aircraft near allied airspace in peacetime: fighters on QRA go up "
            "to identify and escort it (AIRCOM lists exactly these failures).",
        ),
        "An airliner over Lithuania stops answering air traffic control": (
            _POLICING,
            "Aircraft in distress or out of contact are part of the Air Policing mission.",
        ),
        "A salvo of cruise missiles is launched at a city in an allied country": (
            _DEFENCE,
            "An attack is under way: this calls for integrated air and missile defence, "
            "which aims to destroy the missiles, not to identify them.",
        ),
        "Ground-based air defence missiles are deployed to protect an airport on the eastern "
        "flank": (
            _DEFENCE,
            "Ground-based missile systems defend against attack; Air Policing is done by "
            "fighters on alert.",
        ),
        "Four fighters take turns on 24-hour alert at Šiauliai to cover the Baltic states": (
            _POLICING,
            "This is Baltic Air Policing: a standing peacetime alert, shared among allies.",
        ),
    }
    keyed = {str(n): (text, *rest) for n, (text, rest) in enumerate(situations.items(), 1)}
    return Classify(
        "Sort each situation: is it a job for NATO Air Policing, or for air defence?",
        items={key: text for key, (text, _, _) in keyed.items()},
        categories=[_POLICING, _DEFENCE],
        answer={key: category for key, (_, category, _) in keyed.items()},
        explanations={key: why for key, (_, _, why) in keyed.items()},
        hint="Ask: is there an attack to defeat, or an aircraft to identify and escort in "
        "peacetime?",
    )


def air_policing_as_deterrence() -> AnalyticTask:
    """Analytic task: is Air Policing deterrence, and if so of which kind?

    Examples
    --------
    >>> task = air_policing_as_deterrence()
    >>> "assurance" in task.model_answer
    True
    """
    return AnalyticTask(
        "Is NATO Air Policing deterrence? If so, deterrence by denial or by punishment, and "
        "against what? Or is it mainly something else? Argue in 150-250 words, using the "
        "notebook's sources and the deployments in the data.",
        model_answer=(
            "Air Policing is first of all a peacetime policing task: fighters on Quick Reaction "
            "Alert identify, escort and, if need be, turn away aircraft that fly without a "
            "flight plan, radio contact or transponder (AIRCOM). A NATO air commander put it "
            "bluntly: air defence 'is something entirely different'. So it is not deterrence by "
            "denial of a real air attack: four to eight aircraft on a rotation could not defeat "
            "a large air or missile campaign, and that job belongs to integrated air and "
            "missile defence. It does deter something smaller: routine probing of allied "
            "airspace becomes pointless if every intruder is met within minutes, which is "
            "denial on the scale of incidents. Its larger effect is political. Because the "
            "jets come from many allies in turn - Dutch F-35s in Bulgaria, Poland and Estonia "
            "in the kit's data - any serious incident would involve several allies at once, a "
            "tripwire in the air that supports deterrence by punishment. Above all it is "
            "assurance: NATO itself calls the enhanced mission a tool 'for deterrence and "
            "reassurance', and for allies without fighters, such as the Baltic states, it is "
            "the visible proof that their sky is the alliance's sky. My conclusion: mainly "
            "assurance, some denial of low-level intrusions, and a modest contribution to "
            "deterrence by punishment; not a defence against attack."
        ),
        rubric=[
            "Defines Air Policing correctly as a peacetime task (identify, escort) and "
            "separates it from air and missile defence.",
            "Judges it against denial: why a few fighters on rotation could not defeat an air "
            "attack, and what smaller intrusions it does deny.",
            "Identifies the punishment or tripwire logic of multinational rotations.",
            "Names assurance of allies, especially those without fighters, as a main purpose.",
            "Uses evidence: NATO's or AIRCOM's wording, rows of the deployment data.",
        ],
        hint="Separate three audiences: the pilot of an intruding aircraft, a government "
        "planning an attack, and an ally without fighters. What does Air Policing say to each?",
    )


# -- figures and tables of the notebook --------------------------------------------------------


def _mission_marker(missions: str) -> str:
    # A base used by both missions (in different years) keeps the Baltic triangle.
    return MISSION_MARKERS[
        "Baltic Air Policing" if missions.startswith("Baltic") else "enhanced Air Policing"
    ]


def bases_map(rows: pd.DataFrame, title: str, source: str, dutch: bool = False) -> EuropeMap:
    """A map of the Air Policing bases in ``rows``: hosts shaded, one marker shape per mission.

    Parameters
    ----------
    rows : DataFrame
        Rows of ``data/air_policing.csv`` (all, or a selection).
    title, source : str
        Say in the title that the table is a selection of deployments.
    dutch : bool
        If True, colour bases with a Dutch rotation orange and the others black, and label each
        with its contributors and years.

    Examples
    --------
    >>> m = bases_map(load("air_policing"), "Bases (selected deployments)", "data/air_policing.csv")
    >>> m.legend_labels()
    ['Host country', 'Baltic Air Policing', 'enhanced Air Policing']
    """
    colors, bases = style.COLORS, tables.bases(rows)
    m = EuropeMap(
        _FLANK_WINDOW,
        title=title,
        source=source,
        alt="Map of the eastern flank with the host countries shaded and the Air Policing bases "
        "marked: "
        + "; ".join(
            f"{b.base} ({b.missions}; {b.contributors}; {b.years})" for b in bases.itertuples()
        )
        + ".",
    )
    m.shade({host: colors["host"] for host in bases["host"]})
    for b in bases.itertuples():
        nld = "NLD" in b.contributors
        color = colors["text"] if dutch and not nld else colors["highlight"]
        years = ", ".join(dict.fromkeys(b.years.split(", ")))  # each year once
        label = f"{b.base} ({b.contributors}; {years})" if dutch else b.base
        offset = _LABEL_OFFSETS.get(b.base, (6, 4))
        m.add_points(
            b.base,
            [b.lon],
            [b.lat],
            [label],
            color=color,
            marker=_mission_marker(b.missions),
            size=60,
            label_offset=offset,
        )
    legend = [("Host country", colors["host"], "patch")]
    if dutch:
        legend += [
            ("Base with a Dutch rotation", colors["highlight"], "marker", "o"),
            ("Base with other allies' rotations", colors["text"], "marker", "o"),
        ]
    legend += [
        (mission, colors["muted"] if dutch else colors["highlight"], "marker", shape)
        for mission, shape in MISSION_MARKERS.items()
    ]
    m.set_legend(legend)
    return m


def bulgaria_map() -> EuropeMap:
    """The Dutch F-35 base at Graf Ignatievo, the Romanian enhanced Air Policing bases and Sofia.

    Examples
    --------
    >>> bulgaria_map().legend_labels()
    ['Host country', 'enhanced Air Policing base', 'Capital']
    """
    colors, ap = style.COLORS, load("air_policing")
    bases = tables.bases(ap[ap["host_iso3"].isin(["BGR", "ROU"])])
    sofia = geo.capital_position("BGR")
    m = EuropeMap(
        (20.0, 31.5, 40.3, 46.8),
        title="Dutch F-35s at Graf Ignatievo, Bulgaria (April-May 2022)",
        source="Sources: data/air_policing.csv (bases, the Dutch row), data/capitals.csv (Sofia).",
        alt="Map of the Black Sea region: Bulgaria and Romania shaded; Graf Ignatievo marked as "
        "the Dutch F-35 base; the Romanian enhanced Air Policing bases Fetești and Mihail "
        "Kogălniceanu and the capital Sofia marked.",
    )
    m.shade({"BGR": colors["host"], "ROU": colors["host"]})
    for b in bases.itertuples():
        dutch = b.base == "Graf Ignatievo"
        m.add_points(
            b.base,
            [b.lon],
            [b.lat],
            [f"{b.base} (Dutch F-35A)" if dutch else b.base],
            color=colors["highlight"],
            marker="s",
            size=80 if dutch else 50,
            label_offset=_LABEL_OFFSETS.get(b.base, (6, 4)),
        )
    m.add_points("Sofia", [sofia[0]], [sofia[1]], ["Sofia"], color=colors["text"], size=25)
    m.set_legend(
        [
            ("Host country", colors["host"], "patch"),
            ("enhanced Air Policing base", colors["highlight"], "marker", "s"),
            ("Capital", colors["text"], "marker", "o"),
        ]
    )
    return m


def ring_map(
    base: str = "Ämari", minutes: float = 20, speed_kmh: float = ASSUMED_SPEED_KMH
) -> tuple[EuropeMap, Polygon, Polygon]:
    """The geodesic reach ring around a base beside the wrong circle in degrees.

    Returns the map and the two shapes (geodesic ring, circle in degrees), in degrees.

    Examples
    --------
    >>> m, ring, circle = ring_map("Ämari", 20)
    >>> m.title
    "Two 'circles' of 200 km around Ämari"
    """
    colors = style.COLORS
    lon, lat = geo.base_position(base)
    radius = geo.reach_km(minutes, speed_kmh)
    ring, circle = geo.range_ring(lon, lat, radius), degree_circle(lon, lat, radius)
    m = EuropeMap(
        (lon - 7.0, lon + 8.0, lat - 2.8, lat + 2.7),
        title=f"Two 'circles' of {radius:.0f} km around {base}",
        source="Computed with natokit.geo.range_ring (geodesic) and a circle in degrees; "
        "base: data/air_policing.csv.",
        alt=f"Map around {base}: a geodesic ring of {radius:.0f} km, round on the map, and a "
        "circle of the same radius drawn in degrees, a narrow upright ellipse.",
    )
    m.shade({_host(base): colors["host"]})
    m.add_shape(
        "geodesic", ring, edgecolor=colors["highlight"], facecolor=colors["highlight"], alpha=0.25
    )
    m.add_shape("naive", circle, edgecolor=colors["text"], linestyle="--")
    m.add_points("base", [lon], [lat], [base], color=colors["highlight"], marker="^", size=60)
    m.label_countries(["EST", "FIN", "LVA", "RUS", "LTU", "SWE"])
    m.set_legend(
        [
            ("Geodesic ring (right)", colors["highlight"], "line"),
            ("Circle in degrees (wrong)", colors["text"], "dashed"),
        ]
    )
    return m, ring, circle


def _host(base: str) -> str:
    rows = load("air_policing")
    return str(rows.loc[rows["base"] == base, "host_iso3"].iloc[0])


def letter_checks(row: pd.Series) -> pd.DataFrame:
    """Check what the letter says about the Dutch F-35s in Bulgaria against a data row.

    Returns one row per claim: ``claim``, ``letter_says_so`` (the Dutch words are in p03) and
    ``data_agrees`` (the row has it).

    Examples
    --------
    >>> ap = load("air_policing")
    >>> row = ap[(ap["contributor_iso3"] == "NLD") & (ap["base"] == "Graf Ignatievo")].iloc[0]
    >>> bool(letter_checks(row)["data_agrees"].all())
    True
    """
    p03 = letter.quote("p03").text_nl
    checks = [
        (
            "four F-35s",
            "vier F-35",
            row["aircraft_count"] == 4 and row["aircraft_type"].startswith("F-35"),
        ),
        ("ended on 31 May 2022", "31 mei 2022", row["end"] == pd.Timestamp("2022-05-31")),
        ("QRA tasks", "Quick Reaction Alert", "Quick Reaction Alert" in str(row["tasks"])),
        ("in April and May", "in april en mei", row["start"].month == 4 and row["end"].month == 5),
    ]
    return pd.DataFrame(
        [(claim, words in p03, bool(agrees)) for claim, words, agrees in checks],
        columns=["claim", "letter_says_so", "data_agrees"],
    )
