"""Shared test fixtures."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that natokit reads instead of the shipped one (NATOKIT_DATA)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("NATOKIT_DATA", str(target))
    return target


# ---- headless Chromium, shared by the browser tests (JupyterLab, decks, book, gallery) ----------


@pytest.fixture
def texts_drawn(monkeypatch):
    """Watch an explorer draw texts: ``texts_drawn(explorer)`` returns a list that grows by the
    text of each name matplotlib draws (an annotation, e.g. a place name with its halo) and
    of each title the map composes from glyphs. Empty after a step: nothing was drawn anew."""
    from matplotlib.text import Annotation

    from natokit import frames

    def watch(explorer) -> list:
        drawn = []
        draw = Annotation.draw
        monkeypatch.setattr(
            Annotation, "draw", lambda self, r: (drawn.append(self.get_text()), draw(self, r))[1]
        )
        compose = frames._plain_text_sprite

        def composing(artist, renderer):
            if artist is explorer.view.title_artist:
                drawn.append(artist.get_text())
            return compose(artist, renderer)

        monkeypatch.setattr(frames, "_plain_text_sprite", composing)
        return drawn

    return watch


@pytest.fixture(scope="session")
def browser_ready() -> None:
    """Skip the browser tests cleanly when playwright or Chromium is missing."""
    from browser_support import browser_skip_reason

    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(browser_ready):
    """Yield a headless Chromium (the system's build: Playwright downloads nothing)."""
    from browser_support import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page (own context, 1280x800, 30 s default timeout), closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# ---- CI: a skipped test fails the run (appended by H5, packaging + CI) ------------------------
# When the CI environment variable is set (.ci/run sets CI=1), every collected test must run: a
# skip would hide a missing browser, file or tool. Skips are listed and the exit status becomes 1.
_skips_in_this_run: list[str] = []


def _skip_line(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return f"{report.nodeid or report.fspath}: {reason}"


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skips_in_this_run.append(_skip_line(report))


def pytest_collectreport(report):
    if report.skipped:
        _skips_in_this_run.append(_skip_line(report))


def _in_ci() -> bool:
    import os

    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_sessionfinish(session, exitstatus):
    if _in_ci() and _skips_in_this_run and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _in_ci() and _skips_in_this_run:
        terminalreporter.section("skipped in CI: each one fails the run", red=True)
        for line in _skips_in_this_run:
            terminalreporter.line(line)
