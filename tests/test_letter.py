"""The letter ships inside the repo, the dataset reproduces it exactly, and quotes render it.

Nothing here reads a file outside the repository, and nothing skips: the letter's full text is
``data/letter_nl.txt``.
"""

import re
from pathlib import Path

import pytest

from natokit import letter
from natokit.data import LETTER_TOPICS, data_dir, load

REPO = Path(__file__).resolve().parents[1]

# Typed from the letter: its four section headings and its signature.
HEADINGS = [
    "Afschrikking en verdediging",
    "Lastenverdeling",
    "Werksessie met NAVO-partners",
    "Contactgroep voor de verdediging van Oekraïne (UDCG)",
]
SIGNATURE = "DE MINISTER VAN DEFENSIE drs. K.H. Ollongren"

DUTCH_MONTHS = {
    "January": "januari",
    "February": "februari",
    "March": "maart",
    "April": "april",
    "May": "mei",
    "June": "juni",
    "July": "juli",
    "August": "augustus",
    "September": "september",
    "October": "oktober",
    "November": "november",
    "December": "december",
}


def _words(text: str) -> str:
    """Whitespace-normalised text; a word broken after a hyphen at a line end is joined."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def test_the_full_text_is_read_from_the_repo_and_nothing_points_outside_it():
    assert (REPO / "data" / "letter_nl.txt").is_file()
    assert data_dir().resolve() == (REPO / "data").resolve()
    text = letter.full_text()
    assert text == (REPO / "data" / "letter_nl.txt").read_text(encoding="utf-8").strip()
    for forbidden in ("shared/", "../", "shared\\"):
        assert forbidden not in letter.CITATION
    assert "data/letter_nl.txt" in letter.CITATION


def test_the_citation_is_the_parliamentary_paper_and_marks_what_is_unconfirmed():
    ref = letter.LETTER
    assert ref.title == "Geannoteerde agenda bijeenkomst NAVO-ministers van Defensie"
    assert "Tweede Kamer" in letter.CITATION and "Ollongren" in letter.CITATION
    assert ref.url.startswith("https://zoek.officielebekendmakingen.nl")
    assert ref.dossier == "28 676"
    if ref.confirmed:
        assert ref.number and f"nr. {ref.number}" in letter.CITATION
    else:
        # never a guessed number: the citation says it is not confirmed
        assert ref.number is None and "not confirmed" in letter.CITATION
        assert "386" not in letter.CITATION  # the number the letter cites for something else


def test_the_full_text_runs_from_the_opening_to_the_signature():
    body = _words(letter.full_text())
    assert body.startswith("In deze brief stuur ik uw Kamer de geannoteerde agenda")
    assert body.endswith(SIGNATURE)
    for heading in HEADINGS:
        assert body.count(heading) == 1, heading


def test_every_paragraph_is_in_the_letter_in_order_and_nothing_of_the_letter_is_left_out():
    body = _words(letter.full_text())
    table = load("letter")
    assert list(table["paragraph_id"]) == [f"p{i:02d}" for i in range(1, 12)]
    position, previous_section = 0, "Inleiding"
    for row in table.itertuples():
        text = _words(row.text_nl)
        found = body.find(text, position)
        assert found >= 0, f"{row.paragraph_id} is not in the letter (after position {position})"
        gap = body[position:found].strip()
        # between two paragraphs there is nothing, or the heading of a new section
        expected = row.section if row.section != previous_section else ""
        assert gap == expected, f"before {row.paragraph_id}: {gap[:80]!r}"
        position, previous_section = found + len(text), row.section
    assert body[position:].strip() == SIGNATURE


def test_sections_are_the_letters_headings():
    assert letter.sections() == ["Inleiding", *HEADINGS]
    assert letter.paragraphs(section="Lastenverdeling")["paragraph_id"].tolist() == ["p06", "p07"]


def test_every_number_and_month_in_a_summary_is_in_the_dutch_text():
    # The English summaries are the kit's own words; a number or month they give must come
    # from the paragraph they summarise.
    for row in load("letter").itertuples():
        for number in re.findall(r"\d+", row.summary_en):
            assert number in row.text_nl, (row.paragraph_id, number)
        for month, maand in DUTCH_MONTHS.items():
            if month in row.summary_en:
                assert maand in row.text_nl, (row.paragraph_id, month)


def test_every_paragraph_has_a_summary_and_known_topics():
    table = load("letter")
    assert (table["summary_en"].str.len() > 40).all()
    assert set(letter.topics()) <= set(LETTER_TOPICS)


def test_p03_summary_keeps_the_letters_own_qualifiers():
    summary = load("letter").set_index("paragraph_id").loc["p03", "summary_en"]
    # "zoals voorzien" = as foreseen; "betreft dat" introduces the whole list, not examples
    assert "as foreseen on 31 May 2022" in summary
    assert "such as" not in summary


def test_quote_by_topic_and_by_paragraph():
    q = letter.quote("air_policing")
    assert "vier F-35 jachtvliegtuigen" in q.text_nl
    assert "31 mei 2022" in q.text_nl
    html = q._repr_html_()
    assert "<blockquote" in html and "Summary:" in html and 'lang="nl"' in html
    assert letter.quote("p11").paragraph_ids == ["p11"]
    assert str(letter.quote("p01")).startswith("[p01, Inleiding]\nNL: In deze brief")


def test_quote_refuses_unknown_topics_with_the_list():
    with pytest.raises(ValueError, match="udcg"):
        letter.quote("weather")


def test_glossary_covers_the_letters_acronyms():
    terms = set(load("glossary")["term"])
    for acronym in ["SACEUR", "NRF", "QRA", "DDA", "NWCC", "UDCG", "eFP"]:
        assert acronym in terms
    assert len(letter.glossary("oostflank")) >= 1
    assert len(letter.glossary("   ")) == len(load("glossary"))


def test_sentences_split_a_paragraph_without_losing_text():
    text = load("letter").set_index("paragraph_id").loc["p03", "text_nl"]
    parts = letter.sentences("p03")
    assert len(parts) == 6  # counted by hand in the letter
    assert " ".join(parts) == text
    chosen = letter.sentences("p03", containing="F-35")
    assert len(chosen) == 1 and "vier F-35" in chosen[0]


def test_define_prints_entries_and_refuses_unknown_terms():
    text = letter.define("posture", "QRA")
    assert text.startswith("posture")
    assert "QRA (Quick Reaction Alert)" in text
    with pytest.raises(
        ValueError, match="'Posture' is not a glossary term; close matches: posture"
    ):
        letter.define("Posture")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: letter.quote(3), "topic_or_paragraph must be a text"),
        (lambda: letter.quote(None), "topic_or_paragraph must be a text"),
        (lambda: letter.quote(["p01"]), "topic_or_paragraph must be a text"),
        (lambda: letter.paragraphs(topic=3), "topic must be a text"),
        (lambda: letter.paragraphs(section=b"Lastenverdeling"), "section must be a text"),
        (lambda: letter.paragraphs(topic="nukes"), "Unknown topic 'nukes'"),
        (lambda: letter.sentences(3), "paragraph_id must be a text"),
        (lambda: letter.sentences("p03", containing=35), "containing must be a text"),
        (lambda: letter.sentences("p99"), "'p99' is not a paragraph id"),
        (lambda: letter.sentences("air_policing"), "is not a paragraph id"),
        (lambda: letter.define(), "name at least one glossary term"),
        (lambda: letter.define("QRA", 3), "each term must be a text"),
        (lambda: letter.glossary(3), "search must be a text"),
    ],
)
def test_helpers_refuse_wrong_input_with_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


HELPERS = {
    "quote": letter.quote,
    "sentences": letter.sentences,
    "define": letter.define,
    "glossary": letter.glossary,
    "paragraphs(topic=)": lambda value: letter.paragraphs(topic=value),
    "paragraphs(section=)": lambda value: letter.paragraphs(section=value),
}


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_helpers_answer_any_input_with_a_result_or_a_value_error(name):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    helper = HELPERS[name]
    not_text = st.one_of(
        st.integers(),
        st.floats(),
        st.booleans(),
        st.lists(st.text(max_size=4), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.binary(max_size=4),
    )

    @settings(max_examples=50, deadline=None)
    @given(value=st.one_of(not_text, st.text(max_size=30), st.sampled_from(["p03", "QRA", "udcg"])))
    def call(value):
        try:
            helper(value)
        except ValueError as error:
            assert str(error)
        else:
            assert isinstance(value, str) or (name == "glossary" and value is None)

    call()


def _sentence_count(text: str) -> int:
    return len(re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip()))


def test_every_paragraph_has_the_kits_english_working_translation():
    table = load("letter")
    assert "translation_en" in table.columns
    for row in table.itertuples():
        english = row.translation_en
        assert isinstance(english, str) and len(english) > 0.6 * len(row.text_nl), row.paragraph_id
        # a translation, not a summary: sentence for sentence, and every number of the Dutch
        assert _sentence_count(english) == _sentence_count(row.text_nl), row.paragraph_id
        assert re.findall(r"\d+", english) == re.findall(r"\d+", row.text_nl), row.paragraph_id
        for month, maand in DUTCH_MONTHS.items():
            assert (month in english) == (maand in row.text_nl), (row.paragraph_id, month)
    # terms the letter keeps in English stay as the letter writes them
    by_id = table.set_index("paragraph_id")["translation_en"]
    assert "Quick Reaction Alert" in by_id["p03"] and "backfill" in by_id["p11"]
    assert "Article 51" in by_id["p10"] and "as foreseen on 31 May 2022" in by_id["p03"]
