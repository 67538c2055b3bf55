"""Export every notebook to an offline reveal.js deck (``make slides``).

Each ``notebooks/*.ipynb`` (found by glob, so new notebooks are included) becomes
``build/slides/<name>.html``:

* **code hidden**: only markdown and outputs are shown; the answer-check cells of the exercises
  (``answer = None ...``) are dropped, since their output only says that no answer was given;
* **projector size**: by default each notebook is executed again in a fresh kernel with
  ``style.presentation_mode(True)`` (the notebooks' first code cell has the switch), so every map
  and chart is drawn with the large fonts; ``--stored`` uses the stored outputs instead (faster);
* **widgets as their current picture**: no widget state is saved, so each explorer and question
  shows its ``text/html`` face (picture, caption, question text);
* **offline**: reveal.js 5 is copied next to the decks (from the ``sphinx-revealjs`` wheel, which
  ships it) and nbconvert's template is trimmed so that nothing is loaded from the web
  (``scripts/templates/natokit_slides``).

Usage::

    python scripts/build_decks.py [--out build/slides] [--stored] [notebook.ipynb ...]
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

__all__ = [
    "REPO",
    "answer_cell",
    "build",
    "copy_reveal",
    "export_deck",
    "notebooks",
    "prepare",
    "reveal_source",
]

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL_DIR = "reveal.js"
NOTEBOOK_LINK = re.compile(r'href="([0-9][0-9]_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')
PRESENTATION_OFF = "style.presentation_mode(False)"
PRESENTATION_ON = "style.presentation_mode(True)"
# The few reveal.js files a deck uses (the white theme imports its font from fonts/).
REVEAL_FILES = [
    "LICENSE",
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro",
    "plugin/notes/notes.js",
]


def notebooks(folder: Path = REPO / "notebooks") -> list[Path]:
    """Return every notebook of the kit, in course order.

    Examples
    --------
    >>> [p.name for p in notebooks()][:1]
    ['00_start_here.ipynb']
    """
    return sorted(folder.glob("*.ipynb"))


def reveal_source() -> Path:
    """Return the folder of the reveal.js copy shipped by the ``sphinx-revealjs`` package.

    Raises
    ------
    SystemExit
        If the package is not installed (``pip install -e ".[book]"``).
    """
    try:
        import sphinx_revealjs
    except ImportError:
        raise SystemExit(
            "reveal.js comes from the sphinx-revealjs package: install the book tools with "
            '`.venv/bin/python -m pip install -e ".[book]"` (make install does)'
        ) from None
    return Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"


def copy_reveal(out: Path) -> Path:
    """Copy the reveal.js files a deck needs into ``out/reveal.js``; return that folder."""
    source, target = reveal_source(), out / REVEAL_DIR
    for name in REVEAL_FILES:
        src, dst = source / name, target / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    return target


def answer_cell(cell) -> bool:
    """True for an exercise's answer-check cell (its output only says no answer was given).

    Examples
    --------
    >>> answer_cell(nbformat.v4.new_code_cell("answer = None  # replace None\\nprint(q.check(answer))"))
    True
    >>> answer_cell(nbformat.v4.new_code_cell("q1 = start_here.founders()\\nq1"))
    False
    """
    return cell.cell_type == "code" and cell.source.lstrip().startswith("answer = None")


def prepare(nb, path: Path, execute: bool = True, timeout: int = 300):
    """Return a copy of ``nb`` ready for a deck: re-run at projector size, answer cells dropped.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The stored notebook (not changed).
    path : pathlib.Path
        Its file (the kernel runs in its folder).
    execute : bool, default True
        Run it again with presentation mode on; False keeps the stored outputs.
    timeout : int
        Seconds allowed per cell.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    if execute:
        code = [c for c in nb.cells if c.cell_type == "code"]
        if not code or PRESENTATION_OFF not in code[0].source:
            raise SystemExit(
                f"{path.name}: its first code cell has no `{PRESENTATION_OFF}` line to switch on"
            )
        code[0].source = code[0].source.replace(PRESENTATION_OFF, PRESENTATION_ON)
        from nbclient import NotebookClient

        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            store_widget_state=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    nb.cells = [c for c in nb.cells if not answer_cell(c)]
    give_figures_room(nb)
    return nb


# Text (characters of markdown or printed output) a figure may share its slide with; after more, it gets its own.
ROOM_FOR_TEXT = 300


def _shows_picture(cell) -> bool:
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        html = data.get("text/html", "")
        html = "".join(html) if isinstance(html, list) else html
        if "image/png" in data or "<img" in html:
            return True
    return False


def give_figures_room(nb) -> int:
    """Put a figure on a slide of its own (a vertical subslide) when text already fills its slide.

    A figure drawn at projector size needs most of a slide; after a paragraph or more of text it
    would fall below the slide's bottom edge. Returns the number of figures moved.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> text = nbformat.v4.new_markdown_cell("## A\\n\\n" + "words " * 100)
    >>> text.metadata["slideshow"] = {"slide_type": "slide"}
    >>> figure = nbformat.v4.new_code_cell("chart")
    >>> figure.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<img alt='x'>"})]
    >>> nb.cells = [text, figure]
    >>> give_figures_room(nb), figure.metadata["slideshow"]["slide_type"]
    (1, 'subslide')
    """
    moved, text = 0, 0
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            text = 0
        if kind == "skip":
            continue
        if cell.cell_type == "markdown":
            text += len(cell.source)
        elif _shows_picture(cell):
            if kind in ("-", "fragment") and text > ROOM_FOR_TEXT:
                cell.metadata.setdefault("slideshow", {})["slide_type"] = "subslide"
                moved += 1
            text = 0
        else:  # printed text and tables take room too
            text += sum(len(str(out.get("text", ""))) for out in cell.get("outputs", []))
            text += sum(
                len(str(out.get("data", {}).get("text/html", ""))) // 4
                for out in cell.get("outputs", [])
            )
    return moved


def export_deck(nb, name: str, out: Path) -> Path:
    """Write ``nb`` as the reveal.js deck ``out/<name>.html`` and return its path."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="natokit_slides",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        reveal_url_prefix=REVEAL_DIR,
        reveal_theme="white",
        reveal_transition="none",
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    # A link to another notebook leads to that notebook's deck.
    body = NOTEBOOK_LINK.sub(r'href="\1.html\2"', body)
    target = out / f"{name}.html"
    target.write_text(body, encoding="utf-8")
    return target


def _index(decks: list[Path], out: Path) -> Path:
    items = "\n".join(
        f'<li><a href="{d.name}">{html.escape(d.stem)}</a></li>' for d in sorted(decks)
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>natokit slide decks</title></head>\n<body>\n<h1>natokit slide decks</h1>\n"
        f"<p>Open a deck; arrows move between slides, <kbd>S</kbd> opens the speaker view.</p>\n"
        f"<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def build(paths: list[Path], out: Path, execute: bool = True) -> list[Path]:
    """Build one deck per notebook in ``paths`` under ``out``; return the decks' paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_reveal(out)
    decks = []
    for path in paths:
        started = time.monotonic()
        nb = prepare(nbformat.read(path, as_version=4), path, execute=execute)
        decks.append(export_deck(nb, path.stem, out))
        print(f"{decks[-1].relative_to(out.parent)}  ({time.monotonic() - started:.1f} s)")
    _index(decks, out)
    return decks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "slides")
    parser.add_argument(
        "--stored", action="store_true", help="use the stored outputs (no re-run, laptop sizes)"
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    decks = build(paths, args.out.resolve(), execute=not args.stored)
    print(f"{len(decks)} deck(s) in {args.out}; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
