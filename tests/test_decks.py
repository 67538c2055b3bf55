"""The offline slide decks (``make slides``, scripts/build_decks.py).

The decks are built once per session: every notebook from its stored outputs, and the first
notebook a second time re-executed at projector size (``style.presentation_mode(True)``), as
``make slides`` does for all of them. Then, for every deck: nothing is loaded from the web, every
local file it loads is there, every image has alt text, no code and no raw widget text is shown,
each notebook slide is a slide; and one deck is opened in Chromium (screenshot in
tests/screenshots/).
"""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import sys
from pathlib import Path

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

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
SCRIPT = REPO / "scripts" / "build_decks.py"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _build(out: Path, *args: str) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


@pytest.fixture(scope="session")
def decks(tmp_path_factory) -> dict[str, Path]:
    """``stored``: a deck per notebook from its stored outputs; ``projector``: the first notebook
    re-executed in presentation mode (what ``make slides`` does for every notebook)."""
    pytest.importorskip("sphinx_revealjs", reason='the deck tools: pip install -e ".[book]"')
    root = tmp_path_factory.mktemp("decks")
    _build(root / "stored", "--stored")
    _build(root / "projector", str(NOTEBOOKS[0]))
    return {"stored": root / "stored", "projector": root / "projector"}


def _png_width(src: str) -> int:
    data = base64.b64decode(src.split(",", 1)[1][:64] + "==")
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_an_offline_deck(decks, notebook):
    deck = decks["stored"] / f"{notebook.stem}.html"
    assert deck.is_file(), f"no deck for {notebook.name}"
    page = parse(deck.read_text(encoding="utf-8"))
    web = external_loads(page, local_stylesheets(page, deck))
    assert not web, f"{deck.name} would load from the web:\n" + "\n".join(web)
    missing = local_loads_missing(page, deck)
    assert not missing, f"{deck.name} loads files that are not beside it:\n" + "\n".join(missing)
    assert "reveal.js/dist/reveal.js" in {url for _, url in page.loads}
    assert not images_without_alt(page), f"{deck.name}: images without alt text"
    assert not RAW_WIDGET_RE.search(page.text), f"{deck.name} shows a widget's raw text"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_decks_hide_code_and_keep_every_slide(decks, notebook):
    html = (decks["stored"] / f"{notebook.stem}.html").read_text(encoding="utf-8")
    shown_code = re.findall(
        r'class="[^"]*\b(jp-InputArea-editor|jp-CodeMirrorEditor|jp-InputPrompt)\b', html
    )
    assert not shown_code, f"{notebook.name}: the deck shows code ({len(shown_code)} inputs)"
    nb = nbformat.read(notebook, as_version=4)
    slides = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "slide"]
    # Every slide opens an outer <section> (each holds its subslides as inner sections).
    assert html.count("<section") >= len(slides)
    # The first code cell (imports, slide type skip) never reaches a deck.
    first_code = next(c for c in nb.cells if c.cell_type == "code").source.splitlines()[0]
    assert first_code not in html
    # Links between notebooks lead to the other decks.
    assert not re.search(r'href="[0-9][0-9]_[a-z_]+\.ipynb', html)


def test_projector_deck_draws_figures_larger(decks):
    """Re-executed with presentation mode on, the same figures come out larger."""
    name = NOTEBOOKS[0].stem
    stored = parse((decks["stored"] / f"{name}.html").read_text(encoding="utf-8"))
    projector = parse((decks["projector"] / f"{name}.html").read_text(encoding="utf-8"))
    widths = [
        [_png_width(img["src"]) for img in page.images if img["src"].startswith("data:image/png")]
        for page in (stored, projector)
    ]
    assert widths[0] and len(widths[0]) == len(widths[1])
    assert all(big > small for small, big in zip(*widths, strict=True)), widths
    assert not images_without_alt(projector)


def test_offline_checker_catches_every_kind_of_load(tmp_path):
    html = """<html><head>
    <script src="https://cdn.example/require.js"></script>
    <link rel="stylesheet" href="//cdn.example/x.css">
    <link rel="canonical" href="https://example.org/page.html">
    <style>@import "https://fonts.example/css"; body {background: url(http://x.example/a.png)}</style>
    <script type="module">import mermaid from 'https://cdn.example/mermaid.mjs';</script>
    </head><body>
    <img src="https://x.example/b.png" alt="b"><img src="local.png">
    <iframe src="https://x.example/embed"></iframe>
    <a href="https://example.org/read-more">a link is not a load</a>
    </body></html>"""
    page = parse(html)
    found = external_loads(page)
    assert len(found) == 7, found
    assert not any("canonical" in f or "read-more" in f for f in found)
    assert images_without_alt(page) == ["local.png"]
    assert local_loads_missing(page, tmp_path / "page.html") == ["<img src>: local.png"]


@pytest.mark.browser
def test_a_deck_opens_offline_in_chromium(decks, browser_page):
    deck = decks["projector"] / f"{NOTEBOOKS[0].stem}.html"
    page = browser_page
    web: list[str] = []
    page.on("request", lambda r: web.append(r.url) if r.url.startswith("http") else None)
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert total >= 5
    title = page.locator(".reveal .slides section.present h1").first.inner_text()
    assert title.strip().lower().startswith(NOTEBOOKS[0].stem[:2])
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"deck-{NOTEBOOKS[0].stem}-title.png"))
    # Walk to the first slide with a figure and photograph it at projector size.
    for _ in range(total):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
        images = page.locator(".reveal .slides section.present img")
        if images.count() and page.evaluate(
            "() => Array.from(document.querySelectorAll('.reveal section.present img'))"
            ".some((i) => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 300)"
        ):
            break
    else:
        pytest.fail("no slide of the deck shows a figure")
    page.screenshot(path=str(SCREENSHOTS / f"deck-{NOTEBOOKS[0].stem}-figure.png"))
    assert not web, f"the deck asked the web for: {web}"
