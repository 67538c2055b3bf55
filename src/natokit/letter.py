"""The letter of June 2022 as the primary source: paragraphs, quotes and the NL/EN glossary.

The letter is the Dutch Minister of Defence's annotated agenda of the NATO Defence Ministers'
meeting of June 2022, sent to the Tweede Kamer. Its full Dutch text ships with the kit
(:func:`full_text`, ``data/letter_nl.txt``); ``data/letter.csv`` holds it paragraph by
paragraph with an English summary written for the kit and topic tags. Cite it as
:data:`CITATION`.

Every helper refuses a wrong input with a ``ValueError`` that says what it expects.

Examples
--------
>>> from natokit import letter
>>> q = letter.quote("air_policing")
>>> "F-35" in q.text_nl
True
>>> letter.quote("p01").paragraph_ids
['p01']
>>> letter.full_text().startswith("In deze brief stuur ik uw Kamer")
True
"""

from __future__ import annotations

import difflib
import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd

from .data import data_dir, load

__all__ = [
    "CITATION",
    "LETTER",
    "LetterReference",
    "Quote",
    "define",
    "full_text",
    "glossary",
    "paragraphs",
    "quote",
    "sections",
    "sentences",
    "topics",
]


@dataclass(frozen=True)
class LetterReference:
    """The bibliographic record of the letter, with what is and is not confirmed.

    Attributes
    ----------
    title : str
        The letter's subject line as the government lists it.
    author : str
    date : str
        ISO date when confirmed, otherwise the month.
    dossier : str
        The parliamentary dossier (Kamerstuk number before the comma).
    number : str or None
        The number within the dossier; None while not confirmed.
    url : str
        Where the official publication can be found.
    confirmed : bool
        False while the Kamerstuk number and exact date are unconfirmed.
    note : str
        What was checked, and how to complete the record.
    """

    title: str
    author: str
    date: str
    dossier: str
    number: str | None
    url: str
    confirmed: bool
    note: str

    def __str__(self) -> str:
        paper = (
            f"Kamerstuk {self.dossier}, nr. {self.number}"
            if self.confirmed
            else f"dossier {self.dossier} (NAVO) expected, Kamerstuk number not confirmed"
        )
        return (
            f"{self.author}, '{self.title}', letter to the Tweede Kamer der Staten-Generaal, "
            f"{self.date}; Kamerstukken II 2021/22, {paper}; official "
            f"publication: {self.url}. Full Dutch text: data/letter_nl.txt in natokit."
        )


#: The letter's record. The kit could not confirm the Kamerstuk number or the exact date in
#: the sources it could read, so they are marked unconfirmed rather than guessed.
LETTER = LetterReference(
    title="Geannoteerde agenda bijeenkomst NAVO-ministers van Defensie",
    author="Minister of Defence K.H. Ollongren",
    date="June 2022",
    dossier="28 676",
    number=None,
    url="https://zoek.officielebekendmakingen.nl",
    confirmed=False,
    note=(
        "Unconfirmed: the kit could not verify the letter's Kamerstuk number or its exact date "
        "(sent before the meeting of 15-16 June 2022); search the title at the URL. The "
        "Minister's annotated agendas of the NATO Defence Ministers' meetings of February 2022 "
        "(nr. 387) and June 2023 (nr. 434) are in dossier 28 676, so this one is expected "
        "there too. It is not nr. 386 (a letter of 20 January 2022 that this letter cites) "
        "nor nr. 411 (the Foreign Minister's agenda of the Madrid Summit, 17 June 2022). "
        "Those numbers are from the committee reports kst-28676-389, kst-28676-438 and "
        "kst-28676-415 on zoek.officielebekendmakingen.nl."
    ),
)

#: How to cite the letter: its official parliamentary reference, as far as confirmed.
CITATION: str = str(LETTER)

_TEXT_FILE = "letter_nl.txt"


def _require_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a text (str), not {type(value).__name__}: {value!r}")
    return value


def full_text() -> str:
    """The complete Dutch text of the letter, as shipped in ``data/letter_nl.txt``.

    The text runs from the opening sentence to the signature, with the section headings; line
    breaks are those of the published document. For one paragraph at a time use
    :func:`quote` or :func:`paragraphs`.

    Examples
    --------
    >>> text = full_text()
    >>> "DE MINISTER VAN DEFENSIE" in text and "Lastenverdeling" in text
    True
    """
    path = data_dir() / _TEXT_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{path}: the letter's text is missing from the data folder; it ships with natokit "
            "as data/letter_nl.txt (check NATOKIT_DATA)"
        ) from None


def paragraphs(topic: str | None = None, section: str | None = None) -> pd.DataFrame:
    """Paragraphs of the letter, optionally filtered by topic tag or section heading.

    Raises ``ValueError`` for an unknown topic or section, listing the known ones.

    Examples
    --------
    >>> paragraphs(topic="accession")["paragraph_id"].tolist()
    ['p09']
    """
    table = load("letter")
    if topic is not None:
        _require_text(topic, "topic")
        if topic not in topics():
            raise ValueError(f"Unknown topic {topic!r}; topics: {', '.join(topics())}")
        table = table[table["topics"].str.split(";").apply(lambda tags: topic in tags)]
    if section is not None:
        _require_text(section, "section")
        if section not in sections():
            raise ValueError(f"Unknown section {section!r}; sections: {', '.join(sections())}")
        table = table[table["section"] == section]
    return table.reset_index(drop=True)


def topics() -> list[str]:
    """The topic tags used in the letter, in the order they first appear.

    Examples
    --------
    >>> topics()[0]
    'meeting'
    """
    seen: dict[str, None] = {}
    for tags in load("letter")["topics"]:
        for tag in tags.split(";"):
            seen.setdefault(tag.strip(), None)
    return list(seen)


def sections() -> list[str]:
    """The letter's section headings, in order.

    Examples
    --------
    >>> sections()[1]
    'Afschrikking en verdediging'
    """
    return list(dict.fromkeys(load("letter")["section"]))


@dataclass(frozen=True)
class Quote:
    """Paragraphs of the letter: the Dutch original with the English summary.

    Renders as a block quote in a notebook and as plain text with ``print``.
    """

    paragraph_ids: list[str]
    sections: list[str]
    texts_nl: list[str]
    summaries_en: list[str]

    @property
    def text_nl(self) -> str:
        """The Dutch text of all quoted paragraphs, joined."""
        return "\n\n".join(self.texts_nl)

    @property
    def summary_en(self) -> str:
        """The English summaries, joined."""
        return " ".join(self.summaries_en)

    def __str__(self) -> str:
        parts = []
        for pid, section, nl, en in zip(
            self.paragraph_ids, self.sections, self.texts_nl, self.summaries_en, strict=True
        ):
            parts.append(f"[{pid}, {section}]\nNL: {nl}\nEN (summary): {en}")
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return f"Quote({', '.join(self.paragraph_ids)})"

    def _repr_html_(self) -> str:
        blocks = []
        for pid, section, nl, en in zip(
            self.paragraph_ids, self.sections, self.texts_nl, self.summaries_en, strict=True
        ):
            blocks.append(
                '<blockquote lang="nl" style="border-left:4px solid #0072B2;margin:0.6em 0;padding:0.2em 0.8em">'
                f"<p>{html.escape(nl)}</p>"
                f'<p lang="en" style="color:#444"><i>Summary:</i> {html.escape(en)}</p>'
                f'<footer style="font-size:85%;color:#666">Letter, paragraph {pid} ({html.escape(section)})</footer>'
                "</blockquote>"
            )
        return "".join(blocks)


def quote(topic_or_paragraph: str) -> Quote:
    """Quote the letter on a topic (all tagged paragraphs) or one paragraph by id.

    Parameters
    ----------
    topic_or_paragraph : str
        A topic from :func:`topics` (e.g. ``"air_policing"``) or an id like ``"p03"``.

    Examples
    --------
    >>> quote("udcg").paragraph_ids
    ['p02', 'p10', 'p11']
    >>> quote("nukes")
    Traceback (most recent call last):
    ...
    ValueError: 'nukes' is neither a topic nor a paragraph id. Topics: ...
    """
    _require_text(topic_or_paragraph, "topic_or_paragraph")
    table = load("letter")
    if topic_or_paragraph in set(table["paragraph_id"]):
        rows = table[table["paragraph_id"] == topic_or_paragraph]
    elif topic_or_paragraph in topics():
        rows = paragraphs(topic=topic_or_paragraph)
    else:
        raise ValueError(
            f"{topic_or_paragraph!r} is neither a topic nor a paragraph id. Topics: "
            f"{', '.join(topics())}; paragraph ids: {table['paragraph_id'].iloc[0]} to "
            f"{table['paragraph_id'].iloc[-1]}."
        )
    return Quote(
        list(rows["paragraph_id"]),
        list(rows["section"]),
        list(rows["text_nl"]),
        list(rows["summary_en"]),
    )


def sentences(paragraph_id: str, containing: str | None = None) -> list[str]:
    """The sentences of one paragraph, optionally only those containing a word or phrase.

    A sentence ends at a full stop followed by a capital letter, which is how the letter is
    written (it has no abbreviations with full stops inside a sentence).

    Examples
    --------
    >>> sentences("p03", containing="Quick Reaction Alert")[0].startswith("Zoals eerder")
    True
    """
    _require_text(paragraph_id, "paragraph_id")
    if containing is not None:
        _require_text(containing, "containing")
    if paragraph_id not in set(load("letter")["paragraph_id"]):
        raise ValueError(
            f"{paragraph_id!r} is not a paragraph id; ids run from p01 to "
            f"p{len(load('letter')):02d} (use quote() for a topic)"
        )
    text = quote(paragraph_id).text_nl
    parts = re.split(r"(?<=\.)\s+(?=[A-Z])", text)
    return [s for s in parts if containing is None or containing in s]


def define(*terms: str) -> str:
    """Glossary entries as plain text: term, Dutch and English forms, explanation.

    Each term must match a glossary ``term`` exactly (``ValueError`` otherwise, with the close
    matches), so a notebook never prints the wrong entry.

    Examples
    --------
    >>> print(define("QRA").splitlines()[0])
    QRA (Quick Reaction Alert) | NL: Quick Reaction Alert (taken) | EN: Quick Reaction Alert
    """
    if not terms:
        raise ValueError("name at least one glossary term, e.g. define('QRA')")
    table = load("glossary").set_index("term")
    blocks = []
    for term in terms:
        _require_text(term, "each term")
        if term not in table.index:
            close = difflib.get_close_matches(term, list(table.index), n=3)
            raise ValueError(
                f"{term!r} is not a glossary term; close matches: {', '.join(close) or 'none'}"
            )
        row = table.loc[term]
        name = f"{term} ({row['expansion']})" if row["expansion"] else term
        explanation = textwrap.fill(
            row["explanation_en"], 100, initial_indent="    ", subsequent_indent="    "
        )
        blocks.append(f"{name} | NL: {row['nl']} | EN: {row['en']}\n{explanation}")
    return "\n".join(blocks)


def glossary(search: str | None = None) -> pd.DataFrame:
    """The glossary, optionally only the rows whose term, Dutch or English form contain ``search``.

    Examples
    --------
    >>> glossary("SACEUR")["expansion"].iloc[0]
    'Supreme Allied Commander Europe'
    """
    if search is not None:
        _require_text(search, "search")
    table = load("glossary")
    if search and search.strip():
        needle = search.strip().lower()
        hit = (
            table["term"].str.lower().str.contains(needle, regex=False)
            | table["nl"].str.lower().str.contains(needle, regex=False)
            | table["en"].str.lower().str.contains(needle, regex=False)
            | table["expansion"].str.lower().str.contains(needle, regex=False)
        )
        table = table[hit]
    return table.reset_index(drop=True)
