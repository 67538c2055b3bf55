"""Run every notebook in a real JupyterLab, in headless Chromium, as a student would.

For each ``notebooks/*.ipynb`` (found at collection time) the suite opens the
notebook in JupyterLab, runs *Kernel > Restart Kernel and Run All Cells*, then
checks that

* no cell shows an error (traceback output, or a traceback on stderr);
* widgets render as widgets, not as their text repr ("IntSlider(...)",
  "Error displaying widget", "Loading widget..." ...);
* every image in the outputs is loaded and visible, and images outside widgets
  carry ``alt`` text;
* moving a control of each explorer (``.natokit-explorer``) changes its image.

A screenshot per notebook (and per explorer after the move) is saved to
``tests/screenshots/``. Environment variables:

``NATOKIT_CHROMIUM``
    Chromium executable (default ``/usr/bin/chromium``).
``NATOKIT_NOTEBOOKS_DIR``
    Folder of notebooks to run (default ``<repo>/notebooks``); the server root is
    its parent unless ``NATOKIT_NOTEBOOKS_ROOT`` says otherwise.

Run with ``.venv/bin/python -m pytest tests/test_browser.py`` (or ``-m browser``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (  # noqa: E402
    ERROR_RE,
    JupyterLabServer,
    NotebookPage,
    format_problems,
    move_explorer,
    notebooks_dir,
    server_root_dir,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
RUN_ALL_TIMEOUT = float(os.environ.get("NATOKIT_RUN_ALL_TIMEOUT", "120"))
NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))


@pytest.fixture(scope="session")
def lab_server(browser_ready):
    """Yield a running, isolated :class:`JupyterLabServer`; always stopped at the end."""
    server = JupyterLabServer(server_root_dir())
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        server.cleanup()
        pytest.fail(f"could not start JupyterLab: {exc}")
    try:
        yield server
    finally:
        server.stop()
        server.cleanup()


@pytest.mark.parametrize(
    "notebook",
    NOTEBOOKS
    or [
        pytest.param(
            None, marks=pytest.mark.skip(reason=f"no notebooks in {notebooks_dir()}"), id="none"
        )
    ],
    ids=lambda p: p.stem if isinstance(p, Path) else str(p),
)
def test_notebook_in_jupyterlab(notebook: Path, lab_server, browser) -> None:
    """Restart-and-run-all one notebook in JupyterLab and check what students see."""
    relpath = notebook.resolve().relative_to(server_root_dir()).as_posix()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    nb = NotebookPage(page, lab_server, relpath)
    started = time.monotonic()
    failures: list[str] = []
    try:
        nb.open()
        # More room for the notebook (and the screenshots): hide the file browser.
        nb.run_command("application:toggle-left-area", "Show Left Sidebar")
        state = nb.restart_and_run_all(timeout=RUN_ALL_TIMEOUT)
        ran = time.monotonic() - started

        problems = nb.output_problems()
        if problems:
            failures.append(
                f"{len(problems)} problem(s) in the outputs:\n" + format_problems(problems)
            )
        if state["numbered"] != state["nonEmpty"] and not state["errors"]:
            failures.append(f"not every code cell ran: {state}")
        nb.screenshot_notebook(SCREENSHOTS / f"{notebook.stem}.png")

        explorers = nb.explorers()
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            explorer.scroll_into_view_if_needed()
            result = move_explorer(explorer)
            label = f"explorer #{i + 1}"
            if not result["controls"]:
                failures.append(f"{label}: no control (slider, dropdown, buttons...) inside it")
            elif not result["changed"]:
                what = "image" if result["images"] else "text"
                failures.append(f"{label}: moving its controls did not change its {what}: {result}")
            try:
                nb.screenshot_element(
                    explorer, SCREENSHOTS / f"{notebook.stem}-explorer{i + 1}.png"
                )
            except Exception as exc:  # a screenshot is a bonus, not a check
                print(f"{label}: screenshot failed: {exc}")
            print(f"{label}: {result}")

        log = nb.log_console_text()
        if log:
            print(f"---- log console ----\n{log}")
            if ERROR_RE.search(log):
                failures.append(
                    "the log console shows an error (raised in a widget callback?):\n" + log[-3000:]
                )
        after = nb.output_problems(settle=2.0)
        new = [p for p in after if p not in problems]
        if new:
            failures.append("problems after moving the explorers:\n" + format_problems(new))
        print(
            f"{notebook.name}: run-all {ran:.1f} s, total {time.monotonic() - started:.1f} s, "
            f"{state['nonEmpty']} code cells, {explorers.count()} explorer(s)"
        )
    except Exception:
        _dump(nb, lab_server, notebook)
        raise
    finally:
        context.close()
        try:
            lab_server.shutdown_sessions(relpath)
        except OSError as exc:
            print(f"could not shut down the kernel of {relpath}: {exc}")
    if failures:
        _dump(nb, lab_server, notebook, shot=False)
        pytest.fail(f"{notebook.name}:\n" + "\n".join(failures), pytrace=False)


def _dump(nb: NotebookPage, server: JupyterLabServer, notebook: Path, shot: bool = True) -> None:
    """Print diagnostics (shown by pytest for failing tests only).

    Parameters
    ----------
    nb : NotebookPage
        The page that failed.
    server : JupyterLabServer
        The server, whose log tail is printed.
    notebook : pathlib.Path
        The notebook, for the screenshot name.
    shot : bool, optional
        Also try to save ``tests/screenshots/<stem>-failure.png``.
    """
    if shot:
        try:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            nb.page.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}-failure.png"))
        except Exception as exc:  # best effort while reporting a failure
            print(f"failure screenshot not saved: {exc}")
    print("---- browser console (errors and warnings) ----")
    print("\n".join(nb.console[-50:]) or "(none)")
    print("---- JupyterLab server log (tail) ----")
    print("\n".join(server.log_text().splitlines()[-80:]))


# ---- live slides: jupyterlab-rise renders a notebook as a reveal.js slideshow -------------------

# Per code cell in the slideshow: does it show a picture or widget, and is its code visible?
JS_RISE_CODE_CELLS = """() => Array.from(document.querySelectorAll('.reveal .jp-CodeCell')).map((cell) => {
  const input = cell.querySelector('.jp-Cell-inputWrapper');
  const style = input ? getComputedStyle(input) : null;
  return {
    picture: !!cell.querySelector('.jp-OutputArea-output img, .jp-OutputArea-output .jupyter-widgets'),
    codeShown: !!style && style.display !== 'none',
    code: (cell.querySelector('.jp-InputArea-editor')?.textContent || '').trim().slice(0, 60),
  };
})"""


def test_render_as_slides_in_jupyterlab(lab_server, browser) -> None:
    """*Render as Reveal Slideshow* (jupyterlab-rise) shows the first notebook as slides: one
    horizontal slide per ``slide`` cell, the code of figure and widget cells hidden
    (notebooks/rise.css), the rest of the code visible."""
    import nbformat

    notebook = NOTEBOOKS[0]
    stored = notebook.read_bytes()  # the preview saves the notebook first: it must not change
    relpath = notebook.resolve().relative_to(server_root_dir()).as_posix()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)
    page = context.new_page()
    nb = NotebookPage(page, lab_server, relpath)
    try:
        nb.open()
        nb.run_command("application:toggle-left-area", "Show Left Sidebar")
        nb.run_command("RISE:preview", "Render as Reveal Slideshow")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('iframe'))"
            ".some((f) => f.src.includes('/rise/'))"
        )
        deadline = time.monotonic() + 60
        while not any("/rise/" in f.url for f in page.frames):
            assert time.monotonic() < deadline, [f.url for f in page.frames]
            page.wait_for_timeout(200)
        frame = next(f for f in page.frames if "/rise/" in f.url)
        frame.wait_for_selector(".reveal.ready .slides > section")
        cells = nbformat.read(notebook, as_version=4).cells
        slides = sum(c.metadata.get("slideshow", {}).get("slide_type") == "slide" for c in cells)
        horizontal = frame.evaluate(
            "() => document.querySelectorAll('.reveal .slides > section').length"
        )
        assert horizontal == slides, (
            f"{horizontal} slides in the slideshow, {slides} in the notebook"
        )
        title = frame.locator(".reveal section.present h1").first.inner_text()
        assert title.startswith(notebook.stem[:2]), title
        code_cells = frame.evaluate(JS_RISE_CODE_CELLS)
        pictures = [c for c in code_cells if c["picture"]]
        assert pictures, "no figure or widget in the slideshow (outputs not rendered?)"
        shown = [c["code"] for c in pictures if c["codeShown"]]
        assert not shown, f"code of figure/widget cells visible on the slides: {shown}"
        assert any(c["codeShown"] for c in code_cells if not c["picture"]), (
            "every code cell is hidden, not only the figure and widget cells"
        )
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"rise-{notebook.stem}-title.png"))
        # Step to the first slide that shows a picture and photograph it.
        for _ in range(horizontal * 3):
            frame.locator("body").press("ArrowRight")
            page.wait_for_timeout(200)
            if frame.evaluate(
                "() => !!document.querySelector('.reveal section.present img, "
                ".reveal section.present .jupyter-widgets')"
            ):
                break
        page.screenshot(path=str(SCREENSHOTS / f"rise-{notebook.stem}-figure.png"))
    except Exception:
        _dump(nb, lab_server, notebook)
        raise
    finally:
        context.close()
        try:
            lab_server.shutdown_sessions(relpath)
        except OSError as exc:
            print(f"could not shut down the kernel of {relpath}: {exc}")
        if notebook.read_bytes() != stored:
            notebook.write_bytes(stored)
            pytest.fail(f"Render as slides rewrote {notebook.name} (restored)")
