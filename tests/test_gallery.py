"""The explorer gallery (``make gallery``: gallery/explorers.ipynb served by Voila).

* The gallery lists every explorer of the kit: each ``Explorer`` subclass defined in a
  ``natokit.explore*`` module is one ``"module:Class"`` line of its ``GALLERY`` list, so a new
  explorer that is not added fails here.
* Voila serves it on 127.0.0.1 with no code visible; headless Chromium opens it and moves every
  control of every explorer, one at a time: each move must change the explorer's picture (or, for
  an explorer without a picture, its text). Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (  # noqa: E402
    EXPLORER,
    EXPLORER_CONTROLS,
    EXPLORER_IMAGES,
    JS_EXPLORER_CHANGED,
    JS_EXPLORER_VIEW,
    JS_IMG_DIGEST,
    _move_control,
    free_port,
)

REPO = Path(__file__).resolve().parents[1]
GALLERY = REPO / "gallery" / "explorers.ipynb"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# Voila starts a kernel and runs the page's cells before it answers.
LOAD_TIMEOUT = float(os.environ.get("NATOKIT_GALLERY_TIMEOUT", "240"))


def gallery_entries() -> list[str]:
    """The ``GALLERY`` list of the gallery notebook, read without running it."""
    for cell in nbformat.read(GALLERY, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "GALLERY":
                return list(ast.literal_eval(node.value))
    raise AssertionError("gallery/explorers.ipynb defines no GALLERY list")


def kit_explorers() -> set[str]:
    """Every Explorer subclass defined in a natokit.explore* module, as ``module:Class``."""
    import natokit
    from natokit.explore import Explorer

    found = set()
    for info in pkgutil.iter_modules(natokit.__path__):
        if not info.name.startswith("explore"):
            continue
        module = importlib.import_module(f"natokit.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, Explorer)
                and obj is not Explorer
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.add(f"{module.__name__}:{name}")
    return found


def importable(entries: list[str]) -> list[str]:
    ok = []
    for spec in entries:
        module, name = spec.split(":")
        try:
            getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        ok.append(spec)
    return ok


def test_gallery_shows_every_explorer_of_the_kit():
    entries = gallery_entries()
    assert len(entries) == len(set(entries)), "an explorer is listed twice"
    missing = kit_explorers() - set(entries)
    assert not missing, f"explorers missing from gallery/explorers.ipynb's GALLERY: {missing}"
    assert len(importable(entries)) >= 6


def test_gallery_is_outside_the_course_notebooks():
    # nbval and the notebook rules cover notebooks/; the gallery runs only under Voila.
    assert GALLERY.parent.name == "gallery" and not (REPO / "notebooks" / GALLERY.name).exists()
    nb = nbformat.read(GALLERY, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.fixture(scope="module")
def voila(browser_ready):
    """Voila serving the gallery on a free 127.0.0.1 port (as `make gallery` does)."""
    exe = Path(sys.executable).parent / "voila"
    if not exe.exists():
        pytest.skip("voila is not installed: `make install` installs it")
    work = Path(tempfile.mkdtemp(prefix="natokit-voila-"))
    env = dict(os.environ)
    for name in ("config", "data", "runtime", "ipython", "mpl"):
        (work / name).mkdir()
    env.update(
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
        IPYTHONDIR=str(work / "ipython"),
        MPLCONFIGDIR=str(work / "mpl"),
        PYTHONUNBUFFERED="1",
        JUPYTER_PATH=str(REPO / "gallery" / "share"),  # the kit's Voila template, as make does
    )
    port = free_port()
    token = secrets.token_hex(8)
    log = open(work / "voila.log", "wb")
    proc = subprocess.Popen(
        [
            str(exe),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--theme=light",
            "--template=natokit",
            f"--Voila.base_url=/{token}/",
            str(GALLERY),
        ],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    url = f"http://127.0.0.1:{port}/{token}/"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"voila exited:\n{(work / 'voila.log').read_text()[-3000:]}")
            try:  # the port answers once the server is up (the page itself runs the notebook)
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("voila did not answer within 60 s")
                time.sleep(0.3)
        yield {"url": url, "log": work / "voila.log"}
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        try:
            os.killpg(proc.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(work, ignore_errors=True)


def _move_each_control(explorer, timeout: float = 15.0) -> list[str]:
    """Move every control of one explorer in turn; return the moves that changed nothing."""
    page = explorer.page
    handle = explorer.element_handle()
    failures, moved = [], []
    for selector, kind in EXPLORER_CONTROLS:
        controls = explorer.locator(selector)
        # Toggle and radio buttons are one control per group: move the group once.
        count = 1 if kind in ("toggle buttons", "radio buttons") else controls.count()
        for i in range(min(count, controls.count())):
            before = handle.evaluate(JS_EXPLORER_VIEW)
            digests = [
                page.evaluate(JS_IMG_DIGEST, img)
                for img in explorer.locator(EXPLORER_IMAGES).element_handles()
            ]
            action = _move_control(controls.nth(i), kind)
            if action is None:
                moved.append(f"{kind} #{i + 1}: cannot be moved (disabled or a single option)")
                continue
            try:
                page.wait_for_function(
                    JS_EXPLORER_CHANGED, arg=[handle, before], timeout=timeout * 1000, polling=100
                )
            except Exception:  # playwright TimeoutError
                failures.append(f"{action}: nothing changed within {timeout:.0f} s")
                continue
            moved.append(action)
            if before["images"]:
                page.wait_for_timeout(200)
                after = [
                    page.evaluate(JS_IMG_DIGEST, img)
                    for img in explorer.locator(EXPLORER_IMAGES).element_handles()
                ]
                if after == digests:
                    failures.append(f"{action}: a new image with the same picture")
    print(f"moved {len(moved)} control(s): {moved}")
    return failures


@pytest.mark.browser
@pytest.mark.slow
def test_every_control_of_every_explorer_moves_its_picture(voila, browser_page):
    page = browser_page
    web: list[str] = []
    page.on("request", lambda r: web.append(r.url) if "//127.0.0.1:" not in r.url else None)
    page.set_default_timeout(LOAD_TIMEOUT * 1000)
    expected = importable(gallery_entries())
    page.goto(voila["url"], timeout=LOAD_TIMEOUT * 1000)
    page.wait_for_function(
        f"(n) => document.querySelectorAll('{EXPLORER}').length >= n",
        arg=len(expected),
        timeout=LOAD_TIMEOUT * 1000,
    )
    page.set_default_timeout(30_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "gallery.png"))
    # No code on the page: Voila shows outputs only.
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
    explorers = page.locator(EXPLORER)
    assert explorers.count() == len(expected), (explorers.count(), expected)
    problems = []
    for i, spec in enumerate(expected):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        controls = sum(explorer.locator(sel).count() for sel, _ in EXPLORER_CONTROLS)
        if not controls:
            problems.append(f"{spec}: no control")
            continue
        problems += [f"{spec}: {f}" for f in _move_each_control(explorer)]
        explorer.screenshot(path=str(SCREENSHOTS / f"gallery-{spec.split(':')[1]}.png"))
    errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
    assert not errors, f"{errors} error output(s) on the gallery page"
    assert not problems, "\n".join(problems)
    assert not [u for u in web if u.startswith(("http:", "https:"))], f"loads from the web: {web}"


JS_FIRST_PICTURE_WIDTH = f"""() => {{
  const img = document.querySelector('{EXPLORER} ' + {EXPLORER_IMAGES!r}.split(',')[0]);
  return img && img.complete ? img.naturalWidth : 0;
}}"""


@pytest.mark.browser
@pytest.mark.slow
def test_projector_address_draws_the_explorers_larger(voila, browser):
    """``?projector`` in the address switches presentation mode on: larger pictures."""
    widths = {}
    for query in ("", "?projector"):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            page.goto(voila["url"] + query, timeout=LOAD_TIMEOUT * 1000)
            page.wait_for_function(JS_FIRST_PICTURE_WIDTH, timeout=LOAD_TIMEOUT * 1000)
            widths[query] = page.evaluate(JS_FIRST_PICTURE_WIDTH)
            if query:
                page.screenshot(path=str(SCREENSHOTS / "gallery-projector.png"))
        finally:
            context.close()
    assert widths["?projector"] > widths[""] > 0, widths
