"""Shared test fixtures."""

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ that natokit reads instead of the shipped one (NATOKIT_DATA)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("NATOKIT_DATA", str(target))
    return target


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
