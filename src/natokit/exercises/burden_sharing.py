"""Exercises and small helpers of notebook 03, "2% and who pays".

Self-checks on the allies that moved to 2% over the Wales decade (counted from
:mod:`natokit.spending`), the Wales pledge's 20% (from the ``commitments`` table), common funding, and the largest revision between NATO's
editions (found in the data). Analytic tasks: sort the sentences of p06 and p07 into NATO's
agenda, the Dutch position and claims that data can check (:func:`letter_sort`); judge the
letter's claim that the Netherlands meets 2% in 2024 and 2025 (:func:`nld_claim_task`); explain
the largest revision (:func:`revision_task`). Numbers in questions, options and model answers
come from the data, so a corrected row corrects the exercise.

The module also builds the tables the notebook prints (allies at 2% per edition, the
Netherlands by edition, the pledges), so a notebook cell stays a few lines.

Examples
--------
>>> from natokit.exercises import burden_sharing
>>> burden_sharing.wales_equipment().check("b").correct
True
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import letter, spending
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric, ShortText

__all__ = [
    "AGENDA",
    "DUTCH",
    "CLAIM",
    "DISCUSSION",
    "REFERENCES",
    "GLOSSARY_TERMS",
    "LATEST",
    "LETTER_YEAR",
    "counts_table",
    "nld_by_edition",
    "nld_summary",
    "pledges_text",
    "positions_text",
    "wales_decade",
    "wales_equipment",
    "common_funding",
    "largest_revision_ally",
    "letter_sort",
    "nld_claim_task",
    "revision_task",
]

AGENDA = "NATO's agenda: what the ministers will do"
DUTCH = "the Dutch position: what the Netherlands argues"
CLAIM = "a claim about Dutch spending that data can check"

#: The year of the letter, and the edition the kit treats as NATO's latest word.
LETTER_YEAR = 2022
LATEST = "2025-08-28"

#: Keys of ``data/references.csv`` cited in notebook 03, in the order the notebook cites them.
REFERENCES = [
    "letter",
    "wales2014",
    "nato_funding",
    "budgets2022",
    "olson_zeckhauser1966",
    "defexp_release2022",
    "vilnius2023",
    "hague2025",
]

#: Glossary terms notebook 03 defines.
GLOSSARY_TERMS = [
    "lastenverdeling",
    "SG NAVO",
    "NAVO-norm",
    "bbp",
    "Defensienota",
    "gemeenschappelijke financiering",
    "capaciteitsopbouw van NAVO-partners",
]

#: Questions for a class discussion after notebook 03 (no single right answer).
DISCUSSION = (
    "Is 2% of GDP a fair measure of an ally's share of the burden? Name one ally that looks "
    "better on this measure than it should, and one that looks worse, and say what measure "
    "you would add.",
    "The letter says the Netherlands falls below 2% after 2025 'maar profiteert van de "
    "koerswijziging die is ingezet'. Is a promise kept for two years and then dropped "
    "'het nakomen van de gemaakte afspraken' (p06)?",
    "Olson and Zeckhauser argued that small allies spend a smaller share of their income on "
    "defence because they benefit from the large allies' deterrent anyway. Does the kit's "
    "data for 2014 and for 2024 support that, and what changed in between?",
    "The Hague commitment counts up to 1.5% of GDP for infrastructure, networks, resilience "
    "and industry. Does that make the 5% more meaningful than 2%, or easier to reach on "
    "paper?",
)


def _name(edition_key: str) -> str:
    return spending.edition(edition_key).name


# -- tables for the notebook ------------------------------------------------------------------


def counts_table() -> pd.DataFrame:
    """Allies at or above 2% of GDP, one row per year, one column per edition ("n of m").

    An empty cell means the edition (as the kit holds it) has no value for that year; the
    June 2022 edition holds only 15 allies, so its count is out of those 15.

    Examples
    --------
    >>> table = counts_table()
    >>> table.loc[2024, "June 2024 edition (2014-2024)"]
    '23 of 31 (estimate)'
    >>> table.loc[2022, "June 2022 edition (2014-2022)"]
    '9 of 15 (estimate)'
    """
    counts = spending.count_at_or_above()
    cells = counts.assign(
        cell=[
            f"{row.count} of {row.allies}" + (" (estimate)" if row.estimate else "")
            for row in counts.itertuples()
        ]
    )
    wide = cells.pivot(index="year", columns="edition_name", values="cell")
    order = [e.name for e in spending.editions()]
    wide = wide[[name for name in order if name in wide.columns]].fillna("")
    wide.columns.name = None
    return wide


def nld_by_edition(first: int = LETTER_YEAR) -> pd.DataFrame:
    """The Netherlands' share of GDP from ``first`` on, in every edition that has the year.

    Returns
    -------
    DataFrame
        ``year``, ``edition_name``, ``pct_gdp``, ``estimate``, ``confirmed``,
        ``at_or_above`` (``pct_gdp >= 2``), by year, then edition.

    Examples
    --------
    >>> rows = nld_by_edition()
    >>> rows[rows["year"] == 2024]["pct_gdp"].tolist()
    [2.05, 2.0]
    """
    rows = spending.path("NLD")
    rows = rows[rows["year"] >= first].sort_values(["year", "edition"])
    rows = rows.assign(at_or_above=rows["pct_gdp"] >= spending.GUIDELINE_PCT)
    columns = ["year", "edition_name", "pct_gdp", "estimate", "confirmed", "at_or_above"]
    return rows[columns].reset_index(drop=True)


def nld_summary() -> str:
    """The Netherlands from the letter's year on, one line per year and edition, for printing.

    Examples
    --------
    >>> print(nld_summary().splitlines()[0])
    2022  June 2022 edition (2014-2022)      1.65%  estimate; transcription NOT confirmed
    """
    lines = []
    for row in nld_by_edition().itertuples():
        flags = ["estimate"] if row.estimate else ["reported"]
        if not row.confirmed:
            flags.append("transcription NOT confirmed")
        mark = "  >= 2%" if row.at_or_above else ""
        lines.append(
            f"{row.year}  {row.edition_name:<34} {row.pct_gdp:5.2f}%  {'; '.join(flags)}{mark}"
        )
    years = set(nld_by_edition()["year"])
    missing = [y for y in range(LETTER_YEAR, 2026) if y not in years]
    if missing:
        lines.append(f"No value in the kit for: {', '.join(str(y) for y in missing)}")
    return "\n".join(lines)


def pledges_text(*summits: str, width: int = 96) -> str:
    """The spending pledges of ``commitments``, one block per pledge, parts indented.

    Parameters
    ----------
    *summits : str
        Only these summits (``"Wales"``, ``"Vilnius"``, ``"The Hague"``); all when none given.

    Examples
    --------
    >>> print(pledges_text().splitlines()[0])
    Wales, 5 September 2014: 2% of GDP, by 2024
    >>> print(pledges_text("Vilnius").splitlines()[0])
    Vilnius, 11 July 2023: at least 2% of GDP, every year
    """
    table = spending.commitments()
    known = list(dict.fromkeys(table["summit"]))
    unknown = [s for s in summits if s not in known]
    if unknown:
        raise ValueError(f"No pledge from {unknown[0]!r}; the table has: {', '.join(known)}")
    if summits:
        table = table[table["summit"].isin(summits)]
    lines = []
    for row in table.itertuples():
        indent = "    " if isinstance(row.part_of, str) and row.part_of else ""
        # "at least" is the floor flag; "up to" is read from the pledge's own words.
        bound = "at least " if row.floor else ("up to " if row.pledge.startswith("Up to") else "")
        share = f"{bound}{row.pct:g}% of {row.of}"
        when = f", by {row.target_year}" if not pd.isna(row.target_year) else ", every year"
        head = f"{indent}{row.summit}, {row.date.day} {row.date:%B %Y}: {share}{when}"
        if indent:
            head = f"{indent}part: {share}{when}"
        lines.append(head)
        lines.append(
            textwrap.fill(
                row.pledge, width, initial_indent=indent + "    ", subsequent_indent=indent + "    "
            )
        )
    return "\n".join(lines)


# Paragraph, a phrase that picks the sentence, NATO's agenda item in the kit's words, and what
# the letter says the Netherlands argues (None: the letter gives no Dutch position on it).
_POSITIONS = (
    (
        "p06",
        "De SG NAVO zal",
        "The SG's report on allies' defence spending",
        "Nederland onderstreept",
    ),
    ("p06", "buigen zich ook", "Fair burden sharing", "Nederland voldoet"),
    ("p07", "gemeenschappelijke financiering", "Raising NATO's common funding", None),
    ("p07", "capaciteitsopbouw", "Progress report on partner capacity building", None),
)


def positions_text(width: int = 96) -> str:
    """NATO's agenda items of p06-p07 beside the Dutch position, in the letter's sentences.

    Examples
    --------
    >>> print(positions_text().splitlines()[0])
    p06  NATO's agenda: The SG's report on allies' defence spending
    """
    lines = []
    for pid, _, item, phrase in _POSITIONS:
        lines.append(f"{pid}  NATO's agenda: {item}")
        text = (
            letter.sentences(pid, containing=phrase)[0]
            if phrase
            else "(the letter states no Dutch position on this item)"
        )
        lines.append(
            textwrap.fill(text, width, initial_indent="     NL: ", subsequent_indent=" " * 9)
        )
    return "\n".join(lines)


# -- self-checks ------------------------------------------------------------------------------


def wales_decade(edition: str = LATEST, start: int = 2014, end: int = 2024) -> Numeric:
    """Of the allies below 2% of GDP in ``start``, how many were at or above it in ``end``?

    The Wales pledge asked the allies below 2% to move towards it within a decade; the count
    of all allies at 2% mixes them with those already there. Counted from the data.

    Examples
    --------
    >>> q = wales_decade()
    >>> q.check(q.answer).correct
    True
    """
    key = spending.edition(edition).key
    below = set(spending.share(key, start).query("not at_or_above")["iso3"])
    after = spending.share(key, end)
    reached = below & set(after.query("at_or_above")["iso3"])
    estimate = " (estimates)" if after["estimate"].all() else ""
    return Numeric(
        f"The Wales pledge asked the allies below 2% of GDP to move towards it within a "
        f"decade. In the {_name(key)}, how many of the allies that were below 2% in {start} "
        f"were at or above it in {end}{estimate}?",
        answer=len(reached),
        tolerance=0,
        unit="allies",
        hint=f"Take the allies below 2% in {start} (spending.share(edition, {start}), column "
        f"'at_or_above'), then count how many of them are at or above 2% in {end}.",
        explanation=f"{len(reached)} of the {len(below)} allies below the line in {start} "
        f"had reached it in {end}{estimate}; {len(below) - len(reached)} were still below. "
        "The count of all allies at 2% is larger: it adds the allies that were already there "
        f"in {start}, of whom the pledge asked only that they stay.",
    )


def wales_equipment() -> MultipleChoice:
    """What is the Wales pledge's second number a share of? The right option comes from the row.

    Examples
    --------
    >>> q = wales_equipment()
    >>> q.check(q.answer).correct
    True
    """
    row = spending.commitments().set_index("key").loc["wales2014_equipment"]
    pct = f"{row['pct']:g}%"
    right = f"{pct} of each ally's defence expenditure, on major new equipment and related R&D"
    gdp = f"{pct} of each ally's GDP, on major new equipment"
    allies = f"{pct} of the allies must reach 2% within a decade"
    common = f"{pct} of NATO's common budgets, for new headquarters"
    answer = right if row["of"] == "defence expenditure" else gdp
    reasons = {
        gdp: "That would be ten times the 2% guideline itself: the second number is a "
        "share of something much smaller than GDP.",
        allies: "The pledge speaks to every ally, not to a fraction of them.",
        common: "The pledge is about national spending; common funding is a separate, "
        "much smaller pot.",
        right: "Read the 'of' column of the wales2014_equipment row.",
    }
    return MultipleChoice(
        f"The Wales pledge of 2014 has a second number besides 2%: {pct}. A share of what?",
        [gdp, right, allies, common],
        answer=answer,
        why_wrong={option: why for option, why in reasons.items() if option != answer},
        hint="spending.commitments() has a row 'wales2014_equipment'; read its 'of' column.",
        explanation="The 20% is an output-minded guideline inside the input measure: how much "
        "of the money buys new capability rather than salaries, pensions and upkeep.",
    )


def common_funding() -> MultipleChoice:
    """Which cost does NATO's common funding pay? (NATO, 'Funding NATO'.)

    Examples
    --------
    >>> common_funding().check("c").correct
    True
    """
    nsip = (
        "Infrastructure such as NATO-wide air defence and command and control, through the "
        "NATO Security Investment Programme"
    )
    options = [
        "The Dutch F-35s' Air Policing deployment to Bulgaria in 2022",
        "The pay of the soldiers an ally sends to a battlegroup",
        nsip,
        "New frigates an ally buys for its own navy",
    ]
    national = (
        "NATO says member countries pay for their own forces, and bear the costs when they "
        "volunteer forces for a NATO mission: this is national spending."
    )
    return MultipleChoice(
        "Allies pay for NATO in two ways: through their national defence budgets and through "
        "NATO's common funding. Which of these is paid from NATO's common funding?",
        options,
        answer=nsip,
        why_wrong={
            options[0]: national,
            options[1]: national,
            options[3]: "An ally's own equipment is bought from its own budget (it counts "
            "towards its 2%), even when NATO's plans asked for it.",
        },
        hint="Read the 'nato_funding' row of natokit.load('references'): which three budgets "
        "are commonly funded, and what do they pay for?",
        explanation="Common funding (civil budget, military budget, NSIP) pays for what belongs "
        "to no single ally; it is a small fraction of what allies spend nationally.",
    )


def largest_revision_ally() -> ShortText:
    """Which ally's value moved most between its earliest and its latest edition? From the data.

    Examples
    --------
    >>> q = largest_revision_ally()
    >>> r = spending.largest_revision()
    >>> q.check(r.name).correct, q.check(f"{r.name}, {r.year}").correct
    (True, True)
    """
    r = spending.largest_revision()
    return ShortText(
        "Compare every ally-year that two or more editions give. Whose value was revised "
        "the most (largest change, up or down, between its earliest and its latest edition)? "
        "Answer with the ally's name in English.",
        accepted=[r.name, r.iso3, f"{r.name} {r.year}", f"{r.name} in {r.year}"],
        qualifiers=[str(r.year)],
        hint="spending.revisions(year).largest gives the largest revision of one year; loop "
        "over the years and keep the largest absolute change.",
        explanation=f"{r.name} {r.year}: {r.earliest_pct:.2f}% in the {_name(r.earliest_edition)}, "
        f"{r.latest_pct:.2f}% in the {_name(r.latest_edition)}.",
    )


# -- analytic tasks ---------------------------------------------------------------------------

# paragraph, index of the sentence in the paragraph, category, why (never naming the category)
_SORT = (
    ("p06", 0, AGENDA, "'De ministers ... buigen zich over': who does what, and where?"),
    ("p06", 1, AGENDA, "'zal ... presenteren': someone presents something at the meeting."),
    ("p06", 2, AGENDA, "Where will the report go next? That is a step in NATO's process."),
    (
        "p06",
        3,
        DUTCH,
        "'onderstreept het belang': is this a fact you could check in a table, or a view?",
    ),
    (
        "p06",
        4,
        CLAIM,
        "A year, a percentage and a norm: could NATO's figures prove this right or wrong?",
    ),
    ("p06", 5, CLAIM, "An amount of money in a budget: a view, or a number you could look up?"),
    (
        "p06",
        6,
        CLAIM,
        "'komt onder die norm uit': a forecast with a date; later figures can test it.",
    ),
    (
        "p07",
        1,
        AGENDA,
        "'biedt de ministers de gelegenheid om te spreken over': what happens at the session?",
    ),
)


def letter_sort() -> Classify:
    """Sort the sentences of p06 and p07 into agenda, Dutch position and checkable claims.

    The items are the letter's sentences (:func:`natokit.letter.sentences`), never retyped.

    Examples
    --------
    >>> task = letter_sort()
    >>> len(task.items), len(task.categories)
    (8, 3)
    """
    items, answer, why = {}, {}, {}
    for pid, index, category, reason in _SORT:
        key = f"{pid}.{index + 1}"
        items[key] = letter.sentences(pid)[index]
        answer[key] = category
        why[key] = reason
    return Classify(
        "Paragraphs p06 and p07 mix three kinds of sentence. Sort each: does it set out NATO's "
        "agenda, state the Dutch position, or make a claim about Dutch spending that figures "
        "can check? In code, answer with a dictionary such as {'p06.1': 'a', ...}: item key "
        "-> category letter.",
        items=items,
        categories=[AGENDA, DUTCH, CLAIM],
        answer=answer,
        explanations=why,
        hint="Ask of each sentence: who is the subject, and could a table of numbers show it "
        "true or false?",
    )


def nld_claim_task() -> AnalyticTask:
    """Judge the letter's claim that the Netherlands meets 2% in 2024 and 2025.

    The model answer quotes the values from the data, with their editions.

    Examples
    --------
    >>> "2.05" in nld_claim_task().model_answer
    True
    """
    rows = nld_by_edition()
    by = {(r.year, r.edition_name): r for r in rows.itertuples()}
    v2024 = [(name, r.pct_gdp) for (y, name), r in by.items() if y == 2024]
    first, last = v2024[0], v2024[-1]
    has_2025 = any(y == 2025 for y, _ in by)
    y2022 = [(name, r.pct_gdp, r.confirmed) for (y, name), r in by.items() if y == 2022]
    then, now = y2022[0], y2022[-1]
    model = (
        f"The letter (p06) says the Netherlands meets 2% of GDP in 2024 and 2025. For 2024 "
        f"the {first[0]} estimated {first[1]:.2f}%, and the {last[0]} gives {last[1]:.2f}% "
        f"(still an estimate there): the claim holds for 2024, but only just, and by a margin "
        f"that shrank from one edition to the next. "
        + (
            "For 2025 the kit has a value to check. "
            if has_2025
            else "For 2025 the kit has no figure from NATO's table, so the second half of the "
            "claim cannot be judged from these data; a news report of an estimate is not "
            "the same thing. "
        )
        + f"The letter was written when the {then[0]} put 2022 at {then[1]:.2f}% "
        + ("" if then[2] else "(a transcription the kit could not confirm) ")
        + f"and the {now[0]} puts it at {now[1]:.2f}%: the starting point was lower than it "
        "looked in 2022. The claim was a forecast from a budget plan (the Defensienota of "
        "1 June 2022), measured against a GDP that was itself forecast; every later edition "
        "re-measures both. The letter also says the Netherlands falls below 2% after 2025, "
        "which the Vilnius floor and The Hague's 5% have since turned into a gap against "
        "the allies' own commitments."
    )
    return AnalyticTask(
        f"The letter says (p06): '{letter.sentences('p06', containing='voldoet')[0]}' Judge "
        "this claim against the kit's data (exercises.burden_sharing.nld_by_edition() or "
        "spending.path('NLD')). In 150-250 words: what do the editions say for each year, how "
        "sure can you be, and what kind of statement was the claim when it was written?",
        model_answer=model,
        rubric=[
            "Gives the 2024 value in at least two editions, naming each edition.",
            "Says what the data can and cannot tell about 2025.",
            "Distinguishes an estimate from a reported value, and a confirmed transcription "
            "from an unconfirmed one.",
            "Recognises the claim as a forecast built on a budget plan and a GDP forecast.",
            "Connects the claim to the commitments that followed (Vilnius, The Hague).",
        ],
        hint="Print exercises.burden_sharing.nld_summary() and read the flags at the end of "
        "each line.",
    )


def revision_task() -> AnalyticTask:
    """Explain the largest revision between editions (found by :func:`spending.largest_revision`).

    Examples
    --------
    >>> r = spending.largest_revision()
    >>> r.name in revision_task().model_answer
    True
    """
    r = spending.largest_revision()
    estimate = bool(
        spending.path(r.iso3)
        .query("edition == @r.earliest_edition and year == @r.year")["estimate"]
        .iloc[0]
    )
    model = (
        f"The largest revision in the kit is {r.name} {r.year}: {r.earliest_pct:.2f}% of GDP "
        f"in the {_name(r.earliest_edition)}, {r.latest_pct:.2f}% in the "
        f"{_name(r.latest_edition)}, a change of {r.change:+.2f} percentage points"
        + (
            ", large enough to move it from above the 2% line to below it. "
            if (r.earliest_pct >= 2) != (r.latest_pct >= 2)
            else ". "
        )
        + (
            "The first value was an estimate, made during the year from budget plans; "
            "the later one rests on what was spent. "
            if estimate
            else "Both values are for a past year, so the change comes from re-measurement. "
        )
        + "Three things can move a share of GDP between editions: the spending (plans not "
        "carried out, or late national data), the GDP (national statistics revise it, and a "
        "larger GDP lowers the share), and the method (what counts as defence expenditure, "
        "and how NATO compiles the figures). The kit's data cannot tell which mattered here; a national "
        "budget report or NATO's notes to the table would. The lesson for every chart: "
        "name the edition, and treat a current-year figure as a forecast."
    )
    return AnalyticTask(
        "You found the ally-year with the largest revision between NATO's editions. In "
        "100-200 words: give both values with their editions, and explain what could cause "
        "a revision of that size. What would you need to decide between the explanations?",
        model_answer=model,
        rubric=[
            "Gives both values with their editions and the size of the change.",
            "Says whether the first value was an estimate.",
            "Names at least two causes of revision (spending outturn, GDP revision, method).",
            "Says what evidence would decide between them, beyond the kit's data.",
        ],
        hint="spending.largest_revision() gives the ally, the year and both editions; "
        "spending.path(iso3) shows whether the first value was an estimate.",
    )
