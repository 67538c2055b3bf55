"""Every notebook follows the kit's anatomy (CONTRIBUTING.md, section 1), found by glob.

These checks hold for every ``notebooks/NN_*.ipynb``, so a notebook added later is held to the
same pattern without editing this file: the parts in order, slide metadata on every cell, the
presentation-mode line, short code cells that never read a file by path, relative links that
resolve, a sane heading order, at least one explorer, and exercises that mix self-checks with
an analytic task.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from natokit.quiz import AnalyticTask, Classify, MultipleChoice, Numeric, ShortText

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "-"}
PRESENTATION_LINES = [
    "# Instructors: set True for large fonts on a projector, then re-run the notebook.",
    "style.presentation_mode(False)",
]
READS_A_FILE = re.compile(
    r"\bopen\(|read_csv|read_json|read_file|pathlib|\bPath\("
    r"|['\"][^'\"]*\.(?:csv|json|geojson|txt)['\"]"
)
# The anatomy's parts as second-level headings, in order (the wording may vary a little).
ANATOMY = [
    r"What you will learn",
    r"Time needed",
    r"Prerequisites",
    r"In the letter's own words",
    r"Exercises",
    r".*[Dd]iscussion",
    r"Then and now",
    r"Summary",
    r"What's next",
    r"References",
]
EXERCISE_CALL = re.compile(r"\b([a-z_]+)\.([a-z_0-9]+)\(\)")


def _load(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _headings(nb) -> list[tuple[int, str]]:
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        in_fence = False
        for line in cell.source.splitlines():
            if line.startswith("```"):
                in_fence = not in_fence
            match = None if in_fence else re.match(r"^(#{1,6}) (.+)$", line)
            if match:
                found.append((len(match.group(1)), match.group(2).strip()))
    return found


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slide_metadata(path):
    for i, cell in enumerate(_load(path).cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"{path.name}, cell {i}: slide type {kind!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_imports_cell_is_skipped_and_ends_with_the_presentation_mode_line(path):
    first = _code(_load(path))[0]
    assert first.metadata["slideshow"]["slide_type"] == "skip"
    assert first.source.strip().splitlines()[-2:] == PRESENTATION_LINES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_are_short_and_never_read_files_by_path(path):
    for cell in _code(_load(path)):
        lines = cell.source.strip().splitlines()
        assert len(lines) <= 12, f"{path.name}: a cell of {len(lines)} lines:\n{cell.source}"
        assert not READS_A_FILE.search(cell.source), f"{path.name} reads a file:\n{cell.source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_anatomy_is_in_order(path):
    nb = _load(path)
    titles = [text for level, text in _headings(nb) if level == 1]
    assert len(titles) == 1 and re.match(rf"{path.stem[:2]} · ", titles[0]), titles
    second = [text for level, text in _headings(nb) if level == 2]
    positions = []
    for part in ANATOMY:
        hits = [i for i, text in enumerate(second) if re.match(part, text)]
        assert hits, f"{path.name} has no '## {part}' section; sections: {second}"
        positions.append(hits[0])
    assert positions == sorted(positions), f"{path.name}: parts out of order: {second}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_headings_never_skip_a_level(path):
    levels = [level for level, _ in _headings(_load(path))]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{path.name}: heading level {before} then {after}"


# Colours come from natokit.style (one colour-blind-safe palette, tests/test_style.py): a notebook
# never picks its own.
OWN_COLOURS = re.compile(
    r"""\b(?:colou?rs?|cmap|palette|facecolor|edgecolor)\s*=|['"]#[0-9a-fA-F]{3,8}['"]"""
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_the_kits_palette_only(path):
    for cell in _code(_load(path)):
        match = OWN_COLOURS.search(cell.source)
        assert not match, (
            f"{path.name} sets a colour itself ({match.group(0)!r}); use natokit.style:\n"
            f"{cell.source}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_relative_links_to_notebooks_resolve(path):
    text = "\n".join(c.source for c in _load(path).cells if c.cell_type == "markdown")
    targets = re.findall(r"\]\(([^)#\s]+\.ipynb)\)", text)
    assert targets, f"{path.name} links to no other notebook"
    for target in targets:
        assert not target.startswith(("http", "/")), f"{path.name}: absolute link {target}"
        assert (path.parent / target).exists(), f"{path.name}: broken link {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_at_least_one_explorer_is_shown(path):
    sources = [c.source for c in _code(_load(path))]
    assert any(re.search(r"\b[A-Z][A-Za-z]*Explorer\(", s) for s in sources), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_mix_self_checks_with_an_analytic_task(path):
    nb = _load(path)
    imported = re.findall(r"from natokit\.exercises import ([a-z_, ]+)", _code(nb)[0].source)
    modules = {
        name.strip(): importlib.import_module(f"natokit.exercises.{name.strip()}")
        for group in imported
        for name in group.split(",")
    }
    assert modules, f"{path.name} imports no exercises module"
    questions = []
    for cell in _code(nb):
        for module, function in EXERCISE_CALL.findall(cell.source):
            if module in modules:
                made = getattr(modules[module], function)()
                questions.append(made)
    kinds = {type(q) for q in questions}
    assert kinds & {AnalyticTask, Classify}, f"{path.name}: no analytic task"
    assert kinds & {Numeric, MultipleChoice, ShortText}, f"{path.name}: no self-check"
    tasks = [q for q in questions if isinstance(q, AnalyticTask)]
    for task in tasks:
        assert task.model_answer.strip() and len(task.rubric) >= 3
