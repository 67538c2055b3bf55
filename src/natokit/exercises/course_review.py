"""The course review, at the end of notebook 06: one question per notebook, then a memo.

A short mixed quiz over notebooks 00 to 06 (:data:`QUIZ` lists the questions in course order),
a sorting task over the letter's sentences (:func:`which_notebook`), and the closing analytic
task, a memo to the minister on the posture the Netherlands should back at Madrid
(:func:`memo_to_the_minister`). Numbers are computed from the kit's rows, as in the notebooks.

Examples
--------
>>> from natokit.exercises import course_review
>>> [name for name, _ in course_review.QUIZ][:2]
['allies_at_the_meeting', 'article_5']
>>> course_review.allies_at_the_meeting().check(30).correct
True
"""

from __future__ import annotations

from .. import geo, letter, ranges
from ..quiz import AnalyticTask, Classify, MultipleChoice, Numeric

__all__ = [
    "QUIZ",
    "allies_at_the_meeting",
    "article_5",
    "air_policing_or_air_defence",
    "why_name_the_edition",
    "allies_on_the_retrieval_date",
    "udcg_not_nato",
    "overlap_today",
    "which_notebook",
    "memo_to_the_minister",
]


def allies_at_the_meeting() -> Numeric:
    """Notebook 00: how many allies NATO had when the ministerial opened.

    Examples
    --------
    >>> allies_at_the_meeting().answer
    30.0
    """
    return Numeric(
        "(00) How many allies did NATO have when the defence ministers met on 15 June 2022?",
        answer=float(len(geo.members_on("2022-06-15"))),
        hint="geo.members_on('2022-06-15'), or the membership explorer of notebook 00.",
        explanation="Finland and Sweden took part as partners; they were not yet allies.",
    )


def article_5() -> MultipleChoice:
    """Notebook 01: what Article 5 obliges an ally to do.

    Examples
    --------
    >>> article_5().check("b").correct
    True
    """
    options = [
        "Send troops at once to the ally attacked",
        "Assist the ally attacked by taking 'such action as it deems necessary, including "
        "the use of armed force'",
        "Nothing: Article 5 only applies after a unanimous vote in the UN Security Council",
        "Declare war on the attacker",
    ]
    return MultipleChoice(
        "(01) What does Article 5 of the North Atlantic Treaty oblige each ally to do when an "
        "ally is attacked?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "Read the article's words: each ally chooses its own action.",
            options[2]: "Read the article's words (reference 'nat1949'): no vote comes before the "
            "assistance.",
            options[3]: "The treaty speaks of assistance and action, not of declaring war.",
        },
        hint="The treaty's words are in the reference 'nat1949'.",
        explanation="Assistance is an obligation, but its form is each ally's choice: Article "
        "5 is not automatic military action. That is why credibility matters so much in "
        "deterrence (notebook 01).",
    )


def air_policing_or_air_defence() -> MultipleChoice:
    """Notebook 02: Air Policing is a peacetime task, not air defence.

    Examples
    --------
    >>> air_policing_or_air_defence().check("a").correct
    True
    """
    options = [
        "Air Policing: fighters on alert identify and escort an aircraft that flies without a "
        "flight plan or radio contact",
        "Air Policing: ground-based missiles shoot down incoming cruise missiles",
        "Air Policing: the Netherlands guards only Dutch airspace",
    ]
    return MultipleChoice(
        "(02) Which sentence describes NATO Air Policing correctly?",
        options,
        answer=options[0],
        why_wrong={
            options[1]: "Defeating an attack is air defence, a different task.",
            options[2]: "Allies guard each other's skies, for example the Baltic states' "
            "(Dutch F-35s flew from Bulgaria, Poland and Estonia).",
        },
        hint="Notebook 02 separates policing in peacetime from defence against an attack.",
        explanation="Air Policing is a permanent peacetime mission of fighters on Quick "
        "Reaction Alert, shared among allies.",
    )


def why_name_the_edition() -> MultipleChoice:
    """Notebook 03: why every spending figure names NATO's edition.

    Examples
    --------
    >>> why_name_the_edition().check("c").correct
    True
    """
    options = [
        "Because only the newest edition is correct and older ones must be ignored",
        "Because each edition covers different allies",
        "Because NATO revises its whole back-series in every edition, so the same ally and "
        "year can have different values",
        "Because the editions use different definitions of GDP for each ally",
    ]
    return MultipleChoice(
        "(03) Why does the kit always say which edition of NATO's defence-expenditure figures a "
        "share of GDP comes from?",
        options,
        answer=options[2],
        why_wrong={
            options[0]: "The figure the ministers had in June 2022 is the one the letter "
            "argues from; a later revision does not make it irrelevant.",
            options[1]: "Editions cover all allies with armed forces of their year; the issue "
            "is the values, not the list.",
            options[3]: "Think of what changes from one edition to the next for one ally and "
            "one year.",
        },
        hint="Compare the Netherlands' value for one year in two editions (notebook 03).",
        explanation="Prices, GDP and late national data are revised each time, so a number "
        "without its edition cannot be checked.",
    )


def allies_on_the_retrieval_date() -> Numeric:
    """Notebook 04: allies on the day the kit's data were retrieved.

    Examples
    --------
    >>> allies_on_the_retrieval_date().answer
    32.0
    """
    when = ranges.retrieval_date()
    return Numeric(
        f"(04) After the accessions of Finland and Sweden, how many allies does NATO have on "
        f"{when:%d %B %Y}, the day the kit's data were retrieved?",
        answer=float(len(geo.members_on(when))),
        hint="geo.members_on(...) with that date, or count the rows of data/members.csv.",
        explanation="Thirty at the ministerial, plus Finland (2023) and Sweden (2024).",
    )


def udcg_not_nato() -> MultipleChoice:
    """Notebook 05: why the Ukraine Defense Contact Group is not a NATO body.

    Examples
    --------
    >>> udcg_not_nato().check("b").correct
    True
    """
    options = [
        "Because it meets only online",
        "Because its members are more than forty like-minded countries and partners, "
        "allies and non-allies, who coordinate their own support for Ukraine's self-defence",
        "Because NATO forbids its allies to send weapons to Ukraine",
        "Because it was founded by the EU",
    ]
    return MultipleChoice(
        "(05) Why is the Ukraine Defense Contact Group (UDCG) not a NATO body?",
        options,
        answer=options[1],
        why_wrong={
            options[0]: "Its first meeting was in person, at Ramstein (p10).",
            options[2]: "Allies do send weapons, nationally and in coalitions; the question is "
            "who coordinates.",
            options[3]: "Look at who convened the first meeting at Ramstein (notebook 05).",
        },
        hint="Read p10: who takes part, and on which right does Ukraine's support rest?",
        explanation="The letter speaks of 'meer dan veertig gelijkgestemde landen en partners' "
        "supporting Ukraine's right of self-defence under Article 51 of the UN Charter (p10): "
        "a coalition of states, not NATO's collective defence under Article 5.",
    )


def overlap_today() -> Numeric:
    """Notebook 06: states in both NATO and the EU on the retrieval date.

    Examples
    --------
    >>> overlap_today().answer
    23.0
    """
    when = ranges.retrieval_date()
    overlap = ranges.nato_eu_on(when)
    eu_only = sorted(geo.country_name(code) for code in overlap.eu_only)
    return Numeric(
        f"(06) How many states are members of both NATO and the EU on {when:%d %B %Y}?",
        answer=float(len(overlap.both)),
        hint="The NATO-EU explorer's last step, or ranges.nato_eu_on(...).",
        explanation="Finland and Sweden moved from 'EU only' to 'both'; the EU members outside "
        f"NATO are now {', '.join(eu_only[:-1])} and {eu_only[-1]}.",
    )


_BURDEN = "03 burden sharing"
_PARTNERS = "04 partners and accession"
_UKRAINE = "05 support for Ukraine"
_LONG = "06 the long term"


def which_notebook() -> Classify:
    """Review task: sort sentences of the letter by the notebook that teaches them.

    Examples
    --------
    >>> task = which_notebook()
    >>> len(task.items), len(task.categories)
    (6, 4)
    """
    picks = [
        ("p06", "2% van het bruto", _BURDEN, "A share of GDP spent on defence: a pledge."),
        (
            "p07",
            "gemeenschappelijke financiering",
            _BURDEN,
            "Money the allies pay into NATO's own budgets.",
        ),
        ("p09", "toetreding van Finland", _PARTNERS, "Two partners on their way in."),
        ("p10", "artikel 51", _UKRAINE, "Self-defence under the UN Charter, supported by many."),
        (
            "p05",
            "20 jaar vooruit",
            _LONG,
            "A concept that looks two decades ahead.",
        ),
        (
            "p05",
            "samenwerking tussen beide organisaties",
            _LONG,
            "Two organisations in Brussels and their cooperation reports.",
        ),
    ]
    items, answer, why = {}, {}, {}
    for number, (paragraph, words, category, reason) in enumerate(picks, start=1):
        key = str(number)
        items[key] = letter.sentences(paragraph, containing=words)[0]
        answer[key] = category
        why[key] = reason
    return Classify(
        "Sort these sentences of the letter by the notebook that teaches their subject.",
        items=items,
        categories=[_BURDEN, _PARTNERS, _UKRAINE, _LONG],
        answer=answer,
        explanations=why,
        hint="Each notebook quotes its paragraphs: 03 p06-p07, 04 p08-p09, 05 p02, p10-p11, "
        "06 p04-p05.",
    )


def memo_to_the_minister() -> AnalyticTask:
    """Closing task: a memo to the minister on the posture to back at Madrid.

    Examples
    --------
    >>> len(memo_to_the_minister().rubric)
    5
    """
    allies = len(geo.members_on("2022-06-15"))
    both = len(ranges.nato_eu_on("2022-06-15").both)
    return AnalyticTask(
        "It is 20 June 2022. Write the minister a memo of 250-350 words: which posture should "
        "the Netherlands back at the Madrid Summit, and what should it commit to itself? Use "
        "the letter and at least three things you learnt in this course (data rows, concepts, "
        "sources). Say what you cannot know yet.",
        model_answer=(
            "To the minister. Subject: the posture to back at Madrid. Recommendation: back a "
            "posture of forward defence that can be reinforced quickly and sustained for "
            "years, and pay our share of it. Why. Russia's invasion changed the threat the "
            "alliance plans against: our own letter speaks of the worse security situation "
            "Russia caused by invading Ukraine, which NATO must face for years (p04). The "
            f"new Strategic Concept should say so plainly. {allies} allies must deter an attack on any of them "
            "(Article 5 obliges assistance but leaves its form to each ally, so credibility "
            "matters). On the eastern flank the eight battlegroups are a tripwire: they make "
            "an attack costly for the alliance as a whole, but they cannot deny territory on "
            "their own. Scaling them up towards brigades where needed, with forces held "
            "ready elsewhere and equipment prepositioned, adds denial without fixing every "
            "brigade in place, and it keeps the flexibility our letter asks for (p04). The "
            "short-term plans (the DDA concept and SACEUR's area-wide plan) need forces that "
            "exist, and the twenty-year view (the NWCC) needs investment now. What we commit. "
            "Staying power, voortzettingsvermogen, is the Dutch test: we should offer units we "
            "can rotate for years, as allies do in Air Policing, rather "
            "than a short peak. Our spending reaches 2% of GDP only in 2024 and 2025 (p06); "
            "without a structural plan after 2025 our credibility on burden sharing suffers. "
            "Beyond NATO: we should keep supporting Ukraine through the contact group, and "
            "push NATO-EU cooperation, which gains weight when Finland and Sweden join "
            f"({both} states in both today, {both + 2} after their accession). What we cannot "
            f"know. How the war will go, how quickly all {allies} allies will ratify the accessions, and what forward "
            "brigades will cost. Decision asked: agree the line above for Madrid."
        ),
        rubric=[
            "Gives a clear recommendation a minister can act on, in the form of a memo.",
            "Grounds it in the letter (the Dutch position in p04 and p06, cited by paragraph) "
            "and in Madrid's decisions.",
            "Uses at least three concepts or findings from the course correctly (for example "
            "Article 5, denial and punishment, the tripwire, staying power, burden sharing, "
            "the NATO-EU overlap), with numbers from the kit's rows.",
            "Weighs a cost or risk of its recommendation (money, forces, flexibility, escalation).",
            "States what cannot be known on 20 June 2022, without using hindsight as fact.",
        ],
        hint="Write as an adviser: recommendation first, then reasons, then what the "
        "Netherlands itself must do, then the uncertainties.",
        min_words=60,
    )


#: The quiz of the course review, in course order: (name, function).
QUIZ = [
    ("allies_at_the_meeting", allies_at_the_meeting),
    ("article_5", article_5),
    ("air_policing_or_air_defence", air_policing_or_air_defence),
    ("why_name_the_edition", why_name_the_edition),
    ("allies_on_the_retrieval_date", allies_on_the_retrieval_date),
    ("udcg_not_nato", udcg_not_nato),
    ("overlap_today", overlap_today),
]
