"""Exercises of notebook 00: the letter and the meeting.

Examples
--------
>>> from natokit.exercises import start_here
>>> start_here.f35_count().check(4).correct
True
"""

from __future__ import annotations

from ..data import load
from ..geo import members_on
from ..quiz import MultipleChoice, Numeric, ShortText


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
        "Use natokit.geo.members_on to find how many states signed the North Atlantic Treaty on its first day.",
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
        "According to the letter, how many Dutch F-35 fighter aircraft took part in Air Policing in Bulgaria?",
        answer=int(row["aircraft_count"]),
        tolerance=0,
        unit="aircraft",
        hint="Read paragraph p03: letter.quote('air_policing').",
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
        explanation="The letter names the EU High Representative and the defence ministers of Finland, Sweden, Georgia and Ukraine.",
    )


def udcg_meeting_number() -> Numeric:
    """For which time did the Ukraine Defense Contact Group meet on the margins of this meeting?

    Examples
    --------
    >>> udcg_meeting_number().check(3).correct
    True
    """
    meetings = load("udcg_meetings")
    on_the_margins = meetings[meetings["date"].dt.strftime("%Y-%m") == "2022-06"].iloc[0]
    return Numeric(
        "The letter says the UDCG meets 'voor de derde keer' on the margins of the meeting. Which meeting number is that?",
        answer=int(on_the_margins["number"]),
        tolerance=0,
        unit="",
        hint="'derde' is Dutch for 'third'; check natokit.load('udcg_meetings').",
        explanation="The first two were at Ramstein on 26 April 2022 and by video on 23 May 2022 (letter, p10).",
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
        hint="The first paragraph names it: letter.quote('p01').",
        explanation="Heads of state and government were to adopt NATO's new Strategic Concept there.",
    )
