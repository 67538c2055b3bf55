"""Exercises for notebook 06, "The long term: posture, plans and the EU".

Numbers are computed from the kit's rows and the letter: the years the Warfighting Capstone
Concept looks ahead from the letter's sentence (p05), the allied capitals inside a published
missile range with :func:`natokit.ranges.range_reach`, the states in both NATO and the EU with
:func:`natokit.ranges.nato_eu_on`. A corrected row corrects the exercise.

Analytic tasks: sort the plans of p05 by their time horizon (:func:`horizons`) and judge
Madrid's new force model against the Dutch wish for *voortzettingsvermogen*
(:func:`staying_power`). :data:`DISCUSSION` holds questions for class.

Examples
--------
>>> from natokit.exercises import long_term
>>> long_term.nwcc_years().answer
20.0
>>> long_term.overlap_when_finland_joined().answer
22.0
"""

from __future__ import annotations

import re

from .. import letter, ranges
from ..data import load
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "DISCUSSION",
    "GLOSSARY_TERMS",
    "REFERENCES",
    "LAUNCH_AREA",
    "nwcc_years",
    "what_is_a_strategic_concept",
    "madrid_on_russia",
    "capitals_in_the_shortest_range",
    "overlap_when_finland_joined",
    "nato_first",
    "horizons",
    "read_the_range_map",
    "staying_power",
]

#: Keys of ``data/references.csv`` that notebook 06 cites.
REFERENCES = [
    "letter",
    "dda2020",
    "covington2023",
    "nwcc2021",
    "sc2022",
    "madrid2022",
    "stoltenberg_2022_06_27",
    "nfm_deni2024",
    "nato_eu_7th",
    "snyder1961",
]

#: Glossary terms notebook 06 defines (those the glossary holds).
GLOSSARY_TERMS = [
    "Comprehensive Report on Deterrence and Defence",
    "DDA",
    "Area-wide Strategic Plan",
    "NWCC",
    "NATO Warfare Development Agenda",
    "NATO Force Structure",
    "NAVO-commandostructuur",
    "posture",
    "voortzettingsvermogen",
    "Strategische Concept",
    "New Force Model",
    "gezamenlijke NAVO-EU afspraken",
]

#: The launch area exercise 4 measures from (the notebook's tables use the Kaliningrad exclave,
#: so the distances are not already printed above the question).
LAUNCH_AREA = "Belarus"

#: Questions for a class discussion after notebook 06 (no single right answer).
DISCUSSION = (
    "The letter puts a short-term plan (the DDA concept and SACEUR's area-wide plan) beside a "
    "concept that looks twenty years ahead (the NWCC). Which should a small ally such as the "
    "Netherlands invest in first, if money and people are short?",
    "A range ring shows what a missile could reach, not what anyone intends. What does such a "
    "map teach, and how could it mislead a reader or a parliament?",
    "Madrid 2022 called Russia 'the most significant and direct threat'. What follows from "
    "those words for the force posture, and what does not follow from them?",
    "With Finland and Sweden in NATO, all but a handful of EU members are allies (count them "
    "with the NATO-EU explorer). Does that make NATO-EU cooperation easier, or does it make "
    "the EU's own defence role less necessary?",
)


def _nwcc_sentence() -> str:
    return letter.sentences("p05", containing="Warfighting Capstone Concept")[0]


def nwcc_years() -> Numeric:
    """Self-check: how many years ahead the Warfighting Capstone Concept looks (p05).

    Examples
    --------
    >>> q = nwcc_years()
    >>> q.check(q.answer).correct
    True
    """
    years = float(re.search(r"(\d+) jaar vooruit", _nwcc_sentence()).group(1))
    return Numeric(
        "According to the letter (p05), how many years ahead does NATO look with the NATO "
        "Warfighting Capstone Concept (NWCC)?",
        answer=years,
        unit="years",
        unit_aliases=("jaar", "year", "yr"),
        hint="Find the sentence about the NWCC in p05: letter.sentences('p05', "
        "containing='Capstone').",
        explanation="The NWCC is the long view; the DDA concept and SACEUR's area-wide plan "
        "are the short view (p05). NATO's Allied Command Transformation describes the NWCC "
        "as a vision for the next two decades.",
    )


def what_is_a_strategic_concept() -> MultipleChoice:
    """Concept check: what a strategic concept is.

    Examples
    --------
    >>> what_is_a_strategic_concept().check("b").correct
    True
    """
    options = [
        "SACEUR's military plan for defending the eastern flank, region by region",
        "The document in which the allies set out NATO's purpose, its core tasks and how they "
        "see the security environment, such as the one adopted at Madrid in 2022",
        "A treaty that every ally's parliament must ratify",
        "The annual report of defence spending per ally",
    ]
    return MultipleChoice(
        "What is NATO's Strategic Concept?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "Plans for defending regions are military plans under a concept, drawn "
            "up by the military authorities; the letter's DDA and area-wide plan are such work.",
            options[2]: "Allies agree it at a summit as heads of state and government; it "
            "does not go to parliaments for ratification as a treaty does.",
            options[3]: "That is NATO's report on defence expenditure, the subject of notebook 03.",
        },
        hint="Look at the reference 'sc2022': what does it list?",
        explanation="The 2022 Strategic Concept names collective defence as NATO's key "
        "purpose, three core tasks (deterrence and defence; crisis prevention and management; "
        "cooperative security) and Russia as 'the most significant and direct threat'.",
    )


def madrid_on_russia() -> MultipleChoice:
    """Self-check: how the 2022 Strategic Concept names Russia.

    Examples
    --------
    >>> q = madrid_on_russia()
    >>> q.check("c").correct
    True
    """
    options = [
        "A strategic partner",
        "A partner with whom NATO seeks dialogue on arms control first",
        "The most significant and direct threat to the allies' security",
        "One threat among several, named after terrorism",
    ]
    return MultipleChoice(
        "How does NATO's 2022 Strategic Concept, adopted at Madrid, name Russia?",
        options,
        answer=options[2],
        why_wrong={
            options[0]: "That was the hope of an earlier era; check the words of the 2022 text.",
            options[1]: "Arms control appears in NATO's texts, but this is not how Madrid "
            "names Russia.",
            options[3]: "Look for a superlative in the reference 'sc2022'.",
        },
        hint="The quotation is in the reference 'sc2022' of data/references.csv.",
        explanation="'The most significant and direct threat' (sc2022). The posture decided at "
        "Madrid, forward defence and the new force model, follows from that judgement.",
    )


def _shortest_confirmed() -> str:
    table = load("missile_ranges")
    rows = table[table["confirmed"] & (table["figure"] == "maximum range")]
    return str(rows.sort_values("range_km").iloc[0]["system"])


def capitals_in_the_shortest_range() -> Numeric:
    """Compute: how far inside the shortest confirmed range its outermost allied capital lies.

    Measured from the centre of :data:`LAUNCH_AREA`; the answer is the range minus the
    distance of the farthest allied capital inside the ring, so it follows the rows.

    Examples
    --------
    >>> q = capitals_in_the_shortest_range()
    >>> q.check(q.answer).correct
    True
    """
    system = _shortest_confirmed()
    result = ranges.range_reach(system, LAUNCH_AREA)
    farthest = result.capitals.sort_values("distance_km").iloc[-1]
    margin = result.range_km - float(farthest["distance_km"])
    return Numeric(
        f"Measured from the centre of {LAUNCH_AREA}, the published range of the {system} "
        f"({result.range_km:g} km) reaches {len(result.capitals)} allied capitals. How many "
        "kilometres inside the ring's edge lies the one nearest to that edge?",
        answer=round(margin, 1),
        tolerance=3.0,
        unit="km",
        hint="ranges.range_reach(system, area).capitals has a distance_km column: compare the "
        "largest distance with the range. Or set the range explorer to that system and area.",
        explanation=f"{farthest['capital']} lies just inside. The launch point is the centre of "
        "an area, not a launcher: a launcher a little further away, or a sphere instead of the "
        "ellipsoid, moves the ring by as much. A ring's edge is not a line of safety, so a "
        "capital just inside and one just outside face the same figure.",
    )


def _finland_joined() -> str:
    members = load("members").set_index("iso3")
    return f"{members.loc['FIN', 'accession_date']:%Y-%m-%d}"


def overlap_when_finland_joined() -> Numeric:
    """Compute: states in both NATO and the EU on the day Finland joined NATO.

    Examples
    --------
    >>> overlap_when_finland_joined().check(22).correct
    True
    """
    result = ranges.nato_eu_on(_finland_joined())
    return Numeric(
        "On the day Finland joined NATO, how many states were members of both NATO and the EU?",
        answer=float(len(result.both)),
        hint="Find Finland's accession date in data/members.csv, then move the NATO-EU "
        "explorer to it, or use ranges.nato_eu_on(date).",
        explanation="Finland was already an EU member, so the overlap grew by one; Sweden "
        "followed on 7 March 2024 (data/members.csv).",
    )


def nato_first() -> Numeric:
    """Compute: of the states in both today, how many joined NATO before the EU (or the EEC).

    Examples
    --------
    >>> nato_first().check(21).correct
    True
    """
    members = load("members").set_index("iso3")["accession_date"]
    eu = load("eu_members").set_index("iso3")["accession_date"]
    both = ranges.nato_eu_on(ranges.retrieval_date()).both
    earlier = [code for code in both if members[code] < eu[code]]
    return Numeric(
        "Take the states that are members of both NATO and the EU today. How many of them "
        "joined NATO before they joined the EU (or its forerunner, the EEC)?",
        answer=float(len(earlier)),
        hint="Compare the two accession dates of each state: data/members.csv and "
        "data/eu_members.csv (natokit.load('members'), natokit.load('eu_members')).",
        explanation="Only Finland and Sweden joined the EU first. For every other state in both, "
        "the alliance came first, often by decades: the founders of 1949 before the EEC of 1958, "
        "the central Europeans of 1999 and 2004 before the EU enlargement of May 2004.",
    )


_SHORT = "the short term (deterring and defending now)"
_LONG = "the long term (about twenty years ahead)"


def horizons() -> Classify:
    """Analytic task: sort the plans and concepts of p05 by their time horizon.

    Examples
    --------
    >>> task = horizons()
    >>> sorted(set(task.answer.values())) == sorted(task.categories)
    True
    """
    items = {
        "1": (
            "The Concept for the Deterrence and Defence of the Euro-Atlantic Area (DDA)",
            _SHORT,
            "The letter says this concept strengthens deterrence, defence and crisis "
            "management 'op de korte termijn'.",
        ),
        "2": (
            "SACEUR's Area-wide Strategic Plan",
            _SHORT,
            "The letter calls it the plan that underlies the DDA concept and shares its aim.",
        ),
        "3": (
            "The NATO Warfighting Capstone Concept (NWCC)",
            _LONG,
            "The letter: with it NATO looks '20 jaar vooruit'.",
        ),
        "4": (
            "The NATO Warfare Development Agenda",
            _LONG,
            "The letter calls it a first planning mechanism for carrying out the NWCC's outcomes.",
        ),
    }
    return Classify(
        "The letter (p05) names two concepts and two planning instruments. Sort each by its "
        "time horizon.",
        items={k: text for k, (text, _, _) in items.items()},
        categories=[_SHORT, _LONG],
        answer={k: category for k, (_, category, _) in items.items()},
        explanations={k: why for k, (_, _, why) in items.items()},
        hint="Read p05 sentence by sentence: letter.sentences('p05'). Which words say when?",
    )


def read_the_range_map() -> AnalyticTask:
    """Analytic task: what a range ring shows, what it does not, and how to present it.

    Examples
    --------
    >>> "confirmed" in read_the_range_map().model_answer
    True
    """
    return AnalyticTask(
        "Look again at the range explorer. In 100-150 words: what does the map show, what does "
        "it not show, and what would you add before showing it to a parliament?",
        model_answer=(
            "The map shows geometry: how far each published figure reaches from one point, "
            "measured along the Earth's surface. It does not show where launchers stand (the "
            "point is the centre of an area), how many missiles exist, or whether anyone "
            "intends to fire them. Nor are the figures equally solid: only one row is "
            "confirmed by more than one source, the Kinzhal's range is Russia's own claim, and "
            "the Kalibr row is a distance flown, not a maximum. Before showing it to a "
            "parliament I would print the sources under the map, mark the unconfirmed "
            "figures, and set the map beside what allies do about the threat, the posture and "
            "the defences decided at Madrid. A ring invites alarm; the analysis has to add "
            "what the ring cannot say."
        ),
        rubric=[
            "Says what the ring is: a geodesic distance around a point, for a published figure.",
            "Names at least two things the map cannot show (launch sites, numbers, intent, "
            "reliability of the figure).",
            "Uses the rows' flags: which figures are unconfirmed, and the distance-flown row.",
            "Proposes concrete additions for an honest presentation (sources, flags, context).",
        ],
        hint="Separate three things: the geometry, the figure behind it, and the intention "
        "that no map can show.",
    )


def staying_power() -> AnalyticTask:
    """Analytic task: does Madrid's force model meet the Dutch wish for staying power?

    Examples
    --------
    >>> "voortzettingsvermogen" in staying_power().model_answer.lower()
    True
    """
    return AnalyticTask(
        "The Netherlands wants NATO's activities to stay flexible and allies to guarantee "
        "their voortzettingsvermogen, because the posture must be held 'langjarig' (p04). Two "
        "weeks later, Madrid raised high-readiness forces to 'well over 300,000' and agreed "
        "brigade-size forces on the eastern flank 'where and when required'. Judge in 150-250 "
        "words whether that answers the Dutch concern.",
        model_answer=(
            "Voortzettingsvermogen is the ability to keep a posture up for years: troops, "
            "equipment, munitions and money that last, not a peak that fades. The Dutch worry "
            "in p04 is that a war with an unpredictable course forces NATO to hold a stronger "
            "posture for a long time, so allies must be able to sustain what they promise. "
            "Madrid answered part of this. A force model with well over 300,000 troops at high "
            "readiness (Stoltenberg, 27 June 2022) is a promise of availability, and the "
            "declaration's brigades 'where and when required' (madrid2022) rely on "
            "reinforcement and prepositioned equipment rather than on permanent large "
            "deployments: that is flexible, and cheaper to sustain than standing brigades. But "
            "readiness is not staying power. Forces at high readiness must be replaced, "
            "trained and supplied over years, and the numbers say nothing about munitions or "
            "industry. The new model was also slow to become real: the Allied Reaction Force "
            "replaced the NATO Response Force only on 1 July 2024 (events.csv). My judgement: "
            "Madrid took the flexible route the Netherlands asked for, but staying power "
            "depends on what allies fund afterwards, the subject of notebook 03, not on the "
            "summit's numbers."
        ),
        rubric=[
            "Defines voortzettingsvermogen (staying power, sustainability) correctly and ties "
            "it to the letter's p04.",
            "Separates readiness (forces available quickly) from sustainability (keeping them "
            "up for years).",
            "Uses Madrid's decisions with their sources: the force model's numbers, brigades "
            "'where and when required', reinforcement.",
            "Notes what the sources do not show (munitions, industry, money, time to build "
            "the model) and links it to burden sharing.",
            "Reaches a clear, argued judgement.",
        ],
        hint="Ask three questions: what does the Netherlands want, what did Madrid decide, and "
        "what would have to be true for the decision to last for years?",
    )
