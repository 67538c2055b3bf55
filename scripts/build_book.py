"""Build the kit's static HTML book with Sphinx + myst-nb (``make book``).

The book's source tree is laid out in ``build/book/source`` as a mirror of the repository, so
relative links between notebooks and guide pages keep working:

* ``notebooks/*.ipynb``: every notebook (found by glob), with its stored outputs (not executed);
  the code of a cell that only draws a figure or shows an explorer or a question is folded
  behind a "Show the code" toggle (myst-nb's ``hide-input`` tag, added to the book's copy only),
  by the rule that hides it on the live slides (scripts/figure_cells.py, notebooks/rise.css);
  the code students read or edit (exercise answers, printed results) stays open;
* ``glossary.md``: the glossary, generated from ``data/glossary.csv`` (through ``natokit.load``);
* ``docs/instructor/``, ``docs/handout/`` and the pages directly in ``docs/`` (e.g. the JupyterHub
  deployment notes): the instructor guide, the letter handout and the notes for running a class,
  copied as they are (Markdown), in their own section of the table of contents;
* ``index.md`` from ``book/`` (the table of contents); ``book/conf.py`` is the configuration.

The Binder launch buttons are built from ``[tool.natokit] repository`` and ``branch`` in
pyproject.toml. Nothing is downloaded: Sphinx, myst-nb and the theme ship their files.

Usage::

    python scripts/build_book.py [--out build/book]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figure_cells import shows_figure_or_widget  # noqa: E402  (scripts/figure_cells.py)

__all__ = [
    "FOLD_TAG",
    "REPO",
    "build",
    "fold_figure_code",
    "glossary_markdown",
    "lay_out",
    "settings",
]

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"
# Folders copied into the book as they are, each in its own part of the table of contents.
GUIDE_FOLDERS = ["docs/instructor", "docs/handout"]
# myst-nb's cell tag for code folded behind a toggle (a <details>; the output stays shown).
FOLD_TAG = "hide-input"

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def settings() -> dict[str, str]:
    """Return ``[tool.natokit]`` from pyproject.toml (the repository address and branch)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["natokit"]


def _escape(text: str) -> str:
    return " ".join(str(text).split())


def glossary_markdown() -> str:
    """Return the glossary page (MyST) built from the ``glossary`` dataset, sorted by term."""
    import natokit

    table = natokit.load("glossary").sort_values("term", key=lambda s: s.str.lower())
    lines = [
        "# Glossary",
        "",
        "The terms of the letter and of the course, in Dutch and English, from "
        "`data/glossary.csv` (each entry names its source). In a notebook, "
        "`letter.define(term)` and the glossary explorer search the same list.",
        "",
        ":::{glossary}",
    ]
    for row in table.itertuples():
        lines.append(_escape(row.term))
        expansion = _escape(row.expansion) if isinstance(row.expansion, str) else ""
        head = f"**{expansion}.** " if expansion and expansion != row.term else ""
        lines.append(f"  {head}{_escape(row.explanation_en)}")
        lines.append(f"  *Dutch:* {_escape(row.nl)}. *English:* {_escape(row.en)}.")
        lines.append(f"  *Source:* {_escape(row.source)}.")
        lines.append("")
    lines.append(":::")
    return "\n".join(lines) + "\n"


def fold_figure_code(nb) -> int:
    """Tag the cells of ``nb`` that only show a figure or a widget ``hide-input``; return how many.

    The rule is the live slides' (scripts/figure_cells.py). Only the book's copy is tagged: the
    notebooks in notebooks/ are stored as they ran.

    Examples
    --------
    >>> figure = nbformat.v4.new_code_cell("eastern_flank.suwalki_map()")
    >>> figure.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<img alt='m'>"})]
    >>> answer = nbformat.v4.new_code_cell("answer = None\\nprint(q1.check(answer))")
    >>> nb = nbformat.v4.new_notebook(cells=[figure, answer])
    >>> fold_figure_code(nb), figure.metadata["tags"], "tags" in answer.metadata
    (1, ['hide-input'], False)
    """
    folded = 0
    for cell in nb.cells:
        if shows_figure_or_widget(cell):
            tags = cell.metadata.setdefault("tags", [])
            if FOLD_TAG not in tags:
                tags.append(FOLD_TAG)
            folded += 1
    return folded


def lay_out(source: Path) -> Path:
    """Write the book's source tree into ``source`` (emptied first) and return it."""
    if source.exists():
        shutil.rmtree(source)
    (source / "notebooks").mkdir(parents=True)
    shutil.copy2(BOOK / "index.md", source / "index.md")
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        fold_figure_code(nb)
        nbformat.write(nb, source / "notebooks" / notebook.name)
    (source / "glossary.md").write_text(glossary_markdown(), encoding="utf-8")
    # Pages directly in docs/ (e.g. deployment.md: running the kit on a JupyterHub).
    for page in sorted((REPO / "docs").glob("*.md")):
        (source / "docs").mkdir(exist_ok=True)
        shutil.copy2(page, source / "docs" / page.name)
    for folder in GUIDE_FOLDERS:
        src = REPO / folder
        if src.is_dir() and any(src.rglob("*.md")):
            shutil.copytree(
                src, source / folder, ignore=shutil.ignore_patterns("__pycache__", ".*")
            )
        else:  # not written yet: say so in the book rather than leave a hole
            (source / folder).mkdir(parents=True, exist_ok=True)
            title = folder.split("/")[-1].capitalize()
            (source / folder / "README.md").write_text(
                f"# {title}\n\nThis part of the kit (`{folder}/`) is not in this checkout yet.\n",
                encoding="utf-8",
            )
    return source


def build(out: Path) -> Path:
    """Lay out the sources under ``out/source`` and build the HTML into ``out/html``.

    Returns
    -------
    pathlib.Path
        The book's start page, ``out/html/index.html``.

    Raises
    ------
    SystemExit
        If Sphinx is missing or the build fails.
    """
    try:
        import myst_nb  # noqa: F401
        import sphinx  # noqa: F401
    except ImportError:
        raise SystemExit(
            'the book needs Sphinx and myst-nb: `.venv/bin/python -m pip install -e ".[book]"` '
            "(make install does; Python 3.11 or newer)"
        ) from None
    source = lay_out(out / "source")
    html = out / "html"
    conf = settings()
    env = dict(
        os.environ,
        NATOKIT_REPOSITORY=conf["repository"],
        NATOKIT_BRANCH=conf.get("branch", "main"),
    )
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-E",
        "-c",
        str(BOOK),
        "-d",
        str(out / "doctrees"),
        str(source),
        str(html),
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr)
    if result.returncode != 0:
        raise SystemExit(f"sphinx-build failed ({result.returncode}):\n{result.stdout[-3000:]}")
    return html / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "book")
    args = parser.parse_args(argv)
    started = time.monotonic()
    index = build(args.out.resolve())
    print(f"book built in {time.monotonic() - started:.0f} s: open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
