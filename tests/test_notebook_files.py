"""The notebooks as files: fully executed, nbval kept honest, readable without a kernel.

Every ``notebooks/*.ipynb`` is found by glob, so a new notebook is covered without editing this
file. Three promises are checked on the stored notebooks (nothing is executed here):

1. **Executed.** Every non-empty code cell was run, in order, in one fresh kernel: execution
   counts are exactly 1, 2, ..., n. nbval does not compare a cell whose count is empty, so an
   unexecuted cell would pass unchecked.

2. **nbval honesty.** ``# NBVAL_IGNORE_OUTPUT`` (or the ``nbval-ignore-output`` tag) switches off
   the comparison of a cell's outputs; it is allowed only where the output is a widget, whose
   model id and text repr change from run to run. The rule, for every such cell:

   * code: only ``name = call(...)`` lines (comments aside), then a last line that displays the
     widget: a bare name assigned in the cell, or a call (``Explorer()``, ``display(w)``);
     no magics, prints, loops or other statements;
   * outputs: exactly one, a ``display_data`` or ``execute_result`` whose data holds the widget
     mime type, plus at most that display's ``text/plain`` repr and ``text/html`` snapshot; no
     stream, no error, no other output.

3. **Static rendering.** Rendered to HTML by nbconvert with no saved widget state (as on GitHub,
   in a static book or an exported page), no output shows a widget's raw text repr
   (``VBox(children=...``, ``IntSlider(...``, ``interactive(...``) or a widget placeholder
   ("Error displaying widget", "Loading widget..."); every widget display carries a
   ``text/html`` snapshot; every ``<img>`` has alt text.
"""

from __future__ import annotations

import ast
import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_BUNDLE = {WIDGET_MIME, "text/plain", "text/html"}
IGNORE_MARKERS = ("NBVAL_IGNORE_OUTPUT", "PYTEST_VALIDATE_IGNORE_OUTPUT")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code_cells(nb) -> list[tuple[int, nbformat.NotebookNode]]:
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def _ignores_output(cell) -> bool:
    """nbval's own test: a comment line equal to the marker, or the metadata tag."""
    for line in cell.source.splitlines():
        if line.strip().startswith("#") and line.strip().lstrip("#").strip() in IGNORE_MARKERS:
            return True
    return "nbval-ignore-output" in cell.get("metadata", {}).get("tags", [])


def _widget_cell_code_problem(source: str) -> str | None:
    """Return why ``source`` is not a widget construction/display cell, or None if it is."""
    try:
        body = ast.parse(source).body
    except SyntaxError as exc:  # magics (%, !) are not Python
        return f"not plain Python ({exc.msg})"
    if not body:
        return "no code"
    assigned = set()
    for stmt in body[:-1]:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Call)
        ):
            return f"line {stmt.lineno} is not `name = call(...)`"
        assigned.add(stmt.targets[0].id)
    last = body[-1]
    if not isinstance(last, ast.Expr):
        return "the last line does not display anything (not a bare expression)"
    value = last.value
    if isinstance(value, ast.Name):
        return None if value.id in assigned else f"`{value.id}` is not made in this cell"
    if isinstance(value, ast.Call):
        if isinstance(value.func, ast.Name) and value.func.id == "print":
            return "the last line prints text instead of displaying a widget"
        return None
    return "the last line is neither a name nor a call"


def _widget_cell_output_problem(outputs) -> str | None:
    """Return why ``outputs`` are not exactly one widget display, or None if they are."""
    if len(outputs) != 1:
        kinds = [o.output_type + (f" ({o.get('name')})" if "name" in o else "") for o in outputs]
        return f"{len(outputs)} outputs, not one widget display: {kinds}"
    (out,) = outputs
    if out.output_type not in ("display_data", "execute_result"):
        return f"its output is {out.output_type}, not a widget display"
    keys = set(out.get("data", {}))
    if WIDGET_MIME not in keys:
        return f"its output is not a widget (mime types {sorted(keys)})"
    if keys - WIDGET_BUNDLE:
        return f"its output holds more than the widget bundle: {sorted(keys - WIDGET_BUNDLE)}"
    return None


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/*.ipynb found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_ran_in_order_in_one_kernel(path):
    nb = _read(path)
    counts = [(i, c.execution_count) for i, c in _code_cells(nb) if c.source.strip()]
    unrun = [i for i, n in counts if n is None]
    assert not unrun, f"{path.name}: code cells never executed (cell index): {unrun}"
    assert [n for _, n in counts] == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts are not 1..{len(counts)} in order (re-run the notebook "
        f"with Restart Kernel and Run All Cells): {[n for _, n in counts]}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nbval_ignore_output_only_on_widget_cells(path):
    problems = []
    for i, cell in _code_cells(_read(path)):
        if not _ignores_output(cell):
            continue
        for why in (
            _widget_cell_code_problem(cell.source),
            _widget_cell_output_problem(cell.outputs),
        ):
            if why:
                first = cell.source.strip().splitlines()[-1][:60]
                problems.append(f"cell {i} (`{first}`): {why}")
    assert not problems, f"{path.name}: NBVAL_IGNORE_OUTPUT hides more than a widget:\n" + (
        "\n".join(problems)
    )


# The rule itself, on cells written for the purpose (so a broken rule cannot pass silently).
@pytest.mark.parametrize(
    "source, ok",
    [
        ("# NBVAL_IGNORE_OUTPUT\nexplorer = ReachExplorer(speed_kmh=900)\nexplorer", True),
        ("# NBVAL_IGNORE_OUTPUT\nMembershipExplorer(year=1949)", True),
        ("w = IntSlider()\ndisplay(w)", True),
        ("explorer = ReachExplorer()\nprint(explorer.set(minutes=5))\nexplorer", False),
        ("explorer = ReachExplorer()\nexplorer.radius_km", False),
        ("explorer = ReachExplorer()\nother", False),
        ("import natokit\nnatokit.explore.ReachExplorer()", False),
        ("print('hello')", False),
        ("for y in range(3):\n    Explorer(y)", False),
        ("%time Explorer()", False),
    ],
)
def test_widget_cell_code_rule(source, ok):
    assert (_widget_cell_code_problem(source) is None) == ok


def _output(output_type: str, **data) -> nbformat.NotebookNode:
    if output_type == "stream":
        return nbformat.v4.new_output("stream", name="stdout", text="hi\n")
    if output_type == "error":
        return nbformat.v4.new_output("error", ename="E", evalue="e", traceback=[])
    node = nbformat.v4.new_output(output_type, data=data)
    if output_type == "execute_result":
        node.execution_count = 1
    return node


def test_widget_cell_output_rule():
    widget = {WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()", "text/html": "<img alt='a'>"}
    assert _widget_cell_output_problem([_output("display_data", **widget)]) is None
    assert _widget_cell_output_problem([_output("execute_result", **widget)]) is None
    for bad in (
        [],
        [_output("display_data", **{"text/plain": "12"})],
        [_output("display_data", **widget), _output("stream")],
        [_output("stream")],
        [_output("error")],
        [_output("display_data", **dict(widget, **{"image/png": "iVBOR"}))],
        [_output("display_data", **widget), _output("display_data", **widget)],
    ):
        assert _widget_cell_output_problem(bad) is not None, bad


# ---- static rendering ------------------------------------------------------------------------


def _widget_class_names() -> list[str]:
    """Every widget class ipywidgets defines (its text repr starts with the class name)."""
    import ipywidgets

    names, todo = set(), [ipywidgets.Widget]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("ipywidgets") and not cls.__name__.startswith("_"):
            names.add(cls.__name__)
    return sorted(names | {"interactive"}, key=len, reverse=True)


RAW_WIDGET_RE = re.compile(
    r"\b(?:" + "|".join(map(re.escape, _widget_class_names())) + r")\("
    r"|Error displaying widget|Loading widget|A Jupyter widget could not be displayed"
)
# What nbconvert writes when an image has no description; not a description either.
PLACEHOLDER_ALT = "No description has been provided for this image"


class _Images(HTMLParser):
    """Collects the ``<img>`` tags and the visible text of an HTML page."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    @property
    def alts(self) -> list[str]:
        alts = [(img.get("alt") or "").strip() for img in self.images]
        return [a for a in alts if a and a != PLACEHOLDER_ALT]


def _parse(html: str) -> _Images:
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser


# A snapshot without an image must say at least this much (a question, a caption).
MIN_FACE_TEXT = 20


def _face_problem(snapshot: str, page: _Images) -> str | None:
    """Why a widget's ``text/html`` snapshot is not a face shown on the rendered page, or None.

    A face shows something (an image with alt text, or some text: a question, a caption), and
    that image's alt text and the start of that text are found on the page nbconvert made.
    """
    face = _parse(snapshot)
    if not face.alts and len(face.text) < MIN_FACE_TEXT:
        return "its text/html snapshot shows nothing (no image with alt text, hardly any text)"
    missing = [alt[:60] for alt in face.alts if alt not in page.alts]
    if missing:
        return f"its snapshot's image is not on the rendered page (alt {missing[0]!r})"
    if face.text and face.text[:80] not in page.text:
        return f"its snapshot's text is not on the rendered page ({face.text[:60]!r})"
    return None


def _images_without_alt(html: str) -> list[str]:
    """The ``src`` (shortened) of every ``<img>`` whose alt text is missing, empty or nbconvert's
    placeholder."""
    missing = []
    for img in _parse(html).images:
        alt = (img.get("alt") or "").strip()
        if not alt or alt == PLACEHOLDER_ALT:
            missing.append((img.get("src") or "")[:40])
    return missing


def _raw_widget_texts(html: str) -> list[str]:
    """Each place where a widget's text repr or placeholder shows (one per output)."""
    found, last_end = [], -1000
    for match in RAW_WIDGET_RE.finditer(html):
        if match.start() > last_end + 300:  # one report per repr, not per nested class
            found.append(_context(html, match.start(), match.end()))
        last_end = match.end()
    return found


def _render_html(nb) -> str:
    """Render as a static site would: no saved widget state, outputs and text only."""
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True)
    html, _ = exporter.from_notebook_node(nb)
    return html


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    snippet = re.sub(r"\s+", " ", text[max(0, start - width) : end + width])
    return re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "data:...", snippet)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_static_html_shows_snapshots_not_raw_widgets(path):
    nb = _read(path)
    html = _render_html(nb)
    page = _parse(html)
    problems = []
    for i, cell in _code_cells(nb):
        for out in cell.outputs:
            data = out.get("data", {})
            if WIDGET_MIME not in data:
                continue
            first = cell.source.strip().splitlines()[-1][:60]
            if "text/html" not in data:
                problems.append(f"cell {i} (`{first}`): a widget display without text/html")
                continue
            snapshot = data["text/html"]
            why = _face_problem("".join(snapshot) if isinstance(snapshot, list) else snapshot, page)
            if why:
                problems.append(f"cell {i} (`{first}`): {why}")
    problems += [f"raw widget text: ...{text}..." for text in _raw_widget_texts(html)]
    problems += [f"<img> without alt text (src {src}...)" for src in _images_without_alt(html)]
    assert not problems, f"{path.name} rendered without a kernel:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_saved_widget_state(path):
    """Saved widget state makes nbconvert and static sites show a widget placeholder instead of
    the snapshot: execute with ``scripts/run_notebooks.py`` (it stores no widget state)."""
    assert "widgets" not in _read(path).metadata, (
        f"{path.name} stores widget state (metadata.widgets): re-execute it with "
        "`python scripts/run_notebooks.py`"
    )


def test_face_rule():
    page = _parse(
        '<p>Which description of NATO Air Policing is right?</p><img src="a.png" alt="A map">'
        "<p>Bases on 16 June 2022.</p>"
    )
    assert _face_problem('<img src="b.png" alt="A map"><p>Bases on 16 June 2022.</p>', page) is None
    assert _face_problem("<b>Which description of NATO Air Policing is right?</b>", page) is None
    assert _face_problem("<div></div>", page) is not None  # shows nothing
    assert _face_problem('<img src="b.png">', page) is not None  # an image without alt
    assert _face_problem('<img src="b.png" alt="Another map">', page) is not None  # not on page
    assert _face_problem("<p>How far is Sofia from Graf Ignatievo?</p>", page) is not None


def test_static_check_catches_a_raw_widget_and_a_bare_image():
    """The checks above on a notebook made to fail them: a VBox repr and an image without alt."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("explorer", execution_count=1)
    cell.outputs = [
        _output(
            "display_data",
            **{
                WIDGET_MIME: {"model_id": "x"},
                "text/plain": "VBox(children=(IntSlider(value=3),))",
            },
        ),
        _output("display_data", **{"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    nb.cells.append(cell)
    html = _render_html(nb)
    assert len(_raw_widget_texts(html)) == 1
    assert _images_without_alt(html) == ["data:image/png;base64,iVBORw0KGgo="]
    # and passes them once the widget has a snapshot and the image a description
    cell.outputs[0].data["text/html"] = '<img src="data:image/png;base64,AA==" alt="A map">'
    # nbconvert's lab template gives an image/png output no alt text: figures need text/html.
    cell.outputs[1] = _output("display_data", **{"text/html": '<img src="x.png" alt="A chart">'})
    html = _render_html(nb)
    assert _raw_widget_texts(html) == [] and _images_without_alt(html) == []
