"""The static book (``make book``, scripts/build_book.py with book/conf.py).

Built once per session into a temporary folder. Static checks on every page: nothing loaded
from the web, every local file it loads is there, every image has alt text, no raw widget text;
the book holds every notebook with its stored outputs, the glossary (every term of
data/glossary.csv), the instructor guide and the handout in a section of their own, the
notebooks' collapsible solutions, and Binder launch buttons built from ``[tool.natokit]`` in
pyproject.toml. The code of figure and widget cells (scripts/figure_cells.py, the live slides'
rule) is folded behind a toggle with its picture shown; exercise code stays open. Then Chromium opens the book, follows every link of its table of contents and
fails on a broken link, a missing image or a raw widget repr (screenshots in tests/screenshots/).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offline_html import (  # noqa: E402
    external_loads,
    images_without_alt,
    local_loads_missing,
    local_stylesheets,
    parse,
)
from test_notebook_files import RAW_WIDGET_RE  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from figure_cells import shows_figure_or_widget  # noqa: E402  (scripts/figure_cells.py)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
GUIDE_PAGES = sorted(
    [p for folder in ("docs/instructor", "docs/handout") for p in (REPO / folder).rglob("*.md")]
    + list((REPO / "docs").glob("*.md"))
)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Path:
    """The built book's HTML folder."""
    pytest.importorskip("myst_nb", reason='the book tools: pip install -e ".[book]"')
    out = tmp_path_factory.mktemp("book")
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_book.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out / "html"


def _pages(book: Path) -> list[Path]:
    skip = {"genindex.html", "search.html"}
    return sorted(
        p for p in book.rglob("*.html") if p.name not in skip and "_static" not in p.parts
    )


def _settings() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["natokit"]


def test_every_page_works_offline_with_alt_text_and_no_raw_widgets(book):
    problems = []
    pages = _pages(book)
    assert len(pages) >= len(NOTEBOOKS) + 2  # the notebooks, the start page, the glossary
    for html_file in pages:
        page = parse(html_file.read_text(encoding="utf-8"))
        name = html_file.relative_to(book)
        problems += [f"{name}: loads from the web: {x}" for x in external_loads(page)]
        problems += [
            f"{name}: stylesheet loads from the web: {x}"
            for x in external_loads(parse(""), local_stylesheets(page, html_file))
        ]
        problems += [f"{name}: missing file: {x}" for x in local_loads_missing(page, html_file)]
        problems += [f"{name}: image without alt: {x}" for x in images_without_alt(page)]
        problems += [f"{name}: raw widget text" for _ in RAW_WIDGET_RE.finditer(page.text)][:1]
    assert not problems, "\n".join(problems)


def test_every_page_has_one_title_and_no_skipped_heading_level(book):
    """Screen readers navigate by headings: one h1 per page, then no level skipped."""
    problems = []
    for html_file in _pages(book):
        if "_downloads" in html_file.parts:  # files offered for download, not book pages
            continue
        html = html_file.read_text(encoding="utf-8")
        article = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
        if not article:
            problems.append(f"{html_file.relative_to(book)}: no <article>")
            continue
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", article.group(1))]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(
                f"{html_file.relative_to(book)}: {levels.count(1)} h1 (levels {levels})"
            )
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        if skips:
            problems.append(f"{html_file.relative_to(book)}: heading level jumps {skips}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_is_a_page_with_its_outputs_solutions_and_launch_button(book, notebook):
    html_file = book / "notebooks" / f"{notebook.stem}.html"
    assert html_file.is_file(), f"{notebook.name} is not in the book"
    html = html_file.read_text(encoding="utf-8")
    page = parse(html)
    nb = nbformat.read(notebook, as_version=4)
    title = next(c for c in nb.cells if c.cell_type == "markdown").source.splitlines()[0]
    assert title.lstrip("# ").split(":")[0] in page.text
    # Every stored figure (an <img> with alt text in an output) is on the page, with its alt.
    stored_alts = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            snippet = out.get("data", {}).get("text/html", "")
            snippet = "".join(snippet) if isinstance(snippet, list) else snippet
            stored_alts |= {img.get("alt") for img in parse(snippet).images}
    page_alts = {img.get("alt") for img in page.images}
    assert stored_alts <= page_alts, f"figures missing: {sorted(stored_alts - page_alts)[:3]}"
    # Collapsible solutions stay collapsible (a <details> per one in the notebook).
    stored_details = sum(c.source.count("<details>") for c in nb.cells if c.cell_type == "markdown")
    assert html.count("<details") >= stored_details
    # The launch button opens this notebook on Binder, from the repository setting.
    conf = _settings()
    binder = (
        f"https://mybinder.org/v2/gh/{conf['repository']}/{conf['branch']}"
        f"?urlpath=lab/tree/notebooks/{notebook.name}"
    )
    assert binder in html, f"no Binder button to {binder}"
    # The code of each figure or widget cell, and only it, is folded behind a toggle.
    figure_cells = sum(shows_figure_or_widget(c) for c in nb.cells)
    assert len(FOLDED_CODE.findall(html)) == figure_cells


# myst-nb's fold of a cell's code (tag hide-input): a <details> holding only the cell's input.
FOLDED_CODE = re.compile(r'<details class="[^"]*\bhide above-input\b[^"]*">')
CELL_START = re.compile(r'<div class="cell(?: [^"]*)? docutils container">')


def _book_cells(html: str) -> list[str]:
    """The HTML of each code cell of a notebook page, in order."""
    return CELL_START.split(html)[1:]


def _code_text(cell_html: str) -> str:
    """The text of a cell's input part (the highlighter's spans are joined with spaces: dropped)."""
    return "".join(parse(cell_html.split('<div class="cell_output', 1)[0]).text.split())


def test_figure_code_is_folded_above_its_picture_and_exercise_code_stays_open(book):
    notebook = REPO / "notebooks" / "01_eastern_flank.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    cells = _book_cells((book / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8"))
    assert len(cells) == len(code)
    figures = [(c, h) for c, h in zip(code, cells, strict=True) if shows_figure_or_widget(c)]
    answers = [(c, h) for c, h in zip(code, cells, strict=True) if c.source.startswith("answer")]
    assert any("suwalki_map()" in c.source for c, _ in figures) and len(answers) >= 5
    for cell, html in figures:
        folded, _, after = html.partition("</details>")
        assert FOLDED_CODE.search(folded), f"code not folded: {cell.source[:40]!r}"
        assert "".join(cell.source.splitlines()[-1].split()) in _code_text(folded)  # code inside
        assert "Show the code" in folded
        assert '<div class="cell_output' in after and not FOLDED_CODE.search(after)
        if "suwalki_map()" in cell.source:  # the map itself is shown, not folded
            assert parse(after).images and parse(after).images[0].get("alt")
    for _, html in answers:  # students edit these: open, not in a toggle
        assert "<details" not in html.split('<div class="cell_output', 1)[0]
        assert "answer=None" in _code_text(html)


def test_glossary_page_has_every_term(book):
    page = parse((book / "glossary.html").read_text(encoding="utf-8"))
    with open(REPO / "data" / "glossary.csv", encoding="utf-8", newline="") as f:
        terms = [row["term"] for row in csv.DictReader(f)]
    assert len(terms) > 10
    missing = [t for t in terms if " ".join(t.split()) not in page.text]
    assert not missing, f"glossary terms missing from the book: {missing}"


def test_instructor_guide_and_handout_are_their_own_section(book):
    index = (book / "index.html").read_text(encoding="utf-8")
    assert "For instructors" in index
    section = index.split("For instructors", 1)[1]
    for md in GUIDE_PAGES:
        target = md.relative_to(REPO).with_suffix(".html").as_posix()
        assert (book / target).is_file(), f"{md.relative_to(REPO)} is not in the book"
        assert target in section, f"{target} is not under 'For instructors' in the contents"


def _toc_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "nav.bd-docs-nav a.reference.internal, .bd-toc a.reference.internal",
        "(links) => links.map((a) => a.href)",
    )


# A page's problems as Chromium sees it: images not loaded or without alt, raw widget text.
JS_PAGE_PROBLEMS = """(rawWidget) => {
  const problems = [];
  for (const img of document.querySelectorAll('article img')) {
    if (!img.complete || img.naturalWidth === 0) problems.push('image not loaded: ' + img.src.slice(0, 80));
    if (!(img.getAttribute('alt') || '').trim()) problems.push('image without alt: ' + img.src.slice(0, 80));
  }
  const text = document.querySelector('article')?.innerText || '';
  const match = text.match(new RegExp(rawWidget));
  if (match) problems.push('raw widget text: ' + match[0]);
  if (!text.trim()) problems.push('empty page');
  return problems;
}"""


@pytest.mark.browser
def test_chromium_follows_every_table_of_contents_link(book, browser_page):
    page = browser_page
    web: list[str] = []
    page.on("request", lambda r: web.append(r.url) if r.url.startswith("http") else None)
    page.goto((book / "index.html").as_uri())
    links = sorted({urlsplit(u)._replace(fragment="").geturl() for u in _toc_links(page)})
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "book-index.png"))
    expected = len(NOTEBOOKS) + 1 + len(GUIDE_PAGES)  # notebooks, glossary, guide pages
    assert len(links) >= expected, links
    problems = []
    raw_widget = RAW_WIDGET_RE.pattern
    for link in links:
        target = Path(urlsplit(link).path)
        if not target.is_file():
            problems.append(f"broken link in the contents: {link}")
            continue
        page.goto(link)
        page.wait_for_load_state("load")
        found = page.evaluate(JS_PAGE_PROBLEMS, raw_widget)
        problems += [f"{target.relative_to(book)}: {p}" for p in found]
        # Links inside the page that lead to another page of the book must resolve too.
        for href in page.eval_on_selector_all(
            "article a.reference.internal", "(a) => a.map((x) => x.href)"
        ):
            path = Path(urlsplit(urljoin(link, href)).path)
            if href.startswith("file:") and not path.exists():
                problems.append(f"{target.relative_to(book)}: broken link {href}")
    # Notebook 01 in Chromium: a map's code is folded (hidden) above the visible map, an
    # exercise's code is visible, and the toggle opens the folded code.
    page.goto((book / "notebooks" / "01_eastern_flank.html").as_uri())
    folded = page.locator("div.cell.tag_hide-input", has_text="suwalki_map").first
    assert not folded.locator("div.cell_input").is_visible()
    assert folded.locator("div.cell_output img").is_visible()
    assert page.locator("div.cell_input", has_text="answer = None").first.is_visible()
    folded.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "book-01-folded-code.png"))
    folded.locator("summary").click()
    assert folded.locator("div.cell_input").is_visible()
    first = book / "notebooks" / f"{NOTEBOOKS[0].stem}.html"
    page.goto(first.as_uri())
    page.screenshot(path=str(SCREENSHOTS / f"book-{NOTEBOOKS[0].stem}.png"))
    page.goto((book / "glossary.html").as_uri())
    page.screenshot(path=str(SCREENSHOTS / "book-glossary.png"))
    assert not problems, "\n".join(problems)
    assert not web, f"the book asked the web for: {sorted(set(web))[:5]}"


def test_raw_widget_pattern_is_usable_in_javascript():
    # The browser check reuses the Python pattern; keep it free of Python-only syntax.
    assert not re.search(r"\(\?P<|\(\?#", RAW_WIDGET_RE.pattern)


def test_the_fold_rule_is_the_live_slides_rule_and_its_examples_hold():
    """scripts/figure_cells.py mirrors notebooks/rise.css; a changed selector must be mirrored."""
    import doctest

    import figure_cells

    css = (REPO / "notebooks" / "rise.css").read_text(encoding="utf-8")
    selector = ".jp-CodeCell:has(.jp-OutputArea-output img, .jp-OutputArea-output .jupyter-widgets)"
    assert selector in " ".join(css.split()), "rise.css changed: update scripts/figure_cells.py"
    examples = doctest.testmod(figure_cells)
    assert examples.attempted >= 5 and examples.failed == 0
