"""The letter dataset is faithful to the primary source, and quotes render it."""

import re
from pathlib import Path

import pytest

from natokit import letter
from natokit.data import load

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "sources"
    / "kamerbrief-navo-defensieministers-16-juni-2022.txt"
)
HEADINGS = [
    "Afschrikking en verdediging",
    "Lastenverdeling",
    "Werksessie met NAVO-partners",
    "Contactgroep voor de verdediging van Oekraïne (UDCG)",
]


def _words(text):
    text = re.sub(r"-\s*\n\s*", "-", text)  # words hyphenated across a line end
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(
    not SOURCE.exists(), reason="the shared/ folder with the letter is not beside the repo"
)
def test_letter_paragraphs_reproduce_the_source_text():
    body = _words(SOURCE.read_text(encoding="utf-8"))
    body = body.split("DE MINISTER VAN DEFENSIE")[0]
    for heading in HEADINGS:
        body = body.replace(heading, " ")
    joined = " ".join(load("letter")["text_nl"])
    assert _words(body).replace(" ", "") == _words(joined).replace(" ", "")


def test_every_paragraph_has_a_summary_and_known_topics():
    table = load("letter")
    assert (table["summary_en"].str.len() > 40).all()
    assert set(letter.topics()) <= {
        "meeting",
        "madrid",
        "deterrence",
        "air_policing",
        "posture",
        "ddr",
        "nato_eu",
        "burden_sharing",
        "partners",
        "accession",
        "udcg",
    }


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


def test_paragraphs_filter_by_section():
    assert letter.paragraphs(section="Lastenverdeling")["paragraph_id"].tolist() == ["p06", "p07"]
    with pytest.raises(ValueError, match="Unknown section"):
        letter.paragraphs(section="Nope")


def test_glossary_covers_the_letters_acronyms():
    terms = set(load("glossary")["term"])
    for acronym in ["SACEUR", "NRF", "QRA", "DDA", "NWCC", "UDCG", "eFP"]:
        assert acronym in terms
    assert len(letter.glossary("oostflank")) >= 1


def test_sentences_split_a_paragraph_without_losing_text():
    text = load("letter").set_index("paragraph_id").loc["p03", "text_nl"]
    parts = letter.sentences("p03")
    assert len(parts) > 3
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
