"""The letter of June 2022 as the primary source: paragraphs, quotes and the NL/EN glossary.

Examples
--------
>>> from natokit import letter
>>> q = letter.quote("air_policing")
>>> "F-35" in q.text_nl
True
>>> letter.quote("p01").paragraph_ids
['p01']
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd

from .data import load

CITATION = (
    "Kamerbrief 'Geannoteerde agenda bijeenkomst NAVO-ministers van Defensie 16 juni 2022', "
    "Minister of Defence K.H. Ollongren, June 2022 (shared/sources/"
    "kamerbrief-navo-defensieministers-16-juni-2022.txt)"
)


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
        if topic not in topics():
            raise ValueError(f"Unknown topic {topic!r}; topics: {', '.join(topics())}")
        table = table[table["topics"].str.split(";").apply(lambda tags: topic in tags)]
    if section is not None:
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
    table = load("glossary").set_index("term")
    blocks = []
    for term in terms:
        if term not in table.index:
            import difflib

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
    table = load("glossary")
    if search:
        needle = search.strip().lower()
        hit = (
            table["term"].str.lower().str.contains(needle, regex=False)
            | table["nl"].str.lower().str.contains(needle, regex=False)
            | table["en"].str.lower().str.contains(needle, regex=False)
            | table["expansion"].str.lower().str.contains(needle, regex=False)
        )
        table = table[hit]
    return table.reset_index(drop=True)
