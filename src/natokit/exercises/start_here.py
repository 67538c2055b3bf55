"""Exercises and small helpers of notebook 00: the letter and the meeting.

Self-checks (numbers come from the data, never typed in), one sorting task on the letter's own
sentences, one analytic task with a model answer and a rubric, and the few tables the notebook
prints (the meeting's two days, the Dutch position beside NATO's agenda, the Dutch ratification
among the allies, the references).

Examples
--------
>>> from natokit.exercises import start_here
>>> start_here.f35_count().check(4).correct
True
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import letter
from ..data import load
from ..geo import members_on
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric, ShortText

__all__ = [
    "AGENDA",
    "DUTCH",
    "PAST",
    "claim_task",
    "dutch_positions",
    "f35_count",
    "founders",
    "ministerial",
    "positions_text",
    "ratification_rank",
    "ratification_summary",
    "reference_list",
    "second_session_partners",
    "sentence_sort",
    "session_order",
    "spring_2022",
    "summit_city",
    "udcg_date",
]

AGENDA = "NATO's agenda"
DUTCH = "Dutch position"
PAST = "report of past measures"


def founders() -> Numeric:
    """How many states founded NATO? Computed from the members table.

    Examples
    --------
    >>> founders().answer
    12.0
    """
    members = load("members")
    first = members["accession_date"].min()
    return Numeric(
        "Use natokit.geo.members_on to find how many states signed the North Atlantic Treaty "
        "on its first day.",
        answer=len(members_on(first, members)),
        tolerance=0,
        unit="states",
        hint="members_on(date) lists the allies on a date; the first accession date is the treaty's.",
        explanation="They are the founding allies; Canada and the United States among them lie off the map.",
    )


def f35_count() -> Numeric:
    """How many Dutch F-35s flew Air Policing from Bulgaria? (The letter, paragraph p03.)

    Examples
    --------
    >>> f35_count().check("4 aircraft").correct
    True
    """
    row = (
        load("air_policing").query("contributor_iso3 == 'NLD' and base == 'Graf Ignatievo'").iloc[0]
    )
    return Numeric(
        "According to the letter, how many Dutch F-35 fighter aircraft took part in Air Policing "
        "in Bulgaria?",
        answer=int(row["aircraft_count"]),
        tolerance=0,
        unit="aircraft",
        hint="Read paragraph p03: letter.quote('air_policing'). Dutch numbers are words here.",
        explanation="The letter writes 'vier F-35 jachtvliegtuigen'.",
    )


def second_session_partners() -> MultipleChoice:
    """Which partner was *not* invited to the second working session? (The letter, p01 and p08.)

    Examples
    --------
    >>> second_session_partners().check("Moldova").correct
    True
    """
    return MultipleChoice(
        "The second working session was held with partners. Which of these was NOT among them?",
        ["Finland", "Georgia", "Moldova", "Ukraine", "the EU High Representative"],
        answer="Moldova",
        hint="Paragraph p08 lists the partners: letter.quote('p08').",
        explanation="The letter names the EU High Representative and the defence ministers of "
        "Finland, Sweden, Georgia and Ukraine.",
        why_wrong={
            "Finland": "Paragraph p08 names 'Finland' among the ministers present.",
            "Georgia": "Look for 'Georgië' in p08: that is Georgia.",
            "Ukraine": "Look for 'Oekraïne' in p08: that is Ukraine.",
            "the EU High Representative": "p08 begins with 'de EU Hoge Vertegenwoordiger'.",
        },
    )


def _udcg_on_the_margins() -> pd.Series:
    meetings = load("udcg_meetings")
    return meetings[meetings["date"].dt.strftime("%Y-%m") == "2022-06"].iloc[0]


def udcg_date() -> ShortText:
    """On which day did the UDCG meet on the margins of the ministerial? The letter gives no date.

    The accepted forms are built from the ``udcg_meetings`` row, so a corrected row corrects
    the exercise.

    Examples
    --------
    >>> q = udcg_date()
    >>> q.check("2022-06-15").correct, q.check("15 June 2022").correct
    (True, True)
    """
    day = _udcg_on_the_margins()["date"]
    nl_month = "juni" if day.month == 6 else day.strftime("%B").lower()
    accepted = [
        day.strftime("%Y-%m-%d"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%B}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%B} {day.day}",
        f"{day.day} {nl_month} {day.year}",
        f"{day.day} {nl_month}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
    ]
    return ShortText(
        "The letter says the Ukraine Defense Contact Group meets on the margins of the "
        "ministerial, but gives no day. On which day did it meet? (For example 2022-01-31.)",
        accepted=accepted,
        hint="natokit.load('udcg_meetings') lists every meeting with its date and source; "
        "the letter (p10) says which number this one is.",
        explanation="It met the day before the Allies' session, when the ministerial opened.",
    )


def ministerial() -> pd.DataFrame:
    """The ministerial's days as NATO recorded them: the ``meeting`` rows of ``events``.

    Examples
    --------
    >>> ministerial()["date"].dt.strftime("%d %B").tolist()
    ['15 June', '16 June']
    """
    events = load("events")
    rows = events[events["topic"] == "meeting"]
    return rows[["date", "title", "source"]].reset_index(drop=True)


def _partners_date() -> pd.Timestamp:
    rows = ministerial()
    return rows.loc[rows["title"].str.contains("working dinner"), "date"].iloc[0]


def session_order() -> MultipleChoice:
    """When did the ministers meet the partners of the letter's *second* session?

    The right option is chosen by comparing the dates of the ``events`` rows, not typed in.

    Examples
    --------
    >>> q = session_order()
    >>> q.check(q.answer).correct
    True
    """
    dinner, allies_day = _partners_date(), ministerial()["date"].max()
    first = f"On the evening of {dinner.day} {dinner:%B}, before the Allies' own session"
    second = f"On {allies_day.day} {allies_day:%B}, after the Allies' own session"
    right, other = (first, second) if dinner < allies_day else (second, first)
    madrid = "On 29 June, at the Madrid Summit"
    only = "The letter's date, 16 juni, is the only day"
    return MultipleChoice(
        "The letter calls the meeting with Finland, Sweden, Georgia, Ukraine and the EU the "
        "'tweede werksessie'. According to NATO's record of the meeting "
        "(natokit.load('events')), when did the ministers meet these partners?",
        [first, second, madrid, only],
        answer=right,
        why_wrong={
            other: "That is the day of the other 'meeting' row: read both titles and see "
            "which one has the partners at the table.",
            madrid: "Madrid was the summit this meeting prepared, two weeks later; the "
            "partners met the ministers in Brussels.",
            only: "NATO's record has two 'meeting' rows, on two different days.",
        },
        hint="Compare the dates of the two 'meeting' rows in natokit.load('events') and read "
        "their titles.",
        explanation="'Second' is the letter's order of topics, not the order in time: the "
        "meeting opened with a working dinner with the partners.",
    )


def spring_2022(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events from the invasion to the accession protocols: a *selection* of the timeline.

    Examples
    --------
    >>> rows = spring_2022()
    >>> rows["date"].min().date(), rows["date"].max().date()
    (datetime.date(2022, 2, 24), datetime.date(2022, 7, 5))
    """
    events = load("events") if events is None else events
    keep = (events["date"] >= "2022-02-24") & (events["date"] <= "2022-07-05")
    return events[keep].reset_index(drop=True)


# Paragraph, a phrase that picks the sentence, and NATO's agenda item in the kit's own words.
_POSITIONS = (
    ("p04", "Voor Nederland", "SACEUR's view of the posture NATO needs"),
    ("p05", "Nederland hecht", "Progress report on NATO-EU cooperation"),
    ("p06", "Nederland onderstreept", "The SG's report on allies' defence spending"),
    ("p09", "Nederland zal zijn grote steun", "The coming accession of Finland and Sweden"),
    ("p11", "Nederland zet in op", "Coordinating military support to Ukraine (UDCG)"),
)


def dutch_positions() -> pd.DataFrame:
    """NATO's agenda item beside what the Netherlands argues about it, in the letter's words.

    Examples
    --------
    >>> table = dutch_positions()
    >>> list(table.columns)
    ['paragraph', 'nato_agenda', 'dutch_position_nl']
    >>> bool(table["dutch_position_nl"].str.contains("Nederland").all())
    True
    """
    rows = [
        {
            "paragraph": pid,
            "nato_agenda": item,
            "dutch_position_nl": letter.sentences(pid, containing=phrase)[0],
        }
        for pid, phrase, item in _POSITIONS
    ]
    return pd.DataFrame(rows)


# Sentences to sort: paragraph, a phrase that picks the sentence, the category, and a nudge
# that explains a wrong choice without naming the right category.
_SORT = (
    (
        "p04",
        "SACEUR zal",
        AGENDA,
        "Who speaks here, and when? The sentence announces what "
        "someone will present during the session.",
    ),
    (
        "p04",
        "Voor Nederland",
        DUTCH,
        "Whose judgement is 'van belang'? Look at the first two words.",
    ),
    (
        "p03",
        "De Nederlandse inzet",
        PAST,
        "A Dutch subject alone does not make a position: "
        "check the tense and what 'geëindigd' says about the deployment.",
    ),
    ("p06", "De SG NAVO", AGENDA, "'zal ... presenteren': who presents, and to whom?"),
    (
        "p06",
        "Nederland onderstreept",
        DUTCH,
        "Is this what the meeting will do, or what one country will stress there?",
    ),
    (
        "p09",
        "Daarnaast zullen de ministers",
        AGENDA,
        "Is this what all ministers will discuss, or what one of them will say?",
    ),
    (
        "p09",
        "Nederland zal zijn grote steun",
        DUTCH,
        "The tense is future, like the agenda's; but whose message is it?",
    ),
    ("p10", "Op 23 mei", PAST, "When did this happen: before or after the letter was written?"),
)


def sentence_sort() -> Classify:
    """Sort eight sentences of the letter into NATO's agenda, the Dutch position or a report.

    The sentences are taken from the letter's text (``letter.sentences``), never retyped.

    Examples
    --------
    >>> task = sentence_sort()
    >>> len(task.items), task.categories
    (8, ["NATO's agenda", 'Dutch position', 'report of past measures'])
    """
    items, answer, explanations = {}, {}, {}
    for number, (pid, phrase, category, why) in enumerate(_SORT, start=1):
        key = str(number)
        items[key] = f"({pid}) " + letter.sentences(pid, containing=phrase)[0]
        answer[key] = category
        explanations[key] = why
    return Classify(
        "An annotated agenda mixes three kinds of sentence. Sort each sentence of the letter "
        "into one of the three categories. In code, answer with a dictionary such as "
        "{'1': 'a', '2': 'c', ...}: item number -> category letter.",
        items=items,
        categories=[AGENDA, DUTCH, PAST],
        answer=answer,
        explanations=explanations,
        hint="Ask two questions of each sentence: who is the subject (NATO, its ministers, its "
        "officials, or the Netherlands), and is it about the coming meeting or about the past?",
    )


def claim_task() -> AnalyticTask:
    """Judge a claim about the meeting's date against the letter and the kit's data.

    Examples
    --------
    >>> "16 juni" in claim_task().question
    True
    """
    return AnalyticTask(
        "The letter says the meeting 'vindt plaats op 16 juni in Brussel'. A classmate "
        "concludes: 'The NATO Defence Ministers met on 16 June 2022, and the partners' session "
        "came after the Allies' session.' Judge both halves of the claim against the kit's data "
        "(natokit.load('events'), natokit.load('udcg_meetings')) and the letter. In three to "
        "five sentences: what is right, what is wrong, what is your evidence, and why might a "
        "government letter date the meeting as it does?",
        model_answer=(
            "The first half is incomplete rather than false: NATO's own record (the Secretary "
            "General's press conferences of 15 and 16 June 2022, rows in events.csv) shows the "
            "ministerial ran over two days, 15 and 16 June, and the ministers did meet on 16 "
            "June. The second half is wrong: the meeting opened on the evening of 15 June with "
            "a working dinner with Finland, Sweden, Georgia, Ukraine and the EU, so the letter's "
            "'second' session came first in time; the UDCG also met on 15 June "
            "(udcg_meetings.csv). The letter numbers its sessions in the order of its agenda "
            "and gives one day, that of the Allies' formal session; it never says the "
            "partners' session came second in time. The lesson: check what a date "
            "counts (first gathering, formal session, declaration) before you compare sources."
        ),
        rubric=[
            "Separates the two halves of the claim and judges each.",
            "Cites at least two pieces of evidence by name (an events row with its source, the "
            "UDCG table, a paragraph of the letter).",
            "Says that 'tweede werksessie' is the order of the agenda, not of time.",
            "Offers a reason for the letter's dating without calling the letter wrong outright.",
        ],
        hint="Print natokit.load('events') for June 2022 and read the titles and sources of "
        "the two 'meeting' rows.",
    )


def summit_city() -> ShortText:
    """Which summit does the meeting prepare? (The letter, p01.)

    Examples
    --------
    >>> summit_city().check("madrid").correct
    True
    """
    return ShortText(
        "The meeting is an important preparation for a NATO Summit. In which city is that summit held?",
        accepted=["Madrid"],
        qualifiers=["Spain", "Spanje", "España"],
        hint="The first paragraph names it: letter.quote('p01').",
        explanation="Heads of state and government were to adopt NATO's new Strategic Concept there.",
    )


def ratification_rank(ally: str = "NLD", candidate: str = "FIN") -> dict:
    """When ``ally`` completed its procedure on ``candidate``'s protocol, and how many were earlier.

    Returns a dict with ``date``, ``earlier`` (allies that finished on an earlier day),
    ``same_day`` (names of the other allies that finished on the same day) and ``allies``
    (how many allies have a row for that candidate).

    Examples
    --------
    >>> r = ratification_rank()
    >>> r["date"].date(), r["earlier"]
    (datetime.date(2022, 7, 12), 8)
    """
    table = load("ratifications")
    rows = table[table["candidate_iso3"] == candidate]
    mine = rows.loc[rows["iso3"] == ally, "completed_on"]
    if mine.empty:
        raise ValueError(f"No ratification row for {ally!r} on {candidate!r}")
    day = mine.iloc[0]
    others = rows[rows["iso3"] != ally]
    names = load("members").set_index("iso3")["name"]
    return {
        "date": day,
        "earlier": int((others["completed_on"] < day).sum()),
        "same_day": sorted(
            names[iso3] for iso3 in others.loc[others["completed_on"] == day, "iso3"]
        ),
        "allies": len(rows),
    }


def ratification_summary(ally: str = "NLD", candidate: str = "FIN") -> str:
    """One sentence on :func:`ratification_rank`, for printing.

    Examples
    --------
    >>> print(ratification_summary())
    Netherlands: procedure completed on 12 July 2022; 8 of the other 29 allies finished earlier; on the same day: Luxembourg.
    """
    r = ratification_rank(ally, candidate)
    name = load("members").set_index("iso3").loc[ally, "name"]
    same = ", ".join(r["same_day"]) or "no other ally"
    return (
        f"{name}: procedure completed on {r['date'].day} {r['date']:%B %Y}; {r['earlier']} of "
        f"the other {r['allies'] - 1} allies finished earlier; on the same day: {same}."
    )


def positions_text(width: int = 96) -> str:
    """:func:`dutch_positions` as wrapped plain text: agenda item, then the Dutch sentence.

    Examples
    --------
    >>> print(positions_text().splitlines()[0])
    p04  NATO's agenda: SACEUR's view of the posture NATO needs
    """
    lines = []
    for row in dutch_positions().itertuples():
        lines.append(f"{row.paragraph}  NATO's agenda: {row.nato_agenda}")
        lines.append(
            textwrap.fill(
                row.dutch_position_nl, width, initial_indent="     NL: ", subsequent_indent=" " * 9
            )
        )
    return "\n".join(lines)


def reference_list(*keys: str) -> str:
    """The citations of ``data/references.csv`` rows, numbered, in the order of ``keys``.

    Raises ``ValueError`` for an unknown key, naming it.

    Examples
    --------
    >>> print(reference_list("nat1949").split(";")[0])
    [1] The North Atlantic Treaty, Washington D.C., 4 April 1949
    """
    table = load("references").set_index("key")
    missing = [k for k in keys if k not in table.index]
    if missing:
        raise ValueError(f"Unknown reference key(s): {', '.join(missing)}")
    return "\n".join(f"[{n}] {table.loc[k, 'citation']}" for n, k in enumerate(keys, 1))
