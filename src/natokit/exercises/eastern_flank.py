"""Exercises of notebook 01, "Deterrence and defence on the eastern flank".

Self-checks: two distances computed with :mod:`natokit.geo`, the letter's list of measures,
Article 5 and the difference between denial and punishment. Analytic tasks: sort the letter's
sentences into NATO's agenda, the report of what was done and the Dutch position
(:func:`letter_voices`), and judge the claim that a battlegroup can stop an invasion
(:func:`battlegroup_claim`). The right answers of the numeric exercises are computed here from
the kit's data, so they always match what the library gives the student.

The module also builds the notebook's figures and tables (:func:`flank_map`,
:func:`suwalki_map`, :func:`border_summary`), so a notebook cell stays a few lines and the
unit tests cover what students see.

Examples
--------
>>> from natokit.exercises import eastern_flank
>>> eastern_flank.deterrence_by_denial().check("denial").correct
True
>>> eastern_flank.article5().check("b").correct
True
"""

from __future__ import annotations

import pandas as pd

from .. import geo, letter, style
from ..data import load
from ..maps import EuropeMap
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "kaliningrad_to_mainland",
    "battlegroup_distance",
    "letter_measures",
    "deterrence_by_denial",
    "article5",
    "letter_voices",
    "battlegroup_claim",
    "DISCUSSION",
    "PARTNERS",
    "FLANK_BORDERS",
    "BORDER_COLUMNS",
    "REFERENCES",
    "GLOSSARY_TERMS",
    "flank_map",
    "suwalki_map",
    "border_summary",
]

#: The partners at the letter's second working session (p01).
PARTNERS = ("FIN", "SWE", "GEO", "UKR")

#: Borders of allies with Russia and Belarus, and the Polish-Lithuanian border, as ISO3 pairs.
FLANK_BORDERS = (
    ("EST", "RUS"),
    ("LVA", "RUS"),
    ("LTU", "RUS"),
    ("POL", "RUS"),
    ("FIN", "RUS"),
    ("NOR", "RUS"),
    ("LVA", "BLR"),
    ("LTU", "BLR"),
    ("POL", "BLR"),
    ("POL", "LTU"),
)

#: The columns of :func:`natokit.geo.border_comparison` the notebook prints.
BORDER_COLUMNS = [
    "a",
    "b",
    "computed_km",
    "ne10m_km",
    "simplification_pct",
    "published_km",
    "source_pct",
]

#: Keys of ``data/references.csv`` that notebook 01 cites.
REFERENCES = [
    "letter",
    "nat1949",
    "warsaw2016",
    "brussels2022",
    "stoltenberg_2022_06_27",
    "madrid2022",
    "sc2022",
    "every_inch",
    "nfm_deni2024",
    "de_brigade2025",
    "snyder1961",
    "schelling1966",
]

#: Glossary terms notebook 01 defines.
GLOSSARY_TERMS = [
    "NRF",
    "NAVO-standaardplannen",
    "oostflank",
    "tripwire",
    "deterrence by denial",
    "deterrence by punishment",
    "assurance",
    "posture",
    "voortzettingsvermogen",
]

#: Questions for a class discussion after notebook 01 (no single right answer).
DISCUSSION = (
    "Article 5 leaves each ally free to decide 'such action as it deems necessary'. Does that "
    "freedom weaken deterrence, or does it make the promise easier for every ally to keep?",
    "A tripwire works only if the adversary believes the allies behind it will respond. What, "
    "in the letter and in the data, makes that belief stronger: the number of nations in a "
    "battlegroup, plans, reinforcements, or something else?",
    "The Netherlands asks for a posture that is 'flexible' and that allies can sustain for "
    "years (p04). Are those two wishes compatible with Madrid's permanent, brigade-size "
    "presence in Lithuania? Argue both sides.",
    "Hungary leads its own battlegroup. Is a host-led battlegroup a weaker tripwire? What "
    "would you need to know to answer that?",
)

_AGENDA = "NATO's agenda: what the ministers will do at the meeting"
_REPORT = "a report: what has already been done"
_DUTCH = "the Dutch position: what the Netherlands argues"


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
        hint="geo.part_touching(country, neighbour) picks one part of a country: which "
        "neighbour touches Kaliningrad, and which touches mainland Russia? Then measure "
        "between the two parts with geo.shortest_distance_km.",
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
        why_wrong={
            options[0]: "Look again at the first measure listed after 'betreft dat'.",
            options[1]: "The letter names SACEUR's standing plans ('NAVO-standaardplannen').",
            options[2]: "The letter mentions 'een toename van Air Policing activiteiten'.",
            options[4]: "The letter mentions 'extra eenheden naar de oostflank'.",
        },
        hint="Read letter.quote('p03') again: the measures are listed after 'betreft dat'. "
        "Whose territory do they protect?",
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
        why_wrong={
            "punishment": "Punishment threatens costs after the attack; this measure is about "
            "whether the attack can succeed at all.",
            "reassurance": "Reassurance is aimed at one's own allies; the question asks how the "
            "measure works on an attacker.",
        },
        hint="Does the measure threaten costs after an attack, or make the attack itself fail? "
        "And is reassurance aimed at the adversary at all?",
        explanation="Deterrence by denial convinces an adversary that the attack would not "
        "succeed; deterrence by punishment threatens costs afterwards that outweigh any gain "
        "(Snyder, 1961). Reassurance speaks to one's own allies, not to the adversary.",
    )


def article5() -> MultipleChoice:
    """Concept check: what Article 5 of the North Atlantic Treaty obliges each ally to do.

    Examples
    --------
    >>> article5().check("a").correct
    False
    """
    options = [
        "Declare war on the attacker automatically",
        "Assist the ally attacked by taking such action as it deems necessary, which may "
        "include the use of armed force",
        "Wait until the UN Security Council has decided what to do",
        "Consult the other allies, and nothing more",
    ]
    return MultipleChoice(
        "If an ally is attacked in Europe or North America, what does Article 5 of the North "
        "Atlantic Treaty oblige every other ally to do?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "Nothing in Article 5 is automatic: read who decides what action is "
            "necessary.",
            options[2]: "Article 5 asks allies to act 'forthwith'; the Security Council is to be "
            "informed, not waited for.",
            options[3]: "Consultation is what Article 4 provides; Article 5 asks for more.",
        },
        hint="Read the treaty's wording in the notebook: who decides which action is necessary? "
        "Consultation alone is a different article of the treaty.",
        explanation="Each ally must help, but each decides how: 'such action as it deems "
        "necessary, including the use of armed force'. The commitment is firm; the means are "
        "not automatic. Consultation is Article 4; the UN Security Council must be informed "
        "but its decision is not awaited.",
    )


def letter_voices() -> Classify:
    """Analytic task: sort the sentences of p03-p04 into agenda, report and Dutch position.

    The items are the letter's own sentences (:func:`natokit.letter.sentences`), so the task
    always matches the text shipped with the kit.

    Examples
    --------
    >>> task = letter_voices()
    >>> len(task.items)
    8
    """
    p03, p04 = letter.sentences("p03"), letter.sentences("p04")
    # key "p03.2" = paragraph p03, second sentence (the first, the session's topic, is left out)
    sorted_sentences = {
        "p03.2": (
            p03[1],
            _AGENDA,
            "'De ministers spreken over' announces a discussion at the meeting.",
        ),
        "p03.3": (
            p03[2],
            _AGENDA,
            "Taking stock ('maken de balans op') is something the allies will do at the "
            "meeting, even though it is about measures taken earlier.",
        ),
        "p03.4": (
            p03[3],
            _REPORT,
            "The minister reminds parliament of measures it was told about before "
            "('Zoals ik aan uw Kamer heb gemeld').",
        ),
        "p03.5": (
            p03[4],
            _REPORT,
            "A completed Dutch deployment: it states a fact ('is ... geëindigd'), it does not "
            "argue for anything.",
        ),
        "p04.1": (
            p04[0],
            _AGENDA,
            "SACEUR will explain ('zal ... toelichten') at the working session.",
        ),
        "p04.2": (
            p04[1],
            _AGENDA,
            "'Ministers spreken vervolgens over' announces the next discussion.",
        ),
        "p04.3": (
            p04[2],
            _DUTCH,
            "'Voor Nederland is het ... van belang': the government states what it wants, "
            "flexibility and staying power.",
        ),
        "p04.4": (
            p04[3],
            _DUTCH,
            "'NAVO moet ... kunnen volhouden' is a normative claim by the government, "
            "continuing the previous sentence; it does not describe the meeting.",
        ),
    }
    return Classify(
        "Sort these sentences from paragraphs p03 and p04 of the letter: does each one set out "
        "NATO's agenda, report what has already been done, or state the Dutch position?",
        items={key: text for key, (text, _, _) in sorted_sentences.items()},
        categories=[_AGENDA, _REPORT, _DUTCH],
        answer={key: category for key, (_, category, _) in sorted_sentences.items()},
        explanations={key: why for key, (_, _, why) in sorted_sentences.items()},
        hint="Look at the verbs and who is speaking: 'spreken over', 'zal toelichten' (the "
        "meeting), 'heb gemeld', 'is geëindigd' (done), 'Voor Nederland is het van belang' "
        "(the government's view).",
    )


def battlegroup_claim() -> AnalyticTask:
    """Analytic task: judge "a battlegroup of about 1,000 troops can stop an invasion".

    Examples
    --------
    >>> task = battlegroup_claim()
    >>> "denial" in task.model_answer and "punishment" in task.model_answer
    True
    """
    return AnalyticTask(
        "A commentator writes: 'NATO's battlegroup in Lithuania, about 1,000 troops, can stop a "
        "Russian invasion of the Baltic states.' Judge the claim in 150-250 words. Use the "
        "distinction between deterrence by denial and by punishment, what the battlegroups were "
        "set up to do (Warsaw 2016), and what changed at Madrid in 2022.",
        model_answer=(
            "The claim misreads what the battlegroup is for. Judged as deterrence by denial - "
            "can it defeat the attack on the spot? - a battalion-sized unit of about 1,000 "
            "troops, even fighting beside Lithuania's own forces, could not hold against a "
            "large invading army; the Warsaw Communiqué itself says the battlegroups are "
            "'underpinned by a viable reinforcement strategy', which concedes that they cannot "
            "do the job alone. The battlegroup deters mainly by punishment: it is a tripwire in "
            "Schelling's sense. Because soldiers of many allies serve in it, an attack would "
            "immediately kill and capture troops of those allies and make a response by the "
            "whole alliance, with the risk of escalation that brings, close to certain. Its "
            "value lies in the certainty of that response, not in its firepower. Article 5 "
            "still leaves each ally to choose 'such action as it deems necessary', so the "
            "tripwire also works on the allies themselves: it makes staying out politically "
            "very hard. The weakness of a pure tripwire is that an adversary might bet on a "
            "quick fait accompli before reinforcements arrive; that is why Madrid (2022) moved "
            "towards forward defence, with forces that can be scaled up to brigades 'where and "
            "when required', prepositioned equipment and plans, and why Germany has since set "
            "up a brigade in Lithuania. The claim is wrong as stated; the right claim is that "
            "the battlegroup makes an invasion far more costly and risky, and buys time for "
            "denial by larger forces."
        ),
        rubric=[
            "Says plainly whether the claim holds, and why not as a matter of denial (size "
            "against a large invading force; reinforcement needed).",
            "Explains the tripwire as deterrence by punishment: multinational troops make an "
            "alliance response and escalation (near) certain (Schelling).",
            "Uses a source for the battlegroups' purpose (Warsaw 2016: reinforcement strategy, "
            "immediate Allied response) rather than assertion.",
            "Notes that Article 5 is not automatic, and what the tripwire adds to it.",
            "Connects to the change after 2022: forward defence, brigades 'where and when "
            "required', Germany's brigade in Lithuania.",
        ],
        hint="Ask two questions separately: could the battlegroup win the fight on its own "
        "(denial)? What would an attack on it set in motion (punishment)?",
    )


# -- figures and tables of the notebook --------------------------------------------------------


def flank_map(date: str = "2022-06-15", partners=PARTNERS) -> EuropeMap:
    """Allies, partners, Russia and Belarus, and the battlegroups in place on ``date``.

    Each battlegroup is an orange dot named after its host; partners are labelled inside their
    countries.

    Examples
    --------
    >>> m = flank_map("2022-06-15")
    >>> m.legend_labels()
    ['Allies', 'Partners at the meeting', 'Russia and Belarus', 'Battlegroup']
    >>> len(m.layer("battlegroups")) > 1
    True
    """
    colors = style.COLORS
    allies, groups = geo.members_on(date), geo.battlegroups_on(date)
    shown = {
        "Allies": (list(allies["iso3"]), colors["ally"]),
        "Partners at the meeting": (list(partners), colors["partner"]),
        "Russia and Belarus": (["RUS", "BLR"], colors["adversary"]),
    }
    day = pd.Timestamp(date)
    m = EuropeMap(
        "eastern_flank",
        title=f"Allies and battlegroups on {day.day} {day:%B %Y}",
        source="Sources: data/members.csv, data/battlegroups.csv; partners: the letter (p01).",
        alt=f"Map: allies in blue with {len(groups)} battlegroup locations as orange dots named "
        "after their hosts; the partners Finland, Sweden, Georgia and Ukraine in yellow; Russia "
        "and Belarus in vermillion.",
    )
    m.shade({code: color for codes, color in shown.values() for code in codes})
    # Adversaries are hatched too, so they are not told apart by colour alone.
    m.hatch_countries(["RUS", "BLR"], hatch=style.HATCHES["adversary"])
    hosts = [geo.country_name(code) for code in groups["host_iso3"]]
    m.add_points(
        "battlegroups", groups["lon"], groups["lat"], hosts, color=colors["highlight"], size=70
    )
    # Belarus's name goes east of centre, clear of the label of the battlegroup in Poland.
    m.label_countries([*partners, "BLR", "RUS"], at={"BLR": (29.6, 52.4)}, weight="normal")
    m.set_legend(
        [
            (label, color, "patch")
            for label, (_, color) in shown.items()
            if label != "Russia and Belarus"
        ]
        + [("Russia and Belarus", colors["adversary"], "patch", style.HATCHES["adversary"])]
        + [("Battlegroup", colors["highlight"], "marker")]
    )
    return m


def suwalki_map() -> EuropeMap:
    """The Suwałki gap: the shortest line between Belarus and Kaliningrad, on the kit's map.

    Examples
    --------
    >>> m = suwalki_map()
    >>> m.title.startswith("The Suwałki gap: ")
    True
    >>> [t.get_text() for t in m.layer("kaliningrad") if t.get_text()]
    ['Kaliningrad (Russia)']
    """
    colors = style.COLORS
    kaliningrad = geo.part_touching("RUS", "POL")
    gap = geo.shortest_distance_km("BLR", kaliningrad)
    (lon1, lat1), (lon2, lat2) = geo.nearest_points_lonlat("BLR", kaliningrad)
    m = EuropeMap(
        "suwalki",
        title=f"The Suwałki gap: {gap:.0f} km between Belarus and Kaliningrad",
        source="Basemap: Natural Earth (simplified); distance computed with natokit.geo.",
        alt="Map of Lithuania, north-east Poland, Kaliningrad and western Belarus with the "
        f"shortest line between Belarus and Kaliningrad ({gap:.0f} km).",
    )
    m.shade_groups(
        {"Allies": ["POL", "LTU", "LVA"], "Russia and Belarus": ["RUS", "BLR"]},
        {"Allies": colors["ally"], "Russia and Belarus": colors["adversary"]},
    )
    m.add_lines("gap", [(lon1, lat1, lon2, lat2)], color=colors["text"])
    m.add_points("ends", [lon1, lon2], [lat1, lat2], color=colors["text"], size=30)
    m.label_countries(["LTU", "POL", "BLR", "LVA", "RUS"])
    # The basemap's name for Russia lands on the mainland; name the exclave at a point inside it.
    spot = geo.to_lonlat(kaliningrad).representative_point()
    m.add_points(
        "kaliningrad",
        [spot.x],
        [spot.y],
        ["Kaliningrad (Russia)"],
        size=0,
        label_offset=(-50, -4),
    )
    return m


def border_summary(borders: pd.DataFrame) -> str:
    """Two lines on a :func:`natokit.geo.border_comparison` table: what simplifying costs, and
    how far the Natural Earth 1:10m source falls short of published lengths.

    Examples
    --------
    >>> table = pd.DataFrame({"simplification_pct": [-0.3, -2.6], "source_pct": [-8.6, None]})
    >>> print(border_summary(table))
    Simplifying the map costs between -2.6% and -0.3% of a border's length.
    The 1:10m source itself differs from published lengths by -9% to -9% (1 of 2 rows).
    """
    simple, source = borders["simplification_pct"], borders["source_pct"].dropna()
    lines = [
        f"Simplifying the map costs between {simple.min():.1f}% and {simple.max():.1f}% of a "
        "border's length."
    ]
    if source.empty:
        lines.append("No published length is recorded for these borders.")
    else:
        lines.append(
            f"The 1:10m source itself differs from published lengths by {source.min():.0f}% to "
            f"{source.max():.0f}% ({len(source)} of {len(borders)} rows)."
        )
    return "\n".join(lines)
