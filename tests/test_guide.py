"""The instructor guide and the letter handout stay true to the notebooks, the exercises and the data.

Notebooks and exercise modules are found by glob and by return annotation, so a notebook added
later needs its page in ``docs/instructor/`` (and its exercises appear in the answer key) without
editing this file. Expected values are read from the notebooks and the question objects
independently of ``scripts/build_guide.py``, which writes the generated files.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import pkgutil
import re
import typing
from pathlib import Path

import pandas as pd
import pytest

import natokit.exercises as exercises_package
from natokit import letter, quiz
from natokit.data import DATASETS, load
from natokit.quiz import AnalyticTask, Classify, MultipleChoice, Numeric, Question, ShortText

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "instructor"
HANDOUT = REPO / "docs" / "handout"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PHASES = ("hook", "reading", "explorer", "exercise", "discussion")


def _build_guide():
    spec = importlib.util.spec_from_file_location(
        "build_guide", REPO / "scripts" / "build_guide.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _flat(text: str) -> str:
    """Whitespace collapsed and Markdown emphasis dropped, for comparing texts."""
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", text)).strip()


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _section(path: Path, heading: str) -> list[dict]:
    """The cells of the second-level section whose heading matches ``heading``."""
    cells, inside = [], False
    for cell in _cells(path):
        source = "".join(cell["source"])
        headings = re.findall(r"^## (.+)$", source, flags=re.MULTILINE)
        if cell["cell_type"] == "markdown" and headings:
            if inside:
                break
            inside = bool(re.match(heading, headings[0]))
        if inside:
            cells.append(cell)
    return cells


def _learn_bullets(path: Path) -> list[str]:
    text = "\n".join("".join(c["source"]) for c in _section(path, r"What you will learn"))
    return re.findall(r"^- (.+)$", text, flags=re.MULTILINE)


def _discussion_questions(path: Path) -> list[str]:
    """The numbered questions of the discussion section: written in Markdown or printed."""
    questions = []
    for cell in _section(path, r".*[Dd]iscussion"):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
        else:
            text = "".join(
                "".join(o.get("text", ""))
                for o in cell.get("outputs", [])
                if o.get("name") == "stdout"
            )
        questions += re.findall(r"^\s*\d+\.\s+(.+)$", text, flags=re.MULTILINE)
    return questions


def _page(path: Path) -> str:
    page = GUIDE / f"{path.stem}.md"
    assert page.is_file(), f"{path.name} has no instructor page {page.relative_to(REPO)}"
    return page.read_text(encoding="utf-8")


def _page_section(text: str, heading: str) -> str:
    match = re.search(rf"^## {heading}.*?$(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def _table_rows(text: str) -> list[list[str]]:
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.strip().startswith("|")
    ]
    return [r for r in rows[2:]]  # without the header and the |---| line


# -- the per-notebook pages -------------------------------------------------------------------


def test_there_are_notebooks_and_pages():
    assert len(NOTEBOOKS) >= 3
    assert (GUIDE / "README.md").is_file() and (GUIDE / "course_map.md").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_a_90_minute_plan_that_adds_up(path):
    rows = _table_rows(_page_section(_page(path), "90-minute plan"))
    minutes = [int(r[1]) for r in rows]
    assert sum(minutes) == 90, f"{path.stem}: the plan's minutes add up to {sum(minutes)}"
    # each start time is the sum of the minutes before it
    elapsed = 0
    for row, length in zip(rows, minutes, strict=True):
        hours, mins = map(int, row[0].split(":"))
        assert hours * 60 + mins == elapsed, f"{path.stem}: row {row} should start at {elapsed}"
        elapsed += length
    phases = {r[2].lower() for r in rows}
    assert set(PHASES) <= phases, f"{path.stem}: phases {sorted(phases)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_objectives_match_what_you_will_learn(path):
    bullets = _learn_bullets(path)
    assert 4 <= len(bullets) <= 6, path.stem
    rows = _table_rows(_page_section(_page(path), "Objectives and activities"))
    assert len(rows) == len(bullets), f"{path.stem}: {len(rows)} objectives, {len(bullets)} bullets"
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(bullets) + 1)]
    assert all(r[1] and r[2] for r in rows), "every objective names an activity"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_discussion_question_has_a_model_answer(path):
    questions = _discussion_questions(path)
    assert 3 <= len(questions) <= 5, f"{path.stem}: discussion questions {questions}"
    section = _flat(_page_section(_page(path), "Discussion questions and model answers"))
    blocks = re.split(r"### Question \d+", section)[1:]
    assert len(blocks) == len(questions), (
        f"{path.stem}: {len(blocks)} answered, {len(questions)} asked"
    )
    for question, block in zip(questions, blocks, strict=True):
        assert _flat(question) in block, f"{path.stem}: not in the guide: {question}"
        answer = block.split("Model answer.", 1)
        assert len(answer) == 2, f"{path.stem}: no model answer for {question}"
        assert len(answer[1].split()) >= 40, f"{path.stem}: a thin model answer for {question}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_page_has_misconceptions_and_presentation_advice(path):
    text = _page(path)
    assert len(_table_rows(_page_section(text, "Misconceptions"))) >= 2 or re.search(
        r"^- \*\*", _page_section(text, "Misconceptions"), flags=re.MULTILINE
    )
    assert "presentation_mode(True)" in text
    assert f"../../notebooks/{path.name}" in text, "the page links to its notebook"


def test_the_course_map_and_the_guide_index_list_every_notebook():
    course_map = (GUIDE / "course_map.md").read_text(encoding="utf-8")
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"({path.stem}.md)" in course_map, f"course map misses {path.stem}"
        assert f"../../notebooks/{path.name}" in course_map, f"course map misses {path.name}"
        assert f"({path.stem}.md)" in index, f"guide index misses {path.stem}"
    for plan in ("6-8 week", "one-day", "skip"):
        assert plan in course_map.lower().replace("six", "6"), plan


# -- links and sources ------------------------------------------------------------------------

GUIDE_FILES = sorted(GUIDE.glob("*.md")) + sorted(HANDOUT.glob("*.md"))


@pytest.mark.parametrize("page", GUIDE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_relative_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    for link in links:
        if link.startswith(("http://", "https://", "mailto:")):
            continue
        target, _, anchor = link.partition("#")
        if not target:
            continue
        resolved = (page.parent / target).resolve()
        assert resolved.exists(), f"{page.name}: broken link {link}"
        assert REPO in resolved.parents, f"{page.name}: {link} points outside the repository"
        if anchor and target.endswith(".md"):
            headings = re.findall(r"^#+ (.+)$", resolved.read_text(encoding="utf-8"), re.M)
            slugs = {re.sub(r"[^\w\- ]", "", h.lower()).strip().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{page.name}: no heading for #{anchor} in {target}"


def _key_values(name: str) -> set[str]:
    table = load(name)
    keys = DATASETS[name].key

    def text(value) -> str:
        return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)

    values = set()
    for row in table[list(keys)].itertuples(index=False):
        parts = [text(v) for v in row]
        for n in range(1, len(parts) + 1):
            values.add("/".join(parts[:n]))
    return values


def test_every_source_cited_in_the_guide_is_a_row_of_the_data():
    cited = []
    for page in GUIDE_FILES:
        text = page.read_text(encoding="utf-8")
        cited += [(page.name, *m) for m in re.findall(r"`([a-z_0-9]+)\.csv:([^`]+)`", text)]
        for pid in re.findall(r"\(p(\d\d)\)", text):
            assert 1 <= int(pid) <= len(load("letter")), f"{page.name}: no paragraph p{pid}"
    assert len(cited) >= 20, "the guide backs its facts with data rows"
    by_file = {spec.filename: name for name, spec in DATASETS.items()}
    for page, file, key in cited:
        assert f"{file}.csv" in by_file, f"{page}: {file}.csv is not a dataset"
        assert key in _key_values(by_file[f"{file}.csv"]), f"{page}: no row {key} in {file}.csv"


def test_pages_never_point_outside_the_repository():
    for page in GUIDE_FILES:
        text = page.read_text(encoding="utf-8")
        assert "/work/" not in text and "shared/" not in text, page.name


# -- the generated files ----------------------------------------------------------------------


def test_generated_files_are_current():
    build = _build_guide()
    for path, text in build.outputs().items():
        assert path.is_file(), f"{path.relative_to(REPO)} is missing: run {build.COMMAND}"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(REPO)} is stale: run {build.COMMAND}"
        )


def _returns_question(func, module) -> bool:
    annotation = inspect.signature(func).return_annotation
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, {**vars(quiz), **vars(module)})  # noqa: S307
        except Exception:
            return False
    candidates = typing.get_args(annotation) or (annotation,)
    return any(inspect.isclass(c) and issubclass(c, Question) for c in candidates)


def _exercises():
    for info in pkgutil.iter_modules(exercises_package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{exercises_package.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and func.__module__ == module.__name__:
                if _returns_question(func, module):
                    yield f"{info.name}.{name}", func


EXERCISES = sorted(_exercises())


def test_there_are_exercises_to_find():
    assert len(EXERCISES) >= 20


@pytest.mark.parametrize(("name", "func"), EXERCISES, ids=[n for n, _ in EXERCISES])
def test_every_exercise_is_in_the_answer_key_with_its_answer(name, func):
    key = (GUIDE / "answer_key.md").read_text(encoding="utf-8")
    heading = f"### `{name}()`"
    assert heading in key, f"{name} is not in the answer key"
    block = _flat(key.split(heading, 1)[1].split("\n### ", 1)[0])
    q = func()
    assert _flat(q.question) in block
    if isinstance(q, Numeric):
        assert f"Answer: {q.answer:g}" in block
        if q.tolerance:
            assert f"± {q.tolerance:g}" in block
    elif isinstance(q, MultipleChoice):
        assert f"{_flat(q.answer)} (right)" in block
        for option, why in q.why_wrong.items():
            assert _flat(why) in block, option
    elif isinstance(q, ShortText):
        assert all(a in block for a in q.accepted)
    elif isinstance(q, Classify):
        for item, category in q.answer.items():
            assert f"| {item} | " in block and category in block
    elif isinstance(q, AnalyticTask):
        for point in q.rubric:
            assert _flat(point) in block
        for paragraph in q.model_answer.split("\n\n"):
            assert _flat(paragraph) in block


def test_build_guide_check_says_stale_and_fails(tmp_path, monkeypatch, capsys):
    build = _build_guide()
    stale = tmp_path / "answer_key.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "ANSWER_KEY", stale)
    monkeypatch.setattr(build, "HANDOUT_MD", tmp_path / "letter.md")
    monkeypatch.setattr(build, "HANDOUT_HTML", tmp_path / "letter.html")
    assert build.main(["--check"]) == 1
    assert stale.read_text(encoding="utf-8") == "old\n", "--check writes nothing"
    assert "stale" in capsys.readouterr().out
    assert build.main([]) == 0 and build.main(["--check"]) == 0


# -- the handout ------------------------------------------------------------------------------


def test_the_handout_gives_every_paragraph_in_dutch_and_english():
    text = (HANDOUT / "letter.md").read_text(encoding="utf-8")
    table = load("letter")
    position = 0
    for row in table.itertuples():
        found = text.find(f"### {row.paragraph_id}\n", position)
        assert found >= 0, f"{row.paragraph_id} missing or out of order"
        block = text[found : text.find("\n### ", found + 1)]
        assert _flat(row.text_nl) in _flat(block)
        assert _flat(row.translation_en) in _flat(block)
        position = found
    assert "working translation" in text and "not an official translation" in text


def test_the_handout_cites_the_paper_and_keeps_the_number_unconfirmed():
    markdown = (HANDOUT / "letter.md").read_text(encoding="utf-8")
    page = (HANDOUT / "letter.html").read_text(encoding="utf-8")
    for text in (markdown, page):
        assert "28 676" in text and letter.LETTER.title in text
    assert letter.CITATION in markdown
    if not letter.LETTER.confirmed:
        # the number line says so, never a guessed number
        assert re.search(r"^- \*\*Kamerstuk number:\*\* NOT CONFIRMED", markdown, re.M)
        assert re.search(r"<dt>Kamerstuk number</dt><dd><span[^>]*>not confirmed", page)


def test_the_html_handout_is_self_contained_and_prints():
    page = (HANDOUT / "letter.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page
    assert page.count('<td lang="nl">') == len(load("letter"))
