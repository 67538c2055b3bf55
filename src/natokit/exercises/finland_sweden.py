"""Exercises of notebook 04, "The partners' session and the accession of Finland and Sweden".

Self-checks: the Dutch place in the ratification race, the days from signature to Finland's
accession, why ratification by every ally is not yet membership (Article 10), the growth of the
land border with Russia, the allies' share of the Black Sea's coast, the allies among the Arctic
states. Analytic tasks:
sort the sentences of p08 and p09 into NATO's agenda, the meaning the letter gives the session,
and the Dutch position (:func:`letter_voices`), and explain why Finland and Sweden gave up
non-alignment and why their accessions took so long (:func:`why_they_joined`). Every numeric
answer is computed here from the kit's data (:mod:`natokit.accession`, ``data/members.csv``),
so a corrected row corrects the exercise.

Examples
--------
>>> from natokit.exercises import finland_sweden
>>> finland_sweden.ratified_is_not_joined().check("b").correct
True
>>> finland_sweden.black_sea_allies().check(44.9).correct
True
"""

from __future__ import annotations

import pandas as pd

from .. import accession, geo, letter
from ..data import load
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "ARCTIC_STATES",
    "DISCUSSION",
    "GLOSSARY_TERMS",
    "REFERENCES",
    "allies_before_the_netherlands",
    "arctic_allies",
    "black_sea_allies",
    "border_growth",
    "days_to_finlands_accession",
    "ratified_is_not_joined",
    "letter_voices",
    "why_they_joined",
]

#: The eight Arctic States (Arctic Council, "Member States"; data/references.csv, arctic_council).
ARCTIC_STATES = ("CAN", "DNK", "FIN", "ISL", "NOR", "RUS", "SWE", "USA")

#: Keys of ``data/references.csv`` that notebook 04 cites.
REFERENCES = [
    "letter",
    "defmin2022",
    "nat1949",
    "nat1949_art10",
    "hague1907_neutrality",
    "madrid2022",
    "trilateral2022",
    "kristersson2024",
    "bucharest2008",
    "madrid2022_partners",
    "washington2024",
    "washington2024_georgia",
    "arctic_council",
]

#: Glossary terms notebook 04 defines.
GLOSSARY_TERMS = [
    "werksessie",
    "EU Hoge Vertegenwoordiger",
    "NAVO-partnerlanden",
    "toetreding",
    "ratificatieprocedure",
    "Forward Land Forces",
    "enhanced Air Policing",
]

#: Questions for a class discussion after notebook 04 (no single right answer).
DISCUSSION = (
    "The letter says the partners' presence expresses 'bondgenootschappelijke eenheid en "
    "solidariteit' (p08). Finland and Sweden joined; Georgia and Ukraine did not. What did "
    "solidarity with each of the four partners mean in practice, then and since?",
    "Every ally can hold up an accession: Türkiye and Hungary did. Is a veto for each of 30 "
    "parliaments a weakness of the alliance, or the source of the legitimacy of its guarantee?",
    "Between application and accession Finland and Sweden were protected by assurances, not by "
    "Article 5. What can an assurance do that a treaty cannot, and what can it not do?",
    "With Finland and Sweden in, all of the Baltic Sea's coast but Russia's is allied. Does "
    "that make the Baltic states easier to defend, or Russia's exclave of Kaliningrad more "
    "dangerous? Argue both sides.",
)

_AGENDA = "NATO's agenda: what the ministers will discuss"
_MEANING = "the meaning the letter gives to the session"
_DUTCH = "the Dutch position: what the Netherlands will say or do"


def allies_before_the_netherlands() -> Numeric:
    """How many allies ended their procedure for Finland's protocol before the Netherlands?

    Examples
    --------
    >>> q = allies_before_the_netherlands()
    >>> q.check(q.answer).correct
    True
    """
    rows = accession.ratifications("FIN")
    dutch_day = rows.set_index("iso3").loc["NLD", "completed_on"]
    answer = int((rows["completed_on"] < dutch_day).sum())
    return Numeric(
        "The letter promises that the Netherlands will do its utmost to finish its own "
        "procedure as fast as possible (p09). How many allies had ended their parliamentary "
        "procedure for Finland's accession protocol before the Netherlands did? (Count only "
        "allies that finished on an earlier day, not on the same day.)",
        answer=answer,
        tolerance=0,
        hint="Use accession.ratifications('FIN'): find the Netherlands' completed_on, then "
        "count the rows with an earlier day.",
        explanation="The Netherlands ended its procedure one week after the signature, with "
        "the Senate's vote; the first to finish were allies that had prepared their procedures "
        "before the protocols were signed. The promise of p09 was kept, though 'fast' is "
        "relative: the slowest allies took months longer.",
    )


def days_to_finlands_accession() -> Numeric:
    """How many days from the signature of the protocols to Finland's accession?

    Examples
    --------
    >>> q = days_to_finlands_accession()
    >>> 200 < q.answer < 400
    True
    """
    answer = (accession.accession_day("FIN") - pd.Timestamp(accession.SIGNED)).days
    return Numeric(
        "The allies signed Finland's accession protocol on 5 July 2022. How many days later "
        "did Finland become an ally? Use the date in natokit.load('members').",
        answer=answer,
        tolerance=1,
        unit="days",
        unit_aliases=["day", "dagen"],
        hint="Subtract two pandas Timestamps: members.set_index('iso3').loc['FIN', "
        "'accession_date'] - pd.Timestamp('2022-07-05') gives a Timedelta with .days.",
        explanation="Finland waited for the last two allies, Hungary and Türkiye, whose "
        "parliaments voted in the last days of March 2023; it deposited its instrument and "
        "joined a few days later.",
    )


def ratified_is_not_joined() -> MultipleChoice:
    """Why did Sweden join days after the last ally ratified? Article 10's last step.

    The days come from ``data/ratifications.csv`` and ``data/members.csv``.

    Examples
    --------
    >>> q = ratified_is_not_joined()
    >>> q.check(q.answer).correct, "deposit" in q.answer
    (True, True)
    """
    last_code, last_day = accession.last_ratifiers("SWE", 1)[0]
    joined = accession.accession_day("SWE")
    right = (
        "Under Article 10 an invited state becomes a Party on the day it deposits its "
        "instrument of accession with the United States government; the allies' ratifications "
        "only open the way"
    )
    council = "NATO's Council still had to admit Sweden by a majority vote"
    advisory = "The allies' votes were only advisory; the accession needed a ruling by NATO's Secretary General"
    fixed = "The allies had fixed the date of Sweden's accession at the Madrid Summit in 2022"
    return MultipleChoice(
        f"On {last_day.day} {last_day:%B %Y} {geo.country_name(last_code)} was the last ally to "
        "end its procedure for Sweden's accession protocol, yet Sweden became an ally only on "
        f"{joined.day} {joined:%B %Y}. Why the gap?",
        [council, right, advisory, fixed],
        answer=right,
        why_wrong={
            council: "Article 10 asks for unanimous agreement, not a majority, and the allies had "
            "given it in the protocol each of them ratified: reread reference 'nat1949_art10'.",
            advisory: "Each ally's ratification is binding on that ally, and the Secretary General "
            "does not rule on membership: the treaty names the step that is left.",
            fixed: "The invitation at Madrid set no date; Finland joined almost a year before "
            "Sweden, shortly after its own protocol was ratified by all.",
        },
        hint="Read reference 'nat1949_art10' in natokit.load('references'): how does an "
        "invited state become a Party to the treaty?",
        explanation="Ratification ends each ally's procedure; Sweden became a Party, and an "
        "ally covered by Article 5, when its own instrument of accession was deposited in "
        "Washington. Finland's path ran the same way, a few days after "
        f"{geo.country_name(accession.last_ratifiers('FIN', 1)[0][0])}'s vote.",
    )


def border_growth() -> Numeric:
    """By what factor did the allies' land border with Russia grow when Finland joined?

    Uses the published lengths, so the answer is independent of the basemap.

    Examples
    --------
    >>> q = border_growth()
    >>> 1.9 < q.answer < 2.1
    True
    """
    change = accession.russia_border_change()
    return Numeric(
        "Using the published lengths (accession.russia_border_change(): published_before and "
        "published_after), by what factor did the allies' land border with Russia grow when "
        "Finland joined? Give two decimals.",
        answer=round(change.published_factor, 2),
        tolerance=0.02,
        hint="Divide the total after Finland's accession by the total the day before.",
        explanation="Finland's 1,340 km border alone is about as long as the borders of "
        "Norway, Estonia, Latvia, Lithuania and Poland with Russia together, so the border "
        "roughly doubled. Measured on the kit's simplified map the factor is a little larger, "
        "because the map loses less of Finland's border than of the river and lake borders of "
        "the Baltic states.",
    )


def black_sea_allies() -> Numeric:
    """What share of the Black Sea's coast, as the kit measures it, do allies hold?

    A count of littoral states hides how the coast is divided; the share is read from
    :func:`natokit.accession.coastline_table`, so a corrected basemap corrects the answer.

    Examples
    --------
    >>> 40 < black_sea_allies().answer < 50
    True
    """
    table = accession.coastline_table("black_sea")
    share = round(float(table.loc[table["ally"], "share_pct"].sum()), 1)
    return Numeric(
        f"{int(table['ally'].sum())} of the Black Sea's {len(table)} littoral states are "
        "allies. What share of its coast, as the kit measures it, do the allies hold? Use accession.coastline_table('black_sea') and "
        "give a percentage with one decimal.",
        answer=share,
        tolerance=0.5,
        unit="%",
        hint="Add up the column 'share_pct' over the rows where 'ally' is True.",
        explanation="Bulgaria, Romania and Türkiye hold less than half of the coast: the "
        "longest stretch is Ukraine's, a partner promised membership in 2008, and Russia and "
        "Georgia hold the rest. A count of states and a share of the coast tell different "
        "stories; unlike the Baltic, the Black Sea did not become an allied sea.",
    )


def arctic_allies() -> Numeric:
    """How many of the eight Arctic States are allies since Sweden joined?

    Examples
    --------
    >>> int(arctic_allies().answer)
    7
    """
    allies = set(geo.members_on(accession.accession_day("SWE"))["iso3"])
    return Numeric(
        "The Arctic Council has eight member states: Canada, Denmark, Finland, Iceland, "
        "Norway, Russia, Sweden and the United States. How many of them are NATO allies since "
        "7 March 2024?",
        answer=len(allies & set(ARCTIC_STATES)),
        tolerance=0,
        hint="Check each against natokit.load('members'), or geo.members_on('2024-03-07').",
        explanation="All but one: only Russia is not an ally. Before 2023, Finland and Sweden "
        "were the two Arctic States outside NATO besides Russia.",
    )


def letter_voices() -> Classify:
    """Analytic task: sort the sentences of p08 and p09.

    Examples
    --------
    >>> task = letter_voices()
    >>> len(task.items)
    7
    """
    p08, p09 = letter.sentences("p08"), letter.sentences("p09")
    sorted_sentences = {
        "p08.1": (p08[0], _AGENDA, "'spreken de ministers met' says who will meet whom."),
        "p08.2": (
            p08[1],
            _MEANING,
            "It says what the presence of the partners expresses ('geeft uiting aan'): it "
            "describes no discussion and commits no one to anything.",
        ),
        "p09.1": (
            p09[0],
            _AGENDA,
            "'biedt gelegenheid om te spreken over' names topics of the meeting.",
        ),
        "p09.2": (p09[1], _AGENDA, "'zullen de ministers spreken over' announces a topic."),
        "p09.3": (
            p09[2],
            _DUTCH,
            "'Nederland zal ... uitspreken': one government says what it will argue.",
        ),
        "p09.4": (
            p09[3],
            _DUTCH,
            "'Nederland zal zich maximaal inspannen': a commitment about the Netherlands' own "
            "procedure.",
        ),
        "p09.5": (
            p09[4],
            _AGENDA,
            "'biedt de sessie gelegenheid om te spreken over' names a last topic, European "
            "security including the Baltic and the Black Sea.",
        ),
    }
    return Classify(
        "Sort the sentences of paragraphs p08 and p09: does each set out NATO's agenda, give "
        "the session a meaning, or state the Dutch position?",
        items={key: text for key, (text, _, _) in sorted_sentences.items()},
        categories=[_AGENDA, _MEANING, _DUTCH],
        answer={key: category for key, (_, category, _) in sorted_sentences.items()},
        explanations={key: why for key, (_, _, why) in sorted_sentences.items()},
        hint="Look at the subject and the verb: 'de ministers spreken', 'de werksessie biedt "
        "gelegenheid', 'Nederland zal', 'geeft uiting aan'.",
    )


def why_they_joined() -> AnalyticTask:
    """Analytic task: why Finland and Sweden joined, and why it took 9 and 20 months.

    Examples
    --------
    >>> task = why_they_joined()
    >>> "memorandum" in task.model_answer and len(task.rubric)
    5
    """
    return AnalyticTask(
        "In 150-250 words: why did Finland and Sweden give up military non-alignment in 2022, "
        "and why did Finland's accession take nine months and Sweden's twenty? Use the events "
        "table, the ratification explorer and the sources the notebook cites, and say which of "
        "your claims rest on a single report.",
        model_answer=_why_they_joined_model(),
        rubric=[
            "Names the change of 24 February 2022, tells military non-alignment (no alliance in "
            "peacetime) from neutrality (a status in war), and says what membership adds "
            "(Article 5), not just 'because of the war'.",
            "Mentions the assurances given before accession and why they are weaker than "
            "Article 5.",
            "States the Turkish conditions as the memorandum states them and the Hungarian "
            "ones as the sources report them, marking what rests on a single report.",
            "Uses the ratification dates correctly: most allies within weeks, the last two "
            "months (Finland) or more than a year (Sweden) later.",
            "Draws a conclusion about unanimity in enlargement, with a reason.",
        ],
        hint="Start from the events table (accession topic) and the explorer's last "
        "ratifiers; then read the memorandum's terms in the references.",
    )


def _day(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def _why_they_joined_model() -> str:
    """The model answer of :func:`why_they_joined`, its dates read from the kit's data."""
    fin_last = accession.last_ratifiers("FIN")
    swe_last = accession.last_ratifiers("SWE")
    swe = accession.ratifications("SWE")
    by_september = int((swe["completed_on"] <= "2022-09-30").sum())
    events = load("events")
    uk = events[events["title"].str.contains("security declarations")]["date"].iloc[0]
    memo = events[events["title"].str.contains("memorandum")]["date"].iloc[0]
    return (
        "By 2022 neither country was neutral in the legal sense, a status that applies in a "
        "war between other states: both were EU members and NATO partners, "
        "and called themselves militarily non-aligned, outside any alliance in peacetime. "
        "Sweden's prime minister spoke of '200 years of neutrality and non-alignment' "
        "when the last vote came. Russia's full-scale invasion of Ukraine on 24 February 2022 "
        "changed the calculation: only membership brings Article 5, a treaty commitment of "
        f"every ally backed by NATO's common defence planning. While they waited, others gave assurances: on {_day(uk)} "
        "the United Kingdom signed declarations promising help if either were attacked and asked for it, "
        "a political promise by one state, not an obligation of all. Under Article 10 every "
        f"ally must agree and ratify: {by_september} of {len(swe)} had ended their procedures "
        f"by the end of September 2022. Türkiye tied its consent to the memorandum of {_day(memo)} "
        "(the PKK, the YPG/PYD, extradition requests, arms embargoes); Hungary set no conditions "
        "in a text the kit holds, and the report that its governing party made the vote on "
        "Sweden depend on a visit by the prime minister rests on a single source. "
        + " and ".join(f"{geo.country_name(c)} ({_day(d)})" for c, d in fin_last)
        + f" approved Finland last, and Finland joined on {_day(accession.accession_day('FIN'))}. "
        + "Sweden waited for "
        + " and ".join(f"{geo.country_name(c)} ({_day(d)})" for c, d in swe_last)
        + f", and joined on {_day(accession.accession_day('SWE'))}. The lesson: unanimity "
        "gives every ally a lever, sometimes used for aims unrelated to the candidate's "
        "security."
    )
