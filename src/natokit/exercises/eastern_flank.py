"""Exercises of notebook 01, "Deterrence and defence on the eastern flank".

Two exercises make the student compute a distance with :mod:`natokit.geo`; two check the
concepts and the letter's list of measures. The right answers of the numeric exercises are
computed here from the kit's data, so they always match what the library gives the student.

Examples
--------
>>> from natokit.exercises import eastern_flank
>>> eastern_flank.deterrence_by_denial().check("denial").correct
True
"""

from __future__ import annotations

from .. import geo
from ..data import load
from ..quiz import MultipleChoice, Numeric


def kaliningrad_to_mainland() -> Numeric:
    """How far is the Kaliningrad exclave from the rest of Russia? Computed with natokit.geo.

    Examples
    --------
    >>> q = kaliningrad_to_mainland()
    >>> 300 < q.answer < 450
    True
    """
    kaliningrad = geo.part_touching("RUS", "POL")
    mainland = geo.part_touching("RUS", "BLR")
    answer = geo.shortest_distance_km(kaliningrad, mainland)
    return Numeric(
        "Kaliningrad is cut off from the rest of Russia. With natokit.geo, compute the shortest "
        "distance (km) between the Kaliningrad exclave and mainland Russia.",
        answer=round(answer),
        tolerance=10,
        unit="km",
        hint="Pick the parts of Russia with geo.part_touching: the part touching Poland is "
        "Kaliningrad; the part touching Belarus is mainland Russia. Then use "
        "geo.shortest_distance_km(part_a, part_b).",
        explanation="The shortest line runs mostly across Lithuania and Latvia, both allies: "
        "any land link between Kaliningrad and the rest of Russia crosses allied territory or "
        "Belarus, which is why the narrow Polish-Lithuanian border (the Suwałki gap) matters.",
    )


def battlegroup_distance() -> Numeric:
    """Distance between the battlegroups in Lithuania and Poland, from the battlegroups table.

    Examples
    --------
    >>> q = battlegroup_distance()
    >>> 150 < q.answer < 250
    True
    """
    groups = load("battlegroups").drop_duplicates("host_iso3").set_index("host_iso3")
    ltu, pol = groups.loc["LTU"], groups.loc["POL"]
    answer = geo.geodesic_distance_km(ltu["lon"], ltu["lat"], pol["lon"], pol["lat"])
    return Numeric(
        "The battlegroups in Lithuania and Poland sit on either side of the Suwałki gap. Using "
        "the lon/lat columns of natokit.load('battlegroups'), compute the geodesic distance (km) "
        "between their locations.",
        answer=round(answer),
        tolerance=5,
        unit="km",
        hint="Take the rows with host_iso3 'LTU' and 'POL' and pass their lon and lat to "
        "geo.geodesic_distance_km(lon1, lat1, lon2, lat2).",
        explanation="Distances on a map of Europe must be measured along the Earth's surface "
        "(a geodesic), not in degrees: a degree of longitude shrinks as you go north.",
    )


def letter_measures() -> MultipleChoice:
    """Which measure is NOT in the letter's list (paragraph p03)?

    Examples
    --------
    >>> letter_measures().check("d").correct
    True
    """
    options = [
        "Strengthening and activating parts of the NATO Response Force",
        "Activating SACEUR's standing plans for the defence of the treaty area",
        "More Air Policing activity in NATO airspace",
        "Sending NATO combat troops into Ukraine",
        "Deploying extra units to the eastern flank",
    ]
    return MultipleChoice(
        "Paragraph p03 of the letter lists the measures allies took before and after the "
        "invasion. Which of these is NOT one of them?",
        options,
        answer=options[3],
        hint="Read letter.quote('p03') again: four measures are listed after 'betreft dat'.",
        explanation="The measures protect allied territory (the 'verdragsgebied'); Ukraine is a "
        "partner, not an ally, and is supported in other ways, such as through the Ukraine "
        "Defense Contact Group (letter, p10).",
    )


def deterrence_by_denial() -> MultipleChoice:
    """A concept check: troops that make a quick grab of territory fail are deterrence by ...

    Examples
    --------
    >>> deterrence_by_denial().check("punishment").correct
    False
    """
    return MultipleChoice(
        "Allies station enough forces on the eastern flank, and plan to reinforce them fast, so "
        "that an attacker could not quickly seize allied territory. Which kind of deterrence is "
        "this mainly?",
        ["denial", "punishment", "reassurance"],
        answer="denial",
        hint="Does the measure threaten costs after an attack, or make the attack itself fail?",
        explanation="Deterrence by denial convinces an adversary that the attack would not "
        "succeed; deterrence by punishment threatens costs afterwards that outweigh any gain.",
    )
