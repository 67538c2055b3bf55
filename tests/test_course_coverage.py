"""The course teaches the whole letter: every paragraph is quoted in some notebook.

A paragraph counts as quoted in a notebook when its whole Dutch text, as it stands in
``data/letter_nl.txt``, appears in one of the notebook's stored outputs (what a student sees,
e.g. the output of ``letter.quote("p06")``), not merely when the code names it. The README's table
"Where each paragraph is taught" must say exactly that: every paragraph has a row, and the
notebooks it names are the ones that quote it. The notebooks are found by globbing, so a new
notebook is counted without editing this file.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
README = ROOT / "README.md"
TABLE_HEADING = "### Where each paragraph of the letter is taught"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _letter_paragraphs() -> dict[str, str]:
    """Paragraph id -> Dutch text, read with the csv module rather than through natokit.

    ``tests/test_letter.py`` checks every row of ``data/letter.csv`` against the letter's full
    text in ``data/letter_nl.txt``, in order and with nothing left out, so these are the letter's
    paragraphs as published.
    """
    with (ROOT / "data" / "letter.csv").open(encoding="utf-8", newline="") as handle:
        return {row["paragraph_id"]: _normalise(row["text_nl"]) for row in csv.DictReader(handle)}


PARAGRAPHS = _letter_paragraphs()


def _outputs_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    chunks = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if "text" in output:
                chunks.append("".join(output["text"]))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    chunks.append(value if isinstance(value, str) else "".join(value))
    return _normalise(" ".join(chunks))


def _quoted_in() -> dict[str, list[str]]:
    shown = {nb.stem: _outputs_text(nb) for nb in NOTEBOOKS}
    return {
        pid: [stem for stem, text in shown.items() if nl in text] for pid, nl in PARAGRAPHS.items()
    }


def _readme_table() -> dict[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    assert TABLE_HEADING in text, f"README.md has no section {TABLE_HEADING!r}"
    section = text.split(TABLE_HEADING, 1)[1]
    rows = {}
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not re.fullmatch(r"p\d\d", cells[0]):
            continue
        rows[cells[0]] = sorted(set(re.findall(r"notebooks/(\d\d_[a-z_]+)\.ipynb", line)))
    return rows


def test_the_letter_splits_into_its_eleven_paragraphs():
    # Guards the reader above: if the split changed, the coverage test would be meaningless.
    assert list(PARAGRAPHS) == [f"p{i:02d}" for i in range(1, 12)]
    assert PARAGRAPHS["p01"].startswith("In deze brief stuur ik uw Kamer")
    assert all(len(text) > 200 for text in PARAGRAPHS.values())


@pytest.mark.parametrize("paragraph", list(PARAGRAPHS))
def test_every_paragraph_is_quoted_in_full_in_some_notebook(paragraph):
    where = _quoted_in()[paragraph]
    assert where, (
        f"paragraph {paragraph} of the letter is quoted in no notebook's outputs; quote it with "
        f'letter.quote("{paragraph}") in the notebook that teaches it'
    )


def test_the_readme_maps_each_paragraph_to_the_notebooks_that_quote_it():
    table = _readme_table()
    assert sorted(table) == list(PARAGRAPHS), "README's table must have one row per paragraph"
    quoted = _quoted_in()
    wrong = {pid: (table[pid], quoted[pid]) for pid in PARAGRAPHS if table[pid] != quoted[pid]}
    assert not wrong, f"README says (left) but the notebooks quote (right): {wrong}"
