"""Exercises for notebook 05, "Supporting Ukraine: the Ukraine Defense Contact Group".

Every answer that is a number is computed from the kit's data with :mod:`natokit.ukraine`
(membership from ``data/members.csv``, borders from the basemap, the meeting's date from
``data/udcg_meetings.csv``), so the notebook's map and the exercise can never disagree.

Self-checks: why the Contact Group is not a NATO body (:func:`not_a_nato_body`), the legal
basis the letter gives (:func:`legal_basis`), which article an attack on the aid hub in Poland
would bring into play (:func:`attack_on_the_hub`) and what share of Ukraine's land border its
allied neighbours held (:func:`allied_border_share`). Analytic tasks: sort states into allies and partners
(:func:`ally_or_partner`) and judge what became of the letter's Dutch ideas
(:func:`dutch_ideas_then_and_now`). :data:`DISCUSSION` holds questions for class.

Examples
--------
>>> from natokit.exercises import ukraine_support
>>> ukraine_support.not_a_nato_body().check("b").correct
True
>>> ukraine_support.attack_on_the_hub().check("b").correct
True
"""

from __future__ import annotations

from .. import geo, tables, ukraine
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "LETTER_MEETING",
    "not_a_nato_body",
    "legal_basis",
    "attack_on_the_hub",
    "allied_border_share",
    "ally_or_partner",
    "dutch_ideas_then_and_now",
    "DISCUSSION",
    "REFERENCES",
    "GLOSSARY_TERMS",
]

#: The number of the Contact Group meeting the letter announces (p02: "voor de derde keer").
LETTER_MEETING = 3

#: The hub of ``data/logistics_hubs.csv`` that exercise 3 asks about.
_HUB = "Rzeszów-Jasionka"

#: Keys of ``data/references.csv`` that notebook 05 cites.
REFERENCES = [
    "letter",
    "un_charter51",
    "nat1949",
    "nat1949_art5_51",
    "nato_partners",
    "stgallen_udcg2022",
    "lux_udcg2024",
    "lux_udcg2025",
]

#: Glossary terms notebook 05 defines.
GLOSSARY_TERMS = [
    "UDCG",
    "artikel 51 van het VN-Handvest",
    "Artikel 5",
    "collectieve verdediging",
    "backfill",
    "NAVO-partnerlanden",
]

#: Questions for a class discussion after notebook 05 (no single right answer).
DISCUSSION = (
    "The Contact Group meets on the sidelines of NATO meetings, at NATO headquarters, and most "
    "of its members are allies, yet it is not a NATO body. What does a government gain by "
    "keeping military support to Ukraine outside NATO's own decisions, and what does it lose?",
    "Article 51 lets states help a victim of armed attack; Article 5 obliges allies to help "
    "each other. Is the difference between a right and a commitment visible in how the "
    "support to Ukraine has been given since 2022?",
    "Four of Ukraine's seven land neighbours are allies, and nearly all aid crosses one of their "
    "borders. What does that geography mean for the allies' own security and for deterrence?",
    "The letter expected that support would 'enter a different phase' in the longer term. "
    "Capability coalitions, roadmaps and a NATO command in Wiesbaden followed. Is this the "
    "long-term modernisation the letter had in mind, or something else?",
)


def _letter_day():
    return ukraine.meetings().set_index("number").loc[LETTER_MEETING, "date"]


def not_a_nato_body() -> MultipleChoice:
    """Concept check: why the Ukraine Defense Contact Group is not a NATO body.

    Examples
    --------
    >>> q = not_a_nato_body()
    >>> q.check(q.options[1]).correct
    True
    """
    options = [
        "Because it meets at Ramstein Air Base, which belongs to the United States",
        "Because it is a coalition of states, allies and non-allies, that coordinate their own "
        "national deliveries; NATO's Council takes no decisions in it",
        "Because NATO's members voted against supporting Ukraine",
        "Because Ukraine is a NATO ally, so support goes through bilateral channels",
        "Because it only meets online",
    ]
    return MultipleChoice(
        "Why is the Ukraine Defense Contact Group not a NATO body, even though it often meets "
        "at NATO headquarters?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "The place of a meeting does not decide whose body it is; the group "
            "has met in Brussels and London too.",
            options[2]: "Nothing in the kit's sources reports such a vote; look at who the "
            "members of the group are.",
            options[3]: "Check data/members.csv: is Ukraine an ally?",
            options[4]: "The meetings table shows in-person, hybrid and virtual meetings.",
        },
        hint="Who are the group's members, and who decides what each of them delivers? "
        "The reference 'lux_udcg2024' counts its members.",
        explanation="The group brings together about 50 countries, the 32 allies and other "
        "states, and each decides its own deliveries (lux_udcg2024). NATO as an organisation "
        "was kept out of arms deliveries because non-allies belong to the group "
        "(stgallen_udcg2022).",
    )


def legal_basis() -> MultipleChoice:
    """Concept check: the legal basis the letter gives for supporting Ukraine (p10).

    Examples
    --------
    >>> legal_basis().check("a").correct
    True
    """
    options = [
        "Ukraine's right of individual and collective self-defence, Article 51 of the UN Charter",
        "Article 5 of the North Atlantic Treaty: an attack on one ally is an attack on all",
        "A decision of the UN Security Council authorising force against Russia",
        "A NATO operation plan for the defence of Ukraine",
    ]
    return MultipleChoice(
        "On what legal basis does the letter (p10) place the military support to Ukraine?",
        options,
        answer=options[0],
        why_wrong={
            options[1]: "Article 5 protects allies. Check data/members.csv for Ukraine.",
            options[2]: "The letter names no Security Council decision; think about who sits "
            "on the Council with a veto.",
            options[3]: "The letter speaks of states supporting Ukraine, not of a NATO operation.",
        },
        hint="Read p10 with letter.quote('p10'): which article and which text does it name?",
        explanation="p10: 'zijn legitieme recht op zelfverdediging, zoals neergelegd in artikel "
        "51 van het VN-Handvest'. Article 51 recognises the inherent right of individual or "
        "collective self-defence; other states may help the state attacked. Article 5 is a "
        "commitment among allies and does not cover Ukraine.",
    )


def attack_on_the_hub() -> MultipleChoice:
    """Concept check: which article an attack on the aid hub in Poland would bring into play.

    The hub's country comes from ``data/logistics_hubs.csv`` and its membership from
    ``data/members.csv``, so the question follows the data.

    Examples
    --------
    >>> q = attack_on_the_hub()
    >>> q.check("b").correct, q.check("a").correct
    (True, False)
    """
    hub = ukraine.hubs().set_index("name").loc[_HUB]
    country = geo.country_name(hub["iso3"])
    day = _letter_day()
    ally = hub["iso3"] in set(geo.members_on(day)["iso3"])
    options = [
        "Article 51 only: the hub serves Ukraine's self-defence, so Ukraine alone decides "
        "how to respond",
        "Article 5: an armed attack on an ally's territory; each ally then takes such action "
        "as it deems necessary, including the use of armed force",
        "No article: a hub that serves the aid to Ukraine loses the treaty's protection",
        "Article 5, and NATO's Council would then order every ally to send troops at once",
    ]
    answer = options[1] if ally else options[0]
    return MultipleChoice(
        f"Suppose a missile fired from Russia struck the logistics hub at {_HUB} in {country}, "
        f"after {tables.format_date(day)}. Which article would be in play, and who would "
        "decide the response?",
        options,
        answer=answer,
        why_wrong={
            options[0]: f"Whose territory would be attacked? Check whether {country} is an ally "
            "in data/members.csv.",
            options[2]: "Nothing in the treaty's text or the kit's sources takes an ally's "
            "territory out of its scope because of what is stored there.",
            options[3]: "Reread the treaty's words (reference 'nat1949'): who chooses the means?",
        },
        hint="Where is the hub (ukraine.hubs()), and was that state an ally on the day "
        "(geo.members_on)? Then reread the table of the two articles.",
        explanation=f"{country} is an ally, so an armed attack on its territory is an attack "
        "under Article 5: the allies would consult, and each would take 'such action as it "
        "deems necessary'. The means stay each ally's choice. That is the difference the "
        "border makes: aid crosses from allied ground, which Article 5 covers, into Ukraine, "
        "which it does not.",
    )


def allied_border_share() -> Numeric:
    """Compute: the share of Ukraine's land border held by allies on the day of meeting 3 (%).

    Examples
    --------
    >>> 20 < allied_border_share().answer < 30
    True
    """
    n = ukraine.neighbourhood(_letter_day())
    share = 100.0 * n.allied_km / n.total_km
    return Numeric(
        "Measured on the kit's basemap, what percentage of Ukraine's land border did it share "
        "with NATO allies on the day of the letter's Contact Group meeting? Round to a whole "
        "percentage.",
        answer=round(share, 1),
        tolerance=1.5,
        unit="%",
        hint="ukraine.neighbourhood(date) gives allied_km and total_km; divide and multiply "
        "by 100.",
        explanation="About a quarter of the border, in the west, but it is the side through "
        "which nearly all aid enters: most of the rest faces Russia, Belarus and Moldova. The "
        "basemap shortens every border, so use the share, not the kilometres, to compare.",
    )


_ALLY = "NATO ally on that day"
_PARTNER = "NATO partner on that day"
_SUSPENDED = "neither: its partnership with NATO is suspended"


def ally_or_partner() -> Classify:
    """Analytic task: sort states into allies, partners, or neither, on 15 June 2022.

    The allies are computed from ``data/members.csv`` on the day of the letter's meeting.

    Examples
    --------
    >>> task = ally_or_partner()
    >>> task.answer["1"], task.answer["3"]
    ('NATO ally on that day', 'NATO partner on that day')
    """
    day = _letter_day()
    allies = set(geo.members_on(day)["iso3"])
    states = {
        "POL": "It signed the accession protocol and deposited its instrument: since then an "
        "armed attack on it triggers Article 5.",
        "ROU": "It has been a member since 2004 (data/members.csv) and hosts allied forces.",
        "UKR": "The letter counts it among the guests of the second session (p08); it has "
        "not acceded to the Treaty.",
        "FIN": "The letter speaks of its upcoming accession (p09); its date in "
        "data/members.csv comes after the ministerial.",
        "GEO": "The letter counts it among the guests of the second session (p08), which "
        "carries no Article 5 guarantee.",
        "BLR": "NATO's page on partnerships (reference nato_partners) says its relations "
        "with this state are put on hold.",
    }
    partners = {"UKR", "FIN", "GEO"}  # the letter's partners at the second session (p08)
    keyed = {str(i): code for i, code in enumerate(states, 1)}
    answer = {
        k: _ALLY if c in allies else (_PARTNER if c in partners else _SUSPENDED)
        for k, c in keyed.items()
    }
    return Classify(
        f"On {tables.format_date(day)}, the first day of the ministerial, was each state a NATO "
        "ally, a NATO partner, or neither?",
        items={k: geo.country_name(c) for k, c in keyed.items()},
        categories=[_ALLY, _PARTNER, _SUSPENDED],
        answer=answer,
        explanations={k: states[c] for k, c in keyed.items()},
        hint="An ally has acceded to the North Atlantic Treaty (data/members.csv, by date); a "
        "partner cooperates with NATO without Article 5; the letter's p08 names the guests.",
    )


def dutch_ideas_then_and_now() -> AnalyticTask:
    """Analytic task: what became of the Dutch ideas in p11?

    Examples
    --------
    >>> "capability coalitions" in dutch_ideas_then_and_now().model_answer
    True
    """
    return AnalyticTask(
        "In June 2022 the Netherlands circulated ideas for the Contact Group (p11): pair "
        "countries to deliver together, make backfill of donated equipment possible, involve "
        "industry, and prepare a long modernisation of Ukraine's forces. Using the coalitions "
        "table, the meetings table and the references, judge in 150-250 words which ideas "
        "became reality, which are only partly visible in the sources, and what evidence is "
        "missing.",
        model_answer=(
            "Delivering together is the clearest success. From 2023 the group organised "
            "capability coalitions, each led by one or two states. Two rows are confirmed: an "
            "IT coalition under Estonia and Luxembourg (kick-off September 2023) and air "
            "defence under Germany and France (February 2024). Others rest on single or "
            "disagreeing reports and are unconfirmed: an air force coalition that the Kyiv "
            "Independent calls Dutch and Danish-led, drones, demining, artillery and armour. "
            "Luxembourg reported eight coalitions whose "
            "roadmaps were approved in January 2025, which also answers the idea of a long "
            "modernisation: the roadmaps look years ahead, not at the next delivery. The "
            "group itself survived a change of chair, from the United States to the United "
            "Kingdom and Germany in 2025, and met more than thirty times. Involving industry "
            "is visible only indirectly in the kit's sources: at the 31st meeting Ukraine "
            "reported a memorandum with Germany on producing Lynx vehicles and ammunition in "
            "Ukraine (row note), a bilateral deal rather than a Contact Group programme. "
            "Backfill is the "
            "weakest: none of the kit's rows documents how donated equipment was replaced, so "
            "the data cannot show whether the Dutch proposal was taken up. A careful answer "
            "therefore rates pairing and long-term planning as realised, industry as partly "
            "visible, and backfill as not shown by the evidence, and says which sources would "
            "be needed (national procurement records, ministry statements)."
        ),
        rubric=[
            "Takes each of the four ideas in turn and says what happened to it.",
            "Uses the coalitions table: names at least two coalitions with their leads and "
            "dates, and marks unconfirmed rows as such.",
            "Links the coalitions' roadmaps or the change of chair to the 'longer term' of "
            "p02 and p11.",
            "Says where the kit's evidence is missing (backfill, industry) instead of filling "
            "the gap from memory.",
        ],
        hint="Print ukraine.coalitions_table() and the references 'lux_udcg2025'; then ask of "
        "each idea: which row or source shows it?",
    )
